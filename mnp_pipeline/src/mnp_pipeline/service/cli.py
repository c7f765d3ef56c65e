"""``mnp serve`` and ``mnp token create|list|revoke`` (entry point ``mnp.commands``: ``service``)."""

from __future__ import annotations

import argparse
import json
import sys

from sqlalchemy import select

from ..config import ConfigError, load_config, mask_url
from ..storage.database import database_url, make_engine, session_factory, upgrade
from ..storage.models import ApiToken, ApiTokenScope


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _sessions(args: argparse.Namespace):
    engine = make_engine(args.database_url)
    upgrade(engine)
    return session_factory(engine)


def _common(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--database-url", help="default: $MNP_DATABASE_URL, else mnp.toml, else sqlite:///mnp.db"
    )
    return parser


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app

    try:
        settings = load_config().service
        sessions = _sessions(args)
    except ConfigError as exc:
        return _fail(str(exc))
    host = args.host or settings.host
    port = args.port or settings.port
    if args.public_read:
        settings = settings.model_copy(update={"public_read": True})
    app = create_app(sessions, settings=settings.model_dump())
    print(
        f"mnp serve: {mask_url(database_url(args.database_url))} on http://{host}:{port}/ "
        f"(API /api/v1, docs /api/v1/docs; reads {'public' if settings.public_read else 'need a token'}; "
        f"webhook {'on' if settings.webhook_secret else 'off: no webhook_secret'})",
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, log_level=args.log_level, proxy_headers=True)
    return 0


def _cmd_token_create(args: argparse.Namespace) -> int:
    from .auth import create_token

    try:
        sessions = _sessions(args)
        with sessions() as session, session.begin():
            token, secret = create_token(session, args.name, args.scope)
            token_id = token.id
    except (ConfigError, ValueError) as exc:
        return _fail(str(exc))
    print(f"created token {args.name!r} ({args.scope}), id {token_id}", file=sys.stderr)
    print("the secret is shown only now; keep it:", file=sys.stderr)
    print(secret)
    return 0


def _cmd_token_list(args: argparse.Namespace) -> int:
    try:
        sessions = _sessions(args)
    except ConfigError as exc:
        return _fail(str(exc))
    with sessions() as session:
        query = select(ApiToken).order_by(ApiToken.created_at, ApiToken.name)
        if not args.all:
            query = query.where(ApiToken.revoked.is_(False))
        tokens = list(session.scalars(query))
    rows = [
        {
            "id": str(t.id),
            "name": t.name,
            "scope": t.scope,
            "createdAt": t.created_at.isoformat().replace("+00:00", "Z"),
            "lastUsedAt": t.last_used_at.isoformat().replace("+00:00", "Z") if t.last_used_at else None,
            "revoked": t.revoked,
        }
        for t in tokens
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        used = row["lastUsedAt"] or "never used"
        print(f"{row['id']}  {row['name']:<20} {row['scope']:<6} created {row['createdAt']}  {used}"
              f"{'  REVOKED' if row['revoked'] else ''}")
    print(f"{len(rows)} token(s)")
    return 0


def _cmd_token_revoke(args: argparse.Namespace) -> int:
    from .auth import find_tokens

    try:
        sessions = _sessions(args)
    except ConfigError as exc:
        return _fail(str(exc))
    with sessions() as session, session.begin():
        tokens = find_tokens(session, args.token)
        if not tokens:
            return _fail(f"no token with id or name {args.token!r} (see mnp token list)")
        if len(tokens) > 1:
            ids = ", ".join(str(t.id) for t in tokens)
            return _fail(f"{len(tokens)} tokens are named {args.token!r}: revoke one by its id ({ids})")
        token = tokens[0]
        token.revoked = True
        print(f"revoked token {token.name!r} ({token.scope}), id {token.id}")
    return 0


def register_commands(commands: argparse._SubParsersAction) -> None:
    serve = _common(commands.add_parser(
        "serve",
        help="the operator service: REST API, webhook, iCalendar feed, metrics, web UI",
        description="Serve the REST API (/api/v1), the helpdesk webhook, the iCalendar feed (/feeds), Prometheus "
        "metrics (/metrics) and the web UI. Settings: [service] in mnp.toml or MNP_SERVICE_* variables.",
    ))
    serve.add_argument("--host", help="default: [service] host, else 127.0.0.1")
    serve.add_argument("--port", type=int, help="default: [service] port, else 8000")
    serve.add_argument("--public-read", action="store_true", help="serve reads without a token ([service] public_read)")
    serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    serve.set_defaults(run=_cmd_serve)

    token = commands.add_parser("token", help="API tokens of the operator service")
    tokens = token.add_subparsers(dest="token_command", required=True)
    create = _common(tokens.add_parser("create", help="create a token and print its secret (once)"))
    create.add_argument("name", help="who or what uses it, e.g. grafana")
    create.add_argument("--scope", choices=[s.value for s in ApiTokenScope], default=ApiTokenScope.READ.value,
                        help="read (default): every read; admin: writes too")
    create.set_defaults(run=_cmd_token_create)
    listing = _common(tokens.add_parser("list", help="tokens, without their secrets"))
    listing.add_argument("--all", action="store_true", help="revoked ones too")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=_cmd_token_list)
    revoke = _common(tokens.add_parser("revoke", help="revoke a token by id (or by name, when one has it)"))
    revoke.add_argument("token", metavar="ID|NAME")
    revoke.set_defaults(run=_cmd_token_revoke)
