"""Tests of the degree extractor on sentences from ../shared/data.

Snippets come from postings-google-careers (G), postings-glassdoor (GD) and
postings-hn-whoishiring (HN).
"""

from __future__ import annotations

import doctest
import gzip
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.pipeline.extract import education as module
from roleatlas.pipeline.extract.education import FIELDS, extract_education, minimum_degree
from roleatlas.records import DEGREE_LEVELS, EducationRequirement

from .conftest import shared_path

REQ = "Minimum qualifications:\n"

# (text, [(level, or_equivalent, required)])
CASES = [
    # G
    (REQ + "BA/BS degree or equivalent practical experience.", [("bachelor", True, True)]),
    (
        REQ + "Bachelor's degree in Computer Science or a related technical field or "
        "equivalent practical experience.",
        [("bachelor", True, True)],
    ),
    (
        REQ + "MS/PhD degree in an analytical field such as Engineering, Statistics, or "
        "Economics, or equivalent practical experience.",
        [("master", True, True), ("phd", True, True)],
    ),
    (REQ + "JD degree or equivalent practical experience.", [("phd", True, True)]),
    (REQ + "BA/BS/LLB degree or equivalent practical experience.", [("bachelor", True, True)]),
    (REQ + "MBA or graduate degree in a management field", [("master", False, True)]),
    (
        "Preferred qualifications:\nMaster's or PhD in Computer Science.",
        [("master", False, False), ("phd", False, False)],
    ),
    (
        REQ + "\u30b3\u30f3\u30d4\u30e5\u30fc\u30bf \u30b5\u30a4\u30a8\u30f3\u30b9\u3067"
        "\u5b66\u58eb\u53f7\u3092\u53d6\u5f97\u3057\u3066\u3044\u308b\u3053\u3068\uff08\u95a2"
        "\u9023\u8077\u7a2e\u3067\u306e\u5b9f\u52d9\u7d4c\u9a13\u3067\u3082\u53ef\uff09",
        [("bachelor", True, True)],
    ),
    # GD
    (
        "Qualifications\nHigh School diploma or GED, Undergraduate degree preferred",
        [("high_school", False, True), ("bachelor", False, False)],
    ),
    (
        "BS in Computer Science or related field (MS/PhD preferred)",
        [("bachelor", False, None), ("master", False, False), ("phd", False, False)],
    ),
    (
        "Masters in economics, statistics, or related field required, PhD preferred",
        [("master", False, True), ("phd", False, False)],
    ),
    ("Bachelor's degree required", [("bachelor", False, True)]),
    ("Bachelors degree preferred in Business", [("bachelor", False, False)]),
    ("Education: Associates degree", [("associate", False, True)]),
    (
        "Any combination of training, education, and experience equivalent to graduation "
        "from an accredited college or university with a bachelor's degree",
        [("bachelor", True, None)],
    ),
    (
        "Highly analytical. Quantitative degree required (CS, Engineering)",
        [("bachelor", False, True)],
    ),  # noqa: E501
    ("Degree holder with major in Data Science", [("bachelor", False, None)]),
    ("An advanced degree is preferred.", [("master", False, False)]),
    ("M.S. or Ph.D. in Mathematics", [("master", False, None), ("phd", False, None)]),
    # HN
    (
        "Experience: Except for interns, we currently require a Bachelors degree in physics, "
        "engineering, math, computer science or related field. Masters or PhD is a plus.",
        [("bachelor", False, True), ("master", False, False), ("phd", False, False)],
    ),
    ("No degree required, just show us what you built.", [("none", False, True)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_real_statements(text: str, expected: list[tuple[str, bool, bool | None]]) -> None:
    got = [(r.level, r.or_equivalent, r.required) for r in extract_education(text)]
    assert got == expected


# texts that name no degree requirement
NOT_DEGREES = [
    "Proficiency in MS SQL Server is required",
    "Experience with MS Office - with proficiency in Excel.",
    "It is headquartered in Bedford, MA with additional offices in Kentucky",
    "We currently have a position in Vicksburg, MS for a Computational Scientist.",
    "IT staffing such as Project Managers, Agile/Scrum Masters, Business Analysts",
    "Generous tuition reimbursement towards a Masters or Bachelors degree",
    "Be currently enrolled in a 4-year BA/BS program, in any major",
    "Must be pursuing a full-time MBA program with an expected graduation date in 2019.",
    "Formal Methods PhD Intern: Formal Methods and Programming Languages",
    "#LI-MS",
    "a high degree of autonomy",
    "Work closely with the BA team",
    "",
]


@pytest.mark.parametrize("text", NOT_DEGREES)
def test_not_degrees(text: str) -> None:
    assert extract_education(text) == []


def test_company_and_benefits_sections_are_skipped() -> None:
    text = "Benefits:\nWe pay for your Master's degree.\nAbout us:\nOur founders hold PhDs."
    assert extract_education(text) == []


def test_fields_are_normalized() -> None:
    reqs = extract_education(
        "BA/BS degree in Statistics, Applied Mathematics, Econometrics, Engineering, Operation "
        "Research, Computer Science or related field or equivalent practical experience."
    )
    assert reqs[0].fields == (
        "statistics",
        "mathematics",
        "economics",
        "engineering",
        "operations research",
        "computer science",
        "related field",
    )
    cs = extract_education("BS in CS or a quantitative field")[0].fields
    assert cs == ("computer science", "related quantitative field")
    assert extract_education("BS in Biology, IT or cs")[0].fields == (
        "life sciences",
        "information systems",
    )


def test_posting_level_equivalence() -> None:
    text = (
        "Qualifications:\nBachelors Degree and 3+ years of relevant experience\n"
        "Experience accepted in lieu of degree"
    )
    assert [(r.level, r.or_equivalent) for r in extract_education(text)] == [("bachelor", True)]


def test_text_and_confidence() -> None:
    (req,) = extract_education("Requirements:\nA relevant degree in climate science.\nPython")
    assert (req.level, req.text, req.confidence) == (
        "bachelor",
        "A relevant degree in climate science",
        0.6,
    )


# (levels given as (level, required) pairs, minimum)
MINIMUMS = [
    ([("bachelor", True), ("master", True), ("phd", True)], "bachelor"),
    ([("master", True), ("phd", None)], "master"),
    ([("bachelor", True), ("master", False)], "bachelor"),
    ([("phd", False)], None),
    ([("high_school", True), ("bachelor", False)], "high_school"),
    ([("none", True)], "none"),
    ([], None),
]


@pytest.mark.parametrize(("levels", "expected"), MINIMUMS)
def test_minimum_degree(levels: list[tuple[str, bool | None]], expected: str | None) -> None:
    reqs = [EducationRequirement(level, required=required) for level, required in levels]
    assert minimum_degree(reqs) == expected


def test_every_field_word_maps_to_its_field() -> None:
    assert set(FIELDS) >= {"computer science", "statistics", "related quantitative field"}
    for field, words in FIELDS.items():
        for word in words:
            if word in ("cs", "it", "mis", "ee", "ece", "stem"):
                continue
            reqs = extract_education(f"BS in {word}")
            assert reqs and field in reqs[0].fields or word in ("mba",), (field, word)


def test_doctests() -> None:
    assert doctest.testmod(module).failed == 0


_WORDS = st.sampled_from(
    "BS MS MA BA PhD Ph.D. Bachelor's Master's degree in or equivalent practical experience "
    "preferred required , . ; \n Minimum qualifications: Boston, MA GED high school "
    "associate's MBA JD 学士 enrolled".split(" ")
)


@given(st.lists(_WORDS, max_size=40).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_never_raises_on_degree_soup(text: str) -> None:
    for req in extract_education(text):
        assert req.level in DEGREE_LEVELS
        assert req.required in (True, False, None)
    minimum_degree(extract_education(text))


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_never_raises_on_any_text(text: str) -> None:
    for req in extract_education(text):
        assert req.level in DEGREE_LEVELS


@pytest.mark.parametrize(
    "folder", ["postings-glassdoor", "postings-google-careers", "postings-hn-whoishiring"]
)
def test_fast_scan_equals_the_full_regular_expression(folder: str) -> None:
    # _degree_matches is an optimization of _DEGREE_RE.finditer: same spans
    path = shared_path(folder, "postings.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    for row in random.Random(3).sample(rows, 400):
        text = row.get("description") or ""
        assert [m.span() for m in module._degree_matches(text)] == [
            m.span() for m in module._DEGREE_RE.finditer(text)
        ]
