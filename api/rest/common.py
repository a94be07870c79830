"""What every REST endpoint shares: running canned queries, paging, ids, and the JSON/RDF choice.

Values from users are bound by :meth:`kg.queries.CannedQuery.bind` (a VALUES block, never
pasted into text). Lists of IRIs taken from our own results (a page of statements) are bound
the same way, with a multi-row VALUES block.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from pyoxigraph import NamedNode, RdfFormat, serialize

from api.deps import Services
from api.negotiation import negotiate
from api.rendered import Rendered
from kg import queries
from kg.errors import NotFound
from kg.queries import _outer_group
from kg.results import rows
from kg.vocab import PREFIXES, Iris

REST_FORMATS = {"json": "application/json", "turtle": "text/turtle", "jsonld": "application/ld+json"}
RDF_OUT = {"turtle": RdfFormat.TURTLE, "jsonld": RdfFormat.JSON_LD}
MAX_LIMIT = 1000
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip")]
REST_CONTENT = {"application/json": {}, "text/turtle": {}, "application/ld+json": {}}


def run(svc: Services, name: str, values: Mapping[str, str | None] | None = None,
        many: Mapping[str, Sequence[NamedNode]] | None = None,
        page: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """Rows of a canned query (blocking: call through ``svc.read``), at most the result cap.

    ``page`` is ``(limit, offset)``: only those rows of the query's order leave the store,
    which is what keeps a page of a long listing cheap (its total comes from a count query).
    """
    text = queries.get(name, svc.store).bind({k: v for k, v in (values or {}).items() if v is not None}, svc.iris)
    for var, terms in (many or {}).items():
        at = _outer_group(text)
        block = f"\n  VALUES ?{var} {{ {' '.join(str(t) for t in terms)} }}\n"
        text = text[: at + 1] + block + text[at + 1:]
    if page is not None:
        limit, offset = page
        text += f"\nLIMIT {int(limit)} OFFSET {int(offset)}\n"
    return list(rows(svc.store.query(text), cap=svc.settings.result_cap))


def count(svc: Services, name: str, values: Mapping[str, str | None] | None = None) -> int:
    """The single number a counting canned query (one row, one ``?total``) gives."""
    return int(run(svc, name, values)[0]["total"])


def slug(iris: Iris, iri: str | None) -> str | None:
    """The id part of an IRI minted here (``.../actor/hungary`` -> ``hungary``)."""
    if iri is None:
        return None
    found = iris.kind_and_slug(iri)
    return found[1] if found else iri


def require(rows_: list[dict[str, Any]], what: str, ident: str) -> dict[str, Any]:
    if not rows_:
        raise NotFound(f"no {what} {ident!r}")
    return rows_[0]


def split(value: str | None, sep: str = "\x1f") -> list[str]:
    return sorted(v for v in (value or "").split(sep) if v)


def main_type(types: str | None) -> str | None:
    """One type for an actor that has several (data from many sources may disagree)."""
    found = set((types or "").split())
    return next((t for t in ("state", "organization", "person") if t in found), None)


def wikidata_id(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1] if iri else None


async def answer(request: Request, svc: Services, fn: Callable[..., BaseModel | Rendered], *args: Hashable,
                 describe: Callable[[Any], Iterable[str]], local: bool = False) -> Response:
    """A cached REST answer: its JSON as remembered (no model is rebuilt for it), or by ``Accept``
    Turtle or JSON-LD: the triples about the IRIs ``describe`` picks from the model."""
    fmt = negotiate(request.headers.get("accept"), REST_FORMATS)
    kind, body, model = await svc.cached_json(fn, *args, local=local)
    if fmt == "json":
        return Response(body, media_type="application/json", headers={"Vary": "Accept"})
    subjects = list(dict.fromkeys(describe(model if model is not None else kind.model_validate_json(body))))
    rdf = await svc.read(describe_rdf, svc, subjects, RDF_OUT[fmt])
    return Response(rdf, media_type=REST_FORMATS[fmt], headers={"Vary": "Accept"})


def describe_rdf(svc: Services, subjects: Sequence[str], fmt: RdfFormat) -> bytes:
    """Every triple (in any graph) whose subject is one of ``subjects``, serialised."""
    if not subjects:
        return serialize([], format=fmt, prefixes=PREFIXES) or b""
    values = " ".join(str(NamedNode(s)) for s in subjects)
    result = svc.store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}")
    return serialize(result, format=fmt, prefixes=PREFIXES) or b""
