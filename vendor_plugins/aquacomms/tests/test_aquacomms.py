"""Aqua Comms notices: snapshots of the samples, and the variants the parser must tell apart."""

from pathlib import Path

import pytest

import mnp_core
from mnp_core import Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "aquacomms"
PLANNED = (SAMPLES / "aquacomms_planned_two_services.eml").read_text()


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def test_each_service_row_is_a_circuit_and_dates_are_day_first():
    events = mnp_core.parse_email(PLANNED).events
    assert [e.parsed_vendor_circuit_id for e in events] == ["204-AEC-12-40GB-71234", "204-AEC-12-40GB-71235"]
    assert {e.account for e in events} == {"5120"}
    # 03/03/2025 23:00 to 04/03/2025 05:00: 4 March, not 3 April.
    assert events[0].end_window.isoformat() == "2025-03-04T05:00:00+00:00"


def test_routed_by_subject_without_any_sender():
    raw = "\n".join(line for line in PLANNED.splitlines() if not line.startswith("From:"))
    assert mnp_core.parse_email(raw).events[0].maintenance_id == "48213"


def test_emergency_work_is_confirmed_and_cancellation_cancelled():
    emergency = PLANNED.replace("Planned Outage Work", "Emergency Outage Work")
    assert mnp_core.parse_email(emergency).events[0].status is Status.CONFIRMED
    cancelled = PLANNED.replace("Outage Work ISSUE", "Outage Work Cancelled ISSUE")
    assert mnp_core.parse_email(cancelled).events[0].status is Status.CANCELLED


def test_notice_without_service_fails():
    raw = PLANNED.replace("Service ID:", "Service Note:")
    with pytest.raises(mnp_core.ParserFailed):
        mnp_core.parse_email(raw)
