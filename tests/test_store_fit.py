"""The fit queries of store/insights.py against straightforward SQL over a random store.

:func:`~roleatlas.store.insights.fit_sums` and :func:`~roleatlas.store.insights.fit_candidates`
read cached per-posting skill counts; the references below are the one-pass queries they
replaced, so every figure must match exactly, before and after writes to the store.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from roleatlas.store import Store
from roleatlas.store import insights as q

SKILLS = [*(f"s{i:02d}" for i in range(29)), "s,29|x"]  # separators in an id too
ROLES = ["data-engineer", "data-scientist", "ml-engineer", "nlp-engineer"]
SECTIONS = ["requirements", "requirements", "duties", "title", "company", "benefits"]
ASKED = "m.skill IS NOT NULL AND m.section NOT IN ('company', 'benefits') AND m.skill NOT IN ({ex})"


def _marks(values: list[Any]) -> str:
    return ", ".join("?" for _ in values) or "NULL"


def reference_sums(
    store: Store, skills: list[str], exclude: list[str]
) -> dict[str, tuple[int, int, int, int, int]]:
    asked = ASKED.format(ex=_marks(exclude))
    rows = store.conn.execute(
        f"SELECT role, sum(t), sum(c), sum(t * t), sum(c * c), sum(c * t) FROM ("
        f"SELECT p.role AS role, count(DISTINCT m.skill) AS t, "
        f"count(DISTINCT CASE WHEN m.skill IN ({_marks(skills)}) THEN m.skill END) AS c "
        f"FROM postings p JOIN skill_mentions m ON m.posting_id = p.id "
        f"WHERE p.role IS NOT NULL AND p.duplicate_of IS NULL "
        f"AND p.extract_version IS NOT NULL AND {asked} GROUP BY p.id) GROUP BY role",
        (*skills, *exclude),
    )
    return {str(r): (int(a), int(b), int(c), int(d), int(e)) for r, a, b, c, d, e in rows}


def reference_candidates(
    store: Store,
    role: str,
    skills: list[str],
    exclude: list[str],
    *,
    country: str | None = None,
    remote: bool | None = None,
    limit: int = 200,
) -> list[int]:
    if not skills:
        return []
    where = ["p.role = ?", "p.duplicate_of IS NULL", "p.closed_at IS NULL"]
    params: list[Any] = [role]
    if remote is True:
        where.append("p.workplace = 'remote'")
    elif remote is False:
        where.append("(p.workplace IS NULL OR p.workplace != 'remote')")
    if country is not None:
        where.append("(p.country = ? OR p.remote_scope = ?)")
        params += [country, country]
    asked = ASKED.format(ex=_marks(exclude))
    rows = store.conn.execute(
        f"SELECT p.id, count(DISTINCT m.skill) AS t, "
        f"count(DISTINCT CASE WHEN m.skill IN ({_marks(skills)}) THEN m.skill END) AS c "
        f"FROM postings p JOIN skill_mentions m ON m.posting_id = p.id "
        f"WHERE {' AND '.join(where)} AND {asked} GROUP BY p.id HAVING c > 0 "
        f"ORDER BY c DESC, CAST(c AS REAL) / t DESC, p.posted_at DESC NULLS LAST, p.id LIMIT ?",
        (*skills, *params, *exclude, limit),
    )
    return [int(i) for i, _, _ in rows]


def _fill(store: Store, rng: random.Random, n: int) -> None:
    """``n`` postings with every case the queries tell apart: no role, duplicates, not
    extracted, closed, remote or not, undated or sharing a date, skills mentioned only in
    boilerplate, twice, or not linked to the catalog."""
    postings, mentions = [], []
    for i in range(1, n + 1):
        postings.append(
            (
                i,
                "test",
                f"p{i}",
                f"h{i}",
                1,
                rng.choice([*ROLES, *ROLES, None]),
                None if rng.random() < 0.1 else f"2025-0{rng.randint(1, 3)}-0{rng.randint(1, 2)}",
                rng.choice(["US", "US", "GB", None]),
                rng.choice(["remote", "onsite", "hybrid", None]),
                rng.choice([None, None, "US", "EU"]),
                None if rng.random() < 0.15 else "v1",
                "2025-04-01" if rng.random() < 0.1 else None,
                rng.randint(1, i - 1) if i > 1 and rng.random() < 0.1 else None,
            )
        )
        for _ in range(rng.randint(0, 12)):
            skill = None if rng.random() < 0.05 else rng.choice(SKILLS)
            mentions.append((i, skill, "x", 0, 1, "dictionary", rng.choice(SECTIONS), None, 1.0))
    conn = store.conn
    conn.executemany(
        "INSERT INTO postings (id, source, source_id, content_hash, norm_version, role, "
        "posted_at, country, workplace, remote_scope, extract_version, closed_at, "
        "duplicate_of, first_seen, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2025-01-01', '2025-01-01')",
        postings,
    )
    conn.executemany("INSERT INTO skill_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", mentions)


@pytest.fixture
def random_store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "roleatlas.db").open() as store:
        _fill(store, random.Random(7), 1500)
        yield store


def _check(store: Store, rng: random.Random, rounds: int) -> None:
    for _ in range(rounds):
        skills = sorted(rng.sample(SKILLS, rng.randint(0, 12)))
        # Callers always leave out the soft skills; an empty list matches nothing (NOT IN (NULL)).
        exclude = sorted(rng.sample([*SKILLS, "soft"], rng.choice([0, 1, 1, 2, 3])))
        assert q.fit_sums(store, skills, exclude) == reference_sums(store, skills, exclude)
        for role in [*ROLES, "unknown-role"]:
            kwargs: dict[str, Any] = {
                "country": rng.choice([None, "US", "EU"]),
                "remote": rng.choice([None, True, False]),
                "limit": rng.choice([1, 7, 200, 600]),
            }
            got = q.fit_candidates(store, role, skills, exclude, **kwargs)
            assert got == reference_candidates(store, role, skills, exclude, **kwargs)


def test_fit_queries_match_the_one_pass_sql(random_store: Store) -> None:
    _check(random_store, random.Random(11), 25)


def test_candidates_read_in_small_batches_match(
    random_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(q, "_BATCH", 3)
    _check(random_store, random.Random(12), 8)


def test_the_random_store_has_every_case(random_store: Store) -> None:
    sums = q.fit_sums(random_store, SKILLS[:10], SKILLS[10:12])
    assert sorted(sums) == ROLES and all(s[1] for s in sums.values())
    got = q.fit_candidates(random_store, ROLES[0], SKILLS[:10], ["soft"], limit=600)
    assert 100 < len(got) < 600  # more than one run of ties, fewer than the limit


def test_fit_queries_follow_writes(random_store: Store) -> None:
    rng = random.Random(13)
    _check(random_store, rng, 3)  # fills the cache
    conn = random_store.conn
    conn.execute("UPDATE skill_mentions SET section = 'company' WHERE rowid % 7 = 0")
    conn.execute("UPDATE postings SET duplicate_of = 1 WHERE id % 11 = 0")
    conn.execute("UPDATE postings SET role = 'nlp-engineer' WHERE id % 13 = 0")
    conn.execute("DELETE FROM skill_mentions WHERE rowid % 17 = 0")
    _check(random_store, rng, 5)


def test_fit_queries_on_an_empty_store(store: Store) -> None:
    assert q.fit_sums(store, ["s01"], []) == {}
    assert q.fit_candidates(store, ROLES[0], ["s01"], []) == []
    assert q.fit_candidates(store, ROLES[0], [], []) == []


def test_candidates_without_resume_skills_are_none(random_store: Store) -> None:
    assert q.fit_candidates(random_store, ROLES[0], [], ["soft"]) == []
    assert reference_candidates(random_store, ROLES[0], [], ["soft"]) == []


def test_fit_queries_inside_a_transaction_and_after_a_rollback(random_store: Store) -> None:
    rng = random.Random(17)
    _check(random_store, rng, 2)  # fills the cache and the process's arrays
    conn = random_store.conn
    conn.execute("BEGIN")
    conn.execute("UPDATE skill_mentions SET section = 'benefits' WHERE rowid % 3 = 0")
    _check(random_store, rng, 3)
    conn.execute("ROLLBACK")
    _check(random_store, rng, 3)
    conn.execute("BEGIN")
    conn.execute("UPDATE skill_mentions SET section = 'duties' WHERE rowid % 3 = 1")
    _check(random_store, rng, 3)
    conn.execute("COMMIT")
    _check(random_store, rng, 3)
