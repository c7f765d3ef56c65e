"""Decoding: raw bytes in, a :class:`DecodedNotice` out, everything a parser reads.

The standard library splits the MIME tree; parts are sorted into bodies and attachments
by mail-parser's rules. A well-formed notice is sorted here in one pass over the parts
(:func:`_sort_parts`); one whose structure needs repair (a multipart body with no start
boundary, MIME headers in raw 8-bit) is handed to mail-parser itself, which recovers what
it can. This module adds what routing and parsers need on top: the addresses a notice may
have been forwarded from, iCalendar parts wherever they sit, attachments as bytes, and
lazily built HTML trees so that a parser that never looks at HTML never pays for one.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.errors
import email.header
import email.utils
import logging
import quopri
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from functools import cached_property
from typing import TYPE_CHECKING

import mailparser
from mailparser.utils import as_string_safe, decode_header_part, decode_headers

from .exceptions import InvalidMessage

if TYPE_CHECKING:
    from bs4 import BeautifulSoup
    from selectolax.lexbor import LexborHTMLParser

# mail-parser logs every part type it does not sort (text/calendar among them) at ERROR;
# that is expected here, since calendars are collected below.
logging.getLogger("mailparser").setLevel(logging.CRITICAL)

_ADDRESS = re.compile(r"(?<![\w.+'=-])[\w.+'=-]{1,64}@(?:[\w-]{1,63}\.){1,8}[A-Za-z]{2,24}\b")
# "From:" lines of an inline forward, as mail clients quote them in text or HTML bodies.
_FORWARDED_FROM = re.compile(r"^[\s>*]*(?:From|De|Von|Van)\s*:\s*(.{1,300})$", re.IGNORECASE | re.MULTILINE)
# An "@", written or as a character reference, in HTML source.
_MAY_HOLD_ADDRESS = re.compile(r"@|&#0*64;|&#[xX]0*40;|&commat;")
_CALENDAR_TYPES = {"text/calendar", "application/ics", "text/x-vcalendar"}
# Byte-order marks, longest first: the UTF-32 little-endian mark begins with UTF-16's.
_BYTE_ORDER_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_text(payload: bytes, charset: str | None = None) -> str:
    """Bytes to text: the declared charset, else UTF-8, else windows-1252, never an error.

    windows-1252 rather than latin-1 as the fallback: carriers' Outlook-made mails declare
    nothing or latin-1 and still use its curly quotes and dashes.
    """
    for candidate in (charset, "utf-8", "windows-1252"):
        if not candidate:
            continue
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("utf-8", errors="replace")


def _charset_from_bom(payload: bytes) -> str | None:
    """The charset a leading byte-order mark names (UTF-8, UTF-16 or UTF-32), else None.

    The codec named keeps the mark out of the text it decodes.
    """
    return next((charset for mark, charset in _BYTE_ORDER_MARKS if payload.startswith(mark)), None)


@dataclass(frozen=True)
class Attachment:
    """A non-body part: a spreadsheet, a CSV, a calendar file, an image."""

    filename: str | None
    content_type: str
    payload: bytes = field(repr=False)
    charset: str | None = None

    @property
    def text(self) -> str:
        """The payload as text: the declared charset, else the one a byte-order mark names.

        Spreadsheet exports (CSV in UTF-16, say) often declare no charset but start with a
        byte-order mark; read without it they would decode as windows-1252 nonsense.
        """
        return decode_text(self.payload, self.charset or _charset_from_bom(self.payload))

    @property
    def extension(self) -> str:
        name = (self.filename or "").lower()
        return name.rsplit(".", 1)[-1] if "." in name else ""


# An encoded "=" or a soft line break (one pass: three substring tests take longer).
_QUOTED_PRINTABLE_MARK = re.compile(r"=(?:3D|\r?\n)")


def _undo_stray_quoted_printable(html: str) -> str:
    """Decode an HTML part still quoted-printable although declared 7bit or 8bit.

    Some mailers (and notices re-sent through ticket systems) label a quoted-printable
    body as 7bit. ``=3D`` (an encoded ``=``, as in every ``<td class=3D...>``) or soft line
    breaks betray it; real HTML contains neither.
    """
    if not _QUOTED_PRINTABLE_MARK.search(html):
        return html
    return decode_text(quopri.decodestring(html.encode("utf-8", errors="surrogateescape")))


class _MailDecoder(mailparser.MailParser):
    """mail-parser, for notices whose MIME structure needs repair, without the reports
    nothing here reads.

    Its ``_reset`` parses every address, Date and Received header for its own defect
    reports, and ``_make_mail`` builds two dicts of every header; together they cost
    more than the MIME decoding itself. The part sorting (``parse``) stays mail-parser's
    own, with the defect bookkeeping it reads (a missing start boundary sends it to the
    epilogue).
    """

    def _reset(self) -> None:
        self._attachments: list[dict] = []
        self._text_plain: list[str] = []
        self._text_html: list[str] = []
        self._text_not_managed: list[str] = []
        self._defects: list[dict] = []
        self._defects_categories: set[str] = set()
        self._has_defects = False
        self._mail: dict = {}
        self._mail_partial: dict = {}

    def _make_mail(self, complete: bool = True) -> dict:
        return {}


# The headers mail-parser reads a part's layout from; raw 8-bit in any of them makes it
# decode a repaired copy, so such notices go to it (see _needs_repair).
_MIME_HEADERS = frozenset({"content-type", "content-disposition", "content-id", "content-transfer-encoding"})


# A header block the standard library's parser reads without a defect: an optional Unix
# "From " line first (a later one it may take for the body's first line), then fields
# (a name of the characters its headerRE allows, a colon, continuation lines); and the
# line breaks it splits on besides LF and CRLF.
_HEADER_BLOCK = re.compile(r"(From [^\n]*\n)?((?:[\041-\071\073-\176]+:[^\n]*\n(?:[\t ][^\n]*\n)*)+)")
_HEADER_FIELD = re.compile(r"([\041-\071\073-\176]+):([^\n]*\n(?:[\t ][^\n]*\n)*)")
_OTHER_BREAK = re.compile(r"[\x0b\x0c\x1c\x1d\x1e\x85]|\r(?!\n)")


class _IndexedMessage(Message):
    """A compat32 message that finds a header by one dict lookup instead of a scan of all.

    Notices relayed through several mail systems carry dozens of header lines, and a
    scan lower-cases every name for every lookup. The index (the first field of each
    lower-cased name) is rebuilt whenever the header list is replaced or changes length,
    and dropped by replace_header, the one method that changes the list in place.
    """

    _index: tuple[list[tuple[str, str]], int, dict[str, tuple[str, str]]] | None = None

    def _first_fields(self) -> dict[str, tuple[str, str]]:
        headers, index = self._headers, self._index
        if index is None or index[0] is not headers or index[1] != len(headers):
            first: dict[str, tuple[str, str]] = {}
            for name, value in headers:
                first.setdefault(name.lower(), (name, value))
            index = self._index = (headers, len(headers), first)
        return index[2]

    def get(self, name, failobj=None):
        found = self._first_fields().get(name.lower())
        return failobj if found is None else self.policy.header_fetch_parse(*found)

    def __contains__(self, name) -> bool:
        return name.lower() in self._first_fields()

    def replace_header(self, _name, _value) -> None:
        self._index = None
        super().replace_header(_name, _value)


def _read_message(raw: bytes) -> Message:
    """``email.message_from_bytes(raw)``, sparing the parser's line-by-line reading of the
    top-level header block.

    The parser feeds everything through line by line; a notice's headers (often dozens
    of Received lines) and a single-part body need none of that. When the header block is
    one the parser would end at the same blank line and read without a defect (every line
    a field or a continuation, no line breaks but LF and CRLF), its fields are stored as
    the parser stores them. A single-part body then becomes the payload as it stands; a
    multipart body goes through the parser with only the headers that shape it
    (Content-Type, Content-Transfer-Encoding), and what that builds (parts, preamble,
    epilogue, defects) is moved over. The message is the one the parser builds.
    """
    text = raw.decode("ascii", errors="surrogateescape")
    ends = [at for at in (text.find("\n\n"), text.find("\n\r\n")) if at >= 0]
    if ends:
        head_end = min(ends) + 1
        body_start = head_end + (1 if text[head_end] == "\n" else 2)
        head = text[:head_end]
        block = None if _OTHER_BREAK.search(head) else _HEADER_BLOCK.fullmatch(head)
        if block is not None:
            # Each field stored as the parser stores it (compat32's header_source_parse).
            message = _IndexedMessage()
            if block.group(1):
                message.set_unixfrom(block.group(1).rstrip("\r\n"))
            shaping = []
            for found in _HEADER_FIELD.finditer(block.group(2)):
                name = found.group(1)
                message.set_raw(name, found.group(2).lstrip(" \t").rstrip("\r\n"))
                if name.lower() in ("content-type", "content-transfer-encoding"):
                    shaping.append(found.group(0))
            kind = message.get_content_maintype()
            if kind == "multipart":
                body = email.message_from_string("".join(shaping) + text[head_end:])
                message.set_payload(body.get_payload())
                message.preamble, message.epilogue = body.preamble, body.epilogue
                message.defects.extend(body.defects)
                return message
            if kind != "message":
                message.set_payload(text[body_start:])
                return message
    return email.message_from_string(text)


def _needs_repair(message: Message) -> bool:
    """Whether mail-parser's recovery would sort this notice's parts differently."""
    for part in message.walk():
        if any(isinstance(d, email.errors.StartBoundaryNotFoundDefect) for d in part.defects):
            return True
        if any(not str(value).isascii() for name, value in part.raw_items() if name.lower() in _MIME_HEADERS):
            return True
    return False


def _body_text(part: Message, charset: str) -> str:
    # An unencoded part is kept as the parser read it when that is text already; bytes
    # it could not read (8-bit in a 7bit part) are decoded with the declared charset.
    encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
    if encoding in ("", "7bit", "8bit"):
        raw = part._payload
        if isinstance(raw, str):
            try:
                raw.encode("utf-8")
                return raw
            except UnicodeEncodeError:
                pass
    payload = part.get_payload(decode=True)
    if not payload:
        return ""
    try:
        text = payload.decode(charset)
        text.encode("utf-8")  # some codecs yield lone surrogates, which are not text
    except (LookupError, UnicodeError):
        text = payload.decode("utf-8", errors="replace")
    # Decoded text is composed (NFC), as mail-parser gives it: "é" is one character
    # whichever way the sender's mailer wrote it.
    return unicodedata.normalize("NFC", text)


def _attachment_bytes(part: Message) -> bytes:
    if part.is_multipart():  # an attached container is kept as its text
        return "".join(as_string_safe(inner) for inner in part.get_payload()).encode("utf-8", errors="surrogateescape")
    if str(part.get("content-transfer-encoding", "")).strip().lower() == "base64":
        try:
            encoded = part.get_payload(decode=False)
        except (LookupError, UnicodeError):
            encoded = None
        if isinstance(encoded, str):
            try:
                return base64.b64decode(encoded)
            except (binascii.Error, ValueError):
                return encoded.encode("utf-8", errors="replace")
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


@dataclass
class _Parts:
    texts: list[str] = field(default_factory=list)
    htmls: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    calendars: list[str] = field(default_factory=list)  # inline ones; attached ones are attachments
    forwarded: list[Message] = field(default_factory=list)  # the headers of attached emails

    def note(self, part: Message, content_type: str, filename: str | None) -> bool:
        """Keep a forwarded email's headers or an inline calendar; True for a calendar."""
        if content_type == "message/rfc822":
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                self.forwarded.append(payload[0])
        elif content_type in _CALENDAR_TYPES and not filename:
            raw = part.get_payload(decode=True)
            if isinstance(raw, bytes):
                self.calendars.append(decode_text(raw, part.get_content_charset()))
            return True
        return False


_MISSING = object()


# A Content-Type that states at most a charset (``text/html; charset="utf-8"``): the
# shape of nearly every body part, read without the general parameter parser.
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_SIMPLE_CONTENT_TYPE = re.compile(
    rf"\s*{_TOKEN}/{_TOKEN}\s*(?:;\s*(?i:charset)\s*=\s*(?:\"({_TOKEN})\"|({_TOKEN}))\s*)?;?\s*"
)


def _name_and_charset(part: Message) -> tuple[str | None, str | None]:
    """``part.get_filename()`` and ``part.get_content_charset()`` from one reading of the
    Content-Type parameters (each of those calls parses the whole header again)."""
    declared = part.get("content-type")
    if isinstance(declared, str) and declared.isascii() and "content-disposition" not in part:
        simple = _SIMPLE_CONTENT_TYPE.fullmatch(declared)
        if simple:
            charset = simple.group(1) or simple.group(2)
            return None, charset.lower() if charset else None
    params: dict[str, object] = {}
    for key, value in part.get_params(failobj=[]):
        params.setdefault(key.lower(), value)  # the first of a parameter given twice counts
    name = part.get_param("filename", _MISSING, "content-disposition")
    if name is _MISSING:
        name = params.get("name", _MISSING)
    filename = None if name is _MISSING else email.utils.collapse_rfc2231_value(name).strip()
    charset = params.get("charset")
    if isinstance(charset, tuple):  # RFC 2231: (charset, language, value)
        try:
            charset = str(charset[2].encode("raw-unicode-escape"), charset[0] or "us-ascii")
        except (LookupError, UnicodeError):
            charset = charset[2]
    if not isinstance(charset, str) or not charset.isascii():
        return filename, None
    return filename, charset.lower()


def _sort_parts(message: Message) -> _Parts:
    """Bodies, attachments, inline calendars and forwarded emails, in one pass, with
    bodies and attachments told apart by the rules mail-parser sorts them by.

    A part is an attachment when it has a filename, a Content-ID (unless it is text), is
    RTF, or is declared an attachment; inside an attached container every part is one.
    A named inline text part is both a body and an attachment.
    """
    parts = _Parts()
    enclosed: set[int] = set()  # parts of attached containers, by identity
    for index, part in enumerate(message.walk()):
        content_type = part.get_content_type()
        declared_name, charset = _name_and_charset(part)
        calendar = parts.note(part, content_type, declared_name)
        inside = id(part) in enclosed
        disposition = part.get_content_disposition()
        multipart = part.is_multipart()
        if multipart:
            # RFC 2183: a container's disposition covers all it holds.
            if inside or disposition not in (None, "inline") or (disposition != "inline" and declared_name):
                enclosed.update(id(inner) for inner in part.get_payload())
            if disposition != "attachment":
                continue
        subtype = content_type.partition("/")[2]
        filename = decode_header_part(declared_name) or None
        content_id = str(part.get("content-id") or "")
        if not filename:
            if content_id and subtype not in ("html", "plain"):
                filename = content_id
            elif subtype == "rtf":
                filename = f"part{index}.rtf"
            elif disposition == "attachment":
                filename = f"part{index}.txt"
        if filename:
            parts.attachments.append(Attachment(filename, content_type, _attachment_bytes(part), charset or None))
        inline_body = not inside and not multipart and disposition == "inline"
        if not calendar and (not filename or (inline_body and content_type in ("text/plain", "text/html"))):
            text = _body_text(part, charset or "utf-8")
            if text and subtype == "html":
                parts.htmls.append(text)
            elif text and subtype == "plain":
                parts.texts.append(text)
    return parts


def _address(value: str | None) -> str | None:
    if not value:
        return None
    found = _ADDRESS.search(str(value))
    return found.group(0).lower() if found else None


def _one_line(value: str | None) -> str:
    return " ".join(str(value or "").split())


class DecodedNotice:
    """A decoded email, the input of every parser.

    Attributes parsers use: ``subject``, ``sender``, ``date``, ``text`` (all text/plain
    parts), ``html`` (all text/html parts), ``calendars`` (every text/calendar part,
    inline or attached), ``attachments``, ``headers``; and, built on first use,
    ``html_tree`` (selectolax lexbor, the fast path), ``soup`` (BeautifulSoup, for parsers
    that want a tree API) and ``html_text`` (the HTML's visible text).
    """

    def __init__(self, raw: bytes | str) -> None:
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="surrogateescape")
        if not isinstance(raw, (bytes, bytearray)):
            raise InvalidMessage(f"expected bytes or str, found {type(raw).__name__}")
        self.raw = bytes(raw)
        if not self.raw.strip():
            raise InvalidMessage("expected an RFC 5322 email, found empty input")
        try:
            self.headers: Message = _read_message(self.raw)
        except Exception as exc:  # the parser can fail on hostile nesting (RecursionError)
            raise InvalidMessage(f"expected an RFC 5322 email, found undecodable input: {exc}") from exc
        if not any(True for _ in self.headers.keys()):
            raise InvalidMessage("expected an RFC 5322 email with headers, found none")
        try:
            self._decode_parts()
        except InvalidMessage:
            raise
        except Exception as exc:
            raise InvalidMessage(f"expected decodable MIME parts, found: {exc}") from exc

    # -- headers ---------------------------------------------------------------------

    def header(self, name: str) -> str:
        """A header's decoded value on one line ('' when absent or undecodable)."""
        try:
            value = self.headers.get(name)
        except Exception:
            return ""
        if value is None:
            return ""
        text = str(value)
        if "=?" not in text:  # no encoded word: decoding would give the text back
            return _one_line(text)
        try:
            decoded = str(email.header.make_header(email.header.decode_header(text)))
        except Exception:
            decoded = text
        return _one_line(decoded)

    @cached_property
    def subject(self) -> str:
        subject = decode_headers(self.headers.get_all("subject"))
        if isinstance(subject, list):  # several Subject headers: the first is the one shown
            subject = subject[0]
        return _one_line(subject) or self.header("Subject")

    @cached_property
    def sender(self) -> str | None:
        """The From address, lower-cased (None when the notice has no From)."""
        return _address(self._from_header)

    @cached_property
    def message_id(self) -> str | None:
        return self.header("Message-ID") or None

    @cached_property
    def date(self) -> datetime | None:
        """The Date header as an aware UTC time; None when absent or unreadable."""
        value = self.header("Date")
        if not value:
            return None
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)

    def iter_routing_addresses(self) -> Iterator[str]:
        """Addresses that may name the carrier, most telling first, computed lazily.

        From, then Sender, Reply-To, X-Original-From, Resent-From, then the From of each
        forwarded message (attached as message/rfc822 or quoted inline), then any other
        address in the body. The router stops at the first one it knows, so the body is
        only read for notices whose headers name no known carrier.
        """
        seen: set[str] = set()

        def fresh(values: Iterable[str | None]) -> Iterator[str]:
            for value in values:
                address = _address(value)
                if address and address not in seen:
                    seen.add(address)
                    yield address

        yield from fresh(self._header_addresses())
        yield from fresh(inner.get("From") for inner in self._forwarded_headers)
        # The HTML's text is built only when it can hold an address at all.
        body = self.text + "\n" + self.html_text if _MAY_HOLD_ADDRESS.search(self.html) else self.text
        yield from fresh(m.group(1) for m in _FORWARDED_FROM.finditer(body))
        yield from fresh(m.group(0) for m in _ADDRESS.finditer(body))

    def _header_addresses(self) -> Iterator[str]:
        # One header at a time: the router usually stops at From. From is the sender's
        # header too, read once for both.
        yield self._from_header
        for name in ("Sender", "Reply-To", "X-Original-From", "Resent-From"):
            yield self.header(name)

    @cached_property
    def _from_header(self) -> str:
        return self.header("From")

    @cached_property
    def routing_addresses(self) -> list[str]:
        """All of :meth:`iter_routing_addresses`, for display and tracing."""
        return list(self.iter_routing_addresses())

    # -- bodies ----------------------------------------------------------------------

    def _decode_parts(self) -> None:
        if _needs_repair(self.headers):
            repaired = _MailDecoder(self.headers)
            parts = _Parts(
                list(repaired.text_plain), list(repaired.text_html), [self._attachment(i) for i in repaired.attachments]
            )
            for part in self.headers.walk():
                parts.note(part, part.get_content_type(), part.get_filename())
        else:
            parts = _sort_parts(self.headers)
        self.texts: list[str] = parts.texts
        self.htmls: list[str] = [_undo_stray_quoted_printable(h) for h in parts.htmls]
        self.calendars: list[str] = parts.calendars
        self.attachments: list[Attachment] = []
        self._forwarded_headers: list[Message] = parts.forwarded
        for attachment in parts.attachments:
            self.attachments.append(attachment)
            if attachment.content_type in _CALENDAR_TYPES or attachment.extension in ("ics", "ical", "vcs"):
                # An attached calendar without a filename was already met in the walk
                # above (mail-parser lists it again under an invented name).
                if attachment.text not in self.calendars:
                    self.calendars.append(attachment.text)

    @staticmethod
    def _attachment(item: dict) -> Attachment:
        payload = item.get("payload") or ""
        if item.get("binary"):
            try:
                data = base64.b64decode(payload)
            except (binascii.Error, ValueError):
                data = payload.encode("utf-8", errors="replace")
        else:
            data = payload.encode("utf-8", errors="surrogateescape") if isinstance(payload, str) else bytes(payload)
        content_type = (item.get("mail_content_type") or "application/octet-stream").lower()
        charset = item.get("charset") or None
        return Attachment(item.get("filename"), content_type, data, charset)

    @cached_property
    def text(self) -> str:
        """Every text/plain body part, joined."""
        return "\n".join(self.texts)

    @cached_property
    def html(self) -> str:
        """Every text/html body part, joined."""
        return "\n".join(self.htmls)

    @cached_property
    def html_tree(self) -> LexborHTMLParser:
        from selectolax.lexbor import LexborHTMLParser

        return LexborHTMLParser(self.html or "<html></html>")

    @cached_property
    def soup(self) -> BeautifulSoup:
        from bs4 import BeautifulSoup

        return BeautifulSoup(self.html, "html.parser")

    @cached_property
    def html_text(self) -> str:
        """The visible text of the HTML body, one line per block."""
        if not self.html:
            return ""
        from .toolkit.html import html_to_text

        return html_to_text(self.html_tree)

    @cached_property
    def body_text(self) -> str:
        """The text body, else the HTML's visible text: what a text-minded parser reads."""
        return self.text if self.text.strip() else self.html_text

    def __repr__(self) -> str:
        return f"<DecodedNotice from={self.sender!r} subject={self.subject[:60]!r}>"
