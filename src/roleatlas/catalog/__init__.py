"""The canonical role catalog.

The catalog is a TOML file (``roles.toml``, shipped inside the package) with one ``[[role]]``
table per canonical role: its id, display name, family, a short definition, aliases, the
nearest O*NET-SOC and ESCO occupations, and the aijobs.net survey titles that belong to it.
:func:`load_catalog` reads and validates it once per path; :class:`Catalog` answers lookups.

Examples
--------
>>> catalog = load_catalog()
>>> catalog.get("data-scientist").name
'Data Scientist'
>>> catalog.resolve("ml engineer").id
'machine-learning-engineer'
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

__all__ = ["Catalog", "EscoRef", "Role", "load_catalog", "parse_catalog"]

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SOC_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_ESCO_URI_PREFIX = "http://data.europa.eu/esco/occupation/"
_PACKAGED = "roles.toml"


@dataclass(frozen=True, slots=True)
class EscoRef:
    """One ESCO occupation: its ``code`` (e.g. ``"2511.4"``), preferred ``label`` and ``uri``.

    At least one of ``code`` and ``uri`` is set.
    """

    label: str
    code: str | None = None
    uri: str | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """A canonical role of the catalog.

    ``onet_soc`` lists the nearest O*NET-SOC 2019 codes and ``esco`` the nearest ESCO
    occupations; the ``*_approximate`` flags say that no classification entry corresponds to
    the role one to one. ``onet_none_close`` (``esco_none_close``) says that no occupation of
    the classification is close enough to stand for the role: its code list is then empty
    and reports say "no close O*NET occupation" instead of showing a wrong one's tasks,
    wages and outlook (the review of every mapping is in docs/catalog.md).
    ``aijobs_titles`` are exact ``job_title`` strings of the aijobs.net salary survey that
    belong to this role.
    """

    id: str
    name: str
    family: str
    definition: str
    aliases: tuple[str, ...]
    onet_soc: tuple[str, ...]
    onet_approximate: bool
    esco: tuple[EscoRef, ...]
    esco_approximate: bool
    aijobs_titles: tuple[str, ...]
    onet_none_close: bool = False
    esco_none_close: bool = False


def _key(text: str) -> str:
    """Case- and punctuation-insensitive key for id, name and alias lookups."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


class Catalog:
    """The loaded catalog: roles in file order plus lookups by id, name and alias.

    Parameters
    ----------
    roles:
        The validated roles. Use :func:`load_catalog` rather than building one by hand.
    source:
        Where the roles were read from, for messages.
    """

    def __init__(self, roles: tuple[Role, ...], source: str = "<memory>") -> None:
        self.roles = roles
        self.source = source
        self._by_id = {role.id: role for role in roles}
        self._by_name = {_key(role.name): role for role in roles}
        self._lookup: dict[str, Role] = {}
        for role in roles:
            for text in (*role.aliases, role.name, role.id):
                self._lookup.setdefault(_key(text), role)

    def __len__(self) -> int:
        return len(self.roles)

    def __iter__(self) -> Iterator[Role]:
        return iter(self.roles)

    def __contains__(self, role_id: object) -> bool:
        return role_id in self._by_id

    def __repr__(self) -> str:
        return f"<Catalog {len(self.roles)} roles from {self.source}>"

    @property
    def ids(self) -> tuple[str, ...]:
        """Role ids in catalog order."""
        return tuple(role.id for role in self.roles)

    def get(self, role_id: str) -> Role | None:
        """The role with id ``role_id``, or ``None``."""
        return self._by_id.get(role_id)

    def by_name(self, name: str) -> Role | None:
        """The role whose display name is ``name`` (ignoring case and punctuation), or ``None``."""
        return self._by_name.get(_key(name))

    def resolve(self, name: str) -> Role:
        """The role named by a user: an id, a display name or an alias.

        Parameters
        ----------
        name:
            For example ``"data-scientist"``, ``"Data Scientist"`` or ``"ML engineer"``.

        Returns
        -------
        Role

        Raises
        ------
        InputError
            When nothing in the catalog has that id, name or alias. The message lists the
            closest role names.

        Examples
        --------
        >>> load_catalog().resolve("Data Scientist").id
        'data-scientist'
        """
        role = self._lookup.get(_key(name))
        if role is not None:
            return role
        suggestions = self.suggest(name)
        hint = f" Did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise InputError(
            f"Unknown role {name!r}: it is not a role id, name or alias in the catalog.{hint}"
        )

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Display names of the roles closest to ``name`` (best first), for "did you mean"."""
        query = _key(name)
        if not query:
            return []
        choices = list(self._lookup)
        found = process.extract(
            query, choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=60
        )
        names: list[str] = []
        for choice, _score, _index in found:
            role_name = self._lookup[choice].name
            if role_name not in names:
                names.append(role_name)
        return names[:limit]


def _require(table: dict[str, Any], field: str, kind: type, where: str) -> Any:
    if field not in table:
        raise CatalogError(f"{where} has no '{field}'. Add it to the role table.")
    value = table[field]
    if not isinstance(value, kind):
        raise CatalogError(
            f"The '{field}' of {where} must be a {kind.__name__}. Got {type(value).__name__} "
            f"{value!r} instead."
        )
    return value


def _str_list(table: dict[str, Any], field: str, where: str) -> tuple[str, ...]:
    values = _require(table, field, list, where)
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise CatalogError(
                f"The '{field}' of {where} must be a list of non-empty strings. Got {value!r}."
            )
    return tuple(values)


def _optional_bool(table: dict[str, Any], field: str, where: str) -> bool:
    """An optional ``true``/``false`` field (``false`` when absent)."""
    if field not in table:
        return False
    return bool(_require(table, field, bool, where))


def _parse_esco(table: dict[str, Any], where: str) -> tuple[EscoRef, ...]:
    refs = []
    for entry in _require(table, "esco", list, where):
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
            raise CatalogError(
                f"Each 'esco' entry of {where} must be a table with a 'label' and a 'code' or "
                f"'uri'. Got {entry!r}."
            )
        code, uri = entry.get("code"), entry.get("uri")
        if code is None and uri is None:
            raise CatalogError(
                f"The ESCO entry {entry['label']!r} of {where} needs a 'code' or 'uri'."
            )
        if uri is not None and not str(uri).startswith(_ESCO_URI_PREFIX):
            raise CatalogError(
                f"The ESCO uri {uri!r} of {where} must start with {_ESCO_URI_PREFIX!r}."
            )
        refs.append(EscoRef(label=entry["label"], code=code, uri=uri))
    return tuple(refs)


def _parse_role(table: Any, index: int, source: str) -> Role:
    where = f"role #{index + 1} in {source}"
    if not isinstance(table, dict):
        raise CatalogError(f"{where} must be a table. Got {table!r}.")
    role_id = _require(table, "id", str, where)
    where = f"role {role_id!r} in {source}"
    if not _ID_RE.match(role_id):
        raise CatalogError(
            f"The id of {where} must be lowercase kebab-case (e.g. 'data-scientist')."
        )
    soc = _str_list(table, "onet_soc", where)
    for code in soc:
        if not _SOC_RE.match(code):
            raise CatalogError(
                f"The O*NET-SOC code {code!r} of {where} must look like '15-2051.00'."
            )
    onet_none = _optional_bool(table, "onet_none_close", where)
    esco_none = _optional_bool(table, "esco_none_close", where)
    role = Role(
        id=role_id,
        name=_require(table, "name", str, where),
        family=_require(table, "family", str, where),
        definition=_require(table, "definition", str, where).strip(),
        aliases=_str_list(table, "aliases", where),
        onet_soc=soc,
        onet_approximate=_require(table, "onet_approximate", bool, where),
        esco=_parse_esco(table, where),
        esco_approximate=_require(table, "esco_approximate", bool, where),
        aijobs_titles=_str_list(table, "aijobs_titles", where),
        onet_none_close=onet_none,
        esco_none_close=esco_none,
    )
    if not role.definition:
        raise CatalogError(f"The definition of {where} is empty. Write 2-3 sentences.")
    for name, codes, none in (
        ("O*NET-SOC code", role.onet_soc, onet_none),
        ("ESCO occupation", role.esco, esco_none),
    ):
        field = "onet" if name.startswith("O*NET") else "esco"
        if none and codes:
            raise CatalogError(
                f"{where} sets {field}_none_close = true but lists an {name}. Remove the "
                f"codes, or drop {field}_none_close when one of them is close."
            )
        if not none and not codes:
            raise CatalogError(
                f"{where} lists no {name}. Add the nearest one, or set "
                f"{field}_none_close = true when none is close."
            )
    return role


def parse_catalog(data: dict[str, Any], source: str = "<memory>") -> Catalog:
    """Validate a decoded catalog document and build a :class:`Catalog`.

    Raises
    ------
    CatalogError
        When a role misses a field, has a value of the wrong type, or repeats an id, name,
        alias or survey title of another role.
    """
    tables = data.get("role")
    if not isinstance(tables, list) or not tables:
        raise CatalogError(f"{source} has no [[role]] tables. Is it a roleatlas catalog?")
    roles = tuple(_parse_role(table, i, source) for i, table in enumerate(tables))
    ids: dict[str, str] = {}
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    survey: dict[str, str] = {}
    for role in roles:
        if role.id in ids:
            raise CatalogError(
                f"The role id {role.id!r} appears twice in {source}. Ids must be unique."
            )
        ids[role.id] = role.id
        name_key = _key(role.name)
        if name_key in names:
            raise CatalogError(
                f"The role name {role.name!r} of {role.id!r} is also the name of "
                f"{names[name_key]!r} in {source}. Names must be unique."
            )
        names[name_key] = role.id
        for text in (role.name, *role.aliases):
            key = _key(text)
            other = labels.setdefault(key, role.id)
            if other != role.id:
                raise CatalogError(
                    f"{text!r} is a name or alias of both {other!r} and {role.id!r} in {source}. "
                    "Keep it under one role."
                )
        for title in role.aijobs_titles:
            other = survey.setdefault(title, role.id)
            if other != role.id:
                raise CatalogError(
                    f"The survey title {title!r} is listed under both {other!r} and {role.id!r} "
                    f"in {source}. List it under one role."
                )
    return Catalog(roles, source=source)


@functools.lru_cache(maxsize=8)
def _load(path: str | None) -> Catalog:
    data, source = read_catalog_toml(path, _PACKAGED, "catalog file")
    return parse_catalog(data, source=source)


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Read and validate a role catalog; the result is cached per path.

    Parameters
    ----------
    path:
        A ``roles.toml`` file. ``None`` (the default) reads the catalog shipped with roleatlas.

    Returns
    -------
    Catalog

    Raises
    ------
    CatalogError
        When the file cannot be read, is not TOML, or is not a valid catalog.

    Examples
    --------
    >>> len(load_catalog()) >= 40
    True
    """
    return _load(None if path is None else str(path))
