"""The issue's end-to-end check, with the real commands: ``kg ingest examples/`` then ``kg serve``
on a remote store gives the same answers and the same export as on the embedded store, and
``kg serve --workers N`` over a remote store runs N server processes."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from .conftest import BASE, EXAMPLES, Server, remote_env, start, stop, store_server

PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SERVE = [sys.executable, "-m", "kg.cli", "serve", "--port", "{port}", "--workers", "2"]


def kg_ingest(folder: Path, **env: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environment |= {"KG_DATA": str(folder / "data"), "KG_BASE_IRI": BASE, **env}
    done = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(EXAMPLES)], env=environment,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr


def exported(server: Server) -> rdflib.Graph:
    with server.client() as client:
        response = client.get("/export", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    for activity in set(graph.objects(None, PROV.wasGeneratedBy)):  # each ingest has its own time
        graph.remove((activity, None, None))
    graph.remove((None, PROV.wasGeneratedBy, None))
    return graph


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


@pytest.mark.e2e
@pytest.mark.parametrize("kind", ["oxigraph-serve", "virtuoso"])
def test_the_same_answers_and_export_as_the_embedded_store(kind: str, tmp_path: Path) -> None:
    with ExitStack() as stack:
        remote = store_server(stack, kind, tmp_path / "store", seconds=30)
        kg_ingest(tmp_path / "local")
        kg_ingest(tmp_path / "remote", **remote_env(remote))
        local_server = start(tmp_path / "local", command=SERVE)
        stack.callback(stop, local_server)
        remote_server = start(tmp_path / "remote", command=SERVE, **remote_env(remote))
        stack.callback(stop, remote_server)

        answers = []
        for server in (local_server, remote_server):
            with server.client() as client:
                response = client.get("/actors/hungary/positions", params={"limit": 100})
                assert response.status_code == 200
                answers.append(response.json())
        assert answers[0] == answers[1]
        assert any(i["position"] == "oppose" and i["topic"]["id"] == "ukraines-invitation-to-nato"
                   for i in answers[1]["items"])
        assert isomorphic(exported(local_server), exported(remote_server))

        with local_server.client() as client:
            assert client.get("/health").json()["query_workers"] == 2  # processes that run queries
        with remote_server.client() as client:
            assert client.get("/health").json()["store"] == "sparql"
        assert len(children(remote_server.process.pid)) >= 2  # uvicorn's two server processes
