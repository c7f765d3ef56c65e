"""Notices for pipeline tests, written in the formats the project's parsers read."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime

from mnp_pipeline.ingest.base import Ticket


def fiber_notice(
    reference: str,
    start: str,
    end: str,
    services: str = "IC-99999",
    *,
    sent: datetime,
    subject_prefix: str = "",
    reason: str = "Card replacement.",
) -> bytes:
    """A Fiber Provider planned-work notice (the seed's format)."""
    return (
        "From: Fiber Provider NOC <noc@fiberprovider.com>\r\n"
        "To: noc@operator.example\r\n"
        f"Subject: {subject_prefix}Planned Work {reference} Notification from Fiber Provider\r\n"
        f"Date: {format_datetime(sent)}\r\n"
        f"Message-ID: <{reference}.{sent.timestamp():.0f}@fiberprovider.com>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"PW Reference Number: {reference}\r\n"
        f"Start Date and Time: {start}\r\n"
        f"End Date and Time: {end}\r\n"
        f"Action and Reason: {reason}\r\n"
        f"Service ID: {services}\r\n"
        "Impact: 1 x 3 hours interruption\r\n"
    ).encode()


def bcop_notice(
    maintenance_id: str | list[str], status: str, *, objects: list[str], sent: datetime, sequence: int = 1
) -> bytes:
    """A BCOP iCalendar notice from an unknown sender; several ids give one VEVENT each."""
    ids = [maintenance_id] if isinstance(maintenance_id, str) else maintenance_id
    events = [
        line
        for one in ids
        for line in (
            "BEGIN:VEVENT", f"UID:{one}", "DTSTART:20300102T030000Z", "DTEND:20300102T050000Z",
            f"DTSTAMP:{sent:%Y%m%dT%H%M%SZ}", f"SEQUENCE:{sequence}", "X-MAINTNOTE-PROVIDER:calendar-carrier",
            "X-MAINTNOTE-ACCOUNT:ACME", f"X-MAINTNOTE-MAINTENANCE-ID:{one}", "X-MAINTNOTE-IMPACT:OUTAGE",
            f"X-MAINTNOTE-STATUS:{status}", *[f"X-MAINTNOTE-OBJECT-ID:{o}" for o in objects], "END:VEVENT",
        )
    ]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *events, "END:VCALENDAR"]
    return (
        "From: noc@calendar-carrier.example\r\nSubject: Maintenance\r\n"
        f"Date: {format_datetime(sent)}\r\nContent-Type: text/calendar; charset=utf-8\r\n\r\n"
        + "\r\n".join(lines) + "\r\n"
    ).encode()


def ticket(ticket_id: str, raw: bytes, source: str = "test") -> Ticket:
    return Ticket(source=source, ticket_id=ticket_id, raw=raw)
