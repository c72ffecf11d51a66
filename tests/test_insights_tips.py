"""Tips: actions with their evidence layer and strength, the family layer for thin roles,
evidence that always carries n, and a stable order."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest

from roleatlas.insights.compare import compare_roles
from roleatlas.insights.stats import beta_binomial_prior, shrink_share
from roleatlas.insights.tips import KINDS, LAYERS, STRENGTHS, rank_tips
from roleatlas.records import ExperienceRequirement, Posting
from roleatlas.store import Store
from roleatlas.store import insights as q
from tests.test_insights_profile import MLRE, MLS, _posting, demo_postings

MLE = "machine-learning-engineer"
RS = "research-scientist"
PE = "prompt-engineer"


def _with_years(posting: Posting, years: float) -> Posting:
    assert posting.extraction is not None
    extraction = replace(
        posting.extraction,
        experience=[ExperienceRequirement(years, required=True, text=f"{years:g}+ years")],
    )
    return replace(posting, extraction=extraction)


def family_postings() -> list[Posting]:
    """The demo postings (24 ML Scientist, 20 ML Research Engineer) plus more of the 'ai-ml'
    family: 30 ML Engineer (pytorch 15, langchain 6), 25 Research Scientist (pytorch 20,
    statistics 10) and a thin role, Prompt Engineer, with 2 postings (python, langchain and
    prompt engineering; bachelor's; 2 years)."""
    out = [_with_years(p, 3.0 if p.role == MLS else 2.0) for p in demo_postings()]
    for i in range(30):
        skills = ["python"] + (["pytorch"] if i < 15 else []) + (["langchain"] if i < 6 else [])
        out.append(
            _with_years(_posting(f"mle-{i}", MLE, skills, "bachelor" if i < 20 else "master"), 4.0)
        )
    for i in range(25):
        skills = ["python"] + (["pytorch"] if i < 20 else []) + (["statistics"] if i < 10 else [])
        out.append(_posting(f"rs-{i}", RS, skills, "phd"))
    for i in range(2):
        skills = ["python", "langchain", "prompt-engineering"]
        out.append(_with_years(_posting(f"pe-{i}", PE, skills, "bachelor"), 2.0))
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("tips-home") / "roleatlas.db"
    with Store(path).open() as s:
        s.write_batch(family_postings(), [], [], norm_version=1, extract_version="test")
        yield s


def _figures_without_n(value: Any, path: str = "evidence") -> list[str]:
    """Paths of evidence objects that hold a figure (count, share, percentile, median) but
    no ``n``."""
    bad: list[str] = []
    if isinstance(value, dict):
        figures = {"count", "share", "p25", "p50", "p75", "median", "change_pct"}
        if figures & set(value) and "n" not in value:
            bad.append(path)
        for key, item in value.items():
            bad += _figures_without_n(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            bad += _figures_without_n(item, f"{path}[{i}]")
    return bad


def test_thin_role_draws_on_its_family_and_says_so(store: Store) -> None:
    c = compare_roles(store, [PE, MLS])
    pooled = [t for t in c.tips if t.layer == "family-pooled"]
    assert pooled, [t.text for t in c.tips]
    for t in pooled:
        assert "'ai-ml' family" in t.text
        thin = t.evidence["roles"][PE] if "roles" in t.evidence else None
        if isinstance(thin, dict) and isinstance(thin.get("family"), dict):
            fam = thin["family"]
            assert fam["family"] == "ai-ml" and fam["roles"] == 5
            assert fam["n"] == 24 + 20 + 30 + 25 + 2
            assert thin["n"] == 2 and t.strength != "strong"
            # shrinkage lands between the role's own share and the family's
            own = thin["count"] / thin["n"]
            assert min(own, fam["share"]) - 1e-9 <= thin["share"] <= max(own, fam["share"]) + 1e-9
    # LangChain: 2/2 of Prompt Engineer, 6/30 of ML Engineer, none of the others
    skill = next(t for t in pooled if t.kind == "skill" and t.evidence["skill"] == "langchain")
    assert skill.action == "Learn LangChain for Prompt Engineer"
    assert skill.text.startswith(skill.action + ": asked for in an estimated ")
    prior = beta_binomial_prior([(0, 24), (0, 20), (6, 30), (0, 25), (2, 2)])
    assert prior is not None
    expected = shrink_share(2, 2, prior)
    thin = skill.evidence["roles"][PE]
    assert thin["share"] == pytest.approx(expected.share)
    assert thin["family"]["strength"] == pytest.approx(prior.strength)
    assert skill.examples == ["test:pe-0", "test:pe-1"]


def test_no_tip_without_evidence_or_n(store: Store) -> None:
    for roles in ([PE, MLS], [MLS, MLRE], [PE, MLRE, RS]):
        c = compare_roles(store, roles)
        for t in c.tips:
            assert t.kind in KINDS and t.layer in LAYERS and t.strength in STRENGTHS
            assert t.action and t.text.startswith(t.action)
            assert t.evidence and isinstance(t.evidence.get("n"), int), t
            assert _figures_without_n(t.evidence) == [], t
            # the text carries its sample sizes too: "n=…" or "k/n"
            assert re.search(r"n=\d|\d+/\d+", t.text), t.text
            if t.layer in ("postings", "family-pooled"):
                assert all(e.startswith("test:") for e in t.examples)
            else:
                assert t.examples == []


def test_thin_pair_gets_three_tips(store: Store) -> None:
    c = compare_roles(store, [PE, MLRE])
    assert len(c.tips) >= 3, [t.text for t in c.tips]
    kinds = {t.kind for t in c.tips}
    assert {"core-skill", "experience"} <= kinds
    python = next(t for t in c.tips if t.kind == "core-skill")
    assert python.evidence["skill"] == "python"
    assert python.action == "Learn Python for either role"
    # 1 of the 2 Prompt Engineer postings states years: the family's median stands in
    years = next(t for t in c.tips if t.kind == "experience")
    assert years.layer == "family-pooled"
    assert years.evidence["roles"][PE]["family"] == "ai-ml"
    assert years.evidence["roles"][MLRE] == {
        "n": 20,
        "own_n": 20,
        "median": 2.0,
        "p25": 2.0,
        "p75": 2.0,
        "family": None,
    }


def test_roles_on_their_own_postings(store: Store) -> None:
    c = compare_roles(store, [MLS, MLRE])
    assert all(t.layer == "postings" for t in c.tips)
    pytorch = next(t for t in c.tips if t.kind == "skill" and t.evidence["skill"] == "pytorch")
    assert pytorch.action == "Learn PyTorch for Machine Learning Research Engineer"
    assert "90% of its postings (18/20, 95% CI 70-97%)" in pytorch.text
    assert "17% of Machine Learning Scientist postings (4/24)" in pytorch.text
    # log-odds z of the distinctions table: 3.1 is clear (moderate), not below 0.001 (strong)
    assert pytorch.strength == "moderate" and 1.96 < pytorch.evidence["z"] < 3.29
    assert (pytorch.evidence["count"], pytorch.evidence["n"]) == (18, 20)
    phd = next(t for t in c.tips if t.kind == "education" and t.evidence["level"] == "phd")
    assert phd.action == "Plan on a PhD for Machine Learning Scientist"
    assert "75% of Machine Learning Scientist postings that state a degree (18/24" in phd.text
    assert phd.evidence["roles"][MLRE]["count"] == 0
    years = next(t for t in c.tips if t.kind == "experience")
    assert years.action == (
        "Show 2+ years of experience for Machine Learning Research Engineer, "
        "3+ for Machine Learning Scientist"
    )


def test_order_is_stable(store: Store) -> None:
    first = compare_roles(store, [PE, MLS])
    q.clear_cache(store)
    again = compare_roles(store, [PE, MLS])
    assert [asdict(t) for t in first.tips] == [asdict(t) for t in again.tips]
    ranks = [(STRENGTHS.index(t.strength), LAYERS.index(t.layer)) for t in first.tips]
    assert ranks == sorted(ranks)
    shuffled = list(first.tips)
    random.Random(7).shuffle(shuffled)
    assert rank_tips(shuffled) == first.tips


def test_doctests() -> None:
    import doctest

    from roleatlas.insights import stats, tips

    assert doctest.testmod(tips).failed == 0
    assert doctest.testmod(stats).failed == 0
