"""API tokens: bearer secrets whose sha256 alone is stored, in two scopes.

``read`` reads everything (API, feed, metrics); ``admin`` also writes (reprocessing a
notification). A request names its token as ``Authorization: Bearer <secret>``; the
iCalendar feed also takes ``?token=<secret>``, because calendar clients cannot send a
header. With ``[service] public_read = true`` reads need no token; writes always need an
admin one. A missing, unknown or revoked token is answered 401, a read token on a write
403.

Secrets are 256 random bits, so a single unsalted sha256 is enough to make a stolen
table useless (there is nothing to guess), and finding the token is one index probe.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import APIKeyQuery, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage.models import ApiToken, ApiTokenScope, utcnow

SECRET_PREFIX = "mnp_"
#: ``last_used_at`` is written at most this often per token: a busy dashboard must not
#: turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="An mnp API token (`mnp token create NAME --scope read|admin`).",
)
query_token = APIKeyQuery(
    name="token",
    auto_error=False,
    scheme_name="feedToken",
    description="The same token as a query parameter, for calendar clients that cannot send headers.",
)


@dataclass(frozen=True)
class Principal:
    """Who is asking: a token, or nobody on a server that serves reads publicly."""

    token_id: uuid.UUID | None
    name: str
    scope: ApiTokenScope


ANONYMOUS = Principal(None, "anonymous (public_read)", ApiTokenScope.READ)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(session: Session, name: str, scope: ApiTokenScope | str) -> tuple[ApiToken, str]:
    """Store a new token; return it and its secret (which is not stored and cannot be shown again)."""
    if not name.strip():
        raise ValueError("expected a token name, found an empty one")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name.strip(), hash=hash_secret(secret), scope=ApiTokenScope(scope).value)
    session.add(token)
    session.flush()
    return token, secret


def find_tokens(session: Session, id_or_name: str) -> list[ApiToken]:
    """The token of that id, else the unrevoked tokens of that name."""
    try:
        token = session.get(ApiToken, uuid.UUID(id_or_name))
    except ValueError:
        token = None
    if token is not None:
        return [token]
    return list(
        session.scalars(select(ApiToken).where(ApiToken.name == id_or_name, ApiToken.revoked.is_(False)))
    )


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"})


def authenticate(request: Request, secret: str | None, needed: ApiTokenScope) -> Principal:
    """The principal behind ``secret`` if it may do what ``needed`` allows, else an HTTP error."""
    if not secret:
        if needed is ApiTokenScope.READ and request.app.state.settings.get("public_read"):
            return ANONYMOUS
        raise _unauthorized("expected an API token (Authorization: Bearer <token>), found none")
    with request.app.state.sessions() as session, session.begin():
        token = session.scalars(select(ApiToken).where(ApiToken.hash == hash_secret(secret))).first()
        if token is None or token.revoked:
            # The same answer for both: a caller learns nothing about which secrets exist.
            raise _unauthorized("the API token is unknown or revoked")
        now = utcnow()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            token.last_used_at = now
        principal = Principal(token.id, token.name, ApiTokenScope(token.scope))
    if needed is ApiTokenScope.ADMIN and principal.scope is not ApiTokenScope.ADMIN:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"token {principal.name!r} has scope read; this needs admin")
    return principal


def read_access(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]
) -> Principal:
    return authenticate(request, credentials.credentials if credentials else None, ApiTokenScope.READ)


def admin_access(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]
) -> Principal:
    return authenticate(request, credentials.credentials if credentials else None, ApiTokenScope.ADMIN)


def feed_access(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
    token: Annotated[str | None, Security(query_token)],
) -> Principal:
    secret = credentials.credentials if credentials else token
    return authenticate(request, secret, ApiTokenScope.READ)


ReadAccess = Annotated[Principal, Depends(read_access)]
AdminAccess = Annotated[Principal, Depends(admin_access)]
FeedAccess = Annotated[Principal, Depends(feed_access)]
