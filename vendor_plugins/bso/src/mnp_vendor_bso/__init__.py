"""BSO: HTML maintenance notices relaying their upstream providers' work.

The banner names the notice kind (``Maintenance_``, ``Maintenance Reminder_``,
``Maintenance Start_``, ``Maintenance Update_``, ``Maintenance End_``); label/value rows
follow::

    Service ID (SID)                  TEST-SID-001 TEST-SID-002
    Maintenance ID                    11111
    Timeslot start time               Aug 29, 2022 15:00 UTC
    Timeslot end time                 Aug 29, 2022 19:05 UTC
    Expected impact duration          Up to 04 Hours 05 Minutes
    Expected impact level
    TEST-SID-001                      Switch hit and Higher latency
    Timeslot start time (Backup)      Aug 30, 2022 15:00 UTC
    ...

A notice may list several timeslots (a multi-day work, or a backup slot): BSO announces
them as one maintenance, so each circuit gets one event from the first start to the last
end, with the worst impact stated for it in any slot.
"""

from __future__ import annotations

import re

from mnp_core import Impact, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import ExtractError, impact_from_text, node_text, parse_datetime, parse_duration

_BANNER = re.compile(r"\b((?:[A-Za-z]+ )?Maintenance(?: [A-Za-z]+){0,2})_")
_BANNER_STATUS = (
    (re.compile(r"cancel", re.IGNORECASE), Status.CANCELLED),
    (re.compile(r"\bend\b|complet|over\b", re.IGNORECASE), Status.COMPLETED),
    # An update re-times the work; BSO sends one only when the schedule moved.
    (re.compile(r"update|reschedul|postpon", re.IGNORECASE), Status.RE_SCHEDULED),
)
_LEVELS = (
    (re.compile(r"hard down|outage|down\b", re.IGNORECASE), Impact.OUTAGE),
    (re.compile(r"switch ?hit", re.IGNORECASE), Impact.REDUCED_REDUNDANCY),
    (re.compile(r"at risk|no impact", re.IGNORECASE), Impact.NO_IMPACT),
    (re.compile(r"latency|degrad", re.IGNORECASE), Impact.DEGRADED),
)
_NOT_IMPACTING = re.compile(r"\b(?:should|will) not impact\b|\bno impact\b", re.IGNORECASE)
_SEVERITY = [Impact.NO_IMPACT, Impact.REDUCED_REDUNDANCY, Impact.DEGRADED, Impact.OUTAGE]
# BSO notices never name the customer; this is how an account-less BSO notice is filed.
_NO_ACCOUNT = "Customer info unavailable"


def _impact(level: str) -> Impact:
    return next((impact for pattern, impact in _LEVELS if pattern.search(level)), None) or impact_from_text(level)


class BsoParser(Parser):
    name = "bso"
    senders = ("bso.co", "bsonetwork.net")

    def parse(self, notice):
        rows = self._rows(notice)
        label = {r[0].lower(): r[1] for r in rows if len(r) == 2}
        # "Maintenance Reason" is a heading; the reason is the row under it.
        reason = next((rows[i + 1][0] for i, r in enumerate(rows[:-1]) if r == ["Maintenance Reason"]), "")
        reference = label.get("maintenance id")
        if not reference:
            raise NotAMaintenance("expected a 'Maintenance ID' row, found none", where=notice.subject)
        circuits = label.get("service id (sid)", "").replace(",", " ").split()
        starts, ends, impacts, seconds = [], [], {}, []
        for row in rows:
            key = row[0].lower()
            if key.startswith("timeslot start time"):
                starts.append(parse_datetime(row[-1], where=row[0]))
            elif key.startswith("timeslot end time"):
                ends.append(parse_datetime(row[-1], where=row[0]))
            elif key.startswith("expected impact duration"):
                seconds.append(parse_duration(row[-1]))
            elif row[0] in circuits and len(row) == 2:  # under "Expected impact level"
                found = _impact(row[1])
                impacts[row[0]] = max(found, impacts.get(row[0], found), key=_SEVERITY.index)
        if not starts or not ends:
            raise ExtractError("'Timeslot start time' and 'Timeslot end time' rows", "none", notice.subject)
        if not circuits:
            raise ExtractError("a 'Service ID (SID)' row", "none", notice.subject)
        banner = _BANNER.search(notice.html_text or notice.body_text)
        kind = banner.group(1) if banner else notice.subject
        status = next((s for pattern, s in _BANNER_STATUS if pattern.search(kind)), Status.CONFIRMED)
        unstated = Impact.NO_IMPACT if _NOT_IMPACTING.search(notice.body_text) else Impact.OUTAGE
        return [
            self.event(
                maintenance_id=reference,
                status=status,
                account=label.get("customer") or label.get("account") or _NO_ACCOUNT,
                begin_window=min(starts),
                end_window=max(ends),
                impact=impacts.get(circuit, unstated),
                impact_seconds=max((s for s in seconds if s is not None), default=None),
                parsed_vendor_circuit_id=circuit,
                summary=reason or kind,
            )
            for circuit in circuits
        ]

    @staticmethod
    def _rows(notice) -> list[list[str]]:
        """Non-empty cells of each row of the innermost tables (the label/value grids)."""
        rows = []
        for table in notice.html_tree.css("table") if notice.html else ():
            if len(table.css("table")) > 1:
                continue
            for row in table.css("tr"):
                cells = [node_text(cell) for cell in row.css("td, th")]
                if any(cells):
                    rows.append([c for c in cells if c])
        if rows:
            return rows
        return [[c.strip() for c in line.split("\t") if c.strip()] for line in notice.body_text.splitlines() if line.strip()]


@hookimpl
def register_parsers(register):
    register(BsoParser())
