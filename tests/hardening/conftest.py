"""Hardening tests: the real uvicorn servers of tests/api, plus a place to record figures.

Each test records what it tried and measured with ``figure(case, **numbers)``; the lines go
to ``$KG_FIGURES`` (JSON Lines, default a file in the temp folder) and back RELIABILITY.md.
A run of this folder ends with the figures it recorded, one line per case.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.api.conftest import http, locked, open_writes, server  # noqa: F401  (fixtures)

FIGURES = Path(os.environ.get("KG_FIGURES", Path(tempfile.gettempdir()) / "kg-hardening-figures.jsonl"))
STARTED = time.time()


def record_figure(test: str, case: str, **numbers: object) -> None:
    with FIGURES.open("a") as out:
        out.write(json.dumps({"test": test, "case": case, "at": round(time.time(), 1), **numbers}) + "\n")


@pytest.fixture
def figure(request: pytest.FixtureRequest) -> Callable[..., None]:
    def record(case: str, **numbers: object) -> None:
        record_figure(request.node.nodeid, case, **numbers)
    return record


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The figures this run recorded (also when the tests ran in xdist workers)."""
    if not FIGURES.exists():
        return
    found = []
    for line in FIGURES.read_text().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("at", 0) >= STARTED:
            found.append(entry)
    if found:
        terminalreporter.section(f"hardening figures (also in {FIGURES})")
        for entry in found:
            numbers = ", ".join(f"{k}={v}" for k, v in entry.items() if k not in ("test", "case", "at"))
            terminalreporter.write_line(f"{entry['case']}: {numbers}")
