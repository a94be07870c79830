"""The one seam between kg and a triple store: the :class:`Store` protocol.

:class:`~kg.store.embedded.EmbeddedStore` keeps the graph on disk with pyoxigraph; a remote
SPARQL 1.1 store can implement the same protocol over the standard HTTP protocols.
"""

from __future__ import annotations

from kg.settings import Settings
from kg.store.base import QueryResult, Store

__all__ = ["QueryResult", "Store", "open_store"]


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The store the settings name, opened and ready."""
    if settings.store == "oxigraph":
        from kg.store.embedded import EmbeddedStore

        return EmbeddedStore.open(settings.data, read_only=read_only, bulk_quads=settings.bulk_quads)
    from kg.errors import InputError

    raise InputError(f"store {settings.store!r} is not available in this version of kg")
