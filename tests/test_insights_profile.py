"""Role profiles over a small store of literal postings plus the shared reference data."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from roleatlas.errors import InputError
from roleatlas.insights.profile import role_profile
from roleatlas.insights.salaries import RoleSalaries
from roleatlas.insights.themes import name_theme, parse_duty, pick_quotes, quote_candidates
from roleatlas.records import (
    EducationRequirement,
    Extraction,
    Location,
    Posting,
    Responsibility,
    Salary,
    SkillMention,
)
from roleatlas.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
_BUILT: dict[str, Path] = {}

MLS = "machine-learning-scientist"
MLRE = "machine-learning-research-engineer"


def _mention(skill: str, section: str = "requirements") -> SkillMention:
    return SkillMention(skill, skill, 0, len(skill), section=section, required=True)


def _posting(
    source_id: str,
    role: str,
    skills: list[str],
    degree: str,
    *,
    level: str = "SE",
    salary: float | None = None,
    industry: str | None = None,
    posted_at: str | None = "2025-03-01",
    duty: tuple[str, str] = ("Build training pipelines for models", "build"),
) -> Posting:
    name = "Machine Learning Scientist" if role == MLS else "Machine Learning Research Engineer"
    pay = None
    if salary is not None:
        pay = Salary(
            raw=f"USD {salary}",
            min_amount=salary,
            max_amount=salary + 20000,
            currency="USD",
            period="year",
            annual_min=salary,
            annual_max=salary + 20000,
            usd_annual_min=salary,
            usd_annual_max=salary + 20000,
        )
    return Posting(
        source="test",
        source_id=source_id,
        title=name,
        company="Acme",
        description="…",
        url=None,
        posted_at=posted_at,
        role=role,
        role_name=name,
        level=level,
        seniority_rank=None,
        employment_type="full_time",
        location=Location(raw="Remote", country="US", workplace="remote"),
        salary=pay,
        content_hash=source_id,
        extra={"industry": industry} if industry else {},
        extraction=Extraction(
            skills=[_mention(s) for s in skills] + [_mention("sql", "company")],
            education=[EducationRequirement(degree, required=True)],
            responsibilities=[Responsibility(duty[0], duty[0], duty[1])],
        ),
    )


def demo_postings() -> list[Posting]:
    """24 ML Scientist and 20 ML Research Engineer postings with known figures.

    ML Scientist: python 24/24, statistics 20/24, pytorch 4/24; PhD 18, master 6; salaries
    (SE) 150k-170k for the first 10. ML Research Engineer: python 20/20, pytorch 18/20,
    statistics 2/20; master 10, bachelor 10; salaries 130k-150k for the first 5.
    SQL is mentioned only in company boilerplate (never counted).
    """
    out = []
    for i in range(24):
        skills = ["python"]
        if i < 20:
            skills.append("statistics")
        if i < 4:
            skills.append("pytorch")
        out.append(
            _posting(
                f"mls-{i}",
                MLS,
                skills,
                "phd" if i < 18 else "master",
                salary=150000.0 if i < 10 else None,
                industry="Biotech" if i < 3 else None,
                duty=("Design experiments to test models", "design"),
            )
        )
    for i in range(20):
        skills = ["python"]
        if i < 18:
            skills.append("pytorch")
        if i < 2:
            skills.append("statistics")
        out.append(
            _posting(
                f"mlre-{i}",
                MLRE,
                skills,
                "master" if i < 10 else "bachelor",
                level="MI",
                salary=130000.0 if i < 5 else None,
                posted_at="2024-11-05" if i < 4 else "2025-01-10",
            )
        )
    return out


def build_demo_store(factory: pytest.TempPathFactory) -> Path:
    """Build (once per session) a store with :func:`demo_postings` and the reference data."""
    if "path" in _BUILT:
        return _BUILT["path"]
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is not available")
    from roleatlas.reference import pull

    home = factory.mktemp("compare-home")
    path = home / "roleatlas.db"
    with Store(path).open() as store:
        store.write_batch(demo_postings(), [], [], norm_version=1, extract_version="test")
        pull(["onet", "oews", "projections", "aijobs"], store, home, source_dir=SHARED)
    _BUILT["path"] = path
    return path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(build_demo_store(tmp_path_factory)).open() as store:
        yield store


def test_counts_and_sections(demo: Store) -> None:
    p = role_profile(demo, "ML Scientist")
    assert (p.n_postings, p.n_extracted, p.no_postings) == (24, 24, False)
    skills = {s.key: s for s in p.skills}
    tools = {s.key: s for s in p.tools}
    assert skills["statistics"].count == 20 and skills["statistics"].n == 24
    assert tools["python"].share == 1.0
    assert tools["pytorch"].count == 4
    assert "sql" not in tools  # boilerplate only
    assert skills["statistics"].small_sample is True
    assert len(skills["statistics"].examples) == 3
    assert all(e.startswith("test:mls-") for e in skills["statistics"].examples)
    assert round(skills["statistics"].low, 3) == 0.641


def test_education_and_definition(demo: Store) -> None:
    p = role_profile(demo, MLS)
    degrees = {s.key: (s.count, s.n) for s in p.education}
    assert degrees == {"phd": (18, 24), "master": (6, 24)}
    assert p.definition
    assert p.data_sentence is not None and "Python (100%)" in p.data_sentence
    assert "PhD (75% of the 24 postings" in p.data_sentence


def test_responsibilities_industries_months(demo: Store) -> None:
    p = role_profile(demo, MLRE)
    theme = p.responsibilities[0]
    assert theme.key == "build"
    assert (theme.count, theme.n) == (20, 20)
    # named in plain words from its statements, quoted with the posting's key
    assert theme.label == "Build training pipelines"
    assert theme.category == "Build and develop"
    assert len(theme.quotes) == 1  # one statement, repeated: quoted once
    assert theme.quotes[0]["text"] == "Build training pipelines for models"
    assert theme.quotes[0]["key"].startswith("test:mlre-")
    assert theme.quotes[0]["key"] == theme.examples[0]
    assert role_profile(demo, MLS).responsibilities[0].label == "Design experiments"
    assert p.posting_months == [
        {"month": "2024-11", "postings": 4},
        {"month": "2025-01", "postings": 16},
    ]
    mls = role_profile(demo, MLS)
    assert [(s.key, s.count, s.n) for s in mls.posting_industries] == [("Biotech", 3, 3)]


def test_reference_layers_are_labelled(demo: Store) -> None:
    p = role_profile(demo, MLRE)
    assert p.onet_tasks and p.onet_tasks[0]["source"].startswith("O*NET 15-1221.00")
    assert any(t["hot_technology"] for t in p.onet_technology)
    assert p.projections and p.projections[0]["source"].startswith("BLS Employment Projections")
    assert p.bls_education[0]["education"]
    assert p.bls_industries and p.bls_industries[0]["soc"] == "15-1221"


def test_salary_layers(demo: Store) -> None:
    p = role_profile(demo, MLS)
    s = p.salaries
    assert (s.postings_all.n, s.postings_all.p50) == (10, 160000.0)
    assert [g.key for g in s.postings_by_level] == ["SE"]
    assert s.postings_all.small_sample
    assert s.survey is not None and s.survey.fallback_family is None
    assert s.survey.overall.n >= 30
    assert s.bls and s.bls[0].a_median is not None
    mlre = role_profile(demo, MLRE).salaries.survey
    assert mlre is not None and mlre.own_n < 30 and mlre.fallback_family == "ai-ml"
    assert mlre.overall.n > mlre.own_n


def test_related_jobs_in_listing_format(demo: Store) -> None:
    p = role_profile(demo, MLRE)
    assert len(p.related) == 5
    head, details = p.related[0]["listing"]
    assert head == "Machine Learning Research Engineer @ Acme | Remote"
    assert "USD 130K - 150K" in details


def test_role_without_postings_keeps_reference_layers(demo: Store) -> None:
    p = role_profile(demo, "head-of-ai")
    assert p.no_postings and p.n_postings == 0
    assert p.skills == [] and p.related == [] and p.soft_skills == []
    assert any("No postings" in n for n in p.notes)
    assert p.projections and p.onet_tasks


def test_role_with_no_close_onet_occupation_has_no_onet_or_bls_layers(demo: Store) -> None:
    p = role_profile(demo, "ai-product-manager")
    assert p.role["onet_none_close"] is True and p.role["onet_soc"] == []
    assert p.onet_tasks == [] and p.projections == [] and p.bls_industries == []
    assert p.salaries.bls == []
    assert role_profile(demo, MLS).role["onet_none_close"] is False


def test_salary_figures_agree_between_profile_and_salaries_page(demo: Store) -> None:
    """One function computes each statistic: the compare page and /salaries show the same
    survey p10/p90 (issue 11: "n/a" on one, $84,500 on the other) and posting figures."""
    from roleatlas.insights.pay import pay_breakdown

    for role in (MLS, MLRE):
        s = role_salaries_of(demo, role)
        pay = pay_breakdown(demo, role=role)
        assert s.survey is not None and pay.survey is not None
        overall = s.survey.overall
        assert overall.p10 is not None and overall.p90 is not None
        assert (pay.survey.n, pay.survey.fallback_family) == (overall.n, s.survey.fallback_family)
        assert (pay.survey.p10, pay.survey.p25, pay.survey.p50) == (
            overall.p10,
            overall.p25,
            overall.p50,
        )
        assert (pay.survey.p75, pay.survey.p90) == (overall.p75, overall.p90)
        posted = s.postings_all
        assert (pay.overall.n, pay.overall.p10, pay.overall.p50, pay.overall.p90) == (
            posted.n,
            posted.p10,
            posted.p50,
            posted.p90,
        )
    # the by-level survey groups have p10/p90 too (they were "n/a")
    levels = role_salaries_of(demo, MLS).survey
    assert levels is not None and all(g.p10 is not None for g in levels.by_level)


def role_salaries_of(store: Store, role: str) -> RoleSalaries:
    return role_profile(store, role).salaries


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_theme_names_do_not_depend_on_input_order(seed: int) -> None:
    duties = [
        (1, "Design and build data pipelines"),
        (2, "Build scalable data pipelines in Spark"),
        (3, "Design and build data models"),
        (4, "Build data pipelines and dashboards"),
        (5, "Build dashboards for the business"),
        (6, "Build dashboards and reports"),
    ]
    shuffled = list(duties)
    random.Random(seed).shuffle(shuffled)
    name = name_theme(shuffled, verbs={"build", "design"})
    assert name == name_theme(duties, verbs={"build", "design"})
    # dashboards and pipelines: 3 postings each, ties alphabetical
    assert name is not None and name.label == "Build dashboards and data pipelines"
    assert name.heads == ("dashboard", "pipeline") and name.support == 3


def test_theme_names_skip_modifiers_pronouns_and_filler() -> None:
    assert parse_duty("Work with us").objects == ()  # type: ignore[union-attr]
    assert parse_duty("Perform other duties as assigned").objects == ()  # type: ignore[union-attr]
    duty = parse_duty("Collaborate closely with product and engineering teams")
    assert duty is not None and duty.prep == "with"
    assert duty.objects == (("engineering", "teams"),)
    duties = [(i, "Collaborate closely with engineering teams") for i in range(3)]
    name = name_theme(duties)
    assert name is not None and name.label == "Collaborate with engineering teams"
    # too little agreement: no name from data
    assert name_theme([(1, "Own the roadmap"), (2, "Drive adoption")]) is None


def test_quotes_come_from_different_postings_and_texts() -> None:
    duties = [
        (1, "Build data pipelines"),
        (2, "Build data pipelines"),  # the same job on another board
        (3, "Build dashboards for finance"),
        (4, "Build data pipelines for analytics"),
    ]
    name = name_theme(duties)
    candidates = quote_candidates(duties, name)
    assert [pid for pid, _ in candidates] == [1, 4, 3]  # one per statement
    texts = {
        (1, "Build data pipelines"): "Build data pipelines in Airflow and dbt for the team.",
        (4, "Build data pipelines for analytics"): "Build data pipelines in Airflow and dbt "
        "for the team.",
        (3, "Build dashboards for finance"): "Build dashboards for finance and sales teams.",
    }
    quotes = pick_quotes(candidates, name, texts)
    assert quotes == [(1, "Build data pipelines"), (3, "Build dashboards for finance")]


def test_unknown_role_suggests_names(demo: Store) -> None:
    with pytest.raises(InputError, match="Did you mean"):
        role_profile(demo, "machine lerning scientst")


# -- pay premium --------------------------------------------------------------------------
DS = "data-scientist"
DE = "data-engineer"
#: Planted premiums: Data Scientist postings that ask for PyTorch pay 20% more, Data
#: Engineer postings that ask for Airflow 15% less; statistics (DS) carries none.
PLANTED = {"pytorch": 0.20, "airflow": -0.15}


def _pay_posting(source_id: str, role: str, i: int, skills: list[str], pay: float) -> Posting:
    name = "Data Scientist" if role == DS else "Data Engineer"
    return Posting(
        source="test",
        source_id=source_id,
        title=name,
        company=f"Company {i % 7}",
        description="…",
        url=None,
        posted_at=f"2025-03-{1 + i % 28:02d}",
        role=role,
        role_name=name,
        level="SE" if i % 3 else "MI",
        seniority_rank=None,
        employment_type="full_time",
        location=Location(raw="New York, NY", country="US", workplace="onsite"),
        salary=Salary(
            raw=f"USD {pay:.0f}",
            min_amount=pay,
            max_amount=pay,
            currency="USD",
            period="year",
            annual_min=pay,
            annual_max=pay,
            usd_annual_min=pay,
            usd_annual_max=pay,
        ),
        content_hash=source_id,
        extraction=Extraction(
            skills=[_mention(s) for s in skills],
            education=[EducationRequirement("master", required=True)],
            responsibilities=[
                Responsibility("Build data pipelines", "Build data pipelines", "build")
            ],
        ),
    )


def premium_postings() -> list[Posting]:
    """60 Data Scientist and 60 Data Engineer postings with stated pay and planted premiums.

    DS: python 60/60, pytorch 30/60 (+20% pay), statistics 30/60 (no premium), tableau 5/60
    (too few for a premium). DE: python 60/60, airflow 30/60 (-15% pay). Seven companies,
    two levels (SE pays 30% more), a small deterministic noise.
    """
    out = []
    for role, skill, prefix in ((DS, "pytorch", "ds"), (DE, "airflow", "de")):
        for i in range(60):
            asks = i % 2 == 0
            pay = 120000.0 * (1.3 if i % 3 else 1.0) * (1 + 0.03 * ((i * 7) % 5 - 2))
            if asks:
                pay *= 1 + PLANTED[skill]
            skills = ["python"] + ([skill] if asks else [])
            if role == DS and i % 4 < 2:
                skills.append("statistics")
            if role == DS and i < 5:
                skills.append("tableau")
            out.append(_pay_posting(f"{prefix}-{i}", role, i, skills, pay))
    return out


def build_premium_store(factory: pytest.TempPathFactory) -> Path:
    """Build (once per session) a store with :func:`premium_postings`, no reference data."""
    if "premium" in _BUILT:
        return _BUILT["premium"]
    path = factory.mktemp("premium-home") / "roleatlas.db"
    with Store(path).open() as store:
        store.write_batch(premium_postings(), [], [], norm_version=1, extract_version="test")
    _BUILT["premium"] = path
    return path


@pytest.fixture(scope="module")
def paid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(build_premium_store(tmp_path_factory)).open() as store:
        yield store


def test_profile_shows_the_planted_premium(paid: Store) -> None:
    p = role_profile(paid, DS)
    assert p.premium is not None
    assert (p.premium["pay"], p.premium["n"]) == ("stated", 60)
    assert p.premium["fixed_effects"] == ["level"]  # one country, one remote status
    tools = {s.key: s for s in p.tools}
    torch = tools["pytorch"].premium
    assert torch is not None and torch["scope"] == DS and torch["reason"] is None
    assert (torch["n_with"], torch["n_without"]) == (30, 30)
    assert torch["premium"] == pytest.approx(0.20, abs=0.03)
    assert 0 < torch["low"] < 0.20 < torch["high"]
    stats = {s.key: s for s in p.skills}["statistics"].premium
    assert stats is not None and stats["low"] < 0 < stats["high"]
    # asked for by 5 postings: listed, not estimated, and why
    tableau = tools["tableau"].premium
    assert tableau is not None and tableau["premium"] is None
    assert (tableau["n_with"], tableau["n_without"]) == (5, 55)
    assert tableau["reason"] == "fewer than 20 postings with or without it"
    # themes and education carry no premium
    assert all(s.premium is None for s in (*p.responsibilities, *p.education))


def test_profile_premium_has_the_planted_sign_in_each_role(paid: Store) -> None:
    de = {s.key: s for s in role_profile(paid, DE).tools}
    airflow = de["airflow"].premium
    assert airflow is not None and airflow["premium"] == pytest.approx(-0.15, abs=0.03)
    assert airflow["high"] < 0


def test_profile_without_salaries_says_why_premiums_are_missing(demo: Store) -> None:
    # the demo store's ML Scientist postings: 10 with pay, all from one company
    p = role_profile(demo, MLS)
    assert p.premium is not None and p.premium["n"] == 10
    cells = [s.premium for s in (*p.skills, *p.tools)]
    assert cells and all(c is not None and c["premium"] is None and c["reason"] for c in cells)
    # a role without postings computes none
    assert role_profile(demo, "ai-product-manager").premium is None
