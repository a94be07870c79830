"""Fixtures every test folder shares."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Playwright, sync_playwright


@pytest.fixture(scope="session")
def store_kind() -> str:
    """Which store a kg server runs on; tests/api/conftest.py runs its tests on all three."""
    return "embedded"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """One Playwright per test process: the browser tests of tests/web and tests/analysis share it
    (starting a second one in the same process fails: its event loop is still running)."""
    with sync_playwright() as p:
        yield p
