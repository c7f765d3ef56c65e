"""Lumen parser: snapshots of sample notices and the behaviours they rest on."""

from __future__ import annotations

from pathlib import Path

import pytest

from mnp_core import Impact, NotAMaintenance, ParserFailed, Status, parse_email
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "lumen"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _notice(updates: str, matrix_status: str | None = None, heading: str = "Scheduled Maintenance #: 70001234") -> bytes:
    status_head = '<td class="headerRow">Status</td>' if matrix_status else ""
    status_cell = f"<td>{matrix_status}</td>" if matrix_status else ""
    return f"""From: smc@lumen.com
Subject: Scheduled Maintenance
Content-Type: text/html; charset="utf-8"

<span class="bodyHeading">{heading}</span><br>
<span class="bodyHeading">Updates:</span><br><br>
{updates}<br/>
<table><tr><td class="headerRow">Start</td><td class="headerRow">End</td></tr>
<tr><td>2024-09-10 14:00 PDT (Pacific Daylight Time)</td><td>2024-09-10 16:30 PDT (Pacific Daylight Time)</td></tr></table>
<table><tr><td class="headerRow">Customer Name</td><td class="headerRow">Circuit ID</td>
<td class="headerRow">Impact Type</td>{status_head}</tr>
<tr><td>Contoso</td><td>CKT-1</td><td>Hitless</td>{status_cell}</tr></table>
""".encode()


@pytest.mark.parametrize(
    ("updates", "status"),
    [
        ("2024-09-01 10:00:00 GMT - This maintenance is scheduled.", Status.CONFIRMED),
        ("2024-09-10 21:00:00 GMT - The scheduled maintenance work has begun.", Status.IN_PROCESS),
        ("2024-09-10 23:31:00 GMT - The scheduled maintenance window 70001234-1 has ended.", Status.COMPLETED),
        ("2024-09-05 10:00:00 GMT - Please be advised that this maintenance has been cancelled.", Status.CANCELLED),
        ("2024-09-05 10:00:00 GMT - This maintenance has been postponed due to vendor issue.", Status.RE_SCHEDULED),
    ],
)
def test_latest_update_gives_the_status(updates, status):
    (event,) = parse_email(_notice(updates)).events
    assert event.status is status


def test_matrix_status_column_overrides_the_update():
    (event,) = parse_email(_notice("2024-09-10 21:00:00 GMT - The scheduled maintenance work has begun.", "Completed")).events
    assert event.status is Status.COMPLETED


def test_zone_of_the_window_row_and_impact_words():
    (event,) = parse_email(_notice("2024-09-01 10:00:00 GMT - This maintenance is scheduled.")).events
    assert event.begin_window.isoformat() == "2024-09-10T21:00:00+00:00"
    assert event.end_window.isoformat() == "2024-09-10T23:30:00+00:00"
    assert event.impact is Impact.NO_IMPACT
    assert (event.maintenance_id, event.parsed_vendor_circuit_id, event.account) == ("70001234", "CKT-1", "Contoso")


def test_alternate_night_is_its_own_window_for_every_circuit():
    events = parse_email((SAMPLES / "scheduled_two_windows.eml").read_bytes()).events
    assert len(events) == 4
    assert len({(e.begin_window, e.end_window) for e in events}) == 2
    assert {e.parsed_vendor_circuit_id for e in events} == {"441902233", "WAVE-77310"}


def test_support_ticket_is_not_a_maintenance():
    with pytest.raises(NotAMaintenance):
        parse_email((SAMPLES / "support_ticket.eml").read_bytes())


def test_heading_without_window_table_fails():
    raw = b'From: smc@lumen.com\nSubject: x\nContent-Type: text/html\n\n<span>Scheduled Maintenance #: 70001234</span>'
    with pytest.raises(ParserFailed):
        parse_email(raw)
