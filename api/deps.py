"""The services a request handler needs, built once per app and reached through ``request``.

On the embedded store the API process owns the read-write store: writes are serialised, run
in a thread, and each publishes a snapshot for the query workers. On a remote store the
process holds no state of its own (replicas scale out): /sparql goes straight to the store,
and nothing is cached, since another replica may have written. Reads of canned REST queries
run in threads, a bounded number at a time.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Annotated, Any, Protocol, TypeVar

import anyio
from fastapi import Depends, Request
from pydantic import BaseModel

from api.readers import Readers
from api.rendered import Rendered, as_json
from kg.executor import Job, Outcome, QueryPool, Snapshots
from kg.settings import Settings
from kg.store.base import SnapshotStore, Store
from kg.vocab import Iris

T = TypeVar("T")
READ_THREADS = 16


class Runner(Protocol):
    """Runs /sparql jobs within the limits: :class:`~kg.executor.QueryPool` or :class:`~kg.executor.DirectRunner`."""

    async def run(self, job: Job) -> Outcome: ...

    async def close(self) -> None: ...

    def pids(self) -> list[int]: ...


@dataclass
class Services:
    settings: Settings
    store: Store
    iris: Iris
    pool: Runner
    snapshots: Snapshots | None = None  # None on a remote store
    readers: Readers | None = None  # processes for listings from the read model (embedded store)
    _writes: int = 0
    _write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _read_threads: anyio.CapacityLimiter = field(default_factory=lambda: anyio.CapacityLimiter(READ_THREADS))
    # Answers as (model class, JSON): bytes, not objects, so a full cache adds nothing to the
    # garbage collector's rounds (holding the models themselves made every full collection walk
    # millions of objects, and uncached requests several times slower).
    _cache: OrderedDict[Hashable, tuple[type[BaseModel], bytes]] = field(default_factory=OrderedDict)
    _cached_bytes: int = 0

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a bounded, in-process read (our own canned queries) off the event loop."""
        return await anyio.to_thread.run_sync(fn, *args, limiter=self._read_threads)

    @property
    def generation(self) -> int:
        """Grows with every write this process makes (on the embedded store, the snapshot generation)."""
        return self.snapshots.generation if self.snapshots is not None else self._writes

    @property
    def listings_local(self) -> bool:
        """Whether the positions listings read the read model (SQLite, about a millisecond) now."""
        views = getattr(self.store, "views", None)
        return views is not None and views.ready

    async def cached_json(self, fn: Callable[..., BaseModel | Rendered], *args: Hashable,
                          local: bool = False) -> tuple[type[BaseModel], bytes, BaseModel | None]:
        """:meth:`read`, remembered until the next write: REST answers change only when the data does.

        Gives the answer's class and JSON, and the model itself when it was just computed (a
        remembered answer is not parsed back unless someone needs the model: JSON replies don't).
        The key holds the snapshot generation taken *before* the read, so an answer computed
        while a write lands is filed under the old generation and never served after it. What is
        kept is bounded by the size of the answers' JSON (``KG_CACHE_MB``), least recently used
        first out, so memory stays flat however many different pages are asked for. On a remote
        store other replicas write too, so nothing is remembered.

        ``local`` says ``fn`` reads only the read model (:attr:`listings_local`): it then runs in a
        reader process (every core serves), or on the event loop when there are none; handing a
        read of a millisecond to a thread costs more than the read (mostly waiting for the GIL).
        """
        remember = self.snapshots is not None and self.settings.cache_mb > 0
        key = (self.snapshots.generation if self.snapshots is not None else 0, fn.__name__, *args)
        entry = self._cache.get(key) if remember else None
        if entry is not None:
            self._cache.move_to_end(key)
            return entry[0], entry[1], None
        value: BaseModel | None = None
        answered = await self.readers.answer(fn, args) if local and self.readers is not None else None
        if answered is not None:
            kind, body = answered
        else:
            computed = fn(self, *args) if local else await self.read(fn, self, *args)
            kind, body = as_json(computed)
            value = computed if isinstance(computed, BaseModel) else None
        if remember and key not in self._cache:  # another request may have got there first
            self._cache[key] = (kind, body)
            self._cached_bytes += len(body)
            budget = self.settings.cache_mb * 1024 * 1024
            while self._cached_bytes > budget and self._cache:
                _, (_, dropped) = self._cache.popitem(last=False)
                self._cached_bytes -= len(dropped)
        return kind, body, value

    async def cached(self, fn: Callable[..., T], *args: Hashable, local: bool = False) -> T:
        """The model of :meth:`cached_json` (parsed back from its JSON when it was remembered)."""
        kind, body, model = await self.cached_json(fn, *args, local=local)  # type: ignore[arg-type]
        return (model if model is not None else kind.model_validate_json(body))  # type: ignore[return-value]

    async def write(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a write, then publish a snapshot so /sparql sees it; one write at a time."""
        async with self._write_lock:
            try:
                return await anyio.to_thread.run_sync(fn, *args)
            finally:
                self._writes += 1
                self._cache.clear()
                self._cached_bytes = 0
                if self.snapshots is not None:
                    # Even a failed write may have been partly applied by a non-transactional path.
                    await anyio.to_thread.run_sync(self.snapshots.publish)
                    self.snapshots.collect(self.pool_snapshots())

    async def compact(self) -> None:
        """Compact the store, then publish a snapshot of the compacted files for the workers.

        A freshly bulk-loaded store has many small files and lookups several times slower than
        a compacted one; the workers' snapshots are read-only, so they never compact themselves.
        """
        if self.snapshots is None or not isinstance(self.store, SnapshotStore):
            return
        await anyio.to_thread.run_sync(self.store.optimize)
        async with self._write_lock:
            await anyio.to_thread.run_sync(self.snapshots.publish)
            self.snapshots.collect(self.pool_snapshots())

    def pool_snapshots(self) -> list[str | None]:
        return self.pool.snapshots_in_use() if isinstance(self.pool, QueryPool) else []

    async def sparql(self, job: Job) -> Outcome:
        return await self.pool.run(job)


async def services(request: Request) -> Services:
    # async: FastAPI runs a plain function dependency in a thread, a hop every request paid for.
    return request.app.state.services  # type: ignore[no-any-return]


Svc = Annotated[Services, Depends(services)]
