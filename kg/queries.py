"""Canned SPARQL queries: readable ``queries/*.rq`` files with a header, run with bound values.

Header lines at the top of a file, before the query::

    # title: Who holds which position on a topic
    # description: Every statement on a topic or any narrower topic, newest first.
    # param: topic topic required  The topic's id, e.g. ukraines-invitation-to-nato
    # param: position position  Only this position

A parameter's value is turned into an RDF term by its type and bound with a ``VALUES`` block
placed at the start of the query's outermost group: values are never pasted into the text
as strings, so nothing a user sends can change the query's shape. Unbound optional
parameters stay unbound; queries test them with ``BOUND``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from kg.errors import NotFound, ValidationError
from kg.ids import slugify
from kg.model import ActorType, Position
from kg.resources import queries_dir
from kg.vocab import KG, XSD, Iris

PARAM_TYPES = ("actor", "topic", "source", "statement", "iri", "string", "date", "integer", "position", "actor_type")
_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,120}$")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class CannedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    def bind(self, values: Mapping[str, str | None], iris: Iris) -> str:
        """The query with each given parameter bound by a VALUES block."""
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise ValidationError(f"query {self.name!r} has no parameter {sorted(unknown)[0]!r}")
        names, terms = [], []
        for param in self.params:
            raw = values.get(param.name)
            if raw is None or raw == "":
                if param.required:
                    raise ValidationError(f"query {self.name!r} needs the parameter {param.name!r}")
                continue
            names.append(f"?{param.name}")
            terms.append(str(to_term(param, raw, iris)))
        if not names:
            return self.text
        block = f"\n  VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"
        at = _outer_group(self.text)
        return self.text[: at + 1] + block + self.text[at + 1 :]


def to_term(param: Param, raw: str, iris: Iris) -> NamedNode | Literal:
    """A user's string as the RDF term a parameter of this type stands for, or a 422."""
    try:
        match param.type:
            case "actor" | "topic" | "source" | "statement":
                if not _SLUG.match(raw):
                    raise ValueError(f"not an id: ids are lowercase letters, digits and '-' (try {slugify(raw)!r})")
                return getattr(iris, param.type)(raw)
            case "iri":
                if not raw.startswith(("http://", "https://", "urn:")):
                    raise ValueError("not an absolute IRI")
                return NamedNode(raw)
            case "date":
                return Literal(date.fromisoformat(raw).isoformat(), datatype=NamedNode(XSD + "date"))
            case "integer":
                return Literal(str(int(raw)), datatype=NamedNode(XSD + "integer"))
            case "position":
                return NamedNode(KG + Position(raw.lower()).value)
            case "actor_type":
                return NamedNode(KG + ActorType(raw.lower()).value.capitalize())
            case _:
                if len(raw) > 1000:
                    raise ValueError("longer than 1000 characters")
                return Literal(raw)
    except ValueError as exc:
        raise ValidationError(f"parameter {param.name!r}: {exc}", detail={"parameter": param.name}) from None


def _outer_group(text: str) -> int:
    """Offset of the ``{`` that opens the query's outermost group (after WHERE)."""
    i = 0
    while i < len(text):
        c = text[i]
        if c == "#":
            i = text.find("\n", i) if "\n" in text[i:] else len(text)
            continue
        if c in "\"'":
            end = text.find(c, i + 1)
            i = end + 1 if end > 0 else len(text)
            continue
        if c == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", text[i:]):
            i = text.index(">", i) + 1
            continue
        if c == "{":
            return i
        i += 1
    raise ValueError("query has no group to bind values in")


def parse(name: str, text: str) -> CannedQuery:
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not line.startswith("#"):
            break
        if not m:
            continue
        key, value = m.groups()
        if key == "param":
            pname, ptype, *rest = value.split(None, 2)
            required = bool(rest) and rest[0].startswith("required")
            desc = rest[0].removeprefix("required").strip() if rest else ""
            if ptype not in PARAM_TYPES:
                raise ValueError(f"{name}.rq: parameter {pname} has unknown type {ptype}")
            params.append(Param(pname, ptype, required, desc))
        else:
            meta[key] = value.strip()
    return CannedQuery(name, meta.get("title", name), meta.get("description", ""), tuple(params), text)


@cache
def _load_all(folder: Path) -> dict[str, CannedQuery]:
    return {p.stem: parse(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))}


def all_queries() -> dict[str, CannedQuery]:
    return _load_all(queries_dir())


def is_name(text: str) -> bool:
    """Whether a string names a canned query rather than being SPARQL itself."""
    return bool(_NAME.match(text)) and text in all_queries()


def get(name: str, store: object | None = None) -> CannedQuery:
    """The canned query ``name``; for a store whose dialect has its own version of it
    (``queries/<dialect>/<name>.rq``, to step around that store's bugs), that version."""
    if not _NAME.match(name) or name not in all_queries():
        raise NotFound(f"no canned query {name!r}; see `kg query --list`")
    dialect = getattr(getattr(store, "dialect", None), "name", None)
    if dialect and _NAME.match(dialect):
        return _load_all(queries_dir() / dialect).get(name, all_queries()[name])
    return all_queries()[name]
