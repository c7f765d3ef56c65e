"""``mnp demo [--database-url URL] [--serve [--host H] [--port P]]`` (entry point ``demo``
of group ``mnp.commands``)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from sqlalchemy import func, select

from ..config import ConfigError, mask_url
from ..storage.database import make_engine, session_factory, upgrade
from ..storage.models import Circuit, Notification
from . import DEMO_NOW, load_demo, summary


def _cmd_demo(args: argparse.Namespace) -> int:
    # Never the configured database ($MNP_DATABASE_URL, mnp.toml): the demo writes sample
    # data, so it gets its own file unless it is named explicitly.
    workdir = Path(tempfile.mkdtemp(prefix="mnp-demo-"))
    url = args.database_url or f"sqlite:///{workdir / 'mnp-demo.db'}"
    try:
        engine = make_engine(url)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    upgrade(engine)
    sessions = session_factory(engine)
    with sessions() as session:
        held = (session.scalar(select(func.count()).select_from(Circuit)) or 0) + (
            session.scalar(select(func.count()).select_from(Notification)) or 0)
    if held:
        # Mixing sample carriers into real inventory would be hard to undo.
        print(f"error: expected an empty database, found {held} circuits and notifications in {mask_url(url)}; "
              "name a new one with --database-url", file=sys.stderr)
        return 2
    run = load_demo(sessions, workdir)
    sys.stdout.write(summary(sessions, run))
    print(f"\ndatabase: {mask_url(url)}")
    if not args.serve:
        print(f"next: mnp demo --serve, or mnp maintenances --database-url {mask_url(url)}")
        return 0
    import uvicorn

    from ..service import create_app

    # The UI's clock is pinned to the demo's, so "in progress" and "next 7 days" show the
    # 2031 sample windows.
    app = create_app(sessions, settings={"now": DEMO_NOW})
    print(f"serving the web UI on http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def register_commands(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser(
        "demo",
        help="run the whole pipeline on bundled sample data in a fresh database and show what it found",
        description="Import a sample inventory and SLA, ingest 13 carrier notices, detect outages in a syslog "
        "file, evaluate the SLA, and print the maintenances, outages, breaches and credits. The data is "
        f"from 2031: the demo's clock is {DEMO_NOW:%Y-%m-%d %H:%M} UTC.",
    )
    demo.add_argument("--database-url", help="an empty database (default: mnp-demo.db in a new temporary directory)")
    demo.add_argument("--serve", action="store_true", help="then serve the web UI on it")
    demo.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (the UI's read-only pages are open)")
    demo.add_argument("--port", type=int, default=8000, help="default: 8000")
    demo.set_defaults(run=_cmd_demo)


__all__ = ["register_commands"]
