"""Interval arithmetic for counting downtime: pure, small, obviously correct.

A span is ``(begin, end)`` in whole POSIX seconds, half-open, ``begin < end``. A *set*
is a sorted list of disjoint, non-touching spans (what ``union`` returns); every
function below takes and returns sets unless it says otherwise. Whole seconds because no
contract counts finer, and integer sums make incremental and full evaluation agree to
the second.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

Span = tuple[int, int]


def seconds(instant: datetime) -> int:
    """An aware instant as whole POSIX seconds (floored)."""
    return int(instant.timestamp() // 1)


def union(spans: Iterable[Span]) -> list[Span]:
    """Merge overlapping and touching spans: two ends reporting one outage, or an outage
    reported again, count once."""
    merged: list[Span] = []
    for begin, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and begin <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    return merged


def intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """Instants in both sets."""
    found: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        begin, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if begin < end:
            found.append((begin, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return found


def intersect_all(sets: Sequence[Sequence[Span]]) -> list[Span]:
    """Instants in every set: a protected service is down only while every member is."""
    if not sets:
        return []
    found = list(sets[0])
    for other in sets[1:]:
        found = intersect(found, other)
    return found


def subtract(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """Instants in ``a`` and not in ``b``."""
    found: list[Span] = []
    j = 0
    for begin, end in a:
        while j < len(b) and b[j][1] <= begin:
            j += 1
        k, cursor = j, begin
        while k < len(b) and b[k][0] < end:
            if b[k][0] > cursor:
                found.append((cursor, b[k][0]))
            cursor = max(cursor, b[k][1])
            k += 1
        if cursor < end:
            found.append((cursor, end))
    return found


def clip(spans: Sequence[Span], lo: int, hi: int) -> list[Span]:
    """The parts of ``spans`` inside [lo, hi)."""
    return intersect(spans, [(lo, hi)]) if lo < hi else []


def total(spans: Iterable[Span]) -> int:
    return sum(end - begin for begin, end in spans)


def drop_shorter_than(spans: Sequence[Span], minimum: float) -> list[Span]:
    """Flaps: outages shorter than the contract's minimum do not count at all."""
    return [s for s in spans if s[1] - s[0] >= minimum]


def first_seconds(spans: Sequence[Span], limit: float | None) -> tuple[list[Span], list[Span]]:
    """(the earliest ``limit`` seconds of ``spans``, the rest): a cap on excused time
    excuses maintenance in the order it happened; what is beyond the cap counts."""
    if limit is None:
        return list(spans), []
    kept: list[Span] = []
    rest: list[Span] = []
    left = int(limit)
    for begin, end in spans:
        if left >= end - begin:
            kept.append((begin, end))
            left -= end - begin
        elif left > 0:
            kept.append((begin, begin + left))
            rest.append((begin + left, end))
            left = 0
        else:
            rest.append((begin, end))
    return kept, rest


def pieces_of(incidents: Sequence[Span], spans: Sequence[Span]) -> list[int]:
    """For each incident, how many seconds of ``spans`` fall inside it."""
    return [total(clip(spans, begin, end)) for begin, end in incidents]
