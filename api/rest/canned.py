"""Canned queries: ``GET /queries`` lists them, ``GET /queries/{name}?param=value`` runs one.

Values are bound with a VALUES block by :mod:`kg.queries`, never pasted into the text; the
query then runs like any /sparql query (worker pool, time limit, result cap, formats).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.deps import Svc
from api.problems import responses
from api.sparql import RESULTS, run_query
from kg import queries
from kg.errors import ValidationError

router = APIRouter(tags=["Canned queries"])


class ParamOut(BaseModel):
    name: str
    type: str
    required: bool
    description: str


class QueryOut(BaseModel):
    name: str
    title: str
    description: str
    params: list[ParamOut]
    href: str


@router.get("/queries", response_model=list[QueryOut])
async def list_queries(*, request: Request) -> list[QueryOut]:
    """The canned queries in ``queries/``, with their parameters and descriptions."""
    return [QueryOut(name=q.name, title=q.title, description=q.description,
                     params=[ParamOut(name=p.name, type=p.type, required=p.required, description=p.description)
                             for p in q.params],
                     href=str(request.url_for("run_canned", name=q.name)))
            for q in queries.all_queries().values()]


@router.get("/queries/{name}", name="run_canned", responses={**RESULTS, **responses(404, 406, 422, 503)})
async def run_canned(*, request: Request, name: Annotated[str, Path(description="A query's name, as listed by /queries")],
                     svc: Svc) -> Response:
    """Run one canned query; its parameters come from the query string. Results as on /sparql."""
    canned = queries.get(name, svc.store)
    params = list(request.query_params.multi_items())
    values: dict[str, str] = {}
    for key, value in params:
        if key in values:
            raise ValidationError(f"parameter {key!r} is given more than once")
        values[key] = value
    return await run_query(request, svc, canned.bind(values, svc.iris), None, None)
