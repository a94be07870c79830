"""Sources: ``GET /sources``, ``GET /sources/{id}`` (with its statements), ``DELETE /sources/{id}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from api.auth import require_writer
from api.deps import Services, Svc
from api.problems import responses
from api.rest.common import REST_CONTENT, Limit, Offset, answer, require, run, slug
from api.rest.models import SourceDetail, SourceItem, SourceList
from api.rest.statements import position_items
from kg.ingest import retract

router = APIRouter(tags=["Sources"])
SourceId = Annotated[str, Path(description="The source's id", pattern=r"^[a-z0-9][a-z0-9-]{0,120}$")]


def list_sources(svc: Services, limit: int, offset: int) -> SourceList:
    found = run(svc, "sources")
    items = [SourceItem(id=slug(svc.iris, r["source"]), iri=r["source"], title=r["title"], url=r["url"],
                        publisher=r["publisherLabel"], published=r["published"], statements=r["statements"])
             for r in found[offset: offset + limit]]
    return SourceList(items=items, total=len(found), limit=limit, offset=offset)


def source_detail(svc: Services, ident: str, limit: int, offset: int) -> SourceDetail:
    row = require(run(svc, "source", {"source": ident}), "source", ident)
    listed = run(svc, "source-statements", {"source": ident})
    items = position_items(svc, [r["statement"] for r in listed[offset: offset + limit]])
    return SourceDetail(id=ident, iri=svc.iris.source(ident).value, title=row["title"], url=row["url"],
                        publisher=row["publisherLabel"], published=row["published"], language=row["language"],
                        method=row["method"], ingested=row["ingested"], statements=items, total=len(listed))


@router.get("/sources", response_model=SourceList, responses={200: {"content": REST_CONTENT}, **responses(406, 422)})
async def get_sources(*, request: Request, limit: Limit = 20, offset: Offset = 0,
                      svc: Svc) -> Response:
    """Every source, newest first, with its number of statements."""
    return await answer(request, svc, list_sources, limit, offset,
                        describe=lambda found: [i.iri for i in found.items])


@router.get("/sources/{source_id}", response_model=SourceDetail,
            responses={200: {"content": REST_CONTENT}, **responses(404, 406, 422)})
async def get_source(*, request: Request, source_id: SourceId, limit: Limit = 20, offset: Offset = 0,
                     svc: Svc) -> Response:
    """One source and its statements (paged with limit/offset; total counts them all)."""
    return await answer(request, svc, source_detail, source_id, limit, offset,
                        describe=lambda detail: [detail.iri, *(s.iri for s in detail.statements)])


@router.delete("/sources/{source_id}", status_code=204, responses=responses(401, 403, 404, 422))
async def delete_source(*, request: Request, source_id: SourceId, svc: Svc) -> Response:
    """Retract one source and its statements, and nothing else (token required when one is set;
    off without one unless KG_OPEN_WRITES=1)."""
    require_writer(svc.settings, request)
    await svc.write(retract, svc.store, svc.iris, source_id)
    return Response(status_code=204)
