"""The toolkit's one error: a value a parser needs is missing or unreadable.

It carries what was expected, what was found and where; the core's guard turns it into
``ParserFailed`` naming the plugin.
"""

from __future__ import annotations


class ExtractError(ValueError):
    """A value a parser needs is missing or unreadable: says what was expected, found, and where."""

    def __init__(self, expected: str, found: object, where: str | None = None) -> None:
        self.expected, self.found, self.where = expected, found, where
        shown = repr(found) if not isinstance(found, str) or len(found) < 120 else repr(found[:117] + "...")
        super().__init__(f"expected {expected}, found {shown}" + (f" in {where}" if where else ""))
