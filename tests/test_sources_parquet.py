"""Parquet input: the same postings as the JSON Lines it was written from."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from roleatlas.errors import InputError
from roleatlas.pipeline.batch import run_batch, table_digests
from roleatlas.pipeline.run import ingest
from roleatlas.records import RawPosting
from roleatlas.sources import detect_format, read_postings
from roleatlas.store import Store
from roleatlas.store.exchange import export_tables
from tests.conftest import shared_path

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _to_parquet(jsonl: Path, out: Path) -> Path:
    with gzip.open(jsonl, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    # nested fields (extra) stay JSON objects in JSON Lines; Parquet holds them as structs,
    # which read back as dicts
    pq.write_table(pa.Table.from_pylist(rows), out)
    return out


def test_parquet_rows_read_as_their_json_lines(tmp_path: Path) -> None:
    jsonl = shared_path("postings-adzuna-uk", "postings.jsonl.gz")
    parquet = _to_parquet(jsonl, tmp_path / "adzuna.parquet")
    assert detect_format(parquet) == "parquet"
    renamed = tmp_path / "no-suffix"
    renamed.write_bytes(parquet.read_bytes())
    assert detect_format(renamed) == "parquet"  # by its magic number, whatever its name
    a = [r for r in read_postings(jsonl) if isinstance(r, RawPosting)]
    b = [r for r in read_postings(parquet) if isinstance(r, RawPosting)]
    assert len(a) == len(b) == 1250
    assert [r.content_hash() for r in a] == [r.content_hash() for r in b]
    assert b[0].origin == f"{parquet}:1"


def test_dates_and_integer_ids_are_read(tmp_path: Path) -> None:
    path = tmp_path / "typed.parquet"
    table = pa.table(
        {
            "source": ["demo", "demo"],
            "id": [1, 2],
            "title": ["Data Engineer", None],
            "posted_at": [dt.date(2026, 11, 2), dt.date(2026, 11, 3)],
        }
    )
    pq.write_table(table, path)
    found = list(read_postings(path))
    assert isinstance(found[0], RawPosting)
    assert (found[0].source_id, found[0].posted_at) == ("1", "2026-11-02")
    assert isinstance(found[1], RawPosting) and found[1].title is None


def test_a_damaged_file_is_refused_with_its_name(tmp_path: Path) -> None:
    good = _to_parquet(
        shared_path("postings-adzuna-uk", "postings.jsonl.gz"), tmp_path / "a.parquet"
    )
    bad = tmp_path / "cut.parquet"
    bad.write_bytes(good.read_bytes()[:5000])
    with pytest.raises(InputError, match="cut.parquet"):
        list(read_postings(bad))


def test_ingest_and_batch_read_parquet_shards_as_json_lines(tmp_path: Path) -> None:
    jsonl = shared_path("postings-adzuna-uk", "postings.jsonl.gz")
    parquet = _to_parquet(jsonl, tmp_path / "adzuna.parquet")
    digests = []
    for name, path in (("jsonl", jsonl), ("parquet", parquet)):
        with Store(tmp_path / f"{name}.db").open() as store:
            ingest([path], store)
            export_tables(store, tmp_path / name, tables=["postings", "skill_mentions"])
        digests.append(table_digests(tmp_path / name))
    run_batch([parquet], tmp_path / "batch", engine="local")
    batch = table_digests(tmp_path / "batch")
    assert digests[0] == digests[1] == {t: batch[t] for t in digests[0]}


def test_a_file_that_inflates_past_the_bound_is_refused(tmp_path: Path) -> None:
    from roleatlas.limits import Limits

    path = tmp_path / "bomb.parquet"
    pq.write_table(pa.table({"source": ["s"], "id": ["1"], "description": ["x" * 2_000_000]}), path)
    assert path.stat().st_size < 100_000  # the text compresses to almost nothing
    with pytest.raises(InputError, match="decompresses to .* max_file_bytes"):
        read_postings(path, limits=Limits(max_file_bytes=1_000_000))
