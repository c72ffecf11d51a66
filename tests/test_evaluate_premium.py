"""The planted-premium evaluation: coverage near 95%, placebo false positives near 5%."""

from __future__ import annotations

import math

import numpy as np
import pytest

from roleatlas.errors import EvaluationError
from roleatlas.evaluate.premium import evaluate_premium, planted_coverage
from roleatlas.insights.premium import absorbed_ols
from roleatlas.store import Store
from tests.test_insights_premium import _postings


def _real_like(seed: int = 11, n: int = 1500) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Pay with role, level and country effects, an employer effect shared by each
    company's postings (as real pay has), and noise."""
    rng = np.random.default_rng(seed)
    role, level, country = rng.integers(0, 6, n), rng.integers(0, 4, n), rng.integers(0, 8, n)
    company = rng.integers(0, 250, n)
    firm = rng.normal(0, 0.25, 250)
    y = 11.5 + 0.1 * role + 0.15 * level - 0.2 * country + firm[company] + rng.normal(0, 0.2, n)
    return y, [role, level, country], company


def test_planted_premium_is_covered_about_95_percent() -> None:
    y, factors, company = _real_like()
    report = planted_coverage(y, factors, company, draws=400, planted=0.15, seed=5)
    clustered = report["posting_level"]["cluster"]
    assert 0.88 <= clustered["coverage"] <= 0.99
    assert 0.01 <= clustered["placebo_false_positive"] <= 0.10
    assert clustered["mean_estimate"] == pytest.approx(0.15, abs=0.01)
    # a skill every posting of some employers asks for: clustered errors stay honest, HC1
    # errors (independent postings) are far too narrow
    by_company = report["company_level"]
    assert 0.88 <= by_company["cluster"]["coverage"] <= 0.99
    assert by_company["hc1"]["coverage"] < 0.75
    assert by_company["hc1"]["placebo_false_positive"] > 0.25


def test_shifting_the_coefficient_equals_refitting_the_planted_pay() -> None:
    y, factors, company = _real_like(n=300)
    x = (np.random.default_rng(1).random((300, 1)) < 0.5).astype(float)
    shift = math.log1p(0.15)
    base = absorbed_ols(y, x, factors, company)
    planted = absorbed_ols(y + shift * x[:, 0], x, factors, company)
    assert planted.beta[0] == pytest.approx(base.beta[0] + shift, abs=1e-12)
    assert planted.se[0] == pytest.approx(base.se[0], rel=1e-10)


def test_evaluate_premium_reads_the_store(store: Store) -> None:
    store.write_batch(_postings(), [], [], norm_version=1, extract_version="t")
    report = evaluate_premium(store, draws=50, seed=2)
    assert (report["n"], report["companies"], report["draws"]) == (240, 40, 50)
    assert report["fixed_effects"] == ["role", "level", "country"]
    assert set(report["posting_level"]) == {"cluster", "hc1"}
    assert report == evaluate_premium(store, draws=50, seed=2)  # seeded: the same figures


def test_evaluate_premium_needs_postings(store: Store) -> None:
    with pytest.raises(EvaluationError, match="needs 50 postings"):
        evaluate_premium(store)
