"""``create_app``: the ASGI app, built from one :class:`~kg.settings.Settings`.

Run it with ``kg serve`` or ``uvicorn api.app:create_app --factory``. On the embedded store
this process owns the read-write store and ``settings.query_workers`` worker processes run
/sparql queries on snapshots (see :mod:`kg.executor`); on a remote store (``KG_STORE=sparql``)
it holds no state, and any number of replicas can serve the same store.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import graphs, linked_data, problems, sparql, web
from api.body import BodyLimit
from api.deps import Services
from api.readers import Readers
from api.rest import actors, analysis, canned, export, health, sources, statements, topics, writes
from kg import __version__
from kg.errors import StoreError
from kg.executor import DirectRunner, QueryPool, Snapshots
from kg.settings import Settings, load_settings
from kg.store import open_store
from kg.store.base import SnapshotStore
from kg.store.remote import RemoteStore
from kg.vocab import Iris

log = logging.getLogger("kg.api")
DESCRIPTION = """Who stands where: actors' positions on contested questions, per source, with quotes.

* **SPARQL 1.1** at `/sparql` (queries) and `/sparql/update` (admin token), Graph Store Protocol at `/graphs`.
* **REST** over canned queries: actors, topics and their stance tables, statements, sources, exports.
* **Linked data**: every IRI under the base IRI dereferences to HTML, JSON or RDF.

Errors are `application/problem+json` (RFC 9457). A query past the time limit or result cap is a 503.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app; settings come from ``KG_*`` variables unless given."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.store == "sparql":
            async with _remote(app, settings):
                yield
        else:
            async with _embedded(app, settings):
                yield

    app = FastAPI(title="kg", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  responses=problems.responses(500))
    problems.install(app)
    for module in (sparql, graphs, actors, topics, analysis, statements, sources, writes, export, canned, health):
        app.include_router(module.router)
    web.install(app)  # the web pages at / and /ui/..., /static/..., POST /articles/preview
    app.include_router(linked_data.router_for(settings.base_iri))
    app.add_middleware(BodyLimit, cap=settings.max_body_bytes)
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                       allow_methods=["GET", "POST", "PUT", "DELETE"],
                       allow_headers=["Accept", "Authorization", "Content-Type"],
                       expose_headers=["Content-Disposition", "X-Result-Count"], max_age=600)
    return app


@asynccontextmanager
async def _embedded(app: FastAPI, settings: Settings) -> AsyncIterator[None]:
    """This process owns the store; killable workers query snapshots of it."""
    store = await anyio.to_thread.run_sync(open_store, settings)
    if not isinstance(store, SnapshotStore):
        store.close()
        raise StoreError("the query service needs a local store that can snapshot itself")
    snapshots = Snapshots.beside(store, settings.data)
    await anyio.to_thread.run_sync(snapshots.publish)
    pool = QueryPool(snapshots, size=settings.query_workers, timeout=settings.query_timeout)
    compaction = None
    readers: Readers | None = None
    try:
        await pool.start()
        services = app.state.services = Services(settings, store, Iris(settings.base_iri), pool, snapshots)
        views = getattr(store, "views", None)
        if views is not None:
            # A read model out of step (after a crash, or a store written by an older kg) is rebuilt
            # while the listings are served from SPARQL.
            views.rebuild_in_background = True
            if not views.ready:
                log.info("rebuilding the read model in the background")
                views.start_rebuild()
            if settings.readers:
                readers = Readers(views.path, settings, settings.readers)
                await readers.start()
                services.readers = readers
        compaction = asyncio.create_task(services.compact())  # serves meanwhile
        # What start-up built lives as long as the process: out of the garbage collector's rounds.
        gc.collect()
        gc.freeze()
        log.info("serving %s with %d query workers", settings.data, settings.query_workers)
        yield
    finally:
        if compaction is not None:
            await asyncio.gather(compaction, return_exceptions=True)  # it runs in a thread: let it end
        if readers is not None:
            await anyio.to_thread.run_sync(readers.close)
        await pool.close()
        snapshots.clear()
        store.close()


@asynccontextmanager
async def _remote(app: FastAPI, settings: Settings) -> AsyncIterator[None]:
    """Nothing of our own to hold: queries go to the store, so replicas of this process scale out.

    The service starts even while the store is down (requests get 503s until it is back), and
    puts the ontology in place as soon as the store answers.
    """
    store = await anyio.to_thread.run_sync(lambda: open_store(settings, prepare=False))
    assert isinstance(store, RemoteStore)
    runner = DirectRunner(store, timeout=settings.query_timeout)
    app.state.services = Services(settings, store, Iris(settings.base_iri), runner)
    preparing = asyncio.create_task(_prepare(store))
    log.info("serving the SPARQL store at %s", settings.sparql_query_url)
    try:
        yield
    finally:
        preparing.cancel()
        await asyncio.gather(preparing, return_exceptions=True)
        await runner.close()
        store.close()


async def _prepare(store: RemoteStore, pause: float = 1.0) -> None:
    """Load the ontology into the store, waiting for the store if it is not up yet."""
    while True:
        try:
            await anyio.to_thread.run_sync(store.ensure_ontology)
            return
        except StoreError as exc:
            log.warning("the store is not ready (%s); trying again in %g s", exc.message, pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 30.0)
