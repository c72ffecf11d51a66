"""Reports of profiles and comparisons: JSON, Markdown, text and self-contained HTML."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from roleatlas.insights.compare import Comparison, compare_roles
from roleatlas.insights.profile import role_profile
from roleatlas.report.compare import SCHEMA, to_json, to_markdown, to_rich, to_text
from roleatlas.report.html import bars_svg, months_svg, ranges_svg, to_html
from roleatlas.store import Store
from tests.test_insights_profile import MLRE, MLS, build_demo_store

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
        profile = role_profile(store, "ai-product-manager")
    data = to_json(profile)
    assert data["kind"] == "profile" and data["profiles"][0]["no_postings"] is True
    md = to_markdown(profile)
    assert "No postings of AI Product Manager are stored" in md
    assert "BLS Employment Projections" in md
    assert "Practical tips" not in md


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
