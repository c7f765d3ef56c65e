"""Equinix notices: snapshots of the samples, and the behaviours they rest on."""

from __future__ import annotations

from pathlib import Path

import pytest

from mnp_core import NotAMaintenance, ParserFailed, Status, parse_email
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "equinix"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def _notice(subject: str, body: str) -> bytes:
    return (
        "From: Equinix Network Maintenance <no-reply@equinix.com>\r\n"
        f"Subject: {subject}\r\nDate: Mon, 01 Jun 2026 10:00:00 +0000\r\n"
        "Content-Type: text/html; charset=utf-8\r\n\r\n" + body
    ).encode()


@pytest.mark.parametrize(
    ("prefix", "status"),
    [
        ("REMINDER - ", Status.CONFIRMED),
        ("COMPLETED - ", Status.COMPLETED),
        ("CANCELLED - ", Status.CANCELLED),
        ("", Status.CONFIRMED),
    ],
)
def test_status_is_the_word_leading_the_subject(prefix, status):
    raw = _sample("reminder_no_impact.eml").replace(
        b"Subject: REMINDER - ", f"Subject: [ext] {prefix}".encode()
    )
    # Keep the body neutral so only the subject decides.
    raw = raw.replace(b"will commence in 24 hours", b"is listed below")
    assert {e.status for e in parse_email(raw).events} == {status}


def test_window_crossing_new_year_takes_each_day_its_own_year():
    event = parse_email(_sample("cancelled_across_new_year.eml")).events[0]
    assert (event.begin_window.year, event.end_window.year) == (2026, 2027)
    assert event.status is Status.CANCELLED


def test_every_row_of_every_asset_table_is_an_event():
    events = parse_email(_sample("cancelled_across_new_year.eml")).events
    assert [(e.account, e.parsed_vendor_circuit_id) for e in events] == [
        ("440099", "10555001-A"),
        ("440099", "EC9876.2"),
    ]


def test_bilingual_notice_repeating_the_window_gives_it_once():
    body = (
        "<p>UTC: 金曜日, 02 JUL 10:00 - 金曜日, 02 JUL 15:00<br>SPAN: 02-JUL-2027 - 02-JUL-2027<br>"
        "UTC: FRIDAY, 02 JUL 10:00 - FRIDAY, 02 JUL 15:00<br>IMPACT: No impact to your service</p>"
        "<table><tr><th>Account #</th><th>Product</th><th>Service Serial #</th></tr>"
        "<tr><td>123</td><td>Metro Connect</td><td>111-A</td></tr></table>"
    )
    events = parse_email(_notice("Network Maintenance -02-JUL-2027 [K-1234567]", body)).events
    assert len(events) == 1
    assert events[0].begin_window.isoformat() == "2027-07-02T10:00:00+00:00"


def test_mail_without_a_maintenance_window_is_not_a_maintenance():
    with pytest.raises(NotAMaintenance):
        parse_email(_notice("Your Equinix Customer Portal password was changed", "<p>Hello</p>"))


def test_notice_without_any_reference_fails():
    body = "<p>SPAN: 02-JUL-2027 - 02-JUL-2027<br>UTC: FRIDAY, 02 JUL 10:00 - FRIDAY, 02 JUL 15:00</p>"
    with pytest.raises(ParserFailed):
        parse_email(_notice("Network Maintenance", body))
