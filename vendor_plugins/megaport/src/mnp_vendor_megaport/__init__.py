"""Megaport: HTML maintenance notifications.

Reads the greeting, the announcing sentence, the services table and the window::

    Hi Generic Account, Inc.
    This is a reminder that Planned maintenance (987654321-1) that will impact the services listed below.
        (also "Emergency maintenance (...)", "... has been cancelled", "... has been rescheduled",
        "... has commenced", "... has been completed")
    Service ID   Service Type   Service Name
    123456789    IX             Los Angeles IX at CoreSite LA1
    Start Date and Time: Wed, 12 May 2021 10:00:00 UTC
    End Date and Time: Wed, 12 May 2021 11:00:00 UTC

One event per service of the table. Status comes from the announcing sentence (and the
subject); the impact too: these notices announce an outage unless they say otherwise.
"""

from __future__ import annotations

import re

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    field,
    fields,
    html_tables,
    impact_from_text,
    parse_datetime,
    search,
    status_from_text,
    table_records,
)

# "Planned maintenance (987654321-1)", "Emergency maintenance (...)".
_ANNOUNCEMENT = re.compile(r"^.*\bmaintenance\s*\(\s*([\w-]+)\s*\).*$", re.IGNORECASE | re.MULTILINE)
_GREETING = re.compile(r"^\s*(?:Hi|Hello|Dear)\s+(.+?)\s*,?\s*$", re.IGNORECASE | re.MULTILINE)
# The shared impact words see "unavailable" or "outage"; "will impact the services" is no
# statement of kind, so only an explicit "no impact" phrase lowers it.
_NO_IMPACT = re.compile(r"\b(?:no|not expected to|will not) (?:service )?impact\b|\bnon[- ]service[- ]affecting\b", re.I)


def _status(sentence: str, subject: str) -> Status:
    # "a reminder that Planned maintenance (...)": the kind of work, not a status change.
    return status_from_text(sentence, status_from_text(subject, Status.CONFIRMED))


class MegaportParser(Parser):
    name = "megaport"
    senders = ("megaport.com",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = notice.html_text if notice.html else notice.text
        announcement = _ANNOUNCEMENT.search(text)
        if announcement is None:
            raise NotAMaintenance("expected a 'maintenance (<reference>)' sentence, found none", where=notice.subject)
        sentence = announcement.group(0)
        values = fields(text)
        services = [
            row for rows in html_tables(notice.html_tree) for row in table_records(rows) if row.get("Service ID", "").strip()
        ]
        if not services:
            raise ExtractError("a services table with a 'Service ID' column", "none", notice.subject)
        greeting = _GREETING.search(text)
        purpose = field(values, "Purpose of Maintenance", default="")
        impact = Impact.NO_IMPACT if _NO_IMPACT.search(sentence) else Impact.OUTAGE
        return [
            self.event(
                maintenance_id=announcement.group(1),
                status=_status(sentence, notice.subject),
                account=greeting.group(1) if greeting else None,
                summary=purpose,
                begin_window=parse_datetime(field(values, "Start Date and Time"), where="Megaport start"),
                end_window=parse_datetime(field(values, "End Date and Time"), where="Megaport end"),
                impact=impact_from_text(service.get("Impact", ""), impact),
                parsed_vendor_circuit_id=search(r"(\S+)", service["Service ID"]),
                location=service.get("Service Name") or None,
            )
            for service in services
        ]


@hookimpl
def register_parsers(register):
    register(MegaportParser())
