"""Benchmark: notifications per second from a directory of emails into SQLite and PostgreSQL,
with 1 and 4 workers, beside parse-only throughput measured in the same run.

The directory holds N emails (default 10,000) made from the corpus (or the project's own
samples) with distinct Message-IDs, so none is a duplicate of another. Storing (the
directory source) and processing (``mnp worker --once`` processes) are timed together.

    python bench/bench_ingest.py [--count N] [--postgres URL] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

import mnp_core
from mnp_pipeline.ingest.files import DirectorySource
from mnp_pipeline.processing import Pipeline
from mnp_pipeline.storage.database import make_engine, session_factory, upgrade

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
_MESSAGE_ID = re.compile(rb"^Message-ID:.*\r?\n", re.IGNORECASE | re.MULTILINE)


def sources(corpus: Path) -> list[bytes]:
    found = [p.read_bytes() for p in sorted(corpus.glob("*/*/message.eml"))]
    if not found:
        root = HERE.parent / "test_emails"
        found = [p.read_bytes() for p in sorted(root.rglob("*")) if p.suffix in (".eml", ".txt")]
    return found


def make_directory(root: Path, count: int, corpus: Path) -> None:
    originals = sources(corpus)
    for n in range(count):
        raw = _MESSAGE_ID.sub(b"", originals[n % len(originals)])
        (root / f"{n:06d}.eml").write_bytes(f"Message-ID: <bench-{n}@mnp.invalid>\r\n".encode() + raw)


def parse_only(root: Path) -> float:
    files = sorted(root.glob("*.eml"))
    start = time.perf_counter()
    for path in files:
        try:
            mnp_core.parse_email(path.read_bytes())
        except mnp_core.MaintParseException:
            pass
    return len(files) / (time.perf_counter() - start)


def run(url: str, root: Path, workers: int) -> float:
    engine = make_engine(url)
    upgrade(engine)
    start = time.perf_counter()
    pipeline = Pipeline(session_factory(engine))
    for ticket in DirectorySource(root).fetch_new():
        pipeline.receive(ticket)
    code = "import sys; from mnp_core.cli import main; sys.exit(main())"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, "worker", "--once", "--batch", "1000000", "--database-url", url])
        for _ in range(workers)
    ]
    for proc in procs:
        proc.wait()
    elapsed = time.perf_counter() - start
    engine.dispose()
    return len(list(root.glob("*.eml"))) / elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                    help="an admin URL; a scratch database is made and dropped")
    args = ap.parse_args(argv)
    mnp_core.registry()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "mail"
        root.mkdir()
        make_directory(root, args.count, args.corpus)
        print(f"{args.count} emails; parse only (1 process): {parse_only(root):.0f} notifications/s")
        for workers in (1, 4):
            rate = run(f"sqlite:///{Path(tmp) / f'bench-{workers}.db'}", root, workers)
            print(f"SQLite,     {workers} worker(s): {rate:.0f} notifications/s")
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        for workers in (1, 4):
            name = f"mnp_bench_{uuid.uuid4().hex[:8]}"
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                rate = run(args.postgres.rsplit("/", 1)[0] + "/" + name, root, workers)
                print(f"PostgreSQL, {workers} worker(s): {rate:.0f} notifications/s")
            finally:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
