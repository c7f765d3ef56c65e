"""``mnp demo``: the whole pipeline on bundled sample data, in a fresh database.

The data (``data/``) is a small operator's world in early 2031: an inventory of eleven
circuits from six carriers (one diverse pair), the demo SLA (the terms of
``slas/example-carrier.yaml``), thirteen carrier notices (eleven of them the project's own
samples from ``test_emails/``, including a re-schedule, a cancellation and one no parser
can read, and two written in the Fiber Provider format), and a syslog file of Cisco IOS
and Junos link messages whose outages fall inside, across and outside those windows.

Every step is the one the commands run (``mnp import``, ``mnp sla import`` + ``assign``,
``mnp ingest dir``, ``mnp detect-outages file``, ``mnp sla evaluate``). The notices are
from 2031, so the demo runs on a clock pinned to :data:`DEMO_NOW`: SLA periods close,
credits fall due and the web UI's "now" is that instant, whenever the demo is run.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..ingest.files import DirectorySource
from ..inventory import import_file
from ..outages.assembly import FlapRules
from ..outages.clock import TimeSettings
from ..outages.detector import DetectionReport, OutageDetector
from ..outages.formats import LogReader
from ..outages.sources import SyslogFiles
from ..processing import IngestReport, Pipeline
from ..sla.applicability import assign_sla
from ..sla.documents import import_documents
from ..sla.evaluator import EvaluationReport, SlaEvaluator
from ..sla.reports import Report, credits_report, sla_report
from ..storage.models import (
    Circuit,
    CircuitOutageEvent,
    Maintenance,
    MaintForecastEventRow,
    Sla,
    SlaVendorApplicability,
    Vendor,
)

DATA = Path(__file__).parent / "data"
#: The demo's clock: Friday 21 March 2031, 03:00 UTC. Seaborn's re-scheduled emergency
#: work is in progress, Fiber Provider's card swap is days away, January's and February's
#: SLA periods are closed and their credits not yet due.
DEMO_NOW = datetime(2031, 3, 21, 3, 0, tzinfo=UTC)


@dataclass
class DemoRun:
    """What each step of the pipeline reported."""

    inventory: dict[str, tuple[int, int]]
    slas: dict[str, str]
    assigned: list[str]
    ingest: IngestReport
    detection: DetectionReport
    evaluation: EvaluationReport


def load_demo(sessions: sessionmaker[Session], workdir: Path, *, now: datetime = DEMO_NOW) -> DemoRun:
    """Run the whole pipeline on the bundled data into an empty, migrated database.

    ``workdir`` receives copies of the notices (read in name order) and of the syslog file:
    a syslog line names no year, so the reader takes the year from the file's modification
    time, which the copy sets to ``now`` (the packaged file's would be its install time).
    """
    with sessions() as session, session.begin():
        inventory = import_file(session, DATA / "inventory.yaml")
    with sessions() as session, session.begin():
        slas = import_documents(session, DATA / "slas")
        assigned = _assign_slas(session)
    workdir.mkdir(parents=True, exist_ok=True)
    notices = workdir / "notices"
    notices.mkdir(exist_ok=True)
    # The directory source reads oldest first; a checkout or an install leaves the packaged
    # files' times in any order, so the copies get times in name order: the same demo on
    # every machine.
    for index, path in enumerate(sorted((DATA / "notices").iterdir())):
        copy = notices / path.name
        shutil.copyfile(path, copy)
        os.utime(copy, (now.timestamp() + index, now.timestamp() + index))
    ingest = Pipeline(sessions, worker="mnp-demo").ingest(DirectorySource(notices))
    log = workdir / "network.log"
    shutil.copyfile(DATA / "network.log", log)
    os.utime(log, (now.timestamp(), now.timestamp()))
    detector = OutageDetector(sessions, reader=LogReader(settings=TimeSettings(now=now)), rules=FlapRules())
    detection = detector.run([SyslogFiles([log])])
    evaluation = SlaEvaluator(sessions, now=now).evaluate()
    return DemoRun(inventory, slas, assigned, ingest, detection, evaluation)


def _assign_slas(session: Session) -> list[str]:
    """Every circuit of a vendor an SLA applies to takes that SLA (the demo has one), as
    ``mnp sla assign`` would; the turn-up stays the inventory's."""
    assigned = []
    rows = session.execute(
        select(Circuit.name, Sla.name)
        .join(SlaVendorApplicability, SlaVendorApplicability.vendor_id == Circuit.vendor_id)
        .join(Sla, Sla.sla_id == SlaVendorApplicability.sla_id)
        .order_by(Circuit.name)
    ).all()
    for circuit, sla in rows:
        assign_sla(session, circuit, sla)
        assigned.append(circuit)
    return assigned


# -- what the demo prints --------------------------------------------------------------


def _utc(value: datetime | None) -> str:
    return "open" if value is None else f"{value.astimezone(UTC):%Y-%m-%d %H:%M}"


def _window_end(begin: datetime, end: datetime) -> str:
    """The end of a window: its time alone when it ends on the day it began."""
    begin, end = begin.astimezone(UTC), end.astimezone(UTC)
    return f"{end:%H:%M}" if end.date() == begin.date() else f"{end:%m-%d %H:%M}"


def maintenances_report(session: Session) -> Report:
    """Each maintenance as it stands now: its current windows and the circuits they name."""
    names = dict(session.execute(select(Circuit.internal_circuit_id, Circuit.name)).all())
    rows = []
    for maintenance in session.scalars(select(Maintenance).order_by(Maintenance.provider, Maintenance.maintenance_id)):
        events = list(
            session.scalars(
                select(MaintForecastEventRow)
                .where(MaintForecastEventRow.maintenance_pk == maintenance.maintenance_pk)
                .order_by(MaintForecastEventRow.begin_window)
            )
        )
        current = [e for e in events if e.current]
        windows = sorted({(e.begin_window, e.end_window) for e in current})
        circuits = sorted(
            {
                names[e.internal_circuit_id] if e.internal_circuit_id else f"{e.parsed_vendor_circuit_id} (unmatched)"
                for e in current
                if e.internal_circuit_id or e.parsed_vendor_circuit_id
            }
        )
        rows.append(
            {
                "provider": maintenance.provider,
                "maintenance": maintenance.maintenance_id,
                "status": maintenance.status,
                "window (UTC)": "; ".join(f"{_utc(b)} - {_window_end(b, e)}" for b, e in windows),
                "circuits": ", ".join(circuits) or "-",
                "notices": len({e.notification_id for e in events}),
            }
        )
    rows.sort(key=lambda r: (r["window (UTC)"], r["provider"]))
    columns = ["provider", "maintenance", "status", "window (UTC)", "circuits", "notices"]
    return Report("Maintenances", columns, rows)


def announced_windows(session: Session) -> dict[uuid.UUID, list[tuple[datetime, datetime, str]]]:
    """Current, not cancelled windows per circuit: (begin, end, 'provider maintenanceId')."""
    windows: dict[uuid.UUID, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    e = MaintForecastEventRow
    for circuit_id, begin, end, provider, maintenance_id in session.execute(
        select(e.internal_circuit_id, e.begin_window, e.end_window, e.provider, e.maintenance_id).where(
            e.current.is_(True), e.internal_circuit_id.is_not(None), e.status != "CANCELLED"
        )
    ):
        windows[circuit_id].append((begin, end, f"{provider} {maintenance_id}"))
    return windows


def against_windows(begin: datetime | None, end: datetime | None,
                    windows: list[tuple[datetime, datetime, str]]) -> str:
    """How an outage stands against the announced windows of its circuit."""
    for w_begin, w_end, name in windows:
        if begin is not None and end is not None and begin >= w_begin and end <= w_end:
            return f"inside {name}"
        if (begin or w_begin) < w_end and (end is None or end > w_begin):
            return f"overruns {name}"
    return "unannounced"


def outages_report(session: Session) -> Report:
    windows = announced_windows(session)
    rows = []
    for outage, circuit, vendor in session.execute(
        select(CircuitOutageEvent, Circuit.name, Vendor.name)
        .join(Circuit, Circuit.internal_circuit_id == CircuitOutageEvent.internal_circuit_id)
        .join(Vendor, Vendor.vendor_id == Circuit.vendor_id)
        .order_by(CircuitOutageEvent.begin_outage, Circuit.name)
    ):
        minutes = (
            round((outage.end_outage - outage.begin_outage).total_seconds() / 60, 1)
            if outage.begin_outage and outage.end_outage else None
        )
        flags = [f for f, on in (("operator-caused", outage.operator_caused), ("provisional", outage.provisional),
                                 ("up-without-down", outage.up_without_down)) if on]
        rows.append(
            {
                "circuit": circuit,
                "vendor": vendor,
                "begin (UTC)": _utc(outage.begin_outage),
                "end (UTC)": _utc(outage.end_outage),
                "minutes": minutes,
                "maintenance": against_windows(outage.begin_outage, outage.end_outage,
                                               windows.get(outage.internal_circuit_id, [])),
                "flags": ", ".join(flags),
            }
        )
    return Report("Outages (from the syslog)", ["circuit", "vendor", "begin (UTC)", "end (UTC)", "minutes",
                                                "maintenance", "flags"], rows)


def breaches_report(session: Session) -> Report:
    """The SLA periods measured (periods no outage touched were fully available)."""
    full = sla_report(session)
    keep = ["circuit", "vendor", "period", "outageMinutes", "excusedMinutes", "countedMinutes", "availabilityPct",
            "breached", "creditPct", "provisional"]
    return Report("SLA periods measured (demo-wavelength: 99.95 %)", keep, full.rows)


def summary(sessions: sessionmaker[Session], run: DemoRun, now: datetime = DEMO_NOW) -> str:
    """The demo's printout: each step's outcome, then the tables."""
    lines = [f"mnp demo: the pipeline on bundled sample data, as of {now:%Y-%m-%d %H:%M} UTC", ""]
    lines.append("inventory: " + ", ".join(f"{kind} {created}" for kind, (created, _) in run.inventory.items()))
    lines.append("SLAs: " + ", ".join(f"{name} ({what})" for name, what in run.slas.items())
                 + f", assigned to {len(run.assigned)} circuits")
    lines.append(f"notices: {run.ingest.summary()}")
    for result in run.ingest.results:
        if result.outcome.value != "MaintParseSuccess":
            lines.append(f"  {result.ticket_id}: {result.outcome.value}: {result.comment}")
    lines.append(f"syslog: {run.detection.summary()}")
    lines.append(f"SLA evaluation: {run.evaluation.summary()}")
    with sessions() as session:
        tables = [maintenances_report(session), outages_report(session), breaches_report(session),
                  credits_report(session, now)]
    for table in tables:
        lines += ["", table.render("table").rstrip("\n")]
    return "\n".join(lines) + "\n"


__all__ = ["DATA", "DEMO_NOW", "DemoRun", "load_demo", "summary"]
