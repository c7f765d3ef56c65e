"""Building SLA evaluation scenarios in a test database: a vendor, an SLA from its
terms, circuits, outages (as CircuitOutageEvent rows, as the outage detector would
write them) and announced maintenance (notification, maintenance and event rows, as
ingest would write them)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from mnp_pipeline.sla.documents import SlaTerms
from mnp_pipeline.sla.evaluator import PeriodSelector, SlaEvaluator
from mnp_pipeline.storage.models import (
    Circuit,
    CircuitOutageEvent,
    Maintenance,
    MaintForecastEventRow,
    Notification,
    ProtectionGroup,
    Sla,
    SlaPerformanceMeasurement,
    SlaVendorApplicability,
    Vendor,
)

NOW = datetime(2031, 1, 1, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


class Scenario:
    def __init__(self, db, **terms) -> None:
        self.db = db
        terms.setdefault("name", "test-sla")
        terms.setdefault("vendors", ["carrier"])
        terms.setdefault("promised_uptime_pct", 99.9)
        self.terms = SlaTerms.model_validate(terms)
        with db.sessions() as session, session.begin():
            vendor = session.scalars(select(Vendor).where(Vendor.name == "carrier")).first()
            if vendor is None:
                vendor = Vendor(name="carrier")
                session.add(vendor)
                session.flush()
            sla = Sla(
                name=self.terms.name,
                code_class=self.terms.code_class,
                promised_uptime_pct=self.terms.promised_uptime_pct,
                interval_duration=self.terms.interval_duration.value,
                timezone=self.terms.timezone,
                parameters=self.terms.model_dump(mode="json"),
            )
            session.add(sla)
            session.flush()
            session.add(SlaVendorApplicability(sla_id=sla.sla_id, vendor_id=vendor.vendor_id))
            self.vendor_id, self.sla_id = vendor.vendor_id, sla.sla_id
        self.circuits: dict[str, uuid.UUID] = {}
        self._tickets = 0

    def circuit(self, name: str, *, turnup: datetime | None = None, group: str | None = None) -> uuid.UUID:
        with self.db.sessions() as session, session.begin():
            group_id = None
            if group is not None:
                found = session.scalars(select(ProtectionGroup).where(ProtectionGroup.name == group)).first()
                if found is None:
                    found = ProtectionGroup(name=group, kind="ring")
                    session.add(found)
                    session.flush()
                group_id = found.protection_group_id
            circuit = Circuit(
                name=name, vendor_id=self.vendor_id, vendor_circuit_id=name, match_key=name,
                sla_id=self.sla_id, sla_epoch=turnup, protection_group_id=group_id,
            )
            session.add(circuit)
            session.flush()
            self.circuits[name] = circuit.internal_circuit_id
        return self.circuits[name]

    def outage(self, circuit: str, begin: datetime, end: datetime | None, **flags) -> None:
        with self.db.sessions() as session, session.begin():
            session.add(
                CircuitOutageEvent(internal_circuit_id=self.circuits[circuit], begin_outage=begin, end_outage=end, **flags)
            )

    def maintenance(
        self, circuit: str, begin: datetime, end: datetime, *, noticed: datetime, status: str = "CONFIRMED",
        maintenance_id: str | None = None,
    ) -> str:
        """A notice sent at ``noticed`` announcing [begin, end) for ``circuit``; a later
        call with the same ``maintenance_id`` supersedes it (as ingest would)."""
        self._tickets += 1
        maintenance_id = maintenance_id or f"M-{self._tickets}"
        with self.db.sessions() as session, session.begin():
            note = Notification(
                source="test", ticket_id=str(self._tickets), raw=b"x",
                sha256=hashlib.sha256(str(self._tickets).encode()).hexdigest(), stamp=noticed, state="done",
            )
            session.add(note)
            session.flush()
            found = session.scalars(
                select(Maintenance).where(Maintenance.provider == "carrier", Maintenance.maintenance_id == maintenance_id)
            ).first()
            if found is None:
                found = Maintenance(provider="carrier", maintenance_id=maintenance_id, status=status,
                                    current_notification_id=note.notification_id, stamp=noticed)
                session.add(found)
                session.flush()
            else:
                for row in session.scalars(
                    select(MaintForecastEventRow).where(MaintForecastEventRow.maintenance_pk == found.maintenance_pk)
                ):
                    row.current, row.superseded_by = False, note.notification_id
                found.status, found.current_notification_id, found.stamp = status, note.notification_id, noticed
                found.updated_at = datetime.now(UTC)
            session.add(
                MaintForecastEventRow(
                    maintenance_pk=found.maintenance_pk, notification_id=note.notification_id,
                    notification_helpdesk_ticket_id=note.ticket_id, internal_circuit_id=self.circuits[circuit],
                    stamp=noticed, provider="carrier", maintenance_id=maintenance_id, status=status,
                    begin_window=begin, end_window=end,
                )
            )
        return maintenance_id

    def evaluate(self, now: datetime = NOW):
        return SlaEvaluator(self.db.sessions, now=now).evaluate()

    def recompute(self, period: str, now: datetime = NOW):
        return SlaEvaluator(self.db.sessions, now=now).recompute(PeriodSelector.parse(period))

    def measurements(self, circuit: str | None = None) -> list[SlaPerformanceMeasurement]:
        with self.db.sessions() as session:
            query = select(SlaPerformanceMeasurement).order_by(
                SlaPerformanceMeasurement.internal_circuit_id, SlaPerformanceMeasurement.period_start
            )
            if circuit is not None:
                query = query.where(SlaPerformanceMeasurement.internal_circuit_id == self.circuits[circuit])
            return list(session.scalars(query))

    def measurement(self, circuit: str, period_start: datetime) -> SlaPerformanceMeasurement:
        found = [m for m in self.measurements(circuit) if m.period_start == period_start]
        assert len(found) == 1, f"expected one measurement of {circuit} from {period_start}, found {len(found)}"
        return found[0]
