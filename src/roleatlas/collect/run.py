"""``roleatlas collect``: fetch each due source, store its postings, close what it dropped.

For every source that is due (or named), :func:`collect`:

1. fetches its API URL through a :class:`~roleatlas.collect.http.Fetcher` with the ETag and
   Last-Modified of the last run, so an unchanged board costs one ``304``;
2. parses the response with the source's kind and stores the postings through the same
   ingest path as files (:func:`roleatlas.pipeline.run.ingest_records`: the record gate,
   normalization, extraction, rejects), marking unchanged postings seen;
3. when the kind lists a board completely, closes the postings the board no longer lists
   (they reopen if they come back); a listing with no postings at all never closes anything,
   as an empty answer from a broken board is likelier than a board with no jobs;
4. records the run on the source: status, counts, error, validators, next due time (its
   interval later; an hour later after a failure, if the interval is longer).

A failure of one source (network, HTTP status, robots.txt, an unreadable response) is
recorded on that source and reported; the other sources still run.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from roleatlas.collect.http import Fetcher
from roleatlas.collect.kinds import SourceKind
from roleatlas.collect.registry import available_kinds
from roleatlas.errors import InputError, RecordError, RoleatlasError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.pipeline.run import IngestSummary, ingest_records
from roleatlas.records import RawPosting
from roleatlas.store import Store
from roleatlas.store.sources import SourceRow

__all__ = ["ERROR_RETRY_SECONDS", "MAX_FOLLOW", "SourceRun", "collect", "due_sources"]

#: A source whose run failed is due again after this long (or its interval, if shorter).
ERROR_RETRY_SECONDS = 3600
#: Most follow-up URLs (further pages, a sitemap's pages) fetched for one source in one run.
MAX_FOLLOW = 1000


@dataclass
class SourceRun:
    """What one collect run did for one source."""

    name: str
    kind: str
    status: str = "ok"
    fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    rejected: int = 0
    open: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "seconds": round(self.seconds, 3)}

    def counts(self) -> dict[str, int]:
        return {
            k: getattr(self, k)
            for k in ("fetched", "new", "updated", "unchanged", "closed", "rejected")
        }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def due_sources(
    store: Store, names: Sequence[str] | None = None, *, now: datetime | None = None
) -> list[SourceRow]:
    """The sources to collect: those named (whether due or not), else every enabled source
    that never ran or whose next due time has come.

    Raises
    ------
    InputError
        If a named source does not exist.
    """
    rows = store.list_sources()
    if names:
        by_name = {row.name: row for row in rows}
        missing = [n for n in names if n not in by_name]
        if missing:
            known = ", ".join(sorted(by_name)[:10]) or "none yet"
            raise InputError(
                f"No source is called {', '.join(map(repr, missing))}. List them with "
                f"`roleatlas sources list` (known: {known}); add one with "
                "`roleatlas sources add URL`."
            )
        return [by_name[n] for n in dict.fromkeys(names)]
    moment = _iso(now or datetime.now(UTC))
    return [r for r in rows if r.enabled and (r.next_due_at is None or r.next_due_at <= moment)]


def collect(
    store: Store,
    *,
    names: Sequence[str] | None = None,
    fetcher: Fetcher,
    limits: Limits = DEFAULT_LIMITS,
    batch_size: int = 500,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    on_source: Callable[[SourceRun], None] | None = None,
) -> list[SourceRun]:
    """Collect every due source (or the ``names`` given) into ``store``.

    Parameters
    ----------
    store:
        An open store.
    names:
        Collect these sources, due or not (default: every due source).
    fetcher:
        The HTTP client (polite, bounded; see :mod:`roleatlas.collect.http`).
    limits:
        Bounds on records, documents and descriptions, as for file ingest.
    batch_size:
        Postings written per transaction.
    now:
        The clock (tests pass a fixed one).
    on_source:
        Called with each source's result as soon as it is done.

    Returns
    -------
    list of SourceRun
        One per source, in the order they ran. A failed source has ``status="error"`` and
        its ``errors``; it does not stop the others.

    Raises
    ------
    InputError
        If a named source does not exist.
    """
    kinds = available_kinds()
    results: list[SourceRun] = []
    for row in due_sources(store, names, now=now()):
        run = _collect_one(store, row, kinds, fetcher, limits, batch_size, now)
        results.append(run)
        if on_source is not None:
            on_source(run)
    return results


def _records(
    kind: SourceKind,
    fetcher: Fetcher,
    row: SourceRow,
    url: str,
    body: bytes,
    limits: Limits,
    errors: list[str],
) -> Iterator[RawPosting | RecordError]:
    """The records of the first response, then of every URL the responses name
    (:meth:`~roleatlas.collect.kinds.SourceKind.next_urls`: further pages, the pages of a
    sitemap), at most :data:`MAX_FOLLOW` of them. A follow-up that fails is an error of the
    run, not of the source: the postings read so far are stored."""
    yield from kind.parse(body, source=row.name, origin=row.api_url, limits=limits)
    queue = deque(kind.next_urls(body, url, limits=limits))
    seen = {url, row.api_url}
    followed = 0
    while queue:
        next_url = queue.popleft()
        if next_url in seen:
            continue
        seen.add(next_url)
        if followed >= MAX_FOLLOW:
            errors.append(
                f"Stopped after {MAX_FOLLOW} follow-up URLs; {len(queue) + 1} more were not "
                "fetched this run."
            )
            return
        followed += 1
        try:
            page = fetcher.fetch(next_url).body or b""
            found = list(kind.parse(page, source=row.name, origin=next_url, limits=limits))
            queue.extend(kind.next_urls(page, next_url, limits=limits))
        except RoleatlasError as exc:
            errors.append(str(exc))
            continue
        yield from found


def _collect_one(
    store: Store,
    row: SourceRow,
    kinds: dict[str, SourceKind],
    fetcher: Fetcher,
    limits: Limits,
    batch_size: int,
    now: Callable[[], datetime],
) -> SourceRun:
    started = time.perf_counter()
    run = SourceRun(row.name, row.kind)
    etag = last_modified = None
    verified: bool | None = None
    try:
        kind = kinds.get(row.kind)
        if kind is None:
            raise InputError(
                f"The source {row.name!r} is of kind {row.kind!r}, which no installed "
                f"package provides (installed: {', '.join(sorted(kinds))}). Install the "
                f"plugin that provides it, or remove the source with "
                f"`roleatlas sources remove {row.name}`."
            )
        result = fetcher.fetch(row.api_url, etag=row.etag, last_modified=row.last_modified)
        etag, last_modified = result.etag, result.last_modified
        if result.not_modified:
            run.status = "unchanged"
            run.unchanged = store.touch_open(row.name)
        else:
            summary = IngestSummary(paths=[row.api_url])
            records = _records(
                kind, fetcher, row, result.url, result.body or b"", limits, run.errors
            )
            ingest_records(
                records, store, summary, batch_size=batch_size, limits=limits, touch=True
            )
            listed = summary.listed.get(row.name, set())
            run.fetched = summary.total
            run.new, run.updated = summary.new, summary.updated
            run.unchanged, run.rejected = summary.unchanged, summary.rejected
            for reject in summary.rejects[:5]:
                run.errors.append(f"rejected {reject.origin}: {reject.reason}")
            if kind.complete:
                if listed:
                    run.closed = store.close_missing(row.name, listed)
                elif store.open_count(row.name):
                    run.errors.append(
                        "The listing held no postings, so none was closed (an empty answer "
                        "is more often a broken board than one without jobs)."
                    )
        verified = True
    except RoleatlasError as exc:
        run.status = "error"
        run.errors.insert(0, str(exc))
    run.open = store.open_count(row.name)
    run.seconds = time.perf_counter() - started
    moment = now()
    wait = row.interval_seconds
    if run.status == "error":  # try a failed source again sooner than its interval
        wait = min(wait, ERROR_RETRY_SECONDS)
    store.update_source_run(
        row.name,
        status=run.status,
        error=run.errors[0] if run.status == "error" else None,
        counts=run.counts(),
        verified=verified,
        open_postings=run.open,
        etag=etag,
        last_modified=last_modified,
        next_due_at=_iso(moment + timedelta(seconds=wait)),
        ran_at=_iso(moment),
    )
    return run
