from pathlib import Path

import pytest

from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("case", snapshot_cases(ROOT / "test_emails" / "sparkle"), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


SAMPLES = ROOT / "test_emails" / "sparkle"


def _parse(raw: bytes):
    from mnp_core import parse_email

    return parse_email(raw)


def _two_windows() -> bytes:
    return (SAMPLES / "two_windows_two_circuits.eml").read_bytes()


def test_each_window_is_its_own_event_never_merged():
    events = _parse(_two_windows()).events
    windows = sorted({(e.begin_window.isoformat(), e.end_window.isoformat()) for e in events})
    assert windows == [
        ("2031-09-21T02:00:00+00:00", "2031-09-21T06:00:00+00:00"),
        ("2031-09-22T02:00:00+00:00", "2031-09-22T06:00:00+00:00"),
    ]
    assert len(events) == 4


def test_one_ticket_for_several_windows():
    raw = _two_windows().replace(b"4040404&nbsp;/ 50505", b"4040404")
    events = _parse(raw).events
    assert {e.maintenance_id for e in events} == {"4040404"} and len(events) == 4


def test_day_first_dates_are_recognised():
    raw = _two_windows().replace(b"09/21/2031", b"21/09/2031").replace(b"09/22/2031", b"22/09/2031")
    begins = sorted({e.begin_window.isoformat() for e in _parse(raw).events})
    assert begins == ["2031-09-21T02:00:00+00:00", "2031-09-22T02:00:00+00:00"]


def test_cancellation_with_no_impact():
    events = _parse((SAMPLES / "cancelled.eml").read_bytes()).events
    assert [(e.status.value, e.impact.value) for e in events] == [("CANCELLED", "NO-IMPACT")]


def test_mail_without_ticket_is_not_a_maintenance():
    from mnp_core import NotAMaintenance

    raw = (
        b"From: TISAmericaNOC@tisparkle.com\r\nTo: noc@example.org\r\nSubject: New NOC e-mail address\r\n"
        b"Date: Mon, 08 Sep 2031 14:02:11 -0300\r\nContent-Type: text/html\r\n\r\n"
        b"<p>Please update your contacts.</p>\r\n"
    )
    with pytest.raises(NotAMaintenance):
        _parse(raw)
