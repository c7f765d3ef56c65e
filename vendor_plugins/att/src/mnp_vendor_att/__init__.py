"""AT&T planned-maintenance notices: the event in the body, the circuits in a spreadsheet.

The body (text and HTML say the same) reads::

    Event ID: 1234567
    Customer Impact Description: Planned Maintenance
    Summary: There will be a disruption to services.
    Business Risk: Outage

    Start Time: March 31, 2025 14:00 GMT, End Time: March 31, 2025 15:00 GMT

and the attached workbook lists the customer's circuits, one per row, under headers that
vary between notices (``Customer`` / ``Customer Name``, ``Circuit/Asset`` / ``Circuit ID``)::

    Customer    Circuit/Asset
    E-Corp      23/HCGS/123456/SC

Times are GMT, said or not (``Start Time: March 31, 2025 14:00, End Time: ...``).
Each ``Start Time ... End Time`` pair is a window; every circuit gets one event per window.
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
    spreadsheet_rows,
    status_from_text,
    table_records,
)

_WINDOW = re.compile(
    r"Start\s+Time\s*:\s*(?P<begin>[^\n]+?)[,;]?\s+End\s+Time\s*:\s*(?P<end>[^\n]+?)\s*(?:,\s*[A-Za-z][A-Za-z ]*:.*)?$",
    re.IGNORECASE | re.MULTILINE,
)
# AT&T writes its times in GMT, and sometimes leaves the zone out.
NOTICE_ZONE = "UTC"
_SPREADSHEET_EXTENSIONS = ("xlsx", "xlsm", "xls", "csv")


def _column(names: list[str], *words: str) -> str | None:
    """The first header naming any of ``words`` (``Circuit/Asset`` names ``circuit``)."""
    for word in words:
        for name in names:
            if word in name.lower():
                return name
    return None


def _circuits(notice: DecodedNotice) -> list[tuple[str | None, str]]:
    """(account, circuit) of every row of every spreadsheet attachment."""
    found: list[tuple[str | None, str]] = []
    for attachment in notice.attachments:
        if (
            attachment.extension not in _SPREADSHEET_EXTENSIONS
            and "spreadsheet" not in attachment.content_type
        ):
            continue
        rows = spreadsheet_rows(attachment)
        # The header is the first row of several cells naming a circuit column; a banner
        # (one cell, e.g. 'Affected circuits') may precede it.
        header = next(
            (
                i
                for i, row in enumerate(rows)
                if sum(bool(c) for c in row) > 1 and _column(row, "circuit", "asset")
            ),
            None,
        )
        if header is None:
            raise ExtractError("a 'Circuit' column", rows[:1], attachment.filename)
        records = table_records(rows, header=header)
        names = list(records[0]) if records else []
        circuit_column = _column(names, "circuit", "asset")
        account_column = _column(names, "customer", "account")
        for record in records:
            account = record.get(account_column, "") if account_column else ""
            for circuit in split_ids(record.get(circuit_column, "")):
                found.append((account or None, circuit))
    return found


class ATTParser(Parser):
    name = "att"
    senders = ("att.com",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = notice.body_text
        values = fields(text)
        windows = [(m.group("begin"), m.group("end")) for m in _WINDOW.finditer(text)]
        if "event id" not in values and not windows:
            raise NotAMaintenance(
                "expected an 'Event ID' and a 'Start Time', found neither", where=notice.subject
            )
        if not windows:
            raise ExtractError("a 'Start Time: ..., End Time: ...' window", text[:200], notice.subject)
        circuits = _circuits(notice)
        if not circuits:
            circuits = [(None, c) for c in split_ids(field(values, "Circuit ID", "Circuit", "Circuits"))]
        stated = " ".join(
            [
                notice.subject,
                field(values, "Customer Impact Description", default=""),
                field(values, "Status", default=""),
            ]
        )
        risk = impact_from_text(field(values, "Business Risk", default=""), None)
        common = dict(
            maintenance_id=field(values, "Event ID"),
            status=status_from_text(stated, Status.CONFIRMED),
            impact=risk or impact_from_text(field(values, "Summary", default=""), Impact.OUTAGE),
            summary=field(values, "Description", "Summary", default=notice.subject),
        )
        return [
            self.event(
                **common,
                account=account,
                parsed_vendor_circuit_id=circuit,
                begin_window=parse_datetime(begin, zone=NOTICE_ZONE, where="Start Time"),
                end_window=parse_datetime(end, zone=NOTICE_ZONE, where="End Time"),
            )
            for begin, end in windows
            for account, circuit in circuits
        ]


@hookimpl
def register_parsers(register):
    register(ATTParser())
