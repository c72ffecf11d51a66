"""Evaluate skill-span extraction on SkillSpan (Zhang et al., NAACL 2022).

:func:`evaluate_spans` reads a folder laid out like ``shared/data/skillspan``:
``json/{split}.jsonl.gz`` (fields ``tokens``, ``tags_skill``, ``tags_knowledge``, ``source``,
``idx``) or, when that is absent, ``conll/skillspan_*_{split}.conll`` (``token<TAB>skill
tag<TAB>knowledge tag``, blank line between sentences). A *predictor* maps one sentence's
tokens to spans ``(start, end)`` or ``(start, end, label)`` in token offsets, ``end``
exclusive; ``label`` is ``"SKILL"``, ``"KNOWLEDGE"`` or ``None``/``""`` (untyped).

Metrics
-------
All counts are micro-averaged over sentences; spans are sets (a duplicate counts once).

- **strict**: a predicted span is correct when it equals a gold span exactly; a gold span is
  found when a predicted span equals it.
- **loose**: a predicted span is correct when it overlaps a gold span by at least one token;
  a gold span is found when a predicted span overlaps it.
- precision = correct predictions / predictions; recall = found gold spans / gold spans;
  F1 their harmonic mean (0 when both are 0).

Merge rule
----------
``merged`` scores untyped spans: the gold set is the union of the SKILL and KNOWLEDGE spans
of a sentence, each a separate gold span even where the two layers overlap or nest (an
identical span in both layers counts once); the predicted set is every predicted span,
whatever its label. So a prediction that matches either a skill or a knowledge span is
correct. ``skill`` and ``knowledge`` score each layer against the predictions labelled with
that kind **plus the untyped ones** (a dictionary predictor has no kinds).

Examples
--------
>>> gold = [{(0, 2), (4, 5)}]
>>> pred = [{(0, 2), (3, 5), (7, 8)}]
>>> scores = span_scores(gold, pred)
>>> scores["strict"]
{'precision': 0.3333, 'recall': 0.5, 'f1': 0.4}
>>> scores["loose"]
{'precision': 0.6667, 'recall': 1.0, 'f1': 0.8}
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roleatlas.errors import EvaluationError
from roleatlas.pipeline.extract.learned import bio_to_spans, gazetteer_spans
from roleatlas.records import SkillMention

__all__ = [
    "Predictor",
    "SpanSentence",
    "evaluate_spans",
    "default_layer_name",
    "gazetteer_predictor",
    "ingest_predictor",
    "mentions_predictor",
    "read_skillspan",
    "span_scores",
    "union_predictor",
]

#: One sentence's tokens → spans ``(start, end)`` or ``(start, end, label)``.
Predictor = Callable[[list[str]], Iterable[Sequence[Any]]]

KINDS = ("SKILL", "KNOWLEDGE")
_BIO = frozenset({"B", "I", "O", "B-Skill", "I-Skill", "B-Knowledge", "I-Knowledge"})


@dataclass(frozen=True, slots=True)
class SpanSentence:
    """One annotated SkillSpan sentence; spans are ``(start, end)`` token offsets."""

    tokens: list[str]
    skill: frozenset[tuple[int, int]]
    knowledge: frozenset[tuple[int, int]]
    source: str = ""
    origin: str = ""

    def joint_tags(self) -> list[str]:
        """One BIO layer with both kinds: ``B-SKILL``, ``I-KNOWLEDGE``, ``O``.

        Where a skill and a knowledge span overlap, the skill span wins (it is usually the
        outer one: "design and implement useful API methods" around "API").
        """
        tags = ["O"] * len(self.tokens)
        for kind, spans in (("KNOWLEDGE", self.knowledge), ("SKILL", self.skill)):
            for start, end in sorted(spans):
                tags[start] = f"B-{kind}"
                for i in range(start + 1, end):
                    tags[i] = f"I-{kind}"
        return tags


def _spans_of(tags: Sequence[str], where: str) -> frozenset[tuple[int, int]]:
    for tag in tags:
        if tag not in _BIO:
            raise EvaluationError(
                f"{where} has the tag {tag!r}; SkillSpan tags are B, I and O "
                "(or B-Skill, I-Knowledge ...)."
            )
    return frozenset((s, e) for s, e, _ in bio_to_spans([t[0] for t in tags]))


def _json_sentences(path: Path) -> list[SpanSentence]:
    out = []
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}:{line_no}"
                try:
                    row = json.loads(line)
                    tokens, skill, knowledge = (
                        row["tokens"],
                        row["tags_skill"],
                        row["tags_knowledge"],
                    )
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise EvaluationError(
                        f"{where} is not a SkillSpan record ({exc!r}). Each line needs "
                        "'tokens', 'tags_skill' and 'tags_knowledge'."
                    ) from None
                if not (len(tokens) == len(skill) == len(knowledge)):
                    raise EvaluationError(
                        f"{where} has {len(tokens)} tokens, {len(skill)} skill tags and "
                        f"{len(knowledge)} knowledge tags. They must be the same length."
                    )
                out.append(
                    SpanSentence(
                        [str(t) for t in tokens],
                        _spans_of(skill, where),
                        _spans_of(knowledge, where),
                        str(row.get("source", "")),
                        where,
                    )
                )
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"Cannot read {path}: {exc}.") from exc
    return out


def _conll_sentences(path: Path) -> list[SpanSentence]:
    out = []
    rows: list[list[str]] = []
    start_line = 1

    def flush() -> None:
        if rows:
            where = f"{path}:{start_line}"
            out.append(
                SpanSentence(
                    [r[0] for r in rows],
                    _spans_of([r[1] for r in rows], where),
                    _spans_of([r[2] for r in rows], where),
                    path.stem.split("_")[1] if path.stem.count("_") >= 2 else "",
                    where,
                )
            )

    try:
        with path.open(encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line.strip():
                    flush()
                    rows, start_line = [], line_no + 1
                    continue
                fields = line.split("\t")
                if len(fields) != 3:
                    raise EvaluationError(
                        f"{path}:{line_no} has {len(fields)} tab-separated fields; SkillSpan "
                        "CoNLL lines are 'token<TAB>skill tag<TAB>knowledge tag'."
                    )
                rows.append(fields)
            flush()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"Cannot read {path}: {exc}.") from exc
    return out


def read_skillspan(data_dir: Path | str, split: str = "dev") -> list[SpanSentence]:
    """Read one split of a SkillSpan folder (JSON Lines, else CoNLL).

    Raises
    ------
    EvaluationError
        If neither ``json/{split}.jsonl.gz`` nor ``conll/*_{split}.conll`` exists, or a record
        is malformed, or the split has no sentence.
    """
    root = Path(data_dir)
    json_path = root / "json" / f"{split}.jsonl.gz"
    if json_path.is_file():
        sentences = _json_sentences(json_path)
        where = str(json_path)
    else:
        conll = sorted((root / "conll").glob(f"*_{split}.conll"))
        if not conll:
            raise EvaluationError(
                f"No SkillSpan '{split}' split in {root}: expected {json_path} or "
                f"{root / 'conll'}/skillspan_*_{split}.conll. Point --data at a folder laid "
                "out like shared/data/skillspan."
            )
        sentences = [s for path in conll for s in _conll_sentences(path)]
        where = ", ".join(str(p) for p in conll)
    if not sentences:
        raise EvaluationError(f"{where} holds no sentence. Point at a non-empty split.")
    return sentences


def _prf(correct_pred: int, n_pred: int, found_gold: int, n_gold: int) -> dict[str, float]:
    precision = correct_pred / n_pred if n_pred else 0.0
    recall = found_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def span_scores(
    gold: Sequence[Iterable[tuple[int, int]]], predicted: Sequence[Iterable[tuple[int, int]]]
) -> dict[str, Any]:
    """Strict and loose precision, recall and F1 of predicted spans against gold spans.

    Parameters
    ----------
    gold, predicted:
        Per sentence, the spans as ``(start, end)`` token offsets (``end`` exclusive).

    Returns
    -------
    dict
        ``strict`` and ``loose`` (each ``precision``, ``recall``, ``f1``), ``gold_spans``,
        ``predicted_spans``.

    Raises
    ------
    ValueError
        If the two sequences differ in length.

    Examples
    --------
    >>> span_scores([{(0, 1)}], [set()])["loose"]
    {'precision': 0.0, 'recall': 0.0, 'f1': 0.0}
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} predicted.")
    n_gold = n_pred = strict_pred = strict_gold = loose_pred = loose_gold = 0
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        g, p = set(gold_spans), set(pred_spans)
        n_gold += len(g)
        n_pred += len(p)
        both = g & p
        strict_pred += len(both)
        strict_gold += len(both)
        loose_pred += sum(any(s < ge and gs < e for gs, ge in g) for s, e in p)
        loose_gold += sum(any(s < pe and ps < e for ps, pe in p) for s, e in g)
    return {
        "strict": _prf(strict_pred, n_pred, strict_gold, n_gold),
        "loose": _prf(loose_pred, n_pred, loose_gold, n_gold),
        "gold_spans": n_gold,
        "predicted_spans": n_pred,
    }


def _normalize_prediction(
    spans: Iterable[Sequence[Any]], n_tokens: int, where: str
) -> list[tuple[int, int, str | None]]:
    out: list[tuple[int, int, str | None]] = []
    for span in spans:
        if len(span) not in (2, 3):
            raise EvaluationError(
                f"The predictor returned {span!r} for {where}; a span is (start, end) or "
                "(start, end, label)."
            )
        start, end = int(span[0]), int(span[1])
        label = (str(span[2] or "").upper() if len(span) == 3 else "") or None
        if not 0 <= start < end <= n_tokens:
            raise EvaluationError(
                f"The predictor returned the span ({start}, {end}) for {where}, which has "
                f"{n_tokens} tokens. Spans are token offsets with 0 <= start < end <= n."
            )
        out.append((start, end, label))
    return out


def evaluate_spans(
    data_dir: Path | str, split: str = "dev", predictor: Predictor | None = None
) -> dict[str, Any]:
    """Score a span predictor on a SkillSpan split: merged, skill and knowledge spans.

    Parameters
    ----------
    data_dir:
        A folder laid out like ``shared/data/skillspan``.
    split:
        ``dev`` (default), ``train`` or ``test``.
    predictor:
        Tokens → spans (see the module docstring). Default: the learned layer's
        :func:`~roleatlas.pipeline.extract.learned.default_tagger`. Use
        :func:`mentions_predictor` for a text-level extractor such as the dictionary layer,
        and :func:`union_predictor` to combine layers.

    Returns
    -------
    dict
        ``split``, ``sentences``, ``seconds`` (predicting), ``sentences_per_second``, and for
        ``merged``, ``skill`` and ``knowledge``: ``strict`` and ``loose`` precision / recall /
        F1, ``gold_spans``, ``predicted_spans``.

    Raises
    ------
    EvaluationError
        If the data is missing or malformed, or the predictor returns something that is not
        a span of the sentence.
    """
    sentences = read_skillspan(data_dir, split)
    if predictor is None:
        from roleatlas.pipeline.extract.learned import default_tagger

        predictor = default_tagger().spans
    predictions = []
    started = time.perf_counter()
    for sentence in sentences:
        spans = predictor(list(sentence.tokens))
        predictions.append(_normalize_prediction(spans, len(sentence.tokens), sentence.origin))
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "split": split,
        "sentences": len(sentences),
        "seconds": round(seconds, 2),
        "sentences_per_second": round(len(sentences) / seconds, 1) if seconds else None,
    }
    result["merged"] = span_scores(
        [s.skill | s.knowledge for s in sentences],
        [{(a, b) for a, b, _ in p} for p in predictions],
    )
    for kind, name in (("SKILL", "skill"), ("KNOWLEDGE", "knowledge")):
        result[name] = span_scores(
            [s.skill if kind == "SKILL" else s.knowledge for s in sentences],
            [{(a, b) for a, b, label in p if label in (kind, None)} for p in predictions],
        )
    return result


def _token_offsets(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    offsets, pos = [], 0
    for token in tokens:
        offsets.append((pos, pos + len(token)))
        pos += len(token) + 1
    return " ".join(tokens), offsets


SPAN_LAYERS = ("default", "dictionary", "tagger", "learned", "combined")


def default_layer_name() -> str:
    """What ``roleatlas eval skills`` measures without ``--layer``: what ``ingest`` stores."""
    from roleatlas.pipeline.extract import SPANS_BY_DEFAULT

    stored = "span tagger + catalog mentions" if SPANS_BY_DEFAULT else "catalog mentions"
    return f"default (what ingest stores: {stored})"


def layer_predictor(layer: str) -> Predictor:
    """The predictor of one extraction layer.

    - ``default``: what ``ingest`` stores by default (:func:`ingest_predictor`);
    - ``dictionary``: the skill catalog matcher alone;
    - ``tagger``: the span tagger alone (:mod:`roleatlas.pipeline.extract.span_tagger`);
    - ``learned``: the CRF of the optional learned layer (``ingest --learned``);
    - ``combined``: every span the dictionary or the learned CRF finds.

    Raises
    ------
    EvaluationError
        If ``layer`` is not one of :data:`SPAN_LAYERS`.
    """
    if layer not in SPAN_LAYERS:
        raise EvaluationError(f"Unknown layer {layer!r}. Choose one of: {', '.join(SPAN_LAYERS)}.")
    if layer == "default":
        return ingest_predictor()
    if layer == "tagger":
        return ingest_predictor(catalog=False, spans=True)
    from roleatlas.pipeline.extract.skills import SkillMatcher

    dictionary = mentions_predictor(SkillMatcher().load().find)
    if layer == "dictionary":
        return dictionary
    from roleatlas.pipeline.extract.learned import default_tagger

    learned = default_tagger().spans
    return learned if layer == "learned" else union_predictor(dictionary, learned)


def ingest_predictor(*, catalog: bool = True, spans: bool | None = None) -> Predictor:
    """The spans ``ingest`` stores for a sentence, read through the ingest's own function.

    The sentence's tokens are joined with spaces and passed to
    :func:`roleatlas.pipeline.extract.extract_text` with its defaults (what ``roleatlas
    ingest`` runs), or with the span tagger on or off (``spans``). The predicted spans are
    the span tagger's phrases (typed ``SKILL`` or ``KNOWLEDGE``) and, with ``catalog``, the
    catalog mentions of the description that no tagger phrase overlaps (untyped): where the
    tagger marked a phrase around a catalog skill ("Python programming" around "Python"),
    the phrase is the span a reader sees.
    """
    from roleatlas.pipeline.extract import extract_text

    def predict(tokens: list[str]) -> list[tuple[int, int, str | None]]:
        text, offsets = _token_offsets(tokens)
        extraction = extract_text(None, text, spans=spans)
        chars: list[tuple[int, int, str | None]] = [
            (s.start, s.end, s.kind) for s in extraction.spans
        ]
        if catalog:
            chars += [
                (m.start, m.end, None)
                for m in extraction.skills
                if m.skill is not None
                and not any(s.start < m.end and m.start < s.end for s in extraction.spans)
            ]
        found: dict[tuple[int, int], str | None] = {}
        for start, end, label in chars:
            touched = [i for i, (a, b) in enumerate(offsets) if a < end and start < b]
            if touched:
                found.setdefault((touched[0], touched[-1] + 1), label)
        return [(a, b, label) for (a, b), label in sorted(found.items())]

    return predict


def mentions_predictor(find: Callable[[str], Iterable[SkillMention]]) -> Predictor:
    """Adapt a text extractor (text → mentions with character offsets) to a predictor.

    The tokens are joined with single spaces; each mention becomes the tokens it touches.
    For the dictionary layer: ``mentions_predictor(SkillMatcher().load().find)``.

    Examples
    --------
    >>> from roleatlas.records import SkillMention
    >>> def find(text):
    ...     i = text.find("SQL")
    ...     return [SkillMention("sql", "SQL", i, i + 3)] if i >= 0 else []
    >>> mentions_predictor(find)(["Strong", "SQL", "skills"])
    [(1, 2, None)]
    """

    def predict(tokens: list[str]) -> list[tuple[int, int, str | None]]:
        text, offsets = _token_offsets(tokens)
        spans = set()
        for mention in find(text):
            touched = [
                i for i, (s, e) in enumerate(offsets) if s < mention.end and mention.start < e
            ]
            if touched:
                spans.add((touched[0], touched[-1] + 1, None))
        return sorted(spans, key=lambda s: (s[0], s[1]))

    return predict


def gazetteer_predictor(gazetteer: dict[tuple[str, ...], str]) -> Predictor:
    """Longest-match gazetteer spans as a predictor (a plain dictionary baseline)."""

    def predict(tokens: list[str]) -> list[tuple[int, int, str | None]]:
        return [(s, e, None) for s, e, _ in gazetteer_spans(tokens, gazetteer)]

    return predict


def union_predictor(*predictors: Predictor) -> Predictor:
    """Every span any of ``predictors`` finds (a span found twice counts once)."""

    def predict(tokens: list[str]) -> list[tuple[int, int, str | None]]:
        spans: dict[tuple[int, int], str | None] = {}
        for predictor in predictors:
            for span in _normalize_prediction(predictor(tokens), len(tokens), "a sentence"):
                if spans.get(span[:2]) is None:
                    spans[span[:2]] = span[2]
        return [(s, e, label) for (s, e), label in sorted(spans.items())]

    return predict
