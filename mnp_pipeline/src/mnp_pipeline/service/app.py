"""The FastAPI application: one factory, each surface in its own module.

``create_app(sessions)`` mounts ``api`` (the versioned REST API under ``/api/v1``),
``webhook`` (helpdesk pushes), ``feeds`` (iCalendar), ``metrics`` (Prometheus) and ``ui``
(the server-rendered pages); each module exposes a ``router`` and reads the database
through ``request.app.state.sessions``.
"""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from . import api, feeds, metrics, ui, webhook


def create_app(sessions: sessionmaker[Session], *, settings: dict | None = None) -> FastAPI:
    app = FastAPI(
        title="mnp",
        summary="Maintenance notices, outages and SLA breaches of your circuits",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.sessions = sessions
    app.state.settings = settings or {}
    for module in (api, webhook, feeds, metrics, ui):
        app.include_router(module.router)
    return app
