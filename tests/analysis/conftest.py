"""Fixtures for the analysis tests: the hand-written articles, the shared corpus, and helpers
that read findings back through the canned queries (so they run on all three stores)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from kg import queries
from kg.analysis.read import bind_many
from kg.ingest import ingest_paths
from kg.results import rows
from kg.store.embedded import EmbeddedStore
from kg.vocab import Iris
from tests.core.conftest import BASE, EXAMPLES, embedded, iris, snapshot, store  # noqa: F401
from tests.servers.fixtures import oxigraph_serve, virtuoso  # noqa: F401

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
ARTICLES = sorted(FIXTURES.glob("*.txt"))
CORPUS = EXAMPLES / "nato-invitation-resistance.jsonl"
INVITATION = "ukraines-invitation-to-nato"


def article(name: str) -> Path:
    return FIXTURES / f"{name}.txt"


def run(db, iris, name: str, **values) -> list[dict]:  # noqa: ANN001, F811
    """Rows of a canned query on a store."""
    return list(rows(db.query(queries.get(name).bind(values, iris))))


def evidence(db, findings: list[str]) -> list[dict]:  # noqa: ANN001
    """finding-evidence rows for these findings' IRIs."""
    if not findings:
        return []
    text = bind_many(queries.get("finding-evidence").text, "finding", [NamedNode(f) for f in findings])
    return list(rows(db.query(text)))


def short(iri: str | None) -> str | None:
    """The last path segment of an IRI: an id."""
    return iri.rsplit("/", 1)[-1] if iri else None


def derived(db) -> list[str]:  # noqa: ANN001
    """Every quad in a derived graph, as sorted N-Quads lines."""
    return [line for line in snapshot(db) if f"<{BASE}graph/derived/" in line]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """A real API server with the shared corpus and every hand-written article but the denial
    (the API tests post it), writes on with the admin token."""
    from tests.api.conftest import BASE as API_BASE
    from tests.api.conftest import TOKEN, start, stop

    folder = tmp_path_factory.mktemp("analysis-api")
    db = EmbeddedStore.open(folder / "data")
    try:
        ingest_paths(db, [CORPUS, *(p for p in ARTICLES if "budapest-denies" not in p.name)], Iris(API_BASE))
    finally:
        db.close()
    running = start(folder, KG_ADMIN_TOKEN=TOKEN)
    yield running
    stop(running)


@pytest.fixture(scope="module")
def denied(server) -> None:  # noqa: ANN001
    """The denial arrives the next day, through the REST write path."""
    import httpx

    from tests.api.conftest import TOKEN

    text = article("adriatic-times-budapest-denies").read_text(encoding="utf-8")
    r = httpx.post(f"{server.url}/articles", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60, json={
        "text": text, "title": "Budapest denies blocking Ukraine's NATO invitation", "publisher": "Adriatic Times",
        "url": "https://adriatic-times.example/world/budapest-denies-blocking-nato-invitation",
        "published": "2024-10-25"})
    assert r.status_code == 201, r.text
