"""What differs between SPARQL 1.1 stores, in one place.

The protocols are standard; the stores are not quite. Each dialect says how to ask for the
union of all graphs as the default graph. System graphs (Virtuoso keeps several, named after
its own host) are never a dialect concern: a remote store only ever lists, counts and exports
kg's own graphs, those named under the base IRI and the ontology's.
"""

from __future__ import annotations

import re
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
    # The most quads one INSERT DATA request may carry; larger writes are staged (Graph Store) and swapped in.
    inline_quads: int = 20_000
    # The most operations one update request may hold (0: no limit). A swap of more graphs than
    # that is split into several requests, each moving whole graphs, so no source is ever half there.
    max_operations: int = 0
    # Whether DROP must be SILENT: the store keeps no empty graphs, so it cannot tell a graph
    # made by INSERT from a missing one and fails a plain DROP of either.
    silent_drop: bool = False
    # Words in an answer that say the store stopped the query at its own limit.
    limit_markers: tuple[str, ...] = ()

    # A pattern whose first group comes before a blank node label prefix pyoxigraph rejects.
    bnode_prefix: re.Pattern[bytes] | None = None

    def clean(self, body: bytes) -> bytes:
        """The store's results, with its blank node labels made valid."""
        return self.bnode_prefix.sub(rb"\1", body) if self.bnode_prefix is not None else body

    def stopped(self, text: str) -> bool:
        """Whether ``text`` (an error body, or the end of a cut-off result) is the store's own limit."""
        return any(marker in text for marker in self.limit_markers)


GENERIC = Dialect("generic")

# `oxigraph serve`: `union-default-graph` as a request parameter (or --union-default-graph).
# With --timeout-s it streams a 200 and, at the limit, ends the body with a sentence instead.
OXIGRAPH = Dialect("oxigraph", union_params={"union-default-graph": ""},
                   limit_markers=("The SPARQL operation has been cancelled",))

# Virtuoso 7: the default graph is every graph, its own included; updates and the Graph Store
# need the authenticated endpoints (/sparql-auth, /sparql-graph-crud-auth) with digest auth;
# its JSON results say "typed-literal" (SPARQL 2008 style), which pyoxigraph's parser accepts.
# A query it estimates to run past MaxQueryExecutionTime is refused up front with a 500 (42000);
# an "anytime" query past its timeout says S1TAT. Its blank nodes come as "nodeID://b1001".
# Its SPARQL compiler gives up on an INSERT DATA of ~2,000 triples ("generated SQL text has
# exceeded" or "memory exhausted") and on an update of ~1,000 operations ("Query too large").
VIRTUOSO = Dialect("virtuoso", union_by_default=True, silent_drop=True, inline_quads=500, max_operations=200,
                   limit_markers=("estimated execution time", "exceeds the limit", "S1TAT"),
                   bnode_prefix=re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*"|<bnode>)nodeID://'))

DIALECTS = {d.name: d for d in (GENERIC, OXIGRAPH, VIRTUOSO)}
