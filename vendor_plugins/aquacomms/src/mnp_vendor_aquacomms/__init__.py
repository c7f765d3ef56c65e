"""Aqua Comms planned-outage notices: an HTML label/value table, the account in the subject.

Reads::

    Subject: Aqua Comms Planned Outage Work ISSUE=11111 PROJ=999

    Ticket Number:                  11111
    Scheduled Start Date & Time:    22:00 12/10/2020 GMT
    Scheduled End Date & Time:      08:00 13/10/2020 GMT
    Service ID:                     111-AAA-11-11BB-33333

Dates are day first. ``PROJ=`` is the customer's project, used as the account. The
ticketing system's mails often reach customers without a usable sender, so the parser is
routed by its subject alone.
"""

from __future__ import annotations

import re

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    html_tables,
    impact_from_text,
    label_values,
    normalise_label,
    parse_datetime,
    split_ids,
    status_from_text,
)

_ISSUE = re.compile(r"\bISSUE\s*=\s*(\w+)", re.IGNORECASE)
_PROJECT = re.compile(r"\bPROJ\s*=\s*(\w+)", re.IGNORECASE)


def _labelled(notice: DecodedNotice) -> dict[str, list[str]]:
    """Every label/value row of the HTML tables, by normalised label (labels may repeat)."""
    found: dict[str, list[str]] = {}
    for table in html_tables(notice.html_tree):
        for label, values in label_values(table, multi=True).items():
            found.setdefault(normalise_label(label), []).extend(values)
    return found


def _one(values: dict[str, list[str]], label: str) -> str:
    found = values.get(normalise_label(label))
    if not found:
        raise ExtractError(f"a {label!r} row", "no such row", "the notice's table")
    return found[0]


class AquaCommsParser(Parser):
    name = "aquacomms"
    # No sender on purpose: see the module docstring.
    subjects = (r"\bAqua\s?Comms\b.*\bISSUE\s*=",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        if not re.search(r"\b(?:outage|maintenance|work)\b", notice.subject, re.IGNORECASE):
            raise NotAMaintenance(
                "expected an Aqua Comms outage or maintenance subject", where=notice.subject
            )
        values = _labelled(notice)
        issue = _ISSUE.search(notice.subject)
        reference = (values.get("ticket number") or [issue.group(1) if issue else ""])[0]
        if not reference:
            raise ExtractError("a 'Ticket Number' row or an ISSUE= in the subject", notice.subject)
        project = _PROJECT.search(notice.subject)
        # "Planned Outage Work": the subject words say what the service sees.
        subject_words = re.sub(r"\b(?:ISSUE|PROJ)\s*=\s*\w+", " ", notice.subject)
        circuits = [c for value in values.get("service id", []) for c in split_ids(value)]
        if not circuits:
            raise ExtractError("a 'Service ID' row", "none", "the notice's table")
        common = dict(
            maintenance_id=reference,
            status=status_from_text(subject_words, Status.CONFIRMED),
            account=project.group(1) if project else None,
            begin_window=parse_datetime(_one(values, "Scheduled Start Date & Time"), dayfirst=True),
            end_window=parse_datetime(_one(values, "Scheduled End Date & Time"), dayfirst=True),
            impact=impact_from_text(subject_words, Impact.OUTAGE),
            summary=notice.subject,
        )
        return [self.event(**common, parsed_vendor_circuit_id=circuit) for circuit in circuits]


@hookimpl
def register_parsers(register):
    register(AquaCommsParser())
