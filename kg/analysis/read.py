"""Reading what derivation needs from the store: canned queries (``queries/derive-*.rq``) with
the topics bound by a VALUES block (IRIs from the store or minted by us, never user text)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from pyoxigraph import Literal, NamedNode

from kg import queries
from kg.analysis.findings import Report
from kg.model import Position
from kg.queries import _outer_group
from kg.vocab import KG, Iris

BATCH = 200  # topics per query


def bind_many(text: str, variable: str, terms: Sequence[NamedNode]) -> str:
    """``text`` with ``VALUES ?variable { ... }`` at the start of its outermost group."""
    at = _outer_group(text)
    block = f"\n  VALUES ?{variable} {{ {' '.join(str(t) for t in terms)} }}\n"
    return text[: at + 1] + block + text[at + 1:]


def _run(store, name: str, variable: str | None = None, terms: Sequence[NamedNode] = ()) -> Iterator[dict]:  # noqa: ANN001
    """Rows of a canned query as dicts of the bound terms (unbound variables left out)."""
    text = queries.get(name).text
    if variable is not None:
        text = bind_many(text, variable, terms)
    result = store.query(text)
    names = [v.value for v in result.variables]
    for solution in result:
        yield {n: t for n in names if (t := solution[n]) is not None}


def _date(term: Literal | None) -> date | None:
    if term is None:
        return None
    try:
        return date.fromisoformat(term.value[:10])
    except ValueError:
        return None


def _position(term: NamedNode) -> Position | None:
    value = term.value.removeprefix(KG)
    try:
        return Position(value)
    except ValueError:
        return None


def reports(store, topics: Iterable[NamedNode] | None) -> list[Report]:  # noqa: ANN001
    """Every statement and denial on the topics (all topics for None), with its origin."""
    found: list[Report] = []
    batches = [None] if topics is None else _batches(sorted(set(topics), key=lambda t: t.value))
    for batch in batches:
        for name in ("derive-statements", "derive-denials"):
            rows = _run(store, name) if batch is None else _run(store, name, "topic", batch)
            for row in rows:
                report = _report(row)
                if report is not None:
                    found.append(report)
    # One report per IRI (a store may answer a row twice, e.g. for two outlet types).
    return sorted({r.iri: r for r in found}.values(), key=lambda r: r.iri)


def _batches(items: list[NamedNode]) -> list[list[NamedNode]]:
    return [items[i:i + BATCH] for i in range(0, len(items), BATCH)]


def _report(row: dict) -> Report | None:
    position = _position(row["position"])
    if position is None:
        return None
    source = row["source"].value
    publisher = row["publisher"].value if "publisher" in row else None
    attributed = row.get("attributedTo")
    if attributed is not None and "outletClass" in row:
        origin = attributed.value
    else:
        origin = publisher or source
    denied_by = row["deniedBy"].value if "deniedBy" in row else None
    return Report(iri=row["statement"].value, topic=row["topic"].value, actor=row["actor"].value, position=position,
                  date=_date(row.get("date")), source=source, origin=origin, publisher=publisher, denied_by=denied_by)


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


def not_outlets(store, agents: Sequence[NamedNode]) -> list[NamedNode]:  # noqa: ANN001
    """Those of these agents the store does not (yet) describe as news outlets."""
    if not agents:
        return []
    outlets = {row["agent"] for row in _run(store, "derive-outlets", "agent", list(agents))}
    return [a for a in agents if a not in outlets]
