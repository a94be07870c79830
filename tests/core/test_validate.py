"""SHACL shapes: the stored graph conforms; broken statements are reported readably."""

from pathlib import Path

import pytest
import rdflib

from kg.errors import InputError
from kg.ingest import ingest_paths
from kg.validate import file_graph, store_graph, validate_graph

from .conftest import EXAMPLES, write

PRELUDE = """
@prefix kg: <https://w3id.org/kg/ns#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:hu a kg:State ; skos:prefLabel "Hungary" .
ex:t a kg:Topic ; skos:prefLabel "T" ; skos:inScheme kg:TopicScheme .
ex:src a kg:Source ; <http://purl.org/dc/terms/title> "S" .
ex:act a kg:IngestActivity ; kg:toolVersion "1" ; prov:endedAtTime "2024-01-01T00:00:00Z"^^xsd:dateTime .
"""
GOOD = """ex:s a kg:Statement ; kg:actor ex:hu ; kg:position kg:oppose ; kg:topic ex:t ; kg:source ex:src ;
  prov:wasDerivedFrom ex:src ; prov:wasGeneratedBy ex:act ; kg:confidence 0.5 ."""


def check(tmp_path: Path, body: str):
    return validate_graph(file_graph(write(tmp_path / "g.ttl", PRELUDE + body)))


def test_the_stored_sample_conforms(store, iris) -> None:
    ingest_paths(store, [EXAMPLES], iris)
    report = validate_graph(store_graph(store))
    assert report.conforms, [str(v) for v in report.violations]


def test_a_good_statement_conforms_with_subclasses_from_the_ontology(tmp_path: Path) -> None:
    assert check(tmp_path, GOOD).conforms  # kg:State is a kg:Actor through the ontology


@pytest.mark.parametrize(
    ("broken", "path", "message"),
    [
        (GOOD.replace("kg:position kg:oppose ;", ""), "position", "exactly one of the five positions"),
        (GOOD.replace("kg:oppose", "kg:maybe"), "position", "exactly one of the five positions"),
        (GOOD.replace("kg:confidence 0.5", "kg:confidence 1.5"), "confidence", "between 0 and 1"),
        (GOOD.replace("kg:actor ex:hu", "kg:actor ex:nobody"), "actor", "exactly one actor"),
        (GOOD + ' ex:s kg:statedOn "yesterday" .', "statedOn", "xsd:date"),
        (GOOD + ' ex:hu skos:prefLabel "Magyarország" .', "prefLabel", "exactly one preferred label"),
    ],
)
def test_broken_statements_are_reported(tmp_path: Path, broken: str, path: str, message: str) -> None:
    report = check(tmp_path, broken)
    assert not report.conforms
    text = "\n".join(map(str, report.violations))
    assert path in text and message in text, text


def test_unparseable_or_unknown_files_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot parse"):
        file_graph(write(tmp_path / "bad.ttl", "this is not turtle"))
    with pytest.raises(InputError, match="not an RDF file"):
        file_graph(write(tmp_path / "x.docx", ""))


def test_quad_files_are_validated_as_their_union(tmp_path: Path) -> None:
    graph = rdflib.Dataset()
    graph.parse(data=PRELUDE + GOOD, format="turtle")
    path = tmp_path / "g.nq"
    path.write_text(graph.serialize(format="nquads"))
    assert validate_graph(file_graph(path)).conforms
