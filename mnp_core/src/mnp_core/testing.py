"""Snapshot testing for parser authors (a pytest plugin, loaded automatically).

Keep captured notices as ``<case>.eml`` (or ``.txt``) with the expected parse beside them
as ``<case>.json``; then::

    from mnp_core.testing import snapshot_cases

    @pytest.mark.parametrize("case", snapshot_cases(Path(__file__).parent / "emails"), ids=str)
    def test_snapshots(case, mnp_snapshot):
        mnp_snapshot(case)

A case whose JSON is missing fails, unless ``MNP_SNAPSHOT_UPDATE=1`` is set, which writes
it (review the diff before committing). The comparison is on the whole MaintMessageObj
JSON, or on ``{"error": "<ExceptionName>"}`` for a notice that must fail.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from . import api
from .exceptions import MaintParseException

_SUFFIXES = (".eml", ".txt")


def snapshot_cases(folder: Path | str) -> list[Path]:
    """Every captured notice in ``folder`` (recursively), sorted."""
    root = Path(folder)
    return sorted(p for p in root.rglob("*") if p.suffix in _SUFFIXES and p.is_file())


def snapshot_of(path: Path, *, provider: str | None = None) -> dict:
    try:
        return api.parse_email(path.read_bytes(), provider=provider).to_json_dict()
    except MaintParseException as exc:
        return {"error": type(exc).__name__}


def check_snapshot(path: Path, *, provider: str | None = None) -> None:
    expected_path = path.with_suffix(".json")
    got = snapshot_of(path, provider=provider)
    if not expected_path.exists() or os.environ.get("MNP_SNAPSHOT_UPDATE") == "1":
        if os.environ.get("MNP_SNAPSHOT_UPDATE") != "1":
            pytest.fail(f"no snapshot {expected_path.name} for {path.name}; run with MNP_SNAPSHOT_UPDATE=1 to write it")
        expected_path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n")
        return
    expected = json.loads(expected_path.read_text())
    assert got == expected, f"{path.name}: parsed output differs from {expected_path.name}"


@pytest.fixture
def mnp_snapshot():
    """Call with a notice path: parses it and compares with ``<case>.json``."""
    return check_snapshot
