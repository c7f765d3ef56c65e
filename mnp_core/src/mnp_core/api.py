"""``parse_email``: the one call a library user needs."""

from __future__ import annotations

import threading

from pydantic import ValidationError

from .exceptions import MaintParseException, NoParserFound, ParserFailed
from .message import DecodedNotice
from .models import MaintForecastEvent, MaintMessageObj
from .parser import Parser
from .plugins import Registry, load_registry, trace
from .router import Router

_lock = threading.Lock()
_state: tuple[Registry, Router] | None = None


def registry() -> Registry:
    """The process-wide registry, loaded on first use."""
    return _loaded()[0]


def router() -> Router:
    return _loaded()[1]


def _loaded() -> tuple[Registry, Router]:
    global _state
    if _state is None:
        with _lock:
            if _state is None:
                reg = load_registry()
                _state = (reg, Router(reg.parsers))
    return _state


def reset_plugins(*extra_plugins: object) -> Registry:
    """Reload every plugin (after installing one, or to add ``extra_plugins`` in tests)."""
    global _state
    with _lock:
        reg = load_registry(extra_plugins=extra_plugins)
        _state = (reg, Router(reg.parsers))
    return reg


def _forced(provider: str) -> Parser:
    parsers = registry().parsers
    if provider in parsers:
        return parsers[provider]
    for parser in parsers.values():
        if parser.provider == provider:
            return parser
    raise NoParserFound(
        f"expected an installed parser named {provider!r}, found {', '.join(sorted(parsers)) or 'none'}"
    )


def run_parser(parser: Parser, notice: DecodedNotice) -> MaintMessageObj:
    """Run one parser under the guard that turns any failure into a typed error."""
    where = f"subject {notice.subject!r}"
    try:
        result = parser.parse(notice)
        if isinstance(result, MaintMessageObj):
            message = result
        else:
            events = list(result or [])
            bad = [type(e).__name__ for e in events if not isinstance(e, MaintForecastEvent)]
            if bad:
                raise TypeError(f"expected MaintForecastEvent objects, found {', '.join(bad)}")
            message = parser.message(notice, events)
    except MaintParseException:
        raise
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'event'}: {err['msg']}" for err in exc.errors()[:3]
        )
        raise ParserFailed(problems, parser=parser.name, version=parser.version, where=where) from exc
    except Exception as exc:  # the guard: a plugin bug must surface as a typed error
        # A toolkit error often names the subject already; saying it twice helps nobody.
        named = bool(notice.subject) and notice.subject in str(exc)
        raise ParserFailed(
            f"{type(exc).__name__}: {exc}", parser=parser.name, version=parser.version, where=None if named else where
        ) from exc
    if not message.events:
        raise ParserFailed(
            "expected at least one maintenance window, found none",
            parser=parser.name,
            version=parser.version,
            where=where,
        )
    return message


def parse_email(raw: bytes | str, *, provider: str | None = None) -> MaintMessageObj:
    """Parse one maintenance notice (a whole RFC 5322 email) into a MaintMessageObj.

    The router picks the parser from the sender, subject and content; ``provider`` forces
    one by parser name. Raises only ``MaintParseException`` subclasses: ``InvalidMessage``,
    ``NoParserFound``, ``NotAMaintenance`` or ``ParserFailed``.
    """
    try:
        notice = DecodedNotice(raw)
        parser = _forced(provider) if provider else router().route(notice)
    except MaintParseException:
        raise
    except Exception as exc:  # decoding and routing bugs are still typed errors
        from .exceptions import InvalidMessage

        raise InvalidMessage(f"expected a decodable email, found: {type(exc).__name__}: {exc}") from exc
    trace(f"parsing with {parser.name} ({parser.label})")
    return run_parser(parser, notice)
