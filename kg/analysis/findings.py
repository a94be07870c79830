"""What derivation works on and produces, as plain typed objects (no RDF: :mod:`kg.rdf` maps them).

A :class:`Report` is one stored statement or denial, reduced to what derivation needs. The
findings (:class:`Claim`, :class:`Dispute`, :class:`Change`) name the reports they rest on;
their ids are digests of those reports' IRIs, so the same reports always give the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kg.ids import digest
from kg.model import Position

# Reports stated within this many days of each other are taken to be about the same moment:
# a claim groups them, a dispute compares them.
WINDOW_DAYS = 14


@dataclass(frozen=True, slots=True)
class Report:
    """A stored statement (``denied_by`` None) or denial, as derivation sees it. IRIs as strings."""

    iri: str
    topic: str
    actor: str
    position: Position
    date: date | None
    source: str
    origin: str  # outlet it is attributed to, else the source's publisher, else the source
    publisher: str | None = None
    denied_by: str | None = None

    @property
    def is_denial(self) -> bool:
        return self.denied_by is not None

    @property
    def key(self) -> tuple[date, str]:
        """Sort key: by date (undated last), then IRI."""
        return (self.date or date.max, self.iri)


def finding_id(kind: str, iris: list[str] | tuple[str, ...]) -> str:
    """A finding's id: a digest of its kind and its reports' IRIs, sorted."""
    return digest(kind + "\x1f" + "\x1f".join(sorted(iris)), 20)


@dataclass(frozen=True, slots=True)
class Claim:
    """Statements from two or more sources that say the same thing, close in time."""

    actor: str
    position: Position
    topic: str
    evidence: tuple[Report, ...]

    @property
    def id(self) -> str:
        return finding_id("claim", [r.iri for r in self.evidence])

    @property
    def first(self) -> date | None:
        return min((r.date for r in self.evidence if r.date), default=None)

    @property
    def last(self) -> date | None:
        return max((r.date for r in self.evidence if r.date), default=None)

    @property
    def sources(self) -> list[str]:
        return sorted({r.source for r in self.evidence})

    @property
    def origins(self) -> list[str]:
        return sorted({r.origin for r in self.evidence})

    @property
    def outlets(self) -> list[str]:
        return sorted({r.publisher for r in self.evidence if r.publisher})

    def explanation(self) -> str:
        dated = f"each stated within {WINDOW_DAYS} days of another" if self.first else "none of them dated"
        origins, sources = len(self.origins), len(self.sources)
        repeats = sources - origins
        repeat = "" if origins == sources else (
            f"; {repeats} of the {sources} sources {'repeats' if repeats == 1 else 'repeat'} another's report, so "
            f"{origins} {'is' if origins == 1 else 'are'} independent")
        return (f"{len(self.evidence)} statements from {sources} sources give the same actor the same position "
                f"on the same topic, {dated}{repeat}.")


@dataclass(frozen=True, slots=True)
class Dispute:
    """Reports from different sources that conflict over one actor's position on one topic."""

    actor: str
    topic: str
    evidence: tuple[Report, ...]  # statements and denials, by date
    claims: tuple[str, ...] = ()  # ids of the claims whose statements take part
    denied: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (denial IRI, IRIs of the statements it denies)

    @property
    def id(self) -> str:
        return finding_id("dispute", [r.iri for r in self.evidence])

    @property
    def positions(self) -> list[Position]:
        return sorted({r.position for r in self.evidence}, key=lambda p: -p.stance)

    @property
    def first(self) -> date | None:
        return min((r.date for r in self.evidence if r.date), default=None)

    @property
    def last(self) -> date | None:
        return max((r.date for r in self.evidence if r.date), default=None)

    def explanation(self) -> str:
        sides = []
        for position in self.positions:
            said = [r for r in self.evidence if r.position is position and not r.is_denial]
            if said:
                n = len({r.source for r in said})
                sides.append(f"{position.value} ({n} source{'s' if n != 1 else ''})")
        text = f"Reports from {len({r.source for r in self.evidence})} sources within {WINDOW_DAYS} days conflict"
        if len(sides) > 1:
            text += ": " + " against ".join(sides)
        denials = [r for r in self.evidence if r.is_denial]
        if denials:
            targets = len({t for _, ts in self.denied for t in ts})
            text += (f"{';' if len(sides) > 1 else ':'} {len(denials)} denial{'s' if len(denials) != 1 else ''} "
                     f"contradict{'s' if len(denials) == 1 else ''} {targets} statement{'s' if targets != 1 else ''}")
        return text + "."


@dataclass(frozen=True, slots=True)
class Change:
    """A point where an actor's position on a topic moved, with the reports on either side."""

    actor: str
    topic: str
    before: tuple[Report, ...]
    after: tuple[Report, ...]

    @property
    def id(self) -> str:
        return finding_id("change", [r.iri for r in (*self.before, *self.after)])

    @property
    def from_position(self) -> Position:
        return self.before[0].position

    @property
    def to_position(self) -> Position:
        return self.after[0].position

    @property
    def changed_on(self) -> date:
        return min(r.date for r in self.after if r.date)

    @property
    def previously_on(self) -> date:
        return max(r.date for r in self.before if r.date)

    @property
    def shift(self) -> float:
        return self.to_position.stance - self.from_position.stance

    def explanation(self) -> str:
        direction = "towards support" if self.shift > 0 else "towards opposition"
        return (f"Reported as {self.from_position.value} until {self.previously_on.isoformat()} "
                f"({len(self.before)} report{'s' if len(self.before) != 1 else ''}), then as "
                f"{self.to_position.value} from {self.changed_on.isoformat()} "
                f"({len(self.after)} report{'s' if len(self.after) != 1 else ''}) without the old position "
                f"that day: a move {direction}.")


@dataclass(slots=True)
class TopicFindings:
    """Everything derived for one topic: what goes into its derived graph."""

    topic: str
    claims: list[Claim] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
