"""Topics: ``GET /topics``, ``/topics/{id}`` and the stance table ``/topics/{id}/positions``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from api.deps import Services, Svc
from api.problems import responses
from api.rendered import Rendered, dumps
from api.rest.common import REST_CONTENT, Limit, Offset, answer, main_type, require, run, slug, split, wikidata_id
from api.rest.items import iso_date
from api.rest.listings import listings
from api.rest.models import (
    Counts,
    TopicDetail,
    TopicItem,
    TopicList,
    TopicPositions,
    TopicRef,
)
from kg.errors import NotFound

router = APIRouter(tags=["Topics"])
TopicId = Annotated[str, Path(description="The topic's id, e.g. ukraines-nato-membership", pattern=r"^[a-z0-9][a-z0-9-]{0,120}$")]


def list_topics(svc: Services, limit: int, offset: int) -> TopicList:
    found = run(svc, "topics")
    items = [TopicItem(id=slug(svc.iris, r["topic"]), iri=r["topic"], label=r["label"], statements=r["statements"],
                       broader=TopicRef(id=slug(svc.iris, r["broader"]), iri=r["broader"], label=r["broaderLabel"])
                       if r["broader"] else None)
             for r in found[offset: offset + limit]]
    return TopicList(items=items, total=len(found), limit=limit, offset=offset)


def topic_ref(svc: Services, ident: str) -> tuple[TopicRef, dict]:
    row = require(run(svc, "topic", {"topic": ident}), "topic", ident)
    return TopicRef(id=ident, iri=svc.iris.topic(ident).value, label=row["label"]), row


def topic_detail(svc: Services, ident: str) -> TopicDetail:
    ref, row = topic_ref(svc, ident)
    narrower = [TopicRef(id=slug(svc.iris, r["narrower"]), iri=r["narrower"], label=r["label"])
                for r in run(svc, "topic-narrower", {"topic": ident})]
    broader = TopicRef(id=slug(svc.iris, row["broader"]), iri=row["broader"], label=row["broaderLabel"]) \
        if row["broader"] else None
    counts = Counts(**run(svc, "topic-counts", {"topic": ident})[0])
    return TopicDetail(**ref.model_dump(), aliases=split(row["aliases"]), broader=broader, narrower=narrower,
                       counts=counts)


def stance_table_json(svc: Services, ident: str, limit: int, offset: int) -> Rendered:
    """Every actor's latest position on the topic, with its history; newest activity first.

    Written as JSON from the items' JSON (a stance table may show hundreds of statements; a
    model for each cost more than reading them)."""
    source = listings(svc)
    iri = svc.iris.topic(ident).value
    with source.reading():  # the page, its total and its rows from one state of the data
        label = source.topic_label(iri)
        if label is None:
            raise NotFound(f"no topic {ident!r}")
        page, total = source.topic_actors(iri, limit=limit, offset=offset)
        actors = [r["actor"] for r in page]
        history = source.topic_history_items(iri, actors)
        briefs = {r["actor"]: r for r in source.actors_brief(actors)} if actors else {}
    by_actor: dict[str, list[dict]] = {}
    for h in history:
        by_actor.setdefault(h["actor"], []).append(h)
    rows = []
    for agg in page:  # the fields of StanceRow, in its order
        mine = by_actor.get(agg["actor"], [])
        brief = briefs.get(agg["actor"], {})
        head = dumps({
            "actor": {"id": slug(svc.iris, agg["actor"]), "iri": agg["actor"],
                      "label": brief.get("label", agg["actor"]), "type": main_type(brief.get("types")),
                      "wikidata": wikidata_id(brief.get("wikidata"))},
            "position": mine[0]["position"] if mine else "unknown", "latest": iso_date(agg["latest"]),
            "statements": int(agg["statements"]), "sources": int(agg["sources"]),
        })
        rows.append(f'{head[:-1]},"history":[{",".join(h["item"] for h in mine)}]}}')
    head = dumps({"total": total, "limit": limit, "offset": offset, "topic": {"id": ident, "iri": iri, "label": label}})
    return Rendered(TopicPositions, f'{head[:-1]},"items":[{",".join(rows)}]}}'.encode())


def stance_table(svc: Services, ident: str, limit: int, offset: int) -> TopicPositions:
    """:func:`stance_table_json` as a model."""
    return stance_table_json(svc, ident, limit, offset).parse()  # type: ignore[no-any-return]


@router.get("/topics", response_model=TopicList, responses={200: {"content": REST_CONTENT}, **responses(406, 422)})
async def get_topics(*, request: Request, limit: Limit = 20, offset: Offset = 0,
                     svc: Svc) -> Response:
    """Every topic, with its broader topic and number of statements."""
    return await answer(request, svc, list_topics, limit, offset,
                        describe=lambda found: [i.iri for i in found.items if i.iri])


@router.get("/topics/{topic_id}", response_model=TopicDetail,
            responses={200: {"content": REST_CONTENT}, **responses(404, 406, 422)})
async def get_topic(*, request: Request, topic_id: TopicId, svc: Svc) -> Response:
    """One topic: label, aliases, broader and narrower topics, counts (narrower included)."""
    return await answer(request, svc, topic_detail, topic_id,
                        describe=lambda detail: [detail.iri or ""])


@router.get("/topics/{topic_id}/positions", response_model=TopicPositions,
            responses={200: {"content": REST_CONTENT}, **responses(404, 406, 422)})
async def get_topic_positions(*, request: Request, topic_id: TopicId, limit: Limit = 20, offset: Offset = 0,
                              svc: Svc) -> Response:
    """The stance table: each actor's latest position on the topic (narrower topics included),
    with every statement behind it and its sources; most recently active actors first."""
    return await answer(request, svc, stance_table_json, topic_id, limit, offset,
                        describe=lambda found: [s.iri for row in found.items for s in row.history],
                        local=svc.listings_local)
