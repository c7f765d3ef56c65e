"""Crown Castle notices: samples, zones of the schedule, windows, circuits, refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import mnp_core
from mnp_core import Impact, NotAMaintenance, ParserFailed, Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "crowncastle"
SCHEDULED = SAMPLES / "scheduled_two_nights.eml"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _scheduled(*replacements: tuple[str, str]) -> bytes:
    raw = SCHEDULED.read_text()
    for old, new in replacements:
        assert old in raw
        raw = raw.replace(old, new)
    return raw.encode()


def test_one_event_per_gmt_window_per_circuit():
    events = mnp_core.parse_email(SCHEDULED.read_bytes()).events
    assert len(events) == 4
    assert sorted({e.begin_window for e in events}) == [
        datetime(2024, 4, 10, 3, tzinfo=UTC),
        datetime(2024, 4, 11, 3, tzinfo=UTC),
    ]
    impacts = {e.parsed_vendor_circuit_id: e.impact for e in events}
    assert impacts == {"482210-ETH-NYCMNY01-PHLAPA02": Impact.OUTAGE, "482377-WAVE-NWRKNJ03": Impact.NO_IMPACT}


def test_without_gmt_rows_the_first_zone_listed_is_read():
    raw = _scheduled(("<td>GMT </td>", "<td>Eastern time </td>"))
    events = mnp_core.parse_email(raw).events
    # 11:00 PM Eastern daylight time on 9 April 2024, month first.
    assert min(e.begin_window for e in events) == datetime(2024, 4, 10, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    ("suffix", "status"),
    [(" Event Completed", Status.COMPLETED), (" Event Cancelled", Status.CANCELLED), (" Rescheduled", Status.RE_SCHEDULED)],
)
def test_subject_states_the_status(suffix, status):
    raw = _scheduled(("11:00 PM EDT", f"11:00 PM EDT{suffix}"))
    assert {e.status for e in mnp_core.parse_email(raw).events} == {status}


def test_mail_without_a_ticket_is_not_a_maintenance():
    with pytest.raises(NotAMaintenance):
        mnp_core.parse_email(_scheduled(("Ticket Number: ", "Reference: ")))


def test_missing_schedule_fails():
    with pytest.raises(ParserFailed):
        mnp_core.parse_email(_scheduled(("Time Zone </th>", "Region </th>")))
