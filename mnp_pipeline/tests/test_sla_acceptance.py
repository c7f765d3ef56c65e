"""The SLA evaluator's acceptance cases, each with its expected numbers, evaluated from
CircuitOutageEvent and maintenance rows in SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sla_scenarios import Scenario, utc
from sqlalchemy import select

from mnp_pipeline.storage.models import CircuitOutageEvent

JAN = utc(2030, 1, 1)
NOTICE = {"notice_days": 5}


def one(db, **terms) -> Scenario:
    scenario = Scenario(db, **terms)
    scenario.circuit("WAN-1")
    return scenario


def breakdown(m) -> tuple:
    return (m.outage_seconds, m.excused_seconds, m.counted_seconds)


def test_outage_wholly_inside_a_noticed_window_is_excused(db):
    s = one(db, maintenance=NOTICE)
    s.maintenance("WAN-1", utc(2030, 1, 10, 2), utc(2030, 1, 10, 6), noticed=utc(2030, 1, 1))
    s.outage("WAN-1", utc(2030, 1, 10, 3), utc(2030, 1, 10, 4))
    s.evaluate()
    m = s.measurement("WAN-1", JAN)
    assert breakdown(m) == (3600, 3600, 0)
    assert (m.availability_pct, m.breached, m.period_seconds) == (100.0, False, 31 * 86400)


def test_outage_0100_to_0500_over_a_0200_to_0400_window_counts_two_hours(db):
    s = one(db, maintenance=NOTICE)
    s.maintenance("WAN-1", utc(2030, 1, 10, 2), utc(2030, 1, 10, 4), noticed=utc(2030, 1, 1))
    s.outage("WAN-1", utc(2030, 1, 10, 1), utc(2030, 1, 10, 5))
    s.evaluate()
    assert breakdown(s.measurement("WAN-1", JAN)) == (4 * 3600, 2 * 3600, 2 * 3600)


def test_overrun_past_the_window_counts(db):
    s = one(db, maintenance=NOTICE)
    s.maintenance("WAN-1", utc(2030, 1, 10, 2), utc(2030, 1, 10, 4), noticed=utc(2030, 1, 1))
    s.outage("WAN-1", utc(2030, 1, 10, 3), utc(2030, 1, 10, 5, 30))
    s.evaluate()
    assert breakdown(s.measurement("WAN-1", JAN)) == (9000, 3600, 5400)


@pytest.mark.parametrize(
    ("noticed", "excused"),
    [
        (utc(2030, 1, 7, 1), 7200),  # Monday: five business days before Monday the 14th
        (utc(2030, 1, 8, 1), 0),  # Tuesday: one business day short (though six calendar days)
    ],
)
def test_notice_one_business_day_short_is_not_excused(db, noticed, excused):
    s = one(db, maintenance={"notice_days": 5, "notice_day_kind": "business"})
    s.maintenance("WAN-1", utc(2030, 1, 14, 2), utc(2030, 1, 14, 4), noticed=noticed)
    s.outage("WAN-1", utc(2030, 1, 14, 2), utc(2030, 1, 14, 4))
    s.evaluate()
    assert breakdown(s.measurement("WAN-1", JAN)) == (7200, excused, 7200 - excused)


def test_a_holiday_is_not_a_business_day(db):
    s = one(db, maintenance={"notice_days": 5, "notice_day_kind": "business", "holidays": ["2030-01-10"]})
    s.maintenance("WAN-1", utc(2030, 1, 14, 2), utc(2030, 1, 14, 4), noticed=utc(2030, 1, 7, 1))
    s.outage("WAN-1", utc(2030, 1, 14, 2), utc(2030, 1, 14, 4))
    s.evaluate()
    assert s.measurement("WAN-1", JAN).excused_seconds == 0


def test_cancelled_maintenance_is_never_excused(db):
    s = one(db, maintenance=NOTICE)
    s.maintenance("WAN-1", utc(2030, 1, 10, 2), utc(2030, 1, 10, 6), noticed=utc(2030, 1, 1), maintenance_id="M-9")
    s.maintenance("WAN-1", utc(2030, 1, 10, 2), utc(2030, 1, 10, 6), noticed=utc(2030, 1, 2), maintenance_id="M-9",
                  status="CANCELLED")
    s.outage("WAN-1", utc(2030, 1, 10, 3), utc(2030, 1, 10, 4))
    s.evaluate()
    assert breakdown(s.measurement("WAN-1", JAN)) == (3600, 0, 3600)


def test_a_confirmation_keeps_the_first_notice_but_a_moved_window_needs_its_own(db):
    s = one(db, maintenance=NOTICE)
    s.maintenance("WAN-1", utc(2030, 1, 10, 2), utc(2030, 1, 10, 6), noticed=utc(2030, 1, 1), maintenance_id="A")
    s.maintenance("WAN-1", utc(2030, 1, 10, 2), utc(2030, 1, 10, 6), noticed=utc(2030, 1, 9), maintenance_id="A")
    s.maintenance("WAN-1", utc(2030, 1, 20, 2), utc(2030, 1, 20, 6), noticed=utc(2030, 1, 1), maintenance_id="B")
    s.maintenance("WAN-1", utc(2030, 1, 21, 2), utc(2030, 1, 21, 6), noticed=utc(2030, 1, 19), maintenance_id="B")
    s.outage("WAN-1", utc(2030, 1, 10, 3), utc(2030, 1, 10, 4))
    s.outage("WAN-1", utc(2030, 1, 21, 3), utc(2030, 1, 21, 4))
    s.evaluate()
    assert breakdown(s.measurement("WAN-1", JAN)) == (7200, 3600, 3600)


def test_cap_exceeded_the_excess_counts(db):
    s = one(db, maintenance={"notice_days": 5, "cap_minutes_per_period": 60})
    for day in (10, 20):
        s.maintenance("WAN-1", utc(2030, 1, day, 2), utc(2030, 1, day, 4), noticed=utc(2030, 1, 1))
        s.outage("WAN-1", utc(2030, 1, day, 2), utc(2030, 1, day, 2, 45))
    s.evaluate()
    m = s.measurement("WAN-1", JAN)
    assert breakdown(m) == (5400, 3600, 1800)
    assert m.details["overCapSeconds"] == 1800


@pytest.mark.parametrize(("in_denominator", "denominator", "breached"), [(True, 2678400, False), (False, 2664000, True)])
def test_31_day_month_with_and_without_maintenance_in_the_denominator(db, in_denominator, denominator, breached):
    s = one(db, maintenance={"notice_days": 5, "in_denominator": in_denominator})
    s.maintenance("WAN-1", utc(2030, 1, 10, 0), utc(2030, 1, 10, 4), noticed=utc(2030, 1, 1))
    s.outage("WAN-1", utc(2030, 1, 10, 0), utc(2030, 1, 10, 4))  # 4 h excused
    s.outage("WAN-1", utc(2030, 1, 20, 0), utc(2030, 1, 20, 0, 44, 30))  # 2670 s counted
    s.evaluate()
    m = s.measurement("WAN-1", JAN)
    assert (m.period_seconds, m.denominator_seconds, m.counted_seconds, m.excused_seconds) == (
        2678400, denominator, 2670, 14400)
    assert m.breached is breached  # 99.9003 % met; 99.8998 % missed
    assert m.availability_pct == pytest.approx(99.90031 if in_denominator else 99.89977, abs=1e-5)


def test_outage_across_a_month_boundary_is_split_in_the_slas_zone(db):
    s = one(db, timezone="Europe/Berlin")
    # 22:00-23:30 UTC on Jan 31 is 23:00-00:30 in Berlin: an hour in January, half in February.
    s.outage("WAN-1", utc(2030, 1, 31, 22), utc(2030, 1, 31, 23, 30))
    s.evaluate()
    january, february = s.measurements("WAN-1")
    assert (january.period_start, january.counted_seconds) == (utc(2029, 12, 31, 23), 3600)
    assert (february.period_start, february.counted_seconds) == (utc(2030, 1, 31, 23), 1800)
    assert january.period_seconds == 31 * 86400


@pytest.mark.parametrize(
    ("fixed", "march", "october"),
    [(None, 31 * 86400 - 3600, 31 * 86400 + 3600), (43200, 2592000, 2592000)],
)
def test_dst_month_has_its_real_minutes_unless_the_contract_fixes_them(db, fixed, march, october):
    s = one(db, timezone="Europe/Berlin", fixed_period_minutes=fixed)
    s.outage("WAN-1", utc(2030, 3, 15), utc(2030, 3, 15, 1))
    s.outage("WAN-1", utc(2030, 10, 15), utc(2030, 10, 15, 1))
    s.evaluate()
    m_march, m_october = s.measurements("WAN-1")
    assert (m_march.period_seconds, m_october.period_seconds) == (march, october)
    assert m_march.availability_pct == pytest.approx(100 * (1 - 3600 / march))


@pytest.mark.parametrize(("outage", "breached"), [(2505, False), (2506, True)])
def test_leap_year_february(db, outage, breached):
    s = one(db)
    s.outage("WAN-1", utc(2028, 2, 29, 10), utc(2028, 2, 29, 10) + timedelta(seconds=outage))
    s.evaluate()
    m = s.measurement("WAN-1", utc(2028, 2, 1))
    assert m.period_seconds == 29 * 86400  # 99.9 % of it allows 2505.6 s
    assert m.breached is breached


def test_turnup_on_the_31st(db):
    s = Scenario(db, interval_duration="calendarMonthFromTurnupDay")
    s.circuit("WAN-1", turnup=utc(2030, 1, 31, 9))
    s.outage("WAN-1", utc(2030, 2, 27, 10), utc(2030, 2, 27, 11))
    s.outage("WAN-1", utc(2030, 2, 28, 10), utc(2030, 2, 28, 11))
    s.evaluate()
    first, second = s.measurements("WAN-1")
    # February has no 31st: its period starts on its last day (the documented rule).
    assert (first.period_start, first.period_end, first.measured_start) == (
        utc(2030, 1, 31), utc(2030, 2, 28), utc(2030, 1, 31, 9))
    assert first.period_seconds == 28 * 86400 - 9 * 3600  # partial first period: enabled minutes only
    assert (second.period_start, second.period_end, second.period_seconds) == (
        utc(2030, 2, 28), utc(2030, 3, 31), 31 * 86400)


@pytest.mark.parametrize(("rule", "expected"), [("whole", 31 * 86400), ("enabled", 21 * 86400), ("next_full", None)])
def test_partial_first_period(db, rule, expected):
    s = Scenario(db, first_period=rule)
    s.circuit("WAN-1", turnup=utc(2030, 1, 11))
    s.outage("WAN-1", utc(2030, 1, 20), utc(2030, 1, 20, 1))
    s.outage("WAN-1", utc(2030, 2, 20), utc(2030, 2, 20, 1))
    s.evaluate()
    found = {m.period_start: m.period_seconds for m in s.measurements("WAN-1")}
    assert found.get(JAN) == expected
    assert found[utc(2030, 2, 1)] == 28 * 86400


def test_duplicate_outages_from_both_ends_count_once(db):
    s = one(db)
    s.outage("WAN-1", utc(2030, 1, 10, 1), utc(2030, 1, 10, 2))  # A end
    s.outage("WAN-1", utc(2030, 1, 10, 1, 0, 5), utc(2030, 1, 10, 2, 0, 10))  # Z end
    s.evaluate()
    m = s.measurement("WAN-1", JAN)
    assert (m.counted_seconds, m.outage_count) == (3610, 1)


def test_ten_100_second_flaps_under_a_120_second_threshold_are_ignored(db):
    s = one(db, minimum_outage_seconds=120)
    for n in range(10):
        begin = utc(2030, 1, 10, 1) + timedelta(minutes=10 * n)
        s.outage("WAN-1", begin, begin + timedelta(seconds=100))
    s.outage("WAN-1", utc(2030, 1, 11, 1), utc(2030, 1, 11, 1, 2))  # 120 s: counts
    s.evaluate()
    m = s.measurement("WAN-1", JAN)
    assert (m.outage_seconds, m.counted_seconds, m.outage_count) == (120, 120, 1)


def test_open_outage_is_counted_up_to_the_period_end_and_provisional(db):
    s = one(db)
    s.outage("WAN-1", utc(2030, 1, 31, 23), None)
    report = s.evaluate(now=utc(2030, 2, 10))
    january, february = s.measurements("WAN-1")
    assert (january.counted_seconds, january.provisional) == (3600, True)
    assert (february.counted_seconds, february.provisional) == (9 * 86400, True)
    assert (report.outages, report.open_outages) == (0, 1)
    with db.sessions() as session:
        assert session.scalars(select(CircuitOutageEvent.evaluated)).one() is False
    s.recompute("2030-01", now=utc(2030, 2, 10))
    assert s.measurement("WAN-1", JAN).counted_seconds == 3600


def test_admin_shutdown_is_not_the_carriers(db):
    s = one(db)
    s.outage("WAN-1", utc(2030, 1, 10, 1), utc(2030, 1, 10, 3), operator_caused=True)
    s.outage("WAN-1", utc(2030, 1, 10, 2), utc(2030, 1, 10, 4))  # seen down after the shutdown ended
    s.evaluate()
    m = s.measurement("WAN-1", JAN)
    assert (m.outage_seconds, m.counted_seconds, m.outage_count) == (3600, 3600, 1)


def ring(db, **protection) -> Scenario:
    s = Scenario(db, protection={"mode": "group", **protection}, maintenance=NOTICE)
    s.circuit("RING-A", group="RING-1")
    s.circuit("RING-B", group="RING-1")
    return s


def test_ring_with_one_leg_down_is_up(db):
    s = ring(db)
    s.outage("RING-A", utc(2030, 1, 10, 1), utc(2030, 1, 10, 3))
    s.evaluate()
    for leg in ("RING-A", "RING-B"):
        m = s.measurement(leg, JAN)
        assert (m.outage_seconds, m.counted_seconds, m.availability_pct) == (0, 0, 100.0)


def test_ring_with_both_legs_down_overlapping_counts_the_overlap(db):
    s = ring(db)
    s.outage("RING-A", utc(2030, 1, 10, 1), utc(2030, 1, 10, 3))
    s.outage("RING-B", utc(2030, 1, 10, 2), utc(2030, 1, 10, 4))
    s.evaluate()
    for leg in ("RING-A", "RING-B"):
        assert s.measurement(leg, JAN).counted_seconds == 3600


@pytest.mark.parametrize(("rule", "counted"), [("counts", 3600), ("excused", 0)])
def test_ring_leg_in_maintenance_while_the_other_fails(db, rule, counted):
    s = ring(db, leg_in_maintenance=rule)
    s.maintenance("RING-A", utc(2030, 1, 10, 1), utc(2030, 1, 10, 3), noticed=utc(2030, 1, 1))
    s.outage("RING-A", utc(2030, 1, 10, 1), utc(2030, 1, 10, 3))
    s.outage("RING-B", utc(2030, 1, 10, 2), utc(2030, 1, 10, 4))
    s.evaluate()
    assert s.measurement("RING-B", JAN).counted_seconds == counted


@pytest.mark.parametrize(("outage", "breached"), [(2592, False), (2593, True)])
def test_availability_exactly_at_target_is_met(db, outage, breached):
    s = one(db, credits={"tiers": [{"below_pct": 99.9, "credit_pct": 10}]})
    april = utc(2030, 4, 1)
    s.outage("WAN-1", utc(2030, 4, 10), utc(2030, 4, 10) + timedelta(seconds=outage))
    s.evaluate()
    m = s.measurement("WAN-1", april)
    assert m.period_seconds == 2592000  # 30 days: 99.9 % allows exactly 2592 s
    assert (m.breached, m.credit_pct) == (breached, 10.0 if breached else 0.0)
    if not breached:
        assert m.availability_pct == 99.9


def test_credit_cap_at_100_percent(db):
    s = one(db, credits={"basis": "cumulative_outage", "per_started": {"minutes": 60, "credit_pct": 5}, "cap_pct": 100,
                         "claim_days": 30})
    s.outage("WAN-1", utc(2030, 1, 10), utc(2030, 1, 11, 6))  # 30 h: 150 % before the cap
    s.outage("WAN-1", utc(2030, 2, 10), utc(2030, 2, 10, 2, 1))  # 2 h 1 min: three started hours
    s.evaluate()
    january, february = s.measurements("WAN-1")
    assert (january.credit_pct, february.credit_pct) == (100.0, 15.0)
    assert january.claim_deadline == utc(2030, 3, 3)  # 30 days after January ends


def test_credit_tiers_by_availability_and_by_longest_outage(db):
    s = Scenario(db, credits={"tiers": [{"below_pct": 99.9, "credit_pct": 5}, {"below_pct": 99.5, "credit_pct": 15}]})
    s.circuit("WAN-1")
    s.outage("WAN-1", utc(2030, 1, 10), utc(2030, 1, 10, 4))  # 99.46 %
    s.evaluate()
    assert s.measurement("WAN-1", JAN).credit_pct == 15.0
    t = Scenario(db, name="longest", credits={"basis": "longest_outage", "tiers": [
        {"over_minutes": 60, "credit_pct": 10}, {"over_minutes": 240, "credit_pct": 25}]})
    t.circuit("WAN-2")
    for hour in (1, 5, 9):  # three outages of 2 h: 6 h in all, but none longer than 4 h
        t.outage("WAN-2", utc(2030, 1, 10, hour), utc(2030, 1, 10, hour + 2))
    t.evaluate()
    m = t.measurement("WAN-2", JAN)
    assert (m.longest_outage_seconds, m.credit_pct) == (7200, 10.0)


def test_chronic_flag_across_a_month_boundary(db):
    s = one(db, chronic={"outages": 3, "days": 30})
    for day in (utc(2030, 1, 20), utc(2030, 1, 28), utc(2030, 2, 5)):
        s.outage("WAN-1", day, day + timedelta(minutes=10))
    s.outage("WAN-1", utc(2030, 4, 1), utc(2030, 4, 1, 0, 10))
    s.evaluate()
    january, february, april = s.measurements("WAN-1")
    assert (january.chronic, february.chronic, april.chronic) == (False, True, False)
