"""Actors: ``GET /actors``, ``/actors/{id}`` and ``/actors/{id}/positions``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from api.deps import Services, Svc
from api.problems import responses
from api.rendered import Rendered, dumps
from api.rest.common import REST_CONTENT, Limit, Offset, answer, main_type, require, run, slug, split, wikidata_id
from api.rest.listings import Listings, listings
from api.rest.models import ActorDetail, ActorItem, ActorList, ActorPositions, ActorRef, Counts, Member
from kg.model import ActorType, Position
from kg.vocab import KG

router = APIRouter(tags=["Actors"])
ActorId = Annotated[str, Path(description="The actor's id, e.g. hungary", pattern=r"^[a-z0-9][a-z0-9-]{0,120}$")]
TopicFilter = Annotated[str | None, Query(description="Only this topic and its narrower topics (a topic id)",
                                          pattern=r"^[a-z0-9][a-z0-9-]{0,120}$")]


def list_actors(svc: Services, q: str | None, kind: str | None, limit: int, offset: int) -> ActorList:
    found = run(svc, "actors", {"q": q, "type": kind})
    items = [ActorItem(id=slug(svc.iris, r["actor"]), iri=r["actor"], label=r["label"], type=r["typeLabel"] and
                       r["typeLabel"].lower(), wikidata=wikidata_id(r["wikidata"]), statements=r["statements"])
             for r in found[offset: offset + limit]]
    return ActorList(items=items, total=len(found), limit=limit, offset=offset)


def actor_ref(svc: Services, ident: str, source: Listings | None = None) -> ActorRef:
    iri = svc.iris.actor(ident).value
    row = require((source or listings(svc)).actors_brief([iri]), "actor", ident)
    return ActorRef(id=ident, iri=row["actor"], label=row["label"], type=main_type(row["types"]),
                    wikidata=wikidata_id(row["wikidata"]))


def actor_detail(svc: Services, ident: str) -> ActorDetail:
    row = require(run(svc, "actor", {"actor": ident}), "actor", ident)
    counts = run(svc, "actor-counts", {"actor": ident})[0]
    members = [Member(id=slug(svc.iris, m["member"]), iri=m["member"], label=m["label"], role=m["role"])
               for m in run(svc, "actor-members", {"actor": ident})]
    affiliation = None
    if row["affiliation"]:
        affiliation = Member(id=slug(svc.iris, row["affiliation"]), iri=row["affiliation"],
                             label=row["affiliationLabel"])
    return ActorDetail(
        id=ident, iri=svc.iris.actor(ident).value, label=row["label"], type=main_type(row["types"]),
        wikidata=wikidata_id(row["wikidata"]), aliases=split(row["aliases"]), role=row["role"],
        affiliation=affiliation, members=members, counts=Counts(**counts),
    )


def actor_positions_json(svc: Services, ident: str, filters: tuple[tuple[str, str | None], ...], limit: int,
                         offset: int) -> Rendered:
    """An actor's positions, newest first, those of its leaders and officials marked as theirs;
    written as JSON from the items' JSON."""
    source = listings(svc)
    given = dict(filters)
    topic, position = given.get("topic"), given.get("position")
    with source.reading():  # the page, its total and its rows from one state of the data
        actor = actor_ref(svc, ident, source)
        rows, total = source.actor_statements(
            actor.iri, topic=svc.iris.topic(topic).value if topic else None,
            position=KG + position if position else None, since=given.get("since"), until=given.get("until"),
            limit=limit, offset=offset)
        found = source.statement_items([r["statement"] for r in rows], actor.iri)
    items = ",".join(found[r["statement"]] for r in rows if r["statement"] in found)
    head = dumps({"total": total, "limit": limit, "offset": offset})  # ActorPositions' fields, in its order
    return Rendered(ActorPositions, f'{head[:-1]},"actor":{actor.model_dump_json()},"items":[{items}]}}'.encode())


def actor_positions(svc: Services, ident: str, filters: tuple[tuple[str, str | None], ...], limit: int,
                    offset: int) -> ActorPositions:
    """:func:`actor_positions_json` as a model."""
    return actor_positions_json(svc, ident, filters, limit, offset).parse()  # type: ignore[no-any-return]


@router.get("/actors", response_model=ActorList, responses={200: {"content": REST_CONTENT}, **responses(406, 422)})
async def get_actors(
    *,
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Part of a name or alias, case-insensitive")] = None,
    type: Annotated[ActorType | None, Query(description="state, person or organization")] = None,  # noqa: A002
    limit: Limit = 20, offset: Offset = 0, svc: Svc,
) -> Response:
    """Actors by name or alias, most statements first."""
    return await answer(request, svc, list_actors, q, type.value if type else None, limit, offset,
                        describe=lambda found: [i.iri for i in found.items])


@router.get("/actors/{actor_id}", response_model=ActorDetail,
            responses={200: {"content": REST_CONTENT}, **responses(404, 406, 422)})
async def get_actor(*, request: Request, actor_id: ActorId, svc: Svc) -> Response:
    """One actor: labels, aliases, type, Wikidata id, affiliation, members and counts."""
    return await answer(request, svc, actor_detail, actor_id,
                        describe=lambda detail: [detail.iri])


@router.get("/actors/{actor_id}/positions", response_model=ActorPositions,
            responses={200: {"content": REST_CONTENT}, **responses(404, 406, 422)})
async def get_actor_positions(
    *,
    request: Request, actor_id: ActorId,
    topic: TopicFilter = None,
    position: Annotated[Position | None, Query(description="Only this position")] = None,
    since: Annotated[date | None, Query(description="Stated on or after (YYYY-MM-DD)")] = None,
    until: Annotated[date | None, Query(description="Stated on or before (YYYY-MM-DD)")] = None,
    limit: Limit = 20, offset: Offset = 0, svc: Svc,
) -> Response:
    """An actor's positions, newest first; a state's include its leaders' and officials', marked
    with ``speaker`` and ``via: affiliation``."""
    filters = (("topic", topic), ("position", position.value if position else None),
               ("since", since.isoformat() if since else None), ("until", until.isoformat() if until else None))
    return await answer(request, svc, actor_positions_json, actor_id, filters, limit, offset,
                        describe=lambda found: [i.iri for i in found.items], local=svc.listings_local)
