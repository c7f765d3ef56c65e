"""The seed's MNP Ingest sequence: store, parse, label, write events, match circuits.

Every received email is stored whole first (with its sha256 and ticket id), so nothing
is lost whatever happens next. Processing then claims pending notifications one at a
time inside a transaction: on PostgreSQL with ``FOR UPDATE SKIP LOCKED`` so several
workers share the queue without taking the same row, and the parse result, the events
and the new state commit together. A worker killed mid-way leaves its row pending and
unlocked for the next one: nothing is processed twice, nothing is lost.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

import mnp_core

from .ingest.base import HelpdeskSource, Outcome, Ticket
from .lifecycle import apply_notice
from .matching import CircuitMatcher
from .metrics import PARSE_SECONDS
from .storage.models import Notification, NotificationState, utcnow

# deadlock_detected, serialization_failure
_RETRYABLE = {"40P01", "40001"}

_OUTCOME_OF_STATE = {
    NotificationState.DONE: Outcome.SUCCESS,
    NotificationState.DUPLICATE: Outcome.SUCCESS,
    NotificationState.FAILED: Outcome.FAILED,
    NotificationState.IGNORED: Outcome.IGNORED,
    NotificationState.NEEDS_REVIEW: Outcome.NEEDS_REVIEW,
}
#: Events a parser is less sure of than this (``MaintForecastEvent.confidence``) are
#: stored TENTATIVE and their ticket labelled MaintNeedsReview.
REVIEW_BELOW = 0.8


@dataclass
class ProcessResult:
    notification_id: uuid.UUID
    ticket_id: str
    outcome: Outcome
    comment: str
    events: int = 0
    matched: int = 0


@dataclass
class IngestReport:
    fetched: int = 0
    new: int = 0
    results: list[ProcessResult] = field(default_factory=list)
    labelled: int = 0

    def summary(self) -> str:
        by_outcome: dict[str, int] = {}
        for result in self.results:
            by_outcome[result.outcome.value] = by_outcome.get(result.outcome.value, 0) + 1
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(by_outcome.items())) or "nothing to process"
        return f"fetched {self.fetched} ({self.new} new); {outcomes}; labelled {self.labelled}"


def default_worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Pipeline:
    def __init__(
        self, sessions: sessionmaker[Session], *, worker: str | None = None, review_below: float = REVIEW_BELOW
    ) -> None:
        self.sessions = sessions
        self.worker = worker or default_worker_name()
        self.review_below = review_below

    # -- store -----------------------------------------------------------------------

    def receive(self, ticket: Ticket) -> tuple[uuid.UUID, bool]:
        """Store the ticket's email unless this ticket is already stored: (id, is new)."""
        with self.sessions() as session:
            existing = session.scalars(
                select(Notification.notification_id).where(
                    Notification.source == ticket.source, Notification.ticket_id == ticket.ticket_id
                )
            ).first()
            if existing is not None:
                return existing, False
            notification = Notification(
                source=ticket.source,
                ticket_id=ticket.ticket_id,
                raw=ticket.raw,
                sha256=hashlib.sha256(ticket.raw).hexdigest(),
            )
            session.add(notification)
            try:
                session.commit()
            except IntegrityError:  # another worker stored the same ticket first
                session.rollback()
                return self.receive(ticket)[0], False
            return notification.notification_id, True

    # -- process ---------------------------------------------------------------------

    def _claim(self, session: Session, notification_id: uuid.UUID | None) -> Notification | None:
        query = select(Notification).where(Notification.state == NotificationState.PENDING)
        if notification_id is not None:
            query = query.where(Notification.notification_id == notification_id)
        query = query.order_by(Notification.received_at).limit(1)
        if session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return session.scalars(query).first()

    def process_next(self, notification_id: uuid.UUID | None = None) -> ProcessResult | None:
        """Claim one pending notification (that one, if given) and process it."""
        with self.sessions() as session, session.begin():
            notification = self._claim(session, notification_id)
            if notification is None:
                return None
            # Everything is written at commit; flushing before every query only repeats
            # the notification's UPDATE.
            with session.no_autoflush:
                return self._process(session, notification)

    def process_pending(self, limit: int | None = None, *, retries: int = 5) -> list[ProcessResult]:
        results = []
        conflicts = 0
        while limit is None or len(results) < limit:
            try:
                result = self.process_next()
            except OperationalError as exc:
                # PostgreSQL chose this transaction to break a lock conflict (deadlock or
                # serialisation failure): it rolled back whole, the notification is still
                # pending, and taking it again is the prescribed answer.
                conflicts += 1
                if getattr(exc.orig, "sqlstate", None) not in _RETRYABLE or conflicts > retries:
                    raise
                continue
            if result is None:
                break
            conflicts = 0
            results.append(result)
        return results

    def _process(self, session: Session, notification: Notification) -> ProcessResult:
        notification.attempts += 1
        notification.processed_at = utcnow()
        notification.processed_by = self.worker
        duplicate = session.scalars(
            select(Notification).where(
                Notification.sha256 == notification.sha256,
                Notification.notification_id != notification.notification_id,
                Notification.state.in_(
                    [NotificationState.DONE, NotificationState.IGNORED, NotificationState.NEEDS_REVIEW]
                ),
            )
        ).first()
        if duplicate is not None:
            notification.state = NotificationState.DUPLICATE
            notification.duplicate_of = duplicate.notification_id
            notification.outcome = Outcome.SUCCESS.value
            comment = f"the same email as {duplicate.source} ticket {duplicate.ticket_id}; nothing new written"
            return ProcessResult(notification.notification_id, notification.ticket_id, Outcome.SUCCESS, comment)
        started = time.perf_counter()
        try:
            message = mnp_core.parse_email(notification.raw)
        except mnp_core.NotAMaintenance as exc:
            PARSE_SECONDS.labels("ignored").observe(time.perf_counter() - started)
            return self._failed(notification, exc, NotificationState.IGNORED, Outcome.IGNORED)
        except mnp_core.MaintParseException as exc:
            PARSE_SECONDS.labels("failed").observe(time.perf_counter() - started)
            return self._failed(notification, exc, NotificationState.FAILED, Outcome.FAILED)
        PARSE_SECONDS.labels("parsed").observe(time.perf_counter() - started)
        notification.parser = message.parser
        notification.provider = message.provider
        notification.subject = message.subject
        notification.message_id = message.message_id
        notification.stamp = message.stamp
        notification.error = notification.error_type = None
        confidence = min((e.confidence for e in message.events if e.confidence is not None), default=None)
        if confidence is not None and confidence < self.review_below:
            return self._for_review(session, notification, message, confidence)
        written, matched = apply_notice(session, notification, message, CircuitMatcher(session))
        notification.state = NotificationState.DONE
        notification.outcome = Outcome.SUCCESS.value
        ids = sorted({e.maintenance_id for e in message.events})
        comment = (
            f"parsed by {message.parser}: {written} event(s) for maintenance {', '.join(ids)}; "
            f"{matched} matched to circuits, {written - matched} unmatched"
        )
        return ProcessResult(
            notification.notification_id, notification.ticket_id, Outcome.SUCCESS, comment, written, matched
        )

    def _for_review(
        self, session: Session, notification: Notification, message: mnp_core.MaintMessageObj, confidence: float
    ) -> ProcessResult:
        """A guessed read, not sure enough: its events are stored TENTATIVE, for review."""
        tentative = message.model_copy(
            update={"events": [e.model_copy(update={"status": mnp_core.Status.TENTATIVE}) for e in message.events]}
        )
        written, matched = apply_notice(session, notification, tentative, CircuitMatcher(session))
        notification.state = NotificationState.NEEDS_REVIEW
        notification.outcome = Outcome.NEEDS_REVIEW.value
        windows = sorted({(e.begin_window, e.end_window) for e in message.events})
        circuits = sorted({e.parsed_vendor_circuit_id for e in message.events if e.parsed_vendor_circuit_id})
        comment = (
            f"needs review: parsed by {message.parser} with confidence {confidence:.2f} (below "
            f"{self.review_below:.2f}); stored as TENTATIVE: maintenance "
            f"{', '.join(sorted({e.maintenance_id for e in message.events}))}, "
            f"{len(windows)} window(s) ({'; '.join(f'{b:%Y-%m-%d %H:%M}-{e:%Y-%m-%d %H:%M} UTC' for b, e in windows[:3])}), "
            f"circuits {', '.join(circuits[:10]) or 'none found'}; {written} event(s), {matched} matched to circuits"
        )
        return ProcessResult(
            notification.notification_id, notification.ticket_id, Outcome.NEEDS_REVIEW, comment, written, matched
        )

    @staticmethod
    def _failed(notification: Notification, exc: Exception, state: str, outcome: Outcome) -> ProcessResult:
        notification.state = state
        notification.outcome = outcome.value
        notification.error_type = type(exc).__name__
        notification.error = str(exc)
        comment = f"{type(exc).__name__}: {exc}"
        return ProcessResult(notification.notification_id, notification.ticket_id, outcome, comment)

    # -- the whole sequence ------------------------------------------------------------

    def ingest(self, source: HelpdeskSource) -> IngestReport:
        """Fetch what the source has not labelled, store it, process it, label it."""
        report = IngestReport()
        tickets: dict[uuid.UUID, Ticket] = {}
        for ticket in source.fetch_new():
            report.fetched += 1
            notification_id, new = self.receive(ticket)
            report.new += new
            tickets[notification_id] = ticket
        for notification_id, ticket in tickets.items():
            result = self.process_next(notification_id) or self._stored_result(notification_id)
            if result is None:  # another worker holds it now; it labels it
                continue
            report.results.append(result)
            source.label(ticket, result.outcome, result.comment)
            self._mark_labelled(notification_id)
            report.labelled += 1
        return report

    def _stored_result(self, notification_id: uuid.UUID) -> ProcessResult | None:
        """The outcome of a notification processed before (its label may not have stuck)."""
        with self.sessions() as session:
            notification = session.get(Notification, notification_id)
            if notification.state == NotificationState.PENDING:
                return None
            outcome = _OUTCOME_OF_STATE.get(NotificationState(notification.state), Outcome.FAILED)
            comment = notification.error or f"already processed ({notification.state})"
            return ProcessResult(notification_id, notification.ticket_id, outcome, comment)

    def _mark_labelled(self, notification_id: uuid.UUID) -> None:
        with self.sessions() as session, session.begin():
            session.get(Notification, notification_id).labelled = True

    def reprocess(self, notification_ids: Iterable[uuid.UUID] | None = None) -> list[ProcessResult]:
        """Run failed notifications (or the given ones) again, e.g. after a plugin upgrade."""
        with self.sessions() as session, session.begin():
            query = select(Notification)
            if notification_ids is None:
                query = query.where(Notification.state == NotificationState.FAILED)
            else:
                query = query.where(Notification.notification_id.in_(list(notification_ids)))
            targets = list(session.scalars(query))
            for notification in targets:
                if notification.state in (NotificationState.DONE, NotificationState.NEEDS_REVIEW):
                    continue  # its events stand; reprocessing would double them
                notification.state = NotificationState.PENDING
        return [r for r in (self.process_next(n.notification_id) for n in targets) if r is not None]
