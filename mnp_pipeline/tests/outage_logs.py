"""Helpers of the outage tests: read log lines to link events and outages, no database."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from mnp_pipeline.outages.assembly import FlapRules, Outage, Transition, circuit_outages
from mnp_pipeline.outages.clock import TimeSettings
from mnp_pipeline.outages.events import LinkEvent, LogRecord
from mnp_pipeline.outages.formats import LogReader
from mnp_pipeline.outages.interfaces import normalise_interface

# Lines without a year are read as of this time unless a test says otherwise.
RECEIVED = datetime(2024, 3, 20, 12, 0, tzinfo=UTC)


def reader(settings: TimeSettings | None = None) -> LogReader:
    return LogReader(settings=settings or TimeSettings(now=RECEIVED))


def read(line: str, *, received_at: datetime | None = None, reference: datetime | None = RECEIVED,
         host: str | None = None, settings: TimeSettings | None = None) -> LinkEvent | None:
    return reader(settings).read(LogRecord(line, received_at, reference, host, "test"))


def outages(lines: list[str], rules: FlapRules | None = None, **kwargs) -> list[Outage]:
    """The outages of one circuit carried by every port the lines name."""
    streams: dict[str, list[Transition]] = defaultdict(list)
    for line in lines:
        event = read(line, **kwargs)
        assert event is not None, f"not read as a link event: {line}"
        key = f"{event.device} {normalise_interface(event.interface)} {event.layer}"
        streams[key].append(Transition(event.occurred_at, event.state, event.admin))
    return circuit_outages(streams, rules or FlapRules())


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)
