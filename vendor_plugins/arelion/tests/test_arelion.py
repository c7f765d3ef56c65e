"""Arelion notices: BCOP calendars read by this parser, disturbance mails refused."""

from pathlib import Path

import pytest

import mnp_core
from mnp_core import Impact
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "arelion"
PLANNED = (SAMPLES / "arelion_planned_two_windows.eml").read_text()
DISTURBANCE = (SAMPLES / "arelion_disturbance_information.eml").read_text()


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def test_calendar_is_read_by_the_arelion_parser():
    message = mnp_core.parse_email(PLANNED)
    assert message.parser.startswith("mnp-vendor-arelion")
    assert {e.provider for e in message.events} == {"arelion"}


def test_one_event_per_window_per_circuit_with_object_impacts():
    events = mnp_core.parse_email(PLANNED).events
    windows = {(e.maintenance_id, e.begin_window.isoformat()) for e in events}
    assert windows == {
        ("PWIC204518.1", "2025-02-18T22:00:00+00:00"),
        ("PWIC204518.2", "2025-02-25T22:00:00+00:00"),
    }
    second = {e.parsed_vendor_circuit_id: e.impact for e in events if e.maintenance_id == "PWIC204518.2"}
    assert second == {"IC-318204": Impact.OUTAGE, "IC-318205": Impact.NO_IMPACT}


def test_disturbance_information_is_not_a_maintenance():
    with pytest.raises(mnp_core.NotAMaintenance):
        mnp_core.parse_email(DISTURBANCE)


def test_disturbance_named_only_in_the_body_is_not_a_maintenance():
    raw = DISTURBANCE.replace("Subject: Disturbance Information - ", "Subject: ")
    with pytest.raises(mnp_core.NotAMaintenance):
        mnp_core.parse_email(raw)


def test_planned_work_without_its_calendar_fails():
    head, _, _ = PLANNED.partition("--=_sample_51c0e9a2b7d4f3368a1e\nContent-Type: text/calendar")
    with pytest.raises(mnp_core.ParserFailed):
        mnp_core.parse_email(head + "--=_sample_51c0e9a2b7d4f3368a1e--\n")
