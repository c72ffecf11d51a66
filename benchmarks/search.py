"""Search index: build time, size, and query latency (keyword + 2 filters, top 20).

For each corpus size, takes a store of resampled real postings from ``benchmarks/corpus.py``
(``build_corpus(n)``; "sample" is the real corpus itself), builds the tantivy index into a
temporary directory (the cached corpus is never written), then runs the same set of queries
two ways in this process:

* **index**: :meth:`roleatlas.search.SearchIndex.search` (total count + top 20 by relevance);
* **baseline**: SQLite without full-text search, the way the store could answer it today:
  the filters as ``WHERE`` clauses plus one ``LIKE '%word%'`` per keyword over title and
  description, newest first, ``LIMIT 20`` (no total count, so it does less work).

Query latency is wall time per query (``time.perf_counter``), after a warm-up pass, with the
CPU time of the same calls next to it (a query runs in the calling thread; on a shared
machine wall-time tails are mostly waiting for a core). The build is
reported in CPU time (``time.process_time``, this process; tantivy's indexing threads are
included) and wall time. Also reported: a sync with nothing to do (the cost ``ingest`` pays
on every run) and the index size on disk.

Usage: ``python benchmarks/search.py [--sizes sample 1000000] [--queries 200]
[--baseline-queries 30] [--keep-index DIR] [--json]`` (``--keep-index`` keeps the built
indexes so a rerun measures queries without building again)
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus  # noqa: E402
from roleatlas.search import SearchIndex, SearchQuery, build_index, index_exists, sync_index  # noqa: E402
from roleatlas.settings import resolve_settings  # noqa: E402
from roleatlas.store import Store  # noqa: E402

#: The real corpus size (all of ../shared/data/postings-*): "sample" in --sizes.
SAMPLE = 11_717

KEYWORDS = [
    "data scientist",
    "machine learning",
    "python",
    "engineer",
    "sql",
    "analyst",
    "spark",
    "pytorch",
    "deep learning",
    "cloud",
    "statistics",
    "research",
    "backend",
    "tableau",
    "kubernetes",
    "nlp",
    "senior",
    "product",
    "aws",
    "computer vision",
]
FILTERS: list[dict[str, Any]] = [
    {"country": "US"},
    {"country": "GB"},
    {"country": "PL"},
    {"level": "SE"},
    {"level": "MI"},
    {"remote": True},
    {"min_salary_usd": 100_000.0},
    {"role": "data-scientist"},
    {"role": "software-engineer"},
    {"employment_type": "full_time"},
]


def queries(n: int, seed: int = 0) -> list[SearchQuery]:
    """``n`` deterministic queries: one keyword phrase and two filters of different kinds."""
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        first, second = rng.sample(FILTERS, 2)
        if first.keys() == second.keys():
            continue
        out.append(SearchQuery(text=rng.choice(KEYWORDS), **first, **second, limit=20))
    return out


def baseline_sql(q: SearchQuery) -> tuple[str, list[Any]]:
    where, params = [], []
    for name in ("role", "level", "employment_type"):
        if getattr(q, name) is not None:
            where.append(f"{name} = ?")
            params.append(getattr(q, name))
    if q.country is not None:
        where.append("(country = ? OR remote_scope = ?)")
        params += [q.country, q.country]
    if q.remote is True:
        where.append("workplace = 'remote'")
    if q.min_salary_usd is not None:
        where.append("salary_usd_max >= ?")
        params.append(q.min_salary_usd)
    for word in (q.text or "").split():
        where.append("(title LIKE ? OR description LIKE ?)")
        params += [f"%{word}%", f"%{word}%"]
    sql = "SELECT source, source_id FROM postings"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + " ORDER BY posted_at DESC, id LIMIT 20", params


def percentiles(ms: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": round(cuts[49], 3), "p95": round(cuts[94], 3), "n": len(ms)}


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(size: int, n_queries: int, n_baseline: int, keep: Path | None) -> dict[str, Any]:
    home = build_corpus(size)
    db = resolve_settings(home=str(home)).db_path
    out: dict[str, Any] = {"postings": size}
    with Store(db).open() as store, tempfile.TemporaryDirectory(dir=home.parent) as tmp:
        out["postings"] = store.count()
        path = (keep / f"n{size}") if keep else Path(tmp) / "index"
        if keep and index_exists(path):
            out["build"] = {"reused": str(path)}
        else:
            cpu, wall = time.process_time(), time.perf_counter()
            docs = build_index(store, path)
            out["build"] = {
                "docs": docs,
                "cpu_s": round(time.process_time() - cpu, 1),
                "wall_s": round(time.perf_counter() - wall, 1),
                "docs_per_s_wall": round(docs / (time.perf_counter() - wall)),
            }
        out["index_bytes"] = dir_size(path)
        out["db_bytes"] = db.stat().st_size
        wall = time.perf_counter()
        assert sync_index(store, path) == 0
        out["sync_nothing_changed_s"] = round(time.perf_counter() - wall, 2)

        index = SearchIndex.open(path)
        qs = queries(n_queries)
        for q in qs[:20]:  # warm-up: page in the index files
            index.search(q)
        latency, cpu_ms, totals = [], [], []
        for q in qs:
            started, cpu = time.perf_counter(), time.process_time()
            result = index.search(q)
            latency.append((time.perf_counter() - started) * 1000)
            cpu_ms.append((time.process_time() - cpu) * 1000)
            totals.append(result.total)
        out["index_ms"] = percentiles(latency)
        out["index_cpu_ms"] = percentiles(cpu_ms)
        out["median_total"] = statistics.median(totals)

        base, base_cpu = [], []
        conn = store.conn
        for q in qs[:n_baseline]:
            sql, params = baseline_sql(q)
            started, cpu = time.perf_counter(), time.process_time()
            conn.execute(sql, params).fetchall()
            base.append((time.perf_counter() - started) * 1000)
            base_cpu.append((time.process_time() - cpu) * 1000)
        out["baseline_ms"] = percentiles(base)
        out["baseline_cpu_ms"] = percentiles(base_cpu)
        same = percentiles(latency[:n_baseline])
        out["ratio_p50"] = round(out["baseline_ms"]["p50"] / same["p50"], 1)
        out["ratio_p95"] = round(out["baseline_ms"]["p95"] / same["p95"], 1)
        del index
    shutil.rmtree(Path(tmp), ignore_errors=True)
    return out


def report(r: dict[str, Any]) -> None:
    b, ix, ixc = r["build"], r["index_ms"], r["index_cpu_ms"]
    bl, blc = r["baseline_ms"], r["baseline_cpu_ms"]
    built = (
        f"reused {b['reused']}"
        if "reused" in b
        else f"build {b['wall_s']} s wall, {b['cpu_s']} s CPU ({b['docs_per_s_wall']:,}/s)"
    )
    print(
        f"{r['postings']:>9,} postings | {built} | index {r['index_bytes'] / 1e6:,.0f} MB "
        f"(db {r['db_bytes'] / 1e6:,.0f} MB) | sync no-op {r['sync_nothing_changed_s']} s"
    )
    print(
        f"    index    p50 {ix['p50']:8.2f} ms  p95 {ix['p95']:8.2f} ms  (CPU p50 "
        f"{ixc['p50']:.2f}, p95 {ixc['p95']:.2f}; n={ix['n']}, median total {r['median_total']:,})"
    )
    print(
        f"    baseline p50 {bl['p50']:8.2f} ms  p95 {bl['p95']:8.2f} ms  (CPU p50 "
        f"{blc['p50']:.2f}, p95 {blc['p95']:.2f}; n={bl['n']})  "
        f"baseline/index: p50 {r['ratio_p50']}x, p95 {r['ratio_p95']}x",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["sample"], help="sample and/or N")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--baseline-queries", type=int, default=30)
    parser.add_argument(
        "--keep-index",
        type=Path,
        default=None,
        help="build each index in DIR/n<N> and keep it; reuse it (skipping the build) next time",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        n = SAMPLE if size == "sample" else int(size)
        result = run(n, args.queries, args.baseline_queries, args.keep_index)
        results.append(result)
        if not args.json:
            report(result)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
