"""The base class of every notice parser, built in or installed."""

from __future__ import annotations

import re
from typing import ClassVar

from .message import DecodedNotice
from .models import MaintForecastEvent, MaintMessageObj


class Parser:
    """Subclass this, declare who you handle, and implement :meth:`parse`.

    ``senders`` are domains (``zayo.com`` also covers ``mr.zayo.com``) or full
    addresses. ``subjects`` are regular expressions (case-insensitive, searched): with
    ``senders`` they tell apart two parsers of one sender; alone they route notices that
    carry no usable sender. ``reads_calendar`` says the parser reads BCOP iCalendar parts
    itself; otherwise a notice of its sender that carries one goes to the BCOP parser.
    ``claims_unclaimed`` makes a parser the fallback for notices nothing else claims (the
    built-in generic parser); at most one parser may be it.
    """

    name: ClassVar[str] = ""
    provider: ClassVar[str] = ""
    senders: ClassVar[tuple[str, ...]] = ()
    subjects: ClassVar[tuple[str, ...]] = ()
    reads_calendar: ClassVar[bool] = False
    claims_any_calendar: ClassVar[bool] = False
    claims_unclaimed: ClassVar[bool] = False

    # Filled in by the registry from the distribution that registered the parser.
    distribution: str = ""
    version: str = ""

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if cls.name and not cls.provider:
            cls.provider = cls.name

    @property
    def subject_patterns(self) -> list[re.Pattern[str]]:
        cached = self.__dict__.get("_subject_patterns")
        if cached is None:
            cached = [re.compile(p, re.IGNORECASE) for p in self.subjects]
            self.__dict__["_subject_patterns"] = cached
        return cached

    def matches_subject(self, subject: str) -> bool:
        return any(p.search(subject) for p in self.subject_patterns)

    def claims(self, notice: DecodedNotice) -> bool:
        """The parser's own check, consulted only when several parsers share a sender."""
        return True

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent] | MaintMessageObj:
        """Read the notice; return its events (or a whole MaintMessageObj).

        Raise ``NotAMaintenance`` for mail of the sender that is no maintenance notice.
        Any other exception becomes ``ParserFailed`` naming this parser and version.
        """
        raise NotImplementedError

    def event(self, **fields: object) -> MaintForecastEvent:
        """Build an event with this parser's provider filled in."""
        fields.setdefault("provider", self.provider)
        return MaintForecastEvent(**fields)

    def message(self, notice: DecodedNotice, events: list[MaintForecastEvent], *, stamp=None) -> MaintMessageObj:
        """Wrap events in the MaintMessageObj of ``notice`` (stamp: the Date header, else ``stamp``)."""
        return MaintMessageObj(
            provider=events[0].provider if events else self.provider,
            parser=self.label,
            sender=notice.sender,
            subject=notice.subject or None,
            message_id=notice.message_id,
            stamp=notice.date or stamp,
            events=events,
        )

    @property
    def label(self) -> str:
        return f"{self.distribution or self.name} {self.version}".strip()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} {self.label}>"
