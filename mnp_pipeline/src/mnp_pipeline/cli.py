"""The pipeline's ``mnp`` subcommands (registered through the ``mnp.commands`` entry point).

Every command takes ``--database-url`` (default: ``MNP_DATABASE_URL``, else ``[database]
url`` of mnp.toml, else ``sqlite:///mnp.db``) and migrates the database before use, so a
fresh machine needs no set-up step. Settings not given as options come from
``MNP_<SECTION>_<KEY>`` variables, else from mnp.toml (see ``mnp_pipeline.config``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .config import ConfigError, lookup, mask_url
from .inventory import InventoryError, import_file
from .processing import Pipeline
from .storage.database import database_url, make_engine, session_factory, upgrade
from .storage.models import Maintenance, MaintForecastEventRow, Notification, NotificationState


def _config_error(exc: ConfigError) -> SystemExit:
    print(f"error: {exc}", file=sys.stderr)
    return SystemExit(2)


def _engine(url: str | None):
    try:
        return make_engine(url)
    except ConfigError as exc:
        raise _config_error(exc) from None


def _database(args: argparse.Namespace):
    engine = _engine(args.database_url)
    upgrade(engine)
    return session_factory(engine)


def _common(parser: argparse.ArgumentParser, default: object = None) -> argparse.ArgumentParser:
    parser.add_argument(
        "--database-url", default=default, help="default: $MNP_DATABASE_URL, else mnp.toml, else sqlite:///mnp.db"
    )
    return parser


def _source_kind(kinds, name: str, help: str) -> argparse.ArgumentParser:
    # SUPPRESS: a source's own --database-url must not reset the one given before it.
    return _common(kinds.add_parser(name, help=help), default=argparse.SUPPRESS)


def _env(name: str, default: object = None):
    """``$name``, else the mnp.toml key it overrides (``MNP_RT_QUEUE``: ``[rt] queue``), else ``default``."""
    try:
        value = lookup(name)
    except ConfigError as exc:
        raise _config_error(exc) from None
    return default if value is None else value


def _source(args: argparse.Namespace):
    if args.source == "dir":
        from .ingest.files import DirectorySource

        return DirectorySource(Path(args.path), move=args.move)
    if args.source == "maildir":
        from .ingest.files import MaildirSource

        return MaildirSource(Path(args.path))
    if args.source == "rt":
        from .ingest.base import Outcome
        from .ingest.rt import RequestTrackerSource

        url = args.url or _env("MNP_RT_URL")
        if not url:
            raise ValueError("expected an RT URL in --url or $MNP_RT_URL, found none")
        return RequestTrackerSource(
            url,
            queue=args.queue or _env("MNP_RT_QUEUE", "Maintenance"),
            token=_env("MNP_RT_TOKEN"),
            username=_env("MNP_RT_USER"),
            password=_env("MNP_RT_PASSWORD"),
            custom_field=args.custom_field or _env("MNP_RT_CUSTOM_FIELD", "MaintParseStatus"),
            status_on={Outcome.SUCCESS: args.resolve} if args.resolve else None,
        )
    from .ingest.imap import ImapSource

    user, password = args.user or _env("MNP_IMAP_USER"), _env("MNP_IMAP_PASSWORD")
    if not user or password is None:
        raise ValueError("expected an IMAP user in --user or $MNP_IMAP_USER and a password in $MNP_IMAP_PASSWORD")
    move_to = dict(item.split("=", 1) for item in args.move_to) if args.move_to else None
    return ImapSource(
        args.host or _env("MNP_IMAP_HOST", "127.0.0.1"),
        user,
        password,
        port=args.port or _env("MNP_IMAP_PORT"),
        mailbox=args.mailbox or _env("MNP_IMAP_MAILBOX", "INBOX"),
        security=args.security or _env("MNP_IMAP_SECURITY", "ssl"),
        move_to=move_to,
        report_mailbox=args.report_mailbox,
    )


def _add_source_args(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    kinds = parser.add_subparsers(dest="source", required=required, metavar="SOURCE")
    directory = _source_kind(kinds, "dir", "a directory of .eml/.txt files (backfills)")
    directory.add_argument("path")
    directory.add_argument("--move", action="store_true", help="move each file into <path>/<outcome>/")
    maildir = _source_kind(kinds, "maildir", "a Maildir")
    maildir.add_argument("path")
    rt = _source_kind(kinds, "rt", "Request Tracker 5 (REST 2.0); token in $MNP_RT_TOKEN")
    rt.add_argument("--url", help="default: $MNP_RT_URL")
    rt.add_argument("--queue", help="default: $MNP_RT_QUEUE, else mnp.toml, else Maintenance")
    rt.add_argument("--custom-field", help="the ticket custom field that holds the label (default: MaintParseStatus)")
    rt.add_argument("--resolve", metavar="STATUS", help="also set this ticket status on success (e.g. resolved)")
    imap = _source_kind(kinds, "imap", "an IMAP mailbox; password in $MNP_IMAP_PASSWORD")
    imap.add_argument("--host")
    imap.add_argument("--port", type=int, default=None)
    imap.add_argument("--user")
    imap.add_argument("--mailbox", help="default: INBOX")
    imap.add_argument("--security", choices=["ssl", "starttls", "plain"], help="default: ssl")
    imap.add_argument("--move-to", action="append", metavar="OUTCOME=FOLDER",
                      help="move labelled mail, e.g. MaintParseSuccess=Processed (default: keywords only)")
    imap.add_argument("--report-mailbox", help="also file a short report of each outcome in this folder")


def _cmd_db(args: argparse.Namespace) -> int:
    engine = _engine(args.database_url)
    upgrade(engine)
    from .storage.database import current_revision

    print(f"{mask_url(database_url(args.database_url))}: at revision {current_revision(engine)}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    sessions = _database(args)
    try:
        with sessions() as session, session.begin():
            counts = import_file(session, Path(args.file), args.kind)
    except InventoryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for kind, (created, updated) in counts.items():
        print(f"{kind}: {created} created, {updated} updated")
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest.base import IngestError

    pipeline = Pipeline(_database(args))
    try:
        report = pipeline.ingest(_source(args))
    except (IngestError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    for result in report.results:
        print(f"  {result.ticket_id}: {result.outcome.value}: {result.comment}")
    return 0


def _cmd_process(args: argparse.Namespace) -> int:
    results = Pipeline(_database(args)).process_pending()
    for result in results:
        print(f"{result.ticket_id}: {result.outcome.value}: {result.comment}")
    print(f"processed {len(results)}")
    return 0


def _cmd_notifications(args: argparse.Namespace) -> int:
    sessions = _database(args)
    with sessions() as session:
        query = select(Notification).order_by(Notification.received_at)
        if args.failed:
            query = query.where(Notification.state == NotificationState.FAILED)
        elif args.state:
            query = query.where(Notification.state == args.state)
        rows = list(session.scalars(query))
        if args.json:
            print(json.dumps([_notification_json(n) for n in rows], indent=2))
        else:
            for n in rows:
                detail = f"{n.error_type}: {n.error}" if n.error else (n.parser or "")
                print(f"{n.notification_id}  {n.source}:{n.ticket_id}  {n.state:<9}  {n.subject or ''}  {detail}")
    return 0


def _notification_json(n: Notification) -> dict:
    return {
        "notificationId": str(n.notification_id),
        "source": n.source,
        "ticketId": n.ticket_id,
        "sha256": n.sha256,
        "state": n.state,
        "outcome": n.outcome,
        "errorType": n.error_type,
        "error": n.error,
        "parser": n.parser,
        "subject": n.subject,
        "receivedAt": n.received_at.isoformat().replace("+00:00", "Z"),
    }


def _cmd_reprocess(args: argparse.Namespace) -> int:
    ids = [uuid.UUID(i) for i in args.ids] if args.ids else None
    results = Pipeline(_database(args)).reprocess(ids)
    for result in results:
        print(f"{result.ticket_id}: {result.outcome.value}: {result.comment}")
    print(f"reprocessed {len(results)}")
    return 0


def _cmd_report_unmatched(args: argparse.Namespace) -> int:
    sessions = _database(args)
    with sessions() as session:
        rows = session.execute(
            select(MaintForecastEventRow.provider, MaintForecastEventRow.parsed_vendor_circuit_id)
            .where(MaintForecastEventRow.current.is_(True), MaintForecastEventRow.internal_circuit_id.is_(None))
            .distinct()
            .order_by(MaintForecastEventRow.provider, MaintForecastEventRow.parsed_vendor_circuit_id)
        ).all()
    for provider, circuit in rows:
        print(f"{provider}\t{circuit if circuit is not None else '(no circuit named)'}")
    print(f"{len(rows)} unmatched vendor circuit id(s)")
    return 0


def _cmd_maintenances(args: argparse.Namespace) -> int:
    sessions = _database(args)
    with sessions() as session:
        query = select(Maintenance).order_by(Maintenance.provider, Maintenance.maintenance_id)
        if args.provider:
            query = query.where(Maintenance.provider == args.provider)
        for maintenance in session.scalars(query):
            events = list(
                session.scalars(
                    select(MaintForecastEventRow)
                    .where(MaintForecastEventRow.maintenance_pk == maintenance.maintenance_pk)
                    .where(MaintForecastEventRow.current.is_(True) if not args.history else True)
                    .order_by(MaintForecastEventRow.begin_window)
                )
            )
            print(f"{maintenance.provider} {maintenance.maintenance_id}: {maintenance.status}")
            for event in events:
                flag = "" if event.current else "  (superseded)"
                print(
                    f"  {event.begin_window:%Y-%m-%d %H:%M}Z - {event.end_window:%Y-%m-%d %H:%M}Z  "
                    f"{event.status:<12} {event.parsed_vendor_circuit_id or '-'}{flag}"
                )
    return 0


def _cmd_worker(args: argparse.Namespace) -> int:
    from .ingest.base import IngestError

    pipeline = Pipeline(_database(args))
    source = _source(args) if args.source else None
    batch = args.batch if args.batch is not None else _env("MNP_WORKER_BATCH", 100)
    interval = args.interval if args.interval is not None else _env("MNP_WORKER_INTERVAL", 30.0)
    while True:
        results = []
        try:
            if source is not None:
                report = pipeline.ingest(source)
                if report.fetched:
                    print(report.summary(), flush=True)
            results = pipeline.process_pending(limit=batch)
        except (IngestError, SQLAlchemyError) as exc:
            # A helpdesk or database hiccup must not end a long-running worker: what it
            # held rolled back and stays pending, so the next pass takes it up again.
            print(f"mnp worker: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
            if args.once:
                return 1
        if results:
            print(f"processed {len(results)}", flush=True)
        if args.once:
            return 0
        if not results:
            time.sleep(interval)


def register_commands(commands: argparse._SubParsersAction) -> None:
    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    _common(db_commands.add_parser("upgrade", help="migrate to the latest schema")).set_defaults(run=_cmd_db)

    imp = _common(commands.add_parser("import", help="import inventory (vendors, circuits, ports, protection groups)"))
    imp.add_argument("file", help="a .csv (one kind) or .yaml (several sections) file")
    imp.add_argument("--kind", choices=["vendors", "protection_groups", "circuits", "ports"])
    imp.set_defaults(run=_cmd_import)

    ingest = _common(commands.add_parser("ingest", help="fetch new notices from a source, parse, store, label"))
    _add_source_args(ingest)
    ingest.set_defaults(run=_cmd_ingest)

    _common(commands.add_parser("process", help="process stored pending notifications")).set_defaults(
        run=_cmd_process
    )

    notes = _common(commands.add_parser("notifications", help="stored notifications (the dead-letter queue)"))
    notes.add_argument("--failed", action="store_true", help="only those whose parse failed")
    notes.add_argument("--state", choices=[s.value for s in NotificationState])
    notes.add_argument("--json", action="store_true")
    notes.set_defaults(run=_cmd_notifications)

    again = _common(commands.add_parser("reprocess", help="parse failed notifications again (after a plugin upgrade)"))
    again.add_argument("ids", nargs="*", help="notification ids (default: every failed one)")
    again.set_defaults(run=_cmd_reprocess)

    report = commands.add_parser("report", help="reports")
    reports = report.add_subparsers(dest="report", required=True)
    _common(reports.add_parser("unmatched", help="vendor circuit ids no circuit matched")).set_defaults(
        run=_cmd_report_unmatched
    )

    maint = _common(commands.add_parser("maintenances", help="maintenances and their current windows"))
    maint.add_argument("--provider")
    maint.add_argument("--history", action="store_true", help="include superseded events")
    maint.set_defaults(run=_cmd_maintenances)

    worker = commands.add_parser(
        "worker",
        help="ingest and process continuously (several may share one PostgreSQL)",
        description="Fetch from SOURCE (if given) and process pending notifications, again and again. "
        "Without a source it only processes what others stored.",
    )
    _common(worker)
    worker.add_argument("--interval", type=float, help="seconds to wait when idle (default: 30)")
    worker.add_argument("--batch", type=int, help="notifications per pass (default: 100)")
    worker.add_argument("--once", action="store_true", help="one pass, then exit")
    _add_source_args(worker, required=False)
    worker.set_defaults(run=_cmd_worker)
