"""Zayo: HTML maintenance notifications (planned, demand, emergency, start, completed,
end of window, reschedule, cancelled).

Reads, from the HTML (the plain-text part sometimes disagrees with it)::

    Subject: START MAINTENANCE NOTIFICATION***Some Customer Inc***ZAYO TTN-0003456789 Planned***
    Please be advised that the below scheduled maintenance activity will be commencing momentarily.
    Maintenance Ticket #: TTN-0003456789
    Customer: Some Customer Inc
    1st Activity Date
    01-Nov-2021 00:01 to 01-Nov-2021 05:00 ( Mountain )
    01-Nov-2021 06:01 to 01-Nov-2021 11:00 ( GMT )
    2nd Activity Date
    ...
    Backup Date
    ...
    Location of Maintenance: 11011 E Peakview Ave, Englewood, CO
    Reason for Maintenance: ... This is a reschedule of TTN-0002345678
    Circuit Id           | Expected Impact           | A Location Address | ...
    /OGYX/123456/ /ZYO / | Hard Down - up to 5 hours | ...

One event per activity date per circuit; a window is read from its GMT line, else from
its local line (Eastern, Central, Mountain, Pacific). Backup dates are contingencies,
not announced windows. The status is the subject's prefix, else the opening sentences.
"""

from __future__ import annotations

import re
from datetime import datetime

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    TZ_NAMES,
    ExtractError,
    field,
    fields,
    html_tables,
    impact_from_text,
    parse_datetime,
    parse_duration,
    status_from_text,
    table_records,
)

_TICKET = re.compile(r"^[A-Z][A-Z0-9]*-?\d{4,}$")
_WINDOW = re.compile(r"^\s*(.+?\d{1,2}:\d{2})\s+to\s+(.+?\d{1,2}:\d{2})\s*\(\s*([^)]*?)\s*\)\s*$", re.IGNORECASE)
_CUSTOMER_IN_SUBJECT = re.compile(r"\*{3}\s*([^*]+?)\s*\*{3}\s*ZAYO\b", re.IGNORECASE)
_REPLACES = re.compile(r"\breschedul\w*\s+of\s+([A-Z]+-\d+)", re.IGNORECASE)
_NO_IMPACT = re.compile(r"\bno (?:expected )?impact\b", re.IGNORECASE)


def _window(line: str) -> re.Match[str] | None:
    # A window line ends in its "( Zone )": testing that first spares every line
    # of prose the pattern's lazy scan.
    return _WINDOW.match(line) if line.rstrip().endswith(")") else None


def _instant(text: str, zone: str) -> datetime:
    # "( Mountain )": a US zone name, daylight saving applied; else what parse_datetime reads.
    named = TZ_NAMES.get(zone.strip().upper())
    if named:
        return parse_datetime(text, zone=named, where="activity date")
    return parse_datetime(f"{text} {zone}", where="activity date")


def activity_windows(lines: list[str]) -> list[tuple[datetime, datetime]]:
    """One (begin, end) per activity date: the GMT line of each date group, else its first line."""
    groups: list[tuple[str, list[tuple[str, str, str]]]] = []
    heading, fresh = "", True
    for line in lines:
        found = _window(line)
        if not found:
            heading, fresh = line, True
            continue
        if fresh:
            groups.append((heading, []))
            fresh = False
        groups[-1][1].append(found.groups())
    windows = []
    for heading, group in groups:
        if "backup" in heading.lower():
            continue
        begin, end, zone = next((w for w in group if w[2].upper() in ("GMT", "UTC")), group[0])
        windows.append((_instant(begin, zone), _instant(end, zone)))
    return windows


def _impact(words: str) -> Impact:
    if _NO_IMPACT.search(words):
        return Impact.NO_IMPACT
    if "hard down" in words.lower():
        return Impact.OUTAGE
    return impact_from_text(words, default=Impact.OUTAGE) or Impact.OUTAGE


def _status(subject: str, opening: str) -> Status:
    # The subject's prefix ("CANCELLED NOTIFICATION***") states the variant; the customer
    # name between the asterisks must not be read for status words.
    prefix = re.sub(r"\[[^\]]*\]", " ", subject.split("***", 1)[0])
    stated = status_from_text(prefix, default=Status.NO_CHANGE)
    return stated if stated is not Status.NO_CHANGE else status_from_text(opening, default=Status.CONFIRMED)


class ZayoParser(Parser):
    name = "zayo"
    senders = ("zayo.com",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = notice.html_text or notice.text
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        values = fields(text)
        if not any(label.startswith("maintenance ticket") for label in values) and not any(
            _window(line) for line in lines
        ):
            raise NotAMaintenance("expected a 'Maintenance Ticket #' line, found none", where=notice.subject)
        ticket = field(values, "Maintenance Ticket #", "Maintenance Ticket", default="")
        if not _TICKET.match(ticket):
            raise ExtractError("a 'Maintenance Ticket #' such as TTN-0001234567", ticket, notice.subject)
        windows = activity_windows(lines)
        if not windows:
            raise ExtractError("an activity date 'DD-Mon-YYYY HH:MM to DD-Mon-YYYY HH:MM ( Zone )'", "none", ticket)
        circuits = self._circuits(notice)
        if not circuits:
            raise ExtractError("a table with a 'Circuit Id' column", "none", ticket)

        customer = _CUSTOMER_IN_SUBJECT.search(notice.subject)
        account = field(values, "Customer", default="") or (customer.group(1) if customer else None)
        opening = "\n".join(
            lines[: next((i for i, ln in enumerate(lines) if ln.lower().startswith("maintenance ticket")), 0)]
        )
        reason = field(values, "Reason for Maintenance", default="")
        replaces = _REPLACES.search(reason)
        common = {
            "maintenance_id": ticket,
            "status": _status(notice.subject, opening),
            "account": account,
            "summary": reason,
            "location": field(values, "Location of Maintenance", default="") or None,
            "replaces_maintenance_id": replaces.group(1) if replaces and replaces.group(1) != ticket else None,
        }
        impacts = [(circuit, _impact(expected), expected) for circuit, expected in circuits]
        return [
            self.event(
                **common,
                begin_window=begin,
                end_window=end,
                impact=impact,
                impact_seconds=None if impact is Impact.NO_IMPACT else parse_duration(expected),
                parsed_vendor_circuit_id=circuit,
            )
            for begin, end in windows
            for circuit, impact, expected in impacts
        ]

    @staticmethod
    def _circuits(notice: DecodedNotice) -> list[tuple[str, str]]:
        """(circuit id, expected impact) of each row of the 'Circuit Id' table."""
        for rows in html_tables(notice.html_tree):
            header = next((i for i, row in enumerate(rows) if any(c.lower() == "circuit id" for c in row)), None)
            if header is None:
                continue
            records = [{k.lower(): v for k, v in r.items()} for r in table_records(rows, header=header)]
            found = [(r.get("circuit id", "").strip(), r.get("expected impact", "")) for r in records]
            return [(circuit, expected) for circuit, expected in found if circuit]
        return []


@hookimpl
def register_parsers(register):
    register(ZayoParser())
