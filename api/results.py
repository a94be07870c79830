"""Responses for query results that a worker has already evaluated in full."""

from __future__ import annotations

from starlette.background import BackgroundTask
from starlette.responses import FileResponse, Response

from kg.executor import Outcome, remove_result
from kg.executor.formats import GRAPH, TABULAR

TEXT_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples"}


def media_type_of(outcome: Outcome) -> str:
    media = (GRAPH if outcome.kind == "graph" else TABULAR)[outcome.format]
    return f"{media}; charset=utf-8" if media in TEXT_TYPES else media


def respond(outcome: Outcome, *, headers: dict[str, str] | None = None) -> Response:
    """Small results from memory, large ones streamed from the worker's file, then deleted."""
    extra = {"Vary": "Accept", "X-Result-Count": str(outcome.count), **(headers or {})}
    if outcome.path is not None:
        return FileResponse(outcome.path, media_type=media_type_of(outcome), headers=extra,
                            background=BackgroundTask(remove_result, outcome.path))
    return Response(outcome.body or b"", media_type=media_type_of(outcome), headers=extra)
