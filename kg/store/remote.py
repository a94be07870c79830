"""A store behind the standard protocols: SPARQL 1.1 Query, Update and the Graph Store.

For a graph that outgrows one process or a team's existing triple store (Oxigraph server,
Virtuoso, Fuseki, GraphDB, Neptune). Reads retry with backoff on connection failures;
writes never retry. A replace is atomic: small writes are one update request; large ones
are uploaded to staging graphs in bounded chunks, then swapped in with one update request
(``MOVE``), so a failure half-way leaves no partial source behind.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import groupby, islice
from typing import BinaryIO

import httpx
from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    Quad,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    parse,
    parse_query_results,
    serialize,
)

from kg.errors import QueryLimitExceeded, QuerySyntaxError, StoreError
from kg.executor.lexer import make_silent, names_dataset, operation
from kg.ontology import ontology_quads
from kg.store.base import QueryResult
from kg.store.dialects import GENERIC, Dialect
from kg.vocab import KG_ONTOLOGY

RESULT_TYPES = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_RESULT_FORMATS = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/plain": RdfFormat.N_TRIPLES,
    "text/turtle": RdfFormat.TURTLE,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
}
STAGING = "urn:kg:staging:"
DUMP_GRAPHS = 100  # graphs per request of an export
RETRIES = (0.1, 0.3, 0.9)  # pauses before each retry of a read: a store that is down costs a request 1.3 s


class BearerAuth(httpx.Auth):
    """Sends a bearer token with every request."""

    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


class TripleResult:
    """CONSTRUCT/DESCRIBE results from a remote store: iterable triples that can serialize."""

    def __init__(self, triples: Iterable) -> None:
        self._triples = triples

    def __iter__(self) -> Iterator:
        return iter(self._triples)

    def serialize(self, output: BinaryIO | None = None, format: RdfFormat = RdfFormat.N_TRIPLES) -> bytes | None:  # noqa: A002
        return serialize(self._triples, output, format)


class SolutionRows:
    """SELECT results from a remote store, parsed in full: an answer cut off half-way fails at once."""

    def __init__(self, variables: list, solutions: list) -> None:
        self.variables = variables
        self._solutions = solutions

    def __iter__(self) -> Iterator:
        return iter(self._solutions)

    def __len__(self) -> int:
        return len(self._solutions)


class RemoteStore:
    """The Store protocol over HTTP, with pooled connections (one httpx.Client)."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        *,
        own_graphs: Sequence[str] = (),
        dialect: Dialect = GENERIC,
        auth: httpx.Auth | None = None,
        timeout: float = 60.0,
        chunk_quads: int = 20_000,
        client: httpx.Client | None = None,
    ) -> None:
        self.query_url, self.update_url, self.gsp_url = query_url, update_url or query_url, gsp_url
        self.own_graphs = tuple(own_graphs) + (KG_ONTOLOGY, STAGING)
        self.dialect = dialect
        self.chunk_quads = chunk_quads
        limits = httpx.Limits(max_connections=32, max_keepalive_connections=16)
        self._client = client or httpx.Client(auth=auth, timeout=timeout, limits=limits, follow_redirects=False)

    # ------------------------------------------------------------------ plumbing
    def _post(self, url: str, *, read: bool, **kwargs: object) -> httpx.Response:
        attempts = RETRIES if read else ()
        for pause in (*attempts, None):
            try:
                response = self._client.post(url, **kwargs)
            except (httpx.ConnectError, httpx.RemoteProtocolError) as exc:
                if pause is None:
                    raise StoreError(f"the SPARQL store at {url} is unreachable: {exc}") from exc
                time.sleep(pause)
                continue
            except httpx.TimeoutException as exc:
                raise StoreError(f"the SPARQL store at {url} timed out") from exc
            except httpx.HTTPError as exc:
                raise StoreError(f"the SPARQL store at {url} failed: {exc}") from exc
            return self._check(response)
        raise AssertionError("unreachable")

    def _check(self, response: httpx.Response) -> httpx.Response:
        if response.status_code < 300:
            return response
        text = response.text.strip()[:2000]
        if self.dialect.stopped(text):
            raise _stopped()
        if response.status_code == 400:
            raise QuerySyntaxError(text or "the store rejected the request")
        if response.status_code in (401, 403):
            raise StoreError(f"the SPARQL store refused our credentials ({response.status_code})")
        raise StoreError(f"the SPARQL store answered {response.status_code}: {text[:300]}")

    # ------------------------------------------------------------------ reads
    def query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graphs: Sequence[NamedNode] | None = None,
        named_graphs: Sequence[NamedNode] | None = None,
        timeout: float | None = None,
    ) -> QueryResult | TripleResult | SolutionRows:
        """Run a query on the store; ``timeout`` (seconds) replaces the client's for this request."""
        data: dict[str, str | list[str]] = {"query": sparql}
        if default_graphs:
            data["default-graph-uri"] = [g.value for g in default_graphs]
        if named_graphs:
            data["named-graph-uri"] = [g.value for g in named_graphs]
        union = union_default_graph and not default_graphs and not names_dataset(sparql)
        params = self.dialect.union_params if union else {}
        # Ask for what the query form produces: Virtuoso answers a CONSTRUCT with whatever is asked.
        graph_form = operation(sparql) in ("CONSTRUCT", "DESCRIBE")
        accept = self.dialect.graph_media_type if graph_form else RESULT_TYPES
        extra = {} if timeout is None else {"timeout": timeout}
        response = self._post(self.query_url, read=True, data=data, params=params, headers={"Accept": accept}, **extra)
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if self.dialect.limit_markers and self.dialect.stopped(response.content[-512:].decode("utf-8", "replace")):
            raise _stopped()
        try:
            if media in _RESULT_FORMATS:
                result = parse_query_results(self.dialect.clean(response.content), _RESULT_FORMATS[media])
                if isinstance(result, QuerySolutions):
                    return SolutionRows(result.variables, list(result))
                return result
            if media in _GRAPH_FORMATS:
                return TripleResult(list(parse(response.content, _GRAPH_FORMATS[media])))
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"the SPARQL store's answer is cut short or malformed: {exc}") from None
        raise StoreError(f"the SPARQL store answered with an unexpected media type {media!r}")

    def _select(self, sparql: str) -> list:
        return list(self.query(sparql, union_default_graph=False))  # type: ignore[arg-type]

    def _own(self, iri: str) -> bool:
        return iri.startswith(self.own_graphs)

    def graph_names(self) -> list[NamedNode]:
        # GROUP BY, not DISTINCT: Virtuoso answers the same in 10 ms instead of 20 s on 30,000 quads.
        rows = self._select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return sorted((r["g"] for r in rows if self._own(r["g"].value) and not r["g"].value.startswith(STAGING)),
                      key=lambda g: g.value)

    def has_graph(self, graph: NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}", union_default_graph=False))

    def __len__(self) -> int:
        return sum(self._graph_size(g) for g in self.graph_names())

    def _graph_size(self, graph: NamedNode) -> int:
        [row] = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return int(row["n"].value)

    def dump(self, output: BinaryIO, fmt: RdfFormat, *, prefixes: Mapping[str, str] | None = None) -> None:
        """kg's graphs, :data:`DUMP_GRAPHS` at a time: one request per batch, not per graph."""
        def quads() -> Iterator[Quad]:
            names = self.graph_names()
            for at in range(0, len(names), DUMP_GRAPHS):
                batch = " ".join(str(g) for g in names[at:at + DUMP_GRAPHS])
                rows = self._select(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {batch} }} GRAPH ?g {{ ?s ?p ?o }} }}")
                for row in rows:
                    yield Quad(row["s"], row["p"], row["o"], row["g"])

        stream = quads() if fmt.supports_datasets else (q.triple for q in quads())
        serialize(stream, output, fmt, prefixes=dict(prefixes or {}))

    # ------------------------------------------------------------------ writes
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        if self.dialect.silent_drop:
            sparql = make_silent(sparql, "DROP")
        prologue = f"BASE <{base_iri}>\n" if base_iri else ""
        self._post(self.update_url, read=False, data={"update": prologue + sparql})

    def replace_graphs(self, graphs: Sequence[NamedNode], quads: Iterable[Quad]) -> None:
        targets = set(graphs)
        stream = iter(quads)
        inline = min(self.chunk_quads, self.dialect.inline_quads)
        head = list(islice(stream, inline))
        if len(head) < inline:
            self._run([f"DROP SILENT GRAPH {g}" for g in graphs] + ([_insert(head).strip()] if head else []))
            return
        # Too large for one request: every graph's quads go to a staging graph of its own, then
        # one update swaps them in (MOVE for replaced graphs, ADD to those only added to).
        staged: dict[NamedNode | DefaultGraph, NamedNode] = {}
        token = uuid.uuid4().hex
        try:
            for graph, run in groupby((q for q in (*head, *stream)), key=lambda q: q.graph_name):
                stage = staged.setdefault(graph, NamedNode(f"{STAGING}{token}:{len(staged)}"))
                self._upload(stage, run)
            operations = [f"DROP SILENT GRAPH {g}" for g in graphs if g not in staged]
            for graph, stage in staged.items():
                name = "DEFAULT" if isinstance(graph, DefaultGraph) else str(graph)
                if graph in targets:
                    operations.append(f"MOVE SILENT {stage} TO {name}")
                else:
                    operations.append(f"ADD SILENT {stage} TO {name} ;\nDROP SILENT GRAPH {stage}")
            self._run(operations)
        except BaseException:
            self._discard(staged.values())
            raise

    def _run(self, operations: Sequence[str]) -> None:
        """Operations in one update request, or in as few as the dialect allows."""
        operations = [op for op in operations if op]
        size = self.dialect.max_operations or len(operations) or 1
        for at in range(0, len(operations), size):
            self.update(" ;\n".join(operations[at:at + size]))

    def _upload(self, stage: NamedNode, quads: Iterable[Quad]) -> None:
        if not self.gsp_url:
            raise StoreError("a large ingest needs the Graph Store endpoint (KG_SPARQL_GSP_URL)")
        iterator = iter(quads)
        while chunk := list(islice(iterator, self.chunk_quads)):
            body = "".join(f"{q.triple} .\n" for q in chunk).encode()
            self._post(self.gsp_url, read=False, params={"graph": stage.value}, content=body,
                       headers={"Content-Type": "application/n-triples"})

    def _discard(self, stages: Iterable[NamedNode]) -> None:
        # If the store is gone, staging graphs stay behind: invisible to kg, dropped next time.
        with contextlib.suppress(StoreError):
            self._run([f"DROP SILENT GRAPH {g}" for g in stages])

    def drop_graph(self, graph: NamedNode) -> bool:
        if not self.has_graph(graph):
            return False
        self.update(f"DROP SILENT GRAPH {graph}")  # Virtuoso refuses a plain DROP of a graph made by INSERT
        return True

    def ensure_ontology(self) -> None:
        quads = ontology_quads()
        graph = quads[0].graph_name
        if self._graph_size(graph) != len(quads):
            self.replace_graphs([graph], quads)

    def close(self) -> None:
        self._client.close()


def _stopped() -> QueryLimitExceeded:
    return QueryLimitExceeded("the SPARQL store stopped the query at its own time limit",
                              detail={"limit": "query_timeout"})


def _insert(quads: Sequence[Quad]) -> str:
    if not quads:
        return ""
    parts = ["INSERT DATA {\n"]
    for graph, run in groupby(quads, key=lambda q: q.graph_name):
        body = "".join(f"{q.triple} .\n" for q in run)
        parts.append(body if isinstance(graph, DefaultGraph) else f"GRAPH {graph} {{\n{body}}}\n")
    parts.append("}\n")
    return "".join(parts)
