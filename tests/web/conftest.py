"""Browser tests of the web pages: real ``uvicorn`` servers on loopback ports with the sample
data, driven by headless Chromium (Debian's ``chromium`` package) through Playwright.

The browser is the system's: ``/usr/bin/chromium`` (or ``KG_TEST_CHROMIUM``); nothing is
downloaded. Screenshots go to ``tests/output/web/`` (kept by CI as artefacts, ignored by git).
Every page's requests are recorded: a request to any other host fails the test.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, Request

from kg.ingest import ingest_paths
from kg.store.embedded import EmbeddedStore
from kg.vocab import Iris

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
OUTPUT = ROOT / "tests" / "output" / "web"
TOKEN = "web-test-token"
BASE = "http://localhost:8000/id/"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    found = os.environ.get("KG_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        raise RuntimeError("the web tests need Chromium: apt-get install -y chromium (or set KG_TEST_CHROMIUM)")
    return found


@dataclass
class Site:
    url: str
    data: Path
    process: subprocess.Popen
    log: Path

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(folder: Path, **env: str) -> Site:
    data = folder / "data"
    store = EmbeddedStore.open(data)
    try:
        ingest_paths(store, [EXAMPLES], Iris(BASE))
    finally:
        store.close()
    port = _free_port()
    log = folder / "server.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environment.update({"KG_DATA": str(data), "KG_BASE_IRI": BASE, "KG_QUERY_WORKERS": "1", **env})
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            env=environment, stdout=out, stderr=subprocess.STDOUT, cwd=folder)
    url = f"http://127.0.0.1:{port}"
    site = Site(url, data, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return site
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    _stop(site)
    raise RuntimeError(f"server did not answer /health in time:\n{log.read_text()}")


def _stop(site: Site) -> None:
    if site.process.poll() is None:
        site.process.send_signal(signal.SIGINT)
        try:
            site.process.wait(15)
        except subprocess.TimeoutExpired:
            site.process.kill()
            site.process.wait(5)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The sample data, with an admin token (so the ingest page exists); never written to."""
    s = _start(tmp_path_factory.mktemp("web-site"), KG_ADMIN_TOKEN=TOKEN)
    yield s
    _stop(s)


@pytest.fixture(scope="session")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A server the ingest tests write to."""
    s = _start(tmp_path_factory.mktemp("web-writable"), KG_ADMIN_TOKEN=TOKEN)
    yield s
    _stop(s)


@pytest.fixture(scope="session")
def read_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """No admin token, no open writes: no ingest page."""
    s = _start(tmp_path_factory.mktemp("web-read-only"))
    yield s
    _stop(s)


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    b = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield b
    b.close()


@dataclass
class Watch:
    """What a page did: requests (by URL), console errors and uncaught exceptions."""

    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    allowed: set[int] = field(default_factory=set)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if any(f"status of {status} " in message.text for status in self.allowed):
            return  # the browser logs an error status it was meant to get
        self.errors.append(f"console: {message.text}")

    def allow(self, status: int) -> None:
        self.allowed.add(status)

    def foreign(self) -> list[str]:
        own = urlsplit(self.origin).netloc
        return [u for u in self.requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                and urlsplit(u).netloc != own]

    def reset(self) -> None:
        self.requests.clear()


def open_context(browser: Browser, site: Site, **options: object) -> tuple[BrowserContext, Page, Watch]:
    context = browser.new_context(base_url=site.url, accept_downloads=True, **options)  # type: ignore[arg-type]
    context.set_default_timeout(15_000)
    page = context.new_page()
    watch = Watch(site.url)
    page.on("request", watch.on_request)
    page.on("console", watch.on_console)
    page.on("pageerror", lambda exc: watch.errors.append(f"pageerror: {exc}"))
    return context, page, watch


@pytest.fixture
def watched(browser: Browser, site: Site) -> Iterator[tuple[Page, Watch]]:
    """A desktop-sized page on the sample site; fails the test on script errors or foreign requests."""
    context, page, watch = open_context(browser, site, viewport={"width": 1280, "height": 900})
    yield page, watch
    context.close()
    assert not watch.errors, watch.errors
    assert not watch.foreign(), f"requests to other hosts: {watch.foreign()}"


@pytest.fixture
def page(watched: tuple[Page, Watch]) -> Page:
    return watched[0]


def shot(page: Page, name: str, *, full_page: bool = True) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
