"""Arista EOS interface messages, from the ``Ebra`` agent; EOS adds the interface
description in parentheses::

    Jan 15 10:22:31 leaf1 Ebra: %LINEPROTO-5-UPDOWN: Line protocol on Interface Ethernet1 (to spine1 Et1), changed state to down
    2024-01-15T10:22:31.123456+00:00 leaf1 Ebra: 8812: %LINK-3-UPDOWN: Interface Ethernet49/1, changed state to up

An administrative shutdown is recognised when the message says so
("changed state to administratively down"). EOS writes no time of its own in the
message: the header's time is used. Tried before Cisco IOS, which shares these markers.
"""

from __future__ import annotations

import re

from ..events import Layer, LinkEvent, LinkState
from . import LogFormat, LogLine
from .hookspecs import hookimpl

_MESSAGE = re.compile(
    r"(?:^|\bEbra: )(?:\d+: )?%(LINK|LINEPROTO)-\d-(?:UPDOWN|CHANGED): (?:Line protocol on )?Interface (\S+?)"
    r"(?: \([^)]*\))?, changed state to (administratively down|down|up)\b"
)


class AristaEOS(LogFormat):
    name = "arista-eos"
    vendor = "Arista EOS"
    markers = ("%LINEPROTO-5-UPDOWN", "%LINK-3-UPDOWN", "%LINK-5-CHANGED")
    priority = 10

    def parse(self, line: LogLine) -> LinkEvent | None:
        body = line.body
        if line.envelope.app != "Ebra" and "Ebra: " not in body:
            return None
        found = _MESSAGE.search(body)
        if found is None:
            return None
        state_text = found.group(3)
        return self.event(line, line.device(), found.group(2), LinkState.UP if state_text == "up" else LinkState.DOWN,
                          None, layer=Layer.PROTOCOL if found.group(1) == "LINEPROTO" else Layer.LINK,
                          admin=state_text.startswith("admin"))


@hookimpl
def register_logformats(register):
    register(AristaEOS())
