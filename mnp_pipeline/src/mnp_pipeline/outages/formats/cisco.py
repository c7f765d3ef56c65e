"""Cisco IOS / IOS-XE and IOS-XR interface messages.

IOS / IOS-XE (``service timestamps log datetime msec [localtime] [show-timezone] [year]``)::

    000123: rtr1: *Jan 15 10:22:31.123: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down
    000124: Jan 15 2024 10:22:31.123 CET: %LINEPROTO-5-UPDOWN: Line protocol on Interface Gi0/1, changed state to up
    000125: Jan 15 10:22:31.123 UTC: %LINK-5-CHANGED: Interface GigabitEthernet0/1, changed state to administratively down

``*`` marks a clock that was never set, ``.`` one that lost NTP: the collector's time is
preferred then. IOS-XR::

    RP/0/RSP0/CPU0:Jan 15 10:22:31.123 UTC: ifmgr[227]: %PKT_INFRA-LINK-3-UPDOWN : Interface GigabitEthernet0/0/0/1, changed state to Down
    RP/0/RP0/CPU0:2024 Jan 15 10:22:31.123 UTC: ifmgr[402]: %PKT_INFRA-LINK-5-CHANGED : Interface TenGigE0/0/0/1, changed state to Administratively Down
"""

from __future__ import annotations

import re

from ..events import Layer, LinkEvent, LinkState
from . import DeviceStamp, LogFormat, LogLine
from .hookspecs import hookimpl

_STATES = {"down": LinkState.DOWN, "up": LinkState.UP, "administratively down": LinkState.DOWN}

_IOS_MESSAGE = re.compile(
    r"%(LINK|LINEPROTO)-\d-(?:UPDOWN|CHANGED): (?:Line protocol on )?Interface ([^,]+), "
    r"changed state to (administratively down|down|up)\b"
)
# What IOS writes before the message: sequence number, origin hostname, timestamp.
_IOS_PREFIX = re.compile(
    r"(?:\d+: )?(?:([A-Za-z][\w.\-]*): )?"
    r"(?:([*.])?([A-Z][a-z]{2}) +(\d{1,2}) (?:(\d{4}) )?(\d\d):(\d\d):(\d\d)(\.\d+)?(?: ([A-Za-z]{2,6}))?: )?"
)

_XR_MESSAGE = re.compile(
    r"%PKT_INFRA-(LINK|LINEPROTO)-\d-(?:UPDOWN|CHANGED) ?: (?:Line protocol on )?Interface ([^,]+), "
    r"changed state to (administratively down|down|up)\b",
    re.IGNORECASE,
)
_XR_STAMP = re.compile(
    r"(?:^|\s)(?:([\w.\-]+) )?[A-Z0-9]+/[\w/]+?/CPU\d+:([*.])?(?:(\d{4}) )?([A-Z][a-z]{2}) +(\d{1,2}) (?:(\d{4}) )?"
    r"(\d\d):(\d\d):(\d\d)(\.\d+)?(?: ([A-Za-z]{2,6}))?:"
)


def _layer(name: str) -> Layer:
    return Layer.PROTOCOL if name.upper() == "LINEPROTO" else Layer.LINK


class CiscoIOS(LogFormat):
    name = "cisco-ios"
    vendor = "Cisco IOS / IOS-XE"
    markers = ("%LINK-3-UPDOWN", "%LINEPROTO-5-UPDOWN", "%LINK-5-CHANGED")

    def parse(self, line: LogLine) -> LinkEvent | None:
        body = line.body
        found = _IOS_MESSAGE.search(body)
        if found is None:
            return None
        stamp, origin = None, None
        prefix = _IOS_PREFIX.fullmatch(body, 0, found.start())
        if prefix is not None:
            origin = prefix.group(1)
            if prefix.group(3):
                stamp = DeviceStamp.from_groups(prefix.group(2), prefix.group(3), prefix.group(4), prefix.group(5),
                                                prefix.group(6, 7, 8), prefix.group(9), prefix.group(10))
        state_text = found.group(3)
        device = line.device(origin)
        return self.event(line, device, found.group(2), _STATES[state_text], stamp, layer=_layer(found.group(1)),
                          admin=state_text.startswith("admin"))


class CiscoIOSXR(LogFormat):
    name = "cisco-iosxr"
    vendor = "Cisco IOS-XR"
    markers = ("%PKT_INFRA-LINK-3-UPDOWN", "%PKT_INFRA-LINEPROTO-5-UPDOWN", "%PKT_INFRA-LINK-5-CHANGED")

    def parse(self, line: LogLine) -> LinkEvent | None:
        body = line.body
        found = _XR_MESSAGE.search(body)
        if found is None:
            return None
        stamp, origin = None, None
        head = _XR_STAMP.search(body, 0, found.start())
        if head is not None:
            origin = head.group(1)
            stamp = DeviceStamp.from_groups(head.group(2), head.group(4), head.group(5), head.group(3) or head.group(6),
                                            head.group(7, 8, 9), head.group(10), head.group(11))
        state_text = found.group(3).lower()
        return self.event(line, line.device(origin), found.group(2), _STATES[state_text], stamp,
                          layer=_layer(found.group(1)), admin=state_text.startswith("admin"))


@hookimpl
def register_logformats(register):
    register(CiscoIOS())
    register(CiscoIOSXR())
