"""Topics: ``GET /topics``, ``/topics/{id}`` and the stance table ``/topics/{id}/positions``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from api.deps import Services, Svc
from api.problems import responses
from api.rest.common import REST_CONTENT, Limit, Offset, answer, main_type, require, run, slug, split, wikidata_id
from api.rest.listings import listings
from api.rest.models import (
    ActorRef,
    Counts,
    PositionItem,
    StanceRow,
    TopicDetail,
    TopicItem,
    TopicList,
    TopicPositions,
    TopicRef,
)
from api.rest.statements import position_items
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


def stance_table(svc: Services, ident: str, limit: int, offset: int) -> TopicPositions:
    """Every actor's latest position on the topic, with its history; newest activity first."""
    source = listings(svc)
    iri = svc.iris.topic(ident).value
    with source.reading():  # the page, its total and its rows from one state of the data
        label = source.topic_label(iri)
        if label is None:
            raise NotFound(f"no topic {ident!r}")
        page, total = source.topic_actors(iri, limit=limit, offset=offset)
        actors = [r["actor"] for r in page]
        history = source.topic_history(iri, actors) if actors else []
        briefs = {r["actor"]: r for r in source.actors_brief(actors)} if actors else {}
        items = {i.iri: i for i in position_items(svc, [h["statement"] for h in history], source=source)}
    by_actor: dict[str, list[PositionItem]] = {}
    for h in history:
        if h["statement"] in items:
            by_actor.setdefault(h["actor"], []).append(items[h["statement"]])
    rows = []
    for agg in page:
        mine = by_actor.get(agg["actor"], [])
        brief = briefs.get(agg["actor"], {})
        rows.append(StanceRow(
            actor=ActorRef(id=slug(svc.iris, agg["actor"]), iri=agg["actor"], label=brief.get("label", agg["actor"]),
                           type=main_type(brief.get("types")), wikidata=wikidata_id(brief.get("wikidata"))),
            position=mine[0].position if mine else "unknown", latest=agg["latest"],
            statements=agg["statements"], sources=agg["sources"], history=mine,
        ))
    return TopicPositions(topic=TopicRef(id=ident, iri=iri, label=label), items=rows, total=total, limit=limit,
                          offset=offset)


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
    return await answer(request, svc, stance_table, topic_id, limit, offset,
                        describe=lambda found: [s.iri for row in found.items for s in row.history],
                        local=svc.listings_local)
