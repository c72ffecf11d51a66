"""`roleatlas batch` on Spark against `roleatlas ingest`, on the same resampled real postings.

The input is ``N`` raw records in ``S`` JSONL shards made of the real postings of
``../shared/data/postings-*/postings.jsonl.gz``: round ``k`` repeats every real record with the
id ``<id>~r<k>``, so each posting is real and only the corpus size is not. Rounds follow one
another and are cut into equal shards, so a shard never repeats a description within the
extraction cache's reach (1,024 descriptions): every posting costs a full extraction.

In one process it then runs

1. the baseline, ``ingest`` of every shard into a fresh SQLite store (one core), and exports
   its tables;
2. ``run_batch(engine="spark", master="local[C]")`` in a child process; its CPU time is
   that process's and its descendants' (the JVM, Spark's Python workers), read from
   ``/proc`` every 0.2 s while it runs (so a little of the last interval is missed);
3. the digests of both outputs (``roleatlas.pipeline.batch.table_digests``), which must be
   equal.

It reports postings per wall second and per CPU second for both, and batch's speed-up over
ingest. Shards are cached under ``benchmarks/.cache/batch-n<N>-s<S>/``.

Usage: ``python benchmarks/batch.py [--n 100000] [--shards 8] [--cores 2] [--json]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import tree_cpu  # noqa: E402
from roleatlas.pipeline.batch import SHARD_TABLES, table_digests  # noqa: E402
from roleatlas.pipeline.run import ingest  # noqa: E402
from roleatlas.store import Store  # noqa: E402
from roleatlas.store.exchange import export_tables  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CACHE = Path(__file__).resolve().parent / ".cache"
TABLES = [*SHARD_TABLES, "ingest_runs"]


def make_shards(n: int, shards: int) -> list[Path]:
    """``n`` resampled real records in ``shards`` JSONL files (cached)."""
    folder = CACHE / f"batch-n{n}-s{shards}"
    paths = [folder / f"shard-{i:03d}.jsonl" for i in range(shards)]
    if all(p.is_file() for p in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    real = []
    for path in sorted(SHARED.glob("postings-*/postings.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            real.extend(json.loads(line) for line in fh if line.strip())
    if not real:
        sys.exit(f"No postings under {SHARED}/postings-*/; nothing to measure.")
    per_shard = -(-n // shards)
    handles = [p.open("w", encoding="utf-8") for p in paths]
    try:
        for i in range(n):
            k, row = divmod(i, len(real))
            record = dict(real[row])
            if k:
                record["id"] = f"{record['id']}~r{k}"
            handles[i // per_shard].write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        for handle in handles:
            handle.close()
    return paths


def run_ingest(paths: list[Path], tmp: Path) -> dict[str, Any]:
    with Store(tmp / "ingest.db").open() as store:
        cpu, wall = time.process_time(), time.perf_counter()
        summary = ingest(paths, store)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        export_tables(store, tmp / "ingest", tables=TABLES)
    return {"postings": summary.new, "cpu_s": cpu, "wall_s": wall}


_CHILD = """
import json, sys
from roleatlas.pipeline.batch import run_batch
manifest = run_batch(sys.argv[3:], sys.argv[1], engine="spark", master=sys.argv[2])
print(json.dumps(manifest["batch"]))
"""


def run_spark(paths: list[Path], out: Path, cores: int) -> dict[str, Any]:
    wall = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log, tempfile.TemporaryFile("w+") as result:
        proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(out), f"local[{cores}]", *map(str, paths)],
            stdout=result,
            stderr=log,
            text=True,
        )
        seen: dict[int, float] = {}
        while proc.poll() is None:
            seen.update(tree_cpu(proc.pid))  # a process's last reading before it exits
            time.sleep(0.2)
        wall = time.perf_counter() - wall
        if proc.returncode:
            log.seek(0)
            sys.exit(f"batch failed:\n{log.read()[-3000:]}")
        result.seek(0)
        stages = json.loads(result.read().strip().splitlines()[-1])
    cpu = sum(seen.values())
    return {"wall_s": wall, "cpu_s": cpu, "map_s": stages["map_seconds"],
            "reduce_s": stages["reduce_seconds"]}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    paths = make_shards(args.n, args.shards)
    with tempfile.TemporaryDirectory(dir=CACHE) as name:
        tmp = Path(name)
        base = run_ingest(paths, tmp)
        print(f"ingest: {base}", file=sys.stderr, flush=True)  # kept if a later step fails
        spark = run_spark(paths, tmp / "batch", args.cores)
        print(f"batch: {spark}", file=sys.stderr, flush=True)
        same = table_digests(tmp / "ingest") == table_digests(tmp / "batch")
    n = base["postings"]
    report = {
        "records": args.n,
        "postings": n,
        "shards": args.shards,
        "spark_master": f"local[{args.cores}]",
        "ingest_postings_per_wall_s": round(n / base["wall_s"]),
        "ingest_postings_per_cpu_s": round(n / base["cpu_s"]),
        "batch_postings_per_wall_s": round(n / spark["wall_s"]),
        "batch_postings_per_cpu_s": round(n / spark["cpu_s"]),
        "batch_map_s": spark["map_s"],
        "batch_reduce_s": spark["reduce_s"],
        "batch_vs_ingest_wall": round(base["wall_s"] / spark["wall_s"], 2),
        "digests_equal": same,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key:32} {value}")
    if not same:
        sys.exit("The batch output differs from ingest's tables.")


if __name__ == "__main__":
    main()
