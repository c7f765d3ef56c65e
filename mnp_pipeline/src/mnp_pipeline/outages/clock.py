"""Times as devices and collectors write them, to aware UTC datetimes.

Syslog timestamps often carry no year (RFC 3164, Cisco's default) and a device's local
time without an offset. A line is never written much later than it was received (or than
its file was last written, the mtime): the year is the latest that puts the time no more
than :data:`FUTURE_SLACK` after that reference. This handles New Year both ways:
``Dec 31 23:59:58`` received on 1 January belongs to the old year, ``Jan 1 00:00:02`` from a
device running a few seconds ahead of a collector still in December to the new one.
A local time that a DST change makes ambiguous (the repeated hour in autumn) is the
reading nearest the reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from mnp_core.toolkit import get_zone
from mnp_core.toolkit.errors import ExtractError

MONTHS = {
    name: number
    for number, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
# How far ahead of its reference a line's time may be (a device clock running fast).
FUTURE_SLACK = timedelta(days=1)


@dataclass
class TimeSettings:
    """How to read times that do not name their zone.

    ``device_zones`` maps a device (lower case) to the zone its clock runs in; other
    devices use ``default_zone``. ``collector_zone`` is the zone of syslog headers written
    by the collector without an offset (RFC 3164 files). ``now`` stands in for the
    reference when a line has none (tests fix it).
    """

    default_zone: tzinfo = UTC
    device_zones: dict[str, tzinfo] = field(default_factory=dict)
    collector_zone: tzinfo = UTC
    now: datetime | None = None

    def device_zone(self, device: str) -> tzinfo:
        return self.device_zones.get(device, self.default_zone) if self.device_zones else self.default_zone

    def reference(self, *candidates: datetime | None) -> datetime:
        for candidate in candidates:
            if candidate is not None:
                return candidate
        return self.now or datetime.now(UTC)


def zone_named(name: str) -> tzinfo:
    """An IANA zone or an abbreviation of ``mnp_core.toolkit.TZ_ABBREVIATIONS``."""
    try:
        return get_zone(name)
    except ExtractError as exc:
        raise ValueError(f"unknown time zone {name!r}: expected an IANA name or a known abbreviation") from exc


def zone_or(abbreviation: str | None, fallback: tzinfo) -> tzinfo:
    """The zone a timestamp names (``CET``, ``UTC``), else the fallback (an unknown
    abbreviation too: the device's configured zone is the better guess then)."""
    if not abbreviation:
        return fallback
    try:
        return get_zone(abbreviation)
    except ExtractError:
        return fallback


def _readings(naive: datetime, zone: tzinfo) -> tuple[datetime, ...]:
    first = naive.replace(tzinfo=zone)
    if isinstance(zone, ZoneInfo):
        second = naive.replace(tzinfo=zone, fold=1)
        if first.utcoffset() != second.utcoffset():
            return first.astimezone(UTC), second.astimezone(UTC)
    return (first.astimezone(UTC),)


def _nearest(candidates: list[datetime], reference: datetime) -> datetime | None:
    return min(candidates, key=lambda t: abs(t - reference), default=None)


def resolve(
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    microsecond: int,
    *,
    zone: tzinfo,
    reference: datetime,
    year: int | None = None,
) -> datetime | None:
    """The UTC instant of a local wall-clock time, the year inferred when missing.

    Returns None for a date that exists in no candidate year (``Feb 30``)."""
    if year is not None:
        try:
            naive = datetime(year, month, day, hour, minute, second, microsecond)
        except ValueError:
            return None
        return _nearest(list(_readings(naive, zone)), reference)
    if isinstance(zone, timezone):
        # A fixed offset has no DST: one year decides the whole day, and is worked out
        # once per day and reference (a file's lines share their reference).
        settled = _settled_year(month, day, zone, reference)
        if settled is not None:
            return datetime(settled, month, day, hour, minute, second, microsecond, zone).astimezone(UTC)
    return _any_year(month, day, hour, minute, second, microsecond, zone, reference)


@lru_cache(maxsize=4096)
def _settled_year(month: int, day: int, zone: tzinfo, reference: datetime) -> int | None:
    first = _any_year(month, day, 0, 0, 0, 0, zone, reference)
    last = _any_year(month, day, 23, 59, 59, 999999, zone, reference)
    if first is None or last is None:
        return None
    first_year, last_year = first.astimezone(zone).year, last.astimezone(zone).year
    return first_year if first_year == last_year else None


def _any_year(month: int, day: int, hour: int, minute: int, second: int, microsecond: int, zone: tzinfo,
              reference: datetime) -> datetime | None:
    local_year = reference.astimezone(zone).year if zone is not UTC else reference.year
    candidates: list[datetime] = []
    for candidate_year in (local_year - 1, local_year, local_year + 1):
        try:
            naive = datetime(candidate_year, month, day, hour, minute, second, microsecond)
        except ValueError:
            continue  # 29 February outside a leap year
        candidates.extend(_readings(naive, zone))
    latest = reference + FUTURE_SLACK
    return _nearest([t for t in candidates if t <= latest], reference) or _nearest(candidates, reference)


def fraction_to_microseconds(fraction: str | None) -> int:
    """``.123`` (Cisco msec), ``.45`` (SR OS centiseconds), ``.123456``: to microseconds."""
    if not fraction:
        return 0
    digits = fraction.lstrip(".")[:6]
    return int(digits.ljust(6, "0"))


def parse_iso(text: str) -> datetime | None:
    """An RFC 3339 / ISO 8601 time with an offset (``2024-01-15T10:22:31.123Z``), to UTC;
    None when it is not one or names no offset."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if value.tzinfo is None:
        return None
    return value.astimezone(UTC)
