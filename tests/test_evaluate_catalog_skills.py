"""The catalog-skill evaluation (precision, recall and coverage of the counted catalog skills)
on the hand labels of tests/data/catalog_skill_labels.jsonl, read against ../shared/data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from roleatlas.catalog.skills import load_skills
from roleatlas.errors import EvaluationError
from roleatlas.evaluate.catalog_skills import (
    MIN_CHARS,
    counted_skills,
    draw_sample,
    evaluate_catalog_skills,
    read_labels,
    read_postings,
    score_labels,
)
from roleatlas.evaluate.fields import SOURCE_DIRS, wilson_interval
from roleatlas.records import Extraction, SkillMention
from tests.conftest import SHARED

LABELS = Path(__file__).resolve().parent / "data" / "catalog_skill_labels.jsonl"
HAS_DATA = all((SHARED / d / "postings.jsonl.gz").is_file() for d in SOURCE_DIRS.values())
needs_data = pytest.mark.skipif(
    not HAS_DATA,
    reason=f"the postings-* data sets are not under {SHARED} (../shared/data): "
    "the label checks against the postings and the real run are skipped",
)


def test_score_arithmetic_on_a_made_up_example() -> None:
    labels: list[dict[str, Any]] = [
        {"id": "a", "asked": ["python", "sql", "docker"], "not_in_catalog": ["Foo"]},
        {"id": "b", "asked": ["r"], "not_in_catalog": [], "judged": {"r": True}},
    ]
    r = score_labels(labels, {"a": {"python", "sql", "excel"}, "b": {"r", "go"}})
    assert (r["postings"], r["counted"], r["correct"], r["asked"], r["found"]) == (2, 5, 3, 4, 3)
    assert r["precision"] == 0.6
    assert r["recall"] == 0.75
    assert r["coverage"] == 0.8  # 4 asked in the catalog, 1 outside
    assert r["misses_per_posting"] == 0.5
    assert r["precision_ci"] == wilson_interval(3, 5)
    assert r["recall_ci"] == wilson_interval(3, 4)
    assert r["coverage_ci"] == wilson_interval(4, 5)
    assert r["false_positives"] == [["excel", 1], ["go", 1]]
    assert r["missed"] == [["docker", 1]]
    assert r["gaps"] == [["foo", 1]]
    assert r["unjudged"] == 4  # python, sql, excel of a; go of b


def test_score_of_nothing_is_none_not_zero() -> None:
    r = score_labels([], {})
    assert r["postings"] == 0
    assert r["precision"] is None and r["precision_ci"] is None
    assert r["recall"] is None and r["coverage"] is None and r["misses_per_posting"] is None


def test_a_posting_with_no_skill_found_scores_zero_recall() -> None:
    r = score_labels([{"id": "a", "asked": ["python"], "not_in_catalog": []}], {})
    assert (r["counted"], r["precision"], r["recall"]) == (0, None, 0.0)


def test_counted_skills_leave_out_boilerplate_benefits_and_spans_outside_the_catalog() -> None:
    extraction = Extraction(
        skills=[
            SkillMention("python", "Python", 0, 6, section="requirements"),
            SkillMention("python", "python", 40, 46, section="title"),
            SkillMention("sql", "SQL", 9, 12, section="benefits"),
            SkillMention("docker", "Docker", 13, 19, section="company"),
            SkillMention("aws", "AWS", 20, 23, section="other"),
            SkillMention(None, "prompt design", 24, 37, layer="learned"),
        ]
    )
    assert counted_skills(extraction) == {"python", "aws"}


_GOOD = '"id": "x", "split": "dev", "asked": [], "not_in_catalog": []'


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "not JSON"),
        ('{"id": "x", "split": "train", "asked": [], "not_in_catalog": []}', "split"),
        ('{"id": "x", "split": "dev", "asked": "python", "not_in_catalog": []}', "asked"),
        ("{" + _GOOD + ', "text": "y"}', "unknown"),
        ("{" + _GOOD + ', "judged": {"r": 1}}', "judged"),
    ],
)
def test_bad_label_lines_are_refused(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        read_labels(path)


def test_a_posting_labelled_twice_is_refused(tmp_path: Path) -> None:
    line = "{" + _GOOD + "}\n"
    path = tmp_path / "labels.jsonl"
    path.write_text(line * 2, encoding="utf-8")
    with pytest.raises(EvaluationError, match="second time"):
        read_labels(path)


def test_label_file_is_well_formed_and_keeps_no_posting_text() -> None:
    labels = read_labels(LABELS)
    catalog = load_skills()
    assert len(labels) >= 60
    splits = [lab["split"] for lab in labels]
    assert splits.count("dev") >= 25 and splits.count("test") >= 25
    for label in labels:
        assert set(label) >= {"id", "split", "asked", "not_in_catalog", "judged", "revised"}
        asked = label["asked"]
        assert len(asked) == len(set(asked)), label["id"]
        assert all(s in catalog for s in asked), label["id"]
        assert all(s in catalog for s in label["judged"]), label["id"]
        # The judgements of pass (b) agree with the final "asked" (revisions included).
        assert all((s in asked) is ok for s, ok in label["judged"].items()), label["id"]
        texts = [*label["not_in_catalog"], *label["revised"], label.get("note", "")]
        assert all(isinstance(t, str) and len(t) <= 80 for t in texts), label["id"]


@needs_data
def test_labelled_postings_exist_and_are_the_seeded_sample() -> None:
    labels = read_labels(LABELS)
    postings = read_postings(SHARED, SOURCE_DIRS)
    for label in labels:
        raw = postings.get(label["id"])
        assert raw is not None, label["id"]
        text = raw.description or ""
        assert len(text.strip()) >= MIN_CHARS, label["id"]
        for note in [*label["revised"], label.get("note", "")]:  # skill names may recur
            assert len(note) < 30 or note not in text, (label["id"], note)
    assert draw_sample(SHARED) == [(lab["id"], lab["split"]) for lab in labels]


@needs_data
def test_real_run_has_the_expected_shape() -> None:
    report = evaluate_catalog_skills(SHARED, LABELS)
    assert report["dev"]["postings"] + report["test"]["postings"] == report["all"]["postings"]
    assert set(report["by_source"]) == set(SOURCE_DIRS)
    assert sum(r["postings"] for r in report["by_source"].values()) == report["all"]["postings"]
    for split in ("dev", "test", "all"):
        r = report[split]
        assert r["postings"] >= 25
        assert 0 < r["counted"] and 0 < r["asked"]
        assert r["correct"] <= min(r["counted"], r["asked"])
        for key in ("precision", "recall", "coverage"):
            low, high = r[f"{key}_ci"]
            assert 0 <= low <= r[key] <= high <= 1, (split, key)
        assert r["misses_per_posting"] >= 0
        for key in ("false_positives", "missed", "gaps"):
            counts = [n for _, n in r[key]]
            assert counts == sorted(counts, reverse=True)
        assert all(s in load_skills() for s, _ in r["false_positives"] + r["missed"])
    assert report["seconds"] >= 0


@needs_data
def test_the_extractor_is_injectable() -> None:
    report = evaluate_catalog_skills(SHARED, LABELS, extract=lambda title, text: Extraction())
    assert report["all"]["counted"] == 0
    assert report["all"]["precision"] is None
    assert report["all"]["recall"] == 0.0


@needs_data
def test_cli_prints_the_table_and_the_json() -> None:
    from typer.testing import CliRunner

    from roleatlas.cli import app

    args = ["eval", "catalog-skills", "--shared", str(SHARED), "--labels", str(LABELS)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "precision" in result.output and "Not in the catalog" in result.output
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.output)) == {"dev", "test", "all", "by_source", "seconds"}
