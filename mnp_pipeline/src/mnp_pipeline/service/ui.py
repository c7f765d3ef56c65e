"""The web UI: server-rendered pages (Jinja2, plain HTML and one stylesheet, no script).

Pages: the dashboard ``/``, the maintenance timeline ``/maintenances``, a month grid
``/calendar``, the circuits ``/circuits`` and each circuit ``/circuits/{name}`` (its
maintenances, outages and SLA history), the failed notifications ``/notifications/failed``
and each notification ``/notifications/{id}`` (the raw email, and a button to reprocess
it), and the SLA reports with their charts ``/sla``.

Reading pages need no token: the UI is meant for 127.0.0.1 (``mnp demo --serve`` and the
default bind), or behind a proxy that authenticates. The one write, reprocessing a
notification, needs an admin API token typed into its form: a form field, not a cookie,
so another site cannot make a logged-in browser post it (no CSRF).

"Now" is ``settings["now"]`` when the app was created with one (``mnp demo`` pins the
clock to its 2031 data), else the current time.
"""

from __future__ import annotations

import calendar
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..storage.models import (
    Circuit,
    CircuitOutageEvent,
    EquipmentPort,
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

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)

#: A raw email larger than this is shown cut (an XLSX attachment can be megabytes).
RAW_SHOWN_BYTES = 200_000


def _utc(value: datetime | None) -> str:
    return "" if value is None else f"{value.astimezone(UTC):%Y-%m-%d %H:%M}"


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds == 0:
        return "0 min"
    minutes = seconds / 60
    if minutes >= 120:
        return f"{minutes / 60:.1f} h"
    return f"{minutes:.0f} min" if minutes >= 10 else f"{minutes:.1f} min"


def _number(value: float) -> str:
    """A report's number as the terminal table shows it: 40320, 99.8742, not 40320.0."""
    return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.0f}"


templates.env.filters["utc"] = _utc
templates.env.filters["number"] = _number
templates.env.filters["minutes"] = _minutes
templates.env.filters["path"] = lambda text: quote(str(text), safe="")


def now_of(request: Request) -> datetime:
    pinned = request.app.state.settings.get("now")
    return pinned.astimezone(UTC) if isinstance(pinned, datetime) else utcnow()


def _page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    now = now_of(request)
    context.update(request=request, now=now, pinned="now" in request.app.state.settings)
    return templates.TemplateResponse(request, name, context, status_code=status_code)


# -- what the pages show ---------------------------------------------------------------


@dataclass
class Window:
    """One announced window of one maintenance, with every circuit it names."""

    provider: str
    maintenance_id: str
    status: str
    begin: datetime
    end: datetime
    impact: str | None
    summary: str
    current: bool = True
    circuits: list[str] = field(default_factory=list)  # our circuit names
    unmatched: list[str] = field(default_factory=list)  # vendor circuit ids no circuit matched

    @property
    def duration(self) -> str:
        return _minutes((self.end - self.begin).total_seconds())

    def covers(self, day: date) -> bool:
        start = datetime.combine(day, datetime.min.time(), UTC)
        return self.begin < start + timedelta(days=1) and self.end > start


def windows(session: Session, *conditions: Any, history: bool = False) -> list[Window]:
    """Announced windows, grouped by maintenance and window, ordered by start."""
    e = MaintForecastEventRow
    query = (
        select(e, Circuit.name)
        .outerjoin(Circuit, Circuit.internal_circuit_id == e.internal_circuit_id)
        .where(*conditions)
        .order_by(e.begin_window, e.provider, e.maintenance_id)
    )
    if not history:
        query = query.where(e.current.is_(True))
    grouped: dict[tuple, Window] = {}
    for event, circuit in session.execute(query):
        key = (event.maintenance_pk, event.begin_window, event.end_window, event.current, event.notification_id)
        window = grouped.get(key)
        if window is None:
            window = grouped[key] = Window(event.provider, event.maintenance_id, event.status, event.begin_window,
                                           event.end_window, event.impact, event.summary, event.current)
        if circuit is not None:
            if circuit not in window.circuits:
                window.circuits.append(circuit)
        elif event.parsed_vendor_circuit_id and event.parsed_vendor_circuit_id not in window.unmatched:
            window.unmatched.append(event.parsed_vendor_circuit_id)
    return list(grouped.values())


def _not_cancelled() -> Any:
    return MaintForecastEventRow.status != "CANCELLED"


@dataclass
class OutageRow:
    circuit: str
    begin: datetime | None
    end: datetime | None
    seconds: float | None
    operator_caused: bool
    provisional: bool
    announced: str  # "inside X", "overruns X" or "unannounced"


def _announced(begin: datetime | None, end: datetime | None, announced: list[Window]) -> str:
    for w in announced:
        if begin is not None and end is not None and begin >= w.begin and end <= w.end:
            return f"inside {w.provider} {w.maintenance_id}"
        if (begin or w.begin) < w.end and (end is None or end > w.begin):
            return f"overruns {w.provider} {w.maintenance_id}"
    return "unannounced"


def outages_of(session: Session, circuit: Circuit, now: datetime) -> list[OutageRow]:
    announced = windows(session, MaintForecastEventRow.internal_circuit_id == circuit.internal_circuit_id,
                        _not_cancelled())
    rows = []
    for o in session.scalars(
        select(CircuitOutageEvent)
        .where(CircuitOutageEvent.internal_circuit_id == circuit.internal_circuit_id)
        .order_by(CircuitOutageEvent.begin_outage.desc())
    ):
        seconds = ((o.end_outage or now) - o.begin_outage).total_seconds() if o.begin_outage else None
        rows.append(OutageRow(circuit.name, o.begin_outage, o.end_outage, seconds, o.operator_caused, o.provisional,
                              _announced(o.begin_outage, o.end_outage, announced)))
    return rows


def _breaches_now(session: Session, now: datetime) -> list[tuple[SlaPerformanceMeasurement, str, str]]:
    """Breached measurements of the period running now (and of the one just closed, whose
    credits are still to be claimed)."""
    m = SlaPerformanceMeasurement
    rows = session.execute(
        select(m, Circuit.name, Vendor.name)
        .join(Circuit, Circuit.internal_circuit_id == m.internal_circuit_id)
        .join(Vendor, Vendor.vendor_id == Circuit.vendor_id)
        .where(m.breached.is_(True), m.period_start <= now)
        .order_by(m.period_start.desc(), Circuit.name)
    ).all()
    return [(row, circuit, vendor) for row, circuit, vendor in rows
            if row.period_end > now or (row.claim_deadline is not None and row.claim_deadline > now)]


# -- pages -----------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request) -> HTMLResponse:
    now = now_of(request)
    e = MaintForecastEventRow
    with request.app.state.sessions() as session:
        in_progress = windows(session, e.begin_window <= now, e.end_window > now, _not_cancelled())
        next_7 = windows(session, e.begin_window > now, e.begin_window <= now + timedelta(days=7), _not_cancelled())
        next_30 = windows(session, e.begin_window > now + timedelta(days=7), e.begin_window <= now + timedelta(days=30),
                          _not_cancelled())
        unmatched = session.execute(
            select(e.provider, e.parsed_vendor_circuit_id, func.count(), func.max(e.begin_window))
            .where(e.current.is_(True), e.internal_circuit_id.is_(None), e.parsed_vendor_circuit_id.is_not(None))
            .group_by(e.provider, e.parsed_vendor_circuit_id)
            .order_by(e.provider, e.parsed_vendor_circuit_id)
        ).all()
        failed = list(session.scalars(
            select(Notification).where(Notification.state == NotificationState.FAILED)
            .order_by(Notification.received_at.desc()).limit(10)
        ))
        failed_total = session.scalar(
            select(func.count()).select_from(Notification).where(Notification.state == NotificationState.FAILED))
        breaches = _breaches_now(session, now)
        return _page(request, "dashboard.html", in_progress=in_progress, next_7=next_7, next_30=next_30,
                     unmatched=unmatched, failed=failed, failed_total=failed_total, breaches=breaches)


@router.get("/maintenances", response_class=HTMLResponse)
def maintenances(request: Request, provider: str | None = None, history: bool = False) -> HTMLResponse:
    """The timeline: every window, grouped by month, upcoming and past."""
    now = now_of(request)
    with request.app.state.sessions() as session:
        conditions = [MaintForecastEventRow.provider == provider] if provider else []
        found = windows(session, *conditions, history=history)
        providers = list(session.scalars(select(Maintenance.provider).distinct().order_by(Maintenance.provider)))
    months: dict[str, list[Window]] = defaultdict(list)
    for window in found:
        months[f"{window.begin.astimezone(UTC):%B %Y}"].append(window)
    return _page(request, "maintenances.html", months=months, providers=providers, provider=provider,
                 history=history, total=len(found), upcoming=sum(w.begin > now for w in found))


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(request: Request, month: str | None = None) -> HTMLResponse:
    now = now_of(request)
    try:
        first = datetime.strptime(month, "%Y-%m").date() if month else now.date().replace(day=1)
    except ValueError:
        raise HTTPException(400, f"expected a month as YYYY-MM, found {month!r}") from None
    days_in_month = calendar.monthrange(first.year, first.month)[1]
    last = first.replace(day=days_in_month)
    begin = datetime.combine(first, datetime.min.time(), UTC)
    end = begin + timedelta(days=days_in_month)
    e = MaintForecastEventRow
    with request.app.state.sessions() as session:
        found = windows(session, e.begin_window < end, e.end_window > begin)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append([(day, day.month == first.month, [w for w in found if w.covers(day)]) for day in week])
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return _page(request, "calendar.html", first=first, weeks=weeks, previous=previous, following=following,
                 today=now.date(), count=len(found))


@router.get("/circuits", response_class=HTMLResponse)
def circuits(request: Request) -> HTMLResponse:
    with request.app.state.sessions() as session:
        rows = session.execute(
            select(Circuit, Vendor, Sla.name, ProtectionGroup.name)
            .join(Vendor, Vendor.vendor_id == Circuit.vendor_id)
            .outerjoin(Sla, Sla.sla_id == Circuit.sla_id)
            .outerjoin(ProtectionGroup, ProtectionGroup.protection_group_id == Circuit.protection_group_id)
            .order_by(Vendor.name, Circuit.name)
        ).all()
        outages = dict(session.execute(
            select(CircuitOutageEvent.internal_circuit_id, func.count()).group_by(CircuitOutageEvent.internal_circuit_id)
        ).all())
        return _page(request, "circuits.html", rows=rows, outages=outages)


@router.get("/circuits/{name:path}", response_class=HTMLResponse)
def circuit_page(request: Request, name: str) -> HTMLResponse:
    now = now_of(request)
    with request.app.state.sessions() as session:
        circuit = session.scalars(select(Circuit).where(Circuit.name == name)).first()
        if circuit is None:
            return _page(request, "not_found.html", 404, what=f"no circuit named {name!r}")
        vendor = session.get(Vendor, circuit.vendor_id)
        sla = session.get(Sla, circuit.sla_id) if circuit.sla_id else None
        group = session.get(ProtectionGroup, circuit.protection_group_id) if circuit.protection_group_id else None
        siblings = list(session.scalars(
            select(Circuit.name).where(Circuit.protection_group_id == circuit.protection_group_id,
                                       Circuit.internal_circuit_id != circuit.internal_circuit_id)
        )) if group else []
        ports = list(session.execute(
            select(EquipmentPort.device, EquipmentPort.interface)
            .where(EquipmentPort.internal_circuit_id == circuit.internal_circuit_id)
            .order_by(EquipmentPort.device, EquipmentPort.interface)
        ).all())
        found = windows(session, MaintForecastEventRow.internal_circuit_id == circuit.internal_circuit_id,
                        history=True)
        found.sort(key=lambda w: (w.begin, not w.current), reverse=True)
        measurements = list(session.scalars(
            select(SlaPerformanceMeasurement)
            .where(SlaPerformanceMeasurement.internal_circuit_id == circuit.internal_circuit_id)
            .order_by(SlaPerformanceMeasurement.period_start.desc())
        ))
        return _page(request, "circuit.html", circuit=circuit, vendor=vendor, sla=sla, group=group,
                     siblings=siblings, ports=ports, windows=found, outages=outages_of(session, circuit, now),
                     measurements=measurements)


@router.get("/notifications/failed", response_class=HTMLResponse)
def failed_notifications(request: Request) -> HTMLResponse:
    with request.app.state.sessions() as session:
        rows = list(session.scalars(
            select(Notification).where(Notification.state == NotificationState.FAILED)
            .order_by(Notification.received_at.desc())
        ))
        return _page(request, "failed.html", rows=rows)


def _raw_text(raw: bytes) -> tuple[str, str, bool]:
    """(subject, the email as text, whether it was cut). The raw bytes are shown as they
    were received, decoded leniently: a triage page must show even a broken email."""
    try:
        subject = str(message_from_bytes(raw, policy=policy.default).get("subject", "") or "")
    except Exception:  # a header the email package cannot parse: the raw text still shows
        subject = ""
    cut = len(raw) > RAW_SHOWN_BYTES
    return subject, raw[:RAW_SHOWN_BYTES].decode("utf-8", errors="replace"), cut


def _notification_context(session: Session, notification_id: uuid.UUID) -> dict[str, Any] | None:
    notification = session.get(Notification, notification_id)
    if notification is None:
        return None
    subject, text, cut = _raw_text(notification.raw)
    e = MaintForecastEventRow
    found = windows(session, e.notification_id == notification_id, history=True)
    return {"n": notification, "subject": notification.subject or subject, "raw": text, "cut": cut,
            "windows": found, "reprocessable": notification.state not in (NotificationState.DONE,
                                                                          NotificationState.NEEDS_REVIEW)}


def _notification_id(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


@router.get("/notifications/{notification_id}", response_class=HTMLResponse)
def notification_page(request: Request, notification_id: str, reprocessed: str | None = None) -> HTMLResponse:
    key = _notification_id(notification_id)
    with request.app.state.sessions() as session:
        context = _notification_context(session, key) if key else None
        if context is None:
            return _page(request, "not_found.html", 404, what=f"no notification {notification_id!r}")
        return _page(request, "notification.html", reprocessed=reprocessed, error=None, **context)


@router.post("/notifications/{notification_id}/reprocess", response_model=None)
async def reprocess(request: Request, notification_id: str) -> Response:
    """Parse the notification again (``Pipeline.reprocess``); needs an admin API token in
    the form's ``token`` field."""
    from ..processing import Pipeline
    from ..storage.models import ApiTokenScope
    from .auth import authenticate  # the API's token check: one notion of "admin" for both

    key = _notification_id(notification_id)
    form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    token = (form.get("token") or [""])[0].strip()
    try:
        if not token:
            raise HTTPException(401, "an admin API token is needed (mnp token create NAME --scope admin)")
        authenticate(request, token, ApiTokenScope.ADMIN)
    except HTTPException as exc:
        with request.app.state.sessions() as session:
            context = _notification_context(session, key) if key else None
            if context is None:
                return _page(request, "not_found.html", 404, what=f"no notification {notification_id!r}")
            return _page(request, "notification.html", exc.status_code, reprocessed=None,
                         error=f"not reprocessed: {exc.detail}", **context)
    if key is None:
        return _page(request, "not_found.html", 404, what=f"no notification {notification_id!r}")
    results = Pipeline(request.app.state.sessions, worker="mnp-ui").reprocess([key])
    outcome = results[0].outcome.value if results else "unchanged"
    return RedirectResponse(f"/notifications/{key}?reprocessed={quote(outcome)}", status_code=303)


@router.get("/sla", response_class=HTMLResponse)
def sla_page(request: Request, period: str | None = None) -> HTMLResponse:
    from ..sla.evaluator import PeriodSelector
    from ..sla.reports import chart_for, credits_report, forecast_accuracy_report, sla_report, vendors_report

    now = now_of(request)
    error = None
    try:
        selector = PeriodSelector.parse(period) if period else None
    except ValueError as exc:
        selector, error = None, str(exc)
    with request.app.state.sessions() as session:
        reports = [
            ("sla", sla_report(session, selector)),
            ("credits", credits_report(session, now, selector)),
            ("vendors", vendors_report(session, selector)),
            ("forecast-accuracy", forecast_accuracy_report(session, now - timedelta(days=90), now, now)),
        ]
    # The charts are SVG the reports module writes, every label XML-escaped there, so the
    # page may embed them as markup.
    sections = [(kind, report, chart_for(kind, report) if report.rows else None) for kind, report in reports]
    return _page(request, "sla.html", sections=sections, period=period or "", error=error,
                 status_code=400 if error else 200)


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> FileResponse:
    # Only the files shipped in static/ (a name, never a path).
    files = {p.name: p for p in STATIC.iterdir() if p.is_file()}
    if name not in files:
        raise HTTPException(404, f"no static file {name!r}")
    return FileResponse(files[name])
