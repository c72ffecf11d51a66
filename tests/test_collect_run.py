"""``roleatlas collect`` end to end, against recorded ATS responses served on 127.0.0.1.

The server answers like the boards do: the recorded Greenhouse, Lever and Ashby responses
of ``../shared/data/ats-fixtures/hunt`` (and one real Ashby board of the AI snapshot), with
an ETag per body and ``304`` to a matching ``If-None-Match``. A test can remove a posting
from a board, make it fail, or count the requests.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from roleatlas.collect.http import Fetcher
from roleatlas.collect.run import collect, due_sources
from roleatlas.errors import InputError
from roleatlas.settings import resolve_settings
from roleatlas.store import Store
from tests.test_cli import run, run_ok

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
HUNT = SHARED / "ats-fixtures" / "hunt"
ASHBY_AI = SHARED / "postings-ats-ai" / "raw" / "stapply-ai__ats-scrapers" / "ashby" / "companies"

pytestmark = pytest.mark.skipif(not HUNT.exists(), reason=f"{HUNT} is not here")


class Boards:
    """What the local server serves: path → JSON document, plus a request log."""

    def __init__(self) -> None:
        self.docs: dict[str, Any] = {}
        self.status: dict[str, int] = {}
        self.requests: list[tuple[str, str | None]] = []

    def body(self, path: str) -> bytes:
        return json.dumps(self.docs[path], sort_keys=True).encode()


def _handler(boards: Boards) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep the test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            path, _, query = self.path.partition("?")
            offset = parse_qs(query).get("offset")
            if offset:  # a page of a paged API is served under "<path>?offset=N"
                path = f"{path}?offset={offset[0]}"
            boards.requests.append((path, self.headers.get("If-None-Match")))
            if path not in boards.docs:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = boards.status.get(path, 200)
            if status != 200:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = boards.body(path)
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def boards():
    state = Boards()
    state.docs["/gh/v1/boards/vercel/jobs"] = json.loads(
        (HUNT / "greenhouse_vercel_jobs.json").read_text()
    )
    state.docs["/lever/v0/postings/spotify"] = json.loads(
        (HUNT / "lever_spotify_postings.json").read_text()
    )
    state.docs["/ashby/posting-api/job-board/linear"] = json.loads(
        (HUNT / "ashby_linear_jobs.json").read_text()
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    yield state
    server.shutdown()
    server.server_close()


def _env(monkeypatch, allow: bool = True) -> None:
    monkeypatch.setenv("ROLEATLAS_ALLOW_PRIVATE_HOSTS", "1" if allow else "0")
    monkeypatch.setenv("ROLEATLAS_HOST_DELAY", "0")
    monkeypatch.setenv("ROLEATLAS_MAX_RETRIES", "0")


def _add(capsys, home: str, boards: Boards) -> None:
    for name, kind, path in (
        ("gh-vercel", "greenhouse", "/gh/v1/boards/vercel/jobs"),
        ("lever-spotify", "lever", "/lever/v0/postings/spotify"),
        ("ashby-linear", "ashby", "/ashby/posting-api/job-board/linear"),
    ):
        url = boards.base + path  # type: ignore[attr-defined]
        run_ok(capsys, "--home", home, "sources", "add", url, "--kind", kind, "--name", name)


def _collect(capsys, home: str, *names: str) -> dict[str, dict[str, Any]]:
    out = run_ok(capsys, "--home", home, "collect", *names, "--json")
    return {row["name"]: row for row in json.loads(out)["sources"]}


def test_collect_then_304_then_a_removed_posting_closes(tmp_path, capsys, monkeypatch, boards):
    _env(monkeypatch)
    home = str(tmp_path / "home")
    _add(capsys, home, boards)

    first = _collect(capsys, home)
    assert {n: (r["status"], r["new"], r["closed"]) for n, r in first.items()} == {
        "gh-vercel": ("ok", 2, 0),
        "lever-spotify": ("ok", 2, 0),
        "ashby-linear": ("ok", 2, 0),
    }
    listed = json.loads(run_ok(capsys, "--home", home, "jobs", "--format", "json"))
    assert len(listed) == 6

    # nothing changed: every board answers 304 to the conditional request
    second = _collect(capsys, home, "gh-vercel", "lever-spotify", "ashby-linear")
    assert {r["status"] for r in second.values()} == {"unchanged"}
    assert {r["unchanged"] for r in second.values()} == {2}
    assert all(etag is not None for _, etag in boards.requests[-3:])

    # a posting drops out of the Greenhouse board: the next collect closes it
    removed = boards.docs["/gh/v1/boards/vercel/jobs"]["jobs"].pop()
    third = _collect(capsys, home, "gh-vercel")
    assert (third["gh-vercel"]["status"], third["gh-vercel"]["closed"]) == ("ok", 1)
    assert third["gh-vercel"]["open"] == 1
    ids = {
        j["source_id"]
        for j in json.loads(run_ok(capsys, "--home", home, "jobs", "--format", "json"))
    }
    assert str(removed["id"]) not in ids and len(ids) == 5
    everything = json.loads(
        run_ok(capsys, "--home", home, "jobs", "--format", "json", "--include-closed")
    )
    assert str(removed["id"]) in {j["source_id"] for j in everything}

    # the web and the API search open postings unless asked for closed ones too
    from fastapi.testclient import TestClient

    from roleatlas.api import create_app

    client = TestClient(create_app(resolve_settings({}, home=home)))
    title = removed["title"]
    api = client.get("/api/v1/jobs", params={"q": f'"{title}"', "limit": 50}).json()
    assert str(removed["id"]) not in {i["source_id"] for i in api["items"]}
    api_all = client.get(
        "/api/v1/jobs", params={"q": f'"{title}"', "limit": 50, "include_closed": "true"}
    ).json()
    assert str(removed["id"]) in {i["source_id"] for i in api_all["items"]}
    page = client.get("/jobs", params={"q": f'"{title}"'}).text
    page_all = client.get("/jobs", params={"q": f'"{title}"', "status": "all"}).text
    assert f"/{removed['id']}" not in page and f"/{removed['id']}" in page_all

    # it comes back: it reopens
    boards.docs["/gh/v1/boards/vercel/jobs"]["jobs"].append(removed)
    fourth = _collect(capsys, home, "gh-vercel")
    assert (fourth["gh-vercel"]["unchanged"], fourth["gh-vercel"]["open"]) == (2, 2)

    with_dedup = json.loads(
        run_ok(capsys, "--home", home, "collect", "gh-vercel", "--dedup", "--json")
    )
    assert with_dedup["dedup"]["postings"] == 6 and with_dedup["dedup"]["clusters"] <= 6
    sources = json.loads(run_ok(capsys, "--home", home, "sources", "list", "--json"))
    gh = next(s for s in sources if s["name"] == "gh-vercel")
    assert gh["verified"] is True and gh["last_error"] is None


def test_private_address_refused_without_the_setting(tmp_path, capsys, monkeypatch, boards):
    _env(monkeypatch, allow=False)
    home = str(tmp_path / "home")
    _add(capsys, home, boards)
    code, out, err = run(capsys, "--home", home, "collect", "--json")
    assert code == 1  # every source failed
    rows = json.loads(out)["sources"]
    assert {r["status"] for r in rows} == {"error"}
    assert all("ROLEATLAS_ALLOW_PRIVATE_HOSTS=1" in r["errors"][0] for r in rows)
    assert boards.requests == []  # refused before any request

    monkeypatch.setenv("ROLEATLAS_ALLOW_PRIVATE_HOSTS", "1")
    rows = json.loads(run_ok(capsys, "--home", home, "collect", "gh-vercel", "--json"))["sources"]
    assert rows[0]["status"] == "ok" and rows[0]["new"] == 2


def test_a_failing_source_does_not_stop_the_others(tmp_path, monkeypatch, boards):
    _env(monkeypatch)
    home = tmp_path / "home"
    settings = resolve_settings({}, home=str(home), allow_private_hosts="1", host_delay="0")
    boards.status["/lever/v0/postings/spotify"] = 500
    boards.docs["/ashby/posting-api/job-board/linear"] = {"not": "a board"}
    with Store(settings.db_path).open() as store:
        from roleatlas.collect.registry import add_source

        for name, kind, path in (
            ("gh-vercel", "greenhouse", "/gh/v1/boards/vercel/jobs"),
            ("lever-spotify", "lever", "/lever/v0/postings/spotify"),
            ("ashby-linear", "ashby", "/ashby/posting-api/job-board/linear"),
        ):
            add_source(store, boards.base + path, name=name, kind=kind)  # type: ignore[attr-defined]
        with Fetcher(settings, sleep=lambda s: None) as fetcher:
            results = {r.name: r for r in collect(store, fetcher=fetcher)}
        assert results["gh-vercel"].status == "ok" and results["gh-vercel"].new == 2
        assert results["lever-spotify"].status == "error"
        assert "500" in results["lever-spotify"].errors[0]
        assert results["ashby-linear"].status == "error"
        # not due again until their interval (an hour for the failed ones) has passed,
        # unless named
        assert due_sources(store) == []
        from datetime import UTC, datetime, timedelta

        later = datetime.now(UTC) + timedelta(hours=1, minutes=1)
        assert {s.name for s in due_sources(store, now=later)} == {"lever-spotify", "ashby-linear"}
        assert [s.name for s in due_sources(store, ["ashby-linear"])] == ["ashby-linear"]
        with pytest.raises(InputError, match="No source is called 'nope'"):
            due_sources(store, ["nope"])


def test_empty_listing_closes_nothing(tmp_path, monkeypatch, boards):
    home = tmp_path / "home"
    settings = resolve_settings({}, home=str(home), allow_private_hosts="1", host_delay="0")
    with Store(settings.db_path).open() as store, Fetcher(settings) as fetcher:
        from roleatlas.collect.registry import add_source

        add_source(store, boards.base + "/gh/v1/boards/vercel/jobs", kind="greenhouse", name="g")  # type: ignore[attr-defined]
        [first] = collect(store, fetcher=fetcher)
        assert first.new == 2
        boards.docs["/gh/v1/boards/vercel/jobs"] = {"jobs": []}
        [second] = collect(store, names=["g"], fetcher=fetcher)
        assert (second.closed, second.open) == (0, 2)
        assert "none was closed" in second.errors[0]


@pytest.mark.skipif(not ASHBY_AI.exists(), reason="the AI boards snapshot is not here")
def test_a_real_ashby_board(tmp_path, monkeypatch, boards):
    path = "/ashby/posting-api/job-board/cohere"
    boards.docs[path] = json.loads(gzip.decompress((ASHBY_AI / "cohere.json.gz").read_bytes()))
    expected = len(boards.docs[path]["jobs"])
    settings = resolve_settings({}, home=str(tmp_path), allow_private_hosts="1", host_delay="0")
    with Store(settings.db_path).open() as store, Fetcher(settings) as fetcher:
        from roleatlas.collect.registry import add_source

        add_source(store, boards.base + path, kind="ashby", name="cohere")  # type: ignore[attr-defined]
        [result] = collect(store, fetcher=fetcher)
        assert result.status == "ok"
        assert result.new + result.rejected == expected and result.new > 0
        assert store.open_count("cohere") == result.new


JSONLD = SHARED / "ats-fixtures" / "schemaorg-jsonld" / "jobposting_jsonld_extracted.json"


class _Raw:
    """A document served as is (not JSON), for sitemaps and HTML pages."""

    def __init__(self, body: bytes) -> None:
        self.body = body


@pytest.mark.skipif(not JSONLD.exists(), reason="the JSON-LD examples are not here")
def test_a_sitemap_and_its_pages_and_a_paged_api(tmp_path, boards):
    examples = json.loads(JSONLD.read_text())[:2]
    base = boards.base  # type: ignore[attr-defined]
    pages = {}
    for i, example in enumerate(examples):
        script = json.dumps(example).replace("</", "<\\/")
        html = f'<html><head><script type="application/ld+json">{script}</script></head></html>'
        pages[f"/jobs/{i}.html"] = html.encode()
    sitemap = "".join(f"<url><loc>{base}{path}</loc></url>" for path in pages)
    pages["/jobs-sitemap.xml"] = f'<?xml version="1.0"?><urlset>{sitemap}</urlset>'.encode()
    pages["/missing.html"] = None  # listed but gone: an error of the run, not of the source
    pages["/jobs-sitemap.xml"] = pages["/jobs-sitemap.xml"].replace(
        b"</urlset>", f"<url><loc>{base}/missing.html</loc></url></urlset>".encode()
    )
    original = boards.body

    def body(path: str) -> bytes:
        doc = boards.docs[path]
        return doc.body if isinstance(doc, _Raw) else original(path)

    boards.body = body  # type: ignore[method-assign]
    for path, content in pages.items():
        if content is not None:
            boards.docs[path] = _Raw(content)
    # SmartRecruiters pages through offset/limit
    jobs = [
        {"id": str(n), "name": f"Data Engineer {n}", "company": {"name": "Acme"}} for n in range(5)
    ]
    for offset in (0, 2, 4):
        path = "/sr/v1/companies/acme/postings" + (f"?offset={offset}" if offset else "")
        boards.docs[path] = {
            "offset": offset, "limit": 2, "totalFound": 5, "content": jobs[offset : offset + 2],
        }  # fmt: skip

    settings = resolve_settings({}, home=str(tmp_path), allow_private_hosts="1", host_delay="0")
    with Store(settings.db_path).open() as store, Fetcher(settings) as fetcher:
        from roleatlas.collect.registry import add_source

        add_source(store, base + "/jobs-sitemap.xml", kind="sitemap", name="site")
        add_source(
            store, base + "/sr/v1/companies/acme/postings", kind="smartrecruiters", name="sr"
        )
        results = {r.name: r for r in collect(store, fetcher=fetcher)}
    site, sr = results["site"], results["sr"]
    assert (site.status, site.new) == ("ok", 2)
    assert any("missing.html" in e and "404" in e for e in site.errors)
    assert (sr.status, sr.new) == ("ok", 5)


def test_a_listed_posting_that_cannot_be_read_is_not_closed(tmp_path, boards):
    settings = resolve_settings({}, home=str(tmp_path), allow_private_hosts="1", host_delay="0")
    path = "/gh/v1/boards/vercel/jobs"
    with Store(settings.db_path).open() as store, Fetcher(settings) as fetcher:
        from roleatlas.collect.registry import add_source

        add_source(store, boards.base + path, kind="greenhouse", name="g")  # type: ignore[attr-defined]
        [first] = collect(store, fetcher=fetcher)
        assert (first.new, first.open) == (2, 2)
        deep: Any = "x"
        for _ in range(40):
            deep = {"v": deep}
        boards.docs[path]["jobs"][1]["metadata"] = [{"name": "Deep", "value": deep}]
        [second] = collect(store, names=["g"], fetcher=fetcher)
        # the board still lists it: rejected this run, but not closed
        assert (second.unchanged, second.rejected, second.closed, second.open) == (1, 1, 0, 2)
