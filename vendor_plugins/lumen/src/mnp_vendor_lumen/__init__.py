"""Lumen: HTML scheduled-maintenance notices from the Service Management Center.

Reads the heading, the latest update and, per window, the window table followed by
the impact matrix of the circuits worked on in it::

    Scheduled Maintenance Window #: 987654321-1      (or "Scheduled Maintenance #: ...")
    Updates:
    2021-05-20 07:00:21 GMT - The scheduled maintenance work has begun.
    Customer Impact:
    987654321-1
    Start                                       End
    2021-05-20 07:00 GMT (Greenwich Mean Time)  2021-05-20 12:00 GMT (Greenwich Mean Time)
    Maintenance Location(s): PROVO, UT USA
    Customer Name  Circuit ID  Alt Circuit ID  ...  Impact Type  Maximum Duration  ...  Status
    Generic Account, Inc.  123456789  N/A  ...  Outage  1 hour  ...  Completed
    Alternate Night:
    987654321-2
    Start  End  ...                             (a window with no matrix of its own)

Every window is one event per circuit row: windows are never merged. A window without
its own matrix (an alternate night) covers the circuits of the notice. The account is
the first row's customer. Mail from the same sender without a maintenance heading (a
support ticket) is no maintenance notice.
"""

from __future__ import annotations

import re
from datetime import datetime

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    html_tables,
    impact_from_text,
    parse_datetime,
    parse_duration,
    status_from_text,
    table_records,
)

_HEADING = re.compile(r"\bMaintenance(?:\s+Window)?\s*#\s*:?\s*([A-Za-z0-9][\w-]*)", re.IGNORECASE)
_LATEST_UPDATE = re.compile(r"^\s*Updates?\s*:?\s*\n+(.+)$", re.IGNORECASE | re.MULTILINE)
_SUMMARY = re.compile(r"^\s*Summary\s*:?\s*\n+(.+)$", re.IGNORECASE | re.MULTILINE)
_LOCATION = re.compile(r"Maintenance Location\(s\)\s*:\s*(.+)", re.IGNORECASE)
_PLACEHOLDER = {"", "_", "-", "n/a", "na", "none"}
# An update line's verb the shared status words do not know ("has begun" they do).
_UPDATE_WORDS = ((re.compile(r"\bhas ended\b", re.IGNORECASE), Status.COMPLETED),)
# Per-circuit results in the matrix's "Status" column.
_ROW_WORDS = (
    (re.compile(r"\bnot completed\b", re.IGNORECASE), Status.CANCELLED),
    (re.compile(r"\balternate night\b", re.IGNORECASE), Status.RE_SCHEDULED),
)


def _status(text: str, default: Status) -> Status:
    return status_from_text(text, default, words=_UPDATE_WORDS + _ROW_WORDS)


_SPELLED_ZONE = re.compile(r"\(.*?\)")


def _instant(cell: str) -> datetime:
    # "2021-05-20 07:00 GMT (Greenwich Mean Time)": the spelled-out zone is noise.
    return parse_datetime(_SPELLED_ZONE.sub(" ", cell), where="Lumen window table")


def _circuit(row: dict[str, str]) -> str | None:
    for column in ("Circuit ID", "Alt Circuit ID"):
        value = row.get(column, "").strip()
        if value.lower() not in _PLACEHOLDER:
            return value
    return None


class LumenParser(Parser):
    name = "lumen"
    senders = ("lumen.com",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = notice.html_text if notice.html else notice.text
        heading = _HEADING.search(text)
        if heading is None:
            raise NotAMaintenance("expected a 'Scheduled Maintenance #:' heading, found none", where=notice.subject)
        latest = _LATEST_UPDATE.search(text)
        notice_status = _status(latest.group(1) if latest else notice.subject, Status.CONFIRMED)
        location = _LOCATION.search(text)
        summary = _SUMMARY.search(text)

        windows: list[tuple[datetime, datetime, list[dict[str, str]]]] = []
        before_any_window: list[dict[str, str]] = []
        for rows in html_tables(notice.html_tree):
            records = table_records(rows)
            if records and "Start" in records[0] and "End" in records[0]:
                windows.append((_instant(records[0]["Start"]), _instant(records[0]["End"]), []))
            elif records and "Circuit ID" in records[0]:
                (windows[-1][2] if windows else before_any_window).extend(records)
        if not windows:
            raise ExtractError("a Start/End window table", "none", notice.subject)
        every_row = before_any_window + [row for _, _, rows in windows for row in rows]
        if not every_row:
            raise ExtractError("an impact matrix with a 'Circuit ID' column", "none", notice.subject)
        account = every_row[0].get("Customer Name") or None

        events = []
        for begin, end, rows in windows:
            for row in rows or every_row:
                events.append(
                    self.event(
                        maintenance_id=heading.group(1),
                        status=_status(row["Status"], notice_status) if row.get("Status") else notice_status,
                        account=account,
                        begin_window=begin,
                        end_window=end,
                        impact=impact_from_text(row.get("Impact Type"), Impact.OUTAGE),
                        impact_seconds=parse_duration(row.get("Maximum Duration")),
                        parsed_vendor_circuit_id=_circuit(row),
                        location=location.group(1).strip() if location else None,
                        summary=summary.group(1) if summary else "",
                    )
                )
        return events


@hookimpl
def register_parsers(register):
    register(LumenParser())
