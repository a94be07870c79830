"""Access: every write path needs the token when one is set and is off when none is; the
token is compared in constant time and never logged; CORS never allows credentials."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable

import httpx
import pytest

from api import auth
from tests.api.conftest import TOKEN, Server, preload, start, stop

ROW = [{"actor": "Access Test", "position": "support", "topic": "Access", "source_title": "Access test source"}]
TTL = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> ."
G = {"graph": "http://example.org/access-graph"}

# (method, path, keyword arguments) for every write the API has
WRITES: list[tuple[str, str, dict]] = [
    ("POST", "/sparql/update", {"content": b"INSERT DATA { <x:s> <x:p> <x:o> }",
                                "headers": {"Content-Type": "application/sparql-update"}}),
    ("POST", "/sparql/update", {"data": {"update": "CLEAR ALL"}}),
    ("PUT", "/graphs", {"params": G, "content": TTL, "headers": {"Content-Type": "text/turtle"}}),
    ("POST", "/graphs", {"params": G, "content": TTL, "headers": {"Content-Type": "text/turtle"}}),
    ("DELETE", "/graphs", {"params": G}),
    ("POST", "/statements", {"json": ROW}),
    ("POST", "/articles", {"json": {"text": "Hungary opposes Ukraine's invitation to NATO, Viktor Orbán said.",
                                  "title": "Access test article"}}),
    ("DELETE", "/sources/access-test-source", {}),
    ("POST", "/articles/preview", {"json": {"text": "Hungary opposes the plan."}}),
]
BAD = [None, "Bearer", "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}",
       f"bearer  {TOKEN} extra"]


def _send(client: httpx.Client, method: str, path: str, kwargs: dict, authorization: str | None) -> httpx.Response:
    headers = dict(kwargs.get("headers", {}))
    if authorization is not None:
        headers["Authorization"] = authorization
    return client.request(method, path, **{**kwargs, "headers": headers})


def test_every_write_needs_the_token(server: Server, figure: Callable[..., None]) -> None:
    tried = 0
    with server.client() as client:
        before = client.get("/health").json()["snapshot"]
        for method, path, kwargs in WRITES:
            for authorization in BAD:
                response = _send(client, method, path, kwargs, authorization)
                tried += 1
                assert response.status_code == 401, (method, path, authorization, response.text)
                assert response.headers["content-type"].startswith("application/problem+json")
                assert response.headers["www-authenticate"].startswith("Bearer")
        assert client.get("/health").json()["snapshot"] == before  # nothing was written
    figure("writes without a valid token", paths=len(WRITES), attempts=tried, accepted=0)


def test_writes_are_off_without_a_token(locked: Server, figure: Callable[..., None]) -> None:
    tried = 0
    with locked.client() as client:
        for method, path, kwargs in WRITES:
            for authorization in (None, f"Bearer {TOKEN}", "Bearer anything"):
                response = _send(client, method, path, kwargs, authorization)
                tried += 1
                if path == "/articles/preview" and response.status_code == 200:
                    continue  # preview stores nothing; it follows the REST write rule
                assert response.status_code == 403, (method, path, authorization, response.text)
        assert client.get("/health").json()["writes"] == "off"
    figure("writes on a server with no token", paths=len(WRITES), attempts=tried, accepted=0)


def test_the_token_unlocks_every_write(server: Server) -> None:
    with server.client(headers=server.admin) as client:
        codes = {(m, p): client.request(m, p, **k).status_code for m, p, k in WRITES if "CLEAR ALL" not in str(k)}
    assert all(c < 400 or p == "/articles/preview" and c == 422 for (_, p), c in codes.items()), codes


def test_the_token_is_compared_in_constant_time() -> None:
    source = inspect.getsource(auth._check)
    assert "hmac.compare_digest" in source and "==" not in source


def test_the_token_is_never_logged(tmp_path_factory: pytest.TempPathFactory, figure: Callable[..., None]) -> None:
    """On a server logging everything it can (debug level, access log), the token never shows."""
    folder = tmp_path_factory.mktemp("verbose")
    preload(folder / "data")
    server = start(folder, KG_ADMIN_TOKEN=TOKEN, KG_QUERY_WORKERS="1", command=[
        sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
        "--port", "{port}", "--log-level", "debug", "--access-log"])
    try:
        with server.client() as client:
            client.post("/sparql/update", content=b"INSERT DATA {",
                        headers={**server.admin, "Content-Type": "application/sparql-update"})
            client.post("/sparql/update", content=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                        headers={**server.admin, "Content-Type": "application/sparql-update"})
            client.post("/statements", json=[{"actor": 1}], headers={"Authorization": f"Bearer {TOKEN}-wrong"})
            client.post("/statements", json=[{"actor": 1}], headers={"Authorization": TOKEN})
            client.get("/health", headers=server.admin)
    finally:
        stop(server)
    log = server.log.read_text()
    assert len(log.splitlines()) >= 5  # the access log saw every request
    assert TOKEN not in log
    figure("token never logged", requests=5, log_lines=len(log.splitlines()), token_in_log=0)


def test_cors_never_allows_credentials(server: Server, figure: Callable[..., None]) -> None:
    origins = ["https://evil.example", "null", "http://127.0.0.1:1"]
    with server.client() as client:
        for origin in origins:
            pre = client.options("/statements", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                                         "Access-Control-Request-Headers": "authorization"})
            got = client.get("/health", headers={"Origin": origin, "Cookie": "a=b"})
            for response in (pre, got):
                assert response.headers.get("access-control-allow-credentials") != "true"
                assert response.headers.get("access-control-allow-origin") in (None, "*")
    figure("CORS with credentials", origins=len(origins), credentials_allowed=0)
