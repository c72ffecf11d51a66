"""Cross-source dedup: cluster the postings that are the same job.

Two postings are the same job when

0. **ATS id**: they have the same job id on the same ATS (one job on two boards); or
1. **exact key**: they have the same company key (:func:`~roleatlas.pipeline.normalize.company.
   company_key`), title key and location key. The title key is the
   :func:`~roleatlas.pipeline.normalize.title.normalize_key` of the cleaned title plus the
   seniority words of the raw title (``clean_title`` drops "Senior", and a senior and a junior
   opening are two jobs). The location key is ``country|city`` when the city is known, else the
   raw location casefolded; or
2. **near-duplicate text**: their descriptions have an estimated Jaccard similarity of word
   5-shingles (MinHash, 128 permutations) of at least ``threshold``, they have the same company
   key and their locations do not contradict each other (two known, different cities, or two
   known different countries with no city, are different openings). When both titles are known
   and their keys differ, the bar is ``title_threshold``, by default never: a company's
   postings for different roles share boilerplate and often over 90% of their text.
   A posting without a company matches any posting at ``unknown_threshold`` (found with a
   MinHash LSH index, :class:`datasketch.MinHashLSH`).

Clusters are the connected components of these matches (union-find), so the result does not
depend on the order postings arrive in: :class:`DedupIndex` adds one posting at a time, at
ingest, and :func:`cluster_postings` is the same index run over a batch.

Memory is bounded per candidate set: each company key keeps at most ``max_per_company``
signatures (the most recent), compared with numpy in one vectorized step; the LSH index holds
only the few band hashes a high threshold needs.

The canonical posting of a cluster is chosen by, in order: an ATS source (the employer's own
board) first; then the most complete fields (title, company, location, description, posted_at,
url); then the longest description; then the earliest ``posted_at``; then the smallest
``(source, source_id)``, so the choice is deterministic.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from roleatlas.pipeline.normalize.company import ATS_SLUG_SOURCES, normalize_company
from roleatlas.pipeline.normalize.title import clean_title, normalize_key
from roleatlas.records import Posting

__all__ = [
    "DEFAULT_THRESHOLD",
    "Cluster",
    "DedupIndex",
    "DedupItem",
    "cluster_postings",
    "exact_key",
    "shingles",
]

#: Jaccard threshold for same-company descriptions, chosen on the dev split of
#: ``tests/data/dedup_pairs.jsonl`` (docs/dedup.md).
DEFAULT_THRESHOLD = 0.6
#: The bar when both titles are known and their keys differ; ``None``: such postings never
#: match on text. On the sample, postings of one company that differ only in the title ("Senior
#: Software Engineer, Backend" / "..., Full Stack"; "Urdu AI Content Experts" / "Tamil ...")
#: share over 90% of their shingles, so no text threshold separates them.
DEFAULT_TITLE_THRESHOLD: float | None = None
#: The bar when one posting has no company.
DEFAULT_UNKNOWN_THRESHOLD = 0.9
NUM_PERM = 128
SHINGLE = 5
#: Descriptions shorter than this many words give no near-duplicate evidence: "Apply on our
#: site." is shared by unrelated postings.
MIN_WORDS = 20

_WORD = re.compile(r"\w+")
_SENIORITY = re.compile(
    r"\b(intern(?:ship)?|junior|jr|senior|sr|staff|principal|lead|head|director|vp|chief|"
    r"associate|entry|mid|ii|iii|iv|[1-5])\b"
)
_SENIORITY_ALIASES = {"jr": "junior", "sr": "senior", "internship": "intern"}


@dataclass(frozen=True, slots=True)
class DedupItem:
    """What dedup reads of a posting.

    ``company`` is the name as the source wrote it (it is normalized here, with ``source`` and
    ``url`` to recognize ATS board slugs); ``country`` an ISO code and ``city`` a normalized
    city when known (from :func:`~roleatlas.pipeline.normalize.location.parse_location`).
    """

    source: str
    source_id: str
    company: str | None = None
    title: str | None = None
    location: str | None = None
    country: str | None = None
    city: str | None = None
    description: str | None = None
    posted_at: str | None = None
    url: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.source_id)

    @classmethod
    def from_posting(cls, posting: Posting) -> DedupItem:
        """The dedup view of a normalized posting."""
        return cls(
            source=posting.source,
            source_id=posting.source_id,
            company=posting.company,
            title=posting.title,
            location=posting.location.raw,
            country=posting.location.country,
            city=posting.location.city,
            description=posting.description,
            posted_at=posting.posted_at,
            url=posting.url,
        )


@dataclass(frozen=True, slots=True)
class Cluster:
    """One job: its ``canonical`` posting key and all ``members`` (canonical first, then
    sorted). ``company`` is the display name of the canonical posting's company."""

    cluster_id: int
    canonical: tuple[str, str]
    members: tuple[tuple[str, str], ...]
    company: str | None = None

    @property
    def size(self) -> int:
        return len(self.members)


def title_key(title: str | None) -> str:
    """``"Senior ML Engineer (Remote)"`` → ``"machine learning engineer|senior"``."""
    if not title or not title.strip():
        return ""
    base = normalize_key(clean_title(title)) or normalize_key(title)
    marks = sorted({_SENIORITY_ALIASES.get(m, m) for m in _SENIORITY.findall(title.casefold())})
    return f"{base}|{' '.join(marks)}" if marks else base


def _location_key(item: DedupItem) -> str:
    if item.city:
        return f"{item.country or ''}|{item.city.casefold()}"
    if item.location and item.location.strip():
        return " ".join(item.location.casefold().split())
    return item.country or ""


def exact_key(item: DedupItem, company: str | None) -> tuple[str, str, str] | None:
    """The exact key (company key, title key, location key), or ``None`` when the company or
    the title is unknown: without both, equal keys say nothing."""
    tkey = title_key(item.title)
    if not company or not tkey:
        return None
    return (company, tkey, _location_key(item))


def shingles(text: str | None, size: int = SHINGLE) -> set[bytes]:
    """Word ``size``-shingles of a text, casefolded.

    >>> sorted(shingles("a b c d e f"))
    [b'a b c d e', b'b c d e f']
    """
    words = _WORD.findall((text or "").casefold())
    if len(words) < MIN_WORDS:
        return set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _locations_agree(a: DedupItem, b: DedupItem) -> bool:
    if a.city and b.city:
        return a.city.casefold() == b.city.casefold()
    if a.country and b.country and not (a.city or b.city):
        return a.country == b.country
    return True


def _titles_agree(a: _Entry, b: _Entry, differing_ok: bool) -> bool:
    return differing_ok or not (a.title_key and b.title_key) or a.title_key == b.title_key


def _is_ats(source: str) -> bool:
    return source.partition("-")[0].lower() in ATS_SLUG_SOURCES


def _rank(item: DedupItem) -> tuple[int, int, int, str, tuple[str, str]]:
    fields = (item.title, item.company, item.location, item.description, item.posted_at, item.url)
    filled = sum(1 for value in fields if value and str(value).strip())
    # Missing dates sort last: "~" is after every ISO date.
    return (
        0 if _is_ats(item.source) else 1,
        -filled,
        -len(item.description or ""),
        item.posted_at or "~",
        item.key,
    )


@dataclass(slots=True)
class _Entry:
    item: DedupItem  # without its description: only ``rank`` needs it, and keeps its length
    company: str | None
    company_name: str | None
    title_key: str
    rank: tuple[int, int, int, str, tuple[str, str]]


class DedupIndex:
    """An incremental dedup index: :meth:`add` one posting, get its cluster id.

    Parameters
    ----------
    threshold, title_threshold, unknown_threshold:
        Estimated Jaccard similarity of description shingles needed to match a posting of the
        same company with the same (or an unknown) title, with a different title, and a posting
        whose company is unknown.
    num_perm:
        MinHash permutations.
    max_per_company:
        Signatures kept per company key (the most recent): bounds the work of one :meth:`add`.

    Examples
    --------
    >>> index = DedupIndex()
    >>> a = index.add(DedupItem("ashby-acme", "1", "acme", "Data Scientist", "Berlin"))
    >>> b = index.add(DedupItem("hackernews", "9", "Acme GmbH", "Data Scientist", "Berlin"))
    >>> a == b
    True
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        *,
        title_threshold: float | None = DEFAULT_TITLE_THRESHOLD,
        unknown_threshold: float = DEFAULT_UNKNOWN_THRESHOLD,
        num_perm: int = NUM_PERM,
        max_per_company: int = 20000,
    ) -> None:
        self.threshold = threshold
        self.title_threshold = title_threshold
        self.unknown_threshold = unknown_threshold
        self.num_perm = num_perm
        self.max_per_company = max_per_company
        self._entries: list[_Entry] = []
        self._parent: list[int] = []
        self._ids: dict[tuple[str, str], int] = {}
        self._exact: dict[tuple[str, str, str], int] = {}
        self._texts: dict[tuple[str, str, str, str, bytes], int] = {}
        self._by_company: dict[str, tuple[list[int], list[np.ndarray]]] = {}
        self._lsh: MinHashLSH | None = None
        self._permutations: tuple[np.ndarray, np.ndarray] | None = None
        self._scheme = "affine32"

    def __len__(self) -> int:
        return len(self._entries)

    # ------------------------------------------------------------------ union-find
    def _find(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _union(self, a: int, b: int) -> int:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return ra
        root, child = (ra, rb) if ra < rb else (rb, ra)
        self._parent[child] = root
        return root

    # ------------------------------------------------------------------ matching
    def _signature(self, text: str | None) -> MinHash | None:
        grams = shingles(text)
        if not grams:
            return None
        if self._permutations is None:  # drawing them is the costly part of a MinHash
            first = MinHash(num_perm=self.num_perm, seed=1)
            self._permutations, self._scheme = first.permutations, first.scheme
        minhash = MinHash(
            num_perm=self.num_perm,
            seed=1,
            permutations=self._permutations,
            scheme=self._scheme,
        )
        minhash.update_batch(list(grams))
        return minhash

    def _lsh_index(self) -> MinHashLSH:
        if self._lsh is None:
            self._lsh = MinHashLSH(threshold=self.unknown_threshold, num_perm=self.num_perm)
        return self._lsh

    def _near_matches(self, i: int, entry: _Entry, minhash: MinHash) -> Iterator[int]:
        values = minhash.hashvalues
        if entry.company is not None:
            bucket = self._by_company.get(entry.company)
            if bucket is not None and bucket[0]:
                ids, sigs = bucket
                sims = (np.vstack(sigs) == values).mean(axis=1)
                for j, sim in zip(ids, sims.tolist(), strict=True):
                    other = self._entries[j]
                    bar: float | None = self.threshold
                    if entry.title_key and other.title_key and entry.title_key != other.title_key:
                        bar = self.title_threshold
                    if bar is not None and sim >= bar and _locations_agree(entry.item, other.item):
                        yield j
        lsh = self._lsh_index()
        for key in lsh.query(minhash):
            j = int(key)
            other = self._entries[j]
            if entry.company is not None and other.company is not None:
                continue  # both known: only the same-company comparison above decides
            if not _titles_agree(entry, other, self.title_threshold is not None):
                continue
            if _locations_agree(entry.item, other.item):
                yield j

    def add(self, item: DedupItem) -> int:
        """Add one posting and return its cluster id (the id may later merge into a smaller
        one when a new posting links two clusters; :meth:`cluster_id` gives the current id).

        Adding a key that is already in the index returns its cluster id and changes nothing.
        """
        if item.key in self._ids:
            return self._find(self._ids[item.key])
        company = normalize_company(item.company, source=item.source, url=item.url)
        entry = _Entry(
            item=dataclasses.replace(item, description=None),
            company=company.key if company else None,
            company_name=company.name if company else None,
            title_key=title_key(item.title),
            rank=_rank(item),
        )
        i = len(self._entries)
        self._entries.append(entry)
        self._parent.append(i)
        self._ids[item.key] = i

        if _is_ats(item.source):
            # An ATS job id is global to the ATS: one job listed on two boards of a company
            # ("ashby-double" and "ashby-keeper") has one id.
            ats_key = ("ats", item.source.partition("-")[0].lower(), item.source_id)
            if ats_key in self._exact:
                self._union(i, self._exact[ats_key])
            else:
                self._exact[ats_key] = i
        key = exact_key(item, entry.company)
        if key is not None:
            if key in self._exact:
                self._union(i, self._exact[key])
            else:
                self._exact[key] = i

        # The same text of the same company and title at the same place (a repost, a
        # repeated scrape) joins the posting that had it: a MinHash would give 1.0 and every
        # later posting compared with that one is compared with this one too.
        same_text = None
        if entry.company is not None and item.description:
            same_text = (
                entry.company,
                entry.title_key,
                (item.city or "").casefold(),
                item.country or "",
                hashlib.blake2b(
                    item.description.encode("utf-8", "replace"), digest_size=16
                ).digest(),
            )
            if same_text in self._texts:
                return self._union(i, self._texts[same_text])
        minhash = self._signature(item.description)
        if minhash is not None and same_text is not None:
            self._texts[same_text] = i
        if minhash is not None:
            for j in self._near_matches(i, entry, minhash):
                self._union(i, j)
            if entry.company is not None:
                ids, sigs = self._by_company.setdefault(entry.company, ([], []))
                ids.append(i)
                sigs.append(minhash.hashvalues.copy())
                if len(ids) > self.max_per_company:
                    del ids[0], sigs[0]
            self._lsh_index().insert(str(i), minhash)
        return self._find(i)

    def cluster_id(self, key: tuple[str, str]) -> int:
        """The current cluster id of a posting key.

        Raises
        ------
        KeyError
            If the key was never added.
        """
        return self._find(self._ids[key])

    def clusters(self) -> list[Cluster]:
        """All clusters, ordered by cluster id."""
        groups: dict[int, list[int]] = {}
        for i in range(len(self._entries)):
            groups.setdefault(self._find(i), []).append(i)
        out = []
        for root in sorted(groups):
            members = groups[root]
            best = min(members, key=lambda m: self._entries[m].rank)
            rest = sorted(self._entries[m].item.key for m in members if m != best)
            canonical = self._entries[best]
            out.append(
                Cluster(
                    cluster_id=root,
                    canonical=canonical.item.key,
                    members=(canonical.item.key, *rest),
                    company=canonical.company_name,
                )
            )
        return out


def cluster_postings(
    items: Iterable[DedupItem],
    threshold: float = DEFAULT_THRESHOLD,
    *,
    title_threshold: float | None = DEFAULT_TITLE_THRESHOLD,
    unknown_threshold: float = DEFAULT_UNKNOWN_THRESHOLD,
) -> list[Cluster]:
    """Cluster postings that are the same job (see the module docstring for the rules).

    Parameters
    ----------
    items:
        The postings; a key seen twice counts once.
    threshold:
        Jaccard threshold for same-company descriptions.
    title_threshold, unknown_threshold:
        As in :class:`DedupIndex`.

    Returns
    -------
    list of Cluster
        Every posting is in exactly one cluster.
    """
    index = DedupIndex(
        threshold, title_threshold=title_threshold, unknown_threshold=unknown_threshold
    )
    for item in items:
        index.add(item)
    return index.clusters()
