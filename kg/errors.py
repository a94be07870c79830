"""The errors kg raises on purpose; anything else is a bug.

    KGError                      base: a message a user can act on
    ├── InputError               the user's input is wrong (file, row, field, query)
    │   ├── ValidationError      a curated row or article fails validation
    │   └── QuerySyntaxError     SPARQL that does not parse
    ├── NotFound                 an id, source, graph or canned query that does not exist
    ├── Forbidden                a write or feature that is switched off or needs a token
    ├── QueryLimitExceeded       a query ran past its time limit or result cap
    └── StoreError               the store failed (I/O, full disk, unreachable remote)

The HTTP edge maps each class to one RFC 9457 problem type and status; the CLI prints the
message on one line and exits non-zero.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class KGError(Exception):
    """Base class: the message is meant for the user, as one line."""

    status: int = 500
    title: str = "Internal error"

    def __init__(self, message: str, *, detail: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or {}


class InputError(KGError):
    """The input is malformed or out of range."""

    status = 400
    title = "Bad input"


class ValidationError(InputError):
    """A curated statement, article or parameter fails validation."""

    status = 422
    title = "Validation failed"


class QuerySyntaxError(InputError):
    """SPARQL that the parser rejects; the message carries the parser's own words."""

    title = "Malformed query"


class NotFound(KGError):
    """Something named by id that is not in the store or on disk."""

    status = 404
    title = "Not found"


class Forbidden(KGError):
    """A write or a feature that is switched off, or a missing or wrong token."""

    status = 403
    title = "Forbidden"


class QueryLimitExceeded(KGError):
    """A query ran past the configured time limit or result cap."""

    status = 503
    title = "Query limit exceeded"


class StoreError(KGError):
    """The store could not do what was asked (I/O error, full disk, remote store down)."""

    status = 503
    title = "Store unavailable"


@contextmanager
def store_errors(action: str) -> Iterator[None]:
    """Translate a backend's OSError/RuntimeError into StoreError, keeping the cause."""
    try:
        yield
    except KGError:
        raise
    except OSError as exc:
        raise StoreError(f"{action} failed: {exc}") from exc
