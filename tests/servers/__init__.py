"""Real triple-store servers for tests: `oxigraph serve` and Virtuoso, on free loopback ports.

Each starts in a temporary folder and stops with its context; nothing here mocks a store.
"""

from __future__ import annotations

import configparser
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@dataclass(frozen=True)
class Server:
    """A running SPARQL server: its endpoints and how kg should talk to it."""

    name: str
    query_url: str
    update_url: str
    gsp_url: str
    dialect: str
    user: str | None = None
    password: str | None = None
    auth: str | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {log.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not answer within {seconds}s: {log.read_text()[-2000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def oxigraph_server(folder: Path, port: int | None = None, *, timeout: float | None = None) -> Iterator[Server]:
    """`oxigraph serve` (the PyPI `oxigraph` package) on a loopback port, data in ``folder``.

    ``timeout`` is its own query time limit (--timeout-s), as a deployment behind kg's API should set.
    """
    binary = shutil.which("oxigraph")
    if binary is None:
        raise RuntimeError("the `oxigraph` command is missing: pip install oxigraph")
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder.parent / f"{folder.name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            # No --union-default-graph: kg asks for the union per query, and the flag refuses updates with USING.
            [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
             *(["--timeout-s", str(timeout)] if timeout else [])],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/query", proc, 30, log)
        yield Server("oxigraph-serve", f"{base}/query", f"{base}/update", f"{base}/store", "oxigraph")
    finally:
        _stop(proc)


@contextlib.contextmanager
def virtuoso_server(folder: Path, *, timeout: int = 120) -> Iterator[Server]:
    """Virtuoso open source (Debian's package) with a copied virtuoso.ini pointing at ``folder``.

    ``timeout`` is its MaxQueryExecutionTime in seconds.
    """
    binary = shutil.which("virtuoso-t")
    if binary is None or not VIRTUOSO_INI.exists():
        raise RuntimeError("Virtuoso is missing: apt-get install virtuoso-opensource")
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = configparser.RawConfigParser(strict=False, interpolation=None)
    ini.optionxform = str  # keep the keys' case
    ini.read(VIRTUOSO_INI)
    for section, key in (("Database", "DatabaseFile"), ("Database", "ErrorLogFile"), ("Database", "LockFile"),
                         ("Database", "TransactionFile"), ("Database", "xa_persistent_file"),
                         ("TempDatabase", "DatabaseFile"), ("TempDatabase", "TransactionFile")):
        ini.set(section, key, str(folder / Path(ini.get(section, key).split(";")[0].strip()).name))
    ini.set("Parameters", "ServerPort", f"127.0.0.1:{sql_port}")
    ini.set("Parameters", "DirsAllowed", f"., {folder}, /usr/share/virtuoso-opensource-7/vad")
    ini.set("HTTPServer", "ServerPort", f"127.0.0.1:{http_port}")
    ini.set("URIQA", "DefaultHost", f"127.0.0.1:{http_port}")
    ini.set("SPARQL", "ResultSetMaxRows", "1000000")
    ini.set("SPARQL", "MaxQueryExecutionTime", str(timeout))
    ini_path = folder / "virtuoso.ini"
    with ini_path.open("w") as f:
        ini.write(f)
    log = folder / "virtuoso.log"
    proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini_path)], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait(f"{base}/sparql", proc, 90, log)
        yield Server("virtuoso", f"{base}/sparql-auth", f"{base}/sparql-auth", f"{base}/sparql-graph-crud-auth",
                     "virtuoso", user="dba", password="dba", auth="digest")
    finally:
        _stop(proc)
