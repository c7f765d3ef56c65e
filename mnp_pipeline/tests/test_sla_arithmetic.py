"""The pure parts of SLA evaluation: interval arithmetic, periods in the SLA's zone,
notice deadlines, credits, the chronic flag."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mnp_pipeline.sla import counting, credits
from mnp_pipeline.sla.documents import ChronicTerms, CreditTerms, DayKind, FirstPeriod, IntervalDuration
from mnp_pipeline.sla.periods import (
    Period,
    measured_span,
    notice_deadline,
    period_containing,
    periods_overlapping,
    periods_starting_between,
)

BERLIN = ZoneInfo("Europe/Berlin")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_union_merges_overlapping_and_touching_spans():
    assert counting.union([(5, 9), (0, 2), (1, 3), (3, 4), (10, 10)]) == [(0, 4), (5, 9)]


def test_subtract_and_intersect():
    a = [(0, 10), (20, 30)]
    b = [(2, 4), (8, 22), (29, 40)]
    assert counting.subtract(a, b) == [(0, 2), (4, 8), (22, 29)]
    assert counting.intersect(a, b) == [(2, 4), (8, 10), (20, 22), (29, 30)]
    assert counting.intersect_all([a, b, [(0, 3)]]) == [(2, 3)]


def test_first_seconds_splits_at_the_cap():
    assert counting.first_seconds([(0, 40), (100, 150)], 60) == ([(0, 40), (100, 120)], [(120, 150)])
    assert counting.first_seconds([(0, 40)], None) == ([(0, 40)], [])


spans = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 60)).map(lambda t: (t[0], t[0] + t[1])), max_size=8)


@given(spans, spans)
def test_set_arithmetic_agrees_with_counting_seconds_one_by_one(a, b):
    in_a = {t for s in a for t in range(*s)}
    in_b = {t for s in b for t in range(*s)}
    ua, ub = counting.union(a), counting.union(b)
    assert counting.total(ua) == len(in_a)
    assert counting.total(counting.intersect(ua, ub)) == len(in_a & in_b)
    assert counting.total(counting.subtract(ua, ub)) == len(in_a - in_b)
    assert all(x[1] < y[0] for x, y in zip(ua, ua[1:]))  # disjoint, not touching, sorted


def test_calendar_month_in_the_slas_zone():
    period = period_containing(IntervalDuration.CALENDAR_MONTH_FROM_FIRST, BERLIN, utc(2030, 1, 31, 23, 30))
    assert period == Period(utc(2030, 1, 31, 23), utc(2030, 2, 28, 23))  # it is February 1st in Berlin


def test_dst_months_have_their_real_length():
    march = period_containing(IntervalDuration.CALENDAR_MONTH_FROM_FIRST, BERLIN, utc(2030, 3, 10))
    october = period_containing(IntervalDuration.CALENDAR_MONTH_FROM_FIRST, BERLIN, utc(2030, 10, 10))
    assert (march.seconds, october.seconds) == (743 * 3600, 745 * 3600)


def test_leap_february():
    assert period_containing(IntervalDuration.CALENDAR_MONTH_FROM_FIRST, UTC, utc(2028, 2, 29)).seconds == 29 * 86400
    assert period_containing(IntervalDuration.CALENDAR_MONTH_FROM_FIRST, UTC, utc(2030, 2, 28)).seconds == 28 * 86400


def test_turnup_on_the_31st_periods_start_on_the_last_day_of_shorter_months():
    periods = periods_overlapping(
        IntervalDuration.CALENDAR_MONTH_FROM_TURNUP_DAY, UTC, utc(2030, 1, 31), utc(2030, 6, 1), utc(2030, 1, 31, 9)
    )
    assert [p.start.date() for p in periods] == [
        date(2030, 1, 31), date(2030, 2, 28), date(2030, 3, 31), date(2030, 4, 30), date(2030, 5, 31)]
    leap = period_containing(IntervalDuration.CALENDAR_MONTH_FROM_TURNUP_DAY, UTC, utc(2028, 3, 1), utc(2027, 12, 30))
    assert (leap.start, leap.end) == (utc(2028, 2, 29), utc(2028, 3, 30))


def test_bankers_month_quarter_and_year():
    epoch = utc(2030, 1, 15, 12)
    first, second = periods_overlapping(IntervalDuration.BANKERS_MONTH, UTC, utc(2030, 1, 20), utc(2030, 2, 20), epoch)
    assert (first.start, first.end, second.end) == (utc(2030, 1, 15), utc(2030, 2, 14), utc(2030, 3, 16))
    assert period_containing(IntervalDuration.QUARTER, UTC, utc(2030, 5, 5)) == Period(utc(2030, 4, 1), utc(2030, 7, 1))
    assert period_containing(IntervalDuration.YEAR, UTC, utc(2030, 5, 5)).seconds == 365 * 86400
    with pytest.raises(ValueError, match="turn-up"):
        period_containing(IntervalDuration.BANKERS_MONTH, UTC, utc(2030, 5, 5))


def test_periods_starting_in_a_month():
    [january] = periods_starting_between(IntervalDuration.CALENDAR_MONTH_FROM_FIRST, BERLIN, date(2030, 1, 1),
                                         date(2030, 1, 31))
    assert january.start == utc(2029, 12, 31, 23)
    assert periods_starting_between(IntervalDuration.QUARTER, UTC, date(2030, 2, 1), date(2030, 2, 28)) == []


def test_partial_first_period_rules():
    january = Period(utc(2030, 1, 1), utc(2030, 2, 1))
    turnup = utc(2030, 1, 11)
    assert measured_span(january, turnup, FirstPeriod.WHOLE) == (january.start, january.end)
    assert measured_span(january, turnup, FirstPeriod.ENABLED) == (turnup, january.end)
    assert measured_span(january, turnup, FirstPeriod.NEXT_FULL) is None
    assert measured_span(january, utc(2030, 3, 1), FirstPeriod.WHOLE) is None  # before turn-up


def test_notice_deadline_in_business_days_steps_over_weekends_and_holidays():
    monday = datetime(2030, 1, 14, 2, tzinfo=BERLIN)
    assert notice_deadline(monday, 5, DayKind.BUSINESS, BERLIN) == datetime(2030, 1, 7, 2, tzinfo=BERLIN)
    assert notice_deadline(monday, 1, DayKind.BUSINESS, BERLIN) == datetime(2030, 1, 11, 2, tzinfo=BERLIN)
    assert notice_deadline(monday, 5, DayKind.BUSINESS, BERLIN, [date(2030, 1, 10)]) == datetime(
        2030, 1, 4, 2, tzinfo=BERLIN)
    # Calendar days keep the local time across a DST change: the deadline is 10 days and 1 h of real time before.
    april = datetime(2030, 4, 3, 2, tzinfo=BERLIN)
    assert notice_deadline(april, 10, DayKind.CALENDAR, BERLIN) == datetime(2030, 3, 24, 2, tzinfo=BERLIN)


def test_credits_capped_and_exact_at_target():
    assert credits.availability(2592000, 2592) == Fraction(999, 10)
    assert not credits.breached(Fraction(999, 10), 99.9)
    per_hour = CreditTerms.model_validate({"basis": "cumulative_outage", "per_started": {"minutes": 60, "credit_pct": 5}})
    assert credits.credit_pct(per_hour, Fraction(99), 30 * 3600, 0) == 100.0
    assert credits.credit_pct(per_hour, Fraction(99), 3601, 0) == 10.0


def test_chronic_needs_the_run_to_end_in_the_period():
    day = 86400
    terms = ChronicTerms(outages=3, days=30)
    starts = [0, 8 * day, 16 * day]
    assert credits.is_chronic(starts, 10 * day, 40 * day, terms)
    assert not credits.is_chronic(starts, 20 * day, 40 * day, terms)
    assert not credits.is_chronic([0, 8 * day, 31 * day], 30 * day, 40 * day, terms)
