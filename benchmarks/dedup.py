"""Dedup cost per 1,000 postings: ``cluster_postings`` and ``dedup_store`` at 10k, 100k and 1M.

For each size N the postings are the store of ``benchmarks/corpus.py`` (``build_corpus(N)``,
cached under ``benchmarks/.cache/n<N>/``): the real postings of ``../shared/data/postings-*``,
resampled. Above the real count every real posting is copied with the source id
``<source_id>~r<k>`` and the SAME text, company, title and location, so a 1M corpus is about
42 copies of each real posting: almost every posting is an exact duplicate of another, and
the clusters are about as many as the real postings. Measured in one process, per N:

* **baseline**: read the same N rows from SQLite (the columns ``Store.iter_dedup_rows``
  reads) and compute one blake2b digest per description: the floor any dedup pays.
* **cluster_postings**: :func:`roleatlas.pipeline.dedup.cluster_postings` over N
  :class:`~roleatlas.pipeline.dedup.DedupItem` built from those rows (not through the store;
  building the items is not timed).
* **dedup_store**: :func:`roleatlas.pipeline.dedup_run.dedup_store` on a private copy of the
  corpus store (read every posting, cluster, write ``duplicate_of``), for the ``--store-sizes``
  only (copying the 1M store is 8+ GB; the clustering inside is the same work as the row
  above).

Times are CPU seconds of this process (``time.process_time``) and wall seconds; the rate is
CPU seconds per 1,000 postings. Peak RSS growth is the process's ``VmHWM`` after the step
minus ``VmRSS`` before it, with the high-water mark reset before each step (``5`` written to
``/proc/self/clear_refs``) and freed memory handed back first (``gc.collect``,
``malloc_trim``), so each step's peak is its own. Inputs held before a step (the rows and items
of ``cluster_postings``) are not in its growth; ``dedup_store`` reads its own rows, so its
growth is the whole dedup run.

The work of ``cluster_postings`` is dominated by candidate comparisons: every posting with a
description of 20+ words is compared with the kept signatures of its company key (up to
``max_per_company``, a Python loop over each), and with the postings sharing an LSH band.
``comparisons`` estimates the first count from the company keys of the rows: on a resampled
corpus it grows with the square of the copies per company, which is why the rate per 1,000
postings is not constant.

Usage: ``python benchmarks/dedup.py [--sizes 10000 100000 1000000] [--store-sizes 10000 100000]
[--json]``. With the current clustering 1M takes about 45 CPU minutes of
``cluster_postings`` alone (docs/benchmarks.md, "Dedup"); ``--sizes 10000 100000 300000``
fits in about 15 minutes.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import gc
import hashlib
import json
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus  # noqa: E402
from roleatlas.pipeline.dedup import DedupIndex, DedupItem, cluster_postings, shingles  # noqa: E402
from roleatlas.pipeline.dedup_run import dedup_store  # noqa: E402
from roleatlas.pipeline.normalize.company import normalize_company  # noqa: E402
from roleatlas.settings import resolve_settings  # noqa: E402
from roleatlas.store import Store  # noqa: E402

_COLUMNS = (
    "id, source, source_id, company, title, location_raw, country, city, description, "
    "posted_at, url"
)


def _status() -> dict[str, int]:
    """``VmRSS`` and ``VmHWM`` of this process, in KB."""
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                out[key] = int(value.split()[0])
    return out


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:  # older kernels: the peak is then the process's so far
        pass


def _release() -> None:
    """Collect garbage and hand freed heap back to the OS, so ``VmRSS`` is the live memory."""
    gc.collect()
    name = ctypes.util.find_library("c")
    if name:
        try:
            ctypes.CDLL(name).malloc_trim(0)
        except (OSError, AttributeError):  # not glibc
            pass


def _measured(func: Callable[[], Any]) -> tuple[Any, dict[str, float]]:
    """Run ``func`` and return its result with CPU s, wall s and peak RSS growth (MB)."""
    _release()
    _reset_peak()
    before = _status()["VmRSS"]
    cpu, wall = time.process_time(), time.perf_counter()
    result = func()
    cost = {"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall}
    cost["peak_rss_growth_mb"] = (_status()["VmHWM"] - before) / 1024
    return result, cost


def _read_rows(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(f"SELECT {_COLUMNS} FROM postings ORDER BY id").fetchall()


def baseline(db: Path) -> tuple[list[tuple[Any, ...]], int, dict[str, float]]:
    """Read the rows and hash each description; returns the rows, distinct digests, cost."""

    def run() -> tuple[list[tuple[Any, ...]], int]:
        rows = _read_rows(db)
        digests = {
            hashlib.blake2b((row[8] or "").encode("utf-8"), digest_size=16).digest() for row in rows
        }
        return rows, len(digests)

    (rows, distinct), cost = _measured(run)
    return rows, distinct, cost


def comparisons(rows: list[tuple[Any, ...]], cap: int) -> tuple[int, int, str]:
    """Estimated same-company signature comparisons of one clustering pass, the largest
    company bucket and its key. A copy ``<id>~r<k>`` has its original's company, source, url
    and text, so each key is worked out once per original posting."""
    memo: dict[tuple[str, str], str | None] = {}
    per_company: Counter[str] = Counter()
    for _, source, source_id, company, _, _, _, _, text, _, url in rows:
        base = (source, source_id.partition("~r")[0])
        if base not in memo:
            name = normalize_company(company, source=source, url=url)
            memo[base] = name.key if name and shingles(text) else None
        key = memo[base]
        if key is not None:
            per_company[key] += 1
    total = sum(
        cap * (n - cap) + cap * (cap - 1) // 2 if n > cap else n * (n - 1) // 2
        for n in per_company.values()
    )
    top, top_n = per_company.most_common(1)[0] if per_company else ("", 0)
    return total, top_n, top


def measure(n: int, with_store: bool) -> dict[str, Any]:
    home = build_corpus(n)
    db = resolve_settings(home=str(home)).db_path
    out: dict[str, Any] = {"n_requested": n}
    rows, distinct, cost = baseline(db)
    out["postings"] = len(rows)
    out["distinct_descriptions"] = distinct
    out["baseline"] = cost
    cap = DedupIndex().max_per_company
    out["same_company_comparisons"], out["largest_company"], out["largest_company_key"] = (
        comparisons(rows, cap)
    )
    items = [DedupItem(*row[1:]) for row in rows]
    del rows
    clusters, cost = _measured(partial(cluster_postings, items))
    out["cluster_postings"] = cost
    out["clusters"] = len(clusters)
    out["multi_member_clusters"] = sum(1 for c in clusters if c.size > 1)
    out["largest_cluster"] = max((c.size for c in clusters), default=0)
    del items, clusters
    if with_store:
        with tempfile.TemporaryDirectory(dir=Path(home).parent) as tmp:
            copy = build_corpus(n, Path(tmp))
            with Store(resolve_settings(home=str(copy)).db_path).open() as store:
                summary, cost = _measured(lambda: dedup_store(store))
        out["dedup_store"] = {**cost, **summary.to_dict()}
    for step in ("baseline", "cluster_postings", "dedup_store"):
        if step in out:
            out[step]["cpu_s_per_1000"] = out[step]["cpu_s"] / out["postings"] * 1000
    out["cluster_over_baseline"] = out["cluster_postings"]["cpu_s"] / out["baseline"]["cpu_s"]
    return out


def _print(results: list[dict[str, Any]]) -> None:
    print(
        f"{'postings':>10} {'step':18} {'CPU s':>9} {'wall s':>9} {'CPU s/1k':>9} "
        f"{'peak RSS +MB':>13} {'clusters':>9} {'multi':>7}"
    )
    for r in results:
        for step in ("baseline", "cluster_postings", "dedup_store"):
            if step not in r:
                continue
            c = r[step]
            clusters = multi = ""
            if step == "cluster_postings":
                clusters, multi = f"{r['clusters']:,}", f"{r['multi_member_clusters']:,}"
            elif step == "dedup_store":
                clusters, multi = f"{c['clusters']:,}", f"{c['clusters_with_duplicates']:,}"
            print(
                f"{r['postings']:>10,} {step:18} {c['cpu_s']:>9.2f} {c['wall_s']:>9.2f} "
                f"{c['cpu_s_per_1000']:>9.3f} {c['peak_rss_growth_mb']:>13.0f} "
                f"{clusters:>9} {multi:>7}"
            )
        print(
            f"{'':>10} cluster/baseline {r['cluster_over_baseline']:.1f}x; distinct "
            f"descriptions {r['distinct_descriptions']:,}; largest cluster "
            f"{r['largest_cluster']:,}; same-company comparisons "
            f"{r['same_company_comparisons']:,} (largest company key "
            f"{r['largest_company_key']!r}: {r['largest_company']:,} postings)"
        )
        if "dedup_store" in r:
            d = r["dedup_store"]
            print(f"{'':>10} dedup_store marked {d['duplicates']:,} duplicates")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--store-sizes",
        type=int,
        nargs="*",
        default=[10_000, 100_000],
        help="sizes (of --sizes) that also run dedup_store on a private copy of the store",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    for n in args.sizes:
        result = measure(n, n in args.store_sizes)
        results.append(result)
        if not args.json:
            _print([result])
            sys.stdout.flush()
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
