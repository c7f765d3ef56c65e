"""euNetworks notices: snapshots of the samples, and the behaviours they rest on."""

from __future__ import annotations

from pathlib import Path

import pytest

from mnp_core import Impact, NotAMaintenance, ParserFailed, Status, parse_email
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "eunetworks"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_calendar_notice_is_read_under_the_eunetworks_name_with_object_impacts():
    message = parse_email(_sample("planned_two_services.eml"))
    assert message.provider == "eunetworks"
    assert [(e.parsed_vendor_circuit_id, e.impact) for e in message.events] == [
        ("EUN/WAV/AMS-FRA/004411", Impact.OUTAGE),
        ("EUN/ETH/AMS-FRA/004412", Impact.REDUCED_REDUNDANCY),
    ]


def test_calendar_status_decides():
    raw = _sample("planned_two_services.eml").replace(
        b"X-MAINTNOTE-STATUS:CONFIRMED", b"X-MAINTNOTE-STATUS:CANCELLED"
    )
    assert {e.status for e in parse_email(raw).events} == {Status.CANCELLED}


def test_works_notice_without_calendar_fails():
    with pytest.raises(ParserFailed):
        parse_email(_sample("works_notice_without_calendar.eml"))


def test_other_mail_is_not_a_maintenance():
    raw = b"From: Maintenance <maintenance@eunetworks.com>\r\nSubject: Your invoice\r\n\r\nAttached."
    with pytest.raises(NotAMaintenance):
        parse_email(raw)
