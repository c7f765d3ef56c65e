"""A maintenance's history: later notices supersede earlier ones, never the reverse.

Events of one provider and maintenanceId form one :class:`Maintenance`. Notices are
ordered by (highest SEQUENCE among their events for that maintenance, then the notice's
stamp, then when mnp received it). A notice that orders after the current one
supersedes it: the earlier events stay in the table, marked ``current = False`` with the
superseding notice recorded, and the new events become current. A notice that orders
before the current one (an old reminder delivered late) is kept as history only, never
current.

A later notice that names no circuit (some cancellations and completions) applies to
the circuits the maintenance had: its events are repeated for each of them, so every
circuit's page still shows the maintenance, now cancelled. The same holds when the notices
arrive the other way round: an older notice naming circuits, arriving after a newer one
that names none, gives the newer one's events those circuits.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import mnp_core

from .matching import CircuitMatcher
from .storage.models import Maintenance, MaintForecastEventRow, Notification, utcnow


def _order_key(sequence: int, stamp: datetime | None, received: datetime) -> tuple:
    return (sequence, stamp or received, received)


def apply_notice(
    session: Session, notification: Notification, message: mnp_core.MaintMessageObj, matcher: CircuitMatcher
) -> tuple[int, int]:
    """Write the notice's events; return (events written, events matched to a circuit)."""
    groups: dict[tuple[str, str], list[mnp_core.MaintForecastEvent]] = defaultdict(list)
    for event in message.events:
        groups[(event.provider, event.maintenance_id)].append(event)
    written = matched = 0
    # In key order: two workers whose notices share maintenances then lock them in the
    # same order, so they wait for each other instead of deadlocking.
    for (provider, maintenance_id), events in sorted(groups.items()):
        sequence = max(e.sequence for e in events)
        mine = _order_key(sequence, notification.stamp, notification.received_at)
        maintenance, created = _maintenance_for_update(session, provider, maintenance_id, events[0], sequence, notification)
        current = True
        previous: list[MaintForecastEventRow] = []
        if not created:
            holder = session.get(Notification, maintenance.current_notification_id)
            theirs = _order_key(maintenance.sequence, maintenance.stamp, holder.received_at if holder else utcnow())
            current = mine > theirs
            if current:
                previous = list(
                    session.scalars(
                        select(MaintForecastEventRow).where(
                            MaintForecastEventRow.maintenance_pk == maintenance.maintenance_pk,
                            MaintForecastEventRow.current.is_(True),
                        )
                    )
                )
                session.execute(
                    update(MaintForecastEventRow)
                    .where(
                        MaintForecastEventRow.maintenance_pk == maintenance.maintenance_pk,
                        MaintForecastEventRow.current.is_(True),
                    )
                    .values(current=False, superseded_by=notification.notification_id)
                )
                maintenance.status = events[0].status.value
                maintenance.sequence = sequence
                maintenance.stamp = notification.stamp
                maintenance.current_notification_id = notification.notification_id
                maintenance.updated_at = utcnow()
        replaces = next((e.replaces_maintenance_id for e in events if e.replaces_maintenance_id), None)
        if replaces and current:
            maintenance.replaces_maintenance_id = replaces
        rows = _rows_for(events, previous if current else [], matcher)
        if not current:
            _adopt_circuits(session, maintenance, rows)
        for event, circuit_id in rows:
            session.add(
                MaintForecastEventRow.from_model(
                    event,
                    maintenance_pk=maintenance.maintenance_pk,
                    notification_id=notification.notification_id,
                    notification_helpdesk_ticket_id=notification.ticket_id,
                    internal_circuit_id=circuit_id,
                    current=current,
                    superseded_by=None if current else maintenance.current_notification_id,
                    stamp=notification.stamp,
                )
            )
            written += 1
            matched += circuit_id is not None
    return written, matched


def _maintenance_for_update(
    session: Session,
    provider: str,
    maintenance_id: str,
    first: mnp_core.MaintForecastEvent,
    sequence: int,
    notification: Notification,
) -> tuple[Maintenance, bool]:
    """The maintenance row, locked; created when new. (row, created)

    Two workers may meet the first two notices of one maintenance at once: the insert runs
    in a savepoint, and the one that loses the race reads the winner's row instead.
    """
    query = (
        select(Maintenance)
        .where(Maintenance.provider == provider, Maintenance.maintenance_id == maintenance_id)
        .with_for_update()
    )
    found = session.scalars(query).one_or_none()
    if found is not None:
        return found, False
    created = Maintenance(
        maintenance_pk=uuid.uuid4(),  # known now, so the events need no flush to refer to it
        provider=provider,
        maintenance_id=maintenance_id,
        status=first.status.value,
        sequence=sequence,
        stamp=notification.stamp,
        current_notification_id=notification.notification_id,
    )
    if session.bind.dialect.name == "sqlite":
        # SQLite serialises writers (BEGIN IMMEDIATE): no other worker can race this insert.
        session.add(created)
        session.flush()  # before its events: the foreign key wants it first
        return created, True
    try:
        with session.begin_nested():
            session.add(created)
    except IntegrityError:
        return session.scalars(query).one(), False
    return created, True


def _adopt_circuits(
    session: Session, maintenance: Maintenance, named: list[tuple[mnp_core.MaintForecastEvent, uuid.UUID | None]]
) -> None:
    """An older notice arriving late names circuits the current one leaves out.

    When the current notice named no circuit (a cancellation sent before its announcement
    reached us), its events are repeated for the circuits the late notice names, exactly
    as if the notices had arrived in order; the circuit-less rows step aside.
    """
    circuits = {(e.parsed_vendor_circuit_id, c) for e, c in named if e.parsed_vendor_circuit_id}
    if not circuits:
        return
    current_rows = list(
        session.scalars(
            select(MaintForecastEventRow).where(
                MaintForecastEventRow.maintenance_pk == maintenance.maintenance_pk,
                MaintForecastEventRow.current.is_(True),
            )
        )
    )
    known = {r.parsed_vendor_circuit_id for r in current_rows if r.parsed_vendor_circuit_id}
    for row in current_rows:
        if row.parsed_vendor_circuit_id is not None:
            continue
        for parsed, circuit_id in sorted(circuits, key=lambda c: c[0]):
            if parsed in known:
                continue
            session.add(
                MaintForecastEventRow.from_model(
                    row.to_model().model_copy(update={"parsed_vendor_circuit_id": parsed}),
                    maintenance_pk=row.maintenance_pk,
                    notification_id=row.notification_id,
                    notification_helpdesk_ticket_id=row.notification_helpdesk_ticket_id,
                    internal_circuit_id=circuit_id,
                    current=True,
                    stamp=row.stamp,
                )
            )
        row.current = False
        row.superseded_by = row.notification_id


def _rows_for(
    events: list[mnp_core.MaintForecastEvent], previous: list[MaintForecastEventRow], matcher: CircuitMatcher
) -> list[tuple[mnp_core.MaintForecastEvent, uuid.UUID | None]]:
    rows = []
    carried = {(r.parsed_vendor_circuit_id, r.internal_circuit_id) for r in previous if r.parsed_vendor_circuit_id}
    for event in events:
        if event.parsed_vendor_circuit_id is None and carried:
            for parsed, circuit_id in sorted(carried, key=lambda c: c[0] or ""):
                rows.append((event.model_copy(update={"parsed_vendor_circuit_id": parsed}), circuit_id))
        else:
            rows.append((event, matcher.match(event.provider, event.parsed_vendor_circuit_id)))
    return rows
