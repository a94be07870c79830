"""Faults: kill -9 mid-ingest (whole source or none of it), a full disk and a read-only data
folder (a clear error, the server keeps serving reads)."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import BASE, EXAMPLES, TOKEN, preload, start, stop

ADMIN = {"Authorization": f"Bearer {TOKEN}"}
ENV = {"KG_ADMIN_TOKEN": TOKEN, "KG_QUERY_WORKERS": "1", "KG_BULK_QUADS": "2000",
       "KG_MAX_BODY_BYTES": str(64 * 1024 * 1024), "KG_QUERY_TIMEOUT": "20"}
ROWS = 6000


def _csv(title: str, rows: int = ROWS) -> bytes:
    lines = ["actor,position,topic,source_title,quote,date"]
    lines += [f"Fault Actor {i},support,Fault topic {i % 50},{title},Fault Actor {i} said it supports it.,2024-01-01"
              for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def _count(url: str, title: str) -> int:
    slug = title.lower().replace(" ", "-")
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{BASE}source/{slug}> {{ ?s ?p ?o }} }}"
    response = httpx.post(f"{url}/sparql", data={"query": query}, timeout=60,
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _listings_agree(url: str) -> None:
    """After a kill the read model is rebuilt (the kill may fall between a write and its follow-up);
    once ready, a topic's stance table counts the actors SPARQL counts."""
    deadline = time.monotonic() + 120
    while httpx.get(f"{url}/health", timeout=10).json()["read_model"] != "ready":
        assert time.monotonic() < deadline, "the read model was not rebuilt after the restart"
        time.sleep(0.2)
    topic = f"{BASE}topic/fault-topic-7"
    query = f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?s <https://w3id.org/kg/ns#topic> <{topic}> ; " \
            "<https://w3id.org/kg/ns#actor> ?a ; <https://w3id.org/kg/ns#source> ?src }"
    counted = httpx.post(f"{url}/sparql", data={"query": query}, timeout=60,
                         headers={"Accept": "application/sparql-results+json"}).json()
    listed = httpx.get(f"{url}/topics/fault-topic-7/positions", timeout=60).json()
    assert listed["total"] == int(counted["results"]["bindings"][0]["n"]["value"])


def _post(url: str, body: bytes, out: list) -> None:
    try:
        out.append(httpx.post(f"{url}/statements", content=body, timeout=300,
                              headers={**ADMIN, "Content-Type": "text/csv"}).status_code)
    except httpx.TransportError as exc:
        out.append(type(exc).__name__)


def test_kill_9_mid_ingest_leaves_all_or_nothing(tmp_path: Path, figure: Callable[..., None]) -> None:
    preload(tmp_path / "data", examples=False)
    server = start(tmp_path, **ENV)
    try:
        started = time.monotonic()
        assert httpx.post(f"{server.url}/statements", content=_csv("Fault control"), timeout=300,
                          headers={**ADMIN, "Content-Type": "text/csv"}).status_code == 201
        whole = _count(server.url, "Fault control")
        took = time.monotonic() - started
        assert whole > ROWS
        outcomes = []
        for k, fraction in enumerate((0.15, 0.35, 0.55, 0.75, 0.9)):
            title, got = f"Fault run {k}", []
            thread = threading.Thread(target=_post, args=(server.url, _csv(title), got))
            thread.start()
            time.sleep(took * fraction)
            server.process.send_signal(signal.SIGKILL)
            server.process.wait(10)
            thread.join(30)
            server = start(tmp_path, **ENV)
            n = _count(server.url, title)
            assert n in (0, whole), f"run {k}: {n} of {whole} triples after kill -9 at {fraction:.0%}"
            outcomes.append("whole" if n else "none")
            if got == [201]:
                assert n == whole  # an acknowledged write survives the kill
            _listings_agree(server.url)
        assert _count(server.url, "Fault control") == whole
    finally:
        stop(server)
    figure("kill -9 mid-ingest", rows_per_ingest=ROWS, triples_per_source=whole, kills=len(outcomes),
           ingest_seconds=round(took, 2), outcomes=outcomes, half_sources=0)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    mounts: list[Path] = []

    def mount(size: str) -> Path:
        where = tmp_path / f"mnt{len(mounts)}"
        where.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounts.append(where)
        return where

    yield mount
    for where in reversed(mounts):
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_gives_a_clear_error_and_reads_go_on(tmpfs: Callable[[str], Path],
                                                         figure: Callable[..., None]) -> None:
    folder = tmpfs("24m")
    preload(folder / "data", examples=True)
    server = start(folder, **ENV)
    statuses = []
    try:
        for k in range(40):
            response = httpx.post(f"{server.url}/statements", content=_csv(f"Disk filler {k}", 4000), timeout=120,
                                  headers={**ADMIN, "Content-Type": "text/csv"})
            statuses.append(response.status_code)
            if response.status_code != 201:
                break
        assert statuses[-1] in (503, 507), statuses
        problem = response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "space" in problem["detail"].lower(), problem
        for _ in range(3):
            stats = httpx.get(f"{server.url}/queries/stats", headers={"Accept": "application/json"}, timeout=30)
            assert stats.status_code == 200
        assert httpx.get(f"{server.url}/health", timeout=5).status_code == 200
    finally:
        stop(server)
    figure("full disk", writes_accepted=statuses.count(201), refused_with=statuses[-1], detail=problem["detail"][:120],
           reads_after=3)


def test_a_read_only_data_folder_gives_a_clear_error(tmpfs: Callable[[str], Path], tmp_path: Path,
                                                     figure: Callable[..., None]) -> None:
    folder = tmpfs("64m")
    preload(folder / "data", examples=True)
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    outputs = {}
    for command in (["serve", "--port", "1"], ["ingest", str(EXAMPLES)]):
        done = subprocess.run(["kg", *command, "--data", str(folder / "data")], capture_output=True,
                              env={**environment, **ENV, "KG_BASE_IRI": BASE}, timeout=60)
        output = (done.stdout + done.stderr).decode()
        # one line, as every command gives a user error: no server start, no traceback
        assert done.returncode == 1 and "Traceback" not in output and len(output.strip().splitlines()) == 1, output
        assert output.startswith("error: cannot open the store") and "read-only file system" in output.lower(), output
        outputs[command[0]] = output.strip()
    assert outputs["serve"] == outputs["ingest"]
    figure("read-only data folder", commands=sorted(outputs), exit_status=1, message=outputs["serve"][-160:])
