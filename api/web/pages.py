"""The web pages: server-rendered HTML (Jinja2) over the same data as the REST API.

``/`` search (and the topics at a glance), ``/ui/topics/{id}`` the stance board and table,
``/ui/actors/{id}`` the timeline, ``/ui/matrix`` actors by topics (``.csv``, ``.svg``),
``/ui/sparql`` the query editor, ``/ui/ingest`` the article form (only with writes on), and
``/ui/suggest`` the search box's suggestions. Pages never 422 or answer JSON errors: a bad
value is said on the page, an unknown id is an HTML 404.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape

from api.deps import Services, services
from api.web import chart, data
from api.web.assets import asset_url
from kg import __version__, queries
from kg.errors import KGError, NotFound
from kg.model import ActorType
from kg.resources import ontology_dir
from kg.vocab import PREFIXES

Svc = Depends(services)
router = APIRouter(include_in_schema=False)
HERE = Path(__file__).resolve().parent
EXTRA_PREFIXES = {
    "foaf": "http://xmlns.com/foaf/0.1/", "dc": "http://purl.org/dc/elements/1.1/",
    "wdt": "http://www.wikidata.org/prop/direct/", "sh": "http://www.w3.org/ns/shacl#",
    "geo": "http://www.opengis.net/ont/geosparql#", "dcat": "http://www.w3.org/ns/dcat#",
}
TYPE_LABELS = {"state": "State", "person": "Person", "organization": "Organisation"}

env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html", "svg"]),
                  trim_blocks=True, lstrip_blocks=True)
env.globals.update(asset=asset_url, positions=data.POSITIONS, position_text=data.POSITION_TEXT,
                   colours=chart.COLOURS, type_labels=TYPE_LABELS, version=__version__)
env.filters["pretty"] = chart.pretty


@pass_context
def localpath(context: Any, iri: str) -> str:
    """Our own IRIs as paths on this server (they dereference here), others unchanged."""
    base = context.get("base") or ""
    if base and iri.startswith(base):
        return urlsplit(base).path + iri[len(base):]
    return iri


env.filters["localpath"] = localpath


def search_index(request: Request) -> data.SearchIndex:
    """The app's search index (one per app: apps in one process may serve different stores)."""
    state = request.app.state
    if not hasattr(state, "web_search_index"):
        state.web_search_index = data.SearchIndex()
    return state.web_search_index  # type: ignore[no-any-return]


def writes_on(svc: Services) -> bool:
    return svc.settings.admin_token is not None or svc.settings.open_writes


def page(request: Request, svc: Services, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = env.get_template(name).render(request=request, writes=writes_on(svc), path=request.url.path,
                                         base=svc.iris.base, **context)
    return HTMLResponse(html, status_code=status)


def not_found(request: Request, svc: Services, message: str) -> HTMLResponse:
    return page(request, svc, "error.html", status=404, title="Not found", message=message)


def _id(ident: str) -> bool:
    return bool(data.ID.match(ident))


# ------------------------------------------------------------------ search
@router.get("/", response_class=HTMLResponse)
async def home(request: Request, q: str = Query("", max_length=200), svc: Services = Svc) -> HTMLResponse:
    q = q.strip()
    if q:
        hits = await svc.read(search_index(request).search, svc, q, 50)
        return page(request, svc, "search.html", title=f"“{q}”", q=q, hits=hits)
    found = await svc.read(data.home, svc)
    actors = await svc.read(data.top_actors, search_index(request), svc)
    return page(request, svc, "home.html", title=None, q="", actors=actors, **found)


@router.get("/ui/suggest")
async def suggest(request: Request, q: str = Query("", max_length=200), svc: Services = Svc) -> JSONResponse:
    hits = await svc.read(search_index(request).search, svc, q, 8) if q.strip() else []
    return JSONResponse([h.json() for h in hits], headers={"Cache-Control": "no-store"})


# ------------------------------------------------------------------ topic
@router.get("/ui/topics/{topic_id}", response_class=HTMLResponse)
async def topic(request: Request, topic_id: str, svc: Services = Svc) -> HTMLResponse:
    if not _id(topic_id):
        return not_found(request, svc, f"There is no topic {topic_id!r}.")
    try:
        found = await svc.read(data.topic_page, svc, topic_id)
    except NotFound:
        return not_found(request, svc, f"There is no topic {topic_id!r}.")
    return page(request, svc, "topic.html", title=found["topic"].label, **found)


# ------------------------------------------------------------------ actor
@router.get("/ui/actors/{actor_id}", response_class=HTMLResponse)
async def actor(request: Request, actor_id: str, svc: Services = Svc) -> HTMLResponse:
    if not _id(actor_id):
        return not_found(request, svc, f"There is no actor {actor_id!r}.")
    try:
        found = await svc.read(data.actor_page, svc, actor_id)
    except NotFound:
        return not_found(request, svc, f"There is no actor {actor_id!r}.")
    svg = chart.timeline(found["items"], found["topics"])
    return page(request, svc, "actor.html", title=found["actor"].label, chart=svg,
                wikidata=data.wikidata_url(found["actor"].wikidata), **found)


# ------------------------------------------------------------------ matrix
def _filters(type_: str, since: str, until: str) -> tuple[data.MatrixFilter, list[str]]:
    errors, kind, start, end = [], None, None, None
    if type_:
        try:
            kind = ActorType(type_)
        except ValueError:
            errors.append(f"Actor type must be state, person or organization, not {type_!r}.")
    for name, raw in (("From", since), ("To", until)):
        if not raw:
            continue
        try:
            value = date.fromisoformat(raw)
        except ValueError:
            errors.append(f"{name} must be a date like 2024-10-24, not {raw!r}.")
            continue
        if name == "From":
            start = value
        else:
            end = value
    if start and end and start > end:
        errors.append("The range ends before it starts.")
    return data.MatrixFilter(kind, start, end), errors


def _matrix_title(f: data.MatrixFilter) -> str:
    bits = ["Positions: actors by topics"]
    if f.type:
        bits.append(f"{TYPE_LABELS[f.type.value].lower()}s only")
    if f.since or f.until:
        bits.append(f"stated {'from ' + f.since.isoformat() if f.since else ''}"
                    f"{' ' if f.since and f.until else ''}{'to ' + f.until.isoformat() if f.until else ''}")
    return ", ".join(bits)


Type = Query("", alias="type", max_length=20)
Since = Query("", max_length=20)
Until = Query("", max_length=20)


@router.get("/ui/matrix", response_class=HTMLResponse)
async def matrix(request: Request, type_: str = Type, since: str = Since, until: str = Until,
                 svc: Services = Svc) -> HTMLResponse:
    filters, errors = _filters(type_, since, until)
    m = await svc.read(data.matrix, svc, filters)
    query = "&".join(f"{k}={v}" for k, v in filters.params().items())
    return page(request, svc, "matrix.html", status=400 if errors else 200, title="Matrix", m=m, errors=errors,
                form={"type": type_, "since": since, "until": until}, query=query,
                caption=_matrix_title(filters))


@router.get("/ui/matrix.csv")
async def matrix_csv(type_: str = Type, since: str = Since, until: str = Until,
                     svc: Services = Svc) -> Response:
    filters, errors = _filters(type_, since, until)
    if errors:
        return PlainTextResponse("\n".join(errors), status_code=400)
    m = await svc.read(data.matrix, svc, filters)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(m.csv_rows())
    return Response(out.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="kg-matrix.csv"'})


@router.get("/ui/matrix.svg")
async def matrix_svg(type_: str = Type, since: str = Since, until: str = Until,
                     svc: Services = Svc) -> Response:
    filters, errors = _filters(type_, since, until)
    if errors:
        return PlainTextResponse("\n".join(errors), status_code=400)
    m = await svc.read(data.matrix, svc, filters)
    return Response(chart.matrix_svg(m, _matrix_title(filters)), media_type="image/svg+xml",
                    headers={"Content-Disposition": 'inline; filename="kg-matrix.svg"'})


# ------------------------------------------------------------------ SPARQL
def _terms() -> dict[str, list[str]]:
    """Prefixed names used by the ontology and the canned queries, for completion."""
    found: dict[str, set[str]] = {}
    texts = [q.text for q in queries.all_queries().values()]
    texts += [p.read_text(encoding="utf-8") for p in ontology_dir().glob("*.ttl")]
    for text in texts:
        for prefix, local in re.findall(r"(?<![\w<#/:])([a-z][\w-]*):([A-Za-z_][\w-]*)", text):
            if prefix in PREFIXES or prefix in EXTRA_PREFIXES:
                found.setdefault(prefix, set()).add(local)
    return {p: sorted(v) for p, v in found.items()}


_TERMS: dict[str, list[str]] = {}

EXAMPLE = """PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

# Who opposes what, newest first
SELECT ?actorLabel ?topicLabel ?date
WHERE {
  ?s kg:actor/skos:prefLabel ?actorLabel ;
     kg:topic/skos:prefLabel ?topicLabel ;
     kg:position kg:oppose .
  OPTIONAL { ?s kg:statedOn ?date }
}
ORDER BY DESC(?date) ?actorLabel
LIMIT 100
"""


@router.get("/ui/sparql", response_class=HTMLResponse)
async def sparql(request: Request, svc: Services = Svc) -> HTMLResponse:
    if not _TERMS:
        _TERMS.update(_terms())
    canned = queries.all_queries()
    text, error = EXAMPLE, None
    name = request.query_params.get("name")
    if name in canned:  # the canned list without JavaScript: the form loads the bound query here
        wanted = {p.name for p in canned[name].params}
        values: dict[str, str] = {}
        for k, v in request.query_params.multi_items():  # several queries share a parameter's name
            if k in wanted and v.strip():
                values.setdefault(k, v.strip())
        try:
            text = canned[name].bind(values, svc.iris) if values else canned[name].text
        except KGError as exc:
            error = exc.message
    config = {
        "prefixes": {**PREFIXES, **EXTRA_PREFIXES}, "terms": _TERMS, "base": svc.iris.base,
        "bind": "/ui/sparql/bind/",
        "canned": {n: {"title": q.title, "text": q.text} for n, q in canned.items()},
    }
    return page(request, svc, "sparql.html", title="SPARQL", canned=canned, text=text, error=error,
                config=json.dumps(config, ensure_ascii=False).replace("</", "<\\/"))


@router.get("/ui/sparql/bind/{name}")
async def bind(request: Request, name: str, svc: Services = Svc) -> Response:
    """A canned query's text with the given parameters bound (the editor shows what runs)."""
    canned = queries.get(name, svc.store)
    values = dict(request.query_params.items())
    return PlainTextResponse(canned.bind(values, svc.iris), media_type="application/sparql-query")


# ------------------------------------------------------------------ ingest
@router.get("/ui/ingest", response_class=HTMLResponse)
async def ingest(request: Request, svc: Services = Svc) -> HTMLResponse:
    if not writes_on(svc):
        return not_found(request, svc, "Writes are switched off on this server, so there is no ingest page. "
                                       "Set KG_ADMIN_TOKEN (or KG_OPEN_WRITES=1) to switch them on.")
    return page(request, svc, "ingest.html", title="Add an article", token=svc.settings.admin_token is not None,
                positions=data.POSITIONS, today=date.today().isoformat())
