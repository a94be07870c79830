"""The read model: what the REST listings show, in SQLite beside the embedded store.

Why it exists: through SPARQL, a page of an actor's positions sorts all of the actor's
statements by date, and a stance table aggregates every statement on a topic; on a store of a
million statements that is hundreds of store lookups (about 10 us each from Python), 30 to 300
ms a request. Here each is a few indexed reads.

It is derived data, kept exact by the store's own write methods (see
:meth:`kg.store.embedded.EmbeddedStore.replace_graphs`): each write reports what it drops and
what it adds, and after the write the subjects it touched get their rows again, from the quads
written when a subject is new, otherwise read back from the store. A SPARQL update cannot say
what it touched, so it leaves the model stale until a rebuild (the server starts one in the
background; listings use SPARQL meanwhile). The file records whether it is in step with the
store: ``dirty`` is committed before every write and ``ok`` after, so a crash between the two
is seen on the next open and leads to a rebuild.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from pathlib import Path

from pyoxigraph import BlankNode, NamedNode, Quad
from pyoxigraph import Store as OxStore

from kg.readmodel import items, schema
from kg.readmodel.listings import Listings
from kg.settings import DEFAULT_BASE_IRI

log = logging.getLogger(__name__)
FILE = "kg-read-model.sqlite"
VERSION = "5"  # 3: covering indexes for the stance table; 4: stance_total; 5: topic_item
# Past this many (topic, actor) pairs a write recomputes every stance row in one pass.
STANCE_PAIRS_ONE_BY_ONE = 2_000
BATCH = 20_000
IDLE_READERS = 16
MMAP_BYTES = 1 << 34  # address space, not memory: the OS keeps what is read

Fact = tuple[str, str, str]


class State(Enum):
    READY = "ready"  # in step with the store: listings read it
    BUILDING = "building"  # a rebuild is running; writes meanwhile are noted and replayed
    STALE = "stale"  # out of step; nothing reads it until a rebuild


def value(term: object) -> str:
    """A term as the read model keeps it: the text SPARQL rows give (kg.results.plain)."""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value  # type: ignore[attr-defined, no-any-return]


def fact(quad: Quad) -> Fact | None:
    """The read model's fact in a quad, or None if no listing shows it."""
    predicate = quad.predicate.value
    code = schema.PREDICATES.get(predicate)
    if code is not None:
        return value(quad.subject), code, value(quad.object)
    if predicate == schema.TYPE:
        kind = schema.TYPES.get(quad.object.value) if isinstance(quad.object, NamedNode) else None
        if kind is not None:
            return value(quad.subject), "type", kind
    return None


class Change:
    """What one write to the store does, as far as the read model cares."""

    def __init__(self, recording: bool) -> None:
        self.recording = recording
        self.added: list[Fact] = []
        self.removed: set[str] = set()  # subjects with facts in the graphs the write drops

    def watch(self, quads: Iterable[Quad]) -> Iterator[Quad]:
        """Pass the quads being written through, noting their facts."""
        if not self.recording:
            yield from quads
            return
        added = self.added
        for quad in quads:
            found = fact(quad)
            if found is not None:
                added.append(found)
            yield quad


class ReadModel:
    """The SQLite file beside an embedded store, and the listings read from it."""

    def __init__(self, path: Path, store: OxStore, *, fresh: bool, base: str = DEFAULT_BASE_IRI,
                 scratch: Path | None = None) -> None:
        self.path = path
        self.base = base  # the base IRI of the ids in the items it writes (kg.vocab.Iris.base)
        self._items = items.params(base)
        self._store = store
        self._scratch = scratch  # a temporary folder of our own (in-memory stores), removed on close
        self._lock = threading.RLock()
        self._idle: list[sqlite3.Connection] = []  # read-only connections not lent out
        self._readers_lock = threading.Lock()
        self._writer = self._connect()
        self._writer.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
        stored = dict(self._writer.execute("SELECT key, value FROM meta").fetchall())
        # Made by another kg version, or with items for another base IRI: its tables go.
        outdated = stored.get("version") != VERSION or stored.get("base") != base
        if outdated:
            for table in schema.DATA_TABLES:
                self._writer.execute(f"DROP TABLE IF EXISTS {table}")
        self._writer.executescript(schema.TABLES)
        self._writer.execute(schema.FACTS)
        self._writer.execute(schema.FACTS_INDEX)
        for scratch_table in ("touched (s TEXT PRIMARY KEY)", "restate (s TEXT PRIMARY KEY)",
                              "relabelled (s TEXT PRIMARY KEY)", "resourced (s TEXT PRIMARY KEY)",
                              "old_label (iri TEXT PRIMARY KEY, label TEXT)",
                              "old_source (iri TEXT PRIMARY KEY, title TEXT, url TEXT, publisher TEXT, "
                              "published TEXT)"):
            self._writer.execute(f"CREATE TEMP TABLE IF NOT EXISTS {scratch_table}")
        if fresh:
            self._clear()
            self._mark("ok")
        elif outdated:
            self._mark("stale")
        self.state = State.READY if self._meta("state") == "ok" else State.STALE
        self._pending: set[str] = set()
        self._pending_unknown = False
        self._builder: threading.Thread | None = None
        self.rebuild_in_background = False  # a long-running server sets it; a CLI run leaves the rebuild to it
        self._closing = False

    @classmethod
    def beside(cls, folder: Path | None, store: OxStore, *, fresh: bool, base: str = DEFAULT_BASE_IRI) -> ReadModel:
        """The read model of the store in ``folder`` (or, for an in-memory store, in a temporary folder)."""
        if folder is None:
            scratch = Path(tempfile.mkdtemp(prefix="kg-read-model-"))
            return cls(scratch / FILE, store, fresh=True, base=base, scratch=scratch)
        return cls(folder / FILE, store, fresh=fresh, base=base)

    # ------------------------------------------------------------------ connections
    def _connect(self, *, read_only: bool = False) -> sqlite3.Connection:
        if read_only:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False,
                                   isolation_level=None, timeout=30)
            # Pages read through the OS's cache, shared by every connection, not copied into each.
            conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        else:
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA temp_store=FILE")
        return conn

    @contextlib.contextmanager
    def _borrow(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection for one read, from the pool (at most ``IDLE_READERS`` kept)."""
        with self._readers_lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect(read_only=True)
        try:
            yield conn
        finally:
            with self._readers_lock:
                keep = len(self._idle) < IDLE_READERS and not self._closing
                if keep:
                    self._idle.append(conn)
            if not keep:
                conn.close()

    @property
    def ready(self) -> bool:
        return self.state is State.READY

    def listings(self, base: str) -> Listings:
        """The listing queries, each on a pooled read-only connection (call only when :attr:`ready`);
        ``base`` is the base IRI of the ids in items (:class:`kg.vocab.Iris`)."""
        return Listings(self._borrow, base, written_for=self.base)

    def close_stale(self) -> None:
        """Mark the model out of step and close it: the store is about to be written without it."""
        self._mark("stale")
        self.close()

    def close(self) -> None:
        builder = self._builder
        self._closing = True
        if builder is not None:  # it stops at its next batch
            builder.join(timeout=60)
        with self._readers_lock:
            for conn in self._idle:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._idle.clear()
        with contextlib.suppress(sqlite3.Error):
            self._writer.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
        del self._store  # the store's folder stays locked while anything holds it

    # ------------------------------------------------------------------ state
    def _meta(self, key: str) -> str | None:
        row = self._writer.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _mark(self, state: str) -> None:
        with self._writer:
            self._writer.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                     [("state", state), ("version", VERSION), ("base", self.base)])

    def _clear(self) -> None:
        with self._writer:
            for table in schema.DATA_TABLES:
                self._writer.execute(f"DELETE FROM {table}")  # noqa: S608 (our own table names)

    def _stale(self) -> None:
        self.state = State.STALE
        self._mark("stale")
        if self.rebuild_in_background:
            self.start_rebuild()

    # ------------------------------------------------------------------ writes
    @contextlib.contextmanager
    def change(self, dropping: Sequence[NamedNode] | None) -> Iterator[Change]:
        """Around one write to the store: ``dropping`` are the graphs it drops or replaces, ``None``
        when it cannot say what it touches (a SPARQL update). Call it holding the store's write lock."""
        with self._lock:
            state = self.state
            change = Change(recording=dropping is not None and state is not State.STALE)
            if state is State.READY:
                self._mark("dirty")
            if change.recording:
                change.removed = self._subjects_in(dropping or ())
            failed = False
            try:
                yield change
            except BaseException:
                failed = True
                raise
            finally:
                self._after(change, known=dropping is not None, failed=failed)

    def _after(self, change: Change, *, known: bool, failed: bool) -> None:
        if self.state is State.STALE:
            return
        if failed:
            # The store's writes are all-or-nothing, so it should hold what it held before; the rows of
            # every subject the write meant to touch are read back from it all the same.
            change.removed |= {f[0] for f in change.added}
            change.added = []
            if not known:  # a failed SPARQL update changed nothing
                if self.state is State.READY:
                    self._mark("ok")
                return
        if self.state is State.BUILDING:
            if not known:
                self._pending_unknown = True
            else:
                self._pending |= change.removed
                self._pending.update(f[0] for f in change.added)
            return
        if not known:
            self._stale()
            return
        try:
            self._apply(change.added, change.removed)
            self._mark("ok")
        except Exception:
            log.exception("the read model could not follow a write; it is stale until rebuilt")
            with contextlib.suppress(Exception):
                self._writer.rollback()
            self._stale()

    def _subjects_in(self, graphs: Iterable[NamedNode]) -> set[str]:
        found: set[str] = set()
        for graph in graphs:
            for predicate in schema.PREDICATE_NODES:
                found.update(value(q.subject) for q in self._store.quads_for_pattern(None, predicate, None, graph))
            for kind in schema.TYPE_NODES:
                typed = self._store.quads_for_pattern(None, schema.TYPE_NODE, kind, graph)
                found.update(value(q.subject) for q in typed)
        return found

    def _facts_of(self, subject: str) -> Iterator[Fact]:
        """What the store now says about one subject, in every graph."""
        node = BlankNode(subject[2:]) if subject.startswith("_:") else NamedNode(subject)
        for quad in self._store.quads_for_pattern(node, None, None, None):
            found = fact(quad)
            if found is not None:
                yield found

    def _apply(self, added: list[Fact], removed: set[str]) -> None:
        """Give every subject a write touched its rows again, in one SQLite transaction."""
        touched = removed | {f[0] for f in added}
        if not touched:
            return
        w = self._writer
        with w:
            w.execute("DELETE FROM touched")
            w.executemany("INSERT OR IGNORE INTO touched (s) VALUES (?)", ((s,) for s in touched))
            known = {row[0] for row in w.execute(
                "SELECT s FROM touched WHERE EXISTS (SELECT 1 FROM stmt WHERE iri = s) "
                "OR EXISTS (SELECT 1 FROM entity WHERE iri = s) OR EXISTS (SELECT 1 FROM source WHERE iri = s) "
                "OR EXISTS (SELECT 1 FROM affiliation WHERE member = s) "
                "OR EXISTS (SELECT 1 FROM broader WHERE narrower = s)")}
            # A subject the model has never seen, touched only by additions: its facts are the ones written.
            read_back = known | removed
            facts: list[Fact] = [f for f in added if f[0] not in read_back]
            for subject in read_back:
                facts.extend(self._facts_of(subject))
            broader_before = self._touched_broader()
            pairs = self._touched_pairs()  # before: the stance rows they counted in
            self._unstate()
            for table, key in (("stmt", "iri"), ("entity", "iri"), ("source", "iri"), ("affiliation", "member"),
                               ("broader", "narrower")):
                w.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT s FROM touched)")  # noqa: S608
            self._derive(facts)
            self._restate()
            # Every stance row is recomputed only when the hierarchy changed, not when a write states
            # the same broader topics again (as every ingest of statements on those topics does).
            hierarchy_changed = self._touched_broader() != broader_before
            self._restance(pairs | self._touched_pairs(), everything=hierarchy_changed)

    def _unstate(self) -> None:
        """Before the touched subjects' rows go: their items go too, and what they showed is noted."""
        w = self._writer
        for table in ("restate", "old_label", "old_source"):
            w.execute(f"DELETE FROM {table}")  # noqa: S608 (our own table names)
        w.execute("INSERT INTO restate SELECT s FROM touched")
        w.execute(items.UNSTORE_SOME)  # the rows of touched statements, found by their keys as they were
        w.execute("INSERT INTO old_label SELECT iri, label FROM entity WHERE iri IN (SELECT s FROM touched)")
        w.execute("INSERT INTO old_source SELECT iri, title, url, publisher, published FROM source "
                  "WHERE iri IN (SELECT s FROM touched)")

    def _restate(self) -> None:
        """Items again for the touched statements, and for every statement that shows a label or a
        source the write changed (a relabelled topic, a publisher's new name, a source's new title)."""
        w = self._writer
        for table in ("relabelled", "resourced", "restate"):  # restate: the touched statements' rows are gone
            w.execute(f"DELETE FROM {table}")  # noqa: S608
        # What an item shows of an entity is its label (an actor's only decides whether it counts).
        w.execute("INSERT INTO relabelled SELECT t.s FROM touched t LEFT JOIN old_label o ON o.iri = t.s "
                  "LEFT JOIN entity e ON e.iri = t.s WHERE o.label IS NOT e.label")
        w.execute("INSERT INTO resourced SELECT t.s FROM touched t LEFT JOIN old_source o ON o.iri = t.s "
                  "LEFT JOIN source n ON n.iri = t.s WHERE o.title IS NOT n.title OR o.url IS NOT n.url "
                  "OR o.publisher IS NOT n.publisher OR o.published IS NOT n.published")
        w.execute("INSERT OR IGNORE INTO resourced SELECT iri FROM source "
                  "WHERE publisher IN (SELECT s FROM relabelled)")
        for column in ("actor", "position", "topic", "attributed"):
            w.execute(f"INSERT OR IGNORE INTO restate SELECT iri FROM stmt "  # noqa: S608 (our own column names)
                      f"WHERE {column} IN (SELECT s FROM relabelled)")
        w.execute("INSERT OR IGNORE INTO restate SELECT iri FROM stmt WHERE source IN (SELECT s FROM resourced)")
        w.execute(items.UNSTORE_SOME)  # these keep their keys: their rows go by them
        w.execute("INSERT OR IGNORE INTO restate SELECT s FROM touched")
        w.execute(items.STORE_SOME, self._items)

    def _touched_broader(self) -> set[tuple[str, str]]:
        return set(self._writer.execute(
            "SELECT narrower, broader FROM broader WHERE narrower IN (SELECT s FROM touched)"))

    def _touched_pairs(self) -> set[tuple[str, str]]:
        """The (actor, topic) of every touched statement: the stance rows its change moves."""
        return set(self._writer.execute(
            "SELECT actor, topic FROM stmt WHERE iri IN (SELECT s FROM touched) AND actor IS NOT NULL "
            "AND topic IS NOT NULL").fetchall())

    def _derive(self, facts: Iterable[Fact], *, restartable: bool = False) -> None:
        """Rows from facts (the same triple in two graphs is one fact, as in the union default graph)."""
        w = self._writer
        w.execute("DELETE FROM facts")
        batch: list[Fact] = []
        for found in facts:
            batch.append(found)
            if len(batch) >= BATCH:
                if restartable and (self._pending_unknown or self._closing):
                    raise _Restart
                w.executemany("INSERT INTO facts (s, p, o) VALUES (?, ?, ?)", batch)
                batch.clear()
        w.executemany("INSERT INTO facts (s, p, o) VALUES (?, ?, ?)", batch)
        for statement in schema.DERIVE:
            w.execute(statement)
        w.execute("DELETE FROM facts")

    def _restance(self, pairs: set[tuple[str, str]], *, everything: bool) -> None:
        """Recompute the stance rows of (actor, topic) pairs, for the topic and every broader one."""
        w = self._writer
        if not everything:
            targets: set[tuple[str, str]] = set()
            ancestors: dict[str, list[str]] = {}
            for actor, topic in pairs:
                if topic not in ancestors:
                    ancestors[topic] = [r[0] for r in w.execute(schema.UP + "SELECT t FROM up", (topic,))]
                targets.update((t, actor) for t in ancestors[topic])
                if len(targets) > STANCE_PAIRS_ONE_BY_ONE:
                    everything = True
                    break
        if everything:
            w.execute("DELETE FROM stance")
            w.execute(schema.STANCE_ALL)
            w.execute("DELETE FROM stance_total")
            w.execute(schema.TOTALS_ALL)
            return
        for topic, actor in targets:
            w.execute("DELETE FROM stance WHERE topic = ? AND actor = ?", (topic, actor))
            w.execute(schema.STANCE_ONE, (topic, topic, actor, actor))
        for topic in {t for t, _ in targets}:
            w.execute("DELETE FROM stance_total WHERE topic = ?", (topic,))
            w.execute(schema.TOTAL_ONE, (topic,))

    # ------------------------------------------------------------------ rebuild
    def start_rebuild(self) -> None:
        """Rebuild in a background thread (listings use SPARQL until it is done)."""
        with self._lock:
            if self._builder is not None and self._builder.is_alive():
                self._pending_unknown = True  # start over once the running pass ends
                return
            self.state = State.BUILDING
            self._pending, self._pending_unknown = set(), False
            self._builder = threading.Thread(target=self._rebuild_loop, name="kg-read-model", daemon=True)
            self._builder.start()

    def rebuild(self) -> None:
        """Rebuild now, in this thread; the store must not be written meanwhile."""
        with self._lock:
            self.state = State.BUILDING
            self._pending, self._pending_unknown = set(), False
            self._build()
            self.state = State.READY
            self._mark("ok")

    def _rebuild_loop(self) -> None:
        try:
            while True:
                with self._lock:
                    self._pending, self._pending_unknown = set(), False
                try:
                    self._build(restartable=True)
                except _Restart:
                    if self._closing:
                        return
                    continue
                with self._lock:  # no write is in flight while this is held
                    if self._pending_unknown:
                        continue
                    if self._pending:
                        self._apply([], self._pending)
                    self._pending = set()
                    self.state = State.READY
                    self._mark("ok")
                    log.info("the read model is ready")
                    return
        except Exception:
            log.exception("rebuilding the read model failed; listings keep using SPARQL")
            with self._lock:
                with contextlib.suppress(Exception):
                    self._writer.rollback()
                self.state = State.STALE
        finally:
            self._builder = None

    def _build(self, *, restartable: bool = False) -> None:
        """Every row from the store, read one property at a time (a sequential scan each)."""
        self._mark("stale")
        w = self._writer

        def facts() -> Iterator[Fact]:
            for predicate in schema.PREDICATE_NODES:
                for quad in self._store.quads_for_pattern(None, predicate, None, None):
                    found = fact(quad)
                    if found is not None:
                        yield found
            for kind in schema.TYPE_NODES:
                for quad in self._store.quads_for_pattern(None, schema.TYPE_NODE, kind, None):
                    found = fact(quad)
                    if found is not None:
                        yield found

        with w:
            for table in schema.DATA_TABLES:
                w.execute(f"DELETE FROM {table}")  # noqa: S608
            self._derive(facts(), restartable=restartable)
            w.execute(items.STORE_ALL, self._items)
            w.execute(schema.STANCE_ALL)
            w.execute(schema.TOTALS_ALL)


class _Restart(Exception):
    """A write the rebuild cannot follow happened; the pass stops early to start over."""
