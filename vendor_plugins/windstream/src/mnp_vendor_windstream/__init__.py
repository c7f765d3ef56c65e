"""Windstream: HTML maintenance notices ("Windstream (Demand Notification WMT#: 123456)").

Reads the heading, the label table, the impact table and the circuit table::

    <h1>Planned Maintenance Notification</h1>
    DESCRIPTION OF MAINTENANCE
    Fiber Maintenance - DOT Mandated Project
    Related WMT: 123456
    WMT:                      123456
    Maintenance Address:      RANDOM ADDRESS
    Service Affecting:        YES
    Event Start Date & Time:  03/20/24 02:00 ET
    Event End Date & Time:    03/20/24 08:00 ET
    Impact Type | Duration      | Impact Start      | Impact End
    Outage      | 360 minute(s) | 03/20/24 02:00 ET | 03/20/24 08:00 ET
    Name         | Account   | Circuit ID             | Rate Code | ...
    TEST ACCOUNT | *****1234 | WS/KJUS/12345/ /WXN /  | 100G      | ...

One event per circuit row, over the event window. Times are US local time written as
ET/CT/MT/PT (daylight saving applied); "Name" is the customer the notice is addressed to
(the "Account" column only shows a masked number).
"""

from __future__ import annotations

import re
from datetime import datetime

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    TZ_NAMES,
    ExtractError,
    column,
    field,
    fields,
    html_tables,
    impact_from_text,
    label_values,
    node_text,
    normalise_label,
    parse_datetime,
    parse_duration,
    status_from_text,
    table_records,
)

# Windstream writes US zones without standard or daylight letter; the date decides which.
_US_ZONE = re.compile(r"\(?\b(" + "|".join(TZ_NAMES) + r")\b\)?", re.IGNORECASE)
_WMT_IN_SUBJECT = re.compile(r"\bWMT\s*#?\s*:?\s*(\d+)", re.IGNORECASE)


def us_datetime(text: str, where: str) -> datetime:
    """A time followed by a generic US zone (``03/20/24 02:00 ET``), else any zone parse_datetime reads."""
    zone = _US_ZONE.search(text)
    if not zone:
        return parse_datetime(text, where=where)
    rest = text[: zone.start()] + " " + text[zone.end() :]
    return parse_datetime(rest, zone=TZ_NAMES[zone.group(1).upper()], where=where)


def _table(tables: list[list[list[str]]], name: str) -> list[dict[str, str]]:
    """Records of the innermost table whose header row names the column ``name``."""
    for rows in reversed(tables):
        if any(cell.rstrip(":").strip().lower() == name.lower() for cell in rows[0]):
            return table_records(rows)
    return []


class WindstreamParser(Parser):
    name = "windstream"
    senders = ("windstream.com",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = notice.html_text or notice.text
        tables = html_tables(notice.html_tree)
        # The label table's cells keep a multi-line address whole; text lines would split it.
        values = fields(text) | {normalise_label(k): v for rows in tables for k, v in label_values(rows).items()}
        in_subject = _WMT_IN_SUBJECT.search(notice.subject)
        reference = values.get("wmt") or values.get("wmt#") or (in_subject.group(1) if in_subject else "")
        if not reference:
            raise NotAMaintenance("expected a 'WMT' maintenance number, found none", where=notice.subject)
        begin = us_datetime(
            field(values, "Event Start Date & Time", "Event Start Date", where="label table"), "Event Start"
        )
        end = us_datetime(field(values, "Event End Date & Time", "Event End Date", where="label table"), "Event End")

        circuits = _table(tables, "Circuit ID")
        if not circuits:
            raise ExtractError("a table with a 'Circuit ID' column", "none", notice.subject)
        impacts = _table(tables, "Impact Type")
        impact_words = " ".join(column(row, "Impact Type") for row in impacts)
        if impact_words.strip():
            impact = impact_from_text(impact_words, default=Impact.OUTAGE)
        elif values.get("service affecting", "").upper().startswith("NO"):
            impact = Impact.NO_IMPACT
        else:
            impact = Impact.OUTAGE
        durations = [parse_duration(column(row, "Duration")) for row in impacts]
        seconds = sum(d for d in durations if d is not None) if any(d is not None for d in durations) else None

        heading = self._heading(notice)
        related = values.get("related wmt", "")
        common = {
            "maintenance_id": reference,
            "status": status_from_text(f"{notice.subject} {heading}", default=Status.CONFIRMED),
            "summary": self._description(text),
            "begin_window": begin,
            "end_window": end,
            "impact": impact,
            "impact_seconds": seconds,
            "location": values.get("maintenance address") or None,
            "replaces_maintenance_id": related if related and related != reference else None,
        }
        return [
            self.event(
                **common, account=column(row, "Name", "Customer", "Account") or None, parsed_vendor_circuit_id=circuit
            )
            for row in circuits
            if (circuit := column(row, "Circuit ID"))
        ]

    @staticmethod
    def _heading(notice: DecodedNotice) -> str:
        node = notice.html_tree.css_first("h1")
        return node_text(node) if node is not None else ""

    @staticmethod
    def _description(text: str) -> str:
        lines = text.splitlines()
        for index, line in enumerate(lines):
            if line.strip().upper() == "DESCRIPTION OF MAINTENANCE" and index + 1 < len(lines):
                return lines[index + 1].strip()
        return ""


@hookimpl
def register_parsers(register):
    register(WindstreamParser())
