"""HGC Global Communications: HTML maintenance work notifications.

The subject carries the kind of notice, the customer, the circuits and the ticket::

    [Emergency] HGC Maintenance Work Notification - Customer Inc | CIR000001 | TIC000000000000001

and the body a "label : value" table, a start/end pair per window::

    Circuit ID                              :  CIR000001
    Customer                                :  Account Name
    Maintenance Window start date & time    :  15-Aug-2021 07:01 UTC
    Maintenance Window end date & time      :  15-Aug-2021 12:00 UTC
    Service Impact                          :  Down throughout maintenance window

One event per window per circuit. Times are read in the zone written after them (UTC,
HKT, GMT+8).
"""

from __future__ import annotations

import re

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    html_tables,
    impact_from_text,
    normalise_label,
    parse_datetime,
    parse_duration,
    split_ids,
    status_from_text,
)

# The ticket closes the subject: "... | CIR000001 | TIC000000000000001".
_TICKET = re.compile(r"\|\s*([A-Z]{2,}[\w-]*\d{4,})\s*\]?\s*$")
_FORWARD_PREFIX = re.compile(r"^(?:\s*(?:fwd?|fw|re)\s*:\s*|\s*\[rd-notices\]\s*)+", re.IGNORECASE)


def _label_rows(notice: DecodedNotice) -> list[tuple[str, str]]:
    """Every (label, value) row of the body's tables, in order, the ':' cells dropped."""
    found = []
    for rows in html_tables(notice.html_tree):
        for row in rows:
            cells = [c for c in row if c.strip() and c.strip() != ":"]
            if len(cells) >= 2 and len(cells[0]) <= 60:  # layout tables hold whole paragraphs
                found.append((normalise_label(cells[0]), " ".join(cells[1:]).lstrip(": ")))
    if not found:  # a plain-text notice: "Label : value" lines
        for line in notice.body_text.splitlines():
            label, colon, value = line.partition(":")
            if colon and value.strip():
                found.append((normalise_label(label), value.strip()))
    return found


class HgcParser(Parser):
    name = "hgc"
    senders = ("hgc.com.hk",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        subject = _FORWARD_PREFIX.sub("", notice.subject)
        ticket = _TICKET.search(subject)
        if ticket is None:
            raise NotAMaintenance("expected a subject ending in '| <ticket>', found none", where=notice.subject)
        rows = _label_rows(notice)
        circuits = [c for label, value in rows if label.startswith("circuit id") for c in split_ids(value)]
        account = next((value for label, value in rows if label in ("customer", "customer name")), None)
        impact_text = next((value for label, value in rows if "impact" in label), "")
        starts = [value for label, value in rows if "start date" in label]
        ends = [value for label, value in rows if "end date" in label]
        if not circuits:
            raise ExtractError("a 'Circuit ID' row", "none", notice.subject)
        if not starts or len(starts) != len(ends):
            raise ExtractError("start and end date & time rows in pairs", f"{len(starts)} starts, {len(ends)} ends")
        # "[Emergency] HGC Maintenance Work Notification - <customer> | ...": the words
        # before the customer state the status; the customer's name must not.
        status = status_from_text(subject.split(" - ")[0], Status.CONFIRMED)
        impact, seconds = impact_from_text(impact_text, Impact.OUTAGE), parse_duration(impact_text)
        summary = next((value for label, value in rows if label == "description"), "")
        # Each window's dates read once, lazily, as its events are built: a bad date is still
        # reported after the windows before it, not ahead of their own errors.
        windows = (
            (
                parse_datetime(start, dayfirst=True, where="HGC start date & time"),
                parse_datetime(end, dayfirst=True, where="HGC end date & time"),
            )
            for start, end in zip(starts, ends)
        )
        return [
            self.event(
                maintenance_id=ticket.group(1),
                status=status,
                account=account,
                begin_window=begin,
                end_window=end,
                impact=impact,
                impact_seconds=seconds,
                parsed_vendor_circuit_id=circuit,
                summary=summary,
            )
            for begin, end in windows
            for circuit in circuits
        ]


@hookimpl
def register_parsers(register):
    register(HgcParser())
