"""Seniority from titles, stated labels and years of experience.

The strings in the tables are real: titles and labels from No Fluff Jobs (PL), aijobs.net,
Glassdoor, HN "Who is hiring?", USAJOBS and Google careers (../shared/data), and sentences
from their descriptions.
"""

from __future__ import annotations

import csv
import doctest
import gzip
import json
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roleatlas.pipeline.normalize import seniority as normalize_seniority
from roleatlas.pipeline.normalize.seniority import (
    RANK_LEVELS,
    resolve_seniority,
    seniority_from_text,
    seniority_from_title,
    seniority_from_years,
    years_of_experience,
)
from roleatlas.records import LEVEL_LABELS, LEVELS, Seniority

from .conftest import shared_path

TITLES = [
    # (title, level, rank)
    ("Senior Data Engineer (Cloud)", "SE", "senior"),
    ("SENIOR JAVA Developer (Remote)", "SE", "senior"),
    ("Sr. Federal Civilian Sales Executive", "SE", "senior"),
    ("Junior Database Developer", "EN", "junior"),
    ("Junior Information Security Analyst", "EN", "junior"),
    ("Mid .NET Developer", "MI", "mid"),
    ("Mid-level DevOps Engineer", "MI", "mid"),
    ("Node.JS Engineer (Regular)", "MI", "mid"),
    ("Mid/Senior Python Developer", "MI", "mid"),
    ("Senior/Mid Android Developer", "MI", "mid"),
    ("Regular & Senior .NET Developer", "MI", "mid"),
    ("Java Developer (MID / Senior)", "MI", "mid"),
    ("Senior/Staff Software Engineer (Full-stack)", "SE", "senior"),
    ("Staff Software Engineer, AI & Automation", "SE", "staff"),
    ("Staff/Principal Engineers", "SE", "staff"),
    ("Principal Data Scientist, Shopbop", "SE", "principal"),
    ("Lead Ruby on Rails Developer", "SE", "lead"),
    ("Python Tech Lead (Remote)", "SE", "lead"),
    ("Engineering Team Lead", "SE", "lead"),
    ("Head of Machine Learning", "EX", "head"),
    ("Head of DevOps – Computer Vision / Artificial Intelligence Startup", "EX", "head"),
    ("Copyright Information Office Section Head", "EX", "head"),
    ("Director of Machine Learning", "EX", "director"),
    ("VP, Data Science", "EX", "vp"),
    ("Senior Vice President - Office of Capital Markets", "EX", "vp"),
    ("CTO/VP Engineering", "EX", "vp"),
    ("Chief Information Security Officer", "EX", "chief"),
    ("Global FI EDD Operations Data Analyst - Assistant Vice President", "SE", "assistant_vp"),
    ("Associate Director/Director, Safety Scientist", "SE", "associate_director"),
    ("Engineering Manager", "MI", "manager"),
    ("Data Analytics Manager", "MI", "manager"),
    ("Senior Manager, Analytics", "SE", "manager"),
    ("Associate Data Scientist", "EN", "associate"),
    ("Research Associate", "MI", "associate"),
    ("Machine Learning Ops Engineer, Sr. Associate", "SE", "senior"),
    ("Cloud Consultant Intern", "EN", "intern"),
    (
        "Student Trainee (Information Tech): Pathways Internship Experience Program (IEP)",
        "EN",
        "intern",
    ),
    ("Recent Graduate IT Specialist (Security)", "EN", "graduate"),
    ("Entry Level Data Analyst", "EN", "entry"),
    ("Substation Operator Trainee I", "EN", "trainee"),
    (
        "Postdoctoral Fellow/Research Associate/Data Scientist in Cancer Epidemiology Research",
        "EN",
        "postdoc",
    ),
    ("Assistant Professor of Computer Science", "MI", "assistant_professor"),
    ("Associate Professor, Statistics", "SE", "associate_professor"),
    ("Technical Fellow, Avionics", "SE", "distinguished"),
    ("Supervisory IT Specialist (Network Services)", "MI", "supervisor"),
    ("Expert Data Engineer (Remote)", "SE", "expert"),
    # ladder numbers, read only after a role noun
    ("Data Scientist II - NLP", "MI", "level_2"),
    ("Business Intelligence Analyst I- Data Insights", "EN", "level_1"),
    ("Statistician- Data Scientist III- PCAPP", "SE", "level_3"),
    ("Software Developer 3", "SE", "level_3"),
    (
        "Data Scientist 2 - Cross Function, Machine Learning & Analytical Data Products",
        "MI",
        "level_2",
    ),
    ("Senior Software Engineer I", "SE", "senior"),
    # no seniority: role names that contain rank words, and plain titles
    ("Data Scientist", None, None),
    ("Product Manager", None, None),
    ("Project Manager", None, None),
    ("Account Executive, Waze", None, None),
    ("Executive Assistant (Legal)", None, None),
    ("Staff Nurse Job Berkshire", None, None),
    ("Chief of Staff", None, None),
    ("Member of Technical Staff", None, None),
    ("Data Entry Specialist", None, None),
    ("Internal Auditor", None, None),
    ("Lead Generation Specialist", None, None),
    ("Mid-Market Account Executive", None, None),
    ("Founding Engineer (Infra / Full-Stack)", None, None),
    ("3 open positions: Front End Engineer, Full Stack Engineer, Dev/Ops Engineer", None, None),
    ("", None, None),
]


@pytest.mark.parametrize(("title", "level", "rank"), TITLES)
def test_seniority_from_title(title: str, level: str | None, rank: str | None) -> None:
    got = seniority_from_title(title)
    assert (got.level, got.rank) == (level, rank)
    if level is None:
        assert got.rule == "" and got.confidence == 0.0
    else:
        assert got.rule.startswith("title:") and 0.5 <= got.confidence <= 0.9


def test_title_rule_names_the_cue() -> None:
    assert seniority_from_title("Senior Data Scientist") == Seniority(
        "SE", "senior", "title:word:senior", 0.9
    )
    assert seniority_from_title("Data Scientist II").rule == "title:ladder:II"
    assert seniority_from_title("L5 Software Engineer").rule == "title:ladder:L5"
    assert seniority_from_title("L3 Support Engineer").level is None
    assert seniority_from_title(None) == Seniority(None)


LABELS = [
    # (stated label, level, rank)
    ("Senior-level / Expert", "SE", "senior"),
    ("Mid-level / Intermediate", "MI", "mid"),
    ("Entry-level / Junior", "EN", "entry"),
    ("Executive-level / Director", "EX", "executive"),
    ("EN", "EN", "entry"),
    ("MI", "MI", "mid"),
    ("SE", "SE", "senior"),
    ("EX", "EX", "executive"),
    ("Trainee", "EN", "trainee"),
    ("Junior", "EN", "junior"),
    ("Mid", "MI", "mid"),
    ("Senior", "SE", "senior"),
    ("Expert", "SE", "expert"),
    ("Internship", "EN", "intern"),
    ("Intern/Trainee", "EN", "intern"),
    ("Mid-Senior level", "MI", "mid"),
    ("Associate", "MI", "associate"),
    ("Director", "EX", "director"),
    ("N/A", None, None),
    ("", None, None),
]


@pytest.mark.parametrize(("label", "level", "rank"), LABELS)
def test_seniority_from_text(label: str, level: str | None, rank: str | None) -> None:
    got = seniority_from_text(label)
    assert (got.level, got.rank) == (level, rank)


def test_text_that_is_not_a_label_is_read_like_a_title() -> None:
    got = seniority_from_text("Lead Engineer")
    assert (got.level, got.rule, got.confidence) == ("SE", "text:word:lead", 0.81)


YEARS = [
    # (description fragment, (min, max))
    ("5+ years of experience with SQL, VBA, SAS, or another similar language", (5.0, None)),
    ("Required: BS/BA; 0+ years of relevant experience", (0.0, None)),
    ("What You'll need: 3-5 years' experience in relevant field", (3.0, 5.0)),
    ("Minimum 2 years of experience in business intelligence, analytics", (2.0, None)),
    ("Experience requirements 5+ years as a data scientist", (5.0, None)),
    ("1 - 5 years in Data Analytics • 1 - 3 years in Predictive Modeling", (1.0, 5.0)),
    ("THIS IS AN ASSOCIATE LEVEL POSITION (3-5 YEARS EXPERIENCE).", (3.0, 5.0)),
    ("Minimum five years of experience in customer-facing activities;", (5.0, None)),
    ("Five or more years of computer and application software experience", (5.0, None)),
    ("with 6 months experience asBusiness Analyst or Team Leader", (0.5, None)),
    ("at least 4/5 years of experience in a similar position", (4.0, 5.0)),
    ("Experience: Mid min. 2 years Senior: min. 4 years.", (2.0, None)),
    ("We're looking for a senior engineer (9+ years) with hands-on AI/ML", (9.0, None)),
    ("Role Engineering, Full stack Experience 3+ years Visa US citizen/visa only", (3.0, None)),
    ("10+ years technology leadership experience required.", (10.0, None)),
    ("Minumum 3 years experience as a software engineer", (3.0, None)),
    ("1-year of experience or internships in customer support, sales", (1.0, None)),
    # not experience
    ("provider of HVAC services in the Charlotte Metro Area for 40+ years.", (None, None)),
    ("With 25+ years presence in the USA, Canada and global market", (None, None)),
    ("Initial Assignment is 1 year with potential 6-month extensions.", (None, None)),
    ("Bachelor’s or equivalent, or 4 full years of progressively higher-level graduate "
     "education", (None, None)),
    ("children ages 3 years to 5 years for Preschool.", (None, None)),
    ("Since I joined 6 years ago, I've personally been to India", (None, None)),
    ("", (None, None)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), YEARS)
def test_years_of_experience(text: str, expected: tuple[float | None, float | None]) -> None:
    assert years_of_experience(text) == expected


@pytest.mark.parametrize(
    ("years", "level", "confidence"),
    [(0, "EN", 0.6), (1.5, "EN", 0.6), (2, "MI", 0.6), (4, "MI", 0.6), (5, "SE", 0.6),
     (9, "SE", 0.6), (10, "SE", 0.5), (15, "SE", 0.5), (None, None, 0.0), (-1, None, 0.0)],
)  # fmt: skip
def test_seniority_from_years(years: float | None, level: str | None, confidence: float) -> None:
    got = seniority_from_years(years)
    assert (got.level, got.confidence, got.rank) == (level, confidence, None)


def test_resolve_prefers_stated_then_title_then_years() -> None:
    description = "You have 2+ years of experience with Python."
    stated = resolve_seniority("Senior Java Developer", stated="Mid", description=description)
    assert stated == Seniority("MI", "mid", "source:seniority", 0.95)
    title = resolve_seniority("Senior Java Developer", description=description)
    assert title == Seniority("SE", "senior", "title:word:senior", 0.9)
    years = resolve_seniority("Java Developer", description=description)
    assert years == Seniority("MI", None, "years:min:2", 0.6)
    assert resolve_seniority("Java Developer") == Seniority(None)
    # an unreadable label falls through to the title
    assert resolve_seniority("Lead Java Developer", stated="N/A").rule == "title:word:lead"


def test_resolve_keeps_the_title_rank_when_levels_agree() -> None:
    got = resolve_seniority("Staff ML Engineer", stated="Senior")
    assert (got.level, got.rank, got.rule) == ("SE", "staff", "source:seniority")


def test_level_labels_and_codes_round_trip() -> None:
    for code, label in LEVEL_LABELS.items():
        assert seniority_from_text(label).level == code
        assert seniority_from_text(code).level == code


def test_every_rank_maps_to_a_level() -> None:
    assert set(RANK_LEVELS.values()) <= set(LEVELS)
    assert set(normalize_seniority._ORDER) == set(RANK_LEVELS)


def test_doctests() -> None:
    assert doctest.testmod(normalize_seniority, raise_on_error=True).attempted > 0


@given(st.text(max_size=200))
def test_title_never_raises_and_level_is_valid(text: str) -> None:
    for got in (seniority_from_title(text), seniority_from_text(text), resolve_seniority(text)):
        assert got.level in (*LEVELS, None)
        assert 0.0 <= got.confidence <= 1.0
        assert (got.level is None) == (got.rule == "")
        assert got.rank is None or got.rank in RANK_LEVELS


@given(st.text(max_size=300))
def test_years_never_raise_and_are_ordered(text: str) -> None:
    low, high = years_of_experience(text)
    if low is None:
        assert high is None
    else:
        assert 0 <= low <= 40
        assert high is None or low <= high <= 40


@given(st.sampled_from([t for t, _, _ in TITLES]))
def test_reading_a_level_label_gives_the_same_level(title: str) -> None:
    # normalizing twice changes nothing: the label of a reading reads back as that level
    level = seniority_from_title(title).level
    if level is not None:
        assert seniority_from_text(LEVEL_LABELS[level]).level == level


def test_agreement_with_no_fluff_jobs_labels() -> None:
    """Measured 2026: 474 of 1,108 titles carry a cue; 91% of those agree with the label."""
    path = shared_path("postings-nofluffjobs-pl", "postings.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    pairs = [(seniority_from_title(r["title"]).level, seniority_from_text(r["seniority"]).level)
             for r in rows]  # fmt: skip
    covered = [(got, gold) for got, gold in pairs if got is not None]
    agree = sum(got == gold for got, gold in covered)
    assert len(covered) >= 450
    assert agree / len(covered) >= 0.88


def test_aijobs_codes_and_titles() -> None:
    path = shared_path("aijobs-salaries", "salaries_2025-01-19.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert all(seniority_from_text(r["experience_level"]).level == r["experience_level"]
               for r in rows)  # fmt: skip
    votes: dict[str, Counter[str]] = {}
    for r in rows:
        votes.setdefault(r["job_title"], Counter())[r["experience_level"]] += 1
    covered = [(seniority_from_title(t).level, c.most_common(1)[0][0]) for t, c in votes.items()]
    covered = [(got, gold) for got, gold in covered if got is not None]
    assert sum(got == gold for got, gold in covered) / len(covered) >= 0.8
