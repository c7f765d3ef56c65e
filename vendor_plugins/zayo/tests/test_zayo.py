"""Zayo notices: captured samples, status variants, windows and the notices it refuses."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from mnp_vendor_zayo import activity_windows

import mnp_core
from mnp_core import NotAMaintenance, ParserFailed, Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "zayo"
PLANNED = SAMPLES / "planned_two_dates_backup.eml"
PLANNED_SUBJECT = "***Northwind Transit***ZAYO TTN-0007712345 Planned MAINTENANCE NOTIFICATION***"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _planned(subject: str | None = None, replace: tuple[str, str] | None = None) -> bytes:
    raw = PLANNED.read_text()
    if subject is not None:
        raw = raw.replace(PLANNED_SUBJECT, subject)
    if replace is not None:
        raw = raw.replace(*replace)
    return raw.encode()


@pytest.mark.parametrize(
    ("prefix", "status"),
    [
        ("START MAINTENANCE NOTIFICATION", Status.IN_PROCESS),
        ("COMPLETED MAINTENANCE NOTIFICATION", Status.COMPLETED),
        ("RESCHEDULE NOTIFICATION", Status.RE_SCHEDULED),
        ("[maint] CANCELLED NOTIFICATION", Status.CANCELLED),
        ("EMERGENCY MAINTENANCE NOTIFICATION", Status.CONFIRMED),
    ],
)
def test_subject_prefix_states_the_status(prefix, status):
    message = mnp_core.parse_email(_planned(f"{prefix}***Northwind Transit***ZAYO TTN-0007712345 Planned***"))
    assert {e.status for e in message.events} == {status}


def test_customer_name_is_not_read_for_status_words():
    message = mnp_core.parse_email(
        _planned("***Completed Cancellations Ltd***ZAYO TTN-0007712345 Planned***")
    )
    assert {e.status for e in message.events} == {Status.CONFIRMED}


def test_one_event_per_activity_date_per_circuit_without_backup_date():
    events = mnp_core.parse_email(_planned()).events
    assert len(events) == 4
    assert sorted({e.begin_window.day for e in events}) == [12, 13]


def test_local_line_is_read_when_no_gmt_line():
    lines = [
        "1st Activity Date",
        "15-Jan-2025 00:01 to 15-Jan-2025 05:00 ( Mountain )",
        "Location of Maintenance: x",
    ]
    assert activity_windows(lines) == [
        (datetime(2025, 1, 15, 7, 1, tzinfo=UTC), datetime(2025, 1, 15, 12, 0, tzinfo=UTC))
    ]


def test_missing_ticket_fails():
    raw = _planned(replace=("<span>TTN-0007712345&nbsp;</span>", ""))
    with pytest.raises(ParserFailed):
        mnp_core.parse_email(raw)


def test_mail_without_ticket_or_window_is_not_a_maintenance():
    raw = (
        b"From: mr@zayo.com\r\nTo: noc@customer.example\r\nDate: Mon, 03 Mar 2025 10:00:00 +0000\r\n"
        b"Subject: Zayo customer survey\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p>Tell us how we are doing.</p>\r\n"
    )
    with pytest.raises(NotAMaintenance):
        mnp_core.parse_email(raw)
