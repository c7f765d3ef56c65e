"""PCCW Global: planned-outage notices, as BCOP calendars or as text/HTML mails.

A new or changed maintenance comes as a BCOP calendar, read with the toolkit. Its
completion (or cancellation) comes as a mail whose subject names the status and the
ticket, and whose body (the same in its text and HTML parts) reads::

    Subject: Completion - Planned Outage Notification of International Service -
     RPO Reference number R9876\\54C - INC0099887766CD

    Customer Name : Example Networks Ltd
    RPO Reference Number : R9876\\54C
    Date Time : 03/02/2031 22:00:00 to 04/02/2031 04:00:00 GMT (dd/mm/yyyy)
    Service/Circuit Affected :
    SR112233 / HKG(XXX)-SIN(XXX) EP7788 /
    Impact : Switching hits

The mail closes the maintenance the calendar announced, as a whole: its service lines
(``SR... / name /``) are not the calendar's object ids, so its events carry no circuit
and no impact, only the ticket, the window and the new status.
"""

from __future__ import annotations

import re
from datetime import datetime

from mnp_core import CalendarParser, DecodedNotice, MaintForecastEvent, NotAMaintenance, hookimpl
from mnp_core.toolkit import field, fields, parse_window, status_from_text

# The ticket is the subject's last " - " part: "... - RPO Reference number R1\2 - INC0123".
_SUBJECT_TICKET = re.compile(r"\s-\s*([A-Za-z]+\d[\w-]*)\s*$")
_WINDOW_LINE = re.compile(r"^\s*Date\s*Time\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_DATE_ORDER = re.compile(r"\(\s*(dd/mm/yyyy|mm/dd/yyyy)\s*\)", re.IGNORECASE)


def _window(value: str) -> tuple[datetime, datetime]:
    """'26/11/2024 01:00:00 to 26/11/2024 10:00:00 GMT (dd/mm/yyyy)' as two instants.

    The zone is written once, after the end; the start shares it. Day first unless the
    notice says "(mm/dd/yyyy)".
    """
    order = _DATE_ORDER.search(value)
    dayfirst = not (order and order.group(1).lower().startswith("mm"))
    return parse_window(_DATE_ORDER.sub("", value), dayfirst=dayfirst, where="Date Time")


class PccwParser(CalendarParser):
    name = "pccw"
    senders = ("pccwglobal.com",)

    def parse_without_calendar(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = notice.body_text
        windows = _WINDOW_LINE.findall(text)
        if not windows:
            raise NotAMaintenance(
                "expected a 'Date Time : start to end' line or a BCOP calendar, found neither",
                where=notice.subject,
            )
        values = fields(text)
        ticket = _SUBJECT_TICKET.search(notice.subject)
        maintenance_id = (
            ticket.group(1) if ticket else field(values, "RPO Reference Number", "Reference Number")
        )
        # The status is the subject's first part ("Completion - Planned Outage ..."): later
        # parts name the service and the references, which must not be read as status words.
        status = status_from_text(notice.subject.split(" - ")[0])
        events = []
        for window in windows:
            begin, end = _window(window)
            events.append(
                self.event(
                    maintenance_id=maintenance_id,
                    status=status,
                    account=field(values, "Customer Name", default="") or None,
                    summary=field(values, "Outage Description", "Description", default=""),
                    begin_window=begin,
                    end_window=end,
                    impact=None,
                    parsed_vendor_circuit_id=None,
                )
            )
        return events


@hookimpl
def register_parsers(register):
    register(PccwParser())
