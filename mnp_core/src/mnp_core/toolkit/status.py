"""Status and impact stated in words, read the same way for every carrier."""

from __future__ import annotations

import re

from ..models import Impact, Status

# Most specific first: "cancelled reschedule" is a cancellation, "reminder" of a
# scheduled window is still CONFIRMED, "end of window" means the work is over.
_STATUS_WORDS: tuple[tuple[re.Pattern[str], Status], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), status)
    for pattern, status in (
        (r"\bcancel(?:l?ed|lation|ling)?\b|\bwithdrawn\b|\bcalled off\b", Status.CANCELLED),
        (r"\bcomplet(?:ed|ion)\b|\bend of window\b|\bclosed\b|\bfinished\b|\bsuccessful(?:ly)?\b", Status.COMPLETED),
        (r"\bre-?schedul(?:ed|e|ing)\b|\bpostpone(?:d|ment)?\b|\bdeferr?ed\b|\bnew date\b", Status.RE_SCHEDULED),
        (r"\bstart(?:ed)?\b|\bin progress\b|\bin-process\b|\bunderway\b|\bcommenc(?:ed|ing)\b", Status.IN_PROCESS),
        (r"\btentative\b|\bproposed\b|\bpreliminary\b", Status.TENTATIVE),
        (r"\bschedul(?:ed|e)\b|\breminder\b|\bconfirm(?:ed|ation)\b|\bplanned\b|\bnew\b|\bupdate[ds]?\b|\bemergency\b|\bnotification\b", Status.CONFIRMED),
    )
)

_IMPACT_WORDS: tuple[tuple[re.Pattern[str], Impact], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), impact)
    for pattern, impact in (
        (r"\breduced redundancy\b|\bloss of (?:redundancy|resilience|protection)\b|\bunprotected\b", Impact.REDUCED_REDUNDANCY),
        (r"\bno (?:service |expected )?impact\b|\bnon[- ]service[- ]affecting\b|\bnot service affecting\b|\bno interruption\b|\bno outage\b|\bhitless\b", Impact.NO_IMPACT),
        (r"\bdegrad(?:ed|ation)\b|\blatency\b|\breduced (?:bandwidth|capacity)\b|\bpacket loss\b", Impact.DEGRADED),
        (r"\boutage\b|\binterruption\b|\bdown ?time\b|\bservice affecting\b|\bhits?\b|\bunavailab\w*\b|\bloss of service\b|\bswitch(?:ing)? hits?\b|\bflap", Impact.OUTAGE),
    )
)


def status_from_text(text: str | None, default: Status | None = Status.CONFIRMED) -> Status | None:
    """The status a subject or sentence states: ``CANCELLED NOTIFICATION`` -> CANCELLED.

    Words are checked from the most to the least specific (cancelled, completed,
    re-scheduled, started, tentative, scheduled); ``default`` when none is present.
    """
    if text:
        for pattern, status in _STATUS_WORDS:
            if pattern.search(text):
                return status
    return default


def impact_from_text(text: str | None, default: Impact | None = Impact.OUTAGE) -> Impact | None:
    """The impact a sentence states: ``No impact expected`` -> NO-IMPACT."""
    if text:
        for pattern, impact in _IMPACT_WORDS:
            if pattern.search(text):
                return impact
    return default
