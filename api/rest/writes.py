"""Writes over REST: ``POST /statements`` (curated JSON, JSONL or CSV) and ``POST /articles``.

Each request is read and validated whole, then written in one transaction. Both need the
admin token when one is set, and are off without one unless ``KG_OPEN_WRITES=1``.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticError

from api.auth import require_writer
from api.body import decode_utf8, media_type, read_body
from api.deps import Services, Svc
from api.problems import Unavailable, UnsupportedMediaType, responses
from api.rest.models import WriteResult
from kg import curated
from kg.errors import ValidationError
from kg.ingest import ingest_statements
from kg.model import Statement

router = APIRouter(tags=["Writes"])
JSONL = {"application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines"}
STATEMENTS_BODY = {"requestBody": {"content": {
    "application/json": {"schema": {"type": "array", "items": curated.CuratedRow.model_json_schema()}},
    "application/x-ndjson": {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}}}}


class ArticleIn(BaseModel):
    """An article to extract statements from; its text is given (the server fetches nothing)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article's text")
    title: str | None = None
    publisher: str | None = None
    url: str | None = Field(None, pattern=r"^https?://", description="Where it was published (not fetched)")
    published: date | None = None


ARTICLE_BODY = {"requestBody": {"content": {
    "application/json": {"schema": ArticleIn.model_json_schema()},
    "text/plain": {"schema": {"type": "string"}, "description": "The text; metadata in the query string"}}}}


def _records(statements: list[Statement], base_iri: str) -> list[dict[str, Any]]:
    from kg.vocab import Iris

    iris = Iris(base_iri)
    return [{"statement": st.id, "iri": iris.statement(st.id).value, "actor": st.actor.label,
             "position": st.position.value, "topic": st.topic.label, "source": iris.source(st.source.slug).value,
             "date": st.stated_on.isoformat() if st.stated_on else None, "attributed_to": st.attributed_to,
             "quote": st.quote} for st in statements]


def _result(svc: Services, statements: list[Statement], items: list[dict[str, Any]]) -> JSONResponse:
    sources = list(dict.fromkeys(svc.iris.source(st.source.slug).value for st in statements))
    body = WriteResult(sources=sources, statements=len(statements), items=items)
    return JSONResponse(body.model_dump(mode="json"), status_code=201)


@router.post("/statements", status_code=201, response_model=WriteResult, openapi_extra=STATEMENTS_BODY,
             responses=responses(401, 403, 413, 415, 422))
async def post_statements(*, request: Request, svc: Svc) -> JSONResponse:
    """Curated statements as a JSON array (or one object), JSON Lines, or CSV; all or nothing."""
    require_writer(svc.settings, request)
    kind = media_type(request)
    text = decode_utf8(request, await read_body(request, svc.settings.max_body_bytes))
    if kind == "application/json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"the body is not valid JSON ({exc.msg})") from None
        rows = value if isinstance(value, list) else [value]
        text, fmt = "\n".join(json.dumps(r) for r in rows), "jsonl"
    elif kind in JSONL:
        fmt = "jsonl"
    elif kind == "text/csv":
        fmt = "csv"
    else:
        raise UnsupportedMediaType(f"send application/json, application/x-ndjson or text/csv, not {kind or 'no type'}")
    statements = curated.parse_text(text, "request body", fmt=fmt)
    await svc.write(ingest_statements, svc.store, statements, svc.iris)
    return _result(svc, statements, _records(statements, svc.settings.base_iri))


@router.post("/articles", status_code=201, response_model=WriteResult, openapi_extra=ARTICLE_BODY,
             responses=responses(400, 401, 403, 413, 415, 422, 501))
async def post_article(
    *,
    request: Request,
    title: Annotated[str | None, Query(description="Title (text/plain bodies)")] = None,
    publisher: Annotated[str | None, Query(description="Publisher (text/plain bodies)")] = None,
    url: Annotated[str | None, Query(pattern=r"^https?://", description="URL, not fetched (text/plain bodies)")] = None,
    published: Annotated[date | None, Query(description="Publication date (text/plain bodies)")] = None,
    svc: Svc,
) -> JSONResponse:
    """Extract statements from an article and store them in one transaction; returns them."""
    require_writer(svc.settings, request)
    kind = media_type(request)
    text = decode_utf8(request, await read_body(request, svc.settings.max_body_bytes))
    if kind == "application/json":
        try:
            article = ArticleIn.model_validate_json(text)
        except PydanticError as exc:
            err = exc.errors()[0]
            raise ValidationError(f"{'.'.join(map(str, err['loc'])) or 'body'}: {err['msg']}") from None
    elif kind == "text/plain":
        try:
            article = ArticleIn(text=text, title=title, publisher=publisher, url=url, published=published)
        except PydanticError as exc:  # an empty text
            err = exc.errors()[0]
            raise ValidationError(f"{'.'.join(map(str, err['loc'])) or 'body'}: {err['msg']}") from None
    else:
        raise UnsupportedMediaType(f"send application/json or text/plain, not {kind or 'no type'}")
    statements, records = await svc.read(_extract, article, svc.settings.base_iri)
    if statements:
        await svc.write(lambda: ingest_statements(svc.store, statements, svc.iris, method="extracted"))
    return _result(svc, statements, records)


def _extract(article: ArticleIn, base_iri: str) -> tuple[list[Statement], list[dict[str, Any]]]:
    try:
        from kg.extract import extract, load_article, to_records
    except ImportError as exc:
        raise Unavailable("article extraction is not available in this build") from exc
    if not (article.title or article.url):
        raise ValidationError("an article needs a title or a url")
    with tempfile.TemporaryDirectory(prefix="kg-article-") as folder:
        path = Path(folder) / "article.txt"
        path.write_text(article.text, encoding="utf-8")
        loaded = load_article(str(path), title=article.title, publisher=article.publisher, url=article.url,
                              published=article.published.isoformat() if article.published else None)
        statements = extract(loaded, analysis=True)  # denials and shifts too (kg.analysis)
    records = to_records(statements, base_iri)
    for record, st in zip(records, statements, strict=True):  # link each record to its statement
        record.update(statement=st.id, iri=f"{base_iri}statement/{st.id}")
    return statements, records
