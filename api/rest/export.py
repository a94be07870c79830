"""``GET /export``: the whole graph, streamed, as a download."""

from __future__ import annotations

from typing import Annotated, BinaryIO

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from api.deps import Svc
from api.negotiation import negotiate
from api.problems import responses
from api.streaming import first_chunk, stream_writer
from kg.export import EXTENSIONS, export

router = APIRouter(tags=["Export"])
MEDIA = {"turtle": "text/turtle", "trig": "application/trig", "nt": "application/n-triples",
         "nq": "application/n-quads", "jsonld": "application/ld+json"}
ALIASES = {"text/plain": "nt", "application/x-turtle": "turtle", "application/x-trig": "trig"}


@router.get("/export", response_class=StreamingResponse,
            responses={200: {"content": {m: {} for m in MEDIA.values()}}, **responses(406, 422)})
async def get_export(
    *,
    request: Request,
    format: Annotated[str | None, Query(  # noqa: A002
        pattern="^(turtle|trig|nt|nq|jsonld)$",
        description="turtle, trig, nt, nq or jsonld; without it, by Accept (Turtle first)")] = None,
    svc: Svc,
) -> StreamingResponse:
    """Everything in the store: quad formats keep each source's named graph, triple formats
    give the union of all graphs. Streamed, so memory stays flat on large stores."""
    fmt = format or negotiate(request.headers.get("accept"), MEDIA, ALIASES)

    def write(out: BinaryIO) -> None:
        export(svc.store, out, fmt)

    body = await first_chunk(stream_writer(write))
    return StreamingResponse(body, media_type=MEDIA[fmt], headers={
        "Content-Disposition": f'attachment; filename="kg-export.{EXTENSIONS[fmt]}"', "Vary": "Accept"})
