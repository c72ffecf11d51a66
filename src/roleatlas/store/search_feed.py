"""Read-only queries that feed the search index (:mod:`roleatlas.search`).

The index is derived from the store: these functions read postings in row-id order with the
skill ids that count (mentions in company boilerplate and benefits do not, as in
:mod:`roleatlas.store.insights`), find what changed since a watermark, and fetch the postings
behind search hits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from roleatlas.records import Posting
from roleatlas.store.sqlite import Store, _row_posting

__all__ = [
    "FeedRow",
    "Watermark",
    "changed_ids",
    "feed_rows",
    "feed_rows_by_id",
    "postings_by_key",
]

#: What a posting's index document depends on: content, normalization and extraction versions.
_FINGERPRINT = (
    "content_hash || ':' || norm_version || ':' || coalesce(extract_version, '') || ':' || "
    "coalesce(closed_at, '')"
)
_COLUMNS = (
    "id, source, source_id, title, company, description, role, level, employment_type, "
    "country, remote_scope, workplace, salary_usd_min, salary_usd_max, posted_at, updated_at, "
    f"{_FINGERPRINT}, closed_at IS NULL"
)
#: Sections whose skill mentions do not mean the posting asks for the skill.
_NOT_COUNTED = "('company', 'benefits')"
_CHUNK = 900  # stays under SQLite's default limit of host parameters


@dataclass(frozen=True, slots=True)
class FeedRow:
    """What the index needs of one stored posting."""

    id: int
    source: str
    source_id: str
    title: str | None
    company: str | None
    description: str | None
    role: str | None
    level: str | None
    employment_type: str | None
    country: str | None
    remote_scope: str | None
    workplace: str | None
    salary_usd_min: float | None
    salary_usd_max: float | None
    posted_at: str | None
    updated_at: str
    fingerprint: str
    skills: tuple[str, ...]
    open: bool = True


@dataclass(frozen=True, slots=True)
class Watermark:
    """How far the index has read the store.

    ``max_id`` is the highest row id read: row ids only grow (postings are never deleted), so
    ``id > max_id`` finds new postings. An update rewrites ``updated_at``, which has
    one-second resolution, so updated postings are those with ``updated_at >=
    max_updated_at``; ``boundary`` holds the fingerprint of each posting read with exactly
    ``max_updated_at``, so those are not indexed again unless they changed since.
    """

    max_id: int = 0
    max_updated_at: str = ""
    boundary: dict[int, str] = field(default_factory=dict)

    def advance(self, rows: Sequence[FeedRow]) -> Watermark:
        """The watermark after also having read ``rows``."""
        if not rows:
            return self
        top = max(self.max_updated_at, max(r.updated_at for r in rows))
        boundary = dict(self.boundary) if top == self.max_updated_at else {}
        boundary.update((r.id, _digest(r.fingerprint)) for r in rows if r.updated_at == top)
        return Watermark(max(self.max_id, max(r.id for r in rows)), top, boundary)


def _digest(fingerprint: str) -> str:
    return hashlib.blake2b(fingerprint.encode("utf-8"), digest_size=6).hexdigest()


def _rows(store: Store, rows: Sequence[Any]) -> list[FeedRow]:
    if not rows:
        return []
    skills: dict[int, list[str]] = {}
    ids = [int(r[0]) for r in rows]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" for _ in chunk)
        found = store.conn.execute(
            f"SELECT DISTINCT posting_id, skill FROM skill_mentions "
            f"WHERE posting_id IN ({marks}) AND skill IS NOT NULL "
            f"AND section NOT IN {_NOT_COUNTED} ORDER BY posting_id, skill",
            chunk,
        )
        for pid, skill in found:
            skills.setdefault(int(pid), []).append(str(skill))
    return [
        FeedRow(
            id=int(r[0]),
            source=r[1],
            source_id=r[2],
            title=r[3],
            company=r[4],
            description=r[5],
            role=r[6],
            level=r[7],
            employment_type=r[8],
            country=r[9],
            remote_scope=r[10],
            workplace=r[11],
            salary_usd_min=r[12],
            salary_usd_max=r[13],
            posted_at=r[14],
            updated_at=r[15],
            fingerprint=r[16],
            skills=tuple(skills.get(int(r[0]), ())),
            open=bool(r[17]),
        )
        for r in rows
    ]


def feed_rows(store: Store, *, batch_size: int = 1000) -> Iterator[list[FeedRow]]:
    """Every stored posting, in batches in row-id order (keyset pagination, no OFFSET)."""
    last = 0
    while True:
        rows = store.conn.execute(
            f"SELECT {_COLUMNS} FROM postings WHERE id > ? ORDER BY id LIMIT ?",
            (last, batch_size),
        ).fetchall()
        if not rows:
            return
        yield _rows(store, rows)
        last = int(rows[-1][0])


def feed_rows_by_id(
    store: Store, ids: Sequence[int], *, batch_size: int = 900
) -> Iterator[list[FeedRow]]:
    """The postings with these row ids, in batches (ids that do not exist are skipped)."""
    size = min(batch_size, _CHUNK)
    for start in range(0, len(ids), size):
        chunk = list(ids[start : start + size])
        marks = ",".join("?" for _ in chunk)
        rows = store.conn.execute(
            f"SELECT {_COLUMNS} FROM postings WHERE id IN ({marks}) ORDER BY id", chunk
        ).fetchall()
        yield _rows(store, rows)


def changed_ids(store: Store, since: Watermark) -> list[int]:
    """Row ids of postings added or updated since ``since``, in id order.

    New postings come from the primary key. Updated ones come from ``updated_at``; without an
    index on that column this reads the whole table (about 11 s for 1M postings), so it is
    asked as its own query, which an index on ``postings (updated_at)`` would make cheap.
    """
    found = {
        int(pid): (updated, fingerprint)
        for pid, updated, fingerprint in store.conn.execute(
            f"SELECT id, updated_at, {_FINGERPRINT} FROM postings WHERE updated_at >= ?",
            (since.max_updated_at,),
        )
    }
    new = store.conn.execute("SELECT id FROM postings WHERE id > ?", (since.max_id,))
    ids = {int(r[0]) for r in new}
    for pid, (updated, fingerprint) in found.items():
        unchanged = (
            pid <= since.max_id
            and updated == since.max_updated_at
            and since.boundary.get(pid) == _digest(fingerprint)
        )
        if not unchanged:
            ids.add(pid)
    return sorted(ids)


def postings_by_key(
    store: Store, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], Posting]:
    """The stored postings with these ``(source, source_id)`` keys; missing keys are absent.

    One query per source and chunk, read through the ``(source, source_id)`` unique index.
    """
    by_source: dict[str, list[str]] = {}
    for source, source_id in keys:
        by_source.setdefault(source, []).append(source_id)
    found: dict[tuple[str, str], Posting] = {}
    for source, source_ids in by_source.items():
        for start in range(0, len(source_ids), _CHUNK):
            chunk = source_ids[start : start + _CHUNK]
            marks = ",".join("?" for _ in chunk)
            rows = store.conn.execute(
                f"SELECT * FROM postings WHERE source = ? AND source_id IN ({marks})",
                (source, *chunk),
            )
            for row in rows:
                found[(row["source"], row["source_id"])] = _row_posting(row)
    return found
