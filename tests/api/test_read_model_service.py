"""The server and its read model: a store whose model is out of step is served from SPARQL while
the model is rebuilt, and answers are the same before, during and after; writes of every kind
(ingest, retraction, a graph replaced, a SPARQL update) show up in the listings at once."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from kg.ingest import ingest_paths
from kg.store.embedded import EmbeddedStore
from kg.vocab import Iris

from .conftest import BASE, EXAMPLES, TOKEN, start, stop

LISTINGS = ("/actors/hungary/positions", "/actors/hungary/positions?topic=ukraines-nato-membership&limit=2&offset=1",
            "/topics/ukraines-invitation-to-nato/positions", "/topics/ukraines-nato-membership/positions?limit=3",
)


def read_model(client: httpx.Client) -> str:
    return client.get("/health").json()["read_model"]


def wait_ready(client: httpx.Client, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while read_model(client) != "ready":
        assert time.monotonic() < deadline, "the read model did not get ready"
        time.sleep(0.1)


def answers(client: httpx.Client) -> list[object]:
    found = []
    for path in LISTINGS[:4]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text)
        found.append(response.json())
    return found


def test_a_stale_model_is_rebuilt_at_start_and_answers_never_change(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = EmbeddedStore.open(data, read_model=False)  # as a store written by an older kg would be
    try:
        ingest_paths(store, [EXAMPLES], Iris(BASE))
    finally:
        store.close()
    server = start(tmp_path, KG_ADMIN_TOKEN=TOKEN, KG_QUERY_WORKERS="1")
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            first = answers(client)  # from SPARQL or the model, whichever is serving
            wait_ready(client)
            assert answers(client) == first
            hungary = first[0]
            assert hungary["total"] > 0 and any(i["position"] == "oppose" for i in hungary["items"])
    finally:
        stop(server)


def test_every_kind_of_write_shows_at_once(tmp_path: Path) -> None:
    server = start(tmp_path, KG_ADMIN_TOKEN=TOKEN, KG_QUERY_WORKERS="1")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            assert read_model(client) == "ready"
            assert client.get("/actors/hungary/positions").status_code == 404
            body = (EXAMPLES / "nato-invitation-resistance.jsonl").read_text(encoding="utf-8")
            assert client.post("/statements", content=body, headers={**auth, "Content-Type": "application/x-ndjson"}
                               ).status_code in (200, 201)
            before = client.get("/actors/hungary/positions").json()
            assert before["total"] > 0
            # A SPARQL update cannot say what it touched: the listings fall back to SPARQL until the
            # rebuild it starts is done, and they show the update either way.
            label = "Hungary (renamed)"
            update = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                      f"DELETE {{ GRAPH ?g {{ ?a skos:prefLabel ?l }} }} "
                      f"INSERT {{ GRAPH ?g {{ ?a skos:prefLabel \"{label}\" }} }} "
                      f"WHERE {{ BIND(<{BASE}actor/hungary> AS ?a) GRAPH ?g {{ ?a skos:prefLabel ?l }} }}")
            assert client.post("/sparql/update", content=update,
                               headers={**auth, "Content-Type": "application/sparql-update"}).status_code == 204
            assert client.get("/actors/hungary/positions").json()["actor"]["label"] == label
            wait_ready(client)
            assert client.get("/actors/hungary/positions").json()["actor"]["label"] == label
            # Retracting a source takes its statements out of the listings.
            source = before["items"][0]["source"]["id"]
            assert client.delete(f"/sources/{source}", headers=auth).status_code in (200, 204)
            after = client.get("/actors/hungary/positions").json()
            assert all(i["source"]["id"] != source for i in after["items"])
            assert after["total"] < before["total"]
            assert read_model(client) == "ready"
    finally:
        stop(server)
