"""Momentum parser: snapshots of sample notices and the behaviours they rest on."""

from __future__ import annotations

from pathlib import Path

import pytest

from mnp_core import Impact, NotAMaintenance, ParserFailed, Status, parse_email
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "momentum"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _notice(kind: str = "Planned Network Maintenance ,", case: str = "30001122", body: str = "") -> bytes:
    return f"""From: maintenance@momentumtelecom.com
Subject: Momentum Data Services | {kind} | Started Corp | | {case} | [ ref:_00Dx._500y:ref ]
Content-Type: text/plain; charset="utf-8"

Dear,
{body or '''Maintenance start date/time: 2024-11-20 11:00 PM EST
Maintenance finish date/time: 2024-11-21 02:00 AM EST
Expected Impact: No impact expected
Account: Started Corp
Circuit ID(s) impacted: C-1'''}
""".encode()


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("Planned Network Maintenance ,", Status.CONFIRMED),
        ("Emergency Network Maintenance ,", Status.CONFIRMED),
        ("Cancelled Network Maintenance ,", Status.CANCELLED),
        ("Rescheduled Network Maintenance ,", Status.RE_SCHEDULED),
    ],
)
def test_status_from_the_kind_not_the_account(kind, status):
    (event,) = parse_email(_notice(kind)).events
    assert event.status is status
    assert event.maintenance_id == "30001122"


def test_zone_and_stated_impact():
    (event,) = parse_email(_notice()).events
    assert event.begin_window.isoformat() == "2024-11-21T04:00:00+00:00"
    assert event.end_window.isoformat() == "2024-11-21T07:00:00+00:00"
    assert event.impact is Impact.NO_IMPACT
    assert (event.account, event.parsed_vendor_circuit_id) == ("Started Corp", "C-1")


def test_several_circuits():
    events = parse_email((SAMPLES / "planned_two_circuits.eml").read_bytes()).events
    assert [e.parsed_vendor_circuit_id for e in events] == ["MDS-440122", "MDS-440187"]
    assert all(e.impact is Impact.OUTAGE for e in events)


def test_case_reply_without_window_is_not_a_maintenance():
    with pytest.raises(NotAMaintenance):
        parse_email(_notice(body="Thank you, your case has been closed."))


def test_subject_without_case_number_fails():
    with pytest.raises(ParserFailed):
        parse_email(_notice(case="pending"))
