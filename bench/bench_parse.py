"""Benchmark: parse_email per corpus message beside the floor, and routing with 1 vs 200 parsers.

The floor is decoding a whole email the standard library's way: email.message_from_bytes
plus decoding every leaf part (transfer encoding and charset). (mnp's own decoding of a
single-part notice skips the parser's line-by-line scan of the body, so for those it pays
less than the floor; the ratio is the whole parse_email against it all the same.) Run with
``nox -s bench`` or ``python bench/bench_parse.py [CORPUS_DIR] [--repeats N]``.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import statistics
import sys
import time
from pathlib import Path

import mnp_core
from mnp_core import Parser
from mnp_core.message import DecodedNotice
from mnp_core.router import Router

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"


def floor(raw: bytes) -> None:
    message = email.message_from_bytes(raw)
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and part.get_content_maintype() == "text":
            payload.decode(part.get_content_charset() or "utf-8", errors="replace")


def parse(raw: bytes) -> None:
    try:
        mnp_core.parse_email(raw)
    except mnp_core.MaintParseException:
        pass


def median_seconds(funcs, arg, repeats: int, rounds: int = 3) -> list[float]:
    """The median time of each of ``funcs`` on ``arg``.

    Each function runs its repeats back to back (so each finds its own caches warm, as
    in a steady stream of notices), split into rounds that take turns, so that a change
    in the machine's load during the run weighs on every function alike.
    """
    times: list[list[float]] = [[] for _ in funcs]
    per_round = max(1, -(-repeats // rounds))
    for _ in range(rounds):
        for func, taken in zip(funcs, times):
            for _ in range(per_round):
                start = time.perf_counter()
                func(arg)
                taken.append(time.perf_counter() - start)
    return [statistics.median(taken) for taken in times]


def messages(corpus: Path) -> list[tuple[str, bytes]]:
    found = [(f"{p.parent.parent.name}/{p.parent.name}", p.read_bytes()) for p in sorted(corpus.glob("*/*/message.eml"))]
    if not found:  # no shared corpus: fall back to the project's own samples
        root = HERE.parent / "test_emails"
        found = [(str(p.relative_to(root)), p.read_bytes()) for p in sorted(root.rglob("*")) if p.suffix in (".eml", ".txt")]
    return found


def _dummy_parsers(count: int) -> dict[str, Parser]:
    parsers = {}
    for index in range(count):
        cls = type(f"Dummy{index}", (Parser,), {"name": f"dummy{index}", "senders": (f"carrier{index}.example",)})
        parsers[cls.name] = cls()
    return parsers


def bench_routing(repeats: int) -> tuple[float, float]:
    raw = (
        b"From: NOC <noc@carrier0.example>\r\nSubject: Planned work\r\nDate: Tue, 26 Mar 2019 14:02:11 +0000\r\n\r\n"
        b"Reference: X1\r\n"
    )
    results = []
    for count in (1, 200):
        router = Router(_dummy_parsers(count))
        per_call = []
        for _ in range(repeats):
            notice = DecodedNotice(raw)  # fresh: routing caches nothing on the notice but its addresses
            start = time.perf_counter()
            for _ in range(100):
                router.route(notice)
            per_call.append((time.perf_counter() - start) / 100)
        results.append(statistics.median(per_call))
    return results[0], results[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeats", type=int, default=31)
    ap.add_argument("--quiet", action="store_true", help="only the totals")
    args = ap.parse_args(argv)

    mnp_core.registry()  # load plugins outside the timings
    rows = []
    for name, raw in messages(args.corpus):
        parse(raw)  # warm caches of lazily imported modules
        parse_time, floor_time = median_seconds((parse, floor), raw, args.repeats)
        rows.append((name, parse_time, floor_time, len(raw)))
    if not args.quiet:
        print(f"{'message':<44} {'bytes':>8} {'parse ms':>9} {'floor ms':>9} {'ratio':>6}")
        for name, p, f, size in rows:
            print(f"{name:<44} {size:>8} {p * 1000:>9.3f} {f * 1000:>9.3f} {p / f:>6.1f}")
    parse_median = statistics.median(r[1] for r in rows)
    floor_median = statistics.median(r[2] for r in rows)
    print(f"parse_email median {parse_median * 1000:.3f} ms over {len(rows)} messages; "
          f"floor median {floor_median * 1000:.3f} ms; ratio {parse_median / floor_median:.2f}x")
    one, many = bench_routing(max(5, args.repeats))
    print(f"routing: {one * 1e6:.2f} us with 1 parser, {many * 1e6:.2f} us with 200 parsers; ratio {many / one:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
