"""``mnp new-vendor``: a package made from one sample passes its own tests, installed for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mnp_core import cli
from mnp_core.scaffold import ScaffoldError, new_vendor

CORE = Path(__file__).resolve().parents[1]
SAMPLE = (
    "From: Change Desk <changes@acme-fibre.example>\r\nTo: noc@customer.example\r\n"
    "Date: Tue, 04 Mar 2031 09:00:00 +0000\r\nSubject: Planned works notification\r\n\r\n"
    "Dear customer,\r\n\r\nReference: AF-2031-0042\r\nStart Date and Time: 2031-03-20 01:00 UTC\r\n"
    "End Date and Time: 2031-03-20 05:00 UTC\r\nCircuit ID: AF/ETH/0001, AF/ETH/0002\r\n"
    "Expected Impact: 2 x 10 minutes interruption\r\n"
)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "acme sample.eml"
    path.write_text(SAMPLE)
    return path


def test_package_shape_and_prefilled_parser(tmp_path, sample, capsys):
    plugins = tmp_path / "repo" / "vendor_plugins"
    plugins.mkdir(parents=True)
    assert cli.main(["new-vendor", "acmefibre", "--from", str(sample), "--dir", str(plugins)]) == 0
    printed = capsys.readouterr().out
    assert "| Acmefibre | `mnp-vendor-acmefibre` | 0.1.0 | plain text | acme-fibre.example |" in printed
    package = plugins / "acmefibre"
    pyproject = (package / "pyproject.toml").read_text()
    assert 'acmefibre = "mnp_vendor_acmefibre"' in pyproject and '"mnp-core>=' in pyproject
    module = (package / "src" / "mnp_vendor_acmefibre" / "__init__.py").read_text()
    # The labels the generic parser read become the parser's own field calls.
    for label in ("'Start Date and Time'", "'End Date and Time'", "'Circuit ID'", "'Reference'", "'Expected Impact'"):
        assert label in module
    assert 'senders = ("acme-fibre.example",)' in module and "read_notice" not in module
    assert (package / "CHANGELOG.md").exists() and (package / "tests" / "test_acmefibre.py").exists()
    snapshot = (tmp_path / "repo" / "test_emails" / "acmefibre" / "acme_sample.json").read_text()
    assert '"maintenanceId": "AF-2031-0042"' in snapshot and '"parsedVendorCircuitId": "AF/ETH/0002"' in snapshot


def test_refuses_bad_names_existing_folders_and_windowless_samples(tmp_path, sample):
    with pytest.raises(ScaffoldError, match="lower-case"):
        new_vendor("Acme-Fibre", sample, directory=tmp_path)
    (tmp_path / "acme").mkdir()
    with pytest.raises(ScaffoldError, match="already exists"):
        new_vendor("acme", sample, directory=tmp_path)
    empty = tmp_path / "empty.eml"
    empty.write_text("From: a@b.example\r\nSubject: hello\r\n\r\nno dates here\r\n")
    with pytest.raises(ScaffoldError, match="no maintenance window"):
        new_vendor("other", empty, directory=tmp_path)


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not on PATH")
def test_generated_package_passes_its_own_tests_installed_in_a_fresh_venv(tmp_path, sample):
    plugins = tmp_path / "repo" / "vendor_plugins"
    plugins.mkdir(parents=True)
    made = new_vendor("acmefibre", sample, directory=plugins)
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "MNP_", "PYTHONPATH"))}
    subprocess.run(["uv", "venv", "--quiet", "--python", sys.executable, str(venv)], check=True, env=env)
    python = venv / "bin" / "python"
    # --no-sources: outside the workspace, mnp-core comes from the path given, not the
    # package's workspace source.
    subprocess.run(
        ["uv", "pip", "install", "--quiet", "--no-sources", "--python", str(python),
         "-e", str(CORE), "-e", str(made.package), "pytest"],
        check=True, env=env, timeout=600,
    )
    result = subprocess.run(
        [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-q", str(made.package / "tests")],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
