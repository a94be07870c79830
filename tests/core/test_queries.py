"""Canned queries: headers parsed, values bound as terms, hostile values rejected or inert."""

import pytest

from kg import queries
from kg.errors import NotFound, ValidationError
from kg.ingest import ingest_paths
from kg.results import rows

from .conftest import EXAMPLES


@pytest.fixture
def loaded(store, iris):
    ingest_paths(store, [EXAMPLES], iris)
    return store


def run(store, iris, name: str, **values):
    return list(rows(store.query(queries.get(name).bind(values, iris))))


def test_every_canned_query_has_a_title_description_and_parses(loaded, iris) -> None:
    for q in queries.all_queries().values():
        assert q.title and q.description, q.name
        required = {p.name: "x" if p.type != "date" else "2024-01-01" for p in q.params if p.required}
        loaded.query(q.bind(required, iris))  # raises on a syntax error


def test_who_opposes_ukraines_invitation_to_nato(loaded, iris) -> None:
    found = {r["actorLabel"] for r in run(loaded, iris, "positions-on-topic",
                                          topic="ukraines-invitation-to-nato", position="oppose")}
    assert {"United States", "Germany", "Hungary", "Slovakia"} <= found
    assert "Donald Tusk" not in found


def test_a_broader_topic_finds_narrower_ones(loaded, iris) -> None:
    found = {r["actorLabel"] for r in run(loaded, iris, "positions-on-topic", topic="ukraines-nato-membership")}
    assert {"Hungary", "Donald Tusk", "Robert Fico"} <= found


def test_a_states_positions_include_its_leaders(loaded, iris) -> None:
    speakers = {r["speakerLabel"] for r in run(loaded, iris, "actor-positions", actor="hungary")}
    assert speakers == {"Hungary", "Viktor Orbán"}  # Orbán is affiliated with Hungary in the dictionary
    assert {r["speakerLabel"] for r in run(loaded, iris, "actor-positions", actor="viktor-orban")} == {"Viktor Orbán"}


def test_actor_positions_filters(loaded, iris) -> None:
    assert len(run(loaded, iris, "actor-positions", actor="hungary", topic="ukraines-nato-membership")) == 1
    assert run(loaded, iris, "actor-positions", actor="hungary", position="support") == []
    assert run(loaded, iris, "actor-positions", actor="hungary", since="2024-10-25") == []
    assert len(run(loaded, iris, "actor-positions", actor="hungary", until="2024-10-24")) == 2
    assert len(run(loaded, iris, "actor-positions", actor="germany", topic="ukraines-nato-membership")) == 2


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [
        ("positions-on-topic", {}, "needs the parameter 'topic'"),
        ("positions-on-topic", {"topic": "x", "colour": "red"}, "no parameter 'colour'"),
        ("positions-on-topic", {"topic": "x> } ; DROP ALL #"}, "not an id"),
        ("positions-on-topic", {"topic": "nato", "position": "maybe"}, "parameter 'position'"),
        ("actor-positions", {"actor": "hungary", "since": "last week"}, "parameter 'since'"),
        ("actors", {"type": "planet"}, "parameter 'type'"),
    ],
)
def test_bad_values_are_rejected(name: str, values: dict, message: str, iris) -> None:
    with pytest.raises(ValidationError, match=message):
        queries.get(name).bind(values, iris)


def test_string_values_are_literals_not_syntax(loaded, iris) -> None:
    hostile = '" ) } UNION { ?s ?p ?o } #'
    assert run(loaded, iris, "actors", q=hostile) == []
    assert [r["label"] for r in run(loaded, iris, "actors", q="orb")] == ["Viktor Orbán"]


def test_unknown_query_names_are_not_found() -> None:
    for name in ("nope", "../etc/passwd", "stats.rq"):
        with pytest.raises(NotFound):
            queries.get(name)


def test_values_block_goes_into_the_outer_group(iris) -> None:
    q = queries.parse("t", '# param: x string\nPREFIX a: <http://x/#{>\nSELECT * WHERE { ?s ?p "{" }')
    bound = q.bind({"x": "v"}, iris)
    assert bound.endswith('SELECT * WHERE {\n  VALUES (?x) { ("v") }\n ?s ?p "{" }')


def test_listing_totals_count_what_the_listings_list(loaded, iris) -> None:
    """The REST actor positions ask for one page and count apart: the count must match the listing."""
    for values in ({"actor": "hungary"}, {"actor": "slovakia"}, {"actor": "germany", "position": "oppose"},
                   {"actor": "germany", "topic": "ukraines-nato-membership"},
                   {"actor": "germany", "since": "2024-10-25"}, {"actor": "germany", "until": "2024-10-24"},
                   {"actor": "nobody"}):
        listed = run(loaded, iris, "actor-statements", **values)
        assert run(loaded, iris, "actor-statements-total", **values) == [{"total": len(listed)}], values
        assert [r["date"] for r in listed] == sorted((r["date"] for r in listed), reverse=True)
