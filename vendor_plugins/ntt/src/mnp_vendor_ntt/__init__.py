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

from mnp_core import CalendarParser, hookimpl


class NttParser(CalendarParser):
    name = "ntt"
    senders = ("ntt.net",)


@hookimpl
def register_parsers(register):
    register(NttParser())
