"""Hardening tests: the real uvicorn servers of tests/api, plus a place to record figures.

Each test records what it tried and measured with ``figure(case, **numbers)``; the lines go
to ``$KG_FIGURES`` (JSON Lines, default a file in the temp folder) and back RELIABILITY.md.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.api.conftest import http, locked, open_writes, server  # noqa: F401  (fixtures)

FIGURES = Path(os.environ.get("KG_FIGURES", Path(tempfile.gettempdir()) / "kg-hardening-figures.jsonl"))


@pytest.fixture
def figure(request: pytest.FixtureRequest) -> Callable[..., None]:
    def record(case: str, **numbers: object) -> None:
        with FIGURES.open("a") as out:
            out.write(json.dumps({"test": request.node.nodeid, "case": case, **numbers}) + "\n")
    return record
