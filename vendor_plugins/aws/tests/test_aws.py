"""AWS Direct Connect notices: snapshots of the samples, derived ids, status variants."""

from pathlib import Path

import pytest
from mnp_vendor_aws import maintenance_id

import mnp_core
from mnp_core import Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "aws"
SCHEDULED = (SAMPLES / "aws_scheduled.eml").read_text()
CANCELLED = (SAMPLES / "aws_cancelled.eml").read_text()


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def test_every_listed_resource_is_a_circuit_of_the_subject_account():
    events = mnp_core.parse_email(SCHEDULED).events
    assert [e.parsed_vendor_circuit_id for e in events] == [
        "dxcon-fh3kq7wz",
        "dxvif-ffz81c2m",
        "dxlag-fgq5v0tr",
    ]
    assert {e.account for e in events} == {"418820593347"}
    assert {e.status for e in events} == {Status.CONFIRMED}


def test_cancellation_keeps_the_id_of_the_announcement():
    scheduled = mnp_core.parse_email(SCHEDULED).events[0]
    cancelled = mnp_core.parse_email(CANCELLED).events[0]
    assert cancelled.status is Status.CANCELLED
    assert cancelled.maintenance_id == scheduled.maintenance_id
    assert scheduled.maintenance_id == maintenance_id(
        "418820593347",
        ["dxlag-fgq5v0tr", "dxcon-fh3kq7wz", "dxvif-ffz81c2m"],
        scheduled.begin_window,
        scheduled.end_window,
    )


def test_another_window_is_another_maintenance():
    moved = CANCELLED.replace("Wed, 5 Mar 2025 04:00:00 GMT", "Wed, 5 Mar 2025 05:00:00 GMT")
    assert (
        mnp_core.parse_email(moved).events[0].maintenance_id
        != mnp_core.parse_email(CANCELLED).events[0].maintenance_id
    )


def test_other_aws_mail_is_not_a_maintenance():
    raw = (
        'From: "Amazon Web Services, Inc." <no-reply-aws@amazon.com>\n'
        "Subject: Your AWS Free Tier usage\n\nYou have used 85% of the free tier for Amazon EC2.\n"
    )
    with pytest.raises(mnp_core.NotAMaintenance):
        mnp_core.parse_email(raw)


def test_notice_without_resources_fails():
    raw = "\n".join(line for line in CANCELLED.splitlines() if not line.startswith("dx"))
    with pytest.raises(mnp_core.ParserFailed):
        mnp_core.parse_email(raw)
