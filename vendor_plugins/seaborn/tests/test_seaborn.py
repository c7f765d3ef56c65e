from pathlib import Path

import pytest

from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("case", snapshot_cases(ROOT / "test_emails" / "seaborn"), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


SAMPLES = ROOT / "test_emails" / "seaborn"


def _parse(raw: bytes):
    from mnp_core import parse_email

    return parse_email(raw)


def _emergency() -> bytes:
    return (SAMPLES / "emergency_two_circuits.eml").read_bytes()


def test_forwarded_notice_is_routed_by_the_forwarded_sender():
    original = _emergency().split(b"\n\n", 1)[1]
    raw = (
        b"From: Transport Desk <desk@example.org>\nTo: rd-notices@example.org\n"
        b"Date: Sat, 08 Mar 2031 08:00:00 +0000\n"
        b"Subject: Fwd: [rd-notices] Re:[## 40404 ##] Emergency Maintenance Notification TT#5150\n"
        b'Content-Type: text/html; charset="UTF-8"\n\n'
        b"---------- Forwarded message ---------<br>From: NOC Seaborn &lt;noc@seabornnetworks.com&gt;<br>"
        + original
    )
    message = _parse(raw)
    assert message.provider == "seaborn"
    assert [e.maintenance_id for e in message.events] == ["5150", "5150"]


def test_cancelled_sentence_gives_cancelled():
    raw = _emergency().replace(
        b"Be advised of the following emergency maintenance:",
        b"Be advised that this maintenance has been cancelled.",
    )
    assert {e.status.value for e in _parse(raw).events} == {"CANCELLED"}


def test_no_impact_in_words():
    raw = _emergency().replace(b"Switch hits up to 5 minutes", b"No impact expected")
    assert {e.impact.value for e in _parse(raw).events} == {"NO-IMPACT"}


def test_mangled_bytes_around_the_circuit_are_dropped():
    raw = _emergency().replace(b"Circuit impacted:SBN", "Circuit impacted:\u00aa\u00a1SBN".encode())
    circuits = [e.parsed_vendor_circuit_id for e in _parse(raw).events]
    assert circuits == ["SBN-XXXXX-YYYYY-0001", "SBN-XXXXX-YYYYY-0002"]


def test_notice_without_ticket_fails():
    from mnp_core import ParserFailed

    raw = _emergency().replace(b"Seaborn Ticket number:5150", b"").replace(b" TT#5150", b"")
    with pytest.raises(ParserFailed):
        _parse(raw)
