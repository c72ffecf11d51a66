"""Evaluate sentence → ESCO skill linking on the Decorte et al. TECH and HOUSE benchmarks.

Each ``{tech,house}_<split>_annotations.csv`` has one row per annotated span, with the columns
``sentence``, ``span``, ``sub_span`` and ``label`` (an ESCO v1.1 preferred label,
``UNDERSPECIFIED`` or ``LABEL NOT PRESENT``). Rows are grouped by sentence; the gold set of a
sentence is its distinct labels without ``UNDERSPECIFIED`` and ``LABEL NOT PRESENT``.
Sentences left with no gold label are **excluded** (their number is reported).

The linker ranks ESCO skills for the whole sentence (``<ORGANIZATION>``-style placeholders
removed). A gold label is found in the ranking when one of the skills it names is there; the
label is looked up with :meth:`~roleatlas.pipeline.extract.link_esco.EscoLinker.resolve`, which also
finds labels renamed after ESCO v1.1. Per sentence:

- ``recall@5`` = |gold ∩ top 5| / |gold| (the fraction variant, the headline figure);
- ``hit@5`` = 1 when any gold label is in the top 5 (the "any" variant);
- reciprocal rank of the first gold label in the top 100 (0 when none).

Each figure is the mean over sentences, per subset and over both subsets together
(``combined``, a mean over all sentences, not of the two means). As a secondary task, each
distinct (span, label) pair is linked on its own: ``spans`` gives hit@1, hit@5 and MRR.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roleatlas.errors import EvaluationError, RoleatlasError
from roleatlas.pipeline.extract.link_esco import EscoLinker

__all__ = [
    "LinkingSet",
    "NO_LABEL",
    "SUBSETS",
    "evaluate_linking",
    "load_linking_examples",
    "sentence_scores",
]

#: The benchmark subsets evaluated, in report order.
SUBSETS = ("tech", "house")

#: Labels that mark a span without a usable ESCO skill.
NO_LABEL = frozenset({"UNDERSPECIFIED", "LABEL NOT PRESENT"})

_COLUMNS = ("sentence", "span", "sub_span", "label")
_PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*>")
_DEPTH = 100


@dataclass(slots=True)
class LinkingSet:
    """The annotations of one subset and split.

    ``sentences`` pairs each sentence (file order) with its gold labels; ``excluded`` counts
    the sentences whose labels are all ``UNDERSPECIFIED`` / ``LABEL NOT PRESENT``; ``spans``
    lists the distinct (span, label) pairs with a usable label.
    """

    sentences: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    excluded: int = 0
    spans: list[tuple[str, str]] = field(default_factory=list)


def sentence_scores(
    ranked: Sequence[str], gold: Sequence[Collection[str]], k: int = 5
) -> tuple[float, float, float]:
    """Recall@k (fraction), hit@k (any) and reciprocal rank of one sentence.

    Parameters
    ----------
    ranked:
        Skill ids, best first.
    gold:
        One collection per gold label: the ids that count as that label (a label can name
        several skills, or none when it cannot be resolved).
    k:
        The cut-off.

    Returns
    -------
    tuple of float
        ``(recall_at_k, hit_at_k, reciprocal_rank)``.

    Raises
    ------
    ValueError
        If ``gold`` is empty.

    Examples
    --------
    >>> sentence_scores(["a", "b", "c"], [{"b"}, {"z"}], k=2)
    (0.5, 1.0, 0.5)
    >>> sentence_scores(["a", "b", "c"], [{"c"}], k=2)
    (0.0, 0.0, 0.3333333333333333)
    """
    if not gold:
        raise ValueError("sentence_scores() needs at least one gold label.")
    top = set(ranked[:k])
    found = sum(1 for ids in gold if top.intersection(ids))
    wanted = set().union(*gold)
    rr = next((1.0 / (i + 1) for i, item in enumerate(ranked) if item in wanted), 0.0)
    return found / len(gold), float(found > 0), rr


def _read_set(path: Path) -> LinkingSet:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = tuple(reader.fieldnames or ())
            if header[: len(_COLUMNS)] != _COLUMNS:
                raise EvaluationError(
                    f"{str(path)!r} must start with the header {','.join(_COLUMNS)}. "
                    f"Got {','.join(header) or 'nothing'!r} instead."
                )
            sentences: dict[str, list[str]] = {}
            spans: dict[tuple[str, str], None] = {}
            for line, row in enumerate(reader, start=2):
                sentence = (row.get("sentence") or "").strip()
                label = (row.get("label") or "").strip()
                if not sentence or not label:
                    raise EvaluationError(
                        f"Row {line} of {str(path)!r} has no "
                        f"{'sentence' if not sentence else 'label'}. Fix or drop the row."
                    )
                labels = sentences.setdefault(sentence, [])
                if label in NO_LABEL:
                    continue
                if label not in labels:
                    labels.append(label)
                span = (row.get("span") or "").strip()
                if span:
                    spans[(span, label)] = None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EvaluationError(
            f"Cannot read {str(path)!r} ({exc}). Pass the folder of the Decorte et al. "
            "benchmark (../shared/data/decorte-esco-skill-benchmark)."
        ) from exc
    if not sentences:
        raise EvaluationError(f"{str(path)!r} has a header but no annotated sentences.")
    kept = [(s, tuple(labels)) for s, labels in sentences.items() if labels]
    return LinkingSet(kept, len(sentences) - len(kept), list(spans))


def load_linking_examples(
    data_dir: Path | str, split: str = "validation", subsets: Sequence[str] = SUBSETS
) -> dict[str, LinkingSet]:
    """Read the annotated sentences and spans of each subset.

    Parameters
    ----------
    data_dir:
        The benchmark folder, holding ``<subset>_<split>_annotations.csv``.
    split:
        ``validation`` or ``test``.
    subsets:
        Which subsets to read.

    Returns
    -------
    dict
        subset → :class:`LinkingSet`.

    Raises
    ------
    EvaluationError
        If a file is missing, lacks the expected header, has a row without sentence or
        label, or has no rows.
    """
    return {s: _read_set(Path(data_dir) / f"{s}_{split}_annotations.csv") for s in subsets}


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def _default_linker(data_dir: Path, esco_dir: Path | None) -> EscoLinker:
    priors = data_dir / "esco_priors.json"
    if not priors.is_file():
        raise EvaluationError(
            f"{str(priors)!r} is missing. Pass the folder of the Decorte et al. benchmark, "
            "which holds esco_priors.json."
        )
    source = esco_dir if esco_dir is not None else data_dir.parent
    return EscoLinker().load(source, priors_path=priors)


def _summary(scores: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    return {
        "recall_at_k": _mean([s[0] for s in scores]),
        "hit_at_k": _mean([s[1] for s in scores]),
        "mrr": _mean([s[2] for s in scores]),
    }


def evaluate_linking(
    data_dir: Path | str,
    split: str = "validation",
    linker: EscoLinker | None = None,
    *,
    k: int = 5,
    esco_dir: Path | str | None = None,
) -> dict[str, Any]:
    """Score an ESCO linker on the TECH and HOUSE sentences (and spans) of one split.

    Parameters
    ----------
    data_dir:
        The benchmark folder (``../shared/data/decorte-esco-skill-benchmark``).
    split:
        ``validation`` (``test`` is held aside).
    linker:
        A loaded :class:`~roleatlas.pipeline.extract.link_esco.EscoLinker`. Default: the lexical
        linker over the ESCO folders next to ``data_dir`` (see
        :func:`~roleatlas.pipeline.extract.link_esco.load_esco_skills`), with the benchmark's
        priors.
    k:
        The recall cut-off.
    esco_dir:
        Where the default linker reads ESCO (default: ``data_dir``'s parent).

    Returns
    -------
    dict
        ``split``, ``k``, ``linker`` (backend, prior weight, skills, skills with a prior);
        for ``tech``, ``house`` and ``combined``: ``n`` sentences scored, ``excluded``
        (sentences with only unusable labels), ``gold`` labels, ``recall_at_k`` (fraction),
        ``hit_at_k`` (any), ``mrr``, ``unresolved`` (gold labels naming no skill); ``spans``:
        per subset and combined, ``n`` (span, label) pairs, ``hit_at_1``, ``hit_at_k``,
        ``mrr``; ``seconds`` and ``sentences_per_second`` of the sentence ranking.

    Raises
    ------
    EvaluationError
        If the data is missing or malformed, or the default linker cannot be loaded.

    Examples
    --------
    >>> evaluate_linking("/nonexistent")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    roleatlas.errors.EvaluationError: Cannot read '/nonexistent/tech_validation_annotations.csv' ...
    """
    data_dir = Path(data_dir)
    sets = load_linking_examples(data_dir, split)
    if linker is None:
        try:
            linker = _default_linker(data_dir, Path(esco_dir) if esco_dir is not None else None)
        except EvaluationError:
            raise
        except RoleatlasError as exc:
            raise EvaluationError(f"Cannot load the default ESCO linker: {exc}") from exc
    texts = [_PLACEHOLDER.sub(" ", s) for name in SUBSETS for s, _ in sets[name].sentences]
    started = time.perf_counter()
    rankings = iter(linker.rank_many(texts, k=max(k, _DEPTH)))
    seconds = time.perf_counter() - started
    span_texts = [span for name in SUBSETS for span, _ in sets[name].spans]
    span_rankings = iter(linker.rank_many(span_texts, k=max(k, _DEPTH)))

    report: dict[str, Any] = {
        "split": split,
        "k": k,
        "linker": {
            "backend": linker.backend,
            "prior_weight": linker.prior_weight,
            "skills": len(linker.skills_),
            "skills_with_prior": linker.n_priors_,
        },
    }
    all_scores: list[tuple[float, float, float]] = []
    all_spans: list[tuple[float, float, float]] = []
    unresolved_all: set[str] = set()
    report["spans"] = {}
    for name in SUBSETS:
        data = sets[name]
        scores: list[tuple[float, float, float]] = []
        unresolved: set[str] = set()
        gold_count = 0
        for _sentence, labels in data.sentences:
            ranked = [uri for uri, _label, _score in next(rankings)]
            gold = [linker.resolve(label) for label in labels]
            unresolved.update(lab for lab, ids in zip(labels, gold, strict=True) if not ids)
            scores.append(sentence_scores(ranked, gold, k))
            gold_count += len(labels)
        report[name] = {
            "n": len(scores),
            "excluded": data.excluded,
            "gold": gold_count,
            **_summary(scores),
            "unresolved": sorted(unresolved),
        }
        spans = []
        for _span, label in data.spans:
            ranked = [uri for uri, _label, _score in next(span_rankings)]
            gold = [linker.resolve(label)]
            spans.append(
                (sentence_scores(ranked, gold, 1)[1], *sentence_scores(ranked, gold, k)[1:])
            )
        report["spans"][name] = {"n": len(spans), **_span_summary(spans)}
        all_scores += scores
        all_spans += spans
        unresolved_all |= unresolved
    report["combined"] = {
        "n": len(all_scores),
        "excluded": sum(sets[name].excluded for name in SUBSETS),
        "gold": sum(report[name]["gold"] for name in SUBSETS),
        **_summary(all_scores),
        "unresolved": sorted(unresolved_all),
    }
    report["spans"]["combined"] = {"n": len(all_spans), **_span_summary(all_spans)}
    report["seconds"] = round(seconds, 3)
    report["sentences_per_second"] = round(len(texts) / seconds, 1) if seconds > 0 else None
    return report


def _span_summary(scores: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    return {
        "hit_at_1": _mean([s[0] for s in scores]),
        "hit_at_k": _mean([s[1] for s in scores]),
        "mrr": _mean([s[2] for s in scores]),
    }
