"""Real kg servers for the API tests: ``uvicorn api.app:create_app --factory`` subprocesses.

Each server gets its own KG_DATA in a temporary folder, preloaded with examples/ and the
W3C protocol tests' graphs (as local named graphs), listens on a free loopback port, is
ready once /health answers, and is stopped at the end of the session.

The main and scratch servers run on each of the three stores (``store_kind``): the embedded
one, and ``KG_STORE=sparql`` over an `oxigraph serve` or a Virtuoso of their own, started
here with a query time limit of their own as a deployment should have.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pyoxigraph import NamedNode, Quad

from kg.ingest import ingest_paths
from kg.store.embedded import EmbeddedStore
from kg.vocab import RDF, Iris
from tests.servers import Server as StoreServer
from tests.servers import oxigraph_server, virtuoso_server
from tests.servers.fixtures import STORE_KINDS, remote_env, remote_store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TOKEN = "test-admin-token"
BASE = "http://localhost:8000/id/"
KASEI = "http://kasei.us/2009/09/sparql/data/"
FOAF_DOCUMENT = NamedNode("http://xmlns.com/foaf/0.1/Document")


@dataclass
class Server:
    url: str
    data: Path
    process: subprocess.Popen
    log: Path
    kind: str = "embedded"
    store: StoreServer | None = None  # the remote store behind it, if any

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)  # type: ignore[arg-type]

    @property
    def admin(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {TOKEN}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def w3c_graphs() -> list[Quad]:
    """The protocol tests name remote graphs data0..data3.rdf; here they are local named graphs."""
    quads = []
    for n in (1, 2, 3):
        iri = NamedNode(f"{KASEI}data{n}.rdf")
        quads.append(Quad(iri, NamedNode(RDF + "type"), FOAF_DOCUMENT, iri))
    return quads


def preload(data: Path, *, examples: bool = True, remote: StoreServer | None = None) -> None:
    if remote is not None:
        store = remote_store(remote, BASE)
        store.ensure_ontology()
    else:
        store = EmbeddedStore.open(data)
    try:
        if examples:
            ingest_paths(store, [EXAMPLES], Iris(BASE))
        store.replace_graphs([q.graph_name for q in w3c_graphs()], w3c_graphs())
    finally:
        store.close()


def start(folder: Path, *, command: list[str] | None = None, **env: str) -> Server:
    """Start a server on ``folder/data`` and wait until /health answers."""
    port = free_port()
    data = folder / "data"
    log = folder / "server.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environment.update({"KG_DATA": str(data), "KG_BASE_IRI": BASE, "KG_QUERY_WORKERS": "2", **env})
    command = command or [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
                          "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    command = [c.replace("{port}", str(port)) for c in command]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=environment, stdout=out, stderr=subprocess.STDOUT, cwd=folder)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return Server(url, data, process, log)
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    stop(Server(url, data, process, log))
    raise RuntimeError(f"server did not answer /health in time:\n{log.read_text()}")


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.wait(15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(5)


def store_server(stack: ExitStack, kind: str, folder: Path, seconds: int = 3) -> StoreServer:
    """A remote store of its own for one kg server, stopped with ``stack``."""
    if kind == "oxigraph-serve":
        return stack.enter_context(oxigraph_server(folder, timeout=seconds))
    return stack.enter_context(virtuoso_server(folder, timeout=seconds))


def _serve(tmp_path_factory: pytest.TempPathFactory, name: str, *, examples: bool = True, kind: str = "embedded",
           **env: str) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp(f"{name}-{kind}")
    with ExitStack() as stack:
        remote = None if kind == "embedded" else store_server(stack, kind, folder / "store")
        preload(folder / "data", examples=examples, remote=remote)
        server = start(folder, **(remote_env(remote) if remote else {}), **env)
        server.kind, server.store = kind, remote
        yield server
        stop(server)


@pytest.fixture(scope="session", params=STORE_KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    """The API tests run on each store (elsewhere, tests/conftest.py makes this the embedded one)."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, store_kind: str) -> Iterator[Server]:
    """The main server: examples loaded, admin token set, a 2 s query limit and a 300-row cap."""
    yield from _serve(tmp_path_factory, "main", kind=store_kind, KG_ADMIN_TOKEN=TOKEN, KG_QUERY_TIMEOUT="2",
                      KG_RESULT_CAP="300", KG_MAX_BODY_BYTES="65536")


@pytest.fixture(scope="session")
def scratch(tmp_path_factory: pytest.TempPathFactory, store_kind: str) -> Iterator[Server]:
    """A server the W3C update cases may wipe (they run CLEAR ALL and DROP ALL)."""
    yield from _serve(tmp_path_factory, "scratch", kind=store_kind, examples=False, KG_ADMIN_TOKEN=TOKEN)


@pytest.fixture(scope="session")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """No admin token and no open writes: every write is off."""
    yield from _serve(tmp_path_factory, "locked", KG_QUERY_WORKERS="1")


@pytest.fixture(scope="session")
def open_writes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """No admin token but KG_OPEN_WRITES=1: REST writes open, SPARQL updates still off."""
    yield from _serve(tmp_path_factory, "open", KG_QUERY_WORKERS="1", KG_OPEN_WRITES="1")


@pytest.fixture
def http(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client
