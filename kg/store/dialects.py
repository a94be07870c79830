"""What differs between SPARQL 1.1 stores, in one place.

The protocols are standard; the stores are not quite. Each dialect says how to ask for the
union of all graphs as the default graph. System graphs (Virtuoso keeps several, named after
its own host) are never a dialect concern: a remote store only ever lists, counts and exports
kg's own graphs, those named under the base IRI and the ontology's.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    # Extra request parameters that make the default graph the union of all named graphs.
    union_params: dict[str, str] = field(default_factory=dict)
    # Whether the store's default graph already is that union (Virtuoso's is).
    union_by_default: bool = False
    # Media type to ask for CONSTRUCT results and Graph Store reads.
    graph_media_type: str = "application/n-triples"


GENERIC = Dialect("generic")

# `oxigraph serve`: `union-default-graph` as a request parameter (or --union-default-graph).
OXIGRAPH = Dialect("oxigraph", union_params={"union-default-graph": ""})

# Virtuoso 7: the default graph is every graph, its own included; updates and the Graph Store
# need the authenticated endpoints (/sparql-auth, /sparql-graph-crud-auth) with digest auth;
# its JSON results say "typed-literal" (SPARQL 2008 style), which pyoxigraph's parser accepts.
VIRTUOSO = Dialect("virtuoso", union_by_default=True)

DIALECTS = {d.name: d for d in (GENERIC, OXIGRAPH, VIRTUOSO)}
