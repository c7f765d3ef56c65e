"""The REST API on SQLite and PostgreSQL: each resource, its filters and its pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from service_support import Service
from sqlalchemy import select

import mnp_core
from mnp_pipeline.storage.models import Notification

API = "/api/v1"


def walk(service: Service, path: str, **params) -> list[dict]:
    """Every item of a list, page by page through the ``next`` links."""
    items, page = [], service.get(path, **params)
    total = page["total"]
    while True:
        items += page["items"]
        if page["next"] is None:
            break
        response = service.client.get(page["next"], headers=service.auth())
        assert response.status_code == 200, response.text
        page = response.json()
        assert page["total"] == total
    return items


def test_circuits_list_filter_and_detail(service):
    page = service.get(f"{API}/circuits")
    assert [c["name"] for c in page["items"]] == ["CAL-1", "CAL-2", "WAN-1", "WAN-2"]
    assert page["total"] == 4 and page["next"] is None
    assert page["items"][2]["vendorCircuitId"] == "IC-99999" and page["items"][2]["vendor"] == "fiberprovider"
    assert page["items"][2]["slaEpoch"] == "2024-01-15T00:00:00Z"
    assert [c["name"] for c in service.get(f"{API}/circuits", vendor="calendar-carrier")["items"]] == ["CAL-1", "CAL-2"]
    wan1 = service.get(f"{API}/circuits/WAN-1")
    assert service.get(f"{API}/circuits/{wan1['id']}") == wan1
    assert service.client.get(f"{API}/circuits/NOPE", headers=service.auth()).status_code == 404


def test_pages_cover_every_item_once_and_say_where_the_next_is(service):
    everything = service.get(f"{API}/maintenance-events", limit=1000)["items"]
    assert len(everything) >= 5
    first = service.get(f"{API}/maintenance-events", limit=2)
    assert first["total"] == len(everything) and len(first["items"]) == 2 and first["limit"] == 2
    assert first["next"] == f"{API}/maintenance-events?offset=2&limit=2"
    assert walk(service, f"{API}/maintenance-events", limit=2) == everything
    last = service.get(f"{API}/maintenance-events", limit=2, offset=len(everything) - 1)
    assert len(last["items"]) == 1 and last["next"] is None
    beyond = service.get(f"{API}/maintenance-events", offset=len(everything) + 5)
    assert beyond["items"] == [] and beyond["total"] == len(everything)
    # Filters are kept in the next link.
    page = service.get(f"{API}/notifications", limit=1, state="done")
    assert "state=done" in page["next"] and page["total"] == 6
    for bad in ({"limit": 0}, {"limit": 1001}, {"offset": -1}):
        assert service.client.get(f"{API}/circuits", params=bad, headers=service.auth()).status_code == 422


def test_maintenance_events_are_the_parsers_model(service):
    [event] = service.get(f"{API}/maintenance-events", provider="fiberprovider", circuit="WAN-1",
                          since="2030-01-01T00:00:00Z")["items"]
    core = {k: v for k, v in event.items() if k in {f.alias for f in mnp_core.MaintForecastEvent.model_fields.values()}}
    assert mnp_core.MaintForecastEvent.model_validate(core).maintenance_id == "PWIC1"
    assert event["objectType"] == "maintForecastEvent"
    assert event["beginWindow"] == "2030-01-12T01:00:00Z" and event["status"] == "RE-SCHEDULED"
    assert event["circuit"] == "WAN-1" and event["current"] is True and event["parsedVendorCircuitId"] == "IC-99999"


def test_maintenances_filters(service):
    everything = service.get(f"{API}/maintenances")
    assert {(m["provider"], m["maintenanceId"]) for m in everything["items"]} == {
        ("fiberprovider", "PWIC1"), ("fiberprovider", "PWIC2"), ("fiberprovider", "PWIC9"),
        ("calendar-carrier", "MNT-7"),
    }
    by_provider = service.get(f"{API}/maintenances", provider="calendar-carrier")["items"]
    assert [m["maintenanceId"] for m in by_provider] == ["MNT-7"] and by_provider[0]["status"] == "CANCELLED"
    assert sorted(e["circuit"] for e in by_provider[0]["events"]) == ["CAL-1", "CAL-2"]
    cancelled = service.get(f"{API}/maintenances", status="CANCELLED")["items"]
    assert [m["maintenanceId"] for m in cancelled] == ["MNT-7"]
    two = service.get(f"{API}/maintenances", params=None, status=["CANCELLED", "RE-SCHEDULED"])["items"]
    assert sorted(m["maintenanceId"] for m in two) == ["MNT-7", "PWIC1"]
    # The circuit filter takes your circuit's name or the carrier's id, and narrows the events.
    wan2 = service.get(f"{API}/maintenances", circuit="WAN-2")["items"]
    assert [m["maintenanceId"] for m in wan2] == ["PWIC2"] and [e["circuit"] for e in wan2[0]["events"]] == ["WAN-2"]
    assert [m["maintenanceId"] for m in service.get(f"{API}/maintenances", circuit="ZZ-1")["items"]] == ["PWIC9"]
    # Time range: windows overlapping [since, until).
    january = service.get(f"{API}/maintenances", since="2030-01-11T00:00:00Z", until="2030-01-31T00:00:00Z")
    assert [m["maintenanceId"] for m in january["items"]] == ["PWIC1"]
    now, soon = (f"{m:%Y-%m-%dT%H:%M:%SZ}" for m in (service.now, service.now + timedelta(minutes=1)))
    assert [m["maintenanceId"] for m in service.get(f"{API}/maintenances", since=now, until=soon)["items"]] == ["PWIC2"]
    # The rescheduled window's history is there on request only.
    pwic1 = service.get(f"{API}/maintenances", provider="fiberprovider", circuit="WAN-1",
                        since="2030-01-01T00:00:00Z", history="true")["items"][0]
    assert [(e["beginWindow"], e["current"]) for e in pwic1["events"]] == [
        ("2030-01-10T01:00:00Z", False), ("2030-01-12T01:00:00Z", True)
    ]
    assert service.get(f"{API}/maintenances/{pwic1['id']}")["events"] == [pwic1["events"][1]]
    bad = service.client.get(f"{API}/maintenances", params={"since": "2030-01-01T00:00:00"}, headers=service.auth())
    assert bad.status_code == 422 and "zone" in bad.text
    assert service.client.get(f"{API}/maintenances", params={"status": "SOON"}, headers=service.auth()).status_code == 422


def test_notifications_failed_ones_and_their_raw_email(service):
    everything = service.get(f"{API}/notifications")
    assert everything["total"] == 8
    [failed] = service.get(f"{API}/notifications", failed="true")["items"]
    assert failed["ticketId"] == "6" and failed["errorType"] == "NoParserFound" and failed["state"] == "failed"
    assert failed["outcome"] == "MaintParseException"
    assert [n["ticketId"] for n in service.get(f"{API}/notifications", state="ignored")["items"]] == ["7"]
    assert service.get(f"{API}/notifications", provider="calendar-carrier")["total"] == 2
    assert service.get(f"{API}/notifications", source="elsewhere")["total"] == 0
    raw = service.client.get(f"{API}/notifications/{failed['id']}/raw", headers=service.auth())
    assert raw.status_code == 200 and raw.headers["content-type"] == "message/rfc822"
    assert raw.content == b"From: someone@unknown.example\r\nSubject: hello\r\n\r\nnothing here\r\n"
    assert 'filename="test-6.eml"' in raw.headers["content-disposition"]
    assert service.get(f"{API}/notifications/{failed['id']}")["size"] == len(raw.content)
    missing = "00000000-0000-0000-0000-000000000000"
    assert service.client.get(f"{API}/notifications/{missing}/raw", headers=service.auth()).status_code == 404


def test_reprocess_runs_a_failed_notification_again_and_refuses_a_done_one(service):
    [failed] = service.get(f"{API}/notifications", failed="true")["items"]
    response = service.client.post(f"{API}/notifications/{failed['id']}/reprocess", headers=service.auth("admin"))
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "MaintParseException" and response.json()["state"] == "failed"
    with service.db.sessions() as session:
        assert session.scalars(select(Notification.attempts).where(Notification.ticket_id == "6")).one() == 2
    done = service.get(f"{API}/notifications", state="done")["items"][0]
    again = service.client.post(f"{API}/notifications/{done['id']}/reprocess", headers=service.auth("admin"))
    assert again.status_code == 409
    missing = "00000000-0000-0000-0000-000000000000"
    assert service.client.post(f"{API}/notifications/{missing}/reprocess", headers=service.auth("admin")).status_code == 404


def test_outages(service):
    everything = service.get(f"{API}/outages")["items"]
    # Latest first: WAN-1's outage is in 2030, CAL-1's began ten minutes ago and is open.
    assert [(o["circuit"], o["open"]) for o in everything] == [("WAN-1", False), ("CAL-1", True)]
    assert everything[0]["durationSeconds"] == 1800 and everything[1]["durationSeconds"] is None
    assert [o["circuit"] for o in service.get(f"{API}/outages", open="true")["items"]] == ["CAL-1"]
    assert [o["circuit"] for o in service.get(f"{API}/outages", circuit="WAN-1")["items"]] == ["WAN-1"]
    assert [o["circuit"] for o in service.get(f"{API}/outages", vendor="fiberprovider")["items"]] == ["WAN-1"]
    window = service.get(f"{API}/outages", since="2030-01-12T01:45:00Z", until="2030-01-12T03:00:00Z")["items"]
    assert [o["circuit"] for o in window] == ["WAN-1"]


def test_sla_measurements_and_reports(service):
    [m] = service.get(f"{API}/sla/measurements")["items"]
    assert (m["circuit"], m["vendor"], m["sla"], m["breached"], m["promisedPct"]) == ("WAN-1", "fiberprovider", "gold",
                                                                                   True, 99.9)
    assert m["periodStart"] == "2030-01-01T00:00:00Z"
    assert service.get(f"{API}/sla/measurements", breached="false")["total"] == 0
    assert service.get(f"{API}/sla/measurements", since="2030-02-01T00:00:00Z")["total"] == 0
    assert service.get(f"{API}/sla/measurements", vendor="fiberprovider", circuit="WAN-1")["total"] == 1
    credits = service.get(f"{API}/reports/credits")
    assert credits["kind"] == "credits" and credits["rows"][0]["circuit"] == "WAN-1"
    assert credits["rows"][0]["claimDeadline"] == "2030-03-01T00:00:00Z" and "daysLeft" in credits["columns"]
    assert service.get(f"{API}/reports/sla", period="2030-01")["rows"][0]["breached"] is True
    assert service.get(f"{API}/reports/vendors")["rows"][0]["vendor"] == "fiberprovider"
    accuracy = service.get(f"{API}/reports/forecast-accuracy", since="2030-01-01T00:00:00Z",
                           until="2030-02-01T00:00:00Z")
    by_vendor = {row["vendor"]: row for row in accuracy["rows"]}
    assert by_vendor["fiberprovider"]["insideWindow"] == 1
    assert by_vendor["calendar-carrier"]["unannounced"] == 1  # CAL-1's open outage, in no window
    chart = service.client.get(f"{API}/reports/sla/chart", headers=service.auth())
    assert chart.status_code == 200 and chart.text.startswith("<svg") and chart.headers["content-type"] == "image/svg+xml"
    bad = service.client.get(f"{API}/reports/sla", params={"period": "soon"}, headers=service.auth())
    assert bad.status_code == 422 and "2030-Q1" in bad.text
    assert service.client.get(f"{API}/reports/nonsense", headers=service.auth()).status_code == 422


@pytest.mark.parametrize("value", ["a\x00b"])
def test_text_filters_refuse_what_the_database_cannot_hold(service, value):
    response = service.client.get(f"{API}/maintenances", params={"provider": value}, headers=service.auth())
    assert response.status_code == 422


def test_since_beyond_the_calendar_is_refused_not_a_server_error(service):
    response = service.client.get(f"{API}/maintenance-events", params={"since": "9999-12-31T23:00:00-14:00"},
                                  headers=service.auth())
    assert response.status_code == 422


def test_notification_received_filter(service):
    later = (service.now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert service.get(f"{API}/notifications", since=later)["total"] == 0
    assert service.get(f"{API}/notifications", until=later)["total"] == 8
