"""roleatlas eval fit: role from skills (held-out source families) and role from résumé."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from roleatlas.catalog import load_catalog
from roleatlas.evaluate.fit import (
    CATEGORY_ROLES,
    DEV_FAMILIES,
    TEST_FAMILIES,
    evaluate_fit,
    render_fit,
    role_from_resume,
    role_from_skills,
    source_family,
)
from roleatlas.store import Store
from tests.test_insights_fit import fit_postings


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("fit-eval") / "roleatlas.db"
    with Store(path).open() as s:
        for source in ("ashby-acme", "glassdoor"):
            s.write_batch(fit_postings(source), [], [], norm_version=1, extract_version="t")
        yield s


def test_source_families() -> None:
    assert source_family("ashby-cohere") == "ashby"
    assert source_family("greenhouse-x-y") == "greenhouse"
    assert source_family("hackernews-whoishiring") == "hackernews-whoishiring"


def test_category_roles_are_catalog_roles() -> None:
    catalog = load_catalog()
    assert all(r in catalog for roles in CATEGORY_ROLES.values() for r in roles)


def test_role_from_skills_holds_out_each_family(store: Store) -> None:
    r = role_from_skills(store)
    assert [f["family"] for f in r["folds"]] == ["ashby", "glassdoor"]
    for fold in r["folds"]:
        # demand comes from the other family only: 40 DS + 30 DE postings, NLP is too thin
        assert (fold["held_out"], fold["roles"]) == (70, 2)
        # by coverage, DS postings asking python + sql (10 of 40) look like Data Engineer;
        # the ranking score weighs python's lift for DS and ranks all 70 right
        assert (fold["coverage"]["top1_count"], fold["coverage"]["top3_count"]) == (60, 70)
        assert (fold["fit"]["top1_count"], fold["fit"]["top3_count"]) == (70, 70)
        assert fold["tfidf"]["n"] == 70 and fold["majority"]["top1_count"] == 40
    assert [f["split"] for f in r["folds"]] == ["test", "dev"]
    assert r["dev"]["fit"]["n"] == r["test"]["fit"]["n"] == 70
    assert r["fit"]["n"] == 140 and r["fit"]["top1"] == pytest.approx(1.0)
    assert r["coverage"]["top1"] == pytest.approx(120 / 140)


def test_dev_and_test_families_are_apart() -> None:
    assert not set(DEV_FAMILIES) & set(TEST_FAMILIES)


def _write_resumes(root: Path) -> Path:
    rows = [
        ("Data Science", "Data scientist\nPython, machine learning and statistics\n"),
        ("Data Science", "Data scientist\nPython, machine learning and statistics\n"),  # a copy
        ("Hadoop", "Big data developer\nSQL and Apache Spark on Hadoop clusters\n"),
        ("HR", "Recruiter\nInterviews and onboarding\n"),
    ]
    path = root / "resumes" / "resumes.jsonl.gz"
    path.parent.mkdir(parents=True)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i, (category, text) in enumerate(rows):
            row = {"source": "updatedresumedataset", "id": f"urd-{i}", "category": category}
            fh.write(json.dumps({**row, "text": text, "extra": {}}) + "\n")
    return root


def test_role_from_resume_distinct_and_mapped(store: Store, tmp_path: Path) -> None:
    data = _write_resumes(tmp_path)
    r = role_from_resume(store, data)
    assert (r["distinct_resumes"], r["mapped"], r["unmapped_categories"]) == (3, 2, 1)
    assert r["fit"]["top1_count"] == 2 and r["roles"] == 2
    assert set(r["by_category"]) == {"Data Science", "Hadoop"}


def test_report_prints_aggregates_only(store: Store, tmp_path: Path) -> None:
    data = _write_resumes(tmp_path)
    report = evaluate_fit(store, data)
    text = render_fit(report)
    assert "Role from skills" in text and "Role from résumé" in text
    assert "Interviews and onboarding" not in text and "Recruiter" not in json.dumps(report)
