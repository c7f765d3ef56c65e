"""ImapSource against a real dovecot (see imap_server.py): fetching, both label modes, errors.

Every test works in a mailbox of its own on the session's server, so the tests do not see
each other's messages and can run in any order.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from imap_server import DovecotServer, start_or_skip
from loopback import free_port

import mnp_core
from mnp_pipeline.ingest.base import HelpdeskSource, IngestError, Outcome, Ticket
from mnp_pipeline.ingest.imap import ImapSource

SAMPLES_ROOT = Path(__file__).resolve().parents[2] / "test_emails"
SAMPLES = [
    SAMPLES_ROOT / "colt" / "reminder_two_services.eml",  # a CSV attachment (UTF-16, base64)
    SAMPLES_ROOT / "att" / "att_planned_two_circuits.eml",  # an XLSX attachment
    SAMPLES_ROOT / "megaport" / "planned_reminder_two_services.eml",  # raw 8-bit UTF-8 body
    SAMPLES_ROOT / "tata" / "scheduled.eml",  # non-ASCII
    SAMPLES_ROOT / "turkcell" / "bilingual_cancelled_piped.eml",  # CRLF file, Turkish
    SAMPLES_ROOT / "lumen" / "support_ticket.eml",  # not a maintenance: parse_email raises
]


def wire_form(raw: bytes) -> bytes:
    """The one change IMAP makes to a message: every line ends in CRLF."""
    return re.sub(rb"\r?\n", b"\r\n", raw)


def parsed(raw: bytes) -> Any:
    """What the parser makes of a notice: its events, or the kind of error."""
    try:
        return mnp_core.parse_email(raw).to_json_dict()["events"]
    except mnp_core.MaintParseException as exc:
        return type(exc).__name__


def test_samples_cover_attachments_and_non_ascii() -> None:
    messages = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default) for path in SAMPLES]
    assert any(any(part.is_attachment() for part in m.walk()) for m in messages)
    assert any(any(byte > 127 for byte in path.read_bytes()) for path in SAMPLES)


@pytest.fixture(scope="module")
def server_without_move() -> Iterator[DovecotServer]:
    """A second dovecot that does not advertise MOVE, for the COPY + EXPUNGE fallback."""
    server = start_or_skip(
        "imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE UIDPLUS CHILDREN\n"
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mailbox(request: pytest.FixtureRequest) -> str:
    return "t-" + re.sub(r"[^A-Za-z0-9-]+", "-", request.node.name).strip("-")


@pytest.fixture
def make_source(imap_server: DovecotServer, mailbox: str) -> Iterator[Callable[..., ImapSource]]:
    sources: list[ImapSource] = []

    def make(server: DovecotServer = imap_server, **options: Any) -> ImapSource:
        settings: dict[str, Any] = {
            "host": server.host,
            "user": server.user,
            "password": server.password,
            "port": server.port,
            "mailbox": mailbox,
            "security": "plain",
        }
        settings.update(options)
        source = ImapSource(**settings)
        sources.append(source)
        return source

    yield make
    for source in sources:
        source.close()


def deliver_samples(server: DovecotServer, mailbox: str) -> list[int]:
    return [server.deliver(path.read_bytes(), mailbox) for path in SAMPLES]


def test_fetch_new_returns_the_delivered_notices_unchanged_and_unseen(
    imap_server: DovecotServer, mailbox: str, make_source: Callable[..., ImapSource]
) -> None:
    uids = deliver_samples(imap_server, mailbox)
    source = make_source()
    assert isinstance(source, HelpdeskSource)

    tickets = list(source.fetch_new())

    assert [int(t.ticket_id.split(":")[1]) for t in tickets] == uids  # oldest first
    assert len({t.ticket_id.split(":")[0] for t in tickets}) == 1  # one UIDVALIDITY
    for ticket, path in zip(tickets, SAMPLES, strict=True):
        assert ticket.source == "imap"
        original = path.read_bytes()
        assert ticket.raw == wire_form(original), path.name
        assert parsed(ticket.raw) == parsed(original), path.name
    # BODY.PEEK[] leaves the messages unread for the people sharing the mailbox.
    assert all("\\Seen" not in flags for flags in imap_server.flags(mailbox).values())


def test_keyword_labels_are_set_and_skipped_by_the_next_fetch(
    imap_server: DovecotServer, mailbox: str, make_source: Callable[..., ImapSource]
) -> None:
    deliver_samples(imap_server, mailbox)
    source = make_source()
    outcomes = [Outcome.SUCCESS, Outcome.FAILED, Outcome.IGNORED] * 2
    tickets = list(source.fetch_new())
    for ticket, outcome in zip(tickets, outcomes, strict=True):
        source.label(ticket, outcome, f"comment for {ticket.ticket_id}")

    flags = imap_server.flags(mailbox)
    assert len(flags) == len(SAMPLES)  # nothing moved
    for ticket, outcome in zip(tickets, outcomes, strict=True):
        uid = int(ticket.ticket_id.split(":")[1])
        assert outcome.value in flags[uid]
        assert not ({o.value for o in Outcome} - {outcome.value}) & flags[uid]
        assert "\\Seen" not in flags[uid]
    assert list(source.fetch_new()) == []
    assert list(make_source().fetch_new()) == []  # a new connection agrees

    # A notice arriving later is the only new one.
    late = imap_server.deliver(SAMPLES[0].read_bytes(), mailbox)
    assert [t.ticket_id.split(":")[1] for t in source.fetch_new()] == [str(late)]


def test_relabelling_keeps_one_outcome_keyword(
    imap_server: DovecotServer, mailbox: str, make_source: Callable[..., ImapSource]
) -> None:
    uid = imap_server.deliver(SAMPLES[0].read_bytes(), mailbox)
    source = make_source()
    (ticket,) = source.fetch_new()
    source.label(ticket, Outcome.FAILED, "first run: parser crashed")
    source.label(ticket, Outcome.SUCCESS, "re-run after the fix")
    assert imap_server.flags(mailbox)[uid] & {o.value for o in Outcome} == {Outcome.SUCCESS.value}


MOVE_TO = {"MaintParseSuccess": "mnp/Processed", "MaintParseException": "mnp/Failed", "MaintIgnored": "mnp/Ignored"}


@pytest.mark.parametrize("with_move", [True, False], ids=["MOVE", "COPY-EXPUNGE"])
def test_folder_moves(
    request: pytest.FixtureRequest,
    imap_server: DovecotServer,
    mailbox: str,
    make_source: Callable[..., ImapSource],
    with_move: bool,
) -> None:
    server = imap_server if with_move else request.getfixturevalue("server_without_move")
    uids = deliver_samples(server, mailbox)
    # An operator's message flagged \Deleted but not expunged must survive the fallback.
    kept = server.deliver(b"Subject: keep me\r\n\r\ndraft\r\n", mailbox)
    operator = server.connect()
    try:
        operator.select(f'"{mailbox}"')
        operator.uid("STORE", str(kept), "+FLAGS", "(\\Deleted)")
    finally:
        operator.logout()
    targets = {outcome: f"{folder}-{mailbox}" for outcome, folder in MOVE_TO.items()}
    source = make_source(server, move_to=targets)
    assert ("MOVE" in source_capabilities(source)) is with_move

    tickets = list(source.fetch_new())
    assert len(tickets) == len(uids)  # the \Deleted one is not a notice
    outcomes = [Outcome.SUCCESS, Outcome.FAILED, Outcome.IGNORED, Outcome.SUCCESS, Outcome.SUCCESS, Outcome.IGNORED]
    for ticket, outcome in zip(tickets, outcomes, strict=True):
        source.label(ticket, outcome, "moved")

    assert set(server.flags(mailbox)) == {kept}
    assert list(source.fetch_new()) == []
    for outcome in map(Outcome, MOVE_TO):  # the outcomes given folders; the others keep their keyword
        moved = server.flags(targets[outcome.value])
        assert len(moved) == outcomes.count(outcome)
        assert all(outcome.value in flags and "\\Seen" not in flags for flags in moved.values())
    # The moved messages are still the original bytes.
    client = server.connect()
    try:
        client.select(f'"{targets["MaintParseSuccess"]}"', readonly=True)
        _, data = client.uid("FETCH", "1:*", "(BODY.PEEK[])")
        bodies = [item[1] for item in data if isinstance(item, tuple)]
    finally:
        client.logout()
    expected = [wire_form(SAMPLES[i].read_bytes()) for i, o in enumerate(outcomes) if o is Outcome.SUCCESS]
    assert bodies == expected


def source_capabilities(source: ImapSource) -> frozenset[str]:
    list(source.fetch_new())  # connects
    return source._capabilities


def test_partial_move_to_keeps_the_other_outcomes_in_place_with_their_keyword(
    imap_server: DovecotServer, mailbox: str, make_source: Callable[..., ImapSource]
) -> None:
    deliver_samples(imap_server, mailbox)
    target = f"mnp/Processed-{mailbox}"
    source = make_source(move_to={Outcome.SUCCESS: target})
    tickets = list(source.fetch_new())
    source.label(tickets[0], Outcome.SUCCESS, "ok")
    source.label(tickets[1], Outcome.IGNORED, "not ours")
    assert len(imap_server.flags(target)) == 1
    remaining = imap_server.flags(mailbox)
    assert Outcome.IGNORED.value in remaining[int(tickets[1].ticket_id.split(":")[1])]
    assert [t.ticket_id for t in source.fetch_new()] == [t.ticket_id for t in tickets[2:]]


def test_report_mailbox_gets_a_text_report_threaded_to_the_notice(
    imap_server: DovecotServer, mailbox: str, make_source: Callable[..., ImapSource]
) -> None:
    imap_server.deliver(SAMPLES[0].read_bytes(), mailbox)
    reports = f"mnp/Reports-{mailbox}"
    source = make_source(report_mailbox=reports)
    (ticket,) = source.fetch_new()
    source.label(ticket, Outcome.FAILED, "ParserFailed: colt 1.0.0 found no window (ünïcode kept)")

    client = imap_server.connect()
    try:
        client.select(f'"{reports}"', readonly=True)
        _, data = client.uid("FETCH", "1:*", "(BODY.PEEK[])")
        (raw,) = [item[1] for item in data if isinstance(item, tuple)]
    finally:
        client.logout()
    report = email.message_from_bytes(raw, policy=email.policy.default)
    notice = email.message_from_bytes(SAMPLES[0].read_bytes(), policy=email.policy.default)
    assert report["Subject"] == f"[MaintParseException] {notice['Subject']}"
    assert report["In-Reply-To"] == notice["Message-ID"]
    assert report["X-MNP-Ticket"] == ticket.ticket_id
    assert report["X-MNP-Mailbox"].strip() == mailbox
    body = report.get_body(("plain",))
    assert body is not None and "found no window (ünïcode kept)" in body.get_content()
    assert list(source.fetch_new()) == []


def test_ticket_ids_carry_the_uidvalidity(
    imap_server: DovecotServer, mailbox: str, make_source: Callable[..., ImapSource]
) -> None:
    imap_server.deliver(SAMPLES[0].read_bytes(), mailbox)
    source = make_source()
    (ticket,) = source.fetch_new()
    validity, uid = ticket.ticket_id.split(":")
    stale = Ticket(source="imap", ticket_id=f"{int(validity) + 1}:{uid}", raw=ticket.raw)
    with pytest.raises(IngestError, match=r"UIDVALIDITY .*rebuilt"):
        source.label(stale, Outcome.SUCCESS, "")
    missing = Ticket(source="imap", ticket_id=f"{validity}:{int(uid) + 100}", raw=ticket.raw)
    with pytest.raises(IngestError, match=rf"UID {int(uid) + 100}.*found none"):
        source.label(missing, Outcome.SUCCESS, "")
    with pytest.raises(IngestError, match="<UIDVALIDITY>:<UID>"):
        source.label(Ticket(source="dir", ticket_id="a/b.eml", raw=b""), Outcome.SUCCESS, "")


def test_a_dropped_connection_is_reopened(
    imap_server: DovecotServer, mailbox: str, make_source: Callable[..., ImapSource]
) -> None:
    imap_server.deliver(SAMPLES[0].read_bytes(), mailbox)
    source = make_source()
    (ticket,) = source.fetch_new()
    assert source._conn is not None
    source._conn.shutdown()  # as if the server had timed the session out
    source.label(ticket, Outcome.SUCCESS, "ok")
    assert list(source.fetch_new()) == []


def test_starttls_and_implicit_tls(
    imap_server: DovecotServer, mailbox: str, make_source: Callable[..., ImapSource]
) -> None:
    if imap_server.cafile is None:
        pytest.skip("the test server has no TLS: the openssl command is missing")
    imap_server.deliver(SAMPLES[0].read_bytes(), mailbox)
    context = imap_server.ssl_context()
    over_starttls = make_source(security="starttls", ssl_context=context)
    assert [t.raw for t in over_starttls.fetch_new()] == [wire_form(SAMPLES[0].read_bytes())]
    over_tls = make_source(security="ssl", port=imap_server.tls_port, ssl_context=context)
    assert len(list(over_tls.fetch_new())) == 1
    # The self-signed certificate is not trusted by default: a clear error, not a fetch.
    untrusted = make_source(security="ssl", port=imap_server.tls_port)
    with pytest.raises(IngestError, match=rf"{imap_server.host}:{imap_server.tls_port}.*TLS"):
        list(untrusted.fetch_new())


def test_wrong_password_is_an_ingest_error_without_the_password(make_source: Callable[..., ImapSource]) -> None:
    # Its own server: dovecot delays later logins from an IP after a failed one.
    server = start_or_skip()
    try:
        source = make_source(server, password="not-the-password")
        with pytest.raises(IngestError) as caught:
            list(source.fetch_new())
    finally:
        server.stop()
    message = str(caught.value)
    assert f"{server.host}:{server.port}" in message and server.user in message
    assert "login" in message and "not-the-password" not in message
    assert "not-the-password" not in repr(source)


def test_unreachable_port_is_an_ingest_error(make_source: Callable[..., ImapSource]) -> None:
    port = free_port()  # nobody listens there
    source = make_source(port=port)
    with pytest.raises(IngestError, match=rf"127\.0\.0\.1:{port}: expected an IMAP server, found connection refused"):
        list(source.fetch_new())


def test_missing_mailbox_is_an_ingest_error_listing_what_exists(
    imap_server: DovecotServer, make_source: Callable[..., ImapSource]
) -> None:
    source = make_source(mailbox="No/Such/Box")
    with pytest.raises(IngestError, match=r"mailbox 'No/Such/Box'.*expected the mailbox to exist.*found: .*INBOX"):
        list(source.fetch_new())


def test_invalid_configuration_is_refused_early() -> None:
    with pytest.raises(ValueError, match="watched mailbox"):
        ImapSource("h", "u", "p", mailbox="INBOX", report_mailbox="INBOX")
    with pytest.raises(ValueError, match="outcomes"):
        ImapSource("h", "u", "p", move_to={"Done": "Processed"})
    with pytest.raises(ValueError, match="ASCII"):
        ImapSource("h", "u", "p", move_to={"MaintIgnored": "Ignorés"})
