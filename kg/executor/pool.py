"""A pool of query worker processes that can be killed: the only way to stop a pyoxigraph query.

pyoxigraph has no timeout or cancellation. Each query therefore runs in a worker process;
the event loop waits on the worker's pipe without blocking, and a query past the time limit
gets its worker killed (and a fresh one started in the background) while other requests go
on. Workers read snapshots published by :class:`~kg.executor.snapshots.Snapshots`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from kg import errors
from kg.executor.snapshots import Snapshots
from kg.executor.worker import Job, Outcome

log = logging.getLogger("kg.executor")
START_TIMEOUT = 60.0


class NotAcceptable(errors.KGError):
    """The query's result kind has no format the client accepts."""

    status = 406
    title = "Not acceptable"


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    conn: Connection
    snapshot: str | None = None
    jobs: int = field(default=0)


class QueryPool:
    """``size`` worker processes; :meth:`run` evaluates a job within ``timeout`` seconds."""

    def __init__(self, snapshots: Snapshots, *, size: int, timeout: float) -> None:
        self.snapshots = snapshots
        self.size = size
        self.timeout = timeout
        self.spill = tempfile.mkdtemp(prefix="kg-results-")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: set[_Worker] = set()
        self._spawning: set[asyncio.Task[None]] = set()
        self.killed = 0

    async def start(self) -> None:
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    async def _spawn(self) -> None:
        # A plain subprocess, not multiprocessing: no fork of a threaded process holding RocksDB,
        # and no re-import of whatever __main__ started the server.
        ours, theirs = socket.socketpair()
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.executor", str(theirs.fileno()), self.spill],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
        )
        theirs.close()
        parent = Connection(ours.detach())
        worker = _Worker(process, parent)
        self._workers.add(worker)
        try:
            await asyncio.wait_for(self._readable(parent), START_TIMEOUT)
            parent.recv()  # ("ready", pid)
        except (TimeoutError, EOFError, OSError):
            self._kill(worker)
            raise errors.StoreError("a query worker failed to start") from None
        self._idle.put_nowait(worker)

    def _respawn_later(self) -> None:
        task = asyncio.get_running_loop().create_task(self._spawn())
        self._spawning.add(task)
        task.add_done_callback(self._spawning.discard)

    @staticmethod
    async def _readable(conn: Connection) -> None:
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            await ready
        finally:
            loop.remove_reader(fd)
            # uvloop makes a watched fd non-blocking; Connection.recv/send need it blocking, or a
            # large reply arriving in pieces fails with EAGAIN.
            os.set_blocking(fd, True)

    def _kill(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        with contextlib.suppress(Exception):
            worker.process.kill()
            worker.process.wait(5)
        with contextlib.suppress(Exception):
            worker.conn.close()

    async def run(self, job: Job) -> Outcome:
        """Evaluate ``job``; a 503 :class:`~kg.errors.QueryLimitExceeded` past the time limit."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            # asyncio.timeout, not wait_for: no task of its own for each wait (a cost every query paid).
            async with asyncio.timeout_at(deadline):
                worker = await self._idle.get()
        except TimeoutError:
            raise errors.QueryLimitExceeded(
                f"every query worker stayed busy for {self.timeout:g} s; try again later",
                detail={"limit": "query_timeout", "seconds": self.timeout},
            ) from None
        snapshot = self.snapshots.current()  # published at startup and after every write
        moved = worker.snapshot != snapshot  # then the one it leaves may be collectable
        healthy = False
        try:
            worker.conn.send((job, snapshot))
            worker.snapshot = snapshot
            async with asyncio.timeout_at(deadline):
                await self._readable(worker.conn)
            reply = worker.conn.recv()
            healthy = True
        except TimeoutError:
            self.killed += 1
            log.warning("query stopped after %.3g s (worker %s killed)", self.timeout, worker.process.pid)
            raise errors.QueryLimitExceeded(
                f"the query ran past the time limit of {self.timeout:g} s and was stopped",
                detail={"limit": "query_timeout", "seconds": self.timeout},
            ) from None
        except (EOFError, OSError) as exc:
            raise errors.StoreError(f"the query worker died while running the query ({exc or 'no reply'})") from None
        finally:
            if healthy:
                worker.jobs += 1
                self._idle.put_nowait(worker)
            else:  # timed out, died, or the request was cancelled mid-query: replace it
                self._kill(worker)
                self._respawn_later()
                moved = True
            if moved:
                self.snapshots.collect(w.snapshot for w in self._workers)
        return _outcome(reply)

    async def close(self) -> None:
        for task in list(self._spawning):
            task.cancel()
        for worker in list(self._workers):
            self._kill(worker)
        shutil.rmtree(self.spill, ignore_errors=True)

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers]

    def snapshots_in_use(self) -> list[str | None]:
        return [w.snapshot for w in list(self._workers)]


_ERRORS: dict[str, type[errors.KGError]] = {
    cls.__name__: cls
    for cls in (errors.KGError, errors.InputError, errors.ValidationError, errors.QuerySyntaxError, errors.NotFound,
                errors.Forbidden, errors.QueryLimitExceeded, errors.StoreError)
}


def _outcome(reply: tuple) -> Outcome:
    if reply[0] == "ok":
        return reply[1]
    if reply[0] == "not-acceptable":
        raise NotAcceptable(f"the query returned {reply[1]}, and no format you accept can carry it",
                            detail={"kind": reply[1]})
    _, name, message, detail = reply
    raise _ERRORS.get(name, errors.KGError)(message, detail=detail)


def remove_result(path: str) -> None:
    """Delete a spilled result file once it has been sent."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
