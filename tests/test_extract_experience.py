"""Tests of the years-of-experience extractor on sentences from ../shared/data.

Snippets come from postings-google-careers (G), postings-glassdoor (GD) and
postings-hn-whoishiring (HN).
"""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.pipeline.extract import experience as module
from roleatlas.pipeline.extract.experience import extract_experience, overall_years
from roleatlas.records import ExperienceRequirement

# (text, [(min, max, skill)])
CASES = [
    # G
    ("5 years of relevant work experience.", [(5, None, None)]),
    ("1 year of experience developing and manipulating large datasets.", [(1, None, None)]),
    ("3 years of SQL experience (e.g., SQL, MySQL, MapReduce).", [(3, None, "SQL")]),
    ("2 years of experience coding in C or C++.", [(2, None, None)]),
    (
        "8 years of experience in Commodity Management, Strategic Sourcing or Supply Chain.",
        [(8, None, "Commodity Management")],
    ),
    ("10 years of experience in a technical role.", [(10, None, None)]),
    # GD
    ("3+ years of Python", [(3, None, "Python")]),
    ("at least 5 years of experience in data analysis", [(5, None, "data analysis")]),
    ("2-4 years of experience in machine learning", [(2, 4, "machine learning")]),
    ("3 to 5 yrs experience in marketing analytics", [(3, 5, "marketing analytics")]),
    ("Five years of experience as a data scientist", [(5, None, None)]),
    ("Twenty (20) years of experience as an SE in programs", [(20, None, None)]),
    ("Minimum of ten plus (10+) years of progressive experience", [(10, None, None)]),
    ("minimum of 7 years of experience in ML", [(7, None, "ML")]),
    ("1-2 years' experience working with data, reporting and analysis", [(1, 2, "data")]),
    ("5 + years\u2019 client facing customer service", []),
    ("Requirements:\n5 + years\u2019 client facing customer service", [(5, None, None)]),
    ("6 months of experience in customer support", [(0.5, None, "customer support")]),
    ("At least 2-years in-depth experience in data warehouse", [(2, None, "data warehouse")]),
    ("Experience:\nSQL: 1 year (Preferred)", [(1, None, "SQL")]),
    ("Experience: 3+ years", [(3, None, None)]),
    ("5+ years of xp", [(5, None, None)]),
    # HN
    ("Senior engineer (5+ yrs experience) to build our platform", [(5, None, None)]),
    (
        "3-5 years with cloud infrastructure in production",
        [(3, 5, "cloud infrastructure in production")],
    ),  # noqa: E501
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_real_statements(text: str, expected: list[tuple[float, float | None, str | None]]) -> None:
    got = [(r.min_years, r.max_years, r.skill) for r in extract_experience(text)]
    assert got == expected


# texts that state no years of experience
NOT_EXPERIENCE = [
    "With over 20 years of experience, we are one of the leading providers",
    "For more than 30 years, Beacon has changed the way people live",
    "Acme was founded 20 years ago.",
    "Serving our clients for over 25 years in business.",
    "Generous 401k match and 2 years of tuition reimbursement",
    "Bachelor's degree from a four-year college or university",
    "Be currently enrolled in a 4-year BA/BS program",
    "Duration: 6 months",
    "This is a 6-month contract position with a possible extension",
    "Minimum of 18 years of age required.",
    "18 years or older at time of application",
    "the average tenure of our employees is 12 years.",
    "Ability to commit to a 12-month apprenticeship.",
    "children ages 3 months to 3 years",
    "Rapid growth company of 20 years maintaining start-up company feel",
    "Honeywell has been named a Top 100 Global Innovator for seven years in a row",
    "",
]


@pytest.mark.parametrize("text", NOT_EXPERIENCE)
def test_not_experience(text: str) -> None:
    assert extract_experience(text) == []


def test_required_and_preferred() -> None:
    text = (
        "Minimum qualifications:\n4 years of relevant work experience.\n"
        "Preferred qualifications:\n7 years of program management experience."
    )
    assert [(r.min_years, r.required) for r in extract_experience(text)] == [
        (4, True),
        (7, False),
    ]
    assert overall_years(extract_experience(text)) == (4, None)


# (text, overall)
OVERALL = [
    # G: the overall requirement holds the sub-requirements
    (
        "10 years of experience in a technical role.\n5 years of experience working with clients.",
        (10, None),
    ),  # noqa: E501
    ("5 years of experience working with partners.\n10 years of experience in sales.", (10, None)),
    # G: alternatives in one sentence
    ("6 years of relevant experience or 4 years of Commodity Management experience.", (4, None)),
    # GD: paths that depend on the degree
    (
        "Basic Qualifications\nMasters degree\nBachelors degree & 2 years of directly related "
        "experience\nAssociates degree & 6 years of directly related experience\nHigh school "
        "diploma / GED & 8 years of directly related experience",
        (2, None),
    ),
    (
        "Bachelors degree with 5 years of experience, Masters with 3 years of experience or PHD "
        "with 1-2 years of experience.",
        (1, 2),
    ),
    (
        "12 years of relevant work experience, including 6 years of experience in accounting.",
        (12, None),
    ),  # noqa: E501
    (
        "3 years of experience as a Program manager, with 2 years of experience as an engineer.",
        (3, None),
    ),  # noqa: E501
    ("Nice to have: 3+ years of Go", None),
    ("We ship every week.", None),
]


@pytest.mark.parametrize(("text", "expected"), OVERALL)
def test_overall_years(text: str, expected: tuple[float, float | None] | None) -> None:
    assert overall_years(extract_experience(text)) == expected


def test_overall_years_of_records() -> None:
    reqs = [
        ExperienceRequirement(3, None, "Python", True, "3 years of Python"),
        ExperienceRequirement(8, None, None, False, "8 years preferred"),
        ExperienceRequirement(None, None, None, True, ""),
    ]
    assert overall_years(reqs) == (3, None)
    assert overall_years([]) is None


def test_doctests() -> None:
    assert doctest.testmod(module).failed == 0


_WORDS = st.sampled_from(
    "3 5+ 2-4 ten five (5) years year yrs months of experience in with Python at least minimum "
    "over founded ago age or and , . ; \n Requirements: Nice to have: preferred 401k tuition "
    "company we".split(" ")
)


@given(st.lists(_WORDS, max_size=40).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_never_raises_on_year_soup(text: str) -> None:
    reqs = extract_experience(text)
    for req in reqs:
        assert req.min_years is not None and 0 <= req.min_years <= 40
        assert req.max_years is None or req.min_years <= req.max_years <= 40
    overall = overall_years(reqs)
    assert overall is None or overall[0] >= 0


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_never_raises_on_any_text(text: str) -> None:
    overall_years(extract_experience(text))
