"""Property-based API tests: schemathesis generates requests from ``/openapi.json`` and checks
that no response is a server error and every response matches what the schema promises
(status code, content type, body schema), and that invalid requests are refused with a 4xx.

Bounded to a few examples per operation so the whole module runs in well under a minute.
Every route of ``/openapi.json`` is exercised (a test below checks that none is left out).
``POST /api/v1/ingest`` runs twice: against an app without an API token, where every
generated upload must be refused (403) or rejected as malformed (4xx), and against one with
a token, where generated files are read, stored (200) or refused as unreadable (400), never
a 5xx. Real uploads are covered in ``tests/test_api.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import checks as st_checks

from roleatlas.api import create_app
from roleatlas.api.deps import Resources
from roleatlas.settings import resolve_settings
from tests.test_api import api_home

EXAMPLES = 25

CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
    st_checks.negative_data_rejection,
]


# The schema is read at import from an app whose data directory is not opened yet (the app
# opens its store on the first request); the fixture below points it at a real one. (The lazy
# `schemathesis.pytest.from_fixture` does not work with pytest 9: it sets `node._nodeid`.)
app = create_app(resolve_settings({}, home=str(Path("/nonexistent/roleatlas-api")), api_token=""))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


TOKEN = "schemathesis-token-0123456789"
app_with_token = create_app(
    resolve_settings({}, home=str(Path("/nonexistent/roleatlas-api")), api_token=TOKEN)
)
ingest_schema = schemathesis.openapi.from_asgi("/openapi.json", app_with_token).include(
    path="/api/v1/ingest"
)


@pytest.fixture(scope="module", autouse=True)
def _data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    home = api_home(tmp_path_factory, "api-schemathesis")
    settings_ = resolve_settings({}, home=str(home), api_token="")
    app.state.settings = settings_
    app.state.resources = Resources(settings_)
    home2 = api_home(tmp_path_factory, "api-schemathesis-token")
    settings2 = resolve_settings({}, home=str(home2), api_token=TOKEN)
    app_with_token.state.settings = settings2
    app_with_token.state.resources = Resources(settings2)
    with TestClient(app), TestClient(app_with_token):  # the lifespans: stores closed at the end
        yield


def test_every_route_is_exercised() -> None:
    described = {path for path in app.openapi()["paths"]}
    covered = {op.ok().path for op in schema.get_all_operations()}
    assert covered == described and len(described) == 11  # + fit, premium


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@ingest_schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_ingest_with_the_token_conforms_to_its_schema(case: Any) -> None:
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {TOKEN}"})
