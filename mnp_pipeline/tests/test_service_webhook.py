"""The helpdesk webhook: signed deliveries queued, forged, stale and replayed ones refused."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime

from notices import fiber_notice
from service_support import WEBHOOK_SECRET, Service, build
from sqlalchemy import func, select

from mnp_pipeline.processing import Pipeline
from mnp_pipeline.service.webhook import sign
from mnp_pipeline.storage.models import Notification, NotificationState, WebhookDelivery

URL = "/api/v1/webhook/rt"
RAW = fiber_notice("PWIC7", "2030-Jan-10 01:00 UTC", "2030-Jan-10 03:00 UTC", sent=datetime(2030, 1, 1, tzinfo=UTC))


def deliver(service: Service, body: bytes, *, content_type: str = "application/json", timestamp: int | None = None,
            secret: str = WEBHOOK_SECRET, signature: str | None = None, url: str = URL, **headers: str):
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": content_type,
        "X-Mnp-Timestamp": stamp,
        "X-Mnp-Signature": signature or sign(secret, stamp, body),
        **headers,
    }
    return service.client.post(url, content=body, headers=headers)


def json_body(ticket_id: str, raw: bytes = RAW) -> bytes:
    return json.dumps({"ticketId": ticket_id, "raw": base64.b64encode(raw).decode()}).encode()


def stored(service: Service) -> list[Notification]:
    with service.db.sessions() as session:
        return list(session.scalars(select(Notification).order_by(Notification.received_at)))


def test_signed_json_delivery_is_queued_for_the_workers(empty_service):
    response = deliver(empty_service, json_body("4711"))
    assert response.status_code == 202, response.text
    answer = response.json()
    assert answer["new"] is True and answer["status"] == "queued"
    [note] = stored(empty_service)
    assert str(note.notification_id) == answer["notificationId"]
    assert (note.source, note.ticket_id, note.raw, note.state) == ("rt", "4711", RAW, NotificationState.PENDING)
    # A worker takes it from there.
    [result] = Pipeline(empty_service.db.sessions).process_pending()
    assert result.events == 1 and result.ticket_id == "4711"


def test_signed_rfc822_delivery_with_the_ticket_id_in_a_header(empty_service):
    response = deliver(empty_service, RAW, content_type="message/rfc822", **{"X-Mnp-Ticket-Id": "4712"})
    assert response.status_code == 202, response.text
    [note] = stored(empty_service)
    assert (note.ticket_id, note.raw) == ("4712", RAW)
    without_id = deliver(empty_service, RAW + b"\r\n", content_type="message/rfc822")
    assert without_id.status_code == 400 and "ticket id" in without_id.text


def test_the_same_ticket_again_is_stored_once(empty_service):
    stamp = int(time.time())
    first = deliver(empty_service, json_body("4711"), timestamp=stamp)
    again = deliver(empty_service, json_body("4711"), timestamp=stamp - 1)  # a new signature, whatever the clock did
    assert first.status_code == 202 and again.status_code == 200
    assert again.json() == {**first.json(), "new": False, "status": "already-stored"}
    assert len(stored(empty_service)) == 1


def test_a_wrong_signature_is_refused(empty_service):
    body = json_body("1")
    assert deliver(empty_service, body, secret="not-the-secret").status_code == 401
    assert deliver(empty_service, body, signature="sha256=" + "0" * 64).status_code == 401
    assert deliver(empty_service, body, signature="garbage").status_code == 401
    # Signed over another body: the body was changed on the way.
    stamp = str(int(time.time()))
    tampered = empty_service.client.post(URL, content=json_body("2"), headers={
        "Content-Type": "application/json", "X-Mnp-Timestamp": stamp,
        "X-Mnp-Signature": sign(WEBHOOK_SECRET, stamp, body)})
    assert tampered.status_code == 401
    unsigned = empty_service.client.post(URL, content=body, headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 401
    assert stored(empty_service) == []


def test_a_stale_or_future_timestamp_is_refused(empty_service):
    now = int(time.time())
    for stamp in (now - 400, now + 400, 0):  # well past the five minutes: no race with the clock
        response = deliver(empty_service, json_body("1"), timestamp=stamp)
        assert response.status_code == 401 and "X-Mnp-Timestamp" in response.text, stamp
    # Inside the five minutes, read afresh so a slow machine cannot age it past the limit.
    assert deliver(empty_service, json_body("1"), timestamp=int(time.time()) - 240).status_code == 202


def test_a_replayed_signature_is_refused(empty_service):
    stamp = int(time.time())
    body = json_body("4711")
    assert deliver(empty_service, body, timestamp=stamp).status_code == 202
    replay = deliver(empty_service, body, timestamp=stamp)
    assert replay.status_code == 409 and "before" in replay.text
    with empty_service.db.sessions() as session:
        [seen] = session.scalars(select(WebhookDelivery))
        assert seen.signature == sign(WEBHOOK_SECRET, str(stamp), body).removeprefix("sha256=")
        assert seen.expires_at.timestamp() > stamp + 300


def test_expired_signatures_are_forgotten(empty_service):
    old = WebhookDelivery(signature="a" * 64, source="rt", expires_at=datetime(2000, 1, 1, tzinfo=UTC))
    with empty_service.db.sessions() as session, session.begin():
        session.add(old)
    assert deliver(empty_service, json_body("1")).status_code == 202
    with empty_service.db.sessions() as session:
        assert session.scalars(select(WebhookDelivery.signature)).all() != ["a" * 64]
        assert session.scalar(select(func.count()).select_from(WebhookDelivery)) == 1


def test_a_signed_but_malformed_body_is_refused(empty_service):
    for body, content_type in ((b"not json", "application/json"), (b'{"ticketId": "1"}', "application/json"),
                               (b'{"ticketId": "1", "raw": "***"}', "application/json"),
                               (json_body(""), "application/json"), (b"x", "text/plain")):
        response = deliver(empty_service, body, content_type=content_type)
        assert response.status_code in (400, 415), (body, response.status_code)
    assert deliver(empty_service, json_body("1"), url="/api/v1/webhook/bad%20source").status_code == 422
    assert stored(empty_service) == []


def test_without_a_secret_the_webhook_is_off(db, tmp_path):
    off = build(db, tmp_path, populated=False, settings={"webhook_secret": None})
    with off.client:
        response = deliver(off, json_body("1"))
    assert response.status_code == 503 and "webhook_secret" in response.text
