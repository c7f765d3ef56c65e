"""GTT / EXA Infrastructure: Planned and Emergency Work Notifications.

Subject ``EXA Emergency Work Notification TT 60543210 – Reschedule``; the HTML body reads::

    Planned Work Notification: 60543210 - Rescheduled
    Start      2021-11-10 03:00:00 GMT 2021-12-08 03:00 GMT     (old time struck, new one after)
    End        2021-11-10 11:00:00 GMT 2021-12-08 11:00 GMT
    Location   Oakton, VA
    Services Affected  SLID/CCSD  Customer PON  Service Type  Expected Impact to your Service  Site Address
    HI/Wavelength/0069 1234567-1  PO # RGB0001  Wavelength    180 min                          Ashburn, VA

The impact cell's background colour refers to the "Comments (Color explanation)" legend
("Service interruption" or "Resiliency Loss"). Status words after the reference: New,
Reminder (scheduled), Update, Rescheduled, Cancelled, Completed. A cancellation that gives
no Start/End is dated at the epoch (0 to 1 s), as no window is announced.

Notices carrying a BCOP calendar (X-MAINTNOTE-*) are read from the calendar.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from mnp_core import CalendarParser, DecodedNotice, Impact, NotAMaintenance, Status, hookimpl
from mnp_core.models import MaintForecastEvent
from mnp_core.toolkit import (
    ExtractError,
    impact_from_text,
    node_text,
    parse_datetime,
)

_HEADING = re.compile(
    r"(?:Planned|Emergency)\s+Work\s+Notification\s*:\s*(\d{5,})\s*[-–]\s*([A-Za-z ]+)", re.IGNORECASE
)
_SUBJECT = re.compile(r"\bTT\s*#?\s*(\d{5,})(?:\s*[-–]\s*([A-Za-z ]+))?", re.IGNORECASE)
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:GMT|UTC|Z)\b)?", re.IGNORECASE)
_STATUS_WORDS = (
    ("cancel", Status.CANCELLED),
    ("complet", Status.COMPLETED),
    ("closed", Status.COMPLETED),
    ("resched", Status.RE_SCHEDULED),
    ("update", Status.RE_SCHEDULED),
    ("progress", Status.IN_PROCESS),
    ("start", Status.IN_PROCESS),
)
_REASON = re.compile(r"Planned work Reason\s*:\s*\n?\s*(.+)", re.IGNORECASE)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Row = list[tuple[str, str]]  # (cell text, background colour)


def _rows(notice: DecodedNotice) -> list[Row]:
    if not notice.html.strip():
        return [
            [(cell.strip(), "") for cell in line.split("\t")]
            for line in notice.text.splitlines()
            if "\t" in line
        ]
    rows = []
    for tr in notice.html_tree.css("tr"):
        cells = [c for c in tr.iter() if c.tag in ("td", "th")]
        rows.append([(node_text(c), (c.attributes.get("bgcolor") or "").lower()) for c in cells])
    return rows


def _status(word: str) -> Status:
    lowered = word.lower()
    return next((status for key, status in _STATUS_WORDS if key in lowered), Status.CONFIRMED)


def _last_stamp(cell: str) -> datetime:
    # A rescheduled notice keeps the old time (struck through) before the new one.
    found = _STAMP.findall(cell)
    if not found:
        raise ExtractError("a 'YYYY-MM-DD hh:mm GMT' time", cell)
    return parse_datetime(found[-1], zone="UTC")


def _row_impact(row: Row, expected: str, legend: dict[str, str]) -> Impact:
    meaning = next((legend[colour] for _, colour in row if colour in legend), "").lower()
    if "resilien" in meaning or "redundan" in meaning:
        return Impact.REDUCED_REDUNDANCY
    if "interruption" in meaning:
        return Impact.OUTAGE
    return impact_from_text(expected, Impact.OUTAGE) or Impact.OUTAGE


class GttParser(CalendarParser):
    name = "gtt"
    senders = ("exainfra.net", "gtt.net", "gttcorp.org")

    def parse_without_calendar(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = notice.html_text if notice.html.strip() else notice.text
        heading = _HEADING.search(text)
        in_subject = _SUBJECT.search(notice.subject)
        if not heading and not in_subject:
            raise NotAMaintenance(
                "expected 'Planned Work Notification: <TT> - <status>', found none", where=notice.subject
            )
        reference = heading.group(1) if heading else in_subject.group(1)
        status = _status(heading.group(2) if heading else in_subject.group(2) or "")
        reason = _REASON.search(text)
        rows = _rows(notice)
        details = {
            cells[0][0].rstrip(":").lower(): cells[1][0] for cells in rows if len(cells) == 2 and cells[0][0]
        }
        legend = {
            colour: label for cells in rows for label, colour in cells[:1] if colour and len(cells) == 2
        }
        if "start" in details and "end" in details:
            begin, end = _last_stamp(details["start"]), _last_stamp(details["end"])
        elif status is Status.CANCELLED:
            begin, end = _EPOCH, _EPOCH + timedelta(seconds=1)
        else:
            raise ExtractError("Start and End rows", "none", f"TT {reference}")
        header_at = next(
            (i for i, cells in enumerate(rows) if any("SLID" in t.upper() for t, _ in cells)), None
        )
        if header_at is None:
            raise ExtractError(
                "a 'Services Affected' table with a SLID/CCSD column", "none", f"TT {reference}"
            )
        names = [t.strip().lower() for t, _ in rows[header_at]]
        column = {
            key: next((i for i, n in enumerate(names) if key in n), None) for key in ("slid", "pon", "impact")
        }
        events = []
        for row in rows[header_at + 1 :]:
            if len(row) != len(names):
                break
            cells = {key: row[index][0] if index is not None else "" for key, index in column.items()}
            if not cells["slid"]:
                continue
            events.append(
                self.event(
                    maintenance_id=reference,
                    status=status,
                    account=cells["pon"] or None,
                    parsed_vendor_circuit_id=cells["slid"],
                    begin_window=begin,
                    end_window=end,
                    impact=_row_impact(row, cells["impact"], legend),
                    location=details.get("location") or None,
                    summary=reason.group(1).strip() if reason else "",
                )
            )
        return events


@hookimpl
def register_parsers(register):
    register(GttParser())
