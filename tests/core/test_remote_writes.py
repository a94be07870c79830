"""Large writes on a remote store: staged in chunks, swapped in whole (in several requests
where the store limits their size, as Virtuoso does), the same graph as the embedded store
gets; a write that fails half-way leaves nothing behind."""

import sys
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from kg.errors import StoreError
from kg.ingest import ingest_paths
from kg.store.remote import STAGING, RemoteStore
from tests.servers.fixtures import open_kind

from .conftest import BASE, ROOT, snapshot
from .test_stores_agree import graph_of

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import write_statements  # noqa: E402

REMOTE = ["oxigraph-serve", "virtuoso"]


def staging_graphs(store: RemoteStore) -> list[str]:
    rows = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union_default_graph=False)
    return [r["g"].value for r in rows if r["g"].value.startswith(STAGING)]


@pytest.mark.parametrize("kind", REMOTE)
def test_a_large_ingest_is_staged_and_swapped_in_whole(kind, request, tmp_path: Path, iris) -> None:
    # 750 statements from 250 sources: ~12,000 quads over 450 graphs, past one request on either store.
    data = write_statements(tmp_path / "s.jsonl", 750, per_source=3)
    embedded = open_kind("embedded", request, tmp_path / "embedded", BASE)
    remote = open_kind(kind, request, tmp_path / "remote", BASE)
    remote.chunk_quads = 4000  # several uploads per graph group
    try:
        for store in (embedded, remote):
            ingest_paths(store, [data], iris)
        assert isomorphic(graph_of(embedded), graph_of(remote))
        assert staging_graphs(remote) == []
        # Again: every graph replaced in place, nothing doubled.
        ingest_paths(remote, [data], iris)
        assert isomorphic(graph_of(embedded), graph_of(remote)) and len(embedded) == len(remote)
    finally:
        embedded.close()
        remote.close()


@pytest.mark.parametrize("kind", REMOTE)
def test_a_write_that_fails_half_way_leaves_nothing(kind, request, tmp_path: Path, iris) -> None:
    remote = open_kind(kind, request, tmp_path / "remote", BASE)
    data = write_statements(tmp_path / "s.jsonl", 600, per_source=5)
    try:
        ingest_paths(remote, [ROOT / "examples"], iris)
        before = snapshot(remote)
        remote.chunk_quads = 1000
        good = remote.gsp_url
        uploads = 0
        original = remote._upload

        def upload_then_lose_the_endpoint(stage, quads):  # noqa: ANN001, ANN202
            nonlocal uploads
            uploads += 1
            if uploads == 3:  # the store's Graph Store endpoint goes away after two graphs are staged
                remote.gsp_url = good.rsplit("/", 1)[0] + "/no-such-endpoint"
            return original(stage, quads)

        remote._upload = upload_then_lose_the_endpoint
        with pytest.raises(StoreError):
            ingest_paths(remote, [data], iris)
        remote.gsp_url = good
        assert snapshot(remote) == before
        assert staging_graphs(remote) == []
    finally:
        remote.close()
