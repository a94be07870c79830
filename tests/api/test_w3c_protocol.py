"""The 34 cases of the W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests, sparql/sparql11/protocol/
manifest.ttl), run against a real server.

Mapping to this service: queries go to ``/sparql``, updates to ``/sparql/update`` with the
admin token (the manifest sends both to ``/sparql/``); the remote graphs data0..data3.rdf are
preloaded as local named graphs. Update cases run on a scratch server, since they CLEAR ALL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

import httpx
import pytest

from .conftest import KASEI, TOKEN, Server

D0, D1, D2, D3 = (quote(f"{KASEI}data{n}.rdf", safe="") for n in range(4))
FORM = {"content-type": "application/x-www-form-urlencoded"}
QUERY = {"content-type": "application/sparql-query"}
UPDATE = {"content-type": "application/sparql-update"}
ASK_BOTH = f"ASK {{ <{KASEI}data1.rdf> a ?type . <{KASEI}data2.rdf> a ?type . }}"
ASK_NAMED = f"ASK {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}"
LOAD_THREE = """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }
} ;
"""


@dataclass
class Req:
    method: str
    path: str
    body: str | bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 2  # expected status class: 2 means 2xx (3xx is allowed by the manifest too), 4 means 4xx
    boolean: bool | None = None
    check: str | None = None


def send(client: httpx.Client, req: Req) -> httpx.Response:
    headers = {"Accept": "application/sparql-results+json, text/turtle;q=0.9", **req.headers}
    if req.path.startswith("/sparql/update"):
        headers["Authorization"] = f"Bearer {TOKEN}"
    return client.request(req.method, req.path, content=req.body, headers=headers)


QUERY_CASES = {
    "query_post_form": [Req("POST", f"/sparql?default-graph-uri={D0}", "query=ASK%20%7B%7D", FORM, boolean=True)],
    "query_dataset_default_graphs_get": [Req(
        "GET", f"/sparql?query={quote(ASK_BOTH)}&default-graph-uri={D1}&default-graph-uri={D2}", boolean=True)],
    "query_dataset_default_graphs_post": [Req(
        "POST", f"/sparql?default-graph-uri={D1}&default-graph-uri={D2}", ASK_BOTH, QUERY, boolean=True)],
    "query_dataset_named_graphs_post": [Req(
        "POST", f"/sparql?named-graph-uri={D1}&named-graph-uri={D2}", ASK_NAMED, QUERY, boolean=True)],
    "query_dataset_named_graphs_get": [Req(
        "GET", f"/sparql?query={quote(ASK_NAMED)}&named-graph-uri={D1}&named-graph-uri={D2}", boolean=True)],
    "query_dataset_full": [Req(
        "POST", f"/sparql?default-graph-uri={D3}&named-graph-uri={D1}&named-graph-uri={D2}",
        f"ASK {{ <{KASEI}data3.rdf> a ?type\n GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }}\n"
        f" GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}", QUERY, boolean=True)],
    # The manifest percent-encodes the '&' between the two named-graph-uri values (%26), which
    # makes them one odd IRI; the case means two, so it is sent as two. The protocol's dataset
    # must win over the query's FROM <data3.rdf>.
    "query_multiple_dataset": [Req(
        "POST", f"/sparql?named-graph-uri={D1}&named-graph-uri={D2}",
        f"ASK FROM <{KASEI}data3.rdf> {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} "
        f"GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}", QUERY, boolean=True)],
    "query_get": [Req("GET", f"/sparql?query=ASK%20%7B%7D&default-graph-uri={D0}", boolean=True)],
    "query_content_type_select": [Req("POST", f"/sparql?default-graph-uri={D0}", "SELECT (1 AS ?value) {}", QUERY,
                                      check="tabular")],
    "query_content_type_ask": [Req("POST", f"/sparql?default-graph-uri={D0}", "ASK {}", QUERY, check="boolean")],
    "query_content_type_describe": [Req("POST", f"/sparql?default-graph-uri={D0}", "DESCRIBE <http://example.org/>",
                                        QUERY, check="rdf")],
    "query_content_type_construct": [Req("POST", f"/sparql?default-graph-uri={D0}", "CONSTRUCT { <s> <p> 1 } WHERE {}",
                                         QUERY, check="rdf")],
    "query_post_direct": [Req("POST", "/sparql", "ASK {}", QUERY, boolean=True)],
    "bad_query_method": [Req("PUT", f"/sparql?query=ASK%20%7B%7D&default-graph-uri={D0}", b"", FORM, status=4)],
    "bad_multiple_queries": [Req("GET", "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", status=4)],
    "bad_query_wrong_media_type": [Req("POST", "/sparql", "ASK {}", {"content-type": "text/plain"}, status=4)],
    "bad_query_missing_form_type": [Req("POST", "/sparql", "query=ASK%20%7B%7D", status=4)],
    "bad_query_missing_direct_type": [Req("POST", "/sparql", "ASK {}", status=4)],
    "bad_query_non_utf8": [Req("POST", "/sparql", "ASK {}".encode("utf-16"),
                               {"content-type": "application/sparql-query; charset=UTF-16"}, status=4)],
    "bad_query_syntax": [Req("GET", "/sparql?query=ASK%20%7B", status=4)],
    "bad_update_get": [Req("GET", "/sparql?update=CLEAR%20ALL", status=4)],
}

UPDATE_CASES = {
    "update_dataset_default_graph": [
        Req("POST", f"/sparql/update?using-graph-uri={D1}", """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA { GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> {
  <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document } } ;
INSERT { GRAPH <http://example.org/protocol-update-dataset-test/> { ?s a dc:BibliographicResource } }
WHERE { ?s a foaf:Document }""", UPDATE),
        Req("POST", "/sparql", """ASK { GRAPH <http://example.org/protocol-update-dataset-test/> {
  <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource> } }""",
            QUERY, boolean=True)],
    "update_dataset_default_graphs": [
        Req("POST", f"/sparql/update?using-graph-uri={D1}&using-graph-uri={D2}", LOAD_THREE + """INSERT {
  GRAPH <http://example.org/protocol-update-dataset-graphs-test/> { ?s a dc:BibliographicResource } }
WHERE { ?s a foaf:Document }""", UPDATE),
        Req("POST", "/sparql", """ASK {
  GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {
    <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
    <http://kasei.us/2009/09/sparql/data/data2.rdf> a <http://purl.org/dc/terms/BibliographicResource> . }
  FILTER NOT EXISTS { GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {
    <http://kasei.us/2009/09/sparql/data/data3.rdf> a <http://purl.org/dc/terms/BibliographicResource> . } } }""",
            QUERY, boolean=True)],
    "update_dataset_named_graphs": [
        Req("POST", f"/sparql/update?using-named-graph-uri={D1}&using-named-graph-uri={D2}", LOAD_THREE + """INSERT {
  GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> { ?s a dc:BibliographicResource } }
WHERE { GRAPH ?g { ?s a foaf:Document } }""", UPDATE),
        Req("POST", "/sparql", """ASK {
  GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {
    <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
    <http://kasei.us/2009/09/sparql/data/data2.rdf> a <http://purl.org/dc/terms/BibliographicResource> . }
  FILTER NOT EXISTS { GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {
    <http://kasei.us/2009/09/sparql/data/data3.rdf> a <http://purl.org/dc/terms/BibliographicResource> . } } }""",
            QUERY, boolean=True)],
    "update_dataset_full": [
        Req("POST", f"/sparql/update?using-graph-uri={D1}&using-named-graph-uri={D2}", LOAD_THREE + """INSERT {
  GRAPH <http://example.org/protocol-update-dataset-full-test/> { ?s <http://example.org/in> ?in } }
WHERE { { GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) }
        UNION { ?s a foaf:Document . BIND("default" AS ?in) } }""", UPDATE),
        Req("POST", "/sparql", """ASK {
  GRAPH <http://example.org/protocol-update-dataset-full-test/> {
    <http://kasei.us/2009/09/sparql/data/data1.rdf> <http://example.org/in> "default" .
    <http://kasei.us/2009/09/sparql/data/data2.rdf> <http://example.org/in> <http://kasei.us/2009/09/sparql/data/data2.rdf> . }
  FILTER NOT EXISTS { GRAPH <http://example.org/protocol-update-dataset-full-test/> {
    <http://kasei.us/2009/09/sparql/data/data3.rdf> ?p ?o } } }""", QUERY, boolean=True)],
    "update_post_form": [Req("POST", "/sparql/update", "update=CLEAR+ALL", FORM)],
    "update_post_direct": [Req("POST", "/sparql/update", "CLEAR ALL", UPDATE)],
    "update_base_uri": [
        Req("POST", "/sparql/update", """CLEAR GRAPH <http://example.org/protocol-base-test/> ;
INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }""",
            UPDATE),
        Req("POST", "/sparql", """SELECT ?o WHERE { GRAPH <http://example.org/protocol-base-test/> {
  <http://example.org/s> <http://example.org/p> ?o } }""", QUERY, check="base")],
    "bad_multiple_updates": [Req("POST", "/sparql/update", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, status=4)],
    "bad_update_wrong_media_type": [Req("POST", "/sparql/update", "CLEAR NAMED", {"content-type": "text/plain"}, status=4)],
    "bad_update_missing_form_type": [Req("POST", "/sparql/update", "update=CLEAR%20NAMED", status=4)],
    "bad_update_non_utf8": [Req("POST", "/sparql/update", "CLEAR NAMED".encode("utf-16"),
                                {"content-type": "application/sparql-update; charset=UTF-16"}, status=4)],
    "bad_update_syntax": [Req("POST", "/sparql/update", "update=CLEAR%20XYZ", FORM, status=4)],
    "bad_update_dataset_conflict": [Req(
        "POST", "/sparql/update?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople", """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
WITH <http://example/addresses>
DELETE { ?person foaf:givenName 'Bill' }
INSERT { ?person foaf:givenName 'William' }
WHERE { ?person foaf:givenName 'Bill' }""", UPDATE, status=4)],
}


def check(response: httpx.Response, req: Req) -> None:
    assert response.status_code // 100 in ({2, 3} if req.status == 2 else {4}), (response.status_code, response.text)
    if req.status == 4:
        assert response.headers["content-type"] == "application/problem+json"
        return
    kind = response.headers.get("content-type", "").split(";")[0]
    if req.boolean is not None:
        assert response.json()["boolean"] is req.boolean
    if req.check in {"boolean", "tabular"}:
        assert kind == "application/sparql-results+json"
        assert ("boolean" in response.json()) is (req.check == "boolean")
    if req.check == "rdf":
        assert kind in {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"}
    if req.check == "base":
        bindings = response.json()["results"]["bindings"]
        assert len(bindings) == 1 and bindings[0]["o"]["type"] == "uri" and bindings[0]["o"]["value"] != "test"
        assert bindings[0]["o"]["value"].startswith("http://127.0.0.1:")  # resolved against the endpoint


def test_the_manifest_is_covered() -> None:
    assert len(QUERY_CASES) + len(UPDATE_CASES) == 34


@pytest.mark.parametrize("name", sorted(QUERY_CASES))
def test_query_case(name: str, server: Server) -> None:
    with server.client() as client:
        for req in QUERY_CASES[name]:
            check(send(client, req), req)


@pytest.mark.parametrize("name", sorted(UPDATE_CASES))
def test_update_case(name: str, scratch: Server) -> None:
    with scratch.client() as client:
        for req in UPDATE_CASES[name]:
            check(send(client, req), req)
