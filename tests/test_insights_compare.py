"""Comparisons: distinguishing skills, tips with their numbers, errors."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from roleatlas.errors import InputError
from roleatlas.insights.compare import Distinction, compare_roles
from roleatlas.store import Store
from tests.test_insights_profile import DE, DS, MLRE, MLS, build_demo_store, build_premium_store


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(build_demo_store(tmp_path_factory)).open() as store:
        yield store


def test_both_roles_have_every_section(demo: Store) -> None:
    c = compare_roles(demo, ["ML Scientist", "ML Research Engineer"])
    assert c.roles == [MLS, MLRE]
    for p in c.profiles:
        assert p.skills or p.tools
        assert p.education and p.responsibilities and p.related
        assert p.onet_tasks and p.projections and p.salaries.bls


def test_distinguishing_skills(demo: Store) -> None:
    c = compare_roles(demo, [MLS, MLRE])
    (pair,) = c.distinctions
    assert (pair.a, pair.b) == (MLS, MLRE)
    assert pair.for_a[0].skill == "statistics"
    assert (pair.for_a[0].count_a, pair.for_a[0].n_a) == (20, 24)
    assert (pair.for_a[0].count_b, pair.for_a[0].n_b) == (2, 20)
    assert pair.for_a[0].z > 1.96
    assert pair.for_b[0].skill == "pytorch" and pair.for_b[0].z < -1.96
    # newest postings first: mlre-4.. were posted after mlre-0..3
    assert pair.for_b[0].examples == ["test:mlre-4", "test:mlre-5", "test:mlre-6"]
    # python is asked for by every posting of both roles: never distinguishing
    assert "python" not in {d.skill for d in (*pair.for_a, *pair.for_b)}


def test_tips_carry_their_numbers(demo: Store) -> None:
    c = compare_roles(demo, [MLS, MLRE])
    skill = next(t for t in c.tips if t.kind == "skill" and t.evidence["skill"] == "pytorch")
    assert skill.action == "Learn PyTorch for Machine Learning Research Engineer"
    assert "90% of its postings (18/20, 95% CI 70-97%)" in skill.text
    assert "17% of Machine Learning Scientist postings (4/24)" in skill.text
    assert (skill.layer, skill.strength) == ("postings", "moderate")
    assert len(skill.examples) == 3
    edu = next(t for t in c.tips if t.kind == "education" and t.evidence["level"] == "phd")
    assert edu.text.startswith("Plan on a PhD for Machine Learning Scientist: ")
    assert "75% of Machine Learning Scientist postings that state a degree (18/24" in edu.text
    assert "0% for Machine Learning Research Engineer (0/20)" in edu.text
    # senior level: 10 ML Scientist salaries in the US (postings layer); the 5 ML Research
    # Engineer salaries are mid-level, so the survey speaks for it
    salaries = {t.evidence["role"]: t for t in c.tips if t.kind == "salary"}
    assert (salaries[MLS].layer, salaries[MLS].evidence["n"]) == ("postings", 10)
    assert salaries[MLS].action == (
        "Expect $160K-$160K at senior level in the US for Machine Learning Scientist"
    )
    assert salaries[MLRE].layer == "survey" and salaries[MLRE].examples == []
    assert all(re.search(r"n=\d|\d+/\d+", t.text) for t in c.tips)
    assert len(c.tips) >= 3


def test_every_pair_gets_three_tips(demo: Store) -> None:
    # data-scientist has no postings in the demo store, nor does its family: the survey,
    # O*NET and BLS layers carry its tips, and say where they come from
    c = compare_roles(demo, [MLS, "data-scientist"])
    assert len(c.tips) >= 3
    ds = [t for t in c.tips if "Data Scientist" in t.action]
    assert ds and {t.layer for t in ds} <= {"survey", "onet", "bls"}
    assert all(t.examples == [] for t in ds)
    assert c.method["tip_layers"] == ["postings", "family-pooled", "survey", "onet", "bls"]


def test_three_roles_compare_every_pair(demo: Store) -> None:
    c = compare_roles(demo, [MLS, MLRE, "ai-product-manager"])
    assert [(d.a, d.b) for d in c.distinctions] == [
        (MLS, MLRE),
        (MLS, "ai-product-manager"),
        (MLRE, "ai-product-manager"),
    ]
    assert c.profiles[2].no_postings


def test_needs_two_roles(demo: Store) -> None:
    with pytest.raises(InputError, match="at least two different roles"):
        compare_roles(demo, [MLS, "ML Scientist"])


def test_unknown_role(demo: Store) -> None:
    with pytest.raises(InputError, match="Did you mean"):
        compare_roles(demo, [MLS, "data scienst"])


def test_distinguishing_skills_carry_the_premium_of_their_role(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    with Store(build_premium_store(tmp_path_factory)).open() as store:
        c = compare_roles(store, [DS, DE])
    (pair,) = c.distinctions
    for_a = {d.skill: d for d in pair.for_a}
    for_b = {d.skill: d for d in pair.for_b}
    # PyTorch is typical of Data Scientist: its premium is the one within Data Scientist
    torch = for_a["pytorch"].premium
    assert torch is not None and torch["scope"] == DS
    assert torch["premium"] == pytest.approx(0.20, abs=0.03) and torch["low"] > 0
    # Airflow is typical of Data Engineer: planted -15% within Data Engineer
    airflow = for_b["airflow"].premium
    assert airflow is not None and airflow["scope"] == DE
    assert airflow["premium"] == pytest.approx(-0.15, abs=0.03) and airflow["high"] < 0
    # too few postings: not estimated, with the reason
    tableau = for_a["tableau"].premium
    assert tableau is not None and tableau["premium"] is None and tableau["n_with"] == 5
    assert "premium" in c.method


def test_distinction_premium_is_optional(demo: Store) -> None:
    # the demo store's postings are all one company's: no premium has support
    (pair,) = compare_roles(demo, [MLS, MLRE]).distinctions
    cells = [d.premium for d in (*pair.for_a, *pair.for_b)]
    assert cells and all(p is not None and p["premium"] is None for p in cells)
    assert Distinction("x", "X", "tool", 1.0, 2.0, 1, 2, 0, 2).premium is None


def test_a_cached_comparison_reads_no_posting_rows(demo: Store) -> None:
    """Once its figures are cached, a comparison reads the cache, not the rows behind them
    (at a million postings reading the salary and experience rows took half a second); only
    bounded reads (a few example postings) remain."""
    first = compare_roles(demo, [MLRE, MLS])
    seen: list[str] = []
    demo.conn.set_trace_callback(seen.append)
    try:
        again = compare_roles(demo, [MLRE, MLS])
    finally:
        demo.conn.set_trace_callback(None)
    assert again == first
    pattern = r"\bFROM (postings|skill_mentions|experience_requirements|survey)\b"
    assert [sql for sql in seen if re.search(pattern, sql) and " LIMIT " not in sql] == []
