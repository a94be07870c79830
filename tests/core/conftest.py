"""Fixtures for the graph core: stores in temporary folders, the sample data, IRIs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.store.embedded import EmbeddedStore
from kg.vocab import Iris
from tests.servers.fixtures import STORE_KINDS, open_kind, oxigraph_serve, virtuoso  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
BASE = "http://example.org/id/"


@pytest.fixture
def iris() -> Iris:
    return Iris(BASE)


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """Each test that takes a store runs on the embedded store, `oxigraph serve` and Virtuoso."""
    s = open_kind(request.param, request, tmp_path / "store", BASE)
    yield s
    s.close()


@pytest.fixture
def embedded(tmp_path: Path):
    s = EmbeddedStore.open(tmp_path / "store")
    yield s
    s.close()


def snapshot(store) -> list[str]:
    """Every quad of the store, as sorted N-Quads lines: equal snapshots mean nothing changed."""
    import io

    from pyoxigraph import RdfFormat

    out = io.BytesIO()
    store.dump(out, RdfFormat.N_QUADS)
    return sorted(out.getvalue().decode().splitlines())


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
