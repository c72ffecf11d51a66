"""Tests for roleatlas.collect.kinds: URL detection, API URLs and parsing of responses."""

from __future__ import annotations

import doctest
import gzip
import json

import pytest

from roleatlas.collect import kinds, registry
from roleatlas.collect.kinds import (
    AshbyKind,
    FeedKind,
    GreenhouseKind,
    HackerNewsKind,
    JsonLdKind,
    LeverKind,
    SitemapKind,
    SmartRecruitersKind,
    WorkableKind,
)
from roleatlas.collect.registry import available_kinds, resolve_source
from roleatlas.errors import InputError, RecordError
from roleatlas.limits import Limits
from roleatlas.pipeline.guard import SOURCE_NAME
from roleatlas.records import RawPosting
from tests.conftest import shared_path


def test_doctests():
    for module in (kinds, registry):
        assert doctest.testmod(module, raise_on_error=False).failed == 0, module.__name__


GH_API = "https://boards-api.greenhouse.io/v1/boards/{}/jobs?content=true"
ASHBY_API = "https://api.ashbyhq.com/posting-api/job-board/{}?includeCompensation=true"

# URL as a user gives it → (kind, token, api_url, default source name)
DETECTION = [
    (
        "https://boards.greenhouse.io/anthropic",
        "greenhouse",
        "anthropic",
        GH_API.format("anthropic"),
        "greenhouse:anthropic",
    ),
    (
        "https://job-boards.greenhouse.io/vercel/jobs/5483911004",
        "greenhouse",
        "vercel",
        GH_API.format("vercel"),
        "greenhouse:vercel",
    ),
    (
        "boards.greenhouse.io/embed/job_board?for=scaleai",
        "greenhouse",
        "scaleai",
        GH_API.format("scaleai"),
        "greenhouse:scaleai",
    ),
    (
        "https://boards-api.greenhouse.io/v1/boards/deepmind/jobs",
        "greenhouse",
        "deepmind",
        GH_API.format("deepmind"),
        "greenhouse:deepmind",
    ),
    (
        "https://jobs.lever.co/spotify/",
        "lever",
        "spotify",
        "https://api.lever.co/v0/postings/spotify?mode=json",
        "lever:spotify",
    ),
    (
        "https://api.lever.co/v0/postings/spotify?mode=json",
        "lever",
        "spotify",
        "https://api.lever.co/v0/postings/spotify?mode=json",
        "lever:spotify",
    ),
    (
        "https://jobs.ashbyhq.com/cohere",
        "ashby",
        "cohere",
        ASHBY_API.format("cohere"),
        "ashby:cohere",
    ),
    (
        "https://jobs.ashbyhq.com/Forward%20Financing/abc",
        "ashby",
        "Forward Financing",
        ASHBY_API.format("Forward%20Financing"),
        "ashby:Forward-Financing",
    ),
    (
        "https://api.ashbyhq.com/posting-api/job-board/PrimeIntellect",
        "ashby",
        "PrimeIntellect",
        ASHBY_API.format("PrimeIntellect"),
        "ashby:PrimeIntellect",
    ),
    (
        "https://apply.workable.com/acme/",
        "workable",
        "acme",
        "https://apply.workable.com/api/v1/widget/accounts/acme?details=true",
        "workable:acme",
    ),
    (
        "https://careers.smartrecruiters.com/Acme1",
        "smartrecruiters",
        "Acme1",
        "https://api.smartrecruiters.com/v1/companies/Acme1/postings?limit=100",
        "smartrecruiters:Acme1",
    ),
    (
        "https://jobs.smartrecruiters.com/Acme1/743999",
        "smartrecruiters",
        "Acme1",
        "https://api.smartrecruiters.com/v1/companies/Acme1/postings?limit=100",
        "smartrecruiters:Acme1",
    ),
    (
        "https://news.ycombinator.com/item?id=41709301",
        "hn",
        "41709301",
        "https://hn.algolia.com/api/v1/items/41709301",
        "hn:41709301",
    ),
    ("41709301", "hn", "41709301", "https://hn.algolia.com/api/v1/items/41709301", "hn:41709301"),
    (
        "https://weworkremotely.com/categories/remote-programming-jobs.rss",
        "rss",
        "https://weworkremotely.com/categories/remote-programming-jobs.rss",
        "https://weworkremotely.com/categories/remote-programming-jobs.rss",
        "rss:weworkremotely.com",
    ),
    (
        "https://example.org/careers/feed/",
        "rss",
        "https://example.org/careers/feed/",
        "https://example.org/careers/feed/",
        "rss:example.org",
    ),
    (
        "https://example.org/jobs-sitemap.xml",
        "sitemap",
        "https://example.org/jobs-sitemap.xml",
        "https://example.org/jobs-sitemap.xml",
        "sitemap:example.org",
    ),
]


@pytest.mark.parametrize(("url", "kind", "token", "api_url", "name"), DETECTION)
def test_kind_detection(url, kind, token, api_url, name):
    source = resolve_source(url)
    assert (source.kind, source.token, source.api_url, source.name) == (kind, token, api_url, name)
    assert SOURCE_NAME.fullmatch(source.name)


def test_explicit_kind_keeps_a_local_api_url():
    url = "http://127.0.0.1:8765/v1/boards/acme/jobs?content=true"
    source = resolve_source(url, kind="greenhouse")
    assert (source.kind, source.token, source.api_url, source.name) == (
        "greenhouse",
        "acme",
        url,
        "greenhouse:acme",
    )
    page = resolve_source("http://127.0.0.1:8765/careers/ml", kind="jsonld", name="acme-careers")
    assert (page.kind, page.api_url, page.name) == (
        "jsonld",
        "http://127.0.0.1:8765/careers/ml",
        "acme-careers",
    )
    # a kind's own shape with an explicit kind still maps to the official API
    assert resolve_source("jobs.lever.co/acme", kind="lever").api_url == (
        "https://api.lever.co/v0/postings/acme?mode=json"
    )


def test_unknown_url_and_kind_errors_name_the_fix():
    with pytest.raises(InputError) as exc:
        resolve_source("https://example.com/careers")
    message = str(exc.value)
    assert "'https://example.com/careers'" in message
    assert "jobs.lever.co/<company>" in message and "--kind" in message
    with pytest.raises(InputError, match="no source kind 'taleo'.*--kind"):
        resolve_source("https://example.com/careers", kind="taleo")
    with pytest.raises(InputError, match="http:// or https://"):
        resolve_source("ftp://example.com/jobs", kind="jsonld")
    with pytest.raises(InputError, match="may hold only.*--name"):
        resolve_source("https://jobs.lever.co/acme", name="my source/1")


def test_every_builtin_kind_is_available_and_complete_is_declared():
    kinds = available_kinds()
    assert set(kinds) >= {
        "greenhouse",
        "lever",
        "ashby",
        "workable",
        "smartrecruiters",
        "rss",
        "sitemap",
        "jsonld",
        "hn",
    }
    assert {n for n, k in kinds.items() if k.complete} == {
        "greenhouse",
        "lever",
        "ashby",
        "workable",
    }


def _postings(items):
    return [i for i in items if isinstance(i, RawPosting)]


# --- recorded responses from ../shared/data ---------------------------------------------------


def test_parse_recorded_greenhouse_lever_ashby():
    hunt = shared_path("ats-fixtures", "hunt")
    gh = list(
        GreenhouseKind().parse(
            (hunt / "greenhouse_vercel_jobs.json").read_bytes(),
            source="greenhouse:vercel",
            origin="https://boards-api.greenhouse.io/v1/boards/vercel/jobs",
        )
    )
    assert len(gh) == 2 and all(isinstance(p, RawPosting) for p in gh)
    assert {p.source for p in gh} == {"greenhouse:vercel"}
    assert gh[0].origin == "https://boards-api.greenhouse.io/v1/boards/vercel/jobs#0"
    assert all(p.title and p.description for p in _postings(gh))

    lever = _postings(
        LeverKind().parse(
            (hunt / "lever_spotify_postings.json").read_bytes(), source="lever:spotify", origin="x"
        )
    )
    assert len(lever) == 2 and all(p.source == "lever:spotify" and p.title for p in lever)

    ashby = _postings(
        AshbyKind().parse(
            (hunt / "ashby_linear_jobs.json").read_bytes(), source="ashby:linear", origin="x"
        )
    )
    assert len(ashby) == 2 and all(p.source == "ashby:linear" for p in ashby)


def test_parse_real_ashby_boards_from_the_snapshot():
    folder = shared_path("postings-ats-ai", "raw", "stapply-ai__ats-scrapers", "ashby", "companies")
    paid = {}
    for board in ("cohere", "PrimeIntellect", "Forward%20Financing", "sierra"):
        body = gzip.decompress((folder / f"{board}.json.gz").read_bytes())
        expected = len(json.loads(body)["jobs"])
        items = list(AshbyKind().parse(body, source="ashby:x", origin=board))
        postings = _postings(items)
        assert len(items) == expected and len(postings) == expected, board
        assert all(p.source == "ashby:x" and p.source_id and p.title for p in postings)
        paid[board] = sum(1 for p in postings if p.salary_text)
    assert paid == {"cohere": 0, "PrimeIntellect": 0, "Forward%20Financing": 1, "sierra": 72}


def test_parse_rejects_non_json_and_oversized_bodies():
    with pytest.raises(InputError, match="not valid JSON.*--kind"):
        list(GreenhouseKind().parse(b"<html>", source="s", origin="u"))
    with pytest.raises(InputError, match="max_document_bytes"):
        list(
            AshbyKind().parse(
                b'{"jobs": []}', source="s", origin="u", limits=Limits(max_document_bytes=4)
            )
        )
    items = list(AshbyKind().parse(b'{"jobs": [{"title": "x"}, 3]}', source="s", origin="u"))
    assert [type(i) for i in items] == [RecordError, RecordError]


# --- fixtures written here -------------------------------------------------------------------

WORKABLE = {
    "name": "Acme AI",
    "description": "We build models.",
    "jobs": [
        {
            "title": "Machine Learning Engineer",
            "shortcode": "ABC123",
            "code": "",
            "employment_type": "Full-time",
            "telecommuting": True,
            "department": "Research",
            "url": "https://apply.workable.com/j/ABC123",
            "published_on": "2026-01-05",
            "created_at": "2026-01-04",
            "country": "Germany",
            "city": "Berlin",
            "state": "Berlin",
            "description": "<p>Train <b>LLMs</b>.</p><ul><li>PyTorch</li></ul>",
        },
        {"title": "No shortcode"},
    ],
}


def test_parse_workable_widget_response():
    items = list(
        WorkableKind().parse(json.dumps(WORKABLE).encode(), source="workable:acme", origin="w")
    )
    posting, problem = items
    assert isinstance(posting, RawPosting) and isinstance(problem, RecordError)
    assert (posting.source_id, posting.title, posting.company, posting.location) == (
        "ABC123",
        "Machine Learning Engineer",
        "Acme AI",
        "Remote (Berlin, Germany)",
    )
    assert posting.description == "Train LLMs.\n\n- PyTorch"
    assert (posting.employment_type, posting.posted_at, posting.extra["department"]) == (
        "Full-time",
        "2026-01-05",
        "Research",
    )
    with pytest.raises(InputError, match="not a Workable widget response"):
        list(WorkableKind().parse(b"[]", source="s", origin="w"))


SMARTRECRUITERS = {
    "offset": 0,
    "limit": 100,
    "totalFound": 2,
    "content": [
        {
            "id": "744000012345",
            "name": "Senior Data Scientist",
            "refNumber": "REF-9",
            "company": {"identifier": "AcmeAI", "name": "Acme AI"},
            "releasedDate": "2026-01-10T12:00:00.000Z",
            "location": {
                "city": "Austin",
                "region": "TX",
                "country": "us",
                "remote": False,
                "fullLocation": "Austin, TX, United States",
            },
            "department": {"id": "1", "label": "Data"},
            "typeOfEmployment": {"id": "permanent", "label": "Full-time"},
            "experienceLevel": {"id": "mid_senior_level", "label": "Mid-Senior Level"},
        },
        {
            "id": "744000099999",
            "name": "ML Engineer",
            "company": {"identifier": "AcmeAI", "name": "Acme AI"},
            "location": {"city": "Lisbon", "country": "pt", "remote": True},
        },
    ],
}


def test_parse_smartrecruiters_postings_response():
    first, second = SmartRecruitersKind().parse(
        json.dumps(SMARTRECRUITERS).encode(), source="smartrecruiters:AcmeAI", origin="s"
    )
    assert isinstance(first, RawPosting) and isinstance(second, RawPosting)
    assert (first.source_id, first.title, first.company, first.location) == (
        "744000012345",
        "Senior Data Scientist",
        "Acme AI",
        "Austin, TX, United States",
    )
    assert (first.employment_type, first.seniority, first.posted_at) == (
        "Full-time",
        "Mid-Senior Level",
        "2026-01-10T12:00:00.000Z",
    )
    assert first.url == "https://jobs.smartrecruiters.com/AcmeAI/744000012345"
    assert first.extra["department"] == "Data"
    assert second.location == "Remote (Lisbon, pt)"
    assert not SmartRecruitersKind.complete


RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Acme jobs</title>
<item><title>Data Engineer</title><link>https://acme.example/jobs/1</link>
<guid>acme-1</guid><author>jobs@acme.example (Acme)</author>
<description>&lt;p&gt;Build &lt;b&gt;pipelines&lt;/b&gt;.&lt;/p&gt;</description>
<pubDate>Mon, 05 Jan 2026 09:30:00 +0000</pubDate></item>
<item><title>ML Engineer</title><link>https://acme.example/jobs/2</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Lab careers</title>
<entry><id>tag:lab.example,2026:7</id><title>Research Scientist</title>
<link href="https://lab.example/careers/7"/><updated>2026-01-06T10:00:00Z</updated>
<content type="html">&lt;p&gt;Do research.&lt;/p&gt;</content></entry></feed>"""


def test_parse_rss_and_atom_feeds():
    first, second = FeedKind().parse(RSS, source="rss:acme.example", origin="f")
    assert isinstance(first, RawPosting) and isinstance(second, RawPosting)
    assert (first.source_id, first.title, first.url, first.description) == (
        "acme-1",
        "Data Engineer",
        "https://acme.example/jobs/1",
        "Build pipelines.",
    )
    assert first.posted_at == "2026-01-05T09:30:00Z"
    assert first.extra["feed"] == "Acme jobs"
    assert second.source_id == "https://acme.example/jobs/2"  # no guid: the link
    [entry] = FeedKind().parse(ATOM, source="rss:lab.example", origin="a")
    assert isinstance(entry, RawPosting)
    assert (entry.source_id, entry.title, entry.description, entry.posted_at) == (
        "tag:lab.example,2026:7",
        "Research Scientist",
        "Do research.",
        "2026-01-06T10:00:00Z",
    )
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        list(FeedKind().parse(b"just text", source="s", origin="f"))


def test_feed_body_that_names_a_file_is_never_opened(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(RSS)
    with pytest.raises(InputError):
        list(FeedKind().parse(str(secret).encode(), source="s", origin="f"))


def test_jsonld_page_and_sitemap_links():
    page = b"""<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "JobPosting", "title": "ML Engineer",
     "hiringOrganization": {"name": "Acme"}, "identifier": "42",
     "url": "https://jobs.acme.example/42"}</script></head></html>"""
    [posting] = JsonLdKind().parse(page, source="jsonld:acme", origin="p")
    assert isinstance(posting, RawPosting)
    assert (posting.source, posting.source_id, posting.company) == ("jsonld:acme", "42", "Acme")
    sitemap = b"""<?xml version="1.0"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://acme.example/jobs/1</loc></url>
    <url><loc> https://acme.example/jobs/2?a=1&amp;b=2 </loc></url>
    <url><loc>https://acme.example/jobs/1</loc></url><url><loc>javascript:x</loc></url>
    </urlset>"""
    assert SitemapKind().links(sitemap) == [
        "https://acme.example/jobs/1",
        "https://acme.example/jobs/2?a=1&b=2",
    ]
    assert JsonLdKind().match("https://acme.example/careers") is None


HN_FIREBASE = [
    {
        "by": "acme_hr",
        "id": 41709400,
        "parent": 41709301,
        "text": "Acme | ML Engineer | Berlin | ONSITE | &#x27;€80k&#x27;<p>We train models.",
        "time": 1727794800,
        "type": "comment",
    },
    {"id": 41709401, "deleted": True, "time": 1727794801, "type": "comment"},
]


def test_parse_hacker_news_threads():
    hunt = shared_path("ats-fixtures", "hunt")
    body = (hunt / "hackernews_whoishiring_2026-09.json").read_bytes()
    postings = list(HackerNewsKind().parse(body, source="hn:49522897", origin="hn"))
    # three comments; the third names four roles, each its own posting
    assert all(isinstance(p, RawPosting) for p in postings)
    assert [p.source_id for p in postings] == [
        "49522903", "49522912", "49522929", "49522929-2", "49522929-3", "49522929-4"
    ]  # fmt: skip
    first = postings[0]
    assert isinstance(first, RawPosting)
    assert (first.title, first.company, first.location, first.salary_text) == (
        "Senior Product Engineer",
        "Modash.io",
        "Remote (Europe)",
        "€75k–110k",
    )
    assert first.url == "https://news.ycombinator.com/item?id=49522903"
    assert first.posted_at is not None and first.posted_at.startswith("2026-09-01T15:01:54")
    assert first.extra["thread_id"] == "49522897"

    [posting] = HackerNewsKind().parse(
        json.dumps(HN_FIREBASE).encode(), source="hn:41709301", origin="hn"
    )
    assert isinstance(posting, RawPosting)
    assert (posting.source_id, posting.title, posting.company, posting.posted_at) == (
        "41709400",
        "ML Engineer",
        "Acme",
        "2024-10-01T15:00:00Z",
    )
    assert (posting.salary_text, posting.extra["hn_author"]) == ("€80k", "acme_hr")
    assert (
        posting.description == "Acme | ML Engineer | Berlin | ONSITE | '€80k'\n\nWe train models."
    )
    with pytest.raises(InputError, match="by id only"):
        list(HackerNewsKind().parse(b'{"id": 1, "kids": [2, 3]}', source="s", origin="hn"))


def test_every_recorded_ashby_board_parses():
    """All 449 recorded Ashby responses: every job becomes a posting, none is lost."""
    folder = shared_path("postings-ats-ai", "raw", "stapply-ai__ats-scrapers", "ashby", "companies")
    boards = jobs = postings = rejects = 0
    for path in sorted(folder.glob("*.json.gz")):
        body = gzip.decompress(path.read_bytes())
        items = list(AshbyKind().parse(body, source="ashby:x", origin=path.name))
        boards += 1
        jobs += len(json.loads(body)["jobs"])
        postings += len(_postings(items))
        rejects += sum(isinstance(i, RecordError) for i in items)
    assert (boards, jobs, postings, rejects) == (449, 9396, 9396, 0)
