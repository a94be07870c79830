"""The services a request handler needs, built once per app and reached through ``request``.

The API process owns the read-write store. Writes are serialised, run in a thread, and each
publishes a snapshot for the query workers; reads of canned REST queries run in threads of
their own, a bounded number at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio
from fastapi import Request

from kg.executor import Job, Outcome, QueryPool, Snapshots
from kg.settings import Settings
from kg.store.base import SnapshotStore
from kg.vocab import Iris

T = TypeVar("T")
READ_THREADS = 16


@dataclass
class Services:
    settings: Settings
    store: SnapshotStore
    iris: Iris
    snapshots: Snapshots
    pool: QueryPool
    _write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _readers: anyio.CapacityLimiter = field(default_factory=lambda: anyio.CapacityLimiter(READ_THREADS))

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a bounded, in-process read (our own canned queries) off the event loop."""
        return await anyio.to_thread.run_sync(fn, *args, limiter=self._readers)

    async def write(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a write, then publish a snapshot so /sparql sees it; one write at a time."""
        async with self._write_lock:
            try:
                return await anyio.to_thread.run_sync(fn, *args)
            finally:
                # Even a failed write may have been partly applied by a non-transactional path.
                await anyio.to_thread.run_sync(self.snapshots.publish)
                self.snapshots.collect(self.pool_snapshots())

    def pool_snapshots(self) -> list[str | None]:
        return [w.snapshot for w in list(self.pool._workers)]  # noqa: SLF001 - same subsystem

    async def sparql(self, job: Job) -> Outcome:
        return await self.pool.run(job)


def services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]
