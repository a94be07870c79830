"""The ontology and SHACL shapes shipped in ``ontology/``, as quads and as rdflib graphs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, parse

from kg.resources import ontology_dir
from kg.vocab import ONTOLOGY_GRAPH


def ontology_path() -> Path:
    return ontology_dir() / "kg.ttl"


def shapes_path() -> Path:
    return ontology_dir() / "shapes.ttl"


@cache
def ontology_quads() -> tuple[Quad, ...]:
    """The ontology's triples in its own named graph (the ontology's IRI)."""
    with ontology_path().open("rb") as f:
        return tuple(Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH) for t in parse(f, RdfFormat.TURTLE))
