"""Statements -> quads under the kg ontology. The one place that knows the graph's shape.

Each source's statements, its description and its ingest activity go in the source's own
named graph (named by the source's IRI); actor and topic descriptions go in the shared
``actors`` and ``topics`` graphs, so retracting a source leaves them to other sources.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from kg import __version__
from kg.dictionary import find_actor, find_topic
from kg.ids import digest, slugify
from kg.analysis.findings import Report, TopicFindings
from kg.model import Actor, ActorType, Source, Statement, Topic
from kg.vocab import DCTERMS, KG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, TOPIC_SCHEME, WD, XSD, Iris, kg

A = NamedNode(RDF + "type")
PREF_LABEL, ALT_LABEL = NamedNode(SKOS + "prefLabel"), NamedNode(SKOS + "altLabel")
LABEL = NamedNode(RDFS + "label")
SAME_AS = NamedNode(OWL + "sameAs")
BROADER, IN_SCHEME = NamedNode(SKOS + "broader"), NamedNode(SKOS + "inScheme")
XSD_DATE, XSD_DECIMAL, XSD_INTEGER, XSD_DATETIME = (
    NamedNode(XSD + t) for t in ("date", "decimal", "integer", "dateTime")
)

ACTOR_CLASS = {
    ActorType.STATE: kg("State"),
    ActorType.PERSON: kg("Person"),
    ActorType.ORGANIZATION: kg("Organization"),
}
STATEMENT_CLASSES = (kg("Statement"), NamedNode(PROV + "Entity"))
ACTOR, POSITION, TOPIC, SOURCE = kg("actor"), kg("position"), kg("topic"), kg("source")
CONFIDENCE, STATED_ON, ATTRIBUTED_TO, QUOTE, CUE = (
    kg("confidence"), kg("statedOn"), kg("attributedTo"), kg("quote"), kg("cue"))
QUOTE_START, QUOTE_END = kg("quoteStart"), kg("quoteEnd")
DERIVED_FROM, GENERATED_BY = NamedNode(PROV + "wasDerivedFrom"), NamedNode(PROV + "wasGeneratedBy")
SOURCE_CLASSES = (kg("Source"), NamedNode(SCHEMA + "NewsArticle"))
DENIED_BY, DENIED_ACTOR, DENIED_POSITION, DENIED_TOPIC = (
    kg("deniedBy"), kg("deniedActor"), kg("deniedPosition"), kg("deniedTopic"))


@lru_cache(maxsize=4096)
def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD_DATE)


@lru_cache(maxsize=4096)
def _decimal(value: float) -> Literal:
    return Literal(f"{value:.4f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.1f}", datatype=XSD_DECIMAL)


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=XSD_INTEGER)


@lru_cache(maxsize=8)
def position_iri(position: str) -> NamedNode:
    return NamedNode(KG + position)


def agent_actor(name: str) -> Actor:
    """Who a statement is attributed to (or a denial denied by): a dictionary actor, or a new one by name."""
    return find_actor(name) or Actor(name)


def publisher_actor(name: str) -> Actor:
    """A source's publisher: a dictionary actor, or a new news outlet by name."""
    return find_actor(name) or Actor(name, ActorType.ORGANIZATION, outlet=True)


@dataclass(slots=True)
class Mapper:
    """Maps statements to quads; remembers the actors and topics it has described."""

    iris: Iris
    method: str = "curated"
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    described: Mapping[str, str] = field(default_factory=dict)  # IRI -> label already in the store
    actors: dict[str, list[Quad]] = field(default_factory=dict)
    topics: dict[str, list[Quad]] = field(default_factory=dict)
    _iri: dict[tuple[str, str], NamedNode] = field(default_factory=dict)

    # ------------------------------------------------------------ shared graphs
    def actor(self, actor: Actor) -> NamedNode:
        """The actor's IRI; its description (and its affiliation's) is queued once."""
        if actor.slug in self.actors:
            iri = self._iri["actor", actor.slug]
            if actor.outlet:  # first met by name ("according to X"), now as a publisher: still an outlet
                typed = Quad(iri, A, kg("NewsOutlet"), self.iris.graph("actors"))
                if typed not in self.actors[actor.slug]:
                    self.actors[actor.slug].append(typed)
            return iri
        iri = self._iri["actor", actor.slug] = self.iris.actor(actor.slug)
        graph = self.iris.graph("actors")
        quads = [Quad(iri, A, kg("Actor"), graph)]
        self.actors[actor.slug] = quads
        if actor.type:
            quads.append(Quad(iri, A, ACTOR_CLASS[actor.type], graph))
        if actor.outlet:
            quads.append(Quad(iri, A, kg("NewsOutlet"), graph))
        quads += self._labels(iri, actor.label, graph)
        quads += [Quad(iri, ALT_LABEL, Literal(alias), graph) for alias in actor.aliases]
        if actor.wikidata:
            quads.append(Quad(iri, SAME_AS, NamedNode(WD + actor.wikidata), graph))
        if actor.role:
            quads.append(Quad(iri, kg("role"), Literal(actor.role), graph))
        if actor.affiliation:
            parent = find_actor(actor.affiliation) or Actor(actor.affiliation)
            if parent.slug != actor.slug:
                quads.append(Quad(iri, kg("affiliation"), self.actor(parent), graph))
        return iri

    def _labels(self, iri: NamedNode, label: str, graph: NamedNode) -> list[Quad]:
        """A thing keeps the first preferred label it was given; later names become aliases."""
        known = self.described.get(iri.value)
        if known is None:
            return [Quad(iri, PREF_LABEL, Literal(label), graph), Quad(iri, LABEL, Literal(label), graph)]
        return [] if known == label else [Quad(iri, ALT_LABEL, Literal(label), graph)]

    def agent(self, name: str) -> NamedNode:
        """Whoever a statement is attributed to: a dictionary actor, or a new one by name."""
        key = ("agent", name)
        if key not in self._iri:
            self._iri[key] = self.actor(agent_actor(name))
        return self._iri[key]

    def topic(self, topic: Topic) -> NamedNode:
        if topic.slug in self.topics:
            return self._iri["topic", topic.slug]
        iri = self._iri["topic", topic.slug] = self.iris.topic(topic.slug)
        graph = self.iris.graph("topics")
        quads = [
            Quad(iri, A, kg("Topic"), graph),
            Quad(iri, A, NamedNode(SKOS + "Concept"), graph),
            Quad(iri, IN_SCHEME, TOPIC_SCHEME, graph),
            *self._labels(iri, topic.label, graph),
        ]
        self.topics[topic.slug] = quads
        quads += [Quad(iri, ALT_LABEL, Literal(alias), graph) for alias in topic.aliases]
        if topic.broader and slugify(topic.broader) != topic.slug:
            broader = find_topic(topic.broader) or Topic(topic.broader)
            quads.append(Quad(iri, BROADER, self.topic(broader), graph))
        return iri

    # ------------------------------------------------------------ per-source graphs
    def activity(self, source: Source) -> NamedNode:
        """The ingest activity that generated this source's statements in this run."""
        key = ("activity", source.slug)
        if key not in self._iri:
            self._iri[key] = self.iris.activity(digest(f"{source.slug}|{self.started.isoformat()}"))
        return self._iri[key]

    def source(self, source: Source) -> tuple[NamedNode, list[Quad]]:
        """The source's IRI (also its graph's name) and the quads that describe it."""
        iri = self.iris.source(source.slug)
        quads = [Quad(iri, A, cls, iri) for cls in SOURCE_CLASSES]
        if source.title:
            quads.append(Quad(iri, NamedNode(DCTERMS + "title"), Literal(source.title), iri))
        if source.url:
            quads.append(Quad(iri, NamedNode(SCHEMA + "url"), NamedNode(source.url), iri))
        if source.publisher:
            quads.append(Quad(iri, NamedNode(DCTERMS + "publisher"), self.actor(publisher_actor(source.publisher)), iri))
        if source.published:
            quads.append(Quad(iri, NamedNode(DCTERMS + "issued"), _date(source.published), iri))
        if source.language:
            quads.append(Quad(iri, NamedNode(DCTERMS + "language"), Literal(source.language), iri))
        activity = self.activity(source)
        quads += [
            Quad(activity, A, kg("IngestActivity"), iri),
            Quad(activity, A, NamedNode(PROV + "Activity"), iri),
            Quad(activity, NamedNode(PROV + "used"), iri, iri),
            Quad(activity, NamedNode(PROV + "endedAtTime"),
                 Literal(self.started.isoformat(timespec="seconds"), datatype=XSD_DATETIME), iri),
            Quad(activity, kg("toolVersion"), Literal(__version__), iri),
            Quad(activity, kg("method"), Literal(self.method), iri),
        ]
        return iri, quads

    def statement(self, st: Statement, source_iri: NamedNode) -> list[Quad]:
        if st.denied_by is not None:
            return self.denial(st, source_iri)
        g = source_iri
        s = self.iris.statement(st.id)
        quads = [
            Quad(s, A, STATEMENT_CLASSES[0], g),
            Quad(s, A, STATEMENT_CLASSES[1], g),
            Quad(s, ACTOR, self.actor(st.actor), g),
            Quad(s, POSITION, position_iri(st.position.value), g),
            Quad(s, TOPIC, self.topic(st.topic), g),
            Quad(s, SOURCE, g, g),
            Quad(s, DERIVED_FROM, g, g),
            Quad(s, GENERATED_BY, self.activity(st.source), g),
            Quad(s, CONFIDENCE, _decimal(st.confidence), g),
        ]
        if st.stated_on:
            quads.append(Quad(s, STATED_ON, _date(st.stated_on), g))
        if st.attributed_to:
            quads.append(Quad(s, ATTRIBUTED_TO, self.agent(st.attributed_to), g))
        if st.quote:
            quads.append(Quad(s, QUOTE, Literal(st.quote), g))
        if st.cue:
            quads.append(Quad(s, CUE, Literal(st.cue), g))
        if st.start is not None and st.end is not None:
            quads.append(Quad(s, QUOTE_START, _int(st.start), g))
            quads.append(Quad(s, QUOTE_END, _int(st.end), g))
        return quads

    def denial(self, st: Statement, source_iri: NamedNode) -> list[Quad]:
        """A kg:Denial: ``denied_by`` says it is not so that the actor holds the position on the
        topic. It states no position itself (no kg:actor/position/topic, so no query of positions
        sees it); what it contradicts (kg:denies) is resolved at derivation time."""
        g = source_iri
        s = self.iris.statement(st.id)
        quads = [
            Quad(s, A, kg("Denial"), g),
            Quad(s, A, STATEMENT_CLASSES[1], g),
            Quad(s, DENIED_BY, self.agent(st.denied_by or st.actor.label), g),
            Quad(s, DENIED_ACTOR, self.actor(st.actor), g),
            Quad(s, DENIED_POSITION, position_iri(st.position.value), g),
            Quad(s, DENIED_TOPIC, self.topic(st.topic), g),
            Quad(s, DERIVED_FROM, g, g),
            Quad(s, GENERATED_BY, self.activity(st.source), g),
            Quad(s, CONFIDENCE, _decimal(st.confidence), g),
        ]
        if st.stated_on:
            quads.append(Quad(s, STATED_ON, _date(st.stated_on), g))
        if st.attributed_to:
            quads.append(Quad(s, ATTRIBUTED_TO, self.agent(st.attributed_to), g))
        if st.quote:
            quads.append(Quad(s, QUOTE, Literal(st.quote), g))
        if st.cue:
            quads.append(Quad(s, CUE, Literal(st.cue), g))
        if st.start is not None and st.end is not None:
            quads.append(Quad(s, QUOTE_START, _int(st.start), g))
            quads.append(Quad(s, QUOTE_END, _int(st.end), g))
        return quads


@dataclass(slots=True)
class Dataset:
    """What one ingest writes: each source's graph whole, then shared actor and topic quads.

    Quads are generated lazily so a large ingest streams into the store's transaction.
    """

    mapper: Mapper
    sources: dict[NamedNode, tuple[Source, list[Statement]]]

    @property
    def graphs(self) -> list[NamedNode]:
        return list(self.sources)

    @property
    def statements(self) -> int:
        return sum(len(sts) for _, sts in self.sources.values())

    def quads(self) -> Iterator[Quad]:
        for iri, (source, statements) in self.sources.items():
            yield from self.mapper.source(source)[1]
            for st in statements:
                yield from self.mapper.statement(st, iri)
        for quads in (*self.mapper.actors.values(), *self.mapper.topics.values()):
            yield from quads


def to_dataset(
    statements: Iterable[Statement], iris: Iris, *, method: str = "curated", described: Mapping[str, str] | None = None
) -> Dataset:
    """Group statements by source (first seen first); ``described`` IRIs keep their labels."""
    sources: dict[NamedNode, tuple[Source, list[Statement]]] = {}
    for st in statements:
        iri = iris.source(st.source.slug)
        if iri not in sources:
            sources[iri] = (st.source, [])
        sources[iri][1].append(st)
    return Dataset(Mapper(iris, method, described=described or {}), sources)


# ---------------------------------------------------------------- derived graphs
# Findings (kg.analysis) on one topic live in that topic's derived graph, replaced whole on
# every re-derivation. Nothing in them depends on when or in which order sources came in.

DERIVED_GRAPHS = "derived/"
EVIDENCE, EVIDENCE_BEFORE, EVIDENCE_AFTER = kg("evidence"), kg("evidenceBefore"), kg("evidenceAfter")
CONCERNS_ACTOR, CONCERNS_TOPIC, ORIGIN = kg("concernsActor"), kg("concernsTopic"), kg("origin")
FIRST_REPORTED, LAST_REPORTED, EXPLANATION = kg("firstReported"), kg("lastReported"), kg("explanation")
DATE_WINDOW, CLAIMED_POSITION, SOURCE_COUNT, INDEPENDENT_SOURCES, REPORTED_BY = (
    kg("dateWindow"), kg("claimedPosition"), kg("sourceCount"), kg("independentSources"), kg("reportedBy"))
CONTESTED_POSITION, CONTESTED_CLAIM, DENIES = kg("contestedPosition"), kg("contestedClaim"), kg("denies")
FROM_POSITION, TO_POSITION, CHANGED_ON, PREVIOUSLY_ON, STANCE_SHIFT = (
    kg("fromPosition"), kg("toPosition"), kg("changedOn"), kg("previouslyOn"), kg("stanceShift"))


def derived_graph(iris: Iris, topic_slug: str) -> NamedNode:
    """The graph holding the findings on one topic: ``<base>graph/derived/<topic-id>``."""
    return iris.graph(DERIVED_GRAPHS + topic_slug)


def finding_iri(iris: Iris, kind: str, ident: str) -> NamedNode:
    """``<base>claim/<id>``, ``<base>dispute/<id>``, ``<base>change/<id>``."""
    return NamedNode(f"{iris.base}{kind}/{ident}")


def findings_quads(iris: Iris, found: TopicFindings, window: int) -> list[Quad]:
    """The derived graph of one topic: its claims, disputes and position changes, what each
    rests on and why, the origin of every statement a claim or dispute rests on, and what
    denials deny. Lean on purpose (a large graph has many findings): a finding is typed with its
    own class only (kg:Finding and prov:Entity follow from the ontology)."""
    topic = NamedNode(found.topic)
    kind_slug = iris.kind_and_slug(found.topic)
    g = derived_graph(iris, kind_slug[1] if kind_slug else digest(found.topic))
    quads: list[Quad] = []
    origins: dict[str, str] = {}
    node_of: dict[str, NamedNode] = {}
    window_literal = _int(window)

    def node(iri: str) -> NamedNode:
        found_ = node_of.get(iri)
        if found_ is None:
            found_ = node_of[iri] = NamedNode(iri)
        return found_

    def finding(subject: NamedNode, cls: str, actor: str, text: str) -> None:
        quads.extend((Quad(subject, A, kg(cls), g), Quad(subject, CONCERNS_ACTOR, node(actor), g),
                      Quad(subject, CONCERNS_TOPIC, topic, g), Quad(subject, EXPLANATION, Literal(text), g)))

    def span(subject: NamedNode, first: date | None, last: date | None) -> None:
        quads.append(Quad(subject, DATE_WINDOW, window_literal, g))
        if first:
            quads.append(Quad(subject, FIRST_REPORTED, _date(first), g))
        if last:
            quads.append(Quad(subject, LAST_REPORTED, _date(last), g))

    claim_iris: dict[str, NamedNode] = {}
    members: dict[str, str] = {}
    for claim in found.claims:
        subject = claim_iris[claim.id] = finding_iri(iris, "claim", claim.id)
        finding(subject, "Claim", claim.actor, claim.explanation())
        span(subject, claim.first, claim.last)
        quads.append(Quad(subject, CLAIMED_POSITION, position_iri(claim.position.value), g))
        quads.append(Quad(subject, SOURCE_COUNT, _int(len(claim.sources)), g))
        quads.append(Quad(subject, INDEPENDENT_SOURCES, _int(len(claim.origins)), g))
        quads += [Quad(subject, ORIGIN, node(o), g) for o in claim.origins]
        quads += [Quad(subject, REPORTED_BY, node(o), g) for o in claim.outlets]
        for r in claim.evidence:
            quads.append(Quad(subject, EVIDENCE, node(r.iri), g))
            origins[r.iri] = r.origin
            members[r.iri] = claim.id
    for dispute in found.disputes:
        subject = finding_iri(iris, "dispute", dispute.id)
        finding(subject, "Dispute", dispute.actor, dispute.explanation())
        span(subject, dispute.first, dispute.last)
        quads += [Quad(subject, CONTESTED_POSITION, position_iri(p.value), g) for p in dispute.positions]
        quads += [Quad(subject, CONTESTED_CLAIM, claim_iris[c], g) for c in dispute.claims if c in claim_iris]
        for r in dispute.evidence:
            quads.append(Quad(subject, EVIDENCE, node(r.iri), g))
            origins[r.iri] = r.origin
        for denial, targets in dispute.denied:
            d = node(denial)
            quads += [Quad(d, DENIES, node(t), g) for t in targets]
            quads += [Quad(d, DENIES, claim_iris[c], g) for c in sorted({members[t] for t in targets if t in members})]
    for change in found.changes:
        subject = finding_iri(iris, "change", change.id)
        finding(subject, "PositionChange", change.actor, change.explanation())
        quads += [Quad(subject, FROM_POSITION, position_iri(change.from_position.value), g),
                  Quad(subject, TO_POSITION, position_iri(change.to_position.value), g),
                  Quad(subject, CHANGED_ON, _date(change.changed_on), g),
                  Quad(subject, PREVIOUSLY_ON, _date(change.previously_on), g),
                  Quad(subject, STANCE_SHIFT, _decimal(change.shift), g)]
        quads += [Quad(subject, EVIDENCE_BEFORE, node(r.iri), g) for r in change.before]
        quads += [Quad(subject, EVIDENCE_AFTER, node(r.iri), g) for r in change.after]
    quads += [Quad(node(r), ORIGIN, node(o), g) for r, o in sorted(origins.items())]
    return quads
