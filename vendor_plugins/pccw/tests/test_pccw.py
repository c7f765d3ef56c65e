from pathlib import Path

import pytest

from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("case", snapshot_cases(ROOT / "test_emails" / "pccw"), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


SAMPLES = ROOT / "test_emails" / "pccw"


def _parse(raw: bytes):
    from mnp_core import parse_email

    return parse_email(raw)


def _completion() -> bytes:
    return (SAMPLES / "completion_planned.eml").read_bytes()


def test_cancellation_subject_gives_cancelled():
    raw = _completion().replace(b"Subject: Completion - ", b"Subject: Cancellation - ")
    assert [e.status.value for e in _parse(raw).events] == ["CANCELLED"]


def test_ticket_comes_from_the_subject_and_the_account_from_customer_name():
    event = _parse(_completion()).events[0]
    assert event.maintenance_id == "INC0099887766CD"
    assert event.account == "Example Networks Ltd"
    assert event.parsed_vendor_circuit_id is None and event.impact is None


def test_window_zone_and_date_order_as_written():
    raw = _completion().replace(
        b"03/02/2031 22:00:00 to 04/02/2031 04:00:00 GMT (dd/mm/yyyy)",
        b"02/03/2031 22:00:00 to 02/04/2031 04:00:00 HKT (mm/dd/yyyy)",
    )
    event = _parse(raw).events[0]
    assert event.begin_window.isoformat() == "2031-02-03T14:00:00+00:00"
    assert event.end_window.isoformat() == "2031-02-03T20:00:00+00:00"


def test_calendar_notice_gives_one_event_per_object():
    message = _parse((SAMPLES / "planned_ical.eml").read_bytes())
    assert message.parser.startswith("mnp-vendor-pccw")
    assert len(message.events) == 2 and {e.status.value for e in message.events} == {"CONFIRMED"}


def test_mail_without_window_is_not_a_maintenance():
    from mnp_core import NotAMaintenance

    raw = (
        b"From: gsoc-planned-event@pccwglobal.com\r\nTo: noc@example.org\r\nSubject: Customer survey\r\n"
        b"Date: Tue, 04 Feb 2031 05:12:09 +0000\r\n\r\nCustomer Name : Example Networks Ltd\r\n"
    )
    with pytest.raises(NotAMaintenance):
        _parse(raw)
