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

from mnp_core import CalendarParser, hookimpl


class EuNetworksParser(CalendarParser):
    name = "eunetworks"
    senders = ("eunetworks.com",)
    maintenance_subject = r"\bworks?\b|\bmaintenance\b"


@hookimpl
def register_parsers(register):
    register(EuNetworksParser())
