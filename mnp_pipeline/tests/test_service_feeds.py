"""The iCalendar feed: valid, one event per window per circuit, UIDs that survive updates,
and an ETag that saves calendar clients a download."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
from notices import fiber_notice, ticket
from service_support import Service

from mnp_pipeline.processing import Pipeline

FEED = "/feeds/maintenances.ics"


def fetch(service: Service, **params) -> icalendar.Calendar:
    response = service.client.get(FEED, params={"token": service.tokens["read"], **params})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_is_icalendar_with_one_event_per_window_per_circuit(service):
    calendar = fetch(service, past_days=3650)
    assert str(calendar["version"]) == "2.0" and "mnp" in str(calendar["prodid"])
    found = events(calendar)
    assert set(found) == {
        "fiberprovider maintenance PWIC1: WAN-1 (OUTAGE)",
        "fiberprovider maintenance PWIC2: WAN-1 (OUTAGE)",
        "fiberprovider maintenance PWIC2: WAN-2 (OUTAGE)",
        "fiberprovider maintenance PWIC9: ZZ-1 (OUTAGE)",
        "calendar-carrier maintenance MNT-7: CAL-1 (OUTAGE)",
        "calendar-carrier maintenance MNT-7: CAL-2 (OUTAGE)",
    }
    moved = found["fiberprovider maintenance PWIC1: WAN-1 (OUTAGE)"]
    assert moved.decoded("dtstart") == datetime(2030, 1, 12, 1, tzinfo=UTC)
    assert moved.decoded("dtend") == datetime(2030, 1, 12, 3, tzinfo=UTC)
    assert str(moved["status"]) == "CONFIRMED" and int(moved["sequence"]) == 1  # rescheduled once
    cancelled = found["calendar-carrier maintenance MNT-7: CAL-1 (OUTAGE)"]
    assert str(cancelled["status"]) == "CANCELLED" and int(cancelled["sequence"]) == 1
    assert int(found["fiberprovider maintenance PWIC9: ZZ-1 (OUTAGE)"]["sequence"]) == 0
    for event in found.values():
        assert event.decoded("dtstamp").tzinfo is not None and str(event["uid"]).endswith("@mnp")
        assert str(event["transp"]) == "TRANSPARENT"
    assert len({str(e["uid"]) for e in found.values()}) == len(found)
    assert "Ticket: 2" in str(moved["description"])


def test_filters_by_provider_and_circuit(service):
    assert set(events(fetch(service, provider="calendar-carrier", past_days=3650))) == {
        "calendar-carrier maintenance MNT-7: CAL-1 (OUTAGE)", "calendar-carrier maintenance MNT-7: CAL-2 (OUTAGE)"
    }
    assert set(events(fetch(service, circuit="WAN-2"))) == {"fiberprovider maintenance PWIC2: WAN-2 (OUTAGE)"}
    assert events(fetch(service, provider="nobody")) == {}


def test_uids_stay_when_the_carrier_moves_the_window(service):
    before = events(fetch(service, circuit="WAN-2"))["fiberprovider maintenance PWIC2: WAN-2 (OUTAGE)"]
    moved = fiber_notice("PWIC2", "2030-Mar-01 01:00 UTC", "2030-Mar-01 05:00 UTC", "IC-99999, FRO2006765432",
                         sent=datetime(2029, 12, 1, tzinfo=UTC), subject_prefix="Rescheduled: ")
    pipeline = Pipeline(service.db.sessions)
    pipeline.receive(ticket("9", moved))
    pipeline.process_pending()
    after = events(fetch(service, circuit="WAN-2"))["fiberprovider maintenance PWIC2: WAN-2 (OUTAGE)"]
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == int(before["sequence"]) + 1
    assert after.decoded("dtstart") == datetime(2030, 3, 1, 1, tzinfo=UTC)
    assert after.decoded("dtstamp") >= before.decoded("dtstamp")  # whole seconds


def test_etag_and_not_modified(service):
    params = {"token": service.tokens["read"]}
    first = service.client.get(FEED, params=params)
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert service.client.get(FEED, params=params).content == first.content  # the same bytes, so the same tag
    same = service.client.get(FEED, params=params, headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == etag
    assert service.client.get(FEED, params=params, headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert service.client.get(FEED, params=params, headers={"If-None-Match": '"other"'}).status_code == 200
    other = service.client.get(FEED, params={**params, "provider": "calendar-carrier"})
    assert other.headers["etag"] != etag


def test_the_feed_needs_a_read_token(service):
    assert service.client.get(FEED).status_code == 401
    assert service.client.get(FEED, headers=service.auth()).status_code == 200
