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


# -- the review fixes: implied skills, level walk, thin list, tips, jobs, doctoral years ---------
def _skill(sid: str, label: str, line: int, text: str | None = None) -> ResumeSkill:
    return ResumeSkill(sid, label, "x", None, Evidence(line, text or f"Used {label} daily"))


def _variant(p: Posting, **changes: object) -> Posting:
    from dataclasses import replace

    return replace(p, **changes)  # type: ignore[arg-type]


def level_postings() -> list[Posting]:
    """Data Scientist: 5 postings per level asking EN 1, MI 3, SE 7 and EX 4 years (the
    executive median below the senior one), an internship, one senior job posted in Berlin
    and in Paris, and 7 more without years: python 30/30, containerization 13/30,
    cloud-computing 5/30. Data
    Engineer: 6 postings (thin, shown); NLP Engineer: 2 postings (thin, hidden)."""
    out: list[Posting] = []
    years = {"EN": 1.0, "MI": 3.0, "SE": 7.0, "EX": 4.0}
    i = 0
    for level, y in years.items():
        for _ in range(5):
            skills = ["python"] + (["containerization"] if i < 10 else [])
            skills += ["cloud-computing"] if i < 5 else []
            out.append(_posting(f"lv-{i}", DS, skills, level=level, years=y))
            i += 1
    intern = _posting("lv-intern", DS, ["python", "containerization"], level="EN")
    out.append(_variant(intern, title="Data Science Intern", employment_type="internship"))
    for city in ("Berlin", "Paris"):
        p = _posting(f"lv-{city}", DS, ["python", "containerization"], level="SE")
        out.append(
            _variant(
                p,
                title="Senior Data Scientist",
                company="Gamma",
                location=Location(raw=city, city=city, country="DE", workplace="onsite"),
            )
        )
    out += [_posting(f"lv-x-{k}", DS, ["python"], level="MI") for k in range(7)]
    out += [_posting(f"lv-de-{k}", DE, ["sql", "python"]) for k in range(6)]
    out += [_posting(f"lv-nlp-{k}", NLP, ["python", "nlp"]) for k in range(2)]
    return out


@pytest.fixture(scope="module")
def level_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("fit-levels") / "roleatlas.db"
    with Store(path).open() as store:
        store.write_batch(level_postings(), [], [], norm_version=1, extract_version="test")
        yield store


def _years_resume(years: float, *skills: ResumeSkill) -> Resume:
    return Resume(
        text="...",
        format="text",
        skills=list(skills) or [_skill("python", "Python", 3)],
        years_experience=years,
        years_evidence=[Evidence(2, "Analyst, Acme, 2015 - present")],
    )


def test_a_narrower_skill_covers_its_broader_one(level_store: Store) -> None:
    from roleatlas.report.fit import to_text

    resume = _years_resume(
        4.5, _skill("python", "Python", 3), _skill("docker", "Docker", 12), _skill("aws", "AWS", 14)
    )
    r = fit_resume(level_store, resume, roles=[DS])
    ds = r.ranked[0]
    # demand: python 30 + containerization 13 + cloud-computing 5 = 48, all covered
    assert (ds.covered, ds.total) == (48, 48)
    assert {t["skill"] for t in ds.rank_inputs["skills"]} >= {"containerization", "cloud-computing"}
    gaps = r.top[0]
    assert gaps.gaps == []
    assert [(i["skill"], i["count"], i["text"]) for i in gaps.implied] == [
        ("containerization", 13, "covered by Docker (line 12)"),
        ("cloud-computing", 5, "covered by AWS (line 14)"),
    ]
    assert {s["skill"] for s in r.resume["skills"]} == {"python", "docker", "aws"}
    implied = {s["skill"]: s["text"] for s in r.resume["implied"]}
    assert implied["containerization"] == "covered by Docker (line 12)"
    text = to_text(r)
    assert "Containerization (covered by Docker (line 12))" in text
    assert "Containerization (13/30 postings; covered by Docker (line 12))" in text


def test_level_walk_stops_at_the_first_level_not_reached(level_store: Store) -> None:
    x = fit_resume(level_store, _years_resume(4.5), roles=[DS]).top[0].experience
    assert [(lv.level, lv.median) for lv in x.levels] == [
        ("EN", 1.0),
        ("MI", 3.0),
        ("SE", 7.0),
        ("EX", 4.0),
    ]
    # 4.5 years reach EX's median (4) but not SE's (7): the walk stops at SE, so Mid-level
    assert x.likely_level == "MI"
    assert "Senior-level / Expert asks a median 7 (n=5), which they do not reach" in x.reason
    assert fit_resume(level_store, _years_resume(8), roles=[DS]).top[0].experience.likely_level == (
        "EX"
    )
    assert fit_resume(level_store, _years_resume(0.5), roles=[DS]).top[
        0
    ].experience.likely_level == ("EN")


def test_thin_roles_hide_the_tiniest_and_go_by_postings(level_store: Store) -> None:
    r = fit_resume(level_store, _years_resume(4.5, _skill("python", "Python", 3)))
    assert [(f.role, f.n) for f in r.thin] == [(DE, 6)]
    assert r.thin[0].matched and r.thin[0].matched[0]["skill"] == "python"
    assert any(n.startswith("1 role(s) with fewer than 5 postings") for n in r.notes)
    # a role asked for by name is shown however few its postings
    named = fit_resume(level_store, _years_resume(4.5), roles=[NLP, DS])
    assert [f.role for f in named.thin] == [NLP]


def test_thin_roles_sorted_by_n_then_name() -> None:
    from roleatlas.insights.fit import RoleFit

    def fit(role: str, name: str, n: int) -> RoleFit:
        return RoleFit(role, name, n, 1, 2, 0.5, 0.0, 1.0, True, 0.0)

    rows = [fit("b", "Beta", 7), fit("a", "Alpha", 7), fit("c", "Gamma", 20)]
    rows.sort(key=lambda f: (-f.n, f.name.casefold(), f.role))
    assert [f.name for f in rows] == ["Gamma", "Alpha", "Beta"]


def test_tips_name_the_role_of_a_premium_and_never_print_minus_zero() -> None:
    from roleatlas.insights.fit import (
        EducationFit,
        ExperienceFit,
        RoleGaps,
        SkillGap,
        _tips,
        signed_pct,
    )

    premium = {"premium": -0.004, "low": -0.2, "high": 0.13, "n_with": 51, "scope": DS}
    gap = SkillGap("sql", "SQL", "language", 10, 40, 0.25, 0.1, 0.4, False, [], premium)
    g = RoleGaps(
        DS,
        "Data Scientist",
        40,
        [gap],
        EducationFit(None, None, 0, None, [], None),
        ExperienceFit(None, None, [], [], None, ""),
        [],
    )
    (tip,) = _tips([g], [], {})
    assert "51 postings with it, within Data Scientist)" in tip.text
    assert "pay 0% (95% CI -20% to +13%" in tip.text and DS not in tip.text
    assert [signed_pct(x) for x in (-0.004, 0.004, -0.005, 0.051)] == ["0%", "0%", "0%", "+5%"]


def test_matching_jobs_skip_levels_below_and_merge_places(level_store: Store) -> None:
    r = fit_resume(
        level_store, _years_resume(8, _skill("python", "Python", 3)), roles=[DS], limit=40
    )
    assert r.top[0].experience.likely_level == "EX"
    levels = {j.listing[1].split(" · ")[1] for j in r.jobs if " · " in j.listing[1]}
    assert levels == {"Senior-level / Expert", "Executive-level / Director"}
    assert not any("Intern" in j.listing[0] for j in r.jobs)
    (gamma,) = [j for j in r.jobs if "@ Gamma" in j.listing[0]]
    assert gamma.places == ["Berlin", "Paris"] and len(gamma.also) == 1
    assert gamma.listing[0] == "Senior Data Scientist @ Gamma | Berlin; Paris"
    assert any("clearly below the likely level" in n for n in r.notes)
    assert any("1 near-identical posting(s)" in n for n in r.notes)
    # at Mid-level, Entry-level postings are one level below and stay; the intern does not
    mid = fit_resume(level_store, _years_resume(4.5), roles=[DS], limit=40)
    assert any("Entry-level" in j.listing[1] for j in mid.jobs)
    assert not any("Intern" in j.listing[0] for j in mid.jobs)


def test_doctoral_years_are_counted_apart(fit_store: Store) -> None:
    from roleatlas.report.fit import to_text
    from roleatlas.resume.model import ResumeJob

    phd = ResumeJob(
        "PhD Candidate", None, "2015-01", "2019-12", False,
        Evidence(5, "**PhD Candidate**, Uni of Somewhere, 2015 - 2019"),
    )  # fmt: skip
    postdoc = ResumeJob(
        "Postdoctoral Researcher", None, "2020-01", "2022-12", False,
        Evidence(8, "Postdoctoral Researcher, Lab, 2020 - 2022"),
    )  # fmt: skip
    resume = _resume()
    resume.jobs = [phd, postdoc]
    resume.years_experience = 8.0
    resume.years_evidence = [phd.evidence, postdoc.evidence]
    r = fit_resume(fit_store, resume, roles=[DS])
    x = r.top[0].experience
    assert (x.years, x.doctoral_years, x.work_years) == (8.0, 5.0, 3.0)
    assert [e.line for e in x.doctoral_evidence] == [5]
    # 3 years outside doctoral study reach MI (3), not SE (6); all 8 would reach SE
    assert (x.likely_level, x.level_with_doctoral) == ("MI", "SE")
    assert x.reason.startswith("Not counting the 5 years of doctoral study, 3 years reach")
    assert x.reason_with_doctoral is not None and "8 years" in x.reason_with_doctoral
    assert r.resume["doctoral_years"] == 5.0
    text = to_text(r)
    assert "of which 5 years doctoral study (line 5: PhD Candidate, Uni of Somewhere" in text
    assert "**" not in text
    tip = next(t for t in r.tips if t.kind == "experience")
    assert 'line 5: "PhD Candidate, Uni of Somewhere, 2015 - 2019"' in tip.text


def test_resume_lines_lose_markdown_marks_in_display(fit_store: Store) -> None:
    from roleatlas.insights.fit import display_line
    from roleatlas.report.fit import to_text

    resume = _resume()
    resume.skills[0] = _skill("python", "Python", 3, "- **Languages:** Python, __SQL__")
    text = to_text(fit_resume(fit_store, resume))
    assert "Python (line 3: - Languages: Python, SQL)" in text
    assert display_line("a **b** snake_case_name __c__") == "a b snake_case_name c"


@pytest.mark.parametrize(
    ("title", "doctoral"),
    [
        ("PhD Candidate", True),
        ("Ph.D. student in Physics", True),
        ("Doctoral Researcher", True),
        ("doctoral candidate", True),
        ("Postdoctoral Research Fellow", False),
        ("Post-doctoral researcher", False),
        ("Research Scientist Intern", False),
        ("Data Scientist (PhD required)", False),
    ],
)
def test_doctoral_positions(title: str, doctoral: bool) -> None:
    from roleatlas.insights.fit import _is_doctoral
    from roleatlas.resume.model import ResumeJob

    assert _is_doctoral(ResumeJob(title, None, None, None, False, Evidence(1, title))) is doctoral
