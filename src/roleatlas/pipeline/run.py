"""The ingest driver: read sources, normalize, and store in crash-safe batches.

Ingest is idempotent: each posting is keyed by ``(source, source_id)`` and carries a content
hash, so re-ingesting the same file adds and changes nothing. Each batch is one transaction,
so a crash (even ``kill -9``) loses at most the batch in flight, and a rerun completes it.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roleatlas.errors import InputError, RecordError, RoleatlasError, UnknownFormatError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.pipeline.extract import extract_text, extract_version
from roleatlas.pipeline.guard import admit
from roleatlas.pipeline.normalize import NORM_VERSION, normalize_posting
from roleatlas.records import Posting, RawPosting
from roleatlas.sources import FORMATS, detect_format, read_postings
from roleatlas.sources.hn import HN_SOURCE, expand_row
from roleatlas.store import Reject, Store

__all__ = [
    "IngestSummary",
    "SourceCounts",
    "clear_text_caches",
    "ingest",
    "ingest_records",
    "reextract",
]

#: How many rejects an :class:`IngestSummary` lists in full (all are in the rejects table).
MAX_LISTED_REJECTS = 50


@dataclass
class SourceCounts:
    """Counts of one source in one ingest run."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged + self.rejected


@dataclass
class IngestSummary:
    """What an ingest run did: counts overall and per source, and the rejects."""

    paths: list[str]
    run_id: int | None = None
    per_source: dict[str, SourceCounts] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    seconds: float = 0.0
    #: With ``touch``: the ids each source listed in this run (for closing the others).
    listed: dict[str, set[str]] = field(default_factory=dict)

    def _sum(self, name: str) -> int:
        return sum(getattr(c, name) for c in self.per_source.values())

    @property
    def new(self) -> int:
        return self._sum("new")

    @property
    def updated(self) -> int:
        return self._sum("updated")

    @property
    def unchanged(self) -> int:
        return self._sum("unchanged")

    @property
    def rejected(self) -> int:
        return self._sum("rejected")

    @property
    def total(self) -> int:
        return self._sum("total")

    def to_dict(self) -> dict[str, Any]:
        return {
            "paths": self.paths,
            "run_id": self.run_id,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "total": self.total,
            "seconds": round(self.seconds, 3),
            "per_source": {
                s: {
                    "new": c.new,
                    "updated": c.updated,
                    "unchanged": c.unchanged,
                    "rejected": c.rejected,
                }
                for s, c in sorted(self.per_source.items())
            },
            "rejects": [
                {
                    "origin": r.origin,
                    "source": r.source,
                    "source_id": r.source_id,
                    "reason": r.reason,
                }
                for r in self.rejects[:MAX_LISTED_REJECTS]
            ],
        }


Progress = Callable[[int], None]


def ingest(
    paths: Sequence[Path | str],
    store: Store,
    *,
    format: str | None = None,
    csv_mapping: dict[str, str] | None = None,
    source: str | None = None,
    batch_size: int = 500,
    progress: Progress | None = None,
    extract: bool = True,
    learned: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    atomic: bool = False,
    spans: bool | None = None,
) -> IngestSummary:
    """Ingest postings from files into ``store``.

    Parameters
    ----------
    paths:
        Input files; the format of each is detected unless ``format`` is given.
    store:
        An open :class:`~roleatlas.store.Store`.
    format:
        Force one input format for every path (see :data:`roleatlas.sources.FORMATS`).
    batch_size:
        Postings written per transaction.
    progress:
        Called with the number of records processed since the last call.
    extract:
        Also extract skills, education, experience and responsibilities (default).
    learned:
        Run the learned skill-span layer too (slower; see ``docs/extraction.md``).
    spans:
        Run the span tagger (``Extraction.spans``); ``None``: the default,
        :data:`roleatlas.pipeline.extract.SPANS_BY_DEFAULT`.
    limits:
        Bounds on bytes read, record size, description length and mentions stored.
    atomic:
        Store everything in one transaction (the run record and rejects too): when any
        error stops the ingest, nothing of it is stored. The database's write lock is held
        throughout, so other writers wait; meant for bounded inputs such as API uploads.

    Returns
    -------
    IngestSummary

    Raises
    ------
    InputError
        If a file is missing or its format cannot be read. Files before it stay stored
        (nothing does with ``atomic``).
    """
    if atomic:
        with store.transaction():
            return ingest(
                paths,
                store,
                format=format,
                csv_mapping=csv_mapping,
                source=source,
                batch_size=batch_size,
                progress=progress,
                extract=extract,
                learned=learned,
                spans=spans,
                limits=limits,
            )
    names = [str(p) for p in paths]
    for name in names:  # fail before writing anything if a path cannot be read at all
        _check_path(Path(name), format)
    run_id = store.start_run(names)
    summary = IngestSummary(paths=names, run_id=run_id)
    started = time.perf_counter()
    with _bulk_gc():
        for name in names:
            records = read_postings(
                Path(name), format, csv_mapping=csv_mapping, source=source, limits=limits
            )
            ingest_records(
                records,
                store,
                summary,
                batch_size=batch_size,
                progress=progress,
                extract=extract,
                learned=learned,
                spans=spans,
                limits=limits,
            )
    summary.seconds = time.perf_counter() - started
    store.finish_run(run_id, summary.to_dict())
    return summary


def ingest_records(
    records: Iterable[RawPosting | RecordError],
    store: Store,
    summary: IngestSummary,
    *,
    batch_size: int = 500,
    progress: Progress | None = None,
    extract: bool = True,
    learned: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    touch: bool = False,
    spans: bool | None = None,
) -> IngestSummary:
    """Ingest already-read records (from any source) into ``store``, updating ``summary``.

    Every posting passes :func:`~roleatlas.pipeline.guard.admit` first (text cleaned, source
    name checked, description bounded); one that fails it becomes a reject.

    With ``touch`` (a live source's listing), unchanged postings are marked seen now and
    reopened if they had closed, and ``summary.listed`` collects every id read per source.
    """
    for batch in record_batches(records, batch_size, limits, summary if touch else None):
        _write(batch, store, summary, extract, learned, limits, touch, spans)
        if progress:
            progress(len(batch))
    return summary


def record_batches(
    records: Iterable[RawPosting | RecordError],
    batch_size: int,
    limits: Limits,
    listed: IngestSummary | None = None,
) -> Iterator[list[RawPosting | RecordError]]:
    """The records as ingest writes them: Hacker News rows expanded into one posting per
    role, each posting admitted (cleaned, bounded; a failure becomes a :class:`RecordError`),
    in batches of ``batch_size``. With ``listed``, every id read is added to its
    ``listed`` sets (a live source's listing)."""
    batch: list[RawPosting | RecordError] = []
    for item in records:
        for record in _known(item):
            if isinstance(record, RawPosting):
                source, source_id = record.source, record.source_id
                record = admit(record, limits)
                if listed is not None:  # listed by its source, readable or not: never closed
                    if isinstance(record, RawPosting):  # the key as stored (cleaned)
                        source, source_id = record.source, record.source_id
                    listed.listed.setdefault(source, set()).add(source_id)
            batch.append(record)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _known(record: RawPosting | RecordError) -> list[RawPosting | RecordError]:
    """Data sets whose rows roleatlas re-reads with a parser of its own: the Hacker News
    "Who is hiring?" rows (header split into fields, one posting per role)."""
    if isinstance(record, RawPosting) and record.source == HN_SOURCE:
        expanded = expand_row(record)
        return [expanded] if isinstance(expanded, RecordError) else list(expanded)
    return [record]


@contextmanager
def _bulk_gc() -> Iterator[None]:
    """Collect garbage less often during an ingest: extraction allocates a few hundred small
    records per posting and almost all of them live until their batch is stored, so the
    default thresholds run thousands of collections that free next to nothing (about 4% of
    an ingest's CPU time). The objects alive before the ingest are not scanned at all."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20_000, 50, 1_000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _check_path(path: Path, format: str | None) -> None:
    if not path.exists():
        raise InputError(
            f"The input file {str(path)!r} does not exist. Check the path and try again."
        )
    if path.is_dir():
        raise InputError(
            f"The input {str(path)!r} is a directory. Pass the posting files inside it, "
            f"for example {str(path / '*.jsonl.gz')!r}."
        )
    if format is None:
        detect_format(path)
    elif format not in FORMATS:
        raise UnknownFormatError(
            f"The format {format!r} is not supported. Choose one of: {', '.join(FORMATS)}."
        )


def _counts(summary: IngestSummary, source: str) -> SourceCounts:
    counts = summary.per_source.get(source)
    if counts is None:
        counts = summary.per_source[source] = SourceCounts()
    return counts


def _write(
    batch: list[RawPosting | RecordError],
    store: Store,
    summary: IngestSummary,
    extract: bool,
    learned: bool,
    limits: Limits,
    touch: bool = False,
    spans: bool | None = None,
) -> None:
    plan = plan_batch(batch, store.existing, summary, extract, learned, limits, touch, spans)
    store.write_batch(
        plan.inserts.values(),
        plan.updates.values(),
        plan.rejects,
        norm_version=NORM_VERSION,
        run_id=summary.run_id,
        extract_version=extract_version(learned, spans) if extract else None,
        seen=plan.seen,
        live=touch,
    )
    summary.rejects.extend(plan.rejects)


@dataclass
class BatchPlan:
    """What one batch writes: new postings, changed ones (both in write order), rejects,
    and (for a live listing) the keys of unchanged postings seen again."""

    inserts: dict[tuple[str, str], Posting] = field(default_factory=dict)
    updates: dict[tuple[str, str], Posting] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    seen: list[tuple[str, str]] = field(default_factory=list)


def plan_batch(
    batch: list[RawPosting | RecordError],
    existing: Callable[[str, list[str]], dict[str, tuple[str, int]]],
    summary: IngestSummary,
    extract: bool,
    learned: bool,
    limits: Limits,
    touch: bool = False,
    spans: bool | None = None,
) -> BatchPlan:
    """Normalize and extract one batch against what is stored: ``existing(source, ids)``
    maps each stored id of a source to ``(content_hash, norm_version)`` (the dict it returns
    is updated with what this batch writes). Unchanged postings are skipped; a posting
    repeated within the batch keeps its last copy. Counts go to ``summary``."""
    plan = BatchPlan()
    by_source: dict[str, list[RawPosting]] = {}
    for record in batch:
        if isinstance(record, RecordError):
            plan.rejects.append(Reject(origin=record.origin or "?", reason=record.reason))
            _counts(summary, "(not read as a posting)").rejected += 1
        else:
            by_source.setdefault(record.source, []).append(record)
    inserts, updates = plan.inserts, plan.updates
    for src, raws in by_source.items():
        counts = _counts(summary, src)
        stored = existing(src, [r.source_id for r in raws])
        for raw in raws:
            key = (raw.source, raw.source_id)
            chash = raw.content_hash()
            previous = stored.get(raw.source_id)
            if previous is not None and previous == (chash, NORM_VERSION):
                counts.unchanged += 1
                if touch:
                    plan.seen.append(key)
                continue
            try:
                posting = normalize_posting(raw, chash)
                if extract:
                    posting.extraction = extract_text(
                        raw.title, raw.description, learned=learned, spans=spans
                    )
                    _cap_mentions(posting, limits.max_mentions)
            except RoleatlasError as exc:
                reason = exc.reason if isinstance(exc, RecordError) else str(exc)
                plan.rejects.append(
                    Reject(raw.origin or "?", reason, source=raw.source, source_id=raw.source_id)
                )
                counts.rejected += 1
                continue
            if previous is None:
                inserts[key] = posting
                counts.new += 1
            elif key in inserts:  # repeated within the batch with new content: last copy wins
                inserts[key] = posting
                counts.updated += 1
            else:
                updates[key] = posting
                counts.updated += 1
            stored[raw.source_id] = (chash, NORM_VERSION)
    return plan


def _cap_mentions(posting: Posting, most: int) -> None:
    """Keep at most ``most`` skill mentions (in text order) and flag a posting that had more."""
    extraction = posting.extraction
    if extraction is not None and len(extraction.skills) > most:
        posting.extra = {**posting.extra, "mentions_truncated_from": len(extraction.skills)}
        extraction.skills = extraction.skills[:most]


def reextract(
    store: Store,
    *,
    learned: bool = False,
    everything: bool = False,
    batch_size: int = 500,
    progress: Progress | None = None,
    max_mentions: int = DEFAULT_LIMITS.max_mentions,
    spans: bool | None = None,
) -> dict[str, Any]:
    """Redo extraction for stored postings, after the skill catalog or an extractor changed.

    Only postings whose extraction is stale (another extractor version or catalog) are
    redone, unless ``everything``. Each batch is one transaction: an interrupted run can be
    rerun and continues where it stopped.

    Returns
    -------
    dict
        ``reextracted`` postings, the ``version`` written and ``seconds``.
    """
    version = extract_version(learned, spans)
    started = time.perf_counter()
    done = 0
    for batch in store.iter_texts(batch_size, stale_for=None if everything else version):
        items = [(pid, extract_text(t, d, learned=learned, spans=spans)) for pid, t, d in batch]
        for _, extraction in items:
            del extraction.skills[max_mentions:]
        store.replace_extractions(items, version=version)
        done += len(items)
        if progress:
            progress(len(items))
    return {
        "reextracted": done,
        "version": version,
        "seconds": round(time.perf_counter() - started, 3),
    }


def clear_text_caches() -> None:
    """Empty the caches that normalization and extraction keep of the texts they have read.

    They speed up repeated titles, lines and descriptions within one run; a second run in the
    same process would find them warm, which a fresh ``roleatlas ingest`` never does. Loaded
    catalogs, automata and compiled patterns are kept. For benchmarks and tests.
    """
    from roleatlas.pipeline import extract, sections
    from roleatlas.pipeline._terms import TERMS
    from roleatlas.pipeline.normalize import employment as normalize_employment
    from roleatlas.pipeline.normalize import location as normalize_location
    from roleatlas.pipeline.normalize import seniority as normalize_seniority
    from roleatlas.pipeline.normalize import title as normalize_title

    for func in (
        extract._cached_description,
        normalize_employment._parse,
        normalize_location._parse,
        normalize_seniority._from_title,
        normalize_seniority._from_text,
        normalize_title._clean_once,
        normalize_title.clean_title,
        normalize_title.normalize_key,
        sections.lowered,
        sections.classify_heading,
        sections._standalone_heading,
        sections._inline_heading,
        sections._boundaries,
        sections._cues,
    ):
        func.cache_clear()
    TERMS.clear_cache()
    normalize_title.clear_match_caches()
    import sys

    tagger_module = sys.modules.get("roleatlas.pipeline.extract.span_tagger")
    if tagger_module is not None:  # only when a span tagger was loaded
        tagger_module.clear_caches()
