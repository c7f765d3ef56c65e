"""Notices of unknown carriers: read by the generic parser, held for review when unsure."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from mnp_pipeline.ingest.base import Outcome, Ticket
from mnp_pipeline.processing import Pipeline
from mnp_pipeline.storage.models import Maintenance, MaintForecastEventRow, Notification, NotificationState

# No reference anywhere: the generic parser makes one up, so it is not sure (0.70).
UNSURE = (
    b"From: NOC <noc@unknown-carrier.example>\r\nTo: ops@customer.example\r\n"
    b"Date: Mon, 03 Mar 2030 10:00:00 +0000\r\nSubject: Planned works\r\n\r\n"
    b"Dear customer,\r\nwe will work on our network.\r\n"
    b"Start: 2030-03-10 02:00 UTC\r\nEnd: 2030-03-10 04:00 UTC\r\nCircuit ID: UC-12345\r\n"
)
# Labelled reference, zone stated, circuit named: sure enough (0.95).
SURE = UNSURE.replace(b"Circuit ID:", b"Ticket Number: CHG-778899\r\nCircuit ID:")


def _run(db, raw: bytes, **options) -> tuple:
    pipeline = Pipeline(db.sessions, **options)
    notification_id, _ = pipeline.receive(Ticket("test", "T-1", raw))
    result = pipeline.process_next(notification_id)
    with db.sessions() as session:
        rows = list(session.scalars(select(MaintForecastEventRow)))
        notification = session.get(Notification, notification_id)
        maintenance = session.scalars(select(Maintenance)).one()
        return result, rows, notification, maintenance


def test_unsure_read_is_stored_tentative_and_labelled_for_review(db):
    result, rows, notification, maintenance = _run(db, UNSURE)
    assert result.outcome is Outcome.NEEDS_REVIEW
    assert "confidence 0.70" in result.comment and "UC-12345" in result.comment
    assert "2030-03-10 02:00-2030-03-10 04:00 UTC" in result.comment
    assert notification.state == NotificationState.NEEDS_REVIEW
    assert notification.outcome == "MaintNeedsReview"
    assert notification.provider == "unknown:unknown-carrier.example"
    [row] = rows
    assert row.status == "TENTATIVE" and maintenance.status == "TENTATIVE"
    assert row.parsed_vendor_circuit_id == "UC-12345"
    assert row.begin_window == datetime(2030, 3, 10, 2, tzinfo=UTC)
    assert row.confidence == 0.7 and "Start: 2030-03-10 02:00 UTC" in row.evidence


def test_threshold_is_settable(db):
    result, [row], notification, _ = _run(db, UNSURE, review_below=0.5)
    assert result.outcome is Outcome.SUCCESS
    assert notification.state == NotificationState.DONE
    assert row.status == "CONFIRMED" and row.confidence == 0.7


def test_sure_read_is_not_held(db):
    result, [row], _, maintenance = _run(db, SURE)
    assert result.outcome is Outcome.SUCCESS
    assert row.maintenance_id == maintenance.maintenance_id == "CHG-778899"
    assert row.confidence == 0.95


def test_same_email_again_is_a_duplicate_of_the_reviewed_one(db):
    pipeline = Pipeline(db.sessions)
    first, _ = pipeline.receive(Ticket("test", "T-1", UNSURE))
    assert pipeline.process_next(first).outcome is Outcome.NEEDS_REVIEW
    second, _ = pipeline.receive(Ticket("test", "T-2", UNSURE))
    assert pipeline.process_next(second).outcome is Outcome.SUCCESS  # duplicate: nothing written twice
    with db.sessions() as session:
        assert len(list(session.scalars(select(MaintForecastEventRow)))) == 1
