"""Sparkle: maintenance notices as a two-column HTML table, one row per label.

Reads rows such as (label cell, value cell)::

    Type of Maintenance                  | Planned
    Sparkle Ticket Number                | 4040404 / 50505
    Start Date/Time (UTC) Day 1          | 09/21/2031 02:00 UTC
    End Date/Time (UTC) Day 1            | 09/21/2031 06:00 UTC
    Start Date/Time (UTC) BACKUP         | 09/22/2031 02:00 UTC
    End Date/Time (UTC) BACKUP           | 09/22/2031 06:00 UTC
    Expected Impact Time (minutes)       | 240 minutes
    Circuits Involved in the Activity    | (a nested table, one circuit per row)

Each window (Day 1, Day 2, BACKUP...) is its own event, never merged with the others;
when the notice lists one ticket per window, the n-th ticket is the n-th window's. The
notices name no customer account.
"""

from __future__ import annotations

import re
from datetime import datetime

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    HtmlNode,
    get_zone,
    node_text,
    parse_datetime,
    parse_duration,
    split_ids,
    start_end_pairs,
    status_from_text,
)
from mnp_core.toolkit.scan import dayfirst_of

# The notices name no customer account: events say so rather than leave it blank.
_NO_ACCOUNT = "Not Available"
_LABEL_ZONE = re.compile(r"\(([A-Za-z][\w/+:-]*)\)")


def _rows(notice: DecodedNotice) -> list[tuple[str, HtmlNode]]:
    """(label text, value cell) of every table row with at least two cells."""
    rows = []
    for row in notice.html_tree.css("tr"):
        cells = [cell for cell in row.iter() if cell.tag in ("td", "th")]
        if len(cells) >= 2:
            rows.append((node_text(cells[0]).rstrip(":").strip(), cells[1]))
    return rows


def _value(rows: list[tuple[str, HtmlNode]], *labels: str) -> str:
    wanted = [label.lower() for label in labels]
    return next((node_text(cell) for label, cell in rows if label.lower() in wanted), "")


def _circuits(cell: HtmlNode) -> list[str]:
    # A node's css() matches the node itself too: look for the cells of nested tables.
    nested = [node_text(inner) for table in cell.css("table") for inner in table.css("td")]
    if any(nested):
        return list(dict.fromkeys(circuit for text in nested for circuit in split_ids(text)))
    return split_ids(cell.text(deep=True, separator="\n"))


def _instant(label: str, value: str, dayfirst: bool) -> datetime:
    # "(UTC)" in the label is the zone of a value written without one.
    zone_name = _LABEL_ZONE.search(label)
    try:
        zone = get_zone(zone_name.group(1)) if zone_name else None
    except ExtractError:
        zone = None
    return parse_datetime(value, zone=zone, dayfirst=dayfirst, where=label)


def _windows(rows: list[tuple[str, HtmlNode]]) -> list[tuple[datetime, datetime]]:
    pairs = start_end_pairs((label, node_text(cell)) for label, cell in rows)
    # Sparkle writes month first unless a date shows otherwise.
    dayfirst = bool(dayfirst_of("\n".join(value for pair in pairs for _, value in pair)))
    return [(_instant(*begin, dayfirst), _instant(*end, dayfirst)) for begin, end in pairs]


def _impact(text: str, label_minutes: bool) -> tuple[Impact, int | None]:
    seconds = parse_duration(text)
    if seconds is None and label_minutes and text.strip().isdigit():
        seconds = int(text.strip()) * 60
    if seconds == 0 or re.search(r"\bno (?:service )?impact\b", text, re.IGNORECASE):
        return Impact.NO_IMPACT, seconds
    return Impact.OUTAGE, seconds


class SparkleParser(Parser):
    name = "sparkle"
    senders = ("tisparkle.com",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        rows = _rows(notice)
        tickets = split_ids(_value(rows, "Sparkle Ticket Number", "Ticket Number"))
        if not tickets:
            raise NotAMaintenance("expected a 'Sparkle Ticket Number' row, found none", where=notice.subject)
        windows = _windows(rows)
        if not windows:
            raise ExtractError("'Start Date/Time' and 'End Date/Time' rows", "none", notice.subject)
        circuit_cell = next((cell for label, cell in rows if label.lower().startswith("circuits")), None)
        circuits: list[str | None] = (_circuits(circuit_cell) if circuit_cell is not None else []) or [None]
        impact_label = next((label for label, _ in rows if label.lower().startswith("expected impact")), "")
        impact, seconds = _impact(_value(rows, impact_label), "minute" in impact_label.lower())
        # The subject names the status ("Maintenance Cancellation ..."); its dates and
        # ticket numbers come after a "|" and say nothing about it.
        status = status_from_text(notice.subject.split("|")[0], Status.CONFIRMED)
        account = _value(rows, "Account", "Customer", "Customer Name") or _NO_ACCOUNT
        events = []
        for index in range(max(len(tickets), len(windows))):
            begin, end = windows[min(index, len(windows) - 1)]
            for circuit in circuits:
                events.append(
                    self.event(
                        maintenance_id=tickets[min(index, len(tickets) - 1)],
                        status=status,
                        account=account,
                        summary=_value(rows, "Description of Work", "Description"),
                        begin_window=begin,
                        end_window=end,
                        impact=impact,
                        impact_seconds=seconds,
                        parsed_vendor_circuit_id=circuit,
                        location=_value(rows, "Location") or None,
                    )
                )
        return events


@hookimpl
def register_parsers(register):
    register(SparkleParser())
