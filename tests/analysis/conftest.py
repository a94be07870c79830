"""Fixtures for the analysis tests: the hand-written articles, the shared corpus, and helpers
that read findings back through the canned queries (so they run on all three stores)."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import NamedNode

from kg import queries
from kg.analysis.read import bind_many
from kg.results import rows
from tests.core.conftest import BASE, EXAMPLES, embedded, iris, snapshot, store  # noqa: F401
from tests.servers.fixtures import oxigraph_serve, virtuoso  # noqa: F401

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
ARTICLES = sorted(FIXTURES.glob("*.txt"))
CORPUS = EXAMPLES / "nato-invitation-resistance.jsonl"
INVITATION = "ukraines-invitation-to-nato"


def article(name: str) -> Path:
    return FIXTURES / f"{name}.txt"


def run(store, iris, name: str, **values) -> list[dict]:  # noqa: ANN001
    return list(rows(store.query(queries.get(name).bind(values, iris))))


def evidence(store, findings: list[str]) -> list[dict]:  # noqa: ANN001
    """finding-evidence rows for these findings' IRIs."""
    if not findings:
        return []
    text = bind_many(queries.get("finding-evidence").text, "finding", [NamedNode(f) for f in findings])
    return list(rows(store.query(text)))


def short(iri: str | None) -> str | None:
    """The last path segment of an IRI: an id."""
    return iri.rsplit("/", 1)[-1] if iri else None


def derived(store) -> list[str]:  # noqa: ANN001
    """Every quad in a derived graph, as sorted N-Quads lines."""
    return [line for line in snapshot(store) if f"<{BASE}graph/derived/" in line]
