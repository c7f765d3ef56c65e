"""The pipeline's commands as an operator runs them, on the embedded SQLite default."""

from __future__ import annotations

import json
import os
import shutil

from corpus_paths import ROOT
from test_e2e_rt import mnp


def test_backfill_dead_letters_reprocess_and_reports(tmp_path):
    env = {**os.environ, "MNP_DATABASE_URL": f"sqlite:///{tmp_path / 'mnp.db'}"}
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        "vendors: [{name: fiberprovider}, {name: zayo}]\n"
        "circuits:\n  - {name: WAN-1, vendor: fiberprovider, vendor_circuit_id: IC-99999}\n"
    )
    assert mnp("import", str(inventory), env=env).stdout.splitlines() == [
        "vendors: 2 created, 0 updated", "circuits: 1 created, 0 updated"]

    backfill = tmp_path / "backfill"
    backfill.mkdir()
    shutil.copy(ROOT / "test_emails" / "fiberprovider.com.txt", backfill / "seed.eml")
    (backfill / "unknown.eml").write_bytes(b"From: someone@unknown.example\r\nSubject: hi\r\n\r\nhello\r\n")
    result = mnp("ingest", "dir", str(backfill), "--move", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "fetched 2 (2 new); MaintParseException 1, MaintParseSuccess 1; labelled 2")
    assert (backfill / "MaintParseSuccess" / "seed.eml").exists()
    assert (backfill / "MaintParseException" / "unknown.eml").exists()

    failed = json.loads(mnp("notifications", "--failed", "--json", env=env).stdout)
    assert [(f["ticketId"], f["errorType"]) for f in failed] == [("unknown.eml", "NoParserFound")]

    again = mnp("reprocess", env=env)
    assert again.returncode == 0 and again.stdout.splitlines()[-1] == "reprocessed 1"

    maintenances = mnp("maintenances", env=env).stdout
    assert "fiberprovider PWIC12345: CONFIRMED" in maintenances and "IC-99999" in maintenances
    unmatched = mnp("report", "unmatched", env=env).stdout
    assert unmatched.splitlines()[-1] == "0 unmatched vendor circuit id(s)"


def test_bad_inventory_exits_2_naming_the_row(tmp_path):
    env = {**os.environ, "MNP_DATABASE_URL": f"sqlite:///{tmp_path / 'mnp.db'}"}
    bad = tmp_path / "circuits.csv"
    bad.write_text("name,vendor\nWAN-1,zayo\n")
    result = mnp("import", str(bad), env=env)
    assert result.returncode == 2
    assert "row 2: vendor_circuit_id: Field required" in result.stderr


def test_missing_source_settings_are_a_clear_error(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MNP_")}
    env["MNP_DATABASE_URL"] = f"sqlite:///{tmp_path / 'mnp.db'}"
    result = mnp("ingest", "rt", env=env)
    assert result.returncode == 2 and "expected an RT URL" in result.stderr
