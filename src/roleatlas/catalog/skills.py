"""The skill and tool catalog.

The catalog is a TOML file (``skills.toml``, shipped inside the package) with one ``[[skill]]``
table per skill or tool of AI, ML, data and software work: its id, display name, category, the
spellings a posting may use (``aliases``, ``case_sensitive_aliases``, ``context_aliases``),
links to ESCO skills and O*NET Technology Skills, and the broader skills it implies
(``broader``: Docker → Containerization, PostgreSQL → Relational databases → Databases).
:func:`load_skills` reads and validates it once per path; :class:`SkillCatalog` answers
lookups. Matching postings against the catalog is the job of
:mod:`roleatlas.pipeline.extract.skills`.

Examples
--------
>>> skills = load_skills()
>>> skills.get("scikit-learn").name
'scikit-learn'
>>> skills.resolve("sklearn").id
'scikit-learn'
>>> skills.resolve("C#").id, skills.resolve("c++").id, skills.resolve("C").id
('csharp', 'cpp', 'c')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from roleatlas.catalog._toml import read_catalog_toml
from roleatlas.errors import CatalogError, InputError

__all__ = [
    "CATEGORIES",
    "Skill",
    "SkillCatalog",
    "load_skills",
    "parse_skills",
    "skill_key",
]

#: The skill categories, in display order, with their labels.
CATEGORIES: dict[str, str] = {
    "language": "Programming and query languages",
    "ml-framework": "ML and deep learning frameworks and libraries",
    "genai": "LLM and generative AI tools and APIs",
    "data-library": "Data, visualization and notebook libraries",
    "ml-method": "Machine learning methods and fields",
    "math-stats": "Mathematics and statistics",
    "analytics": "Analytics practices",
    "database": "Databases, warehouses and vector stores",
    "data-engineering": "Data engineering and big data processing",
    "data-management": "Data management, quality and governance",
    "bi-tool": "BI, spreadsheet and product analytics tools",
    "scientific-software": "Statistical, scientific and domain software",
    "cloud": "Cloud platforms and services",
    "mlops-devops": "MLOps, DevOps and deployment",
    "software-engineering": "Software engineering practices and tools",
    "web-mobile": "Web and mobile development",
    "hpc-hardware": "GPUs, HPC and hardware",
    "enterprise-tools": "Office, collaboration and enterprise software",
    "research": "Research practice",
    "domain": "Domain and industry knowledge",
    "business": "Business and product skills",
    "soft-skill": "Soft skills",
    "human-language": "Human languages",
    "certification": "Certifications and clearances",
}

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
_PACKAGED = "skills.toml"
_SCHEMA_VERSION = 1
_FIELDS = {
    "id",
    "name",
    "category",
    "aliases",
    "case_sensitive_aliases",
    "context_aliases",
    "esco",
    "onet",
    "hot",
    "broader",
}


def skill_key(text: str) -> str:
    """Lookup key of a skill id, name or alias: casefolded, ``-``/``_`` read as spaces.

    Punctuation that tells skills apart is kept, so ``C``, ``C++`` and ``C#`` stay different.

    Examples
    --------
    >>> skill_key("  Scikit-Learn ")
    'scikit learn'
    >>> skill_key("C++") == skill_key("C")
    False
    """
    return " ".join(re.sub(r"[-_]+", " ", text.casefold()).split())


@dataclass(frozen=True, slots=True)
class Skill:
    """A skill or tool of the catalog.

    ``aliases`` are matched ignoring case; ``case_sensitive_aliases`` only with exactly that
    case (``"SAS"``, ``"Spark"``); ``context_aliases`` with exactly that case and only in a
    technical context (``"R"``, ``"Go"``, ``"Julia"``), see
    :mod:`roleatlas.pipeline.extract.skills`. ``esco`` lists ESCO skill URIs of the same concept,
    ``onet`` O*NET Technology Skills example names, and ``hot`` is the O*NET Hot Technology flag
    of those examples. ``broader`` lists the ids of skills that having this one implies
    (a tool → its umbrella: ``docker`` → ``containerization``); :meth:`SkillCatalog.broader`
    follows them transitively.
    """

    id: str
    name: str
    category: str
    aliases: tuple[str, ...] = ()
    case_sensitive_aliases: tuple[str, ...] = ()
    context_aliases: tuple[str, ...] = ()
    esco: tuple[str, ...] = ()
    onet: tuple[str, ...] = ()
    hot: bool = False
    broader: tuple[str, ...] = ()

    @property
    def category_label(self) -> str:
        """Display label of the category (``"Programming and query languages"``)."""
        return CATEGORIES[self.category]

    @property
    def name_is_alias(self) -> bool:
        """Whether the display name is also matched ignoring case.

        It is, unless the name is itself listed as a case-sensitive or context alias (``"R"``).
        """
        return self.name not in self.case_sensitive_aliases + self.context_aliases


class SkillCatalog:
    """The loaded skill catalog: skills in file order plus lookups by id, name and alias.

    Parameters
    ----------
    skills:
        The validated skills. Use :func:`load_skills` rather than building one by hand.
    source:
        Where the skills were read from, for messages.
    """

    def __init__(self, skills: tuple[Skill, ...], source: str = "<memory>") -> None:
        self.skills = skills
        self.source = source
        self._by_id = {skill.id: skill for skill in skills}
        self._lookup: dict[str, Skill] = {}
        for skill in skills:
            for text in _labels(skill):
                self._lookup.setdefault(skill_key(text), skill)
        self._broader = {skill.id: _closure(skill.id, self._by_id) for skill in skills}

    def __len__(self) -> int:
        return len(self.skills)

    def __iter__(self) -> Iterator[Skill]:
        return iter(self.skills)

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self._by_id

    def __repr__(self) -> str:
        return f"<SkillCatalog {len(self.skills)} skills from {self.source}>"

    @property
    def ids(self) -> tuple[str, ...]:
        """Skill ids in catalog order."""
        return tuple(skill.id for skill in self.skills)

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories that have at least one skill, in :data:`CATEGORIES` order."""
        used = {skill.category for skill in self.skills}
        return tuple(category for category in CATEGORIES if category in used)

    def by_category(self, category: str) -> tuple[Skill, ...]:
        """The skills of one category, in catalog order.

        Raises
        ------
        InputError
            When ``category`` is not one of :data:`CATEGORIES`.
        """
        if category not in CATEGORIES:
            raise InputError(
                f"Unknown skill category {category!r}. Use one of: {', '.join(CATEGORIES)}."
            )
        return tuple(skill for skill in self.skills if skill.category == category)

    def broader(self, skill_id: str) -> tuple[str, ...]:
        """Every skill ``skill_id`` implies through ``broader``, nearest first (transitively;
        empty for an unknown id).

        Examples
        --------
        >>> load_skills().broader("postgresql")
        ('relational-databases', 'databases')
        """
        return self._broader.get(skill_id, ())

    def get(self, skill_id: str) -> Skill | None:
        """The skill with id ``skill_id``, or ``None``."""
        return self._by_id.get(skill_id)

    def resolve(self, name: str) -> Skill:
        """The skill named by a user: an id, a display name or any alias, ignoring case.

        Parameters
        ----------
        name:
            For example ``"scikit-learn"``, ``"sklearn"``, ``"Apache Spark"`` or ``"golang"``.

        Returns
        -------
        Skill

        Raises
        ------
        InputError
            When nothing in the catalog has that id, name or alias. The message lists the
            closest skill names.

        Examples
        --------
        >>> load_skills().resolve("Golang").name
        'Go'
        """
        skill = self._lookup.get(skill_key(name))
        if skill is not None:
            return skill
        suggestions = self.suggest(name)
        hint = f" Did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise InputError(
            f"Unknown skill {name!r}: it is not a skill id, name or alias in the catalog.{hint}"
        )

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Display names of the skills closest to ``name`` (best first), for "did you mean"."""
        query = skill_key(name)
        if not query:
            return []
        # One- and two-letter names ("R", "Go") would match any query as a substring.
        choices = [key for key in self._lookup if len(key) >= 3 or len(query) < 3]
        found = process.extract(
            query, choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=70
        )
        names: list[str] = []
        for choice, _score, _index in found:
            skill_name = self._lookup[choice].name
            if skill_name not in names:
                names.append(skill_name)
        return names[:limit]


def _closure(skill_id: str, by_id: dict[str, Skill]) -> tuple[str, ...]:
    """The ids ``skill_id`` reaches through ``broader`` links, breadth first, itself left out."""
    out: list[str] = []
    queue = list(by_id[skill_id].broader)
    while queue:
        other = queue.pop(0)
        if other == skill_id or other in out or other not in by_id:
            continue
        out.append(other)
        queue.extend(by_id[other].broader)
    return tuple(out)


def _labels(skill: Skill) -> tuple[str, ...]:
    return (
        skill.id,
        skill.name,
        *skill.aliases,
        *skill.case_sensitive_aliases,
        *skill.context_aliases,
    )


def _str_list(table: dict[str, Any], field: str, where: str) -> tuple[str, ...]:
    values = table.get(field, [])
    if not isinstance(values, list):
        raise CatalogError(
            f"The '{field}' of {where} must be a list of strings. Got {values!r} instead."
        )
    for value in values:
        if not isinstance(value, str) or not value.strip() or value != value.strip():
            raise CatalogError(
                f"The '{field}' of {where} must hold non-empty strings without surrounding "
                f"spaces. Got {value!r}."
            )
    return tuple(values)


def _required_str(table: dict[str, Any], field: str, where: str) -> str:
    if field not in table:
        raise CatalogError(f"{where} has no '{field}'. Add it to the skill table.")
    value = table[field]
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(
            f"The '{field}' of {where} must be a non-empty string. Got {value!r} instead."
        )
    return value


def _parse_skill(table: Any, index: int, source: str) -> Skill:
    where = f"skill #{index + 1} in {source}"
    if not isinstance(table, dict):
        raise CatalogError(f"{where} must be a table. Got {table!r}.")
    skill_id = _required_str(table, "id", where)
    where = f"skill {skill_id!r} in {source}"
    if not _ID_RE.match(skill_id):
        raise CatalogError(f"The id of {where} must be lowercase kebab-case (e.g. 'scikit-learn').")
    unknown = sorted(set(table) - _FIELDS)
    if unknown:
        raise CatalogError(
            f"{where} has unknown field(s) {', '.join(unknown)}. "
            f"Known fields: {', '.join(sorted(_FIELDS))}."
        )
    category = _required_str(table, "category", where)
    if category not in CATEGORIES:
        raise CatalogError(
            f"The category of {where} must be one of {', '.join(CATEGORIES)}. "
            f"Got {category!r} instead."
        )
    esco = _str_list(table, "esco", where)
    for uri in esco:
        if not uri.startswith(_ESCO_SKILL_PREFIX):
            raise CatalogError(
                f"The ESCO uri {uri!r} of {where} must start with {_ESCO_SKILL_PREFIX!r}."
            )
    onet = _str_list(table, "onet", where)
    hot = table.get("hot", False)
    if not isinstance(hot, bool):
        raise CatalogError(f"The 'hot' of {where} must be true or false. Got {hot!r}.")
    if hot and not onet:
        raise CatalogError(
            f"{where} is marked hot but lists no O*NET example. 'hot' is the O*NET Hot "
            "Technology flag of the 'onet' examples: add them or remove 'hot'."
        )
    return Skill(
        id=skill_id,
        name=_required_str(table, "name", where),
        category=category,
        aliases=_str_list(table, "aliases", where),
        case_sensitive_aliases=_str_list(table, "case_sensitive_aliases", where),
        context_aliases=_str_list(table, "context_aliases", where),
        esco=esco,
        onet=onet,
        hot=hot,
        broader=_str_list(table, "broader", where),
    )


def parse_skills(data: dict[str, Any], source: str = "<memory>") -> SkillCatalog:
    """Validate a decoded skill catalog document and build a :class:`SkillCatalog`.

    Parameters
    ----------
    data:
        The decoded TOML document: ``schema_version`` (optional, 1) and a ``skill`` array.
    source:
        Where the document came from, for messages.

    Returns
    -------
    SkillCatalog

    Raises
    ------
    CatalogError
        When a skill misses a field, has a value of the wrong type or an unknown field, or
        repeats an id, name or alias of another skill (ignoring case), or has a ``broader``
        id that is unknown, itself, or leads back to it.

    Examples
    --------
    >>> doc = {"skill": [{"id": "python", "name": "Python", "category": "language"}]}
    >>> parse_skills(doc).resolve("PYTHON").id
    'python'
    """
    version = data.get("schema_version", _SCHEMA_VERSION)
    if version != _SCHEMA_VERSION:
        raise CatalogError(
            f"{source} has schema_version {version!r}; this roleatlas reads version "
            f"{_SCHEMA_VERSION}. Upgrade roleatlas or use a matching catalog."
        )
    tables = data.get("skill")
    if not isinstance(tables, list) or not tables:
        raise CatalogError(f"{source} has no [[skill]] tables. Is it a roleatlas skill catalog?")
    skills = tuple(_parse_skill(table, i, source) for i, table in enumerate(tables))
    ids: set[str] = set()
    names: dict[str, str] = {}
    owners: dict[str, str] = {}
    for skill in skills:
        if skill.id in ids:
            raise CatalogError(
                f"The skill id {skill.id!r} appears twice in {source}. Ids must be unique."
            )
        ids.add(skill.id)
        name_key = skill_key(skill.name)
        if name_key in names:
            raise CatalogError(
                f"The skill name {skill.name!r} of {skill.id!r} is also the name of "
                f"{names[name_key]!r} in {source}. Names must be unique."
            )
        names[name_key] = skill.id
        for text in _labels(skill):
            other = owners.setdefault(skill_key(text), skill.id)
            if other != skill.id:
                raise CatalogError(
                    f"{text!r} is an id, name or alias of both {other!r} and {skill.id!r} in "
                    f"{source}. Keep it under one skill."
                )
    for skill in skills:
        for other in skill.broader:
            if other not in ids:
                raise CatalogError(
                    f"The broader skill {other!r} of {skill.id!r} in {source} is not a skill "
                    "id of the catalog. Use an existing id."
                )
        if skill.id in skill.broader or _reaches(skill.id, skill.broader, skills):
            raise CatalogError(
                f"The broader skills of {skill.id!r} in {source} lead back to {skill.id!r}. "
                "Remove the link that closes the cycle."
            )
    return SkillCatalog(skills, source=source)


def _reaches(target: str, start: tuple[str, ...], skills: tuple[Skill, ...]) -> bool:
    by_id = {s.id: s for s in skills}
    seen: set[str] = set()
    queue = list(start)
    while queue:
        current = queue.pop()
        if current == target:
            return True
        if current in seen:
            continue
        seen.add(current)
        queue.extend(by_id[current].broader)
    return False


@functools.lru_cache(maxsize=8)
def _load(path: str | None) -> SkillCatalog:
    data, source = read_catalog_toml(path, _PACKAGED, "skill catalog")
    return parse_skills(data, source=source)


def load_skills(path: str | Path | None = None) -> SkillCatalog:
    """Read and validate a skill catalog; the result is cached per path.

    Parameters
    ----------
    path:
        A ``skills.toml`` file. ``None`` (the default) reads the catalog shipped with roleatlas.

    Returns
    -------
    SkillCatalog

    Raises
    ------
    CatalogError
        When the file cannot be read, is not TOML, or is not a valid skill catalog.

    Examples
    --------
    >>> len(load_skills()) >= 400
    True
    """
    return _load(None if path is None else str(path))
