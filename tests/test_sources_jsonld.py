"""Tests for roleatlas.sources.jsonld (schema.org JobPosting JSON-LD)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roleatlas.errors import InputError, RecordError
from roleatlas.limits import Limits
from roleatlas.records import RawPosting
from roleatlas.sources import detect_format, read_postings
from roleatlas.sources.jsonld import find_job_postings, parse_jsonld, posting_from_jsonld

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "data" / "ats-fixtures"

FULL = {
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    "title": "Senior Machine Learning Engineer",
    "description": "<p>Build <b>models</b>.</p><ul><li>Python</li><li>PyTorch</li></ul>",
    "identifier": {"@type": "PropertyValue", "name": "Acme", "value": "ML-42"},
    "datePosted": "2026-08-01",
    "validThrough": "2026-10-01T00:00",
    "employmentType": ["FULL_TIME", "CONTRACTOR"],
    "hiringOrganization": {"@type": "Organization", "name": "Acme AI", "sameAs": "https://acme.ai"},
    "jobLocation": [
        {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Berlin",
                "addressRegion": "BE",
                "addressCountry": {"@type": "Country", "name": "DE"},
            },
        },
        {"@type": "Place", "address": {"addressLocality": "Munich", "addressCountry": "DE"}},
    ],
    "baseSalary": {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 90000,
            "maxValue": "110,000",
            "unitText": "YEAR",
        },
    },
    "url": "https://www.acme.ai/careers/ml-42",
    "skills": "PyTorch, Kubernetes",
}


def page(*blocks: object, head: str = "") -> str:
    scripts = "".join(
        f'<script type="application/ld+json">{b if isinstance(b, str) else json.dumps(b)}</script>'
        for b in blocks
    )
    return f"<html><head>{head}{scripts}</head><body><h1>Jobs</h1></body></html>"


def test_full_job_posting_maps_every_field() -> None:
    [posting] = parse_jsonld(page(FULL), origin="job.html")
    assert posting == RawPosting(
        source="jsonld:acme.ai",
        source_id="ML-42",
        title="Senior Machine Learning Engineer",
        company="Acme AI",
        location="Berlin, BE, Germany",
        description="Build models.\n\n- Python\n- PyTorch",
        salary_text="EUR 90000 - 110000 per year",
        employment_type="FULL_TIME, CONTRACTOR",
        posted_at="2026-08-01",
        url="https://www.acme.ai/careers/ml-42",
        extra={
            "locations": ["Berlin, BE, Germany", "Munich, Germany"],
            "base_salary": {"currency": "EUR", "min": 90000.0, "max": 110000.0, "unit": "YEAR"},
            "skills": "PyTorch, Kubernetes",
            "validThrough": "2026-10-01T00:00",
        },
        origin="job.html#0",
    )


def test_graph_lists_and_nested_postings_are_all_found() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "name": "Acme"},
            {"@type": "WebPage", "mainEntity": {"@type": "JobPosting", "title": "A"}},
        ],
    }
    listing = [{"@type": "JobPosting", "title": "B"}, {"@type": ["JobPosting"], "title": "C"}]
    item_list = {
        "@type": "ItemList",
        "itemListElement": [{"@type": "ListItem", "item": {"@type": "JobPosting", "title": "D"}}],
    }
    prefixed = {"@type": "schema:JobPosting", "title": "E"}
    items = parse_jsonld(page(graph, listing, item_list, prefixed), origin="p.html")
    assert [i.title for i in items] == ["A", "B", "C", "D", "E"]  # type: ignore[union-attr]
    assert [i.origin for i in items] == [f"p.html#{n}" for n in range(5)]


def test_telecommute_with_applicant_location() -> None:
    obj = {
        "@type": "JobPosting",
        "title": "Data Scientist",
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": {"@type": "Country", "name": "USA"},
    }
    posting = posting_from_jsonld(obj, origin="x#0")
    assert isinstance(posting, RawPosting)
    assert posting.location == "Remote (USA)"
    assert posting.extra == {"applicant_locations": ["USA"], "workplace": "remote"}


@pytest.mark.parametrize(
    ("salary", "currency", "text", "structured"),
    [
        ("100000", "USD", "USD 100000", {"currency": "USD", "min": 1e5, "max": 1e5, "unit": None}),
        (
            {"currency": "GBP", "value": {"value": 45.5, "unitText": "HOUR"}},
            None,
            "GBP 45.50 per hour",
            {"currency": "GBP", "min": 45.5, "max": 45.5, "unit": "HOUR"},
        ),
        (
            {"currency": "USD", "value": 120000, "unitText": "YEAR"},
            None,
            "USD 120000 per year",
            {"currency": "USD", "min": 1.2e5, "max": 1.2e5, "unit": "YEAR"},
        ),
        ({"currency": "USD", "value": "competitive"}, None, None, None),
    ],
)
def test_base_salary_shapes(
    salary: object, currency: str | None, text: str | None, structured: dict[str, object] | None
) -> None:
    obj: dict[str, object] = {"@type": "JobPosting", "title": "X", "baseSalary": salary}
    if currency:
        obj["salaryCurrency"] = currency
    posting = posting_from_jsonld(obj)
    assert isinstance(posting, RawPosting)
    assert posting.salary_text == text
    if structured is None:
        assert posting.extra["base_salary"] == {"raw": salary}
    else:
        assert posting.extra["base_salary"] == structured


def test_ids_and_source_names() -> None:
    with_url = posting_from_jsonld({"@type": "JobPosting", "title": "X", "url": "https://j.io/1"})
    assert isinstance(with_url, RawPosting)
    assert (with_url.source, with_url.source_id) == ("jsonld:j.io", "https://j.io/1")
    bare = {"@type": "JobPosting", "title": "X"}
    first = posting_from_jsonld(bare, fallback_name="page")
    second = posting_from_jsonld(dict(bare), fallback_name="page")
    assert isinstance(first, RawPosting) and isinstance(second, RawPosting)
    assert first.source == "jsonld:page"
    assert first.source_id == second.source_id and first.source_id.startswith("jsonld-")
    named = posting_from_jsonld(bare, source="crawl-2026")
    assert isinstance(named, RawPosting) and named.source == "crawl-2026"
    numeric = posting_from_jsonld({"@type": "JobPosting", "title": "X", "identifier": 981})
    assert isinstance(numeric, RawPosting) and numeric.source_id == "981"


def test_page_host_from_canonical_link() -> None:
    head = '<link rel="canonical" href="https://careers.example.org/jobs/7">'
    [posting] = parse_jsonld(page({"@type": "JobPosting", "title": "X"}, head=head))
    assert isinstance(posting, RawPosting) and posting.source == "jsonld:careers.example.org"


def test_broken_script_is_a_record_error_and_other_scripts_are_read() -> None:
    items = parse_jsonld(page('{"@type": "JobPosting", "title": ', FULL), origin="p.html")
    assert isinstance(items[0], RecordError) and items[0].origin == "p.html#script1"
    assert "is not valid JSON" in str(items[0])
    assert isinstance(items[1], RawPosting) and items[1].origin == "p.html#0"


def test_page_without_job_posting() -> None:
    [item] = parse_jsonld(page({"@type": "Organization", "name": "Acme"}), origin="about.html")
    assert isinstance(item, RecordError) and item.origin == "about.html"
    assert "No schema.org JobPosting found" in str(item)


def test_posting_without_title_or_description() -> None:
    item = posting_from_jsonld({"@type": "JobPosting", "datePosted": "2026-01-01"}, origin="x#0")
    assert isinstance(item, RecordError) and "neither a 'title' nor a 'description'" in str(item)


def test_script_type_variants_and_raw_newlines_in_strings() -> None:
    html = (
        '<script type="Application/LD+JSON; charset=utf-8">'
        '{"@type": "JobPosting", "title": "Line\nBreak", "description": "a &amp; b"}</script>'
    )
    [posting] = parse_jsonld(html)
    assert isinstance(posting, RawPosting)
    assert (posting.title, posting.description) == ("Line\nBreak", "a & b")


def test_find_job_postings_does_not_descend_into_a_posting() -> None:
    doc = {"@type": "JobPosting", "title": "Outer", "x": {"@type": "JobPosting", "title": "In"}}
    assert [p["title"] for p in find_job_postings(doc)] == ["Outer"]


def test_html_and_json_files(tmp_path: Path) -> None:
    html_path = tmp_path / "job.html"
    html_path.write_text(page(FULL), encoding="utf-8")
    json_path = tmp_path / "extracted.json"
    json_path.write_text(json.dumps([FULL, {"@type": "JobPosting", "title": "B"}]))
    assert detect_format(html_path) == detect_format(json_path) == "jsonld"
    from_html = list(read_postings(html_path))
    from_json = list(read_postings(json_path))
    assert from_html[0].source_id == from_json[0].source_id == "ML-42"  # type: ignore[union-attr]
    assert from_json[1].source == "jsonld:extracted"  # type: ignore[union-attr]
    assert from_json[1].origin == f"{json_path}#1"


# --- the schema.org fixtures ----------------------------------------------------------------


def fixture(name: str) -> Path:
    path = FIXTURES / "schemaorg-jsonld" / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@pytest.mark.parametrize("name", ["jobposting_examples.txt", "jobposting_jsonld_extracted.json"])
def test_schemaorg_examples(name: str) -> None:
    path = fixture(name)
    assert detect_format(path) == "jsonld"
    items = list(read_postings(path))
    assert all(isinstance(i, RawPosting) for i in items)
    postings = [i for i in items if isinstance(i, RawPosting)]
    assert [p.title for p in postings] == [
        "Software Engineer",
        "Mobile App Developer",
        "Telecommute from anywhere in USA!",
        "Systems Research Engineer",
        "Software Engineer",
    ]
    first = postings[0]
    assert (first.location, first.salary_text, first.employment_type, first.posted_at) == (
        "Kirkland, WA",
        "USD 100000",
        "Full-time",
        "2011-10-31",
    )
    assert first.extra["base_salary"] == {
        "currency": "USD",
        "min": 100000.0,
        "max": 100000.0,
        "unit": None,
    }
    assert first.extra["occupationalCategory"] == "15-1132.00 Software Developers, Application"
    assert postings[1].company == "ACME Software"
    assert postings[2].extra["applicant_locations"] == ["USA"]
    assert postings[4].extra["experienceRequirements"] == {
        "@type": "OccupationalExperienceRequirements",
        "monthsOfExperience": "60",
    }


def test_schemaorg_page_and_extracted_json_agree() -> None:
    page_items = list(read_postings(fixture("jobposting_examples.txt")))
    json_items = list(read_postings(fixture("jobposting_jsonld_extracted.json")))
    assert [p.source_id for p in page_items] == [p.source_id for p in json_items]  # type: ignore[union-attr]


# --- issue 9: hostile input ---------------------------------------------------------------


def test_a_script_nested_too_deeply_is_a_record_error_and_other_scripts_are_read(
    tmp_path: Path,
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    good = '{"@type": "JobPosting", "title": "Data Engineer", "url": "https://a.example/1"}'
    page = (
        f'<script type="application/ld+json">{deep}</script>'
        f'<script type="application/ld+json">{good}</script>'
    )
    path = tmp_path / "page.html"
    path.write_text(page)
    error, posting = list(read_postings(path))
    assert isinstance(error, RecordError) and "nested too deeply" in error.reason
    assert isinstance(posting, RawPosting) and posting.title == "Data Engineer"


def test_a_json_ld_file_nested_too_deeply_is_a_record_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"@graph": ' + "[" * 100_000 + "]" * 100_000 + "}")
    [error] = list(read_postings(path, "jsonld"))
    assert isinstance(error, RecordError) and "nested too deeply" in error.reason


def test_lone_surrogates_in_a_json_ld_description_do_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        '{"@type": "JobPosting", "title": "T\\ud800", "description": "<p>A \\udfff B</p>"}'
    )
    [posting] = list(read_postings(path, "jsonld"))
    assert isinstance(posting, RawPosting) and posting.description == "A \ufffd B"


def test_a_page_larger_than_the_bound_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html>" + "<p>x</p>" * 1000 + "</html>")
    with pytest.raises(InputError, match=r"larger than 1 KiB .*ROLEATLAS_MAX_DOCUMENT_BYTES"):
        read_postings(path, "jsonld", limits=Limits(max_document_bytes=1 << 10))
