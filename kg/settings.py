"""One table of settings: environment variables (``KG_*``) and CLI flags both feed it.

Each field carries its default and help text; the README's configuration table and
``kg settings`` are generated from it, and a test fails if a setting is undocumented.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BASE_IRI = "http://localhost:8000/id/"


class Settings(BaseSettings):
    """Everything kg can be told, in one place."""

    model_config = SettingsConfigDict(env_prefix="KG_", extra="ignore", frozen=True)

    base_iri: str = Field(
        DEFAULT_BASE_IRI,
        description="Base under which actors, topics, sources and statements get their IRIs.",
    )
    data: Path = Field(Path("./data"), description="Folder of the embedded Oxigraph store.")
    store: Literal["oxigraph", "sparql"] = Field(
        "oxigraph", description="Which store to use: the embedded one or a remote SPARQL 1.1 store."
    )
    sparql_query_url: str | None = Field(None, description="SPARQL 1.1 query endpoint of the remote store (KG_STORE=sparql).")
    sparql_update_url: str | None = Field(None, description="SPARQL 1.1 update endpoint of the remote store (default: the query URL).")
    sparql_gsp_url: str | None = Field(None, description="Graph Store Protocol endpoint of the remote store, for large ingests and push.")
    sparql_dialect: Literal["generic", "oxigraph", "virtuoso"] = Field(
        "generic", description="Which store is behind the URLs, for its few differences from the standard."
    )
    sparql_auth: Literal["none", "basic", "digest", "bearer"] = Field(
        "none", description="How to authenticate to the remote store."
    )
    sparql_user: str | None = Field(None, description="User name for basic or digest authentication.")
    sparql_password: SecretStr | None = Field(None, description="Password for basic or digest authentication.")
    sparql_token: SecretStr | None = Field(None, description="Token for bearer authentication to the remote store.")
    sparql_timeout: float = Field(60.0, gt=0, description="Seconds to wait for the remote store to answer.")
    admin_token: SecretStr | None = Field(
        None, description="Bearer token that unlocks writes over HTTP; with none set, writes are off."
    )
    open_writes: bool = Field(
        False, description="Allow REST writes without a token (only when no admin token is set)."
    )
    query_timeout: float = Field(30.0, gt=0, description="Seconds a SPARQL query may run before it is stopped.")
    result_cap: int = Field(100_000, gt=0, description="Most rows or triples a query may return.")
    max_body_bytes: int = Field(10 * 1024 * 1024, gt=0, description="Largest request body accepted, in bytes.")
    cors_origins: list[str] = Field(
        default_factory=lambda: ["*"], description="Origins allowed to call the API from a browser."
    )
    allow_federation: bool = Field(
        False, description="Allow SPARQL SERVICE and LOAD, which make the server fetch remote URLs."
    )
    bulk_quads: int = Field(
        250_000, gt=0, description="Ingests of new sources larger than this many quads use the journaled bulk loader."
    )
    query_workers: int = Field(2, ge=1, description="Processes that run SPARQL queries, so they can be stopped.")
    readers: int = Field(
        2, ge=0, description="Processes that compute the positions listings from the read model, so every core "
                             "serves them (embedded store; 0: the API process does it itself)."
    )
    cache_mb: int = Field(
        16, ge=0, description="REST answers kept until the next write, in MB of their JSON (0: none kept)."
    )

    @field_validator("base_iri")
    @classmethod
    def _base_ends_with_separator(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) IRI")
        return value if value.endswith(("/", "#")) else value + "/"


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with CLI flags (non-None overrides) on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
