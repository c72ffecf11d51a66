"""Tests for roleatlas.sources.listing: the job-board plain-text listing format."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from roleatlas.errors import InputError, RecordError
from roleatlas.limits import Limits
from roleatlas.records import LEVEL_LABELS, RawPosting
from roleatlas.sources import read_postings
from roleatlas.sources.listing import format_listing, parse_listing_text, read_listing

# The five seed listings, verbatim, in the board's three-line form.
SEED = """\
Data Engineer
@ murmuration | Remote (anywhere in the U.S.)
Full Time Mid-level / Intermediate USD 100K - 130K
Senior Data Scientist
@ murmuration | Remote (anywhere in the U.S.)
Full Time Senior-level / Expert USD 120K - 150K
Asst/Assoc Professor of Applied Mathematics & Artificial Intelligence
@ Rochester Institute of Technology | Rochester, NY
Full Time Mid-level / Intermediate USD 75K - 150K
Cloud Consultant Intern, AWS Professional Services
@ Amazon.com | Seattle, Washington, USA
Full Time Internship Entry-level / Junior USD 85K - 185K
Software Development Engineer Intern, Student Veteran Opportunity
@ Amazon.com | Seattle, Washington, USA
Full Time Internship Entry-level / Junior USD 95K - 192K
"""

# The same five, run together as the board page copied them: no line breaks at all.
SEED_RUN_ON = (
    "Data Engineer@ murmuration | Remote (anywhere in the U.S.)Full Time Mid-level / "
    "Intermediate USD 100K - 130KSenior Data Scientist@ murmuration | Remote (anywhere in "
    "the U.S.)Full Time Senior-level / Expert USD 120K - 150KAsst/Assoc Professor of Applied "
    "Mathematics & Artificial Intelligence@ Rochester Institute of Technology | Rochester, "
    "NYFull Time Mid-level / Intermediate USD 75K - 150KCloud Consultant Intern, AWS "
    "Professional Services@ Amazon.com | Seattle, Washington, USAFull Time Internship "
    "Entry-level / Junior USD 85K - 185KSoftware Development Engineer Intern, Student Veteran "
    "Opportunity@ Amazon.com | Seattle, Washington, USAFull Time Internship Entry-level / "
    "Junior USD 95K - 192K"
)

# (title, company, location, employment type, level label, salary text)
EXPECTED = [
    (
        "Data Engineer",
        "murmuration",
        "Remote (anywhere in the U.S.)",
        "Full Time",
        "Mid-level / Intermediate",
        "USD 100K - 130K",
    ),
    (
        "Senior Data Scientist",
        "murmuration",
        "Remote (anywhere in the U.S.)",
        "Full Time",
        "Senior-level / Expert",
        "USD 120K - 150K",
    ),
    (
        "Asst/Assoc Professor of Applied Mathematics & Artificial Intelligence",
        "Rochester Institute of Technology",
        "Rochester, NY",
        "Full Time",
        "Mid-level / Intermediate",
        "USD 75K - 150K",
    ),
    (
        "Cloud Consultant Intern, AWS Professional Services",
        "Amazon.com",
        "Seattle, Washington, USA",
        "Full Time Internship",
        "Entry-level / Junior",
        "USD 85K - 185K",
    ),
    (
        "Software Development Engineer Intern, Student Veteran Opportunity",
        "Amazon.com",
        "Seattle, Washington, USA",
        "Full Time Internship",
        "Entry-level / Junior",
        "USD 95K - 192K",
    ),
]


def fields(item: RawPosting | RecordError) -> tuple[str | None, ...]:
    assert isinstance(item, RawPosting), f"expected a posting, got {item}"
    return (
        item.title,
        item.company,
        item.location,
        item.employment_type,
        item.seniority,
        item.salary_text,
    )


def postings(text: str) -> list[tuple[str | None, ...]]:
    return [fields(item) for item in parse_listing_text(text)]


def test_seed_three_line_blocks() -> None:
    items = parse_listing_text(SEED, origin="seed.txt")
    assert [fields(i) for i in items] == EXPECTED
    assert [i.origin for i in items] == [
        "seed.txt:1",
        "seed.txt:4",
        "seed.txt:7",
        "seed.txt:10",
        "seed.txt:13",
    ]
    assert all(isinstance(i, RawPosting) and i.source == "listing" for i in items)


def test_seed_fully_run_on() -> None:
    items = parse_listing_text(SEED_RUN_ON)
    assert [fields(i) for i in items] == EXPECTED
    # Postings that start inside the line get a column.
    assert items[0].origin == "<text>:1"
    assert items[1].origin == "<text>:1:109"


def test_seed_run_on_across_lines() -> None:
    # The page's partial run-on: metadata glued to the next title, lines otherwise intact.
    text = (
        "Data Engineer\n"
        "@ murmuration | Remote (anywhere in the U.S.)\n"
        "Full Time Mid-level / Intermediate USD 100K - 130KSenior Data Scientist\n"
        "@ murmuration | Remote (anywhere in the U.S.)\n"
        "Full Time Senior-level / Expert USD 120K - 150K\n"
    )
    assert postings(text) == EXPECTED[:2]


def test_seed_location_glued_to_metadata() -> None:
    text = SEED.replace("\nFull Time", "Full Time")
    assert postings(text) == EXPECTED


def test_seed_each_posting_on_one_line() -> None:
    text = SEED.replace("\n@", "@").replace("\nFull", "Full")
    assert postings(text) == EXPECTED


def test_seed_blocks_separated_by_blank_lines_and_crlf() -> None:
    blocks = SEED.strip().split("\n")
    text = "\r\n\r\n".join("\r\n".join(blocks[i : i + 3]) for i in range(0, len(blocks), 3))
    assert postings(text) == EXPECTED


def test_printed_one_line_form() -> None:
    text = (
        "Senior Data Scientist @ murmuration | Remote (anywhere in the U.S.) · Full Time · "
        "Senior-level / Expert · USD 120K - 150K"
    )
    assert postings(text) == [EXPECTED[1]]


def test_printed_two_line_form() -> None:
    text = (
        "Senior Data Scientist @ murmuration | Remote (anywhere in the U.S.)\n"
        "Full Time · Senior-level / Expert · USD 120K - 150K\n"
        "Data Engineer @ murmuration | Remote (anywhere in the U.S.)\n"
        "Full Time · Mid-level / Intermediate · USD 100K - 130K\n"
    )
    assert postings(text) == [EXPECTED[1], EXPECTED[0]]


@pytest.mark.parametrize("form", ["lines", "line", "two-line"])
def test_seed_round_trips_through_each_printed_form(form: str) -> None:
    parsed = [i for i in parse_listing_text(SEED) if isinstance(i, RawPosting)]
    text = "\n".join(format_listing(p, form=form) for p in parsed)
    again = parse_listing_text(text)
    assert [fields(i) for i in again] == EXPECTED
    assert [i.source_id for i in again] == [p.source_id for p in parsed]  # type: ignore[union-attr]


def test_format_listing_forms() -> None:
    posting = RawPosting(
        source="listing",
        source_id="x",
        title="Data Engineer",
        company="murmuration",
        location="Remote (anywhere in the U.S.)",
        employment_type="Full Time",
        seniority="Mid-level / Intermediate",
        salary_text="USD 100K - 130K",
    )
    assert format_listing(posting) == (
        "Data Engineer\n@ murmuration | Remote (anywhere in the U.S.)\n"
        "Full Time Mid-level / Intermediate USD 100K - 130K"
    )
    assert format_listing(posting, form="two-line") == (
        "Data Engineer @ murmuration | Remote (anywhere in the U.S.)\n"
        "Full Time · Mid-level / Intermediate · USD 100K - 130K"
    )
    with pytest.raises(ValueError, match="Got 'html'"):
        format_listing(posting, form="html")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Missing salary.
        (
            "ML Engineer\n@ Acme | Berlin, Germany\nFull Time Senior-level / Expert",
            ("ML Engineer", "Acme", "Berlin, Germany", "Full Time", "Senior-level / Expert", None),
        ),
        # Missing metadata line entirely.
        ("ML Engineer\n@ Acme | Berlin", ("ML Engineer", "Acme", "Berlin", None, None, None)),
        # Missing location.
        (
            "ML Engineer\n@ Acme\nPart Time USD 50K",
            ("ML Engineer", "Acme", None, "Part Time", None, "USD 50K"),
        ),
        # Only a salary, with a "+".
        (
            "Head of AI\n@ Acme | Remote\nEUR 200K+",
            ("Head of AI", "Acme", "Remote", None, None, "EUR 200K+"),
        ),
        # Executive level, contract.
        (
            "Director of Data\n@ Acme | London\n"
            "Contract Executive-level / Director GBP 150K - 180K",
            (
                "Director of Data",
                "Acme",
                "London",
                "Contract",
                "Executive-level / Director",
                "GBP 150K - 180K",
            ),
        ),
        # A title that starts with an employment word is not metadata.
        (
            "Contract Data Engineer\n@ Acme | Berlin\nContract Mid-level / Intermediate",
            (
                "Contract Data Engineer",
                "Acme",
                "Berlin",
                "Contract",
                "Mid-level / Intermediate",
                None,
            ),
        ),
        # "@Company" without the space, at the start of a line.
        (
            "Data Analyst\n@Acme | Austin, TX",
            ("Data Analyst", "Acme", "Austin, TX", None, None, None),
        ),
    ],
)
def test_partial_listings(text: str, expected: tuple[str | None, ...]) -> None:
    assert postings(text) == [expected]


def test_title_starting_with_employment_word_after_a_posting_without_metadata() -> None:
    text = "Data Engineer\n@ Acme | Berlin\nInternship - Data Science\n@ Acme | Paris\n"
    assert postings(text) == [
        ("Data Engineer", "Acme", "Berlin", None, None, None),
        ("Internship - Data Science", "Acme", "Paris", None, None, None),
    ]


def test_run_on_without_metadata_splits_on_case_change() -> None:
    text = (
        "Data Engineer@ murmuration | Remote (anywhere in the U.S.)Senior Data Scientist"
        "@ murmuration | McLean, VAData Analyst@ Acme | Seattle, Washington, USA"
        "Software Dev@ Beta | NYCloud Engineer@ Gamma"
    )
    assert [(t, c, loc) for t, c, loc, *_ in postings(text)] == [
        ("Data Engineer", "murmuration", "Remote (anywhere in the U.S.)"),
        ("Senior Data Scientist", "murmuration", "McLean, VA"),
        ("Data Analyst", "Acme", "Seattle, Washington, USA"),
        ("Software Dev", "Beta", "NY"),
        ("Cloud Engineer", "Gamma", None),
    ]


def test_run_on_that_cannot_be_split_rejects_both_postings() -> None:
    items = parse_listing_text("Data Engineer@ Acme | remote usadata engineer@ Beta")
    assert [type(i) for i in items] == [RecordError, RecordError]
    assert "Cannot tell where this posting ends" in str(items[0])
    assert "has no title" in str(items[1])


def test_leftover_text_is_reported_not_dropped() -> None:
    text = "Jobs we found\nData Engineer\n@ Acme | Berlin\nFull Time\nsee more\n"
    items = parse_listing_text(text, origin="page.txt")
    assert isinstance(items[0], RecordError)
    assert items[0].origin == "page.txt:1"
    assert "Got 'Jobs we found' instead" in str(items[0])
    assert fields(items[1]) == ("Data Engineer", "Acme", "Berlin", "Full Time", None, None)
    assert isinstance(items[2], RecordError)
    assert items[2].origin == "page.txt:5"


def test_text_without_any_posting() -> None:
    [item] = parse_listing_text("just some words")
    assert isinstance(item, RecordError)
    assert "No posting found" in str(item)
    assert parse_listing_text("") == []
    assert parse_listing_text("  \n\n") == []


def test_posting_without_title() -> None:
    [item] = parse_listing_text("@ Acme | Berlin\nFull Time")
    assert isinstance(item, RecordError)
    assert item.origin == "<text>:1"
    assert "no title" in str(item)


def test_source_id_is_a_stable_hash_of_title_company_location() -> None:
    one = parse_listing_text(SEED)
    two = parse_listing_text(SEED_RUN_ON)
    ids = [i.source_id for i in one if isinstance(i, RawPosting)]
    assert ids == [i.source_id for i in two if isinstance(i, RawPosting)]
    assert len(set(ids)) == 5
    assert all(len(i) == 16 for i in ids)
    # Metadata does not change the id; the location does.
    changed = SEED.replace("USD 100K - 130K", "USD 110K - 130K")
    assert parse_listing_text(changed)[0].source_id == ids[0]  # type: ignore[union-attr]
    moved = SEED.replace("Rochester, NY", "Buffalo, NY")
    assert parse_listing_text(moved)[2].source_id != ids[2]  # type: ignore[union-attr]


def test_read_listing_file_gz_and_detection(tmp_path: Path) -> None:
    path = tmp_path / "aijobs.txt.gz"
    path.write_bytes(gzip.compress(SEED.encode("utf-8")))
    items = list(read_postings(path))
    assert [fields(i) for i in items] == EXPECTED
    assert items[2].origin == f"{path}:7"
    named = list(read_listing(path, source="aijobs"))
    assert {i.source for i in named if isinstance(i, RawPosting)} == {"aijobs"}


# --- properties -----------------------------------------------------------------------------

FRAGMENTS = [
    "@",
    "@ ",
    " | ",
    "|",
    " · ",
    "·",
    "\n",
    " ",
    "Full Time",
    "Full Time ",
    "Internship",
    "Contract",
    "Contractor",
    "USD 100K - 130K",
    "USD 100K",
    "EUR 5",
    "XYZ 100K",
    "+",
    "-",
    "Senior",
    "Data Engineer",
    "murmuration",
    "Remote (anywhere in the U.S.)",
    "McLean",
    "NY",
    "iOS",
    *LEVEL_LABELS.values(),
]


@settings(max_examples=300)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    for item in parse_listing_text(text):
        assert isinstance(item, RawPosting | RecordError)
        assert item.origin is not None and item.origin.startswith("<text>:")
        if isinstance(item, RawPosting):
            assert item.title


@settings(max_examples=300)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_never_raises_on_listing_like_text(parts: list[str]) -> None:
    for item in parse_listing_text("".join(parts)):
        assert isinstance(item, RawPosting | RecordError)
        if isinstance(item, RawPosting):
            for value in fields(item):
                assert value is None or (value == value.strip() and value and "\n" not in value)


TITLE_WORDS = [
    "Senior",
    "Data",
    "Scientist",
    "ML",
    "Engineer",
    "Analyst",
    "Lead",
    "AI",
    "Research",
    "Applied",
    "Platform",
    "II",
    "Intern,",
    "NLP",
    "&",
    "Asst/Assoc",
    "Professor",
    "of",
    "(Remote)",
    "MLOps",
]
COMPANIES = [
    "murmuration",
    "Amazon.com",
    "Rochester Institute of Technology",
    "Acme Inc.",
    "OpenAI",
    "McKinsey & Company",
]
LOCATIONS = [
    None,
    "Remote (anywhere in the U.S.)",
    "Rochester, NY",
    "Seattle, Washington, USA",
    "Berlin, Germany",
    "McLean, VA",
    "Remote",
]
EMPLOYMENT = [None, "Full Time", "Part Time", "Contract", "Full Time Internship", "Freelance"]
SALARIES = [None, "USD 100K - 130K", "EUR 60K - 80K", "GBP 45K", "USD 250K+", "INR 1200K - 1800K"]

posting_strategy = st.builds(
    lambda words, company, location, employment, level, salary: RawPosting(
        source="listing",
        source_id="",
        title=" ".join(words),
        company=company,
        location=location,
        employment_type=employment,
        seniority=level,
        salary_text=salary,
    ),
    st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=6),
    st.sampled_from(COMPANIES),
    st.sampled_from(LOCATIONS),
    st.sampled_from(EMPLOYMENT),
    st.sampled_from([None, *LEVEL_LABELS.values()]),
    st.sampled_from(SALARIES),
)


def expected_fields(p: RawPosting) -> tuple[str | None, ...]:
    return (p.title, p.company, p.location, p.employment_type, p.seniority, p.salary_text)


@settings(max_examples=200)
@given(
    st.lists(posting_strategy, min_size=1, max_size=5),
    st.sampled_from(["lines", "line", "two-line"]),
)
def test_printed_postings_round_trip(items: list[RawPosting], form: str) -> None:
    text = "\n".join(format_listing(p, form=form) for p in items)
    assert postings(text) == [expected_fields(p) for p in items]


@settings(max_examples=200)
@given(
    st.lists(
        posting_strategy.filter(lambda p: p.seniority is not None and p.location is not None),
        min_size=1,
        max_size=5,
    )
)
def test_run_on_postings_round_trip(items: list[RawPosting]) -> None:
    # Board order: title, "@ company | location", then the metadata, all glued together.
    # A title glued to "130K" must start with a capital ("130Kof" would be ambiguous).
    assume(all(not p.title[0].islower() for p in items if p.title))
    text = "".join(format_listing(p, form="lines").replace("\n", "") for p in items)
    assert postings(text) == [expected_fields(p) for p in items]


def test_a_listing_larger_than_the_bound_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "jobs.txt"
    path.write_text("Data Scientist\n@ Acme | Remote\nFull Time\n" * 100)
    with pytest.raises(InputError, match=r"larger than 1 KiB .*ROLEATLAS_MAX_DOCUMENT_BYTES"):
        read_postings(path, "listing", limits=Limits(max_document_bytes=1 << 10))
