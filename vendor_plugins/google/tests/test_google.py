"""Google NOC notices: snapshots of the samples, and the behaviours they rest on."""

from __future__ import annotations

from pathlib import Path

import pytest

from mnp_core import NotAMaintenance, ParserFailed, Status, parse_email
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "google"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Scheduled", Status.CONFIRMED),
        ("Rescheduled", Status.RE_SCHEDULED),
        ("Completed", Status.COMPLETED),
        ("Cancelled", Status.CANCELLED),
    ],
)
def test_status_is_the_bracketed_subject_word(word, status):
    raw = _sample("canceled.eml").replace(b"Subject: [Canceled]", f"Subject: [{word}]".encode())
    assert {e.status for e in parse_email(raw).events} == {status}


def test_each_bgp_session_is_a_circuit_and_the_peer_asn_the_account():
    events = parse_email(_sample("scheduled_three_sessions.eml")).events
    assert [e.parsed_vendor_circuit_id for e in events] == [
        "198.51.100.1-198.51.100.2",
        "2001:db8:77::1-2001:db8:77::2",
        "203.0.113.9-203.0.113.10",
    ]
    assert {e.account for e in events} == {"64512"}


def test_wrapped_plain_text_alone_is_enough():
    raw = _sample("scheduled_three_sessions.eml")
    text_only = raw.split(b"Content-Type: text/html")[0]
    events = parse_email(text_only).events
    assert len(events) == 3


def test_mail_without_reference_and_times_is_not_a_maintenance():
    raw = b"From: Google NOC <noc-noreply@google.com>\r\nSubject: Peering survey\r\n\r\nTell us how we do."
    with pytest.raises(NotAMaintenance):
        parse_email(raw)


def test_notice_naming_no_session_fails():
    raw = (
        b"From: Google NOC <noc-noreply@google.com>\r\n"
        b"Subject: [Scheduled] Maintenance - Reference PCR/1\r\n\r\n"
        b"Start Time: 2026-01-01 00:00:00 +0000 UTC\n"
        b"End Time: 2026-01-01 01:00:00 +0000 UTC\nPeer ASN: 64500\n"
    )
    with pytest.raises(ParserFailed):
        parse_email(raw)


def _times(start: str) -> bytes:
    return (
        b"From: Google NOC <noc-noreply@google.com>\r\n"
        b"Subject: [Scheduled] Maintenance - Reference PCR/1\r\n\r\n"
        + f"Start Time: {start}\nEnd Time: 2026-01-02 01:00:00 +0000 UTC\n".encode()
        + b"Peer ASN: 64500\nGoogle Neighbor Address(es): 192.0.2.1 Peer Neighbor Address(es): 192.0.2.0\n"
    )


def test_times_are_read_in_the_zone_go_names():
    (event,) = parse_email(_times("2026-01-01 19:00:00 -0500 EST")).events
    assert event.begin_window.isoformat() == "2026-01-02T00:00:00+00:00"


def test_an_impossible_time_is_refused_as_written():
    with pytest.raises(ParserFailed, match=r"2026-02-30 19:00:00 \+0000 UTC"):
        parse_email(_times("2026-02-30 19:00:00 +0000 UTC"))
