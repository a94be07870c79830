"""Statements: ``GET /statements/{id}``, and the statement rows every listing shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from api.deps import Services, Svc
from api.problems import responses
from api.rest.common import REST_CONTENT, answer, require, run, slug
from api.rest.items import item_fields, position_item
from api.rest.listings import listings
from api.rest.models import ActorRef, PositionItem, StatementDetail

router = APIRouter(tags=["Statements"])
StatementId = Annotated[str, Path(description="The statement's id (a hex digest)",
                                  pattern=r"^[a-z0-9][a-z0-9-]{0,120}$")]


def position_items(svc: Services, statements: Sequence[str]) -> list[PositionItem]:
    """Full rows for statement IRIs, in the order given (blocking: call through ``svc.read``)."""
    if not statements:
        return []
    found = {r["statement"]: r for r in listings(svc).statement_rows(statements)}
    return [position_item(svc.iris, found[iri]) for iri in statements if iri in found]


def statement_detail(svc: Services, ident: str) -> StatementDetail:
    row = require(run(svc, "statement", {"statement": ident}), "statement", ident)
    return StatementDetail(
        **item_fields(svc.iris, row),
        actor=ActorRef(id=slug(svc.iris, row["actor"]), iri=row["actor"], label=row["actorLabel"]),
        attributed_to_id=slug(svc.iris, row["attributedTo"]),
        confidence=row["confidence"], cue=row["cue"], method=row["method"],
    )


@router.get("/statements/{statement_id}", response_model=StatementDetail,
            responses={200: {"content": REST_CONTENT}, **responses(404, 406, 422)})
async def get_statement(*, request: Request, statement_id: StatementId, svc: Svc) -> Response:
    """One statement: who holds which position on what, per which source, with the quote."""
    return await answer(request, svc, statement_detail, statement_id,
                        describe=lambda detail: [detail.iri])
