"""Telstra: HTML maintenance notices from gpen@team.telstra.com.

The classic layout is a table of labelled rows under a heading that carries the status::

    Planned Maintenance Notification | Reminder | Completion | Amendment | Withdrawn
    To:                   Generic Account, Inc.
    Change Reference:     987654321-1
    Maintenance Window:   01-Jun-2021 15:59:00(UTC) to 01-Jun-2021 22:00:00(UTC)
    Expected Impact:      4 hours outage during the change window
    Service(s) Impacted:  123 456 789

The newer layout puts each label in bold above its value::

    Emergency maintenance to our network infrastructure
    Attention Customer name
    Reference number      PN498484
    Start time            Tuesday, 11 Oct 2022 15:00:00 (UTC)
    End time              Tuesday, 11 Oct 2022 22:00:00 (UTC)
    Service/s under maintenance   HKG TOK EPL 9000156416
    Expected impact       50ms switch hits Plus Loss of protection

Notices carrying a BCOP iCalendar go to the built-in BCOP parser.
"""

from __future__ import annotations

import re
from datetime import datetime

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    HtmlTree,
    impact_from_text,
    next_cell,
    normalise_label,
    parse_datetime,
    parse_duration,
    parse_window,
    split_ids,
    status_from_text,
    visible_lines,
)

_OUTAGE = re.compile(r"outage|loss of service|\bhits?\b|\bdown\b|interrupt", re.I)
_NO_IMPACT = re.compile(
    r"non[- ]service[- ]impacting|will not be impacted|\bno (?:service )?(?:impact|interruption|outage)\b", re.I
)
_ADDRESSED = re.compile(r"(To:|Attention\b)")


def labelled_values(tree: HtmlTree) -> dict[str, list[str]]:
    """Label -> value lines, for ``<th>Label</th><td>value</td>`` rows and ``<strong>Label</strong><br>value``."""
    found: dict[str, list[str]] = {}
    for node in tree.css("th, td, strong, b"):
        bold = node.tag in ("strong", "b")
        value = None if bold else next_cell(node)
        # A cell labels only the cell beside it, and only with a closing ":"; testing that
        # first spares reading the text of every layout cell (whole nested tables).
        if not bold and value is None:
            continue
        text = node.text(deep=True, separator="")
        if not bold and not text.rstrip().endswith(":"):
            continue
        label = " ".join(text.split())
        if not label or len(label) > 60:
            continue
        key = normalise_label(label)
        if key in found:  # the first of a label wins: its lines need not be read
            continue
        if bold:
            parent = node.parent
            lines = visible_lines(parent) if parent is not None else []
            if not lines or lines[0] != label:
                continue
            lines = lines[1:]
        else:
            lines = visible_lines(value)
        if lines:
            found[key] = lines
    return found


def _first(values: dict[str, list[str]], *labels: str) -> list[str]:
    return next((values[key] for key in map(normalise_label, labels) if values.get(key)), [])


def _impact(text: str) -> Impact:
    if _NO_IMPACT.search(text):
        return Impact.NO_IMPACT
    # "switch hits plus loss of protection": the hits are the impact that counts.
    if _OUTAGE.search(text):
        return Impact.OUTAGE
    return impact_from_text(text, Impact.OUTAGE) or Impact.OUTAGE


def _windows(values: dict[str, list[str]]) -> list[tuple[datetime, datetime]]:
    where = "Maintenance Window"
    windows = [parse_window(line, where=where) for line in _first(values, "Maintenance Window") if " to " in line]
    if not windows:
        where = "Start time / End time"
        spans = zip(_first(values, "Start time"), _first(values, "End time"))
        windows = [(parse_datetime(begin, where=where), parse_datetime(end, where=where)) for begin, end in spans]
    if not windows:
        raise ExtractError("a 'Maintenance Window' or 'Start time'/'End time'", "none", "Telstra notice")
    return windows


class TelstraParser(Parser):
    name = "telstra"
    senders = ("team.telstra.com", "telstra.com", "telstraglobal.com")

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        lines = visible_lines(notice.html_tree)
        values = labelled_values(notice.html_tree)
        reference = _first(values, "Change Reference", "Reference number")
        if not reference and not re.search(r"maintenance", " ".join(lines[:10]), re.I):
            raise NotAMaintenance("expected a Telstra maintenance notice, found no reference", where=notice.subject)
        if not reference:
            raise ExtractError("a 'Change Reference' or 'Reference number'", "none", "Telstra notice")
        addressed = next((i for i, ln in enumerate(lines) if _ADDRESSED.match(ln)), len(lines))
        heading = " ".join(lines[:addressed])
        account = " ".join(_first(values, "To"))
        if not account:
            attention = lines[addressed] if addressed < len(lines) else ""
            # Lower-cased: this layout's account has always been stored so, and stays comparable.
            account = re.sub(r"^Attention:?\s*", "", attention).lower()
        impact_text = " ".join(_first(values, "Expected Impact"))
        circuits = [
            c for line in _first(values, "Service(s) Impacted", "Service/s under maintenance") for c in split_ids(line)
        ]
        if not circuits:
            raise ExtractError("the impacted services", "none", "Telstra notice")
        common = {
            "maintenance_id": reference[0],
            "status": status_from_text(heading, Status.CONFIRMED),
            "account": account or None,
            "summary": lines[0] if addressed else "",
            "impact": _impact(impact_text + " " + heading),
            "impact_seconds": parse_duration(impact_text) if re.search(r"\d", impact_text) else None,
        }
        return [
            self.event(**common, begin_window=begin, end_window=end, parsed_vendor_circuit_id=circuit)
            for begin, end in _windows(values)
            for circuit in circuits
        ]


@hookimpl
def register_parsers(register):
    register(TelstraParser())
