"""FastAPI dependencies shared by the API and the web pages: settings, store, search index.

One :class:`Resources` per app (``app.state.resources``) holds the database connections and
the search index, opened on first use and closed when the app shuts down. Each request gets a
:class:`~roleatlas.store.Store` of its own for its duration (from a small pool; a store is
opened with ``check_same_thread=False``, as the request may use it from a worker thread):
requests never share a connection, so one request's transaction (the insight cache writes
one) cannot touch another's reads, and SQLite's WAL mode lets them read in parallel.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from fastapi import Request

from roleatlas.settings import Settings
from roleatlas.store import Store

if TYPE_CHECKING:
    from roleatlas.search import SearchIndex

__all__ = ["Resources", "get_index", "get_resources", "get_settings", "get_store"]

#: Default largest upload the ingest endpoint accepts (bytes).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: Open stores kept for reuse between requests.
MAX_IDLE = 16


class Resources:
    """The database connections (a pool of stores) and the search index of one app, opened
    lazily and thread-safely.

    Parameters
    ----------
    settings:
        Resolved settings (home, database name, API token).
    max_upload_bytes:
        Largest file the ingest endpoint accepts.
    """

    def __init__(self, settings: Settings, max_upload_bytes: int = MAX_UPLOAD_BYTES) -> None:
        self.settings = settings
        self.max_upload_bytes = max_upload_bytes
        self._lock = threading.RLock()
        self._idle: list[Store] = []
        self._index: SearchIndex | None = None
        self._ingest_lock: asyncio.Lock | None = None

    def checkout(self) -> Store:
        """An open store for one request's exclusive use; give it back with :meth:`checkin`."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return Store(self.settings.db_path).open()

    def checkin(self, store: Store) -> None:
        """Return a store from :meth:`checkout` (closed when enough are idle already)."""
        with self._lock:
            if len(self._idle) < MAX_IDLE:
                self._idle.append(store)
                return
        store.close()

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A store for the duration of a ``with`` block."""
        store = self.checkout()
        try:
            yield store
        finally:
            self.checkin(store)

    def index(self) -> SearchIndex:
        """The search index, opened on first use; built (or brought up to date with the
        store) first when it cannot be opened. Ingest, through the API or the CLI, keeps it in
        step afterwards, and the open index sees that by itself."""
        from roleatlas.errors import StoreError
        from roleatlas.search import SearchIndex, index_dir, sync_index

        with self._lock:
            if self._index is None:
                path = index_dir(self.settings.home)
                try:
                    self._index = SearchIndex.open(path)
                except StoreError:  # missing, or of an older layout: (re)build it once
                    with self.store() as store:
                        sync_index(store, path)
                    self._index = SearchIndex.open(path)
            return self._index

    def index_docs(self) -> int | None:
        """Documents in the search index, or ``None`` when it was never opened or built."""
        from roleatlas.search import SearchIndex, index_dir

        with self._lock:
            if self._index is not None:
                return self._index.count()
            path = index_dir(self.settings.home)
        if not path.exists():
            return None
        return SearchIndex.open(path).count()

    @property
    def ingest_lock(self) -> asyncio.Lock:
        """Serializes ingests through the API (one writer at a time)."""
        if self._ingest_lock is None:
            self._ingest_lock = asyncio.Lock()
        return self._ingest_lock

    def close(self) -> None:
        """Close the idle stores and forget the index (at shutdown)."""
        with self._lock:
            self._index = None
            idle, self._idle = self._idle, []
        for store in idle:
            store.close()


def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


def get_settings(request: Request) -> Settings:
    """The app's resolved settings."""
    return get_resources(request).settings


def get_store(request: Request) -> Iterator[Store]:
    """A store of the request's own, for the request's duration."""
    with get_resources(request).store() as store:
        yield store


def get_index(request: Request) -> SearchIndex:
    """The app's search index (synced with the store, or built, on first use)."""
    return get_resources(request).index()
