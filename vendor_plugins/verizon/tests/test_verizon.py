"""Verizon Business notices: snapshots of the samples, and the variants the parser must tell apart."""

from pathlib import Path

import pytest

import mnp_core
from mnp_core import DecodedNotice, Impact, Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "verizon"
SCHEDULED = DecodedNotice((SAMPLES / "scheduled_two_circuits.eml").read_bytes()).html
NOT_COMPLETED = DecodedNotice((SAMPLES / "not_completed_cancelled.eml").read_bytes()).html


def _mail(html: str, sender: str = "NO-REPLY-sched-maint@EMEA.verizonbusiness.com") -> bytes:
    head = (
        f"From: {sender}\nTo: noc@example.org\nSubject: Verizon Maintenance Notification\n"
        "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
    )
    return (head + html).encode("utf-8")


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def test_one_event_per_circuit_in_the_gmt_window():
    events = mnp_core.parse_email(_mail(SCHEDULED)).events
    assert [e.parsed_vendor_circuit_id for e in events] == ["L90011223", "L90044556"]
    assert {(e.begin_window.isoformat(), e.end_window.isoformat()) for e in events} == {
        ("2024-07-06T22:30:00+00:00", "2024-07-07T04:30:00+00:00")
    }
    assert events[0].account == "Northwind Freight" and events[0].impact_seconds == 1800


def test_without_the_gmt_row_the_local_window_and_its_zone_are_read():
    html = SCHEDULED.replace("Jul 6 2024 22:30 GMT - Jul 7 2024 04:30 GMT", "").replace(
        "Jul 6 2024 23:30 BST - Jul 7 2024 05:30 BST", "Jul 6 2024 23:00 CDT - Jul 7 2024 01:00 CDT"
    )
    event = mnp_core.parse_email(_mail(html)).events[0]
    assert (event.begin_window.isoformat(), event.end_window.isoformat()) == (
        "2024-07-07T04:00:00+00:00",
        "2024-07-07T06:00:00+00:00",
    )


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        (
            "Attention: Due to unforeseen circumstances, this maintenance was not completed, and may be rescheduled.",
            Status.CANCELLED,
        ),
        ("Attention: This maintenance has been cancelled.", Status.CANCELLED),
        ("Attention: This maintenance has been completed successfully.", Status.COMPLETED),
        ("Attention: This maintenance has been rescheduled to the window below.", Status.RE_SCHEDULED),
    ],
)
def test_the_attention_sentence_gives_the_status(sentence, status):
    html = SCHEDULED.replace("<tbody>", f"<tbody><tr><td colspan=2><p>{sentence}</p></td></tr>", 1)
    assert {e.status for e in mnp_core.parse_email(_mail(html)).events} == {status}


def test_no_planned_downtime_is_no_impact():
    html = SCHEDULED.replace("30 Minute(s)", "0 Minute(s)")
    assert {e.impact for e in mnp_core.parse_email(_mail(html)).events} == {Impact.NO_IMPACT}


def test_verizon_com_sender_is_routed_too():
    events = mnp_core.parse_email(_mail(NOT_COMPLETED, sender="sched-maint@verizon.com")).events
    assert events[0].provider == "verizon" and events[0].status is Status.CANCELLED


def test_notice_without_its_request_number_fails():
    html = SCHEDULED.replace("Verizon MASTARS Request number", "Reference")
    with pytest.raises(mnp_core.ParserFailed):
        mnp_core.parse_email(_mail(html))


def test_other_verizon_mail_is_not_a_maintenance():
    with pytest.raises(mnp_core.NotAMaintenance):
        mnp_core.parse_email(_mail("<html><body><p>Your monthly Verizon invoice is available.</p></body></html>"))


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("ATTENTION: THIS MAINTENANCE HAS BEEN RE-SCHEDULED TO THE WINDOW BELOW.", Status.RE_SCHEDULED),
        ("Attention: the work Has Begun.", Status.IN_PROCESS),
        ("Attention: this maintenance is scheduled as announced.", Status.CONFIRMED),
    ],
)
def test_status_words_are_read_in_any_case(sentence, status):
    html = SCHEDULED.replace("<tbody>", f"<tbody><tr><td colspan=2><p>{sentence}</p></td></tr>", 1)
    assert {e.status for e in mnp_core.parse_email(_mail(html)).events} == {status}
