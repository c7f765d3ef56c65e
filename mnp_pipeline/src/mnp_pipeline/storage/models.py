"""The database: the seed's ERD plus what real use needs.

MaintForecastEvent rows carry a column for every field of the pydantic
``mnp_core.MaintForecastEvent`` under the same name, so a parsed event becomes a row with
``MaintForecastEventRow.from_model(event)`` and a row becomes the pydantic model again
with ``row.to_model()``: one schema, no hand-kept copy.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

import mnp_core

from .types import UtcDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime, uuid.UUID: Uuid, dict: JSON, list: JSON}


class Vendor(Base):
    """A carrier. ``name`` is the provider name its parser gives (``zayo``); ``aliases``
    are other names its notices carry (a BCOP calendar's X-MAINTNOTE-PROVIDER)."""

    __tablename__ = "vendor"
    vendor_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    aliases: Mapped[list] = mapped_column(default=list)


class Sla(Base):
    """A contract's SLA as software reads it (the seed's SlaPromises)."""

    __tablename__ = "sla"
    sla_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    code_class: Mapped[str] = mapped_column(String(200), default="standard")
    promised_uptime_pct: Mapped[float] = mapped_column(Float)
    interval_duration: Mapped[str] = mapped_column(String(60), default="calendarMonthFromFirst")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    parameters: Mapped[dict] = mapped_column(default=dict)
    # The document it was imported from (file name and digest): which transcription is in force.
    source: Mapped[str | None] = mapped_column(String(300))


class SlaVendorApplicability(Base):
    __tablename__ = "sla_vendor_applicability"
    sla_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sla.sla_id", ondelete="CASCADE"), primary_key=True)
    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendor.vendor_id", ondelete="CASCADE"), primary_key=True)


class ProtectionGroup(Base):
    """Circuits sold as one protected service: a ring, a diverse pair."""

    __tablename__ = "protection_group"
    protection_group_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="diverse-pair")


class Circuit(Base):
    __tablename__ = "circuit"
    __table_args__ = (UniqueConstraint("vendor_id", "match_key", name="uq_circuit_vendor_match_key"),)
    internal_circuit_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendor.vendor_id"))
    vendor_circuit_id: Mapped[str] = mapped_column(String(200))
    # The vendor circuit id folded for matching (case, white space, punctuation); kept in a
    # column so that matching is an index lookup.
    match_key: Mapped[str] = mapped_column(String(200), index=True)
    sla_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sla.sla_id"))
    sla_epoch: Mapped[datetime | None] = mapped_column(comment="turn-up: SLA periods may count from it")
    protection_group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("protection_group.protection_group_id"))
    vendor: Mapped[Vendor] = relationship()


class EquipmentPort(Base):
    """A device interface that carries a circuit (one end of it)."""

    __tablename__ = "equipment_port"
    __table_args__ = (UniqueConstraint("device", "interface", name="uq_port_device_interface"),)
    equipment_port_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    device: Mapped[str] = mapped_column(String(200))
    interface: Mapped[str] = mapped_column(String(200))
    internal_circuit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("circuit.internal_circuit_id"))


class NotificationState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    IGNORED = "ignored"
    DUPLICATE = "duplicate"
    NEEDS_REVIEW = "needs-review"  # parsed with low confidence; events stored TENTATIVE


class Notification(Base):
    """One received email, kept whole, with what became of it: the dead-letter queue too."""

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("source", "ticket_id", name="uq_notification_ticket"),
        # The work queue's claim is "the oldest pending": one index walk, not a sort.
        Index("ix_notification_queue", "state", "received_at"),
    )
    notification_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    source: Mapped[str] = mapped_column(String(40))
    ticket_id: Mapped[str] = mapped_column(String(200))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(20), default=NotificationState.PENDING)
    outcome: Mapped[str | None] = mapped_column(String(40))
    error: Mapped[str | None] = mapped_column(Text)
    error_type: Mapped[str | None] = mapped_column(String(60))
    parser: Mapped[str | None] = mapped_column(String(120))
    provider: Mapped[str | None] = mapped_column(String(120))
    subject: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(500))
    stamp: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    processed_at: Mapped[datetime | None]
    processed_by: Mapped[str | None] = mapped_column(String(120))
    duplicate_of: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notification.notification_id"))
    labelled: Mapped[bool] = mapped_column(Boolean, default=False)


class Maintenance(Base):
    """Every notice of one provider and maintenanceId, and where the work stands now."""

    __tablename__ = "maintenance"
    __table_args__ = (UniqueConstraint("provider", "maintenance_id", name="uq_maintenance"),)
    maintenance_pk: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    provider: Mapped[str] = mapped_column(String(120))
    maintenance_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    sequence: Mapped[int] = mapped_column(Integer, default=1)
    stamp: Mapped[datetime | None]
    current_notification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("notification.notification_id"))
    replaces_maintenance_id: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class MaintForecastEventRow(Base):
    """A row of the seed's MaintForecastEvent table: one window for one circuit, as one
    notice announced it. ``current`` is false once a later notice superseded it."""

    __tablename__ = "maint_forecast_event"
    __table_args__ = (
        Index("ix_event_window", "begin_window", "end_window"),
        Index("ix_event_maintenance_current", "maintenance_pk", "current"),
    )
    maint_forecast_event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    maintenance_pk: Mapped[uuid.UUID] = mapped_column(ForeignKey("maintenance.maintenance_pk"))
    notification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("notification.notification_id"), index=True)
    notification_helpdesk_ticket_id: Mapped[str] = mapped_column(String(200))
    internal_circuit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("circuit.internal_circuit_id"), index=True)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    superseded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notification.notification_id"))
    stamp: Mapped[datetime | None]
    # The pydantic MaintForecastEvent, field by field.
    object_type: Mapped[str] = mapped_column(String(40), default="maintForecastEvent")
    provider: Mapped[str] = mapped_column(String(120))
    maintenance_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    account: Mapped[str | None] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    sequence: Mapped[int] = mapped_column(Integer, default=1)
    uid: Mapped[str] = mapped_column(String(300), default="0")
    begin_window: Mapped[datetime]
    end_window: Mapped[datetime]
    impact_seconds: Mapped[int | None] = mapped_column(Integer)
    impact: Mapped[str | None] = mapped_column(String(30))
    parsed_vendor_circuit_id: Mapped[str | None] = mapped_column(String(300), index=True)
    location: Mapped[str | None] = mapped_column(Text)
    replaces_maintenance_id: Mapped[str | None] = mapped_column(String(200))
    # Set only by parsers that guess a notice's layout (the generic parser): how sure it
    # is, and the text it read; null for a carrier's own parser.
    confidence: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[str | None] = mapped_column(Text)

    @classmethod
    def from_model(cls, event: mnp_core.MaintForecastEvent, **extra) -> MaintForecastEventRow:
        return cls(**event.model_dump(mode="python"), **extra)

    def to_model(self) -> mnp_core.MaintForecastEvent:
        return mnp_core.MaintForecastEvent.model_validate(
            {name: getattr(self, name) for name in mnp_core.MaintForecastEvent.model_fields}
        )


class CircuitOutageEvent(Base):
    """A real outage of a circuit seen in device logs (filled by the outage detector)."""

    __tablename__ = "circuit_outage_event"
    circuit_outage_event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    internal_circuit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("circuit.internal_circuit_id"), index=True)
    begin_outage: Mapped[datetime | None]
    end_outage: Mapped[datetime | None]
    operator_caused: Mapped[bool] = mapped_column(Boolean, default=False)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    evaluated: Mapped[bool] = mapped_column(Boolean, default=False)
    # Outage detector: an UP seen with no DOWN before it (begin_outage unknown), which
    # ports reported the outage, and when the row last changed.
    up_without_down: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    source_details: Mapped[dict | None]
    detected_at: Mapped[datetime | None]


class SlaPerformanceMeasurement(Base):
    """What one SLA period of one circuit came to (filled by the SLA evaluator)."""

    __tablename__ = "sla_performance_measurement"
    __table_args__ = (UniqueConstraint("internal_circuit_id", "period_start", name="uq_measurement_period"),)
    measurement_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    internal_circuit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("circuit.internal_circuit_id"))
    sla_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sla.sla_id"))
    period_start: Mapped[datetime]
    period_end: Mapped[datetime]
    outage_seconds: Mapped[int] = mapped_column(Integer, default=0)
    excused_seconds: Mapped[int] = mapped_column(Integer, default=0)
    availability_pct: Mapped[float | None] = mapped_column(Float)
    breached: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[dict] = mapped_column(default=dict)
    # The SLA evaluator's breakdown (see mnp_pipeline.sla.codeclasses.PeriodMeasurement).
    measured_start: Mapped[datetime | None] = mapped_column(comment="after period_start for a partial first period")
    period_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    denominator_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    counted_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    outage_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    longest_outage_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    credit_pct: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    claim_deadline: Mapped[datetime | None]
    chronic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    provisional: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    evaluated_at: Mapped[datetime | None]


Index("ix_measurement_sla_period", SlaPerformanceMeasurement.sla_id, SlaPerformanceMeasurement.period_start)
# The evaluator's two questions of the outage table: which outages are new (a small
# partial index, however many old ones there are), and which outages of a circuit touch
# a period.
Index(
    "ix_outage_unevaluated",
    CircuitOutageEvent.internal_circuit_id,
    postgresql_where=CircuitOutageEvent.evaluated.is_(False),
    sqlite_where=CircuitOutageEvent.evaluated.is_(False),
)
Index("ix_outage_circuit_begin", CircuitOutageEvent.internal_circuit_id, CircuitOutageEvent.begin_outage)


class SlaEvaluationRun(Base):
    """One run of the SLA evaluator. An incremental run re-measures the periods of
    maintenance changed since the last run began, so it keeps when that was."""

    __tablename__ = "sla_evaluation_run"
    run_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    mode: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]
    as_of: Mapped[datetime]
    outages: Mapped[int] = mapped_column(Integer, default=0)
    measurements: Mapped[int] = mapped_column(Integer, default=0)


class LinkEventRow(Base):
    """One interface state change as a device log reported it (outage detector). The key
    is a hash of what was reported, so reading the same log again stores nothing new; a
    circuit's outages are recomputed from its rows."""

    __tablename__ = "link_event"
    __table_args__ = (Index("ix_link_event_port", "device", "interface"),)
    link_event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    device: Mapped[str] = mapped_column(String(200), comment="lower case, as the log names it")
    interface: Mapped[str] = mapped_column(String(200), comment="normalised: gigabitethernet0/1")
    layer: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(4))
    admin: Mapped[bool] = mapped_column(Boolean, default=False)
    occurred_at: Mapped[datetime]
    clock: Mapped[str] = mapped_column(String(16))
    log_format: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(500))
    raw: Mapped[str] = mapped_column(Text)
    read_at: Mapped[datetime] = mapped_column(default=utcnow)


class LogCursor(Base):
    """How far the outage detector has read one log source (a file by its first line, an
    Elasticsearch index by time), so each run reads only what is new."""

    __tablename__ = "log_cursor"
    source: Mapped[str] = mapped_column(String(500), primary_key=True)
    position: Mapped[dict] = mapped_column(default=dict)
    description: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ApiTokenScope(StrEnum):
    READ = "read"
    ADMIN = "admin"


class ApiToken(Base):
    """A bearer token of the operator service. Only the secret's sha256 is kept: the
    secret is shown once, when ``mnp token create`` makes it. The secrets are random
    256-bit strings, so a plain hash cannot be reversed by guessing, and looking a token
    up is one index probe on ``hash``."""

    __tablename__ = "api_token"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(120), index=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class WebhookDelivery(Base):
    """A webhook signature already accepted, kept until its timestamp is too old to be
    accepted anyway: a replayed delivery finds its signature here and is refused."""

    __tablename__ = "webhook_delivery"
    signature: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    notification_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notification.notification_id"))
