"""Command line: ``mnp-parse`` (the seed's command) and ``mnp`` (plugins, parse)."""

from __future__ import annotations

import argparse
import json
import sys
from importlib.metadata import entry_points
from pathlib import Path

from . import api
from .exceptions import MaintParseException
from .router import Router


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    return Path(path).read_bytes()


def _parse_command(args: argparse.Namespace) -> int:
    try:
        raw = _read(args.input_file)
    except OSError as exc:
        print(f"error: cannot read {args.input_file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        message = api.parse_email(raw, provider=args.provider)
    except MaintParseException as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(message.to_json_dict(), indent=2, ensure_ascii=False))
    return 0


def _add_parse_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input-file", "-i", required=True, help="an .eml/.txt email, or - for stdin")
    parser.add_argument("--provider", "-p", help="force this parser instead of routing")


def parse_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="mnp-parse", description="Parse one maintenance notice and print its MaintMessageObj JSON."
    )
    _add_parse_args(parser)
    return _parse_command(parser.parse_args(argv))


def _plugins_command(args: argparse.Namespace) -> int:
    registry = api.registry()
    router = Router(registry.parsers)
    rows = []
    for parser in sorted(registry.parsers.values(), key=lambda p: p.name):
        claims = list(parser.senders)
        if parser.claims_any_calendar:
            claims.append("any BCOP iCalendar")
        if parser.claims_unclaimed:
            claims.append("any notice no other parser claims (for review)")
        rows.append(
            {
                "name": parser.name,
                "distribution": parser.distribution,
                "version": parser.version,
                "senders": list(parser.senders),
                "subjects": list(parser.subjects),
                "claims": claims,
            }
        )
    overlaps = [str(o) for o in router.overlaps()]
    errors = [f"{e.entry_point} ({e.distribution}): {e.error}" for e in registry.load_errors]
    if args.json:
        print(json.dumps({"parsers": rows, "overlaps": overlaps, "loadErrors": errors}, indent=2))
    else:
        width = max((len(r["name"]) for r in rows), default=4)
        dwidth = max((len(r["distribution"]) for r in rows), default=4)
        for row in rows:
            claims = ", ".join(row["claims"]) or "-"
            subjects = f"  subjects: {' | '.join(row['subjects'])}" if row["subjects"] else ""
            print(f"{row['name']:<{width}}  {row['distribution']:<{dwidth}}  {row['version']:<8}  {claims}{subjects}")
        for line in overlaps:
            print(f"overlap: {line}")
        for line in errors:
            print(f"load error: {line}")
    return 1 if overlaps or errors else 0


def _new_vendor_command(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_vendor

    try:
        made = new_vendor(args.name, Path(args.sample), directory=Path(args.dir), sender=args.sender)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"created {made.package} and {made.sample} (snapshot {made.snapshot.name})")
    for todo in made.todos:
        print(f"todo: {todo}")
    print("add this line to the README's carrier table:")
    print(made.readme_line)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mnp", description="Maintenance Notice Processor")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse one notice and print its JSON")
    _add_parse_args(parse)
    parse.set_defaults(run=_parse_command)
    plugins = commands.add_parser("plugins", help="list installed parsers and what they claim")
    plugins.add_argument("--json", action="store_true", help="machine-readable output")
    plugins.set_defaults(run=_plugins_command)
    scaffold = commands.add_parser("new-vendor", help="create vendor_plugins/NAME from a sample notice")
    scaffold.add_argument("name", help="the carrier's name: lower-case letters and digits")
    scaffold.add_argument("--from", dest="sample", required=True, help="a sample notice (.eml)")
    scaffold.add_argument("--dir", default="vendor_plugins", help="where carrier packages live (default: vendor_plugins)")
    scaffold.add_argument("--sender", help="the carrier's sender domain (default: the sample's From domain)")
    scaffold.set_defaults(run=_new_vendor_command)
    _add_installed_commands(commands)
    args = parser.parse_args(argv)
    return args.run(args)


def _add_installed_commands(commands: argparse._SubParsersAction) -> None:
    """Subcommands of installed packages (entry-point group ``mnp.commands``): each entry
    point is a callable taking the subparsers object. A broken one is reported, not fatal."""
    for ep in sorted(entry_points(group="mnp.commands"), key=lambda e: e.name):
        try:
            ep.load()(commands)
        except Exception as exc:
            print(f"mnp: cannot load commands of {ep.name}: {type(exc).__name__}: {exc}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
