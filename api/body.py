"""Request bodies, capped at ``KG_MAX_BODY_BYTES`` while they are read, never after.

A declared ``Content-Length`` over the cap is refused before a byte is read; a chunked body
is counted as it arrives and refused the moment it passes the cap. The middleware guards
every route; :func:`read_body` is how routes read bodies (FastAPI's own body parsing would
turn our 413 into a 400).
"""

from __future__ import annotations

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import PayloadTooLarge, UnsupportedMediaType, kg_error_response


def _too_large(cap: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"the request body is larger than {cap} bytes (KG_MAX_BODY_BYTES)", detail={"limit": cap})


class BodyLimit:
    """ASGI middleware: 413 for a declared length over the cap; counts undeclared bodies."""

    def __init__(self, app: ASGIApp, cap: int) -> None:
        self.app = app
        self.cap = cap

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.cap:
            response = kg_error_response(Request(scope), _too_large(self.cap))
            response.headers["Connection"] = "close"
            await response(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.cap:
                    raise _too_large(self.cap)
            return message

        await self.app(scope, counted, send)


async def read_body(request: Request, cap: int) -> bytes:
    """The whole body, or a 413 as soon as it passes ``cap`` bytes."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise _too_large(cap)
        chunks.append(chunk)
    return b"".join(chunks)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def decode_utf8(request: Request, body: bytes) -> str:
    """Text of a body, which must be UTF-8 (the SPARQL protocol allows nothing else)."""
    for param in request.headers.get("content-type", "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in {"utf-8", "utf8"}:
            raise UnsupportedMediaType(f"the body must be UTF-8, not {value.strip()}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsupportedMediaType(f"the body is not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
