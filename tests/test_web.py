"""The web pages, in process: every page renders, filters narrow, posting HTML is inert."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from roleatlas.settings import resolve_settings
from roleatlas.store import Store
from tests.conftest import shared_path

MLS = "machine-learning-scientist"
MLRE = "machine-learning-research-engineer"
XSS_KEY = ("webtest", "xss-1")
_BUILT: dict[str, Path] = {}

#: A posting whose description tries every trick a board's HTML could carry.
XSS_POSTING = {
    "source": "webtest",
    "id": "xss-1",
    "title": "Senior Data Scientist",
    "company": "Evil Corp",
    "location": "Remote",
    "employment_type": "Full-time",
    "salary_text": "$120K - $150K",
    "posted_at": "2030-01-02",
    "url": "https://example.org/careers/evil-corp/senior-data-scientist?ref=a&b=1",
    "description": (
        "Requirements: strong Python and SQL skills.\n"
        "<script>alert(1)</script>\n"
        "<img src=x onerror=alert(1)>\n"
        '<p onclick="alert(3)">Experience with <b>TensorFlow</b> is a plus.</p>\n'
        '<a href="javascript:alert(2)">apply</a> '
        '<a href="https://example.org/jobs">details</a>\n'
        "<style>body{display:none}</style><iframe src=https://example.org></iframe>\n"
        "Bachelor's degree in statistics. 3+ years of experience with machine learning.\n"
        "Responsibilities:\n- Build forecasting models for demand planning"
    ),
}

_ML_TITLE = re.compile(r"machine learning|research engineer|research scientist|ml ", re.I)


def build_web_home(factory: pytest.TempPathFactory) -> Path:
    """A data directory (once per session) with ~420 real Glassdoor postings, the crafted
    :data:`XSS_POSTING` and the O*NET / BLS / aijobs reference data."""
    if "home" in _BUILT:
        return _BUILT["home"]
    postings = shared_path("postings-glassdoor", "postings.jsonl.gz")
    shared = shared_path()
    from roleatlas.pipeline.run import ingest
    from roleatlas.reference import pull

    with gzip.open(postings, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    chosen = rows[:300] + [r for r in rows[300:] if _ML_TITLE.search(r.get("title") or "")][:120]
    home = factory.mktemp("web-home")
    source = home / "postings.jsonl"
    source.write_text(
        "\n".join(json.dumps(r) for r in [*chosen, XSS_POSTING]) + "\n", encoding="utf-8"
    )
    with Store(home / "roleatlas.db").open() as store:
        ingest([source], store)
        pull(["onet", "oews", "projections", "aijobs"], store, home, source_dir=shared)
    _BUILT["home"] = home
    return home


class _Elements(HTMLParser):
    """Collects start tags with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from roleatlas.api import create_app

    home = build_web_home(tmp_path_factory)
    app = create_app(resolve_settings({}, home=str(home)))
    with TestClient(app) as c:
        yield c


def test_home_has_search_form(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    tags = elements(r.text)
    form = next(a for t, a in tags if t == "form")
    assert form["action"] == "/jobs" and form["role"] == "search"
    assert '<html lang="en">' in r.text
    assert 'class="skip-link" href="#main"' in r.text
    assert "421 postings stored" in r.text


def test_every_page_sends_the_csp(client: TestClient) -> None:
    for path in ("/", "/jobs", "/roles", f"/roles/{MLS}", "/compare", "/salaries"):
        r = client.get(path)
        assert r.status_code == 200, path
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_no_inline_script_or_style(client: TestClient) -> None:
    """The CSP forbids inline code, so no page may carry any."""
    for path in ("/", "/jobs?q=python", "/jobs/webtest/xss-1", f"/compare?role={MLS}&role={MLRE}"):
        tags = elements(client.get(path).text)
        assert not [t for t, _ in tags if t == "style"], path
        scripts = [a for t, a in tags if t == "script"]
        assert all(a.get("src", "").startswith("/static/") for a in scripts), path
        assert not [a for _, a in tags if "style" in a], path
        assert not [a for _, a in tags if any(k.startswith("on") for k in a)], path


def test_static_assets_are_served(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and ":focus-visible" in css.text
    js = client.get("/static/htmx.min.js")
    assert js.status_code == 200 and "htmx" in js.text[:2000]


def test_job_list_shows_listing_format(client: TestClient) -> None:
    r = client.get("/jobs", params={"q": "evil corp"})
    assert r.status_code == 200
    assert "Senior Data Scientist @ Evil Corp | Remote" in r.text
    assert "Full Time · Senior-level / Expert · USD 120K - 150K" in r.text
    assert 'href="/jobs/webtest/xss-1"' in r.text


def _total(html: str) -> int:
    m = re.search(r"([\d,]+) jobs? found", html)
    assert m, html[:500]
    return int(m.group(1).replace(",", ""))


def test_filters_narrow_the_results(client: TestClient) -> None:
    everything = _total(client.get("/jobs").text)
    assert everything == 421
    role = _total(client.get("/jobs", params={"role": "data-scientist"}).text)
    assert 0 < role < everything
    senior = _total(client.get("/jobs", params={"role": "data-scientist", "level": "SE"}).text)
    assert 0 < senior < role
    paid = _total(client.get("/jobs", params={"min_salary": "150000"}).text)
    assert 0 < paid < everything
    remote = client.get("/jobs", params={"remote": "true", "q": "evil corp"}).text
    assert "Evil Corp" in remote
    recent = client.get("/jobs", params={"posted_after": "2029-12-31"}).text
    assert _total(recent) == 1 and "Evil Corp" in recent


def test_filter_values_are_kept_in_the_form(client: TestClient) -> None:
    r = client.get("/jobs", params={"role": "data-scientist", "level": "SE", "q": "python"})
    assert '<option value="data-scientist" selected>' in r.text
    assert '<option value="SE" selected>' in r.text
    assert 'value="python"' in r.text


def test_paging_keeps_filters(client: TestClient) -> None:
    r = client.get("/jobs", params={"role": "data-scientist"})
    assert "Page 1 of" in r.text
    m = re.search(r'href="(/jobs\?[^"]*page=2)"', r.text)
    assert m and "role=data-scientist" in m.group(1)
    page2 = client.get(m.group(1).replace("&amp;", "&"))
    assert "Page 2 of" in page2.text and 'rel="prev"' in page2.text


def test_htmx_request_gets_the_fragment(client: TestClient) -> None:
    full = client.get("/jobs", params={"q": "python"})
    part = client.get("/jobs", params={"q": "python"}, headers={"HX-Request": "true"})
    assert "<html" in full.text and "<html" not in part.text
    assert part.text.lstrip().startswith('<section id="results"')
    assert 'hx-swap-oob="innerHTML"' in part.text
    assert part.headers["vary"] == "HX-Request"
    restore = client.get(
        "/jobs",
        params={"q": "python"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.text


def test_bad_filter_is_an_html_error_page(client: TestClient) -> None:
    r = client.get("/jobs", params={"level": "guru"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/html")
    assert "level must be one of EN, MI, SE, EX" in r.text
    r = client.get("/jobs", params={"min_salary": "lots"})
    assert r.status_code == 400 and "120000" in r.text


def test_job_page_highlights_skills(client: TestClient) -> None:
    r = client.get("/jobs/webtest/xss-1")
    assert r.status_code == 200
    marks = re.findall(r'<mark class="([\w-]+)">([^<]+)</mark>', r.text.split('id="desc-h"')[1])
    assert ("skill-required", "Python") in marks
    assert any(text == "SQL" for _, text in marks)
    assert 'href="/roles/data-scientist"' in r.text
    assert "bachelor in statistics" in r.text
    assert "3 years of machine learning" in r.text or "3 years" in r.text


def test_script_in_a_posting_is_inert(client: TestClient) -> None:
    r = client.get("/jobs/webtest/xss-1")
    assert r.status_code == 200
    tags = elements(r.text)
    names = [t for t, _ in tags]
    assert "img" not in names and "iframe" not in names
    scripts = [a for t, a in tags if t == "script"]
    assert scripts == [{"src": "/static/htmx.min.js", "defer": None}]
    assert not [a for _, a in tags if any(k.startswith("on") for k in a)]
    assert "javascript:" not in r.text
    assert "alert(1)" not in r.text
    assert "display:none" not in r.text
    # the safe link survives, with rel=noopener
    link = next(a for t, a in tags if t == "a" and a.get("href") == "https://example.org/jobs")
    assert "noopener" in (link.get("rel") or "")
    # formatting survives; attributes do not
    assert "<b>TensorFlow</b>" in r.text or "<b><mark" in r.text


def test_unknown_job_is_404(client: TestClient) -> None:
    r = client.get("/jobs/webtest/nope")
    assert r.status_code == 404
    assert "No posting webtest:nope is stored" in r.text
    assert r.headers["content-type"].startswith("text/html")


def test_roles_page_lists_catalog(client: TestClient) -> None:
    r = client.get("/roles")
    assert r.status_code == 200
    assert f'href="/roles/{MLS}"' in r.text
    assert "Data engineering" in r.text


def test_role_page(client: TestClient) -> None:
    r = client.get(f"/roles/{MLS}")
    assert r.status_code == 200
    assert "<h1>Role: Machine Learning Scientist</h1>" in r.text
    for heading in ("Definitions", "Required skills", "Tools and software", "Salaries"):
        assert f">{heading}</h2>" in r.text
    # charts come in a wide and a compact layout, each with an accessible name
    assert r.text.count('class="chart-wide"') >= 1
    assert r.text.count('class="chart-wide"') == r.text.count('class="chart-compact"')
    assert re.search(r'<svg [^>]*class="chart-wide"[^>]*role="img" aria-label="[^"]+"', r.text)
    # example postings link to job pages
    assert re.search(r'href="/jobs/glassdoor/[^"]+"', r.text)


def test_role_by_name_redirects_and_unknown_is_404(client: TestClient) -> None:
    r = client.get("/roles/ML Scientist", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == f"/roles/{MLS}"
    r = client.get("/roles/data scienst")
    assert r.status_code == 404 and "Did you mean" in r.text


EIGHT = (
    "Definitions",
    "Responsibilities",
    "Required skills",
    "Educational backgrounds",
    "Tools and software",
    "Common industries",
    "Outlook",
    "Practical tips",
)


def test_compare_page_has_eight_sections(client: TestClient) -> None:
    r = client.get("/compare", params=[("role", MLRE), ("role", MLS)])
    assert r.status_code == 200
    h2 = re.findall(r"<h2 id=\"[\w-]+-h\">([^<]+)</h2>", r.text)
    for heading in EIGHT:
        assert heading in h2
    assert "Salaries" in h2 and "Related jobs" in h2
    assert re.search(r"Machine Learning Scientist</a> \(\d+ postings", r.text)
    assert "n=" in r.text
    # both pickers preselected
    assert f'<option value="{MLRE}" selected>' in r.text
    assert f'<option value="{MLS}" selected>' in r.text


def test_compare_three_roles(client: TestClient) -> None:
    r = client.get("/compare", params=[("role", MLRE), ("role", MLS), ("role", "data-scientist")])
    assert r.status_code == 200
    assert "Machine Learning Research Engineer vs Machine Learning Scientist vs Data Scientist" in (
        r.text
    )


def test_compare_without_roles_shows_pickers(client: TestClient) -> None:
    r = client.get("/compare")
    assert r.status_code == 200
    labels = re.findall(r'<label for="(pick-\d)">', r.text)
    assert labels == ["pick-1", "pick-2", "pick-3"]
    assert r.text.count("<select") == 3
    assert f"/compare?role={MLRE}&amp;role={MLS}" in r.text


def test_compare_same_role_twice_is_400(client: TestClient) -> None:
    r = client.get("/compare", params=[("role", MLS), ("role", "ML Scientist")])
    assert r.status_code == 400 and "at least two different roles" in r.text


def test_salaries_page(client: TestClient) -> None:
    r = client.get("/salaries")
    assert r.status_code == 200
    assert "By role, level, country and workplace" in r.text
    everything = r.text.count("<tr>")
    ds = client.get("/salaries", params={"role": "data-scientist", "country": "US"})
    assert ds.status_code == 200
    assert "aijobs.net survey" in ds.text
    assert ds.text.count("<tr>") < everything
    assert '<option value="data-scientist" selected>' in ds.text


def test_every_control_has_a_label(client: TestClient) -> None:
    for path in ("/", "/jobs", "/compare", f"/roles/{MLS}", "/salaries"):
        html = client.get(path).text
        tags = elements(html)
        ids = {a["for"] for t, a in tags if t == "label"}
        for tag, attrs in tags:
            if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
                assert attrs.get("id") in ids, (path, tag, attrs)
        assert "<main" in html and "<header" in html and "<nav" in html, path


# -- navigation, exports and dates (issue 11) --------------------------------------------------
XSS_URL = XSS_POSTING["url"]


def _hrefs(html: str) -> list[str]:
    return [str(a["href"]) for t, a in elements(html) if t == "a" and a.get("href")]


def test_role_page_links_to_its_jobs_salaries_and_comparisons(client: TestClient) -> None:
    html = client.get("/roles/data-scientist").text
    hrefs = _hrefs(html)
    assert "/jobs?role=data-scientist" in hrefs
    assert "/salaries?role=data-scientist" in hrefs
    assert "/compare?role=data-scientist&role=data-engineer" in hrefs
    assert '<meta name="description" content="Skills, education' in html


def test_jobs_and_salaries_link_back_to_the_role(client: TestClient) -> None:
    jobs = _hrefs(client.get("/jobs", params={"role": "Data Scientist"}).text)
    assert "/roles/data-scientist" in jobs and "/salaries?role=data-scientist" in jobs
    assert "/compare?role=data-scientist&role=data-engineer" in jobs
    pay = _hrefs(client.get("/salaries", params={"role": "data-scientist"}).text)
    assert "/roles/data-scientist" in pay and "/jobs?role=data-scientist" in pay
    compare = _hrefs(client.get("/compare", params=[("role", MLRE), ("role", MLS)]).text)
    for role in (MLRE, MLS):
        assert f"/jobs?role={role}" in compare and f"/salaries?role={role}" in compare


def test_job_page_links_to_the_original_posting(client: TestClient) -> None:
    html = client.get("/jobs/webtest/xss-1").text
    link = next(a for t, a in elements(html) if t == "a" and a.get("class") == "button-link")
    assert link["href"] == XSS_URL
    assert "noopener" in str(link["rel"])
    assert ">View original posting</a>" in html and "on example.org" in html
    # a date for people, the ISO value for machines
    assert '<dd><time datetime="2030-01-02">2 January 2030</time></dd>' in html
    assert "/jobs?role=data-scientist" in _hrefs(html)


def test_job_list_dates_are_for_people(client: TestClient) -> None:
    html = client.get("/jobs", params={"q": "evil corp"}).text
    assert 'posted <time datetime="2030-01-02">2 January 2030</time>' in html


def test_not_found_page_is_for_people_and_api_errors_stay_json(client: TestClient) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "<h1>Page not found</h1>" in r.text
    assert "There is no page at /no/such/page." in r.text
    assert "openapi" not in r.text.lower()
    hrefs = _hrefs(r.text)
    assert {"/jobs", "/roles", "/compare"} <= set(hrefs)
    api = client.get("/api/v1/nothing-here")
    assert api.status_code == 404 and api.headers["content-type"] == "application/json"
    assert "/openapi.json" in api.json()["error"]["message"]


def test_did_you_mean_suggestions_are_links(client: TestClient) -> None:
    r = client.get("/roles/data scienst")
    assert r.status_code == 404
    assert '<a href="/roles/data-scientist">Data Scientist</a>' in r.text
    r = client.get("/compare", params=[("role", "data scienst"), ("role", MLS)])
    assert r.status_code == 400
    assert f"/compare?role=data-scientist&role={MLS}" in _hrefs(r.text)
    r = client.get("/jobs", params={"role": "data scienst", "q": "python"})
    assert r.status_code == 400
    assert "/jobs?role=data-scientist&q=python" in _hrefs(r.text)


def test_example_postings_are_named_by_title(client: TestClient) -> None:
    html = client.get("/compare", params=[("role", MLRE), ("role", MLS)]).text
    examples = [a for t, a in elements(html) if t == "a" and a.get("class") == "example"]
    assert examples
    for a in examples:
        assert str(a["href"]).startswith("/jobs/glassdoor/")
        assert not str(a["title"]).startswith("glassdoor:"), a  # the title, not the key
        assert " @ " in str(a["title"]) or a["title"] == "Untitled posting"
    visible = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"\bglassdoor:[\w-]+", visible)


def test_job_page_lists_the_phrases_outside_the_catalog(client: TestClient) -> None:
    from html import escape

    from roleatlas.insights.phrases import posting_phrases
    from roleatlas.records import SkillSpan

    items = client.get("/api/v1/jobs", params={"q": "machine learning", "limit": 5}).json()
    shown = 0
    for item in items["items"]:
        job = client.get(item["href"]).json()
        ex = job["extraction"]
        covered = [
            (m["start"], m["end"])
            for m in ex["skills"]
            if m["skill"] and m["section"] not in ("title", "company", "benefits")
        ]
        spans = [SkillSpan(s["start"], s["end"], s["kind"]) for s in ex["spans"]]
        want = [(escape(w, quote=False), k.lower())
                for _, w, k in posting_phrases(job["description"], spans, covered)]  # fmt: skip
        page = client.get(f"/jobs/{item['source']}/{item['source_id']}").text
        if not want:
            assert 'id="phrases-h"' not in page
            continue
        section = page.split('id="phrases-h"')[1].split("</section>")[0]
        got = re.findall(r'<li>(.*?) <span class="skill-meta">\((\w+)\)</span></li>', section)
        assert got == want
        shown += 1
    assert shown  # the check above compared something
