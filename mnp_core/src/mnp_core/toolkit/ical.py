"""BCOP maintenance calendars (iCalendar VEVENTs with X-MAINTNOTE-* properties).

One event per VEVENT per X-MAINTNOTE-OBJECT-ID (a VEVENT naming no object gives one event
with no circuit). Required, as the standard says: X-MAINTNOTE-MAINTENANCE-ID,
X-MAINTNOTE-ACCOUNT, DTSTART, DTEND, DTSTAMP. An object's own impact
(``X-MAINTNOTE-OBJECT-ID;X-MAINTNOTE-OBJECT-IMPACT=NO-IMPACT:...``) overrides the
event's. No X-MAINTNOTE-STATUS reads as NO-CHANGE.

Times: UTC and TZID times are exact. A floating time (no zone) is read in the calendar's
X-WR-TIMEZONE when it has one, else as UTC, which the standard requires of these
calendars; the host's zone is never used. An all-day date means midnight UTC of that day
(DTEND's date is exclusive, as in iCalendar).

icalendar is slow for these small calendars, so a reader of their common subset goes first;
wherever it cannot be sure to read exactly as icalendar does, icalendar reads them instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, available_timezones

from icalendar import Calendar
from icalendar.prop import vCalAddress, vDDDTypes, vInt, vText, vUnknown, vUri
from icalendar.timezone import tzp

from ..models import Impact, MaintForecastEvent, Status
from .dates import get_zone
from .errors import ExtractError

_Found = tuple[list[MaintForecastEvent], datetime | None]
_STATUS_ALIASES = {"RESCHEDULED": Status.RE_SCHEDULED, "IN-PROGRESS": Status.IN_PROCESS, "INPROCESS": Status.IN_PROCESS}


def has_bcop_calendar(calendars: Iterable[str]) -> bool:
    """Whether any of the calendar texts carries X-MAINTNOTE properties."""
    return any("X-MAINTNOTE" in calendar.upper() for calendar in calendars)


def read_calendars(texts: Iterable[str]) -> list[Calendar]:
    """Every VCALENDAR in the given texts; undecodable ones raise ExtractError."""
    found = []
    for text in texts:
        try:
            found.extend(Calendar.from_ical(text, multiple=True))
        except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError ...
            raise ExtractError("a readable iCalendar part", f"{type(exc).__name__}: {exc}") from exc
    return found


def _text(component, name: str) -> str | None:
    value = component.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    return " ".join(str(value).split()) or None


def _required(component, name: str, where: str) -> str:
    value = _text(component, name)
    if not value:
        raise ExtractError(f"a {name} property", "none", where)
    return value


def _instant(component, name: str, floating: tzinfo, where: str) -> datetime:
    if component.get(name) is None:
        raise ExtractError(f"a {name} property", "none", where)
    try:
        value = component.decoded(name)
    except Exception as exc:
        raise ExtractError(f"a date-time in {name}", str(component.get(name)), where) from exc
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=floating)
        return value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise ExtractError(f"a date-time in {name}", str(value), where)


def _enum(kind, value: str | list[str] | None, where: str):
    if value is None:
        return None
    if not isinstance(value, str):  # a parameter given several values: no one of them is the impact
        value = ",".join(value)
    key = value.strip().upper()
    if kind is Status and key in _STATUS_ALIASES:
        return _STATUS_ALIASES[key]
    try:
        return kind(key)
    except ValueError as exc:
        allowed = ", ".join(m.value for m in kind)
        raise ExtractError(f"one of {allowed}", value, where) from exc


def _objects(component) -> list[tuple[str, str | None]]:
    values = component.get("X-MAINTNOTE-OBJECT-ID")
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    objects = []
    for value in values:
        params = getattr(value, "params", {}) or {}
        impact = params.get("X-MAINTNOTE-OBJECT-IMPACT") or params.get("X-MAINTNOTE-IMPACT")
        text = " ".join(str(value).split())
        if text:
            objects.append((text, impact))
    return objects


def bcop_events(calendars: Iterable[str], *, provider: str | None = None) -> _Found:
    """Events of every BCOP VEVENT in ``calendars``, and the latest DTSTAMP seen."""
    texts = list(calendars)
    found = _fast_events(texts, provider)
    return found if found is not None else _reference_events(texts, provider)


def _reference_events(texts: list[str], provider: str | None) -> _Found:
    return _events(read_calendars(texts), provider)


def _fast_events(texts: list[str], provider: str | None) -> _Found | None:
    return None if (calendars := _read_fast(texts)) is None else _events(calendars, provider)


def _events(calendars: Iterable[Calendar | _Component], provider: str | None) -> _Found:
    events: list[MaintForecastEvent] = []
    stamp: datetime | None = None
    for calendar in calendars:
        floating_name = _text(calendar, "X-WR-TIMEZONE")
        floating = get_zone(floating_name) if floating_name else UTC
        for component in calendar.walk("VEVENT"):
            uid = _text(component, "UID") or "0"
            where = f"VEVENT {uid}"
            if not any(str(k).upper().startswith("X-MAINTNOTE") for k in component.keys()):
                continue
            maintenance_id = _required(component, "X-MAINTNOTE-MAINTENANCE-ID", where)
            account = _required(component, "X-MAINTNOTE-ACCOUNT", where)
            begin = _instant(component, "DTSTART", floating, where)
            end = _instant(component, "DTEND", floating, where)
            dtstamp = _instant(component, "DTSTAMP", floating, where)
            stamp = dtstamp if stamp is None or dtstamp > stamp else stamp
            impact = _enum(Impact, _text(component, "X-MAINTNOTE-IMPACT"), where)
            status = _enum(Status, _text(component, "X-MAINTNOTE-STATUS"), where) or Status.NO_CHANGE
            try:
                sequence = int(str(component.get("SEQUENCE", 1)))
            except ValueError:
                sequence = 1
            common = dict(
                provider=provider or _text(component, "X-MAINTNOTE-PROVIDER") or "unknown",
                maintenance_id=maintenance_id,
                account=account,
                status=status,
                summary=_text(component, "SUMMARY") or "",
                sequence=sequence,
                uid=uid,
                begin_window=begin,
                end_window=end,
                location=_text(component, "LOCATION"),
            )
            objects = _objects(component)
            if not objects:
                events.append(MaintForecastEvent(**common, impact=impact, parsed_vendor_circuit_id=None))
            for object_id, object_impact in objects:
                events.append(
                    MaintForecastEvent(
                        **common,
                        impact=_enum(Impact, object_impact, where) if object_impact else impact,
                        parsed_vendor_circuit_id=object_id,
                    )
                )
    return events, stamp


class _Value(str):
    """A property value, the string icalendar's value object gives, with its parameters."""

    __slots__ = ("params",)
    params: dict[str, str]


class _Component(dict[str, "_Value | list[_Value]"]):
    """What _events uses of an icalendar component; a repeated property is a list, as there."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.times: dict[str, date] = {}
        self.children: list[_Component] = []

    def walk(self, name: str) -> list[_Component]:
        return self.children  # asked only of a VCALENDAR, whose children are all VEVENTs

    def decoded(self, name: str) -> date:
        return self.times[name]


# icalendar also unfolds a line break followed by blank lines before the space; RFC 5545 does not.
_FOLD_AFTER_BLANK = re.compile(r"\n\n+[ \t]")
# Parameter values without the characters icalendar escapes or rejects (RFC 6868 ^, %, \, controls).
_LINE = re.compile(
    r'([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"\\^%\x00-\x1f\x7f]+"|[^"\\^%\s,:;\x00-\x1f\x7f]+))*):(.*)'
)
_PARAM = re.compile(r';([^=]+)=(?:"([^"]+)"|([^;]+))')
# A name icalendar cannot read: no separator at all, or a character no token has before it.
_UNREADABLE = re.compile(r"[^:;]*(?:[^\w\s.:;-]|$)")
_TIME = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})(?:T([0-9]{2})([0-9]{2})([0-9]{2})(Z?))?")
_DURATION = re.compile(r"[-+]?P(?:[0-9]{1,6}W)?(?:[0-9]{1,6}D)?(?:T(?:[0-9]{1,6}H)?(?:[0-9]{1,6}M)?(?:[0-9]{1,6}S)?)?")
# RFC 5545's text escapes, and the \\: that icalendar undoes as well.
_TEXT_ESCAPE = re.compile(r"\\([\\,;:nN])")
# Types whose values icalendar keeps as strings and never fails to read.
_TEXTLIKE = (vText, vUnknown, vCalAddress, vUri)
_kind = lru_cache(256)(Calendar.types_factory.for_property)
_iana_zones = cache(available_timezones)


def _read_fast(texts: list[str]) -> list[_Component] | None:
    """The VCALENDARs of ``texts`` as icalendar reads them, or None when not sure of that."""
    found: list[_Component] = []
    for text in texts:
        text = text.replace("\r\n", "\n")
        if "\r" in text or _FOLD_AFTER_BLANK.search(text):
            return None
        stack: list[_Component] = []
        for line in text.replace("\n ", "").replace("\n\t", "").split("\n"):
            match = _LINE.fullmatch(line)
            if match is None:
                # icalendar drops such a line in a VEVENT and fails on it anywhere else
                if line and not (stack and stack[-1].name == "VEVENT" and _UNREADABLE.match(line)):
                    return None
                continue
            name, value = match[1].upper(), match[3]
            params = {m[1].upper(): m[2] or m[3] for m in _PARAM.finditer(match[2])} if match[2] else {}
            if name == "BEGIN":
                if params or len(stack) > 2 or value.upper() != ("VCALENDAR", "VEVENT", "VALARM")[len(stack)]:
                    return None
                stack.append(_Component(value.upper()))
            elif name == "END":
                if params or not stack or value.upper() != stack[-1].name:
                    return None
                done = stack.pop()
                (stack[-1].children if stack else found).append(done)
            elif not stack or not _add(stack[-1], name, params, value):
                return None
    return found  # without what was left unclosed, as icalendar drops it too


def _add(component: _Component, name: str, params: dict[str, str], value: str) -> bool:
    kind = _kind(name)
    if name in component and kind not in _TEXTLIKE:
        return False
    if kind is vDDDTypes:
        moment = _moment(name, params, value)
        if moment is not None:
            component.times[name] = moment
        # a duration (an alarm's TRIGGER, DURATION) is never read, so need only be one icalendar accepts
        elif params or name in ("DTSTART", "DTEND", "DTSTAMP") or not _DURATION.fullmatch(value):
            return False
    elif "VALUE" in params:
        return False
    elif kind is vInt:
        if not value.isascii() or not value.isdigit():
            return False
        value = str(int(value))
    elif kind is vText:
        value = _TEXT_ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value) if "\\" in value else value
    elif kind not in _TEXTLIKE:
        return False
    item = _Value(value)
    item.params = params
    old = component.get(name)
    component[name] = item if old is None else ([*old, item] if isinstance(old, list) else [old, item])
    return True


def _moment(name: str, params: dict[str, str], value: str) -> date | None:
    """A DATE or DATE-TIME as icalendar decodes it: aware for UTC and TZID, naive when floating."""
    match = _TIME.fullmatch(value)
    if match is None or not params.keys() <= {"VALUE", "TZID"}:
        return None
    year, month, day, hour, minute, second, utc = match.groups()
    value_type = "DATE-TIME" if hour else "DATE"
    if params.get("VALUE", value_type) != value_type:  # icalendar goes by the length, whatever VALUE says
        return None
    zone: tzinfo | None = UTC if utc else None
    if "TZID" in params:
        tzid = params["TZID"]
        # icalendar ignores TZID on other properties, lets it override a Z, and resolves other names its own way
        if name not in ("DTSTART", "DTEND") or not hour or utc or tzid not in _iana_zones() or not tzp.uses_zoneinfo():
            return None
        zone = ZoneInfo(tzid)
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=zone)
    except ValueError:
        return None
