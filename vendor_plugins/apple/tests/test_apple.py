"""Apple peering notices: snapshots of the samples, and the variants the parser must tell apart."""

from pathlib import Path

import pytest

import mnp_core
from mnp_core import Impact, Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "apple"
SCHEDULED = (SAMPLES / "apple_scheduled.eml").read_text()


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def test_peer_as_is_the_circuit_and_times_are_utc():
    (event,) = mnp_core.parse_email(SCHEDULED).events
    assert event.provider == "apple"
    assert event.parsed_vendor_circuit_id == "AS64511"
    assert event.maintenance_id == "CHG004417296"
    assert event.begin_window.isoformat() == "2025-01-28T01:00:00+00:00"
    assert event.status is Status.CONFIRMED and event.impact is Impact.OUTAGE
    assert event.location == "Amsterdam"


def test_routed_by_the_body_address_when_the_from_header_is_missing():
    without_from = "\n".join(line for line in SCHEDULED.splitlines() if not line.startswith("From:"))
    message = mnp_core.parse_email(without_from)
    assert message.sender is None
    assert message.events[0].parsed_vendor_circuit_id == "AS64511"


def test_several_peer_as_give_one_event_each():
    raw = SCHEDULED.replace("Peer AS: 64511", "Peer AS: 64511, AS64512")
    circuits = [e.parsed_vendor_circuit_id for e in mnp_core.parse_email(raw).events]
    assert circuits == ["AS64511", "AS64512"]


def test_notice_without_its_ticket_fails():
    raw = SCHEDULED.replace("Reference Internal Ticket: CHG004417296\n", "")
    with pytest.raises(mnp_core.ParserFailed):
        mnp_core.parse_email(raw)


def test_other_mail_of_the_peering_noc_is_not_a_maintenance():
    raw = (
        "From: peering-noc@group.apple.com\nSubject: Apple (AS714) peering request\n\n"
        "Thank you for your interest in peering with Apple.\n"
    )
    with pytest.raises(mnp_core.NotAMaintenance):
        mnp_core.parse_email(raw)
