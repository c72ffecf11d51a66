"""POST /api/v1/fit: JSON Resume, text and multipart uploads; the size limit; nothing stored."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from roleatlas.api import create_app
from roleatlas.settings import resolve_settings
from roleatlas.store import Store
from tests.test_insights_fit import fit_postings

MARKER = "Zanzibar-Quokka-7731"  # a name that must never reach a log or the store
RESUME_TEXT = f"""{MARKER}
Data Scientist, Acme, 2020 - present
Skills: Python, machine learning, statistics
MSc in Statistics, 2019
"""
JSON_RESUME = {
    "basics": {"name": MARKER},
    "work": [{"name": "Acme", "position": "Data Scientist", "startDate": "2020-01-01"}],
    "education": [{"institution": "Uni", "area": "Statistics", "studyType": "Master"}],
    "skills": [{"name": "Python"}, {"name": "Machine learning"}, {"name": "Statistics"}],
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("fit-api")
    with Store(home / "roleatlas.db").open() as store:
        store.write_batch(fit_postings(), [], [], norm_version=1, extract_version="test")
    return home


@pytest.fixture(scope="module")
def client(home: Path) -> Iterator[TestClient]:
    settings = dataclasses.replace(resolve_settings({}, home=str(home)), max_resume_bytes=4096)
    with TestClient(create_app(settings)) as c:
        yield c


def _snapshot(home: Path) -> tuple[int, list[str]]:
    with Store(home / "roleatlas.db").open() as store:
        n = store.count()
        dump = "\n".join(store.conn.iterdump())
    assert MARKER not in dump
    return n, sorted(p.name for p in home.iterdir() if p.name != "index")


def test_json_resume_body(client: TestClient) -> None:
    r = client.post("/api/v1/fit", json=JSON_RESUME)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["schema"] == "roleatlas.fit/1"
    assert data["ranked"][0]["role"] == "data-scientist"
    assert {s["skill"] for s in data["resume"]["skills"]} >= {"python", "statistics"}


def test_multipart_text_upload(client: TestClient) -> None:
    files = {"file": ("cv.txt", RESUME_TEXT.encode(), "text/plain")}
    r = client.post("/api/v1/fit", files=files, params={"country": "US", "limit": 3})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["filters"]["country"] == "US" and len(data["jobs"]) <= 3
    ds = data["top"][0]
    assert ds["role"] == "data-scientist" and ds["gaps"][0]["n"] == 40


def test_plain_text_body_and_role_filter(client: TestClient) -> None:
    r = client.post(
        "/api/v1/fit",
        content=RESUME_TEXT.encode(),
        headers={"content-type": "text/plain"},
        params={"role": "data-engineer"},
    )
    assert r.status_code == 200, r.text
    assert [f["role"] for f in r.json()["ranked"]] == ["data-engineer"]


def test_size_limit(client: TestClient) -> None:
    big = {"file": ("cv.txt", b"Python\n" * 2000, "text/plain")}
    r = client.post("/api/v1/fit", files=big)
    assert r.status_code == 413
    assert r.json()["error"]["status"] == 413


def test_bad_requests(client: TestClient) -> None:
    r = client.post("/api/v1/fit", files={"other": ("cv.txt", b"Python", "text/plain")})
    assert r.status_code == 400 and "field 'file'" in r.json()["error"]["message"]
    r = client.post("/api/v1/fit", content=b"x", headers={"content-type": "image/png"})
    assert r.status_code == 400
    r = client.post("/api/v1/fit", content=b"", headers={"content-type": "text/plain"})
    assert r.status_code == 400


def test_nothing_stored_or_logged(
    client: TestClient, home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before = _snapshot(home)
    with caplog.at_level(logging.DEBUG):
        client.post("/api/v1/fit", json=JSON_RESUME)
        client.post("/api/v1/fit", files={"file": ("cv.md", RESUME_TEXT.encode(), "text/markdown")})
    assert _snapshot(home) == before
    assert MARKER not in caplog.text


def test_openapi_documents_the_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/api/v1/fit"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json"} <= set(body)
    assert json.dumps(spec)  # serializable
