"""Schema migrations for the SQLite store.

Each entry of :data:`MIGRATIONS` moves the schema one version up; the version lives in
``PRAGMA user_version``. Migrations are append-only: never edit one that has shipped.
"""

from __future__ import annotations

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]

MIGRATIONS: tuple[str, ...] = (
    # 1: postings, rejects and ingest runs
    """
    CREATE TABLE postings (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        source_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        norm_version INTEGER NOT NULL,
        title TEXT,
        company TEXT,
        description TEXT,
        url TEXT,
        posted_at TEXT,
        role TEXT,
        role_name TEXT,
        level TEXT,
        seniority_rank TEXT,
        employment_type TEXT,
        location_raw TEXT,
        city TEXT,
        region TEXT,
        country TEXT,
        workplace TEXT,
        remote_scope TEXT,
        salary_raw TEXT,
        salary_min REAL,
        salary_max REAL,
        salary_currency TEXT,
        salary_period TEXT,
        salary_annual_min REAL,
        salary_annual_max REAL,
        salary_usd_min REAL,
        salary_usd_max REAL,
        salary_flags TEXT,
        salary_reason TEXT,
        salary_json TEXT,
        location_json TEXT,
        provenance TEXT NOT NULL DEFAULT '{}',
        extra TEXT NOT NULL DEFAULT '{}',
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (source, source_id)
    );
    CREATE INDEX postings_role_level ON postings (role, level);
    CREATE INDEX postings_country ON postings (country);
    CREATE INDEX postings_salary_usd ON postings (salary_usd_max);

    CREATE TABLE rejects (
        id INTEGER PRIMARY KEY,
        origin TEXT NOT NULL,
        source TEXT,
        source_id TEXT,
        reason TEXT NOT NULL,
        raw TEXT,
        run_id INTEGER,
        created_at TEXT NOT NULL,
        UNIQUE (origin, reason)
    );

    CREATE TABLE ingest_runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        paths TEXT NOT NULL,
        summary TEXT
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
