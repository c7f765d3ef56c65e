"""``mnp detect-outages``, ``mnp syslog-listen`` and ``mnp outages`` (registered through the
``mnp.commands`` entry point)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from ..storage.database import make_engine, session_factory, upgrade
from ..storage.models import Circuit, CircuitOutageEvent
from .assembly import FlapRules
from .clock import TimeSettings, zone_named
from .detector import OutageDetector
from .formats import LogReader
from .sources import Elasticsearch, JsonLines, LogSource, SyslogFiles


def _database(args: argparse.Namespace):
    engine = make_engine(args.database_url)
    upgrade(engine)
    return session_factory(engine)


def _seconds(text: str) -> timedelta:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected seconds >= 0, found {text}")
    return timedelta(seconds=value)


def _common(parser: argparse.ArgumentParser, default: object = None) -> argparse.ArgumentParser:
    parser.add_argument("--database-url", default=default, help="default: $MNP_DATABASE_URL, else sqlite:///mnp.db")
    return parser


def _reading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--min-duration", type=_seconds, default=timedelta(0), metavar="SECONDS",
                        help="drop outages shorter than this (flaps); default 0")
    parser.add_argument("--hold-down", type=_seconds, default=timedelta(0), metavar="SECONDS",
                        help="a port must stay up this long for an outage to end; default 0")
    parser.add_argument("--clock-tolerance", type=_seconds, default=timedelta(seconds=5), metavar="SECONDS",
                        help="how far apart two ends' clocks may be; default 5")
    parser.add_argument("--timezone", default="UTC", help="zone of device clocks that name none; default UTC")
    parser.add_argument("--device-timezone", action="append", default=[], metavar="DEVICE=ZONE",
                        help="one device's clock zone (IANA name), e.g. rtr1.fra=Europe/Berlin")
    parser.add_argument("--collector-timezone", default="UTC",
                        help="zone of syslog headers written without an offset; default UTC")


def _detector(args: argparse.Namespace) -> OutageDetector:
    zones = {}
    for item in args.device_timezone:
        device, _, zone = item.partition("=")
        zones[device.strip().lower()] = zone_named(zone)
    settings = TimeSettings(zone_named(args.timezone), zones, zone_named(args.collector_timezone))
    rules = FlapRules(args.min_duration, args.hold_down, args.clock_tolerance)
    return OutageDetector(_database(args), reader=LogReader(settings=settings), rules=rules)


def _sources(args: argparse.Namespace) -> list[LogSource]:
    if args.source == "file":
        return [SyslogFiles([Path(p) for p in args.paths])]
    if args.source == "jsonl":
        return [JsonLines([Path(p) for p in args.paths])]
    if args.source == "elasticsearch":
        query = {"query_string": {"query": args.query}} if args.query else None
        return [Elasticsearch(args.url, args.index, query=query, time_field=args.time_field,
                              message_field=args.message_field, page_size=args.page_size,
                              lag=timedelta(seconds=args.lag))]
    return []


def _cmd_detect(args: argparse.Namespace) -> int:
    try:
        detector = _detector(args)
        if args.source is None:
            report = detector.recompute(None)
        else:
            report = detector.run(_sources(args))
            if args.recompute_all:
                detector.recompute(None, report)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    for (device, interface), count in sorted(report.unmapped.items())[:20]:
        print(f"  no circuit: {device} {interface} ({count} events)")
    return 0


def _cmd_listen(args: argparse.Namespace) -> int:
    from .receiver import SpoolFile, SyslogReceiver

    if args.spool:
        sink = SpoolFile(Path(args.spool))
        target = f"spool {args.spool}"
    else:
        detector = _detector(args)
        sink = detector.receive
        target = "the database"
    receiver = SyslogReceiver(sink, args.host, args.port, udp=not args.tcp_only, tcp=not args.udp_only,
                              flush_interval=args.flush_interval)

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, receiver.stop)
        task = asyncio.create_task(receiver.serve())
        await asyncio.to_thread(receiver.ready.wait)
        print(f"listening on {args.host} udp {receiver.udp_port} tcp {receiver.tcp_port}, writing to {target}",
              flush=True)
        await task

    asyncio.run(serve())
    print(f"received {receiver.received} messages")
    return 0


def _cmd_outages(args: argparse.Namespace) -> int:
    sessions = _database(args)
    with sessions() as session:
        query = (select(CircuitOutageEvent, Circuit.name)
                 .join(Circuit, Circuit.internal_circuit_id == CircuitOutageEvent.internal_circuit_id)
                 .order_by(Circuit.name, CircuitOutageEvent.begin_outage))
        if args.circuit:
            query = query.where(Circuit.name == args.circuit)
        rows = session.execute(query).all()
    found = []
    for outage, name in rows:
        found.append({
            "circuitOutageEventId": str(outage.circuit_outage_event_id),
            "circuit": name,
            "beginOutage": outage.begin_outage.isoformat().replace("+00:00", "Z") if outage.begin_outage else None,
            "endOutage": outage.end_outage.isoformat().replace("+00:00", "Z") if outage.end_outage else None,
            "provisional": outage.provisional,
            "operatorCaused": outage.operator_caused,
            "upWithoutDown": outage.up_without_down,
        })
    if args.json:
        print(json.dumps(found, indent=2))
        return 0
    for item in found:
        flags = [f for f, on in (("provisional", item["provisional"]), ("operator", item["operatorCaused"]),
                                 ("up-without-down", item["upWithoutDown"])) if on]
        print(f"{item['circuit']}  {item['beginOutage'] or '?'} - {item['endOutage'] or 'open'}  {' '.join(flags)}")
    print(f"{len(found)} outage(s)")
    return 0


def register_commands(commands: argparse._SubParsersAction) -> None:
    detect = _common(commands.add_parser(
        "detect-outages", help="read new device logs and write CircuitOutageEvent rows",
        description="Read what is new in a log source (each source keeps a cursor), store the interface "
        "up/down events it reports, and recompute the outages of the circuits they touch. "
        "Without a source, recompute every circuit (e.g. after changing the flap rules or the ports)."))
    _reading_options(detect)
    detect.add_argument("--recompute-all", action="store_true", help="recompute every circuit after reading")
    kinds = detect.add_subparsers(dest="source", required=False, metavar="SOURCE")
    files = kinds.add_parser("file", help="syslog files, plain or gzipped, live or rotated")
    files.add_argument("paths", nargs="+", metavar="PATH")
    jsonl = kinds.add_parser("jsonl", help="JSON lines (the receiver's spool, Logstash, journald)")
    jsonl.add_argument("paths", nargs="+", metavar="PATH")
    es = kinds.add_parser("elasticsearch", help="Elasticsearch/OpenSearch; $MNP_ES_API_KEY or $MNP_ES_USER/PASSWORD")
    es.add_argument("url")
    es.add_argument("--index", required=True, help="index or pattern, e.g. logs-network-*")
    es.add_argument("--query", help="a query_string narrowing the search, e.g. 'message:(UPDOWN OR linkDown)'")
    es.add_argument("--time-field", default="@timestamp")
    es.add_argument("--message-field", default=None, help="default: message, event.original, ...")
    es.add_argument("--page-size", type=int, default=1000)
    es.add_argument("--lag", type=float, default=300.0, help="seconds re-read each run for late documents")
    detect.set_defaults(run=_cmd_detect)

    listen = _common(commands.add_parser(
        "syslog-listen", help="receive syslog on UDP and TCP into the database or a spool file"))
    _reading_options(listen)
    listen.add_argument("--host", default=os.environ.get("MNP_SYSLOG_HOST", "0.0.0.0"))
    listen.add_argument("--port", type=int, default=514)
    listen.add_argument("--udp-only", action="store_true")
    listen.add_argument("--tcp-only", action="store_true")
    listen.add_argument("--spool", metavar="PATH", help="append JSON lines here instead of writing the database")
    listen.add_argument("--flush-interval", type=float, default=2.0, help="seconds between writes")
    listen.set_defaults(run=_cmd_listen)

    listing = _common(commands.add_parser("outages", help="CircuitOutageEvent rows"))
    listing.add_argument("--circuit", help="only this circuit (its name)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=_cmd_outages)


__all__ = ["register_commands"]
