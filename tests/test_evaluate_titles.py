"""Title matching accuracy on the hand-labelled sample, and role coverage of a postings file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from roleatlas.errors import EvaluationError
from roleatlas.evaluate.titles import evaluate_titles, role_coverage

from .conftest import shared_path

SAMPLE = Path(__file__).parent / "data" / "titles_labelled.tsv"


@pytest.fixture(scope="module")
def report() -> dict:
    return evaluate_titles(SAMPLE, postings_dir=shared_path())


def test_sample_is_large_and_mixed(report: dict) -> None:
    assert report["n"] >= 350
    assert report["with_role"]["n"] >= 150
    assert report["without_role"]["n"] >= 150
    assert len(report["per_source"]) >= 7


def test_accuracy_on_labelled_sample(report: dict) -> None:
    assert report["accuracy"] >= 0.95, report["confusions"]
    assert report["without_role"]["accuracy"] >= 0.95
    assert report["with_role"]["accuracy"] >= 0.95


def test_report_shape(report: dict) -> None:
    assert report["correct"] == report["n"] - len(report["confusions"])
    assert sum(v["n"] for v in report["per_role"].values()) == report["n"]
    assert "(none)" in report["per_role"]
    for title, expected, got in report["confusions"]:
        assert isinstance(title, str) and expected != got


def test_small_sample(tmp_path: Path) -> None:
    path = tmp_path / "titles.tsv"
    path.write_text(
        "# comment\n"
        "title\tsource\tref\texpected_role_id\tnote\n"
        "Senior Data Scientist\tx\t\tdata-scientist\t\n"
        "Financial Analyst\tx\t\t\thard negative\n"
        "Sales Engineer\tx\t\tsoftware-engineer\twrong on purpose\n",
        encoding="utf-8",
    )
    result = evaluate_titles(path)
    assert (result["n"], result["correct"], result["accuracy"]) == (3, 2, 0.6667)
    assert result["confusions"] == [("Sales Engineer", "software-engineer", None)]
    assert result["per_role"]["(none)"] == {"n": 1, "correct": 1}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("title\tsource\n", "must start with the header"),
        ("title\tsource\tref\texpected_role_id\tnote\n", "no labelled titles"),
        ("title\tsource\tref\texpected_role_id\tnote\nX\ts\t\tno-such-role\t\n", "no-such-role"),
        ("title\tsource\tref\texpected_role_id\tnote\n\ts\t\t\t\n", "has no title"),
        ("title\tsource\tref\texpected_role_id\tnote\n\tglassdoor\tgd-1\t\t\n", "Pass the folder"),
    ],
)
def test_malformed_samples(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "titles.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        evaluate_titles(path)


def test_missing_sample_file(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="Cannot read the labelled titles"):
        evaluate_titles(tmp_path / "nope.tsv")


def test_role_coverage_of_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "postings.jsonl.gz"
    rows = [
        {"title": "Data Scientist"},
        {"title": "Senior Data Scientist"},
        {"title": "Sales Manager"},
        {"title": None},
    ]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(r) for r in rows) + "\n")
    result = role_coverage(path)
    assert (result["n"], result["n_titled"], result["n_matched"]) == (4, 3, 2)
    assert (result["share_matched"], result["share_matched_titled"]) == (0.5, 0.6667)
    assert result["top_roles"] == [["data-scientist", 2]]
    assert result["top_unmatched"] == [["Sales Manager", 1]]


def test_role_coverage_rejects_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "postings.jsonl"
    path.write_text('{"title": "Data Analyst"}\nnot json\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match="Line 2 .* is not JSON"):
        role_coverage(path)
    with pytest.raises(EvaluationError, match="Cannot read the postings file"):
        role_coverage(tmp_path / "missing.jsonl")


@pytest.mark.slow
def test_role_coverage_of_glassdoor() -> None:
    result = role_coverage(shared_path("postings-glassdoor", "postings.jsonl.gz"))
    assert result["n"] == 5346
    assert result["share_matched_titled"] >= 0.85
