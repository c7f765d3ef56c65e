"""Telstra notices: snapshots of the samples, and the variants the parser must tell apart."""

from pathlib import Path

import pytest

import mnp_core
from mnp_core import DecodedNotice, Impact, Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "telstra"
CLASSIC = DecodedNotice((SAMPLES / "classic_scheduled_two_services.eml").read_bytes()).html
NEWER = DecodedNotice((SAMPLES / "network_redundancy_only.eml").read_bytes()).html


def _mail(html: str, *, encoding: str = "8bit", sender: str = "gpen@team.telstra.com") -> bytes:
    head = (
        f"From: {sender}\nTo: noc@example.org\nSubject: Telstra maintenance\n"
        f"MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: {encoding}\n\n"
    )
    return (head + html).encode("utf-8")


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


@pytest.mark.parametrize(
    ("heading", "status"),
    [
        ("Planned Maintenance Reminder Notification", Status.CONFIRMED),
        ("Emergency Maintenance Notification", Status.CONFIRMED),
        ("Planned Maintenance Completion", Status.COMPLETED),
        ("Planned Maintenance Amendment", Status.RE_SCHEDULED),
        ("Planned Maintenance Withdrawn", Status.CANCELLED),
    ],
)
def test_the_heading_gives_the_status(heading, status):
    html = CLASSIC.replace("Planned Maintenance Notification", heading)
    events = mnp_core.parse_email(_mail(html)).events
    assert {e.status for e in events} == {status}


def test_each_service_line_is_a_circuit_with_spaces_kept():
    events = mnp_core.parse_email(_mail(CLASSIC)).events
    assert [e.parsed_vendor_circuit_id for e in events] == ["MEL SYD EPL 4400171", "MEL HKG IPVPN 4400188"]
    assert events[0].account == "Harbour Logistics Pty Ltd"
    assert events[0].impact_seconds == 2 * 3600


def test_several_windows_give_one_event_per_window_per_circuit():
    html = CLASSIC.replace(
        "14-Mar-2024 20:30:00(UTC)</td>",
        "14-Mar-2024 20:30:00(UTC)<br>15-Mar-2024 16:00:00(UTC) to 15-Mar-2024 18:00:00(UTC)</td>",
    )
    events = mnp_core.parse_email(_mail(html)).events
    assert len(events) == 4
    assert sorted({e.begin_window.isoformat() for e in events}) == ["2024-03-14T16:00:00+00:00", "2024-03-15T16:00:00+00:00"]


def test_html_still_quoted_printable_under_a_7bit_label_is_decoded():
    escaped = CLASSIC.replace('="', '=3D"').replace("\n", "=\n")
    events = mnp_core.parse_email(_mail(escaped, encoding="7bit")).events
    assert events[0].maintenance_id == "PN771204"


def test_newer_layout_reads_bold_labels_and_loss_of_protection():
    events = mnp_core.parse_email(_mail(NEWER)).events
    assert [e.parsed_vendor_circuit_id for e in events] == ["SNG HKG EPL 7100233", "SNG TOK EPL 7100240"]
    assert events[0].impact is Impact.REDUCED_REDUNDANCY
    assert events[0].end_window.isoformat() == "2024-06-01T21:00:00+00:00"
    hits = NEWER.replace("Loss of protection for the duration of the window", "50ms switch hits plus loss of protection")
    assert mnp_core.parse_email(_mail(hits)).events[0].impact is Impact.OUTAGE


def test_notice_without_its_reference_fails():
    html = CLASSIC.replace("Change Reference: ", "Ref: ")
    with pytest.raises(mnp_core.ParserFailed):
        mnp_core.parse_email(_mail(html))


def test_other_telstra_mail_is_not_a_maintenance():
    html = "<html><body><p>Your Telstra Connect password was changed.</p></body></html>"
    with pytest.raises(mnp_core.NotAMaintenance):
        mnp_core.parse_email(_mail(html))


_CALENDAR = """From: gpen@team.telstra.com
Subject: Telstra maintenance
MIME-Version: 1.0
Content-Type: text/calendar; charset=utf-8; method=PUBLISH

BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//EN
BEGIN:VEVENT
DTSTART:20240701T100000Z
DTEND:20240701T120000Z
DTSTAMP:20240620T000000Z
UID:tel-1
X-MAINTNOTE-PROVIDER:telstra
{account}X-MAINTNOTE-MAINTENANCE-ID:PN900100
X-MAINTNOTE-OBJECT-ID:SYD LAX EPL 6600001
X-MAINTNOTE-IMPACT:OUTAGE
X-MAINTNOTE-STATUS:CONFIRMED
END:VEVENT
END:VCALENDAR
"""


def test_a_bcop_calendar_goes_to_the_bcop_parser_and_needs_its_account():
    with_account = _CALENDAR.format(account="X-MAINTNOTE-ACCOUNT:4410\n")
    (event,) = mnp_core.parse_email(with_account).events
    assert (event.account, event.parsed_vendor_circuit_id) == ("4410", "SYD LAX EPL 6600001")
    with pytest.raises(mnp_core.MaintParseException):
        mnp_core.parse_email(_CALENDAR.format(account=""))
