"""Nokia SR OS ``linkDown`` (event 2004) and ``linkUp`` (2005), as sent to syslog and as
written to a log file or memory log::

    Jan 15 10:22:31 pe1.ams TMNX: 1234 Base SNMP-WARNING-linkDown-2004 [Port 1/1/1]:  Interface 1/1/1 is not operational
    1234 2024/01/15 10:22:31.45 CET WARNING: SNMP #2005 Base 1/1/1 "Interface 1/1/1 is operational"

A message saying the port is administratively down marks an operator's shutdown.
"""

from __future__ import annotations

import re

from ..events import LinkEvent, LinkState
from . import DeviceStamp, LogFormat, LogLine
from .hookspecs import hookimpl

_SYSLOG = re.compile(r"TMNX: \d+ \S+ SNMP-\w+-link(Down|Up)-200[45] \[([^\]]*)\]:\s*(.*)")
_LOGFILE = re.compile(
    r"(\d{4})/(\d\d)/(\d\d) (\d\d):(\d\d):(\d\d)(\.\d+)? (\w+) \w+: SNMP #200([45]) \S+ (\S+) \"([^\"]*)\""
)
_INTERFACE = re.compile(r"Interface (\S+) is")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _admin(text: str) -> bool:
    lowered = text.lower()
    return "administratively down" in lowered or "admin down" in lowered or "admin state down" in lowered


class NokiaSROS(LogFormat):
    name = "nokia-sros"
    vendor = "Nokia SR OS"
    markers = ("-linkDown-2004", "-linkUp-2005", "SNMP #2004", "SNMP #2005")

    def parse(self, line: LogLine) -> LinkEvent | None:
        body = line.body
        found = _SYSLOG.search(body)
        if found is not None:
            message = found.group(3)
            named = _INTERFACE.search(message)
            interface = named.group(1) if named else found.group(2).removeprefix("Port ").strip()
            state = LinkState.DOWN if found.group(1) == "Down" else LinkState.UP
            return self.event(line, line.device(), interface, state, None,
                              admin=state is LinkState.DOWN and _admin(message))
        found = _LOGFILE.search(body)
        if found is None:
            return None
        year, month, day, hh, mm, ss, fraction, zone, event_id, interface, message = found.groups()
        if not 1 <= int(month) <= 12:
            return None
        stamp = DeviceStamp.from_groups(None, _MONTHS[int(month) - 1], day, year, (hh, mm, ss), fraction, zone)
        state = LinkState.DOWN if event_id == "4" else LinkState.UP
        return self.event(line, line.device(), interface, state, stamp,
                          admin=state is LinkState.DOWN and _admin(message))


@hookimpl
def register_logformats(register):
    register(NokiaSROS())
