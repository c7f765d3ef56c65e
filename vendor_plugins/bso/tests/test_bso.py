"""BSO notices: samples, banner statuses, impact levels, timeslots, refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import mnp_core
from mnp_core import Impact, NotAMaintenance, ParserFailed, Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "bso"
FIRST = SAMPLES / "first_notice_backup_slot.eml"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _first(*replacements: tuple[str, str]) -> bytes:
    raw = FIRST.read_text()
    for old, new in replacements:
        assert old in raw
        raw = raw.replace(old, new)
    return raw.encode()


@pytest.mark.parametrize(
    ("banner", "status"),
    [
        ("Maintenance Reminder_", Status.CONFIRMED),
        ("Maintenance Start_", Status.CONFIRMED),
        ("Maintenance Update_", Status.RE_SCHEDULED),
        ("Maintenance End_", Status.COMPLETED),
        ("Maintenance Cancelled_", Status.CANCELLED),
    ],
)
def test_banner_states_the_status(banner, status):
    message = mnp_core.parse_email(_first(("<span>Maintenance_</span>", f"<span>{banner}</span>")))
    assert {e.status for e in message.events} == {status}


def test_each_circuit_spans_every_timeslot_with_its_worst_level():
    events = {e.parsed_vendor_circuit_id: e for e in mnp_core.parse_email(FIRST.read_bytes()).events}
    assert set(events) == {"EXAMPLE-LON-PAR-0451", "EXAMPLE-LON-AMS-0452"}
    assert events["EXAMPLE-LON-PAR-0451"].impact is Impact.OUTAGE
    # "At risk only" in the first slot, "Switch hit" in the backup slot.
    assert events["EXAMPLE-LON-AMS-0452"].impact is Impact.REDUCED_REDUNDANCY
    assert {(e.begin_window, e.end_window) for e in events.values()} == {
        (datetime(2024, 4, 16, 22, tzinfo=UTC), datetime(2024, 4, 19, 4, tzinfo=UTC))
    }


def test_mail_without_a_maintenance_id_is_not_a_maintenance():
    with pytest.raises(NotAMaintenance):
        mnp_core.parse_email(_first(("Maintenance ID", "Ticket")))


def test_missing_timeslot_fails():
    with pytest.raises(ParserFailed):
        mnp_core.parse_email(_first(("Timeslot end time", "Closing")))
