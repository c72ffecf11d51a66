"""``roleatlas dedup``: cluster the stored postings and mark the duplicates in the store.

Reads every posting, clusters them with :func:`roleatlas.pipeline.dedup.cluster_postings`
(same ATS job id, exact company + title + place key, near-duplicate description of the same
company), and writes, for every posting that is not its cluster's canonical posting, the
canonical posting's row id (``postings.duplicate_of``). Role figures (profiles, comparisons,
skills, salaries, trends) then count each cluster once, through its canonical posting.

Rows are streamed into the index, which keeps each posting's MinHash signature and key
fields but not its text (a few KB a posting: fine for a few hundred thousand postings on one
machine; docs/benchmarks.md has the measured cost).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from roleatlas.pipeline.dedup import Cluster, DedupIndex, DedupItem
from roleatlas.store import Store

__all__ = ["DedupSummary", "dedup_store", "duplicate_pairs"]


@dataclass(frozen=True)
class DedupSummary:
    """What a dedup run found: postings read, clusters (jobs), clusters with more than one
    posting, postings marked duplicates, and seconds."""

    postings: int
    clusters: int
    multi: int
    duplicates: int
    seconds: float

    def to_dict(self) -> dict[str, float | int]:
        return {
            "postings": self.postings,
            "clusters": self.clusters,
            "clusters_with_duplicates": self.multi,
            "duplicates": self.duplicates,
            "seconds": round(self.seconds, 3),
        }


def dedup_store(store: Store) -> DedupSummary:
    """Cluster every stored posting and record the duplicates (replacing an earlier run's).

    Examples
    --------
    >>> with Store(":memory:").open() as s:
    ...     dedup_store(s).clusters
    0
    """
    started = time.perf_counter()
    pairs, clusters, postings = duplicate_pairs(store.iter_dedup_rows())
    marked = store.write_duplicates(pairs)
    return DedupSummary(
        postings=postings,
        clusters=len(clusters),
        multi=sum(1 for c in clusters if c.size > 1),
        duplicates=marked,
        seconds=time.perf_counter() - started,
    )


def duplicate_pairs(
    rows: Iterable[tuple[Any, ...]],
) -> tuple[list[tuple[int, int]], list[Cluster], int]:
    """Cluster postings given as :meth:`~roleatlas.store.Store.iter_dedup_rows` rows
    (``id, source, source_id, company, title, location_raw, country, city, description,
    posted_at, url``, in id order; streamed: no description is kept).

    Returns
    -------
    tuple
        ``(posting id, canonical posting id)`` of every posting that is not its cluster's
        canonical one, the clusters, and the postings read.
    """
    ids: dict[tuple[str, str], int] = {}
    index = DedupIndex()
    for pid, source, source_id, company, title, location, country, city, text, posted, url in rows:
        ids[(source, source_id)] = int(pid)
        index.add(
            DedupItem(source, source_id, company, title, location, country, city, text, posted, url)
        )
    clusters = index.clusters()
    pairs = [
        (ids[member], ids[cluster.canonical])
        for cluster in clusters
        for member in cluster.members
        if member != cluster.canonical
    ]
    return pairs, clusters, len(ids)
