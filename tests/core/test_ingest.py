"""Ingest: idempotent, atomic per batch, persistent, and re-ingest replaces a source."""

from pathlib import Path

import pytest

from kg.errors import NotFound, ValidationError
from kg.ingest import ingest_paths, retract
from kg.results import rows
from kg.store.embedded import EmbeddedStore

from .conftest import EXAMPLES, snapshot, write

ROW = ('{{"actor": "{actor}", "position": "{position}", "topic": "Sanctions on Russia", '
       '"source_title": "{source}", "published": "2024-05-01"}}\n')


def count(store, kind: str) -> int:
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x a <https://w3id.org/kg/ns#{kind}> }}")
    return next(rows(result))["n"]


def test_ingesting_twice_changes_nothing(store, iris) -> None:
    ingest_paths(store, [EXAMPLES], iris)
    first = len(store)
    ingest_paths(store, [EXAMPLES], iris)
    assert len(store) == first
    assert count(store, "Statement") == 14


def test_a_bad_row_in_the_third_file_leaves_the_store_unchanged(store, iris, tmp_path: Path) -> None:
    ingest_paths(store, [EXAMPLES], iris)
    before = snapshot(store)
    a = write(tmp_path / "batch/a.jsonl", ROW.format(actor="France", position="support", source="A"))
    b = write(tmp_path / "batch/b.jsonl", ROW.format(actor="Italy", position="oppose", source="B"))
    c = write(tmp_path / "batch/c.csv", "actor,position,topic,source_title\nSpain,support,X,C\nPoland,maybe,X,C\n")
    with pytest.raises(ValidationError) as err:
        ingest_paths(store, [a, b, c], iris)
    assert str(c) in err.value.message and "line 3" in err.value.message and "position" in err.value.message
    assert snapshot(store) == before


def test_data_persists_across_close_and_reopen(tmp_path: Path, iris) -> None:  # the embedded store's own job
    folder = tmp_path / "persist"
    store = EmbeddedStore.open(folder)
    ingest_paths(store, [EXAMPLES], iris)
    size = len(store)
    store.close()
    reopened = EmbeddedStore.open(folder)
    try:
        assert len(reopened) == size
        assert count(reopened, "Statement") == 14
    finally:
        reopened.close()


def test_reingesting_a_source_replaces_its_graph(store, iris, tmp_path: Path) -> None:
    path = write(tmp_path / "s.jsonl", ROW.format(actor="France", position="support", source="Same source")
                 + ROW.format(actor="Italy", position="oppose", source="Same source"))
    ingest_paths(store, [path], iris)
    assert count(store, "Statement") == 2
    write(path, ROW.format(actor="France", position="oppose", source="Same source"))
    ingest_paths(store, [path], iris)
    positions = {(r["a"], r["p"]) for r in rows(store.query(
        "SELECT ?a ?p WHERE { ?s <https://w3id.org/kg/ns#actor> ?a ; <https://w3id.org/kg/ns#position> ?p }"))}
    assert positions == {(iris.actor("france").value, "https://w3id.org/kg/ns#oppose")}


def test_retract_removes_that_source_and_nothing_else(store, iris, tmp_path: Path) -> None:
    ingest_paths(store, [EXAMPLES], iris)
    other = write(tmp_path / "o.jsonl", ROW.format(actor="France", position="support", source="Other"))
    ingest_paths(store, [other], iris)
    assert count(store, "Source") == 2
    graph = retract(store, iris, "other")
    assert graph == iris.source("other")
    assert count(store, "Source") == 1
    assert count(store, "Statement") == 14
    assert count(store, "Actor") >= 15  # actors are shared and stay
    with pytest.raises(NotFound):
        retract(store, iris, "other")
    with pytest.raises(NotFound):  # shared graphs are not sources
        retract(store, iris, iris.graph("actors").value)


def test_a_new_name_for_a_known_actor_becomes_an_alias(store, iris, tmp_path: Path) -> None:
    first = write(tmp_path / "1.jsonl", ROW.format(actor="Freedonia", position="support", source="One"))
    second = write(tmp_path / "2.jsonl", ROW.format(actor="FREEDONIA", position="support", source="Two"))
    ingest_paths(store, [first], iris)
    ingest_paths(store, [second], iris)
    labels = list(rows(store.query(
        "SELECT ?l ?alt WHERE { VALUES ?a { <" + iris.actor("freedonia").value + "> } "
        "?a <http://www.w3.org/2004/02/skos/core#prefLabel> ?l "
        "OPTIONAL { ?a <http://www.w3.org/2004/02/skos/core#altLabel> ?alt } }")))
    assert labels == [{"l": "Freedonia", "alt": "FREEDONIA"}]
