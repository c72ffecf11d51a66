"""`roleatlas batch` writes what `ingest` stores, row for row, on both engines."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from roleatlas.errors import InputError
from roleatlas.pipeline.batch import run_batch, table_digests
from roleatlas.pipeline.dedup_run import dedup_store
from roleatlas.pipeline.run import ingest
from roleatlas.store import Store
from roleatlas.store.exchange import export_tables, load_tables
from tests.conftest import shared_path

pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three shards with what a real corpus has: the HN sample (rows expanded into several
    postings, and comments that are rejected), and two overlapping Adzuna slices: the second
    repeats 100 postings of the first, 50 of them with a changed description, reposts 20
    under new ids, and holds a line that is not JSON."""
    folder = tmp_path_factory.mktemp("shards")
    lines = gzip.open(shared_path("postings-adzuna-uk", "postings.jsonl.gz"), "rt").readlines()
    first = folder / "adzuna-a.jsonl"
    first.write_text("".join(lines[:300]))
    again = []
    for k, line in enumerate(lines[200:500]):
        if k < 50:
            row = json.loads(line)
            row["description"] = (row.get("description") or "") + " Python and SQL required."
            line = json.dumps(row) + "\n"
        again.append(line)
    again.insert(120, "{not json\n")
    for line in lines[:20]:  # reposts: the same job under new ids, for dedup to find
        row = json.loads(line)
        row["id"] = f"{row['id']}-repost"
        again.append(json.dumps(row) + "\n")
    second = folder / "adzuna-b.jsonl"
    second.write_text("".join(again))
    return [shared_path("postings-hn-whoishiring", "postings.jsonl.gz"), first, second]


@pytest.fixture(scope="module")
def ingested(shards: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("ingested")
    with Store(folder / "roleatlas.db").open() as store:
        ingest(shards, store)
        export_tables(store, folder / "export")
    return table_digests(folder / "export")


@pytest.fixture(scope="module")
def deduped(shards: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Digests after `roleatlas ingest` and then `roleatlas dedup`."""
    folder = tmp_path_factory.mktemp("deduped")
    with Store(folder / "roleatlas.db").open() as store:
        ingest(shards, store)
        assert dedup_store(store).duplicates >= 20  # the reposts at least
        export_tables(store, folder / "export")
    return table_digests(folder / "export")


def test_local_batch_with_dedup_equals_ingest_then_dedup(
    shards: list[Path], ingested: dict[str, str], deduped: dict[str, str], tmp_path: Path
) -> None:
    manifest = run_batch(shards, tmp_path / "out", engine="local", dedup=True)
    digests = table_digests(tmp_path / "out")
    assert digests == {t: d for t, d in deduped.items() if t in digests}
    assert digests["postings"] != ingested["postings"]  # duplicate_of is set
    assert manifest["batch"]["dedup"]["duplicates"] >= 20


def test_local_batch_equals_ingest(
    shards: list[Path], ingested: dict[str, str], tmp_path: Path
) -> None:
    manifest = run_batch(shards, tmp_path / "out", engine="local")
    digests = table_digests(tmp_path / "out")
    assert digests == {t: d for t, d in ingested.items() if t in digests}
    # the span tagger runs by default in both, so its phrases come through too
    assert set(digests) >= {"postings", "skill_mentions", "skill_spans", "rejects",
                            "responsibilities"}  # fmt: skip
    assert manifest["tables"]["postings"]["rows"] == int(ingested["postings"].split(":")[0])
    assert int(ingested["rejects"].split(":")[0]) > 0  # the bad line and the HN comments
    assert not (tmp_path / "out" / "_shards").exists()
    # load brings it into a store, which then exports the same tables
    with Store(tmp_path / "loaded.db").open() as store:
        load_tables(store, tmp_path / "out")
        export_tables(store, tmp_path / "again")
    assert table_digests(tmp_path / "again") == ingested


@pytest.mark.slow
def test_spark_batch_equals_ingest(
    shards: list[Path], ingested: dict[str, str], deduped: dict[str, str], tmp_path: Path
) -> None:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java 17+: apt-get install default-jre-headless")
    manifest = run_batch(shards, tmp_path / "spark", engine="spark", master="local[2]")
    assert manifest["batch"]["engine"] == "spark"
    digests = table_digests(tmp_path / "spark")
    assert digests == {t: d for t, d in ingested.items() if t in digests}
    run_batch(shards, tmp_path / "spark-dedup", engine="spark", master="local[2]", dedup=True)
    digests = table_digests(tmp_path / "spark-dedup")
    assert digests == {t: d for t, d in deduped.items() if t in digests}
    # the aggregates equal those the local engine computes with DuckDB
    run_batch(shards, tmp_path / "local", engine="local")
    import duckdb

    for name in manifest["aggregates"]:
        rows = [
            duckdb.sql(f"SELECT * FROM '{tmp_path / e / 'aggregates' / name}/*.parquet'").fetchall()
            for e in ("spark", "local")
        ]
        # the same rows; percentiles interpolated by each engine agree to the cent
        assert len(rows[0]) == len(rows[1]) > 0, name
        for spark_row, local_row in zip(*rows, strict=True):
            assert spark_row == pytest.approx(local_row, abs=0.011), name
    with Store(tmp_path / "loaded.db").open() as store:
        load_tables(store, tmp_path / "spark")
        assert store.count() == manifest["tables"]["postings"]["rows"]


def test_bad_arguments_are_explained(shards: list[Path], tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Unknown engine"):
        run_batch(shards, tmp_path / "o", engine="dask")
    with pytest.raises(InputError, match="is not a file"):
        run_batch([tmp_path / "missing.jsonl"], tmp_path / "o", engine="local")
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        run_batch(shards[1:2], tmp_path / "file", engine="local")
    with pytest.raises(InputError, match="at least one input"):
        run_batch([], tmp_path / "o", engine="local")


def test_cli_batch_no_spans_skips_the_tagger(shards: list[Path], tmp_path: Path) -> None:
    from roleatlas.cli import main

    for flag, out in (("--spans", "with"), ("--no-spans", "without")):
        with pytest.raises(SystemExit) as exc:
            main(["batch", str(shards[1]), "--out", str(tmp_path / out), "--engine", "local",
                  flag, "--json"])  # fmt: skip
        assert (exc.value.code or 0) == 0
    with_rows = table_digests(tmp_path / "with")
    without = table_digests(tmp_path / "without")
    assert int(with_rows["skill_spans"].split(":")[0]) > 0
    assert int(without.get("skill_spans", "0:").split(":")[0]) == 0
    assert with_rows["skill_mentions"] == without["skill_mentions"]
