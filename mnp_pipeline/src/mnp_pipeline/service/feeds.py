"""An iCalendar feed of maintenances (``/feeds/maintenances.ics``) that Outlook, Google
Calendar and Thunderbird subscribe to.

One VEVENT per current window per circuit. Its UID is made from the provider, the
maintenance id, the circuit and the window's rank among that circuit's windows, so when
the carrier moves or cancels the work the calendar updates the event it has instead of
adding one: SEQUENCE counts the notices of the maintenance, STATUS says CONFIRMED,
TENTATIVE or CANCELLED, DTSTAMP is when mnp last changed the maintenance. Events are
TRANSPARENT: a maintenance does not make anyone busy.

Calendar clients send no headers, so the feed also takes its read token as ``?token=``.
The body carries an ETag of its content; a client that sends it back in If-None-Match
gets 304 until something changes.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from icalendar import Calendar, Event, vText
from sqlalchemy import func, or_, select

from ..storage.models import Circuit, Maintenance, MaintForecastEventRow, utcnow
from .auth import FeedAccess

router = APIRouter(prefix="/feeds", tags=["feeds"])

CONTENT_TYPE = "text/calendar; charset=utf-8"
_TEXT = r"^[^\x00]*$"
#: BCOP status -> iCalendar STATUS; every other status is CONFIRMED (a RE-SCHEDULED
#: event carries the new window, which is the one planned now).
_STATUS = {"CANCELLED": "CANCELLED", "TENTATIVE": "TENTATIVE"}


def _uid(provider: str, maintenance_id: str, circuit_key: str, rank: int) -> str:
    digest = hashlib.sha256("\x1f".join((provider, maintenance_id, circuit_key, str(rank))).encode()).hexdigest()
    return f"{digest[:32]}@mnp"


def _circuit_key(row: MaintForecastEventRow) -> str:
    if row.internal_circuit_id is not None:
        return str(row.internal_circuit_id)
    return f"vendor:{row.parsed_vendor_circuit_id}" if row.parsed_vendor_circuit_id else "none"


def build_calendar(
    rows: list[tuple[MaintForecastEventRow, Maintenance, str | None]], sequences: dict[uuid.UUID, int], name: str
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//mnp//maintenance feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-published-ttl", "PT1H")
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    windows: dict[tuple[uuid.UUID, str], list[tuple[MaintForecastEventRow, Maintenance, str | None]]] = defaultdict(list)
    for row, maintenance, circuit in rows:
        windows[(maintenance.maintenance_pk, _circuit_key(row))].append((row, maintenance, circuit))
    events = []
    for (_pk, key), group in windows.items():
        group.sort(key=lambda item: (item[0].begin_window, item[0].end_window, str(item[0].maint_forecast_event_id)))
        for rank, (row, maintenance, circuit) in enumerate(group):
            events.append(_vevent(row, maintenance, circuit, key, rank, sequences.get(maintenance.maintenance_pk, 0)))
    # A stable order: the same data gives the same bytes, so the ETag holds.
    for event in sorted(events, key=lambda e: (e.decoded("dtstart"), str(e["uid"]))):
        calendar.add_component(event)
    return calendar.to_ical()


def _vevent(
    row: MaintForecastEventRow, maintenance: Maintenance, circuit: str | None, key: str, rank: int, sequence: int
) -> Event:
    what = circuit or row.parsed_vendor_circuit_id or "no circuit named"
    event = Event()
    event.add("uid", _uid(row.provider, row.maintenance_id, key, rank))
    event.add("sequence", sequence)
    event.add("dtstamp", maintenance.updated_at)
    event.add("last-modified", maintenance.updated_at)
    event.add("dtstart", row.begin_window)
    event.add("dtend", row.end_window)
    impact = f" ({row.impact})" if row.impact else ""
    event.add("summary", f"{row.provider} maintenance {row.maintenance_id}: {what}{impact}")
    event.add("status", _STATUS.get(row.status, "CONFIRMED"))
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["Maintenance", row.provider])
    lines = [
        f"Provider: {row.provider}",
        f"Maintenance: {row.maintenance_id}",
        f"Status: {row.status}",
        f"Circuit: {circuit or '(not in the inventory)'}",
        f"Carrier circuit id: {row.parsed_vendor_circuit_id or '-'}",
    ]
    if row.impact:
        lines.append(f"Impact: {row.impact}")
    if row.impact_seconds is not None:
        lines.append(f"Announced interruption: {row.impact_seconds // 60} min")
    if row.account:
        lines.append(f"Account: {row.account}")
    if row.summary:
        lines += ["", row.summary]
    lines += ["", f"Ticket: {row.notification_helpdesk_ticket_id}"]
    event.add("description", "\n".join(lines))
    if row.location:
        event.add("location", vText(row.location))
    return event


def _matches(etag: str, if_none_match: str | None) -> bool:
    if not if_none_match:
        return False
    offered = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in offered or etag in offered


@router.get(
    "/maintenances.ics",
    response_class=Response,
    summary="iCalendar feed of maintenances (subscribe from Outlook or Google Calendar)",
    responses={
        200: {"content": {"text/calendar": {}}, "description": "an iCalendar (RFC 5545) document"},
        304: {"description": "unchanged since the ETag sent in If-None-Match"},
    },
)
def maintenances_feed(
    request: Request,
    _: FeedAccess,
    provider: Annotated[str | None, Query(max_length=300, pattern=_TEXT, description="only this carrier")] = None,
    circuit: Annotated[
        str | None, Query(max_length=300, pattern=_TEXT, description="your circuit's name or the carrier's circuit id")
    ] = None,
    past_days: Annotated[
        int, Query(ge=0, le=3650, description="leave out windows that ended more than this many days ago")
    ] = 90,
) -> Response:
    e = MaintForecastEventRow
    query = (
        select(e, Maintenance, Circuit.name)
        .join(Maintenance, Maintenance.maintenance_pk == e.maintenance_pk)
        .outerjoin(Circuit, Circuit.internal_circuit_id == e.internal_circuit_id)
        .where(e.current.is_(True), e.end_window >= utcnow() - timedelta(days=past_days))
    )
    if provider:
        query = query.where(e.provider == provider)
    if circuit:
        query = query.where(or_(Circuit.name == circuit, e.parsed_vendor_circuit_id == circuit))
    with request.app.state.sessions() as session:
        rows = [tuple(r) for r in session.execute(query).all()]
        pks = {maintenance.maintenance_pk for _row, maintenance, _name in rows}
        # SEQUENCE: every notice of the maintenance after the first is a revision.
        sequences = {
            pk: count - 1
            for pk, count in session.execute(
                select(e.maintenance_pk, func.count(func.distinct(e.notification_id)))
                .where(e.maintenance_pk.in_(pks))
                .group_by(e.maintenance_pk)
            )
        } if pks else {}
    name = " ".join(["mnp maintenances", *(f"{k}={v}" for k, v in (("provider", provider), ("circuit", circuit)) if v)])
    body = build_calendar(rows, sequences, name)
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {"ETag": etag, "Cache-Control": "private, max-age=300"}
    if _matches(etag, request.headers.get("if-none-match")):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(body, media_type=CONTENT_TYPE, headers=headers)
