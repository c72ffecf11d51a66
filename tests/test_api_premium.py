"""``GET /api/v1/premium`` in process, over literal postings with a known premium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from roleatlas.api import create_app
from roleatlas.settings import resolve_settings
from roleatlas.store import Store
from tests.test_insights_premium import _postings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("premium-api")
    with Store(home / "roleatlas.db").open() as store:
        store.write_batch(_postings(), [], [], norm_version=1, extract_version="t")
    app = create_app(resolve_settings({}, home=str(home)))
    with TestClient(app) as c:
        yield c


def test_premium_returns_the_table(client: TestClient) -> None:
    response = client.get("/api/v1/premium")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["pay"] == "stated" and body["n"] == 240
    assert [s["skill"] for s in body["skills"]] == ["pytorch", "sql"]
    torch = body["skills"][0]
    assert torch["low"] < 0.2 < torch["high"] and torch["n_with"] == 120
    assert "not a cause" in body["caveat"]


def test_premium_filters_and_pay_kind(client: TestClient) -> None:
    body = client.get(
        "/api/v1/premium", params={"role": "data-scientist", "level": "SE", "pay": "all"}
    ).json()
    assert body["filters"] == {"role": "data-scientist", "level": "SE", "country": None}
    assert body["pay"] == "all" and "role" not in body["fixed_effects"]
    estimates = client.get("/api/v1/premium", params={"pay": "estimate"}).json()
    assert estimates["n"] == 60 and estimates["skills"][0]["skill"] == "sql"


@pytest.mark.parametrize(
    "params",
    [{"pay": "posted"}, {"role": "Data Scientist"}, {"level": "se"}, {"min_support": 1}],
)
def test_premium_rejects_bad_parameters(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/v1/premium", params=params)
    assert response.status_code == 422
    assert set(response.json()["error"]) >= {"type", "message", "status"}


def test_premium_is_documented(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    route = spec["paths"]["/api/v1/premium"]["get"]
    names = {p["name"] for p in route["parameters"]}
    assert names == {"role", "level", "country", "pay", "min_support"}
    schema = route["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/PremiumDocument")
    assert "SkillPremiumItem" in spec["components"]["schemas"]
