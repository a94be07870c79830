"""Curated statements from JSON Lines and CSV files, validated row by row with pydantic.

A bad row raises a :class:`~kg.errors.ValidationError` naming the file, line and field; the
caller reads every file before writing anything, so nothing from a bad batch is stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic import ValidationError as PydanticError
from pyoxigraph import NamedNode

from kg.dictionary import find_actor, find_topic
from kg.errors import InputError, ValidationError
from kg.model import Actor, ActorType, Position, Source, Statement, Topic

CURATED_SUFFIXES = (".jsonl", ".ndjson", ".csv")
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


class CuratedRow(BaseModel):
    """One curated statement, as written in a JSONL line or a CSV row."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    actor: Text
    actor_type: ActorType | None = None
    actor_wikidata: Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")] | None = None
    position: Position
    topic: Text
    topic_broader: Text | None = None
    source_url: str | None = None
    source_title: Text | None = None
    publisher: Text | None = None
    published: dt.date | None = None
    date: dt.date | None = None
    attributed_to: Text | None = None
    quote: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100_000)] | None = None
    confidence: float = Field(1.0, ge=0.0, le=1.0)
    denied_by: Text | None = None  # a denial: who says it is not so that actor holds position on topic

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any) -> Any:
        # CSV cells are never absent, only empty: treat "" as not given.
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v not in ("", None)}
        return data

    @field_validator("position", mode="before")
    @classmethod
    def _position_case(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("source_url")
    @classmethod
    def _absolute_iri(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an absolute http(s) URL")
        try:
            NamedNode(value)
        except ValueError as exc:
            raise ValueError(f"is not a valid IRI ({exc})") from exc
        return value

    @model_validator(mode="after")
    def _needs_a_source(self) -> CuratedRow:
        if not (self.source_url or self.source_title):
            raise ValueError("source_url or source_title is required")
        return self

    def to_statement(self) -> Statement:
        return Statement(
            actor=_actor(self.actor, self.actor_type, self.actor_wikidata),
            position=self.position,
            topic=_topic(self.topic, self.topic_broader),
            source=Source(self.source_title, self.source_url, self.publisher, self.published),
            date=self.date,
            attributed_to=self.attributed_to,
            quote=self.quote or None,
            confidence=self.confidence,
            denied_by=self.denied_by,
        )


def _actor(name: str, kind: ActorType | None, wikidata: str | None) -> Actor:
    """The dictionary's actor for a known name, with what the row says on top."""
    known = find_actor(name)
    if known is None:
        return Actor(name, kind, wikidata)
    return Actor(known.label, kind or known.type, wikidata or known.wikidata, known.aliases,
                 known.affiliation, known.role, known.outlet)


def _topic(name: str, broader: str | None) -> Topic:
    known = find_topic(name)
    if known is None:
        return Topic(name, broader)
    return Topic(known.label, broader or known.broader, known.aliases)


def _row_error(path: str, line: int, exc: PydanticError) -> ValidationError:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "(row)"
    message = err["msg"].removeprefix("Value error, ")
    return ValidationError(
        f"{path}, line {line}, field {field}: {message}",
        detail={"file": path, "line": line, "field": field, "error": message},
    )


def parse_rows(rows: Iterable[tuple[int, dict[str, Any]]], name: str) -> Iterator[Statement]:
    for line, raw in rows:
        try:
            yield CuratedRow.model_validate(raw).to_statement()
        except PydanticError as exc:
            raise _row_error(name, line, exc) from None
        except ValueError as exc:
            raise ValidationError(f"{name}, line {line}: {exc}") from None


def _jsonl_rows(text: str, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"{name}, line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(value, dict):
            raise ValidationError(f"{name}, line {number}: expected a JSON object")
        yield number, value


def _csv_rows(text: str, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        return
    unknown = set(reader.fieldnames) - set(CuratedRow.model_fields)
    if unknown:
        raise ValidationError(f"{name}, line 1: unknown column(s) {', '.join(sorted(unknown))}")
    for row in reader:
        if None in row:
            raise ValidationError(f"{name}, line {reader.line_num}: more cells than columns")
        yield reader.line_num, row


def parse_text(text: str, name: str, *, fmt: str) -> list[Statement]:
    """Statements from curated text; ``fmt`` is ``jsonl`` or ``csv``."""
    rows = _csv_rows(text, name) if fmt == "csv" else _jsonl_rows(text, name)
    statements = list(parse_rows(rows, name))
    if not statements:
        raise ValidationError(f"{name}: no statements in the file")
    return statements


def read_file(path: Path) -> list[Statement]:
    """Statements from a curated ``.jsonl`` or ``.csv`` file."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_text(text, str(path), fmt="csv" if path.suffix.lower() == ".csv" else "jsonl")
