"""The operator service under test: an app on each test database, tokens of each kind,
and a small world of circuits, notices, outages and SLA periods to read back.

Fixtures are imported by the ``test_service_*`` modules that use them.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from notices import bcop_notice, fiber_notice, ticket
from sqlalchemy import select
from starlette.routing import BaseRoute, Route

from mnp_pipeline.inventory import import_file
from mnp_pipeline.processing import Pipeline
from mnp_pipeline.service import create_app
from mnp_pipeline.service.auth import create_token
from mnp_pipeline.storage.models import Circuit, CircuitOutageEvent, Sla, SlaPerformanceMeasurement

with warnings.catch_warnings():
    # This starlette asks for the httpx2 package, which the project does not install; its
    # test client still works on httpx, and the suite turns warnings into errors.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

WEBHOOK_SECRET = "webhook-test-secret"
INVENTORY = (
    "vendors:\n  - {name: fiberprovider, display_name: Fiber Provider}\n"
    "  - {name: calendar-carrier}\n"
    "circuits:\n"
    "  - {name: WAN-1, vendor: fiberprovider, vendor_circuit_id: IC-99999, turnup_date: 2024-01-15}\n"
    "  - {name: WAN-2, vendor: fiberprovider, vendor_circuit_id: 'eon 1234567/2 FRO2006765432'}\n"
    "  - {name: CAL-1, vendor: calendar-carrier, vendor_circuit_id: C-1}\n"
    "  - {name: CAL-2, vendor: calendar-carrier, vendor_circuit_id: C-2}\n"
)


def t(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2030, month, day, hour, minute, tzinfo=UTC)


def fiber_time(moment: datetime) -> str:
    return f"{moment:%Y-%b-%d %H:%M} UTC"


@dataclass
class Service:
    db: object
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def auth(self, kind: str = "read") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[kind]}"}

    def get(self, path: str, kind: str = "read", **params) -> dict:
        response = self.client.get(path, headers=self.auth(kind), params=params)
        assert response.status_code == 200, response.text
        return response.json()


def app_routes(routes: Iterable[BaseRoute], prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    """(path, methods) of every route of an app, however deep its routers are included."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:  # this FastAPI keeps an included router whole, behind a wrapper
            yield from app_routes(included.routes, prefix + route.include_context.prefix)
        elif isinstance(route, Route):
            yield prefix + route.path, set(route.methods or ())


def make_tokens(sessions) -> dict[str, str]:
    tokens = {}
    with sessions() as session, session.begin():
        for name, scope in (("admin", "admin"), ("read", "read"), ("revoked", "read")):
            token, tokens[name] = create_token(session, f"{name}-token", scope)
            token.revoked = name == "revoked"
    return tokens


def populate(db, tmp_path: Path, now: datetime) -> None:
    """Circuits, notices in every state, a rescheduled and a cancelled maintenance, one
    window going on now, outages (one open) and an SLA period."""
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(INVENTORY)
    with db.sessions() as session, session.begin():
        import_file(session, inventory)
    hour = now.replace(minute=0, second=0, microsecond=0)
    notices = [
        ticket("1", fiber_notice("PWIC1", "2030-Jan-10 01:00 UTC", "2030-Jan-10 03:00 UTC", sent=t(1, 1))),
        ticket("2", fiber_notice("PWIC1", "2030-Jan-12 01:00 UTC", "2030-Jan-12 03:00 UTC", sent=t(1, 3),
                                 subject_prefix="Rescheduled: ")),
        ticket("3", fiber_notice("PWIC2", fiber_time(hour - timedelta(hours=1)), fiber_time(hour + timedelta(hours=3)),
                                 "IC-99999, FRO2006765432", sent=hour - timedelta(days=2))),
        ticket("4", bcop_notice("MNT-7", "CONFIRMED", objects=["C-1", "C-2"], sent=t(1, 1))),
        ticket("5", bcop_notice("MNT-7", "CANCELLED", objects=["C-1", "C-2"], sent=t(1, 2), sequence=2)),
        ticket("6", b"From: someone@unknown.example\r\nSubject: hello\r\n\r\nnothing here\r\n"),
        ticket("7", b"From: noc@fiberprovider.com\r\nSubject: Invoice\r\n\r\nYour invoice.\r\n"),
        ticket("8", fiber_notice("PWIC9", "2030-Feb-01 01:00 UTC", "2030-Feb-01 02:00 UTC", "ZZ-1", sent=t(1, 5))),
    ]
    pipeline = Pipeline(db.sessions)
    for item in notices:
        pipeline.receive(item)
    pipeline.process_pending()
    with db.sessions() as session, session.begin():
        circuits = {c.name: c for c in session.scalars(select(Circuit))}
        gold = Sla(name="gold", promised_uptime_pct=99.9)
        session.add(gold)
        session.flush()
        session.add_all([
            CircuitOutageEvent(internal_circuit_id=circuits["WAN-1"].internal_circuit_id,
                               begin_outage=t(1, 12, 1, 30), end_outage=t(1, 12, 2)),
            CircuitOutageEvent(internal_circuit_id=circuits["CAL-1"].internal_circuit_id,
                               begin_outage=now - timedelta(minutes=10), provisional=True),
            SlaPerformanceMeasurement(
                internal_circuit_id=circuits["WAN-1"].internal_circuit_id, sla_id=gold.sla_id,
                period_start=t(1, 1), period_end=t(2, 1), outage_seconds=5400, counted_seconds=5400,
                period_seconds=2678400, denominator_seconds=2678400, availability_pct=99.798, breached=True,
                credit_pct=10.0, claim_deadline=t(3, 1), outage_count=1, longest_outage_seconds=5400,
            ),
        ])


def build(db, tmp_path: Path, *, settings: dict | None = None, populated: bool = True) -> Service:
    now = datetime.now(UTC)
    if populated:
        populate(db, tmp_path, now)
    app = create_app(db.sessions, settings={"webhook_secret": WEBHOOK_SECRET, **(settings or {})})
    return Service(db, TestClient(app), make_tokens(db.sessions), now)


@pytest.fixture
def service(db, tmp_path) -> Service:
    """The app on a populated database (SQLite and PostgreSQL), with tokens of each kind."""
    built = build(db, tmp_path)
    with built.client:
        yield built


@pytest.fixture
def empty_service(db, tmp_path) -> Service:
    """The app on an empty database, with tokens of each kind."""
    built = build(db, tmp_path, populated=False)
    with built.client:
        yield built
