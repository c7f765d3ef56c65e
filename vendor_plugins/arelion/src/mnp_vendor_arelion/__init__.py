"""Arelion (formerly Telia Carrier) planned-work notices: BCOP iCalendar parts.

Every planned-work notice carries a standard maintenance calendar, one VEVENT per
service window, e.g.::

    X-MAINTNOTE-PROVIDER:arelion.com
    X-MAINTNOTE-ACCOUNT:1111
    X-MAINTNOTE-MAINTENANCE-ID:PWIC111111.1
    X-MAINTNOTE-IMPACT:OUTAGE
    X-MAINTNOTE-OBJECT-ID:IC-111111
    X-MAINTNOTE-STATUS:CANCELLED

The parser reads the calendar itself (rather than leaving it to the built-in BCOP
parser) so that Arelion's other mail is recognised: "Disturbance Information" mails
report incidents, not planned work, and raise ``NotAMaintenance``::

    Subject: Disturbance Information - Incident IN0123456 - ...
"""

from __future__ import annotations

import re

from mnp_core import CalendarParser, DecodedNotice, NotAMaintenance, hookimpl

# Incident mails: "Disturbance Information", and their updates and closures.
_DISTURBANCE = re.compile(r"\bdisturbance\b", re.IGNORECASE)


class ArelionParser(CalendarParser):
    name = "arelion"
    senders = ("arelion.com",)
    not_maintenance = _DISTURBANCE.pattern

    def parse_without_calendar(self, notice: DecodedNotice):
        if _DISTURBANCE.search(notice.body_text[:500]):
            raise NotAMaintenance("expected planned work, found a disturbance (incident) notice", where=notice.subject)
        return super().parse_without_calendar(notice)


@hookimpl
def register_parsers(register):
    register(ArelionParser())
