"""Dates and times as carriers write them, to aware UTC datetimes.

``parse_datetime("2019-Apr-09 06:00 UTC")``, ``parse_datetime("09/04/2019 06:00 GMT+8",
dayfirst=True)``, ``parse_datetime("2024-03-06T19:00:00Z")``,
``parse_datetime("10/08/2021 22:00", zone="Europe/Paris")``.

Zone names in the text are read, in this order: a numeric offset written after GMT/UTC
(``GMT+8``, ``UTC -05:30``: the sign as people mean it, east positive, not POSIX's), a
daylight-saving zone name from :data:`TZ_NAMES` (``ET``, ``Central Time``), an
abbreviation from :data:`TZ_ABBREVIATIONS`, an IANA name (``Europe/London``), a bare
offset (``+0100``). Without any of them the ``zone`` argument decides; without that, the
text is refused rather than read in the host's zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as _dateutil

from .errors import ExtractError

#: Zone abbreviations carriers use, and the UTC offset (hours) each is read as.
#: Ambiguous names are resolved the way network carriers use them: CST and CDT are US
#: Central (not China), IST is India, BST is British Summer Time, AST is Atlantic.
#: Anything else must be written as an offset or an IANA name.
TZ_ABBREVIATIONS: dict[str, float] = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "WET": 0,
    "BST": 1, "IST": 5.5, "CET": 1, "MET": 1, "WAT": 1, "WEST": 1,
    "CEST": 2, "MEST": 2, "EET": 2, "SAST": 2, "CAT": 2,
    "EEST": 3, "MSK": 3, "EAT": 3, "AST": -4, "ADT": -3, "GST": 4,
    "PKT": 5, "NPT": 5.75, "ICT": 7, "WIB": 7,
    "HKT": 8, "SGT": 8, "AWST": 8, "PHT": 8, "MYT": 8, "CCT": 8,
    "JST": 9, "KST": 9, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11,
    "NZST": 12, "NZDT": 13,
    "NST": -3.5, "NDT": -2.5, "BRT": -3, "ART": -3,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
}

#: Zone names that follow daylight saving, read as the IANA zone they stand for (so a
#: July "ET" is UTC-4 and a January one UTC-5), as US carriers write them.
TZ_NAMES: dict[str, str] = {
    "ET": "America/New_York", "EASTERN": "America/New_York",
    "CT": "America/Chicago", "CENTRAL": "America/Chicago",
    "MT": "America/Denver", "MOUNTAIN": "America/Denver",
    "PT": "America/Los_Angeles", "PACIFIC": "America/Los_Angeles",
    "ARIZONA": "America/Phoenix", "ALASKA": "America/Anchorage", "HAWAII": "Pacific/Honolulu",
}
_NAMED_ZONE = re.compile(
    r"\(?\b(?:US/)?(ET|CT|MT|PT|Eastern|Central|Mountain|Pacific|Arizona|Alaska|Hawaii)"
    r"(?:\s+(?:Standard\s+|Daylight\s+|Prevailing\s+)?Time)?\b\)?",
)
_OFFSET_AFTER_NAME = re.compile(
    r"\(?\b(?:GMT|UTC)\s*([+-−])\s*(\d{1,2})(?:(?::|\.)?(\d{2}))?\b\)?", re.IGNORECASE
)
_ABBREVIATION = re.compile(
    r"\(?\b(" + "|".join(sorted((k for k in TZ_ABBREVIATIONS if k != "Z"), key=len, reverse=True)) + r")\b\)?"
)
_IANA = re.compile(r"\b([A-Z][A-Za-z_]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?)\b")
_BARE_OFFSET = re.compile(r"(?<=\d)\s*([+-])(\d{2}):?(\d{2})\b|\s([+-])(\d{2}):?(\d{2})\s*$")
_TRAILING_Z = re.compile(r"(?<=\d)Z\b")
# "start to end", "start until end"; else "start - end" (a dash inside a date has no
# spaces around it).
_WINDOW_SEPARATORS = (
    re.compile(r"^(.+?)\s+(?:to|until)\s+(.+)$", re.IGNORECASE),
    re.compile(r"^(.+?)\s+[-–]\s+(.+)$"),
)
_START_LABEL = re.compile(r"^\s*start\b.*\b(?:date|time)", re.IGNORECASE)
_END_LABEL = re.compile(r"^\s*(?:end|finish)\b.*\b(?:date|time)", re.IGNORECASE)


# The shapes carriers write most, read without dateutil (whose general tokenizer costs
# far more than the rest of a notice's date handling). Each reads exactly as
# dateutil's parse(text, dayfirst=..., fuzzy=True, default=2000-01-01) does; anything
# else, and any value out of range, is left to dateutil.
_MONTHS = {name.lower(): number for number, names in enumerate(_dateutil.parserinfo.MONTHS, 1) for name in names}
_WEEKDAYS = {name.lower() for names in _dateutil.parserinfo.WEEKDAYS for name in names}
_QUICK_TIME = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?: ?(?P<ampm>[AaPp][Mm]))?"
_QUICK_DATE = (
    r"(?:(?P<wd>[A-Za-z]+) +)?(?:"
    r"(?P<iY>[1-9]\d{3})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"|(?P<aY>[1-9]\d{3})-(?P<ab>[A-Za-z]+)-(?P<ad>\d{1,2})"
    r"|(?P<bd>\d{1,2})(?:-(?P<bb>[A-Za-z]+)-| +(?P<bb2>[A-Za-z]+) +)(?P<bY>[1-9]\d{3})"
    r"|(?P<cb>[A-Za-z]+) +(?P<cd>\d{1,2}) +(?P<cY>[1-9]\d{3})"
    r"|(?P<n1>\d{1,2})(?P<sep>[/.])(?P<n2>\d{1,2})(?P=sep)(?P<nY>[1-9]\d{3})"
    r"|(?P<s1>\d{1,2})/(?P<s2>\d{1,2})/(?P<sY>\d{2})"
    r")"
)
# A numeric offset left after the zone's name was taken ("20:55:00 +0000 UTC"): the name
# wins, so the offset goes unread either way.
_OFFSET_BESIDE_NAME = re.compile(r"(?<=\d) ?[+-]\d{2}:?\d{2}$")
_QUICK = (
    re.compile(rf"{_QUICK_DATE} +{_QUICK_TIME}"),
    re.compile(rf"{_QUICK_TIME} +{_QUICK_DATE}"),
)


def _quick_parse(text: str, dayfirst: bool) -> datetime | None:
    """``text`` read as dateutil would, for the common shapes; None for the rest."""
    for pattern in _QUICK:
        match = pattern.fullmatch(text)
        if match:
            break
    else:
        return None
    found = match.groupdict()
    if found["wd"] is not None and found["wd"].lower() not in _WEEKDAYS:
        return None
    if found["iY"] is not None:
        year, first, second = int(found["iY"]), int(found["im"]), int(found["id"])
        # dateutil's rule for a year written first: dayfirst reads 2021-02-01 as 2 January.
        if dayfirst and second <= 12:
            day, month = first, second
        else:
            month, day = first, second
    elif found["sY"] is not None:
        # A two-digit year ("03/20/24"): month, day, year, the year in dateutil's century
        # window, as dateutil reads it without dayfirst; the other readings are left to it.
        if dayfirst:
            return None
        month, day = int(found["s1"]), int(found["s2"])
        year = _dateutil.DEFAULTPARSER.info.convertyear(int(found["sY"]))
    elif found["nY"] is not None:
        first, second, year = int(found["n1"]), int(found["n2"]), int(found["nY"])
        # dateutil's rule for two numbers before a four-digit year.
        if first > 12 or (dayfirst and second <= 12):
            day, month = first, second
        else:
            month, day = first, second
    else:
        name = found["ab"] or found["bb"] or found["bb2"] or found["cb"]
        month = _MONTHS.get(name.lower(), 0)
        if not month:
            return None
        year = int(found["aY"] or found["bY"] or found["cY"])
        day = int(found["ad"] or found["bd"] or found["cd"])
    hour, minute, second_ = int(found["H"]), int(found["M"]), int(found["S"] or 0)
    ampm = found["ampm"]
    if ampm is not None:
        if hour > 12:
            return None
        if ampm in ("pm", "PM", "Pm", "pM"):
            hour = hour + 12 if hour < 12 else hour
        elif hour == 12:
            hour = 0
    try:
        return datetime(year, month, day, hour, minute, second_)
    except ValueError:
        return None


def fixed_offset(hours: float) -> timezone:
    return timezone(timedelta(minutes=round(hours * 60)))


@lru_cache(maxsize=512)
def get_zone(name: str) -> tzinfo:
    """An IANA zone or an abbreviation of :data:`TZ_ABBREVIATIONS`, as a tzinfo."""
    key = name.strip()
    if key.upper() in TZ_ABBREVIATIONS:
        return fixed_offset(TZ_ABBREVIATIONS[key.upper()])
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ExtractError("an IANA time zone or a known abbreviation", name) from exc


def localize(value: datetime, tz: tzinfo | str) -> datetime:
    """Attach a zone to a naive local time (DST-aware for IANA zones); return UTC."""
    tzinfo_ = get_zone(tz) if isinstance(tz, str) else tz
    if value.tzinfo is None:
        value = value.replace(tzinfo=tzinfo_)
    return value.astimezone(UTC)


def _split_zone(text: str) -> tuple[str, tzinfo | None]:
    match = _OFFSET_AFTER_NAME.search(text)
    if match:
        sign = -1 if match.group(1) in "-−" else 1
        hours = int(match.group(2)) + int(match.group(3) or 0) / 60
        return text[: match.start()] + " " + text[match.end():], fixed_offset(sign * hours)
    match = _NAMED_ZONE.search(text)
    if match:
        return text[: match.start()] + " " + text[match.end():], ZoneInfo(TZ_NAMES[match.group(1).upper()])
    match = _ABBREVIATION.search(text)
    if match:
        return text[: match.start()] + " " + text[match.end():], fixed_offset(TZ_ABBREVIATIONS[match.group(1)])
    match = _IANA.search(text)
    if match:
        try:
            found = ZoneInfo(match.group(1))
        except (ZoneInfoNotFoundError, ValueError):
            found = None
        if found is not None:
            return text[: match.start()] + " " + text[match.end():], found
    match = _BARE_OFFSET.search(text)
    if match:
        sign_s, hh, mm = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
        sign = -1 if sign_s == "-" else 1
        return text[: match.start()] + " " + text[match.end():], fixed_offset(sign * (int(hh) + int(mm) / 60))
    if _TRAILING_Z.search(text):
        return _TRAILING_Z.sub(" ", text), UTC
    return text, None


def parse_datetime(
    text: str,
    *,
    zone: tzinfo | str | None = None,
    dayfirst: bool = False,
    where: str | None = None,
) -> datetime:
    """Read one date and time; return it as an aware UTC datetime.

    A zone written in the text wins over ``zone``; with neither, :class:`ExtractError`.
    ``dayfirst`` reads ``09/04/2019`` as 9 April.
    """
    if not text or not str(text).strip():
        raise ExtractError("a date and time", text, where)
    cleaned = " ".join(str(text).replace("\xa0", " ").split())
    return _read_datetime(text, _split_zone(cleaned), zone, dayfirst, where)


def _read_datetime(
    text: str, split: tuple[str, tzinfo | None], zone: tzinfo | str | None, dayfirst: bool, where: str | None
) -> datetime:
    """:func:`parse_datetime` of ``text``, whose zone :func:`_split_zone` has already split off."""
    remainder, found_zone = split
    remainder = remainder.replace(" at ", " ").replace(",", " ").strip(" ()[]-")
    value = None
    if found_zone is not None and _OFFSET_BESIDE_NAME.search(remainder):
        value = _quick_parse(_OFFSET_BESIDE_NAME.sub("", remainder), dayfirst)
    try:
        value = value or _quick_parse(remainder, dayfirst) or _dateutil.parse(
            remainder, dayfirst=dayfirst, fuzzy=True, default=datetime(2000, 1, 1)
        )
    except (ValueError, OverflowError, TypeError) as exc:
        raise ExtractError("a date and time", text, where) from exc
    if value.tzinfo is not None and found_zone is None:
        return value.astimezone(UTC)
    tz = found_zone or (get_zone(zone) if isinstance(zone, str) else zone)
    if tz is None:
        raise ExtractError("a date and time with a time zone", text, where)
    return localize(value.replace(tzinfo=None), tz)


def parse_date(text: str, *, dayfirst: bool = False, where: str | None = None) -> date:
    """Read a calendar date (no time)."""
    try:
        return _dateutil.parse(" ".join(str(text).split()), dayfirst=dayfirst, fuzzy=True).date()
    except (ValueError, OverflowError, TypeError) as exc:
        raise ExtractError("a date", text, where) from exc


def combine(day: date, at: time | str, tz: tzinfo | str) -> datetime:
    """A date, a time of day and a zone, as an aware UTC datetime."""
    if isinstance(at, str):
        at = _dateutil.parse(at).time()
    return localize(datetime.combine(day, at), tz)


def parse_window(
    text: str,
    *,
    zone: tzinfo | str | None = None,
    dayfirst: bool = False,
    where: str | None = None,
) -> tuple[datetime, datetime]:
    """Read a window written on one line: ``01-Jun-2021 15:59 (UTC) to 01-Jun-2021 22:00 (UTC)``.

    The bounds are separated by ``to`` or ``until``, else by a spaced dash
    (``12-Feb-2024 09:00 - 12-Feb-2024 17:00 GMT``). A zone written only after the end
    (``03/02/2031 22:00 to 04/02/2031 04:00 GMT``) is the start's too; ``zone``, as in
    :func:`parse_datetime`, is for bounds that state none.
    """
    cleaned = " ".join(str(text or "").replace("\xa0", " ").split())
    bounds = next((m for pattern in _WINDOW_SEPARATORS if (m := pattern.match(cleaned))), None)
    if bounds is None:
        raise ExtractError("a window 'start to end'", text, where)
    start, end = bounds.group(1), bounds.group(2)
    # The end is split from its zone once, for the start's sake and its own (it is folded
    # already, as parse_datetime would fold it).
    end_split = _split_zone(end)
    begin = parse_datetime(start, zone=end_split[1] or zone, dayfirst=dayfirst, where=where)
    return begin, _read_datetime(end, end_split, zone, dayfirst, where)


def start_end_pairs(rows: Iterable[tuple[str, str]]) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """The windows of a notice that lists them as labelled rows, unparsed.

    Reads ``(label, value)`` rows in order and pairs each ``Start ... date/time`` row
    with the ``End ...`` or ``Finish ... date/time`` row that follows it::

        Start Date/Time (UTC) Day 1  | 09/21/2031 02:00      -> ((start label, value),
        End Date/Time (UTC) Day 1    | 09/21/2031 06:00          (end label, value))

    Other rows are skipped, an end with no start before it is ignored and a start not
    followed by an end is dropped. Labels keep their text, so a caller can read a zone
    or day order they state.
    """
    pairs: list[tuple[tuple[str, str], tuple[str, str]]] = []
    start: tuple[str, str] | None = None
    for label, value in rows:
        if _START_LABEL.search(label):
            start = (label, value)
        elif _END_LABEL.search(label) and start is not None:
            pairs.append((start, (label, value)))
            start = None
    return pairs


def year_near(month: int, day: int, reference: date) -> date:
    """The date of a day written without its year (``17 NOV``): the one closest to ``reference``.

    Of the day in the reference's year, the year before and the year after, the nearest
    wins, so a ``02 JAN`` window announced on 28 December falls in the next year and a
    ``30 DEC`` one mentioned on 3 January in the previous. ``29 FEB`` takes the nearest
    leap year of the three; :class:`ExtractError` when none is or the day does not exist.
    """
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ExtractError("a calendar day", f"{day}/{month}")
    return min(candidates, key=lambda d: abs((d - reference).days))
