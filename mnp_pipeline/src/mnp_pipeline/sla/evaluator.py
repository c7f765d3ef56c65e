"""Slappy, the SLA Performance Evaluator, against the database.

Incremental (the seed's diagram): claim the un-evaluated outages, find the circuit
periods they (and maintenance changed since the last run) touch, measure each of those
periods again from all of its evidence, upsert its SlaPerformanceMeasurement, and mark
the outages evaluated, all in one transaction.

Full recompute: measure every period of every circuit with an SLA that starts in the
selected days, from scratch.

Both measure a period the same way, from the same evidence: the outages and announced
windows that touch the period widened by its code class's ``lookback``/``lookahead``
(never more, never less), so incremental evaluation and a full recompute agree to the
second; re-measuring a whole period rather than adding an outage's minutes to it is
what makes that true when outages overlap, merge, flap or exceed a cap.

A period that no outage touches has no measurement row: it was simply available.
Open outages are measured up to ``now`` (capped at the period's end), make the
measurement provisional, and stay un-evaluated until they close.
"""

from __future__ import annotations

import re
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased, sessionmaker

from ..storage.models import (
    Circuit,
    CircuitOutageEvent,
    Maintenance,
    MaintForecastEventRow,
    Notification,
    Sla,
    SlaEvaluationRun,
    SlaPerformanceMeasurement,
    utcnow,
)
from ..storage.types import UtcDateTime
from .codeclasses import (
    CircuitEvidence,
    MaintenanceWindow,
    OutageRecord,
    PeriodCase,
    PeriodMeasurement,
    SlaAlgorithm,
    load_code_class,
)
from .documents import SlaTerms, terms_of
from .periods import Period, period_containing, periods_overlapping, periods_starting_between

CHUNK = 2000  # circuit ids per IN list: well under every driver's parameter limit


@dataclass
class EvaluationReport:
    mode: str
    outages: int = 0  # outages marked evaluated
    open_outages: int = 0
    circuits: int = 0
    written: int = 0  # measurements inserted or updated
    removed: int = 0  # measurements of periods no outage touches any more
    skipped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
        return (
            f"{self.mode}: {self.outages} outage(s) evaluated, {self.open_outages} still open, "
            f"{self.circuits} circuit(s), {self.written} measurement(s) written, {self.removed} removed"
            + (f"; skipped: {skipped}" if skipped else "")
            + f" ({self.seconds:.2f} s)"
        )


@dataclass(frozen=True)
class PeriodSelector:
    """Which periods a full recompute covers: those starting in [first_day, last_day] in
    each SLA's zone, or the one containing ``first_day`` (``containing``)."""

    first_day: date
    last_day: date
    containing: bool = False

    @classmethod
    def parse(cls, text: str) -> PeriodSelector:
        """``2030`` / ``2030-Q1`` / ``2030-01``: periods starting then; ``2030-01-15``: the
        period containing that day."""
        text = text.strip()
        if m := re.fullmatch(r"(\d{4})", text):
            year = int(m[1])
            return cls(date(year, 1, 1), date(year, 12, 31))
        if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
            year, quarter = int(m[1]), int(m[2])
            first = date(year, 3 * quarter - 2, 1)
            last = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
            return cls(first, last)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(m[1]), int(m[2])
            first = date(year, month, 1)
            last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
            return cls(first, last)
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"expected a period as 2030, 2030-Q1, 2030-01 or 2030-01-15, found {text!r}") from None
        return cls(day, day, containing=True)

    def periods(self, terms: SlaTerms, epoch: datetime | None) -> list[Period]:
        if self.containing:
            noon = datetime(self.first_day.year, self.first_day.month, self.first_day.day, 12, tzinfo=terms.zone)
            return [period_containing(terms.interval_duration, terms.zone, noon, epoch)]
        return periods_starting_between(terms.interval_duration, terms.zone, self.first_day, self.last_day, epoch)


@dataclass
class _CircuitInfo:
    circuit_id: uuid.UUID
    sla_id: uuid.UUID | None
    epoch: datetime | None
    group_id: uuid.UUID | None


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _widen(spans: dict[uuid.UUID, tuple[datetime, datetime]], key: uuid.UUID, lo: datetime, hi: datetime) -> None:
    old = spans.get(key)
    spans[key] = (min(old[0], lo), max(old[1], hi)) if old else (lo, hi)


class SlaEvaluator:
    def __init__(self, sessions: sessionmaker[Session], *, now: datetime | None = None) -> None:
        self.sessions = sessions
        self.now = (now or utcnow()).astimezone(UTC)
        self._algorithms: dict[uuid.UUID, SlaAlgorithm] = {}

    # -- the two ways in -------------------------------------------------------------

    def evaluate(self) -> EvaluationReport:
        """Incremental evaluation (the seed's sequence diagram)."""
        report = EvaluationReport("incremental")
        started = time.perf_counter()
        with self.sessions() as session, session.begin():
            run = SlaEvaluationRun(mode="incremental", started_at=utcnow(), as_of=self.now)
            since = session.scalar(
                select(func.max(SlaEvaluationRun.started_at)).where(
                    SlaEvaluationRun.mode == "incremental", SlaEvaluationRun.finished_at.is_not(None)
                )
            )
            touched: dict[uuid.UUID, tuple[datetime, datetime]] = {}
            # Claim the closed outages in the same statement that selects them, so an
            # outage the detector adds meanwhile waits for the next run instead of being
            # marked without being measured.
            claimed = session.execute(
                update(CircuitOutageEvent)
                .where(CircuitOutageEvent.evaluated.is_(False), CircuitOutageEvent.end_outage.is_not(None))
                .values(evaluated=True)
                .returning(CircuitOutageEvent.internal_circuit_id, CircuitOutageEvent.begin_outage,
                           CircuitOutageEvent.end_outage)
            ).all()
            for circuit_id, begin, end in claimed:
                _widen(touched, circuit_id, begin or end, end)
            report.outages = len(claimed)
            for circuit_id, begin, count in session.execute(
                select(CircuitOutageEvent.internal_circuit_id, func.min(CircuitOutageEvent.begin_outage), func.count())
                .where(CircuitOutageEvent.evaluated.is_(False), CircuitOutageEvent.end_outage.is_(None))
                .group_by(CircuitOutageEvent.internal_circuit_id)
            ):
                _widen(touched, circuit_id, begin or self.now, self.now)
                report.open_outages += count
            if since is not None:
                # Maintenance announced, moved or cancelled since the last run changes what
                # is excused in the periods its windows (old and new) touch.
                for circuit_id, lo, hi in session.execute(
                    select(
                        MaintForecastEventRow.internal_circuit_id,
                        func.min(MaintForecastEventRow.begin_window),
                        func.max(MaintForecastEventRow.end_window),
                    )
                    .join(Maintenance, Maintenance.maintenance_pk == MaintForecastEventRow.maintenance_pk)
                    .where(Maintenance.updated_at >= since, MaintForecastEventRow.internal_circuit_id.is_not(None))
                    .group_by(MaintForecastEventRow.internal_circuit_id)
                ):
                    _widen(touched, circuit_id, lo, hi)
            circuits = self._circuits(session, touched)
            self._spread_over_groups(session, touched, circuits)
            targets: dict[uuid.UUID, set[Period]] = {}
            for circuit_id, (lo, hi) in touched.items():
                info = circuits.get(circuit_id)
                algorithm = self._algorithm_for(session, info, report)
                if algorithm is None:
                    continue
                terms = algorithm.terms
                try:
                    periods = periods_overlapping(
                        terms.interval_duration, terms.zone, lo - algorithm.lookahead(), hi + algorithm.lookback(),
                        info.epoch,
                    )
                except ValueError:
                    report.skipped["without turn-up"] = report.skipped.get("without turn-up", 0) + 1
                    continue
                targets[circuit_id] = {p for p in periods if p.start <= self.now}
            self._measure(session, targets, circuits, report)
            run.outages, run.measurements, run.finished_at = report.outages, report.written, utcnow()
            session.add(run)
        report.seconds = time.perf_counter() - started
        return report

    def recompute(self, selector: PeriodSelector) -> EvaluationReport:
        """Full recompute of the selected periods of every circuit with an SLA."""
        report = EvaluationReport("full")
        started = time.perf_counter()
        with self.sessions() as session, session.begin():
            run = SlaEvaluationRun(mode="full", started_at=utcnow(), as_of=self.now)
            circuits = {
                row.circuit_id: row
                for row in (
                    _CircuitInfo(*r)
                    for r in session.execute(
                        select(Circuit.internal_circuit_id, Circuit.sla_id, Circuit.sla_epoch,
                               Circuit.protection_group_id).where(Circuit.sla_id.is_not(None))
                    )
                )
            }
            self._add_group_members(session, circuits)
            targets: dict[uuid.UUID, set[Period]] = {}
            for circuit_id, info in circuits.items():
                algorithm = self._algorithm_for(session, info, report)
                if algorithm is None:
                    continue
                try:
                    periods = selector.periods(algorithm.terms, info.epoch)
                except ValueError:
                    report.skipped["without turn-up"] = report.skipped.get("without turn-up", 0) + 1
                    continue
                targets[circuit_id] = {p for p in periods if p.start <= self.now}
            self._measure(session, targets, circuits, report)
            run.measurements, run.finished_at = report.written, utcnow()
            session.add(run)
        report.seconds = time.perf_counter() - started
        return report

    # -- what to measure -------------------------------------------------------------

    def _circuits(self, session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, _CircuitInfo]:
        found: dict[uuid.UUID, _CircuitInfo] = {}
        for chunk in _chunks(list(ids)):
            for row in session.execute(
                select(Circuit.internal_circuit_id, Circuit.sla_id, Circuit.sla_epoch, Circuit.protection_group_id)
                .where(Circuit.internal_circuit_id.in_(chunk))
            ):
                found[row[0]] = _CircuitInfo(*row)
        self._add_group_members(session, found)
        return found

    def _add_group_members(self, session: Session, circuits: dict[uuid.UUID, _CircuitInfo]) -> None:
        groups = sorted({c.group_id for c in circuits.values() if c.group_id is not None})
        for chunk in _chunks(groups):
            for row in session.execute(
                select(Circuit.internal_circuit_id, Circuit.sla_id, Circuit.sla_epoch, Circuit.protection_group_id)
                .where(Circuit.protection_group_id.in_(chunk))
            ):
                circuits.setdefault(row[0], _CircuitInfo(*row))

    def _spread_over_groups(
        self, session: Session, touched: dict[uuid.UUID, tuple[datetime, datetime]], circuits: dict[uuid.UUID, _CircuitInfo]
    ) -> None:
        """An outage of one leg touches every member's periods: where the group is the
        service, each member's downtime depends on the others'."""
        by_group: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        for info in circuits.values():
            if info.group_id is not None:
                by_group[info.group_id].append(info.circuit_id)
        for members in by_group.values():
            spans = [touched[m] for m in members if m in touched]
            if spans:
                lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
                for member in members:
                    _widen(touched, member, lo, hi)

    def _algorithm_for(self, session: Session, info: _CircuitInfo | None, report: EvaluationReport) -> SlaAlgorithm | None:
        if info is None or info.sla_id is None:
            report.skipped["without SLA"] = report.skipped.get("without SLA", 0) + 1
            return None
        if info.sla_id not in self._algorithms:
            sla = session.get(Sla, info.sla_id)
            terms = terms_of(sla)
            self._algorithms[info.sla_id] = load_code_class(terms.code_class)(terms)
        return self._algorithms[info.sla_id]

    # -- measuring -------------------------------------------------------------------

    def _measure(
        self,
        session: Session,
        targets: dict[uuid.UUID, set[Period]],
        circuits: dict[uuid.UUID, _CircuitInfo],
        report: EvaluationReport,
    ) -> None:
        targets = {c: ps for c, ps in targets.items() if ps}
        report.circuits = len(targets)
        if not targets:
            return
        legs: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        for info in circuits.values():
            if info.group_id is not None:
                legs[info.group_id].append(info.circuit_id)
        # The evidence each target circuit needs, and so do its group's other legs.
        windows: dict[uuid.UUID, tuple[datetime, datetime]] = {}
        for circuit_id, periods in targets.items():
            algorithm = self._algorithms[circuits[circuit_id].sla_id]
            lo = min(p.start for p in periods) - algorithm.lookback()
            hi = max(p.end for p in periods) + algorithm.lookahead()
            group = circuits[circuit_id].group_id
            for member in legs[group] if group is not None else [circuit_id]:
                _widen(windows, member, lo, hi)
        evidence = self._evidence(session, windows)
        rows: list[dict] = []
        empty: list[tuple[uuid.UUID, datetime]] = []
        evaluated_at = utcnow()
        for circuit_id, periods in targets.items():
            info = circuits[circuit_id]
            algorithm = self._algorithms[info.sla_id]
            others = [m for m in legs.get(info.group_id, []) if m != circuit_id] if info.group_id else []
            for period in sorted(periods):
                lo, hi = period.start - algorithm.lookback(), period.end + algorithm.lookahead()
                case = PeriodCase(
                    terms=algorithm.terms,
                    period=period,
                    epoch=info.epoch,
                    circuit=_within(evidence.get(circuit_id), lo, hi),
                    members=[_within(evidence.get(m), lo, hi) for m in others],
                    now=self.now,
                )
                measured = algorithm.measure(case)
                if measured is None:
                    empty.append((circuit_id, period.start))
                else:
                    rows.append(_row(circuit_id, info.sla_id, measured, evaluated_at))
        report.removed += self._delete(session, empty)
        self._upsert(session, rows)
        report.written += len(rows)

    def _evidence(self, session: Session, windows: dict[uuid.UUID, tuple[datetime, datetime]]) -> dict[uuid.UUID, CircuitEvidence]:
        """Outages and announced windows of each circuit touching its window, loaded a
        chunk of circuits at a time (one query each for outages and for maintenance)."""
        evidence: dict[uuid.UUID, CircuitEvidence] = defaultdict(CircuitEvidence)
        ordered = sorted(windows, key=lambda c: windows[c][0])  # neighbours in time share a chunk
        for chunk in _chunks(ordered):
            lo = min(windows[c][0] for c in chunk)
            hi = max(windows[c][1] for c in chunk)
            o = CircuitOutageEvent
            for circuit_id, begin, end, operator_caused, provisional in session.execute(
                select(o.internal_circuit_id, o.begin_outage, o.end_outage, o.operator_caused, o.provisional).where(
                    o.internal_circuit_id.in_(chunk),
                    o.begin_outage.is_not(None),
                    o.begin_outage < hi,
                    or_(o.end_outage.is_(None), o.end_outage > lo),
                )
            ):
                evidence[circuit_id].outages.append(OutageRecord(begin, end, operator_caused, provisional))
            for circuit_id, begin, end, status, announced in session.execute(_windows_query(chunk, lo, hi)):
                evidence[circuit_id].windows.append(MaintenanceWindow(begin, end, status, announced))
        return evidence

    def _delete(self, session: Session, keys: list[tuple[uuid.UUID, datetime]]) -> int:
        removed = 0
        m = SlaPerformanceMeasurement
        by_start: dict[datetime, list[uuid.UUID]] = defaultdict(list)
        for circuit_id, start in keys:
            by_start[start].append(circuit_id)
        for start, ids in by_start.items():
            for chunk in _chunks(ids):
                result = session.execute(
                    delete(m).where(m.period_start == start, m.internal_circuit_id.in_(chunk)),
                    execution_options={"synchronize_session": False},
                )
                removed += result.rowcount or 0
        return removed

    def _upsert(self, session: Session, rows: list[dict]) -> None:
        if not rows:
            return
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        table = SlaPerformanceMeasurement.__table__
        for chunk in _chunks(rows, 1000):
            statement = insert(table)
            statement = statement.on_conflict_do_update(
                index_elements=["internal_circuit_id", "period_start"],
                set_={name: statement.excluded[name] for name in chunk[0] if name not in ("measurement_id",)},
            )
            session.execute(statement, chunk)


def _within(evidence: CircuitEvidence | None, lo: datetime, hi: datetime) -> CircuitEvidence:
    """The evidence touching [lo, hi): what one period is measured from, whatever else
    was loaded beside it."""
    if evidence is None:
        return CircuitEvidence()
    return CircuitEvidence(
        outages=[o for o in evidence.outages if o.begin < hi and (o.end is None or o.end > lo)],
        windows=[w for w in evidence.windows if w.begin < hi and w.end > lo],
    )


def _windows_query(circuit_ids: list[uuid.UUID], lo: datetime, hi: datetime):
    """Current windows for these circuits touching [lo, hi), each with when it was first
    announced: the earliest stamp of a notice of the same maintenance and circuit whose
    window covered it (a later notice that only confirms or narrows the window does not
    restart the notice period; one that moves or widens it does). Computed in SQL."""
    event = MaintForecastEventRow
    earlier = aliased(MaintForecastEventRow)
    announced = (
        select(func.min(func.coalesce(earlier.stamp, Notification.received_at), type_=UtcDateTime()))
        .join(Notification, Notification.notification_id == earlier.notification_id)
        .where(
            earlier.maintenance_pk == event.maintenance_pk,
            earlier.internal_circuit_id == event.internal_circuit_id,
            earlier.begin_window <= event.begin_window,
            earlier.end_window >= event.end_window,
        )
        .scalar_subquery()
    )
    return select(event.internal_circuit_id, event.begin_window, event.end_window, event.status, announced).where(
        and_(
            event.current.is_(True),
            event.internal_circuit_id.in_(circuit_ids),
            event.begin_window < hi,
            event.end_window > lo,
        )
    )


def _row(circuit_id: uuid.UUID, sla_id: uuid.UUID, m: PeriodMeasurement, evaluated_at: datetime) -> dict:
    return {
        "measurement_id": uuid.uuid4(),
        "internal_circuit_id": circuit_id,
        "sla_id": sla_id,
        "period_start": m.period_start,
        "period_end": m.period_end,
        "measured_start": m.measured_start,
        "period_seconds": m.period_seconds,
        "denominator_seconds": m.denominator_seconds,
        "outage_seconds": m.outage_seconds,
        "excused_seconds": m.excused_seconds,
        "counted_seconds": m.counted_seconds,
        "availability_pct": m.availability_pct,
        "breached": m.breached,
        "credit_pct": m.credit_pct,
        "outage_count": m.outage_count,
        "longest_outage_seconds": m.longest_outage_seconds,
        "chronic": m.chronic,
        "provisional": m.provisional,
        "claim_deadline": m.claim_deadline,
        "details": m.details,
        "evaluated_at": evaluated_at,
    }
