"""NTT Communications (AS2914): maintenance notices carried as BCOP calendars.

NTT attaches a calendar in the maintenance-notification standard's vocabulary to every
notice; the mail text only repeats it. Reads lines such as::

    SUMMARY:NTT Communications (AS2914) Maintenance Notification: Scheduled [VNOC-1-12345678901]
    DTSTART:20300502T040000Z
    DTEND:20300502T080000Z
    X-MAINTNOTE-MAINTENANCE-ID:VNOC-1-12345678901
    X-MAINTNOTE-ACCOUNT:4242000
    X-MAINTNOTE-IMPACT:OUTAGE
    X-MAINTNOTE-OBJECT-ID;X-MAINTNOTE-OBJECT-IMPACT=NO-IMPACT:700100
    X-MAINTNOTE-OBJECT-ID;X-MAINTNOTE-OBJECT-IMPACT=OUTAGE:700101
    X-MAINTNOTE-STATUS:CONFIRMED
"""

from __future__ import annotations

import re

from mnp_core import DecodedNotice, MaintMessageObj, NotAMaintenance, Parser, hookimpl
from mnp_core.toolkit import ExtractError, bcop_events

# Words of a maintenance subject: such a notice without its calendar is a broken notice,
# anything else from the NOC (ticket updates, abuse reports) is no maintenance at all.
_MAINTENANCE_SUBJECT = re.compile(r"maint|outage|planned work", re.IGNORECASE)


class NttParser(Parser):
    name = "ntt"
    senders = ("ntt.net",)
    reads_calendar = True

    def parse(self, notice: DecodedNotice) -> MaintMessageObj:
        if not notice.calendars:
            if _MAINTENANCE_SUBJECT.search(notice.subject):
                raise ExtractError("a BCOP maintenance calendar (text/calendar part)", "none", notice.subject)
            raise NotAMaintenance(
                "expected a maintenance notice with a BCOP calendar, found none", where=notice.subject
            )
        events, stamp = bcop_events(notice.calendars, provider=self.provider)
        return self.message(notice, events, stamp=stamp)


@hookimpl
def register_parsers(register):
    register(NttParser())
