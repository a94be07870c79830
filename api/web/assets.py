"""Static files under ``/static/``: read once, served from memory, gzipped when the client
accepts it, and cached for a year when asked for by their versioned URL (``?v=<digest>``,
which :func:`asset_url` writes into every page), so a page costs one HTML request after the
first visit. Everything is local: no page loads anything from another host.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

STATIC = Path(__file__).resolve().parent / "static"
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8", ".ico": "image/x-icon"}
router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    media_type: str
    digest: str


@cache
def _asset(name: str) -> Asset | None:
    path = (STATIC / name).resolve()
    if STATIC not in path.parents or not path.is_file():
        return None
    body = path.read_bytes()
    media = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    zipped = gzip.compress(body, 9, mtime=0) if len(body) > 1024 and not media.startswith("image/png") else None
    return Asset(body, zipped, media, hashlib.sha256(body).hexdigest()[:16])


def asset_url(name: str) -> str:
    found = _asset(name)
    return f"/static/{name}?v={found.digest}" if found else f"/static/{name}"


@router.get("/static/{name:path}")
async def static(name: str, request: Request) -> Response:
    found = _asset(name)
    if found is None:
        return Response("not found\n", status_code=404, media_type="text/plain")
    etag = f'"{found.digest}"'
    versioned = request.query_params.get("v") == found.digest
    headers = {"ETag": etag, "Vary": "Accept-Encoding",
               "Cache-Control": "public, max-age=31536000, immutable" if versioned else "no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if found.gzipped and "gzip" in request.headers.get("accept-encoding", ""):
        return Response(found.gzipped, media_type=found.media_type, headers={**headers, "Content-Encoding": "gzip"})
    return Response(found.body, media_type=found.media_type, headers=headers)
