"""The sources registry: which source kinds exist, and the sources a user added.

Kinds are found through the entry-point group ``roleatlas.source_kinds`` (each entry point
names one :class:`~roleatlas.collect.kinds.SourceKind` subclass); the built-in kinds are
registered there by roleatlas itself and are also used directly when the package metadata
is not installed (a source checkout on ``PYTHONPATH``).

Core functions for the ``roleatlas sources`` commands: :func:`add_source`,
:func:`add_starter`, :func:`list_sources`, :func:`remove_source`. Nothing here fetches.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata, resources
from typing import Any
from urllib.parse import quote, urlsplit

from roleatlas.collect.kinds import BUILTIN_KINDS, SourceKind
from roleatlas.errors import CatalogError, ConfigError, InputError
from roleatlas.pipeline.guard import check_source_name
from roleatlas.store.sources import NewSource, SourceRow, source_by_api_url
from roleatlas.store.sqlite import Store

__all__ = [
    "ENTRY_POINT_GROUP",
    "StarterBoard",
    "StarterResult",
    "add_source",
    "add_starter",
    "available_kinds",
    "list_sources",
    "load_starter",
    "remove_source",
    "resolve_source",
    "source_summary",
    "supported_shapes",
]

#: The entry-point group third-party source kinds register in.
ENTRY_POINT_GROUP = "roleatlas.source_kinds"

_KIND_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")


def _check_kind(kind: Any, where: str) -> SourceKind:
    """An instance of the kind class ``kind``, or a ConfigError naming ``where``."""
    if not (isinstance(kind, type) and issubclass(kind, SourceKind)):
        raise ConfigError(
            f"The source kind {where} is {kind!r}, not a subclass of "
            "roleatlas.collect.kinds.SourceKind. Fix the plugin's entry point, or uninstall it."
        )
    try:
        instance = kind()
    except Exception as exc:  # a plugin's constructor: any failure is the plugin's
        raise ConfigError(
            f"The source kind {where} cannot be created ({type(exc).__name__}: {exc}). Its "
            "class must take no arguments. Fix the plugin, or uninstall it."
        ) from exc
    if not _KIND_NAME.fullmatch(instance.name or ""):
        raise ConfigError(
            f"The source kind {where} has the name {instance.name!r}; a kind's name must be "
            "1-32 lower-case letters, digits, '_' or '-', starting with a letter."
        )
    return instance


def available_kinds() -> dict[str, SourceKind]:
    """Every source kind by name, in the order they try to recognize a URL.

    The built-in kinds come first (from the entry points when roleatlas is installed, else
    directly), then third-party kinds from the ``roleatlas.source_kinds`` entry points.

    Raises
    ------
    ConfigError
        If an entry point cannot be loaded, is not a :class:`SourceKind` subclass, or takes
        a name another kind has.
    """
    kinds: dict[str, SourceKind] = {}
    for cls in BUILTIN_KINDS:
        kinds[cls.name] = cls()
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        where = f"{entry.name!r} ({entry.value})"
        try:
            loaded = entry.load()
        except Exception as exc:  # importing a plugin may fail in any way; name it
            raise ConfigError(
                f"The source kind {where} cannot be loaded ({type(exc).__name__}: {exc}). "
                "Fix or uninstall the package that provides it."
            ) from exc
        if loaded in BUILTIN_KINDS:
            continue  # roleatlas's own registration
        kind = _check_kind(loaded, where)
        if kind.name in kinds:
            raise ConfigError(
                f"The source kind {where} is named {kind.name!r}, which another kind has "
                "already. Rename one of them, or uninstall the package that provides it."
            )
        kinds[kind.name] = kind
    return dict(sorted(kinds.items(), key=lambda item: (item[1].priority, item[0])))


def supported_shapes(kinds: Mapping[str, SourceKind] | None = None) -> str:
    """The URL shapes each kind recognizes, one ``kind: shape`` per line (for messages)."""
    kinds = available_kinds() if kinds is None else kinds
    return "\n".join(
        f"  {name}: {shape}" for name, kind in kinds.items() for shape in kind.url_shapes
    )


def _normal_url(url: str) -> str:
    """``url`` stripped, with ``https://`` added when it names a host without a scheme."""
    text = url.strip()
    if not text:
        raise InputError("The URL is empty. Pass a job board URL, e.g. https://jobs.lever.co/acme.")
    if "://" not in text and re.match(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/|$)", text):
        text = f"https://{text}"
    return text


def _check_web_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise InputError(f"The URL {url!r} cannot be read ({exc}). Check it.") from exc
    if parts.scheme not in ("http", "https") or not host:
        raise InputError(
            f"The URL {url!r} must start with http:// or https:// and name a host, e.g. "
            "https://boards.greenhouse.io/acme."
        )


def resolve_source(
    url: str,
    *,
    kind: str | None = None,
    name: str | None = None,
    kinds: Mapping[str, SourceKind] | None = None,
    display_name: str | None = None,
) -> NewSource:
    """Work out what to fetch for ``url``: its kind, token, API URL and source name.

    Parameters
    ----------
    url : str
        A board page, an official API URL, a feed or sitemap URL, an HN item URL or id.
    kind : str, optional
        The kind to use instead of detecting it. Then any ``http(s)`` URL is accepted: a URL
        that is not one of the kind's shapes is fetched as given (an API served elsewhere,
        such as a local test server).
    name : str, optional
        The source name instead of ``"<kind>:<token>"``.
    kinds : mapping, optional
        The kinds to choose from (default: :func:`available_kinds`).
    display_name : str, optional
        A name for people (default: the starter list's name for the board, else one made
        from the token).

    Returns
    -------
    NewSource

    Raises
    ------
    InputError
        If no kind recognizes the URL, ``kind`` is unknown, or the name is not a valid
        source name.

    Examples
    --------
    >>> s = resolve_source("https://jobs.lever.co/acme")
    >>> s.name, s.kind, s.token, s.api_url
    ('lever:acme', 'lever', 'acme', 'https://api.lever.co/v0/postings/acme?mode=json')
    """
    kinds = available_kinds() if kinds is None else kinds
    text = _normal_url(url)
    chosen: SourceKind | None = None
    token: str | None = None
    if kind is not None:
        chosen = kinds.get(kind.strip().lower())
        if chosen is None:
            raise InputError(
                f"There is no source kind {kind!r}. Pass --kind with one of: {', '.join(kinds)}."
            )
        token = chosen.match(text)
        if token is None:
            _check_web_url(text)
            token = chosen.token_from_url(text)
            api_url = text
        else:
            api_url = chosen.api_url(token)
    else:
        for candidate in kinds.values():
            token = candidate.match(text)
            if token is not None:
                chosen = candidate
                break
        if chosen is None or token is None:
            raise InputError(
                f"roleatlas cannot tell which kind of source {url.strip()!r} is. Give a URL of "
                f"one of these shapes:\n{supported_shapes(kinds)}\nor pass --kind KIND with "
                "the API or page URL (e.g. --kind jsonld for a page with JobPosting markup)."
            )
        api_url = chosen.api_url(token)
    if not token:
        raise InputError(
            f"The URL {url.strip()!r} does not name a board for the {chosen.name} kind. Give "
            f"one of these shapes:\n{supported_shapes({chosen.name: chosen})}"
        )
    source_name = name.strip() if name is not None else chosen.default_name(token)
    problem = check_source_name(source_name)
    if problem is not None:
        raise InputError(f"{problem} Pass it with --name.")
    if display_name is None:
        display_name = _starter_names().get((chosen.name, token.lower()))
    return NewSource(
        name=source_name,
        kind=chosen.name,
        token=token,
        url=text,
        api_url=api_url,
        display_name=display_name or chosen.display_name(token),
    )


def add_source(
    store: Store, url: str, *, name: str | None = None, kind: str | None = None
) -> SourceRow:
    """Add the source ``url`` (see :func:`resolve_source`), unverified.

    Raises
    ------
    InputError
        If the URL cannot be resolved, the name is taken, or (without ``name``) the same
        API URL is already collected under another name.
    """
    source = resolve_source(url, kind=kind, name=name)
    existing = store.get_source(source.name)
    if existing is not None:
        hint = (
            "Pick another name with --name"
            if name is not None
            else "It is added already; pass --name NAME to add it again under another name"
        )
        raise InputError(
            f"A source named {source.name!r} exists already ({existing.kind}, "
            f"{existing.api_url}). {hint}, or remove it first with "
            f"`roleatlas sources remove {source.name}`."
        )
    if name is None:
        same = source_by_api_url(store, source.api_url)
        if same is not None:
            raise InputError(
                f"{source.api_url!r} is collected already as the source {same.name!r}. Pass "
                "--name NAME to add it again under another name."
            )
    return store.add_source(source)


@dataclass(frozen=True, slots=True)
class StarterBoard:
    """One entry of the starter registry."""

    kind: str
    token: str
    name: str


@dataclass(frozen=True, slots=True)
class StarterResult:
    """What :func:`add_starter` did: the source names added and those already present."""

    added: list[str]
    skipped: list[str]


_STARTER = "starter.toml"


def load_starter(text: str | None = None) -> list[StarterBoard]:
    """The starter registry (``collect/starter.toml``, or ``text`` in its format).

    Raises
    ------
    CatalogError
        If the file is not valid TOML or an entry lacks ``kind``, ``token`` or ``name``.
    """
    where = f"roleatlas/collect/{_STARTER}"
    if text is None:
        text = resources.files("roleatlas.collect").joinpath(_STARTER).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{where} is not valid TOML: {exc}.") from exc
    boards: list[StarterBoard] = []
    for i, entry in enumerate(data.get("boards") or []):
        values = [
            entry.get(k) if isinstance(entry, dict) else None for k in ("kind", "token", "name")
        ]
        if not all(isinstance(v, str) and v.strip() for v in values):
            raise CatalogError(
                f"Entry {i + 1} of {where} must have a text kind, token and name. Got "
                f"{entry!r} instead."
            )
        kind, token, name = (str(v).strip() for v in values)
        boards.append(StarterBoard(kind=kind, token=token, name=name))
    return boards


def _starter_names() -> dict[tuple[str, str], str]:
    return {(b.kind, b.token.lower()): b.name for b in load_starter()}


def add_starter(store: Store) -> StarterResult:
    """Add every board of the starter registry that is not present yet, unverified.

    A board is skipped when a source of its name exists, or when another source fetches the
    same API URL already.

    Raises
    ------
    CatalogError
        If the starter registry names a kind that does not exist.
    """
    kinds = available_kinds()
    sources: list[NewSource] = []
    for board in load_starter():
        kind = kinds.get(board.kind)
        if kind is None:
            raise CatalogError(
                f"The starter board {board.token!r} has the unknown kind {board.kind!r}. "
                f"Known kinds: {', '.join(kinds)}."
            )
        sources.append(
            NewSource(
                name=kind.default_name(board.token),
                kind=kind.name,
                token=board.token,
                url=_board_url(kind, board.token),
                api_url=kind.api_url(board.token),
                display_name=board.name,
                added_from="starter",
            )
        )
    present = {s.api_url for s in store.list_sources()}
    fresh = [s for s in sources if s.api_url not in present]
    added, skipped = store.add_sources(fresh)
    skipped = [s.name for s in sources if s.api_url in present] + skipped
    return StarterResult(added=added, skipped=sorted(skipped))


def _board_url(kind: SourceKind, token: str) -> str:
    """The board's page for people, from the kind's first URL shape."""
    shape = kind.url_shapes[0] if kind.url_shapes else ""
    if "<" not in shape:
        return kind.api_url(token)
    return re.sub(r"<[^>]+>", quote(token, safe=""), shape)


def list_sources(store: Store) -> list[SourceRow]:
    """Every source, by name."""
    return store.list_sources()


def remove_source(store: Store, name: str) -> SourceRow:
    """Remove the source ``name``; its postings stay in the store.

    Returns
    -------
    SourceRow
        The source as it was.

    Raises
    ------
    InputError
        If there is no such source.
    """
    existing = store.get_source(name)
    if existing is None or not store.remove_source(name):
        known = [s.name for s in store.list_sources()]
        hint = (
            f" Sources: {', '.join(known[:10])}{' …' if len(known) > 10 else ''}." if known else ""
        )
        raise InputError(
            f"There is no source named {name!r}. `roleatlas sources list` shows the names.{hint}"
        )
    return existing


def source_summary(source: SourceRow) -> dict[str, Any]:
    """A source as plain JSON-ready data (``sources list --json``)."""
    return {
        "name": source.name,
        "kind": source.kind,
        "token": source.token,
        "display_name": source.display_name,
        "url": source.url,
        "api_url": source.api_url,
        "added_from": source.added_from,
        "added_at": source.added_at,
        "enabled": source.enabled,
        "verified": source.verified,
        "last_run_at": source.last_run_at,
        "last_status": source.last_status,
        "last_error": source.last_error,
        "last_counts": source.last_counts,
        "postings": source.postings,
        "open_postings": source.open_postings,
        "next_due_at": source.next_due_at,
        "interval_seconds": source.interval_seconds,
    }
