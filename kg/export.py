"""Export the store in the usual RDF formats, streamed so memory stays flat on large stores.

Quad formats (TriG, N-Quads, JSON-LD) keep each source's named graph; triple formats
(Turtle, N-Triples) give the union of all graphs.
"""

from __future__ import annotations

from typing import BinaryIO

from pyoxigraph import RdfFormat

from kg.errors import ValidationError
from kg.store.base import Store
from kg.vocab import PREFIXES

FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "trig": RdfFormat.TRIG,
    "nt": RdfFormat.N_TRIPLES,
    "nq": RdfFormat.N_QUADS,
    "jsonld": RdfFormat.JSON_LD,
}
EXTENSIONS = {"turtle": "ttl", "trig": "trig", "nt": "nt", "nq": "nq", "jsonld": "jsonld"}


def rdf_format(name: str) -> RdfFormat:
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise ValidationError(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}") from None


def export(store: Store, output: BinaryIO, fmt: str) -> None:
    """Write the whole store to ``output`` in ``fmt`` (a key of :data:`FORMATS`)."""
    store.dump(output, rdf_format(fmt), prefixes=PREFIXES)
