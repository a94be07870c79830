"""Copy graphs between stores: ``kg push`` (embedded -> remote) and ``kg pull`` (remote -> embedded).

Graph by graph, each replaced atomically in the target, so an interrupted copy leaves every
graph either as it was or fully copied, never half; named graphs keep their names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import NamedNode, Quad

from kg.store.base import Store


@dataclass(frozen=True, slots=True)
class CopyReport:
    graphs: int
    quads: int


def graph_quads(store: Store, graph: NamedNode) -> list[Quad]:
    result = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}",
                         union_default_graph=False)
    return [Quad(t.subject, t.predicate, t.object, graph) for t in result]


def copy_graphs(source: Store, target: Store, progress: Callable[[NamedNode, int], None] | None = None) -> CopyReport:
    graphs = quads = 0
    for graph in source.graph_names():
        batch = graph_quads(source, graph)
        target.replace_graphs([graph], batch)
        graphs, quads = graphs + 1, quads + len(batch)
        if progress:
            progress(graph, len(batch))
    return CopyReport(graphs, quads)
