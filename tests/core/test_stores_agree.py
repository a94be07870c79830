"""The same ingest gives the same graph on every store (ingest time aside)."""

import io

import pytest
import rdflib
from pyoxigraph import RdfFormat
from rdflib.compare import isomorphic

from kg.ingest import ingest_paths
from tests.servers.fixtures import open_kind

from .conftest import BASE, EXAMPLES

PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


def graph_of(store) -> rdflib.Graph:
    out = io.BytesIO()
    store.dump(out, RdfFormat.N_QUADS)
    dataset = rdflib.Dataset()
    dataset.parse(data=out.getvalue(), format="nquads")
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    # Each ingest is its own activity with its own time: leave those out of the comparison.
    activities = set(graph.objects(None, PROV.wasGeneratedBy))
    for activity in activities:
        graph.remove((activity, None, None))
    graph.remove((None, PROV.wasGeneratedBy, None))
    return graph


@pytest.mark.parametrize("kind", ["oxigraph-serve", "virtuoso"])
def test_remote_store_holds_the_same_graph_as_the_embedded_one(kind, request, tmp_path, iris) -> None:
    embedded = open_kind("embedded", request, tmp_path / "embedded", BASE)
    remote = open_kind(kind, request, tmp_path / "remote", BASE)
    try:
        for store in (embedded, remote):
            ingest_paths(store, [EXAMPLES], iris)
        assert isomorphic(graph_of(embedded), graph_of(remote))
        assert len(embedded) == len(remote)
    finally:
        embedded.close()
        remote.close()
