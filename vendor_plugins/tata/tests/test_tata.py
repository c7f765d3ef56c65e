from pathlib import Path

import pytest

from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("case", snapshot_cases(ROOT / "test_emails" / "tata"), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


SAMPLES = ROOT / "test_emails" / "tata"


def _parse(raw: bytes):
    from mnp_core import parse_email

    return parse_email(raw)


def _scheduled() -> bytes:
    return (SAMPLES / "scheduled.eml").read_bytes()


def test_gmt_window_is_read_not_the_local_one():
    events = _parse(_scheduled()).events
    assert {(e.begin_window.isoformat(), e.end_window.isoformat()) for e in events} == {
        ("2031-06-09T23:00:00+00:00", "2031-06-10T05:00:00+00:00")
    }
    assert [e.parsed_vendor_circuit_id for e in events] == ["X098765432109876543", "Y098765432109876543"]


def test_cancelled_activity_status():
    raw = _scheduled().replace(b">Scheduled<", b">Cancelled<")
    assert {e.status.value for e in _parse(raw).events} == {"CANCELLED"}


def test_extended_end_replaces_the_window_end():
    extension = (
        b"<tr><td><span>Extended up to Time Window (GMT)</span></td>"
        b"<td><span>2031-06-10 07:00:00 GMT</span></td></tr>\n"
    )
    raw = _scheduled().replace(b"</tbody>\n</table>\n</body>", extension + b"</tbody>\n</table>\n</body>")
    raw = raw.replace(b'"Scheduled" / Planned Work', b'"Extension" / Planned Work')
    events = _parse(raw).events
    assert {e.end_window.isoformat() for e in events} == {"2031-06-10T07:00:00+00:00"}
    assert {e.status.value for e in events} == {"RE-SCHEDULED"}


def test_text_only_notice():
    text = (
        "Ticket Reference - TCL\tCHGP0000001\nService ID\tZ1\nActivity Status\tCompleted\n"
        "Activity Window (GMT)\t2031-01-01 01:00:00 GMT to 2031-01-01 02:00:00 GMT\n"
        "Expected Impact Duration(DD:HH:MM) :\t00:00:00\n"
    )
    raw = (
        "From: Do-Not-Reply@tatacommunications.com\nTo: noc@example.org\n"
        'Subject: TCL TT: "CHGP0000001" / "Normal" / "Completed" / Planned Work Notification\n'
        "Date: Thu, 01 Jan 2031 03:00:00 +0000\n\n" + text
    ).encode()
    [event] = _parse(raw).events
    assert (event.maintenance_id, event.status.value, event.impact.value) == (
        "CHGP0000001",
        "COMPLETED",
        "NO-IMPACT",
    )


def test_notice_without_window_fails():
    from mnp_core import ParserFailed

    raw = (
        _scheduled()
        .replace(b"Activity Window (GMT)", b"Activity Note")
        .replace(b"Activity Window (IST)", b"Activity Remark")
    )
    with pytest.raises(ParserFailed):
        _parse(raw)
