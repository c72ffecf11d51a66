"""Employment types from stated fields and titles.

Strings are real: Glassdoor (HK) ``Job Type``, HN "Who is hiring?" header fragments, Adzuna
UK ``ContractType``/``ContractTime``, aijobs.net codes, USAJOBS schedules and appointment
types, Ashby/Lever/schema.org fixture values, and titles from USAJOBS, HN and Lever.
"""

from __future__ import annotations

import csv
import doctest
import gzip
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roleatlas.pipeline.normalize import employment as normalize_employment
from roleatlas.pipeline.normalize.employment import (
    EMPLOYMENT_LABELS,
    EMPLOYMENT_TYPES,
    employment_from_title,
    parse_employment_type,
    primary_employment_type,
)

from .conftest import shared_path

STATED = [
    # Glassdoor Hong Kong "Job Type"
    ("Full-time", ("full_time",)),
    ("Part-time", ("part_time",)),
    ("Contract", ("contract",)),
    ("Intern/Trainee", ("internship",)),
    ("N/A", ()),
    # HN header fragments
    ("Full Time", ("full_time",)),
    ("FULL-TIME", ("full_time",)),
    ("Fulltime", ("full_time",)),
    ("FULLTIME", ("full_time",)),
    ("Contractor", ("contract",)),
    ("INTERN", ("internship",)),
    ("Freelance", ("freelance",)),
    ("Full time | Remote", ("full_time",)),
    ("Part-time/Full-Time", ("full_time", "part_time")),
    ("Full time, interns/co-ops", ("full_time", "internship")),
    ("FULL TIME, CONTRACTORS, GRADUATE INTERNS, POSTDOCTORAL FELLOWS, ONSITE, VISA",
     ("full_time", "contract", "internship")),
    ("Remote, PT/ET hours preferred", ()),
    ("Ft. Lauderdale, Atlanta, San Francisco, Toronto, and more", ()),
    # Adzuna UK
    ("full_time", ("full_time",)),
    ("part_time", ("part_time",)),
    ("permanent", ("full_time",)),
    ("contract", ("contract",)),
    ("permanent / full_time", ("full_time",)),
    # aijobs.net codes
    ("FT", ("full_time",)),
    ("PT", ("part_time",)),
    ("CT", ("contract",)),
    ("FL", ("freelance",)),
    # USAJOBS
    ("Intermittent", ("part_time",)),
    ("Temporary", ("temporary",)),
    ("Term", ("temporary",)),
    ("Internships", ("internship",)),
    ("Multiple Schedules", ()),
    ("Recent Graduates", ()),
    # ATS and schema.org
    ("FullTime", ("full_time",)),
    ("FULL_TIME", ("full_time",)),
    ("CONTRACTOR", ("contract",)),
    ("Short Term", ("temporary",)),
    ("Permanent", ("full_time",)),
    # others
    ("Temp", ("temporary",)),
    ("Fixed term", ("temporary",)),
    ("Fixed Term Contract", ("temporary",)),
    ("Permanent part-time", ("part_time",)),
    ("Contract or Permanent", ("full_time", "contract")),
    ("Contract-to-hire", ("contract",)),
    ("", ()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), STATED)
def test_parse_employment_type(text: str, expected: tuple[str, ...]) -> None:
    assert parse_employment_type(text) == expected


@pytest.mark.parametrize(
    ("types", "primary"),
    [
        (("full_time", "internship"), "internship"),
        (("full_time", "contract"), "contract"),
        (("full_time", "part_time"), "part_time"),
        (("part_time", "freelance"), "freelance"),
        (("contract", "temporary"), "contract"),
        (("full_time",), "full_time"),
        ((), None),
        (("unknown",), None),
    ],
)
def test_primary_employment_type(types: tuple[str, ...], primary: str | None) -> None:
    assert primary_employment_type(types) == primary


TITLES = [
    ("Cloud Consultant Intern", "internship"),
    ("Student Trainee (Economics)", "internship"),
    ("2025 Junior Fellows Program (Remote Intern)", "internship"),
    ("Data Engineer 5 - Contract", "contract"),
    ("Artist & Label Partnerships Contractor, Vietnam", "contract"),
    ("Economic Assistant (Spanish) - Part-time", "part_time"),
    ("Business Analyst (Part Time / Entry Level)", "part_time"),
    ("Supervisory General Attorney, GS-0905-14 FPL 14 (OCR Only) (Temp Promotion NTE 1 Year)",
     "temporary"),
    ("Education Program Specialist, GS-1720-9/11 FPL 12 (DE) (Term NTE 4 Years)", "temporary"),
    ("Data Management Analyst, Asia Pacific (1-year Fixed Term Contract)", "temporary"),
    ("Temporary Associate - Data Analyst II", "temporary"),
    ("Contract Specialist", None),
    ("Contracting Officer", None),
    ("Associate Contracts Manager, Cloud", None),
    ("Internal and Executive Communications Associate, Daydream", None),
    ("Senior Data Scientist", None),
    (None, None),
]  # fmt: skip


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_employment_from_title(title: str | None, expected: str | None) -> None:
    assert employment_from_title(title) == expected


def test_labels_cover_every_type_and_read_back() -> None:
    assert tuple(EMPLOYMENT_LABELS) == EMPLOYMENT_TYPES
    for code, label in EMPLOYMENT_LABELS.items():
        assert parse_employment_type(label) == (code,)


def test_doctests() -> None:
    assert doctest.testmod(normalize_employment, raise_on_error=True).attempted > 0


@given(st.text(max_size=200))
def test_never_raises_and_codes_are_canonical(text: str) -> None:
    types = parse_employment_type(text)
    assert set(types) <= set(EMPLOYMENT_TYPES)
    assert list(types) == sorted(types, key=EMPLOYMENT_TYPES.index)
    assert primary_employment_type(types) in (*types, None)
    assert employment_from_title(text) in (*EMPLOYMENT_TYPES, None)


@given(st.lists(st.sampled_from(EMPLOYMENT_TYPES), unique=True))
def test_parsing_the_codes_again_changes_nothing(codes: list[str]) -> None:
    types = parse_employment_type(" / ".join(codes))
    assert types == tuple(c for c in EMPLOYMENT_TYPES if c in codes)
    assert parse_employment_type(", ".join(types)) == types
    assert parse_employment_type(", ".join(EMPLOYMENT_LABELS[c] for c in types)) == types


def test_aijobs_codes() -> None:
    path = shared_path("aijobs-salaries", "salaries_2025-01-19.csv.gz")
    expected = {"FT": "full_time", "PT": "part_time", "CT": "contract", "FL": "freelance"}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert parse_employment_type(row["employment_type"]) == (
                expected[row["employment_type"]],
            )


def test_hn_fields_are_all_read() -> None:
    path = shared_path("postings-hn-whoishiring", "postings.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    fields = [r["employment_type"] for r in rows if r["employment_type"]]
    assert len(fields) > 1500
    assert all(parse_employment_type(f) for f in fields)
    # what the heuristic field found is also found in the header line it came from
    for r in rows:
        if r["employment_type"]:
            header = set(parse_employment_type(r["extra"]["header_line"]))
            assert set(parse_employment_type(r["employment_type"])) <= header


# --- employment type stated in a description --------------------------------------------

from roleatlas.pipeline.normalize.employment import employment_from_text  # noqa: E402

# Statements copied from postings-glassdoor, postings-nofluffjobs-pl, postings-adzuna-uk,
# postings-hn-whoishiring and postings-ats-ai descriptions.
TEXT_TYPES = [
    ("Great team.\nJob Type: Full-time\nPay: $50/hour", "full_time", "text:label"),
    ("Job Types: Full-time, Contract", "contract", "text:label"),
    ("Position Type: Contract", "contract", "text:label"),
    ("Type of contract: long-term B2B contract", "contract", "text:label"),
    ("Form of employment: Contract of employment or B2B", "contract", "text:label"),
    ("Schedule\nFull Time\nSchedule Details", "full_time", "text:label"),
    ("This role is for a 12-month contract position.", "contract", "text:phrase"),
    ("The base salary range for this full-time position is $120,000", "full_time",
     "text:phrase"),
    ("An experienced Home Manager is required on a permanent basis to join", "full_time",
     "text:phrase"),
    ("This is a fully remote, part-time opportunity open to U.S.-based applicants.",
     "part_time", "text:phrase"),
    ("$45-55/hour, 40 hours per week, contract-to-hire (benefits at conversion)", "contract",
     "text:phrase"),
    ("We are seeking a full-time Product Owner at Tokenguard", "full_time", "text:phrase"),
    ("Returning to the program after completion of the internship.", "internship",
     "text:phrase"),
    ("SportsRecruits | Brooklyn, NY | Full-Time, Onsite or Remote | https://x.com",
     "full_time", "text:line"),
    ("Contractor - W2\nJob Description", "contract", "text:phrase"),
    ("Data Scientist\nFull time\nAbout the role", "full_time", "text:line"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "code", "rule"), TEXT_TYPES)
def test_employment_type_stated_in_text(text: str, code: str, rule: str) -> None:
    reading = employment_from_text(text)
    assert reading is not None
    assert (reading.type, reading.rule) == (code, rule)
    assert reading.evidence and 0 < reading.confidence <= 0.9


NOT_STATED = [
    "All full-time employees receive complete and competitive benefits.",
    "Must be currently enrolled in a full-time degree program.",
    "2+ years full time employment or postdoctoral experience building models",
    "This document does not create an employment contract, implied or otherwise.",
    "Advise on permanent establishment risks and entity structuring",
    "Partner with Legal Operations on security-related contract reviews",
    "Lawful permanent resident or U.S. citizen",
    "Improve the Data Science summer internship program",
    "Previous internship experience in Sales or Marketing",
    "",
]


@pytest.mark.parametrize("text", NOT_STATED)
def test_boilerplate_states_no_employment_type(text: str) -> None:
    assert employment_from_text(text) is None


def test_label_beats_an_earlier_phrase() -> None:
    text = "We hire for full-time positions and contractors.\nJob Type: Part-time"
    assert employment_from_text(text).type == "part_time"


@pytest.mark.parametrize(
    "text",
    [
        "About us\nJob type:\nFull-time\nPay: $40/hour",
        "JobType: Contract\nWe build things.",
        "We are hiring an experienced full-time data engineer in Austin.",
        "This is a 12-month\ncontract role with our partner department.",
        "İstanbul office. This full-time position is hybrid.",
        "Our platform transforms information. Employment: permanent\nEqual employment opportunity.",
        "Great team. " * 300 + "Schedule\nPart time\n",
        "full-time employees get benefits; this is a 6-month internship",
        "2+ years full time employment. Type of contract: B2B",
    ],
)
def test_windowed_scan_reads_what_a_whole_text_scan_reads(text, monkeypatch):
    from roleatlas.pipeline.normalize import employment

    fast = employment.employment_from_text(text)
    monkeypatch.setattr(
        employment, "_scan", lambda pattern, text, low, kind: pattern.finditer(text)
    )
    assert fast == employment.employment_from_text(text)
