"""GTT / EXA notices: snapshots of the samples, and the behaviours they rest on."""

from __future__ import annotations

import quopri
from pathlib import Path

import pytest

from mnp_core import Impact, NotAMaintenance, ParserFailed, Status, parse_email
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "gtt"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("New", Status.CONFIRMED),
        ("Reminder", Status.CONFIRMED),
        ("Update", Status.RE_SCHEDULED),
        ("Completed", Status.COMPLETED),
        ("Cancelled", Status.CANCELLED),
    ],
)
def test_status_is_the_word_after_the_reference(word, status):
    raw = _sample("rescheduled_two_services.eml").replace(
        b"71234567 - Rescheduled", f"71234567 - {word}".encode()
    )
    assert {e.status for e in parse_email(raw).events} == {status}


def test_rescheduled_notice_keeps_the_new_window_not_the_struck_one():
    events = parse_email(_sample("rescheduled_two_services.eml")).events
    assert {(e.begin_window.isoformat(), e.end_window.isoformat()) for e in events} == {
        ("2026-04-16T01:00:00+00:00", "2026-04-16T06:00:00+00:00")
    }


def test_impact_follows_the_colour_legend():
    events = parse_email(_sample("rescheduled_two_services.eml")).events
    assert [(e.parsed_vendor_circuit_id, e.account, e.impact) for e in events] == [
        ("2233445-99887766", "PO # NETX-5501", Impact.OUTAGE),
        ("2233446-99887767", "PO # NETX-5502", Impact.REDUCED_REDUNDANCY),
    ]


def test_quoted_printable_body_sent_as_7bit_is_read():
    raw = _sample("rescheduled_two_services.eml")
    head, _, body = raw.partition(b"\n\n")
    encoded = quopri.encodestring(body)
    assert b"=3D" in encoded
    events = parse_email(head + b"\n\n" + encoded).events
    assert [e.parsed_vendor_circuit_id for e in events] == ["2233445-99887766", "2233446-99887767"]


def test_calendar_notice_is_read_from_the_calendar_under_the_gtt_name():
    message = parse_email(_sample("planned_with_calendar.eml"))
    assert message.provider == "gtt"
    assert [(e.parsed_vendor_circuit_id, e.impact) for e in message.events] == [
        ("EXMP/WAVE/700100", Impact.OUTAGE),
        ("EXMP/WAVE/700101", Impact.NO_IMPACT),
    ]


def test_mail_without_a_work_notification_is_not_a_maintenance():
    raw = b"From: InfraCo.CM@exainfra.net\r\nSubject: News\r\nContent-Type: text/html\r\n\r\n<p>News</p>"
    with pytest.raises(NotAMaintenance):
        parse_email(raw)


def test_scheduled_notice_without_start_and_end_fails():
    raw = _sample("cancelled_without_window.eml").replace(b"72000111 - Cancelled", b"72000111 - New")
    with pytest.raises(ParserFailed):
        parse_email(raw)
