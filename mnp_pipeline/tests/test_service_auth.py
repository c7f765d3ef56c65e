"""Who may do what: tokens stored hashed, every write refused without an admin token,
every read refused without a valid one (unless public_read), and ``mnp token``."""

from __future__ import annotations

import hashlib
import json
import re
import uuid

import pytest
from service_support import Service, TestClient, app_routes, build
from sqlalchemy import select

from mnp_core.cli import main
from mnp_pipeline.ingest.base import Ticket
from mnp_pipeline.processing import Pipeline
from mnp_pipeline.service import create_app
from mnp_pipeline.storage.models import ApiToken, Notification

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Reads guarded by tokens: the API, the feed and the metrics (the web UI guards its own).
READ_PREFIXES = ("/api/v1/", "/feeds/", "/metrics")
DOCUMENTATION = {"/api/v1/openapi.json", "/api/v1/docs", "/api/v1/docs/oauth2-redirect"}


def concrete(path: str, notification_id: uuid.UUID | str | None = None) -> str:
    """The route's path with each parameter filled in: ids with ``notification_id`` (a new
    UUID when not given), names with a plain word (``{kind}``: a report kind)."""
    def value(match: re.Match) -> str:
        name = match.group(1).split(":")[0]
        if name == "id" or name.endswith("_id"):
            return str(notification_id or uuid.uuid4())
        return "sla" if name == "kind" else "rt"

    return re.sub(r"\{([^}]+)\}", value, path)


def routes(service: Service, methods: set[str]) -> list[tuple[str, str]]:
    return [(method, path) for path, allowed in app_routes(service.client.app.routes)
            for method in sorted(allowed & methods)]


def test_tokens_are_stored_as_their_sha256_only(empty_service):
    with empty_service.db.sessions() as session:
        stored = {t.name: t for t in session.scalars(select(ApiToken))}
    for kind, secret in empty_service.tokens.items():
        token = stored[f"{kind}-token"]
        assert token.hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in (token.name, token.hash, token.scope)
        assert secret.startswith("mnp_") and len(secret) > 40
    assert len({t.hash for t in stored.values()}) == 3


def test_every_write_route_refuses_a_missing_wrong_or_read_only_token(empty_service):
    # A notification that may be reprocessed, so that a write let through would show.
    raw = b"From: someone@unknown.example\r\nSubject: hello\r\n\r\nnothing here\r\n"
    pipeline = Pipeline(empty_service.db.sessions)
    notification_id, _ = pipeline.receive(Ticket("test", "1", raw))
    pipeline.process_pending()
    writes = routes(empty_service, WRITE_METHODS)
    # The list comes from the app, so a write route added later is checked too.
    assert ("POST", "/api/v1/notifications/{id}/reprocess") in writes
    assert ("POST", "/api/v1/webhook/{source}") in writes
    tokens = empty_service.tokens
    for method, path in writes:
        url = concrete(path, notification_id)
        for secret in (None, "mnp_wrong", tokens["read"], tokens["revoked"]):
            # The token as the API takes it (a header) and as a web form sends it (a field).
            headers = {"Authorization": f"Bearer {secret}"} if secret else {}
            response = empty_service.client.request(method, url, headers=headers,
                                                    data={"token": secret} if secret else None)
            assert response.status_code in (401, 403), (method, path, secret, response.status_code)
            if secret is None:
                assert response.status_code == 401, (method, path)
    with empty_service.db.sessions() as session:
        assert session.get(Notification, notification_id).attempts == 1  # nothing ran it again


def test_admin_token_is_let_through_to_the_write(empty_service):
    response = empty_service.client.post(f"/api/v1/notifications/{uuid.uuid4()}/reprocess",
                                         headers=empty_service.auth("admin"))
    assert response.status_code == 404  # past the door: there is no such notification


def test_every_read_route_refuses_a_missing_wrong_or_revoked_token(empty_service):
    reads = [(m, p) for m, p in routes(empty_service, {"GET"}) if p.startswith(READ_PREFIXES) and p not in DOCUMENTATION]
    assert ("GET", "/api/v1/maintenances") in reads and ("GET", "/metrics") in reads
    assert ("GET", "/feeds/maintenances.ics") in reads and len(reads) >= 14
    for method, path in reads:
        url = concrete(path)
        for headers in ({}, {"Authorization": "Bearer mnp_wrong"}, empty_service.auth("revoked"),
                        {"Authorization": "Basic YWRtaW46YWRtaW4="}):
            response = empty_service.client.request(method, url, headers=headers)
            assert response.status_code == 401, (path, headers, response.status_code)
            assert response.headers["www-authenticate"] == "Bearer"
        for kind in ("read", "admin"):
            response = empty_service.client.request(method, url, headers=empty_service.auth(kind))
            assert response.status_code not in (401, 403), (path, kind, response.text)


def test_the_feed_takes_its_token_as_a_query_parameter(empty_service):
    client, tokens = empty_service.client, empty_service.tokens
    assert client.get("/feeds/maintenances.ics", params={"token": tokens["read"]}).status_code == 200
    assert client.get("/feeds/maintenances.ics", params={"token": tokens["revoked"]}).status_code == 401
    assert client.get("/feeds/maintenances.ics", params={"token": "mnp_wrong"}).status_code == 401
    # The API itself does not: a token in a URL ends up in logs.
    assert client.get("/api/v1/circuits", params={"token": tokens["read"]}).status_code == 401


def test_public_read_opens_reads_but_not_writes(db, tmp_path):
    public = build(db, tmp_path, settings={"public_read": True}, populated=False)
    with public.client as client:
        assert client.get("/api/v1/circuits").status_code == 200
        assert client.get("/feeds/maintenances.ics").status_code == 200
        assert client.get("/metrics").status_code == 200
        # A token given must still be a valid one.
        assert client.get("/api/v1/circuits", headers={"Authorization": "Bearer mnp_wrong"}).status_code == 401
        url = f"/api/v1/notifications/{uuid.uuid4()}/reprocess"
        assert client.post(url).status_code == 401
        assert client.post(url, headers=public.auth("read")).status_code == 403


def test_use_is_recorded(empty_service):
    with empty_service.db.sessions() as session:
        assert session.scalars(select(ApiToken.last_used_at).where(ApiToken.name == "read-token")).one() is None
    empty_service.get("/api/v1/circuits")
    with empty_service.db.sessions() as session:
        assert session.scalars(select(ApiToken.last_used_at).where(ApiToken.name == "read-token")).one() is not None


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_token_commands_create_list_and_revoke(db, capsys):
    url = ["--database-url", db.url]
    code, secret, err = run(capsys, "token", "create", "grafana", "--scope", "read", *url)
    assert code == 0, err
    secret = secret.strip()
    assert secret.startswith("mnp_") and "shown only now" in err
    code, out, _ = run(capsys, "token", "create", "ops", "--scope", "admin", *url)
    admin_secret = out.strip()
    code, out, _ = run(capsys, "token", "list", "--json", *url)
    listed = {t["name"]: t for t in json.loads(out)}
    assert set(listed) == {"grafana", "ops"} and listed["ops"]["scope"] == "admin"
    assert secret not in out and admin_secret not in out and listed["grafana"]["lastUsedAt"] is None

    with TestClient(create_app(db.sessions)) as client:
        assert client.get("/api/v1/circuits", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
        code, out, err = run(capsys, "token", "revoke", "grafana", *url)
        assert code == 0 and "revoked token 'grafana'" in out
        assert client.get("/api/v1/circuits", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
        assert client.get("/api/v1/circuits", headers={"Authorization": f"Bearer {admin_secret}"}).status_code == 200
    code, out, _ = run(capsys, "token", "list", *url)
    assert "grafana" not in out and "1 token(s)" in out
    code, out, _ = run(capsys, "token", "list", "--all", *url)
    assert "REVOKED" in out
    code, _, err = run(capsys, "token", "revoke", "nobody", *url)
    assert code == 2 and "no token" in err
    run(capsys, "token", "create", "twin", *url)
    run(capsys, "token", "create", "twin", *url)
    code, _, err = run(capsys, "token", "revoke", "twin", *url)
    assert code == 2 and "2 tokens are named 'twin'" in err
    code, _, err = run(capsys, "token", "create", "x", "--scope", "root", *url)
    assert code == 2
