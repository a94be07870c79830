"""Every error leaves as ``application/problem+json`` (RFC 9457), through :func:`problem`.

kg's own errors carry their status and title (:mod:`kg.errors`); FastAPI's validation errors
become 422s, Starlette's HTTP errors keep their status, and anything unexpected is a 500
whose details stay in the log.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.errors import InputError, KGError

log = logging.getLogger("kg.api")
PROBLEM = "application/problem+json"
TYPE_BASE = "https://w3id.org/kg/problems/"


class Problem(BaseModel):
    """An RFC 9457 problem detail, as every error response carries it."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


class PayloadTooLarge(InputError):
    """A request body over ``KG_MAX_BODY_BYTES``; raised while reading, before it is all in."""

    status = 413
    title = "Payload too large"


class UnsupportedMediaType(InputError):
    status = 415
    title = "Unsupported media type"


class Unavailable(KGError):
    """A feature this build or configuration does not have."""

    status = 501
    title = "Not implemented"


def problem(
    status: int, detail: str | None = None, *, title: str | None = None, kind: str | None = None,
    instance: str | None = None, headers: dict[str, str] | None = None, **extensions: Any,
) -> JSONResponse:
    """The one way an error response is made."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind if kind else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in extensions.items() if k not in body})
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _kind(exc: KGError) -> str:
    name = type(exc).__name__
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


def kg_error_response(request: Request, exc: KGError) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="kg"'} if exc.status == 401 else None
    if exc.status >= 500:
        log.warning("%s %s: %s", request.method, request.url.path, exc.message)
    return problem(exc.status, exc.message, title=exc.title, kind=_kind(exc), instance=request.url.path,
                   headers=headers, **exc.detail)


def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", "")} for e in exc.errors()]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(first["loc"][1:] or first["loc"])
    return problem(422, f"{where}: {first['msg']}" if where else first["msg"], title="Validation failed",
                   kind="validation-error", instance=request.url.path, errors=errors)


def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem(exc.status_code, detail, instance=request.url.path, headers=getattr(exc, "headers", None))


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem(500, "an unexpected error occurred; it has been logged", instance=request.url.path)


def _too_deep(request: Request, exc: RecursionError) -> JSONResponse:
    """JSON (or anything parsed recursively) nested deeper than Python's stack: the client's fault."""
    return problem(400, "the request is nested too deeply to parse", title="Bad request", kind="too-deep",
                   instance=request.url.path)


def install(app: FastAPI) -> None:
    """Route every kind of error through :func:`problem`."""
    app.add_exception_handler(KGError, kg_error_response)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(RecursionError, _too_deep)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries for the errors an endpoint can return."""
    return {
        status: {"model": Problem, "description": HTTPStatus(status).phrase, "content": {PROBLEM: {}}}
        for status in statuses
    }
