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

from mnp_core import CalendarParser, hookimpl


class PacketFabricParser(CalendarParser):
    name = "packetfabric"
    senders = ("packetfabric.com",)


@hookimpl
def register_parsers(register):
    register(PacketFabricParser())
