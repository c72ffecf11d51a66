"""The fit engine over a small store of literal postings: ranking, gaps, jobs, pay, tips."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from roleatlas.insights.fit import demand_score, fit_resume, rank_roles, skills_resume
from roleatlas.records import (
    EducationRequirement,
    ExperienceRequirement,
    Extraction,
    Location,
    Posting,
    Salary,
    SkillMention,
)
from roleatlas.resume.model import Evidence, Resume, ResumeDegree, ResumeSkill
from roleatlas.store import Store

DS = "data-scientist"
DE = "data-engineer"
NLP = "nlp-engineer"


def _salary(amount: float) -> Salary:
    return Salary(
        raw=f"USD {amount}",
        min_amount=amount,
        max_amount=amount,
        currency="USD",
        period="year",
        annual_min=amount,
        annual_max=amount,
        usd_annual_min=amount,
        usd_annual_max=amount,
    )


def _posting(
    sid: str,
    role: str,
    skills: list[str],
    *,
    source: str = "test",
    level: str = "MI",
    years: float | None = None,
    degree: str | None = None,
    salary: float | None = None,
    country: str = "US",
) -> Posting:
    title = {DS: "Data Scientist", DE: "Data Engineer", NLP: "NLP Engineer"}[role]
    return Posting(
        source=source,
        source_id=sid,
        title=title,
        company=f"Acme {sid}",  # one company each: same title and company would be merged
        description=f"{title} asking for {', '.join(skills)}.",
        url=f"https://example.com/{sid}",
        posted_at="2025-03-01",
        role=role,
        role_name=title,
        level=level,
        seniority_rank=None,
        employment_type="full_time",
        location=Location(raw=country, country=country, workplace="onsite"),
        salary=None if salary is None else _salary(salary),
        content_hash=sid,
        extra={},
        extraction=Extraction(
            skills=[SkillMention(s, s, 0, len(s), section="requirements") for s in skills]
            + [SkillMention("communication", "communication", 0, 13, section="requirements")],
            education=[EducationRequirement(degree, required=True)] if degree else [],
            experience=[ExperienceRequirement(years, required=True)] if years else [],
        ),
    )


def fit_postings(source: str = "test") -> list[Posting]:
    """40 Data Scientist, 30 Data Engineer and 5 NLP Engineer postings with known figures.

    Data Scientist: python 40/40, machine-learning 30/40, statistics 20/40, sql 10/40;
    master 20, bachelor 10 (of 30 stating a degree); EN asks 1 year (10 postings), MI 3 (20),
    SE 6 (10); salaries: MI 120k for 10 US postings. Data Engineer: sql 30/30, python 15/30,
    apache-spark 24/30. NLP Engineer: python and nlp, 5 postings (thin). Soft skill
    "communication" in every posting (never counted).
    """
    out = []
    for i in range(40):
        skills = ["python"]
        if i < 30:
            skills.append("machine-learning")
        if i < 20:
            skills.append("statistics")
        if i >= 30:
            skills.append("sql")
        level = "EN" if i < 10 else ("MI" if i < 30 else "SE")
        years = {"EN": 1.0, "MI": 3.0, "SE": 6.0}[level]
        degree = "master" if i < 20 else ("bachelor" if i < 30 else None)
        salary = 120000.0 if 10 <= i < 20 else None
        out.append(
            _posting(
                f"ds-{i}", DS, skills, source=source, level=level, years=years,
                degree=degree, salary=salary,
            )
        )  # fmt: skip
    for i in range(30):
        skills = ["sql"] + (["python"] if i < 15 else []) + (["apache-spark"] if i < 24 else [])
        out.append(_posting(f"de-{i}", DE, skills, source=source, country="GB" if i < 5 else "US"))
    for i in range(5):
        out.append(_posting(f"nlp-{i}", NLP, ["python", "nlp"], source=source))
    return out


def _resume() -> Resume:
    def skill(sid: str, label: str, line: int) -> ResumeSkill:
        return ResumeSkill(sid, label, "x", None, Evidence(line, f"Used {label} daily"))

    return Resume(
        text="...",
        format="text",
        skills=[
            skill("python", "Python", 3),
            skill("machine-learning", "Machine learning", 4),
            skill("communication", "Communication", 5),
        ],
        degrees=[ResumeDegree("master", "statistics", Evidence(7, "MSc Statistics, 2019"))],
        years_experience=4.0,
        years_evidence=[Evidence(2, "Analyst, Acme, 2021 - present")],
    )


@pytest.fixture(scope="module")
def fit_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("fit") / "roleatlas.db"
    with Store(path).open() as store:
        store.write_batch(fit_postings(), [], [], norm_version=1, extract_version="test")
        yield store


def test_ranking_and_score_recomputable(fit_store: Store) -> None:
    r = fit_resume(fit_store, _resume())
    assert [f.role for f in r.ranked] == [DS, DE]
    ds, de = r.ranked
    # demand of DS: python 40 + ML 30 + statistics 20 + sql 10 = 100; the résumé covers 70
    assert (ds.covered, ds.total, ds.n, ds.score) == (70, 100, 40, 0.7)
    # DE: sql 30 + python 15 + spark 24 = 69; python covers 15
    assert (de.covered, de.total) == (15, 69)
    assert ds.low < ds.score < ds.high and 0 <= de.low < de.score < de.high <= 1
    # the soft skill is on the résumé and in every posting, and counts nowhere
    assert all(m["skill"] != "communication" for m in ds.matched)
    # the thin role is listed apart, flagged, not ranked
    assert [(f.role, f.thin, f.n) for f in r.thin] == [(NLP, True, 5)]
    assert r.method["sums"][DS][:2] == [100, 70]


def test_rank_score_recomputable_from_its_inputs(fit_store: Store) -> None:
    import math

    r = fit_resume(fit_store, _resume())
    ds = r.ranked[0]
    x = ds.rank_inputs
    # demand of all roles: DS 100 + DE 69 + NLP 10 = 179 over 75 postings; alpha = 300 postings
    assert (x["postings"], x["all_postings"], x["total"], x["all_demand"]) == (40, 75, 100, 179)
    assert x["alpha"] == pytest.approx(300 * 179 / 75, abs=1e-3)
    assert x["prior"] == pytest.approx(0.5 * math.log(40 / 75), abs=1e-4)
    terms = {t["skill"]: t for t in x["skills"]}
    assert set(terms) == {"python", "machine-learning"}  # the soft skill counts nowhere
    py = terms["python"]
    assert (py["count"], py["all_count"]) == (40, 60)
    p = 60 / 179
    assert py["term"] == pytest.approx(
        math.log((40 + x["alpha"] * p) / (100 + x["alpha"]) / p), abs=1e-4
    )
    assert ds.rank == pytest.approx(x["prior"] + sum(t["term"] for t in x["skills"]), abs=1e-3)
    assert ds.matched[0]["term"] == py["term"]


def test_gaps_have_counts_intervals_and_examples(fit_store: Store) -> None:
    r = fit_resume(fit_store, _resume())
    ds = next(g for g in r.top if g.role == DS)
    gaps = [(g.skill, g.count, g.n) for g in ds.gaps]
    assert gaps == [("statistics", 20, 40), ("sql", 10, 40)]
    stats = ds.gaps[0]
    assert stats.share == 0.5 and stats.low < 0.5 < stats.high and len(stats.examples) == 3


def test_education_and_experience(fit_store: Store) -> None:
    r = fit_resume(fit_store, _resume())
    ds = next(g for g in r.top if g.role == DS)
    e = ds.education
    assert (e.level, e.n, e.met, e.most_common) == ("master", 30, 30, "master")
    assert e.evidence is not None and e.evidence.line == 7
    x = ds.experience
    assert [(lv.level, lv.n, lv.median) for lv in x.levels] == [
        ("EN", 10, 1.0),
        ("MI", 20, 3.0),
        ("SE", 10, 6.0),
    ]
    # 4 years reach the MI median (3) but not the SE one (6)
    assert x.likely_level == "MI" and x.basis == "dated work history"
    assert next(lv for lv in x.levels if lv.level == "MI").cleared == 20


def test_pay_layers_at_the_likely_level(fit_store: Store) -> None:
    r = fit_resume(fit_store, _resume(), country="US")
    ds = next(g for g in r.top if g.role == DS)
    postings = next(p for p in ds.pay if p.layer == "postings")
    assert (postings.level, postings.country, postings.n, postings.p50) == (
        "MI",
        "US",
        10,
        120000.0,
    )
    assert postings.small_sample
    assert {p.layer for p in ds.pay} <= {"postings", "survey", "bls"}


def test_matching_jobs_without_index(fit_store: Store) -> None:
    r = fit_resume(fit_store, _resume(), limit=5)
    assert len(r.jobs) == 5
    best = r.jobs[0]
    assert best.role == DS and best.shared == ["Python", "Machine learning"]
    assert best.relevance == 0.0 and any("search index" in n for n in r.notes)
    assert all(j.score >= k.score for j, k in zip(r.jobs, r.jobs[1:], strict=False))
    # country filter: the GB Data Engineer postings only
    gb = fit_resume(fit_store, _resume(), roles=["data-engineer"], country="GB")
    assert {j.key for j in gb.jobs} == {f"test:de-{i}" for i in range(5)}
    assert all(j.missing == ["SQL", "Apache Spark"] for j in gb.jobs)


def test_matching_jobs_with_search_index(fit_store: Store, tmp_path: Path) -> None:
    from roleatlas.search import SearchIndex, build_index

    build_index(fit_store, tmp_path / "index")
    index = SearchIndex.open(tmp_path / "index")
    r = fit_resume(fit_store, _resume(), limit=5, index=index)
    assert r.jobs and max(j.relevance for j in r.jobs) == 1.0
    assert not any("search index" in n for n in r.notes)


def test_tips_quote_the_resume_and_carry_numbers(fit_store: Store) -> None:
    r = fit_resume(fit_store, _resume())
    texts = [t.text for t in r.tips if t.role == DS]
    assert any('line 3: "Used Python daily"' in t and "(40/40)" in t for t in texts)
    assert any(t.startswith("Add Statistics for Data Scientist") and "(20/40" in t for t in texts)
    assert any("Mid-level" in t for t in texts)


def test_roles_filter_and_determinism(fit_store: Store) -> None:
    a = asdict(fit_resume(fit_store, _resume(), roles=["Data Engineer", DS]))
    b = asdict(fit_resume(fit_store, _resume(), roles=["Data Engineer", DS]))
    assert a == b
    assert [f["role"] for f in a["ranked"]] == [DS, DE]


def test_empty_resume() -> None:
    assert rank_roles({}, {DS: 40}) == ([], [])
    assert demand_score(0, 0, 0) == (0.0, 0.0, 1.0)


def test_empty_resume_in_store(fit_store: Store) -> None:
    r = fit_resume(fit_store, Resume(text="", format="text"))
    assert r.jobs == [] and any("No catalog skill" in n for n in r.notes)
    assert all(f.score == 0 for f in r.ranked)


def test_skills_resume_keeps_lines() -> None:
    r = skills_resume("Jane\nPython and SQL\n\nPyTorch")
    assert [(s.skill, s.evidence.line) for s in r.skills] == [
        ("python", 2),
        ("sql", 2),
        ("pytorch", 4),
    ]


def test_renderers(fit_store: Store) -> None:
    from roleatlas.report.fit import SCHEMA, to_html, to_json, to_markdown, to_text

    r = fit_resume(fit_store, _resume())
    assert to_json(r)["schema"] == SCHEMA
    text = to_text(r)
    assert "Roles ranked by fit" in text and "70 / 100" in text
    assert "## Matching jobs" in to_markdown(r)
    html = to_html(r)
    assert html.count("<svg") >= 2 and "<script" not in html
