"""Reading a notice whose layout nobody described: date-times and windows in free text.

``find_datetimes("Start: 01-Jun-2021 15:59 (UTC)")`` finds the date-time written in a
line, with the zone written beside it; ``line_windows`` pairs two of them joined by
``to``, ``until``, a spaced dash or a table cell boundary. The zone is read as
:func:`parse_datetime` reads it (offsets, :data:`TZ_NAMES`, :data:`TZ_ABBREVIATIONS`,
IANA names); a date-time that states none is reported as such, so the caller decides
which zone applies (a label's, the other bound's, the notice's) and how sure it is.

Nothing here knows a carrier. These are the shapes of dates people write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from .dates import TZ_ABBREVIATIONS, TZ_NAMES, _split_zone, parse_datetime, year_near
from .errors import ExtractError

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?,?\s+)"
_YEAR_DATE = (
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{2}(?![\d/])"
    r"|\d{1,2}(?:st|nd|rd|th)?[- ]" + _MONTH + r"\.?[- ,]+\d{4}"
    r"|" + _MONTH + r"\.?[- ]\d{1,2}(?:st|nd|rd|th)?,?[- ]\d{4}"
    r"|\d{4}-" + _MONTH + r"-\d{1,2})"
)
# "17 NOV 07:00": the year left out, as some notices print it beside a full date line.
_BARE_DATE = r"(?:\d{1,2}[- ]" + _MONTH + r"|" + _MONTH + r"[- ]\d{1,2})"
_TIME = r"(?:\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:\s?[ap]\.?m\.?\b)?|\d{1,2}\s?[ap]\.?m\.?\b)"
_ABBREVIATIONS = "|".join(sorted((k for k in TZ_ABBREVIATIONS if k != "Z"), key=len, reverse=True))
_NAMES = "|".join(sorted((k.title() for k in TZ_NAMES if len(k) > 2), key=len, reverse=True))
# A zone written after a time: "(UTC)", "GMT+8", "+0000 UTC", "Eastern", "Europe/Paris".
_ZONE = (
    r"(?:\s*\(?\s*(?:"
    r"(?:GMT|UTC)\s*[+\-−]\s*\d{1,2}(?::?\d{2})?"
    r"|[+\-]\d{2}:?\d{2}(?:\s+(?:" + _ABBREVIATIONS + r")\b)?"
    # Names are matched as written (case-sensitively), as parse_datetime reads them:
    # "at" or "est" in a sentence is no zone.
    r"|(?-i:Z\b"
    r"|(?:" + _ABBREVIATIONS + r")\b"
    r"|(?:US/)?(?:" + _NAMES + r"|ET|CT|MT|PT)\b(?:\s+(?:Standard\s+|Daylight\s+|Prevailing\s+)?Time)?"
    r"|[A-Z][a-z]+/[A-Z][A-Za-z_]+)"
    r")\s*\)?)?"
)
_DATETIME = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<d1>" + _WEEKDAY + r"?" + _YEAR_DATE + r")[\sT,]{1,4}(?:at\s+)?(?P<t1>" + _TIME + r")"
    r"|(?P<t2>" + _TIME + r")" + r"(?P<z2>" + _ZONE + r")[\s,]{1,3}(?:on\s+)?(?P<d2>" + _WEEKDAY + r"?" + _YEAR_DATE + r")"
    r"|(?P<d3>" + _WEEKDAY + r"?" + _BARE_DATE + r")[\s,]{1,3}(?:at\s+)?(?P<t3>" + _TIME + r")"
    r")(?P<zone>" + _ZONE + r")(?![\w])",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(
    r"^[\s*,;]*(?:\([^()]{0,40}\))?[\s*,;]*"
    r"(?:to|until|till|through|thru|and|[-–—~]|\||(?:end|finish)\w*(?:\s*(?:date|time|&|and|/))*\s*:?)?"
    r"[\s*]*$",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?![\d/.-])")
_ORDER_HINT = re.compile(r"\b(dd|mm)\s*[/.-]\s*(?:dd|mm)\s*[/.-]\s*yy", re.IGNORECASE)
_LABEL_VALUE = re.compile(r"^[ \t>*\-]*([A-Za-z][^:\t\n]{0,80}?)\s*(?::|\t)[ \t*]*(.*?)\s*$")
_YEAR_FIRST = re.compile(r"^\W*(?:" + _WEEKDAY + r")?\d{4}\b", re.IGNORECASE)
_UTC_ZONE = re.compile(r"\b(?:UTC|GMT|UT)\b(?!\s*[+\-−]\s*[1-9])|\dZ\b|[+-]00:?00\b")
MAX_LINE = 2000


@dataclass(frozen=True)
class FoundDatetime:
    """A date-time written in a line: where it is, what it says, and its zone if stated."""

    start: int
    end: int
    text: str
    zoned: bool
    """Whether the text itself states a zone."""
    yearless: bool
    """Whether the year was left out (``17 NOV 07:00``)."""


def find_datetimes(line: str) -> list[FoundDatetime]:
    """Every date-time written in ``line``, in order, each with the zone written after it."""
    found = []
    for match in _DATETIME.finditer(line[:MAX_LINE]):
        zone_text = (match.group("zone") or "") + (match.group("z2") or "")
        found.append(
            FoundDatetime(
                match.start(),
                match.end(),
                match.group(0).strip(),
                bool(zone_text.strip()) or bool(re.search(r"\dZ\b|[+-]\d{2}:\d{2}$", match.group(0))),
                match.group("d3") is not None,
            )
        )
    return found


def dayfirst_of(text: str) -> bool | None:
    """Whether the notice writes numeric dates day first: stated (``dd/mm/yyyy``), or shown
    by a date whose first number cannot be a month (``31/10/2021``); None when nothing tells."""
    hint = _ORDER_HINT.search(text)
    if hint:
        return hint.group(1).lower() == "dd"
    votes = {True: 0, False: 0}
    for match in _NUMERIC_DATE.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            votes[True] += 1
        elif second > 12 >= first:
            votes[False] += 1
    if votes[True] == votes[False]:
        return None
    return votes[True] > votes[False]


def zone_in(text: str) -> tzinfo | None:
    """The zone a label or header states (``Start Date/Time (UTC)``), else None."""
    return _split_zone(" ".join(text.split()))[1] if text else None


def read_datetime(
    found: FoundDatetime,
    *,
    zone: tzinfo | None = None,
    dayfirst: bool = False,
    reference: date | None = None,
) -> datetime:
    """A found date-time as an aware UTC datetime; ``zone`` for text stating none, and
    ``reference`` (the notice's date) to supply a year left out: the nearest one."""
    text = found.text
    if found.yearless:
        if reference is None:
            raise ExtractError("a date with its year", text)
        local = parse_datetime(text, zone=zone or "UTC")
        bare = re.search(_BARE_DATE, text, re.IGNORECASE)
        day = parse_datetime(bare.group(0) + " 00:00", zone="UTC") if bare else local
        year = year_near(day.month, day.day, reference).year
        text = text[: bare.end()] + f" {year}" + text[bare.end():] if bare else text
    # A date written year first is always year, month, day (dateutil would swap it).
    if _YEAR_FIRST.match(text):
        dayfirst = False
    return parse_datetime(text, zone=zone, dayfirst=dayfirst)


def is_numeric_date(found: FoundDatetime) -> bool:
    """Whether the date is all numbers with the year last, so day and month may swap."""
    return bool(_NUMERIC_DATE.search(found.text)) and not _YEAR_FIRST.match(found.text)


def line_windows(line: str, found: list[FoundDatetime] | None = None) -> list[tuple[FoundDatetime, FoundDatetime]]:
    """Pairs of date-times in ``line`` joined as a window: ``X to Y``, ``X - Y``, ``X until
    Y``, two table cells side by side, ``X End: Y``. Each date-time joins one pair at most."""
    found = find_datetimes(line) if found is None else found
    pairs = []
    index = 0
    while index + 1 < len(found):
        first, second = found[index], found[index + 1]
        if _CONNECTOR.match(line[first.end : second.start]):
            pairs.append((first, second))
            index += 2
        else:
            index += 1
    return pairs


def label_value(line: str) -> tuple[str, str] | None:
    """``Label: value`` or ``Label<TAB>value`` (a table row's first two cells) as a pair, else None."""
    match = _LABEL_VALUE.match(line[:MAX_LINE])
    return (match.group(1).strip(" *"), match.group(2).strip(" *")) if match else None


def states_utc(text: str) -> bool:
    """Whether a date-time is written in UTC itself (``GMT``, ``UTC``, ``Z``, ``+0000``)."""
    return bool(_UTC_ZONE.search(text))
