"""Vendor log formats: plugins, found and routed like the notice parsers of mnp_core.

A log format is a :class:`LogFormat` registered through the ``register_logformats`` hook,
by a built-in module (:data:`BUILTIN_FORMATS`) or by an installed package's entry point in
the ``mnp.logformats`` group::

    from mnp_pipeline.outages.formats import LogFormat, hookimpl

    class ExampleOS(LogFormat):
        name = "example-os"
        markers = ("LINK_STATE_CHANGE",)
        def parse(self, line): ...

    @hookimpl
    def register_logformats(register):
        register(ExampleOS())

Routing never tries every format on every line: each format declares the literal
``markers`` its messages carry (``%LINK-3-UPDOWN``); one regular expression made of all
markers finds the candidates, and lines with no marker (most of a syslog) cost one search.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from importlib.metadata import entry_points, version

import pluggy

from ..clock import MONTHS, TimeSettings, fraction_to_microseconds, resolve, zone_or
from ..envelope import Envelope, parse_envelope
from ..events import Clock, Layer, LinkEvent, LinkState, LogRecord
from . import hookspecs
from .hookspecs import hookimpl

ENTRY_POINT_GROUP = "mnp.logformats"
BUILTIN_FORMATS = (
    "mnp_pipeline.outages.formats.cisco",
    "mnp_pipeline.outages.formats.nxos",
    "mnp_pipeline.outages.formats.junos",
    "mnp_pipeline.outages.formats.arista",
    "mnp_pipeline.outages.formats.nokia",
)
__all__ = ["DeviceStamp", "FormatRegistry", "LogFormat", "LogLine", "LogReader", "hookimpl", "load_formats"]


@dataclass(frozen=True, slots=True)
class DeviceStamp:
    """A timestamp the device wrote into its message. ``synchronised`` is false for Cisco's
    ``*`` (clock never set) and ``.`` (clock lost its NTP source) markers."""

    month: int
    day: int
    hour: int
    minute: int
    second: int
    microsecond: int = 0
    year: int | None = None
    zone: str | None = None
    synchronised: bool = True

    @classmethod
    def from_groups(cls, mark: str | None, month: str, day: str, year: str | None, hms: tuple[str, str, str],
                    fraction: str | None, zone: str | None) -> DeviceStamp | None:
        number = MONTHS.get(month.lower())
        if number is None:
            return None
        return cls(number, int(day), int(hms[0]), int(hms[1]), int(hms[2]), fraction_to_microseconds(fraction),
                   int(year) if year else None, zone, not mark)


@dataclass(frozen=True, slots=True)
class LogLine:
    """What a log format is given: the record, its envelope, and the time settings."""

    record: LogRecord
    envelope: Envelope
    settings: TimeSettings

    @property
    def body(self) -> str:
        return self.envelope.body

    def device(self, named: str | None = None) -> str:
        """The reporting device, lower case: the name the message itself gives, else the
        syslog header's host, else the address the collector received it from."""
        return (named or self.envelope.host or self.record.host or "").lower().rstrip(".")

    def when(self, device: str, stamp: DeviceStamp | None) -> tuple[datetime, Clock] | None:
        """When the change happened, and whose clock says so.

        A synchronised device timestamp wins (it is when the device saw the change); an
        unsynchronised one loses to the collector's time (receive time, else the header);
        with no device timestamp the header is used, else the receive time."""
        record, header = self.record, self.envelope.time
        if stamp is not None and stamp.synchronised:
            zone = zone_or(stamp.zone, self.settings.device_zone(device))
            reference = self.settings.reference(record.received_at, header, record.reference)
            at = resolve(stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second, stamp.microsecond,
                         zone=zone, reference=reference, year=stamp.year)
            if at is not None:
                return at, Clock.DEVICE
        if stamp is not None:
            collector = record.received_at or header
            if collector is not None:
                return collector, Clock.COLLECTOR
            zone = zone_or(stamp.zone, self.settings.device_zone(device))
            at = resolve(stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second, stamp.microsecond,
                         zone=zone, reference=self.settings.reference(record.reference), year=stamp.year)
            return (at, Clock.UNSYNCHRONISED) if at is not None else None
        collector = header or record.received_at
        return (collector, Clock.COLLECTOR) if collector is not None else None


class LogFormat:
    """One OS's interface up/down messages. Subclasses set ``name``, ``vendor`` and
    ``markers`` and implement :meth:`parse`; ``priority`` orders formats that share a
    marker (higher is tried first, so a stricter format goes before a looser one)."""

    name: str = ""
    vendor: str = ""
    markers: tuple[str, ...] = ()
    priority: int = 0
    distribution: str = ""
    version: str = ""

    def parse(self, line: LogLine) -> LinkEvent | None:
        raise NotImplementedError

    def event(self, line: LogLine, device: str, interface: str, state: LinkState, stamp: DeviceStamp | None, *,
              layer: Layer = Layer.LINK, admin: bool = False) -> LinkEvent | None:
        when = line.when(device, stamp)
        if when is None or not device:
            return None
        return LinkEvent(device, interface.strip(), state, when[0], layer, admin, when[1], self.name,
                         line.record.line)


@dataclass
class FormatLoadError:
    entry_point: str
    error: str


@dataclass
class FormatRegistry:
    formats: dict[str, LogFormat] = field(default_factory=dict)
    load_errors: list[FormatLoadError] = field(default_factory=list)

    def register(self, log_format: LogFormat, *, distribution: str, version: str) -> None:
        if not isinstance(log_format, LogFormat):
            raise TypeError(f"{distribution}: expected a LogFormat, found {type(log_format).__name__}")
        if not log_format.name or not log_format.markers:
            raise ValueError(f"{distribution}: log format {type(log_format).__name__} needs a name and markers")
        if log_format.name in self.formats:
            raise ValueError(f"log format {log_format.name!r} registered twice: by "
                             f"{self.formats[log_format.name].distribution} and by {distribution}")
        log_format.distribution, log_format.version = distribution, version
        self.formats[log_format.name] = log_format

    def add_plugin(self, plugin: object, *, name: str, distribution: str, version: str) -> None:
        manager = pluggy.PluginManager("mnp")
        manager.add_hookspecs(hookspecs)
        manager.register(plugin, name=name)
        manager.hook.register_logformats(
            register=lambda log_format: self.register(log_format, distribution=distribution, version=version)
        )


def load_formats(*, extra_plugins: tuple[object, ...] = ()) -> FormatRegistry:
    """Built-in formats, then every ``mnp.logformats`` entry point (a broken one is
    reported in ``load_errors`` and skipped), then ``extra_plugins``."""
    registry = FormatRegistry()
    own = version("mnp-pipeline")
    for module_name in BUILTIN_FORMATS:
        registry.add_plugin(import_module(module_name), name=module_name, distribution="mnp-pipeline", version=own)
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        before = dict(registry.formats)
        try:
            dist = ep.dist.name if ep.dist else ep.value
            registry.add_plugin(ep.load(), name=ep.name, distribution=dist, version=ep.dist.version if ep.dist else "0")
        except Exception as exc:  # one broken package must not stop the others
            registry.formats = before
            registry.load_errors.append(FormatLoadError(ep.name, f"{type(exc).__name__}: {exc}"))
            print(f"mnp: cannot load log format {ep.name}: {exc}", file=sys.stderr)
    for index, plugin in enumerate(extra_plugins):
        registry.add_plugin(plugin, name=f"extra-{index}", distribution=getattr(plugin, "__name__", "extra"),
                            version="0")
    return registry


class LogReader:
    """Lines in, :class:`LinkEvent` out (None for a line that reports no link change)."""

    def __init__(self, registry: FormatRegistry | None = None, settings: TimeSettings | None = None) -> None:
        self.registry = registry or load_formats()
        self.settings = settings or TimeSettings()
        by_marker: dict[str, list[LogFormat]] = {}
        for log_format in self.registry.formats.values():
            for marker in log_format.markers:
                by_marker.setdefault(marker, []).append(log_format)
        for candidates in by_marker.values():
            candidates.sort(key=lambda f: -f.priority)
        self._by_marker = by_marker
        alternatives = sorted(by_marker, key=len, reverse=True)
        self._markers = re.compile("|".join(re.escape(m) for m in alternatives)) if alternatives else None

    def read(self, record: LogRecord) -> LinkEvent | None:
        if self._markers is None:
            return None
        found = self._markers.search(record.line)
        if found is None:
            return None
        line = LogLine(record, parse_envelope(record.line, self.settings, record.received_at or record.reference),
                       self.settings)
        for log_format in self._by_marker[found.group()]:
            event = log_format.parse(line)
            if event is not None:
                return event
        return None
