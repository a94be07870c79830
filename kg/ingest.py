"""Ingest: files -> statements -> quads -> one store transaction.

Every input is read and validated before anything is written, so a bad row in the third file
of a batch leaves the store exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pyoxigraph import NamedNode

from kg import curated
from kg.analysis.derive import rederive
from kg.errors import InputError, NotFound
from kg.ids import source_slug
from kg.model import Statement
from kg.rdf import to_dataset
from kg.store.base import Store
from kg.vocab import SKOS, Iris


class Progress(Protocol):
    """What a long ingest reports: each file read, then the one write."""

    def read(self, path: Path) -> None: ...

    def write(self, statements: int) -> None: ...


@dataclass(frozen=True, slots=True)
class IngestReport:
    files: int
    sources: int
    statements: int


def expand(paths: Iterable[Path | str]) -> list[Path]:
    """Files named, and the ingestible files inside folders named, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and _ingestible(p))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    if not found:
        raise InputError("nothing to ingest: no .jsonl, .csv or article files found")
    return found


def _ingestible(path: Path) -> bool:
    if path.name.startswith(".") or path.name.endswith(".meta.json"):
        return False
    if path.suffix.lower() in curated.CURATED_SUFFIXES:
        return True
    return _is_article(path)


def _is_article(path: Path) -> bool:
    try:
        from kg.extract import is_article_path
    except ImportError:  # extraction not installed in this build
        return False
    return is_article_path(path)


def read_statements(path: Path) -> tuple[str, list[Statement]]:
    """``(method, statements)`` of one file: curated rows, or statements extracted from an article."""
    if path.suffix.lower() in curated.CURATED_SUFFIXES:
        return "curated", curated.read_file(path)
    if _is_article(path):
        from kg.extract import extract, load_article

        return "extracted", extract(load_article(str(path)), analysis=True)
    raise InputError(f"{path}: not a curated statement file (.jsonl, .csv) or an article")


def ingest_statements(
    store: Store, statements: Sequence[Statement], iris: Iris, *, method: str = "curated", derive: bool = True
) -> IngestReport:
    """Write statements in one transaction, replacing the graphs of the sources they come from;
    then re-derive the findings on the topics touched (:mod:`kg.analysis`) unless ``derive`` is off."""
    dataset = to_dataset(statements, iris, method=method, described=_described(store, iris))
    with rederive(store, iris, dataset.graphs, statements, enabled=derive) as findings:
        derived, quads = findings.take()  # findings in the same write when that costs nothing
        store.replace_graphs([*dataset.graphs, *derived], chain(dataset.quads(), quads))
    return IngestReport(files=0, sources=len(dataset.sources), statements=dataset.statements)


def ingest_paths(store: Store, paths: Iterable[Path | str], iris: Iris, progress: Progress | None = None,
                 *, derive: bool = True) -> IngestReport:
    """Read every file first (any error stops here, nothing written), then write once; then
    re-derive the findings on the topics touched unless ``derive`` is off (bulk loads: ``kg derive``)."""
    files = expand(paths)
    by_method: dict[str, list[Statement]] = {}
    for path in files:
        method, statements = read_statements(path)
        by_method.setdefault(method, []).extend(statements)
        if progress:
            progress.read(path)
    if progress:
        progress.write(sum(map(len, by_method.values())))
    # Curated and extracted statements are mapped with their own method, then written together.
    datasets = [to_dataset(sts, iris, method=m, described=_described(store, iris)) for m, sts in by_method.items()]
    graphs = [g for d in datasets for g in d.graphs]
    with rederive(store, iris, graphs, (st for sts in by_method.values() for st in sts), enabled=derive) as findings:
        derived, quads = findings.take()  # findings in the same write when that costs nothing
        store.replace_graphs([*graphs, *derived], chain((q for d in datasets for q in d.quads()), quads))
    return IngestReport(len(files), len(set(graphs)), sum(d.statements for d in datasets))


def _described(store: Store, iris: Iris) -> dict[str, str]:
    """Actors and topics the store already labels (IRI -> label), so they keep their first label."""
    graphs = " ".join(str(iris.graph(name)) for name in ("actors", "topics"))
    query = f"SELECT ?x ?label WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?x <{SKOS}prefLabel> ?label }} }}"
    return {row["x"].value: row["label"].value for row in store.query(query)}


def resolve_source(store: Store, iris: Iris, ref: str) -> NamedNode:
    """A source named by its IRI, its URL or its id (slug)."""
    if ref.startswith(iris.base):
        candidates = [ref]
    elif ref.startswith(("http://", "https://")):
        candidates = [iris.source(source_slug(ref, None)).value]
    else:
        candidates = [iris.source(ref).value]
    for candidate in candidates:
        kind = iris.kind_and_slug(candidate)
        try:
            graph = NamedNode(candidate)
        except ValueError:
            continue
        if kind and kind[0] == "source" and store.has_graph(graph):
            return graph
    raise NotFound(f"no source {ref!r} in the store")


def retract(store: Store, iris: Iris, ref: str, *, derive: bool = True) -> NamedNode:
    """Remove one source's graph, and nothing else; then re-derive the findings on its topics."""
    graph = resolve_source(store, iris, ref)
    with rederive(store, iris, [graph], (), enabled=derive):
        store.drop_graph(graph)
    return graph
