"""Through the API, on a real server with the shared corpus and the hand-written articles: the
claim that Hungary opposes Ukraine's invitation to NATO with its independent sources counted,
the denial that disputes it, and Germany's change of position; and a write re-derives."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.api.conftest import Server

INVITATION = "ukraines-invitation-to-nato"


@pytest.fixture(scope="module")
def http(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


def test_the_claim_that_hungary_opposes_ukraines_invitation(http: httpx.Client) -> None:
    body = http.get(f"/topics/{INVITATION}/claims", params={"actor": "hungary"}).json()
    [claim] = body["items"]
    assert (claim["actor"]["label"], claim["position"], claim["topic"]["label"]) == (
        "Hungary", "oppose", "Ukraine's invitation to NATO")
    assert (claim["sources"], claim["independent_sources"]) == (5, 4)
    assert (claim["first_reported"], claim["last_reported"]) == ("2024-10-23", "2024-10-24")
    assert [o["label"] for o in claim["origins"]] == ["Adriatic Times", "Danube News", "Politico", "Vistula Post"]
    assert claim["outlets"] == ["Adriatic Times", "Carpathian Herald", "Danube News", "Euromaidan Press",
                                "Vistula Post"]
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


def test_the_web_pages_show_the_findings(http: httpx.Client, denied: None) -> None:
    html = http.get(f"/ui/topics/{INVITATION}").text
    assert "Claims across sources" in html and "4 independent sources" in html and "Disputes" in html
    assert "Hungary says it is not so that the actor holds" in html
    assert "Counts as a report by <strong>Danube News" in html
    html = http.get("/ui/actors/germany").text
    assert "Changes of position" in html and "softened its opposition to" in html
    assert "Changes of position" not in http.get("/ui/actors/hungary").text


def test_the_preview_shows_what_posting_the_article_would_store(server: Server) -> None:
    """The ingest page's preview extracts as POST /articles does: the denial comes back as a row
    with denied_by (stored as a denial, never as a position), not dropped or turned into one."""
    from tests.analysis.conftest import article
    from tests.api.conftest import TOKEN

    text = article("adriatic-times-budapest-denies").read_text(encoding="utf-8")
    response = httpx.post(f"{server.url}/articles/preview", headers={"Authorization": f"Bearer {TOKEN}"},
                          timeout=60, json={"text": text, "title": "Budapest denies blocking Ukraine's NATO invitation",
                                            "publisher": "Adriatic Times", "published": "2024-10-25"})
    assert response.status_code == 200, response.text
    denials = [r for r in response.json()["rows"] if r.get("denied_by")]
    assert denials
    assert any(r["actor"] == "Hungary" and r["topic"] == "Ukraine's invitation to NATO" for r in denials)
