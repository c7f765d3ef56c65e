"""What the log sources give (:class:`LogRecord`) and what the log formats make of it
(:class:`LinkEvent`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class LinkState(StrEnum):
    DOWN = "down"
    UP = "up"


class Layer(StrEnum):
    """Which state changed: the physical link or the line protocol above it. A port is
    down while either is, so each is tracked as its own stream."""

    LINK = "link"
    PROTOCOL = "protocol"


class Clock(StrEnum):
    """Whose clock ``occurred_at`` was read from."""

    DEVICE = "device"  # the timestamp the device wrote in the message
    COLLECTOR = "collector"  # the syslog header or the collector's receive time
    UNSYNCHRONISED = "unsynchronised"  # the device's clock, marked unsynchronised, nothing better known


@dataclass(frozen=True, slots=True)
class LogRecord:
    """One log line as a source delivers it.

    ``received_at`` is the collector's time (with year and zone) when the source knows it:
    the receiver's clock, a JSON line's ``@timestamp``. ``reference`` is the time the line
    is known to be no much older than, for inferring a missing year (a file's mtime).
    ``host`` is the sender as the collector saw it (an address), used when the line names
    no host itself.
    """

    line: str
    received_at: datetime | None = None
    reference: datetime | None = None
    host: str | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class LinkEvent:
    """An interface of a device changed state, as one log message reported it."""

    device: str
    interface: str
    state: LinkState
    occurred_at: datetime
    layer: Layer = Layer.LINK
    admin: bool = False  # an operator shut the interface down
    clock: Clock = Clock.DEVICE
    log_format: str = ""
    raw: str = ""

    def identity(self, device: str, interface: str) -> str:
        """The stored event's key: the same report read twice (or relayed by two
        collectors with the device's own timestamp) is one event."""
        text = "|".join(
            (device, interface, self.layer, self.state, "admin" if self.admin else "", self.occurred_at.isoformat())
        )
        return hashlib.sha256(text.encode()).hexdigest()
