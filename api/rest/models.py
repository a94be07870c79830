"""Response models of the REST API: what clients get, and what /docs shows."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class Page(BaseModel):
    total: int = Field(description="Items in all pages")
    limit: int
    offset: int


class ActorRef(BaseModel):
    id: str
    iri: str
    label: str
    type: str | None = Field(None, description="state, person or organization")
    wikidata: str | None = Field(None, description="Wikidata entity id, e.g. Q28")


class ActorItem(ActorRef):
    statements: int


class ActorList(Page):
    items: list[ActorItem]


class Member(BaseModel):
    id: str
    iri: str
    label: str
    role: str | None = None


class Counts(BaseModel):
    statements: int
    topics: int | None = None
    sources: int
    actors: int | None = None


class ActorDetail(ActorRef):
    aliases: list[str]
    role: str | None = None
    affiliation: Member | None = Field(None, description="The state or organisation this person speaks for")
    members: list[Member] = Field(description="People affiliated with this state or organisation")
    counts: Counts


class TopicRef(BaseModel):
    id: str
    iri: str | None = None
    label: str


class SourceRef(BaseModel):
    id: str | None = None
    iri: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None


class Speaker(BaseModel):
    id: str
    label: str
    role: str | None = None


class PositionItem(BaseModel):
    statement: str = Field(description="The statement's id")
    iri: str
    position: str
    topic: TopicRef
    date: dt.date | None = None
    source: SourceRef
    attributed_to: str | None = Field(None, description="Who reported or claimed it")
    quote: str | None = None
    speaker: Speaker | None = Field(None, description="Who said it, when a leader or official spoke for the actor")
    via: str | None = Field(None, description="'affiliation' when the speaker is affiliated with the actor")


class ActorPositions(Page):
    actor: ActorRef
    items: list[PositionItem]


class TopicItem(TopicRef):
    broader: TopicRef | None = None
    statements: int


class TopicList(Page):
    items: list[TopicItem]


class TopicDetail(TopicRef):
    aliases: list[str]
    broader: TopicRef | None = None
    narrower: list[TopicRef]
    counts: Counts


class StanceRow(BaseModel):
    actor: ActorRef
    position: str = Field(description="The actor's latest position")
    latest: dt.date | None = None
    statements: int
    sources: int
    history: list[PositionItem] = Field(description="Every statement of the actor on the topic, newest first")


class TopicPositions(Page):
    topic: TopicRef
    items: list[StanceRow]


class StatementDetail(PositionItem):
    actor: ActorRef
    attributed_to_id: str | None = None
    confidence: float | None = None
    cue: str | None = None
    method: str | None = Field(None, description="curated or extracted")


class SourceItem(SourceRef):
    statements: int


class SourceList(Page):
    items: list[SourceItem]


class SourceDetail(SourceRef):
    language: str | None = None
    method: str | None = None
    ingested: str | None = None
    statements: list[PositionItem]
    total: int


class WriteResult(BaseModel):
    sources: list[str] = Field(description="IRIs of the sources written")
    statements: int
    items: list[dict] = Field(description="The statements stored")
