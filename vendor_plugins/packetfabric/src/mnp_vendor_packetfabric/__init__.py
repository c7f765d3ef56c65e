"""PacketFabric: maintenance notices carried as BCOP calendars.

PacketFabric attaches a calendar in the maintenance-notification standard's vocabulary
to every notice; the mail text only repeats it. Reads lines such as::

    SUMMARY:PacketFabric Planned Maintenance PF-MW-240117
    DTSTART:20300502T040000Z
    DTEND:20300502T080000Z
    X-MAINTNOTE-MAINTENANCE-ID:PF-MW-240117
    X-MAINTNOTE-ACCOUNT:PF-ACCT-5150
    X-MAINTNOTE-IMPACT:OUTAGE
    X-MAINTNOTE-OBJECT-ID;X-MAINTNOTE-OBJECT-IMPACT=NO-IMPACT:PF-CC-100200
    X-MAINTNOTE-OBJECT-ID;X-MAINTNOTE-OBJECT-IMPACT=OUTAGE:PF-CC-100201
    X-MAINTNOTE-STATUS:CONFIRMED
"""

from __future__ import annotations

import re

from mnp_core import DecodedNotice, MaintMessageObj, NotAMaintenance, Parser, hookimpl
from mnp_core.toolkit import ExtractError, bcop_events

# Words of a maintenance subject: such a notice without its calendar is a broken notice,
# anything else from the NOC (ticket updates, abuse reports) is no maintenance at all.
_MAINTENANCE_SUBJECT = re.compile(r"maint|outage|planned work", re.IGNORECASE)


class PacketFabricParser(Parser):
    name = "packetfabric"
    senders = ("packetfabric.com",)
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
    register(PacketFabricParser())
