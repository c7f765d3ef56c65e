"""Prometheus ``/metrics``: what the database says now, and what this process did.

The gauges are read from the database at each scrape by a collector (so they are right
whichever process changed the rows and need no bookkeeping): notifications by state and
by outcome, maintenances by status, circuits in a maintenance window now, open outages.
Beside them: the parse-latency histogram of ``mnp_pipeline.metrics`` (parses this process
made, e.g. through the reprocess endpoint) and webhook deliveries by result. Reading it
needs a read token unless ``[service] public_read`` is true.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, ProcessCollector, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..metrics import PARSE_SECONDS
from ..storage.models import (
    Circuit,
    CircuitOutageEvent,
    Maintenance,
    MaintForecastEventRow,
    Notification,
    NotificationState,
    utcnow,
)
from .auth import ReadAccess

router = APIRouter(tags=["metrics"])

WEBHOOK_DELIVERIES = Counter(
    "mnp_webhook_deliveries",
    "Helpdesk webhook requests by result (queued, already-stored, unsigned, bad-signature, stale, replay, ...)",
    ["result"],
)
#: Statuses under which a window in progress is not work going on (a RE-SCHEDULED event
#: carries the new window, so it is).
_NOT_UNDER_WAY = ("CANCELLED", "COMPLETED")


class DatabaseCollector(Collector):
    """Gauges computed from the database when Prometheus scrapes."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def describe(self) -> list[Metric]:
        # Nothing to describe up front: registering must not query the database.
        return []

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("mnp_database_up", "1 when the database answered this scrape, else 0")
        try:
            metrics = self._read()
        except SQLAlchemyError:
            # A scrape that fails whole hides every other series; say it here instead.
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from metrics

    def _read(self) -> list[Metric]:
        now = utcnow()
        with self.sessions() as session:
            by_state = dict(session.execute(select(Notification.state, func.count()).group_by(Notification.state)).all())
            by_outcome = session.execute(
                select(Notification.outcome, func.count())
                .where(Notification.outcome.is_not(None))
                .group_by(Notification.outcome)
            ).all()
            by_status = session.execute(select(Maintenance.status, func.count()).group_by(Maintenance.status)).all()
            e = MaintForecastEventRow
            in_maintenance = session.scalar(
                select(func.count(func.distinct(e.internal_circuit_id))).where(
                    e.current.is_(True),
                    e.internal_circuit_id.is_not(None),
                    e.begin_window <= now,
                    e.end_window > now,
                    e.status.not_in(_NOT_UNDER_WAY),
                )
            )
            open_outages = session.scalar(
                select(func.count()).select_from(CircuitOutageEvent).where(CircuitOutageEvent.end_outage.is_(None))
            )
            circuits = session.scalar(select(func.count()).select_from(Circuit))
        states = GaugeMetricFamily("mnp_notifications", "Stored notifications by state", labels=["state"])
        for state in NotificationState:  # every state, zeros too: an alert on failed > 0 needs the series
            states.add_metric([state.value], by_state.get(state.value, 0))
        outcomes = GaugeMetricFamily(
            "mnp_notifications_by_outcome", "Processed notifications by the label their ticket got", labels=["outcome"]
        )
        for outcome, count in by_outcome:
            outcomes.add_metric([outcome], count)
        statuses = GaugeMetricFamily("mnp_maintenances", "Maintenances by their status now", labels=["status"])
        for maintenance_status, count in by_status:
            statuses.add_metric([maintenance_status], count)
        return [
            states,
            outcomes,
            statuses,
            GaugeMetricFamily(
                "mnp_circuits_in_maintenance",
                "Circuits inside an announced maintenance window now (not cancelled or completed)",
                value=in_maintenance or 0,
            ),
            GaugeMetricFamily("mnp_outages_open", "Circuit outages that have begun and not ended", value=open_outages or 0),
            GaugeMetricFamily("mnp_circuits", "Circuits in the inventory", value=circuits or 0),
        ]


def registry_for(sessions: sessionmaker[Session]) -> CollectorRegistry:
    """This application's metrics: its database's gauges and the process-wide ones."""
    registry = CollectorRegistry()
    registry.register(DatabaseCollector(sessions))
    registry.register(PARSE_SECONDS)
    registry.register(WEBHOOK_DELIVERIES)
    ProcessCollector(registry=registry)
    return registry


@router.get(
    "/metrics",
    response_class=Response,
    summary="Prometheus metrics",
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "the Prometheus text format"}},
)
def metrics(request: Request, _: ReadAccess) -> Response:
    # One registry per application: each app reads its own database.
    registry = getattr(request.app.state, "metrics_registry", None)
    if registry is None:
        registry = request.app.state.metrics_registry = registry_for(request.app.state.sessions)
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
