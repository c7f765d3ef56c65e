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
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo

from icalendar import Calendar

from ..models import Impact, MaintForecastEvent, Status
from .dates import get_zone
from .errors import ExtractError

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


def _enum(kind, value: str | None, where: str):
    if value is None:
        return None
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


def bcop_events(calendars: Iterable[str], *, provider: str | None = None) -> tuple[list[MaintForecastEvent], datetime | None]:
    """Events of every BCOP VEVENT in ``calendars``, and the latest DTSTAMP seen."""
    events: list[MaintForecastEvent] = []
    stamp: datetime | None = None
    for calendar in read_calendars(calendars):
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
