"""Prometheus ``/metrics``: the names are there and the gauges say what the database says."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families
from service_support import Service
from sqlalchemy import update

from mnp_pipeline.storage.models import CircuitOutageEvent


def scrape(service: Service) -> dict[tuple[str, tuple], float]:
    response = service.client.get("/metrics", headers=service.auth())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_gauges_reflect_the_database(service):
    values = scrape(service)
    assert values[("mnp_database_up", ())] == 1
    assert values[("mnp_notifications", (("state", "done"),))] == 6
    assert values[("mnp_notifications", (("state", "failed"),))] == 1
    assert values[("mnp_notifications", (("state", "ignored"),))] == 1
    assert values[("mnp_notifications", (("state", "pending"),))] == 0  # zeros are there too
    assert values[("mnp_notifications_by_outcome", (("outcome", "MaintParseSuccess"),))] == 6
    assert values[("mnp_notifications_by_outcome", (("outcome", "MaintParseException"),))] == 1
    assert values[("mnp_maintenances", (("status", "CANCELLED"),))] == 1
    assert values[("mnp_circuits", ())] == 4
    # PWIC2's window is going on now, on WAN-1 and WAN-2; CAL-1 is down.
    assert values[("mnp_circuits_in_maintenance", ())] == 2
    assert values[("mnp_outages_open", ())] == 1
    with service.db.sessions() as session, session.begin():
        session.execute(update(CircuitOutageEvent).values(end_outage=CircuitOutageEvent.begin_outage))
    assert scrape(service)[("mnp_outages_open", ())] == 0


def test_parse_latency_and_webhook_counters_are_exposed(service):
    values = scrape(service)
    # This process parsed the notices of the fixture: each ended up in a bucket.
    parsed = values[("mnp_parse_duration_seconds_count", (("result", "parsed"),))]
    assert parsed >= 6
    assert values[("mnp_parse_duration_seconds_count", (("result", "failed"),))] >= 1
    assert values[("mnp_parse_duration_seconds_bucket", (("le", "+Inf"), ("result", "parsed")))] == parsed
    service.client.post("/api/v1/webhook/rt", content=b"{}", headers={"Content-Type": "application/json"})
    assert scrape(service)[("mnp_webhook_deliveries_total", (("result", "unsigned"),))] >= 1


def test_an_empty_database_gives_zeros(empty_service):
    values = scrape(empty_service)
    assert values[("mnp_circuits_in_maintenance", ())] == 0 and values[("mnp_outages_open", ())] == 0
    assert values[("mnp_notifications", (("state", "failed"),))] == 0
