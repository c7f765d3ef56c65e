"""Sessions: tests, lint, corpus, bench (and generic once it exists).

Every session runs in the workspace's own environment (``uv sync --all-packages``), so
the packages under test are exactly the checked-out ones.
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.default_venv_backend = "none"
nox.options.sessions = ["tests", "lint"]

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT.parent / "shared" / "corpus"
SYNC = ("uv", "sync", "--all-packages", "--locked")


def _python(session: nox.Session, *args: str) -> None:
    session.run("uv", "run", "--all-packages", "--locked", "python", *args, external=True)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite (property tests at 2,000 examples when CI is set)."""
    session.run(*SYNC, external=True)
    _python(session, "-m", "pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.run(*SYNC, external=True)
    _python(session, "-m", "ruff", "check", ".")


@nox.session
def corpus(session: nox.Session) -> None:
    """Score the library against ../shared/corpus, exactly as a user calls it."""
    if not CORPUS.is_dir():
        session.skip(f"{CORPUS} is not present")
    session.run(*SYNC, external=True)
    _python(session, str(CORPUS.parent / "tools" / "score_corpus.py"), str(CORPUS), *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """parse_email per corpus message beside the stdlib floor; routing with 1 and 200 parsers."""
    session.run(*SYNC, external=True)
    _python(session, "bench/bench_parse.py", *session.posargs)


@nox.session(name="bench-ingest")
def bench_ingest(session: nox.Session) -> None:
    """Notifications per second into SQLite and PostgreSQL with 1 and 4 workers, beside parse-only."""
    session.run(*SYNC, external=True)
    _python(session, "bench/bench_ingest.py", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site into site/ (any warning fails); `-- serve` serves it instead."""
    session.run(*SYNC, external=True)
    if session.posargs[:1] == ["serve"]:
        _python(session, "-m", "mkdocs", "serve", *session.posargs[1:])
    else:
        _python(session, "-m", "mkdocs", "build", "--strict", *session.posargs)


@nox.session
def generic(session: nox.Session) -> None:
    """Leave-one-carrier-out: the generic parser alone on each carrier of ../shared/corpus."""
    if not CORPUS.is_dir():
        session.skip(f"{CORPUS} is not present")
    session.run(*SYNC, external=True)
    _python(session, "bench/generic_loo.py", str(CORPUS), *session.posargs)


@nox.session(name="bench-outages")
def bench_outages(session: nox.Session) -> None:
    """Outage detection lines/s over a generated 1M-line mixed-vendor syslog, beside the read-and-split floor."""
    session.run(*SYNC, external=True)
    _python(session, "bench/bench_outages.py", *session.posargs)


@nox.session(name="bench-sla")
def bench_sla(session: nox.Session) -> None:
    """SLA evaluation on PostgreSQL: 10k circuits, 50k maintenance events, 10k/100k/1M outages; cost per outage."""
    session.run(*SYNC, external=True)
    _python(session, "bench/bench_sla.py", *session.posargs)
