"""Tests of the responsibilities extractor on sentences from ../shared/data.

Snippets come from postings-google-careers (G), postings-glassdoor (GD) and
postings-hn-whoishiring (HN).
"""

from __future__ import annotations

import doctest
import gzip
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.pipeline.extract import responsibilities as module
from roleatlas.pipeline.extract.responsibilities import (
    VERBS,
    extract_responsibilities,
    lemmatize_verb,
    normalize_statement,
)

from .conftest import shared_path

# (sentence or bullet, statement, verb)
STATEMENTS = [
    # G
    (
        "Work one-on-one with the top Android, iOS, and web engineers to build exciting new "
        "product/API integrations.",
        "Work one-on-one with the top android, iOS, and web engineers",
        "work",
    ),
    (
        "Diagnose and resolve customer problems for Firebase products; Engineer and implement "
        "new ones.",
        "Diagnose and resolve customer problems for firebase products",
        "diagnose",
    ),
    (
        "Develop global sourcing strategies with defined plans for risk assessment and "
        "mitigation, and drive them.",
        "Develop global sourcing strategies with defined plans for risk assessment and mitigation",
        "develop",
    ),
    # GD
    (
        "+ Design, develop, and evaluate predictive models and advanced algorithms that lead to "
        "optimal value extraction from data.",
        "Design, develop, and evaluate predictive models and advanced algorithms",
        "design",
    ),
    (
        "\u00b7 Responsible for designing and deploying ML models on AWS",
        "Design and deploy ML models on AWS",
        "design",
    ),
    (
        "Ability to communicate results to Senior Leadership",
        "Communicate results to senior leadership",
        "communicate",
    ),
    (
        "Analyzes and develops formalisms, algorithms and software for applications in "
        "biomedical research.",
        "Analyze and develop formalisms, algorithms and software for applications in biomedical "
        "research",
        "analyze",
    ),
    ("Performs other duties as assigned.", "Perform other duties as assigned", "perform"),
    (
        "As a data scientist, you will collaborate with product managers and domain experts to "
        "identify problems",
        "Collaborate with product managers and domain experts",
        "collaborate",
    ),
    # HN
    (
        "You\u2019ll be building a Python-based backend that can connect to any data source.",
        "Build a Python-based backend",
        "build",
    ),
    (
        "You will design and build data pipelines that feed our models.",
        "Design and build data pipelines",
        "design",
    ),
    ("Help us build the future of payments", "Build the future of payments", "build"),
    ("Help customers adopt Google Cloud", "Help customers adopt google cloud", "help"),
    ("Strong communication skills", "Strong communication skills", None),
]


@pytest.mark.parametrize(("text", "statement", "verb"), STATEMENTS)
def test_normalize_statement(text: str, statement: str, verb: str | None) -> None:
    assert normalize_statement(text) == (statement, verb)


# (word, lemma)
LEMMAS = [
    ("designs", "design"),
    ("designing", "design"),
    ("Designed", "design"),
    ("creating", "create"),
    ("identifies", "identify"),
    ("planning", "plan"),
    ("ran", "run"),
    ("led", "lead"),
    ("analyses", "analyse"),
    ("building,", "build"),
    ("data", None),
    ("the", None),
]


@pytest.mark.parametrize(("word", "lemma"), LEMMAS)
def test_lemmatize_verb(word: str, lemma: str | None) -> None:
    assert lemmatize_verb(word) == lemma


def test_responsibilities_section_only() -> None:
    text = (
        "Job Summary\nWe build maps.\n"
        "Responsibilities:\n"
        "- Building dashboards for the sales team\n"
        "- Own the data model, end to end.\n"
        "In this role you will:\n"
        "Requirements:\n"
        "- Design experience\n"
    )
    got = [(r.statement, r.verb, r.section) for r in extract_responsibilities(text)]
    assert got == [
        ("Build dashboards for the sales team", "build", "responsibilities"),
        ("Own the data model, end to end", "own", "responsibilities"),
    ]


def test_free_text_fallback() -> None:
    text = (
        "Stacker | FULL-TIME | REMOTE ONLY (limited to Europe!)\n\n"
        "We want to change the way software is built. "
        "You'll be creating a React-based app editor that lets users create software. "
        "You'll love our culture. Apply at https://stacker.app/hiring. "
        "Learn more about us on our blog."
    )
    got = [(r.statement, r.verb, r.section) for r in extract_responsibilities(text)]
    assert got == [("Create a React-based app editor", "create", "other")]


def test_google_posting_has_verb_led_statements() -> None:
    path = shared_path("postings-google-careers", "postings.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()][:200]
    with_verb = total = 0
    for row in rows:
        duties = (row["extra"].get("responsibilities") or "").splitlines()
        found = extract_responsibilities(row.get("description") or "")
        assert len(found) >= len([d for d in duties if len(d.split()) >= 2])
        total += len(found)
        with_verb += sum(r.verb is not None for r in found)
        for r in found:
            assert r.section == "responsibilities"
            assert 1 <= len(r.statement.split()) <= 12
    assert total > 600
    assert with_verb / total >= 0.9


def test_doctests() -> None:
    assert doctest.testmod(module).failed == 0


def test_verbs_are_base_forms() -> None:
    assert all(v == v.lower() and " " not in v for v in VERBS)
    assert lemmatize_verb("design") == "design"


@given(st.text(max_size=400))
@settings(max_examples=300, deadline=None)
def test_never_raises(text: str) -> None:
    for r in extract_responsibilities(text):
        assert len(r.statement.split()) <= 12
        assert r.verb is None or r.verb in VERBS


_WORDS = st.sampled_from(
    "You will You'll Responsible for Ability to design designing building and , . ; : data "
    "pipelines that which \n Responsibilities: - * Help us".split(" ")
)


@given(st.lists(_WORDS, max_size=40).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_statements_are_short_and_verb_led(text: str) -> None:
    statement, verb = normalize_statement(text)
    assert len(statement.split()) <= 12
    if verb is not None:
        assert statement.split()[0].lower() == verb
