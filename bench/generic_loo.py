"""Leave-one-carrier-out: the generic parser alone on each carrier's notices.

    python bench/generic_loo.py [CORPUS] [-v]

For each carrier folder of the corpus (default ``../shared/corpus``), every case is parsed
with ``mnp_core.parse_email(raw, provider="generic")`` in a process that loads no vendor
plugin (``MNP_LOAD_PLUGINS`` empty), so nothing that knows the carrier helps. The generic
parser learns nothing from the corpus; holding each carrier out is therefore running it
on that carrier with every other carrier's plugin absent too.

Printed per carrier and in total:
  fully right  cases whose events equal the expected ones on every field the corpus
               scorer compares (maintenanceId, status, account, circuit, impact, window),
               compared by the scorer's own key; an error case is right when it raises
               a MaintParseException
  window ok    maintenance cases whose distinct windows are exactly the expected ones
  windows      expected distinct windows found / expected (and windows found that are
               not expected)
  circuits     expected distinct circuit ids found / expected (and found, not expected)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

os.environ["MNP_LOAD_PLUGINS"] = ""  # built-ins only: no carrier's plugin is even loaded

import mnp_core  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def _scorer(corpus: Path):
    """The corpus scorer module (its case loader and comparison key), beside the corpus."""
    path = corpus.parent / "tools" / "score_corpus.py"
    spec = importlib.util.spec_from_file_location("score_corpus", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Tally:
    cases: int = 0
    right: int = 0
    maintenance_cases: int = 0
    window_ok: int = 0
    windows_expected: int = 0
    windows_found: int = 0
    windows_extra: int = 0
    circuits_expected: int = 0
    circuits_found: int = 0
    circuits_extra: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self, name: str) -> str:
        return (
            f"{name:<20} {self.right:>3}/{self.cases:<3} {self.window_ok:>6}/{self.maintenance_cases:<3}"
            f" {self.windows_found:>6}/{self.windows_expected:<4} (+{self.windows_extra:<2})"
            f" {self.circuits_found:>6}/{self.circuits_expected:<4} (+{self.circuits_extra})"
        )


def evaluate(scorer, raw: bytes, expected: dict) -> tuple[Tally, str]:
    tally = Tally(cases=1)
    try:
        message = mnp_core.parse_email(raw, provider="generic")
        events = [e.to_json_dict() for e in message.events]
        error = ""
    except mnp_core.MaintParseException as exc:
        events, error = [], f"{type(exc).__name__}: {str(exc)[:100]}"
    if expected["outcome"] == "error":
        tally.right = int(bool(error))
        return tally, error or "expected an error, got events"
    synthetic = bool(expected.get("synthetic_maintenance_id"))
    want = Counter(scorer._key(e, synthetic) for e in expected["events"])
    got = Counter(scorer._key(e, synthetic) for e in events)
    tally.right = int(want == got and not (synthetic and any(not e.get("maintenanceId") for e in events)))
    tally.maintenance_cases = 1
    # Key positions: 3 circuit, 5 begin, 6 end (see the scorer's FIELDS).
    want_windows = {(k[5], k[6]) for k in want}
    got_windows = {(k[5], k[6]) for k in got}
    tally.window_ok = int(want_windows == got_windows)
    tally.windows_expected, tally.windows_found = len(want_windows), len(want_windows & got_windows)
    tally.windows_extra = len(got_windows - want_windows)
    want_circuits = {k[3] for k in want if k[3]}
    got_circuits = {k[3] for k in got if k[3]}
    tally.circuits_expected, tally.circuits_found = len(want_circuits), len(want_circuits & got_circuits)
    tally.circuits_extra = len(got_circuits - want_circuits)
    return tally, error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per case")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"generic: no corpus at {args.corpus}")
        return 0
    scorer = _scorer(args.corpus)
    per_carrier: dict[str, Tally] = {}
    for carrier, case, raw, expected in scorer.load_cases(args.corpus):
        tally, note = evaluate(scorer, raw, expected)
        per_carrier.setdefault(carrier, Tally()).add(tally)
        if args.verbose:
            flags = f"right={tally.right} window={tally.window_ok if tally.maintenance_cases else '-'}"
            print(f"  {carrier}/{case}: {flags} {note}")
    print(f"{'carrier (held out)':<20} {'right':>7} {'window ok':>10} {'windows':>11} {'':>5} {'circuits':>11}")
    total = Tally()
    for carrier, tally in sorted(per_carrier.items()):
        print(tally.row(carrier))
        total.add(tally)
    print(total.row("total"))
    rate = total.window_ok / total.maintenance_cases if total.maintenance_cases else 0.0
    print(
        f"generic: {total.right}/{total.cases} cases fully right; correct window(s) on "
        f"{total.window_ok}/{total.maintenance_cases} maintenance cases ({rate:.0%}, bar 50%); "
        f"windows {total.windows_found}/{total.windows_expected}, circuit ids "
        f"{total.circuits_found}/{total.circuits_expected}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
