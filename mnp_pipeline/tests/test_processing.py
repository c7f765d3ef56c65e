"""The seed's ingest sequence, every branch, and the maintenance lifecycle, on both databases."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from notices import bcop_notice, fiber_notice, ticket
from sqlalchemy import func, select

from mnp_pipeline.ingest.base import Outcome
from mnp_pipeline.inventory import import_file
from mnp_pipeline.processing import Pipeline
from mnp_pipeline.storage.models import (
    Circuit,
    Maintenance,
    MaintForecastEventRow,
    Notification,
    NotificationState,
)

SEED = Path(__file__).resolve().parents[2] / "test_emails" / "fiberprovider.com.txt"


def t(day: int, hour: int = 0) -> datetime:
    return datetime(2030, 1, day, hour, tzinfo=UTC)


@pytest.fixture
def inventory(db, tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text(
        "vendors:\n  - {name: fiberprovider, display_name: Fiber Provider}\n"
        "  - {name: calendar-carrier}\n"
        "circuits:\n"
        "  - {name: WAN-1, vendor: fiberprovider, vendor_circuit_id: IC-99999, turnup_date: 2024-01-15}\n"
        "  - {name: WAN-2, vendor: fiberprovider, vendor_circuit_id: 'eon 1234567/2 FRO2006765432'}\n"
        "  - {name: CAL-1, vendor: calendar-carrier, vendor_circuit_id: C-1}\n"
        "  - {name: CAL-2, vendor: calendar-carrier, vendor_circuit_id: C-2}\n"
    )
    with db.sessions() as session, session.begin():
        import_file(session, path)
    return db


def events(db, *, current: bool | None = True) -> list[MaintForecastEventRow]:
    with db.sessions() as session:
        query = select(MaintForecastEventRow).order_by(MaintForecastEventRow.begin_window)
        if current is not None:
            query = query.where(MaintForecastEventRow.current.is_(current))
        return list(session.scalars(query))


def process(db, *items) -> list:
    pipeline = Pipeline(db.sessions)
    for item in items:
        pipeline.receive(item)
    return pipeline.process_pending()


def test_circuit_found_branch(inventory):
    [result] = process(inventory, ticket("1", SEED.read_bytes()))
    assert result.outcome is Outcome.SUCCESS and (result.events, result.matched) == (1, 1)
    [row] = events(inventory)
    with inventory.sessions() as session:
        wan1 = session.scalars(select(Circuit).where(Circuit.name == "WAN-1")).one()
        maintenance = session.scalars(select(Maintenance)).one()
    assert row.internal_circuit_id == wan1.internal_circuit_id
    assert row.notification_helpdesk_ticket_id == "1"
    assert row.to_model().to_json_dict()["beginWindow"] == "2019-04-09T06:00:00Z"
    assert maintenance.replaces_maintenance_id == "PWIC45678"
    assert "1 matched to circuits, 0 unmatched" in result.comment


def test_circuit_not_found_branch_keeps_the_event(db):
    [result] = process(db, ticket("1", SEED.read_bytes()))
    assert result.outcome is Outcome.SUCCESS and (result.events, result.matched) == (1, 0)
    [row] = events(db)
    assert row.internal_circuit_id is None and row.parsed_vendor_circuit_id == "IC-99999"


def test_parse_exception_branch_keeps_the_email_whole(db):
    raw = b"From: someone@unknown.example\r\nSubject: hello\r\n\r\n" + b"x" * 3_000_000
    [result] = process(db, ticket("7", raw))
    assert result.outcome is Outcome.FAILED and result.comment.startswith("NoParserFound: ")
    with db.sessions() as session:
        note = session.scalars(select(Notification)).one()
    assert note.state == NotificationState.FAILED and note.error_type == "NoParserFound"
    assert note.raw == raw and note.sha256 == hashlib.sha256(raw).hexdigest()
    assert events(db, current=None) == []


def test_not_a_maintenance_is_ignored(db):
    raw = b"From: noc@fiberprovider.com\r\nSubject: Invoice\r\n\r\nYour invoice.\r\n"
    [result] = process(db, ticket("8", raw))
    assert result.outcome is Outcome.IGNORED


def test_containment_and_folding_match_circuits(inventory):
    raw = fiber_notice("PWIC1", "2030-Jan-02 01:00 UTC", "2030-Jan-02 03:00 UTC", "ic 99999, FRO2006765432", sent=t(1))
    process(inventory, ticket("1", raw))
    assert [r.internal_circuit_id is not None for r in events(inventory)] == [True, True]


def test_reschedule_supersedes_and_history_stays(inventory):
    first = fiber_notice("PWIC2", "2030-Jan-10 01:00 UTC", "2030-Jan-10 03:00 UTC", sent=t(1))
    moved = fiber_notice("PWIC2", "2030-Jan-12 01:00 UTC", "2030-Jan-12 03:00 UTC", sent=t(3), subject_prefix="Rescheduled: ")
    process(inventory, ticket("1", first), ticket("2", moved))
    [now] = events(inventory)
    assert now.begin_window == t(12, 1) and now.status == "RE-SCHEDULED"
    [old] = events(inventory, current=False)
    assert old.begin_window == t(10, 1) and old.superseded_by == now.notification_id


def test_cancellation_supersedes(inventory):
    planned = fiber_notice("PWIC3", "2030-Jan-10 01:00 UTC", "2030-Jan-10 03:00 UTC", sent=t(1))
    cancelled = fiber_notice("PWIC3", "2030-Jan-10 01:00 UTC", "2030-Jan-10 03:00 UTC", sent=t(2), subject_prefix="Cancelled: ")
    process(inventory, ticket("1", planned), ticket("2", cancelled))
    with inventory.sessions() as session:
        assert session.scalars(select(Maintenance.status)).one() == "CANCELLED"
    assert [r.status for r in events(inventory)] == ["CANCELLED"]


def test_older_notice_arriving_late_never_overwrites(inventory):
    newer = fiber_notice("PWIC4", "2030-Jan-12 01:00 UTC", "2030-Jan-12 03:00 UTC", sent=t(3), subject_prefix="Rescheduled: ")
    older = fiber_notice("PWIC4", "2030-Jan-10 01:00 UTC", "2030-Jan-10 03:00 UTC", sent=t(1))
    process(inventory, ticket("2", newer))
    process(inventory, ticket("1", older))
    [now] = events(inventory)
    assert now.begin_window == t(12, 1)
    [late] = events(inventory, current=False)
    assert late.begin_window == t(10, 1) and late.superseded_by == now.notification_id


def test_higher_sequence_wins_over_later_stamp(inventory):
    second = bcop_notice("CAL-9", "CONFIRMED", objects=["C-1"], sent=t(1), sequence=2)
    first = bcop_notice("CAL-9", "TENTATIVE", objects=["C-1"], sent=t(2), sequence=1)
    process(inventory, ticket("1", second), ticket("2", first))
    assert [r.status for r in events(inventory)] == ["CONFIRMED"]


def test_cancellation_naming_no_circuit_applies_to_the_maintenances_circuits(inventory):
    planned = bcop_notice("CAL-1", "CONFIRMED", objects=["C-1", "C-2"], sent=t(1))
    cancelled = bcop_notice("CAL-1", "CANCELLED", objects=[], sent=t(2))
    process(inventory, ticket("1", planned), ticket("2", cancelled))
    now = events(inventory)
    assert [(r.parsed_vendor_circuit_id, r.status) for r in now] == [("C-1", "CANCELLED"), ("C-2", "CANCELLED")]
    assert all(r.internal_circuit_id is not None for r in now)


def test_circuitless_cancellation_arriving_first_takes_the_circuits_of_the_late_announcement(inventory):
    planned = bcop_notice("CAL-2", "CONFIRMED", objects=["C-1", "C-2"], sent=t(1))
    cancelled = bcop_notice("CAL-2", "CANCELLED", objects=[], sent=t(2))
    process(inventory, ticket("2", cancelled))
    process(inventory, ticket("1", planned))
    now = events(inventory)
    assert [(r.parsed_vendor_circuit_id, r.status) for r in now] == [("C-1", "CANCELLED"), ("C-2", "CANCELLED")]
    assert all(r.internal_circuit_id is not None for r in now)
    with inventory.sessions() as session:
        assert session.scalars(select(Maintenance.status)).one() == "CANCELLED"


def test_duplicate_delivery_writes_nothing_new(inventory):
    raw = SEED.read_bytes()
    first, second = process(inventory, ticket("1", raw), ticket("2", raw))
    assert second.outcome is Outcome.SUCCESS and "the same email as test ticket 1" in second.comment
    assert len(events(inventory, current=None)) == 1
    with inventory.sessions() as session:
        states = sorted(session.scalars(select(Notification.state)))
    assert states == [NotificationState.DONE, NotificationState.DUPLICATE]


def test_same_ticket_twice_is_stored_once(db):
    pipeline = Pipeline(db.sessions)
    first_id, new = pipeline.receive(ticket("1", SEED.read_bytes()))
    again_id, again_new = pipeline.receive(ticket("1", SEED.read_bytes()))
    assert new and not again_new and first_id == again_id
    pipeline.process_pending()
    assert pipeline.process_pending() == []
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == 1
    assert len(events(db, current=None)) == 1


def test_reprocess_after_failure(db):
    raw = b"From: someone@unknown.example\r\nSubject: hello\r\n\r\nnothing\r\n"
    pipeline = Pipeline(db.sessions)
    pipeline.receive(ticket("1", raw))
    pipeline.receive(ticket("2", SEED.read_bytes()))
    pipeline.process_pending()
    [again] = pipeline.reprocess()
    assert again.outcome is Outcome.FAILED
    with db.sessions() as session:
        note = session.scalars(select(Notification).where(Notification.ticket_id == "1")).one()
    assert note.attempts == 2
    assert len(events(db, current=None)) == 1  # the successful one was not touched
