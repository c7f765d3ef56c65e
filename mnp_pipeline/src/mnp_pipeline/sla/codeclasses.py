"""SLA algorithms: the seed's ``CodeClass``, plugins of the entry-point group ``mnp.sla``.

An SLA names its algorithm (``code_class: standard``); the evaluator loads the class
registered under that name and asks it to ``measure`` each period of each circuit from
the evidence (outages, maintenance windows) it is given. ``StandardSla`` reads every rule
from the SLA's terms; a contract too odd for parameters gets a subclass that overrides
one step (``excusable``, ``downtime``, ``credit`` ...) and registers it:

    [project.entry-points."mnp.sla"]
    odd-carrier = "my_package.sla:OddCarrierSla"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from importlib.metadata import entry_points

from . import counting, credits
from .counting import Span, seconds
from .documents import LegInMaintenance, ProtectionMode, SlaTerms
from .periods import Period, measured_span, notice_deadline

ENTRY_POINT_GROUP = "mnp.sla"
CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class OutageRecord:
    """One CircuitOutageEvent as the algorithm sees it; ``end`` None while still open."""

    begin: datetime
    end: datetime | None
    operator_caused: bool = False
    provisional: bool = False


@dataclass(frozen=True)
class MaintenanceWindow:
    """One current announced window for the circuit; ``announced_at`` is the stamp of the
    earliest notice that announced a window covering this one (None: unknown)."""

    begin: datetime
    end: datetime
    status: str
    announced_at: datetime | None


@dataclass
class CircuitEvidence:
    outages: list[OutageRecord] = field(default_factory=list)
    windows: list[MaintenanceWindow] = field(default_factory=list)


@dataclass
class PeriodCase:
    """Everything one period of one circuit is measured from."""

    terms: SlaTerms
    period: Period
    epoch: datetime | None
    circuit: CircuitEvidence
    # The other members of the circuit's protection group, when it has one.
    members: list[CircuitEvidence]
    now: datetime


@dataclass(frozen=True)
class PeriodMeasurement:
    """What a period came to: the breakdown kept in SlaPerformanceMeasurement."""

    period_start: datetime
    period_end: datetime
    measured_start: datetime
    period_seconds: int  # the period's length as the contract counts it
    denominator_seconds: int  # period_seconds, less excused time when the contract says so
    outage_seconds: int  # downtime inside the period, before maintenance is excused
    excused_seconds: int
    counted_seconds: int
    availability_pct: float
    breached: bool
    credit_pct: float
    outage_count: int
    longest_outage_seconds: int  # the longest counted stretch of one outage
    chronic: bool
    provisional: bool
    claim_deadline: datetime | None
    details: dict = field(default_factory=dict)


class SlaAlgorithm:
    """The base of SLA code classes: ``measure`` one period of one circuit."""

    name = "base"

    def __init__(self, terms: SlaTerms) -> None:
        self.terms = terms

    def lookback(self) -> timedelta:
        """How far before a period evidence still matters to it (outages merged across the
        boundary; the chronic flag's rolling window)."""
        chronic = self.terms.chronic.days if self.terms.chronic else 0
        return timedelta(days=chronic + 1)

    def lookahead(self) -> timedelta:
        """How far after a period evidence still matters to it (an outage crossing its end)."""
        return timedelta(days=1)

    def measure(self, case: PeriodCase) -> PeriodMeasurement | None:  # pragma: no cover - abstract
        raise NotImplementedError


class StandardSla(SlaAlgorithm):
    """Every rule a parameter of the SLA's terms; each step a method a subclass may override."""

    name = "standard"

    def __init__(self, terms: SlaTerms) -> None:
        super().__init__(terms)
        self._in_time: dict[MaintenanceWindow, bool] = {}

    # -- the steps -------------------------------------------------------------------

    def down(self, evidence: CircuitEvidence, now: int) -> list[Span]:
        """When the circuit was down: its outages (an open one up to now) less the time
        the operator took it down (an admin shutdown is not the carrier's)."""
        carrier = [(seconds(o.begin), seconds(o.end) if o.end else now) for o in evidence.outages if not o.operator_caused]
        operator = [(seconds(o.begin), seconds(o.end) if o.end else now) for o in evidence.outages if o.operator_caused]
        return counting.subtract(counting.union(carrier), counting.union(operator))

    def excusable(self, evidence: CircuitEvidence) -> list[Span]:
        """Announced windows that excuse downtime: not cancelled, announced in time."""
        return counting.union(
            (seconds(w.begin), seconds(w.end)) for w in evidence.windows if self.announced_in_time(w)
        )

    def announced_in_time(self, window: MaintenanceWindow) -> bool:
        # Asked again for each period the window's evidence reaches: remember the answer.
        known = self._in_time.get(window)
        if known is None:
            terms = self.terms.maintenance
            known = window.status.upper() != CANCELLED and window.announced_at is not None and (
                window.announced_at
                <= notice_deadline(window.begin, terms.notice_days, terms.notice_day_kind, self.terms.zone,
                                   terms.holidays)
            )
            self._in_time[window] = known
        return known

    def legs(self, case: PeriodCase) -> list[CircuitEvidence]:
        if self.terms.protection.mode is ProtectionMode.GROUP:
            return [case.circuit, *case.members]
        return [case.circuit]

    def downtime(self, downs: list[list[Span]]) -> list[Span]:
        """The service's downtime: while every leg is down at once, flaps dropped."""
        return counting.drop_shorter_than(counting.intersect_all(downs), self.terms.minimum_outage_seconds)

    def excused(self, downtime: list[Span], downs: list[list[Span]], excusable: list[list[Span]]) -> list[Span]:
        """Downtime inside announced windows (only inside: an overrun counts). With
        protection, a leg failing while another is in maintenance counts unless the
        contract says ``leg_in_maintenance: excused``."""
        per_leg = [counting.intersect(d, e) for d, e in zip(downs, excusable)]
        if len(per_leg) > 1 and self.terms.protection.leg_in_maintenance is LegInMaintenance.EXCUSED:
            return counting.intersect(downtime, counting.union(s for leg in per_leg for s in leg))
        return counting.intersect(downtime, counting.intersect_all(per_leg))

    def period_seconds(self, period: Period, lo: int, hi: int) -> int:
        whole = (lo, hi) == (seconds(period.start), seconds(period.end))
        if whole and self.terms.fixed_period_minutes is not None:
            return int(self.terms.fixed_period_minutes * 60)
        return hi - lo

    def credit(self, availability_pct, counted: int, longest: int) -> float:
        return credits.credit_pct(self.terms.credits, availability_pct, counted, longest)

    # -- the whole -------------------------------------------------------------------

    def measure(self, case: PeriodCase) -> PeriodMeasurement | None:
        """None when the period is not measured (before turn-up, a skipped first period)
        or no outage of the circuit (or of its group, when the group is the service)
        touches it: such a period is simply available."""
        span = measured_span(case.period, case.epoch, self.terms.first_period)
        if span is None:
            return None
        lo, hi = seconds(span[0]), seconds(span[1])
        now = seconds(case.now)
        legs = self.legs(case)
        touching = [
            o for leg in legs for o in leg.outages if seconds(o.begin) < hi and (o.end is None or seconds(o.end) > lo)
        ]
        if not touching:
            return None
        downs = [self.down(leg, now) for leg in legs]
        excusable = [self.excusable(leg) for leg in legs]
        downtime = self.downtime(downs)
        excused_all = self.excused(downtime, downs, excusable)
        in_period = counting.clip(downtime, lo, hi)
        excused, over_cap = counting.first_seconds(
            counting.clip(excused_all, lo, hi),
            None if self.terms.maintenance.cap_minutes_per_period is None
            else self.terms.maintenance.cap_minutes_per_period * 60,
        )
        counted = counting.subtract(in_period, excused)
        period_seconds = self.period_seconds(case.period, lo, hi)
        excused_seconds = counting.total(excused)
        counted_seconds = counting.total(counted)
        denominator = period_seconds if self.terms.maintenance.in_denominator else period_seconds - excused_seconds
        availability = credits.availability(denominator, counted_seconds)
        counted_per_incident = counting.pieces_of(in_period, counted)
        longest = max(counted_per_incident, default=0)
        # An outage wholly in announced maintenance is no sign of a chronic circuit.
        chronic_starts = (
            [b for b, e in downtime if counting.subtract([(b, e)], excused_all)] if self.terms.chronic else []
        )
        provisional = any(o.end is None or o.provisional for o in touching) or seconds(case.period.end) > now
        return PeriodMeasurement(
            period_start=case.period.start,
            period_end=case.period.end,
            measured_start=span[0],
            period_seconds=period_seconds,
            denominator_seconds=denominator,
            outage_seconds=counting.total(in_period),
            excused_seconds=excused_seconds,
            counted_seconds=counted_seconds,
            availability_pct=float(availability),
            breached=credits.breached(availability, self.terms.promised_uptime_pct),
            credit_pct=self.credit(availability, counted_seconds, longest),
            outage_count=len(in_period),
            longest_outage_seconds=longest,
            chronic=credits.is_chronic(chronic_starts, lo, hi, self.terms.chronic),
            provisional=provisional,
            claim_deadline=credits.claim_deadline(
                case.period.end, self.terms.credits, self.terms.zone, self.terms.maintenance
            ),
            details={"overCapSeconds": counting.total(over_cap), "legs": len(legs)},
        )


BUILT_IN: dict[str, type[SlaAlgorithm]] = {StandardSla.name: StandardSla}


@cache
def load_code_class(name: str) -> type[SlaAlgorithm]:
    """The SLA algorithm registered under ``name`` in ``mnp.sla`` (the built-in standard
    one also when the package's entry points are not installed)."""
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            loaded = ep.load()
            if not (isinstance(loaded, type) and issubclass(loaded, SlaAlgorithm)):
                raise LookupError(f"entry point {name!r} of {ENTRY_POINT_GROUP} is not an SlaAlgorithm subclass")
            return loaded
    if name in BUILT_IN:
        return BUILT_IN[name]
    known = sorted({ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)} | set(BUILT_IN))
    raise LookupError(f"no SLA code class {name!r} (entry points of {ENTRY_POINT_GROUP}: {', '.join(known)})")
