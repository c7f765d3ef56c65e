"""Netflix parser: snapshots of sample notices and the behaviours they rest on."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from mnp_vendor_netflix import synthetic_maintenance_id

from mnp_core import Impact, NotAMaintenance, ParserFailed, Status, parse_email
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "netflix"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _notice(
    subject: str = "Netflix Open Connect - Scheduled Maintenance - Site X", downtime: str = "45 minutes"
) -> bytes:
    return f"""From: cdnetops@saasmail.netflix.com
Subject: {subject}
Content-Type: text/plain; charset="utf-8"

Example Net (AS65010),

    Netflix (AS2906) will be performing scheduled maintenance in Site X, at 2025-02-03 09:15:00+00:00 UTC.

    Expected downtime will be approximately {downtime}.  Traffic will be restored shortly thereafter.

    Your IPs:
    192.0.2.10

    Thank you,
""".encode()


def test_window_is_start_plus_expected_downtime():
    (event,) = parse_email(_notice()).events
    assert event.begin_window == datetime(2025, 2, 3, 9, 15, tzinfo=UTC)
    assert event.end_window == datetime(2025, 2, 3, 10, 0, tzinfo=UTC)
    assert (event.account, event.parsed_vendor_circuit_id, event.impact) == ("AS65010", "192.0.2.10", Impact.OUTAGE)
    assert event.status is Status.CONFIRMED


def test_cancelled_subject():
    (event,) = parse_email(_notice("Netflix Open Connect - Cancelled: Scheduled Maintenance - Site X")).events
    assert event.status is Status.CANCELLED


def test_synthetic_id_is_stable_and_ignores_the_downtime():
    first = parse_email(_notice(downtime="45 minutes")).events[0].maintenance_id
    again = parse_email(_notice(downtime="2 hours")).events[0].maintenance_id
    start = datetime(2025, 2, 3, 9, 15, tzinfo=UTC)
    assert first == again == synthetic_maintenance_id("AS65010", "Site X", start, ["192.0.2.10"])
    assert first != synthetic_maintenance_id("AS65010", "Site Y", start, ["192.0.2.10"])


def test_every_ip_is_an_event():
    events = parse_email((SAMPLES / "scheduled_three_ips.eml").read_bytes()).events
    assert [e.parsed_vendor_circuit_id for e in events] == ["198.51.100.17", "198.51.100.18", "2001:db8:7f::17"]
    assert len({e.maintenance_id for e in events}) == 1


def test_other_netflix_mail_is_not_a_maintenance():
    raw = b"From: cdnetops@netflix.com\nSubject: Peering request\n\nHello, we would like to peer with you at AMS-IX."
    with pytest.raises(NotAMaintenance):
        parse_email(raw)


def test_missing_downtime_fails():
    with pytest.raises(ParserFailed):
        parse_email(_notice(downtime="a while"))


def test_the_zone_named_after_the_offset_is_read():
    raw = _notice().replace(b"2025-02-03 09:15:00+00:00 UTC", b"2025-02-03 09:15:00+01:00 CET")
    (event,) = parse_email(raw).events
    assert event.begin_window == datetime(2025, 2, 3, 8, 15, tzinfo=UTC)


def test_an_impossible_start_is_refused_as_written():
    raw = _notice().replace(b"2025-02-03 09:15:00+00:00 UTC", b"2025-02-30 09:15:00+00:00 UTC")
    with pytest.raises(ParserFailed, match=r"2025-02-30 09:15:00\+00:00 UTC"):
        parse_email(raw)
