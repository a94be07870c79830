"""Listing items (``PositionItem``) from ``statement-rows`` rows.

The read model writes an item's JSON itself (:mod:`kg.readmodel.items`); rows from SPARQL go
through :func:`position_item`, whose JSON is the same bytes. A positions page is then its
items' JSON joined into an envelope (:mod:`api.rendered`), with no model built for any of them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from api.rest.common import slug
from api.rest.models import PositionItem
from kg.vocab import Iris

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(value: str | None) -> str | None:
    """A calendar date's YYYY-MM-DD form, or None for anything else (as the read model's SQL does)."""
    if value is None or not _DATE.fullmatch(value):
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def item_fields(iris: Iris, row: dict[str, Any]) -> dict[str, Any]:
    """A ``statement-rows`` row as the fields of a ``PositionItem``."""
    return {
        "statement": slug(iris, row["statement"]),
        "iri": row["statement"],
        "position": row["position"],
        # Plain dicts: the item's model validates them in one pass (a model each cost a pass each).
        "topic": {"id": slug(iris, row["topic"]), "iri": row["topic"], "label": row["topicLabel"]},
        "date": iso_date(row["date"]),
        "source": {"id": slug(iris, row["source"]), "iri": row["source"], "title": row["sourceTitle"],
                   "url": row["sourceUrl"], "publisher": row["publisherLabel"],
                   "published": iso_date(row["published"])},
        "attributed_to": row["attributedToLabel"],
        "quote": row["quote"],
    }


def position_item(iris: Iris, row: dict[str, Any], actor: str | None = None) -> PositionItem:
    """The item of a ``statement-rows`` row; with ``actor``, a statement whose actor is someone
    else (a leader speaking for a state) is marked with its ``speaker`` and ``via: affiliation``."""
    fields = item_fields(iris, row)
    if actor is not None and row["actor"] != actor:
        fields["speaker"] = {"id": slug(iris, row["actor"]), "label": row["actorLabel"], "role": row["actorRole"]}
        fields["via"] = "affiliation"
    return PositionItem(**fields)
