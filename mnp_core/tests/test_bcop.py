"""The built-in BCOP iCalendar parser."""

from __future__ import annotations

import pytest

import mnp_core
from mnp_core import Impact, ParserFailed, Status


def email_with(calendar: str, sender="noc@unknown-carrier.example", date=True) -> bytes:
    head = f"From: {sender}\r\nSubject: Maintenance\r\n"
    if date:
        head += "Date: Sat, 10 Oct 2015 00:10:00 +0000\r\n"
    return (head + "Content-Type: text/calendar; charset=utf-8\r\n\r\n" + calendar).encode()


def vevent(body: str, uid="1") -> str:
    return f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20151010T001000Z\r\n{body}END:VEVENT\r\n"


def calendar(*events: str, extra="") -> str:
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n" + extra + "".join(events) + "END:VCALENDAR\r\n"


BASE = (
    "DTSTART:20151010T080000Z\r\nDTEND:20151010T100000Z\r\nX-MAINTNOTE-PROVIDER:example.com\r\n"
    "X-MAINTNOTE-ACCOUNT:137.035999173\r\nX-MAINTNOTE-MAINTENANCE-ID:WorkOrder-31415\r\n"
)


def test_every_property_and_per_object_impact():
    body = BASE + (
        "SEQUENCE:3\r\nSUMMARY:Fibre splice\r\nLOCATION:Frankfurt\r\nX-MAINTNOTE-IMPACT:OUTAGE\r\n"
        "X-MAINTNOTE-STATUS:CONFIRMED\r\nX-MAINTNOTE-OBJECT-ID:circuit-a\r\n"
        "X-MAINTNOTE-OBJECT-ID;X-MAINTNOTE-OBJECT-IMPACT=NO-IMPACT:circuit-b\r\n"
    )
    message = mnp_core.parse_email(email_with(calendar(vevent(body))))
    a, b = message.events
    assert (a.parsed_vendor_circuit_id, a.impact, b.parsed_vendor_circuit_id, b.impact) == (
        "circuit-a",
        Impact.OUTAGE,
        "circuit-b",
        Impact.NO_IMPACT,
    )
    assert a.to_json_dict() == {
        "objectType": "maintForecastEvent",
        "provider": "example.com",
        "maintenanceId": "WorkOrder-31415",
        "status": "CONFIRMED",
        "account": "137.035999173",
        "summary": "Fibre splice",
        "sequence": 3,
        "uid": "1",
        "beginWindow": "2015-10-10T08:00:00Z",
        "endWindow": "2015-10-10T10:00:00Z",
        "impactSeconds": None,
        "impact": "OUTAGE",
        "parsedVendorCircuitId": "circuit-a",
        "location": "Frankfurt",
        "replacesMaintenanceId": None,
        "confidence": None,
        "evidence": None,
    }
    assert message.parser.startswith("mnp-core ")


def test_several_vevents_and_no_status_is_no_change():
    second = BASE.replace("20151010T080000Z", "20151011T080000Z").replace("20151010T100000Z", "20151011T100000Z")
    message = mnp_core.parse_email(email_with(calendar(vevent(BASE, "1"), vevent(second, "2"))))
    assert [e.begin_window.day for e in message.events] == [10, 11]
    assert {e.status for e in message.events} == {Status.NO_CHANGE}
    assert {e.parsed_vendor_circuit_id for e in message.events} == {None}
    assert {e.impact for e in message.events} == {None}


def test_floating_times_are_utc_or_the_calendars_declared_zone_never_the_hosts(monkeypatch):
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    floating = BASE.replace("20151010T080000Z", "20151010T080000").replace("20151010T100000Z", "20151010T100000")
    utc_read = mnp_core.parse_email(email_with(calendar(vevent(floating)))).events[0]
    assert utc_read.to_json_dict()["beginWindow"] == "2015-10-10T08:00:00Z"
    zoned = calendar(vevent(floating), extra="X-WR-TIMEZONE:Europe/Berlin\r\n")
    assert mnp_core.parse_email(email_with(zoned)).events[0].to_json_dict()["beginWindow"] == "2015-10-10T06:00:00Z"


def test_tzid_times_are_exact():
    body = BASE.replace("DTSTART:20151010T080000Z", "DTSTART;TZID=America/New_York:20151010T080000").replace(
        "DTEND:20151010T100000Z", "DTEND:20151010T140000Z"
    )
    assert mnp_core.parse_email(email_with(calendar(vevent(body)))).events[0].to_json_dict()["beginWindow"] == (
        "2015-10-10T12:00:00Z"
    )


def test_all_day_dates_are_midnight_utc_with_exclusive_end():
    body = BASE.replace("DTSTART:20151010T080000Z", "DTSTART;VALUE=DATE:20151010").replace(
        "DTEND:20151010T100000Z", "DTEND;VALUE=DATE:20151012"
    )
    event = mnp_core.parse_email(email_with(calendar(vevent(body)))).events[0].to_json_dict()
    assert (event["beginWindow"], event["endWindow"]) == ("2015-10-10T00:00:00Z", "2015-10-12T00:00:00Z")


@pytest.mark.parametrize("missing", ["X-MAINTNOTE-ACCOUNT", "X-MAINTNOTE-MAINTENANCE-ID", "DTSTART", "DTEND"])
def test_required_properties(missing):
    body = "".join(line + "\r\n" for line in BASE.split("\r\n") if line and not line.startswith(missing))
    with pytest.raises(ParserFailed, match=missing):
        mnp_core.parse_email(email_with(calendar(vevent(body))))


def test_missing_dtstamp_is_an_error():
    event = "BEGIN:VEVENT\r\nUID:1\r\n" + BASE + "END:VEVENT\r\n"
    with pytest.raises(ParserFailed, match="DTSTAMP"):
        mnp_core.parse_email(email_with(calendar(event)))


def test_no_date_header_takes_the_stamp_from_dtstamp():
    message = mnp_core.parse_email(email_with(calendar(vevent(BASE)), date=False))
    assert message.to_json_dict()["stamp"] == "2015-10-10T00:10:00Z"


def test_unknown_status_value_names_what_was_expected():
    with pytest.raises(ParserFailed, match="one of TENTATIVE, CONFIRMED"):
        mnp_core.parse_email(email_with(calendar(vevent(BASE + "X-MAINTNOTE-STATUS:MAYBE\r\n"))))


def test_calendars_beyond_the_fast_reader_are_read_by_icalendar():
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:Plant Time\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        "TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    body = BASE.replace("DTSTART:20151010T080000Z", 'DTSTART;TZID="Plant Time":20151010T080000')
    event = mnp_core.parse_email(email_with(calendar(vevent(body), extra=zone))).events[0]
    assert event.to_json_dict()["beginWindow"] == "2015-10-10T05:00:00Z"
