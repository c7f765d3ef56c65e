"""SLA periods in the SLA's own time zone, and day counting for notices and claims.

Pure functions. A period is a half-open span of instants [start, end) whose bounds are
local midnights in the SLA's zone; its length is the real elapsed time between them, so a
month with a DST change is an hour shorter or longer (a contract that fixes the month's
length says so with ``fixed_period_minutes``, applied by the code class).

``calendarMonthFromTurnupDay`` and turn-up on the 29th-31st: a month without that day
starts its period on its last day (turn-up on the 31st: ... Jan 31, Feb 28 (29 in a leap
year), Mar 31, Apr 30, May 31 ...), so every period starts on the turn-up day where the
month has it and no month is skipped or doubled.

``bankersMonth``: 30-day periods from the turn-up day's local midnight.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from .documents import DayKind, FirstPeriod, IntervalDuration


@dataclass(frozen=True, order=True)
class Period:
    """One SLA period: [start, end) as aware UTC instants."""

    start: datetime
    end: datetime

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())

    def label(self, zone: tzinfo) -> str:
        local = self.start.astimezone(zone)
        return f"{local:%Y-%m-%d}"


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _month_day(year: int, month: int, day: int) -> date:
    """``day`` of that month, or its last day when the month is shorter (the 29th-31st rule)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _local_date(instant: datetime, zone: tzinfo) -> date:
    return instant.astimezone(zone).date()


def _needs_epoch(interval: IntervalDuration, epoch: datetime | None) -> datetime:
    if epoch is None:
        raise ValueError(f"{interval.value} periods count from the circuit's turn-up (sla_epoch), which is not set")
    return epoch


def period_containing(interval: IntervalDuration, zone: tzinfo, instant: datetime, epoch: datetime | None = None) -> Period:
    """The period of this SLA interval that holds ``instant``."""
    day = _local_date(instant, zone)
    if interval is IntervalDuration.CALENDAR_MONTH_FROM_FIRST:
        first = date(day.year, day.month, 1)
        y, m = _add_months(day.year, day.month, 1)
        return Period(_midnight(first, zone), _midnight(date(y, m, 1), zone))
    if interval is IntervalDuration.QUARTER:
        first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        y, m = _add_months(first.year, first.month, 3)
        return Period(_midnight(first, zone), _midnight(date(y, m, 1), zone))
    if interval is IntervalDuration.YEAR:
        return Period(_midnight(date(day.year, 1, 1), zone), _midnight(date(day.year + 1, 1, 1), zone))
    turnup = _local_date(_needs_epoch(interval, epoch), zone)
    if interval is IntervalDuration.CALENDAR_MONTH_FROM_TURNUP_DAY:
        start = _month_day(day.year, day.month, turnup.day)
        if day < start:
            y, m = _add_months(day.year, day.month, -1)
            start = _month_day(y, m, turnup.day)
        y, m = _add_months(start.year, start.month, 1)
        return Period(_midnight(start, zone), _midnight(_month_day(y, m, turnup.day), zone))
    if interval is IntervalDuration.BANKERS_MONTH:
        start = turnup + timedelta(days=(day - turnup).days // 30 * 30)
        return Period(_midnight(start, zone), _midnight(start + timedelta(days=30), zone))
    raise ValueError(f"unknown interval duration {interval!r}")


def periods_overlapping(
    interval: IntervalDuration, zone: tzinfo, lo: datetime, hi: datetime, epoch: datetime | None = None
) -> list[Period]:
    """Every period that shares an instant with [lo, hi] (both ends included, so an
    instant outage still finds its period)."""
    found = []
    period = period_containing(interval, zone, lo, epoch)
    while period.start <= hi:
        found.append(period)
        period = period_containing(interval, zone, period.end, epoch)
    return found


def periods_starting_between(
    interval: IntervalDuration, zone: tzinfo, first_day: date, last_day: date, epoch: datetime | None = None
) -> list[Period]:
    """Periods whose first local day lies in [first_day, last_day] (``--period 2030-01``)."""
    lo, hi = _midnight(first_day, zone), _midnight(last_day + timedelta(days=1), zone)
    return [p for p in periods_overlapping(interval, zone, lo, hi, epoch) if lo <= p.start < hi]


def measured_span(period: Period, epoch: datetime | None, rule: FirstPeriod) -> tuple[datetime, datetime] | None:
    """The part of ``period`` the SLA measures for a circuit turned up at ``epoch``;
    None when it measures none of it (before turn-up, or a partial first period under
    ``next_full``)."""
    if epoch is None or epoch <= period.start:
        return period.start, period.end
    if epoch >= period.end:
        return None
    if rule is FirstPeriod.WHOLE:
        return period.start, period.end
    if rule is FirstPeriod.ENABLED:
        return epoch, period.end
    return None


def _is_business_day(day: date, holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def shift_days(instant: datetime, days: int, kind: DayKind, zone: tzinfo, holidays: Iterable[date] = ()) -> datetime:
    """``instant`` moved by ``days`` calendar or business days (negative: back), keeping
    its local time of day in ``zone``. Moving by business days steps over weekends and
    ``holidays``: Monday 02:00 back one business day is the Friday before, 02:00."""
    local = instant.astimezone(zone)
    day = local.date()
    if kind is DayKind.CALENDAR:
        day += timedelta(days=days)
    else:
        off = frozenset(holidays)
        step = 1 if days >= 0 else -1
        for _ in range(abs(days)):
            day += timedelta(days=step)
            while not _is_business_day(day, off):
                day += timedelta(days=step)
    return datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=zone).astimezone(UTC)


def notice_deadline(begin: datetime, days: int, kind: DayKind, zone: tzinfo, holidays: Iterable[date] = ()) -> datetime:
    """The latest a notice may be sent for a window starting at ``begin`` to be in time:
    ``days`` calendar or business days before it, at the same local time."""
    return shift_days(begin, -days, kind, zone, holidays)
