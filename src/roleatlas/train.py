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

from roleatlas.evaluate.spans import evaluate_spans, read_skillspan
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
