"""The OpenAPI document: maintenance events are the parser's model, and no request
schemathesis makes from the document gets a server error."""

from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

import mnp_core

#: Examples per operation: enough to try every parameter's edges, few enough that the
#: whole document takes well under a minute on both databases.
EXAMPLES = 25


def test_maintenance_events_derive_from_the_parsers_model(service):
    document = service.client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    event = schemas["MaintenanceEvent"]["properties"]
    core = mnp_core.MaintForecastEvent.model_json_schema(by_alias=True)["properties"]
    assert set(core) <= set(event)
    assert event["beginWindow"]["format"] == "date-time"
    assert {"eventId", "circuit", "current", "notificationId"} <= set(event)
    assert set(document["paths"]) >= {
        "/api/v1/circuits", "/api/v1/maintenances", "/api/v1/maintenance-events", "/api/v1/notifications",
        "/api/v1/notifications/{id}/raw", "/api/v1/outages", "/api/v1/sla/measurements", "/api/v1/reports/{kind}",
        "/api/v1/webhook/{source}", "/feeds/maintenances.ics", "/metrics",
    }
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_no_operation_answers_with_a_server_error(service):
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", service.client.app)
    headers = service.auth("admin")
    started, tried = time.monotonic(), []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            # Schemathesis makes up a bearer token from the security scheme: the admin's wins,
            # so that every case reaches the handler (refusals are test_service_auth's).
            case.call_and_validate(headers={**(case.headers or {}), **headers}, checks=[not_a_server_error])

        run()
        tried.append(operation.label)
    assert len(tried) >= 15, tried
    assert time.monotonic() - started < 60
