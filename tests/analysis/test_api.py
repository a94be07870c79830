"""Through the API, on a real server with the shared corpus and the hand-written articles: the
claim that Hungary opposes Ukraine's invitation to NATO with its independent sources counted,
the denial that disputes it, and Germany's change of position; and a write re-derives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.ingest import ingest_paths
from kg.store.embedded import EmbeddedStore
from kg.vocab import Iris
from tests.api.conftest import BASE, TOKEN, Server, start, stop

from .conftest import CORPUS, FIXTURES, article

INVITATION = "ukraines-invitation-to-nato"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("analysis-api")
    store = EmbeddedStore.open(folder / "data")
    try:
        ingest_paths(store, [CORPUS, *(p for p in FIXTURES.glob("*.txt") if "budapest-denies" not in p.name)],
                     Iris(BASE))
    finally:
        store.close()
    server = start(folder, KG_ADMIN_TOKEN=TOKEN)
    yield server
    stop(server)


@pytest.fixture(scope="module")
def http(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


@pytest.fixture(scope="module")
def denied(server: Server, http: httpx.Client) -> None:
    """The denial arrives the next day, through the REST write path."""
    text = article("adriatic-times-budapest-denies").read_text(encoding="utf-8")
    r = http.post("/articles", headers=server.admin, json={
        "text": text, "title": "Budapest denies blocking Ukraine's NATO invitation", "publisher": "Adriatic Times",
        "url": "https://adriatic-times.example/world/budapest-denies-blocking-nato-invitation",
        "published": "2024-10-25"})
    assert r.status_code == 201, r.text


def test_the_claim_that_hungary_opposes_ukraines_invitation(http: httpx.Client) -> None:
    body = http.get(f"/topics/{INVITATION}/claims", params={"actor": "hungary"}).json()
    [claim] = body["items"]
    assert (claim["actor"]["label"], claim["position"], claim["topic"]["label"]) == (
        "Hungary", "oppose", "Ukraine's invitation to NATO")
    assert (claim["sources"], claim["independent_sources"]) == (5, 4)
    assert (claim["first_reported"], claim["last_reported"]) == ("2024-10-23", "2024-10-24")
    assert [o["label"] for o in claim["origins"]] == ["Adriatic Times", "Danube News", "Politico", "Vistula Post"]
    assert claim["outlets"] == ["Adriatic Times", "Carpathian Herald", "Danube News", "Euromaidan Press", "Vistula Post"]
    by_outlet = {e["source"]["publisher"]: e for e in claim["evidence"]}
    assert by_outlet["Euromaidan Press"]["attributed_to"] == "Politico"
    assert by_outlet["Euromaidan Press"]["origin"]["label"] == "Politico"
    assert by_outlet["Carpathian Herald"]["origin"]["label"] == "Danube News"
    assert "so 4 are independent" in claim["explanation"]
    broader = http.get("/topics/ukraines-nato-membership/claims").json()
    assert [(c["actor"]["id"], c["independent_sources"]) for c in broader["items"]] == [("hungary", 4), ("germany", 2)]
    assert broader["total"] == 2
    assert http.get("/topics/ukraines-nato-membership/claims", params={"min_sources": 3}).json()["total"] == 1


def test_a_denial_written_the_next_day_disputes_it(http: httpx.Client, denied: None) -> None:
    body = http.get(f"/topics/{INVITATION}/disputes").json()
    [dispute] = body["items"]
    assert (dispute["actor"]["label"], dispute["positions"]) == ("Hungary", ["oppose"])
    assert (dispute["first_reported"], dispute["last_reported"]) == ("2024-10-23", "2024-10-25")
    [side] = dispute["sides"]
    assert (side["position"], side["sources"], len(side["statements"])) == ("oppose", 5, 5)
    [denial] = dispute["denials"]
    assert (denial["kind"], denial["denied_by"], denial["position"], denial["cue"]) == (
        "denial", "Hungary", "oppose", "refuted reports")
    claims = http.get(f"/topics/{INVITATION}/claims", params={"actor": "hungary"}).json()["items"]
    assert dispute["claims"] == [claims[0]["iri"]]
    assert set(denial["denies"]) == {claims[0]["iri"], *(e["iri"] for e in claims[0]["evidence"])}


def test_germany_softened(http: httpx.Client) -> None:
    body = http.get("/actors/germany/changes").json()
    assert body["actor"]["label"] == "Germany" and body["total"] == 1
    [change] = body["items"]
    assert (change["from_position"], change["to_position"], change["changed_on"], change["previously_on"]) == (
        "oppose", "hesitant", "2025-01-29", "2024-12-18")
    assert (change["shift"], change["direction"]) == (0.5, "towards support")
    assert [e["source"]["publisher"] for e in change["before"]] == ["Vistula Post"]
    assert [(e["source"]["publisher"], e["cue"]) for e in change["after"]] == [
        ("Carpathian Herald", "softened its opposition to")]
    assert http.get("/actors/germany/changes", params={"topic": "zelenskyys-victory-plan"}).json()["items"] == []
    assert http.get("/actors/hungary/changes").json()["items"] == []


def test_findings_as_rdf_and_errors(http: httpx.Client) -> None:
    r = http.get(f"/topics/{INVITATION}/claims", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "kg:Claim" in r.text and "kg:independentSources" in r.text
    for path in ("/topics/nope/claims", "/topics/nope/disputes", "/actors/nope/changes"):
        r = http.get(path)
        assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json"), path
    assert http.get(f"/topics/{INVITATION}/claims", params={"position": "maybe"}).status_code == 422
    assert http.get(f"/topics/{INVITATION}/claims", params={"actor": "Not An Id"}).status_code == 422


def test_findings_dereference_as_linked_data(http: httpx.Client) -> None:
    [claim] = http.get(f"/topics/{INVITATION}/claims", params={"actor": "hungary"}).json()["items"]
    path = "/" + claim["iri"].split("/", 3)[3]
    r = http.get(path, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "kg:claimedPosition" in r.text


def test_the_canned_queries_are_listed(http: httpx.Client) -> None:
    names = {q["name"] for q in http.get("/queries").json()}
    assert {"topic-claims", "topic-disputes", "actor-changes", "finding-evidence"} <= names
    rows = http.get("/queries/topic-claims", params={"topic": INVITATION},
                    headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert len(rows) == 2
