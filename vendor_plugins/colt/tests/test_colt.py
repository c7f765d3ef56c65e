"""Colt notices: samples, subject windows and statuses, CSV services, forwarded notices."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import mnp_core
from mnp_core import NotAMaintenance, Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "colt"
REMINDER = SAMPLES / "reminder_two_services.eml"
COMPLETED = SAMPLES / "completed_alert.eml"


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def _edit(path: Path, *replacements: tuple[str, str]) -> bytes:
    raw = path.read_text()
    for old, new in replacements:
        assert old in raw
        raw = raw.replace(old, new)
    return raw.encode()


def test_services_and_account_come_from_the_utf16_csv():
    events = mnp_core.parse_email(REMINDER.read_bytes()).events
    assert [e.parsed_vendor_circuit_id for e in events] == ["C-7654321", "C-7654388"]
    assert {e.account for e in events} == {"654321"}
    # Subject dates are day first, in GMT.
    assert {e.begin_window for e in events} == {datetime(2024, 3, 14, 23, tzinfo=UTC)}
    assert {e.impact_seconds for e in events} == {7200}


@pytest.mark.parametrize(
    ("prefix", "status"),
    [("Cancellation Colt", Status.CANCELLED), ("Reschedule Colt", Status.RE_SCHEDULED), ("Colt", Status.CONFIRMED)],
)
def test_subject_states_the_status(prefix, status):
    raw = _edit(REMINDER, ("Reminder Colt", prefix))
    assert {e.status for e in mnp_core.parse_email(raw).events} == {status}


def test_customer_name_is_not_read_for_a_status():
    raw = _edit(REMINDER, ("for EXAMPLE NET GMBH", "for COMPLETE CANCELLATION LTD"))
    assert {e.status for e in mnp_core.parse_email(raw).events} == {Status.CONFIRMED}


def test_body_window_when_the_subject_has_none():
    raw = _edit(REMINDER, (" [14/3/2024 23:00:00 GMT - 15/3/2024 04:00:00 GMT]", ""))
    events = mnp_core.parse_email(raw).events
    assert {(e.begin_window, e.end_window) for e in events} == {
        (datetime(2024, 3, 14, 23, tzinfo=UTC), datetime(2024, 3, 15, 4, tzinfo=UTC))
    }


def test_forwarded_alert_is_routed_by_its_subject():
    raw = _edit(COMPLETED, ("Colt Change Management <DoNotReply_Change@colt.net>", "Ops Desk <ops@operator.example>"))
    message = mnp_core.parse_email(raw)
    assert message.provider == "colt"
    assert {e.status for e in message.events} == {Status.COMPLETED}


def test_mail_without_a_reference_is_not_a_maintenance():
    raw = _edit(COMPLETED, ("MAINTENANCE ALERT: CRQ2-87650001", "Colt newsletter"), ("*CRQ2-87650001 *", "your order"))
    with pytest.raises(NotAMaintenance):
        mnp_core.parse_email(raw)
