"""Crown Castle Fiber: HTML maintenance notices.

Reads::

    Subject: Crown Castle Fiber Scheduled Maintenance Notification: CM20240101000 on ... [Event Completed]
    Dear Example Customer,
    Ticket Number: CM20240101000
    Location of Work: Anywhere, FL
    Scheduled Start Date & Time | Scheduled End Date & Time | Time Zone
    1/3/2024 | 3:00 AM | 1/3/2024 | 9:00 AM | Eastern
    1/3/2024 | 8:00 AM | 1/3/2024 | 2:00 PM | GMT
    Expected Customer Impact: Potential Service Affecting
    Circuit ID | Active Product | A Location | Z Location | Impact | Notes

The schedule repeats each window in several zones: the GMT rows are read (else the rows
of the first zone listed), one window per row. Dates are month first. Each circuit gets
its "Impact" cell; a notice without a circuit table (a completion notice) yields one
event with no circuit, whose impact is what "Expected Customer Impact" states, if anything.
"""

from __future__ import annotations

import re

from mnp_core import Impact, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    TZ_NAMES,
    ExtractError,
    fields,
    html_tables,
    impact_from_text,
    parse_datetime,
    parse_duration,
    status_from_text,
    table_records,
)

# The schedule's "Time Zone" column: US zone names (TZ_NAMES), and these.
_ZONES = {"GMT": "UTC", "UTC": "UTC", "ATLANTIC": "America/Puerto_Rico"}
_DEAR = re.compile(r"^\s*Dear\s+(.+?)\s*,", re.IGNORECASE | re.MULTILINE)
_PURPOSE = re.compile(r"This notice is being sent to[^.]*", re.IGNORECASE)
_NONE = re.compile(r"^\s*(?:none|no impact|n/a|non[- ]service[- ]affecting)\b", re.IGNORECASE)


class CrownCastleParser(Parser):
    name = "crowncastle"
    senders = ("crowncastle.com",)

    def parse(self, notice):
        text = notice.body_text
        values = fields(text)  # keyed by labels as fields() folds them
        reference = values.get("ticket number")
        if not reference:
            raise NotAMaintenance("expected a 'Ticket Number:' line, found none", where=notice.subject)
        tables = html_tables(notice.html_tree) if notice.html else []
        windows = self._windows(tables)
        if not windows:
            raise ExtractError("a 'Scheduled Start Date & Time' table", "none", notice.subject)
        status = status_from_text(notice.subject, None)
        if status is None:  # the purpose sentence is only read when the subject says nothing
            purpose = _PURPOSE.search(text)
            status = status_from_text(purpose.group(0) if purpose else "", Status.CONFIRMED)
        stated = values.get("expected customer impact", "")
        circuits = self._circuits(tables)
        if not circuits:
            circuits = {None: impact_from_text(stated, None)}
        dear = _DEAR.search(text)
        common = {
            "maintenance_id": reference,
            "status": status,
            "account": dear.group(1) if dear else None,
            "impact_seconds": parse_duration(values.get("expected impact duration")),
            "location": values.get("location of work") or None,
            "summary": values.get("work description") or notice.subject,
        }
        return [
            self.event(**common, begin_window=begin, end_window=end, impact=impact, parsed_vendor_circuit_id=circuit)
            for begin, end in windows
            for circuit, impact in circuits.items()
        ]

    @staticmethod
    def _windows(tables):
        """(begin, end) per window, from the rows of one zone of the schedule table."""
        for rows in tables:
            header = [cell.lower() for cell in rows[0]]
            if not any("start" in h for h in header) or not any("zone" in h for h in header):
                continue
            start = [i for i, h in enumerate(header) if "start" in h]
            end = [i for i, h in enumerate(header) if "end" in h]
            zone_at = next(i for i, h in enumerate(header) if "zone" in h)
            by_zone: dict[str, list[tuple[str, str]]] = {}
            for row in rows[1:]:
                if len(row) <= zone_at:
                    continue
                word = row[zone_at].strip().upper().split(" ")[0]
                zone = _ZONES.get(word) or TZ_NAMES.get(word)
                if zone:
                    pair = (" ".join(row[i] for i in start), " ".join(row[i] for i in end))
                    by_zone.setdefault(zone, []).append(pair)
            if by_zone:
                zone = "UTC" if "UTC" in by_zone else next(iter(by_zone))
                return [
                    (parse_datetime(b, zone=zone, where="start"), parse_datetime(e, zone=zone, where="end"))
                    for b, e in by_zone[zone]
                ]
        return []

    @staticmethod
    def _circuits(tables) -> dict[str, Impact]:
        """Each circuit of the circuit table and the impact its "Impact" cell states."""
        found: dict[str, Impact] = {}
        for rows in tables:
            if not any(cell.strip().lower() == "circuit id" for cell in rows[0]):
                continue
            for record in table_records(rows):
                circuit = record.get("Circuit ID", "").strip()
                if circuit:
                    said = record.get("Impact", "")
                    found[circuit] = Impact.NO_IMPACT if _NONE.match(said) else impact_from_text(said, Impact.OUTAGE)
        return found


@hookimpl
def register_parsers(register):
    register(CrownCastleParser())
