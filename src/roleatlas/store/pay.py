"""Read-only queries behind the pay breakdown (role × level × country × remote) and the
catalog listing's posting counts.

Functions take an open :class:`~roleatlas.store.Store` and return plain Python values;
:mod:`roleatlas.insights.pay` turns them into percentiles.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from roleatlas.store.insights import SALARY_KEPT
from roleatlas.store.sqlite import Store

__all__ = ["implausible_pay_count", "pay_rows", "role_posting_counts"]

# A remote posting without a country but with a country as its remote scope ("US") counts
# under that country, as the job search's country filter does.
_COUNTRY = "coalesce(p.country, CASE WHEN length(p.remote_scope) = 2 THEN p.remote_scope END)"


def pay_rows(
    store: Store,
    *,
    role: str | None = None,
    level: str | None = None,
    country: str | None = None,
    remote: bool | None = None,
) -> Iterator[dict[str, Any]]:
    """Postings with an annual USD salary, filtered, ordered by their cell.

    Parameters
    ----------
    role, level:
        A catalog role id and a level code (``None``: any).
    country:
        ISO alpha-2 code; matches the posting's country or its remote scope.
    remote:
        ``True``: remote postings only; ``False``: on-site, hybrid or unknown only.

    Yields
    ------
    dict
        ``role``, ``level``, ``country``, ``remote`` (bool), ``mid`` (the midpoint of the
        stated annual USD range), ``estimated`` (the board's estimate), ``key``
        (``"source:source_id"``) and ``posted_at``, ordered by ``(role, level, country, remote)``.

    Examples
    --------
    >>> with Store(":memory:").open() as s:
    ...     list(pay_rows(s, role="data-scientist"))
    []
    """
    where, params = _filters(SALARY_KEPT, role, level, country, remote)
    rows = store.conn.execute(
        f"SELECT p.role, p.level, {_COUNTRY} AS country, "
        f"(CASE WHEN p.workplace = 'remote' THEN 1 ELSE 0 END) AS remote, p.salary_usd_min, "
        f"p.salary_usd_max, "
        f"p.salary_flags, p.source || ':' || p.source_id AS key, p.posted_at FROM postings p "
        f"WHERE {' AND '.join(where)} "
        f"ORDER BY p.role, p.level NULLS LAST, country NULLS LAST, remote, "
        f"p.posted_at DESC NULLS LAST, p.id",
        params,
    )
    for role_id, lv, where_country, is_remote, low, high, flags, key, posted in rows:
        low = high if low is None else low
        high = low if high is None else high
        yield {
            "role": str(role_id),
            "level": lv,
            "country": where_country,
            "remote": bool(is_remote),
            "mid": (float(low) + float(high)) / 2,
            "estimated": "estimated" in str(flags or ""),
            "key": str(key),
            "posted_at": posted,
        }


def implausible_pay_count(
    store: Store,
    *,
    role: str | None = None,
    level: str | None = None,
    country: str | None = None,
    remote: bool | None = None,
) -> int:
    """Postings under the same filters as :func:`pay_rows` whose salary is flagged
    ``implausible``: kept on the posting, left out of the pay figures.

    Examples
    --------
    >>> with Store(":memory:").open() as s:
    ...     implausible_pay_count(s, role="data-scientist")
    0
    """
    where, params = _filters("p.salary_flags LIKE '%implausible%'", role, level, country, remote)
    row = store.conn.execute(
        f"SELECT count(*) FROM postings p WHERE {' AND '.join(where)}", params
    ).fetchone()
    return int(row[0])


def _filters(
    salary: str, role: str | None, level: str | None, country: str | None, remote: bool | None
) -> tuple[list[str], list[Any]]:
    where = ["p.role IS NOT NULL", "p.duplicate_of IS NULL", f"({salary})"]
    params: list[Any] = []
    if role is not None:
        where.append("p.role = ?")
        params.append(role)
    if level is not None:
        where.append("p.level = ?")
        params.append(level)
    if country is not None:
        where.append("(p.country = ? OR p.remote_scope = ?)")
        params.extend([country, country])
    if remote is True:
        where.append("p.workplace = 'remote'")
    elif remote is False:
        where.append("(p.workplace IS NULL OR p.workplace != 'remote')")
    return where, params


def role_posting_counts(store: Store) -> dict[str, int]:
    """Stored postings per role id (postings without a role are left out).

    Read from the ``(role, level)`` index, without touching the posting rows.

    Examples
    --------
    >>> with Store(":memory:").open() as s:
    ...     role_posting_counts(s)
    {}
    """
    rows = store.conn.execute(
        "SELECT role, count(*) FROM postings WHERE role IS NOT NULL AND duplicate_of IS NULL "
        "GROUP BY role"
    )
    return {str(role): int(n) for role, n in rows}
