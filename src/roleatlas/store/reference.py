"""SQL for the public reference data: replace a data set atomically, and query it.

Tables are created by migration 3 (:mod:`roleatlas.store.schema`). A pull replaces every
table a data set owns and its ``reference_datasets`` row in **one** transaction: a load
that fails half-way is rolled back and the previous version stays queryable.

Code conventions: O*NET functions take an O*NET-SOC 2019 code (``"15-2051.00"``; a
six-digit SOC ``"15-2051"`` means its ``.00`` occupation); OEWS and projections take a SOC
2018 code and use its first seven characters (``"15-2051.01"`` → ``"15-2051"``).
Functions return plain dicts and lists; a code with no data gives ``None`` or ``[]``.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from roleatlas.errors import InputError, StoreError
from roleatlas.store.postgres import catalog_columns, catalog_indexes
from roleatlas.store.sqlite import Store

__all__ = [
    "DatasetRecord",
    "INDUSTRY_LEVELS",
    "SURVEY_GROUPS",
    "esco_crosswalk",
    "esco_occupation",
    "loaded_version",
    "oews_industries",
    "oews_wages",
    "onet_alternate_titles",
    "onet_education",
    "onet_job_zone",
    "onet_occupation",
    "onet_tasks",
    "onet_technology_skills",
    "percentile",
    "projections",
    "reference_datasets",
    "replace_dataset",
    "survey_breakdown",
    "survey_rows",
    "survey_stats",
    "survey_title_counts",
]

#: Industry levels of ``oews_wages.industry_level`` (see ``reference/load_oews.py``).
INDUSTRY_LEVELS = ("sector", "naics3", "naics4", "naics5", "naics6", "ownership")
#: Survey columns :func:`survey_breakdown` can group by.
SURVEY_GROUPS = (
    "experience_level",
    "employment_type",
    "remote_ratio",
    "employee_residence",
    "company_location",
    "company_size",
    "work_year",
    "job_title",
)
_REFERENCE_TABLES = frozenset(
    {
        "onet_occupations",
        "onet_tasks",
        "onet_technology_skills",
        "onet_education",
        "onet_education_categories",
        "onet_job_zones",
        "onet_job_zone_reference",
        "onet_alternate_titles",
        "oews_wages",
        "oews_footnotes",
        "projections",
        "survey",
        "esco_occupations",
        "esco_onet_crosswalk",
    }
)
_ONET_RE = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")
_WAGES = ("mean", "pct10", "pct25", "median", "pct75", "pct90")
_MATCH_ORDER = {"exactMatch": 0, "closeMatch": 1, "narrowMatch": 2, "broadMatch": 3}


class TableRows(Protocol):
    """Rows for one table, as the reference loaders produce them."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


@dataclass(slots=True)
class DatasetRecord:
    """What is recorded about a loaded data set in ``reference_datasets``.

    ``url`` is the official URL(s) (space-separated) or the mirror folder it was read from;
    ``sha256`` is the checksum of the single file, or for several files the SHA-256 of their
    ``sha256sum``-style manifest (``"<hex>  <name>\\n"`` lines sorted by name); ``files``
    lists each file's name, size and checksum; ``seconds`` is the time spent before the
    write (download or read, and parse): the write's own time is added to it when stored.
    """

    name: str
    title: str
    version: str
    url: str
    sha256: str
    retrieved_at: str
    licence: str
    files: list[dict[str, Any]] = field(default_factory=list)
    seconds: float | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def replace_dataset(
    store: Store, record: DatasetRecord, tables: Sequence[TableRows], owned: Sequence[str]
) -> dict[str, int]:
    """Replace a data set's tables and its ``reference_datasets`` row in one transaction.

    Parameters
    ----------
    store:
        An open store.
    record:
        What to record about the data set.
    tables:
        The rows to insert; each table must be one of ``owned``.
    owned:
        Every table the data set owns: all are emptied, so a table the new version lacks
        does not keep rows of the old one.

    Returns
    -------
    dict
        Rows inserted per table.

    Raises
    ------
    StoreError
        When a table or column is unknown, or the write fails; nothing is changed then and
        the previously loaded version stays in place.
    """
    conn = store.conn
    for name in owned:
        if name not in _REFERENCE_TABLES:
            raise StoreError(f"{name!r} is not a reference table; cannot load {record.name!r}.")
    statements = []
    for table in tables:
        if table.name not in owned:
            raise StoreError(f"The {record.name!r} data set does not own the table {table.name!r}.")
        unknown = set(table.columns) - catalog_columns(conn, table.name)
        if unknown:
            raise StoreError(
                f"The table {table.name!r} has no column(s) {', '.join(sorted(unknown))}."
            )
        cols = ", ".join(table.columns)
        marks = ", ".join("?" for _ in table.columns)
        statements.append((f"INSERT INTO {table.name} ({cols}) VALUES ({marks})", table))
    counts = {name: 0 for name in owned}
    previous = loaded_version(store, record.name)
    started = time.perf_counter()
    try:
        conn.execute("BEGIN IMMEDIATE")
        # Filling a table and then building its indexes is about three times faster than
        # keeping the indexes up to date row by row (OEWS: 370k rows). DDL is transactional
        # in SQLite, so a rollback brings the indexes back too.
        indexes = [index for table in owned for index in catalog_indexes(conn, table)]
        for index, _sql in indexes:
            conn.execute(f'DROP INDEX "{index}"')
        for name in owned:
            conn.execute(f"DELETE FROM {name}")
        for sql, table in statements:
            conn.executemany(sql, table.rows)
            counts[table.name] += len(table.rows)
        for _index, sql in indexes:
            conn.execute(sql)
        seconds = (record.seconds or 0.0) + time.perf_counter() - started
        conn.execute(
            "INSERT OR REPLACE INTO reference_datasets (name, title, version, url, sha256, "
            "retrieved_at, loaded_at, rows, licence, files, tables, seconds) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.name,
                record.title,
                record.version,
                record.url,
                record.sha256,
                record.retrieved_at,
                _now(),
                sum(counts.values()),
                record.licence,
                json.dumps(record.files, sort_keys=True),
                json.dumps(counts, sort_keys=True),
                round(seconds, 2),
            ),
        )
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if not isinstance(exc, sqlite3.DatabaseError):
            raise
        kept = f"version {previous} is still loaded" if previous else "nothing was loaded"
        raise StoreError(
            f"Loading the {record.name!r} reference data into {str(store.path)!r} failed: "
            f"{exc}. Nothing was changed ({kept}). Rerun 'roleatlas data pull {record.name}'."
        ) from exc
    return counts


def reference_datasets(store: Store) -> list[dict[str, Any]]:
    """Every loaded data set's ``reference_datasets`` row, by name."""
    rows = store.conn.execute("SELECT * FROM reference_datasets ORDER BY name")
    out = []
    for row in rows:
        item = dict(row)
        item["files"] = json.loads(item["files"])
        item["tables"] = json.loads(item["tables"])
        out.append(item)
    return out


def loaded_version(store: Store, name: str) -> str | None:
    """The version of data set ``name`` in the store, or ``None`` when it is not loaded."""
    row = store.conn.execute(
        "SELECT version FROM reference_datasets WHERE name = ?", (name,)
    ).fetchone()
    return None if row is None else str(row[0])


# -- codes ---------------------------------------------------------------------------------
def _onet_code(soc: str) -> str:
    code = soc.strip()
    if not _ONET_RE.match(code):
        raise InputError(
            f"{soc!r} is not an O*NET-SOC code. Use the form '15-2051.00' (or '15-2051')."
        )
    return code if "." in code else f"{code}.00"


def _soc(soc: str) -> str:
    return _onet_code(soc)[:7]


# -- O*NET ---------------------------------------------------------------------------------
def onet_occupation(store: Store, soc: str) -> dict[str, Any] | None:
    """Title and description of an O*NET occupation (``None`` when unknown or not loaded).

    Examples
    --------
    >>> with Store(":memory:").open() as s:
    ...     onet_occupation(s, "15-2051.00") is None
    True
    """
    row = store.conn.execute(
        "SELECT soc, title, description FROM onet_occupations WHERE soc = ?", (_onet_code(soc),)
    ).fetchone()
    return dict(row) if row else None


def onet_tasks(store: Store, soc: str, limit: int | None = 10) -> list[dict[str, Any]]:
    """Task statements of an occupation, most important first.

    Order: importance from Task Ratings (when loaded), then core before supplemental tasks,
    then the share of incumbents who reported the task, then task id.
    """
    sql = (
        "SELECT task_id, task, task_type, incumbents_responding, importance, relevance "
        "FROM onet_tasks WHERE soc = ? ORDER BY importance DESC NULLS LAST, "
        "(task_type = 'Core') DESC, incumbents_responding DESC NULLS LAST, task_id"
    )
    params: list[Any] = [_onet_code(soc)]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(r) for r in store.conn.execute(sql, params)]


def onet_technology_skills(
    store: Store, soc: str, *, hot_only: bool = False
) -> list[dict[str, Any]]:
    """Technology examples of an occupation: hot technologies first, then in-demand ones.

    Each item has ``example``, ``commodity_code``, ``commodity_title``, ``hot_technology``
    and ``in_demand`` (booleans; ``None`` when the release has no such flag).
    """
    sql = (
        "SELECT example, commodity_code, commodity_title, hot_technology, in_demand "
        "FROM onet_technology_skills WHERE soc = ?"
    )
    if hot_only:
        sql += " AND hot_technology = 1"
    sql += " ORDER BY hot_technology DESC, in_demand DESC, commodity_title, example"
    out = []
    for r in store.conn.execute(sql, (_onet_code(soc),)):
        item = dict(r)
        for flag in ("hot_technology", "in_demand"):
            item[flag] = None if item[flag] is None else bool(item[flag])
        out.append(item)
    return out


def onet_education(store: Store, soc: str, scale: str = "RL") -> list[dict[str, Any]]:
    """Share of respondents per category of one Education, Training and Experience scale.

    Parameters
    ----------
    scale:
        ``RL`` required level of education (default), ``RW`` related work experience,
        ``PT`` on-site training or ``OJ`` on-the-job training.

    Returns
    -------
    list of dict
        ``category``, ``label`` (from the Categories file), ``share`` (percent), ``n``
        (respondents) and ``suppress`` (O*NET recommends suppressing the value), by category.
        Empty when O*NET has no such data for the occupation (many analyst-rated
        occupations, such as 15-2051.00, have none).
    """
    if scale not in ("RL", "RW", "PT", "OJ"):
        raise InputError(f"Unknown O*NET education scale {scale!r}. Use RL, RW, PT or OJ.")
    rows = store.conn.execute(
        "SELECT e.category, c.label, e.share, e.n, e.recommend_suppress AS suppress "
        "FROM onet_education e LEFT JOIN onet_education_categories c "
        "ON c.scale_id = e.scale_id AND c.category = e.category "
        "WHERE e.soc = ? AND e.scale_id = ? ORDER BY e.category",
        (_onet_code(soc), scale),
    )
    return [
        {**dict(r), "suppress": None if r["suppress"] is None else bool(r["suppress"])}
        for r in rows
    ]


def onet_job_zone(store: Store, soc: str) -> dict[str, Any] | None:
    """The job zone (1-5) of an occupation with the zone's name and descriptions."""
    row = store.conn.execute(
        "SELECT z.job_zone, r.name, r.experience, r.education, r.job_training, r.examples, "
        "r.svp_range FROM onet_job_zones z LEFT JOIN onet_job_zone_reference r "
        "ON r.job_zone = z.job_zone WHERE z.soc = ?",
        (_onet_code(soc),),
    ).fetchone()
    return dict(row) if row else None


def onet_alternate_titles(store: Store, soc: str, limit: int | None = None) -> list[str]:
    """Alternate titles of an occupation, in file order."""
    sql = "SELECT title FROM onet_alternate_titles WHERE soc = ? ORDER BY rowid"
    params: list[Any] = [_onet_code(soc)]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [str(r[0]) for r in store.conn.execute(sql, params)]


# -- OEWS ----------------------------------------------------------------------------------
def _area(store: Store, area: str) -> str | None:
    """The seven-digit area code for ``national``, a code or an area name."""
    text = area.strip()
    if text.lower() in ("national", "us", "u.s.", "united states"):
        return "0000000"
    if text.isdigit() and len(text) == 7:
        return text
    row = store.conn.execute(
        "SELECT area_code FROM oews_wages WHERE area_name = ? COLLATE NOCASE LIMIT 1", (text,)
    ).fetchone()
    return None if row is None else str(row[0])


def _top_codes(store: Store) -> tuple[float | None, float | None]:
    row = store.conn.execute("SELECT text FROM oews_footnotes WHERE code = '#'").fetchone()
    if row is None:
        return None, None
    hourly = re.search(r"\$([\d,.]+)\s+per hour", row[0])
    annual = re.search(r"\$([\d,.]+)\s+per year", row[0])
    return (
        float(hourly.group(1).replace(",", "")) if hourly else None,
        float(annual.group(1).replace(",", "")) if annual else None,
    )


def oews_wages(
    store: Store, soc: str, area: str = "national", industry: str = "000000"
) -> dict[str, Any] | None:
    """OEWS employment and wages of an occupation in one area (all industries by default).

    Parameters
    ----------
    soc:
        A SOC code (``"15-2051"``; an O*NET code's first seven characters are used).
    area:
        ``"national"``, a seven-digit BLS area code (``"0600000"``) or an area name as BLS
        writes it (``"California"``, ``"San Jose-Sunnyvale-Santa Clara, CA"``).
    industry:
        An industry code (default ``000000``, cross-industry).

    Returns
    -------
    dict or None
        The ``oews_wages`` columns (``tot_emp``, ``a_mean``, ``a_pct10`` … ``a_pct90``,
        ``h_*`` hourly), plus ``flags`` (cell → BLS marker: ``*`` wage not available,
        ``**`` employment not available, ``#`` top-coded), ``top_coded`` (the cells at or
        above the ceiling), ``top_code_hourly``/``top_code_annual`` (the ceiling, read from
        the footnotes) and ``notes`` (footnote texts of the row and its markers). A
        top-coded or missing value is ``None``. ``None`` when there is no such row.

    Raises
    ------
    InputError
        When ``area`` is not a known area.
    """
    code = _area(store, area)
    if code is None:
        raise InputError(
            f"Unknown OEWS area {area!r}. Use 'national', a seven-digit BLS area code, or an "
            "area name as BLS writes it (e.g. 'California' or 'Austin-Round Rock-San Marcos, "
            "TX')."
        )
    row = store.conn.execute(
        "SELECT * FROM oews_wages WHERE occ_code = ? AND area_code = ? AND industry_code = ?",
        (_soc(soc), code, industry),
    ).fetchone()
    if row is None:
        return None
    item = dict(row)
    flags: dict[str, str] = json.loads(item.pop("flags") or "{}")
    codes = [c for c in (item.pop("footnotes") or "").split(";") if c]
    notes_codes = codes + sorted(set(flags.values()))
    texts: dict[str, str] = {}
    if notes_codes:
        texts = dict(
            store.conn.execute(
                f"SELECT code, text FROM oews_footnotes WHERE code IN "
                f"({', '.join('?' for _ in notes_codes)})",
                notes_codes,
            ).fetchall()
        )
    hourly, annual = _top_codes(store)
    item.update(
        flags=flags,
        top_coded=sorted(k for k, v in flags.items() if v == "#"),
        top_code_hourly=hourly,
        top_code_annual=annual,
        footnote_codes=codes,
        notes=[texts[c] for c in notes_codes if c in texts],
    )
    return item


def oews_industries(
    store: Store, soc: str, limit: int | None = 10, level: str = "naics3"
) -> list[dict[str, Any]]:
    """Industries employing the most people in an occupation, nationally.

    Only rows of one nesting ``level`` are compared, so no industry is counted twice: the
    default ``naics3`` (three-digit NAICS subsectors, plus OEWS's ``999000`` government) or
    ``sector``, ``naics4`` … (see :data:`INDUSTRY_LEVELS`). Industries whose employment BLS
    did not release are left out.

    Returns
    -------
    list of dict
        ``industry_code``, ``industry_name``, ``tot_emp``, ``share`` (of the occupation's
        cross-industry employment), ``a_median``, ``a_mean`` and ``flags``, largest first.
    """
    if level not in INDUSTRY_LEVELS:
        raise InputError(
            f"Unknown industry level {level!r}. Use one of {', '.join(INDUSTRY_LEVELS)}."
        )
    code = _soc(soc)
    total_row = store.conn.execute(
        "SELECT tot_emp FROM oews_wages WHERE occ_code = ? AND area_code = '0000000' "
        "AND industry_code = '000000'",
        (code,),
    ).fetchone()
    total = total_row[0] if total_row else None
    sql = (
        "SELECT industry_code, industry_name, tot_emp, a_median, a_mean, flags "
        "FROM oews_wages WHERE occ_code = ? AND area_type = 'N' AND industry_level = ? "
        "AND tot_emp IS NOT NULL ORDER BY tot_emp DESC, industry_code"
    )
    params: list[Any] = [code, level]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    out = []
    for r in store.conn.execute(sql, params):
        item = dict(r)
        item["flags"] = json.loads(item["flags"] or "{}")
        item["share"] = item["tot_emp"] / total if total else None
        out.append(item)
    return out


# -- projections ---------------------------------------------------------------------------
def projections(store: Store, soc: str) -> dict[str, Any] | None:
    """The BLS employment projection of an occupation.

    Returns
    -------
    dict or None
        ``soc``, ``title``, ``example_titles`` (list), ``base_year``, ``target_year``,
        ``employment_base`` and ``employment_target`` (persons), ``change`` (persons),
        ``change_pct``, ``openings_annual`` (persons a year, average), ``median_wage``
        (dollars a year, base year), ``median_wage_top_coded`` (the wage is at least this),
        ``education``, ``work_experience`` and ``ojt`` (typical entry requirements).
    """
    row = store.conn.execute("SELECT * FROM projections WHERE soc = ?", (_soc(soc),)).fetchone()
    if row is None:
        return None

    def persons(thousands: float | None) -> int | None:
        return None if thousands is None else round(thousands * 1000)

    return {
        "soc": row["soc"],
        "title": row["title"],
        "example_titles": (row["example_titles"] or "").split("\n")
        if row["example_titles"]
        else [],
        "base_year": row["base_year"],
        "target_year": row["target_year"],
        "employment_base": persons(row["emp_base"]),
        "employment_target": persons(row["emp_target"]),
        "change": persons(row["change_num"]),
        "change_pct": row["change_pct"],
        "openings_annual": persons(row["openings"]),
        "median_wage": row["median_wage"],
        "median_wage_top_coded": bool(row["median_wage_top_coded"]),
        "education": row["education"],
        "work_experience": row["work_experience"],
        "ojt": row["ojt"],
    }


# -- aijobs survey -------------------------------------------------------------------------
def _many(value: Any) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, str | int):
        return [value]
    return list(value)


def _survey_where(
    titles: Sequence[str] | None,
    level: str | Sequence[str] | None,
    country: str | None,
    remote: int | None,
    year: int | Sequence[int] | None,
) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    filters: Iterable[tuple[str, list[Any] | None]] = (
        ("job_title", None if titles is None else list(titles)),
        ("experience_level", _many(level)),
        ("work_year", _many(year)),
    )
    for column, values in filters:
        if values is None:
            continue
        if not values:
            where.append("0")
            continue
        where.append(f"{column} IN ({', '.join('?' for _ in values)})")
        params.extend(values)
    if country is not None:
        where.append("employee_residence = ?")
        params.append(country.strip().upper())
    if remote is not None:
        if remote not in (0, 50, 100) or isinstance(remote, bool):
            raise InputError(
                f"The survey's remote ratio must be 0, 50 or 100. Got {remote!r} instead."
            )
        where.append("remote_ratio = ?")
        params.append(remote)
    return (" WHERE " + " AND ".join(where)) if where else "", params


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) of sorted ``values``, interpolating linearly between
    the closest ranks (numpy's default, Excel's PERCENTILE.INC); ``None`` when empty.

    Examples
    --------
    >>> percentile([10, 20, 30, 40], 50), percentile([10, 20, 30, 40], 25), percentile([], 50)
    (25.0, 17.5, None)
    """
    if not values:
        return None
    pos = (len(values) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(values) - 1)
    return float(values[lo] + (values[hi] - values[lo]) * (pos - lo))


def _stats(values: Sequence[float]) -> dict[str, Any]:
    n = len(values)
    return {
        "n": n,
        "p25": percentile(values, 25),
        "p50": percentile(values, 50),
        "p75": percentile(values, 75),
        "min": float(values[0]) if n else None,
        "max": float(values[-1]) if n else None,
        "mean": sum(values) / n if n else None,
    }


def survey_rows(
    store: Store,
    titles: Sequence[str] | None,
    *,
    level: str | Sequence[str] | None = None,
    country: str | None = None,
    remote: int | None = None,
    year: int | Sequence[int] | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Survey answers for exact ``job_title`` strings (``None``: every title), filtered.

    Parameters
    ----------
    titles:
        Exact survey titles (a catalog role's ``aijobs_titles``).
    level:
        Experience level code(s): ``EN``, ``MI``, ``SE``, ``EX``.
    country:
        ISO 3166-1 alpha-2 code of the **employee's residence**.
    remote:
        Remote ratio: 0 (on site), 50 (hybrid) or 100 (remote).
    year:
        Work year(s).
    """
    where, params = _survey_where(titles, level, country, remote, year)
    sql = f"SELECT * FROM survey{where} ORDER BY salary_in_usd, rowid"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(r) for r in store.conn.execute(sql, params)]


def survey_stats(
    store: Store,
    titles: Sequence[str] | None,
    *,
    level: str | Sequence[str] | None = None,
    country: str | None = None,
    remote: int | None = None,
    year: int | Sequence[int] | None = None,
) -> dict[str, Any]:
    """``n``, ``p25``/``p50``/``p75``, ``min``, ``max`` and ``mean`` of ``salary_in_usd``
    over the matching answers (filters as in :func:`survey_rows`; percentiles as in
    :func:`percentile`; ``None`` statistics when ``n`` is 0)."""
    where, params = _survey_where(titles, level, country, remote, year)
    cond = where + (" AND " if where else " WHERE ") + "salary_in_usd IS NOT NULL"
    values = [
        float(r[0])
        for r in store.conn.execute(
            f"SELECT salary_in_usd FROM survey{cond} ORDER BY salary_in_usd", params
        )
    ]
    return _stats(values)


def survey_breakdown(
    store: Store,
    titles: Sequence[str] | None,
    by: str,
    *,
    level: str | Sequence[str] | None = None,
    country: str | None = None,
    remote: int | None = None,
    year: int | Sequence[int] | None = None,
) -> list[dict[str, Any]]:
    """:func:`survey_stats` per value of one survey column (``by``, one of
    :data:`SURVEY_GROUPS`), largest group first; each item has the value under ``by``."""
    if by not in SURVEY_GROUPS:
        raise InputError(
            f"Cannot group the survey by {by!r}. Use one of {', '.join(SURVEY_GROUPS)}."
        )
    where, params = _survey_where(titles, level, country, remote, year)
    cond = where + (" AND " if where else " WHERE ") + "salary_in_usd IS NOT NULL"
    groups: dict[Any, list[float]] = {}
    for key, value in store.conn.execute(
        f"SELECT {by}, salary_in_usd FROM survey{cond} ORDER BY salary_in_usd", params
    ):
        groups.setdefault(key, []).append(float(value))
    out = [{by: key, **_stats(values)} for key, values in groups.items()]
    out.sort(key=lambda item: (-item["n"], str(item[by])))
    return out


def survey_title_counts(store: Store) -> list[tuple[str, int]]:
    """Every survey ``job_title`` with its number of answers, most frequent first."""
    rows = store.conn.execute(
        "SELECT job_title, count(*) AS n FROM survey GROUP BY job_title ORDER BY n DESC, job_title"
    )
    return [(str(t), int(n)) for t, n in rows]


# -- ESCO ----------------------------------------------------------------------------------
def esco_occupation(store: Store, key: str) -> dict[str, Any] | None:
    """An ESCO occupation by code (``"2511.4"``) or URI, with ``alt_labels`` as a list."""
    column = "uri" if key.startswith("http") else "code"
    row = store.conn.execute(
        f"SELECT uri, code, isco_group, label, alt_labels, description FROM esco_occupations "
        f"WHERE {column} = ?",
        (key.strip(),),
    ).fetchone()
    if row is None:
        return None
    item = dict(row)
    item["alt_labels"] = (item["alt_labels"] or "").split("\n") if item["alt_labels"] else []
    return item


def esco_crosswalk(store: Store, soc: str) -> list[dict[str, Any]]:
    """ESCO occupations the official crosswalk links to an O*NET occupation.

    Returns
    -------
    list of dict
        ``esco_uri``, ``esco_title``, ``match_type`` (exactMatch, closeMatch, narrowMatch,
        broadMatch; exactISCO for an ISCO group) and ``esco_code`` (``None`` when the ESCO
        occupations are not loaded or the URI is an ISCO group), strongest match first.
    """
    rows = store.conn.execute(
        "SELECT x.esco_uri, x.esco_title, x.match_type, o.code AS esco_code "
        "FROM esco_onet_crosswalk x LEFT JOIN esco_occupations o ON o.uri = x.esco_uri "
        "WHERE x.onet_soc = ? ORDER BY x.rowid",
        (_onet_code(soc),),
    )
    out = [dict(r) for r in rows]
    out.sort(key=lambda item: _MATCH_ORDER.get(item["match_type"], 9))
    return out
