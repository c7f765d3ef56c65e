"""HGC parser: snapshots of sample notices and the behaviours they rest on."""

from __future__ import annotations

from pathlib import Path

import pytest

from mnp_core import Impact, NotAMaintenance, ParserFailed, Status, parse_email
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "hgc"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _notice(subject: str, start: str = "03-Nov-2024 02:00 GMT+8", impact: str = "Down throughout maintenance window") -> bytes:
    rows = [
        ("Circuit ID", "CIR1"),
        ("Customer", "Example Ltd"),
        ("Maintenance Window start date & time", start),
        ("Maintenance Window end date & time", "03-Nov-2024 06:00 GMT+8"),
        ("Service Impact", impact),
    ]
    table = "".join(f"<tr><td>{label}</td><td>:</td><td>{value}</td></tr>" for label, value in rows)
    return f"""From: hgcinocpw@hgc.com.hk
Subject: {subject}
Content-Type: text/html; charset="utf-8"

<p>Dear Customer,</p><table>{table}</table>
""".encode()


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("[Emergency]", Status.CONFIRMED),
        ("[Reminder]", Status.CONFIRMED),
        ("[Cancelled]", Status.CANCELLED),
        ("[Postponed]", Status.RE_SCHEDULED),
        ("[Completed]", Status.COMPLETED),
    ],
)
def test_status_from_the_subject_kind(kind, status):
    subject = f"{kind} HGC Maintenance Work Notification - Started Networks Inc | CIR1 | TIC0000000042"
    (event,) = parse_email(_notice(subject)).events
    assert event.status is status
    assert event.maintenance_id == "TIC0000000042"


def test_offset_zone_and_impact():
    (event,) = parse_email(_notice("HGC Maintenance Work Notification - X | CIR1 | TIC0000000042")).events
    assert event.begin_window.isoformat() == "2024-11-02T18:00:00+00:00"
    assert event.end_window.isoformat() == "2024-11-02T22:00:00+00:00"
    assert event.impact is Impact.OUTAGE
    assert event.account == "Example Ltd"


def test_no_impact_in_words():
    raw = _notice("HGC Maintenance Work Notification - X | CIR1 | TIC0000000042", impact="No service impact expected")
    (event,) = parse_email(raw).events
    assert event.impact is Impact.NO_IMPACT


def test_backup_window_and_two_circuits_are_four_events():
    events = parse_email((SAMPLES / "planned_two_windows_hkt.eml").read_bytes()).events
    assert len(events) == 4
    assert {e.parsed_vendor_circuit_id for e in events} == {"CIR720114", "CIR720115"}
    assert len({e.begin_window for e in events}) == 2


def test_subject_without_ticket_is_not_a_maintenance():
    with pytest.raises(NotAMaintenance):
        parse_email(_notice("HGC monthly service report"))


def test_unreadable_start_fails():
    with pytest.raises(ParserFailed):
        parse_email(_notice("HGC Maintenance Work Notification - X | CIR1 | TIC0000000042", start="to be advised"))
