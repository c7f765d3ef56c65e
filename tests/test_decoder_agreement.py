"""The one-pass part sorter agrees with mail-parser's on every notice it handles.

DecodedNotice sorts a well-formed notice's parts itself (bodies, attachments) and hands
only notices needing repair to mail-parser; these properties hold the two to the same
answer on the project's samples, the shared corpus, and mutations of both.
"""

from __future__ import annotations

import email
import email.errors
import email.message

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_properties import REAL, mutated

from mnp_core.message import (
    DecodedNotice,
    _IndexedMessage,
    _MailDecoder,
    _name_and_charset,
    _needs_repair,
    _read_message,
    _sort_parts,
)


def _outcome(sort):
    try:
        return sort()
    except Exception as exc:  # both sides must fail alike: the kind is what is compared
        return type(exc).__name__


def _attachments(attachments):
    # mail-parser invents random names for unnamed RTF and attached text; compare kinds.
    return [(a.content_type, a.payload, a.charset, a.extension) for a in attachments]


def _fast(raw: bytes):
    parts = _sort_parts(email.message_from_bytes(raw))
    return parts.texts, parts.htmls, _attachments(parts.attachments)


def _reference(raw: bytes):
    decoded = _MailDecoder(email.message_from_bytes(raw))
    attachments = [DecodedNotice._attachment(item) for item in decoded.attachments]
    return list(decoded.text_plain), list(decoded.text_html), _attachments(attachments)


def _sortable(raw: bytes) -> bool:
    try:
        message = email.message_from_bytes(raw)
        return any(True for _ in message.keys()) and not _needs_repair(message)
    except Exception:
        return False


@pytest.mark.parametrize("index", range(len(REAL)))
def test_real_notices_sort_alike(index):
    raw = REAL[index]
    assert _sortable(raw)
    assert _outcome(lambda: _fast(raw)) == _outcome(lambda: _reference(raw))


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_notices_sort_alike(raw):
    assume(_sortable(raw))
    assert _outcome(lambda: _fast(raw)) == _outcome(lambda: _reference(raw))


def test_a_notice_missing_its_start_boundary_goes_to_mail_parser():
    raw = (
        b"From: noc@carrier.example\r\nSubject: Planned work\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/alternative; boundary="b1"\r\n\r\n'
        b"no boundary line follows\r\nContent-Type: text/plain\r\n\r\nWindow: 02:00-04:00 UTC\r\n"
    )
    message = email.message_from_bytes(raw)
    assert _needs_repair(message)
    notice = DecodedNotice(raw)
    assert notice.subject == "Planned work"


_PARAMETER = st.sampled_from(
    [
        'name="a.csv"',
        "name=b.ics",
        "NAME=c",
        "charset=UTF-8",
        'charset="iso-8859-1"',
        "charset*=utf-8''%C3%A9",
        "name*=utf-8''r%C3%A9seau.xlsx",
        "name*0=part; name*1=two.txt",
        "charset=",
        "charset=caf\u00e9",
        "filename=d.txt",
        "filename*=iso-8859-1''%E9t%E9.csv",
        'x="y;z"',
        "charset=utf-8",
        "CHARSET = UTF-8",
        'charset="utf-8',
        "charset=utf-8;",
        "charset*=utf-8",
        " charset=\n\tus-ascii",
        "name=",
        ";",
        "==",
        '"',
    ]
)


@given(
    st.lists(_PARAMETER, max_size=4).map("; ".join),
    st.one_of(st.none(), st.lists(_PARAMETER, max_size=3).map(lambda ps: "; ".join(["attachment", *ps]))),
)
def test_name_and_charset_read_as_the_standard_library_reads_them(type_params, disposition):
    raw = f"Content-Type: text/plain; {type_params}\n".encode()
    if disposition is not None:
        raw += f"Content-Disposition: {disposition}\n".encode()
    part = email.message_from_bytes(raw + b"\nbody\n")
    # Both may fail alike: the standard library cannot order "name*" beside "name*0".
    assert _outcome(lambda: _name_and_charset(part)) == _outcome(
        lambda: (part.get_filename(), part.get_content_charset())
    )


def _parsed(message):
    return (
        message.as_string(),
        message.items(),
        message.get_unixfrom(),
        [type(defect).__name__ for part in message.walk() for defect in part.defects],
    )


def _read_alike(raw: bytes) -> None:
    assert _outcome(lambda: _parsed(_read_message(raw))) == _outcome(lambda: _parsed(email.message_from_bytes(raw)))


@pytest.mark.parametrize("index", range(len(REAL)))
def test_real_notices_are_read_as_the_standard_library_reads_them(index):
    _read_alike(REAL[index])


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_notices_are_read_as_the_standard_library_reads_them(raw):
    _read_alike(raw)


_HEAD_LINE = st.sampled_from(
    [
        "From: a@b.c",
        "Subject: x",
        "Content-Type: text/plain",
        "Content-Type: multipart/mixed; boundary=b",
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Type: multipart/digest; boundary=b",
        "Content-type:\n\tmessage/rfc822",
        " folded",
        "\tfolded",
        "From x@y Mon Jan  1 00:00:00 2001",
        "no colon here",
        ": empty name",
        "X-\x0cFeed: 1",
        "X-Cr: a\rb",
        "Name :x",
        "X:",
        "Subject:no-space",
        "X-8bit: caf\xe9",
        "Subject:   \t spaced",
        "MIME-Version: 1.0",
        "",
    ]
)


_BODY_LINE = st.sampled_from(
    [
        "--b",
        "--b--",
        "--c",
        "Content-Type: text/plain",
        "Content-Type: multipart/alternative; boundary=c",
        "Content-Transfer-Encoding: base64",
        "",
        "text",
        "From x",
        "=3D",
    ]
)


@given(
    st.lists(_HEAD_LINE, max_size=6),
    st.sampled_from(["\n", "\r\n"]),
    st.one_of(st.text(max_size=40), st.lists(_BODY_LINE, max_size=12).map("\n".join)),
)
def test_header_blocks_of_any_shape_are_read_as_the_standard_library_reads_them(lines, newline, body):
    raw = (newline.join(lines) + newline + newline + body).encode("utf-8", errors="surrogateescape")
    _read_alike(raw)


_NAME_LIST = ["Subject", "subject", "From", "Content-Type", "content-type", "X-A", "Received", "Date"]
_NAMES = st.sampled_from(_NAME_LIST)
_OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("set"), _NAMES, st.sampled_from(["a", "text/plain", "b\udce9"])),
        st.tuples(st.just("del"), _NAMES, st.just("")),
        st.tuples(st.just("replace"), _NAMES, st.sampled_from(["c", "multipart/mixed; boundary=x"])),
        st.tuples(st.just("raw"), _NAMES, st.just("d")),
        st.tuples(st.just("param"), st.just("Content-Type"), st.sampled_from(["utf-8", "latin-1"])),
        st.tuples(st.just("boundary"), st.just("Content-Type"), st.just("zz")),
        st.tuples(st.just("read"), _NAMES, st.just("")),
    ),
    max_size=12,
)


@given(
    st.lists(st.tuples(_NAMES, st.sampled_from(["1", "2", "text/html; charset=x", "v\udce9"])), max_size=6), _OPERATIONS
)
def test_an_indexed_message_answers_as_a_plain_one(fields, operations):
    plain, indexed = email.message.Message(), _IndexedMessage()
    for message in (plain, indexed):
        for name, value in fields:
            message.set_raw(name, value)

    def answers(message):
        return [(name, str(message.get(name)), name in message, message[name] is None) for name in _NAME_LIST]

    def apply(message, kind, name, value):
        if kind == "set":
            message[name] = value
        elif kind == "del":
            del message[name]
        elif kind == "replace":
            message.replace_header(name, value)
        elif kind == "raw":
            message.set_raw(name, value)
        elif kind == "param":
            message.set_param("charset", value)
        elif kind == "boundary":
            message.set_boundary(value)

    for kind, name, value in operations:
        outcomes = [_outcome(lambda m=message, op=(kind, name, value): apply(m, *op)) for message in (plain, indexed)]
        assert outcomes[0] == outcomes[1]
        assert answers(indexed) == answers(plain)
    assert indexed.as_string() == plain.as_string()
