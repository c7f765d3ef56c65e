from pathlib import Path

import pytest

from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("case", snapshot_cases(ROOT / "test_emails" / "packetfabric"), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


SAMPLES = ROOT / "test_emails" / "packetfabric"


def _parse(raw: bytes):
    from mnp_core import parse_email

    return parse_email(raw)


def test_object_impact_overrides_the_event_impact():
    message = _parse((SAMPLES / "scheduled.eml").read_bytes())
    assert message.parser.startswith("mnp-vendor-packetfabric")
    impacts = {e.parsed_vendor_circuit_id: e.impact.value for e in message.events}
    assert impacts == {"PF-CC-100200": "REDUCED-REDUNDANCY", "PF-CC-100201": "OUTAGE"}


def test_completed_status_is_kept():
    message = _parse((SAMPLES / "completed.eml").read_bytes())
    assert [e.status.value for e in message.events] == ["COMPLETED"]


def test_mail_without_calendar_is_refused():
    from mnp_core import NotAMaintenance, ParserFailed

    head = (
        b"From: support@packetfabric.com\r\nTo: ops@example.org\r\nDate: Thu, 09 Jan 2031 21:05:10 +0000\r\n"
    )
    with pytest.raises(NotAMaintenance):
        _parse(head + b"Subject: Your invoice is ready\r\n\r\nHello.\r\n")
    with pytest.raises(ParserFailed):
        _parse(head + b"Subject: PacketFabric Scheduled Maintenance PF-MW-1\r\n\r\nDetails inside.\r\n")
