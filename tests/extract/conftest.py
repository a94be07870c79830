"""Fixtures for the extractor: a helper that codes a snippet, and a real loopback HTTP server."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.extract import Article, extract
from kg.model import Position, Source, Statement

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
BIG = 50 * 1024 * 1024


def code(text: str, title: str = "Test report", published: date = date(2025, 3, 12)) -> list[Statement]:
    """Statements of a snippet, as if it were a whole article."""
    return extract(Article(text, Source(title=title, published=published)))


def found(statements: list[Statement]) -> set[tuple[str, str]]:
    """``{(actor label, position)}`` for compact assertions."""
    return {(st.actor.label, st.position.value) for st in statements}


def one(statements: list[Statement], actor: str) -> Statement:
    """The single statement of an actor (fails if there is not exactly one)."""
    mine = [st for st in statements if st.actor.label == actor]
    assert len(mine) == 1, [(st.actor.label, st.position.value, st.topic.label) for st in statements]
    return mine[0]


S, O, H, C, N = (Position.SUPPORT.value, Position.OPPOSE.value, Position.HESITANT.value,  # noqa: E741
                 Position.CONDITIONAL.value, Position.NEUTRAL.value)


class _Handler(BaseHTTPRequestHandler):
    """Endpoints for the URL path: a page, redirect loops, a hang and a 50 MB body."""

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self._route()  # a client may give up on purpose (size cap, timeout)

    def _route(self) -> None:
        path = self.path
        if path == "/article.html":
            self._send(200, (PAGES / "sanctions-report.html").read_bytes(), "text/html; charset=utf-8")
        elif path == "/article.txt":
            self._send(200, b"Hungary opposes the new sanctions package, diplomats said.\n", "text/plain")
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self._redirect("/article.html" if left == 0 else f"/hop/{left - 1}")
        elif path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/article.txt")
        elif path.startswith("/loop/"):
            self._redirect(f"/loop/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path == "/hang":
            time.sleep(3)
            self._send(200, b"<html><body><p>too late</p></body></html>", "text/html")
        elif path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the client must count
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            for _ in range(BIG // len(chunk) + 1):
                self.wfile.write(chunk)
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(BIG))
            self.end_headers()
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, target: str) -> None:
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 for the session; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
