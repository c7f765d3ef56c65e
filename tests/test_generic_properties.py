"""Forced onto any input, the generic parser returns events or raises a MaintParseException."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_properties import mutated

import mnp_core


def check(raw):
    try:
        message = mnp_core.parse_email(raw, provider="generic")
    except mnp_core.MaintParseException as exc:
        assert str(exc)
        return
    assert message.events
    for event in message.events:
        assert event.end_window >= event.begin_window
        assert event.confidence is not None and 0 <= event.confidence <= 1
    message.to_json_dict()


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
@example(b"From: a@b.example\r\n\r\nStart: 2030-01-01 00:00 UTC\r\nEnd: 2029-01-01 00:00 UTC\r\n")
@example(b"From: a@b.example\r\n\r\nWindow: 31 FEB 10:00 - 31 FEB 11:00\r\n")
@example(b"From: a@b.example\r\nDate: x\r\n\r\nUTC: MON, 17 NOV 07:00 - MON, 17 NOV 09:00\r\n")
def test_arbitrary_bytes(raw):
    check(raw)


_PIECES = st.sampled_from([
    "Start: ", "End: ", "Circuit ID: ", "Ticket: ", "2030-02-30 10:00 UTC", "31/12/2030 25:61 GMT",
    " to ", " - ", "\t", "\n", "Dear ,", "GMT+99", "Eastern", "17 NOV 07:00", "12:00 AM", "backup",
    "<table><tr><td>Start Date (GMT)</td><td>End Date</td></tr><tr><td>", "</td></tr></table>",
])


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40), st.booleans())
def test_notice_shaped_text(pieces, html):
    kind = "text/html" if html else "text/plain"
    body = "".join(pieces)
    check(f"From: noc@unknown.example\r\nSubject: maintenance\r\nContent-Type: {kind}; charset=utf-8\r\n\r\n{body}")


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_real_emails(raw):
    check(raw)
