"""Tests for roleatlas.sources.ats (Greenhouse, Lever, Ashby API responses)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from roleatlas.errors import InputError, RecordError, UnknownFormatError
from roleatlas.limits import Limits
from roleatlas.records import RawPosting
from roleatlas.sources import detect_format, read_postings
from roleatlas.sources.ats import (
    ashby_posting,
    greenhouse_posting,
    lever_posting,
    parse_ashby,
    parse_greenhouse,
    parse_lever,
    read_greenhouse,
)

HUNT = Path(__file__).resolve().parents[2] / "shared" / "data" / "ats-fixtures" / "hunt"

GREENHOUSE_JOB: dict[str, Any] = {
    "absolute_url": "https://job-boards.greenhouse.io/acme/jobs/123",
    "internal_job_id": 99,
    "location": {"name": "New York, NY"},
    "metadata": [
        {"id": 1, "name": "Employment Type", "value": "Full-time", "value_type": "single_select"},
        {"id": 2, "name": "Notes", "value": None, "value_type": "short_text"},
    ],
    "id": 123,
    "updated_at": "2026-09-01T10:00:00-04:00",
    "requisition_id": "R-7",
    "title": "Machine Learning Engineer",
    "company_name": "Acme",
    "first_published": "2026-08-01T09:00:00-04:00",
    "content": (
        "&lt;h2&gt;About&lt;/h2&gt;&lt;p&gt;We build &amp;amp; ship.&lt;/p&gt;"
        "&lt;ul&gt;&lt;li&gt;Python&lt;/li&gt;&lt;li&gt;SQL&lt;/li&gt;&lt;/ul&gt;"
    ),
    "departments": [{"id": 5, "name": "Engineering"}],
    "offices": [{"id": 6, "name": "NYC", "location": "New York, NY, United States"}],
    "pay_input_ranges": [
        {
            "min_cents": 15000000,
            "max_cents": 20000000,
            "currency_type": "USD",
            "title": "NYC base",
        }
    ],
}

LEVER_JOB: dict[str, Any] = {
    "id": "2193db3f",
    "text": "Data Engineer",
    "categories": {
        "commitment": "Full-time",
        "department": "Engineering",
        "location": "Berlin",
        "team": "Data",
        "allLocations": ["Berlin", "Remote - Germany"],
    },
    "createdAt": 1782214185805,
    "description": "<div><p>Intro paragraph.</p></div>",
    "descriptionPlain": "Intro paragraph.",
    "lists": [
        {"text": "What You'll Do", "content": "<li><p>Build pipelines</p></li><li>Own SLAs</li>"}
    ],
    "additional": "<div>We are an equal opportunity employer.</div>",
    "workplaceType": "remote",
    "country": "DE",
    "hostedUrl": "https://jobs.lever.co/acme/2193db3f",
    "applyUrl": "https://jobs.lever.co/acme/2193db3f/apply",
    "salaryRange": {
        "min": 70000,
        "max": 90000,
        "currency": "EUR",
        "interval": "per-year-salary",
    },
}

ASHBY_JOB: dict[str, Any] = {
    "id": "d3bc1ced",
    "title": "Senior AI Engineer",
    "department": "Product",
    "team": "Engineering",
    "employmentType": "FullTime",
    "location": "North America",
    "secondaryLocations": [{"location": "Toronto"}],
    "publishedAt": "2026-04-27T20:13:45.158+00:00",
    "isListed": True,
    "isRemote": True,
    "workplaceType": None,
    "jobUrl": "https://jobs.ashbyhq.com/acme/d3bc1ced",
    "applyUrl": "https://jobs.ashbyhq.com/acme/d3bc1ced/application",
    "descriptionHtml": "<p>Join us.</p><ul><li>LLMs</li></ul>",
    "descriptionPlain": "Join us.\n\n- LLMs",
    "compensation": {
        "compensationTierSummary": "$180K – $220K • Offers Equity",
        "scrapeableCompensationSalarySummary": "$180K - $220K",
        "compensationTiers": [],
        "summaryComponents": [
            {
                "compensationType": "Salary",
                "interval": "1 YEAR",
                "currencyCode": "USD",
                "minValue": 180000,
                "maxValue": 220000,
            },
            {"compensationType": "EquityPercentage", "minValue": 0.1, "maxValue": 0.2},
        ],
    },
}


def test_greenhouse_job() -> None:
    posting = greenhouse_posting(GREENHOUSE_JOB, origin="gh.json#0")
    assert posting == RawPosting(
        source="greenhouse:acme",
        source_id="123",
        title="Machine Learning Engineer",
        company="Acme",
        location="New York, NY",
        description="About\n\nWe build & ship.\n\n- Python\n- SQL",
        salary_text="USD 150000 - 200000",
        employment_type="Full-time",
        posted_at="2026-08-01T09:00:00-04:00",
        url="https://job-boards.greenhouse.io/acme/jobs/123",
        extra={
            "board": "acme",
            "departments": ["Engineering"],
            "offices": ["New York, NY, United States"],
            "metadata": {"Employment Type": "Full-time"},
            "requisition_id": "R-7",
            "internal_job_id": 99,
            "updated_at": "2026-09-01T10:00:00-04:00",
            "pay": GREENHOUSE_JOB["pay_input_ranges"],
        },
        origin="gh.json#0",
    )


def test_greenhouse_currency_range_metadata_and_custom_domain() -> None:
    job = {
        "id": 5,
        "title": "Analyst",
        "absolute_url": "https://acme.com/careers?gh_jid=5",
        "metadata": [
            {
                "name": "Salary Range",
                "value": {"unit": "USD", "min_value": "90000.0", "max_value": "110000.0"},
                "value_type": "currency_range",
            }
        ],
    }
    posting = greenhouse_posting(job, origin="x#0")
    assert isinstance(posting, RawPosting)
    assert (posting.source, posting.salary_text) == ("greenhouse", "USD 90000 - 110000")


def test_lever_posting() -> None:
    posting = lever_posting(LEVER_JOB, origin="lever.json#0")
    assert isinstance(posting, RawPosting)
    assert (posting.source, posting.source_id, posting.title, posting.company) == (
        "lever:acme",
        "2193db3f",
        "Data Engineer",
        "acme",
    )
    assert posting.location == "Remote (Berlin)"
    assert posting.employment_type == "Full-time"
    assert posting.posted_at == "2026-06-23T11:29:45.805Z"
    assert posting.salary_text == "EUR 70000 - 90000 per year"
    assert posting.description == (
        "Intro paragraph.\n\nWhat You'll Do\n- Build pipelines\n- Own SLAs\n\n"
        "We are an equal opportunity employer."
    )
    assert posting.extra["workplace"] == "remote"
    assert posting.extra["company_from"] == "board"
    assert posting.extra["locations"] == ["Berlin", "Remote - Germany"]
    assert posting.extra["salary_range"] == LEVER_JOB["salaryRange"]


def test_ashby_job() -> None:
    posting = ashby_posting(ASHBY_JOB, origin="ashby.json#0")
    assert isinstance(posting, RawPosting)
    assert (posting.source, posting.company, posting.location) == (
        "ashby:acme",
        "acme",
        "Remote (North America)",
    )
    assert posting.employment_type == "Full Time"
    assert posting.salary_text == "USD 180000 - 220000 per year"
    assert posting.description == "Join us.\n\n- LLMs"
    assert posting.extra["secondary_locations"] == ["Toronto"]
    assert posting.extra["compensation"] == ASHBY_JOB["compensation"]


def test_ashby_falls_back_to_the_salary_summary() -> None:
    job = {**ASHBY_JOB, "compensation": {"scrapeableCompensationSalarySummary": "$150K - $180K"}}
    posting = ashby_posting(job, origin="x#0")
    assert isinstance(posting, RawPosting) and posting.salary_text == "$150K - $180K"


def test_bad_jobs_are_record_errors_and_the_rest_is_read() -> None:
    data = {"jobs": [GREENHOUSE_JOB, "oops", {"title": "No id"}, GREENHOUSE_JOB]}
    items = parse_greenhouse(data, origin="gh.json")
    assert [type(i) for i in items] == [RawPosting, RecordError, RecordError, RawPosting]
    assert items[1].origin == "gh.json#1" and "must be a JSON object" in str(items[1])
    assert items[2].origin == "gh.json#2" and "has no 'id'" in str(items[2])


@pytest.mark.parametrize(
    ("parse", "data", "message"),
    [
        (parse_greenhouse, [GREENHOUSE_JOB], "not a Greenhouse job board response"),
        (parse_ashby, {"postings": []}, "Got an object with the keys 'postings'"),
        (parse_lever, {"jobs": []}, "not a Lever postings response"),
    ],
)
def test_wrong_shape_raises_unknown_format(parse: Any, data: object, message: str) -> None:
    with pytest.raises(UnknownFormatError, match=message):
        parse(data, origin="f.json")


def test_files_detection_and_source_override(tmp_path: Path) -> None:
    cases = {
        "greenhouse": {"jobs": [GREENHOUSE_JOB], "meta": {"total": 1}},
        "lever": [LEVER_JOB],
        "ashby": {"apiVersion": "1", "jobs": [ASHBY_JOB]},
    }
    for name, data in cases.items():
        path = tmp_path / f"{name}-board.json"
        path.write_text(json.dumps(data))
        assert detect_format(path) == name
        [posting] = list(read_postings(path, source="my-feed"))
        assert isinstance(posting, RawPosting)
        assert posting.source == "my-feed" and posting.origin == f"{path}#0"


def test_invalid_json_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "gh.json"
    path.write_text('{"jobs": [')
    with pytest.raises(InputError, match="is not valid JSON"):
        read_greenhouse(path)


# --- the real (truncated) API responses -------------------------------------------------------


def hunt(name: str) -> Path:
    path = HUNT / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


def test_real_greenhouse_vercel() -> None:
    path = hunt("greenhouse_vercel_jobs.json")
    assert detect_format(path) == "greenhouse"
    items = list(read_postings(path))
    assert all(isinstance(i, RawPosting) for i in items)
    first = items[0]
    assert isinstance(first, RawPosting)
    assert (first.source, first.source_id, first.title, first.company, first.location) == (
        "greenhouse:vercel",
        "6136160004",
        "Account Executive, Commercial",
        "Vercel",
        "Hybrid - London",
    )
    assert first.posted_at == "2026-08-06T12:50:10-04:00"
    assert first.description is not None
    assert first.description.startswith("About Vercel:\n\nVercel is the agentic infrastructure")
    assert "&lt;" not in first.description and "<p>" not in first.description
    assert first.extra["offices"] == ["London, England, United Kingdom"]
    assert first.extra["metadata"] == {"Career Site Categories": "Sales"}


def test_real_lever_spotify() -> None:
    path = hunt("lever_spotify_postings.json")
    assert detect_format(path) == "lever"
    items = [i for i in read_postings(path) if isinstance(i, RawPosting)]
    assert [(p.source, p.title, p.location, p.employment_type) for p in items] == [
        ("lever:spotify", "Android Engineer - Experience", "Hybrid (London)", "Permanent"),
        (
            "lever:spotify",
            "Artist & Label Partnerships Contractor, Vietnam",
            "Hybrid (Ho Chi Minh)",
            "Short Term",
        ),
    ]
    description = items[0].description or ""
    assert "\nWhat You'll Do\n- Develop and maintain mobile client components" in description
    assert items[0].extra["locations"] == ["London", "Stockholm"]


def test_real_ashby_linear() -> None:
    path = hunt("ashby_linear_jobs.json")
    assert detect_format(path) == "ashby"
    items = [i for i in read_postings(path) if isinstance(i, RawPosting)]
    assert [(p.source, p.title, p.location, p.employment_type, p.salary_text) for p in items] == [
        ("ashby:linear", "Senior / Staff Fullstack Engineer", "Remote (Europe)", "Full Time", None),
        (
            "ashby:linear",
            "Senior / Staff Fullstack Engineer",
            "Remote (North America)",
            "Full Time",
            None,
        ),
    ]
    assert items[0].posted_at == "2021-04-27T20:13:45.158+00:00"
    assert items[0].description is not None
    assert items[0].description.startswith("At Linear, we're building")


# --- issue 9: hostile input ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["greenhouse", "lever", "ashby"])
def test_a_response_nested_too_deeply_raises_input_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.json"
    inner = "[" * 100_000 + "]" * 100_000
    body = f"[{inner}]" if name == "lever" else f'{{"jobs": [{inner}]}}'
    path.write_text(body)
    with pytest.raises(InputError, match="nested too deeply"):
        list(read_postings(path, name))


@pytest.mark.parametrize("name", ["greenhouse", "lever", "ashby"])
def test_a_response_larger_than_the_bound_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.json"
    jobs = [{"id": i, "title": "x" * 100} for i in range(50)]
    path.write_text(json.dumps(jobs if name == "lever" else {"jobs": jobs}))
    limits = Limits(max_document_bytes=1 << 10)
    with pytest.raises(InputError, match=r"larger than 1 KiB .*ROLEATLAS_MAX_DOCUMENT_BYTES"):
        read_postings(path, name, limits=limits)


@pytest.mark.parametrize(
    ("name", "job"),
    [
        ("greenhouse", {"id": 1, "departments": 5, "offices": 2.5, "metadata": "x"}),
        ("lever", {"id": "a", "lists": 7, "createdAt": 10**400, "salaryRange": {"min": "x"}}),
        (
            "ashby",
            {
                "id": "a",
                "secondaryLocations": 3,
                "compensation": {"summaryComponents": 1, "compensationTiers": [{"components": 2}]},
                "descriptionHtml": "<p>Data \ud800 Scientist</p>",
            },
        ),
    ],
)
def test_wrong_types_in_a_job_do_not_crash(tmp_path: Path, name: str, job: Any) -> None:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps([job] if name == "lever" else {"jobs": [job]}))
    [posting] = list(read_postings(path, name))
    assert isinstance(posting, RawPosting)
