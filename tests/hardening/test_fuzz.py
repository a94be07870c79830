"""API fuzzing: schemathesis over the app's own OpenAPI, every operation, with and without the
token, against a real server: no 5xx, and every response matches its documented schema."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import TOKEN, Server, _serve
from tests.hardening.conftest import record_figure

# per operation and per token state; derandomized, so every CI run tries the same inputs
EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "100"))
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


TRIED: Counter[tuple[str, str]] = Counter()  # (token state, operation) -> requests sent


@pytest.fixture(scope="module", autouse=True)
def _tally() -> Iterator[None]:
    """One figure for the module: what was tried (every response passed the checks, or a test failed)."""
    started = time.monotonic()
    yield
    if TRIED:
        operations = {op for _, op in TRIED}
        record_figure("tests/hardening/test_fuzz.py", "API fuzzing (schemathesis)", examples_per_operation=EXAMPLES,
                      operations=len(operations), operation_runs=len(TRIED), requests=sum(TRIED.values()),
                      anonymous=sum(n for (who, _), n in TRIED.items() if who == "anonymous"),
                      with_token=sum(n for (who, _), n in TRIED.items() if who == "token"),
                      seconds=round(time.monotonic() - started))


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of its own: the fuzzer writes with the token, and may clear graphs."""
    yield from _serve(tmp_path_factory, "fuzzed", KG_ADMIN_TOKEN=TOKEN, KG_QUERY_TIMEOUT="2", KG_RESULT_CAP="300",
                      KG_MAX_BODY_BYTES="65536")


@pytest.fixture(scope="module")
def api_schema(fuzzed: Server) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{fuzzed.url}/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck), print_blob=True)


@schema.parametrize()
@SETTINGS
def test_every_operation_anonymous(case: schemathesis.Case, fuzzed: Server) -> None:
    TRIED["anonymous", f"{case.operation.method.upper()} {case.operation.path}"] += 1
    case.call_and_validate(base_url=fuzzed.url, checks=CHECKS, timeout=30)


@schema.parametrize()
@SETTINGS
def test_every_operation_with_the_token(case: schemathesis.Case, fuzzed: Server) -> None:
    TRIED["token", f"{case.operation.method.upper()} {case.operation.path}"] += 1
    case.call_and_validate(base_url=fuzzed.url, headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS, timeout=30)
