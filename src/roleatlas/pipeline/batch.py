"""``roleatlas batch``: the ingest pipeline as tasks over input shards, on Spark or locally.

A corpus too big for one machine's ingest is split into shards (JSONL, CSV or any input
``roleatlas ingest`` reads, one file each). ``batch`` runs in two stages:

1. **Map, one task per shard.** Each task reads its file and runs exactly what ``ingest``
   runs: the same reader, the same batches (:func:`~roleatlas.pipeline.run.record_batches`),
   the same normalize-and-extract step (:func:`~roleatlas.pipeline.run.plan_batch`) and the
   same row builders as the store (:func:`~roleatlas.store.sqlite.posting_row`,
   :func:`~roleatlas.store.sqlite.extraction_rows`). Instead of a database it writes its rows to
   ``OUT/_shards/<table>/<shard>.parquet``, each row keyed by ``(shard, seq)``: the shard's
   position on the command line and the row's place in the order ``ingest`` would write it.
2. **Reduce.** A posting met in several shards is one row, as ``ingest`` makes it: its id
   comes from its first occurrence (ids count postings in ingest's write order) and its
   content from its last. Child rows follow the content. Rejects are numbered in the order
   ``ingest`` would write them.

The output folder has the layout of ``roleatlas export`` (``manifest.json`` and one Parquet
file or folder per table), so ``roleatlas load OUT`` brings it into a store, and the tables
equal what ``ingest`` stores for the same files, row for row (:func:`table_digests` leaves out
the timestamps of the run). ``OUT/aggregates/`` adds figures for analysts: postings per role
and skill, and posted pay per role and level.

Engines: ``spark`` runs both stages with PySpark (``local[*]`` by default; ``--master`` for a
cluster, whose executors must see the input files and ``OUT``), ``local`` runs them in this
process without Spark or Java.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from roleatlas import __version__
from roleatlas.errors import InputError
from roleatlas.limits import DEFAULT_LIMITS, Limits
from roleatlas.pipeline.dedup_run import duplicate_pairs
from roleatlas.pipeline.extract import extract_version
from roleatlas.pipeline.normalize import NORM_VERSION
from roleatlas.pipeline.run import IngestSummary, plan_batch, record_batches
from roleatlas.sources import read_postings
from roleatlas.store.exchange import MANIFEST, arrow_schema, arrow_table, table_schema
from roleatlas.store.schema import SCHEMA_VERSION
from roleatlas.store.sqlite import DEDUP_COLUMNS, extraction_rows, posting_row

__all__ = ["ENGINES", "BatchOptions", "run_batch", "shard_task", "table_digests"]

ENGINES = ("spark", "local")

#: The tables a shard writes (``ingest_runs`` is written once, by the reduce).
SHARD_TABLES = (
    "postings",
    "skill_mentions",
    "skill_spans",
    "education_requirements",
    "experience_requirements",
    "responsibilities",
    "rejects",
)
_CHILDREN = SHARD_TABLES[1:6]
#: Columns that say when this run happened, not what it read: left out of the digests.
VOLATILE = {
    "postings": ("first_seen", "updated_at", "last_seen"),
    "rejects": ("created_at",),
}
_SHARD_KEY = [("shard", "INTEGER"), ("seq", "INTEGER")]


@dataclass(frozen=True)
class BatchOptions:
    """How each shard is read and processed (``ingest``'s options of the same names)."""

    format: str | None = None
    source: str | None = None
    csv_mapping: dict[str, str] | None = None
    batch_size: int = 500
    extract: bool = True
    learned: bool = False
    spans: bool | None = None
    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS)


def _shard_columns(table: str) -> list[tuple[str, str]]:
    """A staged table's columns: ``shard``, ``seq`` (postings and rejects) and the table's
    own columns, with ``posting_id`` holding the posting's ``seq`` for child rows."""
    columns = list(table_schema()[table]["columns"])
    if table == "postings":
        own = [c for c in columns if c[0] not in ("id", "first_seen", "updated_at", "last_seen",
                                                  "closed_at", "duplicate_of")]  # fmt: skip
        return [*_SHARD_KEY, *own]
    if table == "rejects":
        own = [c for c in columns if c[0] not in ("id", "run_id", "created_at")]
        return [*_SHARD_KEY, *own]
    return [("shard", "INTEGER"), *columns]


def shard_task(index: int, path: str, out_dir: str, options: BatchOptions) -> dict[str, Any]:
    """Stage one: run ingest's steps over one input file and write its rows to
    ``out_dir/_shards/<table>/<index>.parquet`` as they come (memory stays flat whatever the
    shard's size). Returns the shard's counts."""
    known: dict[str, dict[str, tuple[str, int]]] = {}
    summary = IngestSummary(paths=[path])
    version = extract_version(options.learned, options.spans) if options.extract else None
    seq = 0
    records = read_postings(
        Path(path),
        options.format,
        csv_mapping=options.csv_mapping,
        source=options.source,
        limits=options.limits,
    )
    with _ShardWriter(Path(out_dir), index) as rows:
        for batch in record_batches(records, options.batch_size, options.limits):
            plan = plan_batch(
                batch,
                lambda src, _ids: known.setdefault(src, {}),
                summary,
                options.extract,
                options.learned,
                options.limits,
                spans=options.spans,
            )
            for posting in [*plan.inserts.values(), *plan.updates.values()]:
                extracted = posting.extraction is not None
                rows.add(
                    "postings",
                    (
                        index,
                        seq,
                        *posting_row(posting, NORM_VERSION),
                        version if extracted else None,
                    ),
                )
                if posting.extraction is not None:
                    for table, found in extraction_rows([(seq, posting.extraction)]).items():
                        for r in found:
                            rows.add(table, (index, *r))
                seq += 1
            for reject in plan.rejects:
                rows.add("rejects", (index, seq, reject.origin, reject.source, reject.source_id,
                                     reject.reason, reject.raw))  # fmt: skip
                seq += 1
    return {"shard": index, "path": path, "rows": dict(rows.counts),
            "summary": summary.to_dict()}  # fmt: skip


class _ShardWriter:
    """One Parquet writer per staged table of a shard, written in row groups of
    :data:`_GROUP_ROWS`."""

    def __init__(self, out: Path, index: int) -> None:
        self.out, self.index = out, index
        self.pending: dict[str, list[tuple[Any, ...]]] = {t: [] for t in SHARD_TABLES}
        self.counts: dict[str, int] = {t: 0 for t in SHARD_TABLES}
        self.writers: dict[str, Any] = {}

    def __enter__(self) -> _ShardWriter:
        import pyarrow.parquet as pq

        for table in SHARD_TABLES:
            folder = self.out / "_shards" / table
            folder.mkdir(parents=True, exist_ok=True)
            schema = arrow_schema(_shard_columns(table))
            self.writers[table] = pq.ParquetWriter(folder / f"{self.index:06d}.parquet", schema)
        return self

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        pending = self.pending[table]
        pending.append(row)
        if len(pending) >= _GROUP_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:

        pending = self.pending[table]
        if not pending:
            return
        writer = self.writers[table]
        writer.write_table(arrow_table(pending, writer.schema))
        self.counts[table] += len(pending)
        pending.clear()

    def __exit__(self, *exc: object) -> None:
        for table, writer in self.writers.items():
            if exc[0] is None:
                self._flush(table)
            writer.close()


_GROUP_ROWS = 20_000


# -- the reduce, locally ----------------------------------------------------------------------
def _read_staged(out: Path, table: str) -> Iterator[tuple[Any, ...]]:
    import pyarrow.parquet as pq

    for path in sorted((out / "_shards" / table).glob("*.parquet")):
        frame = pq.read_table(path)
        yield from zip(*(c.to_pylist() for c in frame.columns), strict=True)


def _dedup_counts(pairs: list[tuple[int, int]], clusters: list[Any]) -> dict[str, int]:
    return {
        "clusters": len(clusters),
        "clusters_with_duplicates": sum(c.size > 1 for c in clusters),
        "duplicates": len(pairs),
    }


def _dedup_local(postings: list[tuple[Any, ...]], dedup: dict[str, Any]) -> list[tuple[Any, ...]]:
    """``postings`` (table rows, in id order) with ``duplicate_of`` set as ``roleatlas dedup``
    sets it."""
    names = [c for c, _ in table_schema()["postings"]["columns"]]
    at = [names.index(c) for c in DEDUP_COLUMNS]
    last = names.index("duplicate_of")
    pairs, clusters, _ = duplicate_pairs(tuple(r[i] for i in at) for r in postings)
    dedup.update(_dedup_counts(pairs, clusters))
    canonical = dict(pairs)
    return [(*r[:last], canonical.get(r[0]), *r[last + 1 :]) for r in postings]


def _reduce_local(out: Path, now: str) -> dict[str, list[tuple[Any, ...]]]:
    """Stage two in this process (see the module docstring)."""
    first: dict[tuple[str, str], tuple[int, int]] = {}
    last: dict[tuple[str, str], tuple[tuple[int, int], tuple[Any, ...]]] = {}
    for row in _read_staged(out, "postings"):
        order, key = (row[0], row[1]), (row[2], row[3])
        if key not in first or order < first[key]:
            first[key] = order
        if key not in last or order > last[key][0]:
            last[key] = (order, row[2:])
    ids = {key: i for i, key in enumerate(sorted(first, key=first.__getitem__), start=1)}
    tables: dict[str, list[tuple[Any, ...]]] = {}
    postings = []
    by_content: dict[tuple[int, int], int] = {}
    for key, (order, cols) in last.items():
        pid = ids[key]
        by_content[order] = pid
        # cols: source … extra, extract_version; the table: id, source … extra, first_seen,
        # updated_at, extract_version, last_seen, closed_at, duplicate_of
        postings.append((pid, *cols[:-1], now, now, cols[-1], None, None, None))
    tables["postings"] = sorted(postings)
    for table in _CHILDREN:
        out_rows = []
        for row in _read_staged(out, table):
            owner = by_content.get((row[0], row[1]))
            if owner is not None:
                out_rows.append((owner, *row[2:]))
        out_rows.sort(key=lambda r: r[0])  # stable: a posting's rows keep their order
        tables[table] = out_rows
    rejects: dict[tuple[str, str], tuple[tuple[int, int], tuple[Any, ...]]] = {}
    for row in _read_staged(out, "rejects"):
        order, cols = (row[0], row[1]), row[2:]
        key = (cols[0], cols[3])  # (origin, reason): unique, as in the store
        if key not in rejects or order < rejects[key][0]:
            rejects[key] = (order, cols)
    ordered = sorted(rejects.values())
    tables["rejects"] = [
        (i, origin, source, source_id, reason, raw, 1, now)
        for i, (_, (origin, source, source_id, reason, raw)) in enumerate(ordered, start=1)
    ]
    return tables


def _write_local(out: Path, tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, str]:
    import pyarrow.parquet as pq

    files = {}
    schema_all = table_schema()
    for table, found in tables.items():
        columns = schema_all[table]["columns"]
        name = f"{table}.parquet"
        pq.write_table(arrow_table(found, arrow_schema(columns)), out / name, compression="zstd")
        files[table] = name
    return files


# -- the reduce, on Spark ---------------------------------------------------------------------
def _spark_type(kind: str) -> Any:
    from pyspark.sql import types as T

    return {"INTEGER": T.LongType(), "REAL": T.DoubleType(), "TEXT": T.StringType(),
            "BLOB": T.BinaryType()}[kind]  # fmt: skip


def _reduce_spark(spark: Any, out: Path, now: str, dedup: dict[str, Any] | None) -> dict[str, str]:
    """Stage two with Spark SQL: windows by posting key, ids from per-shard offsets."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    staged = out / "_shards"
    postings = spark.read.parquet(str(staged / "postings"))
    by_key = Window.partitionBy("source", "source_id")
    marked = (
        postings.withColumn("first", F.min(F.struct("shard", "seq")).over(by_key))
        .withColumn("last", F.max(F.struct("shard", "seq")).over(by_key))
        .where((F.col("shard") == F.col("last.shard")) & (F.col("seq") == F.col("last.seq")))
    )
    # ids in ingest's write order: postings first met in earlier shards come first, and
    # within a shard by the order it met them (an offset per shard plus a rank inside it)
    counts = {
        int(r["s"]): int(r["n"])
        for r in marked.groupBy(F.col("first.shard").alias("s")).agg(F.count("*").alias("n"))
        .collect()
    }  # fmt: skip
    offsets, total = [], 0
    for shard in sorted(counts):
        offsets.append((shard, total))
        total += counts[shard]
    offset_frame = spark.createDataFrame(offsets or [(0, 0)], "s long, offset long")
    rank = F.row_number().over(Window.partitionBy("first.shard").orderBy("first.seq"))
    winners = (
        marked.withColumn("rank", rank)
        .join(F.broadcast(offset_frame), F.col("first.shard") == F.col("s"))
        .withColumn("id", F.col("offset") + F.col("rank"))
    )
    schema_all = table_schema()
    files = {}

    def write(frame: Any, table: str, order: list[str]) -> None:
        columns = [c for c, _ in schema_all[table]["columns"]]
        name = table
        frame.select(*columns).orderBy(*order).write.mode("overwrite").parquet(str(out / name))
        files[table] = name

    posting_columns = []
    for column, kind in schema_all["postings"]["columns"]:
        if column in ("first_seen", "updated_at"):
            posting_columns.append(F.lit(now).alias(column))
        elif column == "duplicate_of" and dedup is not None:
            posting_columns.append(F.col("canonical").alias(column))
        elif column in ("last_seen", "closed_at", "duplicate_of"):
            posting_columns.append(F.lit(None).cast(_spark_type(kind)).alias(column))
        else:
            posting_columns.append(F.col(column))
    if dedup is not None:
        # roleatlas dedup's own clustering, on the driver over the postings streamed in id
        # order (it keeps signatures, not texts); then the pairs are joined back
        winners = winners.persist()
        rows = (tuple(r) for r in winners.select(*DEDUP_COLUMNS).orderBy("id").toLocalIterator())
        pairs, clusters, _ = duplicate_pairs(rows)
        dedup.update(_dedup_counts(pairs, clusters))
        marks = spark.createDataFrame(pairs or [(0, 0)], "dup_id long, canonical long")
        winners = winners.join(F.broadcast(marks) if len(pairs) < 1_000_000 else marks,
                               winners["id"] == marks["dup_id"], "left")  # fmt: skip
    write(winners.select(*posting_columns), "postings", ["id"])
    keys = winners.select(
        F.col("shard").alias("k_shard"), F.col("seq").alias("k_seq"), F.col("id").alias("k_id")
    )
    for table in _CHILDREN:
        child = spark.read.parquet(str(staged / table))
        # a posting's rows keep their staged order: number them before the join
        child = child.withColumn("k_order", F.monotonically_increasing_id())
        joined = child.join(
            keys,
            (child["shard"] == keys["k_shard"]) & (child["posting_id"] == keys["k_seq"]),
        ).withColumn("posting_id", F.col("k_id"))
        write(joined.select(*[c for c, _ in schema_all[table]["columns"]], "k_order"), table,
              ["posting_id", "k_order"])  # fmt: skip
    rejects = spark.read.parquet(str(staged / "rejects"))
    by_reason = Window.partitionBy("origin", "reason").orderBy("shard", "seq")
    firsts = rejects.withColumn("n", F.row_number().over(by_reason)).where(F.col("n") == 1)
    numbered = firsts.withColumn(
        "id", F.row_number().over(Window.orderBy("shard", "seq"))
    ).select(
        "id", "origin", "source", "source_id", "reason", "raw",
        F.lit(1).cast("long").alias("run_id"), F.lit(now).alias("created_at"),
    )  # fmt: skip
    write(numbered, "rejects", ["id"])
    _aggregates_spark(spark, out)
    return files


def _write_ordered(frame: Any, path: Path) -> None:
    frame.write.mode("overwrite").parquet(str(path))


# -- aggregates -------------------------------------------------------------------------------
_ASKED = "m.section NOT IN ('company', 'benefits') AND m.skill IS NOT NULL"
_PAY_OK = "p.salary_usd_max IS NOT NULL AND coalesce(p.salary_flags, '') NOT LIKE '%implausible%'"
AGGREGATES = {
    # postings of each role that ask for each skill (outside company and benefits text)
    "role_skill_postings": (
        "SELECT p.role, m.skill, count(DISTINCT p.id) AS postings FROM postings p "
        f"JOIN skill_mentions m ON m.posting_id = p.id WHERE p.role IS NOT NULL AND {_ASKED} "
        "GROUP BY p.role, m.skill"
    ),
    # posted annual pay in USD (upper bound of the range) per role and level
    "role_level_pay": (
        "SELECT p.role, p.level, count(*) AS postings, "
        "round(percentile(p.salary_usd_max, 0.25), 2) AS p25, "
        "round(percentile(p.salary_usd_max, 0.5), 2) AS p50, "
        "round(percentile(p.salary_usd_max, 0.75), 2) AS p75 FROM postings p "
        f"WHERE p.role IS NOT NULL AND {_PAY_OK} GROUP BY p.role, p.level"
    ),
}


def _aggregates_spark(spark: Any, out: Path) -> None:
    for table in ("postings", "skill_mentions"):
        spark.read.parquet(str(out / table)).createOrReplaceTempView(table)
    for name, sql in AGGREGATES.items():
        _write_ordered(spark.sql(sql).orderBy(*_agg_order(name)), out / "aggregates" / name)


def _agg_order(name: str) -> list[str]:
    return ["role", "skill"] if name == "role_skill_postings" else ["role", "level"]


def _aggregates_local(out: Path) -> None:
    """The same aggregates with DuckDB when it is installed (else none are written)."""
    try:
        import duckdb
    except ImportError:
        return
    con = duckdb.connect()
    for table in ("postings", "skill_mentions"):
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{out / table}.parquet')")
    for name, sql in AGGREGATES.items():
        target = out / "aggregates" / name
        target.mkdir(parents=True, exist_ok=True)
        query = sql.replace("percentile(", "quantile_cont(")
        order = ", ".join(f"{c} NULLS FIRST" for c in _agg_order(name))  # as Spark sorts
        con.execute(
            f"COPY ({query} ORDER BY {order}) TO '{target / 'part-0.parquet'}' (FORMAT parquet)"
        )
    con.close()


# -- the job ----------------------------------------------------------------------------------
def run_batch(
    inputs: Sequence[Path | str],
    out_dir: Path | str,
    *,
    engine: str = "spark",
    master: str | None = None,
    options: BatchOptions | None = None,
    dedup: bool = False,
) -> dict[str, Any]:
    """Run the pipeline over ``inputs`` (one task per file) and write the store's tables to
    ``out_dir`` (see the module docstring).

    Returns
    -------
    dict
        The manifest written to ``out_dir/manifest.json``: tables with their files and row
        counts, the engine, per-shard counts and the seconds each stage took.

    Raises
    ------
    InputError
        For an unknown engine, a missing input, or an ``out_dir`` that is a file.
    """
    if engine not in ENGINES:
        raise InputError(f"Unknown engine {engine!r}; use one of: {', '.join(ENGINES)}.")
    options = options or BatchOptions()
    paths = [str(p) for p in inputs]
    if not paths:
        raise InputError("Give at least one input file (a shard of postings).")
    for path in paths:
        if not Path(path).is_file():
            raise InputError(f"The input {path!r} is not a file. Pass the shard files.")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"The output {str(out)!r} is a file; give a folder.")
    out.mkdir(parents=True, exist_ok=True)
    for stale in [out / "_shards", out / "aggregates", *(out / t for t in SHARD_TABLES)]:
        shutil.rmtree(stale, ignore_errors=True)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    found: dict[str, Any] | None = {} if dedup else None
    started = time.perf_counter()
    if engine == "spark":
        spark = _session(master)
        try:
            sc = spark.sparkContext
            tasks = sc.parallelize(list(enumerate(paths)), max(1, len(paths)))
            target = str(out.resolve())
            shards = tasks.map(lambda item: shard_task(item[0], item[1], target, options)).collect()
            mapped = time.perf_counter()
            files = _reduce_spark(spark, out, now, found)
        finally:
            spark.stop()
    else:
        shards = [shard_task(i, p, str(out), options) for i, p in enumerate(paths)]
        mapped = time.perf_counter()
        tables = _reduce_local(out, now)
        if found is not None:
            tables["postings"] = _dedup_local(tables["postings"], found)
        files = _write_local(out, tables)
        _aggregates_local(out)
    reduced = time.perf_counter()
    _write_run(out, paths, shards, now, files)
    manifest = _manifest(out, files, engine, shards, mapped - started, reduced - mapped, found)
    shutil.rmtree(out / "_shards", ignore_errors=True)
    return manifest


def _session(master: str | None) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError(
            "The spark engine needs PySpark and Java 17+: pip install 'roleatlas[spark]' and "
            "apt-get install default-jre-headless (or use --engine local)."
        ) from None
    import os
    import sys

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("roleatlas-batch")
    if master:
        builder = builder.master(master)
    elif "PYSPARK_GATEWAY_PORT" not in os.environ:  # not under spark-submit, which sets one
        builder = builder.master("local[*]")
    return (
        builder.config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def _write_run(
    out: Path, paths: list[str], shards: list[dict[str, Any]], now: str, files: dict[str, str]
) -> None:
    import pyarrow.parquet as pq

    per_source: dict[str, dict[str, int]] = {}
    for shard in shards:
        for source, counts in shard["summary"]["per_source"].items():
            mine = per_source.setdefault(source, {})
            for name, value in counts.items():
                mine[name] = mine.get(name, 0) + int(value)
    summary = {"paths": paths, "engine_shards": len(shards), "per_source": per_source}
    columns = table_schema()["ingest_runs"]["columns"]
    row = (1, now, now, json.dumps(paths, ensure_ascii=False),
           json.dumps(summary, ensure_ascii=False, sort_keys=True))  # fmt: skip
    pq.write_table(arrow_table([row], arrow_schema(columns)), out / "ingest_runs.parquet")
    files["ingest_runs"] = "ingest_runs.parquet"


def _manifest(
    out: Path,
    files: dict[str, str],
    engine: str,
    shards: list[dict[str, Any]],
    map_seconds: float,
    reduce_seconds: float,
    dedup: dict[str, Any] | None,
) -> dict[str, Any]:
    import pyarrow.dataset as ds

    schema_all = table_schema()
    tables = {}
    for table, name in sorted(files.items()):
        rows = ds.dataset(out / name, format="parquet").count_rows()
        tables[table] = {"file": name, "rows": rows,
                         "columns": [[c, t] for c, t in schema_all[table]["columns"]]}  # fmt: skip
    manifest = {
        "roleatlas": __version__,
        "schema_version": SCHEMA_VERSION,
        "format": "parquet",
        "tables": tables,
        "aggregates": sorted(p.name for p in (out / "aggregates").iterdir())
        if (out / "aggregates").is_dir()
        else [],
        "batch": {
            "engine": engine,
            "norm_version": NORM_VERSION,
            "shards": [{k: v for k, v in s.items() if k != "summary"} for s in shards],
            "map_seconds": round(map_seconds, 1),
            "reduce_seconds": round(reduce_seconds, 1),
            "dedup": dedup,
        },
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def table_digests(folder: Path | str) -> dict[str, str]:
    """A SHA-256 of each table of an export or batch folder, over its rows in key order,
    leaving out :data:`VOLATILE` columns and ``ingest_runs`` (when the run happened): two
    folders with the same digests hold the same data."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    out = Path(folder)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    schema_all = table_schema()
    digests = {}
    for table, entry in sorted(manifest["tables"].items()):
        if table == "ingest_runs":
            continue
        columns = [c for c, _ in schema_all[table]["columns"] if c not in VOLATILE.get(table, ())]
        frame = ds.dataset(out / entry["file"], format="parquet").to_table(columns=columns)
        # 64-bit string offsets: a million descriptions pass the 2 GB a string array can hold
        wide = pa.schema(
            [pa.field(f.name, pa.large_string()) if pa.types.is_string(f.type) else f
             for f in frame.schema]
        )  # fmt: skip
        frame = frame.cast(wide).combine_chunks()
        key = [k for k in schema_all[table]["key"] if k != "rowid"] or columns[:1]
        order = pc.sort_indices(frame.select(key), sort_keys=[(k, "ascending") for k in key])
        digest = hashlib.sha256()
        for start in range(0, frame.num_rows, 50_000):  # a stable sort, read a page at a time
            page = frame.take(order.slice(start, 50_000))
            for row in zip(*(c.to_pylist() for c in page.columns), strict=True):
                digest.update(json.dumps(row, ensure_ascii=False).encode())
                digest.update(b"\n")
        digests[table] = f"{frame.num_rows}:{digest.hexdigest()[:16]}"
    return digests
