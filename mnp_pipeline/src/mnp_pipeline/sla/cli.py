"""``mnp sla import|applicable|assign|evaluate`` and ``mnp report sla|credits|vendors|forecast-accuracy``
(registered through the ``mnp.commands`` entry point ``sla``)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..storage.database import make_engine, session_factory, upgrade
from ..storage.models import utcnow
from .applicability import SlaAssignmentError, applicable_slas, assign_sla
from .documents import SlaDocumentError, import_documents
from .evaluator import PeriodSelector, SlaEvaluator
from .reports import FORMATS, chart_for, credits_report, forecast_accuracy_report, sla_report, vendors_report


def _database(args: argparse.Namespace):
    engine = make_engine(args.database_url)
    upgrade(engine)
    return session_factory(engine)


def _common(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--database-url", help="default: $MNP_DATABASE_URL, else sqlite:///mnp.db")
    return parser


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _selector(text: str | None) -> PeriodSelector | None:
    return PeriodSelector.parse(text) if text else None


def _cmd_import(args: argparse.Namespace) -> int:
    sessions = _database(args)
    try:
        with sessions() as session, session.begin():
            outcome = import_documents(session, Path(args.path))
    except SlaDocumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot read {args.path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for name, what in outcome.items():
        print(f"{name}: {what}")
    return 0


def _cmd_applicable(args: argparse.Namespace) -> int:
    with _database(args)() as session:
        try:
            slas = applicable_slas(session, args.vendor)
        except SlaAssignmentError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        for sla in slas:
            print(f"{sla.name}\t{sla.promised_uptime_pct:g}%\t{sla.interval_duration}\t{sla.timezone}\t{sla.code_class}")
    return 0


def _cmd_assign(args: argparse.Namespace) -> int:
    sessions = _database(args)
    try:
        with sessions() as session, session.begin():
            turnup = _instant(args.turnup) if args.turnup else None
            circuit = assign_sla(session, args.circuit, args.sla, turnup)
            print(f"{circuit.name}: SLA {args.sla}" + (f", turn-up {circuit.sla_epoch.isoformat()}" if turnup else ""))
    except (SlaAssignmentError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    sessions = _database(args)
    now = _instant(args.now) if args.now else None
    evaluator = SlaEvaluator(sessions, now=now)
    try:
        if args.full:
            if not args.period:
                print("error: --full needs --period (e.g. 2030-01)", file=sys.stderr)
                return 2
            report = evaluator.recompute(PeriodSelector.parse(args.period))
        else:
            report = evaluator.evaluate()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    sessions = _database(args)
    now = _instant(args.now) if getattr(args, "now", None) else utcnow()
    try:
        with sessions() as session:
            if args.report == "sla":
                report = sla_report(session, _selector(args.period), args.vendor)
            elif args.report == "credits":
                report = credits_report(session, now, _selector(args.period))
            elif args.report == "vendors":
                report = vendors_report(session, _selector(args.period))
            else:
                until = _instant(args.until) if args.until else now
                since = _instant(args.since) if args.since else until - timedelta(days=90)
                report = forecast_accuracy_report(session, since, until, now)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(report.render(args.format))
    if args.chart:
        path = Path(args.chart)
        if path.suffix.lower() != ".svg":
            print("error: charts are written as SVG (name the file .svg); convert it for a PNG", file=sys.stderr)
            return 2
        path.write_text(chart_for(args.report, report), encoding="utf-8")
        print(f"chart: {path}", file=sys.stderr)
    return 0


def _report_group(commands: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The ``mnp report`` subcommands: the pipeline's group when it registered one."""
    existing = commands.choices.get("report")
    if existing is None:
        existing = commands.add_parser("report", help="reports")
        return existing.add_subparsers(dest="report", required=True)
    return next(a for a in existing._actions if isinstance(a, argparse._SubParsersAction))


def register_commands(commands: argparse._SubParsersAction) -> None:
    sla = commands.add_parser("sla", help="SLA documents, applicability, assignment, evaluation (Slappy)")
    sla_commands = sla.add_subparsers(dest="sla_command", required=True)
    imp = _common(sla_commands.add_parser("import", help="import SLA documents (a .yaml file or a directory)"))
    imp.add_argument("path", help="e.g. slas/ or slas/example-carrier.yaml")
    imp.set_defaults(run=_cmd_import)
    app = _common(sla_commands.add_parser("applicable", help="the SLAs a vendor's circuits may take"))
    app.add_argument("--vendor", required=True)
    app.set_defaults(run=_cmd_applicable)
    assign = _common(sla_commands.add_parser("assign", help="give a circuit an SLA (refused if not applicable)"))
    assign.add_argument("circuit")
    assign.add_argument("sla")
    assign.add_argument("--turnup", help="turn-up (SLA epoch), e.g. 2030-01-31T00:00:00+01:00")
    assign.set_defaults(run=_cmd_assign)
    evaluate = _common(sla_commands.add_parser("evaluate", help="evaluate new outages (or --full --period P)"))
    evaluate.add_argument("--full", action="store_true", help="recompute the selected periods from scratch")
    evaluate.add_argument("--period", help="2030 | 2030-Q1 | 2030-01 (periods starting then) | 2030-01-15 (containing)")
    evaluate.add_argument("--now", help="evaluate as of this instant (open outages count up to it)")
    evaluate.set_defaults(run=_cmd_evaluate)

    reports = _report_group(commands)
    for name, help in (
        ("sla", "availability per circuit and period"),
        ("credits", "credits to claim, nearest deadline first"),
        ("vendors", "provider reliability ranking: availability, MTTR, breaches"),
        ("forecast-accuracy", "outages inside announced windows, overruns, unannounced outages"),
    ):
        parser = _common(reports.add_parser(name, help=help))
        parser.add_argument("--format", choices=FORMATS, default="table")
        parser.add_argument("--chart", metavar="OUT.svg", help="also write a chart for the web UI")
        parser.add_argument("--now", help="as of this instant (default: now)")
        if name == "forecast-accuracy":
            parser.add_argument("--since", help="default: 90 days before --until")
            parser.add_argument("--until", help="default: now")
        else:
            parser.add_argument("--period", help="2030 | 2030-Q1 | 2030-01 | 2030-01-15")
        if name == "sla":
            parser.add_argument("--vendor")
        parser.set_defaults(run=_cmd_report, report=name)
