"""Query results as plain rows, and as the JSON, CSV and tables the CLI prints."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, RdfFormat, serialize

from kg.errors import QueryLimitExceeded
from kg.store.base import QueryResult
from kg.vocab import PREFIXES, XSD

_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "long", "int")}


def plain(term: object) -> Any:
    """A term as a JSON-friendly value: IRIs and strings as str, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        if term.datatype.value in _NUMERIC:
            try:
                number = float(term.value)
                return int(number) if number.is_integer() and "." not in term.value else number
            except ValueError:
                return term.value
        if term.datatype.value == XSD + "boolean":
            return term.value == "true"
        return term.value
    return str(term)


def rows(result: QuerySolutions, cap: int | None = None) -> Iterator[dict[str, Any]]:
    """Solutions as dicts (variable name without '?' -> plain value); stops past ``cap``."""
    names = [v.value for v in result.variables]
    for count, solution in enumerate(result, start=1):
        if cap is not None and count > cap:
            raise QueryLimitExceeded(f"the query returned more than {cap} rows")
        yield {name: plain(solution[name]) for name in names}


def render(result: QueryResult, fmt: str) -> str:
    """A result as text for the terminal: ``table``, ``json`` or ``csv`` (graphs as Turtle)."""
    if isinstance(result, QueryBoolean):
        return json.dumps(bool(result)) if fmt == "json" else ("yes" if result else "no")
    if not hasattr(result, "variables"):  # triples: pyoxigraph's, or a remote store's
        return serialize(iter(result), format=RdfFormat.TURTLE, prefixes=PREFIXES).decode()
    names = [v.value for v in result.variables]
    data = list(rows(result))
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
        return out.getvalue()
    return _table(names, data)


def _table(names: list[str], data: list[dict[str, Any]]) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for name in names:  # long cells end in an ellipsis; --format json or csv gives them whole
        natural = max([len(name), *(len(str(row[name] or "")) for row in data)])
        table.add_column(name, width=min(natural, 40), no_wrap=True, overflow="ellipsis")
    for row in data:
        table.add_row(*("" if row[n] is None else str(row[n]) for n in names))
    console = Console(file=io.StringIO(), width=100_000, force_terminal=False)
    console.print(table)
    console.print(f"{len(data)} row{'s' if len(data) != 1 else ''}")
    return console.file.getvalue()  # type: ignore[attr-defined]
