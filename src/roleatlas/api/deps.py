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
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from fastapi import Request

from roleatlas.settings import Settings
from roleatlas.store import Store

if TYPE_CHECKING:
    from roleatlas.search import SearchIndex

__all__ = [
    "STALE_CHECK_SECONDS",
    "Resources",
    "get_index",
    "get_resources",
    "get_settings",
    "get_store",
]

#: Default largest upload the ingest endpoint accepts (bytes).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: Open stores kept for reuse between requests.
MAX_IDLE = 16
#: Seconds between two checks whether the store is ahead of the search index.
STALE_CHECK_SECONDS = 2.0

log = logging.getLogger("roleatlas.api")


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
        self._sync_lock = threading.Lock()  # one index sync of this app at a time
        self._checked = -STALE_CHECK_SECONDS  # monotonic time of the last staleness check
        self._starter: threading.Thread | None = None

    def checkout(self) -> Store:
        """An open store for one request's exclusive use; give it back with :meth:`checkin`."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return Store(self.settings.database).open()

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
        """The search index, brought up to date with the store when it is behind.

        At most every :data:`STALE_CHECK_SECONDS` a request compares the store's newest row
        id and ``updated_at`` with the index's watermark (two indexed aggregates) and syncs
        when the store is ahead: the CLI writes postings without the server knowing. A
        request that finds a sync running (the one started with the server, or another
        request's) waits for it. A missing index is built on first use.

        Raises
        ------
        StoreError
            If there is no index and it cannot be built. A stale index that cannot be
            synced (another writer holds it too long) is served as it is, and logged.
        """
        from roleatlas.errors import StoreError
        from roleatlas.search import SearchIndex, index_dir, index_exists

        if self._stale_check_due():
            opened = self._index is not None
            try:
                # an open index is served as it is while another request syncs it
                self.catch_up(only_if_stale=True, wait=not opened)
            except StoreError as exc:
                if not opened and not index_exists(index_dir(self.settings.home)):
                    raise
                log.warning("The search index could not be brought up to date: %s", exc)
        with self._lock:
            if self._index is None:
                self._index = SearchIndex.open(index_dir(self.settings.home))
            return self._index

    def _stale_check_due(self) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._index is not None and now - self._checked < STALE_CHECK_SECONDS:
                return False
            self._checked = now
            return True

    def catch_up(self, *, only_if_stale: bool = False, wait: bool = True) -> int:
        """Sync the search index with the store now (build it when missing); returns the
        postings indexed. Waits for a sync of this app that is already running (or, without
        ``wait``, returns 0 at once), and for writers in other processes up to
        ``settings.index_lock_timeout``.

        With ``only_if_stale``, first checks cheaply whether the store is ahead
        (:func:`roleatlas.search.index_is_stale`) and does nothing when it is not.
        """
        from roleatlas.search import index_dir, index_is_stale, sync_index

        path = index_dir(self.settings.home)
        if not self._sync_lock.acquire(blocking=wait):
            return 0
        try:
            with self.store() as store:
                if only_if_stale and not index_is_stale(store, path):
                    return 0
                done = sync_index(store, path, lock_timeout=self.settings.index_lock_timeout)
        finally:
            self._sync_lock.release()
        with self._lock:
            self._checked = time.monotonic()
        return done

    def start(self) -> None:
        """Bring the index up to date in a background thread (at server start): the server
        answers at once, and a search waits for this sync to finish. Failures are logged."""

        def run() -> None:
            try:
                done = self.catch_up(only_if_stale=True)
            except Exception:  # a thread has no caller to raise to: log and let requests retry
                log.exception("Bringing the search index up to date at start failed")
                return
            if done:
                log.info("Search index brought up to date at start: %d postings indexed", done)

        with self._lock:
            self._checked = time.monotonic()
        thread = threading.Thread(target=run, name="roleatlas-index-catch-up", daemon=True)
        self._starter = thread
        thread.start()

    def index_docs(self) -> int | None:
        """Documents in the search index, or ``None`` when it was never opened or built."""
        from roleatlas.search import SearchIndex, index_dir, index_exists

        with self._lock:
            if self._index is not None:
                return self._index.count()
            path = index_dir(self.settings.home)
        if not index_exists(path):
            return None
        return SearchIndex.open(path).count()

    @property
    def ingest_lock(self) -> asyncio.Lock:
        """Serializes ingests through the API (one writer at a time)."""
        if self._ingest_lock is None:
            self._ingest_lock = asyncio.Lock()
        return self._ingest_lock

    def close(self) -> None:
        """Close the idle stores and forget the index (at shutdown). A catch-up sync still
        running gets a few seconds to finish (it is safe to stop at any point)."""
        if self._starter is not None:
            self._starter.join(timeout=5)
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
    """The app's search index (synced with the store when it is behind, built if missing)."""
    return get_resources(request).index()
