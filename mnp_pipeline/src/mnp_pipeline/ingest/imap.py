"""Notices from an IMAP mailbox (standard library ``imaplib``).

How the mailbox remembers what was done
---------------------------------------
* **Keywords** (the default): ``label`` sets an IMAP keyword named after the outcome
  (``MaintParseSuccess``, ``MaintParseException`` or ``MaintIgnored``) and clears the two
  others; ``fetch_new`` is ``UID SEARCH UNDELETED UNKEYWORD ... UNKEYWORD ...``, i.e. every
  message without any of the three. Mail clients show keywords as tags, so an operator sees
  the outcome next to the notice. The mailbox must allow keywords (``PERMANENTFLAGS`` with
  ``\\*``); when it does not, ``IngestError`` says so and ``move_to`` is the way out.
* **Folder moves**: ``move_to={"MaintParseSuccess": "Processed", ...}`` moves a labelled
  message to the folder of its outcome, with ``MOVE`` when the server advertises it, else
  ``COPY`` + ``\\Deleted`` + ``UID EXPUNGE`` (plain ``EXPUNGE`` without UIDPLUS). The keyword
  is set too when the mailbox allows keywords, before the move, so the message carries its
  outcome into the folder and a crash between the two steps still leaves it labelled.
  Outcomes missing from ``move_to`` keep only the keyword and stay where they are. A missing
  target folder is created on first use (the server's ``[TRYCREATE]`` answer).

The ticket id is ``<UIDVALIDITY>:<UID>``: a UID alone is reused when a mailbox is rebuilt,
and the server then announces a new UIDVALIDITY, so an old id can never label a new message.

The email is fetched with ``BODY.PEEK[]``, which leaves ``\\Seen`` alone: a person reading the
same mailbox still sees the notice as unread. The bytes are exactly what the server holds;
IMAP itself transfers lines ending in CRLF, so a message delivered with LF line ends comes
back with CRLF ones, nothing else changes.

The comment
-----------
IMAP cannot attach a note to a message. The comment is always the pipeline database's to
keep (it stores the outcome and comment of each ticket); in addition, with
``report_mailbox="Reports"`` every ``label`` appends a short ``text/plain`` report to that
folder, threaded to the notice (``In-Reply-To``/``References``) and titled
``[<outcome>] <notice subject>``, so an operator browsing the mailbox sees why a notice
failed without the database. The report folder may not be the watched mailbox, or the
reports would come back as notices.

Errors (connection refused, TLS, login, missing mailbox, mailbox rebuilt) raise
``IngestError`` naming the server, user and mailbox and what was expected and found. The
password is never put into a message, a repr or a log line.
"""

from __future__ import annotations

import imaplib
import re
import socket
import ssl
from collections.abc import Callable, Iterator, Mapping
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from typing import Literal

from .base import IngestError, Outcome, Ticket

Security = Literal["ssl", "starttls", "plain"]

_DEFAULT_PORTS: dict[str, int] = {"ssl": 993, "starttls": 143, "plain": 143}
_KEYWORDS: tuple[str, ...] = tuple(outcome.value for outcome in Outcome)


def _quote(mailbox: str) -> str:
    """An IMAP quoted string (imaplib sends most arguments verbatim)."""
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check_mailbox_name(name: str, what: str) -> str:
    # imaplib does not encode modified UTF-7 (RFC 3501 5.1.3); refuse rather than send a
    # name the server would read as another folder.
    if not name or not name.isascii() or "&" in name:
        raise ValueError(f"{what} must be a non-empty ASCII folder name without '&', found {name!r}")
    return name


def _text(data: list[bytes | tuple[bytes, bytes] | None]) -> str:
    parts: list[str] = []
    for item in data:
        if isinstance(item, bytes):
            parts.append(item.decode("utf-8", "replace"))
        elif isinstance(item, tuple):
            parts.append(item[0].decode("utf-8", "replace"))
    return " ".join(parts) or "(nothing)"


class ImapSource:
    """A mailbox on an IMAP server as a ``HelpdeskSource``.

    One connection is opened on first use and kept; it is reopened when the server dropped
    it. ``close()`` (or ``with ImapSource(...) as source:``) logs out.
    """

    def __init__(
        self,
        host: str,
        user: str,
        password: str,
        *,
        port: int | None = None,
        mailbox: str = "INBOX",
        security: Security = "ssl",
        ssl_context: ssl.SSLContext | None = None,
        move_to: Mapping[Outcome | str, str] | None = None,
        report_mailbox: str | None = None,
        report_from: str = "mnp pipeline <mnp-pipeline@localhost>",
        timeout: float = 30.0,
        name: str = "imap",
    ) -> None:
        if security not in _DEFAULT_PORTS:
            raise ValueError(f"security must be one of {sorted(_DEFAULT_PORTS)}, found {security!r}")
        self.name = name
        self.host = host
        self.port = port if port is not None else _DEFAULT_PORTS[security]
        self.user = user
        self._password = password
        self.mailbox = _check_mailbox_name(mailbox, "mailbox")
        self.security: Security = security
        self._ssl_context = ssl_context
        self.timeout = timeout
        self.move_to: dict[Outcome, str] = {}
        for key, folder in (move_to or {}).items():
            try:
                outcome = Outcome(key)
            except ValueError:
                raise ValueError(f"move_to keys must be outcomes {list(_KEYWORDS)}, found {key!r}") from None
            if folder == mailbox:
                raise ValueError(f"move_to[{outcome.value!r}] is the watched mailbox {mailbox!r} itself")
            self.move_to[outcome] = _check_mailbox_name(folder, f"move_to[{outcome.value!r}]")
        if report_mailbox is not None:
            _check_mailbox_name(report_mailbox, "report_mailbox")
            if report_mailbox == mailbox:
                raise ValueError(
                    f"report_mailbox is the watched mailbox {mailbox!r}: reports would be fetched as notices"
                )
        self.report_mailbox = report_mailbox
        self.report_from = report_from
        self._conn: imaplib.IMAP4 | None = None
        self._capabilities: frozenset[str] = frozenset()
        self._uidvalidity: int = 0
        self._keywords_allowed = False

    def __repr__(self) -> str:
        return f"ImapSource({self.user}@{self.host}:{self.port}/{self.mailbox}, security={self.security})"

    def __enter__(self) -> ImapSource:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def _where(self) -> str:
        return f"IMAP {self.user}@{self.host}:{self.port} mailbox {self.mailbox!r}"

    # The connection.

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.logout()
        except (imaplib.IMAP4.error, OSError):
            pass  # already gone: nothing left to release

    def _open(self) -> imaplib.IMAP4:
        where = f"IMAP server {self.host}:{self.port}"
        try:
            if self.security == "ssl":
                context = self._ssl_context or ssl.create_default_context()
                conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=context, timeout=self.timeout)
            else:
                conn = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
        except ssl.SSLError as exc:
            raise IngestError(f"{where}: expected a TLS handshake (security='ssl'), found: {exc}") from exc
        except (OSError, imaplib.IMAP4.error) as exc:
            reason = "connection refused" if isinstance(exc, ConnectionRefusedError) else f"{type(exc).__name__}: {exc}"
            if isinstance(exc, socket.timeout):
                reason = f"no answer within {self.timeout}s"
            raise IngestError(f"{where}: expected an IMAP server, found {reason}") from exc
        try:
            if self.security == "starttls":
                if "STARTTLS" not in conn.capabilities:
                    raise IngestError(
                        f"{where}: expected STARTTLS among the capabilities, found {' '.join(conn.capabilities)}"
                    )
                conn.starttls(self._ssl_context or ssl.create_default_context())
            try:
                conn.login(_quote(self.user), self._password)
            except imaplib.IMAP4.error as exc:
                # The server's answer names no password; imaplib's debug output would, so
                # imaplib debugging stays off here.
                answer = exc.args[0] if exc.args else ""
                if isinstance(answer, bytes):
                    answer = answer.decode("utf-8", "replace")
                raise IngestError(f"{where}: expected the login as {self.user!r} to succeed, found: {answer}") from None
            typ, data = conn.capability()
            self._capabilities = frozenset(word.upper() for word in _text(data).split())
            self._select(conn)
        except IngestError:
            self._drop(conn)
            raise
        except (OSError, imaplib.IMAP4.error) as exc:
            self._drop(conn)
            raise IngestError(f"{where}: the session failed after connecting: {type(exc).__name__}: {exc}") from exc
        return conn

    @staticmethod
    def _drop(conn: imaplib.IMAP4) -> None:
        try:
            conn.shutdown()
        except OSError:
            pass

    def _select(self, conn: imaplib.IMAP4) -> None:
        typ, data = conn.select(_quote(self.mailbox))
        if typ != "OK":
            found = ", ".join(self._list_mailboxes(conn)) or "none"
            raise IngestError(
                f"{self._where}: expected the mailbox to exist, the server answered {_text(data)!r}; "
                f"mailboxes found: {found}"
            )
        _, validity = conn.response("UIDVALIDITY")
        _, permanent = conn.response("PERMANENTFLAGS")
        try:
            self._uidvalidity = int(_text(validity))
        except ValueError:
            raise IngestError(f"{self._where}: expected a UIDVALIDITY on SELECT, found {_text(validity)!r}") from None
        flags = _text(permanent)
        self._keywords_allowed = "\\*" in flags or all(keyword in flags for keyword in _KEYWORDS)
        if not self._keywords_allowed and len(self.move_to) < len(_KEYWORDS):
            raise IngestError(
                f"{self._where}: expected a mailbox that accepts the keywords {' '.join(_KEYWORDS)} "
                f"(PERMANENTFLAGS with \\*), found PERMANENTFLAGS {flags}; "
                "configure move_to for every outcome instead"
            )

    @staticmethod
    def _list_mailboxes(conn: imaplib.IMAP4) -> list[str]:
        try:
            typ, data = conn.list()
        except imaplib.IMAP4.error:
            return []
        names: list[str] = []
        for item in data:
            line = item if isinstance(item, bytes) else item[0] if isinstance(item, tuple) else b""
            match = re.match(rb'\([^)]*\) (?:"(?:[^"\\]|\\.)*"|NIL) (.*)$', line)
            if match:
                names.append(match.group(1).decode("utf-8", "replace").strip('"'))
        return names

    def _session(self, *, check: bool = True) -> imaplib.IMAP4:
        """The open connection with the mailbox selected, reconnecting once if it dropped."""
        if self._conn is not None and not check:
            return self._conn
        if self._conn is not None:
            try:
                # NOOP also lets the server report new and expunged messages.
                typ, _ = self._conn.noop()
                if typ == "OK":
                    return self._conn
            except (imaplib.IMAP4.abort, OSError):
                pass
            self._drop(self._conn)
            self._conn = None
        self._conn = self._open()
        return self._conn

    # The source protocol.

    def fetch_new(self) -> Iterator[Ticket]:
        """Unlabelled messages in UID order (arrival order), fetched without marking them seen."""
        conn = self._session()
        criteria = ["UNDELETED"]
        for keyword in _KEYWORDS:
            criteria += ["UNKEYWORD", keyword]
        typ, data = self._command(conn, "UID SEARCH", lambda: conn.uid("SEARCH", *criteria))
        uids = sorted(int(word) for word in _text(data).split() if word.isdigit())
        validity = self._uidvalidity
        for uid in uids:
            # Labelling between two tickets may have reconnected; the ids only hold while
            # the mailbox keeps its UIDVALIDITY. No NOOP per message: a dropped connection
            # shows as an error of the FETCH itself.
            conn = self._session(check=False)
            if self._uidvalidity != validity:
                raise IngestError(
                    f"{self._where}: the mailbox was rebuilt while fetching (UIDVALIDITY {validity} "
                    f"became {self._uidvalidity}); fetch again"
                )
            raw = self._fetch_raw(conn, uid)
            if raw is None:
                continue  # expunged by another client since the search
            yield Ticket(source=self.name, ticket_id=f"{validity}:{uid}", raw=raw)

    def label(self, ticket: Ticket, outcome: Outcome, comment: str) -> None:
        outcome = Outcome(outcome)
        validity, uid = self._parse_ticket_id(ticket)
        conn = self._session()
        if validity != self._uidvalidity:
            raise IngestError(
                f"{self._where}: ticket {ticket.ticket_id} is from UIDVALIDITY {validity}, the mailbox now has "
                f"{self._uidvalidity} (rebuilt): UID {uid} no longer names that message"
            )
        _, found = self._command(conn, "UID SEARCH", lambda: conn.uid("SEARCH", "UID", str(uid)))
        if str(uid) not in _text(found).split():
            raise IngestError(f"{self._where}: expected message UID {uid} (ticket {ticket.ticket_id}), found none")
        if self._keywords_allowed:
            others = [keyword for keyword in _KEYWORDS if keyword != outcome.value]
            self._command(
                conn, "UID STORE", lambda: conn.uid("STORE", str(uid), "-FLAGS.SILENT", f"({' '.join(others)})")
            )
            self._command(conn, "UID STORE", lambda: conn.uid("STORE", str(uid), "+FLAGS.SILENT", f"({outcome.value})"))
        target = self.move_to.get(outcome)
        if target is not None:
            self._move(conn, uid, target)
        if self.report_mailbox is not None:
            self._append_report(conn, ticket, outcome, comment)

    # The commands.

    def _command(
        self, conn: imaplib.IMAP4, what: str, call: Callable[[], tuple[str, list[bytes | tuple[bytes, bytes] | None]]]
    ) -> tuple[str, list[bytes | tuple[bytes, bytes] | None]]:
        try:
            typ, data = call()
        except (imaplib.IMAP4.error, OSError) as exc:
            # The connection is in an unknown state; the next call reconnects.
            self._drop(conn)
            self._conn = None
            raise IngestError(f"{self._where}: {what} failed: {type(exc).__name__}: {exc}") from exc
        if typ != "OK":
            raise IngestError(f"{self._where}: expected OK to {what}, found {typ} {_text(data)!r}")
        return typ, data

    def _fetch_raw(self, conn: imaplib.IMAP4, uid: int) -> bytes | None:
        _, data = self._command(conn, f"UID FETCH {uid}", lambda: conn.uid("FETCH", str(uid), "(BODY.PEEK[])"))
        for item in data:
            # A literal comes as (b'<seq> (UID <uid> BODY[] {<size>}', <bytes>); the server may
            # add unsolicited FETCH responses (flag changes) for other messages.
            if isinstance(item, tuple) and b"BODY[]" in item[0] and re.search(rb"UID %d\b" % uid, item[0]):
                return item[1]
        return None

    def _move(self, conn: imaplib.IMAP4, uid: int, target: str) -> None:
        def transfer(command: str) -> None:
            typ, data = conn.uid(command, str(uid), _quote(target))
            if typ == "NO" and "TRYCREATE" in _text(data).upper():
                conn.create(_quote(target))
                typ, data = conn.uid(command, str(uid), _quote(target))
            if typ != "OK":
                raise IngestError(
                    f"{self._where}: expected OK to UID {command} {uid} to {target!r}, found {typ} {_text(data)!r}"
                )

        try:
            if "MOVE" in self._capabilities:
                transfer("MOVE")
                return
            transfer("COPY")
            self._command(conn, "UID STORE", lambda: conn.uid("STORE", str(uid), "+FLAGS.SILENT", "(\\Deleted)"))
            if "UIDPLUS" in self._capabilities:
                # Expunges this message only, not others an operator flagged \Deleted.
                self._command(conn, "UID EXPUNGE", lambda: conn.uid("EXPUNGE", str(uid)))
            else:
                self._command(conn, "EXPUNGE", conn.expunge)
        except (imaplib.IMAP4.error, OSError) as exc:
            self._drop(conn)
            self._conn = None
            raise IngestError(
                f"{self._where}: moving UID {uid} to {target!r} failed: {type(exc).__name__}: {exc}"
            ) from exc

    def _append_report(self, conn: imaplib.IMAP4, ticket: Ticket, outcome: Outcome, comment: str) -> None:
        assert self.report_mailbox is not None
        headers = BytesHeaderParser().parsebytes(ticket.raw)
        subject = str(headers.get("Subject", "(no subject)"))
        report = EmailMessage(policy=SMTP)
        report["From"] = self.report_from
        report["To"] = self.report_from
        report["Subject"] = f"[{outcome.value}] {subject}"
        report["Date"] = formatdate(localtime=False)
        report["Message-ID"] = make_msgid(domain="mnp.localhost")
        original_id = headers.get("Message-ID")
        if original_id:
            report["In-Reply-To"] = str(original_id)
            report["References"] = str(original_id)
        report["X-MNP-Mailbox"] = self.mailbox
        report["X-MNP-Ticket"] = ticket.ticket_id
        report["X-MNP-Outcome"] = outcome.value
        report.set_content(
            f"{outcome.value}\n\n{comment}\n\n"
            f"Notice: {subject}\nFrom: {headers.get('From', '')}\nDate: {headers.get('Date', '')}\n"
            f"Ticket: {self.mailbox} {ticket.ticket_id}\n"
        )
        data = report.as_bytes()
        mailbox = _quote(self.report_mailbox)
        try:
            typ, answer = conn.append(mailbox, "", None, data)
            if typ == "NO" and "TRYCREATE" in _text(answer).upper():
                conn.create(mailbox)
                typ, answer = conn.append(mailbox, "", None, data)
        except (imaplib.IMAP4.error, OSError) as exc:
            self._drop(conn)
            self._conn = None
            raise IngestError(f"{self._where}: appending the report to {self.report_mailbox!r} failed: {exc}") from exc
        if typ != "OK":
            raise IngestError(
                f"{self._where}: expected OK to APPEND the report to {self.report_mailbox!r}, found {typ} {_text(answer)!r}"
            )

    def _parse_ticket_id(self, ticket: Ticket) -> tuple[int, int]:
        match = re.fullmatch(r"(\d+):(\d+)", ticket.ticket_id)
        if ticket.source != self.name or match is None:
            raise IngestError(
                f"{self._where}: expected a ticket of source {self.name!r} with id <UIDVALIDITY>:<UID>, "
                f"found source {ticket.source!r} id {ticket.ticket_id!r}"
            )
        return int(match.group(1)), int(match.group(2))
