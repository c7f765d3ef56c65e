"""The helpdesk pushes a new ticket: ``POST /api/v1/webhook/{source}``.

The request is signed, not token-authenticated, because helpdesks sign their webhooks
with a shared secret (``[service] webhook_secret`` or ``$MNP_SERVICE_WEBHOOK_SECRET``):

- ``X-Mnp-Timestamp``: the sending time, Unix seconds;
- ``X-Mnp-Signature: sha256=<hex>``: HMAC-SHA256 with the secret over
  ``<timestamp>.<body>`` (the timestamp's digits, a full stop, the body's bytes).

A timestamp more than five minutes from the server's clock is refused, and so is a
signature accepted before (kept in ``webhook_delivery`` until its timestamp has expired),
so a captured request cannot be sent again. The body is either JSON
``{"ticketId": "...", "raw": "<the email, base64>"}`` or the email itself as
``Content-Type: message/rfc822`` with the ticket id in ``X-Mnp-Ticket-Id``. The email is
stored like any fetched ticket (``Pipeline.receive``) and left pending for the workers;
the answer is 202 with the notification id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Path, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from ..ingest.base import Ticket
from ..processing import Pipeline
from ..storage.models import WebhookDelivery, utcnow
from .metrics import WEBHOOK_DELIVERIES
from .schemas import WebhookAccepted

#: How far the sender's clock may be from ours, either way.
TOLERANCE = timedelta(minutes=5)
#: A signature is remembered a little longer than it could be accepted.
REMEMBER = TOLERANCE + timedelta(minutes=1)
MAX_BODY = 50 * 1024 * 1024
SOURCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
_TICKET_ID = re.compile(r"[^\x00-\x1f\x7f]{1,200}")

router = APIRouter(prefix="/api/v1", tags=["webhook"])

_REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["ticketId", "raw"],
                "properties": {
                    "ticketId": {"type": "string", "minLength": 1, "maxLength": 200,
                                 "description": "the ticket's id in the helpdesk"},
                    "raw": {"type": "string", "format": "byte", "description": "the email, whole, base64"},
                },
            }
        },
        "message/rfc822": {
            "schema": {"type": "string", "format": "binary", "description": "the email; ticket id in X-Mnp-Ticket-Id"}
        },
    },
}


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Mnp-Signature`` value for a request: what a helpdesk must send."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _refuse(code: int, result: str, detail: str) -> HTTPException:
    WEBHOOK_DELIVERIES.labels(result).inc()
    return HTTPException(code, detail)


def _ticket(request: Request, body: bytes, ticket_header: str | None) -> tuple[str, bytes]:
    """The ticket id and raw email the body carries."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "message/rfc822":
        ticket_id, raw = ticket_header or "", body
    elif content_type == "application/json":
        try:
            data = json.loads(body)
            ticket_id, raw = data["ticketId"], base64.b64decode(data["raw"], validate=True)
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise _refuse(
                status.HTTP_400_BAD_REQUEST, "invalid",
                f'expected JSON {{"ticketId": "...", "raw": "<base64 email>"}}: {type(exc).__name__}: {exc}',
            ) from None
    else:
        raise _refuse(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "invalid",
            f"expected application/json or message/rfc822, found {content_type or 'no content type'}",
        )
    if not isinstance(ticket_id, str) or not _TICKET_ID.fullmatch(ticket_id):
        raise _refuse(status.HTTP_400_BAD_REQUEST, "invalid",
                      "expected a ticket id of 1 to 200 printable characters (ticketId or X-Mnp-Ticket-Id)")
    if not raw:
        raise _refuse(status.HTTP_400_BAD_REQUEST, "invalid", "expected an email, found an empty one")
    return ticket_id, raw


def _remember(request: Request, signature: str, source: str, sent: int) -> bool:
    """Record the signature; False when it was recorded before (a replay)."""
    now = utcnow()
    with request.app.state.sessions() as session:
        try:
            with session.begin():
                session.execute(delete(WebhookDelivery).where(WebhookDelivery.expires_at < now))
                session.add(WebhookDelivery(
                    signature=signature, source=source, received_at=now,
                    expires_at=datetime.fromtimestamp(sent, UTC) + REMEMBER,
                ))
        except IntegrityError:
            return False
    return True


def _queue(request: Request, signature: str, ticket: Ticket) -> tuple[uuid.UUID, bool]:
    sessions = request.app.state.sessions
    try:
        notification_id, new = Pipeline(sessions).receive(ticket)
    except Exception:
        # Not stored: forget the signature, so that the helpdesk's retry is not taken for a replay.
        with sessions() as session, session.begin():
            session.execute(delete(WebhookDelivery).where(WebhookDelivery.signature == signature))
        raise
    with sessions() as session, session.begin():
        session.get(WebhookDelivery, signature).notification_id = notification_id
    return notification_id, new


@router.post(
    "/webhook/{source}",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=WebhookAccepted,
    summary="A helpdesk pushes a new ticket (HMAC-signed)",
    description=__doc__,
    openapi_extra={"requestBody": _REQUEST_BODY},
    responses={
        200: {"model": WebhookAccepted, "description": "this ticket was stored before; nothing new queued"},
        400: {"description": "signed, but the body carries no ticket id or email"},
        401: {"description": "missing or wrong signature, or a timestamp too far from now"},
        409: {"description": "this signature was accepted before: a replay"},
        415: {"description": "neither application/json nor message/rfc822"},
        503: {"description": "no webhook secret is configured"},
    },
)
async def receive_ticket(
    request: Request,
    source: Annotated[str, Path(pattern=SOURCE_PATTERN, description="the helpdesk's name, e.g. rt")],
    x_mnp_timestamp: Annotated[str | None, Header(description="Unix seconds when sent")] = None,
    x_mnp_signature: Annotated[str | None, Header(description="sha256=<hex HMAC of '<timestamp>.<body>'>")] = None,
    x_mnp_ticket_id: Annotated[str | None, Header(description="the ticket id, with a message/rfc822 body")] = None,
) -> JSONResponse:
    secret = request.app.state.settings.get("webhook_secret")
    if not secret:
        raise _refuse(status.HTTP_503_SERVICE_UNAVAILABLE, "disabled",
                      "the webhook is off: set [service] webhook_secret or $MNP_SERVICE_WEBHOOK_SECRET")
    if not x_mnp_timestamp or not x_mnp_signature:
        raise _refuse(status.HTTP_401_UNAUTHORIZED, "unsigned", "expected X-Mnp-Timestamp and X-Mnp-Signature")
    if not re.fullmatch(r"\d{1,12}", x_mnp_timestamp):
        raise _refuse(status.HTTP_401_UNAUTHORIZED, "stale", "expected X-Mnp-Timestamp in Unix seconds")
    sent = int(x_mnp_timestamp)
    if abs(time.time() - sent) > TOLERANCE.total_seconds():
        raise _refuse(status.HTTP_401_UNAUTHORIZED, "stale",
                      f"X-Mnp-Timestamp is more than {int(TOLERANCE.total_seconds())} s from the server's clock")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY:
        raise _refuse(status.HTTP_413_CONTENT_TOO_LARGE, "invalid", f"expected at most {MAX_BODY} bytes")
    body = await request.body()
    expected = sign(secret, x_mnp_timestamp, body)
    # compare_digest: the time taken must not tell how much of a forged signature was right.
    if not hmac.compare_digest(expected.encode(), x_mnp_signature.strip().lower().encode("utf-8", "replace")):
        raise _refuse(status.HTTP_401_UNAUTHORIZED, "bad-signature", "the signature does not match")
    ticket_id, raw = _ticket(request, body, x_mnp_ticket_id)
    signature = expected.removeprefix("sha256=")
    if not await run_in_threadpool(_remember, request, signature, source, sent):
        raise _refuse(status.HTTP_409_CONFLICT, "replay", "this signature was accepted before")
    notification_id, new = await run_in_threadpool(_queue, request, signature, Ticket(source, ticket_id, raw))
    WEBHOOK_DELIVERIES.labels("queued" if new else "already-stored").inc()
    answer = WebhookAccepted(notification_id=notification_id, new=new, status="queued" if new else "already-stored")
    return JSONResponse(
        answer.model_dump(mode="json", by_alias=True),
        status_code=status.HTTP_202_ACCEPTED if new else status.HTTP_200_OK,
    )
