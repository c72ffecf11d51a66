"""Ingest throughput: parse + normalize (+ extract) + store, in postings per second per core.

Runs the full ingest (``roleatlas.pipeline.run.ingest``, with and without extraction) over every
``../shared/data/postings-*/postings.jsonl.gz`` into a fresh database, and in the same process
a baseline that only reads the same files and stores the raw JSON rows in SQLite (no
normalization). It reports both rates and their ratio, so the figure can be compared across
machines. CPU time (``time.process_time``) gives the per-core rate; wall time is printed too.

With ``--breakdown`` it also times one more ingest with extraction split into its stages
(CPU seconds spent in normalization, extraction and the store writes; the rest is reading,
hashing and the driver).

Each timed ingest starts with the per-text caches of normalization and extraction emptied
(``clear_text_caches``), as in a fresh process; the loaded catalogs and automata are kept, so
the first repeat also pays building them and the median is of runs that do not.

The ingest with extraction runs the span tagger, as ``ingest`` does by default. With
``--no-spans`` it also times an ingest without it (``ingest --no-spans``), its caches emptied
first like the others.

This machine's speed can drift by 10-20% over minutes, so the variants of one repeat run back
to back and each repeat's rates are also divided by the same repeat's baseline (and the ingest
with the span tagger by the same repeat's ingest without it). The medians of those per-repeat ratios
(``*_ratio`` in the report) compare runs made at different times better than the rates do.

Usage: ``python benchmarks/ingest.py [--repeat N] [--breakdown] [--no-spans] [--json]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from roleatlas.pipeline import run
from roleatlas.pipeline.run import clear_text_caches, ingest
from roleatlas.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def baseline(paths: list[Path], db: Path) -> tuple[int, float, float]:
    """Read each JSONL line, parse it and insert it raw: the floor any ingest pays."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE raw (source TEXT, id TEXT, body TEXT, PRIMARY KEY (source, id))")
    n = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            batch = []
            for line in fh:
                row = json.loads(line)
                batch.append((row["source"], row["id"], line))
                if len(batch) == 500:
                    conn.execute("BEGIN")
                    conn.executemany("INSERT OR REPLACE INTO raw VALUES (?, ?, ?)", batch)
                    conn.execute("COMMIT")
                    n += len(batch)
                    batch = []
            if batch:
                conn.execute("BEGIN")
                conn.executemany("INSERT OR REPLACE INTO raw VALUES (?, ?, ?)", batch)
                conn.execute("COMMIT")
                n += len(batch)
    result = n, time.process_time() - cpu, time.perf_counter() - wall
    conn.close()
    return result


def full(
    paths: list[Path], db: Path, extract: bool = True, spans: bool | None = None
) -> tuple[int, float, float, float]:
    clear_text_caches()  # as cold as a fresh `roleatlas ingest` (built automata are kept)
    with Store(db).open() as store:
        cpu, wall = time.process_time(), time.perf_counter()
        summary = ingest(paths, store, extract=extract, spans=spans)
        cpu_s, wall_s = time.process_time() - cpu, time.perf_counter() - wall
        cpu2 = time.process_time()
        again = ingest(paths, store, extract=extract, spans=spans)
        rerun_cpu = time.process_time() - cpu2
    assert again.new == 0 and again.updated == 0, "a rerun must add and change nothing"
    return summary.total, cpu_s, wall_s, rerun_cpu


def breakdown(paths: list[Path], db: Path) -> dict[str, float]:
    """CPU seconds of one ingest with extraction, split into normalize / extract / store."""
    spent = {"normalize": 0.0, "extract": 0.0, "store": 0.0}

    def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - started

        return wrapper

    saved = run.normalize_posting, run.extract_text, Store.write_batch
    run.normalize_posting = timed("normalize", run.normalize_posting)  # type: ignore[assignment]
    run.extract_text = timed("extract", run.extract_text)  # type: ignore[assignment]
    Store.write_batch = timed("store", Store.write_batch)  # type: ignore[method-assign]
    try:
        clear_text_caches()
        with Store(db).open() as store:
            cpu = time.process_time()
            ingest(paths, store)
            total = time.process_time() - cpu
    finally:
        run.normalize_posting, run.extract_text, Store.write_batch = saved  # type: ignore[method-assign]
    spent["rest"] = total - sum(spent.values())
    spent["total"] = total
    return {name: round(value, 2) for name, value in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--breakdown", action="store_true")
    parser.add_argument(
        "--no-spans",
        action="store_true",
        help="also time an ingest without the span tagger (ingest --no-spans), same run",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    paths = sorted(SHARED.glob("postings-*/postings.jsonl.gz"))
    if not paths:
        sys.exit(f"No postings found under {SHARED}/postings-*/; nothing to measure.")
    base_rates, full_rates, walls, reruns, norm_rates, plain_rates = [], [], [], [], [], []
    ratios: dict[str, list[float]] = {"extraction": [], "no_extraction": [], "no_spans": []}
    spans_vs_no_spans: list[float] = []
    n = 0
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            bn, bcpu, _ = baseline(paths, Path(tmp) / "base.db")
            n, cpu, wall, rerun = full(paths, Path(tmp) / "full.db")
            nn, ncpu, _, _ = full(paths, Path(tmp) / "norm.db", extract=False)
            if args.no_spans:
                sn, scpu, _, _ = full(paths, Path(tmp) / "plain.db", spans=False)
                plain_rates.append(sn / scpu)
        norm_rates.append(nn / ncpu)
        base_rates.append(bn / bcpu)
        full_rates.append(n / cpu)
        # per-repeat ratios: the variants of one repeat ran within a minute of each other
        ratios["extraction"].append(full_rates[-1] / base_rates[-1])
        ratios["no_extraction"].append(norm_rates[-1] / base_rates[-1])
        if args.no_spans:
            ratios["no_spans"].append(plain_rates[-1] / base_rates[-1])
            spans_vs_no_spans.append(full_rates[-1] / plain_rates[-1])
        walls.append(n / wall)
        reruns.append(n / rerun)
    report = {
        "postings": n,
        "files": [str(p.relative_to(SHARED)) for p in paths],
        "repeat": args.repeat,
        "baseline_postings_per_cpu_s": round(statistics.median(base_rates)),
        "ingest_no_extraction_postings_per_cpu_s": round(statistics.median(norm_rates)),
        "ingest_postings_per_cpu_s": round(statistics.median(full_rates)),
        "ingest_postings_per_wall_s": round(statistics.median(walls)),
        "rerun_postings_per_cpu_s": round(statistics.median(reruns)),
        "ingest_vs_baseline": round(
            statistics.median(full_rates) / statistics.median(base_rates), 3
        ),
        "goal_postings_per_cpu_s": "1000 without extraction, 500 with",
    }
    report["no_extraction_vs_baseline_ratio"] = round(statistics.median(ratios["no_extraction"]), 4)
    report["extraction_vs_baseline_ratio"] = round(statistics.median(ratios["extraction"]), 4)
    if plain_rates:
        report["ingest_no_spans_postings_per_cpu_s"] = round(statistics.median(plain_rates))
        report["no_spans_vs_baseline_ratio"] = round(statistics.median(ratios["no_spans"]), 4)
        report["spans_vs_no_spans_ratio"] = round(statistics.median(spans_vs_no_spans), 4)
    if args.breakdown:
        with tempfile.TemporaryDirectory() as tmp:
            report["breakdown_cpu_s"] = breakdown(paths, Path(tmp) / "split.db")
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        if key != "files":
            print(f"{key:40} {value}")


if __name__ == "__main__":
    main()
