"""/sparql with real clients (SPARQLWrapper, rdflib's SPARQLStore, httpx): formats, errors,
limits, federation refused, service description, CORS."""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from .conftest import Server

KG = "https://w3id.org/kg/ns#"
STATES = f"PREFIX kg: <{KG}> SELECT ?s WHERE {{ ?s a kg:State }} ORDER BY ?s"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def wrapper(server: Server, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{server.url}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def test_sparqlwrapper_json_xml_and_csv_agree(server: Server) -> None:
    as_json = wrapper(server, STATES, JSON).queryAndConvert()
    from_json = [b["s"]["value"] for b in as_json["results"]["bindings"]]  # type: ignore[index]
    assert "http://localhost:8000/id/actor/hungary" in from_json
    xml = wrapper(server, STATES, XML).queryAndConvert()
    from_xml = [n.firstChild.data for n in xml.getElementsByTagName("uri")]  # type: ignore[union-attr]
    text = wrapper(server, STATES, CSV).queryAndConvert()
    from_csv = [row["s"] for row in csv.DictReader(io.StringIO(text.decode()))]  # type: ignore[union-attr]
    assert from_json == from_xml == from_csv


# SPARQLWrapper builds an rdflib ConjunctiveGraph, which rdflib 7 deprecates: their warning, not ours.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_sparqlwrapper_construct_into_rdflib(server: Server) -> None:
    query = f"PREFIX kg: <{KG}> CONSTRUCT {{ ?s a kg:State }} WHERE {{ ?s a kg:State }}"
    graph = wrapper(server, query, TURTLE).queryAndConvert()
    graph = graph if isinstance(graph, rdflib.Graph) else rdflib.Graph().parse(data=graph, format="turtle")
    assert (rdflib.URIRef("http://localhost:8000/id/actor/hungary"), rdflib.RDF.type, rdflib.URIRef(KG + "State")) in graph
    rdfxml = wrapper(server, query, XML).queryAndConvert()
    assert isinstance(rdfxml, rdflib.Graph) and len(rdfxml) == len(graph)


def test_rdflib_sparqlstore(server: Server) -> None:
    store = SPARQLStore(f"{server.url}/sparql", returnFormat="json")
    graph = rdflib.Graph(store=store)
    rows = list(graph.query(STATES))
    assert rdflib.URIRef("http://localhost:8000/id/actor/hungary") in {r[0] for r in rows}
    assert graph.query(f"ASK {{ ?s a <{KG}State> }}").askAnswer is True
    store.close()


@pytest.mark.parametrize(("accept", "media"), [
    (None, "application/sparql-results+json"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
])
def test_select_formats(http: httpx.Client, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = http.get("/sparql", params={"query": STATES}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert "hungary" in response.text


def test_tsv_and_csv_bodies(http: httpx.Client) -> None:
    query = 'SELECT ?a ?b ?c WHERE { VALUES (?a ?b ?c) { (<http://x/1> "tab\\there"@en 3) } }'
    tsv = http.get("/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"}).text
    assert tsv.splitlines() == ["?a\t?b\t?c", '<http://x/1>\t"tab\\there"@en\t"3"^^<http://www.w3.org/2001/XMLSchema#integer>']
    text = http.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"}).text
    assert text == 'a,b,c\r\nhttp://x/1,tab\there,3\r\n'


@pytest.mark.parametrize(("accept", "media", "fmt"), [
    (None, "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_formats_parse(http: httpx.Client, accept: str | None, media: str, fmt: str) -> None:
    query = "DESCRIBE <http://localhost:8000/id/actor/hungary>"
    response = http.get("/sparql", params={"query": query}, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media
    graph = rdflib.Graph().parse(data=response.text, format=fmt)
    assert (rdflib.URIRef("http://localhost:8000/id/actor/hungary"), None, None) in graph


def test_unsupported_accept_is_406(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": STATES}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert "application/sparql-results+json" in response.json()["available"]
    construct = http.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert construct.status_code == 406


def test_malformed_query_is_400_with_the_parsers_message(http: httpx.Client, server: Server) -> None:
    response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p "})
    assert response.status_code == 400
    body = response.json()
    # Oxigraph's parser, in process or in `oxigraph serve`; Virtuoso's own compiler message.
    words = "SPARQL compiler" if server.kind == "virtuoso" else "error at 1:"
    assert body["title"] == "Malformed query" and words in body["detail"]


def test_two_queries_and_updates_in_the_wrong_place_are_400(http: httpx.Client, server: Server) -> None:
    assert http.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D").status_code == 400
    assert http.post("/sparql", content="INSERT DATA { <a:b> <a:c> <a:d> }",
                     headers={"content-type": "application/sparql-query"}).status_code == 400
    query_on_update = http.post("/sparql/update", content="ASK {}", headers={
        "content-type": "application/sparql-update", **server.admin})
    assert query_on_update.status_code == 400 and "send queries to /sparql" in query_on_update.json()["detail"]
    assert http.get("/sparql/update").status_code == 405


def test_a_slow_query_is_stopped_and_others_carry_on(server: Server) -> None:
    """On the embedded store the worker is killed at the limit; a remote store stops it by its own
    limit (Virtuoso may refuse it up front), and kg gives up waiting at its own limit either way."""
    def slow() -> httpx.Response:
        with server.client() as client:
            return client.get("/sparql", params={"query": SLOW})

    with ThreadPoolExecutor(2) as pool, server.client() as client:
        started = time.monotonic()
        future = pool.submit(slow)
        time.sleep(0.3)
        # While the slow query runs, REST, health and other SPARQL queries are answered quickly.
        for _ in range(5):
            t = time.monotonic()
            assert client.get("/health").status_code == 200
            assert client.get("/actors/hungary").status_code == 200
            assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True
            assert time.monotonic() - t < 1.0
        response = future.result()
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["limit"] == "query_timeout" and "time limit" in body["detail"]
    assert time.monotonic() - started < 10
    if server.kind != "embedded":
        return
    assert "time limit of 2 s" in body["detail"] and 1.9 < time.monotonic() - started
    # The killed worker is replaced: queries keep working on both workers.
    with server.client() as client:
        for _ in range(4):
            assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        deadline = time.monotonic() + 20
        while client.get("/health").json()["query_workers"] < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert client.get("/health").json()["query_workers"] == 2


def test_the_result_cap_is_a_clear_error_not_a_truncated_200(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 503
    assert response.json()["limit"] == "result_cap" and "more than 300 rows" in response.json()["detail"]
    ok = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 300"})
    assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == 300
    triples = http.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert triples.status_code == 503 and "more than 300 triples" in triples.json()["detail"]


def test_large_results_stream_from_a_file(http: httpx.Client) -> None:
    query = 'SELECT ?s ?p ?o ?pad WHERE { ?s ?p ?o BIND(CONCAT(STR(?o), "' + "x" * 1200 + '") AS ?pad) } LIMIT 290'
    response = http.get("/sparql", params={"query": query})
    assert response.status_code == 200
    assert int(response.headers["content-length"]) > 256 * 1024  # past the inline limit: a spilled file
    assert len(response.json()["results"]["bindings"]) == 290


class Listener:
    """A loopback TCP listener that records any connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z . service   <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX e: <http://e/> SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ # a comment\n  Service <{url}> {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_and_nothing_connects(http: httpx.Client, template: str) -> None:
    listener = Listener()
    try:
        response = http.get("/sparql", params={"query": template.format(url=f"http://127.0.0.1:{listener.port}/sparql")})
        assert response.status_code == 403 and response.json()["keyword"] == "SERVICE"
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()


def test_load_is_refused_on_the_update_endpoint(http: httpx.Client, server: Server) -> None:
    listener = Listener()
    try:
        response = http.post("/sparql/update", content=f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>",
                             headers={"content-type": "application/sparql-update", **server.admin})
        assert response.status_code == 403 and response.json()["keyword"] == "LOAD"
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()


def test_words_that_only_look_like_service_are_fine(http: httpx.Client) -> None:
    query = 'PREFIX service: <http://e/> SELECT ?service WHERE { BIND("SERVICE <http://x>" AS ?service) } # SERVICE'
    assert http.get("/sparql", params={"query": query}).status_code == 200


def test_service_description(http: httpx.Client) -> None:
    response = http.get("/sparql")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (None, sd.feature, sd.UnionDefaultGraph) in graph


def test_cors_lets_a_browser_tool_on_another_origin_query(http: httpx.Client) -> None:
    preflight = http.options("/sparql", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in {"*", "https://yasgui.example"}
    response = http.post("/sparql", data={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"})
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == "*"


def test_from_and_from_named_in_the_query_define_its_dataset(http: httpx.Client) -> None:
    """SPARQL 1.1: a query's FROM / FROM NAMED are its dataset (the union default graph is only
    for queries without them), unless the protocol's default-graph-uri / named-graph-uri override."""
    def rows(query: str, **params: str) -> list[dict]:
        response = http.get("/sparql", params={"query": query, **params},
                            headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, response.text
        return response.json()["results"]["bindings"]

    assert rows("SELECT * FROM <http://example.org/unknown> WHERE { ?s ?p ?o }") == []
    assert rows("SELECT * FROM NAMED <http://example.org/unknown> WHERE { ?s ?p ?o }") == []
    assert rows("SELECT * FROM NAMED <http://example.org/unknown> WHERE { GRAPH ?g { ?s ?p ?o } }") == []
    assert len(rows("SELECT * WHERE { ?s ?p ?o } LIMIT 3")) == 3  # no dataset clause: the union of all graphs
    graph = rows("SELECT ?g WHERE { GRAPH ?g { ?s a <https://w3id.org/kg/ns#Statement> } } LIMIT 1")[0]["g"]["value"]
    subjects = {b["s"]["value"] for b in rows(f"SELECT DISTINCT ?s FROM <{graph}> WHERE {{ ?s ?p ?o }}")}
    inside = rows(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert subjects and subjects == {b["s"]["value"] for b in inside}
    named = rows(f"SELECT DISTINCT ?g FROM NAMED <{graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert [b["g"]["value"] for b in named] == [graph]
    # the protocol's dataset wins over the query's
    assert rows("SELECT * FROM <http://example.org/unknown> WHERE { ?s ?p ?o } LIMIT 1", **{"default-graph-uri": graph})
