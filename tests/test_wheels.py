"""Every workspace member builds a wheel and an sdist; a carrier's wheel installed beside
mnp-core's in a fresh virtual environment is found through its entry point and parses its
sample; every package has a changelog and, where it needs the core, an mnp-core floor."""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from corpus_paths import ROOT

SAMPLE = ROOT / "test_emails" / "zayo" / "planned_two_dates_backup.eml"
TIMEOUT = 600


def _members() -> list[Path]:
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]["members"]
    return sorted(Path(p) for g in globs for p in glob.glob(str(ROOT / g)) if (Path(p) / "pyproject.toml").is_file())


MEMBERS = _members()


def _project(member: Path) -> dict:
    return tomllib.loads((member / "pyproject.toml").read_text())["project"]


def _stem(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _env() -> dict[str, str]:
    """The caller's environment without this checkout's virtual environment or mnp settings."""
    drop = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "UV_PROJECT_ENVIRONMENT", "CONDA_PREFIX"}
    return {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("MNP_")}


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, f"{' '.join(args)}\n--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}"
    return result


def _built(out: Path, name: str, version: str) -> tuple[Path, Path]:
    return out / f"{_stem(name)}-{version}-py3-none-any.whl", out / f"{_stem(name)}-{version}.tar.gz"


def test_the_workspace_has_the_core_the_pipeline_and_the_carriers():
    names = {_project(m)["name"] for m in MEMBERS}
    assert {"mnp-core", "mnp-pipeline", "mnp-vendor-zayo", "mnp-vendor-fiberprovider"} <= names
    assert len(names) == len(MEMBERS) >= 30


def test_every_member_builds_a_wheel_and_an_sdist(tmp_path):
    _run("uv", "build", "--all-packages", "--out-dir", str(tmp_path))
    expected = set()
    for member in MEMBERS:
        project = _project(member)
        wheel, sdist = _built(tmp_path, project["name"], project["version"])
        expected |= {wheel.name, sdist.name}
        assert wheel.is_file() and sdist.is_file(), (member.name, sorted(p.name for p in tmp_path.iterdir()))
    assert {p.name for p in tmp_path.iterdir() if p.suffix in {".whl", ".gz"}} == expected


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh virtual environment holding only the wheels of mnp-core and mnp-vendor-zayo."""
    root = tmp_path_factory.mktemp("wheels")
    dist = root / "dist"
    for package in ("mnp-core", "mnp-vendor-zayo"):
        _run("uv", "build", "--package", package, "--out-dir", str(dist))
    core = _project(ROOT / "mnp_core")
    zayo = _project(ROOT / "vendor_plugins" / "zayo")
    wheels = [_built(dist, p["name"], p["version"])[0] for p in (core, zayo)]
    sdists = [_built(dist, p["name"], p["version"])[1] for p in (core, zayo)]
    assert all(p.is_file() for p in wheels + sdists), sorted(p.name for p in dist.iterdir())
    env = root / "venv"
    _run("uv", "venv", "--python", sys.executable, str(env))
    _run("uv", "pip", "install", "--python", str(env / "bin" / "python"), *map(str, wheels))
    return env


def test_a_carrier_wheel_is_found_through_its_entry_point_and_parses_its_sample(venv, tmp_path):
    where = _run(
        str(venv / "bin" / "python"), "-c",
        "import mnp_core, mnp_vendor_zayo; print(mnp_core.__file__); print(mnp_vendor_zayo.__file__)",
        cwd=tmp_path,
    ).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where  # installed files, not this checkout

    result = _run(str(venv / "bin" / "mnp-parse"), "--input-file", str(SAMPLE), cwd=tmp_path)
    message = json.loads(result.stdout)
    version = _project(ROOT / "vendor_plugins" / "zayo")["version"]
    assert message["parser"] == f"mnp-vendor-zayo {version}"
    assert message == json.loads(SAMPLE.with_suffix(".json").read_text())

    listing = json.loads(_run(str(venv / "bin" / "mnp"), "plugins", "--json", cwd=tmp_path).stdout)
    carriers = {p["name"]: (p["distribution"], p["version"]) for p in listing["parsers"]
                if p["distribution"] != "mnp-core"}
    assert carriers == {"zayo": ("mnp-vendor-zayo", version)}
    assert listing["loadErrors"] == [] and listing["overlaps"] == []


def test_the_carrier_wheel_declares_its_mnp_core_floor(venv):
    metadata = _run(str(venv / "bin" / "python"), "-c",
                    "from importlib.metadata import requires; print(requires('mnp-vendor-zayo'))").stdout
    assert re.search(r"mnp-core\s*>=\s*\d", metadata), metadata


@pytest.mark.parametrize("member", MEMBERS, ids=lambda p: p.name)
def test_every_package_has_a_changelog_naming_its_version(member):
    changelog = member / "CHANGELOG.md"
    assert changelog.is_file(), f"{member.name}: no CHANGELOG.md"
    version = _project(member)["version"]
    assert re.search(rf"^## \[?{re.escape(version)}\b", changelog.read_text(), re.MULTILINE), (
        f"{changelog}: no '## {version}' section"
    )


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


@pytest.mark.parametrize("member", [m for m in MEMBERS if m.name != "mnp_core"], ids=lambda p: p.name)
def test_every_package_needing_the_core_declares_an_installable_floor(member):
    requirements = [re.sub(r"\s+", "", d) for d in _project(member)["dependencies"]]
    floors = [r for r in requirements if re.fullmatch(r"mnp-core>=[\d.]+(,<[\d.]+)?", r)]
    assert floors, f"{member.name}: expected an mnp-core>=X dependency, found {requirements}"
    floor = _version_tuple(floors[0].split(">=")[1])
    core = _version_tuple(_project(ROOT / "mnp_core")["version"])
    assert floor <= core, f"{member.name}: the floor {floors[0]} is above mnp-core {core}: it cannot be installed"
