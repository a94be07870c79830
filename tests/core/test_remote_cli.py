"""The CLI on a remote store (KG_STORE=sparql), and push/pull between embedded and remote."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import Server
from tests.servers.fixtures import wipe

from .conftest import EXAMPLES


def env_for(server: Server, data: Path) -> dict[str, str]:
    env = {**os.environ, "KG_DATA": str(data), "KG_SPARQL_QUERY_URL": server.query_url,
           "KG_SPARQL_UPDATE_URL": server.update_url, "KG_SPARQL_GSP_URL": server.gsp_url,
           "KG_SPARQL_DIALECT": server.dialect, "KG_BASE_IRI": "http://remote-cli.example/id/"}
    if server.auth:
        env |= {"KG_SPARQL_AUTH": server.auth, "KG_SPARQL_USER": server.user, "KG_SPARQL_PASSWORD": server.password}
    return env


def kg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, env=env, timeout=180)


@pytest.fixture(params=["oxigraph_serve", "virtuoso"])
def server(request) -> Server:
    server = request.getfixturevalue(request.param)
    wipe(server)
    return server


def test_ingest_and_query_on_a_remote_store(server: Server, tmp_path: Path) -> None:
    env = env_for(server, tmp_path / "unused") | {"KG_STORE": "sparql"}
    result = kg("ingest", str(EXAMPLES), env=env)
    assert result.returncode == 0, result.stderr
    out = kg("query", "positions-on-topic", "-p", "topic=ukraines-invitation-to-nato", "-p", "position=oppose",
             "--format", "json", env=env)
    assert out.returncode == 0, out.stderr
    assert {"United States", "Germany", "Hungary", "Slovakia"} <= {r["actorLabel"] for r in json.loads(out.stdout)}
    assert not (tmp_path / "unused").exists()  # nothing was written locally


def test_push_then_pull_keeps_every_graph(server: Server, tmp_path: Path) -> None:
    env = env_for(server, tmp_path / "local")
    assert kg("ingest", str(EXAMPLES), env=env).returncode == 0
    local_stats = kg("stats", env=env).stdout
    pushed = kg("push", "--to", server.query_url, env=env)
    assert pushed.returncode == 0, pushed.stderr
    assert pushed.stdout.startswith("pushed 4 graph(s)")
    remote_stats = kg("stats", env=env | {"KG_STORE": "sparql"}).stdout
    assert remote_stats == local_stats

    pulled_env = env | {"KG_DATA": str(tmp_path / "pulled")}
    pulled = kg("pull", "--from", server.query_url, env=pulled_env)
    assert pulled.returncode == 0, pulled.stderr
    assert kg("stats", env=pulled_env).stdout == local_stats


def test_an_unreachable_store_is_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "KG_STORE": "sparql", "KG_SPARQL_QUERY_URL": "http://127.0.0.1:9/sparql"}
    result = kg("stats", env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("error: the SPARQL store at http://127.0.0.1:9/sparql is unreachable")
    assert len(result.stderr.strip().splitlines()) == 1
