"""Bearer-token checks for writes. The token is compared in constant time and never logged."""

from __future__ import annotations

import hmac

from fastapi import Request

from kg.errors import Forbidden
from kg.settings import Settings


class Unauthorized(Forbidden):
    """No token, or the wrong one, where a token is required (sent with WWW-Authenticate)."""

    status = 401
    title = "Unauthorized"


def _presented(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _check(settings: Settings, request: Request) -> None:
    assert settings.admin_token is not None
    token = _presented(request)
    if token is None:
        raise Unauthorized("this request needs the admin token: send Authorization: Bearer <token>")
    expected = settings.admin_token.get_secret_value().encode()
    if not hmac.compare_digest(token.encode(), expected):
        raise Unauthorized("the token is not valid")


def require_admin(settings: Settings, request: Request) -> None:
    """SPARQL updates and graph-store writes: only with the admin token; off when none is set."""
    if settings.admin_token is None:
        raise Forbidden("writes are switched off on this server: no admin token is configured (KG_ADMIN_TOKEN)")
    _check(settings, request)


def require_writer(settings: Settings, request: Request) -> None:
    """REST writes: the admin token when one is set; otherwise only if ``KG_OPEN_WRITES=1``."""
    if settings.admin_token is not None:
        _check(settings, request)
    elif not settings.open_writes:
        raise Forbidden("writes are switched off on this server: set KG_ADMIN_TOKEN, or KG_OPEN_WRITES=1")
