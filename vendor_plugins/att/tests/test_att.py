"""AT&T notices: snapshots of the samples, and the variants the parser must tell apart."""

from pathlib import Path

import pytest

import mnp_core
from mnp_core import Impact, Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "att"
PLANNED = (SAMPLES / "att_planned_two_circuits.eml").read_text()
CANCELLED = (SAMPLES / "att_cancelled_no_zone.eml").read_text()
WINDOW = "Start Time: February 24, 2025 06:00 GMT, End Time: February 24, 2025 10:00 GMT"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def test_circuits_come_from_the_workbook_below_its_banner():
    events = mnp_core.parse_email(PLANNED).events
    assert [(e.account, e.parsed_vendor_circuit_id) for e in events] == [
        ("Globex Networks", "41/KFFS/902211/LT"),
        ("Globex Networks", "41/KFFS/902212/LT"),
    ]


def test_times_without_a_zone_are_gmt():
    (event,) = mnp_core.parse_email(CANCELLED).events
    assert event.status is Status.CANCELLED
    assert event.begin_window.isoformat() == "2025-04-02T04:00:00+00:00"


def test_each_window_gives_one_event_per_circuit():
    second = "Start Time: February 25, 2025 06:00 GMT, End Time: February 25, 2025 09:00 GMT"
    raw = PLANNED.replace(WINDOW + "\n", f"{WINDOW}\n{second}\n", 1)
    events = mnp_core.parse_email(raw).events
    assert len(events) == 4
    assert sorted({e.begin_window.day for e in events}) == [24, 25]


def test_business_risk_states_the_impact():
    raw = PLANNED.replace("Business Risk: Outage\n", "Business Risk: No impact expected\n", 1)
    assert {e.impact for e in mnp_core.parse_email(raw).events} == {Impact.NO_IMPACT}


def test_notice_without_event_id_fails():
    raw = PLANNED.replace("Event ID: 8820417\n", "", 1)
    with pytest.raises(mnp_core.ParserFailed):
        mnp_core.parse_email(raw)


def test_other_att_mail_is_not_a_maintenance():
    raw = "From: ATT Billing <billing@att.com>\nSubject: Your invoice is ready\n\nYour March invoice is available.\n"
    with pytest.raises(mnp_core.NotAMaintenance):
        mnp_core.parse_email(raw)
