"""Read-only snapshots of the store for query workers, one generation per write.

RocksDB lets one process open a store read-write and says nothing good about other processes
reading it meanwhile. So the process that owns the store publishes a checkpoint
(``Store.backup``: hard links, cheap) after every write, under ``<data>/.snapshots/<n>``, and
workers open the newest one read-only. A generation is deleted once it is neither the newest
nor open in any worker.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

from kg.errors import store_errors
from kg.store.base import SnapshotStore

SNAPSHOTS = ".snapshots"


class Snapshots:
    """Publishes and collects the snapshot generations of one store."""

    def __init__(self, store: SnapshotStore, root: Path) -> None:
        self.store = store
        self.root = root
        self._lock = threading.Lock()
        self._generation = 0
        self._current: Path | None = None

    @classmethod
    def beside(cls, store: SnapshotStore, data: Path) -> Snapshots:
        """Snapshots in the store's own folder, so hard links stay on one file system."""
        return cls(store, Path(data) / SNAPSHOTS)

    @property
    def generation(self) -> int:
        return self._generation

    def current(self) -> str:
        """The newest snapshot's folder, publishing the first one if there is none yet."""
        path = self._current
        return str(path) if path is not None else self.publish()

    def publish(self) -> str:
        """Checkpoint the store as a new generation; the caller has just written to it."""
        with self._lock:
            if self._current is None:  # first use: leftovers of an earlier run are nobody's
                shutil.rmtree(self.root, ignore_errors=True)
            self.root.mkdir(parents=True, exist_ok=True)
            self._generation += 1
            target = self.root / f"{self._generation:08d}"
            with store_errors("publishing a snapshot"):
                self.store.backup(target)
            self._current = target
            return str(target)

    def collect(self, in_use: Iterable[str | None]) -> list[str]:
        """Delete generations that are neither the newest nor open somewhere; returns them."""
        with self._lock:
            keep = {str(self._current)} | {p for p in in_use if p}
            removed = []
            for folder in sorted(self.root.glob("[0-9]*")) if self.root.exists() else []:
                if str(folder) not in keep:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(str(folder))
            return removed

    def clear(self) -> None:
        """Remove every generation (at shutdown, once no worker has one open)."""
        with self._lock:
            shutil.rmtree(self.root, ignore_errors=True)
            self._current = None
