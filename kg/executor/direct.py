"""Queries sent straight to a remote SPARQL store, within the service's time limit and result cap.

With a remote store there is nothing local to snapshot and no query to kill: the store runs
the query. Each job runs in a thread with an HTTP timeout of the time limit, and the request
waiting on it gives up at the limit, so a slow store costs a thread for at most that long.
Results come back parsed and are written in the client's format by the same code as the
worker processes use, so the cap and the formats behave the same on every store.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import threading
from typing import TYPE_CHECKING

import anyio
from pyoxigraph import NamedNode

from kg import errors
from kg.executor.lexer import has_relative_iri
from kg.executor.pool import NotAcceptable
from kg.executor.worker import Job, NotAcceptableResult, Outcome, write_outcome

if TYPE_CHECKING:  # kg.store.remote imports the lexer from this package
    from kg.store.remote import RemoteStore

THREADS = 32


class DirectRunner:
    """Runs jobs on a :class:`~kg.store.remote.RemoteStore`, at most :data:`THREADS` at a time."""

    def __init__(self, store: RemoteStore, *, timeout: float, threads: int = THREADS) -> None:
        self.store = store
        self.timeout = timeout
        self.spill = tempfile.mkdtemp(prefix="kg-results-")
        self._limiter = anyio.CapacityLimiter(threads)

    def _evaluate(self, job: Job, given_up: threading.Event) -> Outcome:
        # The protocol has no base parameter; a BASE on the query's first line keeps its line numbers.
        query = job.query
        if job.base_iri and has_relative_iri(query):
            query = f"BASE <{job.base_iri}> {query}"
        result = self.store.query(
            query,
            union_default_graph=job.default_graphs is None,  # the store leaves it out if the query has FROM
            default_graphs=[NamedNode(g) for g in job.default_graphs or ()],
            named_graphs=[NamedNode(g) for g in job.named_graphs or ()],
            timeout=self.timeout,
        )
        try:
            outcome = write_outcome(result, job, self.spill)
        except NotAcceptableResult as exc:
            raise NotAcceptable(f"the query returned {exc.kind}, and no format you accept can carry it",
                                detail={"kind": exc.kind}) from None
        if given_up.is_set() and outcome.path:  # nobody will send it
            os.unlink(outcome.path)
        return outcome

    async def run(self, job: Job) -> Outcome:
        """Evaluate ``job``; a 503 :class:`~kg.errors.QueryLimitExceeded` past the time limit."""
        given_up = threading.Event()
        try:
            return await asyncio.wait_for(
                anyio.to_thread.run_sync(self._evaluate, job, given_up, limiter=self._limiter, abandon_on_cancel=True),
                self.timeout)
        except TimeoutError:
            given_up.set()
            raise errors.QueryLimitExceeded(
                f"the query ran past the time limit of {self.timeout:g} s and was given up",
                detail={"limit": "query_timeout", "seconds": self.timeout},
            ) from None

    async def close(self) -> None:
        shutil.rmtree(self.spill, ignore_errors=True)

    def pids(self) -> list[int]:
        return []

