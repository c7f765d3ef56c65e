"""BCOP iCalendar notices: the built-in parser for any sender, and the base class of
carriers whose notices are such calendars."""

from __future__ import annotations

import re
from typing import ClassVar

from ..exceptions import NotAMaintenance
from ..hookspecs import hookimpl
from ..message import DecodedNotice
from ..models import MaintForecastEvent, MaintMessageObj
from ..parser import Parser
from ..toolkit.errors import ExtractError
from ..toolkit.ical import bcop_events, has_bcop_calendar


class CalendarParser(Parser):
    """A carrier whose maintenance notices carry a BCOP calendar, e.g.::

        BEGIN:VEVENT
        DTSTART:20151010T080000Z
        DTEND:20151010T100000Z
        X-MAINTNOTE-MAINTENANCE-ID:WorkOrder-31415
        X-MAINTNOTE-OBJECT-ID:acme-widgets-as-a-service
        X-MAINTNOTE-STATUS:TENTATIVE

    Subclasses declare ``senders`` and may set ``not_maintenance`` (a subject pattern of
    the carrier's other mail, e.g. incident reports) or override
    :meth:`parse_without_calendar` for the carrier's text format. By default a notice
    without a calendar is a broken notice (ParserFailed) when its subject reads as a
    maintenance, and NotAMaintenance otherwise.
    """

    reads_calendar = True
    not_maintenance: ClassVar[str | None] = None
    provider_from_calendar: ClassVar[bool] = False
    maintenance_subject: ClassVar[str] = r"maint|outage|planned|work|notification"

    def parse(self, notice: DecodedNotice) -> MaintMessageObj | list[MaintForecastEvent]:
        if self.not_maintenance and re.search(self.not_maintenance, notice.subject, re.IGNORECASE):
            raise NotAMaintenance(
                f"expected a maintenance notice, found a subject matching /{self.not_maintenance}/",
                where=notice.subject,
            )
        if not has_bcop_calendar(notice.calendars):
            return self.parse_without_calendar(notice)
        events, stamp = bcop_events(notice.calendars, provider=None if self.provider_from_calendar else self.provider)
        return self.message(notice, events, stamp=stamp)

    def parse_without_calendar(self, notice: DecodedNotice) -> MaintMessageObj | list[MaintForecastEvent]:
        if re.search(self.maintenance_subject, notice.subject, re.IGNORECASE):
            raise ExtractError("a BCOP (X-MAINTNOTE) iCalendar part", "none")
        raise NotAMaintenance("expected a maintenance notice with a BCOP calendar, found none", where=notice.subject)


class BcopCalendarParser(CalendarParser):
    """Any notice carrying an X-MAINTNOTE calendar, from any sender; the provider is the
    calendar's X-MAINTNOTE-PROVIDER."""

    name = "bcop"
    claims_any_calendar = True
    provider_from_calendar = True


@hookimpl
def register_parsers(register):
    register(BcopCalendarParser())
