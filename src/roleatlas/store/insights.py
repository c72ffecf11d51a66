"""Read-only queries behind role profiles and comparisons.

Functions take an open :class:`~roleatlas.store.Store` and return plain Python values; the
insights layer turns them into evidence. Postings are cited as ``"source:source_id"``.
Mentions in company boilerplate and benefits never count as a posting asking for a skill.
"""

from __future__ import annotations

from typing import Any

from roleatlas.records import DEGREE_LEVELS
from roleatlas.store.sqlite import Store

__all__ = [
    "degree_counts",
    "industry_counts",
    "posting_counts",
    "posting_months",
    "prior_skill_counts",
    "responsibility_rows",
    "role_skill_counts",
    "salary_rows",
    "skill_examples",
]

_KEY = "p.source || ':' || p.source_id"
_RANK = "CASE e.level " + " ".join(f"WHEN '{lv}' THEN {i}" for i, lv in enumerate(DEGREE_LEVELS))


def posting_counts(store: Store, role: str) -> tuple[int, int]:
    """``(postings, extracted)``: postings of ``role`` and how many of them were extracted."""
    row = store.conn.execute(
        "SELECT count(*), count(extract_version) FROM postings WHERE role = ?", (role,)
    ).fetchone()
    return int(row[0]), int(row[1])


def role_skill_counts(store: Store, role: str) -> list[tuple[str, int]]:
    """``(skill id, postings)`` of ``role``'s extracted postings, most frequent first.

    The same figures as :meth:`Store.skill_counts` for one role, read through the role index
    first (milliseconds rather than a scan of every mention).
    """
    rows = store.conn.execute(
        "SELECT m.skill, count(DISTINCT m.posting_id) AS c FROM postings p "
        "CROSS JOIN skill_mentions m ON m.posting_id = p.id WHERE p.role = ? "
        "AND p.extract_version IS NOT NULL AND m.skill IS NOT NULL "
        "AND m.section NOT IN ('company', 'benefits') GROUP BY m.skill ORDER BY c DESC, m.skill",
        (role,),
    )
    return [(str(s), int(c)) for s, c in rows]


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
    marks = ", ".join("?" for _ in skills)
    rows = store.conn.execute(
        f"SELECT skill, key FROM (SELECT d.skill, d.key, row_number() OVER "
        f"(PARTITION BY d.skill ORDER BY d.posted_at DESC NULLS LAST, d.id) AS k FROM "
        f"(SELECT DISTINCT m.skill, p.id, p.posted_at, {_KEY} AS key FROM postings p "
        f"CROSS JOIN skill_mentions m ON m.posting_id = p.id WHERE p.role = ? "
        f"AND m.skill IN ({marks}) "
        f"AND m.section NOT IN ('company', 'benefits')) d) WHERE k <= ?",
        (role, *skills, per_skill),
    )
    out: dict[str, list[str]] = {}
    for skill, key in rows:
        out.setdefault(str(skill), []).append(str(key))
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
        f"JOIN postings p ON p.id = e.posting_id WHERE p.role = ? "
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
        f"JOIN postings p ON p.id = r.posting_id WHERE p.role = ? "
        f"ORDER BY p.posted_at DESC NULLS LAST, p.id, r.rowid",
        (role,),
    )
    return [(str(k), str(s), None if v is None else str(v)) for k, s, v in rows]


def posting_months(store: Store, role: str) -> list[tuple[str, int]]:
    """``(YYYY-MM, postings)`` of ``role`` by month posted (postings with a date only)."""
    rows = store.conn.execute(
        "SELECT substr(posted_at, 1, 7) AS month, count(*) FROM postings "
        "WHERE role = ? AND posted_at IS NOT NULL AND length(posted_at) >= 7 "
        "GROUP BY month ORDER BY month",
        (role,),
    )
    return [(str(m), int(n)) for m, n in rows]


def industry_counts(
    store: Store, role: str, per_industry: int = 3
) -> tuple[int, list[tuple[str, int, list[str]]]]:
    """Company industries stated in postings of ``role`` (``extra`` ``industry`` or
    ``sector``).

    Returns
    -------
    (n, rows)
        ``n`` postings that state an industry, and ``(industry, postings, example keys)``
        rows, most frequent first.
    """
    rows = store.conn.execute(
        f"SELECT ind, count(*) AS c, group_concat(key, ' ') FROM ("
        f"SELECT coalesce(nullif(trim(json_extract(p.extra, '$.industry')), ''), "
        f"nullif(trim(json_extract(p.extra, '$.sector')), '')) AS ind, {_KEY} AS key "
        f"FROM postings p WHERE p.role = ? AND json_valid(p.extra)) "
        f"WHERE ind IS NOT NULL AND ind NOT IN ('-1', 'Unknown') GROUP BY ind "
        f"ORDER BY c DESC, ind",
        (role,),
    )
    out = [(str(i), int(c), str(k or "").split()[:per_industry]) for i, c, k in rows]
    return sum(c for _, c, _ in out), out


def salary_rows(store: Store, role: str) -> list[dict[str, Any]]:
    """Postings of ``role`` with an annual USD salary: ``key``, ``level``, ``low``,
    ``high``, ``mid`` (the midpoint of the stated range) and ``estimated`` (the board's
    estimate rather than the employer's figure)."""
    rows = store.conn.execute(
        f"SELECT {_KEY} AS key, p.level, p.salary_usd_min, p.salary_usd_max, "
        f"p.salary_flags FROM postings p WHERE p.role = ? AND "
        f"(p.salary_usd_min IS NOT NULL OR p.salary_usd_max IS NOT NULL) "
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
