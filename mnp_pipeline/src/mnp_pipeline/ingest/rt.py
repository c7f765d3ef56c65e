"""Request Tracker 5 as a notice source, through RT's REST 2.0 API.

A ticket is new while its outcome custom field (``MaintParseStatus`` by default) is empty;
``label`` comments on the ticket, then fills the field (and optionally sets a status), so the
next ``fetch_new`` skips it. The field is written last on purpose: it is the commit point, and a
crash before it means the ticket is offered again rather than silently lost.

RT does not keep an incoming email verbatim (only when it verifies or decrypts one, with GnuPG
or S/MIME enabled, does it attach the original as ``application/x-rt-original-message``, which
is preferred when present). It stores the parsed MIME tree of the Create transaction as
attachments, one per MIME entity, each with its headers and its decoded body.
``reconstruct_email`` rebuilds a MIME message from that tree, undoing what RT changed on the
way in:

* RT adds ``X-RT-Interface``, ``X-RT-Incoming-Encryption``, ``X-RT-Original-Encoding``,
  ``X-RT-Original-Content-Type``, ``X-RT-Privacy`` and ``Content-Length``: dropped;
* RT converts text bodies to UTF-8 and says the original charset in ``X-RT-Original-Encoding``:
  converted back when the text allows it, otherwise kept as UTF-8 with ``charset=utf-8``;
* RT relabels text it cannot decode as ``application/octet-stream`` and keeps the original type
  in ``X-RT-Original-Content-Type``: restored;
* RT stores bodies decoded: re-encoded with the part's own ``Content-Transfer-Encoding``;
* RT decodes RFC 2047 words in headers into raw UTF-8: re-encoded;
* RT "converts" the headers of a part whose charset is UTF-16 or UTF-32 from that charset,
  which garbles or empties them: the values that survived are decoded back.

What cannot be recovered: the order of differently named headers (RT regroups them by name in
no particular order; same-name headers such as ``Received`` keep their relative order), the original folding of
the top-level headers, MIME preambles and epilogues, a multipart with a single part (RT
collapses it into that part), the exact bytes of quoted-printable or base64 encodings, and the
headers RT emptied in a UTF-16/32 part: RT 5.0.3 turns such an attached CSV into an unnamed
``text/plain`` part (its bytes survive). Text, attachments and every header's decoded value
otherwise come back, which is what the parsers read: 68 of the project's 69 sample notices
parse to the same events after a round trip through RT; the one that does not is Colt's
UTF-16 CSV case above.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import email.header
import email.message
import email.policy
import email.utils
import logging
import quopri
import re
import ssl
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from .base import IngestError, Outcome, Ticket

log = logging.getLogger(__name__)

DEFAULT_CUSTOM_FIELD = "MaintParseStatus"

# Headers RT adds to incoming mail; a notice relayed by another RT may carry other X-RT-*
# headers of its own, which are the carrier's and stay.
_RT_ADDED_HEADERS = frozenset(
    {
        "x-rt-interface",
        "x-rt-incoming-encryption",
        "x-rt-incoming-signature",
        "x-rt-original-encoding",
        "x-rt-original-content-type",
        "x-rt-privacy",
        "x-rt-mail-extension",
        "content-length",
    }
)
_ORIGINAL_MESSAGE_TYPE = "application/x-rt-original-message"


@dataclass(frozen=True)
class RTAttachment:
    """One row of RT's Attachments table as REST 2.0 returns it."""

    id: int
    parent: int
    """0 for the top-level entity of a transaction."""
    content_type: str
    headers: str
    content: bytes
    """The body as RT stored it: decoded from its transfer encoding, text in UTF-8."""


class RequestTrackerSource:
    """Tickets of one RT queue, read and labelled over REST 2.0 with httpx."""

    name = "rt"

    def __init__(
        self,
        base_url: str,
        *,
        queue: str,
        token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        custom_field: str = DEFAULT_CUSTOM_FIELD,
        status_on: Mapping[Outcome, str] | None = None,
        page_size: int = 50,
        timeout: float = 30.0,
        verify: bool | ssl.SSLContext = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """``base_url`` is RT's web root (``http://host:port`` or ``https://host/rt``).

        Authenticate with an RT auth token, or with a user name and password (HTTP basic).
        ``status_on`` optionally maps outcomes to the ticket status ``label`` sets, e.g.
        ``{Outcome.SUCCESS: "resolved"}``. ``verify`` is httpx's: False, or an ``ssl.SSLContext``
        trusting a private CA, for an RT behind a certificate of its own.
        """
        if token is None and (username is None or password is None):
            raise ValueError("RequestTrackerSource needs a token, or a username and a password")
        if not custom_field or re.search(r"[{}'\\]", custom_field):
            raise ValueError(f"custom field name {custom_field!r} cannot be written in TicketSQL")
        if not 1 <= page_size <= 100:
            raise ValueError(f"page_size must be 1..100 (RT's REST 2.0 limit), got {page_size}")
        parts = urlsplit(base_url.rstrip("/"))
        # Credentials embedded in the URL would end up in error messages; refuse them.
        if parts.username or parts.password:
            raise ValueError("pass RT credentials as token= or username=/password=, not inside the URL")
        self.base_url = urlunsplit(parts)
        self.api_url = f"{self.base_url}/REST/2.0"
        self.queue = queue
        self.custom_field = custom_field
        self.status_on: dict[Outcome, str] = dict(status_on or {})
        self.page_size = page_size
        headers = {"Accept": "application/json"}
        auth: httpx.Auth | None = None
        if token is not None:
            headers["Authorization"] = f"token {token}"
        else:
            assert username is not None and password is not None
            auth = httpx.BasicAuth(username, password)
        self._client = httpx.Client(
            headers=headers, auth=auth, timeout=timeout, verify=verify, transport=transport, follow_redirects=False
        )

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> RequestTrackerSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RequestTrackerSource({self.base_url!r}, queue={self.queue!r})"

    # -- the protocol ------------------------------------------------------------------

    def fetch_new(self) -> Iterator[Ticket]:
        """Unlabelled tickets of the queue, oldest (lowest number) first, each with its email.

        Pages by ticket number (``id > last``) rather than by page index: the caller labels
        tickets while iterating, which shrinks the result set and would make page N skip
        tickets.
        """
        last = 0
        while True:
            query = f"Queue = {_sql_string(self.queue)} AND 'CF.{{{self.custom_field}}}' IS NULL AND id > {last}"
            page = self._get_json(
                "/tickets",
                params={"query": query, "orderby": "id", "order": "ASC", "page": 1, "per_page": self.page_size},
                expected="a page of tickets",
            )
            items = _items(page, f"{self.api_url}/tickets", "a page of tickets")
            ids = [_int_field(item, "id", f"{self.api_url}/tickets") for item in items]
            for ticket_id in ids:
                yield Ticket(source=self.name, ticket_id=str(ticket_id), raw=self.original_email(ticket_id))
            if len(ids) < self.page_size:
                return
            last = max(ids)

    def label(self, ticket: Ticket, outcome: Outcome, comment: str) -> None:
        """Comments ``comment`` on the ticket, then sets the custom field (and status)."""
        ticket_id = _ticket_number(ticket.ticket_id)
        self._request(
            "POST",
            f"/ticket/{ticket_id}/comment",
            json={"Content": comment, "ContentType": "text/plain"},
            expected="the comment to be added",
            ok=(201,),
        )
        update: dict[str, Any] = {"CustomFields": {self.custom_field: outcome.value}}
        status = self.status_on.get(outcome)
        if status:
            update["Status"] = status
        self._request("PUT", f"/ticket/{ticket_id}", json=update, expected="the ticket to be updated", ok=(200,))
        # RT answers 200 with a list of messages even when it refused a change (no right on the
        # field, the field not applied to the queue, an invalid status): read the result back.
        found = self._get_json(f"/ticket/{ticket_id}", expected="a ticket")
        values = _custom_field_values(found, self.custom_field)
        if values != [outcome.value]:
            raise IngestError(
                f"RT at {self.api_url}/ticket/{ticket_id}: expected custom field {self.custom_field!r} "
                f"to be {outcome.value!r} after labelling, found {values!r} (is the field applied to "
                f"queue {self.queue!r} and may the API user modify it?)"
            )
        if status and found.get("Status") != status:
            raise IngestError(
                f"RT at {self.api_url}/ticket/{ticket_id}: expected status {status!r} after labelling, "
                f"found {found.get('Status')!r}"
            )
        log.info("rt ticket %s labelled %s", ticket_id, outcome.value)

    # -- the original email ------------------------------------------------------------

    def original_email(self, ticket_id: int) -> bytes:
        """The email that created the ticket, rebuilt from its Create transaction.

        Each attachment is read on its own, for two reasons found in RT 5.0.3's REST 2.0: a
        collection asked for the ``Parent`` field answers 500 on a top-level attachment (its
        Parent is 0), and a collection's ``Content`` comes as text or as bytes-in-code-points
        depending on the content type, while a single attachment's is always base64.
        """
        where = f"{self.api_url}/transactions"
        found = self._search(
            "/transactions",
            [
                {"field": "ObjectType", "value": "RT::Ticket"},
                {"field": "ObjectId", "value": ticket_id},
                {"field": "Type", "value": "Create"},
            ],
            expected=f"the Create transaction of ticket {ticket_id}",
            limit=1,
        )
        if not found:
            raise IngestError(
                f"RT at {where}: expected a Create transaction for ticket {ticket_id}, found none "
                f"(may the API user see the ticket's history?)"
            )
        transaction = _int_field(found[0], "id", where)
        path = f"/transaction/{transaction}/attachments"
        listed = self._get_all(path, expected=f"the attachments of ticket {ticket_id}'s Create transaction")
        attachments = []
        for item in listed:
            attachment_id = _int_field(item, "id", self.api_url + path)
            data = self._get_json(f"/attachment/{attachment_id}", expected="an attachment")
            attachments.append(_attachment(data, f"{self.api_url}/attachment/{attachment_id}"))
        if not attachments:
            raise IngestError(
                f"RT at {self.api_url}{path}: expected the email of ticket {ticket_id}'s Create "
                f"transaction, found no attachments"
            )
        return reconstruct_email(attachments)

    def _get_all(self, path: str, *, expected: str) -> list[dict[str, Any]]:
        """Every item of a REST 2.0 collection, page by page."""
        items: list[dict[str, Any]] = []
        page_number = 1
        while True:
            page = self._get_json(path, params={"page": page_number, "per_page": 100}, expected=expected)
            batch = _items(page, self.api_url + path, expected)
            items.extend(batch)
            if len(batch) < 100:
                return items
            page_number += 1

    def _search(
        self,
        path: str,
        query: list[dict[str, Any]],
        *,
        expected: str,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Every item of a REST 2.0 JSON search, in id order, page by page."""
        items: list[dict[str, Any]] = []
        per_page = min(limit or 100, 100)
        page_number = 1
        while True:
            params: dict[str, Any] = {"page": page_number, "per_page": per_page, "orderby": "id", "order": "ASC"}
            page = self._request_json("POST", path, params=params, json=query, expected=expected)
            batch = _items(page, self.api_url + path, expected)
            items.extend(batch)
            if len(batch) < per_page or (limit is not None and len(items) >= limit):
                return items[:limit] if limit is not None else items
            page_number += 1

    # -- HTTP --------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        expected: str,
        ok: tuple[int, ...] = (200,),
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> httpx.Response:
        url = self.api_url + path
        try:
            response = self._client.request(method, url, params=params, json=json)
        except httpx.HTTPError as exc:
            # httpx's messages name the URL and the cause, never the request's headers.
            what = "could not connect" if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout) else "no answer"
            raise IngestError(f"RT at {url}: expected {expected}, {what}: {type(exc).__name__}: {exc}") from exc
        if response.status_code in (401, 403):
            raise IngestError(
                f"RT at {url}: expected {expected}, found HTTP {response.status_code} "
                f"(the token or credentials were refused, or lack the rights)"
            )
        if response.status_code not in ok:
            raise IngestError(
                f"RT at {url}: expected {expected} (HTTP {'/'.join(map(str, ok))}), found HTTP "
                f"{response.status_code}: {_snippet(response)}"
            )
        return response

    def _get_json(self, path: str, *, expected: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return self._request_json("GET", path, params=params, expected=expected)

    def _request_json(
        self, method: str, path: str, *, expected: str, params: Mapping[str, Any] | None = None, json: Any = None
    ) -> dict[str, Any]:
        response = self._request(method, path, params=params, json=json, expected=expected)
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise IngestError(
                f"RT at {self.api_url + path}: expected {expected} as a JSON object, found "
                f"{response.headers.get('content-type', 'no content type')}: {_snippet(response)}"
            )
        return data


def _attachment(item: dict[str, Any], where: str) -> RTAttachment:
    """An attachment as ``GET /attachment/:id`` returns it (Content in base64)."""
    attachment_id = _int_field(item, "id", where)
    headers = item.get("Headers")
    content = item.get("Content")
    if not isinstance(headers, str) or not (content is None or isinstance(content, str)):
        raise IngestError(f"RT at {where}: expected Headers and base64 Content, found {_keys(item)}")
    try:
        body = base64.b64decode(content or "")
    except (binascii.Error, ValueError) as exc:
        raise IngestError(f"RT at {where}: expected base64 Content, found undecodable data: {exc}") from exc
    parent = item.get("Parent")
    if isinstance(parent, dict):  # a child names its parent as a link, the top level says "0"
        parent = parent.get("id")
    try:
        parent_id = int(parent or 0)
    except (TypeError, ValueError) as exc:
        raise IngestError(f"RT at {where}: expected a Parent attachment, found {parent!r}") from exc
    return RTAttachment(
        id=attachment_id,
        parent=parent_id,
        content_type=str(item.get("ContentType") or ""),
        headers=headers,
        content=body,
    )


# -- the rebuilt email -----------------------------------------------------------------


def reconstruct_email(attachments: list[RTAttachment]) -> bytes:
    """A MIME message from the attachments of one RT transaction (see the module doc)."""
    for attachment in attachments:
        if attachment.content_type.lower() == _ORIGINAL_MESSAGE_TYPE and attachment.content:
            return attachment.content
    children: dict[int, list[RTAttachment]] = {}
    for attachment in sorted(attachments, key=lambda a: a.id):
        children.setdefault(attachment.parent, []).append(attachment)
    roots = children.get(0)
    if not roots:
        raise IngestError("RT transaction: expected a top-level attachment (Parent 0), found none")
    return _render(roots[0], children)


def _render(attachment: RTAttachment, children: dict[int, list[RTAttachment]]) -> bytes:
    fields = [f for f in _split_headers(attachment.headers) if f[0].lower() not in _RT_ADDED_HEADERS]
    original_type = _header(attachment.headers, "X-RT-Original-Content-Type")
    original_charset = _header(attachment.headers, "X-RT-Original-Encoding")
    content_type = _header_from(fields, "Content-Type")
    kids = children.get(attachment.id, [])

    if kids:
        main_type = _main_type(content_type)
        if main_type.startswith("multipart/"):
            boundary = _param(content_type, "boundary")
            if not boundary:
                boundary = f"=_mnp_{uuid.uuid4().hex}"
                fields = _set_field(fields, "Content-Type", _with_param(content_type, "boundary", boundary))
            delimiter = f"--{boundary}".encode("ascii", "replace")
            body = b"".join(delimiter + b"\n" + _render(kid, children) + b"\n" for kid in kids)
            body += delimiter + b"--\n"
        else:
            # message/rfc822 (and other message/*) hold the nested email as their one child.
            body = b"\n".join(_render(kid, children) for kid in kids)
        return _headers_bytes(fields) + b"\n" + body

    if original_charset and not _ascii_compatible(original_charset):
        # RT "converts" every header of such a part from that charset too, turning ASCII values
        # into CJK-looking garbage or dropping them; undo what can be undone. RT rewrote
        # Content-Type afterwards (as text/plain when it had lost it), so that one is kept.
        repaired = []
        for key, value in fields:
            if key.lower() != "content-type":
                value = _unmangle(value, original_charset) or ""
            if value.strip():
                repaired.append((key, value))
        fields = repaired
    content = attachment.content
    if original_type and content_type:
        # RT turned undecodable text into application/octet-stream; the bytes are untouched.
        fields = _set_field(fields, "Content-Type", _with_main_type(content_type, original_type))
        content_type = _header_from(fields, "Content-Type")
    charset = _param(content_type, "charset") if content_type else None
    if original_charset and charset and _is_utf8(charset) and not _is_utf8(original_charset):
        back = _recode(content, original_charset)
        if back is not None:
            content = back
            fields = _set_field(fields, "Content-Type", _with_param(content_type or "", "charset", original_charset))
    cte = (_header_from(fields, "Content-Transfer-Encoding") or "").strip().lower()
    if cte == "base64":
        encoded = base64.encodebytes(content)
    elif cte == "quoted-printable":
        encoded = quopri.encodestring(content)
    elif b"\0" in content:
        # Binary text (UTF-16) whose encoding header RT lost: only base64 carries NULs safely.
        encoded = base64.encodebytes(content)
        fields = _set_field(fields, "Content-Transfer-Encoding", "base64")
    else:
        encoded = content
        if cte in ("", "7bit") and not content.isascii():
            fields = _set_field(fields, "Content-Transfer-Encoding", "8bit")
    return _headers_bytes(fields) + b"\n" + encoded


def _split_headers(headers: str) -> list[tuple[str, str]]:
    """(name, raw value with its folding) for each field; RT joins them with bare LF."""
    fields: list[tuple[str, str]] = []
    for chunk in re.split(r"\r?\n(?=[^ \t])", headers.strip("\r\n")):
        if not chunk.strip():
            continue
        name, sep, value = chunk.partition(":")
        if not sep:
            continue  # not a header line; RT would not have stored one, skip rather than corrupt
        fields.append((name.strip(), value.lstrip(" ")))
    return fields


def _header(headers: str, name: str) -> str | None:
    return _header_from(_split_headers(headers), name)


def _header_from(fields: list[tuple[str, str]], name: str) -> str | None:
    for key, value in fields:
        if key.lower() == name.lower():
            return re.sub(r"\r?\n[ \t]+", " ", value).strip()
    return None


def _set_field(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    out, done = [], False
    for key, old in fields:
        if key.lower() == name.lower():
            if not done:
                out.append((key, value))
                done = True
            continue
        out.append((key, old))
    if not done:
        out.append((name, value))
    return out


def _headers_bytes(fields: list[tuple[str, str]]) -> bytes:
    return "".join(_header_line(name, value) for name, value in fields).encode("ascii")


def _header_line(name: str, value: str) -> str:
    if value.isascii() and name.isascii():
        return f"{name}: {value}".rstrip("\r\n").replace("\r\n", "\n") + "\n"
    name = name.encode("ascii", "replace").decode("ascii")
    flat = re.sub(r"\r?\n[ \t]+", " ", value).strip()
    # RT stored the decoded value; the header registry re-encodes it as RFC 2047 words,
    # display names of addresses included, as a sender's mail client would have.
    try:
        line = email.policy.default.fold(name, flat)
    except Exception:  # the registry rejects some malformed structured values
        line = ""
    if not line or not line.isascii():
        # Structured headers the registry keeps raw (MIME-Version, ...) get plain RFC 2047.
        line = f"{name}: {email.header.Header(flat, 'utf-8', header_name=name).encode()}\n"
    return line


def _scratch(content_type: str) -> email.message.Message:
    message = email.message.Message()
    message["Content-Type"] = content_type
    return message


def _main_type(content_type: str | None) -> str:
    return _scratch(content_type).get_content_type() if content_type else "text/plain"


def _param(content_type: str | None, name: str) -> str | None:
    if not content_type:
        return None
    value = _scratch(content_type).get_param(name)
    if isinstance(value, tuple):  # an RFC 2231 value
        value = email.utils.collapse_rfc2231_value(value)
    return str(value) if value else None


def _with_param(content_type: str, name: str, value: str) -> str:
    message = _scratch(content_type)
    message.set_param(name, value)
    return str(message["Content-Type"])


def _with_main_type(content_type: str, main_type: str) -> str:
    message = _scratch(content_type)
    message.set_type(main_type)
    return str(message["Content-Type"])


def _is_utf8(charset: str) -> bool:
    return charset.strip().lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-strict")


def _ascii_compatible(charset: str) -> bool:
    try:
        return "Aa1".encode(charset) == b"Aa1"
    except (LookupError, UnicodeError):
        return True  # unknown to Python: nothing we could undo anyway


def _unmangle(value: str, charset: str) -> str | None:
    """A header value RT decoded as ``charset`` (UTF-16 and the like), back as ASCII, or None."""
    name = codecs.lookup(charset).name
    # Perl's Encode reads BOM-less "UTF-16"/"UTF-32" as big-endian.
    name = {"utf-16": "utf-16-be", "utf-32": "utf-32-be"}.get(name, name)
    try:
        text = value.encode(name).decode("ascii")
    except (UnicodeError, LookupError):
        return None
    return text.rstrip("\r\n") or None


def _recode(content: bytes, charset: str) -> bytes | None:
    """UTF-8 ``content`` in ``charset`` again, or None when that charset cannot hold it."""
    try:
        codecs.lookup(charset)
        return content.decode("utf-8").encode(charset)
    except (LookupError, UnicodeError):
        return None


# -- JSON helpers ----------------------------------------------------------------------


def _items(page: dict[str, Any], url: str, expected: str) -> list[dict[str, Any]]:
    items = page.get("items")
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise IngestError(f"RT at {url}: expected {expected} with an 'items' list, found {_keys(page)}")
    return items


def _int_field(item: dict[str, Any], key: str, url: str) -> int:
    try:
        return int(item[key])
    except (KeyError, TypeError, ValueError) as exc:
        raise IngestError(f"RT at {url}: expected an item with a numeric {key!r}, found {_keys(item)}") from exc


def _custom_field_values(ticket: dict[str, Any], name: str) -> list[str] | None:
    fields = ticket.get("CustomFields")
    if not isinstance(fields, list):
        return None
    for field in fields:
        if isinstance(field, dict) and field.get("name") == name:
            values = field.get("values")
            return [str(v) for v in values] if isinstance(values, list) else None
    return None


def _keys(data: object) -> str:
    if isinstance(data, dict):
        return "keys " + ", ".join(sorted(map(str, data))[:12])
    return type(data).__name__


def _snippet(response: httpx.Response) -> str:
    text = response.text.strip().replace("\n", " ")
    return repr(text[:200]) if text else "(empty body)"


def _sql_string(value: str) -> str:
    """A TicketSQL string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _ticket_number(ticket_id: str) -> int:
    try:
        return int(ticket_id)
    except ValueError as exc:
        raise IngestError(f"expected an RT ticket number, found {ticket_id!r}") from exc
