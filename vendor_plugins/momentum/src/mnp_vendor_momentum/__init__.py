"""Momentum Telecom: network maintenance notices of Momentum Data Services.

The subject names the kind of notice, the account and the case number::

    Momentum Data Services | Planned Network Maintenance , | Customer Inc | | 11111111 | [ ref:_00D8...:ref ]

and the body gives the window and the circuits as "Label: value" lines::

    Maintenance start date/time: 2021-08-14 09:30 AM UTC
    Maintenance finish date/time: 2021-08-14 11:00 AM UTC
    Expected Impact: ...
    Account: Customer Inc
    Circuit ID(s) impacted: C00001
    Your circuit listed above may experience an outage during this maintenance window.

One event per window (start/finish pair) per circuit. The impact is read from
"Expected Impact", else from the sentence announcing what the circuits may experience.
"""

from __future__ import annotations

import re

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    field,
    fields,
    impact_from_text,
    parse_datetime,
    split_ids,
    status_from_text,
)

_START = re.compile(r"^\W*Maintenance start date/time\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_FINISH = re.compile(r"^\W*Maintenance (?:finish|end) date/time\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_CASE_NUMBER = re.compile(r"^[A-Za-z0-9-]*\d{4,}[A-Za-z0-9-]*$")
# Starting only where a sentence or line does (see the lookbehind) finds the same leftmost
# match without rescanning the sentence from every position in it.
_EXPERIENCE = re.compile(r"(?<![^.\n])[^.\n]*\bmay experience\b[^.\n]*", re.IGNORECASE)


def _subject_parts(subject: str) -> list[str]:
    return [part.strip(" ,") for part in subject.split("|")]


class MomentumParser(Parser):
    name = "momentum"
    senders = ("momentumtelecom.com",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = notice.body_text
        starts, finishes = _START.findall(text), _FINISH.findall(text)
        if not starts:
            raise NotAMaintenance("expected a 'Maintenance start date/time' line, found none", where=notice.subject)
        if len(starts) != len(finishes):
            raise ExtractError(
                "start and finish date/time lines in pairs", f"{len(starts)} starts, {len(finishes)} finishes"
            )
        parts = _subject_parts(notice.subject)
        case_number = next((p for p in reversed(parts) if _CASE_NUMBER.match(p)), None)
        if case_number is None:
            raise ExtractError("a case number between '|' in the subject", notice.subject)
        # Only the kind of notice states a status: the account's name must not.
        kind = next((p for p in parts if "maintenance" in p.lower()), notice.subject)
        values = fields(text)
        stated = field(values, "Expected Impact", default="")
        experience = _EXPERIENCE.search(text)
        impact = impact_from_text(stated, impact_from_text(experience.group(0) if experience else "", Impact.OUTAGE))
        circuits = split_ids(field(values, "Circuit ID(s) impacted", "Circuit ID(s)", "Circuit ID"))
        common = dict(
            maintenance_id=case_number,
            status=status_from_text(kind, Status.CONFIRMED),
            account=field(values, "Account", default="") or None,
            summary=field(values, "Reason for Maintenance", default=""),
            impact=impact,
            location=field(values, "Address(s)", "Address", default="") or None,
        )
        # Each window's dates read once, lazily, as its events are built: a bad date is still
        # reported after the windows before it, and not at all when no circuit is listed.
        windows = (
            (
                parse_datetime(start, where="Momentum start date/time"),
                parse_datetime(finish, where="Momentum finish date/time"),
            )
            for start, finish in (zip(starts, finishes) if circuits else ())
        )
        return [
            self.event(**common, begin_window=begin, end_window=end, parsed_vendor_circuit_id=circuit)
            for begin, end in windows
            for circuit in circuits
        ]


@hookimpl
def register_parsers(register):
    register(MomentumParser())
