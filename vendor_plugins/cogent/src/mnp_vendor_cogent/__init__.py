"""Cogent Communications: network maintenance notices (HTML or plain text).

Reads the headline (the subject, else the HTML title or a quoted "Subject:" line) and
the body lines::

    Correction 06/11/2021 AB987654321-1 Planned Network Maintenance - San Jose, CA 1-123456789
    Dear Cogent Customer,
    Start time: 12:00 AM (local time) 06/11/2021 <<< Correction
    End time: 03:00 AM (local time) 06/11/2021 <<< Correction
    Work order number: AB987654321-1
    Order ID(s) impacted: 1-123456789
    Expected Outage/Downtime: 45-60 minutes
    Cogent customers receiving service in the greater San Jose, CA metro area will be affected

Dates are day first. "(local time)" is the time of the city of the work (the headline's
"... Maintenance - <city>", else the "greater <city> metro area" sentence), resolved
offline; a zone written instead ("(GMT)", "(EST)") is read as written.
"""

from __future__ import annotations

import re

from mnp_core import Impact, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    field,
    fields,
    parse_datetime,
    parse_duration,
    split_ids,
    status_from_text,
    zone_for_place,
)

_HEADLINE = re.compile(r"Network Maintenance", re.IGNORECASE)
# "... Planned Network Maintenance - San Jose, CA 123456789": the place, without the order id.
_HEADLINE_PLACE = re.compile(r"Maintenance\s*-\s*(.+?)(?:\s+[\w-]*\d[\w-]*)*\s*$", re.IGNORECASE)
_METRO_PLACE = re.compile(r"in the greater (.+?) (?:metro(?:politan)? )?area", re.IGNORECASE)
_LOCAL_TIME = re.compile(r"\(\s*local time\s*\)", re.IGNORECASE)
# "Start time: ... <<< Correction": Cogent marks the lines a correction changed.
_MARKER = re.compile(r"<<<.*$")
_NO_DOWNTIME = re.compile(r"^\s*(?:none|no\b|n/?a\b|0+\s*(?:min|minutes|hours?)?\s*$|zero)", re.IGNORECASE)
_TICKET = re.compile(r"Maintenance (?:Ticket|Event ID)\s*:\s*([A-Z]*\d[\w-]*\d)", re.IGNORECASE)
_DEAR = re.compile(r"^\s*Dear\s+(.+?)\s*,\s*$", re.IGNORECASE | re.MULTILINE)


class CogentParser(Parser):
    name = "cogent"
    senders = ("cogentco.com",)

    def parse(self, notice):
        body = notice.body_text
        values = fields(body)
        start_text = field(values, "Start time", default="")
        if not start_text:
            raise NotAMaintenance("expected a 'Start time:' line, found none", where=notice.subject)
        reference = field(values, "Work order number", default="")
        if not reference:
            ticket = _TICKET.search(body)
            if not ticket:
                raise ExtractError("a 'Work order number:' line", "no such line", notice.subject)
            reference = ticket.group(1)
        headline = self._headline(notice, values)
        place = self._place(headline, body)
        begin = self._time(start_text, place)
        end = self._time(field(values, "End time"), place)
        downtime = field(values, "Expected Outage/Downtime", "Expected Outage", "Expected Downtime", default="")
        dear = _DEAR.search(body)
        return [
            self.event(
                maintenance_id=reference,
                status=self._status(headline, body),
                account=dear.group(1) if dear else None,
                begin_window=begin,
                end_window=end,
                impact=Impact.NO_IMPACT if _NO_DOWNTIME.match(downtime) else Impact.OUTAGE,
                impact_seconds=0 if _NO_DOWNTIME.match(downtime) else parse_duration(downtime),
                parsed_vendor_circuit_id=circuit,
                summary=headline,
                location=place or None,
            )
            for circuit in split_ids(field(values, "Order ID(s) impacted", "Order IDs impacted", "Order ID"))
        ]

    @staticmethod
    def _headline(notice, values: dict[str, str]) -> str:
        title = notice.html_tree.css_first("title") if notice.html else None
        candidates = (notice.subject, title.text(strip=True) if title else "", values.get("subject", ""))
        return next((c for c in candidates if c and _HEADLINE.search(c)), notice.subject)

    @staticmethod
    def _place(headline: str, body: str) -> str:
        match = _HEADLINE_PLACE.search(headline) or _METRO_PLACE.search(body)
        return match.group(1).strip() if match else ""

    @staticmethod
    def _time(text: str, place: str):
        text = _MARKER.sub("", text).strip()
        if _LOCAL_TIME.search(text):
            zone = zone_for_place(place)
            if zone is None:
                raise ExtractError("a city with a known time zone for '(local time)'", place, "headline")
            return parse_datetime(_LOCAL_TIME.sub(" ", text), zone=zone, dayfirst=True)
        return parse_datetime(text, dayfirst=True)

    @staticmethod
    def _status(headline: str, body: str) -> Status:
        # Lines marked "<<<" were corrected: the work moved. (A "Correction" headline is
        # read as RE-SCHEDULED by the shared status words.)
        if "<<<" in headline or "<<<" in body:
            return Status.RE_SCHEDULED
        return status_from_text(headline, Status.CONFIRMED)


@hookimpl
def register_parsers(register):
    register(CogentParser())
