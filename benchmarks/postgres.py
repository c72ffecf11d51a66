"""The PostgreSQL store beside SQLite on the same resampled corpus: latency and equal answers.

For each corpus size (``benchmarks/corpus.py``: resampled real postings in SQLite) the script

1. copies the corpus into a PostgreSQL database ``roleatlas_bench_n<N>`` the way a user
   would move a store (``export_tables`` to Parquet, then ``load_tables``), once (kept for
   reruns; its time is reported);
2. in this process, on both stores, times
   * **jobs**: ``Store.jobs`` for a role, top 20 (the job list's query);
   * **search**: ``search_postings`` (keywords + role, top 20) through the same search index,
     reading the hits' postings from each store;
   * **compare (cached)**: ``compare_roles`` of two roles once its figures are cached;
   * **compare (uncached)**: the same after ``clear_cache`` (as after an ingest);
   * **baseline**: ``SELECT count(*) FROM postings WHERE role = ?``, the floor of any role query;
3. checks that both stores give the same comparison JSON (digest) for every pair.

It reports p50 and p95 wall milliseconds per case and engine, and PostgreSQL / SQLite.
The server is named by ``--server`` or ``ROLEATLAS_TEST_POSTGRES`` (a role that may create
databases); it runs on the same machine.

Usage: ``python benchmarks/postgres.py [--sizes 11717 1000000] [--repeat 20] [--json]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import bench_home, sync  # noqa: E402
from corpus import CACHE, build_corpus  # noqa: E402
from roleatlas.insights.compare import compare_roles  # noqa: E402
from roleatlas.report.compare import to_json  # noqa: E402
from roleatlas.search import SearchIndex, SearchQuery, index_dir, search_postings  # noqa: E402
from roleatlas.settings import resolve_settings  # noqa: E402
from roleatlas.store import JobQuery, Store  # noqa: E402
from roleatlas.store.exchange import export_tables, load_tables  # noqa: E402
from roleatlas.store.insights import clear_cache  # noqa: E402

PAIRS = [
    ("Machine Learning Research Engineer", "Machine Learning Scientist"),
    ("Data Scientist", "Data Engineer"),
]
ROLES = ["data-scientist", "data-engineer", "machine-learning-engineer", "data-analyst"]
SEARCHES = [("python", "data-scientist"), ("spark", "data-engineer"),
            ("pytorch", "machine-learning-engineer"), ("sql", "data-analyst")]  # fmt: skip


def postgres_copy(n: int, server: str) -> tuple[str, dict[str, Any]]:
    """The URL of a PostgreSQL copy of corpus ``n`` (made once, by export + load)."""
    import psycopg

    corpus = build_corpus(n)
    name = f"roleatlas_bench_n{n}"
    url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    with Store(resolve_settings(home=str(corpus)).db_path).open() as lite:
        want = lite.count()
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists:
        with Store(url).open() as store:
            if store.count() == want:
                return url, {"reused": True}
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    folder = CACHE / f"pg-n{n}"
    started = time.perf_counter()
    with Store(resolve_settings(home=str(corpus)).db_path).open() as lite:
        export_tables(lite, folder)
    exported = time.perf_counter()
    with Store(url).open() as store:
        load_tables(store, folder)
        store.conn.execute("ANALYZE")
    loaded = time.perf_counter()
    return url, {"export_s": round(exported - started, 1), "load_s": round(loaded - exported, 1)}


def _times(fn: Any, repeat: int) -> dict[str, float]:
    fn()  # warm: connection caches, the page cache, the derived-figure cache
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))], 2),
    }


def measure(store: Store, index: SearchIndex, repeat: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["baseline"] = _times(
        lambda: [
            store.conn.execute("SELECT count(*) FROM postings WHERE role = ?", (r,)).fetchone()
            for r in ROLES
        ],
        repeat,
    )
    out["jobs"] = _times(lambda: [store.jobs(JobQuery(role=r, limit=20)) for r in ROLES], repeat)
    queries = [SearchQuery(text=q, role=r, limit=20) for q, r in SEARCHES]
    out["search"] = _times(lambda: [search_postings(store, index, q) for q in queries], repeat)
    out["compare_cached"] = _times(
        lambda: [compare_roles(store, list(pair)) for pair in PAIRS], repeat
    )

    def uncached() -> None:
        clear_cache(store)
        for pair in PAIRS:
            compare_roles(store, list(pair))

    out["compare_uncached"] = _times(uncached, max(3, repeat // 5))
    out["digests"] = [
        hashlib.sha256(
            json.dumps(to_json(compare_roles(store, list(p))), sort_keys=True).encode()
        ).hexdigest()[:16]
        for p in PAIRS
    ]
    return out


def run_size(n: int, server: str, repeat: int) -> dict[str, Any]:
    home = bench_home(n)
    sync(home)
    index = SearchIndex.open(index_dir(home))
    url, copied = postgres_copy(n, server)
    result: dict[str, Any] = {"n": n, "copy": copied}
    with Store(resolve_settings(home=str(home)).db_path).open() as lite:
        result["sqlite"] = measure(lite, index, repeat)
    with Store(url).open() as server_store:
        result["postgresql"] = measure(server_store, index, repeat)
    result["same_comparisons"] = result["sqlite"]["digests"] == result["postgresql"]["digests"]
    return result


def report(results: list[dict[str, Any]]) -> str:
    lines = [
        "| corpus | case | SQLite p50 ms | SQLite p95 ms | PostgreSQL p50 ms | PostgreSQL p95 ms "
        "| PostgreSQL / SQLite (p50) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for case in ("baseline", "jobs", "search", "compare_cached", "compare_uncached"):
            a, b = r["sqlite"][case], r["postgresql"][case]
            lines.append(
                f"| {r['n']:,} | {case} | {a['p50_ms']} | {a['p95_ms']} | {b['p50_ms']} | "
                f"{b['p95_ms']} | {b['p50_ms'] / max(a['p50_ms'], 0.01):.2f} |"
            )
    for r in results:
        lines.append(
            f"\nn={r['n']:,}: same comparison JSON on both engines: {r['same_comparisons']}; "
            f"copy to PostgreSQL: {r['copy']}."
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[11717, 1_000_000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--server", default=os.environ.get("ROLEATLAS_TEST_POSTGRES"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.server:
        sys.exit("Name a PostgreSQL server: --server URL or ROLEATLAS_TEST_POSTGRES.")
    results = [run_size(n, args.server, args.repeat) for n in args.sizes]
    print(json.dumps(results, indent=1) if args.json else report(results))
    if not all(r["same_comparisons"] for r in results):
        sys.exit("The engines gave different comparisons.")


if __name__ == "__main__":
    main()
