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
    # 2: what extraction reads out of each posting (skills, education, experience, duties)
    """
    ALTER TABLE postings ADD COLUMN extract_version TEXT;

    CREATE TABLE skill_mentions (
        posting_id INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
        skill TEXT,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        layer TEXT NOT NULL,
        section TEXT NOT NULL,
        required INTEGER,
        confidence REAL NOT NULL
    );
    CREATE INDEX skill_mentions_posting ON skill_mentions (posting_id);
    CREATE INDEX skill_mentions_skill ON skill_mentions (skill, posting_id);

    CREATE TABLE education_requirements (
        posting_id INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
        level TEXT NOT NULL,
        fields TEXT NOT NULL,
        or_equivalent INTEGER NOT NULL,
        required INTEGER,
        text TEXT NOT NULL,
        confidence REAL NOT NULL
    );
    CREATE INDEX education_posting ON education_requirements (posting_id);

    CREATE TABLE experience_requirements (
        posting_id INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
        min_years REAL,
        max_years REAL,
        skill TEXT,
        required INTEGER,
        text TEXT NOT NULL,
        confidence REAL NOT NULL
    );
    CREATE INDEX experience_posting ON experience_requirements (posting_id);

    CREATE TABLE responsibilities (
        posting_id INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        statement TEXT NOT NULL,
        verb TEXT,
        section TEXT NOT NULL
    );
    CREATE INDEX responsibilities_posting ON responsibilities (posting_id);
    """,
    # 3: public reference data (O*NET, BLS OEWS and projections, aijobs survey, ESCO);
    # filled by `roleatlas data pull`, one data set replaced per transaction
    """
    CREATE TABLE reference_datasets (
        name TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        version TEXT NOT NULL,
        url TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        retrieved_at TEXT NOT NULL,
        loaded_at TEXT NOT NULL,
        rows INTEGER NOT NULL,
        licence TEXT NOT NULL,
        files TEXT NOT NULL DEFAULT '[]',
        tables TEXT NOT NULL DEFAULT '{}',
        seconds REAL
    );

    CREATE TABLE onet_occupations (
        soc TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT
    );
    CREATE TABLE onet_tasks (
        soc TEXT NOT NULL,
        task_id INTEGER NOT NULL,
        task TEXT NOT NULL,
        task_type TEXT,
        incumbents_responding REAL,
        importance REAL,
        relevance REAL
    );
    CREATE INDEX onet_tasks_soc ON onet_tasks (soc);
    CREATE TABLE onet_technology_skills (
        soc TEXT NOT NULL,
        example TEXT NOT NULL,
        commodity_code INTEGER,
        commodity_title TEXT,
        hot_technology INTEGER,
        in_demand INTEGER
    );
    CREATE INDEX onet_technology_skills_soc ON onet_technology_skills (soc);
    CREATE TABLE onet_education (
        soc TEXT NOT NULL,
        scale_id TEXT NOT NULL,
        category INTEGER NOT NULL,
        share REAL,
        n REAL,
        recommend_suppress INTEGER
    );
    CREATE INDEX onet_education_soc ON onet_education (soc, scale_id);
    CREATE TABLE onet_education_categories (
        scale_id TEXT NOT NULL,
        category INTEGER NOT NULL,
        label TEXT NOT NULL,
        PRIMARY KEY (scale_id, category)
    );
    CREATE TABLE onet_job_zones (
        soc TEXT PRIMARY KEY,
        job_zone INTEGER NOT NULL
    );
    CREATE TABLE onet_job_zone_reference (
        job_zone INTEGER PRIMARY KEY,
        name TEXT,
        experience TEXT,
        education TEXT,
        job_training TEXT,
        examples TEXT,
        svp_range TEXT
    );
    CREATE TABLE onet_alternate_titles (
        soc TEXT NOT NULL,
        title TEXT NOT NULL,
        short_title TEXT,
        sources TEXT
    );
    CREATE INDEX onet_alternate_titles_soc ON onet_alternate_titles (soc);

    CREATE TABLE oews_wages (
        area_type TEXT NOT NULL,
        area_code TEXT NOT NULL,
        area_name TEXT NOT NULL,
        state_code TEXT,
        industry_code TEXT NOT NULL,
        industry_name TEXT,
        industry_level TEXT NOT NULL,
        occ_code TEXT NOT NULL,
        occ_title TEXT NOT NULL,
        occ_group TEXT NOT NULL,
        tot_emp REAL,
        emp_prse REAL,
        h_mean REAL,
        a_mean REAL,
        mean_prse REAL,
        h_pct10 REAL,
        h_pct25 REAL,
        h_median REAL,
        h_pct75 REAL,
        h_pct90 REAL,
        a_pct10 REAL,
        a_pct25 REAL,
        a_median REAL,
        a_pct75 REAL,
        a_pct90 REAL,
        jobs_1000 REAL,
        loc_quotient REAL,
        flags TEXT,
        footnotes TEXT
    );
    CREATE UNIQUE INDEX oews_wages_key ON oews_wages (occ_code, area_code, industry_code);
    CREATE INDEX oews_wages_industries ON oews_wages (occ_code, area_type, industry_level);
    CREATE INDEX oews_wages_area_name ON oews_wages (area_name COLLATE NOCASE);
    CREATE TABLE oews_footnotes (
        code TEXT PRIMARY KEY,
        text TEXT NOT NULL
    );

    CREATE TABLE projections (
        soc TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        example_titles TEXT,
        base_year INTEGER NOT NULL,
        target_year INTEGER NOT NULL,
        emp_base REAL,
        emp_target REAL,
        change_num REAL,
        change_pct REAL,
        openings REAL,
        median_wage REAL,
        median_wage_top_coded INTEGER NOT NULL DEFAULT 0,
        education TEXT,
        education_code INTEGER,
        work_experience TEXT,
        work_experience_code INTEGER,
        ojt TEXT,
        ojt_code INTEGER
    );

    CREATE TABLE survey (
        work_year INTEGER,
        experience_level TEXT,
        employment_type TEXT,
        job_title TEXT NOT NULL,
        salary REAL,
        salary_currency TEXT,
        salary_in_usd REAL,
        employee_residence TEXT,
        remote_ratio INTEGER,
        company_location TEXT,
        company_size TEXT
    );
    CREATE INDEX survey_title ON survey (job_title, salary_in_usd);

    CREATE TABLE esco_occupations (
        uri TEXT PRIMARY KEY,
        code TEXT,
        isco_group TEXT,
        label TEXT NOT NULL,
        alt_labels TEXT,
        description TEXT
    );
    CREATE INDEX esco_occupations_code ON esco_occupations (code);
    CREATE TABLE esco_onet_crosswalk (
        onet_soc TEXT NOT NULL,
        onet_title TEXT,
        esco_uri TEXT NOT NULL,
        esco_title TEXT,
        match_type TEXT
    );
    CREATE INDEX esco_onet_crosswalk_soc ON esco_onet_crosswalk (onet_soc);
    CREATE INDEX esco_onet_crosswalk_uri ON esco_onet_crosswalk (esco_uri);
    """,
    # 4: fast role profiles and comparisons: covering indexes for the per-role reads of
    # store/insights.py, and a cache of derived figures (store/insights.py `cached`) with a
    # generation counter that triggers raise on every write to the tables it depends on
    # (the triggers are created with the first cached value)
    """
    CREATE INDEX postings_role_posted ON postings (
        role, posted_at DESC, id, level, salary_usd_min, salary_usd_max, salary_flags,
        source, source_id
    );
    CREATE INDEX postings_role_extracted ON postings (role, extract_version);
    CREATE INDEX postings_updated_at ON postings (updated_at);
    CREATE INDEX postings_role_listing ON postings (
        role, (salary_usd_max IS NULL), posted_at DESC, id
    );
    CREATE INDEX postings_role_industry ON postings (
        role,
        (CASE WHEN json_valid(extra) THEN coalesce(
            nullif(trim(json_extract(extra, '$.industry')), ''),
            nullif(trim(json_extract(extra, '$.sector')), '')) END),
        posted_at DESC, id, source, source_id
    );
    CREATE INDEX skill_mentions_posting_skill ON skill_mentions (posting_id, skill, section);
    DROP INDEX skill_mentions_posting;

    CREATE TABLE insight_generation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        value INTEGER NOT NULL
    );
    INSERT INTO insight_generation (id, value) VALUES (1, 0);
    CREATE TABLE insight_cache (
        key TEXT PRIMARY KEY,
        generation INTEGER NOT NULL,
        value TEXT NOT NULL
    );
    """,
    # 5: live sources (collect/registry.py): what to fetch, how it went, when it is due.
    # Postings keep their own rows: removing a source never deletes them.
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        token TEXT NOT NULL,
        url TEXT NOT NULL,
        api_url TEXT NOT NULL,
        display_name TEXT,
        added_from TEXT NOT NULL DEFAULT 'user',
        added_at TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        verified INTEGER NOT NULL DEFAULT 0,
        last_run_at TEXT,
        last_status TEXT,
        last_error TEXT,
        last_counts TEXT,
        open_postings INTEGER,
        etag TEXT,
        last_modified TEXT,
        next_due_at TEXT,
        interval_seconds INTEGER NOT NULL DEFAULT 21600
    );
    CREATE INDEX sources_due ON sources (enabled, next_due_at);
    CREATE INDEX sources_api_url ON sources (api_url);
    """,
    # 6: posting lifecycle: when a posting was last seen in its source, and when it closed
    # (dropped out of a source's complete listing). Rows written before have NULL last_seen,
    # read as first_seen. A posting seen again reopens (closed_at back to NULL).
    """
    ALTER TABLE postings ADD COLUMN last_seen TEXT;
    ALTER TABLE postings ADD COLUMN closed_at TEXT;
    CREATE INDEX postings_source_open ON postings (source, closed_at);
    """,
    # 7: cross-source dedup (`roleatlas dedup`): a posting that is the same job as another
    # (another board, a repost) points at its cluster's canonical posting. Role figures count
    # canonical postings only, so the per-role covering indexes gain the column after role.
    """
    ALTER TABLE postings ADD COLUMN duplicate_of INTEGER;
    CREATE INDEX postings_duplicate_of ON postings (duplicate_of)
        WHERE duplicate_of IS NOT NULL;
    DROP INDEX postings_role_posted;
    CREATE INDEX postings_role_posted ON postings (
        role, duplicate_of, posted_at DESC, id, level, salary_usd_min, salary_usd_max,
        salary_flags, source, source_id
    );
    DROP INDEX postings_role_extracted;
    CREATE INDEX postings_role_extracted ON postings (role, duplicate_of, extract_version);
    DROP INDEX postings_role_industry;
    CREATE INDEX postings_role_industry ON postings (
        role,
        duplicate_of,
        (CASE WHEN json_valid(extra) THEN coalesce(
            nullif(trim(json_extract(extra, '$.industry')), ''),
            nullif(trim(json_extract(extra, '$.sector')), '')) END),
        posted_at DESC, id, source, source_id
    );
    """,
    # 8: the span tagger's skill and knowledge phrases of a posting's description, one row per
    # posting in a compact text (roleatlas.pipeline.extract.encode_spans: "start-end-K ...").
    """
    CREATE TABLE skill_spans (
        posting_id INTEGER PRIMARY KEY REFERENCES postings (id) ON DELETE CASCADE,
        spans TEXT NOT NULL
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
