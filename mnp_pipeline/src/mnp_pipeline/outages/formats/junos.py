"""Juniper Junos ``mib2d`` link traps, in the classic and the structured (RFC 5424) form::

    Jan 15 10:22:31 mx1.fra mib2d[1234]: SNMP_TRAP_LINK_DOWN: ifIndex 526, ifAdminStatus up(1), ifOperStatus down(2), ifName ge-0/0/1
    <28>1 2024-01-15T10:22:31.123Z mx1.fra mib2d 1234 SNMP_TRAP_LINK_DOWN [junos@2636.1.1.1.2.57 snmp-interface-index="526" admin-status="down(2)" operational-status="down(2)" interface-name="ge-0/0/1"] ifIndex 526, ifAdminStatus down(2), ifOperStatus down(2), ifName ge-0/0/1

An interface whose ifAdminStatus is down was shut by an operator. Junos writes no time
of its own in the message: the header's time is used.
"""

from __future__ import annotations

import re

from ..events import LinkEvent, LinkState
from . import LogFormat, LogLine
from .hookspecs import hookimpl

_TRAP = re.compile(r"SNMP_TRAP_LINK_(DOWN|UP)")
_FIELDS = re.compile(r"ifAdminStatus (\w+)\(\d+\), ifOperStatus (\w+)\(\d+\), ifName (\S+)")


class Junos(LogFormat):
    name = "junos"
    vendor = "Juniper Junos"
    markers = ("SNMP_TRAP_LINK_DOWN", "SNMP_TRAP_LINK_UP")

    def parse(self, line: LogLine) -> LinkEvent | None:
        trap = _TRAP.search(line.record.line)
        if trap is None:
            return None
        structured = line.envelope.structured or {}
        fields = _FIELDS.search(line.body)
        if fields is not None:
            admin_status, oper_status, interface = fields.groups()
        elif "interface-name" in structured:
            admin_status = structured.get("admin-status", "up").split("(")[0]
            oper_status = structured.get("operational-status", "").split("(")[0]
            interface = structured["interface-name"]
        else:
            return None
        state = LinkState.DOWN if trap.group(1) == "DOWN" else LinkState.UP
        if state is LinkState.UP and oper_status != "up":
            return None  # a LINK_UP trap for an interface not yet operational reports nothing new
        return self.event(line, line.device(), interface.rstrip(","), state, None,
                          admin=state is LinkState.DOWN and admin_status == "down")


@hookimpl
def register_logformats(register):
    register(Junos())
