"""Reader processes: the positions listings computed on every core, from the read model.

The API process owns the embedded store, so it is one Python process and one core. A listing
from the read model costs about a millisecond of Python (SQLite reads, models, JSON), as much
as the HTTP around it; under concurrent load that process is the bottleneck while the other
cores wait. Reader processes open the read model's SQLite file read-only (its WAL lets them
read while the API process writes) and hand back the answer's JSON, so the API process only
does HTTP. They are asked only while the read model is in step with the store, and see a write
as soon as it is committed, as the API process does.

Each reader has a pipe of its own and answers one request at a time; a request that is given
up half-way (the client went away) leaves its reader out of the pool until the answer has been
read, so no one else gets it. (A ``ProcessPoolExecutor`` cost the API process more per request
than the work it moved: its queues and the thread behind them.)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import sqlite3
from collections.abc import Callable, Hashable
from multiprocessing.connection import Connection
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel

from api.rendered import Rendered, as_json
from kg.errors import KGError, StoreError
from kg.readmodel import Listings
from kg.readmodel.model import MMAP_BYTES
from kg.settings import Settings
from kg.vocab import Iris

log = logging.getLogger(__name__)
Answer = tuple[type[BaseModel], bytes]


class _Views:
    """The read model, read-only, as a reader sees it (in step: the API process asks only then)."""

    ready = True

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, timeout=30)
        self._conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        found = self._conn.execute("SELECT value FROM meta WHERE key = 'base'").fetchone()
        self._written_for = found[0] if found else None  # the API process opened the model for its base

    def listings(self, base: str) -> Listings:
        return Listings(lambda: contextlib.nullcontext(self._conn), base, written_for=self._written_for)


def _serve(conn: Connection, path: str, settings: Settings) -> None:
    """A reader process: answer ``(function, args)`` with ``("ok", (class, JSON))`` or ``("error", exc)``."""
    svc = SimpleNamespace(store=SimpleNamespace(views=_Views(Path(path))), iris=Iris(settings.base_iri),
                          settings=settings)
    conn.send(("ok", None))  # ready
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            reply: tuple[str, Any] = ("ok", as_json(fn(svc, *args)))
        except KGError as exc:
            reply = ("error", exc)
        except Exception as exc:  # noqa: BLE001 (reported to the API process, which logs it)
            reply = ("error", RuntimeError(f"{type(exc).__name__}: {exc}"))
        conn.send(reply)


class Readers:
    """Reader processes (spawned: the API process has threads and an open store)."""

    def __init__(self, path: Path, settings: Settings, size: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._processes: list[multiprocessing.process.BaseProcess] = []
        self._conns: list[Connection] = []
        for _ in range(size):
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, str(path), settings), daemon=True,
                                      name="kg-reader")
            process.start()
            theirs.close()
            self._processes.append(process)
            self._conns.append(ours)
        self._idle: asyncio.Queue[Connection] = asyncio.Queue()
        self._alive = 0

    async def start(self) -> None:
        """Wait until every reader is up (each imports the API once)."""
        for conn in self._conns:
            await self._receive(conn)
            self._idle.put_nowait(conn)
            self._alive += 1

    @property
    def alive(self) -> int:
        return self._alive

    async def answer(self, fn: Callable[..., BaseModel | Rendered], args: tuple[Hashable, ...]) -> Answer | None:
        """The class and JSON of ``fn(services, *args)``, computed by a reader; our errors (a 404)
        come back as themselves. None when no reader is left (the caller computes it itself)."""
        if self._alive == 0:
            return None
        conn = await self._idle.get()
        state = "asked"
        try:
            conn.send((fn, args))
            status, payload = await self._receive(conn)
            state = "answered"
        except (EOFError, OSError):
            state = "dead"
            self._alive -= 1
            process = self._processes[self._conns.index(conn)]
            process.join(timeout=1)
            log.error("a reader process stopped (exit code %s); %d left", process.exitcode, self._alive)
            raise StoreError("a reader process stopped; try again") from None
        finally:
            if state == "answered":
                self._idle.put_nowait(conn)
            elif state == "asked":  # given up half-way: back in the pool once its answer is read
                asyncio.ensure_future(self._drain(conn))
        if status == "error":
            raise payload
        return payload  # type: ignore[no-any-return]

    async def _receive(self, conn: Connection) -> Any:
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        loop.add_reader(conn.fileno(), lambda: readable.done() or readable.set_result(None))
        try:
            await readable
        finally:
            loop.remove_reader(conn.fileno())
            # uvloop leaves a watched descriptor non-blocking; recv() must wait for the rest of the answer.
            os.set_blocking(conn.fileno(), True)
        return conn.recv()

    async def _drain(self, conn: Connection) -> None:
        with contextlib.suppress(Exception):
            await self._receive(conn)
            self._idle.put_nowait(conn)

    def close(self) -> None:
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.close()
        for process in self._processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
