"""Writes on a real server: tokens (none configured, wrong, right), open writes, SPARQL
updates seen by the next query, the Graph Store Protocol, REST writes, body size limits."""

from __future__ import annotations

import json
import sys

import httpx
import pytest
import rdflib

from .conftest import BASE, Server, start, stop

UPDATE = {"content-type": "application/sparql-update"}
ROW = {"actor": "Atlantis", "actor_type": "state", "position": "support", "topic": "Ukraine's NATO membership",
       "source_title": "A test source about Atlantis", "published": "2024-11-05", "quote": "Atlantis supports it."}


def ask(client: httpx.Client, query: str) -> bool:
    return client.get("/sparql", params={"query": query}).json()["boolean"]


def test_updates_need_the_token(server: Server, locked: Server) -> None:
    with locked.client() as client:
        off = client.post("/sparql/update", content="CLEAR ALL", headers={**UPDATE, "Authorization": "Bearer x"})
        assert off.status_code == 403 and "no admin token is configured" in off.json()["detail"]
    with server.client() as client:
        missing = client.post("/sparql/update", content="CLEAR ALL", headers=UPDATE)
        assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
        wrong = client.post("/sparql/update", content="CLEAR ALL", headers={**UPDATE, "Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and "nope" not in wrong.text
        assert ask(client, "ASK { ?s a <https://w3id.org/kg/ns#State> }")  # nothing was cleared
    assert "nope" not in server.log.read_text() and "test-admin-token" not in server.log.read_text()


def test_an_update_is_seen_by_the_next_query(server: Server) -> None:
    with server.client() as client:
        before = client.get("/health").json()["snapshot"]
        insert = "INSERT DATA { GRAPH <urn:test:update> { <urn:test:a> <urn:test:p> 'fresh' } }"
        assert client.post("/sparql/update", content=insert, headers={**UPDATE, **server.admin}).status_code == 204
        assert client.get("/health").json()["snapshot"] > before
        assert ask(client, "ASK { <urn:test:a> <urn:test:p> 'fresh' }")
        form = client.post("/sparql/update", data={"update": "DROP GRAPH <urn:test:update>"}, headers=server.admin)
        assert form.status_code == 204
        assert not ask(client, "ASK { <urn:test:a> ?p ?o }")
    if server.kind == "embedded":
        snapshots = sorted((server.data / ".snapshots").iterdir())
        assert len(snapshots) <= 3  # the newest, plus at most one still open in each of two workers


def test_graph_store_protocol(server: Server, locked: Server) -> None:
    graph = "urn:test:gsp"
    turtle = "<urn:test:s> <urn:test:p> <urn:test:o> , <urn:test:o2> ."
    with server.client() as client:
        assert client.get("/graphs", params={"graph": graph}).status_code == 404
        assert client.put("/graphs", params={"graph": graph}, content=turtle,
                          headers={"content-type": "text/turtle"}).status_code == 401
        created = client.put("/graphs", params={"graph": graph}, content=turtle,
                             headers={"content-type": "text/turtle", **server.admin})
        assert created.status_code == 201
        got = client.get("/graphs", params={"graph": graph}, headers={"Accept": "application/n-triples"})
        assert got.status_code == 200 and len(rdflib.Graph().parse(data=got.text, format="nt")) == 2
        added = client.post("/graphs", params={"graph": graph}, content="<urn:test:s> <urn:test:p> <urn:test:o3> .",
                            headers={"content-type": "application/n-triples", **server.admin})
        assert added.status_code == 204
        assert len(rdflib.Graph().parse(data=client.get("/graphs", params={"graph": graph}).text, format="turtle")) == 3
        replaced = client.put("/graphs", params={"graph": graph}, content="<urn:test:s> <urn:test:p> 'only' .",
                              headers={"content-type": "text/turtle", **server.admin})
        assert replaced.status_code == 204
        assert ask(client, f"ASK {{ GRAPH <{graph}> {{ <urn:test:s> <urn:test:p> 'only' }} }}")
        assert not ask(client, f"ASK {{ GRAPH <{graph}> {{ <urn:test:s> <urn:test:p> <urn:test:o> }} }}")
        bad = client.put("/graphs", params={"graph": graph}, content="this is not turtle",
                         headers={"content-type": "text/turtle", **server.admin})
        assert bad.status_code == 400
        assert client.put("/graphs", params={"graph": graph}, content="x", headers={
            "content-type": "application/pdf", **server.admin}).status_code == 415
        assert client.get("/graphs").status_code == 400  # neither ?graph nor ?default
        assert client.get("/graphs", params={"default": ""}).status_code == 200
        assert client.delete("/graphs", params={"graph": graph}, headers=server.admin).status_code == 204
        assert client.delete("/graphs", params={"graph": graph}, headers=server.admin).status_code == 404
    with locked.client() as client:
        assert client.get("/graphs", params={"graph": f"{BASE}graph/actors"}).status_code == 200
        assert client.delete("/graphs", params={"graph": f"{BASE}graph/actors"}).status_code == 403


def test_rest_writes_are_off_without_a_token(locked: Server) -> None:
    with locked.client() as client:
        for method, path in (("POST", "/statements"), ("POST", "/articles"), ("DELETE", "/sources/anything")):
            response = client.request(method, path, json=[ROW])
            assert response.status_code == 403 and "KG_OPEN_WRITES" in response.json()["detail"]


def test_open_writes_allow_rest_writes_but_not_sparql_updates(open_writes: Server) -> None:
    with open_writes.client() as client:
        created = client.post("/statements", json=[ROW])
        assert created.status_code == 201, created.text
        assert client.get("/actors/atlantis").json()["label"] == "Atlantis"
        assert client.post("/sparql/update", content="CLEAR ALL", headers=UPDATE).status_code == 403


def test_post_statements_as_json_jsonl_and_csv_then_delete_the_source(server: Server) -> None:
    with server.client() as client:
        hungary = client.get("/actors/hungary/positions").json()["total"]
        assert client.post("/statements", json=[ROW]).status_code == 401
        as_json = client.post("/statements", json=[ROW], headers=server.admin)
        assert as_json.status_code == 201, as_json.text
        body = as_json.json()
        assert body["statements"] == 1 and len(body["sources"]) == 1
        statement = client.get(f"/statements/{body['items'][0]['statement']}").json()
        assert statement["actor"]["label"] == "Atlantis" and statement["position"] == "support"
        # The query workers see the write at once: a new snapshot was published.
        assert ask(client, f"ASK {{ <{body['items'][0]['iri']}> ?p ?o }}")
        second = {**ROW, "actor": "Lemuria", "source_title": "Another test source"}
        jsonl = client.post("/statements", content=json.dumps(second) + "\n",
                            headers={"content-type": "application/x-ndjson", **server.admin})
        assert jsonl.status_code == 201
        csv_body = "actor,position,topic,source_title\nMu,oppose,Ukraine's NATO membership,A third test source\n"
        as_csv = client.post("/statements", content=csv_body, headers={"content-type": "text/csv", **server.admin})
        assert as_csv.status_code == 201
        bad = client.post("/statements", json=[{**ROW, "position": "maybe"}], headers=server.admin)
        assert bad.status_code == 422 and "position" in bad.json()["detail"]
        assert client.post("/statements", content="x", headers={"content-type": "image/png", **server.admin}).status_code == 415
        for result in (as_json, jsonl, as_csv):
            source_id = result.json()["sources"][0].rsplit("/", 1)[1]
            assert client.delete(f"/sources/{source_id}", headers=server.admin).status_code == 204
            assert client.get(f"/sources/{source_id}").status_code == 404
        assert client.delete("/sources/no-such-source", headers=server.admin).status_code == 404
        assert client.get("/actors/hungary/positions").json()["total"] == hungary  # the examples are untouched


def test_post_article_extracts_and_stores(server: Server) -> None:
    article = {"text": "Hungarian Prime Minister Viktor Orbán said on Monday that Hungary opposes Ukraine's "
                       "invitation to NATO. Poland strongly supports Ukraine's NATO membership, Donald Tusk said.",
               "title": "A test article on NATO", "publisher": "Reuters", "published": "2024-11-02"}
    with server.client() as client:
        assert client.post("/articles", json=article).status_code == 401
        response = client.post("/articles", json=article, headers=server.admin)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["statements"] == len(body["items"]) >= 1
        for item in body["items"]:
            assert client.get(f"/statements/{item['statement']}").json()["method"] == "extracted"
        source_id = body["sources"][0].rsplit("/", 1)[1]
        assert client.get(f"/sources/{source_id}").json()["title"] == "A test article on NATO"
        as_text = client.post("/articles", content=article["text"], params={"title": "A plain-text test article"},
                              headers={"content-type": "text/plain", **server.admin})
        assert as_text.status_code == 201
        assert client.post("/articles", json={"title": "no text"}, headers=server.admin).status_code == 422
        for result in (response, as_text):
            client.delete(f"/sources/{result.json()['sources'][0].rsplit('/', 1)[1]}", headers=server.admin)


def test_oversized_bodies_are_413_while_reading(server: Server) -> None:
    big = b"x" * 70_000  # the main server's cap is 65,536 bytes
    with server.client() as client:
        declared = client.post("/statements", content=big, headers={"content-type": "text/csv", **server.admin})
        assert declared.status_code == 413 and declared.headers["content-type"] == "application/problem+json"

        def chunks():  # noqa: ANN202 - no Content-Length: counted as it arrives
            for _ in range(70):
                yield b"y" * 1000

        streamed = client.post("/sparql", content=chunks(), headers={"content-type": "application/sparql-query"})
        assert streamed.status_code == 413 and streamed.json()["limit"] == 65536
        assert client.get("/health").status_code == 200


def test_kg_serve_runs_the_service_with_n_query_workers(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("cli")
    server = start(folder, command=[sys.executable, "-m", "kg.cli", "serve", "--port", "{port}", "--workers", "3",
                                    "--timeout", "5"])
    try:
        with server.client() as client:
            health = client.get("/health").json()
            assert health["query_workers"] == 3 and health["writes"] == "off"
            assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True
    finally:
        stop(server)
    assert not (server.data / ".snapshots").exists()  # cleaned up on shutdown
