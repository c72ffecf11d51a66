"""Span metrics, the SkillSpan reader and the evaluation harness."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from roleatlas.errors import EvaluationError
from roleatlas.evaluate.spans import (
    evaluate_spans,
    gazetteer_predictor,
    mentions_predictor,
    read_skillspan,
    span_scores,
    union_predictor,
)
from roleatlas.records import SkillMention
from tests.conftest import shared_path

# --------------------------------------------------------------------------- metrics


def test_strict_and_loose_count_differently() -> None:
    gold = [{(0, 2), (4, 5)}]
    pred = [{(0, 2), (3, 5), (7, 8)}]
    scores = span_scores(gold, pred)
    assert scores["strict"] == {"precision": 0.3333, "recall": 0.5, "f1": 0.4}
    assert scores["loose"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8}
    assert (scores["gold_spans"], scores["predicted_spans"]) == (2, 3)


def test_touching_spans_do_not_overlap() -> None:
    # (0, 2) ends where (2, 3) starts: end offsets are exclusive.
    scores = span_scores([{(0, 2)}], [{(2, 3)}])
    assert scores["loose"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_one_wide_prediction_finds_two_gold_spans_loosely() -> None:
    scores = span_scores([{(0, 1), (2, 3)}], [{(0, 3)}])
    assert scores["loose"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert scores["strict"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_empty_predictions_and_empty_gold() -> None:
    assert span_scores([{(0, 1)}], [set()])["strict"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
    }
    nothing = span_scores([set()], [set()])
    assert nothing["loose"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert (nothing["gold_spans"], nothing["predicted_spans"]) == (0, 0)
    assert span_scores([set()], [{(0, 1)}])["strict"]["precision"] == 0.0


def test_scores_are_micro_averaged_over_sentences() -> None:
    scores = span_scores([{(0, 1)}, {(0, 1), (2, 3)}], [{(0, 1)}, {(5, 6)}])
    assert scores["strict"] == {"precision": 0.5, "recall": 0.3333, "f1": 0.4}


def test_duplicate_predictions_count_once() -> None:
    assert span_scores([{(0, 1)}], [[(0, 1), (0, 1)]])["strict"]["precision"] == 1.0


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match="2 gold sentences but 1 predicted"):
        span_scores([set(), set()], [set()])


# --------------------------------------------------------------------------- reader


def _write_json(root: Path, split: str, rows: list[dict[str, object]]) -> None:
    (root / "json").mkdir(parents=True, exist_ok=True)
    with gzip.open(root / "json" / f"{split}.jsonl.gz", "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")


ROWS = [
    {
        "idx": 1,
        "tokens": ["design", "useful", "API", "methods", "in", "Python"],
        "tags_skill": ["B", "I", "I", "I", "O", "O"],
        "tags_knowledge": ["O", "O", "B", "O", "O", "B"],
        "source": "tech",
    },
    {
        "idx": 1,
        "tokens": ["Benefits", ":", "lunch"],
        "tags_skill": ["O", "O", "O"],
        "tags_knowledge": ["O", "O", "O"],
        "source": "tech",
    },
]


def test_read_json_split(tmp_path: Path) -> None:
    _write_json(tmp_path, "dev", ROWS)
    sentences = read_skillspan(tmp_path, "dev")
    assert len(sentences) == 2
    first = sentences[0]
    assert first.skill == {(0, 4)}
    assert first.knowledge == {(2, 3), (5, 6)}
    assert first.source == "tech"
    # The skill span wins where the layers overlap.
    assert first.joint_tags() == [
        "B-SKILL",
        "I-SKILL",
        "I-SKILL",
        "I-SKILL",
        "O",
        "B-KNOWLEDGE",
    ]


def test_read_conll_when_json_is_absent(tmp_path: Path) -> None:
    (tmp_path / "conll").mkdir()
    (tmp_path / "conll" / "skillspan_house_dev.conll").write_text(
        "Strong\tO\tO\nPython\tO\tB-Knowledge\n\nwork\tB-Skill\tO\nhard\tI-Skill\tO\n\n",
        encoding="utf-8",
    )
    sentences = read_skillspan(tmp_path, "dev")
    assert [s.tokens for s in sentences] == [["Strong", "Python"], ["work", "hard"]]
    assert sentences[0].knowledge == {(1, 2)}
    assert sentences[1].skill == {(0, 2)}
    assert sentences[0].source == "house"


def test_missing_split_names_the_expected_files(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match=r"No SkillSpan 'dev' split .*dev\.jsonl\.gz"):
        read_skillspan(tmp_path, "dev")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"tokens": ["a"], "tags_skill": ["O"]}, "needs 'tokens', 'tags_skill'"),
        ({"tokens": ["a", "b"], "tags_skill": ["O"], "tags_knowledge": ["O"]}, "same length"),
        ({"tokens": ["a"], "tags_skill": ["X"], "tags_knowledge": ["O"]}, "has the tag 'X'"),
    ],
)
def test_malformed_records_are_errors(tmp_path: Path, row: dict[str, object], message: str) -> None:
    _write_json(tmp_path, "dev", [row])
    with pytest.raises(EvaluationError, match=message):
        read_skillspan(tmp_path, "dev")


def test_malformed_conll_line(tmp_path: Path) -> None:
    (tmp_path / "conll").mkdir()
    (tmp_path / "conll" / "skillspan_tech_dev.conll").write_text("word\tO\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="2 tab-separated fields"):
        read_skillspan(tmp_path, "dev")


def test_empty_split_is_an_error(tmp_path: Path) -> None:
    _write_json(tmp_path, "dev", [])
    with pytest.raises(EvaluationError, match="holds no sentence"):
        read_skillspan(tmp_path, "dev")


# --------------------------------------------------------------------------- harness


def test_evaluate_with_a_typed_predictor(tmp_path: Path) -> None:
    _write_json(tmp_path, "dev", ROWS)

    def predictor(tokens: list[str]) -> list[tuple[int, int, str]]:
        if tokens[0] != "design":
            return [(0, 1, "SKILL")]
        # One exact skill, one exact knowledge, one knowledge that overlaps the skill only.
        return [(0, 4, "SKILL"), (5, 6, "KNOWLEDGE"), (3, 4, "KNOWLEDGE")]

    result = evaluate_spans(tmp_path, "dev", predictor=predictor)
    assert result["sentences"] == 2
    merged = result["merged"]
    assert (merged["gold_spans"], merged["predicted_spans"]) == (3, 4)
    assert merged["strict"] == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714}
    # (3, 4) overlaps the skill span (0, 4): under the merge rule that makes it correct.
    assert merged["loose"] == {"precision": 0.75, "recall": 1.0, "f1": 0.8571}
    assert result["skill"]["strict"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667}
    assert result["knowledge"]["strict"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert result["knowledge"]["loose"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}


def test_untyped_predictions_count_for_both_kinds(tmp_path: Path) -> None:
    _write_json(tmp_path, "dev", ROWS[:1])
    result = evaluate_spans(tmp_path, "dev", predictor=lambda tokens: [(2, 3)])
    assert result["merged"]["strict"] == {"precision": 1.0, "recall": 0.3333, "f1": 0.5}
    assert result["knowledge"]["strict"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667}
    assert result["skill"]["strict"]["precision"] == 0.0
    assert result["skill"]["loose"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


@pytest.mark.parametrize("bad", [[(0, 9)], [(2, 2)], [(1,)]])
def test_predictor_returning_bad_spans_is_an_error(tmp_path: Path, bad: list[tuple]) -> None:
    _write_json(tmp_path, "dev", ROWS)
    with pytest.raises(EvaluationError, match="predictor returned"):
        evaluate_spans(tmp_path, "dev", predictor=lambda tokens: bad)


def _find_sql_and_python(text: str) -> list[SkillMention]:
    out = []
    for name in ("SQL", "Python", "API methods"):
        start = text.find(name)
        if start >= 0:
            out.append(SkillMention(name.lower(), name, start, start + len(name)))
    return out


def test_mentions_predictor_maps_characters_to_tokens() -> None:
    predict = mentions_predictor(_find_sql_and_python)
    assert predict(["design", "useful", "API", "methods", "in", "Python"]) == [
        (2, 4, None),
        (5, 6, None),
    ]
    assert predict(["nothing", "here"]) == []


def test_union_and_gazetteer_predictors() -> None:
    gazetteer = gazetteer_predictor({("machine", "learning"): "esco", ("python",): "tech"})
    tokens = ["machine", "learning", "with", "Python", "and", "SQL"]
    assert gazetteer(tokens) == [(0, 2, None), (3, 4, None)]
    typed = union_predictor(lambda t: [(3, 4, "KNOWLEDGE")], gazetteer)
    assert typed(tokens) == [(0, 2, None), (3, 4, "KNOWLEDGE")]


# --------------------------------------------------------------------------- real data


def test_real_dev_split_shape() -> None:
    sentences = read_skillspan(shared_path("skillspan"), "dev")
    assert len(sentences) == 3174
    assert sum(len(s.skill) for s in sentences) == 1070
    assert sum(len(s.knowledge) for s in sentences) == 1093


def test_dictionary_layer_on_dev() -> None:
    from roleatlas.pipeline.extract.skills import SkillMatcher

    data = shared_path("skillspan")
    result = evaluate_spans(data, "dev", predictor=mentions_predictor(SkillMatcher().load().find))
    # The catalog names tools and fields, not the verb phrases SkillSpan calls skills: it
    # finds knowledge spans far better than skill spans (measured: loose F1 0.45 vs 0.26).
    assert result["merged"]["gold_spans"] == 2163
    assert result["knowledge"]["loose"]["f1"] > result["skill"]["loose"]["f1"] + 0.1
    assert result["merged"]["loose"]["precision"] > 0.5
