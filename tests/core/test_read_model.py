"""The read model gives the listings exactly what their canned SPARQL queries give, through every write.

Each check compares the two on a store of random statements (affiliated leaders, topics several
levels deep with more than one broader topic, missing dates, shared sources), after ingests,
re-ingests, retractions, graph replacements, SPARQL updates, failed writes and a crash.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from api.rest.listings import SparqlListings
from kg.errors import StoreError
from kg.ingest import ingest_paths, retract
from kg.readmodel import Listings, State
from kg.readmodel.model import FILE
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore
from kg.vocab import DCTERMS, KG, RDF, SCHEMA, SKOS, Iris

BASE = "http://example.org/id/"
RDF_TYPE = RDF + "type"
ACTORS = ("Viktor Orbán", "Hungary", "Donald Tusk", "Poland", "Jens Stoltenberg", "NATO", "Olaf Scholz", "Germany",
          "Emmanuel Macron", "France", "Some Think Tank", "A Senator")
TOPICS = {"Ukraine's invitation to NATO": "Ukraine's NATO membership", "Ukraine's NATO membership": "NATO enlargement",
          "Sanctions on Russia": "Russia policy", "Frozen Russian assets": "Sanctions on Russia",
          "Gas price cap": None, "Russia policy": "NATO enlargement"}
POSITIONS = ("support", "oppose", "hesitant", "conditional", "neutral")


def write_random(path: Path, count: int, seed: int, sources: int = 12) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(count):
            topic = rng.choice(list(TOPICS))
            source = rng.randrange(sources)
            row: dict[str, Any] = {
                "actor": rng.choice(ACTORS), "position": rng.choice(POSITIONS), "topic": topic,
                "source_url": f"https://news.example/{seed}/{source}", "source_title": f"Report {seed}-{source}",
                "publisher": rng.choice(("Politico", "Reuters", None)),
                "published": rng.choice((None, f"2024-{1 + source % 12:02d}-10")),
                "date": rng.choice((None, f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}")),
                "attributed_to": rng.choice((None, "Politico", "a NATO official")),
                "quote": rng.choice((None, f"Quote {seed}-{i}")),
            }
            if TOPICS[topic]:
                row["topic_broader"] = TOPICS[topic]
            f.write(json.dumps({k: v for k, v in row.items() if v is not None}) + "\n")
    return path


def iri(kind: str, slug: str) -> str:
    return f"{BASE}{kind}/{slug}"


def assert_same(store: EmbeddedStore, iris: Iris) -> None:
    """Every listing, filter and page the REST layer can ask for, from both sides."""
    views = store.views
    assert views is not None and views.state is State.READY
    model = views.listings(iris.base)
    assert views.base == iris.base  # so the stored items are the ones read
    unstored = Listings(views._borrow, iris.base)
    sparql = SparqlListings(SimpleNamespace(store=store, iris=iris, settings=Settings()))  # type: ignore[arg-type]
    actors = [r["actor"] for r in store.query(
        "SELECT DISTINCT ?actor WHERE { ?actor a <https://w3id.org/kg/ns#Actor> }")]
    topics = [r["t"] for r in store.query("SELECT DISTINCT ?t WHERE { ?t a <https://w3id.org/kg/ns#Topic> }")]
    names = sorted(a.value for a in actors) + [iri("actor", "nobody")]
    assert sorted_rows(model.actors_brief(names)) == sorted_rows(sparql.actors_brief(names))
    statements: set[str] = set()
    for actor in names:
        for filters in ({}, {"position": KG + "oppose"}, {"since": "2024-06-01"}, {"until": "2024-06-30"},
                        *({"topic": t.value} for t in topics), {"topic": iri("topic", "no-such-topic")}):
            for limit, offset in ((1000, 0), (3, 0), (3, 3)):
                got = model.actor_statements(actor, limit=limit, offset=offset, **filters)
                assert got == sparql.actor_statements(actor, limit=limit, offset=offset, **filters), (actor, filters)
                statements.update(r["statement"] for r in got[0])
    for topic in [t.value for t in topics] + [iri("topic", "no-such-topic")]:
        assert model.topic_label(topic) == sparql.topic_label(topic)
        for limit, offset in ((1000, 0), (2, 1)):
            page = model.topic_actors(topic, limit=limit, offset=offset)
            assert page == sparql.topic_actors(topic, limit=limit, offset=offset), topic
        who = [r["actor"] for r in model.topic_actors(topic, limit=1000, offset=0)[0]]
        # Items as JSON: SQLite's bytes and pydantic's, the same to the byte, stored when the data
        # changed (topic_item) and written at read time (for a base other than the model's).
        expected = sparql.topic_history_items(topic, who)
        assert model.topic_history_items(topic, who) == expected, topic
        assert unstored.topic_history_items(topic, who) == expected, topic
    ordered = sorted(statements) + [iri("statement", "nothing")]
    assert sorted_rows(model.statement_rows(ordered)) == sorted_rows(sparql.statement_rows(ordered))
    for actor in names:  # a speaker is named where the statement's actor is not the page's
        assert model.statement_items(ordered, actor) == sparql.statement_items(ordered, actor), actor


def sorted_rows(rows: list[dict[str, Any]]) -> list[tuple]:
    return sorted(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows)


@pytest.fixture
def iris() -> Iris:
    return Iris(BASE)


@pytest.fixture
def filled(tmp_path: Path, iris: Iris):
    store = EmbeddedStore.open(tmp_path / "store", base=BASE)
    for seed in (1, 2, 3):
        ingest_paths(store, [write_random(tmp_path / f"s{seed}.jsonl", 120, seed)], iris)
    yield store
    store.close()


def test_listings_match_sparql_after_ingests(filled: EmbeddedStore, iris: Iris) -> None:
    rows = filled.views.listings(iris.base).actor_statements(iri("actor", "hungary"), limit=1000, offset=0)[0]
    assert {r["speaker"] for r in rows} >= {iri("actor", "hungary"), iri("actor", "viktor-orban")}
    assert_same(filled, iris)


def test_a_listing_reads_one_state_while_a_write_commits(filled: EmbeddedStore, iris: Iris, tmp_path: Path) -> None:
    # The reads of one listing (a page, its total, its rows) run in one read transaction: a
    # write committed half-way is seen by the next listing, not by the rest of this one.
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"actor": "Hungary", "position": "oppose", "topic": "Gas price cap",
                                "source_title": "One more report", "date": "2025-01-02"}) + "\n", encoding="utf-8")
    listings = filled.views.listings(iris.base)
    hungary = iri("actor", "hungary")
    with listings.reading():
        _, before = listings.actor_statements(hungary, limit=1, offset=0)
        ingest_paths(filled, [more], iris)
        page, during = listings.actor_statements(hungary, limit=1, offset=0)
        assert during == before
        assert listings.statement_rows([r["statement"] for r in page])  # the page's rows, from the same state
    _, after = filled.views.listings(iris.base).actor_statements(hungary, limit=1, offset=0)
    assert after == before + 1


def test_retracting_and_reingesting_a_source(filled: EmbeddedStore, iris: Iris, tmp_path: Path) -> None:
    retract(filled, iris, "https://news.example/1/3")
    assert_same(filled, iris)
    # The same sources again, with other statements: each source graph is replaced whole.
    ingest_paths(filled, [write_random(tmp_path / "again.jsonl", 60, 1, sources=5)], iris)
    assert_same(filled, iris)


def test_bulk_ingest_through_the_journaled_loader(tmp_path: Path, iris: Iris) -> None:
    store = EmbeddedStore.open(tmp_path / "store", bulk_quads=500, base=BASE)
    try:
        ingest_paths(store, [write_random(tmp_path / "bulk.jsonl", 300, 9)], iris)
        assert_same(store, iris)
    finally:
        store.close()


def test_graph_writes_relabel_and_reshape_the_hierarchy(filled: EmbeddedStore, iris: Iris) -> None:
    """A graph replaced through the store (as PUT /graphs does): new labels, a new broader topic."""
    actors_graph = NamedNode(iris.graph("actors").value)
    quads = [Quad(q.subject, q.predicate, q.object, actors_graph)
             for q in filled._store.quads_for_pattern(None, None, None, actors_graph)
             if not (q.subject.value == iri("actor", "hungary") and q.predicate.value == SKOS + "prefLabel")]
    quads.append(Quad(NamedNode(iri("actor", "hungary")), NamedNode(SKOS + "prefLabel"), Literal("Magyarország"),
                      actors_graph))
    filled.replace_graphs([actors_graph], quads)
    assert filled.views.listings(iris.base).actors_brief([iri("actor", "hungary")])[0]["label"] == "Magyarország"
    extra = NamedNode(iri("graph", "extra"))
    filled.replace_graphs([extra], [Quad(NamedNode(iri("topic", "gas-price-cap")), NamedNode(SKOS + "broader"),
                                         NamedNode(iri("topic", "russia-policy")), extra)])
    assert_same(filled, iris)
    filled.drop_graph(extra)
    assert_same(filled, iris)


def test_items_written_by_sqlite_are_pydantics_bytes_for_hostile_data(filled: EmbeddedStore, iris: Iris) -> None:
    """Labels, quotes and titles with quotes, backslashes, control characters, markup and
    non-BMP text; a date that is no calendar date; IRIs minted elsewhere: the read model's JSON
    items and the models' JSON agree to the byte (assert_same compares them)."""
    hostile = 'He said "no" \\ then\nleft\t\x01 </script> \u2028 \U0001F600 Zoë'
    graph = NamedNode(iri("graph", "hostile"))
    statement = NamedNode("urn:example:statement:1")  # minted elsewhere: its own id
    source = NamedNode(iri("source", "hostile-report"))
    topic = NamedNode(iri("topic", "gas-price-cap"))
    xsd_date = NamedNode("http://www.w3.org/2001/XMLSchema#date")
    quads = [
        Quad(statement, NamedNode(RDF_TYPE), NamedNode(KG + "Statement"), graph),
        Quad(statement, NamedNode(KG + "actor"), NamedNode(iri("actor", "viktor-orban")), graph),
        Quad(statement, NamedNode(KG + "position"), NamedNode(KG + "oppose"), graph),
        Quad(statement, NamedNode(KG + "topic"), topic, graph),
        Quad(statement, NamedNode(KG + "source"), source, graph),
        Quad(statement, NamedNode(KG + "statedOn"), Literal("2024-06-30", datatype=xsd_date), graph),
        Quad(statement, NamedNode(KG + "quote"), Literal(hostile), graph),
        Quad(statement, NamedNode(KG + "attributedTo"), NamedNode(iri("actor", "odd-reporter")), graph),
        Quad(NamedNode(iri("actor", "odd-reporter")), NamedNode(SKOS + "prefLabel"), Literal(hostile), graph),
        Quad(source, NamedNode(DCTERMS + "title"), Literal(hostile), graph),
        Quad(source, NamedNode(DCTERMS + "issued"), Literal("2024-02-30", datatype=xsd_date), graph),
        Quad(source, NamedNode(SCHEMA + "url"), NamedNode("https://news.example/a?b=c&d=%22e%22"), graph),
    ]
    filled.replace_graphs([graph], quads)
    assert_same(filled, iris)
    hungary = iri("actor", "hungary")
    found = filled.views.listings(iris.base).statement_items([statement.value], hungary)
    item = json.loads(found[statement.value])
    assert item["statement"] == statement.value and item["quote"] == hostile
    assert item["date"] == "2024-06-30" and item["source"]["published"] is None  # no such day
    assert item["speaker"]["id"] == "viktor-orban" and item["via"] == "affiliation"


def test_a_changed_label_or_source_reaches_every_item_that_shows_it(filled: EmbeddedStore, iris: Iris) -> None:
    """A topic, a position and a reporter relabelled in the graphs that label them, and a source's
    title and its publisher's name changed in graphs of their own (not the statement's): every
    stored item that shows one is written again, and putting the graphs back brings the old items back."""
    topic = NamedNode(iri("topic", "gas-price-cap"))
    oppose, reporter = NamedNode(KG + "oppose"), NamedNode(iri("actor", "a-nato-official"))
    source, publisher = NamedNode(iri("source", "elsewhere")), NamedNode(iri("actor", "a-new-wire"))
    statement = NamedNode(iri("statement", "elsewhere-1"))
    label, title = NamedNode(SKOS + "prefLabel"), NamedNode(DCTERMS + "title")
    facts, about, named = (NamedNode(iri("graph", name)) for name in ("facts", "about-source", "about-publisher"))
    filled.replace_graphs([facts, about, named], [
        *(Quad(statement, NamedNode(KG + p), o, facts) for p, o in (
            ("actor", NamedNode(iri("actor", "hungary"))), ("position", oppose), ("topic", topic),
            ("source", source), ("attributedTo", reporter))),
        Quad(source, title, Literal("First title"), about),
        Quad(source, NamedNode(DCTERMS + "publisher"), publisher, about),
        Quad(publisher, label, Literal("First wire"), named),
    ])
    assert_same(filled, iris)
    before = history(filled, iris, topic.value)
    originals: dict[NamedNode, list[Quad]] = {}

    def relabel(subject: NamedNode, predicate: NamedNode, text: str) -> None:
        where = f"GRAPH ?g {{ <{subject.value}> <{predicate.value}> ?x }}"
        graph = next(iter(filled.query(f"SELECT ?g WHERE {{ {where} }}")))[0]
        quads = list(filled._store.quads_for_pattern(None, None, None, graph))
        originals.setdefault(graph, quads)
        kept = [q for q in quads if not (q.subject == subject and q.predicate == predicate)]
        filled.replace_graphs([graph], [*kept, Quad(subject, predicate, Literal(text), graph)])

    renamed = {"Gas price ceiling": (topic, label), "Against": (oppose, label), "An official": (reporter, label),
               "Second title": (source, title), "Second wire": (publisher, label)}
    for text, (subject, predicate) in renamed.items():
        relabel(subject, predicate, text)
    assert_same(filled, iris)
    shown = "".join(item for items in history(filled, iris, topic.value).values() for item in items)
    for text in renamed:
        assert text in shown, text
    filled.drop_graph(named)  # the publisher has no name now
    assert_same(filled, iris)
    filled.replace_graphs(list(originals), [q for quads in originals.values() for q in quads])
    filled.replace_graphs([named], [Quad(publisher, label, Literal("First wire"), named)])
    assert_same(filled, iris)
    assert history(filled, iris, topic.value) == before


def history(store: EmbeddedStore, iris: Iris, topic: str) -> dict[str, list[str]]:
    listings = store.views.listings(iris.base)
    actors = [r["actor"] for r in listings.topic_actors(topic, limit=1000, offset=0)[0]]
    found: dict[str, list[str]] = {}
    for row in listings.topic_history_items(topic, actors):
        found.setdefault(row["actor"], []).append(row["item"])
    return found


def test_opened_for_another_base_the_model_is_rebuilt_with_its_ids(tmp_path: Path, iris: Iris) -> None:
    store = EmbeddedStore.open(tmp_path / "store", base=BASE)
    ingest_paths(store, [write_random(tmp_path / "a.jsonl", 60, 11)], iris)
    store.close()
    other = Iris("https://kg.example/id/")  # the data stay under BASE: their ids become whole IRIs
    store = EmbeddedStore.open(tmp_path / "store", base=other.base)
    try:
        assert store.views.state is State.STALE and store.views.base == other.base
        store.views.rebuild()
        topic = iri("topic", "gas-price-cap")
        stored = history(store, other, topic)
        items = [json.loads(i) for rows in stored.values() for i in rows]
        assert items and all(item["topic"]["id"] == topic for item in items)
        written_now = Listings(store.views._borrow, other.base)
        assert written_now.topic_history_items(topic, list(stored)) == \
            store.views.listings(other.base).topic_history_items(topic, list(stored))
    finally:
        store.close()


@pytest.mark.parametrize("value", ["2024-06-10", "2024-02-29", "2023-02-29", "2024-02-30", "2024-06-31",
                                   "2024-13-01", "2024-00-10", "2024-06-00", "2024-06-10Z", "2024-06-10T10:00:00",
                                   "0999-01-01", "0000-01-01", "2024", "24-06-10", " 2024-06-10", "２０２４-06-10", ""])
def test_sqlite_and_python_agree_on_what_a_date_is(value: str) -> None:
    from api.rest.items import iso_date
    from kg.readmodel.items import date

    with sqlite3.connect(":memory:") as conn:
        assert conn.execute(f"SELECT {date('?1')}", (value,)).fetchone()[0] == iso_date(value)


@pytest.mark.parametrize("kind", ["statement", "topic", "source", "actor"])
def test_sqlite_finds_the_ids_python_finds(kind: str) -> None:
    from api.rest.common import slug
    from kg.readmodel.items import ident, params

    iris = Iris(BASE)
    cases = [f"{BASE}{kind}/x1", f"{BASE}{kind}/a/b", f"{BASE}{kind}/", f"{BASE}{kind}", f"{BASE}other/y",
             f"{BASE}other/", BASE, "urn:example:1", f"http://elsewhere.example/id/{kind}/z", f"{BASE}{kind}/é😀"]
    with sqlite3.connect(":memory:") as conn:
        for value in cases:
            found = conn.execute(f"SELECT {ident(':value', kind)}", {"value": value, **params(BASE)}).fetchone()[0]
            assert found == slug(iris, value), value


def test_a_sparql_update_makes_it_stale_until_rebuilt(filled: EmbeddedStore, iris: Iris) -> None:
    filled.update(f"DELETE WHERE {{ GRAPH ?g {{ <{iri('actor', 'poland')}> <{SKOS}prefLabel> ?l }} }}")
    assert filled.views.state is State.STALE
    filled.views.rebuild()
    assert_same(filled, iris)


def test_a_failed_update_changes_nothing(filled: EmbeddedStore, iris: Iris) -> None:
    with pytest.raises(Exception):  # noqa: B017 (the store's own syntax error)
        filled.update("INSERT DATA { this is not sparql }")
    assert filled.views.state is State.READY
    assert_same(filled, iris)


def test_a_write_that_fails_midway_leaves_rows_as_the_store_is(filled: EmbeddedStore, iris: Iris) -> None:
    graph = NamedNode(iris.source("report-1-0").value)
    before = filled.views.listings(iris.base).actor_statements(iri("actor", "hungary"), limit=1000, offset=0)

    def broken():
        yield Quad(NamedNode(iri("statement", "half")), NamedNode(KG + "actor"), NamedNode(iri("actor", "hungary")),
                   graph)
        raise OSError("disk gone")

    with pytest.raises((OSError, StoreError)):
        filled.replace_graphs([graph], broken())
    assert filled.views.listings(iris.base).actor_statements(iri("actor", "hungary"), limit=1000, offset=0) == before
    assert_same(filled, iris)


def test_a_crash_between_store_and_model_is_seen_on_open(tmp_path: Path, iris: Iris) -> None:
    store = EmbeddedStore.open(tmp_path / "store", base=BASE)
    ingest_paths(store, [write_random(tmp_path / "a.jsonl", 80, 4)], iris)
    store.close()
    with sqlite3.connect(tmp_path / "store" / FILE) as conn:  # as a write that never finished leaves it
        conn.execute("UPDATE meta SET value = 'dirty' WHERE key = 'state'")
    reopened_stale(tmp_path / "store", iris)


def reopened_stale(folder: Path, iris: Iris, meanwhile: Callable[[EmbeddedStore], object] = lambda _: None) -> None:
    """Open a store whose model is out of step: stale until rebuilt, then the same as SPARQL."""
    store = EmbeddedStore.open(folder, base=BASE)
    try:
        assert store.views.state is State.STALE
        meanwhile(store)
        store.views.rebuild()
        assert_same(store, iris)
    finally:
        store.close()


def test_a_store_without_a_model_gets_one_built(tmp_path: Path, iris: Iris) -> None:
    store = EmbeddedStore.open(tmp_path / "store", base=BASE)
    ingest_paths(store, [write_random(tmp_path / "a.jsonl", 80, 5)], iris)
    store.close()
    for name in (FILE, FILE + "-wal", FILE + "-shm"):
        (tmp_path / "store" / name).unlink(missing_ok=True)
    # An ingest into it is not followed while it is stale; the rebuild takes it in.
    reopened_stale(tmp_path / "store", iris,
                   lambda store: ingest_paths(store, [write_random(tmp_path / "b.jsonl", 40, 6)], iris))


def test_writes_during_a_background_rebuild_are_caught_up(tmp_path: Path, iris: Iris) -> None:
    store = EmbeddedStore.open(tmp_path / "store", base=BASE)
    try:
        ingest_paths(store, [write_random(tmp_path / "a.jsonl", 300, 7)], iris)
        store.update("INSERT DATA { <urn:x> <urn:y> <urn:z> }")  # stale
        store.views.start_rebuild()
        for seed in (8, 9):  # while it runs, or just after
            ingest_paths(store, [write_random(tmp_path / f"{seed}.jsonl", 30, seed)], iris)
        retract(store, iris, "https://news.example/7/2")
        deadline = time.monotonic() + 60
        while store.views.state is not State.READY and time.monotonic() < deadline:
            time.sleep(0.05)
        assert_same(store, iris)
    finally:
        store.close()
