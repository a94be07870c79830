"""Namespaces, and the IRIs kg mints under its configurable base."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

KG = "https://w3id.org/kg/ns#"
KG_ONTOLOGY = "https://w3id.org/kg/ns"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
WD = "http://www.wikidata.org/entity/"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES: dict[str, str] = {
    "kg": KG, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "skos": SKOS,
    "prov": PROV, "dcterms": DCTERMS, "schema": SCHEMA, "wd": WD,
}


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def kg(term: str) -> NamedNode:
    return NamedNode(KG + term)


@dataclass(frozen=True, slots=True)
class Iris:
    """IRIs of things kg mints, all under one base (``KG_BASE_IRI``)."""

    base: str

    def actor(self, slug: str) -> NamedNode:
        return NamedNode(f"{self.base}actor/{slug}")

    def topic(self, slug: str) -> NamedNode:
        return NamedNode(f"{self.base}topic/{slug}")

    def source(self, slug: str) -> NamedNode:
        return NamedNode(f"{self.base}source/{slug}")

    def statement(self, digest: str) -> NamedNode:
        return NamedNode(f"{self.base}statement/{digest}")

    def activity(self, digest: str) -> NamedNode:
        return NamedNode(f"{self.base}activity/{digest}")

    def graph(self, name: str) -> NamedNode:
        """Shared graphs: ``actors``, ``topics``; each source's graph is the source's own IRI."""
        return NamedNode(f"{self.base}graph/{name}")

    def kind_and_slug(self, iri: str) -> tuple[str, str] | None:
        """``(kind, slug)`` of an IRI minted here, e.g. ``("actor", "hungary")``."""
        if not iri.startswith(self.base):
            return None
        kind, _, slug = iri[len(self.base):].partition("/")
        return (kind, slug) if slug else None


ONTOLOGY_GRAPH = NamedNode(KG_ONTOLOGY)
POSITION_SCHEME = kg("PositionScheme")
TOPIC_SCHEME = kg("TopicScheme")
