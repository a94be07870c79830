"""Fixtures every test folder shares."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def store_kind() -> str:
    """Which store a kg server runs on; tests/api/conftest.py runs its tests on all three."""
    return "embedded"
