"""Durations in words: ``1 x 3 hours interruption``, ``up to 30 minutes``, ``02:00 hrs``."""

from __future__ import annotations

import re

from .text import ignorecase_fold

_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60,
}  # fmt: skip
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_NUMBER = r"(\d+(?:[.,]\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(days?|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b"
_TIMES = re.compile(r"(\d+)\s*[x×\*]\s*" + _NUMBER + r"\s*" + _UNIT, re.IGNORECASE)
_AMOUNT = re.compile(_NUMBER + r"\s*" + _UNIT, re.IGNORECASE)
_CLOCK = re.compile(r"\b(\d{1,3}):(\d{2})(?::(\d{2}))?\s*(?:hours?|hrs?|h)?\b", re.IGNORECASE)
_HALF = re.compile(r"\bhalf an? hour\b", re.IGNORECASE)


# Tokens are folded as the patterns matched them: "ſix" or "mıns" (long s, dotless i).
def _number(token: str) -> float:
    token = ignorecase_fold(token)
    return float(_WORDS[token]) if token in _WORDS else float(token.replace(",", "."))


def _unit(token: str) -> int:
    token = ignorecase_fold(token)
    return _UNIT_SECONDS["m" if token.startswith("mi") or token == "m" else token[0]]


def parse_duration(text: str | None) -> int | None:
    """Seconds of interruption stated in ``text``; None when it states none.

    ``N x D`` multiplies (``2 x 15 minutes`` -> 1800); otherwise amounts add up
    (``1 hour 30 minutes``); ``HH:MM`` reads as hours and minutes. ``up to``, ``approx``
    and similar words are ignored: the stated figure is the announced impact.
    """
    if not text:
        return None
    # Each pattern is tried only when the character it cannot match without is there.
    match = _TIMES.search(text) if ("x" in text or "X" in text or "×" in text or "*" in text) else None
    if match:
        return int(int(match.group(1)) * _number(match.group(2)) * _unit(match.group(3)))
    if "half" in text.lower() and _HALF.search(text):
        return 1800
    clock = _CLOCK.search(text) if ":" in text else None
    if clock:
        return int(clock.group(1)) * 3600 + int(clock.group(2)) * 60 + int(clock.group(3) or 0)
    total, seen = 0.0, False
    for amount in _AMOUNT.finditer(text):
        total += _number(amount.group(1)) * _unit(amount.group(2))
        seen = True
    return int(total) if seen else None
