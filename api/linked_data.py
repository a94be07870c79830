"""Linked data: every IRI minted under the base IRI dereferences here.

``GET /id/actor/hungary`` answers a browser with an HTML page, and other clients with JSON
(the REST view for actors, topics, sources and statements) or RDF (Turtle, JSON-LD,
N-Triples) by ``Accept``: every triple about the IRI, in any graph.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pyoxigraph import Literal, NamedNode, RdfFormat

from api.deps import Services, Svc
from api.negotiation import negotiate
from api.problems import responses
from api.rest.actors import actor_detail
from api.rest.common import describe_rdf
from api.rest.sources import source_detail
from api.rest.statements import statement_detail
from api.rest.topics import topic_detail
from kg.errors import NotFound
from kg.vocab import PREFIXES

OFFERS = {"html": "text/html", "json": "application/json", "turtle": "text/turtle",
          "jsonld": "application/ld+json", "nt": "application/n-triples"}
RDF = {"turtle": RdfFormat.TURTLE, "jsonld": RdfFormat.JSON_LD, "nt": RdfFormat.N_TRIPLES}
DETAIL = {"actor": actor_detail, "topic": topic_detail, "statement": statement_detail,
          "source": lambda svc, ident: source_detail(svc, ident, 1000, 0)}
DETAIL["source"].__name__ = "source_page"


def router_for(base_iri: str) -> APIRouter:
    """Routes under the base IRI's path (``/id/`` for the default base)."""
    prefix = urlsplit(base_iri).path.rstrip("/") or ""
    router = APIRouter(prefix=prefix, tags=["Linked data"])

    @router.get("/{kind}/{ident}", name="dereference",
                responses={200: {"content": {m: {} for m in OFFERS.values()}}, **responses(404, 406)})
    async def dereference(*, kind: str, ident: str, request: Request, svc: Svc) -> Response:
        """What the store says about one of its IRIs, as HTML, JSON or RDF."""
        iri = f"{svc.iris.base}{kind}/{ident}"
        try:
            NamedNode(iri)
        except ValueError:  # '"', '>', spaces...: no IRI of ours, and not one to put in a query
            raise NotFound(f"nothing is known about {iri}") from None
        fmt = negotiate(request.headers.get("accept"), OFFERS)
        if fmt == "json" and kind in DETAIL:
            detail = await svc.cached(DETAIL[kind], ident)
            return JSONResponse(detail.model_dump(mode="json"), headers={"Vary": "Accept"})
        triples = await svc.read(_triples, svc, iri)
        if not triples:
            raise NotFound(f"nothing is known about {iri}")
        if fmt == "html":
            return HTMLResponse(_page(svc, iri, triples), headers={"Vary": "Accept"})
        if fmt == "json":
            return JSONResponse({"iri": iri, "properties": _grouped(triples)}, headers={"Vary": "Accept"})
        body = await svc.read(describe_rdf, svc, [iri], RDF[fmt])
        return Response(body, media_type=OFFERS[fmt], headers={"Vary": "Accept"})

    return router


def _triples(svc: Services, iri: str) -> list[tuple[str, object]]:
    result = svc.store.query(f"SELECT ?p ?o WHERE {{ {NamedNode(iri)} ?p ?o }} ORDER BY ?p ?o")
    return [(row["p"].value, row["o"]) for row in result]


def _grouped(triples: list[tuple[str, object]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p, o in triples:
        found.setdefault(p, []).append(o.value if isinstance(o, NamedNode | Literal) else str(o))
    return found


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _cell(svc: Services, term: object) -> str:
    if isinstance(term, NamedNode):
        href = term.value
        if href.startswith(svc.iris.base):  # our own IRIs link to this server, wherever it runs
            href = urlsplit(svc.iris.base).path + href[len(svc.iris.base):]
        return f'<a href="{escape(href)}">{escape(_short(term.value))}</a>'
    if isinstance(term, Literal):
        return escape(term.value)
    return escape(str(term))


def _page(svc: Services, iri: str, triples: list[tuple[str, object]]) -> str:
    label = next((o.value for p, o in triples if p.endswith(("#prefLabel", "/title")) and isinstance(o, Literal)), iri)
    rows = "".join(f"<tr><th>{escape(_short(p))}</th><td>{_cell(svc, o)}</td></tr>" for p, o in triples)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(label)} · kg</title>'
            "<style>body{font:15px/1.4 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
            "th{text-align:left;padding-right:1rem;vertical-align:top;color:#555;font-weight:500}"
            "td,th{border-bottom:1px solid #eee;padding:.3rem}</style></head><body>"
            f"<h1>{escape(label)}</h1><p><code>{escape(iri)}</code></p><table>{rows}</table>"
            '<p>Also as <a href="?">JSON, Turtle or JSON-LD</a> by <code>Accept</code>; '
            '<a href="/docs">API</a>.</p></body></html>')
