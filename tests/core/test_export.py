"""Every export format parses with an independent parser and round-trips isomorphically."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.export import FORMATS, export
from kg.ingest import ingest_paths
from kg.store.embedded import EmbeddedStore

from .conftest import EXAMPLES

RAPPER = {"turtle": "turtle", "trig": "trig", "nt": "ntriples", "nq": "nquads"}
RDFLIB = {"turtle": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld"}
QUADS = {"trig", "nq", "jsonld"}


@pytest.fixture
def loaded(store, iris):
    ingest_paths(store, [EXAMPLES], iris)
    return store


def dump(store, fmt: str) -> bytes:
    out = io.BytesIO()
    export(store, out, fmt)
    return out.getvalue()


def as_rdflib(data: bytes, fmt: str) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=RDFLIB[fmt])
    return dataset


def union(dataset: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.mark.parametrize("fmt", sorted(RAPPER))
def test_rapper_parses_the_export(loaded, fmt: str, tmp_path: Path) -> None:
    assert shutil.which("rapper"), "rapper (raptor2-utils) must be installed; .ci/run installs it"
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(dump(loaded, fmt))
    result = subprocess.run(["rapper", "-i", RAPPER[fmt], "-c", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower() and "warning" not in result.stderr.lower(), result.stderr
    triples = int(result.stderr.split("returned")[1].split()[0])
    assert triples >= len(loaded) - 10 if fmt in QUADS else triples > 400


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_round_trips(loaded, fmt: str, tmp_path: Path) -> None:
    first = dump(loaded, fmt)
    fresh = EmbeddedStore.open(tmp_path / "fresh")
    try:
        fresh._store.load(first, FORMATS[fmt])
        second = dump(fresh, fmt)
    finally:
        fresh.close()
    a, b = as_rdflib(first, fmt), as_rdflib(second, fmt)
    assert isomorphic(union(a), union(b))
    if fmt in QUADS:
        graphs = lambda d: {str(g.identifier) for g in d.graphs() if len(g)}  # noqa: E731
        assert graphs(a) == graphs(b)
        assert len(graphs(a)) == 4  # ontology, actors, topics, the source
        assert len(list(a.quads((None, None, None, None)))) == len(loaded)


def test_prefixes_are_declared(loaded) -> None:
    text = dump(loaded, "turtle").decode()
    for prefix in ("kg", "prov", "skos", "schema", "dcterms", "owl", "wd"):
        assert f"@prefix {prefix}: <" in text


def test_triple_formats_give_the_union(loaded) -> None:
    triples = union(as_rdflib(dump(loaded, "nt"), "nt"))
    quads = union(as_rdflib(dump(loaded, "nq"), "nq"))
    assert isomorphic(triples, quads)
