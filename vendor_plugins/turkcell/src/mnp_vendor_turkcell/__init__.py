"""Turkcell Superonline: HTML maintenance notices from superonline.net, in English or Turkish.

A table of labelled rows under a heading that carries the status::

    TURKCELL SUPERONLINE PLANNED MAINTENANCE EMERGENCY
    Maintenance Number:          11111111111111          (Bakım Numarası)
    Start Time:                  07.08.2021 00:00 GMT+3  (Başlangıç Zamanı)
    End Time:                    07.08.2021 07:00 GMT+3  (Bitiş Zamanı)
    Impact of the maintenance:   ... It is foreseen that your services will be interrupted ...

The circuits sit in the impact cell, either as a small table (circuit, customer, state)::

    circuit1circuit1   CUSTOMER   Down

or as device lines with pipe-separated fields (circuit|customer|location|link)::

    Eth-Trunk1.1   up   up   111111111111111|01-CUSTOMER|LOCATION|LINK

Dates are day first; a time without a written zone is Turkey time.
"""

from __future__ import annotations

import re

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    HtmlNode,
    HtmlTree,
    impact_from_text,
    next_cell,
    normalise_label,
    parse_datetime,
    visible_lines,
)

_PIPED = re.compile(r"(?:^|\s)([^\s|]+)\|([^|]+)\|")
_STATUS_WORDS = (
    (re.compile(r"cancel|iptal", re.I), Status.CANCELLED),
    (re.compile(r"complet|tamamlan", re.I), Status.COMPLETED),
    (re.compile(r"postpone|re-?schedul|ertelen", re.I), Status.RE_SCHEDULED),
    (re.compile(r"\bstarted\b|in progress|başladı|başlamıştır", re.I), Status.IN_PROCESS),
)
_STATE_IMPACT = (
    (re.compile(r"^(?:up|no impact|etkilenmeyecek|kesinti yok)", re.I), Impact.NO_IMPACT),
    (re.compile(r"^(?:down|outage|kesinti)", re.I), Impact.OUTAGE),
)
_LABELS = {
    "reference": frozenset(("maintenance number", "maintenance no", "bakim numarasi", "bakim no")),
    "begin": frozenset(("start time", "start date", "baslangic zamani", "baslangic tarihi", "baslangic")),
    "end": frozenset(("end time", "end date", "bitis zamani", "bitis tarihi", "bitis")),
    "impact": frozenset(("impact of the maintenance", "impact", "bakimin etkisi", "etki", "etkilenen hizmetler")),
}
_TURKEY = "Europe/Istanbul"


def _role(label: str) -> str | None:
    """The role a label names; bilingual labels read "Bakım Numarası / Maintenance Number:"."""
    keys = {normalise_label(part) for part in label.split("/")}
    return next((role for role, names in _LABELS.items() if not names.isdisjoint(keys)), None)


def _labelled_cells(tree: HtmlTree) -> dict[str, HtmlNode]:
    """Role ('reference', 'begin', ...) -> the value cell beside its label cell."""
    found: dict[str, HtmlNode] = {}
    for cell in tree.css("td, th"):
        # The cheap tests first: most cells (layout cells holding whole tables among them)
        # have no cell beside them or end in no ":", and folding their text is wasted.
        value = next_cell(cell)
        if value is None:
            continue
        text = cell.text(deep=True, separator="")
        if not text.rstrip().endswith(":"):
            continue
        label = " ".join(text.split())
        if len(label) > 60 or cell.css_first("table") is not None:
            continue
        role = _role(label)
        if role:
            found.setdefault(role, value)
    return found


def _circuits(cell: HtmlNode | None, lines: list[str]) -> list[tuple[str, str | None, Impact | None]]:
    """(circuit, customer, stated impact) for each circuit listed in the impact cell (``lines``: its visible lines)."""
    if cell is None:
        return []
    found = []
    for table in cell.css("table"):
        for row in table.css("tr"):
            cells = [" ".join(c.text(deep=True, separator="").split()) for c in row.css("td, th")]
            cells = [c for c in cells if c]
            if not cells or normalise_label(cells[0]) in ("circuit", "circuit id", "devre", "devre no", "hizmet no"):
                continue
            state = cells[2] if len(cells) > 2 else ""
            impact = next((i for pattern, i in _STATE_IMPACT if pattern.search(state)), None)
            found.append((cells[0], cells[1] if len(cells) > 1 else None, impact))
    if not found:
        for line in lines:
            found.extend((m.group(1), m.group(2).strip(), None) for m in _PIPED.finditer(line))
    return found


def _status(text: str) -> Status:
    return next((status for pattern, status in _STATUS_WORDS if pattern.search(text)), Status.CONFIRMED)


class TurkcellParser(Parser):
    name = "turkcell"
    senders = ("superonline.net", "turkcell.com.tr")

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        tree = notice.html_tree
        cells = _labelled_cells(tree)
        if "reference" not in cells and "begin" not in cells:
            raise NotAMaintenance(
                "expected a Turkcell maintenance notice, found no maintenance number", where=notice.subject
            )
        cell_lines = {role: visible_lines(node) for role, node in cells.items()}
        value = {role: " ".join(lines) for role, lines in cell_lines.items()}
        if not value.get("reference"):
            raise ExtractError("a 'Maintenance Number'", "none", "Turkcell notice")
        for role in ("begin", "end"):
            if not value.get(role):
                raise ExtractError(f"a '{role}' time", "none", "Turkcell notice")
        # The source's lines, not the tree's: the tree has moved any text misplaced in a
        # table out of it, and the heading read there could change.
        lines = visible_lines(notice.html)
        # The status is stated above the labelled rows, never in them ("Başlangıç" is a label).
        first_label = next((i for i, ln in enumerate(lines) if _role(ln.rstrip(":"))), len(lines))
        status = _status(" ".join(lines[:first_label]) + " " + notice.subject)
        impact_text = value.get("impact", "")
        impact_lines = cell_lines.get("impact", [])
        default_impact = impact_from_text(impact_text, Impact.OUTAGE) or Impact.OUTAGE
        circuits = _circuits(cells.get("impact"), impact_lines)
        if not circuits:
            raise ExtractError("circuits listed in the impact cell", impact_text[:80], "Turkcell notice")
        begin = parse_datetime(value["begin"], zone=_TURKEY, dayfirst=True, where="Start Time")
        end = parse_datetime(value["end"], zone=_TURKEY, dayfirst=True, where="End Time")
        seen = set()
        events = []
        for circuit, customer, impact in circuits:
            if circuit in seen:
                continue
            seen.add(circuit)
            events.append(
                self.event(
                    maintenance_id=value["reference"],
                    status=status,
                    account=customer,
                    summary=impact_lines[0] if impact_lines else "",
                    begin_window=begin,
                    end_window=end,
                    impact=impact or default_impact,
                    parsed_vendor_circuit_id=circuit,
                )
            )
        return events


@hookimpl
def register_parsers(register):
    register(TurkcellParser())
