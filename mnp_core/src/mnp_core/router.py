"""Choosing the parser for a notice, by dictionary lookup, never by trying them all.

1. Sender: the notice's routing addresses (From, Sender, Reply-To, X-Original-From,
   Resent-From, a forwarded message's From, addresses in the body; most telling first)
   are looked up in a dictionary keyed by full address and by domain, walking up parent
   domains (``emea.verizonbusiness.com`` -> ``verizonbusiness.com``). The first address
   that some parser claims decides.
2. Several parsers on one sender: those whose subject patterns match win; then each
   one's own ``claims`` check; still more than one is an ``AmbiguousParsers`` error.
3. A notice with a BCOP (X-MAINTNOTE) calendar whose sender's parser does not read
   calendars, or whose sender nobody claims, goes to the calendar parser.
4. No sender matched: parsers that declared only subject patterns, searched as one
   combined expression.
5. Nothing claimed it: the one parser that ``claims_unclaimed`` (the built-in generic
   parser), so an unknown carrier's notice is read for review rather than dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .exceptions import AmbiguousParsers, NoParserFound
from .message import DecodedNotice
from .parser import Parser
from .plugins import trace
from .toolkit.ical import has_bcop_calendar


def _keys(address: str) -> list[str]:
    """Lookup keys of an address, most specific first: the address, its domain, parents."""
    keys = [address]
    domain = address.rpartition("@")[2]
    labels = domain.split(".")
    keys.extend(".".join(labels[i:]) for i in range(len(labels) - 1))
    return keys


@dataclass(frozen=True)
class Overlap:
    """Two parsers that claim the same mail and nothing tells apart."""

    key: str
    first: Parser
    second: Parser

    def __str__(self) -> str:
        return (
            f"{self.first.name} ({self.first.label}) and {self.second.name} ({self.second.label}) "
            f"both claim {self.key} with nothing to tell them apart (no subject pattern, no claims check)"
        )


class Router:
    def __init__(self, parsers: dict[str, Parser]) -> None:
        self.by_sender: dict[str, list[Parser]] = defaultdict(list)
        self.calendar_parser: Parser | None = None
        self.unclaimed_parser: Parser | None = None
        subject_only: list[Parser] = []
        for parser in parsers.values():
            for sender in parser.senders:
                self.by_sender[sender.strip().lower().lstrip("@")].append(parser)
            if parser.subjects and not parser.senders:
                subject_only.append(parser)
            if parser.claims_any_calendar:
                self.calendar_parser = parser
            if parser.claims_unclaimed:
                self.unclaimed_parser = parser
        self.by_sender = dict(self.by_sender)
        self._subject_parsers = subject_only
        self._subject_re = (
            re.compile(
                "|".join(
                    f"(?P<_mnp_{i}>{'|'.join(f'(?:{s})' for s in p.subjects)})"
                    for i, p in enumerate(subject_only)
                ),
                re.IGNORECASE,
            )
            if subject_only
            else None
        )

    def overlaps(self) -> list[Overlap]:
        """Pairs of parsers on one sender key that neither a subject pattern nor an own
        ``claims`` check separates."""
        found = []
        for key, parsers in sorted(self.by_sender.items()):
            plain = [p for p in parsers if not p.subjects and type(p).claims is Parser.claims]
            for first, second in zip(plain, plain[1:]):
                found.append(Overlap(key, first, second))
        return found

    def _candidates(self, notice: DecodedNotice) -> tuple[str, list[Parser]] | None:
        for address in notice.iter_routing_addresses():
            for key in _keys(address):
                parsers = self.by_sender.get(key)
                if parsers:
                    return address, parsers
        return None

    def _disambiguate(self, notice: DecodedNotice, address: str, parsers: list[Parser]) -> Parser | None:
        if len(parsers) == 1:
            return parsers[0]
        by_subject = [p for p in parsers if p.subjects and p.matches_subject(notice.subject)]
        pool = by_subject or [p for p in parsers if not p.subjects]
        if len(pool) > 1:
            pool = [p for p in pool if p.claims(notice)]
        if len(pool) > 1:
            raise AmbiguousParsers(
                f"expected one parser for {address}, found {len(pool)}: "
                + ", ".join(f"{p.name} ({p.label})" for p in pool),
                where=f"subject {notice.subject!r}",
            )
        return pool[0] if pool else None

    def route(self, notice: DecodedNotice) -> Parser:
        found = self._candidates(notice)
        chosen = self._disambiguate(notice, *found) if found else None
        if chosen is not None:
            if not chosen.reads_calendar and self.calendar_parser and has_bcop_calendar(notice.calendars):
                trace(f"{found[0]} -> {chosen.name}, but a BCOP calendar is present: {self.calendar_parser.name}")
                return self.calendar_parser
            trace(f"{found[0]} -> {chosen.name}")
            return chosen
        if self.calendar_parser is not None and has_bcop_calendar(notice.calendars):
            trace(f"no sender matched; BCOP calendar -> {self.calendar_parser.name}")
            return self.calendar_parser
        if self._subject_re is not None:
            match = self._subject_re.search(notice.subject)
            if match:
                index = next(int(k[5:]) for k, v in match.groupdict().items() if v is not None and k.startswith("_mnp_"))
                parser = self._subject_parsers[index]
                trace(f"subject {notice.subject!r} -> {parser.name}")
                return parser
        if self.unclaimed_parser is not None:
            trace(f"nothing claims {notice.sender or 'a notice without sender'}: {self.unclaimed_parser.name}")
            return self.unclaimed_parser
        tried = ", ".join(notice.routing_addresses[:5]) or "no address"
        raise NoParserFound(
            "expected a sender, subject or BCOP calendar some installed parser claims, "
            f"found senders [{tried}]",
            where=f"subject {notice.subject!r}",
        )
