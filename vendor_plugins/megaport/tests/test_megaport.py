"""Megaport parser: snapshots of sample notices and the behaviours they rest on."""

from __future__ import annotations

from pathlib import Path

import pytest

from mnp_core import Impact, NotAMaintenance, ParserFailed, Status, parse_email
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "megaport"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _notice(sentence: str, start: str = "Start Date and Time: Wed, 04 Dec 2024 23:00:00 UTC") -> bytes:
    return f"""From: support@megaport.com
Subject: Megaport maintenance notification
Content-Type: text/html; charset="utf-8"

<p>Hi Example Co</p>
<p>{sentence}</p>
<table><tr><th>Service ID</th><th>Service Type</th></tr><tr><td>svc-9</td><td>VXC</td></tr></table>
<p><b>{start}</b></p>
<p><b>End Date and Time: Thu, 05 Dec 2024 01:00:00 UTC</b></p>
""".encode()


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("This is a reminder that Planned maintenance (PM-1) that will impact the services listed below.", Status.CONFIRMED),
        ("Emergency maintenance (PM-1) that will impact the services listed below has commenced.", Status.IN_PROCESS),
        ("Planned maintenance (PM-1) on the services listed below has been completed.", Status.COMPLETED),
        ("Planned maintenance (PM-1) on the services listed below has been rescheduled.", Status.RE_SCHEDULED),
        ("Planned maintenance (PM-1) on the services listed below has been cancelled.", Status.CANCELLED),
    ],
)
def test_status_from_the_announcing_sentence(sentence, status):
    (event,) = parse_email(_notice(sentence)).events
    assert event.status is status
    assert event.maintenance_id == "PM-1"
    assert event.account == "Example Co"


def test_window_and_default_outage():
    (event,) = parse_email(_notice("Planned maintenance (PM-1) that will impact the services listed below.")).events
    assert event.begin_window.isoformat() == "2024-12-04T23:00:00+00:00"
    assert event.end_window.isoformat() == "2024-12-05T01:00:00+00:00"
    assert event.impact is Impact.OUTAGE
    assert event.parsed_vendor_circuit_id == "svc-9"


def test_stated_no_impact():
    (event,) = parse_email(_notice("Planned maintenance (PM-1) is not expected to impact the services listed below.")).events
    assert event.impact is Impact.NO_IMPACT


def test_one_event_per_service():
    events = parse_email((SAMPLES / "planned_reminder_two_services.eml").read_bytes()).events
    assert [e.parsed_vendor_circuit_id for e in events] == ["a1b2c3d4", "e5f6a7b8"]


def test_other_megaport_mail_is_not_a_maintenance():
    raw = b"From: support@megaport.com\nSubject: Your invoice\nContent-Type: text/html\n\n<p>Hi Example Co</p><p>Your invoice is ready.</p>"
    with pytest.raises(NotAMaintenance):
        parse_email(raw)


def test_missing_start_fails():
    with pytest.raises(ParserFailed):
        parse_email(_notice("Planned maintenance (PM-1) that will impact the services.", start="Start: soon"))
