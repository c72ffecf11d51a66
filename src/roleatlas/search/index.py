"""The search index: a tantivy index derived from the store, rebuilt or synced on demand.

Layout of the index directory (``home/index``)::

    CURRENT                  name of the live generation, replaced atomically
    gen-<hex>/               one complete tantivy index
        roleatlas-index.json layout version, watermark (highest row id and updated_at read), docs
    .build-<random>/         a rebuild in progress (removed when it finishes or fails)

:func:`build_index` writes a whole new generation next to the live one and then points
``CURRENT`` at it, so a crash never leaves half an index and searches keep running on the old
generation meanwhile. :func:`sync_index` adds or replaces, in the live generation, the
postings written since the watermark (delete by key, then add, in one commit).

Writers (a build or a sync, in any process) take an exclusive lock on ``index/.lock`` for
their whole run and wait for it up to ``lock_timeout`` seconds, so two ingests finishing at
the same time both update the index, one after the other, and the state file is never
written by two of them at once.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import tantivy

try:  # POSIX; elsewhere only tantivy's own writer lock (retried below) guards the index
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

from roleatlas.errors import StoreError
from roleatlas.records import Posting
from roleatlas.search.query import SearchHit, SearchQuery, SearchResult, checked
from roleatlas.store import Store
from roleatlas.store.search_feed import (
    FeedRow,
    Watermark,
    changed_ids,
    feed_rows,
    feed_rows_by_id,
    postings_by_key,
)

__all__ = [
    "INDEX_VERSION",
    "SearchIndex",
    "build_index",
    "index_dir",
    "index_exists",
    "index_is_stale",
    "search_postings",
    "sync_index",
]

#: Version of the document layout; an index of another version is rebuilt by a sync.
INDEX_VERSION = 2

_CURRENT = "CURRENT"
_STATE = "roleatlas-index.json"
_LOCK = ".lock"
#: Default seconds a writer waits for another writer (the ``index_lock_timeout`` setting).
LOCK_TIMEOUT = 120.0
_KEY_SEP = "\x1f"
#: Fields a keyword without ``field:`` searches, with their weights.
_TEXT_FIELDS = ["title", "company", "skill_names", "description"]
_BOOSTS = {"title": 3.0, "skill_names": 2.0, "company": 1.5, "description": 1.0}
#: A bare word the text tokenizer would lose (``c++``, ``c#``, ``f#``): looked up as a skill.
_SYMBOL_WORD = re.compile(r"^[\w.]*[+#][\w.+#]*$")
_WORD = re.compile(r"\w+")
_OPERATORS = frozenset({"AND", "OR", "NOT", "IN", "TO"})
_BUILD_HEAP = 256_000_000
_SYNC_HEAP = 64_000_000
_STALE_BUILD_SECONDS = 3600
#: Most boundary fingerprints kept in the state file; past it they are simply reindexed.
_MAX_BOUNDARY = 100_000


def index_dir(home: Path) -> Path:
    """Where the search index of the data directory ``home`` lives: ``home / "index"``."""
    return Path(home) / "index"


def index_exists(path: Path) -> bool:
    """Whether ``path`` holds a search index (built at least once, maybe stale or damaged)."""
    return (Path(path) / _CURRENT).is_file()


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("source", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("source_id", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("title", tokenizer_name="en_stem")
    sb.add_text_field("company", tokenizer_name="default")
    sb.add_text_field("description", tokenizer_name="en_stem")
    sb.add_text_field("skill_names", tokenizer_name="default")
    # exact keywords: never tokenized, so "cpp", "csharp" and "c" stay three different terms
    for name in ("role", "level", "employment_type", "country", "skills"):
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_boolean_field("remote", indexed=True, fast=True)
    sb.add_boolean_field("open", indexed=True, fast=True)
    sb.add_float_field("salary_usd_min", indexed=True, fast=True)
    sb.add_float_field("salary_usd_max", indexed=True, fast=True)
    sb.add_date_field("posted", indexed=True, fast=True)
    return sb.build()


def _key(source: str, source_id: str) -> str:
    return f"{source}{_KEY_SEP}{source_id}"


def _posted(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        try:
            value = datetime.combine(date.fromisoformat(text.strip()[:10]), datetime.min.time())
        except ValueError:
            return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _countries(row: FeedRow) -> list[str]:
    found = [row.country] if row.country else []
    for part in (row.remote_scope or "").split(","):
        part = part.strip()
        if len(part) == 2 and part.isalpha() and part.upper() not in found:
            found.append(part.upper())
    return found


class _DocMaker:
    """Turns feed rows into tantivy documents (skill names read from the catalog once)."""

    def __init__(self) -> None:
        from roleatlas.catalog.skills import load_skills

        self._names = {skill.id: skill.name for skill in load_skills()}

    def __call__(self, row: FeedRow) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_text("key", _key(row.source, row.source_id))
        doc.add_text("source", row.source)
        doc.add_text("source_id", row.source_id)
        for name in ("title", "company", "description", "role", "level", "employment_type"):
            value = getattr(row, name)
            if value:
                doc.add_text(name, value)
        for country in _countries(row):
            doc.add_text("country", country)
        for skill in row.skills:
            doc.add_text("skills", skill)
            if skill in self._names:
                doc.add_text("skill_names", self._names[skill])
        doc.add_boolean("remote", row.workplace == "remote")
        doc.add_boolean("open", row.open)
        low = row.salary_usd_min if row.salary_usd_min is not None else row.salary_usd_max
        high = row.salary_usd_max if row.salary_usd_max is not None else row.salary_usd_min
        if low is not None and high is not None:
            doc.add_float("salary_usd_min", float(low))
            doc.add_float("salary_usd_max", float(high))
        posted = _posted(row.posted_at)
        if posted is not None:
            doc.add_date("posted", posted)
        return doc


# -- files ----------------------------------------------------------------------------------
def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _missing(root: Path) -> StoreError:
    return StoreError(
        f"There is no search index at {str(root)!r}. Build it with `roleatlas index` "
        "(it is derived from the postings in the database)."
    )


def _damaged(root: Path, why: object) -> StoreError:
    return StoreError(
        f"The search index at {str(root)!r} cannot be read ({why}). Rebuild it with "
        "`roleatlas index --rebuild`."
    )


def _current(root: Path) -> str:
    try:
        name = (root / _CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise _missing(root) from None
    except OSError as exc:
        raise _damaged(root, exc.strerror) from exc
    if not name.startswith("gen-") or not (root / name).is_dir():
        raise _damaged(root, f"{_CURRENT} names {name!r}, which is not there")
    return name


def _read_state(root: Path, generation: str) -> dict[str, Any]:
    try:
        state = json.loads((root / generation / _STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _damaged(root, f"{_STATE}: {exc}") from exc
    if not isinstance(state, dict):
        raise _damaged(root, f"{_STATE} is not a JSON object")
    return state


def _write_state(directory: Path, mark: Watermark, docs: int, built_at: str) -> None:
    state = {
        "version": INDEX_VERSION,
        "max_id": mark.max_id,
        "max_updated_at": mark.max_updated_at,
        "docs": docs,
        "built_at": built_at,
        "synced_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "boundary": mark.boundary if len(mark.boundary) <= _MAX_BOUNDARY else {},
    }
    _write_atomic(directory / _STATE, json.dumps(state, indent=2) + "\n")


def _open_tantivy(root: Path, generation: str) -> tantivy.Index:
    try:
        return tantivy.Index.open(str(root / generation))
    except (ValueError, OSError) as exc:
        raise _damaged(root, exc) from exc


def _cleanup(root: Path, keep: str) -> None:
    """Remove generations other than ``keep`` and builds abandoned by a crash.

    Readers that still have an old generation open keep working (its files stay mapped
    until closed), and they move to the new one on their next search. Cleanup is best
    effort: whatever cannot be removed now is removed after the next rebuild.
    """
    now = time.time()
    for entry in root.iterdir():
        if entry.name.startswith("gen-") and entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(".build-"):
            try:
                age = now - entry.stat().st_mtime
            except OSError:
                continue
            if age > _STALE_BUILD_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)


class _Deadline:
    """Waits with growing pauses (50 ms up to 1 s) until ``seconds`` have passed."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + max(0.0, seconds)
        self.pause = 0.05

    def wait(self) -> bool:
        """Sleep before the next try; ``False`` when the time is up."""
        left = self.end - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(self.pause, left))
        self.pause = min(self.pause * 2, 1.0)
        return True


def _busy(root: Path, timeout: float) -> StoreError:
    return StoreError(
        f"Another roleatlas process has been writing the search index at {str(root)!r} for "
        f"more than {timeout:g} s. The postings are stored; only the index is behind. Run "
        "`roleatlas index` when the other process has finished (or raise "
        "ROLEATLAS_INDEX_LOCK_TIMEOUT)."
    )


@contextlib.contextmanager
def _writer_lock(root: Path, timeout: float) -> Iterator[None]:
    """Hold the index's writer lock (``root/.lock``), waiting up to ``timeout`` seconds.

    ``flock`` locks belong to an open file, so two threads of one process exclude each
    other as two processes do; the lock goes away with the process, even after ``kill -9``.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(
            f"Cannot create the search index directory {str(root)!r}: {exc.strerror}. "
            "Pass --home with a writable directory."
        ) from exc
    try:
        deadline = _Deadline(timeout)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not deadline.wait():
                    raise _busy(root, timeout) from None
        yield
    finally:
        os.close(fd)  # releases the lock


def _open_writer(
    index: tantivy.Index, root: Path, heap: int, threads: int, timeout: float
) -> tantivy.IndexWriter:
    """``index.writer(...)``, retried while tantivy's own lock is held (by a writer that does
    not take :func:`_writer_lock`, e.g. an older roleatlas) until ``timeout`` seconds."""
    deadline = _Deadline(timeout)
    while True:
        try:
            return index.writer(heap_size=heap, num_threads=threads)
        except ValueError as exc:
            if "lock" not in str(exc).lower():
                raise
            if not deadline.wait():
                raise _busy(root, timeout) from exc


def _discard(tmp: Path | None, writer: tantivy.IndexWriter | None) -> None:
    """Roll back ``writer`` and remove the unfinished build ``tmp``, after the writer's
    threads have stopped writing into it."""
    if writer is not None:
        try:
            writer.rollback()
            writer.wait_merging_threads()
        except (ValueError, OSError):
            pass  # the work is being thrown away; only its files matter now
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


# -- build and sync -------------------------------------------------------------------------
def build_index(
    store: Store,
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> int:
    """Build the search index of every posting in ``store`` from scratch.

    The new index is written into a temporary directory next to the live one and swapped in
    atomically when complete; until then searches use the previous index.

    Parameters
    ----------
    store:
        An open store.
    path:
        The index directory, normally :func:`index_dir` of the data directory.
    progress:
        Called with ``(postings indexed, postings in the store)`` after each batch.
    lock_timeout:
        Seconds to wait for another writer of the index (a build or sync in any process).

    Returns
    -------
    int
        The number of postings indexed.

    Raises
    ------
    StoreError
        If the index directory cannot be written, or another writer held the index for
        more than ``lock_timeout`` seconds.
    """
    root = Path(path)
    with _writer_lock(root, lock_timeout):
        return _build(store, root, progress)


def _build(store: Store, root: Path, progress: Callable[[int, int], None] | None) -> int:
    """:func:`build_index` with the writer lock held."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    except OSError as exc:
        raise StoreError(
            f"Cannot create the search index directory {str(root)!r}: {exc.strerror}. "
            "Pass --home with a writable directory."
        ) from exc
    built_at = datetime.now(UTC).isoformat(timespec="seconds")
    writer: tantivy.IndexWriter | None = None
    try:
        total = store.count()
        index = tantivy.Index(_schema(), str(tmp))
        writer = index.writer(heap_size=_BUILD_HEAP, num_threads=0)  # a fresh directory
        make = _DocMaker()
        mark, done = Watermark(), 0
        for rows in feed_rows(store):
            for row in rows:
                writer.add_document(make(row))
            mark = mark.advance(rows)
            done += len(rows)
            if progress is not None:
                progress(done, max(total, done))
        writer.commit()
        finishing, writer = writer, None
        finishing.wait_merging_threads()
        _write_state(tmp, mark, done, built_at)
        generation = f"gen-{time.time_ns():x}"
        os.rename(tmp, root / generation)
        _write_atomic(root / _CURRENT, generation + "\n")
    except (ValueError, OSError) as exc:
        _discard(tmp, writer)
        raise StoreError(
            f"Building the search index in {str(root)!r} failed: {exc}. The previous index "
            "(if any) is unchanged; fix the cause and run `roleatlas index --rebuild`."
        ) from exc
    except BaseException:  # interrupted (Ctrl-C) or a bug: never leave half an index behind
        _discard(tmp, writer)
        raise
    _cleanup(root, keep=generation)
    return done


def sync_index(store: Store, path: Path, *, lock_timeout: float = LOCK_TIMEOUT) -> int:
    """Bring the search index up to date with ``store``: add new postings, replace changed ones.

    Reads the postings added or updated since the watermark the index recorded; each is
    deleted by its key and added again, in one commit. Creates the index (a full build) when
    there is none, or when it was built with another document layout. When another writer
    (a sync or build in this or another process) is at work, waits for it to finish.

    Parameters
    ----------
    store:
        An open store.
    path:
        The index directory, normally :func:`index_dir` of the data directory.
    lock_timeout:
        Seconds to wait for another writer of the index.

    Returns
    -------
    int
        The number of postings (re)indexed.

    Raises
    ------
    StoreError
        If the index is damaged, or another writer held it for more than ``lock_timeout``
        seconds (the message says to run ``roleatlas index`` later).
    """
    root = Path(path)
    with _writer_lock(root, lock_timeout):
        return _sync(store, root, lock_timeout)


def _sync(store: Store, root: Path, lock_timeout: float) -> int:
    """:func:`sync_index` with the writer lock held."""
    if not index_exists(root):
        return _build(store, root, None)
    generation = _current(root)
    state = _read_state(root, generation)
    if state.get("version") != INDEX_VERSION:
        return _build(store, root, None)
    since = Watermark(
        int(state.get("max_id", 0)),
        str(state.get("max_updated_at", "")),
        {int(k): str(v) for k, v in (state.get("boundary") or {}).items()},
    )
    ids = changed_ids(store, since)
    if not ids:
        return 0
    index = _open_tantivy(root, generation)
    try:
        writer = _open_writer(index, root, _SYNC_HEAP, 1, lock_timeout)
    except ValueError as exc:
        raise _damaged(root, exc) from exc
    make = _DocMaker()
    mark, done = since, 0
    try:
        for rows in feed_rows_by_id(store, ids):
            for row in rows:
                writer.delete_documents_by_term("key", _key(row.source, row.source_id))
                writer.add_document(make(row))
            mark = mark.advance(rows)
            done += len(rows)
        writer.commit()
    except (ValueError, OSError) as exc:
        _discard(None, writer)
        raise StoreError(
            f"Updating the search index at {str(root)!r} failed: {exc}. Nothing was "
            "changed; run `roleatlas index --rebuild` if this happens again."
        ) from exc
    except BaseException:
        _discard(None, writer)
        raise
    writer.wait_merging_threads()
    index.reload()
    _write_state(root / generation, mark, index.searcher().num_docs, str(state.get("built_at")))
    return done


def index_is_stale(store: Store, path: Path) -> bool:
    """Whether the index at ``path`` is behind ``store`` (or missing, or of another layout).

    Cheap (the state file and two indexed SQL aggregates): the store is ahead when it holds a
    posting with a row id above the index's watermark or an ``updated_at`` after it. A
    posting updated within the very second the index last read is only seen by a sync.
    """
    root = Path(path)
    try:
        state = _read_state(root, _current(root))
    except StoreError:
        return True
    if state.get("version") != INDEX_VERSION:
        return True
    max_id, max_updated = store.conn.execute(
        "SELECT max(id), max(updated_at) FROM postings"
    ).fetchone()
    if max_id is None:
        return False
    return int(max_id) > int(state.get("max_id", 0)) or str(max_updated) > str(
        state.get("max_updated_at", "")
    )


# -- search ---------------------------------------------------------------------------------
@functools.cache
def _symbol_skills() -> dict[str, str]:
    """Skill ids by lookup key of the names and aliases with ``+`` or ``#`` in them."""
    from roleatlas.catalog.skills import load_skills, skill_key

    found: dict[str, str] = {}
    for skill in load_skills():
        for label in (skill.id, skill.name, *skill.aliases):
            if "+" in label or "#" in label:
                found.setdefault(skill_key(label), skill.id)
    return found


def _skill_words(text: str) -> str:
    """Replace bare words like ``c++`` or ``C#`` by an exact skill-id term when the catalog
    knows them (the text tokenizer would read both as ``c``)."""
    words = text.split()
    if '"' in text or not any(_SYMBOL_WORD.match(w) for w in words):
        return text  # inside a phrase the words stay text: rewriting would break the quotes
    from roleatlas.catalog.skills import skill_key

    skills = _symbol_skills()
    out = []
    for word in words:
        skill_id = skills.get(skill_key(word)) if _SYMBOL_WORD.match(word) else None
        out.append(f'skills:"{skill_id}"' if skill_id else word)
    return " ".join(out)


def _plain_words(text: str) -> str | None:
    """The words of ``text`` as quoted terms (a leading ``-`` kept), for text that is not a
    valid query; ``None`` when it has no words at all."""
    parts: list[str] = []
    positive = False
    for token in text.split():
        negative = token.startswith("-")
        for word in _WORD.findall(token):
            if word in _OPERATORS:  # a dangling operator made the text invalid: drop it
                continue
            parts.append(f'{"-" if negative else ""}"{word}"')
            positive = positive or not negative
    if not parts:
        return None
    return " ".join(parts) if positive else "* " + " ".join(parts)


class SearchIndex:
    """An open search index. Build with :meth:`open`; picks up syncs and rebuilds by itself.

    Examples
    --------
    >>> index = SearchIndex.open(index_dir(home))  # doctest: +SKIP
    >>> index.search(SearchQuery(text="pytorch", country="US", remote=True)).total  # doctest: +SKIP
    42
    """

    def __init__(self, path: Path, generation: str, index: tantivy.Index) -> None:
        self.path = path
        self._generation = generation
        self._index = index
        self._state_mtime = self._mtime()

    @classmethod
    def open(cls, path: Path) -> SearchIndex:
        """Open the index in ``path`` (normally :func:`index_dir` of the data directory).

        Raises
        ------
        StoreError
            If there is no index there (the message says to run ``roleatlas index``), or it
            is damaged or of another layout version (run ``roleatlas index --rebuild``).
        """
        root = Path(path)
        generation = _current(root)
        state = _read_state(root, generation)
        if state.get("version") != INDEX_VERSION:
            raise StoreError(
                f"The search index at {str(root)!r} has layout version {state.get('version')!r}; "
                f"this roleatlas needs {INDEX_VERSION}. Run `roleatlas index --rebuild`."
            )
        return cls(root, generation, _open_tantivy(root, generation))

    def _mtime(self) -> int:
        try:
            return (self.path / self._generation / _STATE).stat().st_mtime_ns
        except OSError:
            return 0

    def refresh(self) -> None:
        """See the latest sync or rebuild (done by any process). :meth:`search` calls it."""
        generation = _current(self.path)
        if generation != self._generation:
            self._index = _open_tantivy(self.path, generation)
            self._generation = generation
            self._state_mtime = self._mtime()
            return
        mtime = self._mtime()
        if mtime != self._state_mtime:
            self._index.reload()
            self._state_mtime = mtime

    @property
    def state(self) -> dict[str, Any]:
        """The recorded watermark, document count and build time of the live generation."""
        return _read_state(self.path, self._generation)

    def count(self) -> int:
        """Number of postings in the index."""
        self.refresh()
        return int(self._index.searcher().num_docs)

    def _text_query(self, text: str) -> tantivy.Query | None:
        index = self._index
        try:
            return index.parse_query(
                _skill_words(text),
                _TEXT_FIELDS,
                field_boosts=_BOOSTS,
                conjunction_by_default=True,
            )
        except ValueError:
            pass  # not valid query syntax ("AND OR (((", "title:"): search its words instead
        plain = _plain_words(text)
        if plain is None:
            return None
        try:
            return index.parse_query(
                plain, _TEXT_FIELDS, field_boosts=_BOOSTS, conjunction_by_default=True
            )
        except ValueError:
            return tantivy.Query.empty_query()

    def _filters(self, q: SearchQuery) -> Iterable[tantivy.Query]:
        schema = self._index.schema
        term, rng = tantivy.Query.term_query, tantivy.Query.range_query
        for name in ("role", "level", "employment_type", "country"):
            value = getattr(q, name)
            if value is not None:
                yield term(schema, name, value)
        for skill in q.skills:
            yield term(schema, "skills", skill)
        if q.remote is not None:
            yield term(schema, "remote", q.remote)
        if not q.include_closed:
            yield term(schema, "open", True)
        floats = tantivy.FieldType.Float
        if q.min_salary_usd is not None:
            yield rng(schema, "salary_usd_max", floats, lower_bound=q.min_salary_usd)
        if q.max_salary_usd is not None:
            yield rng(schema, "salary_usd_min", floats, upper_bound=q.max_salary_usd)
        dates = tantivy.FieldType.Date
        if q.posted_after is not None:
            start = datetime.combine(q.posted_after, datetime.min.time(), UTC)
            yield rng(schema, "posted", dates, lower_bound=start)
        if q.posted_before is not None:
            end = datetime.combine(q.posted_before + timedelta(days=1), datetime.min.time(), UTC)
            yield rng(schema, "posted", dates, upper_bound=end, include_upper=False)

    def search(self, query: SearchQuery) -> SearchResult:
        """The postings matching ``query``, one page of them, best (or newest) first.

        Keyword text may use the query language (``"exact phrase"``, ``-exclude``,
        ``title:word``, ``OR``); text that is not a valid query is searched as plain words,
        so user text never raises.

        Raises
        ------
        InputError
            If a filter value is invalid (see :func:`roleatlas.search.query.checked`).
        StoreError
            If the index has gone missing or is damaged.
        """
        q = checked(query)
        started = time.perf_counter()
        self.refresh()
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        text = self._text_query(q.text) if q.text else None
        if text is not None:
            clauses.append((tantivy.Occur.Must, text))
        for f in self._filters(q):  # filters match or not; they must not move the score
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)))
        tq = tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.all_query()
        sort_field = None
        if q.sort == "salary":
            sort_field = "salary_usd_max"
        elif q.sort == "newest" or text is None:
            sort_field = "posted"
        searcher = self._index.searcher()
        try:
            found = searcher.search(
                tq,
                q.limit,
                count=True,
                offset=q.offset,
                order_by_field=sort_field,
                order=tantivy.Order.Desc,
            )
        except ValueError as exc:
            raise _damaged(self.path, exc) from exc
        hits = []
        for key, address in found.hits:
            doc = searcher.doc(address)
            score = float(key) if sort_field is None else 0.0
            source, source_id = doc.get_first("source"), doc.get_first("source_id")
            hits.append(SearchHit(str(source), str(source_id), score))
        took = (time.perf_counter() - started) * 1000
        total = getattr(found, "count", None)  # `count` is missing from tantivy's type stub
        return SearchResult(total=int(total or 0), hits=hits, took_ms=took)


def search_postings(
    store: Store, index: SearchIndex, query: SearchQuery
) -> tuple[int, list[Posting]]:
    """Search, then read the hits' postings from the store, in hit order.

    Returns ``(total matching postings, postings of this page)``. A hit whose posting is no
    longer in the store (the index is older than the database) is left out.
    """
    result = index.search(query)
    keys = [(h.source, h.source_id) for h in result.hits]
    found = postings_by_key(store, keys)
    return result.total, [found[k] for k in keys if k in found]
