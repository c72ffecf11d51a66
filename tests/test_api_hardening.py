"""Issue 9 regressions in the API and web faces: stale index catch-up, all-or-nothing uploads,
no server paths in errors, minimum token length, reachable postings, bounded job details."""

from __future__ import annotations

import dataclasses
import gzip
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from roleatlas.api import create_app
from roleatlas.api.security import MIN_TOKEN_LENGTH, token_problem
from roleatlas.errors import StoreError
from roleatlas.pipeline.run import ingest
from roleatlas.records import Extraction, SkillMention, SkillSpan
from roleatlas.settings import resolve_settings
from roleatlas.store import JobQuery, Store
from tests.test_api import NEW_POSTING, POSTINGS, TOKEN, _error, _upload, api_home

STORED = POSTINGS


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _postings(n: int, source: str = "bulk", word: str = "wombatics") -> list[dict[str, Any]]:
    rnd = random.Random(9)  # varied words: the gzip is large enough to stream in many chunks
    words = "data pipeline python sql spark airflow model team build ship cloud".split()
    return [
        {
            "source": source,
            "id": f"{source}-{i}",
            "title": f"Data Engineer {word}",
            "company": f"Acme {i}",
            "description": " ".join(
                f"{rnd.choice(words)}{rnd.randrange(10**6)}" for _ in range(300)
            ),
        }
        for i in range(n)
    ]


def _counts(home: Path) -> tuple[int, int, int]:
    with Store(home / "roleatlas.db").open() as store:
        q = store.conn.execute
        return (
            store.count(),
            int(q("SELECT count(*) FROM ingest_runs").fetchone()[0]),
            int(q("SELECT count(*) FROM rejects").fetchone()[0]),
        )


# -- stale index (item 5) --------------------------------------------------------------------
def test_restarted_server_catches_up_with_postings_written_behind_its_back(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """The CLI committed postings but its index sync failed: the next server start (and a
    search) brings the index up to date."""
    home = api_home(tmp_path_factory, "api-stale")
    with Store(home / "roleatlas.db").open() as store:
        ingest([_jsonl(tmp_path / "more.jsonl", _postings(30, "cli", "numbatology"))], store)
    with TestClient(create_app(resolve_settings({}, home=str(home)))) as c:
        found = c.get("/api/v1/jobs", params={"q": "numbatology", "limit": 100}).json()
        assert found["total"] == 30
        status = c.get("/api/v1/data/status").json()
        assert status["postings"] == status["index"]["docs"] == STORED + 30


def test_running_server_sees_the_store_ahead(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roleatlas.api import deps

    monkeypatch.setattr(deps, "STALE_CHECK_SECONDS", 0.0)
    home = api_home(tmp_path_factory, "api-ahead")
    with TestClient(create_app(resolve_settings({}, home=str(home)))) as c:
        assert c.get("/api/v1/jobs", params={"q": "bilbyology"}).json()["total"] == 0
        with Store(home / "roleatlas.db").open() as store:  # a CLI ingest, server unaware
            ingest([_jsonl(tmp_path / "cli.jsonl", _postings(12, "cli", "bilbyology"))], store)
        assert c.get("/api/v1/jobs", params={"q": "bilbyology"}).json()["total"] == 12


# -- uploads: all or nothing, no server paths (items 5 and 10) --------------------------------
@pytest.fixture
def upload_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return api_home(tmp_path_factory, "api-upload")


def test_truncated_gzip_upload_changes_nothing(upload_home: Path) -> None:
    rows = "".join(json.dumps(r) + "\n" for r in _postings(2500)).encode()
    data = gzip.compress(rows)
    cut = data[: int(len(data) * 0.8)]  # about 2,000 postings readable, in 20 batches of 100
    before = _counts(upload_home)
    settings = resolve_settings({}, home=str(upload_home), api_token=TOKEN, batch_size=100)
    with TestClient(create_app(settings)) as c:
        r = _upload(c, cut, TOKEN, name="jobs.jsonl.gz")
        message = _error(r, 400, "InputError")
        assert "'jobs.jsonl.gz' is not a readable gzip file" in message
        assert "Nothing of the upload was stored" in message
        assert "/tmp" not in message and "roleatlas-upload" not in message
        assert c.get("/api/v1/jobs", params={"q": "wombatics"}).json()["total"] == 0
    assert _counts(upload_home) == before  # postings, run records and rejects alike


def test_upload_rejects_name_the_file_not_the_server_path(upload_home: Path) -> None:
    settings = resolve_settings({}, home=str(upload_home), api_token=TOKEN)
    with TestClient(create_app(settings)) as c:
        r = _upload(c, NEW_POSTING + b"{not json\n", TOKEN, name="mine.jsonl")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["new"], body["rejected"], body["index_error"]) == (1, 1, None)
    (reject,) = body["rejects"]
    assert reject["origin"] == "mine.jsonl:2"
    assert "/tmp" not in json.dumps(body) and "roleatlas-upload" not in json.dumps(body)


def test_committed_upload_whose_index_sync_fails_is_not_an_error(
    upload_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import roleatlas.search
    from roleatlas.api import deps

    real = roleatlas.search.sync_index
    settings = resolve_settings({}, home=str(upload_home), api_token=TOKEN)
    with TestClient(create_app(settings)) as c:
        c.get("/api/v1/jobs")  # the start-up catch-up is done

        def fail(store: Store, path: Path, **kw: Any) -> int:
            raise StoreError(f"The search index at '{path}' is busy.")

        monkeypatch.setattr(roleatlas.search, "sync_index", fail)
        r = _upload(c, NEW_POSTING, TOKEN)
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["new"], body["indexed"]) == (1, None)
        assert "is busy" in body["index_error"] and "postings are stored" in body["index_error"]
        assert str(upload_home) not in body["index_error"]  # no server path either
        assert c.get("/api/v1/data/status").json()["postings"] == STORED + 1
        monkeypatch.setattr(roleatlas.search, "sync_index", real)
        monkeypatch.setattr(deps, "STALE_CHECK_SECONDS", 0.0)
        assert c.get("/api/v1/jobs", params={"q": "quokkalytics"}).json()["total"] == 1


def test_store_errors_do_not_show_the_data_directory(upload_home: Path) -> None:
    (upload_home / "index" / "CURRENT").write_text("gen-gone\n")
    settings = resolve_settings({}, home=str(upload_home))
    c = TestClient(create_app(settings))  # no lifespan: the first search opens the index
    r = c.get("/api/v1/jobs")
    message = _error(r, 503, "StoreError")
    assert "$ROLEATLAS_HOME/index" in message and str(upload_home) not in message


# -- the API token (item 10) -----------------------------------------------------------------
def test_short_token_refuses_uploads(upload_home: Path) -> None:
    short = "x" * (MIN_TOKEN_LENGTH - 1)
    settings = resolve_settings({}, home=str(upload_home), api_token=short)
    problem = token_problem(settings)
    assert problem is not None and "15 characters long" in problem
    assert "secrets.token_urlsafe(32)" in problem
    assert token_problem(dataclasses.replace(settings, api_token="y" * 16)) is None
    with TestClient(create_app(settings)) as c:
        message = _error(_upload(c, NEW_POSTING, short), 403, "Forbidden")
    assert "at least 16" in message and "secrets.token_urlsafe(32)" in message
    assert _counts(upload_home)[0] == STORED


# -- reachable postings (item 9) -------------------------------------------------------------
def test_every_listed_posting_is_reachable(upload_home: Path, tmp_path: Path) -> None:
    from roleatlas.search import index_dir, sync_index

    odd = {"source": "weird", "id": "a/b?c#d", "title": "Platypology Engineer",
           "description": "SQL and Python."}  # fmt: skip
    with Store(upload_home / "roleatlas.db").open() as store:
        ingest([_jsonl(tmp_path / "odd.jsonl", [odd])], store)
        # stored before source names were checked: a source with a slash
        stored = store.get("weird", "a/b?c#d")
        assert stored is not None
        legacy = dataclasses.replace(stored, source="a/b", source_id="x/1")
        store.write_batch([legacy], [], [], norm_version=1)
        sync_index(store, index_dir(upload_home))
    with TestClient(create_app(resolve_settings({}, home=str(upload_home)))) as c:
        items = c.get("/api/v1/jobs", params={"q": "platypology"}).json()["items"]
        assert {(i["source"], i["source_id"]) for i in items} == {
            ("weird", "a/b?c#d"),
            ("a/b", "x/1"),
        }
        for item in items:
            assert item["href"].startswith("/api/v1/jobs/")
            job = c.get(item["href"])
            assert job.status_code == 200, job.text
            assert (job.json()["source"], job.json()["source_id"]) == (
                item["source"],
                item["source_id"],
            )
        page = c.get("/jobs", params={"q": "platypology"}).text
        links = re.findall(r'<a href="(/jobs/[^"]+)">Platypology', page)
        assert len(links) == 2
        for link in links:
            r = c.get(link.replace("&amp;", "&"))
            assert r.status_code == 200 and "Platypology Engineer" in r.text


# -- bounded job details (item 6) ------------------------------------------------------------
def test_job_detail_is_bounded_for_postings_stored_before_the_limits(upload_home: Path) -> None:
    text = "Python and SQL. " * 20_000  # 320,000 characters
    mentions = [
        SkillMention("python", "Python", i * 16, i * 16 + 6, "dictionary", "requirements", True)
        for i in range(20_000)
    ]
    with Store(upload_home / "roleatlas.db").open() as store:
        # a posting under both limits, to check the bounds leave it whole
        base = next(
            p
            for p in store.jobs(JobQuery(limit=200))
            if len(p.description or "") < 2_000
            and len(getattr(store.extraction(p.source, p.source_id), "skills", [])) < 50
        )
        huge = dataclasses.replace(
            base,
            source="big",
            source_id="1",
            description=text,
            extra={"blob": "z" * 50_000},
            extraction=Extraction(
                skills=mentions,
                spans=[SkillSpan(i * 16, i * 16 + 6, "KNOWLEDGE") for i in range(20_000)],
            ),
        )
        store.write_batch([huge], [], [], norm_version=1, extract_version="old")
    settings = resolve_settings(
        {}, home=str(upload_home), max_description_chars=2_000, max_mentions=50
    )
    with TestClient(create_app(settings)) as c:
        r = c.get("/api/v1/jobs/big/1")
        assert r.status_code == 200
        assert len(r.content) < 60_000
        job = r.json()
        assert job["description"] == text[:2_000]
        assert (job["description_truncated"], job["extraction_truncated"]) == (True, True)
        assert job["extra_truncated"] is True and job["extra"] == {}
        skills = job["extraction"]["skills"]
        assert 0 < len(skills) <= 50 and all(m["end"] <= 2_000 for m in skills)
        spans = job["extraction"]["spans"]
        assert 0 < len(spans) <= 50 and all(s["end"] <= 2_000 for s in spans)
        small = c.get(f"/api/v1/jobs/{base.source}/{base.source_id}").json()
        assert not (small["description_truncated"] or small["extraction_truncated"])
        page = c.get("/jobs/big/1")
        assert page.status_code == 200 and len(page.content) < 80_000
        assert "only its first 2,000 characters are shown" in page.text
