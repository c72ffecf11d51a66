"""Skill phrases that postings ask for and the skill catalog does not name.

The span tagger (:mod:`roleatlas.pipeline.extract.span_tagger`, on in ``ingest`` by default)
marks the skill and knowledge phrases of a posting, catalogued or not. A phrase that no counted
catalog mention overlaps is one the catalog misses ("distributed systems", "computer science",
"design and implement APIs"). :func:`uncatalogued_phrases` counts them per role: a list for
whoever keeps the catalog, and evidence of what a role asks beyond it.

Phrases are grouped by their folded form (lower case, spaces collapsed, surrounding
punctuation dropped); each is counted once per posting; ``n`` is the role's distinct postings
extracted with the span tagger (phrases found or not).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from roleatlas.insights.stats import wilson_interval
from roleatlas.pipeline.sections import UNCOUNTED_SECTIONS
from roleatlas.records import SkillMention, SkillSpan, decode_spans
from roleatlas.store import Store
from roleatlas.store import insights as q

__all__ = ["Phrase", "counted_catalog_ranges", "posting_phrases", "uncatalogued_phrases"]

_EDGE = " \t\n.,;:!?()[]{}\"'\u2019\u2018\u201c\u201d*\u2022-"


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase outside the catalog: ``postings`` of ``n`` ask for it (95% Wilson interval).

    ``text`` is its most frequent written form, ``kind`` ``SKILL`` or ``KNOWLEDGE`` (the more
    frequent), ``examples`` up to three posting keys (newest first).
    """

    key: str
    text: str
    kind: str
    postings: int
    n: int
    share: float
    low: float
    high: float
    examples: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """The grouping key of a phrase.

    Examples
    --------
    >>> fold("  Distributed\\n Systems; ")
    'distributed systems'
    >>> fold("Bachelor\u2019s degree") == fold("Bachelor's degree")
    True
    """
    return _written(text).lower()


def _written(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("\u2019", "'").replace("\u2018", "'").strip(_EDGE)


def counted_catalog_ranges(mentions: Iterable[SkillMention]) -> list[tuple[int, int]]:
    """The offsets of a posting's counted catalog mentions in its description: a catalog
    skill, not in the title, boilerplate or benefits (the rule of
    :func:`roleatlas.store.insights.span_rows`, for an extraction in memory)."""
    return [
        (m.start, m.end)
        for m in mentions
        if m.skill is not None and m.section != "title" and m.section not in UNCOUNTED_SECTIONS
    ]


def posting_phrases(
    description: str, spans: Iterable[SkillSpan], covered: Sequence[tuple[int, int]]
) -> list[tuple[str, str, str]]:
    """The phrases of one posting outside the catalog: ``(folded form, written form, kind)``
    of each span that no ``covered`` range (the counted catalog mentions' offsets) overlaps,
    once per folded form, in the order of ``spans``.

    Examples
    --------
    >>> from roleatlas.records import SkillSpan
    >>> text = "Python, distributed systems and Distributed  Systems."
    >>> spans = [SkillSpan(0, 6, "KNOWLEDGE"), SkillSpan(8, 27, "KNOWLEDGE"),
    ...          SkillSpan(32, 52, "KNOWLEDGE")]
    >>> posting_phrases(text, spans, [(0, 6)])
    [('distributed systems', 'distributed systems', 'KNOWLEDGE')]
    """
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for span in spans:
        if any(a < span.end and span.start < b for a, b in covered):
            continue
        written = _written(description[span.start : span.end])
        folded = written.lower()
        if len(folded) < 2 or folded in seen:
            continue
        seen.add(folded)
        out.append((folded, written, span.kind))
    return out


def uncatalogued_phrases(
    store: Store, *, role: str | None = None, limit: int = 30, min_postings: int = 2
) -> tuple[int, list[Phrase]]:
    """The phrases outside the catalog most often asked for by the postings of ``role``.

    Returns
    -------
    (n, phrases)
        ``n`` distinct postings extracted with the span tagger (0 when all were ingested
        with ``--no-spans``), and the top ``limit`` phrases found in ``min_postings`` or more of
        them, most frequent first (ties by key).
    """
    n = 0
    postings: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    kinds: dict[str, Counter[str]] = {}
    examples: dict[str, list[str]] = {}
    for key, description, spans, mentions in q.span_rows(store, role):
        n += 1
        covered = [(int(a), int(b)) for a, b in (m.split("-") for m in mentions.split())]
        for folded, written, kind in posting_phrases(description, decode_spans(spans), covered):
            postings[folded] += 1
            forms.setdefault(folded, Counter())[written] += 1
            kinds.setdefault(folded, Counter())[kind] += 1
            if len(examples.setdefault(folded, [])) < 3:
                examples[folded].append(key)
    top = sorted(
        (k for k, c in postings.items() if c >= min_postings), key=lambda k: (-postings[k], k)
    )[:limit]
    out = []
    for k in top:
        low, high = wilson_interval(postings[k], n)
        out.append(
            Phrase(
                k,
                forms[k].most_common(1)[0][0],
                kinds[k].most_common(1)[0][0],
                postings[k],
                n,
                postings[k] / n,
                low,
                high,
                examples[k],
            )
        )
    return n, out
