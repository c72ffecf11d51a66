"""Reports of profiles and comparisons: JSON, Markdown, text and self-contained HTML."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from roleatlas.insights.compare import Comparison, compare_roles
from roleatlas.insights.profile import profile_from_dict, role_profile
from roleatlas.report.compare import SCHEMA, to_json, to_markdown, to_rich, to_text
from roleatlas.report.html import bars_svg, months_svg, ranges_svg, to_html
from roleatlas.store import Store
from tests.test_insights_profile import DE, DS, MLRE, MLS, build_demo_store, build_premium_store

SECTIONS = [
    "Definitions",
    "Responsibilities",
    "Required skills",
    "Tools and software",
    "Educational backgrounds",
    "Common industries",
    "Outlook",
    "Salaries",
    "Practical tips",
    "Related jobs",
]


@pytest.fixture(scope="module")
def comparison(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Comparison]:
    with Store(build_demo_store(tmp_path_factory)).open() as store:
        yield compare_roles(store, [MLS, MLRE])


def test_json_is_the_full_evidence(comparison: Comparison) -> None:
    data = json.loads(json.dumps(to_json(comparison)))
    assert data["schema"] == SCHEMA and data["kind"] == "comparison"
    assert data["roles"] == [MLS, MLRE]
    mls = data["profiles"][0]
    assert set(mls) >= {
        "role",
        "n_postings",
        "skills",
        "tools",
        "education",
        "salaries",
        "onet_tasks",
        "projections",
        "related",
        "notes",
    }
    stats = next(s for s in mls["skills"] if s["key"] == "statistics")
    assert (stats["count"], stats["n"], stats["small_sample"]) == (20, 24, True)
    assert data["distinctions"][0]["for_a"][0]["skill"] == "statistics"
    assert data["tips"] and all(t["evidence"] for t in data["tips"])
    assert data["method"]["min_support"] == 5


def test_markdown_has_every_section_for_both_roles(comparison: Comparison) -> None:
    md = to_markdown(comparison)
    headings = re.findall(r"^## (.+)$", md, flags=re.M)
    assert headings == SECTIONS
    assert md.count("### Machine Learning Scientist (24 postings, small sample)") == 9
    assert "| Statistics | 83% | 64%-93% | 20 / 24 (small sample) |" in md
    assert "What distinguishes Machine Learning Scientist from Machine Learning Research" in md
    assert "O\\*NET tasks (O\\*NET 15-1221.00" in md  # escaped: two "*" make emphasis
    assert "'ai-ml' family" in md  # survey fallback of the research engineer is stated
    assert "test:mlre-4" in md


def test_text_report(comparison: Comparison) -> None:
    text = to_text(comparison)
    assert text.startswith("COMPARE: MACHINE LEARNING SCIENTIST VS")
    assert "Practical tips" in text and "small sample" in text
    assert to_rich(comparison) is not None


def test_html_is_self_contained(comparison: Comparison) -> None:
    page = to_html(comparison)
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") >= 5
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"(src|href)=\"https?:", page)
    assert "Salary ranges" in page


def test_profile_report_without_postings(tmp_path_factory: pytest.TempPathFactory) -> None:
    with Store(build_demo_store(tmp_path_factory)).open() as store:
        profile = role_profile(store, "head-of-ai")
        no_close = role_profile(store, "ai-product-manager")
    data = to_json(profile)
    assert data["kind"] == "profile" and data["profiles"][0]["no_postings"] is True
    md = to_markdown(profile)
    assert "No postings of Head of AI are stored" in md
    assert "BLS Employment Projections" in md
    assert "Practical tips" not in md
    # a role whose catalog entry says no O*NET occupation is close says so, and shows none
    md = to_markdown(no_close)
    assert "No close O\\*NET occupation" in md
    assert "O\\*NET tasks (" not in md and "BLS OEWS" not in md


def test_svg_helpers() -> None:
    svg = bars_svg([{"label": "Python", "value": 0.5, "low": 0.3, "high": 0.7, "n": 10}])
    assert "50% n=10*" in svg
    assert ranges_svg([{"label": "x", "p25": None, "p75": None, "n": 0}]) == ""
    svg = ranges_svg([{"label": "SE", "p25": 100e3, "p50": 120e3, "p75": 150e3, "n": 40}])
    assert "$120K n=40" in svg


def test_outlook_shows_postings_per_month_in_every_format(comparison: Comparison) -> None:
    md = to_markdown(comparison)
    outlook = md[md.index("## Outlook") : md.index("## Salaries")]
    assert (
        "Postings by month opened (posted, or first seen by a collect; n=20 (small sample) of "
        "20 postings have such a date):"
    ) in outlook
    assert "| 2024-11 | 4 | 20% |" in outlook and "| 2025-01 | 16 | 80% |" in outlook
    text = to_text(comparison)
    assert re.search(r"2025-01\s+16\s+80%", text)
    page = to_html(comparison)
    assert "<title>2025-01: 16 postings</title>" in page
    assert "postings by month (n=20)" in page
    data = to_json(comparison)
    assert data["profiles"][1]["posting_months"] == [
        {"month": "2024-11", "postings": 4},
        {"month": "2025-01", "postings": 16},
    ]


def test_months_svg_scales_to_the_largest_month() -> None:
    svg = months_svg([{"month": "2026-01", "postings": 2}, {"month": "2026-02", "postings": 4}])
    assert svg.count("<rect") == 2 and ">4<" in svg
    assert months_svg([]) == ""


def test_shared_onet_occupation_is_shown_once(comparison: Comparison) -> None:
    """Both roles map to O*NET 15-1221.00: its blocks are printed once, saying so; the
    scientist's second occupation (15-2051.00) stays in its own part."""
    md = to_markdown(comparison)
    assert md.count("O\\*NET tasks (O\\*NET 15-1221.00") == 1
    assert md.count("O\\*NET tasks (O\\*NET 15-2051.00") == 1
    assert md.count("O\\*NET Hot Technologies (O\\*NET 15-1221.00") == 1
    assert md.count("BLS OEWS national employment by industry (15-1221)") == 1
    assert md.count("(15-1221 Computer and information research scientists): employment") == 1
    assert md.count("BLS OEWS 15-1221 ") == 1
    shared = "### Shared by Machine Learning Scientist and Machine Learning Research Engineer"
    assert md.count(shared) >= 6  # responsibilities, tools, education, industries, outlook, pay
    assert "map to the same O\\*NET occupation (15-1221.00)" in md


def test_soft_skills_are_listed_apart(comparison: Comparison) -> None:
    """Hard skills and tools lead the distinctions; soft skills are a separate line."""
    import copy

    from roleatlas.insights.compare import Distinction
    from roleatlas.insights.profile import make_share

    c = copy.deepcopy(comparison)
    c.profiles[0].soft_skills = [make_share("communication", "Communication", 12, 24)]
    soft = Distinction("communication", "Communication", "soft-skill", 2.0, 3.01, 12, 24, 1, 20)
    c.distinctions[0].for_a.insert(0, soft)
    md = to_markdown(c)
    table = md[md.index("### What distinguishes") : md.index("## Tools and software")]
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    assert rows[1].startswith("| Statistics (Machine Learning Scientist)")
    assert not any("Communication" in r for r in rows)
    assert "Soft skills and languages that differ (listed apart): Communication" in table
    assert "Soft skills and languages, listed apart: Communication 50% (12/24)" in md


def _charts(obj: object) -> dict[str, dict]:
    from roleatlas.report.compare import document

    return {b.text: b.chart for b in document(obj) if b.kind == "chart"}  # type: ignore[arg-type]


def test_chart_data_follows_the_contract(
    comparison: Comparison, tmp_path_factory: pytest.TempPathFactory
) -> None:
    charts = _charts(comparison)
    series = [
        {"key": MLS, "name": "Machine Learning Scientist", "n": 24},
        {"key": MLRE, "name": "Machine Learning Research Engineer", "n": 20},
    ]
    skills = charts["Skills asked for: share of postings (95% CI)"]
    assert skills["type"] == "grouped-bars" and skills["unit"] == "share"
    assert skills["series"] == series
    stats = next(g for g in skills["groups"] if g["label"] == "Statistics")
    assert [(v["count"], v["n"]) for v in stats["values"]] == [(20, 24), (2, 20)]
    assert round(stats["values"][0]["low"], 3) == 0.641
    tools = charts["Tools asked for: share of postings (95% CI)"]
    assert [g["label"] for g in tools["groups"]] == ["Python", "PyTorch"]  # largest share first
    assert [v["count"] for v in tools["groups"][1]["values"]] == [4, 18]
    pay = charts["Salary ranges by level (annual USD, p25-p75, median marked)"]
    assert pay["type"] == "grouped-ranges" and pay["series"] == series
    groups = {g["label"]: g["values"] for g in pay["groups"]}
    senior = groups["Senior-level / Expert · postings"]
    assert senior[0] == {
        "p25": 160000.0,
        "p50": 160000.0,
        "p75": 160000.0,
        "n": 10,
        "layer": "postings",
    }
    assert senior[1] is None  # the research engineers' posted salaries are mid-level
    assert groups["Mid-level / Intermediate · postings"][1]["p50"] == 140000.0
    assert all(
        v is None or v["layer"] == "survey"
        for k, vs in groups.items()
        if k.endswith("· survey")
        for v in vs
    )
    line = next(c for c in charts.values() if c["type"] == "line")
    assert line["unit"] == "usd" and line["x"] == "year"
    assert [s["key"] for s in line["series"]] == [MLS, MLRE]
    assert line["series"][1]["name"].endswith("(ai-ml family)")  # survey fallback stated
    points = line["series"][0]["points"]
    assert points and all(isinstance(p["x"], int) and p["n"] > 0 for p in points)
    assert [p["x"] for p in points] == sorted(p["x"] for p in points)
    # a profile: the same shapes with one series
    with Store(build_demo_store(tmp_path_factory)).open() as store:
        one = _charts(role_profile(store, MLS))
    assert one["Skills asked for: share of postings (95% CI)"]["series"] == series[:1]
    types = sorted(c["type"] for c in one.values())
    assert types == ["grouped-bars", "grouped-bars", "grouped-ranges", "line", "months"]


def test_responsibility_quotes_in_reports(comparison: Comparison) -> None:
    md = to_markdown(comparison)
    assert "| Build training pipelines | 100% |" in md
    assert "Build training pipelines: “Build training pipelines for models”" in md
    data = to_json(comparison)
    quotes = data["profiles"][1]["responsibilities"][0]["quotes"]
    assert quotes[0]["text"] == "Build training pipelines for models"


def test_markdown_and_html_name_example_postings_by_title(comparison: Comparison) -> None:
    """With titles and URLs from the store, reports link example postings, never keys."""
    keys: set[str] = set()
    from roleatlas.web.render import example_keys

    example_keys(to_json(comparison), keys)
    assert "test:mlre-4" in keys
    refs = {k: (f"Title [{k[-1]}] @ Co", None) for k in keys}
    refs["test:mlre-4"] = ("ML Research Engineer @ Acme", "https://jobs.example/4?a=1&b=(2)")
    md = to_markdown(comparison, refs)
    assert "test:mlre" not in md and "test:mls" not in md
    assert "[ML Research Engineer @ Acme](https://jobs.example/4?a=1\\&b=%282%29)" in md
    assert "Title \\[" in md  # titles are escaped Markdown text
    # without a mapping the keys stay (nothing to name them with)
    assert "test:mlre-4" in to_markdown(comparison)
    page = to_html(comparison, refs)
    assert 'href="https://jobs.example/4?a=1&amp;b=%282%29"' in page
    assert "test:mlre" not in page


def test_markdown_links_only_safe_urls(comparison: Comparison) -> None:
    from roleatlas.web.render import example_keys

    keys: set[str] = set()
    example_keys(to_json(comparison), keys)
    refs = {k: ("Evil <b>posting</b>", "javascript:alert(1)") for k in keys}
    md = to_markdown(comparison, refs)
    assert "javascript:" not in md and "<b>" not in md
    assert "Evil &lt;b&gt;posting&lt;/b&gt;" in md
    page = to_html(comparison, refs)
    assert "javascript:" not in page and "Evil &lt;b&gt;posting" in page


@pytest.fixture(scope="module")
def paid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Comparison]:
    with Store(build_premium_store(tmp_path_factory)).open() as store:
        yield compare_roles(store, [DS, DE])


def _row(md: str, label: str) -> list[list[str]]:
    return [
        [c.strip().replace("\\", "") for c in line.strip("|").split("|")]
        for line in md.splitlines()
        if line.startswith(f"| {label} ")
    ]


def test_premium_column_in_every_skill_table(paid: Comparison) -> None:
    md = to_markdown(paid)
    headers = [line for line in md.splitlines() if "pay premium" in line]
    # Data Scientist skills and tools, Data Engineer skills and tools, what distinguishes
    assert len(headers) == 5
    # planted +20% within Data Scientist: in its tools table and as a distinguishing skill
    rows = _row(md, "PyTorch")
    assert rows and all(
        re.fullmatch(r"\+(1[7-9]|2[0-3])% \[\d+%, \d+%\] n=30/30", r[4]) for r in rows
    )
    rows = _row(md, "Apache Airflow")
    assert rows and all(re.fullmatch(r"-1[2-8]% \[-\d+%, -\d+%\] n=30/30", r[4]) for r in rows)
    assert all(r[4] == "n/a (too few)" for r in _row(md, "Tableau"))
    # the sentence under the tables: association, stated pay, fixed effects, the method
    notes = [line for line in md.splitlines() if line.startswith("Pay premium:")]
    assert len(notes) == 3
    assert all(
        "employer-stated pay" in n
        and "fixed effects for level" in n
        and "An association, not a cause" in n
        and "docs/premium.md" in n
        for n in notes
    )
    text, page = to_text(paid), to_html(paid)
    assert "pay premium" in text and "n/a (too few)" in text and "docs/premium.md" in text
    assert "<th>pay premium</th>" in page and "An association, not a cause" in page


def test_premium_json_validates_and_old_json_renders_without_it(paid: Comparison) -> None:
    data = json.loads(json.dumps(to_json(paid)))
    profile = data["profiles"][0]
    torch = next(s for s in profile["tools"] if s["key"] == "pytorch")["premium"]
    assert torch["premium"] > 0 and profile["premium"]["pay"] == "stated"
    # JSON written before premiums existed: no premium fields, no premium column
    for share in (*profile["skills"], *profile["tools"]):
        del share["premium"]
    del profile["premium"]
    md = to_markdown(profile_from_dict(profile))
    assert "pay premium" not in md and "Pay premium:" not in md
