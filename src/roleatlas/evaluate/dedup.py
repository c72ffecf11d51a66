"""Evaluate cross-source dedup on hand-labelled pairs of sample postings.

``tests/data/dedup_pairs.jsonl`` holds one pair a line: ``{"a": [source, id], "b": [source,
id], "same": true|false, "how": "..."}``. It stores only keys and labels, never posting text
(the sample postings are for internal use only); the postings are read from
``<shared_dir>/postings-*/postings.jsonl.gz``. Each pair belongs to the ``dev`` or the ``test``
split by a fixed hash of its two keys (:func:`pair_split`).

:func:`evaluate_dedup` clusters *all* sample postings once and reports pairwise precision and
recall on the labelled pairs of one split (a pair is predicted "same" when both postings land
in one cluster), with the number of clusters the sample forms.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from roleatlas.errors import EvaluationError
from roleatlas.pipeline.dedup import (
    DEFAULT_THRESHOLD,
    DEFAULT_TITLE_THRESHOLD,
    DEFAULT_UNKNOWN_THRESHOLD,
    Cluster,
    DedupIndex,
    DedupItem,
)
from roleatlas.pipeline.normalize.location import parse_location

__all__ = ["SPLITS", "evaluate_dedup", "load_items", "load_pairs", "pair_split"]

SPLITS = ("dev", "test", "all")

Key = tuple[str, str]


def pair_split(a: Key, b: Key) -> str:
    """``"dev"`` or ``"test"``, fixed by a hash of the (unordered) pair."""
    first, second = sorted((a, b))
    blob = json.dumps([first, second]).encode("utf-8")
    return "dev" if hashlib.sha256(blob).digest()[0] % 2 == 0 else "test"


def load_pairs(path: Path, split: str = "all") -> list[tuple[Key, Key, bool]]:
    """The labelled pairs of one split.

    Raises
    ------
    EvaluationError
        If the file cannot be read, a line is not a pair, or ``split`` is unknown.
    """
    if split not in SPLITS:
        raise EvaluationError(f"Unknown split {split!r}. Choose one of: {', '.join(SPLITS)}.")
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(
            f"Cannot read the labelled pairs {str(path)!r}: {exc.strerror}. Pass the path of "
            "tests/data/dedup_pairs.jsonl."
        ) from exc
    pairs = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            a, b = (str(row["a"][0]), str(row["a"][1])), (str(row["b"][0]), str(row["b"][1]))
            same = row["same"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise EvaluationError(
                f"Line {number} of {str(path)!r} must be an object with the keys a, b "
                f"([source, id]) and same (true/false). Got {line[:80]!r} instead."
            ) from exc
        if not isinstance(same, bool):
            raise EvaluationError(
                f"'same' on line {number} of {str(path)!r} must be true or false. Got {same!r}."
            )
        if split == "all" or pair_split(a, b) == split:
            pairs.append((a, b, same))
    return pairs


def _rows(shared_dir: Path) -> Iterator[dict[str, Any]]:
    paths = sorted(Path(shared_dir).glob("postings-*/postings.jsonl.gz"))
    if not paths:
        raise EvaluationError(
            f"No postings-*/postings.jsonl.gz under {str(shared_dir)!r}. Pass the folder of the "
            "shared sample data (../shared/data)."
        )
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)


def load_items(shared_dir: Path) -> list[DedupItem]:
    """The dedup view of every sample posting, locations parsed."""
    items = []
    for row in _rows(shared_dir):
        location = row.get("location")
        parsed = parse_location(location) if location else None
        items.append(
            DedupItem(
                source=str(row["source"]),
                source_id=str(row["id"]),
                company=row.get("company"),
                title=row.get("title"),
                location=location,
                country=parsed.country if parsed else None,
                city=parsed.city if parsed else None,
                description=row.get("description"),
                posted_at=row.get("posted_at"),
                url=row.get("url"),
            )
        )
    return items


def _score(clusters: list[Cluster], pairs: list[tuple[Key, Key, bool]]) -> dict[str, Any]:
    cluster_of = {key: c.cluster_id for c in clusters for key in c.members}
    tp = fp = fn = tn = 0
    missing = 0
    errors = []
    for a, b, same in pairs:
        if a not in cluster_of or b not in cluster_of:
            missing += 1
            continue
        predicted = cluster_of[a] == cluster_of[b]
        if predicted and same:
            tp += 1
        elif predicted:
            fp += 1
            errors.append({"a": list(a), "b": list(b), "error": "false_merge"})
        elif same:
            fn += 1
            errors.append({"a": list(a), "b": list(b), "error": "missed"})
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "pairs": tp + fp + fn + tn,
        "positives": tp + fn,
        "negatives": fp + tn,
        "missing": missing,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "errors": errors,
    }


def evaluate_dedup(
    shared_dir: Path,
    pairs_path: Path,
    split: str = "test",
    *,
    threshold: float = DEFAULT_THRESHOLD,
    title_threshold: float | None = DEFAULT_TITLE_THRESHOLD,
    unknown_threshold: float = DEFAULT_UNKNOWN_THRESHOLD,
    items: list[DedupItem] | None = None,
) -> dict[str, Any]:
    """Pairwise precision/recall of the clustering of all sample postings.

    Parameters
    ----------
    shared_dir:
        The folder that holds ``postings-*/postings.jsonl.gz``.
    pairs_path:
        The labelled pairs (``tests/data/dedup_pairs.jsonl``).
    split:
        ``dev``, ``test`` or ``all``.
    threshold, title_threshold, unknown_threshold:
        As in :class:`~roleatlas.pipeline.dedup.DedupIndex`.
    items:
        Already loaded postings (:func:`load_items`), to tune thresholds without rereading.

    Returns
    -------
    dict
        ``precision``, ``recall``, the confusion counts, ``errors`` (the misclassified pairs),
        ``postings``, ``clusters``, ``multi_clusters`` (clusters with more than one posting),
        ``seconds`` and ``ms_per_1000`` (clustering time only).

    Raises
    ------
    EvaluationError
        If the postings or the pairs cannot be read.
    """
    pairs = load_pairs(pairs_path, split)
    if items is None:
        items = load_items(shared_dir)
    start = time.perf_counter()
    index = DedupIndex(
        threshold, title_threshold=title_threshold, unknown_threshold=unknown_threshold
    )
    for item in items:
        index.add(item)
    clusters = index.clusters()
    seconds = time.perf_counter() - start
    result = _score(clusters, pairs)
    result.update(
        split=split,
        threshold=threshold,
        title_threshold=title_threshold,
        unknown_threshold=unknown_threshold,
        postings=len(index),
        clusters=len(clusters),
        multi_clusters=sum(1 for c in clusters if c.size > 1),
        seconds=round(seconds, 2),
        ms_per_1000=round(1000 * seconds * 1000 / max(len(index), 1), 1),
    )
    return result
