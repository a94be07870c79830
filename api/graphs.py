"""The SPARQL 1.1 Graph Store Protocol at ``/graphs``: ``?graph=IRI`` or ``?default``.

GET is open to everyone; PUT (replace), POST (add) and DELETE need the admin token. Here the
default graph is the store's own unnamed graph (kg keeps its data in named graphs); on
/sparql the default graph is the union of all graphs.
"""

from __future__ import annotations

from typing import Annotated, BinaryIO

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, parse, serialize

from api.auth import require_admin
from api.body import media_type, read_body
from api.deps import Services, Svc
from api.negotiation import negotiate
from api.problems import UnsupportedMediaType, responses
from api.streaming import first_chunk, stream_writer
from kg.errors import InputError, NotFound
from kg.executor.formats import GRAPH, GRAPH_ALIASES, RDF_FORMATS
from kg.vocab import PREFIXES

router = APIRouter(tags=["Graph Store"])
PARSE_FORMATS = {media: RDF_FORMATS[key] for key, media in GRAPH.items()} | {
    "application/x-turtle": RdfFormat.TURTLE, "text/plain": RdfFormat.N_TRIPLES}
GraphParam = Annotated[str | None, Query(description="IRI of a named graph")]
DefaultParam = Annotated[str | None, Query(description="Present (empty) to address the default graph")]
RDF_BODY = {"requestBody": {"content": {m: {"schema": {"type": "string"}} for m in GRAPH.values()}}}


def _target(graph: str | None, default: str | None) -> NamedNode | DefaultGraph:
    if (graph is None) == (default is None):
        raise InputError("name exactly one graph: ?graph=IRI or ?default")
    if graph is None:
        return DefaultGraph()
    try:
        return NamedNode(graph)
    except ValueError:
        raise InputError(f"graph {graph!r} is not a valid IRI") from None


def _pattern(target: NamedNode | DefaultGraph) -> str:
    return "{ ?s ?p ?o }" if isinstance(target, DefaultGraph) else f"{{ GRAPH {target} {{ ?s ?p ?o }} }}"


@router.get("/graphs", responses={200: {"content": {m: {} for m in GRAPH.values()}}, **responses(400, 404, 406)},
            summary="Read one graph")
async def get_graph(*, request: Request, graph: GraphParam = None, default: DefaultParam = None,
                    svc: Svc) -> Response:
    target = _target(graph, default)
    fmt = negotiate(request.headers.get("accept"), GRAPH, GRAPH_ALIASES)
    if isinstance(target, NamedNode) and not await svc.read(svc.store.has_graph, target):
        raise NotFound(f"no graph {target.value} in the store")
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {_pattern(target)}"

    def write(out: BinaryIO) -> None:
        serialize(svc.store.query(query, union_default_graph=False), out, RDF_FORMATS[fmt], prefixes=PREFIXES)

    body = await first_chunk(stream_writer(write))
    return StreamingResponse(body, media_type=GRAPH[fmt], headers={"Vary": "Accept"})


async def _triples(request: Request, svc: Services, target: NamedNode | DefaultGraph) -> list[Quad]:
    kind = media_type(request)
    fmt = PARSE_FORMATS.get(kind)
    if fmt is None:
        raise UnsupportedMediaType(f"send RDF as one of {', '.join(GRAPH.values())}, not {kind or 'no type'}")
    body = await read_body(request, svc.settings.max_body_bytes)
    base = target.value if isinstance(target, NamedNode) else str(request.url_for("get_graph"))
    if fmt == RdfFormat.RDF_XML and b"<!ENTITY" in body.upper():
        # pyoxigraph expands every entity when it reads the DTD, with no limit: one nested
        # "billion laughs" declaration takes a core and all memory. RDF needs no entities.
        raise InputError("RDF/XML with <!ENTITY declarations is refused")
    try:
        return [Quad(t.subject, t.predicate, t.object, target) for t in parse(body, fmt, base_iri=base)]
    except SyntaxError as exc:
        raise InputError(f"the body is not valid {kind}: {exc}") from None


@router.put("/graphs", status_code=204, responses={201: {"description": "Created"}, **responses(400, 401, 403, 413, 415)},
            openapi_extra=RDF_BODY, summary="Replace one graph (admin token required)")
async def put_graph(*, request: Request, graph: GraphParam = None, default: DefaultParam = None,
                    svc: Svc) -> Response:
    require_admin(svc.settings, request)
    target = _target(graph, default)
    quads = await _triples(request, svc, target)
    if isinstance(target, DefaultGraph):
        body = "".join(f"{q.triple} .\n" for q in quads)
        await svc.write(svc.store.update, f"CLEAR DEFAULT ;\nINSERT DATA {{\n{body}}}")
        return Response(status_code=204)
    existed = await svc.read(svc.store.has_graph, target)
    await svc.write(svc.store.replace_graphs, [target], quads)
    return Response(status_code=204 if existed else 201)


@router.post("/graphs", status_code=204, responses={201: {"description": "Created"}, **responses(400, 401, 403, 413, 415)},
             openapi_extra=RDF_BODY, summary="Add triples to one graph (admin token required)")
async def post_graph(*, request: Request, graph: GraphParam = None, default: DefaultParam = None,
                     svc: Svc) -> Response:
    require_admin(svc.settings, request)
    target = _target(graph, default)
    quads = await _triples(request, svc, target)
    existed = isinstance(target, DefaultGraph) or await svc.read(svc.store.has_graph, target)
    await svc.write(svc.store.replace_graphs, [], quads)
    return Response(status_code=204 if existed else 201)


@router.delete("/graphs", status_code=204, responses=responses(400, 401, 403, 404), summary="Delete one graph (admin token required)")
async def delete_graph(*, request: Request, graph: GraphParam = None, default: DefaultParam = None,
                       svc: Svc) -> Response:
    require_admin(svc.settings, request)
    target = _target(graph, default)
    if isinstance(target, DefaultGraph):
        await svc.write(svc.store.update, "CLEAR DEFAULT")
    elif not await svc.write(svc.store.drop_graph, target):
        raise NotFound(f"no graph {target.value} in the store")
    return Response(status_code=204)
