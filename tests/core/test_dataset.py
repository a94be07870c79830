"""A query's FROM and FROM NAMED define its dataset on every store; without them the default
graph is the union of all graphs (SPARQL 1.1 Query, 13.2)."""

from kg.ingest import ingest_paths

from .conftest import BASE, EXAMPLES

COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ {} }}"


def count(store, dataset: str, pattern: str = "?s ?p ?o") -> int:  # noqa: ANN001
    [row] = list(store.query(COUNT.format(dataset, pattern)))
    return int(row["n"].value)


def test_from_and_from_named_are_the_dataset(store, iris) -> None:  # noqa: ANN001
    ingest_paths(store, [EXAMPLES], iris)
    actors = f"<{BASE}graph/actors>"
    assert count(store, "") > count(store, f"FROM {actors}") > 0
    assert count(store, "FROM <http://example.org/unknown>") == 0
    assert count(store, "FROM NAMED <http://example.org/unknown>") == 0
    assert count(store, f"FROM NAMED {actors}", "GRAPH ?g { ?s ?p ?o }") == count(store, f"FROM {actors}")
