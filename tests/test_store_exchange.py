"""Export the store's tables to Parquet / CSV and load Parquet back, on both engines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from roleatlas.cli import main
from roleatlas.errors import InputError, StoreError
from roleatlas.pipeline.run import ingest
from roleatlas.store import Store
from roleatlas.store.exchange import export_tables, load_tables, table_schema
from tests.conftest import shared_path

pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A SQLite store holding the HN sample (with extractions and rejects)."""
    path = tmp_path_factory.mktemp("filled") / "roleatlas.db"
    with Store(path).open() as store:
        ingest([shared_path("postings-hn-whoishiring", "postings.jsonl.gz")], store)
    yield path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_parquet_export_is_read_alike_by_duckdb_polars_and_pandas(
    filled: Path, tmp_path: Path
) -> None:
    import duckdb
    import pandas as pd
    import polars as pl

    with Store(filled).open() as store:
        manifest = export_tables(store, tmp_path)
        count = store.count()
        mentions = store.conn.execute("SELECT count(*) FROM skill_mentions").fetchone()[0]
    assert manifest == json.loads((tmp_path / "manifest.json").read_text())
    assert set(manifest["tables"]) == set(table_schema())
    assert manifest["tables"]["postings"]["rows"] == count > 1000
    postings = tmp_path / "postings.parquet"
    assert duckdb.sql(f"SELECT count(*) FROM '{postings}'").fetchall() == [(count,)]
    frame = pl.read_parquet(postings)
    assert frame.height == count and frame.schema["id"] == pl.Int64
    assert frame.columns == [c for c, _ in manifest["tables"]["postings"]["columns"]]
    assert pd.read_parquet(tmp_path / "skill_mentions.parquet").shape[0] == mentions
    # ids are in key order and the types follow the schema
    assert frame["id"].is_sorted() and frame.schema["salary_usd_max"] == pl.Float64


def test_csv_export_has_a_header_and_every_row(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import polars as pl

    with pytest.raises(SystemExit) as exited:
        main(["--home", str(filled.parent), "export", str(tmp_path / "csv"), "--format", "csv",
              "--table", "postings", "--table", "skill_mentions", "--json"])  # fmt: skip
    assert exited.value.code in (0, None)
    manifest = json.loads(capsys.readouterr().out)
    with Store(filled).open() as store:
        count = store.count()
    assert list(manifest["tables"]) == ["postings", "skill_mentions"]
    frame = pl.read_csv(tmp_path / "csv" / "postings.csv", infer_schema_length=0)
    assert frame.height == count == manifest["tables"]["postings"]["rows"]
    assert frame.columns[:3] == ["id", "source", "source_id"]


def test_a_round_trip_through_parquet_gives_the_same_files(filled: Path, tmp_path: Path) -> None:
    with Store(filled).open() as store:
        export_tables(store, tmp_path / "a")
    with Store(tmp_path / "copy.db").open() as copy:
        loaded = load_tables(copy, tmp_path / "a")
        assert loaded["postings"] == copy.count() > 1000
        export_tables(copy, tmp_path / "b")
        # new postings number on after the loaded ones
        before = int(copy.conn.execute("SELECT max(id) FROM postings").fetchone()[0])
        ingest([shared_path("postings-adzuna-uk", "postings.jsonl.gz")], copy)
        assert int(copy.conn.execute("SELECT min(id) FROM postings WHERE source LIKE 'adzuna%'")
                   .fetchone()[0]) > before  # fmt: skip
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_postgres_exports_what_sqlite_exports_and_loads_it_back(
    filled: Path, pg_url: str, tmp_path: Path
) -> None:
    with Store(filled).open() as store:
        export_tables(store, tmp_path / "lite")
    with Store(pg_url).open() as server:
        load_tables(server, tmp_path / "lite")
        export_tables(server, tmp_path / "pg")
        summary = ingest([shared_path("postings-adzuna-uk", "postings.jsonl.gz")], server)
        assert summary.new == 1250  # the identity sequence moved past the loaded ids
    assert _files(tmp_path / "lite") == _files(tmp_path / "pg")


def test_load_refuses_a_store_with_postings_and_changes_nothing(
    filled: Path, tmp_path: Path
) -> None:
    with Store(filled).open() as store:
        export_tables(store, tmp_path / "a", tables=["postings"])
        count = store.count()
        with pytest.raises(StoreError, match="already holds .* postings"):
            load_tables(store, tmp_path / "a")
        assert store.count() == count


def test_bad_folders_are_explained(filled: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db").open() as empty:
        with pytest.raises(InputError, match="has no manifest.json"):
            load_tables(empty, tmp_path)
        with Store(filled).open() as store:
            export_tables(store, tmp_path / "csv", format="csv", tables=["postings"])
            export_tables(store, tmp_path / "pq", tables=["postings", "skill_mentions"])
        with pytest.raises(InputError, match="load reads Parquet"):
            load_tables(empty, tmp_path / "csv")
        with pytest.raises(InputError, match="Unknown table"):
            export_tables(empty, tmp_path / "x", tables=["passwords"])
        with pytest.raises(InputError, match="Unknown export format"):
            export_tables(empty, tmp_path / "x", format="xlsx")
        manifest = json.loads((tmp_path / "pq" / "manifest.json").read_text())
        old = {**manifest, "schema_version": 1}
        (tmp_path / "pq" / "manifest.json").write_text(json.dumps(old))
        with pytest.raises(InputError, match="schema version 1"):
            load_tables(empty, tmp_path / "pq")
        (tmp_path / "pq" / "manifest.json").write_text(json.dumps(manifest))
        # a file cut short: nothing is loaded, not even the tables read before it
        mentions = tmp_path / "pq" / "skill_mentions.parquet"
        mentions.write_bytes(mentions.read_bytes()[:200])
        with pytest.raises((InputError, StoreError)):
            load_tables(empty, tmp_path / "pq")
        assert empty.count() == 0


def test_docs_name_every_column_of_the_posting_tables() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "export.md").read_text()
    schema = table_schema()
    for table in ("postings", "skill_mentions", "education_requirements",
                  "experience_requirements", "responsibilities"):  # fmt: skip
        missing = [c for c, _ in schema[table]["columns"] if c not in text]
        assert not missing, (table, missing)
