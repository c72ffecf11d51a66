"""The /fit page: upload form, result page with charts and links, nav link."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from roleatlas.api import create_app
from roleatlas.settings import resolve_settings
from roleatlas.store import Store
from tests.test_api_fit import RESUME_TEXT
from tests.test_insights_fit import fit_postings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("fit-web")
    with Store(home / "roleatlas.db").open() as store:
        store.write_batch(fit_postings(), [], [], norm_version=1, extract_version="test")
    with TestClient(create_app(resolve_settings({}, home=str(home)))) as c:
        yield c


def test_form_and_nav_link(client: TestClient) -> None:
    r = client.get("/fit")
    assert r.status_code == 200
    html = r.text
    assert 'enctype="multipart/form-data"' in html and 'name="file"' in html
    assert '<a href="/fit" aria-current="page">Fit</a>' in html
    assert '<a href="/fit"' in client.get("/").text


def test_result_page(client: TestClient) -> None:
    files = {"file": ("cv.txt", RESUME_TEXT.encode(), "text/plain")}
    r = client.post("/fit", files=files)
    assert r.status_code == 200, r.text
    html = r.text
    assert "Roles ranked by fit" in html and "<svg" in html
    assert 'href="/roles/data-scientist"' in html  # role names link to role pages
    assert 'href="/jobs/test/ds-' in html  # matching jobs and examples link to job pages
    assert "line 3" in html  # résumé statements quote their line
    assert "<script>" not in html


def test_bad_upload_is_an_error_page(client: TestClient) -> None:
    r = client.post("/fit", files={"other": ("cv.txt", b"Python", "text/plain")})
    assert r.status_code == 400 and "field" in r.text
