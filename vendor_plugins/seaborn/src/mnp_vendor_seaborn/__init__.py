"""Seaborn Networks: maintenance notices in label lines, often reaching us forwarded.

Reads the subject's account and the body's lines (text or HTML)::

    Subject: [## 40404 ##] Emergency Maintenance Notification CID: SBN-XXXXX-YYYYY-0001 TT#5150

    Be advised that this maintenance has been rescheduled and the details are below:
    Seaborn Ticket number:5150
    Start date/time: 3/14/2031 1:00:00 am GMT
    Finish date/time: 3/14/2031 7:00:00 am GMT
    Circuit impacted:SBN-XXXXX-YYYYY-0001
    Service Impact: Switch hits up to 5 minutes

Dates are written month first. The opening "Be advised ..." sentence carries the status
(rescheduled, cancelled, completed); otherwise the notice confirms the window.
"""

from __future__ import annotations

import re
from datetime import datetime

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    field,
    fields,
    impact_from_text,
    parse_datetime,
    parse_duration,
    split_ids,
    start_end_pairs,
    status_from_texts,
)

_TICKET_LABELS = ("Seaborn Ticket number", "Seaborn Ticket #", "Seaborn Ticket", "Ticket number", "Ticket")
_CIRCUIT_LABELS = (
    "Circuit impacted",
    "Circuits impacted",
    "Circuit IDs",
    "Circuit ID",
    "Circuits affected",
    "CID",
)
_ACCOUNT = re.compile(r"\[##\s*([\w-]+)\s*##\]")
_SUBJECT_TICKET = re.compile(r"\bTT\s*#\s*(\w+)", re.IGNORECASE)
_SUBJECT_CIRCUIT = re.compile(r"\bCID\s*:\s*(\S+)", re.IGNORECASE)
_ADVISORY = re.compile(r"\b(?:be advised|please note|inform(?:ed)?)\b", re.IGNORECASE)
_LABEL_LINE = re.compile(r"^\s*([A-Za-z][^:\n]{0,60}?)\s*:\s*(.+?)\s*$", re.MULTILINE)
# Forwarding clients mangle non-ASCII bytes next to the circuit id into junk characters.
_NOT_PRINTABLE = re.compile(r"[^\x21-\x7e ,;]")


def _windows(text: str) -> list[tuple[datetime, datetime]]:
    """Every 'Start date/time' line paired with the 'Finish date/time' line after it."""
    rows = (match.groups() for match in _LABEL_LINE.finditer(text))
    return [
        (parse_datetime(begin, where=begin_label), parse_datetime(end, where=end_label))
        for (begin_label, begin), (end_label, end) in start_end_pairs(rows)
    ]


class SeabornParser(Parser):
    name = "seaborn"
    senders = ("seabornnetworks.com",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        # A forwarded notice keeps only the forward header in its text part and the body
        # in its HTML: read the first part that states a window.
        parts = [part for part in (notice.html_text, notice.text) if part.strip()] or [""]
        body, windows = next(((part, found) for part in parts if (found := _windows(part))), (parts[0], []))
        values = fields(body)
        subject_ticket = _SUBJECT_TICKET.search(notice.subject)
        ticket = field(values, *_TICKET_LABELS, default="") or (subject_ticket.group(1) if subject_ticket else "")
        if not ticket and not windows:
            raise NotAMaintenance(
                "expected a 'Seaborn Ticket number' and a 'Start date/time', found neither",
                where=notice.subject,
            )
        if not ticket:
            raise ExtractError("a 'Seaborn Ticket number' line or 'TT#' in the subject", "none", notice.subject)
        if not windows:
            raise ExtractError("'Start date/time' and 'Finish date/time' lines", "none", notice.subject)
        circuit_text = field(values, *_CIRCUIT_LABELS, default="")
        circuits = split_ids(_NOT_PRINTABLE.sub("", circuit_text))
        if not circuits:
            from_subject = _SUBJECT_CIRCUIT.search(notice.subject)
            circuits = [from_subject.group(1)] if from_subject else [None]
        account = _ACCOUNT.search(notice.subject)
        impact_text = field(values, "Service Impact", "Impact", default="")
        seconds = parse_duration(impact_text)
        advisory = next((line for line in body.splitlines() if _ADVISORY.search(line)), "")
        common = dict(
            maintenance_id=ticket,
            status=status_from_texts(advisory, notice.subject),
            account=account.group(1) if account else field(values, "Account", "Account number", default="") or None,
            summary=field(values, "Description", default=""),
            impact=Impact.NO_IMPACT if seconds == 0 else impact_from_text(impact_text, Impact.OUTAGE),
            impact_seconds=seconds,
        )
        return [
            self.event(**common, begin_window=begin, end_window=end, parsed_vendor_circuit_id=circuit)
            for begin, end in windows
            for circuit in circuits
        ]


@hookimpl
def register_parsers(register):
    register(SeabornParser())
