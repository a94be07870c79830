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

from kg.executor import Job, Outcome, QueryPool, Snapshots
from kg.settings import Settings
from kg.store.base import SnapshotStore, Store
from kg.vocab import Iris

T = TypeVar("T")
READ_THREADS = 16
CACHE_ENTRIES = 2048


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
    _writes: int = 0
    _write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _readers: anyio.CapacityLimiter = field(default_factory=lambda: anyio.CapacityLimiter(READ_THREADS))
    _cache: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    _json: OrderedDict[int, tuple[BaseModel, bytes]] = field(default_factory=OrderedDict)

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a bounded, in-process read (our own canned queries) off the event loop."""
        return await anyio.to_thread.run_sync(fn, *args, limiter=self._readers)

    @property
    def generation(self) -> int:
        """Grows with every write this process makes (on the embedded store, the snapshot generation)."""
        return self.snapshots.generation if self.snapshots is not None else self._writes

    async def cached(self, fn: Callable[..., T], *args: Hashable) -> T:
        """:meth:`read`, remembered until the next write: REST answers change only when the data does.

        The key holds the snapshot generation taken *before* the read, so an answer computed
        while a write lands is filed under the old generation and never served after it. On a
        remote store other replicas write too, so nothing is remembered.
        """
        if self.snapshots is None:
            return await self.read(fn, self, *args)
        key = (self.snapshots.generation, fn.__name__, *args)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]  # type: ignore[no-any-return]
        value = await self.read(fn, self, *args)
        self._cache[key] = value
        while len(self._cache) > CACHE_ENTRIES:
            self._cache.popitem(last=False)
        return value

    def json_bytes(self, model: BaseModel) -> bytes:
        """A model's JSON, rendered once per cached answer (the entry holds the model, so its id is its own)."""
        entry = self._json.get(id(model))
        if entry is not None and entry[0] is model:
            return entry[1]
        body = model.model_dump_json().encode()
        self._json[id(model)] = (model, body)
        while len(self._json) > CACHE_ENTRIES:
            self._json.popitem(last=False)
        return body

    async def write(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a write, then publish a snapshot so /sparql sees it; one write at a time."""
        async with self._write_lock:
            try:
                return await anyio.to_thread.run_sync(fn, *args)
            finally:
                self._writes += 1
                self._cache.clear()
                self._json.clear()
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


def services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


Svc = Annotated[Services, Depends(services)]
