"""Large ingests take the journaled bulk path: same result, and all-or-nothing on failure or kill -9."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.curated import read_file
from kg.ingest import ingest_paths
from kg.rdf import to_dataset
from kg.store.embedded import JOURNAL, EmbeddedStore

from .conftest import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import write_statements  # noqa: E402


def quads(store: EmbeddedStore) -> set[str]:
    return {str(q) for q in store._store if "activity" not in str(q) and "endedAtTime" not in str(q)}


def test_bulk_path_gives_the_same_graph_as_a_transaction(tmp_path: Path, iris) -> None:
    data = write_statements(tmp_path / "s.jsonl", 300)
    small = EmbeddedStore.open(tmp_path / "tx")
    bulk = EmbeddedStore.open(tmp_path / "bulk", bulk_quads=100)
    try:
        for store in (small, bulk):
            ingest_paths(store, [EXAMPLES], iris)
            ingest_paths(store, [data], iris)
        assert quads(small) == quads(bulk)
        assert not bulk.has_graph(JOURNAL)
    finally:
        small.close()
        bulk.close()


def test_a_failure_mid_bulk_load_leaves_the_store_as_it_was(tmp_path: Path, iris) -> None:
    store = EmbeddedStore.open(tmp_path / "s", bulk_quads=100)
    try:
        ingest_paths(store, [EXAMPLES], iris)
        before = sorted(map(str, store._store))
        dataset = to_dataset(read_file(write_statements(tmp_path / "s.jsonl", 300)), iris)

        def failing():
            for n, quad in enumerate(dataset.quads()):
                if n == 2500:
                    raise OSError("disk full")
                yield quad

        with pytest.raises(Exception, match="disk full"):
            store.replace_graphs(dataset.graphs, failing())
        assert sorted(map(str, store._store)) == before
    finally:
        store.close()


SCRIPT = """
import sys
from kg.ingest import ingest_paths
from kg.store.embedded import EmbeddedStore
from kg.vocab import Iris

class Announcing:  # tells the test when the bulk load starts, so the kill lands inside it
    def __init__(self, store):
        self.store = store
    def __getattr__(self, name):
        return getattr(self.store, name)
    def bulk_extend(self, quads):
        print("bulk", flush=True)
        return self.store.bulk_extend(quads)

store = EmbeddedStore.open(sys.argv[1], bulk_quads=1000)
store._store = Announcing(store._store)
ingest_paths(store, [sys.argv[2]], Iris("http://example.org/id/"))
store.close()
print("done", flush=True)
"""


@pytest.mark.parametrize("delay", [0.0, 0.3, 0.8])
def test_kill_9_mid_bulk_load_leaves_nothing_of_the_batch(tmp_path: Path, iris, delay: float) -> None:
    data = write_statements(tmp_path / "big.jsonl", 20_000)
    folder = tmp_path / "store"
    seed = EmbeddedStore.open(folder)
    ingest_paths(seed, [EXAMPLES], iris)
    seed.close()
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(folder), str(data)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "bulk"
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    store = EmbeddedStore.open(folder)
    try:
        result = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/kg/ns#Statement> }")
        statements = int(next(iter(result))["n"].value)
        assert statements == 14, statements  # the interrupted batch is gone, the earlier source intact
        assert not store.has_graph(JOURNAL)
    finally:
        store.close()
