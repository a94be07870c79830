"""Statements as plain typed objects: what extraction and curated files produce, and what
:mod:`kg.rdf` turns into quads. No RDF here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from kg.ids import slugify, source_slug, statement_digest


class Position(StrEnum):
    """The five positions, a SKOS concept scheme in the ontology."""

    SUPPORT = "support"
    CONDITIONAL = "conditional"
    NEUTRAL = "neutral"
    HESITANT = "hesitant"
    OPPOSE = "oppose"

    @property
    def stance(self) -> float:
        """Numeric stance, +1 (support) to -1 (oppose), for ordering and charts."""
        return _STANCE[self]


_STANCE = {
    Position.SUPPORT: 1.0,
    Position.CONDITIONAL: 0.5,
    Position.NEUTRAL: 0.0,
    Position.HESITANT: -0.5,
    Position.OPPOSE: -1.0,
}


class ActorType(StrEnum):
    PERSON = "person"
    STATE = "state"
    ORGANIZATION = "organization"


@dataclass(frozen=True, slots=True)
class Actor:
    """A state, person or organisation that can hold a position (or report one)."""

    label: str
    type: ActorType | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None  # label of the actor this one belongs to ("Hungary")
    role: str | None = None  # "Prime Minister of Hungary"
    outlet: bool = False  # a news outlet, as a publisher or reporter

    @property
    def slug(self) -> str:
        return slugify(self.label)


@dataclass(frozen=True, slots=True)
class Topic:
    """A contested question; ``broader`` names a wider topic (SKOS)."""

    label: str
    broader: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return slugify(self.label)


@dataclass(frozen=True, slots=True)
class Source:
    """The document a statement was found in: an article or a curated file's row source."""

    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        if not (self.url or self.title):
            raise ValueError("a source needs a url or a title")

    @property
    def slug(self) -> str:
        return source_slug(self.url, self.title)


@dataclass(frozen=True, slots=True)
class Statement:
    """Actor holds position on topic, per source, attributed to someone, on a date."""

    actor: Actor
    position: Position
    topic: Topic
    source: Source
    date: date | None = None
    attributed_to: str | None = None
    quote: str | None = None
    confidence: float = 1.0
    cue: str | None = None
    start: int | None = None
    end: int | None = None
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    # Set on a denial: who says it is NOT so that ``actor`` holds ``position`` on ``topic``
    # ("Budapest refuted reports that it opposes ..."); mapped as a kg:Denial, not a position.
    denied_by: str | None = None

    @property
    def is_denial(self) -> bool:
        return self.denied_by is not None

    @property
    def stated_on(self) -> date | None:
        """The date the position was stated; the source's publication date by default."""
        return self.date or self.source.published

    @property
    def id(self) -> str:
        fields = [self.source.slug, self.actor.slug, self.position.value, self.topic.slug,
                  self.stated_on, self.attributed_to, self.quote]
        if self.denied_by is not None:  # a denial never shares its id with what it denies
            fields += ["denied-by", slugify(self.denied_by)]
        return statement_digest(*fields)
