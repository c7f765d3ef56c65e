"""Cogent notices: samples, local time of the city of the work, corrections, refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import mnp_core
from mnp_core import Impact, NotAMaintenance, ParserFailed, Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "cogent"
PLANNED = SAMPLES / "planned_two_orders.eml"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _planned(*replacements: tuple[str, str]) -> bytes:
    raw = PLANNED.read_text()
    for old, new in replacements:
        assert old in raw
        raw = raw.replace(old, new)
    return raw.encode()


def test_one_event_per_order_id_in_the_city_local_time():
    events = mnp_core.parse_email(PLANNED.read_bytes()).events
    assert [e.parsed_vendor_circuit_id for e in events] == ["1-407718823", "1-407718901"]
    # 11 PM in Dallas on 14 March 2024 (day first), already on daylight time (UTC-5).
    assert {e.begin_window for e in events} == {datetime(2024, 3, 15, 4, tzinfo=UTC)}
    assert {e.account for e in events} == {"Example Networks LLC"}


def test_city_decides_the_zone():
    message = mnp_core.parse_email(
        _planned(("Maintenance - Dallas, TX", "Maintenance - Seattle, WA"))
    )
    assert message.events[0].begin_window == datetime(2024, 3, 15, 6, tzinfo=UTC)


def test_a_written_zone_is_read_as_written():
    message = mnp_core.parse_email(
        _planned(("11:00 PM (local time) 14/03/2024", "11:00 PM (GMT) 14/03/2024"))
    )
    assert message.events[0].begin_window == datetime(2024, 3, 14, 23, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headline", "status"),
    [
        ("Correction 14/03/2024", Status.RE_SCHEDULED),
        ("Cancellation 14/03/2024", Status.CANCELLED),
        ("Emergency 14/03/2024", Status.CONFIRMED),
    ],
)
def test_headline_word_states_the_status(headline, status):
    message = mnp_core.parse_email(_planned(("14/03/2024 VN2231877-1", f"{headline} VN2231877-1")))
    assert {e.status for e in message.events} == {status}


def test_no_downtime_is_no_impact():
    message = mnp_core.parse_email(_planned(("Downtime: 2-3 hours", "Downtime: None")))
    assert {e.impact for e in message.events} == {Impact.NO_IMPACT}


def test_unknown_city_with_local_time_fails():
    raw = _planned(
        ("Maintenance - Dallas, TX", "Maintenance - Atlantis"), ("greater Dallas, TX metro", "greater Atlantis metro")
    )
    with pytest.raises(ParserFailed):
        mnp_core.parse_email(raw)


def test_mail_without_a_window_is_not_a_maintenance():
    with pytest.raises(NotAMaintenance):
        mnp_core.parse_email(_planned(("Start time:", "Started:")))
