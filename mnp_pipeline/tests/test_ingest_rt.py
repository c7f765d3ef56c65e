"""The Request Tracker source against a real RT 5 (see rt_server.py): notices go in through
rt-mailgate, come back out of REST 2.0 as emails that parse like the originals, and are
labelled with the custom field and a comment so that the next fetch skips them."""

from __future__ import annotations

import base64
import email
import email.policy
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from loopback import free_port
from rt_server import RTServer

from mnp_core import parse_email
from mnp_pipeline.ingest.base import HelpdeskSource, IngestError, Outcome, Ticket
from mnp_pipeline.ingest.rt import RequestTrackerSource

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "test_emails"
# Different carriers and the MIME shapes RT has to keep apart: a CSV attachment (Colt), nested
# multipart/mixed > alternative (AT&T), an RFC 2047 subject and a base64 HTML body in Turkish
# (Turkcell), ISO-8859-1 quoted-printable (Fiber Provider), CRLF line ends (Netflix), raw
# UTF-8 in multipart/related (Tata) and a text/calendar part (GTT).
SAMPLES = [
    "colt/completed_alert.eml",
    "att/att_planned_two_circuits.eml",
    "turkcell/bilingual_cancelled_piped.eml",
    "fiberprovider/cancelled_two_services.eml",
    "netflix/scheduled_crlf_two_hours.eml",
    "tata/scheduled.eml",
    "gtt/planned_with_calendar.eml",
]


def _events(raw: bytes) -> list[dict[str, Any]]:
    return parse_email(raw).to_json_dict()["events"]


def _message(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _attachments(raw: bytes) -> list[tuple[str | None, str, bytes]]:
    found = []
    for part in _message(raw).iter_attachments():
        payload = part.get_payload(decode=True)
        found.append((part.get_filename(), part.get_content_type(), payload if isinstance(payload, bytes) else b""))
    return found


@pytest.fixture
def queue(rt_server: RTServer) -> str:
    """A fresh queue per test, so tests never see each other's tickets."""
    return rt_server.create_queue()


@pytest.fixture
def source(rt_server: RTServer, queue: str) -> Iterator[RequestTrackerSource]:
    with RequestTrackerSource(rt_server.base_url, queue=queue, token=rt_server.token) as src:
        yield src


def _ticket(rt_server: RTServer, ticket_id: str) -> dict[str, Any]:
    response = rt_server.admin("GET", f"/ticket/{ticket_id}")
    assert response.status_code == 200, response.text
    return response.json()


def _field_values(ticket: dict[str, Any], name: str) -> list[str]:
    return next(f["values"] for f in ticket["CustomFields"] if f["name"] == name)


def _comments(rt_server: RTServer, ticket_id: str) -> list[str]:
    """The text of every comment on the ticket, read back through REST as root."""
    response = rt_server.admin(
        "POST",
        "/transactions",
        params={"fields": "Type"},
        json=[
            {"field": "ObjectType", "value": "RT::Ticket"},
            {"field": "ObjectId", "value": int(ticket_id)},
            {"field": "Type", "value": "Comment"},
        ],
    )
    assert response.status_code == 200, response.text
    texts = []
    for item in response.json()["items"]:
        listed = rt_server.admin("GET", f"/transaction/{item['id']}/attachments").json()["items"]
        for attachment in listed:
            data = rt_server.admin("GET", f"/attachment/{attachment['id']}").json()
            if data.get("Content"):
                texts.append(base64.b64decode(data["Content"]).decode("utf-8"))
    return texts


def test_the_source_satisfies_the_protocol(source: RequestTrackerSource) -> None:
    assert isinstance(source, HelpdeskSource)
    assert source.name == "rt"


def test_fetch_new_returns_the_injected_notices_as_emails_that_parse_like_the_originals(
    rt_server: RTServer, queue: str, source: RequestTrackerSource
) -> None:
    originals = {rt_server.inject((SAMPLES_DIR / name).read_bytes(), queue): name for name in SAMPLES}

    tickets = list(source.fetch_new())

    assert [t.ticket_id for t in tickets] == list(originals)  # exactly those, oldest first
    for ticket in tickets:
        name = originals[ticket.ticket_id]
        original = (SAMPLES_DIR / name).read_bytes()
        assert isinstance(ticket, Ticket) and ticket.source == "rt"
        assert _events(ticket.raw) == _events(original), name
        # The headers parsers and the pipeline read, decoded, come back as sent.
        before, after = _message(original), _message(ticket.raw)
        for header in ("Subject", "From", "To", "Date", "Message-ID"):
            assert str(after.get(header, "")) == str(before.get(header, "")), (name, header)
        # Attachments keep their name, type and bytes.
        assert _attachments(ticket.raw) == _attachments(original), name


def test_a_utf16_attachment_keeps_its_bytes_though_rt_garbles_its_headers(rt_server: RTServer, queue: str) -> None:
    # RT 5.0.3 "converts" the MIME headers of a UTF-16 part from UTF-16, which empties its
    # Content-Type, Content-Disposition and Content-Transfer-Encoding (see the adapter's module
    # doc). What the adapter guarantees: the part's bytes come back, transportable, as UTF-16.
    name = "colt/reminder_two_services.eml"
    original = (SAMPLES_DIR / name).read_bytes()
    [(_, _, csv)] = _attachments(original)
    rt_server.inject(original, queue)
    with RequestTrackerSource(rt_server.base_url, queue=queue, token=rt_server.token) as src:
        [ticket] = list(src.fetch_new())
    parts = [p for p in _message(ticket.raw).walk() if not p.is_multipart()]
    assert [p.get_payload(decode=True) for p in parts][-1] == csv
    assert parts[-1].get_content_charset() == "utf-16"
    assert parts[-1]["MIME-Version"] == "1.0"  # a garbled value decoded back
    assert ticket.raw.isascii()


def test_label_sets_the_field_and_comments_and_the_next_fetch_skips_the_ticket(rt_server: RTServer, queue: str) -> None:
    success = rt_server.inject((SAMPLES_DIR / SAMPLES[0]).read_bytes(), queue)
    failed = rt_server.inject((SAMPLES_DIR / SAMPLES[1]).read_bytes(), queue)
    with RequestTrackerSource(
        rt_server.base_url, queue=queue, token=rt_server.token, status_on={Outcome.SUCCESS: "resolved"}
    ) as src:
        tickets = {t.ticket_id: t for t in src.fetch_new()}
        assert set(tickets) == {success, failed}

        src.label(tickets[success], Outcome.SUCCESS, "Parsed 1 maintenance: CRQ2-87650001, completed.")
        src.label(tickets[failed], Outcome.FAILED, "ParserFailed: no window found — kept for a person.")

        assert list(src.fetch_new()) == []

    done = _ticket(rt_server, success)
    assert _field_values(done, rt_server.custom_field) == ["MaintParseSuccess"]
    assert done["Status"] == "resolved"
    assert _comments(rt_server, success) == ["Parsed 1 maintenance: CRQ2-87650001, completed."]
    broken = _ticket(rt_server, failed)
    assert _field_values(broken, rt_server.custom_field) == ["MaintParseException"]
    assert broken["Status"] != "resolved"  # only success resolves
    assert _comments(rt_server, failed) == ["ParserFailed: no window found — kept for a person."]


def test_fetch_new_finds_every_ticket_when_labelling_while_paging(rt_server: RTServer, queue: str) -> None:
    # Labelling shrinks the result set under the iterator; five tickets in pages of two must
    # still all come out once.
    injected = [rt_server.inject((SAMPLES_DIR / name).read_bytes(), queue) for name in SAMPLES[:5]]
    with RequestTrackerSource(rt_server.base_url, queue=queue, token=rt_server.token, page_size=2) as src:
        seen = []
        for ticket in src.fetch_new():
            seen.append(ticket.ticket_id)
            src.label(ticket, Outcome.IGNORED, "Not a maintenance notice.")
        assert seen == injected
        assert list(src.fetch_new()) == []


def test_basic_auth_with_user_and_password_works_too(rt_server: RTServer, queue: str) -> None:
    injected = rt_server.inject((SAMPLES_DIR / SAMPLES[2]).read_bytes(), queue)
    with RequestTrackerSource(
        rt_server.base_url, queue=queue, username=rt_server.username, password=rt_server.password
    ) as src:
        assert [t.ticket_id for t in src.fetch_new()] == [injected]


def test_other_queues_are_not_fetched(rt_server: RTServer, queue: str, source: RequestTrackerSource) -> None:
    rt_server.inject((SAMPLES_DIR / SAMPLES[3]).read_bytes(), rt_server.create_queue())
    assert list(source.fetch_new()) == []


def test_a_bad_token_raises_ingest_error_naming_the_url(rt_server: RTServer, queue: str) -> None:
    bad = "1-14-00000000000000000000000000000000"
    with RequestTrackerSource(rt_server.base_url, queue=queue, token=bad) as src:
        with pytest.raises(IngestError) as caught:
            list(src.fetch_new())
    message = str(caught.value)
    assert f"{rt_server.base_url}/REST/2.0/tickets" in message
    assert "401" in message
    assert bad not in message


def test_a_wrong_password_raises_ingest_error(rt_server: RTServer, queue: str) -> None:
    with RequestTrackerSource(rt_server.base_url, queue=queue, username=rt_server.username, password="nope") as src:
        with pytest.raises(IngestError, match="401"):
            list(src.fetch_new())


def test_an_unreachable_url_raises_ingest_error_naming_it() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with RequestTrackerSource(url, queue="Maintenance", token="1-2-3", timeout=5.0) as src:
        with pytest.raises(IngestError, match=r"could not connect") as caught:
            list(src.fetch_new())
    assert f"{url}/REST/2.0/tickets" in str(caught.value)


def test_something_that_is_not_rest_2_raises_ingest_error(rt_server: RTServer, queue: str) -> None:
    # RT's web UI under a wrong prefix answers, but not with REST 2.0's JSON.
    url = f"{rt_server.base_url}/NoAuth/css"
    with RequestTrackerSource(url, queue=queue, token=rt_server.token) as src:
        with pytest.raises(IngestError, match=r"expected a page of tickets") as caught:
            list(src.fetch_new())
    assert url in str(caught.value)


def test_labelling_a_ticket_that_does_not_exist_raises_ingest_error(source: RequestTrackerSource) -> None:
    with pytest.raises(IngestError, match=r"/ticket/999999"):
        source.label(Ticket(source="rt", ticket_id="999999", raw=b""), Outcome.SUCCESS, "x")


def test_credentials_are_never_part_of_the_url() -> None:
    with pytest.raises(ValueError, match="not inside the URL"):
        RequestTrackerSource("http://user:secret@127.0.0.1:1", queue="q", token="t")
