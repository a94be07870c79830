"""The web pages in a real browser (headless Chromium) against a real server with the sample data."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import TOKEN, Site, Watch, open_context, shot

TOPIC = "ukraines-invitation-to-nato"
PAGES = ["/", "/?q=nato", f"/ui/topics/{TOPIC}", "/ui/topics/ukraines-nato-membership", "/ui/actors/viktor-orban",
         "/ui/actors/hungary", "/ui/matrix", "/ui/sparql", "/ui/ingest"]


def read(download) -> bytes:  # noqa: ANN001 - a playwright Download
    return Path(download.path()).read_bytes()


# ------------------------------------------------------------------ search
def test_search_orban_with_the_keyboard_reaches_viktor_orbans_page(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("Orban")
    option = page.get_by_role("option", name=re.compile("Viktor Orbán"))
    expect(option).to_be_visible()
    expect(page.locator("#q")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ui/actors/viktor-orban")
    expect(page.get_by_role("heading", level=1)).to_have_text("Viktor Orbán")
    expect(page.get_by_role("link", name="Wikidata Q57641")).to_have_attribute(
        "href", "https://www.wikidata.org/wiki/Q57641")
    expect(page.locator(".lede")).to_contain_text("Prime Minister of Hungary")
    expect(page.locator(".tl-lane")).to_have_count(1)
    expect(page.locator(".tl-lane .mark")).to_have_count(1)
    expect(page.locator("article.statement blockquote")).to_contain_text("more than terrifying")
    shot(page, "actor-viktor-orban")


def test_search_without_accents_and_by_alias_on_the_results_page(page: Page) -> None:
    page.goto("/")
    page.fill("#q", "orban")
    page.keyboard.press("Enter")  # no suggestion chosen: the results page
    page.wait_for_url(re.compile(r"/\?q=orban$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("orban")
    page.get_by_role("link", name="Viktor Orbán").click()
    page.wait_for_url("**/ui/actors/viktor-orban")
    page.goto("/?q=NATO+invitation+for")  # an alias of the topic
    expect(page.locator(".hits li")).to_have_count(1)
    expect(page.locator(".hits")).to_contain_text("matched “NATO invitation for Ukraine”")
    page.goto("/?q=budapest")  # an actor's alias (its capital)
    expect(page.locator(".hits").get_by_role("link", name="Hungary")).to_be_visible()
    page.goto("/?q=zzzz")
    expect(page.locator("main")).to_contain_text("Nothing matches")


def test_suggestions_rank_topics_and_actors(site: Site) -> None:
    with site.client() as http:
        found = http.get("/ui/suggest", params={"q": "nato"}).json()
        assert {f["id"] for f in found if f["kind"] == "topic"} >= {TOPIC, "ukraines-nato-membership"}
        assert all(f["href"].startswith("/ui/") for f in found)
        hungary = http.get("/ui/suggest", params={"q": "hung"}).json()
        assert hungary[0]["id"] == "hungary" and hungary[0]["detail"] == "state"
        assert http.get("/ui/suggest", params={"q": " "}).json() == []


# ------------------------------------------------------------------ topic
def test_topic_page_shows_who_opposes_and_supports_ukraines_invitation_at_a_glance(page: Page) -> None:
    page.goto(f"/ui/topics/{TOPIC}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ukraine's invitation to NATO")
    oppose = page.locator(".board .col-oppose")
    expect(oppose.get_by_role("heading")).to_contain_text("oppose")
    for actor in ("Hungary", "Slovakia", "United States", "Julianne Smith"):
        expect(oppose.locator(".chip", has_text=actor)).to_be_visible()
    expect(page.locator(".board .col-support .chip")).to_have_text([re.compile("Volodymyr Zelenskyy")])
    expect(page.locator(".board .col-hesitant .chip")).to_have_count(4)
    expect(page.locator(".board .col-oppose .chip", has_text="Hungary")).to_have_count(1)
    expect(page.locator(".board .col-support .chip", has_text="Hungary")).to_have_count(0)
    expect(page.locator(".legend").first).to_contain_text("oppose")
    expect(page.locator(".spectrum")).to_have_attribute("aria-label", "1 support, 4 hesitant, 4 oppose")
    path = shot(page, "topic-ukraines-invitation-to-nato", full_page=False)
    assert path.stat().st_size > 10_000
    shot(page, "topic-ukraines-invitation-to-nato-full")

    # The stance table: one row per actor, expandable to quotes and sources.
    rows = page.locator("details.stance-row")
    expect(rows).to_have_count(9)
    hungary = page.locator("#row-hungary")
    expect(hungary.locator("summary")).to_contain_text("oppose")
    expect(hungary.locator("summary")).to_contain_text("1 source")
    expect(hungary.locator("summary")).to_contain_text("24 Oct 2024")
    expect(hungary.locator("blockquote")).to_be_hidden()
    page.locator(".board .chip", has_text="Hungary").click()  # the board links to the row and opens it
    expect(hungary).to_have_attribute("open", "")
    expect(hungary.locator("blockquote")).to_contain_text("Hungary and Slovakia")
    expect(hungary.locator(".meta")).to_contain_text("Reported by Politico")
    expect(hungary.get_by_role("link", name=re.compile("At least seven NATO members"))).to_be_visible()
    germany = page.locator("#row-germany")
    expect(germany.locator("summary")).to_contain_text("2 statements")
    page.get_by_role("button", name="Expand all").click()
    expect(page.locator("details.stance-row[open]")).to_have_count(9)


def test_topic_rows_open_with_the_keyboard(page: Page) -> None:
    page.goto(f"/ui/topics/{TOPIC}")
    summary = page.locator("#row-spain summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#row-spain")).to_have_attribute("open", "")
    expect(page.locator("#row-spain blockquote")).to_contain_text("reluctant")


def test_broader_topic_includes_and_marks_narrower_topics(page: Page) -> None:
    page.goto("/ui/topics/ukraines-nato-membership")
    expect(page.locator(".narrower-list")).to_contain_text("Ukraine's invitation to NATO")
    expect(page.locator(".board .col-oppose .chip", has_text="Hungary").locator(".narrow-mark")).to_be_visible()
    expect(page.locator(".board .col-oppose .chip", has_text="Robert Fico").locator(".narrow-mark")).to_have_count(0)
    expect(page.locator(".board .col-conditional .chip")).to_have_text([re.compile("Biden administration")])
    hungary = page.locator("#row-hungary")
    expect(hungary.locator("summary .tag.narrower")).to_contain_text("Ukraine's invitation to NATO")
    hungary.locator("summary").click()
    expect(hungary.locator("article .tag.narrower")).to_contain_text("narrower: Ukraine's invitation to NATO")
    shot(page, "topic-ukraines-nato-membership")


def test_unknown_pages_are_html_404s(site: Site) -> None:
    with site.client() as http:
        for path in ("/ui/topics/no-such-topic", "/ui/actors/no-such-actor", "/ui/actors/Bad%20Id"):
            r = http.get(path)
            assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), path
            assert "Not found" in r.text


# ------------------------------------------------------------------ actor
def test_a_states_page_marks_its_leaders_statements(page: Page) -> None:
    page.goto("/ui/actors/hungary")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hungary")
    expect(page.get_by_role("link", name="Wikidata Q28")).to_have_attribute("href", "https://www.wikidata.org/wiki/Q28")
    expect(page.locator(".members")).to_contain_text("Viktor Orbán")
    expect(page.locator(".tl-lane")).to_have_count(2)  # two topics, one lane each
    leader = page.locator("article.statement", has=page.locator(".tag.leader"))
    expect(leader).to_have_count(1)
    expect(leader.locator(".tag.leader")).to_have_text("said by Viktor Orbán, Prime Minister of Hungary")
    expect(leader).to_contain_text("Zelenskyy's victory plan")
    expect(page.locator(".tl-lane circle.leader")).to_have_count(1)
    own = page.locator("article.statement", has_not=page.locator(".tag.leader"))
    expect(own.locator(".meta")).to_contain_text("Reported by Politico")
    shot(page, "actor-hungary")
    page.locator(".tl-lane .mark").first.focus()  # chart marks are links to the statements
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#st-[0-9a-f]+$"))


# ------------------------------------------------------------------ matrix
def test_matrix_filters_and_exports_csv_svg_and_png(watched: tuple[Page, Watch]) -> None:
    page, watch = watched
    page.goto("/ui/matrix")
    table = page.locator("table.matrix")
    hungary = table.locator("tbody tr", has=page.get_by_role("link", name="Hungary", exact=True))
    expect(hungary.locator("td.pos-oppose")).to_have_count(1)
    expect(table.locator("thead th")).to_have_count(4)  # actor + three topics
    shot(page, "matrix")

    page.select_option("#f-type", "person")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"type=person"))
    names = table.locator("tbody th a").all_inner_texts()
    assert names == sorted(names) and set(names) == {"Donald Tusk", "Julianne Smith", "Robert Fico", "Viktor Orbán",
                                                     "Volodymyr Zelenskyy"}

    with page.expect_download() as got:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(read(got.value).decode())))
    assert rows[0][:2] == ["actor", "actor_type"] and len(rows) == 6
    assert all(r[1] == "person" for r in rows[1:])
    orban = next(r for r in rows if r[0] == "Viktor Orbán")
    assert orban[rows[0].index("Zelenskyy's victory plan")] == "oppose"

    with page.expect_download() as got:
        page.get_by_role("link", name="SVG").click()
    svg = read(got.value).decode()
    assert svg.startswith("<svg") and "Viktor Orbán" in svg and "Hungary" not in svg

    with page.expect_download() as got:
        page.get_by_role("button", name="PNG").click()
    assert got.value.suggested_filename == "kg-matrix.png"
    assert read(got.value)[:8] == b"\x89PNG\r\n\x1a\n"

    page.goto("/ui/matrix?since=2025-01-01")
    expect(page.locator("main")).to_contain_text("No statements match")
    page.goto("/ui/matrix?since=2024-10-01&until=2024-10-31&type=state")
    expect(table.locator("tbody tr")).to_have_count(7)
    watch.allow(400)
    response = page.goto("/ui/matrix?since=soon")
    assert response is not None and response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("must be a date")


# ------------------------------------------------------------------ SPARQL
def test_sparql_page_runs_a_canned_query_and_downloads_results(page: Page) -> None:
    page.goto("/ui/sparql")
    expect(page.locator(".cm-editor")).to_be_visible()
    expect(page.locator(".cm-content .cm-line span").first).to_be_visible()  # highlighted tokens
    page.get_by_role("button", name="Counts", exact=True).click()
    results = page.locator("#sparql-results table")
    expect(results).to_be_visible()
    expect(results.locator("thead th")).to_have_text(["actors", "topics", "statements", "sources"])
    expect(results.locator("tbody td").nth(2)).to_have_text("14")
    expect(page.locator("#sparql-status")).to_contain_text("1 row")
    assert "stats.rq" in page.evaluate("window.kgEditor.state.doc.toString()") or \
        "COUNT(DISTINCT ?s) AS ?statements" in page.evaluate("window.kgEditor.state.doc.toString()")
    shot(page, "sparql-canned-counts")

    with page.expect_download() as got:
        page.locator("#sparql-downloads").get_by_role("button", name="CSV").click()
    assert read(got.value).decode().splitlines()[0] == "actors,topics,statements,sources"
    with page.expect_download() as got:
        page.locator("#sparql-downloads").get_by_role("button", name="JSON").click()
    assert json.loads(read(got.value))["head"]["vars"] == ["actors", "topics", "statements", "sources"]
    expect(page.locator("#sparql-downloads").get_by_role("button", name="Turtle")).to_be_disabled()


def test_canned_query_with_a_parameter(page: Page) -> None:
    page.goto("/ui/sparql")
    item = page.locator(".canned li", has=page.get_by_role("button", name="Who holds which position on a topic"))
    item.locator("summary").click()
    item.locator("input[name=topic]").fill(TOPIC)
    item.locator("input[name=position]").fill("oppose")
    item.get_by_role("button", name="Who holds which position on a topic").click()
    body = page.locator("#sparql-results tbody")
    expect(body.locator("tr")).to_have_count(5)
    actors = body.locator("tr td:first-child").all_inner_texts()
    assert sorted(actors) == ["Germany", "Hungary", "Julianne Smith", "Slovakia", "United States"]
    assert "VALUES (?topic ?position)" in page.evaluate("window.kgEditor.state.doc.toString()")


def test_editor_completes_prefixes_and_runs_construct_queries(watched: tuple[Page, Watch]) -> None:
    page, watch = watched
    page.goto("/ui/sparql")
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("CONSTRUCT { ?a skos:prefLabel ?l } WHERE { ?a skos:pref")
    option = page.locator(".cm-tooltip-autocomplete li", has_text="skos:prefLabel")
    expect(option).to_have_attribute("aria-selected", "true")
    page.wait_for_timeout(250)  # CodeMirror ignores Enter for 75 ms after the list changes
    page.keyboard.press("Enter")
    page.keyboard.type(" ?l } LIMIT 3")
    text = page.evaluate("window.kgEditor.state.doc.toString()")
    assert text.startswith("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"), text
    assert "?a skos:prefLabel ?l } LIMIT 3" in text
    page.keyboard.press("Control+Enter")
    expect(page.locator("#sparql-results thead th")).to_have_text(["subject", "predicate", "object"])
    expect(page.locator("#sparql-results tbody tr")).to_have_count(3)
    with page.expect_download() as got:
        page.locator("#sparql-downloads").get_by_role("button", name="Turtle").click()
    assert got.value.suggested_filename == "results.ttl" and b"skos:prefLabel" in read(got.value)

    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type("SELECT nonsense")
    watch.allow(400)
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#sparql-status")).to_have_class(re.compile("error"))


# ------------------------------------------------------------------ ingest
ARTICLE = """Poland backs Ukraine's NATO bid as Hungary balks

Polish Prime Minister Donald Tusk said on Monday that Poland strongly supports inviting Ukraine to join NATO.

Hungarian Prime Minister Viktor Orbán rejected an invitation to NATO for Ukraine, calling it dangerous.
"""


def test_ingest_previews_corrects_drops_and_stores(browser: Browser, writable: Site) -> None:
    context, page, watch = open_context(browser, writable, viewport={"width": 1280, "height": 900})
    try:
        page.goto("/ui/ingest")
        page.fill("#a-title", "Poland backs Ukraine's NATO bid")
        page.fill("#a-publisher", "Example Wire")
        page.fill("#a-published", "2025-03-03")
        page.fill("#a-text", ARTICLE)
        page.fill("#a-token", "wrong")
        watch.allow(401)
        page.get_by_role("button", name="Preview statements").click()
        expect(page.locator("#ingest-status")).to_contain_text("Unauthorized")
        page.fill("#a-token", TOKEN)
        page.get_by_role("button", name="Preview statements").click()
        rows = page.locator("tr.preview-row")
        expect(rows.first).to_be_visible()
        count = rows.count()
        assert count >= 2
        previewed = [r.locator("td").nth(1).locator("input").input_value() for r in rows.all()]
        assert "Viktor Orbán" in previewed
        shot(page, "ingest-preview")

        # Drop every row but Orbán's, and correct his position to "hesitant".
        for i, actor in enumerate(previewed):
            if actor != "Viktor Orbán":
                rows.nth(i).get_by_role("checkbox").uncheck()
        orban = rows.nth(previewed.index("Viktor Orbán"))
        orban.locator("select").select_option("hesitant")
        orban.locator("td").nth(5).locator("input").fill("Example Wire")
        page.get_by_role("button", name="Store kept statements").click()
        expect(page.locator("#store-status")).to_contain_text("Stored 1 statement")
        shot(page, "ingest-stored")
        with writable.client() as http:
            stored = http.get("/actors/viktor-orban/positions").json()["items"]
            mine = [s for s in stored if s["source"]["title"] == "Poland backs Ukraine's NATO bid"]
            assert len(mine) == 1 and mine[0]["position"] == "hesitant" and mine[0]["attributed_to"] == "Example Wire"
            assert mine[0]["date"] == "2025-03-03"
            assert http.get("/actors/poland/positions").status_code == 404 or not [
                s for s in http.get("/actors/poland/positions").json()["items"]
                if s["source"]["title"] == "Poland backs Ukraine's NATO bid"]
        page.goto("/ui/actors/viktor-orban")
        expect(page.locator("article.statement", has_text="rejected an invitation")).to_contain_text("hesitant")
    finally:
        context.close()
    assert not watch.errors, watch.errors
    assert not watch.foreign()


def test_preview_endpoint_needs_a_writer_and_stores_nothing(writable: Site, read_only: Site) -> None:
    body = {"text": ARTICLE, "title": "Preview only", "published": "2025-03-03"}
    with writable.client() as http:
        assert http.post("/articles/preview", json=body).status_code == 401
        r = http.post("/articles/preview", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200, r.text
        rows = r.json()["rows"]
        assert rows and all(row["source_title"] == "Preview only" and row["published"] == "2025-03-03" for row in rows)
        assert {"actor", "position", "topic", "quote"} <= set(rows[0])
        assert http.get("/sources").json()["total"] == len({s["id"] for s in http.get("/sources").json()["items"]})
        assert "Preview only" not in http.get("/sources").text
        bad = http.post("/articles/preview", content="x", headers={"Authorization": f"Bearer {TOKEN}",
                                                                     "Content-Type": "text/plain"})
        assert bad.status_code == 415 and bad.headers["content-type"] == "application/problem+json"
        spec = http.get("/openapi.json").json()["paths"]["/articles/preview"]["post"]
        assert spec["description"] and {"401", "403", "415", "422"} <= set(spec["responses"])
    with read_only.client() as http:
        assert http.post("/articles/preview", json=body).status_code == 403


def test_no_ingest_page_without_writes(browser: Browser, read_only: Site) -> None:
    context, page, watch = open_context(browser, read_only)
    try:
        page.goto("/")
        expect(page.get_by_role("navigation", name="Pages")).not_to_contain_text("Add article")
        watch.allow(404)
        response = page.goto("/ui/ingest")
        assert response is not None and response.status == 404
        expect(page.locator("main")).to_contain_text("Writes are switched off")
    finally:
        context.close()
    assert not watch.errors


# ------------------------------------------------------------------ every page
@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_local_light_and_labelled(watched: tuple[Page, Watch], path: str) -> None:
    page, watch = watched
    response = page.goto(path)
    page.wait_for_load_state("load")
    assert response is not None and response.status == 200
    assert len(watch.requests) <= 4, watch.requests  # the page, its CSS, its script(s)
    assert not watch.foreign()
    expect(page.locator("h1")).to_have_count(1)
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea, button')]
        .filter(e => e.type !== 'hidden' && !e.hidden && e.offsetParent !== null)
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                     && !e.getAttribute('aria-labelledby') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
        .map(e => e.outerHTML.slice(0, 80))""")
    assert unlabelled == []
    watch.reset()
    page.reload()
    page.wait_for_load_state("load")
    assert len(watch.requests) <= 4


@pytest.mark.parametrize("path", [f"/ui/topics/{TOPIC}", "/ui/actors/hungary", "/ui/matrix", "/ui/sparql", "/"])
def test_pages_fit_a_phone(browser: Browser, site: Site, path: str) -> None:
    context, page, watch = open_context(browser, site, viewport={"width": 390, "height": 844}, is_mobile=True,
                                        has_touch=True, device_scale_factor=2)
    try:
        page.goto(path)
        page.wait_for_load_state("load")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
        font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert font >= 16
        name = "phone-" + (path.strip("/").replace("/", "-") or "home")
        shot(page, name)
    finally:
        context.close()
    assert not watch.errors, watch.errors
