"""The embedded store: Oxigraph on disk through pyoxigraph.

Writes are all-or-nothing. An ordinary write is one Oxigraph transaction (``extend`` or
``update``): readers see snapshots and are never blocked. A large ingest of new sources
(more than ``bulk_quads`` quads) goes through Oxigraph's bulk loader, about twice as fast
but not transactional, so it is journaled: the new graphs' names are committed to a journal
graph first, the source graphs are bulk-loaded, then one transaction adds the shared actor
and topic quads and clears the journal. Opening a store whose journal is not empty (a crash
mid-load) drops the graphs it names, so a source is in the store whole or not at all.
Readers running during a bulk load may see a source that is still loading.

Every write also keeps the read model (:mod:`kg.readmodel`, a SQLite file in the same folder)
in step: it says which graphs it drops and passes the quads it writes through the model.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, groupby, islice
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat
from pyoxigraph import Store as OxStore

from kg.errors import InputError, QuerySyntaxError, StoreError, store_errors
from kg.executor.lexer import names_dataset
from kg.ontology import ontology_quads
from kg.readmodel import ReadModel
from kg.readmodel.model import FILE as READ_MODEL_FILE
from kg.readmodel.model import Change
from kg.settings import DEFAULT_BASE_IRI
from kg.store.base import QueryResult

JOURNAL = NamedNode("urn:kg:ingest-journal")
_LOADING = NamedNode("urn:kg:loading")
DEFAULT_BULK_QUADS = 250_000
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


class EmbeddedStore:
    """A pyoxigraph store in a folder (or in memory, for tests and scratch work)."""

    def __init__(
        self, store: OxStore, path: Path | None = None, *, read_only: bool = False,
        bulk_quads: int = DEFAULT_BULK_QUADS,
    ) -> None:
        self._store = store
        self.path = path
        self.read_only = read_only
        self.bulk_quads = bulk_quads
        self._write_lock = threading.Lock()
        self.views: ReadModel | None = None  # the read model, on a store opened for writing

    @classmethod
    def open(
        cls, path: Path | str | None, *, read_only: bool = False, bulk_quads: int = DEFAULT_BULK_QUADS,
        read_model: bool = True, base: str = DEFAULT_BASE_IRI,
    ) -> EmbeddedStore:
        """Open (creating if needed) the store in ``path``; ``None`` keeps it in memory. ``base`` is
        the base IRI of the ids the read model writes into its items (``KG_BASE_IRI``).

        ``read_model=False`` leaves the read model alone (benchmarks measure what it costs): it is
        then out of step, and rebuilt by the next server that opens the store.
        """
        fresh = True
        if path is None:
            store = cls(OxStore(), bulk_quads=bulk_quads)
        else:
            folder = Path(path)
            try:
                if read_only:
                    store = cls(OxStore.read_only(str(folder)), folder, read_only=True)
                else:
                    folder.mkdir(parents=True, exist_ok=True)
                    fresh = not any(folder.iterdir())
                    store = cls(OxStore(str(folder)), folder, bulk_quads=bulk_quads)
            except OSError as exc:
                hint = " (is another kg process, such as kg serve, using it?)" if "lock" in str(exc).lower() else ""
                raise StoreError(f"cannot open the store in {folder}: {_first_line(exc)}{hint}") from exc
        if not read_only:
            store._recover()
            if read_model:
                try:
                    store.views = ReadModel.beside(store.path, store._store, fresh=fresh, base=base)
                except sqlite3.Error as exc:
                    raise StoreError(f"cannot open the read model in {store.path}: {exc}") from exc
            else:
                store._disown_read_model()
            store._ensure_ontology()
        return store

    def _recover(self) -> None:
        """Drop the graphs of a bulk load that never finished, then clear the journal."""
        with store_errors("recovering an interrupted ingest"):
            pending = [q.object for q in self._store.quads_for_pattern(None, _LOADING, None, JOURNAL)]
            if pending:
                drops = "".join(f"DROP SILENT GRAPH {g} ;\n" for g in pending)
                self._store.update(drops + f"DROP SILENT GRAPH {JOURNAL}")

    def _ensure_ontology(self) -> None:
        quads = ontology_quads()
        graph = quads[0].graph_name
        with store_errors("loading the ontology"):
            if sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph)) != len(quads):
                self.replace_graphs([graph], quads)

    # ------------------------------------------------------------------ reads
    def query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graphs: Sequence[NamedNode] | None = None,
        named_graphs: Sequence[NamedNode] | None = None,
    ) -> QueryResult:
        try:
            return self._store.query(
                sparql,
                # A query's own FROM / FROM NAMED are its dataset: the union would override them.
                use_default_graph_as_union=union_default_graph and not default_graphs and not names_dataset(sparql),
                default_graph=list(default_graphs) if default_graphs else None,
                named_graphs=list(named_graphs) if named_graphs is not None else None,
            )
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(f"query failed: {_first_line(exc)}") from exc

    def graph_names(self) -> list[NamedNode]:
        with store_errors("listing graphs"):
            return [g for g in self._store.named_graphs() if isinstance(g, NamedNode)]

    def has_graph(self, graph: NamedNode) -> bool:
        with store_errors("looking up a graph"):
            return self._store.contains_named_graph(graph)

    def dump(self, output: BinaryIO, fmt: RdfFormat, *, prefixes: Mapping[str, str] | None = None) -> None:
        with store_errors("export"):
            if fmt.supports_datasets:
                self._store.dump(output, fmt, prefixes=dict(prefixes or {}))
            else:
                from pyoxigraph import serialize

                serialize(self._store.query(_UNION), output, fmt, prefixes=dict(prefixes or {}))

    def __len__(self) -> int:
        return len(self._store)

    # ------------------------------------------------------------------ writes
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        self._check_writable()
        try:
            with self._write_lock, self._change(None):
                self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(f"update failed: {_first_line(exc)}") from exc

    def replace_graphs(self, graphs: Sequence[NamedNode], quads: Iterable[Quad]) -> None:
        self._check_writable()
        with self._write_lock, store_errors("writing to the store"):
            existing = [g for g in graphs if self._store.contains_named_graph(g)]
            with self._change(existing) as change:
                self._write(graphs, existing, change.watch(quads))

    def _write(self, graphs: Sequence[NamedNode], existing: Sequence[NamedNode], quads: Iterable[Quad]) -> None:
        if existing:
            # Dropping and inserting in one update request keeps the swap atomic.
            self._store.update(_replace_update(existing, quads))
            return
        stream = iter(quads)
        head = list(islice(stream, self.bulk_quads))
        if len(head) < self.bulk_quads:
            self._store.extend(head)  # one transaction
        else:
            self._journaled_bulk_load(graphs, chain(head, stream))

    def _journaled_bulk_load(self, graphs: Sequence[NamedNode], quads: Iterable[Quad]) -> None:
        targets = set(graphs)
        shared: list[Quad] = []

        def own_graphs() -> Iterator[Quad]:
            for quad in quads:
                if quad.graph_name in targets:
                    yield quad
                else:
                    shared.append(quad)  # written with the commit, so a rollback need not touch them

        self._store.extend(Quad(JOURNAL, _LOADING, g, JOURNAL) for g in graphs)
        try:
            self._store.bulk_extend(own_graphs())
        except BaseException:
            self._recover()
            raise
        self._store.update(_commit_update(shared))

    def drop_graph(self, graph: NamedNode) -> bool:
        self._check_writable()
        with self._write_lock, store_errors("removing a graph"):
            if not self._store.contains_named_graph(graph):
                return False
            with self._change([graph]):
                self._store.remove_graph(graph)
            return True

    def backup(self, target: Path) -> None:
        """A RocksDB checkpoint in ``target``: hard links where possible, so it is cheap."""
        if self.path is None:
            raise InputError("an in-memory store cannot be backed up")
        with self._write_lock, store_errors("backup"):
            self._store.backup(str(target))

    def optimize(self) -> None:
        """Compact the on-disk files (RocksDB full compaction): reads after a bulk load get several times faster."""
        if self.path is None or self.read_only:
            return
        with store_errors("optimize"):
            self._store.optimize()

    def flush(self) -> None:
        with store_errors("flushing"):
            self._store.flush()

    def close(self) -> None:
        if self.views is not None:
            self.views.close()
        if not self.read_only and self.path is not None:
            with contextlib.suppress(OSError):
                self._store.flush()
        del self._store

    def _disown_read_model(self) -> None:
        if self.path is not None and (self.path / READ_MODEL_FILE).exists():
            ReadModel(self.path / READ_MODEL_FILE, self._store, fresh=False).close_stale()

    def _change(self, dropping: Sequence[NamedNode] | None) -> contextlib.AbstractContextManager[Change]:
        """The read model's view of one write (``dropping=None``: a write that cannot say what it touches)."""
        if self.views is None:
            return contextlib.nullcontext(Change(recording=False))
        return self.views.change(dropping)

    def _check_writable(self) -> None:
        if self.read_only:
            raise InputError("this store was opened read-only")


def _replace_update(existing: Sequence[NamedNode], quads: Iterable[Quad]) -> str:
    parts = [f"DROP SILENT GRAPH {g} ;\n" for g in existing]
    parts.append("INSERT DATA {\n")
    for graph, run in groupby(quads, key=lambda q: q.graph_name):
        body = "".join(f"{q.triple} .\n" for q in run)
        parts.append(body if isinstance(graph, DefaultGraph) else f"GRAPH {graph} {{\n{body}}}\n")
    parts.append("}\n")
    return "".join(parts)


def _commit_update(shared: Sequence[Quad]) -> str:
    """One transaction: add the shared quads and clear the journal."""
    insert = _replace_update([], shared) if shared else ""
    return f"DROP SILENT GRAPH {JOURNAL} ;\n{insert}"


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
