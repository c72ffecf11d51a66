"""Fuzzing the normalizers and the extractor with hostile text.

Each target gets arbitrary Unicode (lone surrogates, NULs, control characters, RTL marks,
combining characters, case-folding look-alikes such as ``ſ`` and ``K``), huge numbers, repeated
separators, currency symbols, long tokens and real strings from the other test modules,
mutated. The contract is the one of issue 9: a result or a :class:`RoleatlasError`, never
another exception; where an invariant holds (a parsed salary has ``min <= max``, finite
amounts and a known period; cleaning a title twice changes nothing) it is checked too.

The budget is bounded so that the whole module stays well under a minute in CI;
``ROLEATLAS_FUZZ_EXAMPLES=3000 pytest tests/test_fuzz_normalize.py`` runs a longer pass. The
number of inputs tried per target is printed at the end of the module.

``test_large_inputs_complete`` feeds every normalizer 100 KB of repeated tricky characters:
it guards against quadratic loops and catastrophic regex backtracking (it only has to finish).
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roleatlas.errors import RoleatlasError
from roleatlas.pipeline.extract import extract_text
from roleatlas.pipeline.guard import admit
from roleatlas.pipeline.normalize import normalize_posting
from roleatlas.pipeline.normalize.employment import (
    EMPLOYMENT_TYPES,
    employment_from_title,
    parse_employment_type,
)
from roleatlas.pipeline.normalize.location import WORKPLACES, parse_location
from roleatlas.pipeline.normalize.salary import FLAGS, PERIODS, parse_salary
from roleatlas.pipeline.normalize.seniority import resolve_seniority
from roleatlas.pipeline.normalize.title import clean_title, match_title
from roleatlas.records import LEVELS, Location, Posting, RawPosting, Salary, Seniority

EXAMPLES = int(os.environ.get("ROLEATLAS_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Inputs tried per target (printed when the module ends).
TRIED: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if not TRIED:
        return
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    figures = ", ".join(f"{name} {count}" for name, count in sorted(TRIED.items()))
    with capture.global_and_fixture_disabled():  # teardown output is captured otherwise
        reporter.write_line(f"\nfuzz inputs tried ({EXAMPLES} examples per test): {figures}")


def attempt(target: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``call(*args, **kwargs)``, counted; a :class:`RoleatlasError` is an allowed answer
    (returned as ``None``), any other exception fails the test."""
    TRIED[target] += 1
    try:
        return call(*args, **kwargs)
    except RoleatlasError:
        return None


# ------------------------------------------------------------------------------ strategies

# Characters chosen to hurt: controls, NUL, lone surrogates, bidi marks, combining marks,
# odd spaces and dashes, look-alikes that match ASCII letters case-insensitively (ſ ı İ K Å),
# digits of other scripts, fractions, superscripts, ligatures, currency signs.
NASTY_CHARS = (
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1c", "\x1f", "\x7f", "\x85",
    "\x9b", "\ud800", "\udbff", "\udc00", "\udfff", "\u200b", "\u200c", "\u200d", "\u200e",
    "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\ufffd", "\u0301", "\u0308",
    "\u0345", "\u20dd", "\u00a0", "\u2009", "\u202f", "\u3000", "\u2028", "\u2029", "\u2013",
    "\u2014", "\u2212", "\uff0d", "\u017f", "\u0131", "\u0130", "\u212a", "\u212b", "\u00b5",
    "\ufb00", "\ufb05", "\u00df", "\u0663", "\u06f9", "\u0969", "\U0001d7d7", "\uff19",
    "\u00bd", "\u00b2", "\u2163", "\u2460", "$", "£", "€", "¥", "₹", "₪", "¢", "₩", "₿",
    "(", ")", "[", "]", "{", "}", "/", "\\", "|", "-", "+", "*", "#", "&", "%", ",", ".",
    ";", ":", "'", '"', "~", "@", "!", "?", " ", "\t", "\n", "\r",
)  # fmt: skip

# Words and pieces the normalizers look for, so that random text reaches their deep branches.
TOKENS = (
    "$", "US$", "A$", "HK$", "£", "€", "₹", "¥", "kr", "zł", "Rs.", "USD", "EUR", "GBP", "INR",
    "k", "K", "M", "mm", "lakh", "LPA", "crore", "cr", "thousand", "million", "\u212a",
    "0", "1", "7", "9", "12", "401", "401k", "2024", "1,000", "1.000", "1'000", "1 000",
    "12,00,000", "28,00", "1.5", "1e308", "$1e308", "-1", "NaN", "inf", "9" * 400,
    "-", " - ", "–", "—", "to", " to ", "and", "/", "~", "+", "++", "%", "per", "an", "a",
    "per hour", "/hr", "/yr", "/mo", "p.h.", "ph", "pa", "p.a.", "pcm", "per annum", "hourly",
    "daily", "weekly", "monthly", "annually", "a year", "an hour", "hour\u017f", "year\u017f",
    "Up to", "upto", "From", "c", "circa", "approx", "Competitive", "Negotiable", "DOE",
    "OTE", "bonus", "equity", "benefits", "(Glassdoor est.)", "(Employer est.)",
    "Employer Provided Salary:", "years", "5+ years", "hours",
    "Senior", "Sr.", "Junior", "Lead", "Staff", "Principal", "Head of", "Director", "VP",
    "Intern", "II", "III", "IV", "L5", "Level 2", "Data", "Scientist", "Engineer", "Analyst",
    "Machine Learning", "ML", "AI", "Manager", "Research", "Professor", "Software",
    "(m/w/d)", "(Remote)", "#1234", "Req 123", "R12345", "GS-12", "@", " at ", "w/", "with",
    "Remote", "Hybrid", "On-site", "Onsite", "WFH", "Anywhere", "Worldwide", "EU", "EMEA",
    "US", "USA", "U.S.", "UK", "Canada", "Germany", "New York", "NY", "San Francisco", "CA",
    "London", "Berlin", "Paris", "Bangalore", "Sydney, NSW", "Washington, DC", "Georgia",
    "Full-time", "Full Time", "FT", "PT", "CT", "Part-time", "Contract", "Contract-to-hire",
    "Temp", "Permanent", "Internship", "co-op", "Freelance", "Seasonal", "per diem",
    "Requirements", "Responsibilities", "Qualifications", "Nice to have", "Benefits",
    "Bachelor's degree", "Master's", "PhD", "or equivalent experience", "Python", "SQL",
    "C++", "C#", ".NET", "Node.js", "R", "Go", "\n- ", "\n* ", "\n\n", ":", "•",
)  # fmt: skip

# Real strings from the other test modules, mutated below.
SEEDS = (
    "$53K-$91K (Glassdoor est.)",
    "20000 - 30000/annum 20-30K",
    "Upto 9 per hour",
    "18,000 per annum + Tips (IRO 120 Per Month)",
    "25,000 to 28,00 per year",
    "20 - 25k Basic,  70 - 75K OTE+++",
    "8p/hr to 9p/hr per hour",
    "HK$210K - HK$368K (Glassdoor Est.)",
    "€3858–€4244/month",
    "$4K–6K USD/mo; $4,000–5,000 USD/mo; $5,000–6,000 USD/mo",
    "12 LPA",
    "45,000 euros per year",
    "12 lakhs per annum",
    "USD 120k - 140k",
    "20 dollars/hrs",
    "£300-£350 per day, 6 months",
    "Kansas City, KS",
    "Remote - Switzerland or Sweden",
    "Hybrid, Istanbul, Turkey",
    "Albuquerque, NM",
    "Remote (anywhere in the U.S.)",
    "Hybrid - Berlin, Germany",
    "Dorking, Surrey, Surrey",
    "Remote (US/Canada)",
    "London, England, United Kingdom",
    "Sr. Data Scientist II - New York, NY (R12345)",
    "Senior Data Engineer (Remote) - Boston, MA",
    "Lead Data Scientist, Risk Analytics (Hybrid) - Seattle, WA",
    "Senior Associate, Insights & Analytics Intern",
    "Machine Learning Engineer (m/w/d) #1234",
    "Natural Language Processing (NLP) Engineer",
    "Software Engineer, Machine Learning",
    "Associate Data Scientist (Dec 2022 - May 2023 Graduates)",
    "Staff ML Engineer",
    "Data Engineer 5 - Contract",
    "Full time, interns/co-ops",
    "permanent / full_time",
    "Requirements:\n- 5+ years of Python and SQL\n- BS in Computer Science or equivalent",
)

nasty_char = st.sampled_from(NASTY_CHARS)
# Every code point, surrogates and controls included.
any_char = st.characters(exclude_categories=())
piece = st.one_of(
    st.sampled_from(TOKENS),
    st.sampled_from(TOKENS).map(str.upper),
    nasty_char,
    st.text(any_char, max_size=6),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
# Repeated pieces: long tokens and runs of separators ("$1,$1,$1,", "-----", "a a a").
repeated = st.builds(
    lambda text, count: text * count,
    st.sampled_from(TOKENS + NASTY_CHARS),
    st.integers(min_value=2, max_value=300),
)


# Letters that Python's case-insensitive regexes match for ASCII ones ("ſ" for "s", "K" for
# "k", "ı" and "İ" for "i") but that ``str.lower`` does not turn into them.
LOOK_ALIKES = {
    "s": "\u017f",
    "S": "\u017f",
    "k": "\u212a",
    "K": "\u212a",
    "i": "\u0131",
    "I": "\u0130",
}
look_alike = st.sets(st.sampled_from(sorted(LOOK_ALIKES)), min_size=1).map(
    lambda keys: {ord(key): LOOK_ALIKES[key] for key in keys}
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A real string with a few pieces inserted, characters replaced or spans repeated."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        kind = draw(st.sampled_from(("insert", "replace", "delete", "repeat", "look-alike")))
        if kind == "insert":
            text = text[:at] + draw(st.one_of(piece, repeated)) + text[at:]
        elif kind == "replace" and at < len(text):
            text = text[:at] + draw(nasty_char) + text[at + 1 :]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=5)) :]
        elif kind == "repeat":
            end = min(len(text), at + draw(st.integers(min_value=1, max_value=8)))
            text = (
                text[:at] + text[at:end] * draw(st.integers(min_value=2, max_value=50)) + text[end:]
            )
        else:
            text = text.translate(draw(look_alike))
    return text


hostile = st.one_of(
    st.text(any_char, max_size=200),
    st.lists(st.one_of(piece, repeated), max_size=25).map("".join),
    st.lists(piece, max_size=25).map(" ".join),
    st.builds(str.translate, st.lists(piece, max_size=25).map(" ".join), look_alike),
    mutated(),
)


# ------------------------------------------------------------------------------ normalizers


@FUZZ
@given(hostile)
def test_title(text: str) -> None:
    match = attempt("title", match_title, text)
    if match is None:
        return
    assert match.raw == text
    assert (match.role is None) == (match.method == "none")
    assert 0.0 <= match.score <= 1.0
    assert match.seniority.level in (None, *LEVELS)
    again = attempt("title", match_title, text)
    assert (again.role, again.cleaned, again.method) == (match.role, match.cleaned, match.method)


@FUZZ
@given(hostile)
def test_clean_title_is_idempotent(text: str) -> None:
    cleaned = attempt("clean_title", clean_title, text)
    if cleaned is None:
        return
    assert isinstance(cleaned, str)
    assert attempt("clean_title", clean_title, cleaned) == cleaned


def check_salary(salary: Salary | None, text: str) -> None:
    if salary is None:
        assert not text.strip()
        return
    assert salary.raw == text
    assert set(salary.flags) <= set(FLAGS)
    assert salary.currency is None or (len(salary.currency) == 3 and salary.currency.isupper())
    if not salary.parsed:
        assert salary.reason
        return
    assert salary.min_amount is not None and salary.max_amount is not None
    assert math.isfinite(salary.min_amount) and math.isfinite(salary.max_amount)
    assert 0 <= salary.min_amount <= salary.max_amount
    assert salary.period in PERIODS or (salary.period is None and "period_unknown" in salary.flags)
    if salary.annual_min is not None and salary.annual_max is not None:
        assert math.isfinite(salary.annual_min) and salary.annual_min <= salary.annual_max
    assert 0.0 < salary.confidence <= 1.0


@FUZZ
@given(hostile, st.sampled_from((None, "USD", "GBP", "AUD", "INR", "SEK", "JPY", "XYZ")))
def test_salary(text: str, default_currency: str | None) -> None:
    salary = attempt("salary", parse_salary, text, default_currency=default_currency)
    check_salary(salary, text)


@FUZZ
@given(hostile, st.sampled_from((None, "US", "GB", "DE", "IN", "Germany")))
def test_location(text: str, default_country: str | None) -> None:
    location = attempt("location", parse_location, text, default_country=default_country)
    if location is None:
        return
    assert isinstance(location, Location)
    assert location.raw == text
    assert location.country is None or (len(location.country) == 2 and location.country.isupper())
    assert location.workplace in (None, *WORKPLACES)
    assert 0.0 <= location.confidence <= 1.0


@FUZZ
@given(st.one_of(st.none(), hostile), st.one_of(st.none(), hostile), st.one_of(st.none(), hostile))
def test_seniority(title: str | None, stated: str | None, description: str | None) -> None:
    seniority = attempt("seniority", resolve_seniority, title, stated, description)
    if seniority is None:
        return
    assert isinstance(seniority, Seniority)
    assert seniority.level in (None, *LEVELS)
    assert 0.0 <= seniority.confidence <= 1.0


@FUZZ
@given(st.one_of(st.none(), hostile))
def test_employment(text: str | None) -> None:
    types = attempt("employment", parse_employment_type, text)
    if types is not None:
        assert set(types) <= set(EMPLOYMENT_TYPES)
        assert list(types) == [code for code in EMPLOYMENT_TYPES if code in types]
    from_title = attempt("employment_from_title", employment_from_title, text)
    assert from_title in (None, *EMPLOYMENT_TYPES)


text_or_none = st.one_of(st.none(), hostile)
raw_postings = st.builds(
    RawPosting,
    source=st.one_of(st.sampled_from(("demo", "greenhouse:acme", "adzuna-gb")), hostile),
    source_id=st.one_of(st.sampled_from(("1", "abc-42")), hostile),
    title=text_or_none,
    company=text_or_none,
    location=text_or_none,
    description=text_or_none,
    salary_text=text_or_none,
    employment_type=text_or_none,
    seniority=text_or_none,
    posted_at=text_or_none,
    url=text_or_none,
    extra=st.one_of(
        st.just({}),
        st.dictionaries(
            st.text(any_char, max_size=8), st.one_of(hostile, st.integers()), max_size=3
        ),
    ),
)


@FUZZ
@given(raw_postings)
def test_normalize_posting(raw: RawPosting) -> None:
    # The normalizers themselves, on text that has not been through the record gate ...
    posting = attempt("normalize_posting", normalize_posting, raw, content_hash="fuzz")
    assert posting is None or isinstance(posting, Posting)
    # ... and the way an ingest runs them: the gate first, then a hash of the cleaned record.
    admitted = admit(raw)
    if isinstance(admitted, RawPosting):
        posting = attempt("normalize_posting", normalize_posting, admitted)
        if posting is not None:
            assert posting.content_hash == admitted.content_hash()
            if posting.salary is not None:
                check_salary(posting.salary, posting.salary.raw)


@FUZZ
@given(text_or_none, text_or_none)
def test_extract_text(title: str | None, description: str | None) -> None:
    extraction = attempt("extract_text", extract_text, title, description)
    if extraction is None:
        return
    for mention in extraction.skills:
        # Title mentions have offsets into the title; the fuzzer also found description
        # mentions with section "title", so either text may hold a "title" mention.
        sources = [description] if mention.section != "title" else [title, description]
        assert any(
            source is not None
            and 0 <= mention.start <= mention.end <= len(source)
            and source[mention.start : mention.end] == mention.text
            for source in sources
        ), ascii((mention, title, description))


# ------------------------------------------------------------------------------ large inputs

# 100 KB of repeated tricky characters: each must be handled in linear-ish time. Not timed
# (CI machines vary); a quadratic loop or catastrophic backtracking makes this test hang.
LARGE = {
    "dollar-one-comma": "$1," * 33_334,
    "dashes": "-" * 100_000,
    "words": "a " * 50_000,
    "spaces": " " * 100_000,
    "digits": "9" * 100_000,
    "dollar-digits": "$" + "9" * 100_000,
    "number-dash": "1-" * 50_000,
    "number-dot": "1." * 50_000,
    "number-to": "1 to " * 20_000,
    "number-k": "1k " * 33_334,
    "euro": "€1 " * 33_334,
    "exp": "$1e308 " * 14_286,
    "open-parens": "(" * 100_000,
    "parens": "(a " * 33_334,
    "remote-parens": "(remote) " * 11_112,
    "slashes": "a/" * 50_000,
    "commas": ", " * 50_000,
    "newlines": "a\n" * 50_000,
    "senior": "Senior " * 14_286,
    "lead": "Lead " * 20_000 + "x",
    "levels": "Data Engineer" + " II" * 33_000,
    "heads": "engineer " * 11_112,
    "roles": "Data Engineer" + " role" * 20_000 + " x",
    "years": "5+ years " * 11_112,
    "remote": "Remote, " * 12_500,
    "bullets": "- python\n" * 11_112,
    "nul": "\x00" * 100_000,
    "surrogates": "\ud800" * 100_000,
    "combining": "a" + "\u0301" * 100_000,
    "long-s": "hour\u017f " * 16_667,
}


@pytest.mark.parametrize("name", sorted(LARGE))
def test_large_inputs_complete(name: str) -> None:
    text = LARGE[name]
    attempt("large", match_title, text)
    attempt("large", parse_salary, text)
    attempt("large", parse_location, text)
    attempt("large", resolve_seniority, text, stated=text, description=text)
    attempt("large", parse_employment_type, text)
    attempt("large", employment_from_title, text)
    attempt("large", extract_text, text, text)
