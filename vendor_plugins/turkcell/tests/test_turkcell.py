"""Turkcell Superonline notices: snapshots of the samples, and the variants the parser must tell apart."""

from pathlib import Path

import pytest

import mnp_core
from mnp_core import DecodedNotice, Impact, Status
from mnp_core.testing import snapshot_cases

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "test_emails" / "turkcell"
TABLE = DecodedNotice((SAMPLES / "emergency_table_circuits.eml").read_bytes()).html
PIPED = DecodedNotice((SAMPLES / "bilingual_cancelled_piped.eml").read_bytes()).html


def _mail(html: str) -> bytes:
    head = (
        "From: inoc@superonline.net\nTo: noc@example.org\nSubject: Turkcell Superonline maintenance\n"
        "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
    )
    return (head + html).encode("utf-8")


@pytest.mark.parametrize("case", snapshot_cases(SAMPLES), ids=lambda p: p.name)
def test_snapshots(case, mnp_snapshot):
    mnp_snapshot(case)


def test_dates_are_day_first_and_gmt_plus_3_is_east_of_utc():
    events = mnp_core.parse_email(_mail(TABLE)).events
    # 11.06.2024 01:00 GMT+3 is 10 June 22:00 UTC, not 6 November nor 04:00 UTC.
    assert events[0].begin_window.isoformat() == "2024-06-10T22:00:00+00:00"
    assert events[0].end_window.isoformat() == "2024-06-11T02:00:00+00:00"


def test_a_time_without_zone_is_turkey_time():
    html = TABLE.replace("11.06.2024 01:00 GMT+3", "11.06.2024 01:00")
    assert mnp_core.parse_email(_mail(html)).events[0].begin_window.isoformat() == "2024-06-10T22:00:00+00:00"


def test_circuit_table_rows_give_circuit_customer_and_state():
    events = mnp_core.parse_email(_mail(TABLE)).events
    assert [(e.parsed_vendor_circuit_id, e.account, e.impact) for e in events] == [
        ("ANK-IST-00912", "ORNEK-TEKSTIL", Impact.OUTAGE),
        ("ANK-IZM-00457", "ORNEK-TEKSTIL", Impact.NO_IMPACT),
    ]
    assert {e.status for e in events} == {Status.CONFIRMED}


def test_bilingual_labels_and_piped_device_lines():
    events = mnp_core.parse_email(_mail(PIPED)).events
    assert [e.parsed_vendor_circuit_id for e in events] == ["340000000000071", "340000000000093"]
    assert {e.status for e in events} == {Status.CANCELLED}
    assert events[0].maintenance_id == "10020030044"


def test_turkish_only_labels_are_read():
    html = PIPED.replace("Bakım Numarası / Maintenance Number:", "Bakım Numarası:").replace(
        "Başlangıç Zamanı / Start Time:", "Başlangıç Zamanı:"
    )
    assert mnp_core.parse_email(_mail(html)).events[0].begin_window.isoformat() == "2024-09-13T23:30:00+00:00"


def test_notice_without_its_number_fails():
    html = TABLE.replace("&nbsp;20240611001", "&nbsp;")
    with pytest.raises(mnp_core.ParserFailed):
        mnp_core.parse_email(_mail(html))


def test_other_superonline_mail_is_not_a_maintenance():
    with pytest.raises(mnp_core.NotAMaintenance):
        mnp_core.parse_email(_mail("<html><body><p>Your invoice for June is ready.</p></body></html>"))
