"""Label/value fields in text: ``Start Date and Time: 2019-Apr-09 06:00 UTC``."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .errors import ExtractError

# The value runs to the end of the line and is stripped after: a lazy value followed by
# "\s*$" would test for the line's end after every character.
_LINE_FIELD = re.compile(r"^[ \t>*\-]*([A-Za-z][^:\t\n]{0,80}?)\s*(?::|\t)[ \t]*(.*)$", re.MULTILINE)


_PUNCTUATION = re.compile(r"[^\w/#&]+")


# The letters a case-insensitive pattern equates with an ASCII one while lower() keeps
# them apart (Turkish dotted and dotless i, long s, the Kelvin sign).
_IGNORECASE_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def ignorecase_fold(text: str) -> str:
    """``text`` lower-cased the way a case-insensitive pattern compares it with ASCII words:
    what such a pattern matches as ``"six"`` or ``"mins"`` reads as that word here."""
    return text.lower() if text.isascii() else text.translate(_IGNORECASE_FOLD).lower()


# Labels come from a carrier's template ("Start Date and Time", "Circuit ID"): the same
# few strings in every notice of a sender, each folded once.
@lru_cache(maxsize=4096)
def normalise_label(label: str) -> str:
    """Lower-cased, accents and Turkish dotted/dotless i folded, punctuation as spaces:
    ``Start Tİme:`` and ``start time`` are one label."""
    if label.isascii():  # nothing to fold but case: most labels, and the hot path of column()
        folded = label.lower()
    else:
        folded = unicodedata.normalize("NFKD", label.replace("İ", "I").replace("ı", "i"))
        folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


def fields(text: str) -> dict[str, str]:
    """Every ``Label: value`` (or ``Label<TAB>value``) line, keyed by normalised label.

    Labels are lower-cased with punctuation folded (``Start Date/Time`` ->
    ``start date/time``). When a label line has no value, the next non-empty line is
    its value. The first occurrence of a label wins.
    """
    found: dict[str, str] = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if ":" not in line and "\t" not in line:  # no separator, no field: skip the regex
            continue
        match = _LINE_FIELD.match(line)
        if not match:
            continue
        label, value = normalise_label(match.group(1)), match.group(2).strip()
        if not value:
            following = next((ln.strip() for ln in lines[index + 1 : index + 3] if ln.strip()), "")
            if following and not _LINE_FIELD.match(following):
                value = following
        if label and label not in found:
            found[label] = value
    return found


def field(values: dict[str, str] | str, *labels: str, default: str | None = None, where: str | None = None) -> str:
    """The value of the first of ``labels`` present (labels compared normalised).

    Without ``default``, a missing field raises :class:`ExtractError` naming the labels.
    """
    table = fields(values) if isinstance(values, str) else values
    for label in labels:
        value = table.get(normalise_label(label))
        if value:
            return value
    if default is not None:
        return default
    raise ExtractError(f"a field labelled {' or '.join(repr(l) for l in labels)}", "no such field", where)


def search(
    pattern: str, text: str, *, group: int | str = 1, flags: int = re.IGNORECASE, where: str | None = None
) -> str:
    """The first match of ``pattern`` in ``text`` (group 1 by default), or ExtractError."""
    match = re.search(pattern, text, flags)
    if not match:
        raise ExtractError(f"text matching /{pattern}/", text[:80] if text else text, where)
    return match.group(group).strip()


def split_ids(value: str) -> list[str]:
    """Circuit ids listed in one cell: split on commas, semicolons, slashes with spaces, new lines."""
    parts = re.split(r"[,;\n]|\s/\s|\s+and\s+", value)
    return [p.strip() for p in parts if p.strip()]
