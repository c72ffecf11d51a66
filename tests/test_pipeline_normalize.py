"""The composed normalizer: the five seed listings end to end, and per-source defaults."""

import pytest

from roleatlas.errors import NormalizeError, RecordError
from roleatlas.pipeline.normalize import normalize_posting, normalize_text
from roleatlas.records import RawPosting

SEED = """Data Engineer
@ murmuration | Remote (anywhere in the U.S.)
Full Time Mid-level / Intermediate USD 100K - 130KSenior Data Scientist
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

EXPECTED = [
    # title, company, role, level, type, city, region, country, workplace, scope, cur, min, max
    ("Data Engineer", "murmuration", "data-engineer", "MI", "full_time",
     None, None, "US", "remote", "US", "USD", 100000, 130000),
    ("Senior Data Scientist", "murmuration", "data-scientist", "SE", "full_time",
     None, None, "US", "remote", "US", "USD", 120000, 150000),
    ("Asst/Assoc Professor of Applied Mathematics & Artificial Intelligence",
     "Rochester Institute of Technology", "professor", "MI", "full_time",
     "Rochester", "NY", "US", None, None, "USD", 75000, 150000),
    ("Cloud Consultant Intern, AWS Professional Services", "Amazon.com", "cloud-engineer", "EN",
     "internship", "Seattle", "WA", "US", None, None, "USD", 85000, 185000),
    ("Software Development Engineer Intern, Student Veteran Opportunity", "Amazon.com",
     "software-engineer", "EN", "internship", "Seattle", "WA", "US", None, None, "USD",
     95000, 192000),
]  # fmt: skip


def test_seed_listings_normalize_into_the_right_fields():
    got = [
        (d["title"], d["company"], d["role"], d["level"], d["employment_type"],
         d["location"]["city"], d["location"]["region"], d["location"]["country"],
         d["location"]["workplace"], d["location"]["remote_scope"],
         d["salary"]["currency"], d["salary"]["min_amount"], d["salary"]["max_amount"])
        for d in normalize_text("listing", SEED)
    ]  # fmt: skip
    assert got == EXPECTED


def test_seed_listing_prints_back_in_board_format():
    first = normalize_text("listing", SEED)[1]
    assert first["listing"] == [
        "Senior Data Scientist @ murmuration | Remote (anywhere in the U.S.)",
        "Full Time · Senior-level / Expert · USD 120K - 150K",
    ]  # fmt: skip


def test_provenance_names_the_rules():
    raw = RawPosting(
        source="t",
        source_id="1",
        title="Senior Data Scientist",
        location="Albuquerque, NM",
        salary_text="$53K-$91K (Glassdoor est.)",
    )
    posting = normalize_posting(raw)
    assert set(posting.provenance) == {"role", "level", "location", "salary", "salary_usd"}
    assert posting.provenance["salary_usd"].rule == "fx:usd"
    assert posting.provenance["role"].rule.startswith("title:")
    assert posting.salary is not None and "estimated" in posting.salary.flags


def test_source_defaults_apply():
    au = RawPosting(
        source="glassdoor",
        source_id="1",
        title="Data Analyst",
        location="Sydney",
        salary_text="$80K-$100K",
        extra={"scrape_region": "Australia"},
    )
    posting = normalize_posting(au)
    assert posting.salary is not None and posting.salary.currency == "AUD"
    assert posting.location.country == "AU"
    nfj = RawPosting(
        source="nofluffjobs-2022",
        source_id="1",
        title="Data Engineer",
        extra={"salary_lower_pln_month": "6000", "salary_upper_pln_month": "11000"},
    )
    salary = normalize_posting(nfj).salary
    assert salary is not None
    assert (salary.currency, salary.period, salary.annual_min) == ("PLN", "month", 72000)


def test_posting_without_title_or_description_is_a_record_error():
    with pytest.raises(RecordError, match="neither a title nor a description"):
        normalize_posting(RawPosting(source="t", source_id="x", origin="f.jsonl:7"))


def test_unknown_kind():
    with pytest.raises(NormalizeError, match="Choose one of"):
        normalize_text("colour", "red")
