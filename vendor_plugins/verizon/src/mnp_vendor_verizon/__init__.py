"""Verizon Business: HTML scheduled-maintenance notices (MASTARS).

A letter to the customer, a table of labelled rows and a table of circuits::

    Verizon Maintenance Notification
    Dear Verizon Customer,
    Attention: Due to unforeseen circumstances, this maintenance was not completed, ...
    Maintenance Date/Time (Local):  Aug 17 2021 00:01 BST - Aug 17 2021 06:01 BST
    Maintenance Date/Time (GMT):    Aug 16 2021 23:01 GMT - Aug 17 2021 05:01 GMT
    Planned Circuit Downtime :      15 Minute(s)
    Verizon MASTARS Request number : 987654321-1

    Company Name | Circuit ID | A End | Z End | ... | Expected Outage Window
    ACME - EMEA  | C12345678  | ...

One event per circuit per window; the GMT window is read, else the local one.
"""

from __future__ import annotations

import re
from datetime import datetime

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    column,
    field,
    html_tables,
    ignorecase_fold,
    impact_from_text,
    label_values,
    normalise_label,
    parse_datetime,
    parse_duration,
    table_records,
)

_WHEN = r"[A-Z][a-z]{2}\.? \d{1,2},? \d{4} \d{1,2}:\d{2}(?:\s*[A-Z]{2,5}(?:[+-]\d{1,2})?)?"
_WINDOW = re.compile(rf"({_WHEN})\s*(?:-|–|to)\s*({_WHEN})")
_ADDRESSEE = re.compile(r"^\s*Dear\s+([^,\n]+)", re.MULTILINE)
# Each pattern beside words every match of it holds: a case-insensitive search from a word
# boundary is tried at every position of the letter, a word in the folded letter is found
# at once.
_STATUS_WORDS = (
    (("completed", "cancel"), re.compile(r"\bnot (?:be )?completed\b|\bcancel", re.I), Status.CANCELLED),
    (
        ("complet",),
        re.compile(
            r"\b(?:has been|was|were|successfully) completed\b|\bcompleted successfully\b|maintenance completion", re.I
        ),
        Status.COMPLETED,
    ),
    (
        ("rescheduled", "re-scheduled", "postponed"),
        re.compile(r"\b(?:has|have) been re-?scheduled\b|\bre-?scheduled (?:to|for)\b|\bpostponed\b", re.I),
        Status.RE_SCHEDULED,
    ),
    (
        ("started", "begun", "commenced", "progress"),
        re.compile(r"\b(?:has|have) (?:started|begun|commenced)\b|\bin progress\b", re.I),
        Status.IN_PROCESS,
    ),
)


def _status(text: str) -> Status:
    folded = ignorecase_fold(text)
    return next(
        (
            status
            for words, pattern, status in _STATUS_WORDS
            if any(word in folded for word in words) and pattern.search(text)
        ),
        Status.CONFIRMED,
    )


def _windows(text: str, where: str) -> list[tuple[datetime, datetime]]:
    return [(parse_datetime(a, where=where), parse_datetime(b, where=where)) for a, b in _WINDOW.findall(text)]


def _impact(downtime: str) -> tuple[Impact, int | None]:
    seconds = parse_duration(downtime)
    if seconds == 0:
        return Impact.NO_IMPACT, 0
    if seconds:
        return Impact.OUTAGE, seconds
    return impact_from_text(downtime, Impact.OUTAGE) or Impact.OUTAGE, None


class VerizonParser(Parser):
    name = "verizon"
    senders = ("verizonbusiness.com", "verizon.com")

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        values: dict[str, str] = {}
        circuits: list[dict[str, str]] = []
        for rows in html_tables(notice.html_tree):
            header = next((i for i, row in enumerate(rows) if "circuit id" in map(normalise_label, row)), None)
            if header is not None:
                circuits.extend(table_records(rows, header=header))
            else:
                for label, value in label_values(rows).items():
                    values.setdefault(normalise_label(label), value)
        reference = field(
            values, "Verizon MASTARS Request number", "MASTARS Request number", "Request number", default=""
        )
        if not reference and not circuits:
            raise NotAMaintenance(
                "expected a Verizon maintenance notice, found no MASTARS request number", where=notice.subject
            )
        if not reference:
            raise ExtractError("a 'Verizon MASTARS Request number'", "none", "Verizon notice")
        gmt = field(values, "Maintenance Date/Time (GMT)", default="")
        windows = _windows(gmt, "Maintenance Date/Time (GMT)") or _windows(
            field(values, "Maintenance Date/Time (Local)", default=""), "Maintenance Date/Time (Local)"
        )
        if not windows:
            raise ExtractError("a 'Maintenance Date/Time' window", gmt or "none", "Verizon notice")
        ids = [column(r, "circuit id") for r in circuits]
        if not any(ids):
            raise ExtractError("a 'Circuit ID' column with circuits", "none", "Verizon notice")
        text = notice.html_text or notice.text
        addressee = _ADDRESSEE.search(text)
        company = next((c for r in circuits if (c := column(r, "company name"))), None)
        impact, seconds = _impact(field(values, "Planned Circuit Downtime", default=""))
        status = _status(text)
        location = field(values, "Maintenance Location", default="")
        location = None if location.upper() in ("", "N/A", "NA") else location
        summary = field(values, "Description of Maintenance", default="")
        events, seen = [], set()
        for circuit in ids:
            for begin, end in windows:
                if not circuit or (circuit, begin, end) in seen:
                    continue
                seen.add((circuit, begin, end))
                events.append(
                    self.event(
                        maintenance_id=reference,
                        status=status,
                        account=addressee.group(1) if addressee else company,
                        summary=summary,
                        begin_window=begin,
                        end_window=end,
                        impact=impact,
                        impact_seconds=seconds,
                        parsed_vendor_circuit_id=circuit,
                        location=location,
                    )
                )
        return events


@hookimpl
def register_parsers(register):
    register(VerizonParser())
