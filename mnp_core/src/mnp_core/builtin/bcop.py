"""The BCOP iCalendar parser: any notice carrying an X-MAINTNOTE calendar, from any sender."""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..message import DecodedNotice
from ..models import MaintMessageObj
from ..parser import Parser
from ..toolkit.ical import bcop_events


class BcopCalendarParser(Parser):
    """Reads the maintenance-notification standard's calendar::

        BEGIN:VEVENT
        DTSTART:20151010T080000Z
        DTEND:20151010T100000Z
        X-MAINTNOTE-MAINTENANCE-ID:WorkOrder-31415
        X-MAINTNOTE-OBJECT-ID:acme-widgets-as-a-service
        X-MAINTNOTE-STATUS:TENTATIVE
    """

    name = "bcop"
    provider = "bcop"
    claims_any_calendar = True
    reads_calendar = True

    def parse(self, notice: DecodedNotice) -> MaintMessageObj:
        events, dtstamp = bcop_events(notice.calendars)
        return self.message(notice, events, stamp=dtstamp)


@hookimpl
def register_parsers(register):
    register(BcopCalendarParser())
