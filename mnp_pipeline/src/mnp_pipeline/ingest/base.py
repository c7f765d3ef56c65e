"""The interface every notice source implements.

A source hands out tickets that have not been labelled yet, each with the original email
exactly as received, and afterwards labels each ticket with the outcome of its parse and
a comment saying what was parsed or why it failed. Labelling is what makes a source's
``fetch_new`` skip the ticket next time, so a second run over the same helpdesk finds
nothing new; the pipeline's own database dedupes too, so a ticket fetched twice (a crash
between storing and labelling) is still processed once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable


class Outcome(StrEnum):
    """The label a ticket gets, as in the seed's ingest sequence diagram."""

    SUCCESS = "MaintParseSuccess"
    FAILED = "MaintParseException"
    IGNORED = "MaintIgnored"
    NEEDS_REVIEW = "MaintNeedsReview"
    """Parsed by a parser that guessed the layout (an unknown carrier), not sure enough:
    the events are stored TENTATIVE until someone checks them."""


@dataclass(frozen=True)
class Ticket:
    """One notice as the helpdesk holds it."""

    source: str
    """The source's name, e.g. ``rt``, ``imap``, ``dir``."""
    ticket_id: str
    """Unique within the source: an RT ticket number, an IMAP UID with its UIDVALIDITY, a path."""
    raw: bytes = field(repr=False)
    """The original email, whole, as received."""


class IngestError(Exception):
    """A source could not be reached or answered something unexpected; says which and what."""


@runtime_checkable
class HelpdeskSource(Protocol):
    name: str

    def fetch_new(self) -> Iterator[Ticket]:
        """Tickets not yet labelled, oldest first, each with its original email."""
        ...

    def label(self, ticket: Ticket, outcome: Outcome, comment: str) -> None:
        """Mark the ticket with the outcome and add ``comment`` to it."""
        ...
