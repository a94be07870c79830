"""``GET /health``: is the service up, and what is it serving; ``GET /health/store``: can it reach its store."""

from __future__ import annotations

from typing import Literal

import anyio
from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import Svc
from api.problems import responses
from kg import __version__

router = APIRouter(tags=["Service"])
STORE_CHECK_SECONDS = 5.0


class Health(BaseModel):
    status: str = "ok"
    version: str
    base_iri: str
    store: Literal["oxigraph", "sparql"] = Field(description="The embedded store, or a remote SPARQL 1.1 store")
    snapshot: int = Field(description="Grows with every write this process makes (the snapshot queries read, "
                                      "on the embedded store)")
    query_workers: int = Field(description="Live query worker processes (none on a remote store)")
    writes: str = Field(description="token, open or off")
    read_model: Literal["ready", "building", "stale", "none"] = Field(
        description="The positions listings' read model: ready (listings read it), building or stale "
                    "(listings use SPARQL meanwhile), none (a remote store: listings always use SPARQL)")


class StoreHealth(BaseModel):
    status: str = "ok"
    store: Literal["oxigraph", "sparql"]


@router.get("/health", response_model=Health)
async def health(*, svc: Svc) -> Health:
    """Answers without touching the store or the query workers, so it stays fast under load."""
    s = svc.settings
    writes = "token" if s.admin_token else "open" if s.open_writes else "off"
    views = getattr(svc.store, "views", None)
    return Health(version=__version__, base_iri=s.base_iri, store=s.store, snapshot=svc.generation,
                  query_workers=len(svc.pool.pids()), writes=writes,
                  read_model=views.state.value if views is not None else "none")


@router.get("/health/store", response_model=StoreHealth, responses=responses(503))
async def store_health(*, svc: Svc) -> StoreHealth:
    """Asks the store a trivial query: a 503 while it is down or slow, for load balancers' readiness checks."""
    from kg.errors import StoreError

    with anyio.move_on_after(STORE_CHECK_SECONDS) as scope:
        await svc.read(svc.store.query, "ASK {}")
    if scope.cancelled_caught:
        raise StoreError(f"the store did not answer within {STORE_CHECK_SECONDS:g} s")
    return StoreHealth(store=svc.settings.store)
