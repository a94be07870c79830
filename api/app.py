"""``create_app``: the ASGI app, built from one :class:`~kg.settings.Settings`.

Run it with ``kg serve`` or ``uvicorn api.app:create_app --factory``. This process owns the
read-write store; ``settings.query_workers`` worker processes run /sparql queries on
snapshots (see :mod:`kg.executor`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import graphs, linked_data, problems, sparql, web
from api.body import BodyLimit
from api.deps import Services
from api.rest import actors, analysis, canned, export, health, sources, statements, topics, writes
from kg import __version__
from kg.errors import StoreError
from kg.executor import QueryPool, Snapshots
from kg.settings import Settings, load_settings
from kg.store import open_store
from kg.store.base import SnapshotStore
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
        store = await anyio.to_thread.run_sync(open_store, settings)
        if not isinstance(store, SnapshotStore):
            store.close()
            raise StoreError("the query service needs a local store that can snapshot itself")
        snapshots = Snapshots.beside(store, settings.data)
        await anyio.to_thread.run_sync(snapshots.publish)
        pool = QueryPool(snapshots, size=settings.query_workers, timeout=settings.query_timeout)
        compaction = None
        try:
            await pool.start()
            services = app.state.services = Services(settings, store, Iris(settings.base_iri), snapshots, pool)
            compaction = asyncio.create_task(services.compact())  # serves meanwhile
            log.info("serving %s with %d query workers", settings.data, settings.query_workers)
            yield
        finally:
            if compaction is not None:
                await asyncio.gather(compaction, return_exceptions=True)  # it runs in a thread: let it end
            await pool.close()
            snapshots.clear()
            store.close()

    app = FastAPI(title="kg", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  responses=problems.responses(500))
    problems.install(app)
    for module in (sparql, graphs, actors, topics, analysis, statements, sources, writes, export, canned, health):
        app.include_router(module.router)
    web.install(app)  # the web pages at / and /ui/..., /static/..., POST /articles/preview
    app.include_router(linked_data.router_for(settings.base_iri))
    app.add_middleware(BodyLimit, cap=settings.max_body_bytes)
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "PUT", "DELETE"],
                       allow_headers=["Accept", "Authorization", "Content-Type"],
                       expose_headers=["Content-Disposition", "X-Result-Count"], max_age=600)
    return app
