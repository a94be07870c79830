"""pytest fixtures: one `oxigraph serve` and one Virtuoso per test session (per xdist worker),
and the three stores the core and query-service tests run against."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.store.dialects import DIALECTS
from kg.store.embedded import EmbeddedStore
from kg.store.remote import RemoteStore
from tests.servers import Server, oxigraph_server, virtuoso_server

STORE_KINDS = ("embedded", "oxigraph-serve", "virtuoso")


@pytest.fixture(scope="session")
def oxigraph_serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data") as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso") / "db") as server:
        yield server


def remote_store(server: Server, base_iri: str, *, timeout: float = 60.0) -> RemoteStore:
    auth = httpx.DigestAuth(server.user, server.password) if server.auth == "digest" else None
    return RemoteStore(server.query_url, server.update_url, server.gsp_url, own_graphs=(base_iri,),
                       dialect=DIALECTS[server.dialect], auth=auth, timeout=timeout)


def remote_env(server: Server) -> dict[str, str]:
    """The settings that point kg (a CLI command or a server) at a remote store."""
    env = {"KG_STORE": "sparql", "KG_SPARQL_QUERY_URL": server.query_url, "KG_SPARQL_UPDATE_URL": server.update_url,
           "KG_SPARQL_GSP_URL": server.gsp_url, "KG_SPARQL_DIALECT": server.dialect}
    if server.auth:
        env.update({"KG_SPARQL_AUTH": server.auth, "KG_SPARQL_USER": server.user or "",
                    "KG_SPARQL_PASSWORD": server.password or ""})
    return env


VIRTUOSO_SYSTEM = ("http://www.openlinksw.com/", "http://www.w3.org/ns/ldp", "http://www.w3.org/2002/07/owl")


def wipe(server: Server) -> None:
    """Drop every graph but Virtuoso's own: the server is shared by the session's tests."""
    store = remote_store(server, "urn:none:")
    graphs = [row["g"] for row in store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                                              union_default_graph=False)]
    doomed = [g for g in graphs if not g.value.startswith(VIRTUOSO_SYSTEM)
              and not g.value.endswith(("/sparql", "/DAV/"))]
    if doomed:
        store.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in doomed))
    store.close()


def clean_remote_store(server: Server, base_iri: str) -> RemoteStore:
    """An empty remote store (but for the ontology) on a server shared by the session's tests."""
    wipe(server)
    store = remote_store(server, base_iri)
    store.ensure_ontology()
    return store


def open_kind(kind: str, request: pytest.FixtureRequest, folder: Path, base_iri: str):
    """A fresh, empty store of one of the three kinds."""
    if kind == "embedded":
        return EmbeddedStore.open(folder)
    server = request.getfixturevalue("oxigraph_serve" if kind == "oxigraph-serve" else "virtuoso")
    return clean_remote_store(server, base_iri)
