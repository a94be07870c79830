"""In-process unit tests of the pieces with no server: lexer, negotiation, result writers,
snapshots, problem responses."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pyoxigraph import QueryResultsFormat, Store, parse_query_results
from rdflib.query import Result

from api.negotiation import NotAcceptable, choose, negotiate, parse_accept
from api.problems import problem
from kg.errors import Forbidden, InputError, QueryLimitExceeded
from kg.executor import Snapshots, lexer, worker
from kg.executor.formats import GRAPH, TABULAR, TABULAR_ALIASES, write_boolean, write_solutions
from kg.store.embedded import EmbeddedStore


@pytest.mark.parametrize(("text", "op"), [
    ("SELECT * {}", "SELECT"), ("prefix s: <http://x/select> ask {}", "ASK"), ("# INSERT\nDESCRIBE <x>", "DESCRIBE"),
    ("BASE <http://x/> CONSTRUCT WHERE {}", "CONSTRUCT"), ("PREFIX a: <x:> INSERT DATA {}", "INSERT"),
    ("with <g> delete {} where {}", "WITH"), ("CLEAR ALL", "CLEAR"), ("garbage", None),
])
def test_operation(text: str, op: str | None) -> None:
    assert lexer.operation(text) == op


@pytest.mark.parametrize("text", [
    "SELECT * { SERVICE <http://x> {} }", "select * { service ?s {} }", "SELECT * {\n#\nSeRvIcE <x> {} }",
    'SELECT * { BIND("a" AS ?x) SERVICE <x> {} }', "SELECT * { ?a <p> ?b FILTER(?a<?b) SERVICE <x> {} }",
    # Words whose str.upper() is SERVICE: refused as before the search that skips the tokeniser.
    "SELECT * { \u017fervice <x> {} }", "SELECT * { serv\u0131ce <x> {} }",
])
def test_service_is_found(text: str) -> None:
    with pytest.raises(Forbidden):
        lexer.check_outbound(text, allowed=False)
    lexer.check_outbound(text, allowed=True)


@pytest.mark.parametrize("text", [
    'SELECT * { BIND("SERVICE <x>" AS ?a) }', "SELECT * { BIND('''LOAD\nSERVICE''' AS ?a) }",
    "SELECT * { ?s <http://x/SERVICE> ?o } # SERVICE <x>", "PREFIX service: <x:> SELECT ?service { ?s service:load ?o }",
    'SELECT * { BIND("escaped \\" SERVICE" AS ?a) }',
])
def test_service_in_strings_comments_iris_and_names_is_not_a_keyword(text: str) -> None:
    lexer.check_outbound(text, allowed=False)


def test_load_in_an_update_is_found() -> None:
    with pytest.raises(Forbidden, match="LOAD"):
        lexer.check_outbound("LOAD <http://127.0.0.1/x> INTO GRAPH <g>", allowed=False)


def test_require_query_and_update() -> None:
    assert lexer.require_query("ASK {}") == "ASK"
    with pytest.raises(InputError, match="update"):
        lexer.require_query("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(InputError, match="query"):
        lexer.require_update("SELECT * {}")
    with pytest.raises(InputError, match="empty"):
        lexer.require_query("  ")


def test_add_using_goes_before_each_modify_where_only() -> None:
    text = "DELETE WHERE { ?a ?b ?c } ; INSERT { ?s ?p ?o } WHERE { { SELECT * WHERE { ?s ?p ?o } } }"
    out = lexer.add_using(text, ["http://g/1"], ["http://g/2"])
    assert out.count("USING <http://g/1>") == 1 and out.count("USING NAMED <http://g/2>") == 1
    assert out.index("USING") > out.index("INSERT") and "DELETE WHERE" in out
    assert lexer.add_using(text, [], []) == text
    assert lexer.uses_dataset_clauses("WITH <g> DELETE {} WHERE {}")
    assert not lexer.uses_dataset_clauses("INSERT DATA { <a:using> <a:b> 'WITH' }")


def test_silent_clear() -> None:
    assert lexer.silent_clear("CLEAR GRAPH <g> ; clear silent all") == "CLEAR SILENT GRAPH <g> ; clear silent all"
    for nothing in ('"an unterminated string', "# only a comment", ""):  # no tokens at all (found by the fuzzer)
        assert lexer.silent_clear(nothing) == nothing


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "json"), ("*/*", "json"), ("text/csv", "csv"), ("application/json", "json"),
    ("text/*;q=0.5, application/sparql-results+xml", "xml"), ("text/*", "csv"),
    ("application/sparql-results+json;q=0, text/tab-separated-values", "tsv"), ("image/png", None),
    ("application/sparql-results+xml;q=0.2, application/sparql-results+json;q=0.8", "json"),
])
def test_choose(accept: str | None, expected: str | None) -> None:
    assert choose(accept, TABULAR, TABULAR_ALIASES) == expected


def test_negotiate_406_names_what_is_available() -> None:
    with pytest.raises(NotAcceptable) as caught:
        negotiate("application/pdf", GRAPH)
    assert caught.value.status == 406 and caught.value.detail["available"][0] == "text/turtle"
    assert parse_accept("text/html;q=bad") == [("text/html", 0.0)]


SOLUTIONS = """SELECT ?i ?l ?n ?b WHERE { VALUES (?i ?l ?n ?b) {
  (<http://x/a> "hi"@en 1 UNDEF) (<http://x/b> "a,\\"b\\"" 2.5 UNDEF) } }"""


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_result_writers_parse_back(fmt: str) -> None:
    out = io.BytesIO()
    assert write_solutions(Store().query(SOLUTIONS), fmt, out, cap=10) == 2
    parsed = Result.parse(io.BytesIO(out.getvalue()), format=fmt)
    assert len(parsed) == 2 and [str(v) for v in parsed.vars] == ["i", "l", "n", "b"]
    values = {str(row[0]): row for row in parsed}
    assert str(values["http://x/b"][1]) == 'a,"b"'


def test_result_writer_stops_at_the_cap() -> None:
    with pytest.raises(QueryLimitExceeded, match="more than 1 rows"):
        write_solutions(Store().query(SOLUTIONS), "json", io.BytesIO(), cap=1)


@pytest.mark.parametrize(("text", "named"), [
    ("SELECT * FROM <g> { ?s ?p ?o }", True), ("select * from named <g> {}", True),
    ("SELECT * { ?s <http://x/from> ?o }", False), ("SELECT ?from {}", False), ("SELECT * {}", False),
])
def test_names_dataset(text: str, named: bool) -> None:
    assert lexer.names_dataset(text) is named


@pytest.mark.parametrize(("text", "limit"), [
    ("SELECT * { ?s ?p ?o } LIMIT 50", 50), ("select * {} order by ?x limit 7 offset 2", 7),
    ("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 5 } }", None), ('SELECT * { ?s ?p "LIMIT 3" } # LIMIT 4', None),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 9", 9), ("SELECT * {} LIMIT ?n", None),
])
def test_top_limit_is_the_query_s_own(text: str, limit: int | None) -> None:
    assert lexer.top_limit(text) == limit


NATIVE_READERS = {"json": QueryResultsFormat.JSON, "xml": QueryResultsFormat.XML, "tsv": QueryResultsFormat.TSV}
HOSTILE = r"""SELECT ?i ?v ?u WHERE { VALUES (?i ?v ?u) {
  (<http://x/a> "line\nbreak\t<result>},{\"x\"" UNDEF) (<http://x/b> "é"@fr-CA <<( <http://x/s> <http://x/p> 1 )>>)
  (<http://x/c> UNDEF UNDEF) } } ORDER BY ?i"""


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])  # CSV is lossy: always our writer
@pytest.mark.parametrize("big", [False, True])
def test_results_written_by_pyoxigraph_count_and_read_as_ours(fmt: str, big: bool, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # A query bounded by its own LIMIT is written by pyoxigraph (fast), others by our writers
    # (they stop at the cap); both must read back the same, with the same row count.
    if big:  # past the inline limit: the result goes to a file and is counted from there
        monkeypatch.setattr(worker, "INLINE_LIMIT", 16)
    store = Store()
    outcomes = []
    for query, cap in ((HOSTILE + " LIMIT 3", 3), (HOSTILE, 3)):
        job = worker.Job(query, fmt, None, cap=cap)
        outcome = worker.evaluate(store, job, str(tmp_path))
        body = outcome.body if outcome.path is None else Path(outcome.path).read_bytes()
        assert (outcome.path is not None) == big
        parsed = parse_query_results(body, format=NATIVE_READERS[fmt])
        outcomes.append((outcome.count, [tuple(str(row[v]) for v in parsed.variables) for row in parsed]))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == 3 and any("<result>}" in v for row in outcomes[0][1] for v in row)


def test_a_large_limit_is_written_by_our_streaming_writers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Counting pyoxigraph's JSON parses it whole: past NATIVE_ROWS, our writers count as they go.
    def refuse(*_: object) -> int:
        raise AssertionError("pyoxigraph wrote a result too large to count afterwards")

    monkeypatch.setattr("kg.executor.formats.count_solutions", refuse)
    outcome = worker.evaluate(Store(), worker.Job(HOSTILE + f" LIMIT {worker.NATIVE_ROWS + 1}", "json", None,
                                                  cap=10 * worker.NATIVE_ROWS), str(tmp_path))
    assert outcome.count == 3


def test_a_limit_above_the_cap_is_still_capped(tmp_path: Path) -> None:
    with pytest.raises(QueryLimitExceeded):
        worker.evaluate(Store(), worker.Job(HOSTILE + " LIMIT 3", "json", None, cap=2), str(tmp_path))


def test_booleans() -> None:
    for fmt in ("json", "xml"):
        out = io.BytesIO()
        write_boolean(True, fmt, out)
        assert Result.parse(io.BytesIO(out.getvalue()), format=fmt).askAnswer is True


def test_snapshots_are_published_and_collected(tmp_path: Path) -> None:
    store = EmbeddedStore.open(tmp_path / "data")
    snapshots = Snapshots.beside(store, tmp_path / "data")
    first = snapshots.publish()
    second = snapshots.publish()
    third = snapshots.publish()
    assert snapshots.collect([second]) == [first]
    assert sorted(p.name for p in (tmp_path / "data" / ".snapshots").iterdir()) == [Path(second).name, Path(third).name]
    assert len(Store.read_only(third)) == len(store)
    snapshots.clear()
    assert not (tmp_path / "data" / ".snapshots").exists()
    store.close()


def test_problem_shape() -> None:
    response = problem(404, "no actor 'x'", title="Not found", kind="not-found", instance="/actors/x", extra=1)
    assert response.media_type == "application/problem+json"
    assert json.loads(response.body) == {"type": "https://w3id.org/kg/problems/not-found", "title": "Not found",
                                         "status": 404, "detail": "no actor 'x'", "instance": "/actors/x", "extra": 1}
