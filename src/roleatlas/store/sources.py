"""The SQL of the ``sources`` table: live sources to collect from (see ``collect/registry.py``).

A source row says what to fetch (``kind``, ``api_url``), how the last fetch went
(``last_status``, ``last_error``, ``last_counts``), what makes the next one conditional
(``etag``, ``last_modified``) and when it is due (``next_due_at``; ``NULL`` means now).
Removing a source deletes its row only: its postings stay.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from roleatlas.errors import InputError

if TYPE_CHECKING:
    from roleatlas.store.sqlite import Store

__all__ = [
    "DEFAULT_INTERVAL_SECONDS",
    "NewSource",
    "SourceRow",
    "add_source",
    "add_sources",
    "get_source",
    "list_sources",
    "remove_source",
    "source_by_api_url",
    "update_source_run",
]

#: How often a source is collected unless it says otherwise: every 6 hours.
DEFAULT_INTERVAL_SECONDS = 6 * 3600


@dataclass(frozen=True, slots=True)
class NewSource:
    """A source to add: what :func:`roleatlas.collect.registry.resolve_source` returns."""

    name: str
    kind: str
    token: str
    url: str
    api_url: str
    display_name: str | None = None
    added_from: str = "user"
    interval_seconds: int = DEFAULT_INTERVAL_SECONDS


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A stored source with the state of its last run.

    ``postings`` counts the postings stored under the source's name (computed when read);
    ``open_postings`` is what the last collect counted as still open (``None`` before one).
    """

    name: str
    kind: str
    token: str
    url: str
    api_url: str
    display_name: str | None
    added_from: str
    added_at: str
    enabled: bool
    verified: bool
    last_run_at: str | None
    last_status: str | None
    last_error: str | None
    last_counts: dict[str, Any] = field(default_factory=dict)
    open_postings: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    next_due_at: str | None = None
    interval_seconds: int = DEFAULT_INTERVAL_SECONDS
    postings: int = 0


_COLUMNS = (
    "name",
    "kind",
    "token",
    "url",
    "api_url",
    "display_name",
    "added_from",
    "added_at",
    "enabled",
    "verified",
    "last_run_at",
    "last_status",
    "last_error",
    "last_counts",
    "open_postings",
    "etag",
    "last_modified",
    "next_due_at",
    "interval_seconds",
)
_SELECT = (
    f"SELECT {', '.join('s.' + c for c in _COLUMNS)}, "
    "(SELECT count(*) FROM postings p WHERE p.source = s.name) AS postings FROM sources s"
)
_INSERT = (
    "INSERT INTO sources (name, kind, token, url, api_url, display_name, added_from, "
    "added_at, interval_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row(row: sqlite3.Row) -> SourceRow:
    counts = json.loads(row["last_counts"]) if row["last_counts"] else {}
    return SourceRow(
        name=row["name"],
        kind=row["kind"],
        token=row["token"],
        url=row["url"],
        api_url=row["api_url"],
        display_name=row["display_name"],
        added_from=row["added_from"],
        added_at=row["added_at"],
        enabled=bool(row["enabled"]),
        verified=bool(row["verified"]),
        last_run_at=row["last_run_at"],
        last_status=row["last_status"],
        last_error=row["last_error"],
        last_counts=counts if isinstance(counts, dict) else {},
        open_postings=row["open_postings"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        next_due_at=row["next_due_at"],
        interval_seconds=int(row["interval_seconds"]),
        postings=int(row["postings"]),
    )


def _values(source: NewSource, now: str) -> tuple[Any, ...]:
    return (
        source.name,
        source.kind,
        source.token,
        source.url,
        source.api_url,
        source.display_name,
        source.added_from,
        now,
        source.interval_seconds,
    )


def get_source(store: Store, name: str) -> SourceRow | None:
    """The source called ``name``, or ``None``."""
    row = store.conn.execute(f"{_SELECT} WHERE s.name = ?", (name,)).fetchone()
    return _row(row) if row else None


def source_by_api_url(store: Store, api_url: str) -> SourceRow | None:
    """The first source (by name) that fetches ``api_url``, or ``None``."""
    row = store.conn.execute(
        f"{_SELECT} WHERE s.api_url = ? ORDER BY s.name LIMIT 1", (api_url,)
    ).fetchone()
    return _row(row) if row else None


def list_sources(store: Store, names: Sequence[str] | None = None) -> list[SourceRow]:
    """Every source (or those named), by name."""
    if names is None:
        rows = store.conn.execute(f"{_SELECT} ORDER BY s.name")
        return [_row(r) for r in rows]
    found = [get_source(store, n) for n in dict.fromkeys(names)]
    return [s for s in found if s is not None]


def add_source(store: Store, source: NewSource) -> SourceRow:
    """Store ``source``.

    Raises
    ------
    InputError
        If a source of that name exists already.
    """
    with store._write("the source") as conn:
        try:
            conn.execute(_INSERT, _values(source, _now()))
        except sqlite3.IntegrityError as exc:
            raise InputError(
                f"A source named {source.name!r} exists already. Pick another name with "
                f"--name, or remove it first with `roleatlas sources remove {source.name}`."
            ) from exc
    added = get_source(store, source.name)
    assert added is not None
    return added


def add_sources(store: Store, sources: Iterable[NewSource]) -> tuple[list[str], list[str]]:
    """Store each source whose name is not taken, in one transaction.

    Returns
    -------
    (added, skipped) : tuple of list of str
        The names added, and those skipped because a source of that name exists.
    """
    added: list[str] = []
    skipped: list[str] = []
    now = _now()
    with store._write("the sources") as conn:
        for source in sources:
            cur = conn.execute(
                _INSERT.replace("INSERT", "INSERT OR IGNORE", 1), _values(source, now)
            )
            (added if cur.rowcount else skipped).append(source.name)
    return added, skipped


def remove_source(store: Store, name: str) -> bool:
    """Delete the source called ``name`` (never its postings). ``False`` when there is none."""
    with store._write("the source removal") as conn:
        cur = conn.execute("DELETE FROM sources WHERE name = ?", (name,))
    return cur.rowcount > 0


def update_source_run(
    store: Store,
    name: str,
    *,
    status: str,
    error: str | None = None,
    counts: dict[str, Any] | None = None,
    verified: bool | None = None,
    open_postings: int | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    next_due_at: str | None = None,
    ran_at: str | None = None,
) -> None:
    """Record how a run of source ``name`` went (for ``roleatlas collect``).

    ``status`` is a short word (``"ok"``, ``"unchanged"``, ``"error"``); ``error`` the
    message of a failed run (cleared by a run without one). ``verified=True`` marks the
    source verified; ``None`` leaves it, as do ``open_postings``, ``etag`` and
    ``last_modified`` when ``None``.

    Raises
    ------
    InputError
        If there is no source called ``name``.
    """
    assignments = ["last_run_at = ?", "last_status = ?", "last_error = ?", "next_due_at = ?"]
    params: list[Any] = [ran_at or _now(), status, error, next_due_at]
    if counts is not None:
        assignments.append("last_counts = ?")
        params.append(json.dumps(counts, sort_keys=True, default=str))
    for column, value in (
        ("verified", None if verified is None else int(verified)),
        ("open_postings", open_postings),
        ("etag", etag),
        ("last_modified", last_modified),
    ):
        if value is not None:
            assignments.append(f"{column} = ?")
            params.append(value)
    with store._write("the source run") as conn:
        cur = conn.execute(
            f"UPDATE sources SET {', '.join(assignments)} WHERE name = ?", (*params, name)
        )
    if cur.rowcount == 0:
        raise InputError(
            f"There is no source named {name!r}. `roleatlas sources list` shows the names."
        )
