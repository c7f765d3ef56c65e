"""Windstream notices: captured samples, US zones, impacts and the notices it refuses."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from mnp_vendor_windstream import us_datetime

import mnp_core
from mnp_core import Impact, NotAMaintenance, ParserFailed, Status
from mnp_core.testing import snapshot_cases
from mnp_core.toolkit import ExtractError

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "windstream"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _notice(subject: str, body: str) -> bytes:
    return (
        "From: wci.maintenance.notifications@windstream.com\r\n"
        "To: noc@customer.example\r\n"
        "Date: Wed, 05 Feb 2025 10:00:00 +0000\r\n"
        f"Subject: {subject}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n\r\n"
        f"<html><body>{body}</body></html>\r\n"
    ).encode()


_LABELS = (
    "<table><tr><td><b>WMT:</b></td><td>{wmt}</td></tr>"
    "<tr><td><b>Service Affecting:</b></td><td>{affecting}</td></tr>"
    "<tr><td><b>Event Start Date &amp; Time:</b></td><td>02/20/25 22:00 PT</td></tr>"
    "<tr><td><b>Event End Date &amp; Time:</b></td><td>02/21/25 02:00 PT</td></tr></table>"
)
_CIRCUITS = (
    "<table><tr><td>Name</td><td>Account</td><td>Circuit ID</td></tr>"
    "<tr><td>Acme Wireless</td><td>*****0001</td><td>WS/AAAA/000111/ /WXN /</td></tr>"
    "<tr><td>Acme Wireless</td><td>*****0001</td><td>WS/AAAA/000112/ /WXN /</td></tr></table>"
)


def test_us_zone_letters_follow_daylight_saving():
    assert us_datetime("03/20/24 02:00 ET", "t") == datetime(2024, 3, 20, 6, 0, tzinfo=UTC)
    assert us_datetime("01/20/24 02:00 ET", "t") == datetime(2024, 1, 20, 7, 0, tzinfo=UTC)
    assert us_datetime("07/01/24 23:30 MT", "t") == datetime(2024, 7, 2, 5, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/20/24 02:00 ET", datetime(2024, 3, 20, 6, 0, tzinfo=UTC)),
        ("3/5/24 2:00 CT", datetime(2024, 3, 5, 8, 0, tzinfo=UTC)),
        ("12/31/99 23:59 PT", datetime(2000, 1, 1, 7, 59, tzinfo=UTC)),
        ("13/05/24 02:00 ET", datetime(2024, 5, 13, 6, 0, tzinfo=UTC)),
    ],
)
def test_short_dates_are_month_first_with_the_year_in_this_century_window(text, expected):
    # "13/05/24" cannot be month first; it is read day first, as dateutil reads it.
    assert us_datetime(text, "t") == expected


def test_impossible_short_date_fails_as_parse_datetime_does():
    with pytest.raises(ExtractError, match="02/30/24 02:00"):
        us_datetime("02/30/24 02:00 ET", "Event Start")


def test_every_circuit_row_gets_the_event_window():
    body = _LABELS.format(wmt="555001", affecting="YES") + _CIRCUITS
    message = mnp_core.parse_email(_notice("Windstream (Demand Notification WMT#: 555001)", body))
    assert [e.parsed_vendor_circuit_id for e in message.events] == [
        "WS/AAAA/000111/ /WXN /",
        "WS/AAAA/000112/ /WXN /",
    ]
    event = message.events[0]
    assert (event.maintenance_id, event.status, event.account) == (
        "555001",
        Status.CONFIRMED,
        "Acme Wireless",
    )
    assert event.begin_window == datetime(2025, 2, 21, 6, 0, tzinfo=UTC)
    assert event.end_window == datetime(2025, 2, 21, 10, 0, tzinfo=UTC)


def test_not_service_affecting_without_impact_table_is_no_impact():
    body = _LABELS.format(wmt="555002", affecting="NO") + _CIRCUITS
    message = mnp_core.parse_email(_notice("Windstream (Planned Notification WMT#: 555002)", body))
    assert {e.impact for e in message.events} == {Impact.NO_IMPACT}


def test_cancelled_subject_cancels():
    body = _LABELS.format(wmt="555003", affecting="YES") + _CIRCUITS
    message = mnp_core.parse_email(_notice("Windstream (Cancelled Notification WMT#: 555003)", body))
    assert {e.status for e in message.events} == {Status.CANCELLED}


def test_mail_without_wmt_is_not_a_maintenance():
    with pytest.raises(NotAMaintenance):
        mnp_core.parse_email(_notice("Your Windstream invoice is ready", "<p>Your invoice is attached.</p>"))


def test_notice_without_circuit_table_fails():
    body = _LABELS.format(wmt="555004", affecting="YES")
    with pytest.raises(ParserFailed):
        mnp_core.parse_email(_notice("Windstream (Demand Notification WMT#: 555004)", body))
