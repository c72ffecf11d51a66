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
from dataclasses import dataclass

from roleatlas.pipeline.dedup import DedupIndex, DedupItem
from roleatlas.store import Store

__all__ = ["DedupSummary", "dedup_store"]


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
    ids: dict[tuple[str, str], int] = {}
    index = DedupIndex()
    for (
        pid,
        source,
        source_id,
        company,
        title,
        location,
        country,
        city,
        text,
        posted,
        url,
    ) in store.iter_dedup_rows():  # streamed: the index keeps no description text
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
    marked = store.write_duplicates(pairs)
    return DedupSummary(
        postings=len(ids),
        clusters=len(clusters),
        multi=sum(1 for c in clusters if c.size > 1),
        duplicates=marked,
        seconds=time.perf_counter() - started,
    )
