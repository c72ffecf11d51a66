"""Tests of the section splitter and the required/preferred reader.

Headings and sentences are copied from ../shared/data (postings-glassdoor,
postings-google-careers, postings-hn-whoishiring).
"""

from __future__ import annotations

import doctest
import gzip
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.pipeline import sections as sections_module
from roleatlas.pipeline.sections import (
    Section,
    classify_heading,
    requirement_level,
    section_at,
    split_sections,
    statement_bounds,
)
from roleatlas.records import SECTIONS

from .conftest import shared_path

# (heading as written in a posting, section or None)
HEADINGS = [
    ("Responsibilities:", "responsibilities"),
    ("Key Responsibilities", "responsibilities"),
    ("Role Responsibilities:", "responsibilities"),
    ("ESSENTIAL DUTIES AND RESPONSIBILITIES:", "responsibilities"),
    ("What you\u2019ll do:", "responsibilities"),
    ("What You Will Be Doing", "responsibilities"),
    ("In this role, you will:", "responsibilities"),
    ("Minimum qualifications:", "requirements"),
    ("*Minimum Qualifications**", "requirements"),
    ("Basic Qualifications", "requirements"),
    ("Requirements", "requirements"),
    ("Position Requirements", "requirements"),
    ("Required Skills and Experience:", "requirements"),
    ("Education & Experience", "requirements"),
    ("Knowledge, Skills & Abilities", "requirements"),
    ("What we're looking for", "requirements"),
    ("Who You Are", "requirements"),
    ("About you", "requirements"),
    ("Preferred qualifications:", "preferred"),
    ("Nice to have:", "preferred"),
    ("Nice To Haves", "preferred"),
    ("Bonus points", "preferred"),
    ("Desired Skills and Experience", "preferred"),
    ("Preferred Skills", "preferred"),
    ("Benefits:", "benefits"),
    ("Perks", "benefits"),
    ("What we offer:", "benefits"),
    ("What\u2019s in it for you", "benefits"),
    ("Bonus pay", "benefits"),
    ("About us", "company"),
    ("Who we are", "company"),
    ("About BlackRock", "company"),
    ("About", "company"),
    ("Why UT Southwestern?", "company"),
    ("EEO Statement:", "company"),
    ("Equal Opportunity Employer", "company"),
    ("Job Description", "summary"),
    ("About the role", "summary"),
    ("Position Summary:", "summary"),
    ("## Requirements", "requirements"),
    ("<b>Benefits</b>", "benefits"),
    # content, not headings
    ("Strong communication skills", None),
    ("Bachelor's (Preferred)", None),
    ("Health insurance", None),
    ("Python", None),
    ("Experience with Python", None),
    ("Location: Tustin, CA", None),
]


@pytest.mark.parametrize(("heading", "expected"), HEADINGS)
def test_classify_heading(heading: str, expected: str | None) -> None:
    assert classify_heading(heading) == expected


GOOGLE = (
    "Responsibilities:\n"
    "Work one-on-one with the top Android, iOS, and web engineers.\n"
    "\n"
    "Minimum qualifications:\n"
    "BA/BS degree in Computer Science or equivalent practical experience.\n"
    "\n"
    "Preferred qualifications:\n"
    "Experience working with third parties."
)


def _names(text: str) -> list[tuple[str, str]]:
    return [(s.name, s.heading) for s in split_sections(text)]


def test_google_layout() -> None:
    assert _names(GOOGLE) == [
        ("responsibilities", "Responsibilities"),
        ("requirements", "Minimum qualifications"),
        ("preferred", "Preferred qualifications"),
    ]


def test_glassdoor_markdown_bold_headings() -> None:
    text = (
        "The Biological System Science Group is seeking a staff scientist.\n"
        "*Minimum Qualifications**\n"
        "BS/BA with 0-1 years of experience or MS/MA with 0-1 years of experience\n"
        "*Preferred Qualifications**\n"
        "+ Intermediate level programming experience (preferably Python)"
    )
    assert _names(text) == [
        ("summary", ""),
        ("requirements", "Minimum Qualifications"),
        ("preferred", "Preferred Qualifications"),
    ]


def test_hn_header_line_is_the_title_and_free_text_is_other() -> None:
    text = (
        "Aptible (YC S14) | Remote (North America) | Remote-OK | https://www.aptible.com\n"
        "\n"
        "We're working to make information security a core competency of every startup."
    )
    sections = split_sections(text)
    assert [s.name for s in sections] == ["title", "other"]
    assert sections[0].end == text.index("\n") + 1


def test_inline_colon_headings() -> None:
    text = (
        "Description: Forget complex joysticks. Requirements: (1) You've shipped an app "
        "(2) High proficiency with Swift. About Skydio: Skydio was founded in 2014."
    )
    assert [s.name for s in split_sections(text)] == ["summary", "requirements", "company"]


def test_boilerplate_line_is_company_and_the_section_resumes() -> None:
    text = (
        "Requirements:\n"
        "SQL\n"
        "Acme is an Equal Opportunity Employer without regard to race.\n"
        "Python\n"
    )
    sections = split_sections(text)
    assert [s.name for s in sections] == ["requirements", "company", "requirements"]
    assert text[sections[1].start : sections[1].end].startswith("Acme is an Equal")


def test_company_paragraphs_are_company_and_the_section_resumes() -> None:
    text = (
        "At Acme, we build maps for everyone. Our investors include Big Capital.\n\n"
        "We are looking for a Data Scientist.\n\n"
        "Requirements:\n- Python\n- SQL\n\n"
        "At Acme, we've grown fast since 2019.\n\n"
        "To grow further, we've raised $50 million in Series B funding.\n\n"
        "Final offers depend on experience.\n"
    )
    sections = split_sections(text)
    assert [(s.name, text[s.start : s.end][:14]) for s in sections] == [
        ("company", "At Acme, we bu"),
        ("summary", "We are looking"),
        ("requirements", "Requirements:\n"),
        ("company", "At Acme, we've"),
        ("company", "To grow furthe"),
        ("requirements", "Final offers d"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the paragraph speaks to the candidate or names the stack of the work
        (
            "At Acme, we are looking for a Data Scientist.\n\nRequirements:\n- SQL",
            ["summary", "requirements"],
        ),
        ("We're a software house. We specialize in NodeJS-based frameworks: React.", ["other"]),
        (
            "Acme | Engineer | Remote\nWe're a fintech company. You will write Go.",
            ["title", "other"],
        ),
        # a bulleted list is not a paragraph
        ("Requirements:\n- Acme is a plus\n- Python", ["requirements"]),
        # a blurb after a Hacker News header, and an "About" heading alone
        (
            "Acme | ML Engineer | Remote\nAcme is a fintech platform.\n\nYou will use Python.",
            ["title", "company", "other"],
        ),
        (
            "Requirements:\n- Python\n\nAbout\n\nWe're Acme, the maps team.",
            ["requirements", "company"],
        ),
    ],
)
def test_company_paragraph_rules(text: str, expected: list[str]) -> None:
    assert [s.name for s in split_sections(text)] == expected


def test_unknown_subheading_keeps_the_section() -> None:
    text = "Requirements:\nTechnical stuff:\nPython\nSchedule:\nMonday to Friday"
    assert [s.name for s in split_sections(text)] == ["requirements"]


def test_bullet_lines_are_not_headings() -> None:
    text = "Requirements:\n- Skills\n- Python"
    assert [s.name for s in split_sections(text)] == ["requirements"]


def test_section_at() -> None:
    sections = split_sections(GOOGLE)
    assert section_at(sections, 0) == "responsibilities"
    assert section_at(sections, GOOGLE.index("BA/BS")) == "requirements"
    assert section_at(sections, len(GOOGLE) - 1) == "preferred"
    assert section_at(sections, len(GOOGLE)) == "other"
    assert section_at([], 3) == "other"


def test_section_rejects_unknown_names() -> None:
    with pytest.raises(ValueError, match="must be one of"):
        Section("skills", 0, 1)


# (sentence, span text, section, expected)
LEVELS = [
    ("Experience with Spark is a plus.", "Spark", "requirements", False),
    ("Python and SQL are essential, Excel is nice to have", "Excel", "requirements", False),
    ("Familiarity with Python a plus", "Python", "other", False),
    ("Bachelor\u2019s degree required", "Bachelor", "other", True),
    ("Must be experienced in SQL.", "SQL", "other", True),
    ("Minimum 2 years of analyst experience.", "2 years", "summary", True),
    ("Fraud experience is a plus", "Fraud", "requirements", False),
    ("wealth/asset management preferred but not required", "wealth", "requirements", False),
    ("Tableau", "Tableau", "preferred", False),
    ("Tableau", "Tableau", "requirements", True),
    ("We use Go and Rust.", "Go", "summary", None),
    ("Ideally, experience with the SimCorp Dimension system", "SimCorp", "summary", False),
    ("Master\u2019s degree preferred. PhD in Physics.", "PhD", "requirements", True),
]


@pytest.mark.parametrize(("text", "span", "section", "expected"), LEVELS)
def test_requirement_level(text: str, span: str, section: str, expected: bool | None) -> None:
    start = text.index(span)
    assert requirement_level(text, start, start + len(span), section) is expected


def test_requirement_level_clause_scope() -> None:
    text = "High School diploma or GED, Undergraduate degree preferred"
    start = text.index("High")
    assert requirement_level(text, start, start + 11, "requirements") is False
    assert requirement_level(text, start, start + 11, "requirements", clause=True) is True


def test_statement_bounds_skip_abbreviations() -> None:
    text = "Python. A B.S. or Ph.D. in CS, MS preferred; Rust"
    lo, hi = statement_bounds(text, text.index("B.S."), text.index("B.S.") + 4)
    assert text[lo:hi] == " A B.S. or Ph.D. in CS, MS preferred"


def test_doctests() -> None:
    assert doctest.testmod(sections_module).failed == 0


def _check_cover(text: str) -> None:
    sections = split_sections(text)
    if not text:
        assert sections == []
        return
    assert sections[0].start == 0
    assert sections[-1].end == len(text)
    for a, b in zip(sections, sections[1:], strict=False):
        assert a.end == b.start
    for s in sections:
        assert s.start < s.end
        assert s.name in SECTIONS


_TEXT = st.lists(
    st.sampled_from(
        list("abc XYZ:\n\t.-*|#()\u2022,;")
        + ["Requirements", "Benefits:", "\nNice to have:\n", "equal opportunity", " a plus"]
    ),
    max_size=120,
).map("".join)


@given(_TEXT)
@settings(max_examples=300, deadline=None)
def test_sections_cover_the_text_without_overlap(text: str) -> None:
    _check_cover(text)


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_never_raises_on_any_text(text: str) -> None:
    _check_cover(text)
    for start in range(0, len(text), 7):
        end = min(len(text), start + 3)
        assert requirement_level(text, start, end, "requirements") in (True, False)
        lo, hi = statement_bounds(text, start, end)
        assert 0 <= lo <= start and end <= hi <= len(text)


def _postings(folder: str, n: int) -> list[dict]:
    path = shared_path(folder, "postings.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return random.Random(7).sample(rows, min(n, len(rows)))


@pytest.mark.parametrize(
    "folder", ["postings-glassdoor", "postings-google-careers", "postings-hn-whoishiring"]
)
def test_real_postings_are_covered(folder: str) -> None:
    for row in _postings(folder, 400):
        _check_cover(row.get("description") or "")


def test_google_minimum_qualifications_sit_in_requirements() -> None:
    rows = [r for r in _postings("postings-google-careers", 2000) if r.get("description")]
    misplaced = []
    for row in rows:
        text = row["description"]
        sections = split_sections(text)
        for field, name in (
            ("minimum_qualifications", "requirements"),
            ("preferred_qualifications", "preferred"),
            ("responsibilities", "responsibilities"),
        ):
            value = (row["extra"].get(field) or "").strip()
            if value:
                # the preferred qualifications come last and may repeat a minimum one
                find = text.rindex if name == "preferred" else text.index
                at = find(value[:40])
                if section_at(sections, at) != name:
                    misplaced.append((row["id"], field))
    assert len(rows) > 1200
    assert misplaced == []


@pytest.mark.parametrize(
    "folder", ["postings-glassdoor", "postings-google-careers", "postings-hn-whoishiring"]
)
def test_fast_scans_equal_the_full_regular_expressions(folder: str) -> None:
    # the trigger-based cue search and the one-character boundary scan are optimizations of
    # _CUE_RE / _SENTENCE_END_RE / _CLAUSE_END_RE: they must find exactly the same spans
    texts = [row.get("description") or "" for row in _postings(folder, 300)]
    texts += [
        "a. b",
        "B.S. in",
        "a * b",
        "a - b - c",
        "x.\n",
        "  * x",
        "is a big plus",
        "İİ a plus",
    ]
    for text in texts:
        full = [m.span() for m in sections_module._CUE_RE.finditer(text)]
        assert [m.span() for m in sections_module._cue_matches(text)] == full
        for clause, pattern in (
            (False, sections_module._SENTENCE_END_RE),
            (True, sections_module._CLAUSE_END_RE),
        ):
            starts, ends = sections_module._boundaries(text, clause)
            assert list(zip(starts, ends, strict=True)) == [
                m.span() for m in pattern.finditer(text)
            ]
