"""API fuzzing: schemathesis over the app's own OpenAPI, every operation, with and without the
token, against a real server: no 5xx, and every response matches its documented schema."""

from __future__ import annotations

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

EXAMPLES = 12  # per operation and per token state; derandomized, so every CI run tries the same inputs
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


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
    case.call_and_validate(base_url=fuzzed.url, checks=CHECKS, timeout=30)


@schema.parametrize()
@SETTINGS
def test_every_operation_with_the_token(case: schemathesis.Case, fuzzed: Server) -> None:
    case.call_and_validate(base_url=fuzzed.url, headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS, timeout=30)
