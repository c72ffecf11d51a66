"""The REST API in process: every route, the error shape, security headers, ingest auth."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from roleatlas.api import create_app
from roleatlas.api.security import CSP
from roleatlas.settings import resolve_settings
from roleatlas.store import Store
from tests.conftest import shared_path

TOKEN = "test-token-2f1c9a"
GLASSDOOR_ROWS = 300
HN_ROWS = 100
#: The HN rows name several roles each: one posting per role (sources/hn.py expand_row);
#: 1 of the 100 is a job seeker's post and is rejected.
HN_POSTINGS = 181
POSTINGS = GLASSDOOR_ROWS + HN_POSTINGS
_TEMPLATE: dict[str, Path] = {}


def _head(path: Path, n: int) -> list[bytes]:
    with gzip.open(path, "rb") as f:
        return [line for _, line in zip(range(n), f, strict=False)]


def build_api_home(factory: pytest.TempPathFactory) -> Path:
    """Once per session: a data directory with 300 Glassdoor and 100 HN postings (real rows,
    ingested with extraction), the projections and aijobs reference data, and the search
    index. Callers copy it (:func:`api_home`) so their writes stay their own."""
    if "home" in _TEMPLATE:
        return _TEMPLATE["home"]
    from roleatlas.pipeline.run import ingest
    from roleatlas.reference import pull
    from roleatlas.search import index_dir, sync_index

    shared = shared_path()
    home = factory.mktemp("api-template")
    sample = factory.mktemp("api-input") / "sample.jsonl"
    rows = _head(shared / "postings-glassdoor" / "postings.jsonl.gz", GLASSDOOR_ROWS)
    rows += _head(shared / "postings-hn-whoishiring" / "postings.jsonl.gz", HN_ROWS)
    sample.write_bytes(b"".join(rows))
    with Store(home / "roleatlas.db").open() as store:
        summary = ingest([sample], store)
        assert summary.new == POSTINGS
        pull(["projections", "aijobs"], store, home, source_dir=shared)
        sync_index(store, index_dir(home))
    _TEMPLATE["home"] = home
    return home


def api_home(factory: pytest.TempPathFactory, name: str) -> Path:
    """A private copy of the session's API data directory."""
    home = factory.mktemp(name) / "home"
    shutil.copytree(build_api_home(factory), home)
    return home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return api_home(tmp_path_factory, "api")


@pytest.fixture(scope="module")
def client(home: Path) -> Iterator[TestClient]:
    app = create_app(resolve_settings({}, home=str(home), api_token=TOKEN))
    with TestClient(app) as c:
        yield c


def _error(response: Any, status: int, type_: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status and body["error"]["type"] == type_
    message = body["error"]["message"]
    assert isinstance(message, str) and message
    return message


# -- security headers, OpenAPI, health -------------------------------------------------------
@pytest.mark.parametrize(
    "url", ["/api/v1/health", "/api/v1/jobs?limit=0", "/api/v1/nope", "/openapi.json", "/nope"]
)
def test_security_headers_on_every_response(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"


def test_health(client: TestClient) -> None:
    assert client.get("/api/v1/health").json() == {"status": "ok", "version": "0.1.0"}


def test_openapi_describes_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/api/v1/jobs",
        "/api/v1/jobs/{source}/{source_id}",
        "/api/v1/roles",
        "/api/v1/roles/{role}",
        "/api/v1/compare",
        "/api/v1/salaries",
        "/api/v1/health",
        "/api/v1/data/status",
        "/api/v1/ingest",
        "/api/v1/fit",
        "/api/v1/premium",
    }
    search = spec["paths"]["/api/v1/jobs"]["get"]
    assert search["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/JobSearch"
    }
    error_ref = {"$ref": "#/components/schemas/ErrorBody"}
    for code in ("400", "422"):
        assert search["responses"][code]["content"]["application/json"]["schema"] == error_ref
    ingest = spec["paths"]["/api/v1/ingest"]["post"]
    assert ingest["security"] == [{"HTTPBearer": []}]
    assert {"401", "403", "413"} <= set(ingest["responses"])
    compare = spec["paths"]["/api/v1/compare"]["get"]
    assert compare["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ComparisonDocument"
    }


# -- jobs ------------------------------------------------------------------------------------
def test_search_keywords(client: TestClient) -> None:
    body = client.get("/api/v1/jobs", params={"q": "python", "limit": 5}).json()
    assert body["total"] > 5 and body["limit"] == 5 and body["offset"] == 0
    assert body["took_ms"] >= 0
    assert len(body["items"]) == 5
    for item in body["items"]:
        head, details = item["listing"]
        assert head.startswith(item["title"])
        if item["company"]:
            assert f" @ {item['company']}" in head
        assert isinstance(details, str)
        assert "description" not in item  # the list stays light; the detail has it


def test_search_filters(client: TestClient) -> None:
    params: dict[str, Any] = {"role": "data-scientist", "country": "US", "limit": 100}
    body = client.get("/api/v1/jobs", params=params).json()
    assert body["total"] > 20
    for item in body["items"]:
        assert item["role"] == "data-scientist"
        assert "US" in (item["location"]["country"], item["location"]["remote_scope"])
    remote = client.get("/api/v1/jobs", params={"remote": "true", "limit": 100}).json()
    assert remote["total"] >= 1
    assert {i["location"]["workplace"] for i in remote["items"]} == {"remote"}
    rich = client.get("/api/v1/jobs", params={"min_salary": 150000, "sort": "salary"}).json()
    tops = [i["salary"]["usd_annual_max"] for i in rich["items"]]
    assert tops and all(t >= 150000 for t in tops) and tops == sorted(tops, reverse=True)
    skilled = client.get("/api/v1/jobs", params=[("skill", "python"), ("skill", "SQL")]).json()
    assert 0 < skilled["total"] < body["total"] + 400


def test_search_pages_are_disjoint(client: TestClient) -> None:
    params = {"q": "data", "sort": "newest", "limit": 10}
    first = client.get("/api/v1/jobs", params=params).json()
    second = client.get("/api/v1/jobs", params={**params, "offset": 10}).json()
    assert first["total"] == second["total"] > 20
    keys = [(i["source"], i["source_id"]) for i in first["items"] + second["items"]]
    assert len(set(keys)) == 20


def test_search_unknown_role_suggests(client: TestClient) -> None:
    r = client.get("/api/v1/jobs", params={"role": "data scienst"})
    message = _error(r, 422, "ValidationError")
    assert "query parameter 'role'" in message and "'data scienst'" in message
    assert "Did you mean 'data-scientist' (Data Scientist)" in message
    assert "GET /api/v1/roles" in message
    assert len(message) < 600  # the 77 ids are in /openapi.json, not in the message


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"role": "Data Scientist"}, "Use the role id 'data-scientist' (Data Scientist)"),
        ({"role": "ml engineer"}, "Use the role id 'machine-learning-engineer'"),
        ({"country": "United States"}, "Use the ISO 3166-1 alpha-2 code 'US'"),
        ({"country": "us"}, "Use the ISO 3166-1 alpha-2 code 'US'"),
        ({"country": "Atlantis"}, "alpha-2 country code in capitals"),
        ({"level": "se"}, "Values are upper case: use 'SE'"),
        ({"level": "boss"}, "'EN', 'MI', 'SE' or 'EX'"),
        ({"employment_type": "gig"}, "'full_time'"),
    ],
)
def test_closed_values_are_enums_with_friendly_errors(
    client: TestClient, params: dict[str, Any], needle: str
) -> None:
    (name,) = params
    r = client.get("/api/v1/jobs", params=params)
    message = _error(r, 422, "ValidationError")
    assert f"query parameter {name!r}" in message and needle in message
    assert r.json()["error"]["details"][0]["loc"] == ["query", name]


def test_openapi_lists_closed_values_as_enums(client: TestClient) -> None:
    from roleatlas.catalog import load_catalog

    spec = client.get("/openapi.json").json()

    def enum(path: str, name: str) -> list[str]:
        (param,) = [p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == name]
        schema = param["schema"]
        schema = schema.get("items", schema)
        (choice,) = [c for c in schema.get("anyOf", [schema]) if "enum" in c]
        return list(choice["enum"])

    roles = [r.id for r in load_catalog()]
    assert enum("/api/v1/jobs", "level") == ["EN", "MI", "SE", "EX"]
    assert enum("/api/v1/jobs", "role") == roles
    assert enum("/api/v1/compare", "role") == roles
    assert enum("/api/v1/salaries", "role") == roles
    assert enum("/api/v1/salaries", "level") == ["EN", "MI", "SE", "EX"]
    for path in ("/api/v1/jobs", "/api/v1/salaries"):
        countries = enum(path, "country")
        assert {"US", "GB", "DE"} <= set(countries) and len(countries) == 249
    assert "full_time" in enum("/api/v1/jobs", "employment_type")
    body = spec["components"]["schemas"]["Body_ingest_upload_api_v1_ingest_post"]
    fmt = body["properties"]["format"]  # optional, but no null: a form field has none
    assert fmt["enum"] == [
        "jsonl", "csv", "listing", "jsonld", "greenhouse", "lever", "ashby", "parquet"
    ]  # fmt: skip
    assert "format" not in body["required"]


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"skill": "pythn"}, "pythn"),
        ({"min_salary": 200000, "max_salary": 100000}, "min_salary"),
        ({"posted_after": "2025-02-01", "posted_before": "2025-01-01"}, "posted_after"),
    ],
)
def test_search_bad_filter_values(client: TestClient, params: dict[str, Any], needle: str) -> None:
    assert needle in _error(client.get("/api/v1/jobs", params=params), 400, "InputError")


@pytest.mark.parametrize(
    ("params", "name"),
    [({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"posted_after": "soon"}, "posted_after"),
     ({"sort": "random"}, "sort"), ({"remote": "maybe"}, "remote")],
)  # fmt: skip
def test_search_validation_errors(client: TestClient, params: dict[str, Any], name: str) -> None:
    r = client.get("/api/v1/jobs", params=params)
    message = _error(r, 422, "ValidationError")
    assert f"query parameter '{name}'" in message
    assert r.json()["error"]["details"][0]["loc"] == ["query", name]


def test_job_detail_with_extraction(client: TestClient) -> None:
    item = client.get("/api/v1/jobs", params={"q": "python", "limit": 1}).json()["items"][0]
    r = client.get(f"/api/v1/jobs/{item['source']}/{item['source_id']}")
    assert r.status_code == 200
    job = r.json()
    assert job["title"] == item["title"] and job["listing"] == item["listing"]
    description = job["description"]
    assert description and "python" in description.lower()
    extraction = job["extraction"]
    assert {"skills", "education", "experience", "responsibilities", "version"} <= set(extraction)
    mentions = [m for m in extraction["skills"] if m["section"] != "title"]
    assert any(m["skill"] == "python" for m in mentions)
    for m in mentions:  # offsets point into the description
        assert description[m["start"] : m["end"]] == m["text"]
    # the span tagger runs by default: its phrases are the ones extract_text finds
    from roleatlas.pipeline.extract import extract_text

    want = extract_text(job["title"], description).spans
    assert want and not job["description_truncated"]
    assert [(s["start"], s["end"], s["kind"]) for s in extraction["spans"]] == [
        (s.start, s.end, s.kind) for s in want
    ]


def test_job_detail_missing(client: TestClient) -> None:
    message = _error(client.get("/api/v1/jobs/glassdoor/no-such-id"), 404, "NotFound")
    assert "glassdoor:no-such-id" in message


# -- roles, compare, salaries -----------------------------------------------------------------
def test_roles_list(client: TestClient) -> None:
    body = client.get("/api/v1/roles").json()
    roles = {r["id"]: r for r in body["roles"]}
    assert len(roles) == 77
    assert roles["data-scientist"]["name"] == "Data Scientist"
    assert roles["data-scientist"]["postings"] > 50
    assert body["total_postings"] == sum(r["postings"] for r in body["roles"])
    assert 0 < body["total_postings"] <= POSTINGS


def test_role_profile(client: TestClient) -> None:
    body = client.get("/api/v1/roles/ml engineer").json()
    assert body["schema"] == "roleatlas.comparison/1" and body["kind"] == "profile"
    assert body["roles"] == ["machine-learning-engineer"]
    (profile,) = body["profiles"]
    assert profile["role"]["name"] == "Machine Learning Engineer"
    assert profile["n_postings"] >= 1


def test_role_profile_unknown(client: TestClient) -> None:
    message = _error(client.get("/api/v1/roles/data scienst"), 404, "NotFound")
    assert "Did you mean 'Data Scientist'" in message


def test_compare(client: TestClient) -> None:
    r = client.get("/api/v1/compare", params=[("role", "data-scientist"), ("role", "data-analyst")])
    assert r.status_code == 200
    body = r.json()
    assert body["kind"] == "comparison" and body["roles"] == ["data-scientist", "data-analyst"]
    assert len(body["profiles"]) == 2 and len(body["distinctions"]) == 1
    assert body["method"]["interval"] == "Wilson score, 95%"
    three = client.get(
        "/api/v1/compare",
        params=[("role", "data-scientist"), ("role", "data-analyst"), ("role", "data-engineer")],
    ).json()
    assert len(three["distinctions"]) == 3


def test_compare_errors(client: TestClient) -> None:
    one = client.get("/api/v1/compare", params={"role": "data-scientist"})
    assert "role" in _error(one, 422, "ValidationError")
    same = client.get(
        "/api/v1/compare", params=[("role", "data-scientist"), ("role", "data-scientist")]
    )
    assert "at least two different roles" in _error(same, 400, "InputError")
    repeated = client.get(
        "/api/v1/compare",
        params=[("role", "data-scientist"), ("role", "data-analyst"), ("role", "data-analyst")],
    )
    assert "'data-analyst' is named more than once" in _error(repeated, 400, "InputError")
    typo = client.get(
        "/api/v1/compare", params=[("role", "data-scientist"), ("role", "dta anlyst")]
    )
    assert "Did you mean 'data-analyst' (Data Analyst)" in _error(typo, 422, "ValidationError")


def test_salaries(client: TestClient) -> None:
    body = client.get("/api/v1/salaries", params={"role": "data-scientist"}).json()
    assert body["filters"] == {"role": "data-scientist", "level": None, "country": None,
                               "remote": None}  # fmt: skip
    assert (body["currency"], body["period"]) == ("USD", "year")
    overall = body["overall"]
    assert overall["n"] == sum(c["n"] for c in body["cells"]) > 30
    assert overall["p10"] <= overall["p50"] <= overall["p90"]
    assert all(c["role"] == "data-scientist" for c in body["cells"])
    survey = body["survey"]
    assert survey is not None and survey["n"] > 100 and "Data Scientist" in survey["titles"]
    us = client.get(
        "/api/v1/salaries", params={"role": "data-scientist", "country": "US", "level": "SE"}
    ).json()
    assert us["filters"]["level"] == "SE" and us["survey"]["employee_residence"] == "US"
    assert all(c["level"] == "SE" and c["country"] == "US" for c in us["cells"])
    assert us["overall"]["n"] < overall["n"]
    everything = client.get("/api/v1/salaries").json()
    assert everything["survey"] is None and everything["overall"]["n"] > overall["n"]


def test_salaries_bad_filter(client: TestClient) -> None:
    assert "'EN', 'MI', 'SE' or 'EX'" in _error(
        client.get("/api/v1/salaries", params={"level": "XX"}), 422, "ValidationError"
    )


def test_data_status(client: TestClient) -> None:
    body = client.get("/api/v1/data/status").json()
    assert body["by_source"]["glassdoor"] == GLASSDOOR_ROWS
    assert body["postings"] == sum(body["by_source"].values())
    assert body["index"]["docs"] == body["postings"]
    loaded = {d["name"]: d for d in body["reference"]}
    assert loaded["aijobs"]["loaded"] is True and loaded["onet"]["loaded"] is False


# -- error shape -----------------------------------------------------------------------------
def test_unknown_api_route_and_method(client: TestClient) -> None:
    assert "/api/v1/nope" in _error(client.get("/api/v1/nope"), 404, "NotFound")
    assert "POST" in _error(client.post("/api/v1/jobs"), 405, "MethodNotAllowed")


def test_non_api_errors_are_not_json(client: TestClient) -> None:
    r = client.get("/no-such-page")
    assert r.status_code == 404
    assert not r.headers["content-type"].startswith("application/json")


# -- ingest ----------------------------------------------------------------------------------
NEW_POSTING = (
    b'{"source": "apitest", "id": "zx-1", "title": "Senior Quokkalytics Engineer", '
    b'"company": "Wombat Labs", "location": "Remote (US)", "salary_text": "$150,000 - $180,000", '
    b'"description": "Build quokkalytics pipelines in Python and SQL. 5+ years of experience."}\n'
)


def _upload(client: TestClient, content: bytes, token: str | None, name: str = "new.jsonl") -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return client.post("/api/v1/ingest", files={"file": (name, content)}, headers=headers)


def test_ingest_refused_without_token(client: TestClient) -> None:
    r = _upload(client, NEW_POSTING, None)
    assert "Authorization: Bearer" in _error(r, 401, "Unauthorized")
    assert r.headers["www-authenticate"] == "Bearer"
    assert "not the API token" in _error(_upload(client, NEW_POSTING, "wrong"), 401, "Unauthorized")
    basic = client.post(
        "/api/v1/ingest",
        files={"file": ("new.jsonl", NEW_POSTING)},
        headers={"Authorization": f"Basic {TOKEN}"},
    )
    _error(basic, 401, "Unauthorized")
    found = client.get("/api/v1/jobs", params={"q": "quokkalytics"}).json()
    assert found["total"] == 0


def test_ingest_disabled_without_configured_token(home: Path) -> None:
    app = create_app(resolve_settings({}, home=str(home), api_token=""))
    with TestClient(app) as c:
        message = _error(_upload(c, NEW_POSTING, "anything"), 403, "Forbidden")
    assert "ROLEATLAS_API_TOKEN" in message


def test_ingest_too_large(home: Path) -> None:
    app = create_app(resolve_settings({}, home=str(home), api_token=TOKEN), max_upload_bytes=100)
    with TestClient(app) as c:
        r = _upload(c, NEW_POSTING * 3, TOKEN)
    message = _error(r, 413, "RequestEntityTooLarge")
    assert "the limit is 100 bytes" in message
    assert r.headers["content-security-policy"] == CSP


def test_ingest_without_length_refused(client: TestClient) -> None:
    def body() -> Iterator[bytes]:
        yield b"--x\r\n"

    r = client.post(
        "/api/v1/ingest",
        content=body(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "multipart/form-data"},
    )
    assert "Content-Length" in _error(r, 411, "LengthRequired")


def test_ingest_bad_file_changes_nothing(client: TestClient) -> None:
    before = client.get("/api/v1/data/status").json()["postings"]
    r = _upload(client, b"\x00\x01\x02 not postings", TOKEN, name="junk.bin")
    assert "junk.bin" in _error(r, 400, "UnknownFormatError")
    assert client.get("/api/v1/data/status").json()["postings"] == before


def test_ingest_reads_an_uploaded_parquet_file(client: TestClient) -> None:
    import io

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    row = {"source": "apitest", "id": "pq-1", "title": "Data Engineer", "company": "Numbat Data",
           "description": "Spark and Python pipelines."}  # fmt: skip
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist([row]), buffer)
    r = _upload(client, buffer.getvalue(), TOKEN, name="upload.bin")  # found by its content
    assert r.status_code == 200, r.text
    assert (r.json()["new"], r.json()["rejected"]) == (1, 0)
    assert client.get("/api/v1/jobs/apitest/pq-1").json()["company"] == "Numbat Data"


def test_ingest_with_token_then_searchable(client: TestClient) -> None:
    r = _upload(client, NEW_POSTING, TOKEN)
    assert r.status_code == 200, r.text
    summary = r.json()
    assert (summary["new"], summary["rejected"], summary["indexed"]) == (1, 0, 1)
    assert summary["paths"] == ["new.jsonl"]
    found = client.get("/api/v1/jobs", params={"q": "quokkalytics"}).json()
    assert found["total"] == 1
    (item,) = found["items"]
    assert (item["source"], item["source_id"], item["company"]) == (
        "apitest",
        "zx-1",
        "Wombat Labs",
    )
    assert item["listing"][0] == "Senior Quokkalytics Engineer @ Wombat Labs | Remote (US)"
    job = client.get("/api/v1/jobs/apitest/zx-1").json()
    assert any(m["skill"] == "sql" for m in job["extraction"]["skills"])
    again = _upload(client, NEW_POSTING, TOKEN).json()
    assert (again["new"], again["unchanged"], again["indexed"]) == (0, 1, 0)


def test_missing_index_is_built_on_first_search(tmp_path_factory: pytest.TempPathFactory) -> None:
    from roleatlas.search import index_dir

    home = api_home(tmp_path_factory, "api-no-index")
    shutil.rmtree(index_dir(home))
    # without the lifespan (no `with`), nothing syncs at start: the first search builds it
    c = TestClient(create_app(resolve_settings({}, home=str(home))))
    assert c.get("/api/v1/data/status").json()["index"]["docs"] is None
    found = c.get("/api/v1/jobs", params={"q": "python"}).json()
    assert found["total"] > 5
    assert c.get("/api/v1/data/status").json()["index"]["docs"] == POSTINGS
    assert index_dir(home).is_dir()


def test_serve_command_runs_uvicorn_with_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn
    from fastapi import FastAPI

    from roleatlas.cli import main

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    with pytest.raises(SystemExit) as exited:
        main(["--home", str(tmp_path), "serve", "--port", "8123"])
    assert exited.value.code == 0
    ((app, kwargs),) = calls
    assert isinstance(app, FastAPI)
    assert app.state.settings.home == tmp_path
    assert (kwargs["host"], kwargs["port"]) == ("127.0.0.1", 8123)
