"""Tata Communications: "Planned Work Notification" mails (HTML table, same text part).

Reads the subject and the table's label/value rows::

    Subject: TCL TT: "CHGP0765432" / "Normal" / "Scheduled" / Planned Work Notification

    Ticket Reference - TCL                 CHGP0765432
    Service ID                             X098765432109876543, Y098765432109876543
    Activity Status                        Scheduled
    Location of activity                   Chennai
    Activity Window (IST)                  2031-06-10 04:30:00 IST to 2031-06-10 10:30:00 IST
    Activity Window (GMT)                  2031-06-09 23:00:00 GMT to 2031-06-10 05:00:00 GMT
    Expected Impact Duration(DD:HH:MM) :   0 Days 1 Hours 30 Minutes

The GMT window is read when there is one (a "Revised" window replaces the first one; an
"Extended up to" time moves the end). The status is the "Activity Status" row, else the
subject's words. The notices name no customer account: events carry "N/A".
"""

from __future__ import annotations

import re
from datetime import datetime

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    html_tables,
    label_values,
    normalise_label,
    parse_datetime,
    parse_duration,
    parse_window,
    split_ids,
    status_from_texts,
)

# The notices name no customer account: events say so rather than leave it blank.
_NO_ACCOUNT = "N/A"
_SUBJECT_TICKET = re.compile(r'\bTCL\s+TT\s*:\s*"?([\w-]+)', re.IGNORECASE)
_TEXT_ROW = re.compile(r"^\s*([A-Za-z][^\t]*?)(?:\t+|\s{2,})(\S.*?)\s*$")
_UTC_LABEL = re.compile(r"\b(?:gmt|utc)\b")
_RANGE = re.compile(r"^(.+?)\s+to\s+(.+)$", re.IGNORECASE)
_DAYS_CLOCK = re.compile(r"^\s*(\d+):(\d{1,2}):(\d{2})\s*$")
_EXTENDED = re.compile(r"\bexten(?:ded|sion)\b", re.IGNORECASE)
# An extension moves the window's end: the schedule changed. ("Extended" is no shared
# status word: other carriers write it of a window confirmed as it was.)
_STATUS_WORDS = ((_EXTENDED, Status.RE_SCHEDULED),)


def _rows(notice: DecodedNotice) -> dict[str, str]:
    """Label -> value of the notice's table, normalised labels; the text part if no HTML."""
    found: dict[str, str] = {}
    for table in html_tables(notice.html_tree) if notice.html else []:
        for label, value in label_values(table).items():
            found.setdefault(normalise_label(label), value)
    if not found:
        for line in notice.text.splitlines():
            match = _TEXT_ROW.match(line)
            if match:
                found.setdefault(normalise_label(match.group(1)), match.group(2))
    return found


def _window(label: str, value: str) -> tuple[datetime, datetime]:
    # "Activity Window (GMT)": the zone of bounds written without one.
    return parse_window(value, zone="UTC" if _UTC_LABEL.search(label) else None, where=label)


def _windows(rows: dict[str, str]) -> list[tuple[datetime, datetime]]:
    labels = [label for label in rows if "window" in label and not _EXTENDED.search(label)]
    # The same window is written in local time and in GMT: the GMT row is the reference.
    labels = [label for label in labels if _UTC_LABEL.search(label)] or labels
    revised = [label for label in labels if re.search(r"\b(?:revised|new|rescheduled)\b", label)]
    windows = [_window(label, rows[label]) for label in revised or labels]
    extension = next((label for label in rows if _EXTENDED.search(label) and _UTC_LABEL.search(label)), None)
    if extension and windows:
        # Written as a time or as the whole new window; either way its end is the new end.
        until = _RANGE.match(rows[extension])
        end = parse_datetime(until.group(2) if until else rows[extension], zone="UTC", where=extension)
        windows[-1] = (windows[-1][0], end)
    return windows


def _impact_seconds(rows: dict[str, str]) -> int | None:
    label = next((label for label in rows if label.startswith("expected impact")), None)
    if label is None:
        return None
    days_clock = _DAYS_CLOCK.match(rows[label])
    if days_clock and "dd" in label:
        days, hours, minutes = (int(part) for part in days_clock.groups())
        return days * 86400 + hours * 3600 + minutes * 60
    return parse_duration(rows[label])


class TataParser(Parser):
    name = "tata"
    senders = ("tatacommunications.com",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        rows = _rows(notice)
        subject_ticket = _SUBJECT_TICKET.search(notice.subject)
        ticket = rows.get("ticket reference tcl") or (subject_ticket.group(1) if subject_ticket else "")
        windows = _windows(rows)
        if not ticket and not windows:
            raise NotAMaintenance(
                "expected a 'Ticket Reference - TCL' row and an activity window, found neither",
                where=notice.subject,
            )
        if not ticket:
            raise ExtractError("a 'Ticket Reference - TCL' row or 'TCL TT:' subject", "none", notice.subject)
        if not windows:
            raise ExtractError("an 'Activity Window (GMT)' row", "none", notice.subject)
        circuits: list[str | None] = split_ids(rows.get("service id", "")) or [None]
        seconds = _impact_seconds(rows)
        return [
            self.event(
                maintenance_id=ticket,
                status=status_from_texts(rows.get("activity status", ""), notice.subject, words=_STATUS_WORDS),
                account=rows.get("customer name") or rows.get("account") or _NO_ACCOUNT,
                summary=rows.get("activity description", ""),
                begin_window=begin,
                end_window=end,
                impact=Impact.NO_IMPACT if seconds == 0 else Impact.OUTAGE,
                impact_seconds=seconds,
                parsed_vendor_circuit_id=circuit,
                location=rows.get("location of activity") or None,
            )
            for begin, end in windows
            for circuit in circuits
        ]


@hookimpl
def register_parsers(register):
    register(TataParser())
