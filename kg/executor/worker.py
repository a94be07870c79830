"""One query worker process: opens the newest snapshot read-only and evaluates queries in full.

A query is evaluated completely (within the cap) before anything is sent back, so a client
never gets a 200 followed by an error; small results come back in the reply, large ones in a
file the API process streams and deletes. The parent kills this process to stop a query.
"""

from __future__ import annotations

import io
import os
import signal
import tempfile
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

INLINE_LIMIT = 256 * 1024
NATIVE_ROWS = 10_000  # most rows a result may have for pyoxigraph to write it (see _bounded)


@dataclass(frozen=True, slots=True)
class Job:
    """A query to run, with what the client accepts for each kind of result."""

    query: str
    tabular: str | None  # key of formats.TABULAR, or None when the client takes no tabular format
    graph: str | None  # key of formats.GRAPH, or None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None
    cap: int | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker produced: the result's kind and format, and its bytes or a file path."""

    kind: str  # "boolean", "solutions" or "graph"
    format: str
    count: int
    body: bytes | None = None
    path: str | None = None


class _Spill(io.RawIOBase):
    """A buffer that moves to a temporary file once it outgrows :data:`INLINE_LIMIT`."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.buffer: io.BytesIO | None = io.BytesIO()
        self.file: Any = None

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.file is not None:
            return self.file.write(data)
        assert self.buffer is not None
        written = self.buffer.write(data)
        if self.buffer.tell() > INLINE_LIMIT:
            self.file = tempfile.NamedTemporaryFile(dir=self.folder, prefix="result-", delete=False)
            self.file.write(self.buffer.getvalue())
            self.buffer = None
        return written

    def finish(self) -> tuple[bytes | None, str | None]:
        if self.file is None:
            assert self.buffer is not None
            return self.buffer.getvalue(), None
        self.file.close()
        return None, self.file.name

    def discard(self) -> None:
        if self.file is not None:
            self.file.close()
            os.unlink(self.file.name)


def evaluate(store: Any, job: Job, folder: str) -> Outcome:
    """Run ``job`` on a pyoxigraph store and serialise its result; raises KGError subclasses."""
    from pyoxigraph import NamedNode

    from kg.errors import InputError, QuerySyntaxError
    from kg.executor.lexer import names_dataset

    kwargs: dict[str, Any] = {"base_iri": job.base_iri}
    try:
        if job.default_graphs is not None:  # () is an empty default graph
            kwargs["default_graph"] = [NamedNode(g) for g in job.default_graphs]
        elif not names_dataset(job.query):  # pyoxigraph's union default graph would override FROM
            kwargs["use_default_graph_as_union"] = True
        if job.named_graphs is not None:
            kwargs["named_graphs"] = [NamedNode(g) for g in job.named_graphs]
        result = store.query(job.query, **kwargs)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from None
    except ValueError as exc:
        raise InputError(str(exc)) from None
    return write_outcome(result, job, folder)


def write_outcome(result: Any, job: Job, folder: str) -> Outcome:
    """Serialise a query result as the job asks, within its cap: small in memory, large in a file."""
    from pyoxigraph import QueryBoolean, QuerySolutions, serialize

    from kg.executor import formats
    from kg.vocab import PREFIXES

    # Solutions have variables: pyoxigraph's QuerySolutions, or a remote store's SolutionRows.
    kind = "boolean" if isinstance(result, QueryBoolean) else "solutions" if hasattr(result, "variables") else "graph"
    fmt = job.graph if kind == "graph" else job.tabular
    if fmt is None:
        raise NotAcceptableResult(kind)
    out = _Spill(folder)
    native = False
    try:
        if kind == "boolean":
            formats.write_boolean(bool(result), fmt, out)
            count = 1
        elif kind == "solutions" and fmt in formats.NATIVE and isinstance(result, QuerySolutions) and _bounded(job):
            # Rows bounded within the cap by the query's own LIMIT: pyoxigraph writes them, at
            # a fraction of what building each row in Python costs, and they are counted after.
            result.serialize(out, formats.NATIVE[fmt])
            native, count = True, 0  # counted once written, below
        elif kind == "solutions":
            count = formats.write_solutions(result, fmt, out, job.cap)
        else:
            counter = _Counter()
            triples = counter.count(formats.capped(result, job.cap, "triples"))
            serialize(triples, out, formats.RDF_FORMATS[fmt], prefixes=PREFIXES)
            count = counter.n
        body, path = out.finish()
        if native:
            count = formats.count_solutions(fmt, body, path)
    except BaseException:
        out.discard()
        raise
    return Outcome(kind, fmt, count, body, path)


def _bounded(job: Job) -> bool:
    """Whether the query's own LIMIT keeps it within the cap and small enough to count afterwards
    (counting a JSON result parses it whole: a large one stays with the streaming writers)."""
    from kg.executor.lexer import top_limit

    limit = top_limit(job.query)
    return limit is not None and limit <= min(job.cap or NATIVE_ROWS, NATIVE_ROWS)


class _Counter:
    n = 0

    def count(self, items: Any) -> Any:
        for item in items:
            self.n += 1
            yield item


class NotAcceptableResult(Exception):
    """The result's kind has no format the client accepts (known only once the query ran)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def main(conn: Connection, folder: str) -> None:
    """Serve jobs from ``conn`` until it closes: ``(job, snapshot)`` in, ``("ok"|"error", ...)`` out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops us
    from pyoxigraph import Store

    from kg.errors import KGError, StoreError

    opened: tuple[str, Any] | None = None
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job, snapshot = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if opened is None or opened[0] != snapshot:
                opened = None  # drop the old snapshot before opening the new one
                opened = (snapshot, Store.read_only(snapshot))
            reply: tuple = ("ok", evaluate(opened[1], job, folder))
        except NotAcceptableResult as exc:
            reply = ("not-acceptable", exc.kind)
        except KGError as exc:
            reply = ("error", type(exc).__name__, exc.message, exc.detail)
        except OSError as exc:
            reply = ("error", StoreError.__name__, f"query failed: {exc}", {})
        except Exception as exc:  # noqa: BLE001 - report, stay alive
            reply = ("error", "KGError", f"query failed: {type(exc).__name__}: {exc}", {})
        conn.send(reply)

