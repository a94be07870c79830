"""Findings across sources: ``GET /topics/{id}/claims``, ``/topics/{id}/disputes`` and
``/actors/{id}/changes``.

Claims, disputes and position changes are derived by :mod:`kg.analysis` on every ingest and
stored in the graph; these endpoints read them with the canned queries ``topic-claims``,
``topic-disputes`` and ``actor-changes``, and the reports each rests on with
``finding-evidence`` (bound with the findings of one page, never with user text).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from pyoxigraph import NamedNode

from api.deps import Services, Svc
from api.problems import responses
from api.rest.actors import actor_ref
from api.rest.common import REST_CONTENT, Limit, Offset, answer, run, slug
from api.rest.models import ActorRef, Page, SourceRef, TopicRef
from api.rest.topics import topic_ref
from kg.model import Position

router = APIRouter(tags=["Analysis"])
ID = r"^[a-z0-9][a-z0-9-]{0,120}$"
TopicId = Annotated[str, Path(description="The topic's id, e.g. ukraines-invitation-to-nato", pattern=ID)]
ActorId = Annotated[str, Path(description="The actor's id, e.g. germany", pattern=ID)]
ActorFilter = Annotated[str | None, Query(description="Only this actor (an actor id)", pattern=ID)]
TopicFilter = Annotated[str | None, Query(description="Only this topic and its narrower topics (a topic id)",
                                          pattern=ID)]
PositionFilter = Annotated[Position | None, Query(description="Only this position")]
MinSources = Annotated[int, Query(ge=1, le=1000, description="Only claims with at least this many independent sources")]


class Ref(BaseModel):
    id: str | None = None
    iri: str
    label: str | None = None


class Evidence(BaseModel):
    statement: str = Field(description="The statement's (or denial's) id")
    iri: str
    kind: Literal["statement", "denial"] = Field(description="A statement of a position, or a denial of one")
    position: str = Field(description="The position stated (for a denial: the position it denies)")
    date: dt.date | None = None
    source: SourceRef
    attributed_to: str | None = Field(None, description="Who reported or claimed it")
    origin: Ref | None = Field(None, description="The independent source it counts as: the outlet it is attributed "
                                                 "to, else its publisher, else its source")
    quote: str | None = None
    cue: str | None = None
    denied_by: str | None = Field(None, description="For a denial: who says it is not true")
    denies: list[str] = Field(default_factory=list,
                              description="For a denial: IRIs of the statements and claims it contradicts")


class ClaimItem(BaseModel):
    id: str
    iri: str
    actor: Ref
    position: str
    topic: TopicRef
    first_reported: dt.date | None = None
    last_reported: dt.date | None = None
    sources: int = Field(description="Sources that carry the claim")
    independent_sources: int = Field(description="Distinct origins: an outlet repeating another's report counts once")
    origins: list[Ref] = Field(description="The independent sources")
    outlets: list[str] = Field(description="Publishers of the sources that carry the claim")
    explanation: str
    evidence: list[Evidence]


class TopicClaims(Page):
    topic: TopicRef
    items: list[ClaimItem]


class DisputeSide(BaseModel):
    position: str
    sources: int
    statements: list[Evidence]


class DisputeItem(BaseModel):
    id: str
    iri: str
    actor: Ref
    topic: TopicRef
    first_reported: dt.date | None = None
    last_reported: dt.date | None = None
    positions: list[str] = Field(description="Positions in conflict, support first (a denied position included)")
    sides: list[DisputeSide] = Field(description="The statements of each position")
    denials: list[Evidence] = Field(description="Denials taking part, each with what it denies")
    claims: list[str] = Field(description="IRIs of the claims whose statements take part")
    explanation: str


class TopicDisputes(Page):
    topic: TopicRef
    items: list[DisputeItem]


class ChangeItem(BaseModel):
    id: str
    iri: str
    topic: TopicRef
    from_position: str
    to_position: str
    changed_on: dt.date = Field(description="The first date the new position is reported")
    previously_on: dt.date = Field(description="The last date the old position was reported")
    shift: float = Field(description="Stance value of the new position minus the old: positive towards support")
    direction: Literal["towards support", "towards opposition"]
    explanation: str
    before: list[Evidence] = Field(description="The old position's last reports")
    after: list[Evidence] = Field(description="The new position's first reports")


class ActorChanges(Page):
    actor: ActorRef
    items: list[ChangeItem]


# ------------------------------------------------------------------ reading


def _evidence(svc: Services, findings: list[str]) -> dict[str, dict[str, list[Evidence]]]:
    """finding IRI -> role ("evidence", "before", "after") -> its reports, by date then id."""
    if not findings:
        return {}
    rows = run(svc, "finding-evidence", many={"finding": [NamedNode(f) for f in findings]})
    denials = sorted({r["report"] for r in rows if r["kind"] == "denial"})
    targets: dict[str, list[str]] = defaultdict(list)
    if denials:
        for t in run(svc, "denial-targets", many={"denial": [NamedNode(d) for d in denials]}):
            targets[t["denial"]].append(t["target"])
    out: dict[str, dict[str, list[Evidence]]] = defaultdict(lambda: defaultdict(list))
    seen: set[tuple[str, str, str]] = set()
    for r in rows:
        key = (r["finding"], r["role"], r["report"])
        if key in seen:
            continue
        seen.add(key)
        origin = None
        if r["origin"]:
            origin = Ref(id=slug(svc.iris, r["origin"]), iri=r["origin"], label=r["originLabel"] or r["originTitle"])
        out[r["finding"]][r["role"]].append(Evidence(
            statement=slug(svc.iris, r["report"]) or r["report"], iri=r["report"], kind=r["kind"],
            position=r["positionLabel"], date=r["date"],
            source=SourceRef(id=slug(svc.iris, r["source"]), iri=r["source"], title=r["sourceTitle"],
                             url=r["sourceUrl"], publisher=r["publisherLabel"], published=r["published"]),
            attributed_to=r["attributedToLabel"], origin=origin, quote=r["quote"], cue=r["cue"],
            denied_by=r["deniedByLabel"], denies=sorted(targets.get(r["report"], [])),
        ))
    for roles in out.values():
        for items in roles.values():
            items.sort(key=lambda e: (e.date or dt.date.max, e.iri))
    return out


def topic_claims(svc: Services, ident: str, actor: str | None, position: str | None, min_sources: int,
                 limit: int, offset: int) -> TopicClaims:
    topic, _ = topic_ref(svc, ident)
    found = [r for r in run(svc, "topic-claims", {"topic": ident, "actor": actor, "position": position})
             if r["independent"] >= min_sources]
    page = found[offset: offset + limit]
    evidence = _evidence(svc, [r["claim"] for r in page])
    items = []
    for r in page:
        reports = evidence.get(r["claim"], {}).get("evidence", [])
        origins = {e.origin.iri: e.origin for e in reports if e.origin}
        items.append(ClaimItem(
            id=slug(svc.iris, r["claim"]) or r["claim"], iri=r["claim"],
            actor=Ref(id=slug(svc.iris, r["who"]), iri=r["who"], label=r["actorLabel"]),
            position=r["positionLabel"], topic=TopicRef(id=slug(svc.iris, r["about"]) or "", iri=r["about"],
                                                        label=r["topicLabel"]),
            first_reported=r["first"], last_reported=r["last"], sources=r["sources"],
            independent_sources=r["independent"], origins=sorted(origins.values(), key=lambda o: o.label or o.iri),
            outlets=sorted({e.source.publisher for e in reports if e.source.publisher}),
            explanation=r["explanation"], evidence=reports,
        ))
    return TopicClaims(topic=topic, items=items, total=len(found), limit=limit, offset=offset)


def topic_disputes(svc: Services, ident: str, actor: str | None, limit: int, offset: int) -> TopicDisputes:
    topic, _ = topic_ref(svc, ident)
    found = run(svc, "topic-disputes", {"topic": ident, "actor": actor})
    page = found[offset: offset + limit]
    evidence = _evidence(svc, [r["dispute"] for r in page])
    claims: dict[str, list[str]] = defaultdict(list)
    if page:
        for c in run(svc, "dispute-claims", many={"dispute": [NamedNode(r["dispute"]) for r in page]}):
            claims[c["dispute"]].append(c["claim"])
    items = []
    for r in page:
        reports = evidence.get(r["dispute"], {}).get("evidence", [])
        statements = [e for e in reports if e.kind == "statement"]
        positions = sorted({e.position for e in reports}, key=lambda p: -Position(p).stance)
        sides = [DisputeSide(position=p, statements=[e for e in statements if e.position == p],
                             sources=len({e.source.iri for e in statements if e.position == p}))
                 for p in positions if any(e.position == p for e in statements)]
        items.append(DisputeItem(
            id=slug(svc.iris, r["dispute"]) or r["dispute"], iri=r["dispute"],
            actor=Ref(id=slug(svc.iris, r["who"]), iri=r["who"], label=r["actorLabel"]),
            topic=TopicRef(id=slug(svc.iris, r["about"]) or "", iri=r["about"], label=r["topicLabel"]),
            first_reported=r["first"], last_reported=r["last"], positions=positions, sides=sides,
            denials=[e for e in reports if e.kind == "denial"], claims=sorted(claims.get(r["dispute"], [])),
            explanation=r["explanation"],
        ))
    return TopicDisputes(topic=topic, items=items, total=len(found), limit=limit, offset=offset)


def actor_changes(svc: Services, ident: str, topic: str | None, limit: int, offset: int) -> ActorChanges:
    actor = actor_ref(svc, ident)
    found = run(svc, "actor-changes", {"actor": ident, "topic": topic})
    page = found[offset: offset + limit]
    evidence = _evidence(svc, [r["change"] for r in page])
    items = [ChangeItem(
        id=slug(svc.iris, r["change"]) or r["change"], iri=r["change"],
        topic=TopicRef(id=slug(svc.iris, r["about"]) or "", iri=r["about"], label=r["topicLabel"]),
        from_position=r["fromLabel"], to_position=r["toLabel"], changed_on=r["changedOn"],
        previously_on=r["previouslyOn"], shift=float(r["shift"]),
        direction="towards support" if float(r["shift"]) > 0 else "towards opposition",
        explanation=r["explanation"], before=evidence.get(r["change"], {}).get("before", []),
        after=evidence.get(r["change"], {}).get("after", []),
    ) for r in page]
    return ActorChanges(actor=actor, items=items, total=len(found), limit=limit, offset=offset)


# ------------------------------------------------------------------ routes


@router.get("/topics/{topic_id}/claims", response_model=TopicClaims,
            responses={200: {"content": REST_CONTENT}, **responses(404, 406, 422)})
async def get_topic_claims(*, request: Request, topic_id: TopicId, actor: ActorFilter = None,
                           position: PositionFilter = None, min_sources: MinSources = 1,
                           limit: Limit = 20, offset: Offset = 0, svc: Svc) -> Response:
    """Claims on a topic (narrower topics included): statements from different sources that say
    the same thing, grouped, with their sources counted (an outlet repeating another's report counts
    once), first and latest report dates, the statements and why they were grouped; most
    independent sources first."""
    return await answer(request, svc, topic_claims, topic_id, actor, position.value if position else None,
                        min_sources, limit, offset, describe=lambda found: [i.iri for i in found.items])


@router.get("/topics/{topic_id}/disputes", response_model=TopicDisputes,
            responses={200: {"content": REST_CONTENT}, **responses(404, 406, 422)})
async def get_topic_disputes(*, request: Request, topic_id: TopicId, actor: ActorFilter = None,
                             limit: Limit = 20, offset: Offset = 0, svc: Svc) -> Response:
    """Disputes on a topic (narrower topics included): different sources reporting conflicting
    positions of one actor at about the same time, and denials with what they deny; each side's
    statements and why it was flagged; newest first."""
    return await answer(request, svc, topic_disputes, topic_id, actor, limit, offset,
                        describe=lambda found: [i.iri for i in found.items])


@router.get("/actors/{actor_id}/changes", response_model=ActorChanges,
            responses={200: {"content": REST_CONTENT}, **responses(404, 406, 422)})
async def get_actor_changes(*, request: Request, actor_id: ActorId, topic: TopicFilter = None,
                            limit: Limit = 20, offset: Offset = 0, svc: Svc) -> Response:
    """When an actor's position on a topic moved: from which position to which, on what date,
    with the old position's last reports and the new one's first as evidence; newest first."""
    return await answer(request, svc, actor_changes, actor_id, topic, limit, offset,
                        describe=lambda found: [i.iri for i in found.items])
