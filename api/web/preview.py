"""``POST /articles/preview``: the statements an article would give, as curated rows, stored nowhere.

The ingest page shows them for correction and sends the rows it keeps to ``POST /statements``
as curated JSON Lines. Like every write it needs the admin token when one is set, and is off
without one unless ``KG_OPEN_WRITES=1``: extraction costs CPU, and only writers need it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from pydantic import ValidationError as PydanticError

from api.auth import require_writer
from api.body import decode_utf8, media_type, read_body
from api.deps import Services, services
from api.problems import Unavailable, UnsupportedMediaType, responses
from api.rest.writes import ArticleIn
from kg.errors import ValidationError
from kg.model import Statement

Svc = Depends(services)
router = APIRouter(tags=["Writes"])


class Preview(BaseModel):
    rows: list[dict[str, Any]] = Field(description="Curated rows (the fields of POST /statements), in article order, "
                                                   "each with the extractor's cue and confidence; a row with "
                                                   "denied_by is a denial of reports, not a position")


def curated_row(st: Statement) -> dict[str, Any]:
    """A statement as the curated row that would store it again, unchanged."""
    row: dict[str, Any] = {
        "actor": st.actor.label, "actor_type": st.actor.type.value if st.actor.type else None,
        "actor_wikidata": st.actor.wikidata, "position": st.position.value, "topic": st.topic.label,
        "topic_broader": st.topic.broader, "source_url": st.source.url, "source_title": st.source.title,
        "publisher": st.source.publisher,
        "published": st.source.published.isoformat() if st.source.published else None,
        "date": st.stated_on.isoformat() if st.stated_on else None, "attributed_to": st.attributed_to,
        "quote": st.quote, "confidence": round(st.confidence, 3), "denied_by": st.denied_by,
    }
    return {k: v for k, v in row.items() if v is not None} | {"cue": st.cue}


def _extract(article: ArticleIn) -> list[dict[str, Any]]:
    try:
        from kg.extract import extract, load_article
    except ImportError as exc:
        raise Unavailable("article extraction is not available in this build") from exc
    import tempfile
    from pathlib import Path

    if not (article.title or article.url):
        raise ValidationError("an article needs a title or a url")
    with tempfile.TemporaryDirectory(prefix="kg-preview-") as folder:
        path = Path(folder) / "article.txt"
        path.write_text(article.text, encoding="utf-8")
        loaded = load_article(str(path), title=article.title, publisher=article.publisher, url=article.url,
                              published=article.published.isoformat() if article.published else None)
        # As POST /articles would store it: denials and shifts of position included.
        return [curated_row(st) for st in extract(loaded, analysis=True)]


BODY = {"requestBody": {"content": {"application/json": {"schema": ArticleIn.model_json_schema()}}}}


@router.post("/articles/preview", response_model=Preview, responses=responses(400, 401, 403, 413, 415, 422, 501),
             openapi_extra=BODY)
async def preview_article(request: Request, svc: Services = Svc) -> JSONResponse:
    """Extract statements from an article without storing anything: the rows ``POST /statements``
    would take, to correct or drop before storing (the ingest page's preview)."""
    require_writer(svc.settings, request)
    kind = media_type(request)
    if kind != "application/json":
        raise UnsupportedMediaType(f"send application/json, not {kind or 'no type'}")
    text = decode_utf8(request, await read_body(request, svc.settings.max_body_bytes))
    try:
        article = ArticleIn.model_validate_json(text)
    except PydanticError as exc:
        err = exc.errors()[0]
        raise ValidationError(f"{'.'.join(map(str, err['loc'])) or 'body'}: {err['msg']}") from None
    rows = await svc.read(_extract, article)
    return JSONResponse(Preview(rows=rows).model_dump(mode="json"))
