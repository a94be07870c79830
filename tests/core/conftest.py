"""Fixtures for the graph core: stores in temporary folders, the sample data, IRIs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.store.embedded import EmbeddedStore
from kg.vocab import Iris

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
BASE = "http://example.org/id/"


@pytest.fixture
def iris() -> Iris:
    return Iris(BASE)


@pytest.fixture
def store(tmp_path: Path):
    s = EmbeddedStore.open(tmp_path / "store")
    yield s
    s.close()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
