"""The role catalog: contents, links to O*NET / ESCO / aijobs.net, loader errors, lookups."""

from __future__ import annotations

import csv
import gzip
import re
from pathlib import Path

import pytest

from roleatlas.catalog import Catalog, EscoRef, Role, load_catalog, parse_catalog
from roleatlas.errors import CatalogError, InputError

from .conftest import shared_path

REQUIRED_NAMES = [
    "Machine Learning Research Engineer",
    "Machine Learning Scientist",
    "Machine Learning Engineer",
    "Research Scientist",
    "Research Engineer",
    "Applied Scientist",
    "AI Engineer",
    "MLOps Engineer",
    "Computer Vision Engineer",
    "NLP Engineer",
    "Data Scientist",
    "Data Analyst",
    "Data Engineer",
    "Analytics Engineer",
    "Business Intelligence Analyst",
    "Business Intelligence Developer",
    "Data Architect",
    "Statistician",
    "Head of Data",
    "Software Engineer",
    "Business Analyst",
    "Product Manager",
    "Professor",
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_required_roles_present(catalog: Catalog) -> None:
    names = {role.name for role in catalog.roles}
    assert [name for name in REQUIRED_NAMES if name not in names] == []


def test_at_least_forty_roles_with_unique_ids_and_names(catalog: Catalog) -> None:
    assert len(catalog) >= 40
    assert len({role.id for role in catalog}) == len(catalog)
    assert len({role.name.lower() for role in catalog}) == len(catalog)


def test_every_role_is_complete(catalog: Catalog) -> None:
    for role in catalog:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", role.id), role.id
        sentences = [s for s in re.split(r"(?<=\.)\s+", role.definition) if s]
        assert 2 <= len(sentences) <= 3, role.id
        assert role.aliases, role.id
        # a role maps to O*NET codes, or says that none is close (and lists none)
        assert bool(role.onet_soc) != role.onet_none_close, role.id
        assert role.esco, role.id
        for ref in role.esco:
            assert ref.label and (ref.code or ref.uri)


def test_survey_titles_belong_to_one_role(catalog: Catalog) -> None:
    titles = [t for role in catalog for t in role.aijobs_titles]
    assert len(titles) == len(set(titles))


def test_onet_codes_exist_in_onet_29_3(catalog: Catalog) -> None:
    path = shared_path("onet-29.3", "Occupation Data.txt.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        codes = {row["O*NET-SOC Code"] for row in csv.DictReader(handle, delimiter="\t")}
    missing = {(role.id, code) for role in catalog for code in role.onet_soc if code not in codes}
    assert missing == set()


def test_onet_mappings_have_tasks_or_say_none_is_close(catalog: Catalog) -> None:
    """Every mapped role has O*NET tasks to show (a residual "All Other" code has none);
    the roles reviewed as having no close occupation say so (docs/catalog.md)."""
    path = shared_path("onet-29.3", "Task Statements.txt.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        with_tasks = {row["O*NET-SOC Code"] for row in csv.DictReader(handle, delimiter="\t")}
    without = {role.id for role in catalog if not set(role.onet_soc) & with_tasks}
    none_close = {role.id for role in catalog if role.onet_none_close}
    assert (
        without == none_close == {"ai-product-manager", "data-product-manager", "prompt-engineer"}
    )
    # Marketing Managers is not an AI product manager's occupation (issue 11)
    assert "11-2021.00" not in catalog.get("ai-product-manager").onet_soc


def test_none_close_is_read_and_checked() -> None:
    table = {
        "id": "a",
        "name": "A",
        "family": "x",
        "definition": "A role. Of two sentences.",
        "aliases": ["A"],
        "onet_soc": [],
        "onet_none_close": True,
        "onet_approximate": True,
        "esco": [{"code": "2511.4", "label": "data scientist"}],
        "esco_approximate": False,
        "aijobs_titles": [],
    }
    role = parse_catalog({"role": [table]}).get("a")
    assert role is not None and role.onet_none_close and role.onet_soc == ()
    assert role.esco_none_close is False
    with pytest.raises(CatalogError, match="sets onet_none_close = true but lists"):
        parse_catalog({"role": [{**table, "onet_soc": ["15-2051.00"]}]})
    with pytest.raises(CatalogError, match="lists no O\\*NET-SOC code.*onet_none_close = true"):
        parse_catalog({"role": [{**table, "onet_none_close": False}]})
    with pytest.raises(CatalogError, match="'onet_none_close' of role 'a' .* must be a bool"):
        parse_catalog({"role": [{**table, "onet_none_close": "yes"}]})
    with pytest.raises(CatalogError, match="lists no ESCO occupation.*esco_none_close"):
        parse_catalog({"role": [{**table, "esco": []}]})
    assert parse_catalog({"role": [{**table, "esco": [], "esco_none_close": True}]})


def test_esco_references_match_esco(catalog: Catalog) -> None:
    path = shared_path("esco", "tabiya-v1.1.1", "occupations.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        esco = {row["ORIGINURI"]: row for row in csv.DictReader(handle)}
    for role in catalog:
        for ref in role.esco:
            assert ref.uri in esco, (role.id, ref)
            assert esco[ref.uri]["CODE"] == ref.code, (role.id, ref)
            assert esco[ref.uri]["PREFERREDLABEL"] == ref.label, (role.id, ref)


def test_survey_titles_exist_in_the_survey(catalog: Catalog) -> None:
    path = shared_path("aijobs-salaries", "salaries_2025-01-19.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        survey = {row["job_title"] for row in csv.DictReader(handle)}
    listed = {t for role in catalog for t in role.aijobs_titles}
    assert listed - survey == set()


def test_lookups(catalog: Catalog) -> None:
    role = catalog.get("data-scientist")
    assert isinstance(role, Role)
    assert role.name == "Data Scientist"
    assert catalog.get("no-such-role") is None
    assert catalog.by_name("data scientist") is role
    assert catalog.by_name("Data-Scientist") is role
    assert catalog.by_name("Data Science") is None
    assert "data-scientist" in catalog
    assert catalog.ids[: len(catalog)] == tuple(r.id for r in catalog.roles)


@pytest.mark.parametrize(
    ("name", "role_id"),
    [
        ("data-scientist", "data-scientist"),
        ("Data Scientist", "data-scientist"),
        ("ML engineer", "machine-learning-engineer"),
        ("ml scientist", "machine-learning-scientist"),
        ("Chief Data Officer", "head-of-data"),
        ("BI developer", "business-intelligence-developer"),
    ],
)
def test_resolve_accepts_ids_names_and_aliases(catalog: Catalog, name: str, role_id: str) -> None:
    assert catalog.resolve(name).id == role_id


def test_resolve_unknown_name_suggests_roles(catalog: Catalog) -> None:
    with pytest.raises(InputError) as caught:
        catalog.resolve("Data Scienist")
    message = str(caught.value)
    assert "'Data Scienist'" in message
    assert "Did you mean 'Data Scientist'" in message


def test_resolve_without_close_match_has_no_suggestion(catalog: Catalog) -> None:
    with pytest.raises(InputError, match="Unknown role ''"):
        catalog.resolve("")


def test_load_catalog_is_cached() -> None:
    assert load_catalog() is load_catalog()


_ROLE = """
[[role]]
id = "{id}"
name = "{name}"
family = "x"
definition = "A role."
aliases = ["{alias}"]
onet_soc = ["15-2051.00"]
onet_approximate = false
esco = [{{ code = "2511.4", label = "data scientist" }}]
esco_approximate = false
aijobs_titles = ["{title}"]
"""


def _write(tmp_path: Path, *roles: dict[str, str]) -> Path:
    path = tmp_path / "roles.toml"
    path.write_text("".join(_ROLE.format(**r) for r in roles), encoding="utf-8")
    return path


def _role(**changes: str) -> dict[str, str]:
    base = {"id": "a-role", "name": "A Role", "alias": "A Alias", "title": "A Title"}
    return {**base, **changes}


def test_load_catalog_from_a_path(tmp_path: Path) -> None:
    catalog = load_catalog(_write(tmp_path, _role()))
    assert catalog.ids == ("a-role",)
    assert catalog.get("a-role").esco == (EscoRef(label="data scientist", code="2511.4"),)


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ((_role(), _role(name="B", alias="B", title="B")), "appears twice"),
        ((_role(), _role(id="b", alias="B", title="B")), "Names must be unique"),
        ((_role(), _role(id="b", name="B", title="B")), "is a name or alias of both"),
        ((_role(), _role(id="b", name="B", alias="B")), "survey title 'A Title'"),
        ((_role(id="Not Kebab"),), "kebab-case"),
    ],
)
def test_malformed_catalogs_are_rejected(
    tmp_path: Path, roles: tuple[dict[str, str], ...], message: str
) -> None:
    with pytest.raises(CatalogError, match=message):
        load_catalog(_write(tmp_path, *roles))


def test_missing_field_and_bad_codes_are_rejected() -> None:
    table = {
        "id": "a",
        "name": "A",
        "family": "x",
        "definition": "A role.",
        "aliases": [],
        "onet_soc": ["15-2051"],
        "onet_approximate": False,
        "esco": [],
        "esco_approximate": False,
        "aijobs_titles": [],
    }
    with pytest.raises(CatalogError, match="must look like '15-2051.00'"):
        parse_catalog({"role": [table]})
    table["onet_soc"] = ["15-2051.00"]
    with pytest.raises(CatalogError, match="has no 'definition'"):
        parse_catalog({"role": [{k: v for k, v in table.items() if k != "definition"}]})
    with pytest.raises(CatalogError, match="'aliases' of role 'a' in <memory> must be a list"):
        parse_catalog({"role": [{**table, "aliases": "A"}]})
    with pytest.raises(CatalogError, match="has no \\[\\[role\\]\\] tables"):
        parse_catalog({})


def test_unreadable_or_invalid_files_are_catalog_errors(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="Cannot read the catalog file"):
        load_catalog(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[role]\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="is not valid TOML"):
        load_catalog(bad)
