"""Training the learned extraction layer.

The pipeline only *applies* models (:mod:`roleatlas.pipeline.extract.learned`); building one
needs the labelled SkillSpan files and scores the result with :mod:`roleatlas.evaluate`, so it
lives here, outside the pipeline, and the pipeline never imports the evaluation code.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from roleatlas.evaluate.spans import SpanSentence, evaluate_spans, read_skillspan
from roleatlas.pipeline.extract.learned import (
    SpanTagger,
    build_gazetteer,
    build_word_resources,
    public_texts,
)


def train_span_model(
    skillspan_dir: Path | str,
    out_path: Path | str,
    *,
    reference_dir: Path | str | None = None,
    extra_texts: Iterable[str] = (),
    evaluate: bool = True,
    **params: Any,
) -> dict[str, Any]:
    """Train the span tagger on SkillSpan's train split, save it, and score it on dev.

    Parameters
    ----------
    skillspan_dir:
        A folder laid out like ``shared/data/skillspan`` (``json/train.jsonl.gz`` or
        ``conll/*_train.conll``). Only the train split is learned from.
    out_path:
        Where to write the model zip (conventionally
        :func:`~roleatlas.pipeline.extract.learned.default_model_path`).
    reference_dir:
        A folder laid out like ``shared/data`` holding ``laiser-skill-vocab``, ``onet-29.3``
        and ``esco`` (default: the parent of ``skillspan_dir``). Gazetteer, clusters and
        vectors come from there.
    extra_texts:
        More unlabelled text for the word clusters (for example your own postings). A model
        built with texts you may not redistribute must not be shipped.
    evaluate:
        Score the model on the dev split when it is there.
    **params:
        Passed to :class:`~roleatlas.pipeline.extract.learned.SpanTagger` (``c1``, ``c2``,
        ``max_iterations``, ``recall_bias``).

    Returns
    -------
    dict
        ``model_path``, ``model_bytes``, ``train_sentences``, ``seconds`` (``resources``,
        ``fit``, ``total``) and, when evaluated, ``dev`` (see
        :func:`roleatlas.evaluate.spans.evaluate_spans`).

    Raises
    ------
    EvaluationError
        If the SkillSpan files are missing or malformed.
    InputError
        If a reference file is missing or unreadable.
    """
    started = time.perf_counter()
    sentences = read_skillspan(skillspan_dir, "train")
    reference = Path(reference_dir) if reference_dir is not None else Path(skillspan_dir).parent
    gazetteer = build_gazetteer(reference)
    texts = [*public_texts(reference), *(" ".join(s.tokens) for s in sentences), *extra_texts]
    clusters, vectors = build_word_resources(texts)
    resources_done = time.perf_counter()
    params = {"c1": 0.1, "c2": 0.05, "max_iterations": 150, "recall_bias": 1.0, **params}
    tagger = SpanTagger(
        gazetteer=gazetteer, word_clusters=clusters, word_vectors=vectors, **params
    ).fit((s.tokens, s.joint_tags()) for s in sentences)
    fitted = time.perf_counter()
    path = tagger.save(out_path)
    metrics: dict[str, Any] = {
        "model_path": str(path),
        "model_bytes": path.stat().st_size,
        "train_sentences": len(sentences),
        "params": tagger._params(),
        "seconds": {
            "resources": round(resources_done - started, 1),
            "fit": round(fitted - resources_done, 1),
            "total": round(time.perf_counter() - started, 1),
        },
    }
    if evaluate:
        metrics["dev"] = evaluate_spans(skillspan_dir, "dev", predictor=tagger.spans)
    return metrics


# --------------------------------------------------------------------------- span tagger
def _tagger_sentences(
    sentences: Iterable[SpanSentence], clusters: Any, vectors: Any
) -> list[tuple[list[dict[str, Any]], list[str]]]:
    """CRFsuite items of each sentence: features (with the catalog marks of the joined
    sentence, as ingest computes them) and the joint BIO tags."""
    import numpy as np

    from roleatlas.pipeline.extract.skills import default_matcher
    from roleatlas.pipeline.extract.span_tagger import sentence_features, token_marks

    matcher = default_matcher()
    out = []
    for s in sentences:
        text = " ".join(s.tokens)
        ends = np.cumsum([len(t) + 1 for t in s.tokens]) - 1
        starts = ends - np.array([len(t) for t in s.tokens])
        marked = [(a, b) for a, b, _, _ in matcher.spans(text)]
        marks = ["OBI"[k] for k in token_marks(starts, ends, marked).tolist()]
        out.append((sentence_features(s.tokens, marks, clusters, vectors), s.joint_tags()))
    return out


def _fit_crf(items: list[tuple[list[dict[str, Any]], list[str]]], params: dict[str, Any]) -> Any:
    import tempfile

    import pycrfsuite  # type: ignore[import-untyped]

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for feats, tags in items:
        trainer.append(feats, tags)
    trainer.set_params({**params, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "model.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        labels = list(tagger.labels())
    return labels, info


def _export(labels: list[str], info: Any, clusters: Any, vectors: Any, bias: float,
            meta: dict[str, Any]) -> Any:  # fmt: skip
    import numpy as np

    from roleatlas.pipeline.extract.span_tagger import SpanTagger as FastTagger

    index = {y: i for i, y in enumerate(labels)}
    attributes: dict[str, Any] = {}
    for (name, label), weight in info.state_features.items():
        row = attributes.setdefault(name, np.zeros(len(labels)))
        row[index[label]] = weight
    transitions = np.zeros((len(labels), len(labels)))
    for (a, b), weight in info.transitions.items():
        transitions[index[a], index[b]] = weight
    words = vectors.words if vectors is not None else []
    vecs = {w: np.array(vectors.get(w)) for w in words}
    return FastTagger(labels, transitions, attributes, clusters, vecs, bias, meta)


def train_span_tagger(
    skillspan_dir: Path | str,
    out_path: Path | str,
    *,
    biases: Iterable[float] = (0.0, 0.5, 1.0, 1.5),
    folds: int = 3,
    **params: Any,
) -> dict[str, Any]:
    """Train the default span layer (:mod:`roleatlas.pipeline.extract.span_tagger`).

    The weights are fitted with CRFsuite on SkillSpan's **train split only**. ``recall_bias``
    is chosen among ``biases`` by cross-validation on the train split (``folds`` contiguous
    by posting, so a posting's sentences stay together), maximising the mean of strict and loose
    F1; the dev split is never read. The word clusters and vectors are those of the packaged
    learned-layer model (public texts and SkillSpan train sentences).

    Returns
    -------
    dict
        ``model_path``, ``model_bytes``, ``train_sentences``, ``attributes``, ``recall_bias``,
        ``cv`` (per bias: strict and loose F1, mean over folds) and ``seconds``.
    """
    from roleatlas.evaluate.spans import span_scores
    from roleatlas.pipeline.extract.learned import default_tagger

    started = time.perf_counter()
    params = {"c1": 0.1, "c2": 0.05, "max_iterations": 150, **params}
    biases = list(biases)
    sentences = read_skillspan(skillspan_dir, "train")
    crf = default_tagger()
    clusters, vectors = crf.word_clusters, crf.word_vectors
    items = _tagger_sentences(sentences, clusters, vectors)
    n = len(items)
    fold_of = _posting_folds(Path(skillspan_dir), n, folds)
    cv: dict[float, list[dict[str, float]]] = {b: [] for b in biases}
    for k in range(folds):
        labels, info = _fit_crf(
            [it for it, f in zip(items, fold_of, strict=True) if f != k], params
        )
        held = [s for s, f in zip(sentences, fold_of, strict=True) if f == k]
        for bias in biases:
            model = _export(labels, info, clusters, vectors, bias, {})
            gold, pred = [], []
            for s in held:
                text = " ".join(s.tokens)
                gold.append(set(s.skill) | set(s.knowledge))
                pred.append(_token_spans(s.tokens, model.find(text, _marked(text))))
            scores = span_scores(gold, pred)
            cv[bias].append({"strict": scores["strict"]["f1"], "loose": scores["loose"]["f1"]})
    summary = {
        b: {m: round(sum(f[m] for f in runs) / len(runs), 4) for m in ("strict", "loose")}
        for b, runs in cv.items()
    }
    bias = max(biases, key=lambda b: (summary[b]["strict"] + summary[b]["loose"], -b))
    labels, info = _fit_crf(items, params)
    meta = {
        "train_sentences": n,
        "params": params,
        "cv_folds": folds,
        "cv": {str(b): v for b, v in summary.items()},
        "chosen_by": "mean of strict and loose F1 over the cross-validation folds",
    }
    model = _export(labels, info, clusters, vectors, bias, meta)
    path = model.save(out_path)
    return {
        "model_path": str(path),
        "model_bytes": path.stat().st_size,
        "train_sentences": n,
        "attributes": len(model.attributes),
        "recall_bias": bias,
        "cv": meta["cv"],
        "seconds": round(time.perf_counter() - started, 1),
    }


def _posting_folds(skillspan_dir: Path, n: int, folds: int) -> list[int]:
    """The cross-validation fold of each train sentence: a hash of its posting (``source``
    and ``idx`` of ``json/train.jsonl.gz``), so a posting's sentences stay in one fold; from
    the CoNLL files (no posting ids), contiguous blocks."""
    import gzip
    import hashlib
    import json

    path = skillspan_dir / "json" / "train.jsonl.gz"
    if path.is_file():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            keys = [f"{row.get('source')}:{row.get('idx')}" for row in map(json.loads, fh)]
        if len(keys) == n:
            return [
                int.from_bytes(hashlib.blake2b(k.encode(), digest_size=4).digest()) % folds
                for k in keys
            ]
    return [min(i * folds // max(n, 1), folds - 1) for i in range(n)]


def _marked(text: str) -> list[tuple[int, int]]:
    from roleatlas.pipeline.extract.skills import default_matcher

    return [(a, b) for a, b, _, _ in default_matcher().spans(text)]


def _token_spans(tokens: list[str], found: Iterable[tuple[Any, ...]]) -> set[Any]:
    """Character spans of ``" ".join(tokens)`` → token spans ``(start, end)``."""
    import bisect

    ends, at = [], -1
    for t in tokens:
        at += len(t) + 1
        ends.append(at)
    starts = [e - len(t) for e, t in zip(ends, tokens, strict=True)]
    out = set()
    for _, s, e, *_ in found:
        a = bisect.bisect_right(ends, s)
        b = bisect.bisect_left(starts, e)
        if a < b:
            out.add((a, b))
    return out
