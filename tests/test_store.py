import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.errors import SchemaVersionError
from roleatlas.records import Location, Posting, Provenance, Salary
from roleatlas.store import JobQuery, Reject, Store
from roleatlas.store.schema import SCHEMA_VERSION


def make_posting(source_id="1", **kw):
    base = dict(
        source="test",
        source_id=source_id,
        title="Senior Data Scientist",
        company="murmuration",
        description="Build models.",
        url=None,
        posted_at=None,
        role="data-scientist",
        role_name="Data Scientist",
        level="SE",
        seniority_rank="senior",
        employment_type="full_time",
        location=Location(
            raw="Remote (anywhere in the U.S.)",
            country="US",
            workplace="remote",
            remote_scope="US",
            rule="loc",
            confidence=0.9,
        ),
        salary=Salary(
            raw="USD 120K - 150K",
            min_amount=120000.0,
            max_amount=150000.0,
            currency="USD",
            period="year",
            annual_min=120000.0,
            annual_max=150000.0,
            usd_annual_min=120000.0,
            usd_annual_max=150000.0,
            flags=("k",),
            rule="salary:range",
            confidence=0.9,
        ),
        content_hash="h1",
        provenance={"role": Provenance("title:exact", 1.0)},
        extra={"k": "v"},
    )
    base.update(kw)
    return Posting(**base)


def test_open_sets_wal_and_schema(tmp_path):
    with Store(tmp_path / "a" / "db.sqlite").open() as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "db.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaVersionError, match="newer than this roleatlas"):
        Store(path).open()


def test_round_trip_and_filters(store):
    store.write_batch(
        [
            make_posting("1"),
            make_posting(
                "2", level="EN", location=Location(raw="London", country="GB"), salary=None
            ),
        ],
        [],
        [],
        norm_version=1,
    )
    assert store.count() == 2
    got = store.get("test", "1")
    assert got == make_posting("1")
    assert [p.source_id for p in store.jobs(JobQuery(level="SE"))] == ["1"]
    assert [p.source_id for p in store.jobs(JobQuery(remote=True))] == ["1"]
    assert [p.source_id for p in store.jobs(JobQuery(country="GB"))] == ["2"]
    assert [p.source_id for p in store.jobs(JobQuery(min_salary_usd=140000))] == ["1"]
    assert [p.source_id for p in store.jobs(JobQuery(min_salary_usd=160000))] == []


def test_failed_batch_keeps_earlier_batches(store):
    store.write_batch([make_posting("1")], [], [], norm_version=1)
    with pytest.raises(Exception, match="Nothing of this batch was stored"):
        # the same key twice violates the unique constraint: the whole batch rolls back
        store.write_batch([make_posting("2"), make_posting("1")], [], [], norm_version=1)
    assert store.count() == 1


def test_rejects_are_idempotent(store):
    reject = Reject("f.jsonl:3", "bad JSON")
    store.write_batch([], [], [reject], norm_version=1)
    store.write_batch([], [], [reject], norm_version=1)
    assert store.rejects() == [reject]


@settings(max_examples=30, deadline=None)
@given(
    title=st.text(max_size=40),
    company=st.one_of(st.none(), st.text(max_size=20)),
    amount=st.floats(min_value=1, max_value=1e7, allow_nan=False),
)
def test_store_load_round_trip(title, company, amount):
    posting = make_posting(
        title=title,
        company=company,
        salary=Salary(raw="x", min_amount=amount, max_amount=amount, currency="EUR", period="year"),
    )
    with Store(":memory:").open() as store:
        store.write_batch([posting], [], [], norm_version=1)
        assert store.get("test", "1") == posting


# -- one transaction over several batches (atomic uploads) -----------------------------------
def test_transaction_rolls_back_every_batch_run_and_reject(store):
    store.write_batch([make_posting("0")], [], [], norm_version=1)
    with pytest.raises(RuntimeError, match="cut short"), store.transaction():
        run = store.start_run(["upload.jsonl"])
        for i in range(1, 4):  # three batches: each a savepoint inside the transaction
            store.write_batch(
                [make_posting(str(i))], [], [Reject(f"u:{i}", "bad")], norm_version=1, run_id=run
            )
        raise RuntimeError("the file was cut short")
    assert store.count() == 1
    assert store.rejects() == []
    assert store.conn.execute("SELECT count(*) FROM ingest_runs").fetchone()[0] == 0
    assert not store.conn.in_transaction
    with store.transaction():  # and the store is usable again: a clean run commits
        store.write_batch([make_posting("1")], [], [], norm_version=1)
    assert store.count() == 2


def test_failed_batch_inside_a_transaction_fails_it_all(store):
    with pytest.raises(Exception, match="the whole transaction is rolled back"):
        with store.transaction():
            store.write_batch([make_posting("1")], [], [], norm_version=1)
            store.write_batch([make_posting("2"), make_posting("2")], [], [], norm_version=1)
    assert store.count() == 0 and not store.conn.in_transaction


def test_other_connections_see_nothing_until_commit(tmp_path):
    path = tmp_path / "db.sqlite"
    with Store(path).open() as writer, Store(path).open() as reader:
        with writer.transaction():
            writer.write_batch([make_posting("1")], [], [], norm_version=1)
            assert reader.count() == 0
        assert reader.count() == 1


def test_locate_finds_a_source_with_a_slash(store):
    store.write_batch(
        [
            make_posting("x/1", source="a/b"),
            make_posting("c/d?e#f", source="s"),
            make_posting("7", source="greenhouse:acme"),
        ],
        [],
        [],
        norm_version=1,
    )
    # a URL /jobs/a/b/x/1 arrives split as ("a", "b/x/1")
    assert store.locate("a", "b/x/1").key == ("a/b", "x/1")
    assert store.locate("s", "c/d?e#f").key == ("s", "c/d?e#f")
    assert store.locate("a", "b/x/2") is None
    # a key "greenhouse:acme:7" read as source "greenhouse", id "acme:7"
    assert store.locate("greenhouse", "acme:7").key == ("greenhouse:acme", "7")
    assert store.locate("nope", "1") is None


def test_extraction_limit_reads_the_first_mentions(store):
    from roleatlas.records import Extraction, SkillMention

    mentions = [
        SkillMention("python", "Python", i * 10, i * 10 + 6, "dictionary", "requirements", True)
        for i in range(50)
    ]
    store.write_batch(
        [make_posting("1", extraction=Extraction(skills=mentions))],
        [],
        [],
        norm_version=1,
        extract_version="t",
    )
    assert len(store.extraction("test", "1").skills) == 50
    first = store.extraction("test", "1", limit=5).skills
    assert [m.start for m in first] == [0, 10, 20, 30, 40]
