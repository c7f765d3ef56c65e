"""Whatever arrives, parse_email returns a MaintMessageObj or raises a MaintParseException.

Run with at least 2,000 examples per property in CI (the "ci" hypothesis profile).
"""

from __future__ import annotations

import re

from corpus_paths import CORPUS_CASES, ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import mnp_core

SAMPLES = sorted(p for p in (ROOT / "test_emails").rglob("*") if p.suffix in (".eml", ".txt"))
REAL = [p.read_bytes() for p in [*SAMPLES, *CORPUS_CASES]]


def check(raw):
    try:
        message = mnp_core.parse_email(raw)
    except mnp_core.MaintParseException as exc:
        assert str(exc)  # every error says something
        return
    assert message.events
    for event in message.events:
        assert event.begin_window.utcoffset().total_seconds() == 0
        assert event.end_window >= event.begin_window
    message.to_json_dict()


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
@example(b"")
@example(b"From: x\r\n\r\n")
@example(b"Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n")
@example(b"Content-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\nX-MAINTNOTE-ACCOUNT:1\r\n")
def test_arbitrary_bytes(raw):
    check(raw)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2048))
def test_arbitrary_text(raw):
    check(raw)


def _drop_headers(raw: bytes, names: list[str]) -> bytes:
    head, sep, body = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
    pattern = re.compile(rb"^(?:" + b"|".join(re.escape(n.encode()) for n in names) + rb"):.*(?:\r?\n[ \t].*)*\r?\n?",
                         re.IGNORECASE | re.MULTILINE)
    return pattern.sub(b"", head) + sep + body


HEADER_NAMES = ["From", "Date", "Subject", "Content-Type", "Content-Transfer-Encoding", "MIME-Version",
                "Message-ID", "Reply-To", "To"]


@st.composite
def mutated(draw):
    raw = draw(st.sampled_from(REAL))
    kind = draw(st.sampled_from(["truncate", "drop_headers", "reencode", "flip", "splice", "charset"]))
    if kind == "truncate":
        return raw[: draw(st.integers(0, len(raw)))]
    if kind == "drop_headers":
        return _drop_headers(raw, draw(st.lists(st.sampled_from(HEADER_NAMES), min_size=1, max_size=4)))
    if kind == "reencode":
        codec = draw(st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-32", "ascii", "koi8-r"]))
        return raw.decode("utf-8", errors="replace").encode(codec, errors="replace")
    if kind == "flip":
        data = bytearray(raw)
        for _ in range(draw(st.integers(1, 20))):
            if data:
                data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if kind == "splice":
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + draw(st.binary(min_size=1, max_size=64)) + raw[at:]
    return re.sub(rb"charset=\"?[\w-]+\"?", b"charset=" + draw(st.sampled_from([b"x-unknown", b"utf-7", b'""', b"utf-8"])), raw)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_real_emails(raw):
    check(raw)
