"""The schema: migrations match the models, rows round-trip the pydantic model, times stay aware."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import mnp_core
from mnp_pipeline.storage.models import Base, MaintForecastEventRow, Notification


def test_migrations_create_exactly_the_models(db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_every_event_field_has_its_column():
    columns = set(MaintForecastEventRow.__table__.columns.keys())
    assert set(mnp_core.MaintForecastEvent.model_fields) <= columns


def test_event_row_round_trips_the_model(db):
    event = mnp_core.MaintForecastEvent(
        provider="zayo", maintenance_id="TTN-1", status="CONFIRMED", account="ACME", summary="splice",
        sequence=2, uid="u1", begin_window=datetime(2030, 1, 2, 3, tzinfo=UTC),
        end_window=datetime(2030, 1, 2, 5, tzinfo=UTC), impact_seconds=600, impact="OUTAGE",
        parsed_vendor_circuit_id="OGYX/1//ZYO", location="Paris", replaces_maintenance_id="TTN-0",
    )
    with db.sessions() as session, session.begin():
        note = Notification(source="t", ticket_id="1", raw=b"x", sha256="0" * 64)
        session.add(note)
        session.flush()
        from mnp_pipeline.storage.models import Maintenance

        maintenance = Maintenance(provider="zayo", maintenance_id="TTN-1", status="CONFIRMED",
                                  current_notification_id=note.notification_id)
        session.add(maintenance)
        session.flush()
        row = MaintForecastEventRow.from_model(event, maintenance_pk=maintenance.maintenance_pk,
                                               notification_id=note.notification_id,
                                               notification_helpdesk_ticket_id="1")
        session.add(row)
        session.flush()
        row_id = row.maint_forecast_event_id
    with db.sessions() as session:
        back = session.get(MaintForecastEventRow, row_id).to_model()
    assert back == event
    assert back.begin_window.tzinfo is not None


def test_times_are_stored_as_instants_and_naive_times_refused(db):
    paris = timezone(timedelta(hours=2))
    with db.sessions() as session, session.begin():
        note = Notification(source="t", ticket_id="1", raw=b"x", sha256="0" * 64,
                            stamp=datetime(2030, 6, 1, 12, tzinfo=paris))
        session.add(note)
    with db.sessions() as session:
        stamp = session.get(Notification, note.notification_id).stamp
    assert stamp == datetime(2030, 6, 1, 10, tzinfo=UTC) and stamp.utcoffset() == timedelta(0)
    with pytest.raises(Exception, match="naive"):
        with db.sessions() as session, session.begin():
            session.add(Notification(source="t", ticket_id="2", raw=b"x", sha256="0" * 64,
                                     stamp=datetime(2030, 6, 1, 12)))
