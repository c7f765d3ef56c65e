"""Cisco NX-OS ``ETHPORT`` messages (NX-OS writes the year and, by default, the zone)::

    2024 Jan 15 10:22:31 UTC: %ETHPORT-5-IF_DOWN_LINK_FAILURE: Interface Ethernet1/1 is down (Link failure)
    2024 Jan 15 10:22:31.456 CET: %ETHPORT-5-IF_DOWN_ADMIN_DOWN: Interface Ethernet1/1 is down (Administratively down)
    2024 Jan 15 10:24:02 UTC: %ETHPORT-5-IF_UP: Interface Ethernet1/1 is up in mode trunk

``IF_ADMIN_UP`` (the port was enabled, not yet up) is not a state change and is not read.
"""

from __future__ import annotations

import re

from ..events import LinkEvent, LinkState
from . import DeviceStamp, LogFormat, LogLine
from .hookspecs import hookimpl

_MESSAGE = re.compile(r"%ETHPORT-5-IF_(DOWN_(\w+)|UP): Interface (\S+) is (?:down|up)\b")
_STAMP = re.compile(
    r"(?:(\d{4}) )?([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(\.\d+)?(?: ([A-Za-z]{2,6}))?:\s*(?:([\w.\-]+):? )?$"
)
# Reasons that mean an operator disabled the port (or the port-channel above it).
_ADMIN_REASONS = ("ADMIN_DOWN", "PARENT_ADMIN_DOWN", "ADMIN_CONFIG_CHANGE")


class CiscoNXOS(LogFormat):
    name = "cisco-nxos"
    vendor = "Cisco NX-OS"
    markers = ("%ETHPORT-5-IF_DOWN_", "%ETHPORT-5-IF_UP")

    def parse(self, line: LogLine) -> LinkEvent | None:
        body = line.body
        found = _MESSAGE.search(body)
        if found is None:
            return None
        stamp, origin = None, None
        head = _STAMP.search(body, 0, found.start())
        if head is not None:
            origin = head.group(9)
            stamp = DeviceStamp.from_groups(None, head.group(2), head.group(3), head.group(1), head.group(4, 5, 6),
                                            head.group(7), head.group(8))
        down = found.group(1).startswith("DOWN")
        reason = found.group(2) or ""
        return self.event(line, line.device(origin), found.group(3), LinkState.DOWN if down else LinkState.UP, stamp,
                          admin=down and reason in _ADMIN_REASONS)


@hookimpl
def register_logformats(register):
    register(CiscoNXOS())
