from pathlib import Path

import pytest

import mnp_core
from mnp_core import Impact, Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
CASES = [ROOT / "test_emails" / "fiberprovider.com.txt", *snapshot_cases(ROOT / "test_emails" / "fiberprovider")]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def test_cancellation_lists_each_service():
    message = mnp_core.parse_email((ROOT / "test_emails/fiberprovider/cancelled_two_services.eml").read_bytes())
    assert [e.parsed_vendor_circuit_id for e in message.events] == ["IC-310442", "IC-310443"]
    assert {e.status for e in message.events} == {Status.CANCELLED}
    assert {e.impact_seconds for e in message.events} == {3600}
    assert message.events[0].location == "Köln, DE"


def test_offset_zone_and_no_interruption():
    message = mnp_core.parse_email((ROOT / "test_emails/fiberprovider/emergency_gmt_offset.eml").read_bytes())
    [event] = message.events
    assert event.to_json_dict()["beginWindow"] == "2025-10-02T17:00:00Z"
    assert event.impact is Impact.REDUCED_REDUNDANCY
    assert event.impact_seconds is None


def test_missing_reference_is_not_a_maintenance():
    raw = b"From: noc@fiberprovider.com\r\nSubject: Invoice\r\n\r\nYour invoice is attached.\r\n"
    with pytest.raises(mnp_core.NotAMaintenance):
        mnp_core.parse_email(raw)


def test_missing_window_fails_naming_the_field():
    raw = b"From: noc@fiberprovider.com\r\nSubject: Planned Work\r\n\r\nPW Reference Number: PWIC1\r\nService ID: IC-1\r\n"
    with pytest.raises(mnp_core.ParserFailed, match="Start Date and Time"):
        mnp_core.parse_email(raw)
