"""The HN parser evaluation on the shared data (skipped when the data is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roleatlas.errors import EvaluationError
from roleatlas.evaluate.hn import evaluate_hn

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "postings-hn-whoishiring"
LABELS = Path(__file__).parent / "data" / "hn_labels.jsonl"

# Measured on the test split when the labels were made (docs/hn.md), minus a small margin.
FLOORS = {
    "company": 0.86,
    "roles_precision": 0.86,
    "roles_recall": 0.70,
    "location": 0.90,
    "remote": 0.96,
    "salary_exact": 0.92,
    "salary_precision": 0.96,
    "salary_recall": 0.78,
}


def test_labels_hold_no_posting_text():
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    labelled = [row for row in rows if "id" in row]
    assert len(labelled) == 200
    assert sum(row["split"] == "test" for row in labelled) == 100
    allowed = {"id", "split", "company", "roles", "location", "remote", "salary", "corrected"}
    assert all(set(row) == allowed for row in labelled)


@pytest.mark.skipif(not DATA.is_dir(), reason="shared HN data not present")
def test_evaluation_reaches_the_measured_figures():
    result = evaluate_hn(DATA, LABELS, split="test")
    assert result["rows"] == 100
    for field, floor in FLOORS.items():
        assert result[field] >= floor, (field, result[field], result["errors"])
    assert result["postings"] == 2764
    assert result["stored_without_title"] == 1077
    assert result["without_title"] < 400


def test_unknown_split_and_missing_data(tmp_path):
    with pytest.raises(EvaluationError, match="split"):
        evaluate_hn(tmp_path, LABELS, split="train")
    with pytest.raises(EvaluationError, match="does not exist"):
        evaluate_hn(tmp_path, LABELS)
