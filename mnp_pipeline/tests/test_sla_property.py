"""Property: evaluating incrementally, as outages and maintenance notices arrive in any
order and in any batches, ends where a full recompute of every period does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from db_fixtures import Database
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sla_scenarios import Scenario
from sqlalchemy import delete, event, text

from mnp_pipeline.storage.database import make_engine, session_factory, upgrade
from mnp_pipeline.storage.models import Base, SlaPerformanceMeasurement

START = datetime(2030, 1, 1, tzinfo=UTC)
NOW = datetime(2030, 4, 15, tzinfo=UTC)
LEGS = ("A", "B", "C")  # A and B form a ring, C stands alone


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('sla-property') / 'mnp.db'}"
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _no_fsync(connection, _record):
        # Thousands of tiny transactions: durability is not what this test is about.
        connection.execute("PRAGMA synchronous=OFF")

    upgrade(engine)
    yield Database("sqlite", url, engine, session_factory(engine))
    engine.dispose()


def _empty(database: Database) -> None:
    with database.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(text(f'DELETE FROM "{table.name}"'))


# Times crowd around a few days near month ends, so outages, windows and period
# boundaries meet often enough for a hundred examples to find what they hide.
DAYS = (0, 30, 31, 59)
minutes = st.tuples(st.sampled_from(DAYS), st.integers(0, 30 * 60)).map(lambda t: t[0] * 24 * 60 + t[1])
lengths = st.one_of(st.integers(0, 6 * 60), st.integers(0, 40 * 24 * 60))
outages = st.tuples(st.sampled_from(LEGS), minutes, lengths, st.booleans(), st.integers(0, 9)).map(
    lambda t: ("outage", *t)
)
windows = st.tuples(st.sampled_from(LEGS), minutes, st.integers(1, 12 * 60), st.integers(0, 12), st.booleans()).map(
    lambda t: ("window", *t)
)
terms = st.fixed_dictionaries(
    {
        "timezone": st.sampled_from(["UTC", "Europe/Berlin", "America/New_York"]),
        "minimum_outage_seconds": st.sampled_from([0, 120, 3600]),
        "maintenance": st.fixed_dictionaries(
            {
                "notice_days": st.integers(0, 10),
                "notice_day_kind": st.sampled_from(["calendar", "business"]),
                "cap_minutes_per_period": st.sampled_from([None, 60, 600]),
                "in_denominator": st.booleans(),
            }
        ),
        "protection": st.fixed_dictionaries(
            {"mode": st.sampled_from(["circuit", "group"]), "leg_in_maintenance": st.sampled_from(["counts", "excused"])}
        ),
        "chronic": st.sampled_from([None, {"outages": 2, "days": 30}]),
        "credits": st.just({"basis": "cumulative_outage", "per_started": {"minutes": 60, "credit_pct": 5}}),
    }
)


def _snapshot(scenario: Scenario) -> list[tuple]:
    columns = [c for c in SlaPerformanceMeasurement.__table__.columns.keys() if c not in ("measurement_id", "evaluated_at")]
    return sorted(tuple(str(getattr(m, c)) for c in columns) for m in scenario.measurements())


BASIC = {
    "timezone": "UTC", "minimum_outage_seconds": 0, "chronic": None, "credits": {},
    "maintenance": {"notice_days": 0, "notice_day_kind": "calendar", "cap_minutes_per_period": None,
                    "in_denominator": True},
    "protection": {"mode": "circuit", "leg_in_maintenance": "counts"},
}


@example(  # a notice arriving after the outage was evaluated excuses it
    terms=BASIC, cuts={1},
    arrivals=[("outage", "C", 30 * 24 * 60, 60, False, 5), ("window", "C", 30 * 24 * 60, 120, 3, False)],
)
@example(  # a January outage makes a February outage evaluated before it chronic
    terms={**BASIC, "chronic": {"outages": 2, "days": 30}}, cuts={1},
    arrivals=[("outage", "C", 31 * 24 * 60, 60, False, 5), ("outage", "C", 29 * 24 * 60, 60, False, 5)],
)
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(terms=terms, arrivals=st.lists(st.one_of(outages, windows), min_size=1, max_size=8), cuts=st.sets(st.integers(1, 7), max_size=3))
def test_incremental_evaluation_equals_full_recompute(database, terms, arrivals, cuts):
    _empty(database)
    scenario = Scenario(database, **terms)
    scenario.circuit("A", group="RING")
    scenario.circuit("B", group="RING")
    scenario.circuit("C", turnup=START + timedelta(days=20))
    for index, arrival in enumerate(arrivals):
        if index in cuts:
            scenario.evaluate(now=NOW)
        if arrival[0] == "outage":
            _, leg, begin, length, operator_caused, open_one_in_ten = arrival
            start = START + timedelta(minutes=begin)
            end = None if open_one_in_ten == 0 else start + timedelta(minutes=length, seconds=open_one_in_ten * 7)
            scenario.outage(leg, start, end, operator_caused=operator_caused)
        else:
            _, leg, begin, length, notice_days, cancelled = arrival
            start = START + timedelta(minutes=begin)
            scenario.maintenance(
                leg, start, start + timedelta(minutes=length), noticed=start - timedelta(days=notice_days),
                status="CANCELLED" if cancelled else "CONFIRMED", maintenance_id=f"M-{leg}-{begin % 3}",
            )
    scenario.evaluate(now=NOW)
    incremental = _snapshot(scenario)
    with database.sessions() as session, session.begin():
        session.execute(delete(SlaPerformanceMeasurement))
    scenario.recompute("2029-12", now=NOW)  # the period holding Jan 1 in New York starts on Dec 31 UTC
    scenario.recompute("2030", now=NOW)
    assert _snapshot(scenario) == incremental
