"""SHACL validation with pyshacl: the shapes in ``ontology/shapes.ttl`` over the store or a file.

Runs on demand (``kg validate``), never on a hot path: pyshacl is pure Python.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import rdflib
from pyoxigraph import RdfFormat
from pyshacl import validate as shacl_validate
from rdflib.namespace import RDF, SH

from kg.errors import InputError
from kg.ontology import ontology_path, shapes_path
from kg.store.base import Store

RDF_SUFFIXES = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld",
                ".json": "json-ld", ".rdf": "xml", ".owl": "xml"}


@dataclass(frozen=True, slots=True)
class Violation:
    focus: str
    path: str | None
    message: str
    value: str | None
    severity: str

    def __str__(self) -> str:
        where = f"{self.focus}" + (f" {self.path}" if self.path else "")
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass(frozen=True, slots=True)
class Report:
    conforms: bool
    violations: list[Violation]
    triples: int


def validate_graph(data: rdflib.Graph) -> Report:
    shapes = rdflib.Graph().parse(shapes_path(), format="turtle")
    ontology = rdflib.Graph().parse(ontology_path(), format="turtle")
    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True
    )
    violations = [_violation(results, node) for node in results.subjects(RDF.type, SH.ValidationResult)]
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(bool(conforms), violations, len(data))


def _violation(results: rdflib.Graph, node: rdflib.term.Node) -> Violation:
    def one(predicate: rdflib.URIRef) -> str | None:
        value = results.value(node, predicate)
        return None if value is None else str(value)

    severity = (one(SH.resultSeverity) or "Violation").rsplit("#", 1)[-1]
    return Violation(one(SH.focusNode) or "?", one(SH.resultPath), one(SH.resultMessage) or "violates a shape",
                     one(SH.value), severity)


def store_graph(store: Store) -> rdflib.Graph:
    """The union of the store's graphs as one rdflib graph."""
    buffer = io.BytesIO()
    store.dump(buffer, RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=buffer.getvalue(), format="nt")


def file_graph(path: Path) -> rdflib.Graph:
    """An RDF file's triples (union of its graphs for quad formats)."""
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: not an RDF file (expected one of {', '.join(sorted(RDF_SUFFIXES))})")
    try:
        if fmt in {"trig", "nquads"} or fmt == "json-ld":
            dataset = rdflib.Dataset()
            dataset.parse(path, format=fmt)
            graph = rdflib.Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        return rdflib.Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        raise InputError(f"{path}: cannot parse as {fmt}: {str(exc).splitlines()[0] if str(exc) else exc}") from exc
