"""The services a request handler needs, built once per app and reached through ``request``.

The API process owns the read-write store. Writes are serialised, run in a thread, and each
publishes a snapshot for the query workers; reads of canned REST queries run in threads of
their own, a bounded number at a time.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

import anyio
from fastapi import Depends, Request
from pydantic import BaseModel

from kg.executor import Job, Outcome, QueryPool, Snapshots
from kg.settings import Settings
from kg.store.base import SnapshotStore
from kg.vocab import Iris

T = TypeVar("T")
READ_THREADS = 16
CACHE_ENTRIES = 2048


@dataclass
class Services:
    settings: Settings
    store: SnapshotStore
    iris: Iris
    snapshots: Snapshots
    pool: QueryPool
    _write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _readers: anyio.CapacityLimiter = field(default_factory=lambda: anyio.CapacityLimiter(READ_THREADS))
    _cache: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    _json: OrderedDict[int, tuple[BaseModel, bytes]] = field(default_factory=OrderedDict)

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a bounded, in-process read (our own canned queries) off the event loop."""
        return await anyio.to_thread.run_sync(fn, *args, limiter=self._readers)

    async def cached(self, fn: Callable[..., T], *args: Hashable) -> T:
        """:meth:`read`, remembered until the next write: REST answers change only when the data does.

        The key holds the snapshot generation taken *before* the read, so an answer computed
        while a write lands is filed under the old generation and never served after it.
        """
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
                # Even a failed write may have been partly applied by a non-transactional path.
                await anyio.to_thread.run_sync(self.snapshots.publish)
                self._cache.clear()
                self._json.clear()
                self.snapshots.collect(self.pool_snapshots())

    async def compact(self) -> None:
        """Compact the store, then publish a snapshot of the compacted files for the workers.

        A freshly bulk-loaded store has many small files and lookups several times slower than
        a compacted one; the workers' snapshots are read-only, so they never compact themselves.
        """
        await anyio.to_thread.run_sync(self.store.optimize)
        async with self._write_lock:
            await anyio.to_thread.run_sync(self.snapshots.publish)
            self.snapshots.collect(self.pool_snapshots())

    def pool_snapshots(self) -> list[str | None]:
        return [w.snapshot for w in list(self.pool._workers)]  # noqa: SLF001 - same subsystem

    async def sparql(self, job: Job) -> Outcome:
        return await self.pool.run(job)


def services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


Svc = Annotated[Services, Depends(services)]
