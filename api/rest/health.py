"""``GET /health``: is the service up, and what is it serving."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import Svc
from kg import __version__

router = APIRouter(tags=["Service"])


class Health(BaseModel):
    status: str = "ok"
    version: str
    base_iri: str
    snapshot: int = Field(description="Generation of the snapshot queries read; it grows with every write")
    query_workers: int = Field(description="Live query worker processes")
    writes: str = Field(description="token, open or off")


@router.get("/health", response_model=Health)
async def health(*, svc: Svc) -> Health:
    """Answers without touching the store or the query workers, so it stays fast under load."""
    s = svc.settings
    writes = "token" if s.admin_token else "open" if s.open_writes else "off"
    return Health(version=__version__, base_iri=s.base_iri, snapshot=svc.snapshots.generation,
                  query_workers=len(svc.pool.pids()), writes=writes)
