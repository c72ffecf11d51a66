"""The derived-figure cache of store/insights.py and the queries it serves."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from roleatlas.insights.compare import compare_roles
from roleatlas.insights.profile import role_profile
from roleatlas.records import Extraction, Responsibility, SkillMention
from roleatlas.store import Store
from roleatlas.store import insights as q
from tests.test_insights_profile import MLRE, MLS, build_demo_store, demo_postings


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return {"calls": self.calls}


def test_cached_value_is_reused_until_a_write(store: Store) -> None:
    compute = Counter()
    assert q.cached(store, "k", compute) == {"calls": 1}
    assert q.cached(store, "k", compute) == {"calls": 1}
    assert compute.calls == 1
    store.write_batch(demo_postings()[:1], [], [], norm_version=1, extract_version="t")
    assert q.cached(store, "k", compute) == {"calls": 2}
    assert q.cached(store, "other", compute) == {"calls": 3}


def test_cached_returns_the_json_shape_on_a_miss_too(store: Store) -> None:
    assert q.cached(store, "pairs", lambda: [("a", 1)]) == [["a", 1]]
    assert q.cached(store, "pairs", lambda: "not called") == [["a", 1]]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE postings SET level = 'EX'",
        "DELETE FROM postings",
        "UPDATE skill_mentions SET section = 'company'",
        "DELETE FROM skill_mentions",
        "INSERT INTO responsibilities VALUES (1, 'x', 'Ship it', 'ship', 'duties')",
        "DELETE FROM education_requirements",
        "INSERT INTO reference_datasets (name, title, version, url, sha256, retrieved_at, "
        "loaded_at, rows, licence) VALUES ('x', 'x', '1', 'u', 's', 'r', 'l', 0, 'cc0')",
    ],
)
def test_every_watched_table_makes_the_cache_stale(store: Store, sql: str) -> None:
    store.write_batch(demo_postings()[:2], [], [], norm_version=1, extract_version="t")
    compute = Counter()
    q.cached(store, "k", compute)
    store.conn.execute(sql)
    q.cached(store, "k", compute)
    assert compute.calls == 2


def test_changed_code_is_a_miss(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    compute = Counter()
    q.cached(store, "k", compute)
    monkeypatch.setattr(q, "_code_version", lambda: "other-code")
    q.cached(store, "k", compute)
    assert compute.calls == 2


def test_busy_database_still_returns_the_value(tmp_path: Path) -> None:
    path = tmp_path / "roleatlas.db"
    with Store(path).open() as store:
        store.conn.execute("PRAGMA busy_timeout = 0")
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            assert q.cached(store, "k", lambda: [1]) == [1]
            assert q.cached(store, "k", lambda: [2]) == [2]  # nothing was stored
        finally:
            other.execute("ROLLBACK")
            other.close()


def test_cached_profile_equals_a_fresh_one(tmp_path_factory: pytest.TempPathFactory) -> None:
    with Store(build_demo_store(tmp_path_factory)).open() as store:
        q.clear_cache(store)
        fresh = compare_roles(store, [MLS, MLRE, "data-scientist"])
        cached = compare_roles(store, [MLS, MLRE, "data-scientist"])
        assert cached == fresh
        assert role_profile(store, MLS) == fresh.profiles[0]


def test_new_postings_show_up_in_a_cached_profile(store: Store) -> None:
    postings = demo_postings()
    store.write_batch(postings[:24], [], [], norm_version=1, extract_version="t")
    assert role_profile(store, MLS).n_postings == 24
    extra = replace(
        postings[0],
        source_id="mls-extra",
        extraction=Extraction(
            skills=[SkillMention("rust", "rust", 0, 4, section="requirements")],
            responsibilities=[Responsibility("Ship models", "Ship models", "ship")],
        ),
    )
    store.write_batch([extra], [], [], norm_version=1, extract_version="t")
    profile = role_profile(store, MLS)
    assert profile.n_postings == 25 and profile.skill_counts.get("rust") == 1


def test_role_skill_counts_count_postings_not_mentions(store: Store) -> None:
    posting = replace(
        demo_postings()[0],
        extraction=Extraction(
            skills=[
                SkillMention("python", "python", 0, 6, section="requirements"),
                SkillMention("python", "Python", 10, 16, section="duties"),
                SkillMention("sql", "SQL", 20, 23, section="company"),
            ]
        ),
    )
    store.write_batch([posting], [], [], norm_version=1, extract_version="t")
    assert q.role_skill_counts(store, MLS) == [("python", 1)]
    assert q.skill_examples(store, MLS, ["python", "sql"]) == {"python": ["test:mls-0"]}


def test_industry_counts_newest_examples_first(store: Store) -> None:
    postings = [
        replace(p, posted_at=f"2025-0{i + 1}-01", extra={"industry": "Biotech"})
        for i, p in enumerate(demo_postings()[:5])
    ]
    postings.append(replace(demo_postings()[5], extra={"sector": " Finance "}))
    postings.append(replace(demo_postings()[6], extra={"industry": "-1"}))
    store.write_batch(postings, [], [], norm_version=1, extract_version="t")
    n, rows = q.industry_counts(store, MLS)
    assert n == 6
    assert rows == [
        ("Biotech", 5, ["test:mls-4", "test:mls-3", "test:mls-2"]),
        ("Finance", 1, ["test:mls-5"]),
    ]


def test_code_hash_covers_every_module_a_profile_uses() -> None:
    script = (
        "import sys, roleatlas.insights.compare, roleatlas.insights.profile\n"
        "print('\\n'.join(m.__file__ for n, m in list(sys.modules.items())"
        " if n.startswith('roleatlas') and getattr(m, '__file__', None)))"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    covered = {p.resolve() for p in q.code_files()}
    assert found and {Path(f).resolve() for f in found} <= covered
    assert any(p.name == "roles.toml" for p in covered)


def test_posting_months_use_first_seen_only_for_collected_postings(store: Store) -> None:
    dated = replace(demo_postings()[0], source_id="dated", posted_at="2025-03-04")
    from_file = replace(demo_postings()[1], source_id="file", posted_at=None)
    collected = replace(demo_postings()[2], source_id="live", posted_at=None)
    store.write_batch([dated, from_file], [], [], norm_version=1, extract_version="t")
    store.write_batch([collected], [], [], norm_version=1, extract_version="t", live=True)
    first_seen = store.conn.execute(
        "SELECT substr(first_seen, 1, 7) FROM postings WHERE source_id = 'live'"
    ).fetchone()[0]
    # the undated row from a file has no opening month; the collected one opened when seen
    assert q.posting_months(store, MLS) == sorted([("2025-03", 1), (first_seen, 1)])


def test_survey_answers_filters_by_level_and_residence_in_the_query() -> None:
    rows = [
        ("Data Scientist", "SE", "US", 150000.0),
        ("Data Scientist", "SE", "GB", 90000.0),
        ("Data Scientist", "MI", "US", 120000.0),
        ("Data Analyst", "SE", "US", 100000.0),
        ("Data Scientist", "SE", "US", None),
        ("Data Scientist", "SE", "US", 130000.0),
    ]
    with Store(":memory:").open() as s:
        s.conn.executemany(
            "INSERT INTO survey (job_title, experience_level, employee_residence, salary_in_usd) "
            "VALUES (?, ?, ?, ?)",
            rows,
        )
        every = q.survey_answers(s, ["Data Scientist"])
        picked = q.survey_answers(s, ["Data Scientist"], level="SE", residence="US")
        assert [a[4] for a in every] == [90000.0, 120000.0, 130000.0, 150000.0]
        assert picked == [a for a in every if a[0] == "SE" and a[2] == "US"]
        assert [a[4] for a in picked] == [130000.0, 150000.0]
        assert q.survey_answers(s, ["Data Scientist"], level="EX") == []
