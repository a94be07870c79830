"""What derivation reads: reports (statements and denials) with what claims, disputes and
changes need, from the store (canned queries ``queries/derive-*.rq`` with topics bound by a
VALUES block of IRIs, never user text) or from statements about to be written.

Two ways to read the store: for some topics, joined per statement (``derive-statements``,
``derive-denials``); for everything (``kg derive``), one sequential scan per property
(``derive-property``) joined here, several times faster on a large store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from pyoxigraph import NamedNode

from kg import queries
from kg.analysis.findings import Report
from kg.model import Position, Statement
from kg.queries import _outer_group
from kg.rdf import agent_actor, publisher_actor
from kg.vocab import DCTERMS, KG, Iris

BATCH = 200  # topics per query
_POSITIONS = {KG + p.value: p for p in Position}


def bind_many(text: str, variable: str, terms: Sequence[NamedNode]) -> str:
    """``text`` with ``VALUES ?variable { ... }`` at the start of its outermost group."""
    at = _outer_group(text)
    block = f"\n  VALUES ?{variable} {{ {' '.join(str(t) for t in terms)} }}\n"
    return text[: at + 1] + block + text[at + 1:]


def _run(store, name: str, variable: str | None = None, terms: Sequence[NamedNode] = ()) -> Iterator[dict]:  # noqa: ANN001
    """Rows of a canned query as dicts of the bound terms (unbound variables left out).

    Bound terms go :data:`BATCH` at a time: Virtuoso refuses a VALUES block of thousands
    ("too many arguments"), and the callers only collect the rows of each term.
    """
    text = queries.get(name, store).text
    batches = [None] if variable is None else [terms[at:at + BATCH] for at in range(0, len(terms), BATCH)]
    for batch in batches:
        result = store.query(text if batch is None else bind_many(text, variable, batch))
        names = [v.value for v in result.variables]
        for solution in result:
            yield {n: t for n in names if (t := solution[n]) is not None}


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def origin(source: str, publisher: str | None, attributed: str | None, outlet: bool) -> str:
    """Where a report originates: the news outlet it is attributed to, else its source's
    publisher, else the source itself."""
    if attributed is not None and outlet:
        return attributed
    return publisher or source


def _batches(items: list[NamedNode]) -> list[list[NamedNode]]:
    return [items[i:i + BATCH] for i in range(0, len(items), BATCH)]


# ------------------------------------------------------------------ from the store


def reports(store, topics: Iterable[NamedNode] | None, outlets: frozenset[str] = frozenset()) -> list[Report]:  # noqa: ANN001
    """Every statement and denial on the topics (every topic for None), with its origin; an agent
    in ``outlets`` counts as a news outlet even before the store says so."""
    if topics is None:
        found = _scan(store, outlets)
        found += _joined(store, "derive-denials", None, outlets)
    else:
        found = []
        for batch in _batches(sorted(set(topics), key=lambda t: t.value)):
            for name in ("derive-statements", "derive-denials"):
                found += _joined(store, name, batch, outlets)
    return sorted({r.iri: r for r in found}.values(), key=lambda r: r.iri)


def _joined(store, name: str, batch: list[NamedNode] | None, outlets: frozenset[str]) -> list[Report]:  # noqa: ANN001
    found = []
    rows = _run(store, name) if batch is None else _run(store, name, "topic", batch)
    for row in rows:
        position = _POSITIONS.get(row["position"].value)
        if position is None:
            continue
        source = row["source"].value
        publisher = row["publisher"].value if "publisher" in row else None
        attributed = row["attributedTo"].value if "attributedTo" in row else None
        found.append(Report(
            iri=row["statement"].value, topic=row["topic"].value, actor=row["actor"].value, position=position,
            date=_date(row["date"].value if "date" in row else None), source=source,
            origin=origin(source, publisher, attributed, "outletClass" in row or attributed in outlets),
            publisher=publisher, denied_by=row["deniedBy"].value if "deniedBy" in row else None))
    return found


def _property(store, iri: str) -> dict[str, str]:  # noqa: ANN001
    text = queries.get("derive-property").bind({"property": iri}, Iris(""))
    return {s.value: o.value for s, o in store.query(text)}


def _scan(store, outlets: frozenset[str]) -> list[Report]:  # noqa: ANN001
    """Every statement, one property at a time."""
    topics = _property(store, KG + "topic")
    actors = _property(store, KG + "actor")
    positions = _property(store, KG + "position")
    sources = _property(store, KG + "source")
    dates = _property(store, KG + "statedOn")
    attributed = _property(store, KG + "attributedTo")
    publishers = _property(store, DCTERMS + "publisher")
    outlets = outlets | {row["agent"].value for row in _run(store, "derive-outlets")}
    found = []
    for iri, topic in topics.items():
        actor, position, source = actors.get(iri), _POSITIONS.get(positions.get(iri, "")), sources.get(iri)
        if actor is None or position is None or source is None:
            continue
        publisher, agent = publishers.get(source), attributed.get(iri)
        found.append(Report(iri=iri, topic=topic, actor=actor, position=position, date=_date(dates.get(iri)),
                            source=source, origin=origin(source, publisher, agent, agent in outlets),
                            publisher=publisher))
    return found


def all_topics(store, iris: Iris) -> set[NamedNode]:  # noqa: ANN001
    """Topics with a statement or denial on them, and topics that still have a derived graph."""
    found = {row["topic"] for row in _run(store, "derive-topics")}
    prefix = iris.graph("derived/").value
    for graph in store.graph_names():
        if graph.value.startswith(prefix):
            found.add(iris.topic(graph.value[len(prefix):]))
    return found


def topics_of_sources(store, sources: Sequence[NamedNode]) -> set[NamedNode]:  # noqa: ANN001
    """Topics of the statements and denials now stored for these sources (graphs)."""
    if not sources:
        return set()
    return {row["topic"] for row in _run(store, "derive-topics-of-sources", "source", list(sources))}


def topics_attributed_to(store, agents: Sequence[NamedNode]) -> set[NamedNode]:  # noqa: ANN001
    """Topics of the statements and denials attributed to these agents."""
    if not agents:
        return set()
    return {row["topic"] for row in _run(store, "derive-topics-attributed", "agent", list(agents))}


def outlets_among(store, agents: Sequence[NamedNode]) -> set[str]:  # noqa: ANN001
    """Those of these agents the store describes as news outlets."""
    if not agents:
        return set()
    return {row["agent"].value for row in _run(store, "derive-outlets", "agent", list(agents))}


# ------------------------------------------------------------------ from statements


def statement_reports(statements: Iterable[Statement], iris: Iris, outlets: set[str],
                      around: Iterable[Report] | None = None) -> list[Report]:
    """Reports of statements about to be written, exactly as the store will give them back:
    the same IRIs (:mod:`kg.rdf` mints them), and an attributed agent counts as an outlet when
    the dictionary or ``outlets`` (the store's, and this write's publishers) says it is one.

    With ``around`` (the stored reports on the same topics), only the statements that can take
    part in a finding are made reports: those with another report on their actor and topic.
    """
    found: dict[str, Report] = {}
    agents: dict[str, tuple[str, bool]] = {}
    sources: dict[str, tuple[str, str | None]] = {}
    actors: dict[str, str] = {}
    topics: dict[str, str] = {}
    statements = list(statements)
    if around is not None:
        pairs = Counter((st.topic.slug, st.actor.slug) for st in statements)
        slug_of = {}
        for r in around:
            if r.topic not in slug_of:
                slug_of[r.topic] = r.topic.rsplit("/", 1)[-1]
            if r.actor not in slug_of:
                slug_of[r.actor] = r.actor.rsplit("/", 1)[-1]
            pairs[slug_of[r.topic], slug_of[r.actor]] += 1
        statements = [st for st in statements if pairs[st.topic.slug, st.actor.slug] > 1]

    def agent(name: str) -> tuple[str, bool]:
        if name not in agents:
            actor = agent_actor(name)
            iri = iris.actor(actor.slug).value
            agents[name] = (iri, actor.outlet or iri in outlets)
        return agents[name]

    for st in statements:
        key = st.source.slug
        if key not in sources:
            publisher = st.source.publisher
            sources[key] = (iris.source(key).value,
                            iris.actor(publisher_actor(publisher).slug).value if publisher else None)
        source, publisher = sources[key]
        actor = actors.get(st.actor.slug) or actors.setdefault(st.actor.slug, iris.actor(st.actor.slug).value)
        topic = topics.get(st.topic.slug) or topics.setdefault(st.topic.slug, iris.topic(st.topic.slug).value)
        attributed, outlet = agent(st.attributed_to) if st.attributed_to else (None, False)
        iri = iris.statement(st.id).value
        found[iri] = Report(
            iri=iri, topic=topic, actor=actor, position=st.position, date=st.stated_on, source=source,
            origin=origin(source, publisher, attributed, outlet), publisher=publisher,
            denied_by=agent(st.denied_by)[0] if st.denied_by is not None else None)
    return list(found.values())


def publishers(statements: Iterable[Statement], iris: Iris) -> dict[str, bool]:
    """The publishers of these statements' sources (IRI -> whether kg types it a news outlet)."""
    found: dict[str, bool] = {}
    for name in {st.source.publisher for st in statements if st.source.publisher}:
        actor = publisher_actor(name)
        found[iris.actor(actor.slug).value] = actor.outlet
    return found


def attributed_agents(statements: Iterable[Statement], iris: Iris) -> list[NamedNode]:
    return sorted({iris.actor(agent_actor(st.attributed_to).slug) for st in statements if st.attributed_to},
                  key=lambda a: a.value)
