"""Comparisons: distinguishing skills, tips with their numbers, errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from roleatlas.errors import InputError
from roleatlas.insights.compare import compare_roles
from roleatlas.store import Store
from tests.test_insights_profile import MLRE, MLS, build_demo_store


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
    texts = [t.text for t in c.tips]
    skill = next(t for t in c.tips if t.kind == "skill" and t.evidence["skill"] == "pytorch")
    assert "90% of Machine Learning Research Engineer postings (n=20)" in skill.text
    assert "17% of Machine Learning Scientist postings (n=24)" in skill.text
    assert len(skill.examples) == 3
    edu = next(t for t in c.tips if t.kind == "education" and t.evidence["level"] == "phd")
    assert "75% of Machine Learning Scientist postings that state a degree (n=24)" in edu.text
    assert "0% of Machine Learning Research Engineer postings that state a degree (n=20)" in (
        edu.text
    )
    # 10 and 5 posted salaries: below the tip minimum, so no posted-salary tip
    assert not any(t.kind == "salary-postings" for t in c.tips)
    assert all("n=" in t for t in texts)


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
