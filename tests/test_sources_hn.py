"""Tests of the Hacker News "Who is hiring?" reader (examples written for these tests)."""

from __future__ import annotations

import pytest

from roleatlas.errors import RecordError
from roleatlas.records import RawPosting
from roleatlas.sources.hn import hn_text, parse_header, parse_hn_comment, read_hn_thread

THREAD = 100


def comment(text: object, **fields: object) -> dict[str, object]:
    item: dict[str, object] = {"id": 501, "type": "comment", "parent": THREAD, "by": "poster",
                               "time": 1767225600, "text": text}  # fmt: skip
    item.update(fields)
    return item


@pytest.mark.parametrize(
    ("line", "company", "roles", "location", "remote", "salary"),
    [
        ("Bluefin Labs | Senior Data Engineer | Lisbon, Portugal | ONSITE | Full-time",
         "Bluefin Labs", ["Senior Data Engineer"], "Lisbon, Portugal", False, None),
        ("Quarrytech (YC S22) | https://quarry.dev | ML Engineer, Data Scientist | "
         "REMOTE (US) | $140k-$180k + equity",
         "Quarrytech", ["ML Engineer", "Data Scientist"], "REMOTE (US)", True, "$140k-$180k"),
        ("Remote | Full-time | Platform Engineer | Tallowmark | €70-90k",
         "Tallowmark", ["Platform Engineer"], None, True, "€70-90k"),
        ("Nordlicht - Backend Developer - Hamburg - Hybrid",
         "Nordlicht", ["Backend Developer"], "Hamburg", False, None),
        ("COMPANY: Wildkind | Product Designer | Cologne, Germany",
         "Wildkind", ["Product Designer"], "Cologne, Germany", None, None),
        ("Fernhill • Staff Software Engineer • Toronto, ON • Onsite or Remote",
         "Fernhill", ["Staff Software Engineer"], "Toronto, ON", True, None),
        ("Orbly | Contract | iOS Developer | $90 - $120/hr | Remote (EU)",
         "Orbly", ["iOS Developer"], "Remote (EU)", True, "$90 - $120/hr"),
        ("Pinecrest Health is hiring a Senior Analytics Engineer in Denver",
         "Pinecrest Health", ["Senior Analytics Engineer"], "Denver", None, None),
    ],
)  # fmt: skip
def test_header_fields(line, company, roles, location, remote, salary):
    fields = parse_header(line)
    assert fields.company == company
    assert fields.roles == roles
    assert fields.location == location
    assert fields.remote is remote
    assert fields.salary_text == salary


@pytest.mark.parametrize(
    "line",
    [
        "Acme | Backend Engineer | Berlin | €10k Signing Bonus",
        "Acme | Backend Engineer | Remote | raised $20M Series A",
        "Acme | Hackathon | Win $20,000. | Remote",
        "Acme | Backend Engineer | Remote | 1% equity",
        "Acme | Backend Engineer | NYC | $40M ARR",
    ],
)
def test_bonus_equity_funding_prize_are_not_salaries(line):
    assert parse_header(line).salary_text is None


def test_salary_from_an_explicit_pay_phrase_in_the_text():
    text = ("Acme | Data Scientist | Remote (US)<p>We raised $30M last year."
            "<p>Compensation: $150k - $185k base plus equity.")  # fmt: skip
    [posting] = parse_hn_comment(comment(text), thread_id=THREAD)
    assert posting.salary_text == "$150k - $185k"
    assert posting.extra["salary_from"] == "text"


def test_funding_in_the_text_is_not_a_salary():
    text = "Acme | Data Scientist | Remote<p>We closed a $12M seed round and pay well."
    [posting] = parse_hn_comment(comment(text), thread_id=THREAD)
    assert posting.salary_text is None


def test_posting_fields():
    [posting] = parse_hn_comment(comment("Acme | SRE | Oslo, Norway | ONSITE"), thread_id=THREAD)
    assert isinstance(posting, RawPosting)
    assert posting.source == "hackernews-whoishiring"
    assert posting.source_id == "501"
    assert posting.url == "https://news.ycombinator.com/item?id=501"
    assert posting.posted_at == "2026-01-01T00:00:00Z"
    assert posting.extra["hn_author"] == "poster"
    assert posting.extra["header_line"] == "Acme | SRE | Oslo, Norway | ONSITE"


def test_multi_role_posts_keep_every_role():
    text = "Acme | Senior Backend Engineer, ML Engineer, Data Scientist | Remote"
    postings = parse_hn_comment(comment(text), thread_id=THREAD)
    assert isinstance(postings, list)
    assert [(p.source_id, p.title) for p in postings] == [
        ("501", "Senior Backend Engineer"),
        ("501-2", "ML Engineer"),
        ("501-3", "Data Scientist"),
    ]
    assert postings[2].extra["roles"] == [
        "Senior Backend Engineer",
        "ML Engineer",
        "Data Scientist",
    ]


def test_roles_listed_in_the_body():
    text = "Acme | Paris, France | ONSITE<p>Open roles:<p>- Frontend Engineer<p>- Product Manager"
    postings = parse_hn_comment(comment(text), thread_id=THREAD)
    assert isinstance(postings, list)
    assert [p.title for p in postings] == ["Frontend Engineer", "Product Manager"]
    assert postings[0].extra["roles_from"] == "text"


@pytest.mark.parametrize(
    "text",
    [
        "SEEKING WORK | Python, Go | Remote",
        "Seeking freelancer | React | Remote",
        "Location: Austin<p>Remote: Yes<p>Willing to relocate: No",
        "Is anyone else seeing fewer posts this month than last?",
    ],
)
def test_seekers_and_meta_comments_are_not_postings(text):
    assert parse_hn_comment(comment(text), thread_id=THREAD) is None


def test_replies_deleted_and_dead_items_are_skipped():
    assert parse_hn_comment(comment("Acme | SRE | Remote", parent=999), thread_id=THREAD) is None
    assert parse_hn_comment(comment("Acme | SRE", deleted=True), thread_id=THREAD) is None
    assert parse_hn_comment(comment("Acme | SRE", dead=True), thread_id=THREAD) is None
    assert parse_hn_comment({"id": 1, "deleted": True}, thread_id=THREAD) is None


def test_html_conversion():
    markup = ('Acme &amp; Co | Remote<p>Apply: <a href="https:&#x2F;&#x2F;acme.io&#x2F;jobs" '
              'rel="nofollow">https:&#x2F;&#x2F;acme.io&#x2F;j...</a><p><i>Thanks</i>')  # fmt: skip
    assert hn_text(markup) == "Acme & Co | Remote\n\nApply: https://acme.io/jobs\n\nThanks"
    assert hn_text("") is None


@pytest.mark.parametrize(
    "item",
    [
        "not an item",
        [1, 2],
        {"type": "comment", "text": "Acme | SRE"},
        {"id": "abc", "text": "Acme | SRE"},
        {"id": 5, "parent": THREAD, "text": ["Acme"]},
        {"id": 5, "parent": THREAD, "text": "Acme | SRE | " + "x" * 300_000},
    ],
)
def test_hostile_items_are_record_errors(item):
    assert isinstance(parse_hn_comment(item, thread_id=THREAD), RecordError)


@pytest.mark.parametrize(
    "item",
    [
        {"id": 5},
        {"id": 5, "parent": THREAD, "text": None, "time": "yesterday"},
        {"id": 5, "parent": THREAD, "text": "<p><p><b>", "time": 1e300},
        {"id": 5, "parent": THREAD, "text": "Acme | SRE", "time": True, "by": 7},
        {"id": 5, "parent": THREAD, "text": "\ud800 | \x00 | $$$ | 9999999999k"},
        {"id": 5, "type": "job", "title": None},
        {"id": 5, "type": "poll"},
    ],
)
def test_odd_items_never_raise(item):
    result = parse_hn_comment(item, thread_id=THREAD)
    assert result is None or isinstance(result, list | RecordError)


def test_job_stories():
    item = {"id": 9, "type": "job", "time": 1767225600,
            "title": "Lumen Bio (YC W25) Is Hiring a Founding ML Engineer"}  # fmt: skip
    [posting] = parse_hn_comment(item, thread_id=THREAD)
    assert (posting.company, posting.title) == ("Lumen Bio", "Founding ML Engineer")


def test_read_hn_thread_finds_the_story_and_skips_replies():
    items = [
        {"id": THREAD, "type": "story", "kids": [501, 502]},
        comment("Acme | Data Engineer | Remote"),
        {"id": 502, "type": "comment", "parent": 501, "text": "Do you sponsor visas?"},
        "garbage",
    ]
    results = list(read_hn_thread(items))
    assert [type(r).__name__ for r in results] == ["RawPosting", "RecordError"]
    assert results[0].title == "Data Engineer"  # type: ignore[union-attr]
    assert results[1].origin == "#3"  # type: ignore[union-attr]


def test_expand_row_splits_a_stored_row_into_one_posting_per_role():
    from roleatlas.records import RawPosting
    from roleatlas.sources.hn import expand_row

    html = (
        "Acme Robotics | Senior ML Engineer, Data Scientist | Berlin | ONSITE | "
        "€90k-€120k<p>We build robots."
    )
    raw = RawPosting(
        "hackernews-whoishiring",
        "hn-123",
        title=None,
        company="Berlin",  # the data set's rough heuristic, wrong here
        posted_at="2026-01-02T10:00:00+00:00",
        url="https://news.ycombinator.com/item?id=123",
        extra={"text_html": html, "thread": "Ask HN: Who is hiring? (January 2026)"},
        origin="f.jsonl:7",
    )
    postings = expand_row(raw)
    assert isinstance(postings, list)
    assert [(p.source_id, p.title, p.company) for p in postings] == [
        ("hn-123", "Senior ML Engineer", "Acme Robotics"),
        ("hn-123-2", "Data Scientist", "Acme Robotics"),
    ]
    assert {p.location for p in postings} == {"Berlin"}
    assert postings[0].extra["thread"].startswith("Ask HN")  # the row's extra is kept

    seeker = RawPosting(
        "hackernews-whoishiring",
        "hn-124",
        extra={"text_html": "SEEKING WORK | Remote | Python, ML<p>Email me."},
        origin="f.jsonl:8",
    )
    error = expand_row(seeker)
    assert not isinstance(error, list) and "not a job posting" in error.reason
    plain = RawPosting("hackernews-whoishiring", "hn-125", title="Data Engineer")
    assert expand_row(plain) == [plain]  # no text_html: as it was


def test_roles_listed_after_a_label_in_the_header():
    item = {"id": 9, "type": "comment", "parent": 1, "text": (
        "Bravado | 3 open positions: Front End Engineer, Full Stack Engineer, Dev/Ops Engineer"
        " | Full-Time | San Francisco<p>Join us.")}  # fmt: skip
    postings = parse_hn_comment(item, thread_id=1)
    assert [p.title for p in postings] == [
        "Front End Engineer",
        "Full Stack Engineer",
        "Dev/Ops Engineer",
    ]


@pytest.mark.parametrize(
    ("header", "title"),
    [
        ("Lilt | Berlin, Germany | Multiple Engineering Roles | Full time | ONSITE",
         "Multiple Engineering Roles"),
        ("Atlas AI | Machine Learning/ Geospatial Analytics | US (Non-Remote)| Full-time",
         "Machine Learning/ Geospatial Analytics"),
        ("Atria | Global Remote (almost anywhere) & Hybrid NYC | 10 Engineering roles",
         "10 Engineering roles"),
    ],
)  # fmt: skip
def test_a_header_that_names_a_group_of_roles_is_not_untitled(header, title):
    item = {"id": 10, "type": "comment", "parent": 1, "text": f"{header}<p>We build things."}
    postings = parse_hn_comment(item, thread_id=1)
    assert [p.title for p in postings] == [title]
    assert postings[0].extra["roles_from"] == "header_group"


def test_a_header_without_any_role_stays_untitled():
    item = {
        "id": 11,
        "type": "comment",
        "parent": 1,
        "text": "GitLab | Remote only | Full time<p>It is an exciting time to join.",
    }
    postings = parse_hn_comment(item, thread_id=1)
    assert [p.title for p in postings] == [None]


@pytest.mark.parametrize(
    "body",
    ["Solid Financials: profitable, $1M+ in annual revenue, compensation competitive",
     "Our salary is competitive; we spend about $3.5 trillion annually on healthcare"],
)  # fmt: skip
def test_revenue_and_market_sizes_in_the_text_are_not_salaries(body):
    item = {
        "id": 12,
        "type": "comment",
        "parent": 1,
        "text": f"Acme | Data Engineer | Remote<p>{body}",
    }
    assert parse_hn_comment(item, thread_id=1)[0].salary_text is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a numbered line behind a "Hiring:" label
        (
            "We build a camera OS for local AI.<p>1. Hiring: Device Lifecycle Engineer "
            "(Secure Boot / OTA) (Remote, EU)<p>You will own the trust chain.",
            "Device Lifecycle Engineer",
        ),
        # a role line set in emphasis
        (
            "Quillmoor | Remote (Global)<p>We need two people:<p>*1. Systems Architect*<p>"
            "You see the whole board.",
            "Systems Architect",
        ),
        # plural SDRs in a prose header
        ("Gravelpine (YC S17) is hiring SDRs to help make building safer", "SDRs"),
        # "member of technical staff" is a title
        (
            "Cinderbay | member of technical staff | sf bay area only<p>come build a cloud.",
            "member of technical staff",
        ),
    ],
)
def test_role_lines_behind_labels_emphasis_and_staff_titles_are_read(text, title):
    postings = parse_hn_comment(comment(text), thread_id=THREAD)
    assert isinstance(postings, list)
    assert postings[0].title == title
