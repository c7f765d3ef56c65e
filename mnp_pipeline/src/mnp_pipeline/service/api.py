"""The REST API, version 1 (``/api/v1``): circuits, maintenances and their events,
notifications (the dead-letter queue too, with each raw email), outages, SLA measurements
and reports; one write, reprocessing a notification.

Lists are pages: ``limit`` (1..1000, default 100) and ``offset`` select the page, the body
carries ``total`` (all items the filters select) and ``next`` (the path and query of the
following page, null on the last). Time filters take RFC 3339 times with a zone; a range
selects what overlaps ``[since, until)``. Every read needs a read or admin token unless
``[service] public_read`` is true (see ``service.auth``).
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, status
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

import mnp_core

from ..processing import Pipeline
from ..sla.evaluator import PeriodSelector
from ..sla.reports import (
    Report,
    chart_for,
    credits_report,
    forecast_accuracy_report,
    sla_report,
    vendors_report,
)
from ..storage.models import (
    Circuit,
    CircuitOutageEvent,
    Maintenance,
    MaintForecastEventRow,
    Notification,
    NotificationState,
    ProtectionGroup,
    Sla,
    SlaPerformanceMeasurement,
    Vendor,
    utcnow,
)
from .auth import AdminAccess, ReadAccess
from .schemas import (
    CircuitOut,
    MaintenanceEvent,
    MaintenanceOut,
    MeasurementOut,
    NotificationOut,
    OutageOut,
    Page,
    ReportKind,
    ReportOut,
    ReprocessOut,
)

PREFIX = "/api/v1"
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Far beyond any real table, and inside every database's integer range.
MAX_OFFSET = 2**31 - 1

router = APIRouter(prefix=PREFIX, tags=["api"])

T = TypeVar("T")

# A name or id as a filter. PostgreSQL refuses NUL in text, so it is refused here, as an
# invalid parameter, rather than by the database as a server error.
_TEXT = r"^[^\x00]*$"
Text = Annotated[str | None, Query(max_length=300, pattern=_TEXT)]


def _session(request: Request) -> Session:
    return request.app.state.sessions()


# -- parameters shared by the lists ----------------------------------------------------


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items skipped")] = 0,
) -> Paging:
    return Paging(limit, offset)


def _aware(value: datetime | None, name: str) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        # A time without a zone means a different instant on every server: refused, not guessed.
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"{name}: expected a time with a zone (e.g. 2030-01-31T22:00:00Z), found {value.isoformat()}",
        )
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"{name}: {value.isoformat()} is outside the years 1..9999 in UTC"
        ) from None


@dataclass(frozen=True)
class TimeRange:
    since: datetime | None
    until: datetime | None


def time_range(
    since: Annotated[datetime | None, Query(description="only what ends after this (RFC 3339, with a zone)")] = None,
    until: Annotated[datetime | None, Query(description="only what begins before this (RFC 3339, with a zone)")] = None,
) -> TimeRange:
    return TimeRange(_aware(since, "since"), _aware(until, "until"))


Paged = Annotated[Paging, Depends(paging)]
Window = Annotated[TimeRange, Depends(time_range)]


def _page(
    request: Request, session: Session, query: Select, paging: Paging, convert: Callable[[Sequence[Any]], list[T]]
) -> Page[T]:
    """Run ``query`` for one page; ``convert`` turns its rows into the page's items."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.execute(query.limit(paging.limit).offset(paging.offset)).all()
    following = paging.offset + paging.limit
    next_link = None
    if following < total:
        url = request.url.include_query_params(offset=following, limit=paging.limit)
        next_link = f"{url.path}?{url.query}"
    return Page(total=total, limit=paging.limit, offset=paging.offset, next=next_link, items=convert(rows))


def _not_found(what: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"no {what}")


# -- circuits --------------------------------------------------------------------------


def _circuit_query() -> Select:
    return (
        select(Circuit, Vendor.name, Sla.name, ProtectionGroup.name)
        .join(Vendor, Vendor.vendor_id == Circuit.vendor_id)
        .outerjoin(Sla, Sla.sla_id == Circuit.sla_id)
        .outerjoin(ProtectionGroup, ProtectionGroup.protection_group_id == Circuit.protection_group_id)
    )


def _circuit_out(row: Sequence[Any]) -> CircuitOut:
    circuit, vendor, sla, group = row
    return CircuitOut(
        id=circuit.internal_circuit_id,
        name=circuit.name,
        vendor=vendor,
        vendor_circuit_id=circuit.vendor_circuit_id,
        sla=sla,
        sla_epoch=circuit.sla_epoch,
        protection_group=group,
    )


@router.get("/circuits", response_model=Page[CircuitOut], summary="Your circuits")
def list_circuits(
    request: Request, _: ReadAccess, paging: Paged, vendor: Text = None, sla: Text = None
) -> Page[CircuitOut]:
    query = _circuit_query().order_by(Circuit.name)
    if vendor:
        query = query.where(Vendor.name == vendor)
    if sla:
        query = query.where(Sla.name == sla)
    with _session(request) as session:
        return _page(request, session, query, paging, lambda rows: [_circuit_out(r) for r in rows])


@router.get("/circuits/{circuit}", response_model=CircuitOut, summary="One circuit, by id or name")
def get_circuit(
    request: Request, _: ReadAccess, circuit: Annotated[str, Path(max_length=300, pattern=_TEXT)]
) -> CircuitOut:
    with _session(request) as session:
        row = session.execute(_circuit_query().where(_circuit_is(circuit))).first()
    if row is None:
        raise _not_found(f"circuit with id or name {circuit!r}")
    return _circuit_out(row)


def _circuit_is(circuit: str):
    try:
        return Circuit.internal_circuit_id == uuid.UUID(circuit)
    except ValueError:
        return Circuit.name == circuit


# -- maintenances ------------------------------------------------------------------------

E = MaintForecastEventRow
_EVENT_FIELDS = tuple(mnp_core.MaintForecastEvent.model_fields)


def _event_out(row: MaintForecastEventRow, circuit: str | None) -> MaintenanceEvent:
    # The stored columns are the model's fields by name (see MaintForecastEventRow), so
    # the event is the parser's model again, validated as such.
    return MaintenanceEvent(
        **{name: getattr(row, name) for name in _EVENT_FIELDS},
        event_id=row.maint_forecast_event_id,
        internal_circuit_id=row.internal_circuit_id,
        circuit=circuit,
        current=row.current,
        notification_id=row.notification_id,
    )


def _event_query(circuit: str | None, window: TimeRange, history: bool) -> Select:
    query = select(E, Circuit.name).outerjoin(Circuit, Circuit.internal_circuit_id == E.internal_circuit_id)
    if not history:
        query = query.where(E.current.is_(True))
    if circuit:
        query = query.where(or_(Circuit.name == circuit, E.parsed_vendor_circuit_id == circuit))
    if window.since is not None:
        query = query.where(E.end_window > window.since)
    if window.until is not None:
        query = query.where(E.begin_window < window.until)
    return query


Statuses = Annotated[list[mnp_core.Status] | None, Query(description="any of these (repeat the parameter)")]
History = Annotated[bool, Query(description="include events a later notice superseded")]
CircuitFilter = Annotated[
    str | None, Query(max_length=300, pattern=_TEXT, description="your circuit's name or the carrier's circuit id")
]


def _maintenance_out(maintenance: Maintenance, events: list[MaintenanceEvent]) -> MaintenanceOut:
    return MaintenanceOut(
        id=maintenance.maintenance_pk,
        provider=maintenance.provider,
        maintenance_id=maintenance.maintenance_id,
        status=mnp_core.Status(maintenance.status),
        sequence=maintenance.sequence,
        stamp=maintenance.stamp,
        replaces_maintenance_id=maintenance.replaces_maintenance_id,
        current_notification_id=maintenance.current_notification_id,
        updated_at=maintenance.updated_at,
        events=events,
    )


def _with_events(
    session: Session, maintenances: Sequence[Maintenance], circuit: str | None, window: TimeRange, history: bool
) -> list[MaintenanceOut]:
    by_maintenance: dict[uuid.UUID, list[MaintenanceEvent]] = defaultdict(list)
    if maintenances:
        query = _event_query(circuit, window, history).where(
            E.maintenance_pk.in_([m.maintenance_pk for m in maintenances])
        )
        for row, name in session.execute(query.order_by(E.begin_window, Circuit.name, E.maint_forecast_event_id)):
            by_maintenance[row.maintenance_pk].append(_event_out(row, name))
    return [_maintenance_out(m, by_maintenance[m.maintenance_pk]) for m in maintenances]


@router.get(
    "/maintenances",
    response_model=Page[MaintenanceOut],
    summary="Maintenances with their windows per circuit",
    description="A maintenance is listed when one of its events matches the circuit and time filters; "
    "`status` filters on the maintenance's status as it stands now.",
)
def list_maintenances(
    request: Request,
    _: ReadAccess,
    paging: Paged,
    window: Window,
    provider: Text = None,
    circuit: CircuitFilter = None,
    status: Statuses = None,
    history: History = False,
) -> Page[MaintenanceOut]:
    query = select(Maintenance).order_by(Maintenance.provider, Maintenance.maintenance_id, Maintenance.maintenance_pk)
    if provider:
        query = query.where(Maintenance.provider == provider)
    if status:
        query = query.where(Maintenance.status.in_([s.value for s in status]))
    if circuit or window.since or window.until:
        matching = _event_query(circuit, window, history).where(E.maintenance_pk == Maintenance.maintenance_pk)
        query = query.where(matching.exists())
    with _session(request) as session:
        return _page(
            request, session, query, paging,
            lambda rows: _with_events(session, [r[0] for r in rows], circuit, window, history),
        )


@router.get("/maintenances/{id}", response_model=MaintenanceOut, summary="One maintenance")
def get_maintenance(
    request: Request,
    _: ReadAccess,
    maintenance_pk: Annotated[uuid.UUID, Path(alias="id")],
    history: History = False,
) -> MaintenanceOut:
    with _session(request) as session:
        maintenance = session.get(Maintenance, maintenance_pk)
        if maintenance is None:
            raise _not_found(f"maintenance {maintenance_pk}")
        return _with_events(session, [maintenance], None, TimeRange(None, None), history)[0]


@router.get(
    "/maintenance-events",
    response_model=Page[MaintenanceEvent],
    summary="Maintenance windows, one per circuit (MaintForecastEvent)",
    description="Ordered by the window's beginning; `status` filters on each event's own status.",
)
def list_events(
    request: Request,
    _: ReadAccess,
    paging: Paged,
    window: Window,
    provider: Text = None,
    circuit: CircuitFilter = None,
    status: Statuses = None,
    history: History = False,
) -> Page[MaintenanceEvent]:
    query = _event_query(circuit, window, history).order_by(E.begin_window, E.maint_forecast_event_id)
    if provider:
        query = query.where(E.provider == provider)
    if status:
        query = query.where(E.status.in_([s.value for s in status]))
    with _session(request) as session:
        return _page(request, session, query, paging, lambda rows: [_event_out(r, n) for r, n in rows])


# -- notifications -----------------------------------------------------------------------


def _notification_out(n: Notification) -> NotificationOut:
    return NotificationOut(
        id=n.notification_id,
        source=n.source,
        ticket_id=n.ticket_id,
        sha256=n.sha256,
        size=len(n.raw),
        received_at=n.received_at,
        state=n.state,
        outcome=n.outcome,
        error_type=n.error_type,
        error=n.error,
        parser=n.parser,
        provider=n.provider,
        subject=n.subject,
        message_id=n.message_id,
        stamp=n.stamp,
        attempts=n.attempts,
        processed_at=n.processed_at,
        duplicate_of=n.duplicate_of,
        labelled=n.labelled,
    )


@router.get(
    "/notifications",
    response_model=Page[NotificationOut],
    summary="Received notices and what became of them, newest first",
    description="`failed=true` is the dead-letter queue: notices that did not parse, kept whole "
    "(their email at `/notifications/{id}/raw`). `since`/`until` filter on the time received.",
)
def list_notifications(
    request: Request,
    _: ReadAccess,
    paging: Paged,
    window: Window,
    state: NotificationState | None = None,
    failed: Annotated[bool, Query(description="only those whose parse failed (state=failed)")] = False,
    source: Text = None,
    provider: Text = None,
) -> Page[NotificationOut]:
    query = select(Notification).order_by(Notification.received_at.desc(), Notification.notification_id)
    if failed:
        query = query.where(Notification.state == NotificationState.FAILED)
    if state:
        query = query.where(Notification.state == state.value)
    if source:
        query = query.where(Notification.source == source)
    if provider:
        query = query.where(Notification.provider == provider)
    if window.since is not None:
        query = query.where(Notification.received_at >= window.since)
    if window.until is not None:
        query = query.where(Notification.received_at < window.until)
    with _session(request) as session:
        return _page(request, session, query, paging, lambda rows: [_notification_out(r[0]) for r in rows])


@router.get("/notifications/{id}", response_model=NotificationOut, summary="One notification")
def get_notification(
    request: Request, _: ReadAccess, notification_id: Annotated[uuid.UUID, Path(alias="id")]
) -> NotificationOut:
    with _session(request) as session:
        notification = session.get(Notification, notification_id)
        if notification is None:
            raise _not_found(f"notification {notification_id}")
        return _notification_out(notification)


@router.get(
    "/notifications/{id}/raw",
    response_class=Response,
    summary="The email, exactly as received",
    responses={200: {"content": {"message/rfc822": {}}, "description": "the raw email"}},
)
def get_notification_raw(
    request: Request, _: ReadAccess, notification_id: Annotated[uuid.UUID, Path(alias="id")]
) -> Response:
    with _session(request) as session:
        notification = session.get(Notification, notification_id)
        if notification is None:
            raise _not_found(f"notification {notification_id}")
        # The ticket id may be a path or carry quotes: the file name keeps only safe characters.
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{notification.source}-{notification.ticket_id}")[-100:]
        return Response(
            notification.raw,
            media_type="message/rfc822",
            headers={"Content-Disposition": f'attachment; filename="{name}.eml"'},
        )


@router.post(
    "/notifications/{id}/reprocess",
    response_model=ReprocessOut,
    summary="Parse a notification again (admin)",
    description="For a failed, ignored, duplicate or pending notification, e.g. after upgrading a carrier's "
    "plugin. A notification whose events are stored (done, needs-review) is refused with 409: "
    "reprocessing it would double them.",
    responses={404: {"description": "no such notification"}, 409: {"description": "not reprocessable now"}},
)
def reprocess_notification(
    request: Request, principal: AdminAccess, notification_id: Annotated[uuid.UUID, Path(alias="id")]
) -> ReprocessOut:
    with _session(request) as session:
        notification = session.get(Notification, notification_id)
        if notification is None:
            raise _not_found(f"notification {notification_id}")
        state = notification.state
    if state in (NotificationState.DONE, NotificationState.NEEDS_REVIEW):
        raise HTTPException(status.HTTP_409_CONFLICT, f"notification {notification_id} is {state}: its events stand")
    pipeline = Pipeline(request.app.state.sessions, worker=f"mnp serve, token {principal.name}"[:120])
    results = pipeline.reprocess([notification_id])
    if not results:  # a worker holds it right now and will finish it
        raise HTTPException(status.HTTP_409_CONFLICT, f"notification {notification_id} is being processed")
    result = results[0]
    with _session(request) as session:
        state = session.get(Notification, notification_id).state
    return ReprocessOut(
        notification_id=result.notification_id,
        ticket_id=result.ticket_id,
        state=state,
        outcome=result.outcome.value,
        comment=result.comment,
        events=result.events,
        matched=result.matched,
    )


# -- outages -----------------------------------------------------------------------------


def _outage_out(outage: CircuitOutageEvent, circuit: str) -> OutageOut:
    duration = None
    if outage.begin_outage is not None and outage.end_outage is not None:
        duration = int((outage.end_outage - outage.begin_outage).total_seconds())
    return OutageOut(
        id=outage.circuit_outage_event_id,
        internal_circuit_id=outage.internal_circuit_id,
        circuit=circuit,
        begin_outage=outage.begin_outage,
        end_outage=outage.end_outage,
        open=outage.end_outage is None,
        duration_seconds=duration,
        provisional=outage.provisional,
        operator_caused=outage.operator_caused,
        up_without_down=outage.up_without_down,
        detected_at=outage.detected_at,
    )


@router.get(
    "/outages",
    response_model=Page[OutageOut],
    summary="Circuit outages seen in device logs, latest first",
    description="`since`/`until` select outages overlapping the range; an open outage lasts until now.",
)
def list_outages(
    request: Request,
    _: ReadAccess,
    paging: Paged,
    window: Window,
    circuit: Text = None,
    vendor: Text = None,
    open: Annotated[bool | None, Query(description="true: only open outages; false: only closed ones")] = None,
) -> Page[OutageOut]:
    o = CircuitOutageEvent
    query = (
        select(o, Circuit.name)
        .join(Circuit, Circuit.internal_circuit_id == o.internal_circuit_id)
        .order_by(o.begin_outage.desc(), o.circuit_outage_event_id)
    )
    if circuit:
        query = query.where(_circuit_is(circuit))
    if vendor:
        query = query.join(Vendor, Vendor.vendor_id == Circuit.vendor_id).where(Vendor.name == vendor)
    if open is not None:
        query = query.where(o.end_outage.is_(None) if open else o.end_outage.is_not(None))
    if window.since is not None:
        ends_after = o.end_outage > window.since
        # An open outage lasts until now: it reaches a range that begins before now only.
        query = query.where(or_(ends_after, o.end_outage.is_(None)) if window.since < utcnow() else ends_after)
    if window.until is not None:
        query = query.where(or_(o.begin_outage.is_(None), o.begin_outage < window.until))
    with _session(request) as session:
        return _page(request, session, query, paging, lambda rows: [_outage_out(r, n) for r, n in rows])


# -- SLA ---------------------------------------------------------------------------------


@router.get(
    "/sla/measurements",
    response_model=Page[MeasurementOut],
    summary="SLA periods measured, per circuit",
    description="`since`/`until` select periods overlapping the range.",
)
def list_measurements(
    request: Request,
    _: ReadAccess,
    paging: Paged,
    window: Window,
    circuit: Text = None,
    vendor: Text = None,
    sla: Text = None,
    breached: bool | None = None,
) -> Page[MeasurementOut]:
    m = SlaPerformanceMeasurement
    query = (
        select(m, Circuit.name, Vendor.name, Sla)
        .join(Circuit, Circuit.internal_circuit_id == m.internal_circuit_id)
        .join(Vendor, Vendor.vendor_id == Circuit.vendor_id)
        .join(Sla, Sla.sla_id == m.sla_id)
        .order_by(m.period_start.desc(), Circuit.name, m.measurement_id)
    )
    if circuit:
        query = query.where(_circuit_is(circuit))
    if vendor:
        query = query.where(Vendor.name == vendor)
    if sla:
        query = query.where(Sla.name == sla)
    if breached is not None:
        query = query.where(m.breached.is_(breached))
    if window.since is not None:
        query = query.where(m.period_end > window.since)
    if window.until is not None:
        query = query.where(m.period_start < window.until)

    def convert(rows: Sequence[Any]) -> list[MeasurementOut]:
        return [
            MeasurementOut(
                id=row.measurement_id,
                internal_circuit_id=row.internal_circuit_id,
                circuit=circuit_name,
                vendor=vendor_name,
                sla=sla_row.name,
                period_start=row.period_start,
                period_end=row.period_end,
                measured_start=row.measured_start,
                period_seconds=row.period_seconds,
                outage_seconds=row.outage_seconds,
                excused_seconds=row.excused_seconds,
                counted_seconds=row.counted_seconds,
                availability_pct=row.availability_pct,
                promised_pct=sla_row.promised_uptime_pct,
                breached=row.breached,
                credit_pct=row.credit_pct,
                claim_deadline=row.claim_deadline,
                outage_count=row.outage_count,
                longest_outage_seconds=row.longest_outage_seconds,
                chronic=row.chronic,
                provisional=row.provisional,
                evaluated_at=row.evaluated_at,
            )
            for row, circuit_name, vendor_name, sla_row in rows
        ]

    with _session(request) as session:
        return _page(request, session, query, paging, convert)


# -- reports -----------------------------------------------------------------------------


def _report(
    request: Request,
    kind: ReportKind,
    period: Annotated[
        str | None,
        Query(max_length=20, pattern=_TEXT, description="sla, credits, vendors: 2030, 2030-Q1, 2030-01 or 2030-01-15"),
    ] = None,
    vendor: Annotated[str | None, Query(max_length=300, pattern=_TEXT, description="sla: only this vendor")] = None,
    since: Annotated[datetime | None, Query(description="forecast-accuracy: default 90 days before until")] = None,
    until: Annotated[datetime | None, Query(description="forecast-accuracy: default now")] = None,
) -> Report:
    try:
        selector = PeriodSelector.parse(period) if period else None
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"period: {exc}") from None
    now = utcnow()
    with _session(request) as session:
        try:
            if kind == "sla":
                return sla_report(session, selector, vendor)
            if kind == "credits":
                return credits_report(session, now, selector)
            if kind == "vendors":
                return vendors_report(session, selector)
            end = _aware(until, "until") or now
            start = _aware(since, "since") or end - timedelta(days=90)
            return forecast_accuracy_report(session, start, end, now)
        except (ValueError, OverflowError) as exc:
            # A period or range the SLA calendar cannot lay out (beyond year 9999, ...).
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None


def _json_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value


@router.get(
    "/reports/{kind}",
    response_model=ReportOut,
    summary="A report: sla, credits, vendors or forecast-accuracy",
    description="The rows `mnp report KIND --format json` prints.",
)
def get_report(kind: ReportKind, _: ReadAccess, report: Annotated[Report, Depends(_report)]) -> ReportOut:
    rows = [{key: _json_cell(value) for key, value in row.items()} for row in report.rows]
    return ReportOut(kind=kind, title=report.title, columns=report.columns, rows=rows)


@router.get(
    "/reports/{kind}/chart",
    response_class=Response,
    summary="The report's chart",
    responses={200: {"content": {"image/svg+xml": {}}, "description": "an SVG chart"}},
)
def get_report_chart(kind: ReportKind, _: ReadAccess, report: Annotated[Report, Depends(_report)]) -> Response:
    return Response(chart_for(kind, report), media_type="image/svg+xml")
