"""Skill pay premium: the estimator against statsmodels, and premiums over literal postings."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from roleatlas.errors import InputError
from roleatlas.insights.premium import (
    ASSOCIATION,
    absorbed_ols,
    premium_from_dict,
    premium_to_dict,
    skill_premiums,
)
from roleatlas.records import Extraction, Location, Posting, Salary, SkillMention
from roleatlas.report.premium import premium_csv, premium_json, premium_markdown, premium_text
from roleatlas.store import Store

DS = "data-scientist"
DA = "data-analyst"


def _design(seed: int, n: int = 400) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], np.ndarray]:
    rng = np.random.default_rng(seed)
    role = rng.integers(0, 3, n)
    level = rng.integers(0, 4, n)
    country = rng.integers(0, 5, n)
    company = rng.integers(0, 60, n)
    firm = rng.normal(0, 0.3, 60)
    x = (rng.random((n, 3)) < [0.2, 0.5, 0.7]).astype(float)
    y = 11 + 0.1 * role + 0.2 * level - 0.1 * country + firm[company] + 0.08 * x[:, 0]
    y = y + rng.normal(0, 0.2, n) * (1 + x[:, 1])
    return y, x, [role, level, country], company


@pytest.mark.parametrize("clustered", [True, False])
def test_absorbed_ols_equals_statsmodels_with_dummies(clustered: bool) -> None:
    sm = pytest.importorskip("statsmodels.api")
    y, x, factors, company = _design(7)
    fit = absorbed_ols(y, x, factors, company if clustered else None)
    dummies = [np.ones(len(y))]
    for codes in factors:
        dummies += [(codes == v).astype(float) for v in range(1, codes.max() + 1)]
    for j in range(x.shape[1]):
        exog = np.column_stack([x[:, j], *dummies])
        if clustered:
            ref = sm.OLS(y, exog).fit(cov_type="cluster", cov_kwds={"groups": company}, use_t=True)
            assert fit.df == len(np.unique(company)) - 1
        else:
            ref = sm.OLS(y, exog).fit(cov_type="HC1", use_t=True)
            assert fit.df == ref.df_resid
        assert fit.beta[j] == pytest.approx(ref.params[0], abs=1e-10)
        assert fit.se[j] == pytest.approx(ref.bse[0], rel=1e-9)


def test_absorbed_ols_marks_a_column_the_fixed_effects_explain() -> None:
    y = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    role = np.array([0, 0, 0, 1, 1, 1])
    x = np.column_stack([role.astype(float), [0, 1, 0, 1, 0, 1]])
    fit = absorbed_ols(y, x, [role], np.arange(6))
    assert math.isnan(fit.beta[0]) and not math.isnan(fit.beta[1])


def _posting(
    sid: str,
    pay: float,
    skills: tuple[str, ...],
    *,
    role: str = DS,
    level: str = "SE",
    country: str = "US",
    company: str | None = None,
    estimated: bool = False,
    flags: tuple[str, ...] = (),
) -> Posting:
    salary = Salary(
        raw="x",
        min_amount=pay,
        max_amount=pay,
        currency="USD",
        period="year",
        annual_min=pay,
        annual_max=pay,
        usd_annual_min=pay,
        usd_annual_max=pay,
        flags=(("estimated",) if estimated else ()) + flags,
    )
    mentions = [SkillMention(s, s, 0, 1, section="requirements") for s in skills]
    # a mention in company boilerplate never counts as asking for the skill
    mentions.append(SkillMention("spark", "Spark", 0, 5, section="company"))
    return Posting(
        source="t",
        source_id=sid,
        title="x",
        company=company if company is not None else f"co-{int(sid.split('-')[-1]) % 40}",
        description="",
        url=None,
        posted_at=f"2025-01-{1 + int(sid.split('-')[-1]) % 28:02d}",
        role=role,
        role_name=None,
        level=level,
        seniority_rank=None,
        employment_type="full_time",
        location=Location(raw=None, country=country),
        salary=salary,
        content_hash=sid,
        extraction=Extraction(skills=mentions),
    )


def _postings() -> list[Posting]:
    """240 stated postings: PyTorch pays exactly +20% at every role and level, SQL nothing;
    GB pays less (a fixed effect, not a premium); 60 board estimates where SQL pays +50%."""
    rng = np.random.default_rng(3)
    out = []
    for i in range(240):
        role = DS if i % 2 else DA
        level = ("MI", "SE")[i % 3 == 0]
        country = ("US", "GB")[i % 5 == 0]
        torch = i % 4 in (1, 2)
        sql = bool(rng.random() < 0.5)
        base = 100_000 * (1.3 if role == DS else 1.0) * (1.2 if level == "SE" else 1.0)
        base *= 0.6 if country == "GB" else 1.0
        pay = base * (1.2 if torch else 1.0) * math.exp(rng.normal(0, 0.1))
        skills = tuple(s for s, on in (("pytorch", torch), ("sql", sql)) if on) + ("python",)
        out.append(_posting(f"s-{i}", pay, skills, role=role, level=level, country=country))
    for i in range(60):
        sql = i % 2 == 0
        out.append(
            _posting(f"e-{i}", 80_000 * (1.5 if sql else 1.0), ("sql",) * sql, estimated=True)
        )
    # implausible pay is left out: it would swamp the PyTorch figure otherwise
    out.append(_posting("x-0", 9e6, ("pytorch",), flags=("implausible",)))
    return out


@pytest.fixture
def filled(store: Store) -> Store:
    store.write_batch(_postings(), [], [], norm_version=1, extract_version="t")
    return store


def test_premium_recovers_a_known_premium_and_not_a_null(filled: Store) -> None:
    table = skill_premiums(filled)
    assert table.n == 240  # stated only; the implausible salary left out
    assert table.fixed_effects == ["role", "level", "country"]  # no remote posting
    torch, sql = table.get("pytorch"), table.get("sql")
    assert torch is not None and sql is not None
    assert torch.premium == pytest.approx(0.2, abs=0.03)
    assert torch.low < 0.2 < torch.high and torch.p_value < 1e-6
    assert sql.low < 0 < sql.high
    assert (torch.n_with, torch.n_without) == (120, 120)
    assert table.get("python") is None  # every posting asks for it: nothing to compare
    assert table.get("spark") is None  # boilerplate only
    assert [s.skill for s in table.skills] == ["pytorch", "sql"]  # highest premium first
    assert torch.examples and all(k.startswith("t:s-") for k in torch.examples)
    assert table.caveat == ASSOCIATION and "not a cause" in table.caveat


def test_estimates_are_analysed_apart(filled: Store) -> None:
    table = skill_premiums(filled, pay="estimate")
    assert table.n == 60
    sql = table.get("sql")
    assert sql is not None and sql.premium == pytest.approx(0.5, abs=1e-9)
    pooled = skill_premiums(filled, pay="all")
    assert pooled.n == 300 and "estimate" in pooled.fixed_effects


def test_filters_and_requested_skills(filled: Store) -> None:
    table = skill_premiums(filled, role="Data Scientist", skills=["pytorch", "keras", "nope"])
    assert table.filters == {"role": DS, "level": None, "country": None}
    assert "role" not in table.fixed_effects
    assert [s.skill for s in table.skills] == ["pytorch"]
    assert [(m.skill, m.n_with) for m in table.not_estimated] == [("keras", 0), ("nope", 0)]
    assert "catalog" in table.not_estimated[1].reason
    assert skill_premiums(filled, min_support=130).skills == []  # 120 with, 120 without
    assert skill_premiums(filled, min_support=130).below_support == 3  # and python


def test_min_companies_drops_a_skill_one_employer_asks_for(store: Store) -> None:
    rows = [
        _posting(f"s-{i}", 100_000 + 1000 * (i % 7), ("pytorch",) if i < 40 else ())
        for i in range(120)
    ]
    rows = [
        p if i >= 40 else _posting(p.source_id, 150_000, ("pytorch",), company="Solo")
        for i, p in enumerate(rows)
    ]
    store.write_batch(rows, [], [], norm_version=1, extract_version="t")
    assert skill_premiums(store).get("pytorch") is None
    assert skill_premiums(store, min_companies=1).get("pytorch") is not None


def test_invalid_input_is_an_input_error(filled: Store) -> None:
    with pytest.raises(InputError, match="--pay must be one of stated, estimate, all"):
        skill_premiums(filled, pay="posted")
    with pytest.raises(InputError, match="--level"):
        skill_premiums(filled, level="junior")


def test_cached_table_round_trips_and_renders(filled: Store) -> None:
    first = skill_premiums(filled)
    again = skill_premiums(filled)  # from the cache
    assert premium_to_dict(again) == premium_to_dict(first)
    assert premium_from_dict(premium_json(first)) == first
    text = premium_text(first)
    assert "PyTorch" in text and "not a cause" in text and "[+" in text
    md = premium_markdown(first)
    assert md.startswith("## Skill pay premium: all roles") and "| PyTorch | +" in md
    csv_lines = premium_csv(first).splitlines()
    assert csv_lines[0].startswith("skill,name,category,premium,low,high")
    assert csv_lines[1].startswith("pytorch,PyTorch,")


def test_empty_store_says_so(store: Store) -> None:
    table = skill_premiums(store, role="data-scientist", country="United Kingdom")
    assert table.filters["country"] == "GB" and table.n == 0 and table.skills == []
    assert any("No stored posting" in n for n in table.notes)
    assert "No skill has the support" in premium_text(table)


def test_cli_premium_and_eval_premium(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from roleatlas.cli import app

    home = tmp_path / "home"
    home.mkdir()
    with Store(home / "roleatlas.db").open() as s:
        s.write_batch(_postings(), [], [], norm_version=1, extract_version="t")
    runner = CliRunner()
    result = runner.invoke(app, ["--home", str(home), "premium", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [s["skill"] for s in json.loads(result.stdout)["skills"]] == ["pytorch", "sql"]
    result = runner.invoke(app, ["--home", str(home), "premium", "--role", "data scientist"])
    assert result.exit_code == 0 and "PyTorch" in result.stdout and "not a cause" in result.stdout
    result = runner.invoke(app, ["--home", str(home), "eval", "premium", "--draws", "20", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["draws"] == 20
