"""Every carrier package is installed and found through its entry point alone."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest
from corpus_paths import ROOT

PACKAGES = sorted((ROOT / "vendor_plugins").glob("*/pyproject.toml"))


def _listing() -> dict:
    result = subprocess.run([sys.executable, "-m", "mnp_core.cli", "plugins", "--json"], capture_output=True, text=True)
    return json.loads(result.stdout)


LISTING = _listing()


@pytest.mark.parametrize("pyproject", PACKAGES, ids=lambda p: p.parent.name)
def test_mnp_plugins_lists_the_package_with_its_version(pyproject):
    project = tomllib.loads(pyproject.read_text())["project"]
    entry_points = project["entry-points"]["mnp.parsers"]
    listed = {(p["distribution"], p["version"]) for p in LISTING["parsers"]}
    assert (project["name"], project["version"]) in listed
    assert list(entry_points) == [pyproject.parent.name]


def test_no_overlaps_and_no_load_errors():
    assert LISTING["overlaps"] == [] and LISTING["loadErrors"] == []


def test_vendor_modules_stay_small():
    sizes = {p.parent.name: len((p.parent / "src" / f"mnp_vendor_{p.parent.name}" / "__init__.py").read_text().splitlines())
             for p in PACKAGES}
    assert max(sizes.values()) <= 200, sizes
