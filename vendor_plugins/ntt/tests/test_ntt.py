from pathlib import Path

import pytest

from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("case", snapshot_cases(ROOT / "test_emails" / "ntt"), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


SAMPLES = ROOT / "test_emails" / "ntt"


def _parse(raw: bytes):
    from mnp_core import parse_email

    return parse_email(raw)


def test_calendar_is_read_by_the_ntt_package_with_each_objects_impact():
    message = _parse((SAMPLES / "scheduled_two_circuits.eml").read_bytes())
    assert message.parser.startswith("mnp-vendor-ntt")
    impacts = {e.parsed_vendor_circuit_id: e.impact.value for e in message.events}
    assert impacts == {"700100": "NO-IMPACT", "700101": "OUTAGE"}
    assert {e.provider for e in message.events} == {"ntt"}


def test_maintenance_notice_without_calendar_fails_loudly():
    from mnp_core import ParserFailed

    with pytest.raises(ParserFailed, match=r"BCOP \(X-MAINTNOTE\) iCalendar"):
        _parse((SAMPLES / "without_calendar.eml").read_bytes())


def test_other_mail_from_the_noc_is_not_a_maintenance():
    from mnp_core import NotAMaintenance

    raw = (
        b"From: noc@gin.ntt.net\r\nTo: ops@example.org\r\nSubject: [Ticket 99887] Abuse report update\r\n"
        b"Date: Tue, 15 Apr 2031 09:12:44 +0000\r\n\r\nYour ticket was updated.\r\n"
    )
    with pytest.raises(NotAMaintenance):
        _parse(raw)
