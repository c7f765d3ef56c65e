"""The seed's example, end to end through the command line a user runs."""

import json
import subprocess
import sys

from corpus_paths import ROOT


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "mnp_core.cli", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_mnp_parse_prints_the_seed_event():
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from mnp_core.cli import parse_main; sys.exit(parse_main())",
         "--input-file", "test_emails/fiberprovider.com.txt"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    message = json.loads(result.stdout)
    [event] = message["events"]
    assert event["beginWindow"] == "2019-04-09T06:00:00Z"
    assert event["endWindow"] == "2019-04-09T10:00:00Z"
    assert event["impactSeconds"] == 10800
    assert event["parsedVendorCircuitId"] == "IC-99999"
    assert event["maintenanceId"] == "PWIC12345"
    assert event["replacesMaintenanceId"] == "PWIC45678"
    assert message["parser"].startswith("mnp-vendor-fiberprovider ")


def test_parse_error_is_one_line_and_exit_2(tmp_path):
    notice = tmp_path / "unknown.eml"
    notice.write_text("From: someone@unknown-carrier.example\nSubject: hello\n\nnothing here\n")
    result = run("parse", "--input-file", str(notice))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("NoParserFound: ")
    assert len(result.stderr.strip().splitlines()) == 1
