"""Findings are modelled like everything else: they conform to the SHACL shapes, export with
their graphs (rapper parses them), and the ontology names every term they use; `kg derive`."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib

from kg.cli import app
from kg.export import export
from kg.ingest import ingest_paths
from kg.ontology import ontology_path
from kg.validate import file_graph, store_graph, validate_graph
from kg.vocab import KG

from .conftest import BASE, CORPUS, FIXTURES

PRELUDE = """
@prefix kg: <https://w3id.org/kg/ns#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:hu a kg:State ; skos:prefLabel "Hungary" .
ex:t a kg:Topic ; skos:prefLabel "T" ; skos:inScheme kg:TopicScheme .
ex:src a kg:Source ; <http://purl.org/dc/terms/title> "S" .
ex:src2 a kg:Source ; <http://purl.org/dc/terms/title> "S2" .
ex:act a kg:IngestActivity ; kg:toolVersion "1" ; prov:endedAtTime "2024-01-01T00:00:00Z"^^xsd:dateTime .
ex:s1 a kg:Statement ; kg:actor ex:hu ; kg:position kg:oppose ; kg:topic ex:t ; kg:source ex:src ;
  prov:wasDerivedFrom ex:src ; prov:wasGeneratedBy ex:act ; kg:confidence 1.0 .
ex:s2 a kg:Statement ; kg:actor ex:hu ; kg:position kg:oppose ; kg:topic ex:t ; kg:source ex:src2 ;
  prov:wasDerivedFrom ex:src2 ; prov:wasGeneratedBy ex:act ; kg:confidence 1.0 .
"""
CLAIM = """ex:c a kg:Claim ; kg:concernsActor ex:hu ; kg:concernsTopic ex:t ; kg:claimedPosition kg:oppose ;
  kg:evidence ex:s1 , ex:s2 ; kg:sourceCount 2 ; kg:independentSources 2 ; kg:origin ex:src , ex:src2 ;
  kg:dateWindow 14 ; kg:explanation "why" ."""
DENIAL = """ex:d a kg:Denial ; kg:deniedBy ex:hu ; kg:deniedActor ex:hu ; kg:deniedPosition kg:oppose ;
  kg:deniedTopic ex:t ; prov:wasDerivedFrom ex:src ; prov:wasGeneratedBy ex:act ; kg:confidence 0.8 ;
  kg:denies ex:s2 , ex:c ."""


def check(tmp_path: Path, body: str):  # noqa: ANN201
    path = tmp_path / "g.ttl"
    path.write_text(PRELUDE + body, encoding="utf-8")
    return validate_graph(file_graph(path))


def test_the_stored_findings_conform(embedded, iris) -> None:  # noqa: ANN001
    ingest_paths(embedded, [FIXTURES, CORPUS], iris)
    graph = store_graph(embedded)
    for cls in ("Claim", "Dispute", "PositionChange", "Denial"):
        assert (None, rdflib.RDF.type, rdflib.URIRef(KG + cls)) in graph, cls
    report = validate_graph(graph)
    assert report.conforms, [str(v) for v in report.violations]


def test_good_findings_conform(tmp_path: Path) -> None:
    report = check(tmp_path, CLAIM + DENIAL)
    assert report.conforms, [str(v) for v in report.violations]


@pytest.mark.parametrize(("broken", "message"), [
    (CLAIM.replace("kg:evidence ex:s1 , ex:s2 ;", "kg:evidence ex:s1 ;"), "at least two statements"),
    (CLAIM.replace("kg:sourceCount 2", "kg:sourceCount 1"), "at least two sources"),
    (CLAIM.replace('kg:explanation "why" .', "."), "explains itself"),
    (CLAIM.replace("kg:concernsActor ex:hu ;", ""), "exactly one actor"),
    (CLAIM + DENIAL.replace("kg:deniedPosition kg:oppose", "kg:deniedPosition kg:maybe"), "one of the five positions"),
    (CLAIM + DENIAL + " ex:d kg:position kg:oppose .", "no position of its own"),
    (CLAIM + DENIAL.replace("kg:denies ex:s2", "kg:denies ex:hu"), "denies statements or claims"),
])
def test_broken_findings_are_reported(tmp_path: Path, broken: str, message: str) -> None:
    report = check(tmp_path, broken)
    assert not report.conforms
    assert message in "\n".join(map(str, report.violations))


def test_every_term_findings_use_is_in_the_ontology(embedded, iris) -> None:  # noqa: ANN001
    ingest_paths(embedded, [FIXTURES, CORPUS], iris)
    ontology = rdflib.Graph().parse(ontology_path())
    used = {row["p"].value for row in embedded.query(
        f"SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{BASE}graph/derived/')) }}")}
    used |= {row["c"].value for row in embedded.query("SELECT DISTINCT ?c WHERE { ?s a ?c }")}
    for term in sorted(t for t in used if t.startswith(KG)):
        subject = rdflib.URIRef(term)
        assert (subject, rdflib.RDFS.label, None) in ontology and (subject, rdflib.RDFS.comment, None) in ontology, term


@pytest.mark.parametrize(("fmt", "rapper"), [("trig", "trig"), ("nq", "nquads"), ("turtle", "turtle")])
def test_findings_export_like_everything_else(embedded, iris, tmp_path: Path, fmt: str, rapper: str) -> None:  # noqa: ANN001
    ingest_paths(embedded, [FIXTURES, CORPUS], iris)
    out = io.BytesIO()
    export(embedded, out, fmt)
    text = out.getvalue().decode()
    assert f"{BASE}claim/" in text and f"{BASE}dispute/" in text and f"{BASE}change/" in text
    if fmt != "turtle":
        assert f"{BASE}graph/derived/ukraines-invitation-to-nato" in text  # quad formats keep the derived graph
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(out.getvalue())
    assert shutil.which("rapper")
    result = subprocess.run(["rapper", "-i", rapper, "-c", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_kg_derive_and_no_derive(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    runner = CliRunner()
    data = str(tmp_path / "data")
    result = runner.invoke(app, ["ingest", str(FIXTURES), str(CORPUS), "--data", data, "--no-derive"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["query", "topic-claims", "-p", "topic=ukraines-invitation-to-nato", "--format", "json",
                                 "--data", data])
    assert result.output.strip() == "[]"
    result = runner.invoke(app, ["derive", "--data", data])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("derived 2 claims, 1 disputes and 1 position changes on ")
    result = runner.invoke(app, ["query", "topic-claims", "-p", "topic=ukraines-invitation-to-nato", "--format", "csv",
                                 "--data", data])
    assert result.output.count("\n") == 3  # a header and two claims
    result = runner.invoke(app, ["extract", str(FIXTURES / "adriatic-times-budapest-denies.txt"), "--format", "table"])
    assert "denied_by" in result.output and "refuted reports" in result.output

