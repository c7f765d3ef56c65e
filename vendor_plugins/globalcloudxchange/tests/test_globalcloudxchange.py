"""Global Cloud Xchange notices: snapshots of the samples, and the behaviours they rest on."""

from __future__ import annotations

from pathlib import Path

import pytest

from mnp_core import Impact, NotAMaintenance, ParserFailed, Status, parse_email
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "globalcloudxchange"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_one_event_per_primary_window_per_service():
    events = parse_email(_sample("planned_two_windows.eml")).events
    windows = sorted({(e.begin_window.isoformat(), e.end_window.isoformat()) for e in events})
    # The backup window of the first night is a fallback, not a third window.
    assert windows == [
        ("2026-05-20T18:00:00+00:00", "2026-05-21T02:00:00+00:00"),
        ("2026-05-22T18:00:00+00:00", "2026-05-23T01:30:00+00:00"),
    ]
    assert len(events) == 4


def test_impact_is_read_per_service():
    impacts = {
        e.parsed_vendor_circuit_id: e.impact for e in parse_email(_sample("planned_two_windows.eml")).events
    }
    assert impacts == {"MUFJ10G00451": Impact.OUTAGE, "MUFJ100G0077": Impact.REDUCED_REDUNDANCY}


def test_kind_in_subject_gives_the_status_and_generic_salutation_no_account():
    events = parse_email(_sample("cancelled.eml")).events
    assert {(e.status, e.account) for e in events} == {(Status.CANCELLED, None)}


def test_emergency_notice_is_confirmed_and_the_addressee_the_account():
    raw = _sample("planned_two_windows.eml").replace(b"| Planned |", b"| Emergency |")
    assert {(e.status, e.account) for e in parse_email(raw).events} == {
        (Status.CONFIRMED, "Northwind Carrier Services Ltd")
    }


def test_mail_without_a_window_table_is_not_a_maintenance():
    raw = (
        b"From: GNOC <gnoc@globalcloudxchange.com>\r\nSubject: GNOC contact update\r\n"
        b"Content-Type: text/html\r\n\r\n<p>Hi</p>"
    )
    with pytest.raises(NotAMaintenance):
        parse_email(raw)


def test_notice_listing_no_service_fails():
    raw = _sample("cancelled.eml").replace(b"CAIR10G00990", b"")
    with pytest.raises(ParserFailed):
        parse_email(raw)
