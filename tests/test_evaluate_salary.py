"""Tests of the salary evaluation against Adzuna's gold and of the coverage report."""

from __future__ import annotations

import doctest
import gzip
import json
from pathlib import Path

import pytest

from roleatlas.errors import EvaluationError
from roleatlas.evaluate import salary as salary_eval
from roleatlas.evaluate.salary import adzuna_annual, evaluate_salary, salary_coverage
from roleatlas.pipeline.normalize.salary import ADZUNA_PERIOD_FACTORS, parse_salary

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


def write_postings(folder: Path, rows: list[object]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "postings.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write((row if isinstance(row, str) else json.dumps(row)) + "\n")
    return path


def adzuna_row(row_id: str, text: str | None, gold: object) -> dict[str, object]:
    return {"id": row_id, "salary_text": text, "extra": {"salary_normalized_gbp_per_year": gold}}


def test_adzuna_gold_within_one_percent():
    result = evaluate_salary(shared("postings-adzuna-uk"))
    assert result["rows"] == 1250
    assert result["within_1pct"] >= 0.97
    assert result["within_5pct"] >= result["within_1pct"]
    assert result["coverage"] >= 0.97


def test_metrics_on_a_small_file(tmp_path):
    write_postings(
        tmp_path,
        [
            adzuna_row("a", "7.00 to 9.00 per hour", "15360"),  # exact
            adzuna_row("b", "to 35 per hour", "33600"),  # Adzuna counts the missing min as 0
            adzuna_row("c", "25000 per annum", "25600"),  # 2.4% off: within 5% only
            adzuna_row("d", "Competitive", "30000"),  # not parsed
        ],
    )
    result = evaluate_salary(tmp_path)
    assert result["rows"] == 4
    assert result["parsed"] == 3
    assert result["coverage"] == 0.75
    assert result["within_1pct"] == 0.5
    assert result["within_5pct"] == 0.75
    assert [f["id"] for f in result["failures"]] == ["c", "d"]
    assert result["failures"][0] == {
        "id": "c",
        "text": "25000 per annum",
        "expected": 25600.0,
        "got": 25000.0,
        "reason": None,
    }
    assert result["failures"][1]["got"] is None
    assert result["failures"][1]["reason"] == "no amount found in 'Competitive'"


def test_failures_are_capped(tmp_path):
    write_postings(tmp_path, [adzuna_row(str(i), "Competitive", "1") for i in range(50)])
    result = evaluate_salary(tmp_path)
    assert result["within_1pct"] == 0.0
    assert len(result["failures"]) == 20


def test_missing_folder_names_path_and_fix(tmp_path):
    with pytest.raises(EvaluationError, match="does not exist.*postings-adzuna-uk"):
        evaluate_salary(tmp_path / "nowhere")


def test_row_without_gold_is_an_error(tmp_path):
    write_postings(tmp_path, [{"id": "x", "salary_text": "25000 per annum", "extra": {}}])
    with pytest.raises(EvaluationError, match="Row 1 .*salary_normalized_gbp_per_year"):
        evaluate_salary(tmp_path)


def test_row_without_text_is_an_error(tmp_path):
    write_postings(tmp_path, [adzuna_row("x", None, "25000")])
    with pytest.raises(EvaluationError, match="Row 1 .*'salary_text'"):
        evaluate_salary(tmp_path)


def test_bad_json_is_an_error(tmp_path):
    write_postings(tmp_path, [adzuna_row("x", "25000 per annum", "25000"), "{not json"])
    with pytest.raises(EvaluationError, match="Line 2 .*not valid JSON"):
        evaluate_salary(tmp_path)


def test_non_gzip_file_is_an_error(tmp_path):
    (tmp_path / "postings.jsonl.gz").write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match="cannot be read as gzipped JSON Lines"):
        evaluate_salary(tmp_path)


def test_empty_file_is_an_error(tmp_path):
    write_postings(tmp_path, [])
    with pytest.raises(EvaluationError, match="has no rows"):
        evaluate_salary(tmp_path)


def test_adzuna_annual_conventions():
    def annual(text: str) -> float | None:
        return adzuna_annual(parse_salary(text, factors=ADZUNA_PERIOD_FACTORS))

    assert annual("Upto 9 per hour") == 17280
    assert annual("to 35 per hour") == 33600
    assert annual("0 to 13 per hour") == 12480
    assert annual("90 - 140/day Excellent Rates of Pay") == 27600
    assert annual("$40000 to $45000 per year") == 42500
    assert annual("Competitive") is None
    assert adzuna_annual(None) is None


def test_coverage_on_a_small_file(tmp_path):
    path = write_postings(
        tmp_path,
        [
            {"id": "1", "salary_text": "$53K-$91K (Glassdoor est.)"},
            {"id": "2", "salary_text": "$1500."},
            {"id": "3", "salary_text": "DOE"},
            {"id": "4", "salary_text": None},
            {"id": "5"},
        ],
    )
    result = salary_coverage(path)
    assert result["rows"] == 5
    assert result["with_salary_text"] == 3
    assert result["text_share"] == 0.6
    assert result["parsed"] == 2
    assert result["parse_share"] == 0.6667
    assert result["annualized"] == 1
    assert result["periods"] == {"year": 1, "unknown": 1}
    assert result["currencies"] == {"USD": 2}
    assert result["unparsed"] == [{"id": "3", "text": "DOE", "reason": "no amount found in 'DOE'"}]


@pytest.mark.parametrize("folder", ["postings-glassdoor", "postings-hn-whoishiring"])
def test_coverage_of_shared_feeds(folder):
    result = salary_coverage(shared(folder))
    assert result["with_salary_text"] > 0
    assert result["parse_share"] >= 0.95
    assert result["annualized_share"] >= 0.95


def test_coverage_missing_file(tmp_path):
    with pytest.raises(EvaluationError, match="does not exist"):
        salary_coverage(tmp_path / "missing.jsonl.gz")


def test_doctests():
    result = doctest.testmod(salary_eval)
    assert result.failed == 0 and result.attempted > 0
