"""Response bodies of the REST API.

Maintenance events are the pydantic ``mnp_core.MaintForecastEvent`` itself, extended by
what the pipeline adds (which circuit of yours, which notice, still current): the parser's
JSON and the API's are one schema. The other resources get small models here. Every body
speaks the project's JSON dialect: camelCase keys, RFC 3339 UTC times (``...Z``).
"""

from __future__ import annotations

import uuid
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

import mnp_core
from mnp_core.models import UtcDatetime

T = TypeVar("T")


class _Schema(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class Page(_Schema, Generic[T]):
    """One page of a list. ``next`` is the path and query of the following page, null on
    the last one; ``total`` counts every item the filters select, on all pages."""

    total: int = Field(description="items the filters select, on all pages")
    limit: int
    offset: int
    next: str | None = Field(description="path and query of the next page; null on the last page")
    items: list[T]


class CircuitOut(_Schema):
    id: uuid.UUID = Field(description="the internal circuit id")
    name: str
    vendor: str = Field(description="the vendor's name (the provider name its parser gives)")
    vendor_circuit_id: str
    sla: str | None = Field(description="the SLA's name, null when none is assigned")
    sla_epoch: UtcDatetime | None = Field(description="turn-up: SLA periods may count from it")
    protection_group: str | None


class MaintenanceEvent(mnp_core.MaintForecastEvent):
    """A stored ``MaintForecastEvent`` (every field of the parser's model, unchanged) and
    what the pipeline knows of it."""

    event_id: uuid.UUID
    internal_circuit_id: uuid.UUID | None = Field(description="your circuit it matched; null when none matched")
    circuit: str | None = Field(description="the name of that circuit")
    current: bool = Field(description="false once a later notice superseded it")
    notification_id: uuid.UUID = Field(description="the notice it was read from")


class MaintenanceOut(_Schema):
    """One maintenance: every notice of one provider and maintenance id, as it stands now."""

    id: uuid.UUID
    provider: str
    maintenance_id: str
    status: mnp_core.Status
    sequence: int
    stamp: UtcDatetime | None = Field(description="when the carrier sent the notice in force")
    replaces_maintenance_id: str | None
    current_notification_id: uuid.UUID
    updated_at: UtcDatetime
    events: list[MaintenanceEvent] = Field(
        description="its windows per circuit (the current ones; superseded ones too with history=true), "
        "narrowed by the circuit and time filters"
    )


class NotificationOut(_Schema):
    """A received email and what became of it; the email itself is at ``.../raw``."""

    id: uuid.UUID
    source: str
    ticket_id: str
    sha256: str
    size: int = Field(description="bytes of the raw email")
    received_at: UtcDatetime
    state: str = Field(description="pending, done, failed, ignored, duplicate or needs-review")
    outcome: str | None = Field(description="the ticket's label: MaintParseSuccess, MaintParseException, ...")
    error_type: str | None
    error: str | None
    parser: str | None
    provider: str | None
    subject: str | None
    message_id: str | None
    stamp: UtcDatetime | None
    attempts: int
    processed_at: UtcDatetime | None
    duplicate_of: uuid.UUID | None
    labelled: bool


class ReprocessOut(_Schema):
    notification_id: uuid.UUID
    ticket_id: str
    state: str
    outcome: str
    comment: str
    events: int
    matched: int


class OutageOut(_Schema):
    id: uuid.UUID
    internal_circuit_id: uuid.UUID
    circuit: str
    begin_outage: UtcDatetime | None = Field(description="null when only the UP was seen")
    end_outage: UtcDatetime | None = Field(description="null while the outage is open")
    open: bool
    duration_seconds: int | None = Field(description="null while open or when the beginning is unknown")
    provisional: bool
    operator_caused: bool
    up_without_down: bool
    detected_at: UtcDatetime | None


class MeasurementOut(_Schema):
    """What one SLA period of one circuit came to."""

    id: uuid.UUID
    internal_circuit_id: uuid.UUID
    circuit: str
    vendor: str
    sla: str
    period_start: UtcDatetime
    period_end: UtcDatetime
    measured_start: UtcDatetime | None
    period_seconds: int
    outage_seconds: int
    excused_seconds: int
    counted_seconds: int
    availability_pct: float | None
    promised_pct: float
    breached: bool
    credit_pct: float
    claim_deadline: UtcDatetime | None
    outage_count: int
    longest_outage_seconds: int
    chronic: bool
    provisional: bool
    evaluated_at: UtcDatetime | None


ReportKind = Literal["sla", "credits", "vendors", "forecast-accuracy"]


class ReportOut(_Schema):
    """A report as ``mnp report KIND --format json`` gives it, with its columns."""

    kind: ReportKind
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]


class WebhookAccepted(_Schema):
    notification_id: uuid.UUID
    new: bool = Field(description="false when this ticket of this source was stored before")
    status: Literal["queued", "already-stored"]
