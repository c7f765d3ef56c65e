"""euNetworks: maintenance notices whose facts travel in a BCOP iCalendar part.

Subject ``CANCELLED euNetworks Emergency Work: 02345678``; the text says, e.g., "the
previously announced works have been cancelled"; the calendar carries::

    DTSTART;VALUE=DATE-TIME:20231006T230000Z
    DTEND;VALUE=DATE-TIME:20231007T170000Z
    X-MAINTNOTE-PROVIDER:euNetworks.com
    X-MAINTNOTE-ACCOUNT:A Company
    X-MAINTNOTE-MAINTENANCE-ID:02345678
    X-MAINTNOTE-OBJECT-ID:<circuit>      (one per circuit, possibly none)
    X-MAINTNOTE-STATUS:CANCELLED

The calendar is what this parser reads: a works notice that arrives without one fails
(ParserFailed) rather than being guessed from prose; other mail from euNetworks is
NotAMaintenance.
"""

from __future__ import annotations

import re

from mnp_core import DecodedNotice, NotAMaintenance, Parser, hookimpl
from mnp_core.models import MaintMessageObj
from mnp_core.toolkit import ExtractError, bcop_events

_WORK_SUBJECT = re.compile(r"\bworks?\b|\bmaintenance\b", re.IGNORECASE)


class EuNetworksParser(Parser):
    name = "eunetworks"
    senders = ("eunetworks.com",)
    reads_calendar = True

    def parse(self, notice: DecodedNotice) -> MaintMessageObj:
        if not any("X-MAINTNOTE" in calendar.upper() for calendar in notice.calendars):
            if _WORK_SUBJECT.search(notice.subject):
                raise ExtractError("a BCOP iCalendar part (X-MAINTNOTE-*)", "none", notice.subject)
            raise NotAMaintenance(
                "expected a works notice with a BCOP calendar, found neither", where=notice.subject
            )
        events, stamp = bcop_events(dict.fromkeys(notice.calendars), provider=self.provider)
        return self.message(notice, events, stamp=stamp)


@hookimpl
def register_parsers(register):
    register(EuNetworksParser())
