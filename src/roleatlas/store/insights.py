"""Read-only queries behind role profiles and comparisons.

Functions take an open :class:`~roleatlas.store.Store` and return plain Python values; the
insights layer turns them into evidence. Postings are cited as ``"source:source_id"``.
Mentions in company boilerplate and benefits never count as a posting asking for a skill.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import json
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from roleatlas.records import DEGREE_LEVELS
from roleatlas.store.postgres import catalog_triggers
from roleatlas.store.sqlite import Store

__all__ = [
    "SALARY_KEPT",
    "CODE_PATHS",
    "PAY_KINDS",
    "WATCHED_TABLES",
    "cached",
    "clear_cache",
    "code_files",
    "degree_counts",
    "duty_rows",
    "duty_texts",
    "industry_counts",
    "posting_counts",
    "posting_keys",
    "posting_months",
    "premium_rows",
    "duplicate_count",
    "experience_by_level",
    "experience_years",
    "fit_candidates",
    "fit_sums",
    "heldout_rows",
    "posting_ids",
    "posting_skill_sets",
    "role_posting_totals",
    "source_role_skill_counts",
    "prior_skill_counts",
    "responsibility_rows",
    "role_skill_counts",
    "implausible_salary_count",
    "salary_facts",
    "salary_rows",
    "skill_examples",
    "span_rows",
    "survey_answers",
]

_KEY = "p.source || ':' || p.source_id"

#: The postings whose salary counts in percentiles: an annual USD amount, and not flagged
#: ``implausible`` by the salary parser (those are kept on the posting, counted apart).
SALARY_KEPT = (
    "(p.salary_usd_min IS NOT NULL OR p.salary_usd_max IS NOT NULL) AND "
    "coalesce(p.salary_flags, '') NOT LIKE '%implausible%'"
)
_INDUSTRY = (
    "(CASE WHEN json_valid(extra) THEN coalesce("
    "nullif(trim(json_extract(extra, '$.industry')), ''), "
    "nullif(trim(json_extract(extra, '$.sector')), '')) END)"
)

# -- derived-figure cache ---------------------------------------------------------------------
#: Tables whose every insert, update or delete makes cached figures stale.
WATCHED_TABLES = (
    "postings",
    "skill_mentions",
    "education_requirements",
    "experience_requirements",
    "responsibilities",
    "reference_datasets",
)
_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS insight_stale_{table}_{event} AFTER {event} ON {table} "
    "BEGIN UPDATE insight_generation SET value = value + 1 WHERE id = 1; END"
)
_TRIGGERS = [
    (f"insight_stale_{t}_{e.lower()}", _TRIGGER.format(table=t, event=e.lower()))
    for t in WATCHED_TABLES
    for e in ("INSERT", "UPDATE", "DELETE")
]


#: The code and data profiles are computed with (paths under the package): every module
#: ``roleatlas.insights`` imports, and the catalogs. A test checks the list stays complete.
CODE_PATHS = (
    "__init__.py",
    "errors.py",
    "records.py",
    "catalog",
    "insights",
    "store/__init__.py",
    "store/sqlite.py",
    "store/postgres.py",
    "store/schema.py",
    "store/sources.py",
    "store/insights.py",
    "store/reference.py",
    "report/__init__.py",
    "report/listing.py",
)


def code_files() -> list[Path]:
    """The files of :data:`CODE_PATHS` (sources and catalogs), in a stable order."""
    root = Path(__file__).resolve().parents[1]
    files: set[Path] = set()
    for entry in CODE_PATHS:
        path = root / entry
        if path.is_dir():
            files.update(p for p in path.rglob("*") if p.suffix in (".py", ".toml"))
        else:
            files.add(path)
    return sorted(files)


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """A hash of :func:`code_files`: figures cached by other code or catalogs are stale."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in code_files():
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _install_triggers(conn: sqlite3.Connection) -> None:
    names = catalog_triggers(conn, "insight_stale_")
    for name, sql in _TRIGGERS:
        if name not in names:
            conn.execute(sql)


def cached(store: Store, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` (a JSON-ready value), read from the store's cache when still current.

    Figures derived from the whole store (a role's profile, the skill prior) are kept in
    ``insight_cache`` with the store's *generation*, a counter that triggers on
    :data:`WATCHED_TABLES` raise on every insert, update and delete. A cached value is used
    only while the generation, the code and the catalogs are unchanged, so it never differs
    from a fresh computation. The triggers are created with the first cached value (one
    counter update per written row, about 1 µs). The value returned is always the JSON
    round trip (lists for tuples), cached or not, so callers see one shape.

    Parameters
    ----------
    store:
        An open store (schema version 4 or later).
    key:
        What the value is, including every argument it depends on.
    compute:
        Computes the value; called on a miss.

    Examples
    --------
    >>> with Store(":memory:").open() as s:
    ...     cached(s, "demo", lambda: (1, 2)), cached(s, "demo", lambda: "not called")
    ([1, 2], [1, 2])
    """
    conn = store.conn
    full = f"{key}|{_code_version()}"
    row = conn.execute(
        "SELECT g.value, c.generation, c.value FROM insight_generation g "
        "LEFT JOIN insight_cache c ON c.key = ? WHERE g.id = 1",
        (full,),
    ).fetchone()
    generation = int(row[0])
    if row[1] is not None and int(row[1]) == generation:
        return json.loads(row[2])
    text = json.dumps(compute(), allow_nan=False, separators=(",", ":"))
    if not conn.in_transaction:  # never commit a transaction the caller opened
        try:
            conn.execute("BEGIN IMMEDIATE")
            _install_triggers(conn)
            conn.execute("DELETE FROM insight_cache WHERE generation < ?", (generation,))
            conn.execute(
                "INSERT OR REPLACE INTO insight_cache (key, generation, value) VALUES (?, ?, ?)",
                (full, generation, text),
            )
            conn.execute("COMMIT")
        except sqlite3.OperationalError:
            # A read-only or busy database only loses the cache entry; the value is complete.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    return json.loads(text)


def clear_cache(store: Store) -> None:
    """Mark every cached figure stale (as any write to a watched table does)."""
    store.conn.execute("UPDATE insight_generation SET value = value + 1 WHERE id = 1")


_RANK = "CASE e.level " + " ".join(f"WHEN '{lv}' THEN {i}" for i, lv in enumerate(DEGREE_LEVELS))


def posting_counts(store: Store, role: str) -> tuple[int, int]:
    """``(postings, extracted)``: postings of ``role`` and how many of them were extracted."""
    row = store.conn.execute(
        "SELECT count(*), count(extract_version) FROM postings WHERE role = ? "
        "AND duplicate_of IS NULL",
        (role,),
    ).fetchone()
    return int(row[0]), int(row[1])


def duplicate_count(store: Store, role: str) -> int:
    """Postings of ``role`` marked as duplicates of another posting (``roleatlas dedup``):
    left out of every role figure, which counts each job once."""
    row = store.conn.execute(
        "SELECT count(*) FROM postings WHERE role = ? AND duplicate_of IS NOT NULL", (role,)
    ).fetchone()
    return int(row[0])


def role_skill_counts(store: Store, role: str) -> list[tuple[str, int]]:
    """``(skill id, postings)`` of ``role``'s extracted postings, most frequent first.

    The same figures as :meth:`Store.skill_counts` for one role, read from the covering
    ``(role, extract_version)`` and ``(posting_id, skill, section)`` indexes.
    """
    # One pass per extraction version (usually one): the postings then come in row id
    # order, so SQLite groups each posting's mentions without a temporary B-tree.
    versions = [
        v
        for (v,) in store.conn.execute(
            "SELECT DISTINCT extract_version FROM postings WHERE role = ? "
            "AND duplicate_of IS NULL AND extract_version IS NOT NULL",
            (role,),
        )
    ]
    counts: dict[str, int] = {}
    for version in versions:
        rows = store.conn.execute(
            "SELECT skill, count(*) FROM (SELECT m.skill FROM postings p "
            "CROSS JOIN skill_mentions m ON m.posting_id = p.id "
            "WHERE p.role = ? AND p.duplicate_of IS NULL AND p.extract_version = ? "
            "AND m.skill IS NOT NULL "
            "AND m.section NOT IN ('company', 'benefits') GROUP BY p.id, m.skill) AS asked "
            "GROUP BY skill",
            (role, version),
        )
        for skill, count in rows:
            counts[str(skill)] = counts.get(str(skill), 0) + int(count)
    return sorted(counts.items(), key=lambda sc: (-sc[1], sc[0]))


def prior_skill_counts(store: Store) -> dict[str, int]:
    """Postings mentioning each skill anywhere (boilerplate included), over all postings.

    Read from the covering ``(skill, posting_id)`` index; used as the background of the
    log-odds prior, where the boilerplate mentions barely move the shape.
    """
    rows = store.conn.execute(
        "SELECT skill, count(DISTINCT posting_id) FROM skill_mentions "
        "WHERE skill IS NOT NULL GROUP BY skill"
    )
    return {str(s): int(c) for s, c in rows}


def skill_examples(
    store: Store, role: str, skills: list[str], per_skill: int = 3
) -> dict[str, list[str]]:
    """Up to ``per_skill`` postings of ``role`` (newest first) that mention each skill.

    Examples
    --------
    >>> with Store(":memory:").open() as s:
    ...     skill_examples(s, "data-scientist", ["python"])
    {}
    """
    if not skills:
        return {}
    # One short scan per skill down the (role, posted_at DESC, id) index, stopping at the
    # per_skill-th match: milliseconds even for a role with 100k postings.
    out: dict[str, list[str]] = {}
    for skill in dict.fromkeys(skills):
        rows = store.conn.execute(
            f"SELECT {_KEY} FROM postings p WHERE p.role = ? AND p.duplicate_of IS NULL "
            f"AND EXISTS (SELECT 1 FROM "
            f"skill_mentions m WHERE m.posting_id = p.id AND m.skill = ? "
            f"AND m.section NOT IN ('company', 'benefits')) "
            f"ORDER BY p.posted_at DESC, p.id LIMIT ?",
            (role, skill, per_skill),
        )
        keys = [str(k) for (k,) in rows]
        if keys:
            out[skill] = keys
    return out


def degree_counts(store: Store, role: str, per_level: int = 3) -> dict[str, tuple[int, list[str]]]:
    """Postings of ``role`` by the lowest degree they require.

    A posting counts once, under the lowest level among its education requirements that are
    not marked preferred (``required`` true or not stated). Postings without such a
    requirement are not counted here.

    Returns
    -------
    dict
        Degree level (see :data:`~roleatlas.records.DEGREE_LEVELS`) → ``(postings, up to
        per_level example posting keys)``.
    """
    rows = store.conn.execute(
        f"SELECT {_KEY}, min({_RANK} END) FROM education_requirements e "
        f"JOIN postings p ON p.id = e.posting_id WHERE p.role = ? AND p.duplicate_of IS NULL "
        f"AND (e.required IS NULL OR e.required = 1) GROUP BY p.id "
        f"ORDER BY p.posted_at DESC NULLS LAST, p.id",
        (role,),
    )
    out: dict[str, tuple[int, list[str]]] = {}
    for key, rank in rows:
        if rank is None:
            continue
        level = DEGREE_LEVELS[int(rank)]
        count, keys = out.get(level, (0, []))
        if len(keys) < per_level:
            keys.append(str(key))
        out[level] = (count + 1, keys)
    return out


def responsibility_rows(store: Store, role: str) -> list[tuple[str, str, str | None]]:
    """``(posting key, statement, verb)`` of every responsibility of ``role``'s postings."""
    rows = store.conn.execute(
        f"SELECT {_KEY}, r.statement, r.verb FROM responsibilities r "
        f"JOIN postings p ON p.id = r.posting_id WHERE p.role = ? AND p.duplicate_of IS NULL "
        f"ORDER BY p.posted_at DESC NULLS LAST, p.id, r.rowid",
        (role,),
    )
    return [(str(k), str(s), None if v is None else str(v)) for k, s, v in rows]


def duty_rows(store: Store, role: str) -> list[tuple[int, str, str]]:
    """``(posting row id, statement, verb)`` of the verb-led responsibility statements of
    ``role``'s postings (verb lower-cased), newest posting first."""
    rows = store.conn.execute(
        "SELECT p.id, r.statement, lower(r.verb) FROM postings p "
        "CROSS JOIN responsibilities r ON r.posting_id = p.id WHERE p.role = ? "
        "AND p.duplicate_of IS NULL "
        "AND r.verb IS NOT NULL AND r.verb != '' "
        "ORDER BY p.posted_at DESC NULLS LAST, p.id, r.rowid",
        (role,),
    )
    return [(int(i), str(s), str(v)) for i, s, v in rows]


def duty_texts(store: Store, pairs: list[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """The original sentence or bullet of each ``(posting row id, statement)`` duty (the
    first one in the posting when a statement repeats), to quote it."""
    out: dict[tuple[int, str], str] = {}
    for pid, statement in pairs:
        row = store.conn.execute(
            "SELECT text FROM responsibilities WHERE posting_id = ? AND statement = ? "
            "ORDER BY rowid LIMIT 1",
            (pid, statement),
        ).fetchone()
        if row is not None and row[0]:
            out[pid, statement] = str(row[0])
    return out


def posting_keys(store: Store, ids: list[int]) -> dict[int, str]:
    """``"source:source_id"`` of postings by row id."""
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = store.conn.execute(
            f"SELECT p.id, {_KEY} FROM postings p WHERE p.id IN ({marks})", chunk
        )
        out.update((int(i), str(k)) for i, k in rows)
    return out


def posting_months(store: Store, role: str) -> list[tuple[str, int]]:
    """``(YYYY-MM, postings)`` of ``role`` by month opened: the month posted, or for a posting
    collected from a live source without a date, the month roleatlas first saw it
    (``first_seen``; for rows from files that is only the ingest date, so they need a date)."""
    counts: dict[str, int] = {}
    for sql in (
        "SELECT substr(posted_at, 1, 7) AS month, count(*) FROM postings "
        "WHERE role = ? AND duplicate_of IS NULL AND posted_at IS NOT NULL "
        "AND length(posted_at) >= 7 GROUP BY month",
        "SELECT substr(first_seen, 1, 7) AS month, count(*) FROM postings "
        "WHERE role = ? AND duplicate_of IS NULL AND posted_at IS NULL "
        "AND last_seen IS NOT NULL GROUP BY month",
    ):
        for month, n in store.conn.execute(sql, (role,)):
            counts[str(month)] = counts.get(str(month), 0) + int(n)
    return sorted(counts.items())


def industry_counts(
    store: Store, role: str, per_industry: int = 3
) -> tuple[int, list[tuple[str, int, list[str]]]]:
    """Company industries stated in postings of ``role`` (``extra`` ``industry`` or
    ``sector``).

    Returns
    -------
    (n, rows)
        ``n`` postings that state an industry, and ``(industry, postings, example keys)``
        rows, most frequent first; examples are the newest postings.
    """
    # The industry expression is spelled exactly as in the postings_role_industry index
    # (schema migrations 4 and 7), so the query reads that index and never the posting rows.
    rows = store.conn.execute(
        f"SELECT ind, key FROM (SELECT {_INDUSTRY} AS ind, source || ':' || source_id AS key, "
        f"posted_at, id FROM postings INDEXED BY postings_role_industry "
        f"WHERE role = ? AND duplicate_of IS NULL AND {_INDUSTRY} IS NOT NULL) AS listed "
        f"WHERE ind NOT IN ('-1', 'Unknown') ORDER BY posted_at DESC, id",
        (role,),
    )
    counts: dict[str, list[Any]] = {}
    for industry, key in rows:
        entry = counts.setdefault(str(industry), [0, []])
        entry[0] += 1
        if len(entry[1]) < per_industry:
            entry[1].append(str(key))
    out = sorted(((i, c, k) for i, (c, k) in counts.items()), key=lambda r: (-r[1], r[0]))
    return sum(c for _, c, _ in out), out


def salary_rows(store: Store, role: str) -> list[dict[str, Any]]:
    """Postings of ``role`` with an annual USD salary: ``key``, ``level``, ``low``,
    ``high``, ``mid`` (the midpoint of the stated range) and ``estimated`` (the board's
    estimate rather than the employer's figure)."""
    rows = store.conn.execute(
        f"SELECT {_KEY} AS key, p.level, p.salary_usd_min, p.salary_usd_max, "
        f"p.salary_flags FROM postings p WHERE p.role = ? AND p.duplicate_of IS NULL AND "
        f"{SALARY_KEPT} "
        f"ORDER BY p.posted_at DESC NULLS LAST, p.id",
        (role,),
    )
    out = []
    for key, level, low, high, flags in rows:
        low = high if low is None else low
        high = low if high is None else high
        out.append(
            {
                "key": str(key),
                "level": level,
                "low": float(low),
                "high": float(high),
                "mid": (float(low) + float(high)) / 2,
                "estimated": "estimated" in str(flags or ""),
            }
        )
    return out


def implausible_salary_count(store: Store, role: str) -> int:
    """Postings of ``role`` whose salary is flagged ``implausible`` (left out of the
    percentiles of :func:`salary_rows`; the figures say how many)."""
    row = store.conn.execute(
        "SELECT count(*) FROM postings p WHERE p.role = ? AND p.duplicate_of IS NULL AND "
        "p.salary_flags LIKE '%implausible%'",
        (role,),
    ).fetchone()
    return int(row[0])


def survey_answers(
    store: Store, titles: list[str], *, level: str | None = None, residence: str | None = None
) -> list[tuple[Any, Any, Any, Any, float]]:
    """``(experience_level, remote_ratio, employee_residence, work_year, salary_in_usd)`` of
    the aijobs survey answers with one of ``titles`` and a USD salary, lowest salary first;
    only those at ``level`` and of ``residence`` (a country code) when given.

    One read for every survey breakdown of a role (``store.reference.survey_breakdown``
    reads the same rows once per breakdown).
    """
    if not titles:
        return []
    marks = ", ".join("?" for _ in titles)
    where, params = f"job_title IN ({marks}) AND salary_in_usd IS NOT NULL", list(titles)
    if level is not None:
        where, params = f"{where} AND experience_level = ?", [*params, level]
    if residence is not None:
        where, params = f"{where} AND employee_residence = ?", [*params, residence]
    rows = store.conn.execute(
        f"SELECT experience_level, remote_ratio, employee_residence, work_year, salary_in_usd "
        f"FROM survey WHERE {where} ORDER BY salary_in_usd",
        params,
    )
    return [(lv, rr, res, yr, float(usd)) for lv, rr, res, yr, usd in rows]


def salary_facts(store: Store, role: str) -> list[tuple[str, str | None, str | None, float]]:
    """``(posting key, level, country, midpoint)`` of ``role``'s postings with an annual USD
    salary (the rows of :func:`salary_rows`, with the posting's country), newest first."""
    rows = store.conn.execute(
        f"SELECT {_KEY}, p.level, p.country, p.salary_usd_min, p.salary_usd_max "
        f"FROM postings p WHERE p.role = ? AND p.duplicate_of IS NULL AND "
        f"{SALARY_KEPT} "
        f"ORDER BY p.posted_at DESC NULLS LAST, p.id",
        (role,),
    )
    out = []
    for key, level, country, low, high in rows:
        low = high if low is None else low
        high = low if high is None else high
        out.append((str(key), level, country, (float(low) + float(high)) / 2))
    return out


def experience_years(store: Store, role: str) -> list[tuple[str, float]]:
    """``(posting key, years)`` of ``role``'s postings that ask for years of experience.

    A posting counts once, with the fewest years among its requirements not marked
    preferred (``required`` true or not stated): the bar an applicant has to clear. Newest
    postings first.
    """
    rows = store.conn.execute(
        f"SELECT {_KEY}, min(e.min_years) FROM experience_requirements e "
        f"JOIN postings p ON p.id = e.posting_id WHERE p.role = ? AND p.duplicate_of IS NULL "
        f"AND (e.required IS NULL OR e.required = 1) AND e.min_years IS NOT NULL "
        f"GROUP BY p.id ORDER BY p.posted_at DESC NULLS LAST, p.id",
        (role,),
    )
    return [(str(k), float(y)) for k, y in rows]


# -- fit (roleatlas.insights.fit) --------------------------------------------------------------
_ASKED = (
    "m.skill IS NOT NULL AND m.section NOT IN ('company', 'benefits') AND m.skill NOT IN ({ex})"
)


#: Postings read per query (ids bound as parameters) when fit_candidates checks its best.
_BATCH = 500


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values) or "NULL"


def role_posting_totals(store: Store) -> dict[str, tuple[int, int]]:
    """``role → (postings, extracted)`` of every role with distinct (non-duplicate) postings:
    :func:`posting_counts` of all roles in one read (kept in the derived-figure cache)."""

    def compute() -> list[tuple[str, int, int]]:
        rows = store.conn.execute(
            "SELECT role, count(*), count(extract_version) FROM postings "
            "WHERE role IS NOT NULL AND duplicate_of IS NULL GROUP BY role"
        )
        return [(str(r), int(n), int(e)) for r, n, e in rows]

    return {str(r): (int(n), int(e)) for r, n, e in cached(store, "role_posting_totals", compute)}


def fit_sums(
    store: Store, skills: list[str], exclude: list[str]
) -> dict[str, tuple[int, int, int, int, int]]:
    """Per role, sums over its extracted distinct postings of ``t`` (catalog skills the
    posting asks for, leaving out ``exclude``) and ``c`` (those of them in ``skills``):
    ``role → (Σt, Σc, Σt², Σc², Σc·t)``.

    ``Σt`` is the role's total skill demand (the sum of its skill posting counts) and ``Σc``
    the part of it ``skills`` cover; the squares give the ratio's delta-method variance.
    Postings asking for no counted skill add nothing to any sum.

    The same figures as one pass over every skill mention, read from the derived-figure
    cache: ``t`` of every posting (:func:`_fit_postings`) and the postings asking for each of
    ``skills`` (:func:`_asked_positions`), so only ``c`` is counted per call.
    """
    data = _fit_postings(store, exclude)
    c = _covered(store, data, skills, exclude)
    keep = data.extracted
    role, t, ck = data.role[keep], data.t[keep], c[keep]
    n = len(data.roles)
    per_role = np.bincount(role, minlength=n)

    # Float sums of small integers: exact while below 2**53 (1e9 postings x 1,000 skills^2).
    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(role, weights=values, minlength=n)

    sums = [total(v) for v in (t, ck, t * t, ck * ck, ck * t)]
    return {
        r: (int(sums[0][i]), int(sums[1][i]), int(sums[2][i]), int(sums[3][i]), int(sums[4][i]))
        for i, r in enumerate(data.roles)
        if per_role[i]
    }


def experience_by_level(store: Store, role: str) -> list[tuple[str, str | None, float]]:
    """``(posting key, level, years)`` of ``role``'s postings that ask for years of
    experience (the fewest required years, as :func:`experience_years`), newest first."""
    rows = store.conn.execute(
        f"SELECT {_KEY}, p.level, min(e.min_years) FROM experience_requirements e "
        f"JOIN postings p ON p.id = e.posting_id WHERE p.role = ? AND p.duplicate_of IS NULL "
        f"AND (e.required IS NULL OR e.required = 1) AND e.min_years IS NOT NULL "
        f"AND e.skill IS NULL GROUP BY p.id ORDER BY p.posted_at DESC NULLS LAST, p.id",
        (role,),
    )
    return [(str(k), None if lv is None else str(lv), float(y)) for k, lv, y in rows]


def fit_candidates(
    store: Store,
    role: str,
    skills: list[str],
    exclude: list[str],
    *,
    country: str | None = None,
    remote: bool | None = None,
    limit: int = 200,
) -> list[int]:
    """Row ids of open, distinct postings of ``role`` (in ``country``, remote or not) that
    ask for the most of ``skills``: most shared skills first, then the larger share of the
    posting's asked skills, then newest.

    The shared and asked counts come from the derived-figure cache (as in :func:`fit_sums`);
    the store is read only for the filters and dates of the best-ranked postings, a batch
    at a time, until ``limit`` of them pass.
    """
    if not skills:
        return []
    data = _fit_postings(store, exclude)
    try:
        index = data.roles.index(role)
    except ValueError:
        return []
    c = _covered(store, data, skills, exclude)
    rows = np.flatnonzero((data.role == index) & (c > 0))
    shared = c[rows]
    share = shared.astype(np.float64) / data.t[rows]  # as SQLite's CAST(c AS REAL) / t
    order = np.lexsort((-share, -shared))
    rows, shared, share = rows[order], shared[order], share[order]
    ids = data.ids[rows]
    # Runs of equal (shared, share): ordered by date and id within, once their filters pass.
    starts = np.flatnonzero(np.r_[True, (shared[1:] != shared[:-1]) | (share[1:] != share[:-1])])
    bounds = [*starts.tolist(), len(ids)]
    where = ["p.role = ?", "p.duplicate_of IS NULL", "p.closed_at IS NULL"]
    params: list[Any] = [role]
    if remote is True:
        where.append("p.workplace = 'remote'")
    elif remote is False:
        where.append("(p.workplace IS NULL OR p.workplace != 'remote')")
    if country is not None:
        where.append("(p.country = ? OR p.remote_scope = ?)")
        params += [country, country]
    out: list[int] = []
    run = 0
    while run < len(bounds) - 1 and len(out) < limit:
        end = run + 1
        while end < len(bounds) - 1 and bounds[end] - bounds[run] < max(limit, _BATCH):
            end += 1
        batch = [int(i) for i in ids[bounds[run] : bounds[end]]]
        posted: dict[int, str | None] = {}
        for start in range(0, len(batch), _BATCH):
            chunk = batch[start : start + _BATCH]
            found = store.conn.execute(
                f"SELECT p.id, p.posted_at FROM postings p WHERE p.id IN ({_marks(chunk)}) "
                f"AND {' AND '.join(where)}",
                (*chunk, *params),
            )
            posted.update((int(i), d) for i, d in found)
        for first, last in zip(bounds[run:end], bounds[run + 1 : end + 1], strict=True):
            passed = sorted(
                i for i in batch[first - bounds[run] : last - bounds[run]] if i in posted
            )
            # Newest first (a stable sort keeps ids ascending within a date), undated last.
            dated = sorted(
                (i for i in passed if posted[i] is not None),
                key=lambda i: str(posted[i]),
                reverse=True,
            )
            out += dated + [i for i in passed if posted[i] is None]
            if len(out) >= limit:
                break
        run = end
    return out[:limit]


def posting_ids(store: Store, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Row ids of open, distinct postings by ``(source, source_id)`` (others left out)."""
    out: dict[tuple[str, str], int] = {}
    for source, source_id in keys:
        row = store.conn.execute(
            "SELECT id FROM postings WHERE source = ? AND source_id = ? "
            "AND duplicate_of IS NULL AND closed_at IS NULL",
            (source, source_id),
        ).fetchone()
        if row is not None:
            out[(source, source_id)] = int(row[0])
    return out


def posting_skill_sets(store: Store, ids: list[int], exclude: list[str]) -> dict[int, set[str]]:
    """The catalog skills each posting asks for (boilerplate and ``exclude`` left out)."""
    out: dict[int, set[str]] = {i: set() for i in ids}
    asked = _ASKED.format(ex=_marks(exclude))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = store.conn.execute(
            f"SELECT m.posting_id, m.skill FROM skill_mentions m "
            f"WHERE m.posting_id IN ({_marks([str(i) for i in chunk])}) AND {asked}",
            (*chunk, *exclude),
        )
        for pid, skill in rows:
            out[int(pid)].add(str(skill))
    return out


def source_role_skill_counts(
    store: Store, exclude: list[str]
) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str, str], int]]:
    """Demand by source, to rebuild it without some sources: ``(source, role) → extracted
    distinct postings`` and ``(source, role, skill) → postings asking for it`` (title
    mentions included, as in :func:`role_skill_counts`; ``exclude`` left out)."""
    n: dict[tuple[str, str], int] = {}
    for source, role, count in store.conn.execute(
        "SELECT source, role, count(*) FROM postings WHERE role IS NOT NULL "
        "AND duplicate_of IS NULL AND extract_version IS NOT NULL GROUP BY source, role"
    ):
        n[(str(source), str(role))] = int(count)
    counts: dict[tuple[str, str, str], int] = {}
    asked = _ASKED.format(ex=_marks(exclude))
    rows = store.conn.execute(
        f"SELECT source, role, skill, count(*) FROM (SELECT p.source AS source, p.role AS role, "
        f"m.skill AS skill FROM postings p JOIN skill_mentions m ON m.posting_id = p.id "
        f"WHERE p.role IS NOT NULL AND p.duplicate_of IS NULL AND p.extract_version IS NOT NULL "
        f"AND {asked} GROUP BY p.id, m.skill) AS asked GROUP BY source, role, skill",
        exclude,
    )
    for source, role, skill, count in rows:
        counts[(str(source), str(role), str(skill))] = int(count)
    return n, counts


def heldout_rows(
    store: Store, sources: list[str], exclude: list[str]
) -> list[tuple[str, str, str, str, set[str]]]:
    """``(posting key, source, role, description, skills asked outside the title)`` of the
    extracted, distinct postings of ``sources`` that have a role, in row order."""
    rows = store.conn.execute(
        f"SELECT p.id, {_KEY}, p.source, p.role, coalesce(p.description, '') FROM postings p "
        f"WHERE p.source IN ({_marks(sources)}) AND p.role IS NOT NULL "
        f"AND p.duplicate_of IS NULL AND p.extract_version IS NOT NULL ORDER BY p.id",
        sources,
    ).fetchall()
    ids = [int(r[0]) for r in rows]
    skills: dict[int, set[str]] = {i: set() for i in ids}
    asked = _ASKED.format(ex=_marks(exclude))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for pid, skill in store.conn.execute(
            f"SELECT m.posting_id, m.skill FROM skill_mentions m "
            f"WHERE m.posting_id IN ({_marks([str(i) for i in chunk])}) AND {asked} "
            f"AND m.section != 'title'",
            (*chunk, *exclude),
        ):
            skills[int(pid)].add(str(skill))
    return [(str(k), str(s), str(r), str(d), skills[int(i)]) for i, k, s, r, d in rows]


# -- skill pay premium (insights/premium.py) --------------------------------------------------
#: Which posted salaries a pay model reads: the employer's own figures, the board's
#: estimates (Glassdoor "est."), or both.
PAY_KINDS = ("stated", "estimate", "all")
_PAY_KIND_SQL = {
    "stated": "coalesce(p.salary_flags, '') NOT LIKE '%estimated%'",
    "estimate": "p.salary_flags LIKE '%estimated%'",
    "all": "1",
}


def premium_rows(
    store: Store,
    *,
    role: str | None = None,
    level: str | None = None,
    country: str | None = None,
    pay: str = "stated",
) -> list[tuple[str, str, str | None, str | None, bool, str | None, float, bool, str]]:
    """Extracted postings with a kept annual USD salary, each with the skills it asks for.

    One query: the same salaries as :func:`salary_rows` (not flagged ``implausible``, duplicates
    counted once), only postings whose text was extracted (a posting not yet read would look
    like one asking for nothing), and the catalog skills mentioned outside company boilerplate
    and benefits.

    Parameters
    ----------
    role, level, country:
        A role id, a level code and an ISO alpha-2 code (``None``: any); the country matches
        the posting's country or its remote scope, as the pay breakdown's filter does.
    pay:
        One of :data:`PAY_KINDS`.

    Returns
    -------
    list
        ``(key, role, level, country, remote, company, midpoint, estimated, skills)``, where
        ``country`` falls back to a two-letter remote scope, ``skills`` is a comma-separated
        list of skill ids (``""`` for none), newest posting first.

    Examples
    --------
    >>> with Store(":memory:").open() as s:
    ...     premium_rows(s, role="data-scientist")
    []
    """
    where = [
        "p.role IS NOT NULL",
        "p.duplicate_of IS NULL",
        "p.extract_version IS NOT NULL",
        f"({SALARY_KEPT})",
        _PAY_KIND_SQL[pay],
    ]
    params: list[Any] = []
    for column, value in (("role", role), ("level", level)):
        if value is not None:
            where.append(f"p.{column} = ?")
            params.append(value)
    if country is not None:
        where.append("(p.country = ? OR p.remote_scope = ?)")
        params.extend([country, country])
    rows = store.conn.execute(
        f"SELECT {_KEY}, p.role, p.level, "
        f"coalesce(p.country, CASE WHEN length(p.remote_scope) = 2 THEN p.remote_scope END), "
        f"(CASE WHEN p.workplace = 'remote' THEN 1 ELSE 0 END), p.company, p.salary_usd_min, "
        f"p.salary_usd_max, "
        f"p.salary_flags, (SELECT group_concat(DISTINCT m.skill) FROM skill_mentions m "
        f"WHERE m.posting_id = p.id AND m.skill IS NOT NULL "
        f"AND m.section NOT IN ('company', 'benefits')) "
        f"FROM postings p WHERE {' AND '.join(where)} "
        f"ORDER BY p.posted_at DESC NULLS LAST, p.id",
        params,
    )
    out = []
    for key, role_id, lv, where_country, remote, company, low, high, flags, skills in rows:
        low = high if low is None else low
        high = low if high is None else high
        out.append(
            (
                str(key),
                str(role_id),
                lv,
                where_country,
                bool(remote),
                company,
                (float(low) + float(high)) / 2,
                "estimated" in str(flags or ""),
                str(skills or ""),
            )
        )
    return out


# -- fit: résumé-independent parts, cached --------------------------------------------------
# fit_sums and fit_candidates depend on the résumé's skills, so their answers cannot be cached
# as they are. What they read of every skill mention does not: ``t`` of every posting and, per
# skill, the postings asking for it. Both are kept in the derived-figure cache (numpy arrays
# packed as base64 text), and the arrays of the last fits on a store are also kept in this
# process while the store's generation stays the same, so a fit counts ``c`` once.


@dataclass(frozen=True)
class _FitPostings:
    """Distinct postings with a role that ask for at least one counted skill, by row id."""

    token: str  # names these arrays (the per-skill positions below point into them)
    roles: list[str]  # sorted; ``role`` indexes it
    ids: np.ndarray  # int64, ascending
    role: np.ndarray  # int64
    t: np.ndarray  # int64: catalog skills asked (``exclude`` left out), at least 1
    extracted: np.ndarray  # bool: ``extract_version`` set (the postings fit_sums counts)
    boilerplate_only: dict[str, str]  # skill → packed positions mentioning it only there


_MEMO: weakref.WeakKeyDictionary[Store, dict[Any, Any]] = weakref.WeakKeyDictionary()
_MEMO_LOCK = threading.Lock()
#: Arrays kept per store in this process (one ``t`` set and the ``c`` of recent résumés).
_MEMO_SIZE = 6


def _memo(store: Store, key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept in this process while the store's generation does not move.

    The generation moves on every write to :data:`WATCHED_TABLES` once the triggers exist
    (with the first cached figure); without them nothing is kept, nor inside a transaction
    of this connection (a rollback takes the generation back, and later writes may reach the
    same number with other data). Values are read-only arrays or hold them.
    """
    conn = store.conn
    if conn.in_transaction:
        return compute()
    if len(catalog_triggers(conn, "insight_stale_")) < len(_TRIGGERS):
        return compute()
    generation = conn.execute("SELECT value FROM insight_generation WHERE id = 1").fetchone()[0]
    stamp = (id(conn), int(generation), _code_version())
    with _MEMO_LOCK:
        memo = _MEMO.setdefault(store, {})
        if memo.get("stamp") != stamp:
            memo.clear()
            memo["stamp"] = stamp
        if key in memo:
            return memo[key]
    value = compute()
    with _MEMO_LOCK:
        if memo.get("stamp") == stamp:
            while len(memo) > _MEMO_SIZE:
                del memo[next(k for k in memo if k != "stamp")]
            memo[key] = value
    return value


def _pack(values: Any, dtype: str) -> str:
    return base64.b64encode(np.asarray(values, dtype=dtype).tobytes()).decode("ascii")


def _unpack(text: str, dtype: str) -> np.ndarray:
    values = np.frombuffer(base64.b64decode(text), dtype=dtype).astype(np.int64)
    values.flags.writeable = False
    return values


def _fit_postings(store: Store, exclude: list[str]) -> _FitPostings:
    """``t`` of every distinct posting with a role: one read of every skill mention per
    store generation.

    The same read finds, per skill, the postings that mention it only in company
    boilerplate or benefits (rare), so the postings asking for a skill are the ``(skill,
    posting_id)`` index's postings of it less those, with no other lookup
    (:func:`_asked_positions`).
    """
    ex = sorted(set(exclude))
    key = f"fit_postings|{json.dumps(ex)}"

    def compute() -> dict[str, Any]:
        # Per posting "t|skills mentioned only in boilerplate" (unit-separated), one pass over
        # its mentions in the (posting_id, skill, section) index.
        rows = store.conn.execute(
            f"SELECT p.id, p.role, p.extract_version IS NOT NULL, ("
            f"SELECT sum(asked) || '|' || coalesce(group_concat(CASE WHEN asked = 0 "
            f"THEN skill END, char(31)), '') FROM (SELECT m.skill AS skill, "
            f"max(CASE WHEN m.section NOT IN ('company', 'benefits') THEN 1 ELSE 0 END) AS asked "
            f"FROM skill_mentions m "
            f"WHERE m.posting_id = p.id AND m.skill IS NOT NULL AND m.skill NOT IN "
            f"({_marks(ex)}) GROUP BY m.skill) AS per_skill) "
            f"FROM postings p WHERE p.role IS NOT NULL AND p.duplicate_of IS NULL",
            ex,
        ).fetchall()
        kept = []
        for pid, role, extracted, counts in rows:
            if counts is None:
                continue
            t, boiler = str(counts).split("|", 1)
            if int(t):
                kept.append((int(pid), str(role), int(extracted), int(t), boiler))
        kept.sort()
        roles = sorted({r[1] for r in kept})
        index = {r: i for i, r in enumerate(roles)}
        only: dict[str, list[int]] = {}
        for at, row in enumerate(kept):
            for skill in filter(None, row[4].split("\x1f")):
                only.setdefault(skill, []).append(at)
        ids = _pack([r[0] for r in kept], "<i8")
        boilerplate_only = {k: _pack(v, "<i4") for k, v in sorted(only.items())}
        # Names what the per-skill positions depend on: the ids and the boilerplate-only sets.
        token = hashlib.sha256(f"{key}|{ids}|{json.dumps(boilerplate_only)}".encode())
        return {
            "token": token.hexdigest()[:16],
            "roles": roles,
            "ids": ids,
            "role": _pack([index[r[1]] for r in kept], "<i4"),
            "t": _pack([r[3] for r in kept], "<i4"),
            "extracted": _pack([r[2] for r in kept], "u1"),
            "boilerplate_only": boilerplate_only,
        }

    def read() -> _FitPostings:
        value = cached(store, key, compute)
        return _FitPostings(
            token=str(value["token"]),
            roles=[str(r) for r in value["roles"]],
            ids=_unpack(value["ids"], "<i8"),
            role=_unpack(value["role"], "<i4"),
            t=_unpack(value["t"], "<i4"),
            extracted=_unpack(value["extracted"], "u1") == 1,
            boilerplate_only=dict(value["boilerplate_only"]),
        )

    result: _FitPostings = _memo(store, key, read)
    return result


def _asked_positions(store: Store, data: _FitPostings, skill: str) -> np.ndarray:
    """Positions in ``data.ids`` of the postings asking for ``skill`` outside company
    boilerplate and benefits: the ``(skill, posting_id)`` index's postings less
    ``data.boilerplate_only``; cached per store generation."""

    def compute() -> str:
        cursor = store.conn.cursor()
        cursor.row_factory = None  # plain tuples, flattened in C
        rows = cursor.execute(
            "SELECT DISTINCT posting_id FROM skill_mentions WHERE skill = ?", (skill,)
        )
        mentioned = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64)
        at = np.searchsorted(data.ids, mentioned)
        hit = at < len(data.ids)
        hit[hit] = data.ids[at[hit]] == mentioned[hit]
        only = data.boilerplate_only.get(skill)
        asked = at[hit] if only is None else np.setdiff1d(at[hit], _unpack(only, "<i4"))
        return _pack(asked, "<i4")

    # The token ties the positions to the arrays they index (same generation, same exclude).
    return _unpack(cached(store, f"fit_asked|{data.token}|{skill}", compute), "<i4")


def _covered(store: Store, data: _FitPostings, skills: list[str], exclude: list[str]) -> np.ndarray:
    """``c`` of each posting of ``data``: how many of ``skills`` (not ``exclude``) it asks."""
    wanted = sorted(set(skills) - set(exclude))

    def compute() -> np.ndarray:
        if not wanted or not len(data.ids):
            return np.zeros(len(data.ids), dtype=np.int64)
        at = np.concatenate([_asked_positions(store, data, s) for s in wanted])
        c = np.bincount(at, minlength=len(data.ids)).astype(np.int64)
        c.flags.writeable = False
        return c

    result: np.ndarray = _memo(store, ("fit_covered", data.token, tuple(wanted)), compute)
    return result


def span_rows(store: Store, role: str | None = None) -> Iterator[tuple[str, str, str, str]]:
    """``(posting key, description, stored spans, catalog mention offsets)`` of the distinct
    postings (of ``role``) extracted with the span tagger (``ingest`` by default: their
    ``extract_version`` ends in ``+spans``), newest first; ``spans`` is ``""`` for a posting
    where it found none. Offsets are ``"start-end"`` joined by spaces, of the counted catalog
    mentions in the description (not the title's, not boilerplate or benefits)."""
    where = "p.duplicate_of IS NULL AND p.extract_version LIKE '%+spans'" + (
        " AND p.role = ?" if role else ""
    )
    rows = store.conn.execute(
        f"SELECT {_KEY}, p.description, s.spans, (SELECT group_concat(m.start || '-' || "
        "m.\"end\", ' ') FROM skill_mentions m WHERE m.posting_id = p.id AND m.skill IS NOT "
        "NULL AND m.section NOT IN ('title', 'company', 'benefits')) "
        f"FROM postings p LEFT JOIN skill_spans s ON s.posting_id = p.id WHERE {where} "
        "ORDER BY p.posted_at DESC, p.id",
        (role,) if role else (),
    )
    for key, description, spans, mentions in rows:
        yield str(key), str(description or ""), str(spans or ""), str(mentions or "")
