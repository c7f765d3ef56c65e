"""Colt: planned-works notices (text/HTML body, services in a CSV attachment).

Reads the subject, which carries the reference, the window and the status::

    Colt Service Affecting Maintenance Notification - CRQ1-12345678 [06/8/2021 22:00:00 GMT - 07/8/2021 06:00:00 GMT] for ACME, 12345000
    Cancellation Colt Third Party Maintenance Notification - CRQ1-12345678 [07/12/2021 23:00:00 GMT - ...] for ACME, 123456
    MAINTENANCE ALERT: CRQ1-12345678 31/10/2021 00:00:00 GMT - 31/10/2021 07:30:00 GMT - COMPLETED

then the body (when the subject lacks them) and the attached CSV of services (UTF-16,
which its byte-order mark tells)::

    Planned Work (PW)Ref.:   CRQ1-12345678
    Start Date & Time:       06/8/2021 21:00:00(GMT)*
    End Date & Time:         07/8/2021 05:00:00 (GMT)*
    Outage Duration:         360 Minutes

    OCN          Legal Customer  Order Number  Circuit ID  ...
    OCN: 123456  ACME EUROPE SA  987654/1234   C-1234567   ...

Dates are day first. Every Colt notice is an outage notice ("Planned Outage
Notification"); the outage duration, when given in time, becomes impact_seconds.
Notices forwarded from other addresses are routed by their subject.
"""

from __future__ import annotations

import re

from mnp_core import Impact, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    field,
    fields,
    html_tables,
    parse_datetime,
    parse_duration,
    spreadsheet_rows,
    status_from_text,
    table_records,
)

_REFERENCE = re.compile(r"\b(CRQ\w*-\d+)\b")
_DATETIME = re.compile(r"\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*\(?(?:GMT|UTC)?\)?")
# "... ] for ACME, 12345000": the customer, whose name must not be read as a status.
_CUSTOMER = re.compile(r"\]\s*for\s+(.*?)(?:,\s*(\d+))?\s*$", re.IGNORECASE)
_SPREADSHEET = re.compile(r"csv|xlsx?|spreadsheet|excel", re.IGNORECASE)


class ColtParser(Parser):
    name = "colt"
    senders = ("colt.net",)

    def parse(self, notice):
        subject = notice.subject
        # The HTML keeps paragraphs whole; the text part wraps them and stars its labels.
        body = notice.html_text if notice.html_text.strip() else notice.text
        values = fields(body)
        reference = _REFERENCE.search(subject) or _REFERENCE.search(body)
        if not reference:
            raise NotAMaintenance("expected a CRQ reference, found none", where=subject)
        begin, end = self._window(subject, values)
        customer = _CUSTOMER.search(subject)
        status_text = subject[: customer.start() + 1] if customer else subject
        duration = field(values, "Outage Duration", default="")
        services = self._services(notice) or [(None, customer.group(2) if customer else None)]
        return [
            self.event(
                maintenance_id=reference.group(1),
                status=status_from_text(status_text, Status.CONFIRMED),
                account=account,
                begin_window=begin,
                end_window=end,
                impact=Impact.OUTAGE,
                impact_seconds=parse_duration(duration),
                parsed_vendor_circuit_id=circuit,
                summary=field(values, "Justification of the work", default="").strip("* ") or subject,
            )
            for circuit, account in services
        ]

    @staticmethod
    def _window(subject: str, values: dict[str, str]):
        found = _DATETIME.findall(subject)
        if len(found) < 2:
            found = [field(values, "Start Date & Time", "Start Date and Time"), field(values, "End Date & Time", "End Date and Time")]
        begin, end = (text.replace("*", " ") for text in found[:2])
        # Colt writes GMT; a time without its zone is GMT too.
        return parse_datetime(begin, zone="UTC", dayfirst=True), parse_datetime(end, zone="UTC", dayfirst=True)

    @staticmethod
    def _services(notice) -> list[tuple[str, str | None]]:
        """(circuit, account) per service of the attached service list, else of an HTML table."""
        tables = []
        for attachment in notice.attachments:
            if _SPREADSHEET.search(attachment.content_type) or attachment.extension in ("csv", "xlsx", "xls"):
                try:
                    tables.append(spreadsheet_rows(attachment))
                except ExtractError:
                    continue
        if notice.html:
            tables.extend(html_tables(notice.html_tree))
        services = []
        for rows in tables:
            header = next((i for i, row in enumerate(rows) if any(c.strip().lower() == "circuit id" for c in row)), None)
            if header is None:
                continue
            for record in table_records(rows, header=header):
                circuit = record.get("Circuit ID", "").strip()
                account = re.sub(r"^OCN\s*:\s*", "", record.get("OCN", "").strip()) or None
                if circuit and (circuit, account) not in services:
                    services.append((circuit, account))
            if services:
                return services
        return services


class ForwardedColtParser(ColtParser):
    """Colt notices forwarded from an address that names no carrier, told by their subject."""

    name = "colt-forwarded"
    provider = "colt"
    senders = ()
    subjects = (r"\bMAINTENANCE ALERT:\s*CRQ\w*-\d+", r"\bColt\b.{0,60}\bMaintenance Notification\s*-\s*CRQ\w*-\d+")


@hookimpl
def register_parsers(register):
    register(ColtParser())
    register(ForwardedColtParser())
