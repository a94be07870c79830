"""The one seam between kg and a triple store: the :class:`Store` protocol.

:class:`~kg.store.embedded.EmbeddedStore` keeps the graph on disk with pyoxigraph; a remote
SPARQL 1.1 store (:class:`~kg.store.remote.RemoteStore`) implements it over the standard protocols.
"""

from __future__ import annotations

from kg.settings import Settings
from kg.store.base import QueryResult, Store

__all__ = ["QueryResult", "Store", "open_store"]


def open_store(settings: Settings, *, read_only: bool = False, prepare: bool = True) -> Store:
    """The store the settings name, opened and ready.

    ``prepare=False`` leaves a remote store as it is (no ontology loaded, not even contacted),
    for a service that starts before its store does.
    """
    if settings.store == "oxigraph":
        from kg.store.embedded import EmbeddedStore

        return EmbeddedStore.open(settings.data, read_only=read_only, bulk_quads=settings.bulk_quads,
                                  base=settings.base_iri)
    return _remote(settings, prepare)


def _remote(settings: Settings, prepare: bool) -> Store:
    import httpx

    from kg.errors import InputError
    from kg.store.dialects import DIALECTS
    from kg.store.remote import BearerAuth, RemoteStore

    if not settings.sparql_query_url:
        raise InputError("KG_STORE=sparql needs KG_SPARQL_QUERY_URL")
    secret = settings.sparql_password.get_secret_value() if settings.sparql_password else ""
    auth: httpx.Auth | None = None
    if settings.sparql_auth in ("basic", "digest"):
        if not settings.sparql_user:
            raise InputError(f"KG_SPARQL_AUTH={settings.sparql_auth} needs KG_SPARQL_USER and KG_SPARQL_PASSWORD")
        auth = (httpx.BasicAuth if settings.sparql_auth == "basic" else httpx.DigestAuth)(settings.sparql_user, secret)
    elif settings.sparql_auth == "bearer":
        if not settings.sparql_token:
            raise InputError("KG_SPARQL_AUTH=bearer needs KG_SPARQL_TOKEN")
        auth = BearerAuth(settings.sparql_token.get_secret_value())
    store = RemoteStore(
        settings.sparql_query_url, settings.sparql_update_url, settings.sparql_gsp_url,
        own_graphs=(settings.base_iri,), dialect=DIALECTS[settings.sparql_dialect], auth=auth,
        timeout=settings.sparql_timeout,
    )
    if prepare:
        store.ensure_ontology()
    return store
