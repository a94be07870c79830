"""A remote SPARQL store that goes away: every request that needs it gets a 503 problem, the
service itself stays up, an ingest cut off by the outage leaves nothing half-written, and once
the store is back the service answers again with nothing acknowledged lost.

`oxigraph serve` is stopped and started again on the same port and data folder, for real.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import BASE, TOKEN, Server, preload, remote_env, start, stop
from tests.servers import free_port, oxigraph_server

ADMIN = {"Authorization": f"Bearer {TOKEN}"}
ROW = "{actor},support,Outage topic,{title},{actor} said it supports it.,2024-01-01"
BIG = 4000  # statements: past the remote store's chunk size, so the ingest is staged and swapped in
NEEDS_THE_STORE = [
    ("GET", "/actors/hungary/positions"), ("GET", "/topics/ukraines-invitation-to-nato/positions"),
    ("GET", "/actors"), ("GET", "/sources"), ("GET", "/export"), ("GET", "/health/store"),
    ("GET", "/topics/ukraines-invitation-to-nato/claims"),
    ("GET", "/sparql?query=ASK%20%7B%7D"), ("GET", "/id/actor/hungary"),
]


def _csv(title: str, n: int) -> bytes:
    lines = ["actor,position,topic,source_title,quote,date"]
    lines += [ROW.format(actor=f"Outage Actor {i}", title=title) for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def _post(server: Server, title: str, n: int, timeout: float = 120) -> httpx.Response:
    return httpx.post(f"{server.url}/statements", content=_csv(title, n), timeout=timeout,
                      headers={"content-type": "text/csv", **ADMIN})


def _source_triples(client: httpx.Client, title: str) -> int:
    slug = title.lower().replace(" ", "-")
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{BASE}source/{slug}> {{ ?s ?p ?o }} }}"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _positions(client: httpx.Client) -> list[dict]:
    response = client.get("/actors/hungary/positions", params={"limit": 100})
    assert response.status_code == 200, response.text
    return response.json()["items"]


@pytest.mark.e2e
def test_a_remote_store_that_goes_away_gives_503s_and_the_service_recovers(tmp_path: Path) -> None:
    port, folder = free_port(), tmp_path / "store"
    with oxigraph_server(folder, port, timeout=30) as remote:
        preload(tmp_path / "data", remote=remote)
        server = start(tmp_path, **remote_env(remote), KG_ADMIN_TOKEN=TOKEN, KG_QUERY_TIMEOUT="10")
    try:
        _run(server, folder, port)
    finally:
        stop(server)


def _run(server: Server, folder: Path, port: int) -> None:
    client = server.client()
    # The store was stopped as the `with` above ended: the service is up, the store is not.
    started = time.monotonic()
    assert client.get("/health").status_code == 200
    slowest, refused = 0.0, 0
    for method, path in NEEDS_THE_STORE * 3:
        t = time.monotonic()
        response = client.request(method, path)
        slowest = max(slowest, time.monotonic() - t)
        assert response.status_code == 503, (path, response.status_code, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert "Traceback" not in response.text
        refused += 1
    write = _post(server, "Written while down", 3)
    assert write.status_code == 503, write.text
    refused += 1
    assert client.get("/health").status_code == 200  # the process never went away

    with oxigraph_server(folder, port, timeout=30):
        back = time.monotonic()
        while client.get("/health/store").status_code != 200:
            assert time.monotonic() - back < 30, "the service did not notice the store came back"
            time.sleep(0.1)
        recovered = time.monotonic() - back
        before = _positions(client)
        assert any(i["position"] == "oppose" and i["topic"]["id"] == "ukraines-invitation-to-nato" for i in before)
        assert _source_triples(client, "Written while down") == 0  # refused, so not there
        acknowledged = _post(server, "Written after", 3)
        assert acknowledged.status_code == 201, acknowledged.text
        full = _source_triples(client, "Written after")
        assert full > 0

        # A large ingest cut off by the store going away mid-way: all of it or none of it.
        result: dict[str, httpx.Response | Exception] = {}

        def ingest() -> None:
            try:
                result["response"] = _post(server, "Cut off", BIG)
            except httpx.HTTPError as exc:
                result["response"] = exc

        worker = threading.Thread(target=ingest)
        worker.start()
        time.sleep(0.4)
    # the store stops here, mid-ingest (or just after it, on a fast machine)
    worker.join(120)
    cut_off = result["response"]
    with oxigraph_server(folder, port, timeout=30):
        while client.get("/health/store").status_code != 200:
            time.sleep(0.1)
        after = _source_triples(client, "Cut off")
        status = cut_off.status_code if isinstance(cut_off, httpx.Response) else None
        if status == 201:
            assert after > BIG  # acknowledged: all there
        else:
            assert status == 503 and after == 0, (status, after)  # failed: nothing half-written
        assert _positions(client) == before
        assert _source_triples(client, "Written after") == full
        graphs = client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"},
                            headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
        assert not [g for g in graphs if g["g"]["value"].startswith(BASE + "source/cut-off")]
    print(f"\nremote store down: {refused} requests answered 503 (slowest {slowest:.2f} s), 0 errors of "
          f"another kind; answering again {recovered:.2f} s after the store did; mid-ingest cut: HTTP {status}, "
          f"{after} triples of that source after restart (all or nothing); data lost: none "
          f"({time.monotonic() - started:.0f} s in all)")
    client.close()
