"""Global Cloud Xchange (GCX): HTML "Service Advisory Notice" mails of the GNOC.

Subject ``PE2024020844407 | Emergency | Service Advisory Notice | Span Loss Rectification |
12-Feb-2024 09:00 (GMT) - 12-Feb-2024 17:00 (GMT)``: reference, kind (Planned, Emergency,
Cancelled, ...), notice type, title, window. The HTML body reads::

    Dear Example Company INC,
    Window  Primary Start Date (GMT)  Primary End Date (GMT)  Backup Start Date (GMT)  Backup End Date (GMT)
    1       12-Feb-2024 09:00         12-Feb-2024 17:00       NA                       NA
    Service ID   Impact
    RGWLS31171   At Risk

One event per numbered window (its primary dates; a backup window is only a fallback)
per service. The zone is the one written in the column header.
"""

from __future__ import annotations

import re
from datetime import datetime

from mnp_core import DecodedNotice, Impact, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.models import MaintForecastEvent
from mnp_core.toolkit import (
    ExtractError,
    html_tables,
    impact_from_text,
    parse_datetime,
    status_from_text,
    table_records,
)

_REFERENCE = re.compile(r"^[A-Z]{0,4}\d{8,}$")
_SALUTATION = re.compile(r"^\s*Dear\s+(.+?)\s*,?\s*$", re.IGNORECASE | re.MULTILINE)
_GENERIC_ADDRESSEE = re.compile(r"^(?:valued\s+)?(?:customer|client|partner|sir|madam|all)s?\b", re.IGNORECASE)
_ZONE_IN_HEADER = re.compile(r"\(([^)]+)\)")
_AT_RISK = re.compile(r"\bat risk\b|\bresilien", re.IGNORECASE)


def _impact(text: str) -> Impact:
    if _AT_RISK.search(text):
        return Impact.REDUCED_REDUNDANCY
    return impact_from_text(text, Impact.OUTAGE) or Impact.OUTAGE


def _column(record: dict[str, str], *words: str, avoid: str = "backup") -> tuple[str, str] | None:
    """The (header, value) of the first column naming all ``words`` and not ``avoid``."""
    for name, value in record.items():
        lowered = name.lower()
        if all(w in lowered for w in words) and avoid not in lowered:
            return name, value
    return None


def _instant(column: tuple[str, str]) -> datetime:
    name, value = column
    zone = _ZONE_IN_HEADER.search(name)
    return parse_datetime(f"{value} {zone.group(1)}" if zone else value, zone="UTC", dayfirst=True, where=name)


class GlobalCloudXchangeParser(Parser):
    name = "globalcloudxchange"
    senders = ("globalcloudxchange.com", "gcxworld.com")

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        parts = [p.strip() for p in notice.subject.split("|")]
        reference = next((p.split()[-1] for p in parts[:2] if p and _REFERENCE.match(p.split()[-1])), None)
        tables = [table_records(rows) for rows in html_tables(notice.html_tree)]
        records = [r for found in tables for r in found]
        windows = [(begin, end) for r in records if (begin := _column(r, "start")) and (end := _column(r, "end"))]
        services = [(service, r) for r in records if (service := _column(r, "service"))]
        if not reference or not windows:
            raise NotAMaintenance(
                "expected a 'PE... | <kind> | Service Advisory Notice' window table, found none",
                where=notice.subject,
            )
        # The title (4th part) is free text; the status lives in the kind and notice type.
        status = status_from_text(" ".join(parts[1:3]), Status.CONFIRMED)
        addressee = _SALUTATION.search(notice.html_text or notice.text)
        account = addressee.group(1) if addressee and not _GENERIC_ADDRESSEE.match(addressee.group(1)) else None
        spans = []
        for begin, end in windows:
            if begin[1].strip().upper() in ("", "NA", "N/A", "TBD", "-"):
                continue
            spans.append((_instant(begin), _instant(end)))
        circuits = [
            (service[1].strip(), _impact((_column(r, "impact") or ("", ""))[1]))
            for service, r in services
            if service[1].strip()
        ]
        if not spans or not circuits:
            raise ExtractError(
                "a primary window and a 'Service ID' table", f"{len(spans)} windows, {len(circuits)} services"
            )
        return [
            self.event(
                maintenance_id=reference,
                status=status,
                account=account,
                parsed_vendor_circuit_id=circuit,
                begin_window=begin,
                end_window=end,
                impact=impact,
                summary=parts[3] if len(parts) > 3 else notice.subject,
            )
            for begin, end in spans
            for circuit, impact in circuits
        ]


@hookimpl
def register_parsers(register):
    register(GlobalCloudXchangeParser())
