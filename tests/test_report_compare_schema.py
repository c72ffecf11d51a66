"""The JSON of profiles and comparisons against its published schema
(docs/comparison.schema.json, JSON Schema draft 2020-12)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from roleatlas.insights.compare import compare_roles
from roleatlas.insights.profile import role_profile
from roleatlas.report.compare import SCHEMA, to_json
from roleatlas.store import Store
from tests.test_insights_profile import MLRE, MLS, build_demo_store

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "comparison.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    with Store(build_demo_store(tmp_path_factory)).open() as store:
        made = {
            "two": compare_roles(store, [MLS, MLRE]),
            # data-scientist has no postings in the demo store: reference layers only
            "three": compare_roles(store, [MLS, MLRE, "data-scientist"]),
            "profile-empty": role_profile(store, "ai-product-manager"),
            "profile": role_profile(store, MLS),
        }
        yield {name: json.loads(json.dumps(to_json(obj))) for name, obj in made.items()}


def test_schema_names_the_layout(validator: jsonschema.Draft202012Validator) -> None:
    assert validator.schema["properties"]["schema"]["const"] == SCHEMA


@pytest.mark.parametrize("name", ["two", "three", "profile-empty", "profile"])
def test_real_output_validates(
    validator: jsonschema.Draft202012Validator, outputs: dict[str, dict[str, Any]], name: str
) -> None:
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(outputs[name])]
    assert errors == []


def test_outputs_cover_the_cases(outputs: dict[str, dict[str, Any]]) -> None:
    three = outputs["three"]
    assert len(three["profiles"]) == 3 and len(three["distinctions"]) == 3
    empty = three["profiles"][2]
    assert empty["no_postings"] is True and empty["skills"] == [] and empty["onet_tasks"]
    assert outputs["two"]["tips"], "the demo comparison has tips to validate"
    assert outputs["two"]["profiles"][0]["posting_months"]


def _drop(data: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    target: Any = out
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return out


@pytest.mark.parametrize(
    "path",
    [
        ("method",),
        ("profiles", 0, "n_postings"),
        ("profiles", 0, "skills", 0, "n"),
        ("profiles", 0, "skills", 0, "examples"),
        ("profiles", 0, "education", 0, "share"),
        ("profiles", 0, "posting_months", 0, "postings"),
        ("profiles", 0, "salaries", "postings_all", "n"),
        ("profiles", 0, "salaries", "survey", "source"),
        ("profiles", 0, "salaries", "bls", 0, "source"),
        ("profiles", 0, "onet_tasks", 0, "source"),
        ("profiles", 0, "projections", 0, "source"),
        ("distinctions", 0, "for_a", 0, "n_a"),
        ("tips", 0, "evidence", "n"),
    ],
)
def test_missing_required_key_fails(
    validator: jsonschema.Draft202012Validator,
    outputs: dict[str, dict[str, Any]],
    path: tuple[str | int, ...],
) -> None:
    broken = _drop(outputs["two"], path)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_unknown_key_in_evidence_fails(
    validator: jsonschema.Draft202012Validator, outputs: dict[str, dict[str, Any]]
) -> None:
    data = copy.deepcopy(outputs["two"])
    data["profiles"][0]["skills"][0]["percent"] = 50
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(data)
