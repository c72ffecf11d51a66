"""Résumé reading on the real annotated résumés of ../shared/data/resumes (DataTurks).

These are real people's résumés: the test reads them in place and looks at aggregates only.
The floors sit a little below the figures measured when the rules were last changed
(docs/evaluation.md, "Résumé reading").
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from roleatlas.errors import EvaluationError
from roleatlas.evaluate.resumes import evaluate_resumes, resume_split

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "resumes"

needs_data = pytest.mark.skipif(
    not (DATA / "resumes.jsonl.gz").exists(),
    reason=f"the annotated résumés are not at {DATA} (the shared data mirror is missing)",
)

# split: (skills P, skills R, degrees P, degrees R, titles P, titles R, years within ±1)
FLOORS = {
    "dev": (0.42, 0.54, 0.72, 0.70, 0.64, 0.74, 0.70),
    "test": (0.30, 0.49, 0.70, 0.74, 0.63, 0.75, 0.80),
}


@needs_data
@pytest.mark.parametrize("split", ["dev", "test"])
def test_floors(split):
    report = evaluate_resumes(DATA, split=split)
    floors = FLOORS[split]
    got = (
        report["skills"]["precision"],
        report["skills"]["recall"],
        report["degrees"]["precision"],
        report["degrees"]["recall"],
        report["titles"]["precision"],
        report["titles"]["recall"],
        report["years"]["within_1"],
    )
    assert all(g >= f for g, f in zip(got, floors, strict=True)), (got, floors)
    assert report["skills"]["catalog_recall"] >= 0.95
    assert report["years"]["stated_within_1"] >= 0.9


@needs_data
def test_report_holds_aggregates_only():
    report = evaluate_resumes(DATA, split="all")
    assert report["resumes"] > 100
    with gzip.open(DATA / "resumes.jsonl.gz", "rt", encoding="utf-8") as lines:
        row = next(json.loads(line) for line in lines if '"dataturks' in line)
    dumped = json.dumps(report)
    assert row["id"] not in dumped
    assert row["text"][:30] not in dumped


def test_split_is_a_stable_half():
    ids = [f"dt-{i}" for i in range(400)]
    dev = [i for i in ids if resume_split(i) == "dev"]
    assert 160 < len(dev) < 240
    assert [resume_split(i) for i in ids] == [resume_split(i) for i in ids]


def test_missing_data_is_explained(tmp_path):
    with pytest.raises(EvaluationError, match="No résumé file"):
        evaluate_resumes(tmp_path)
    with pytest.raises(EvaluationError, match="Unknown split"):
        evaluate_resumes(tmp_path, split="train")


def test_eval_report_has_resume_rows_with_dev_and_test():
    from roleatlas.evaluate.report import evaluation_rows, render_markdown

    shared = Path(__file__).resolve().parents[2] / "shared" / "data"
    if not (shared / "resumes" / "resumes.jsonl.gz").exists():
        pytest.skip("../shared/data/resumes is not here")
    rows, meta = evaluation_rows(shared, Path(__file__).parent / "data", tasks=["resumes"])
    by_metric = {r.metric: r for r in rows}
    assert by_metric["degrees precision"].test is not None
    assert 0.5 < by_metric["degrees precision"].value <= 1
    text = render_markdown(rows, meta)
    assert "| résumé reading |" in text and "evaluation-notes.md" in text
