"""Status and impact stated in words, read the same way for every carrier."""

from __future__ import annotations

import re

from ..models import Impact, Status
from .text import ignorecase_fold

#: A carrier's own status words: (pattern, status) pairs, checked in order.
StatusWords = tuple[tuple[re.Pattern[str], Status], ...]

# Most specific first: "cancelled reschedule" is a cancellation, "reminder" of a
# scheduled window is still CONFIRMED, "end of window" means the work is over. A
# "correction" or "amendment" re-times an announced window. "Extended" is not read:
# carriers disagree on it (a longer window, or the same one confirmed) and prose uses it
# for "an extended period".
# Each pattern comes with words every one of its matches holds (lower-cased); a pattern is
# searched for only when one of its words is in the text. Searching a case-insensitive
# pattern that opens with \b tries every position of the text; finding a word in the
# lower-cased text is one pass in C, and most texts hold few of the words.
_STATUS_WORDS: tuple[tuple[tuple[str, ...], re.Pattern[str], Status], ...] = tuple(
    (words, re.compile(pattern, re.IGNORECASE), status)
    for words, pattern, status in (
        (
            ("cancel", "withdrawn", "called off"),
            r"\bcancel(?:l?ed|lation|ling)?\b|\bwithdrawn\b|\bcalled off\b",
            Status.CANCELLED,
        ),
        (
            ("complet", "end of window", "closed", "finished", "successful"),
            r"\bcomplet(?:ed|ion)\b|\bend of window\b|\bclosed\b|\bfinished\b|\bsuccessful(?:ly)?\b",
            Status.COMPLETED,
        ),
        (
            ("schedul", "postpone", "defer", "new date", "correct", "amend"),
            r"\bre-?schedul(?:ed|e|ing)\b|\bpostpone(?:d|ment)?\b|\bdeferr?ed\b|\bnew date\b"
            r"|\bcorrect(?:ion|ed)\b|\bamend(?:ed|ment)?\b",
            Status.RE_SCHEDULED,
        ),
        (
            ("start", "in progress", "in-process", "underway", "commenc", "begun"),
            r"\bstart(?:ed)?\b|\bin progress\b|\bin-process\b|\bunderway\b|\bcommenc(?:ed|ing)\b|\bbegun\b",
            Status.IN_PROCESS,
        ),
        (("tentative", "proposed", "preliminary"), r"\btentative\b|\bproposed\b|\bpreliminary\b", Status.TENTATIVE),
        (
            ("schedul", "reminder", "confirm", "planned", "new", "update", "emergency", "notification"),
            r"\bschedul(?:ed|e)\b|\breminder\b|\bconfirm(?:ed|ation)\b|\bplanned\b|\bnew\b|\bupdate[ds]?\b"
            r"|\bemergency\b|\bnotification\b",
            Status.CONFIRMED,
        ),
    )
)

_IMPACT_WORDS: tuple[tuple[tuple[str, ...], re.Pattern[str], Impact], ...] = tuple(
    (words, re.compile(pattern, re.IGNORECASE), impact)
    for words, pattern, impact in (
        (
            ("reduced redundancy", "loss of ", "unprotected"),
            r"\breduced redundancy\b|\bloss of (?:redundancy|resilience|protection)\b|\bunprotected\b",
            Impact.REDUCED_REDUNDANCY,
        ),
        (
            ("impact", "service", "no interruption", "no outage", "hitless"),
            r"\bno (?:service |expected )?impact\b|\bnon[- ]service[- ]affecting\b|\bnot service affecting\b"
            r"|\bno interruption\b|\bno outage\b|\bhitless\b",
            Impact.NO_IMPACT,
        ),
        (
            ("degrad", "latency", "reduced ", "packet loss"),
            r"\bdegrad(?:ed|ation)\b|\blatency\b|\breduced (?:bandwidth|capacity)\b|\bpacket loss\b",
            Impact.DEGRADED,
        ),
        (
            ("outage", "interruption", "down", "service affecting", "hit", "unavailab", "loss of service", "flap"),
            r"\boutage\b|\binterruption\b|\bdown ?time\b|\bservice affecting\b|\bhits?\b|\bunavailab\w*\b"
            r"|\bloss of service\b|\bswitch(?:ing)? hits?\b|\bflap",
            Impact.OUTAGE,
        ),
    )
)


def status_from_text(
    text: str | None, default: Status | None = Status.CONFIRMED, *, words: StatusWords = ()
) -> Status | None:
    """The status a subject or sentence states: ``CANCELLED NOTIFICATION`` -> CANCELLED.

    Words are checked from the most to the least specific (cancelled, completed,
    re-scheduled or corrected or amended, started or begun, tentative, scheduled);
    ``default`` when none is present. ``words`` are a carrier's own, checked first
    (``((re.compile(r"\bhas ended\b"), Status.COMPLETED),)``).
    """
    if text:
        for pattern, status in words:
            if pattern.search(text):
                return status
        folded = ignorecase_fold(text)
        for needed, pattern, status in _STATUS_WORDS:
            if any(word in folded for word in needed) and pattern.search(text):
                return status
    return default


def status_from_texts(*texts: str | None, default: Status = Status.CONFIRMED, words: StatusWords = ()) -> Status:
    """The first status other than CONFIRMED that one of ``texts`` states, read in order.

    For notices that may announce a change in several places, the most telling first:
    ``status_from_texts("this maintenance has been rescheduled", subject)`` is
    RE-SCHEDULED whatever the subject says, while a sentence saying only "scheduled"
    lets the subject speak. ``default`` when no text states a change; ``words`` as for
    :func:`status_from_text`, checked first in each text.
    """
    for text in texts:
        stated = status_from_text(text, Status.CONFIRMED, words=words)
        if stated is not Status.CONFIRMED:
            return stated
    return default


def impact_from_text(text: str | None, default: Impact | None = Impact.OUTAGE) -> Impact | None:
    """The impact a sentence states: ``No impact expected`` -> NO-IMPACT."""
    if text:
        folded = ignorecase_fold(text)
        for needed, pattern, impact in _IMPACT_WORDS:
            if any(word in folded for word in needed) and pattern.search(text):
                return impact
    return default
