"""Outage assembly: a circuit's link events to its outages. Pure functions, no I/O.

The rules, in the order they apply:

1. **Streams.** Each (device, interface, layer) is a stream: one end of the circuit, its
   physical link or its line protocol. In a stream a DOWN opens an interval and the next
   UP closes it; a DOWN while already down and an UP while already up repeat what is
   known (the same message from a second collector, ``LINEPROTO`` after ``LINK``) and
   change nothing. Reports at one instant are a set: duplicates collapse, and a DOWN and
   an UP at the same instant are applied in the order that changes the state (down then
   up from up: a blip; up then down from down: no gap). So the result depends on the set
   of reports only, never on the order they were read in.
2. **Union.** A circuit is down while any of its streams is: the intervals of all
   streams (both ends, both layers, all collectors) are merged into their union, never
   summed. Intervals that touch, or whose gap is at most ``hold_down``, are one outage:
   a port that comes back must stay up ``hold_down`` before the outage is over.
3. **Open outages.** A DOWN with no UP yet leaves the outage open (``end_outage`` None):
   provisional until a later run reads its UP.
4. **UP without DOWN.** A stream whose first report is an UP was down before the logs
   begin. If that UP falls inside an outage, or within ``clock_tolerance`` of one (the
   other end's clock is a few seconds off), the outage explains it (and ends no earlier
   than it); otherwise it is an outage of its own with an unknown beginning.
5. **Operator-caused.** An outage that began with an administrative shutdown (an admin
   DOWN within ``clock_tolerance`` of its start) is kept and marked operator-caused.
6. **Minimum duration.** A closed outage shorter than ``min_duration`` is a flap, not an
   outage, and is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .events import LinkState

ZERO = timedelta(0)


@dataclass(frozen=True, slots=True, order=True)
class Transition:
    """One report that a stream changed state."""

    at: datetime
    state: LinkState
    admin: bool = False


@dataclass(frozen=True)
class FlapRules:
    min_duration: timedelta = ZERO
    hold_down: timedelta = ZERO
    clock_tolerance: timedelta = timedelta(seconds=5)

    def __post_init__(self) -> None:
        for name in ("min_duration", "hold_down", "clock_tolerance"):
            if getattr(self, name) < ZERO:
                raise ValueError(f"{name} must not be negative, found {getattr(self, name)}")


@dataclass(frozen=True, slots=True)
class Interval:
    """A stream was down from ``begin`` to ``end`` (None: still down)."""

    stream: str
    begin: datetime
    end: datetime | None
    admin: bool = False


@dataclass(frozen=True, slots=True)
class Outage:
    """A row of the CircuitOutageEvent table, before it is one."""

    begin_outage: datetime | None
    end_outage: datetime | None
    operator_caused: bool = False
    up_without_down: bool = False
    streams: tuple[str, ...] = ()

    @property
    def provisional(self) -> bool:
        return self.end_outage is None

    @property
    def duration(self) -> timedelta | None:
        if self.begin_outage is None or self.end_outage is None:
            return None
        return self.end_outage - self.begin_outage


def stream_intervals(stream: str, transitions: Iterable[Transition]) -> tuple[list[Interval], list[datetime]]:
    """One stream's down intervals, and the time of its first report if that is an UP
    (an UP without a DOWN)."""
    at_instant: dict[datetime, set[tuple[LinkState, bool]]] = {}
    for transition in transitions:
        at_instant.setdefault(transition.at, set()).add((transition.state, transition.admin))
    intervals: list[Interval] = []
    orphan_ups: list[datetime] = []
    down: bool | None = None  # None: nothing reported yet
    opened_at: datetime | None = None
    opened_admin = False
    for at in sorted(at_instant):
        reports = at_instant[at]
        downs = [admin for state, admin in reports if state is LinkState.DOWN]
        up = any(state is LinkState.UP for state, _admin in reports)
        if down:
            # A DOWN while down repeats what is known; an UP closes, and a DOWN at the
            # same instant opens again (touching intervals are merged into one later).
            if up:
                intervals.append(Interval(stream, opened_at, at, opened_admin))
                down = False
                if downs:
                    opened_at, opened_admin, down = at, any(downs), True
        else:
            if downs:
                opened_at, opened_admin = at, any(downs)
                if up:
                    intervals.append(Interval(stream, at, at, opened_admin))
                    down = False
                else:
                    down = True
            elif up:
                if down is None:
                    orphan_ups.append(at)
                down = False
    if down:
        intervals.append(Interval(stream, opened_at, None, opened_admin))
    return intervals, orphan_ups


@dataclass
class _Group:
    begin: datetime
    end: datetime | None
    members: list[Interval] = field(default_factory=list)
    orphan_streams: set[str] = field(default_factory=set)


def _later_end(a: datetime | None, b: datetime | None) -> datetime | None:
    """The later of two ends, None (still down) being later than any."""
    return None if a is None or b is None else max(a, b)


def _union(intervals: list[Interval], gap: timedelta) -> list[_Group]:
    groups: list[_Group] = []
    for interval in sorted(intervals, key=lambda i: i.begin):
        last = groups[-1] if groups else None
        if last is not None and (last.end is None or interval.begin - last.end <= gap):
            last.end = _later_end(last.end, interval.end)
            last.members.append(interval)
        else:
            groups.append(_Group(interval.begin, interval.end, [interval]))
    return groups


def _rejoin(groups: list[_Group], gap: timedelta) -> list[_Group]:
    """Merge groups that an UP without DOWN stretched into reach of the next one."""
    joined: list[_Group] = []
    for group in groups:
        last = joined[-1] if joined else None
        if last is not None and (last.end is None or group.begin - last.end <= gap):
            last.end = _later_end(last.end, group.end)
            last.members.extend(group.members)
            last.orphan_streams |= group.orphan_streams
        else:
            joined.append(group)
    return joined


def _explains(group: _Group, at: datetime, tolerance: timedelta) -> bool:
    return group.begin - tolerance <= at and (group.end is None or at <= group.end + tolerance)


def circuit_outages(streams: Mapping[str, Iterable[Transition]], rules: FlapRules = FlapRules()) -> list[Outage]:
    """Every outage of one circuit from the reports of all its streams, in time order."""
    intervals: list[Interval] = []
    orphans: list[tuple[datetime, str]] = []
    for stream, transitions in streams.items():
        found, orphan_ups = stream_intervals(stream, transitions)
        intervals.extend(found)
        orphans.extend((at, stream) for at in orphan_ups)
    groups = _union(intervals, rules.hold_down)

    unexplained: list[tuple[datetime, str]] = []
    for at, stream in sorted(orphans):
        group = next((g for g in groups if _explains(g, at, rules.clock_tolerance)), None)
        if group is None:
            unexplained.append((at, stream))
            continue
        group.orphan_streams.add(stream)
        if group.end is not None and at > group.end:
            group.end = at
    groups = _rejoin(groups, rules.hold_down)

    outages: list[Outage] = []
    for group in groups:
        if group.end is not None and group.end - group.begin < rules.min_duration:
            continue
        operator = any(m.admin and m.begin <= group.begin + rules.clock_tolerance for m in group.members)
        streams_seen = {m.stream for m in group.members} | group.orphan_streams
        outages.append(Outage(group.begin, group.end, operator, False, tuple(sorted(streams_seen))))

    # UPs that no outage explains: those within clock_tolerance of each other are one.
    cluster: list[tuple[datetime, str]] = []
    for at, stream in unexplained:
        if cluster and at - cluster[-1][0] > rules.clock_tolerance:
            outages.append(_orphan_outage(cluster))
            cluster = []
        cluster.append((at, stream))
    if cluster:
        outages.append(_orphan_outage(cluster))
    return sorted(outages, key=lambda o: (o.begin_outage or o.end_outage, o.end_outage is None))


def _orphan_outage(cluster: list[tuple[datetime, str]]) -> Outage:
    return Outage(None, cluster[-1][0], False, True, tuple(sorted({stream for _at, stream in cluster})))
