"""The Store protocol every backend implements, and the result types it hands back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

from pyoxigraph import NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples, RdfFormat

QueryResult = QuerySolutions | QueryBoolean | QueryTriples


@runtime_checkable
class Store(Protocol):
    """What kg needs from a triple store; pyoxigraph terms cross the seam."""

    def query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graphs: Sequence[NamedNode] | None = None,
        named_graphs: Sequence[NamedNode] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; with ``union_default_graph`` the default graph is every graph."""
        ...

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update in one transaction; relative IRIs resolve against ``base_iri``."""
        ...

    def replace_graphs(self, graphs: Sequence[NamedNode], quads: Iterable[Quad]) -> None:
        """In one transaction: drop ``graphs``, then add ``quads`` (to those graphs or others)."""
        ...

    def drop_graph(self, graph: NamedNode) -> bool:
        """Remove a named graph; False if it was not there."""
        ...

    def graph_names(self) -> list[NamedNode]:
        ...

    def has_graph(self, graph: NamedNode) -> bool:
        ...

    def dump(self, output: BinaryIO, fmt: RdfFormat, *, prefixes: Mapping[str, str] | None = None) -> None:
        """Stream the store: quad formats keep graphs, triple formats get the union."""
        ...

    def __len__(self) -> int:
        """Number of quads."""
        ...

    def close(self) -> None:
        ...


@runtime_checkable
class SnapshotStore(Store, Protocol):
    """A store on local disk that can publish a consistent, independent copy of itself.

    The query service needs it to let worker processes (which it can kill) read while the
    owning process writes; a remote store would not implement it.
    """

    def backup(self, target: Path) -> None:
        """Write a point-in-time copy into the folder ``target`` (which must not exist yet)."""
        ...

    def optimize(self) -> None:
        """Compact storage for faster reads (snapshots copy files as they are, compacted or not)."""
        ...
