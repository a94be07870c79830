"""The REST API over the examples, on a real server: every read endpoint, paging,
content negotiation, linked data, canned queries, export, errors and the OpenAPI document."""

from __future__ import annotations

import json
import subprocess

import httpx
import pytest
import rdflib

from .conftest import BASE, Server

HUNGARY = f"{BASE}actor/hungary"


def test_health(http: httpx.Client, server: Server) -> None:
    body = http.get("/health").json()
    assert body["status"] == "ok" and body["writes"] == "token"
    # Query workers are processes over snapshots of the embedded store; a remote store runs queries itself.
    assert (body["store"], body["query_workers"]) == (("oxigraph", 2) if server.kind == "embedded" else ("sparql", 0))
    assert http.get("/health/store").json() == {"status": "ok", "store": body["store"]}


def test_actors_search_type_and_paging(http: httpx.Client) -> None:
    everyone = http.get("/actors").json()
    assert everyone["total"] >= 15 and everyone["limit"] == 20 and everyone["offset"] == 0
    page = http.get("/actors", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == everyone["total"] and page["items"] == everyone["items"][1:3]
    found = http.get("/actors", params={"q": "orb"}).json()
    assert [a["id"] for a in found["items"]] == ["viktor-orban"] and found["total"] == 1
    states = http.get("/actors", params={"type": "state"}).json()["items"]
    assert states and all(a["type"] == "state" for a in states)
    assert {"id", "iri", "label", "type", "wikidata", "statements"} <= set(states[0])


def test_actor_detail(http: httpx.Client) -> None:
    hungary = http.get("/actors/hungary").json()
    assert hungary["label"] == "Hungary" and hungary["type"] == "state" and hungary["wikidata"] == "Q28"
    assert hungary["iri"] == HUNGARY
    assert {"id": "viktor-orban", "iri": f"{BASE}actor/viktor-orban", "label": "Viktor Orbán",
            "role": "Prime Minister of Hungary"} in hungary["members"]
    assert hungary["counts"]["statements"] == 1
    orban = http.get("/actors/viktor-orban").json()
    assert orban["affiliation"]["id"] == "hungary" and orban["role"] == "Prime Minister of Hungary"


def test_a_states_positions_include_its_leaders_marked_as_such(http: httpx.Client) -> None:
    body = http.get("/actors/slovakia/positions").json()
    assert body["actor"] == {"id": "slovakia", "iri": f"{BASE}actor/slovakia", "label": "Slovakia",
                             "type": "state", "wikidata": "Q214"}
    assert body["total"] == 2
    via = [i for i in body["items"] if i["via"] == "affiliation"]
    own = [i for i in body["items"] if i["via"] is None]
    assert len(via) == 1 and len(own) == 1
    assert via[0]["speaker"] == {"id": "robert-fico", "label": "Robert Fico", "role": "Prime Minister of Slovakia"}
    item = own[0]
    assert set(item) >= {"statement", "position", "topic", "date", "source", "attributed_to", "quote"}
    assert item["topic"]["id"] == "ukraines-invitation-to-nato" and item["attributed_to"] == "Politico"
    assert set(item["source"]) >= {"iri", "title", "url", "publisher", "published"}
    assert item["source"]["publisher"] == "Euromaidan Press" and item["source"]["published"] == "2024-10-24"


def test_positions_filters_and_newest_first(http: httpx.Client) -> None:
    germany = http.get("/actors/germany/positions").json()
    dates = [i["date"] for i in germany["items"]]
    assert dates == sorted(dates, reverse=True) and germany["total"] == 2
    narrower = http.get("/actors/germany/positions", params={"topic": "ukraines-nato-membership"}).json()
    assert narrower["total"] == 2  # the invitation topic is narrower than membership
    assert http.get("/actors/germany/positions", params={"position": "oppose"}).json()["total"] == 1
    assert http.get("/actors/germany/positions", params={"since": "2024-10-25"}).json()["total"] == 0
    assert http.get("/actors/germany/positions", params={"until": "2024-10-24"}).json()["total"] == 2
    paged = http.get("/actors/germany/positions", params={"limit": 1, "offset": 1}).json()
    assert paged["total"] == 2 and [i["statement"] for i in paged["items"]] == [germany["items"][1]["statement"]]


def test_topics_and_the_stance_table(http: httpx.Client) -> None:
    topics = http.get("/topics").json()
    invitation = next(t for t in topics["items"] if t["id"] == "ukraines-invitation-to-nato")
    assert invitation["broader"]["id"] == "ukraines-nato-membership"
    detail = http.get("/topics/ukraines-nato-membership").json()
    assert [n["id"] for n in detail["narrower"]] == ["ukraines-invitation-to-nato"]
    assert detail["counts"]["statements"] == 13 and detail["counts"]["actors"] == 12
    table = http.get("/topics/ukraines-nato-membership/positions").json()
    assert table["topic"]["id"] == "ukraines-nato-membership" and table["total"] == 12
    germany = next(r for r in table["items"] if r["actor"]["id"] == "germany")
    assert germany["statements"] == 2 and len(germany["history"]) == 2
    assert germany["position"] == germany["history"][0]["position"]
    assert all(h["source"]["title"] for h in germany["history"])
    page = http.get("/topics/ukraines-nato-membership/positions", params={"limit": 5, "offset": 10}).json()
    assert page["total"] == 12 and len(page["items"]) == 2


def test_statements_and_sources(http: httpx.Client) -> None:
    sources = http.get("/sources").json()
    assert sources["total"] >= 1
    source = sources["items"][0]
    detail = http.get(f"/sources/{source['id']}").json()
    assert detail["total"] == source["statements"] == 14 and len(detail["statements"]) == 14
    assert detail["publisher"] == "Euromaidan Press" and detail["method"] == "curated"
    statement = http.get(f"/statements/{detail['statements'][0]['statement']}").json()
    assert statement["source"]["iri"] == source["iri"] and statement["confidence"] == 1
    assert statement["actor"]["label"] and statement["method"] == "curated"


@pytest.mark.parametrize("path", ["/actors/hungary", "/actors/hungary/positions", "/topics/ukraines-nato-membership",
                                  "/topics/ukraines-nato-membership/positions", "/actors", "/topics", "/sources"])
@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_rest_as_rdf(http: httpx.Client, path: str, accept: str, fmt: str) -> None:
    response = http.get(path, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=response.text, format=fmt)
    assert len(graph) > 0


@pytest.mark.parametrize(("path", "status"), [
    ("/actors/nobody", 404), ("/actors/nobody/positions", 404), ("/topics/nothing", 404),
    ("/topics/nothing/positions", 404), ("/statements/0000", 404), ("/sources/nowhere", 404),
    ("/actors/Not%20An%20Id", 422), ("/actors?limit=0", 422), ("/actors?limit=5000", 422), ("/actors?offset=-1", 422),
    ("/actors?type=planet", 422), ("/actors/hungary/positions?since=yesterday", 422),
    ("/actors/hungary/positions?position=maybe", 422), ("/actors/hungary/positions?topic=Not%20Valid", 422),
    ("/queries/nope", 404), ("/queries/positions-on-topic", 422), ("/queries/positions-on-topic?topic=x&colour=red", 422),
    ("/export?format=xml", 422), ("/id/actor/nobody", 404), ("/no/such/page", 404),
])
def test_errors_are_problem_json(http: httpx.Client, path: str, status: int) -> None:
    response = http.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and "type" in body


def test_rest_406(http: httpx.Client) -> None:
    response = http.get("/actors/hungary", headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.headers["content-type"] == "application/problem+json"


def test_canned_queries_list_and_run(http: httpx.Client) -> None:
    listed = {q["name"]: q for q in http.get("/queries").json()}
    assert {"positions-on-topic", "actor-positions", "stats"} <= set(listed)
    params = {p["name"]: p for p in listed["positions-on-topic"]["params"]}
    assert params["topic"]["required"] and params["topic"]["type"] == "topic" and params["topic"]["description"]
    response = http.get("/queries/positions-on-topic", params={"topic": "ukraines-invitation-to-nato", "position": "oppose"})
    actors = {b["actorLabel"]["value"] for b in response.json()["results"]["bindings"]}
    assert {"United States", "Germany", "Hungary", "Slovakia"} <= actors
    as_csv = http.get("/queries/stats", headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.text.startswith("actors,topics")


def test_canned_query_values_cannot_change_the_query(http: httpx.Client) -> None:
    hostile = '" ) } UNION { ?s ?p ?o } #'
    response = http.get("/queries/actors", params={"q": hostile})
    assert response.status_code == 200 and response.json()["results"]["bindings"] == []
    assert http.get("/queries/positions-on-topic", params={"topic": "x> } ; DROP ALL #"}).status_code == 422


def test_linked_data_dereferences(http: httpx.Client) -> None:
    html = http.get("/id/actor/hungary", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<h1>Hungary</h1>" in html.text and 'href="/id/actor/viktor-orban"' not in html.text
    as_json = http.get("/id/actor/hungary", headers={"Accept": "application/json"}).json()
    assert as_json["label"] == "Hungary" and as_json["wikidata"] == "Q28"
    turtle = http.get("/id/actor/hungary", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (rdflib.URIRef(HUNGARY), rdflib.OWL.sameAs, rdflib.URIRef("http://www.wikidata.org/entity/Q28")) in graph
    topic = http.get("/id/topic/ukraines-invitation-to-nato", headers={"Accept": "text/html"})
    assert 'href="/id/topic/ukraines-nato-membership"' in topic.text
    for kind in ("statement", "source"):
        first = http.get("/sources").json()["items"][0] if kind == "source" else None
        ident = first["id"] if first else http.get("/actors/hungary/positions").json()["items"][0]["statement"]
        assert http.get(f"/id/{kind}/{ident}", headers={"Accept": "application/json"}).status_code == 200


def test_export_streams_a_named_file_that_rapper_parses(server: Server, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "export.ttl"
    curl = subprocess.run(["curl", "-sS", "-D", "-", "-o", str(out), "-H", "Accept: text/turtle", f"{server.url}/export"],
                          capture_output=True, text=True, timeout=60)
    assert curl.returncode == 0 and 'filename="kg-export.ttl"' in curl.stdout
    rapper = subprocess.run(["rapper", "-i", "turtle", "-c", str(out)], capture_output=True, text=True, timeout=60)
    assert rapper.returncode == 0, rapper.stderr
    assert "returned" in rapper.stderr and int(rapper.stderr.split("returned")[1].split()[0]) > 400


@pytest.mark.parametrize(("fmt", "rapper_name", "ext"), [("trig", "trig", "trig"), ("nt", "ntriples", "nt"),
                                                          ("nq", "nquads", "nq")])
def test_export_formats(server: Server, tmp_path, fmt: str, rapper_name: str, ext: str) -> None:  # noqa: ANN001
    with server.client() as client, client.stream("GET", "/export", params={"format": fmt}) as response:
        assert response.status_code == 200
        assert response.headers["content-disposition"] == f'attachment; filename="kg-export.{ext}"'
        path = tmp_path / f"export.{ext}"
        path.write_bytes(b"".join(response.iter_bytes()))
    rapper = subprocess.run(["rapper", "-q", "-i", rapper_name, "-c", str(path)], capture_output=True, text=True, timeout=60)
    assert rapper.returncode == 0, rapper.stderr


def test_export_jsonld(http: httpx.Client) -> None:
    response = http.get("/export", params={"format": "jsonld"})
    assert response.headers["content-type"].startswith("application/ld+json")
    assert json.loads(response.text)


def test_openapi_documents_every_endpoint_parameter_and_error(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/sparql", "/sparql/update", "/graphs", "/actors", "/actors/{actor_id}", "/actors/{actor_id}/positions",
                 "/topics", "/topics/{topic_id}", "/topics/{topic_id}/positions", "/statements/{statement_id}",
                 "/sources", "/sources/{source_id}", "/articles", "/statements", "/export", "/queries",
                 "/queries/{name}", "/health"):
        assert path in paths, path
    for path, ops in paths.items():
        for method, op in ops.items():
            assert op.get("summary") or op.get("description"), (method, path)
            for param in op.get("parameters", []):
                assert param.get("description") or param["in"] == "path" and param["schema"], (path, param["name"])
            if path != "/health" and method != "options":
                errors = {int(s) for s in op["responses"] if s.isdigit() and int(s) >= 400}
                assert errors, (method, path)
    positions = paths["/actors/{actor_id}/positions"]["get"]
    assert {p["name"] for p in positions["parameters"]} >= {"topic", "position", "since", "until", "limit", "offset"}
    assert "application/problem+json" in positions["responses"]["404"]["content"]
    assert http.get("/docs").status_code == 200
