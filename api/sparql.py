"""The SPARQL 1.1 Protocol: queries at ``/sparql``, updates at ``/sparql/update``.

Queries go to the worker pool (time limit, result cap, killable); updates run in this process
on the read-write store, with the admin token only. Malformed requests are 400s, never 200s:
two ``query`` parameters, an update sent to the query endpoint, a query sent to the update
endpoint, a body of the wrong media type or charset.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import NamedNode

from api.auth import require_admin
from api.body import decode_utf8, media_type, read_body
from api.deps import Services, Svc
from api.negotiation import choose
from api.problems import UnsupportedMediaType, responses
from api.results import respond
from kg.errors import InputError
from kg.executor import Job, NotAcceptable, lexer
from kg.executor.formats import GRAPH, GRAPH_ALIASES, TABULAR, TABULAR_ALIASES

router = APIRouter(tags=["SPARQL"])
FORM = "application/x-www-form-urlencoded"
RESULTS = {
    200: {"description": "Query results in the negotiated format", "content": {
        **{m: {} for m in TABULAR.values()}, **{m: {} for m in GRAPH.values()}}},
}
QUERY_BODY = {"requestBody": {"content": {
    FORM: {"schema": {"type": "object", "properties": {
        "query": {"type": "string"}, "default-graph-uri": {"type": "array", "items": {"type": "string"}},
        "named-graph-uri": {"type": "array", "items": {"type": "string"}}}, "required": ["query"]}},
    "application/sparql-query": {"schema": {"type": "string"}}}}}
UPDATE_BODY = {"requestBody": {"content": {
    FORM: {"schema": {"type": "object", "properties": {"update": {"type": "string"}}, "required": ["update"]}},
    "application/sparql-update": {"schema": {"type": "string"}}}}}


_ENDPOINTS: dict[tuple[Any, ...], str] = {}


def endpoint_iri(request: Request, name: str) -> str:
    """``request.url_for(name)``, remembered per host and scheme: the base IRI of every query."""
    scope = request.scope
    key = (name, scope.get("scheme"), scope.get("server"), scope.get("root_path"), request.headers.get("host"))
    found = _ENDPOINTS.get(key)
    if found is None:
        found = str(request.url_for(name))
        if len(_ENDPOINTS) < 64:  # Host headers are the client's to choose: keep only a few
            _ENDPOINTS[key] = found
    return found


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise InputError(f"the request has {len(values)} '{name}' parameters; send exactly one")
    return values[0] if values else None


def _iris(params: list[tuple[str, str]], name: str) -> list[str]:
    found = [v for k, v in params if k == name]
    for value in found:
        try:
            NamedNode(value)
        except ValueError:
            raise InputError(f"{name} {value!r} is not a valid IRI") from None
    return found


async def _form(request: Request, svc: Services) -> list[tuple[str, str]]:
    text = decode_utf8(request, await read_body(request, svc.settings.max_body_bytes))
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"the form body is not valid URL-encoded UTF-8 ({exc})") from None


async def run_query(request: Request, svc: Services, query: str, default: Sequence[str] | None,
                    named: Sequence[str] | None) -> Response:
    """Check, negotiate and run one query on the pool; shared with /queries/{name}."""
    form = lexer.require_query(query)
    lexer.check_outbound(query, allowed=svc.settings.allow_federation)
    accept = request.headers.get("accept")
    tabular = choose(accept, TABULAR, TABULAR_ALIASES)
    graph = choose(accept, GRAPH, GRAPH_ALIASES)
    wanted = {"SELECT": tabular, "ASK": tabular, "CONSTRUCT": graph, "DESCRIBE": graph}.get(form or "", tabular or graph)
    if wanted is None:
        offers = GRAPH if form in {"CONSTRUCT", "DESCRIBE"} else TABULAR
        raise NotAcceptable(f"a {form} query can be returned as {', '.join(offers.values())}, not as {accept}",
                            detail={"available": list(offers.values())})
    job = Job(query, tabular, graph,
              # Named graphs alone leave the default graph empty, as the protocol says.
              default_graphs=tuple(default) if default else (() if named else None),
              named_graphs=tuple(named) if named else None,
              base_iri=endpoint_iri(request, "sparql_query"), cap=svc.settings.result_cap)
    return respond(await svc.sparql(job))


@router.get("/sparql", name="sparql_query", responses={**RESULTS, **responses(400, 403, 406, 503)},
            summary="SPARQL query (GET), or the service description without a query")
async def query_get(*, request: Request, svc: Svc) -> Response:
    """``?query=`` runs a query; with no query the service description comes back as Turtle."""
    params = list(request.query_params.multi_items())
    if any(k == "update" for k, _ in params):
        raise InputError("updates are not accepted by GET or on the query endpoint: POST them to /sparql/update")
    query = _one(params, "query")
    if query is None:
        return service_description(request, svc)
    return await run_query(request, svc, query, _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri"))


@router.post("/sparql", responses={**RESULTS, **responses(400, 403, 406, 413, 415, 503)}, openapi_extra=QUERY_BODY,
             summary="SPARQL query (POST, form-encoded or application/sparql-query)")
async def query_post(*, request: Request, svc: Svc) -> Response:
    params = list(request.query_params.multi_items())
    kind = media_type(request)
    if kind == FORM:
        params += await _form(request, svc)
        if any(k == "update" for k, _ in params):
            raise InputError("this is an update: send it to /sparql/update")
        query = _one(params, "query")
        if query is None:
            raise InputError("the form has no 'query' parameter")
    elif kind == "application/sparql-query":
        if any(k == "query" for k, _ in params):
            raise InputError("the request has a query in the body and another in the URL; send exactly one")
        query = decode_utf8(request, await read_body(request, svc.settings.max_body_bytes))
    else:
        raise UnsupportedMediaType(f"a query is POSTed as {FORM} or application/sparql-query, not {kind or 'no type'}")
    return await run_query(request, svc, query, _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri"))


@router.post("/sparql/update", name="sparql_update", status_code=204, responses=responses(400, 401, 403, 413, 415),
             openapi_extra=UPDATE_BODY, summary="SPARQL update (admin token required)")
async def update(*, request: Request, svc: Svc) -> Response:
    """Runs in one transaction; ``using-graph-uri`` / ``using-named-graph-uri`` are honoured."""
    require_admin(svc.settings, request)
    params = list(request.query_params.multi_items())
    kind = media_type(request)
    if kind == FORM:
        params += await _form(request, svc)
        if any(k == "query" for k, _ in params):
            raise InputError("this is a query: send it to /sparql")
        text = _one(params, "update")
        if text is None:
            raise InputError("the form has no 'update' parameter")
    elif kind == "application/sparql-update":
        text = decode_utf8(request, await read_body(request, svc.settings.max_body_bytes))
    else:
        raise UnsupportedMediaType(f"an update is POSTed as {FORM} or application/sparql-update, not {kind or 'no type'}")
    lexer.require_update(text)
    lexer.check_outbound(text, allowed=svc.settings.allow_federation)
    default, named = _iris(params, "using-graph-uri"), _iris(params, "using-named-graph-uri")
    if (default or named) and lexer.uses_dataset_clauses(text):
        raise InputError("the update names its dataset with USING or WITH and in the protocol; use one or the other")
    text = lexer.silent_clear(lexer.add_using(text, default, named))
    base = str(request.url_for("sparql_update"))

    def run() -> None:
        try:
            svc.store.update(text, base_iri=base)
        except RuntimeError as exc:  # evaluation errors of the update itself (e.g. CREATE of an existing graph)
            raise InputError(f"the update failed: {exc}") from None

    await svc.write(run)
    return Response(status_code=204)



def service_description(request: Request, svc: Services) -> Response:
    endpoint = str(request.url_for("sparql_query"))
    update_endpoint = str(request.url_for("sparql_update"))
    formats = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
    features = ["sd:UnionDefaultGraph"] + (["sd:BasicFederatedQuery"] if svc.settings.allow_federation else [])
    text = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature {", ".join(features)} ;
    sd:resultFormat {", ".join("fmt:" + f for f in formats)} ;
    sd:defaultEntailmentRegime <http://www.w3.org/ns/entailment/Simple> .

<{update_endpoint}> a sd:Service ;
    sd:endpoint <{update_endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Update .
"""
    return Response(text, media_type="text/turtle; charset=utf-8")
