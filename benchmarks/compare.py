"""Speed of ``compare_roles`` on the sample corpus and on a large resampled corpus.

Cases: "Machine Learning Research Engineer" vs "Machine Learning Scientist", "Data Scientist"
vs "Data Engineer", and three roles at once (Data Scientist, Data Engineer, Machine Learning
Engineer). For each corpus size (built by ``benchmarks/corpus.py``: resampled real postings):

* **cold**: a new Python process per case (``--child``): fresh imports, a fresh ``Store``
  connection, first call. The OS page cache is warm (the file was just read or built; this
  script never drops caches, which would disturb other processes on the machine).
* **warm**: repeated calls in one process on one connection.
* **uncached**: warm process, but the store's derived-figure cache (``insight_cache``, see
  ``store/insights.py``) made stale first, as after an ingest.
* **baseline**: in the same process, ``SELECT count(*) FROM postings WHERE role = ?`` for each
  compared role, the floor any role query pays; the report gives compare / baseline.

Times are CPU seconds (``time.process_time``, the machine is shared) with wall seconds next to
them. Usage: ``python benchmarks/compare.py [--sizes 11717 1000000] [--repeat 5] [--json]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus  # noqa: E402
from roleatlas.insights.compare import compare_roles  # noqa: E402
from roleatlas.settings import resolve_settings  # noqa: E402
from roleatlas.store import Store  # noqa: E402
from roleatlas.store import insights as q  # noqa: E402

CASES = {
    "mlre-vs-mls": ["Machine Learning Research Engineer", "Machine Learning Scientist"],
    "ds-vs-de": ["Data Scientist", "Data Engineer"],
    "three": ["Data Scientist", "Data Engineer", "Machine Learning Engineer"],
}


def _timed(fn: Any) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def _summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    cpu = sorted(s[0] for s in samples)
    wall = sorted(s[1] for s in samples)

    def p95(xs: list[float]) -> float:
        return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]

    return {
        "n": len(samples),
        "cpu_median": statistics.median(cpu),
        "cpu_p95": p95(cpu),
        "wall_median": statistics.median(wall),
        "wall_p95": p95(wall),
    }


def child(db: Path, case: str) -> None:
    """One cold call in this (new) process; prints JSON."""
    started = time.process_time(), time.perf_counter()
    with Store(db).open() as store:
        opened = time.process_time() - started[0], time.perf_counter() - started[1]
        cpu, wall = _timed(lambda: compare_roles(store, CASES[case]))
    print(json.dumps({"open": opened, "cpu": cpu, "wall": wall}))


def _baseline(store: Store, roles: list[str], repeat: int) -> dict[str, float]:
    from roleatlas.catalog import load_catalog

    ids = [load_catalog().resolve(r).id for r in roles]

    def run() -> None:
        for role in ids:
            store.conn.execute("SELECT count(*) FROM postings WHERE role = ?", (role,)).fetchone()

    run()
    return _summary([_timed(run) for _ in range(max(repeat, 5))])


def measure(n: int, repeat: int) -> dict[str, Any]:
    home = build_corpus(n)
    db = resolve_settings(home=str(home)).db_path
    out: dict[str, Any] = {"n_requested": n, "db": str(db), "db_gb": db.stat().st_size / 1e9}
    with Store(db).open() as store:
        out["postings"] = store.count()
        for roles in CASES.values():  # fill the derived-figure cache once
            compare_roles(store, roles)
    for case, roles in CASES.items():
        cold = []
        for _ in range(repeat):
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(db), case],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
            )
            data = json.loads(proc.stdout)
            cold.append((data["cpu"], data["wall"]))
        with Store(db).open() as store:
            first = _timed(lambda roles=roles: compare_roles(store, roles))
            warm = [_timed(lambda roles=roles: compare_roles(store, roles)) for _ in range(repeat)]
            uncached = []
            for _ in range(max(1, repeat // 2)):
                q.clear_cache(store)
                uncached.append(_timed(lambda roles=roles: compare_roles(store, roles)))
            compare_roles(store, roles)  # leave the cache filled
            base = _baseline(store, roles, repeat)
        warm_s = _summary(warm)
        out[case] = {
            "roles": roles,
            "cold": _summary(cold),
            "first_in_process": {"cpu": first[0], "wall": first[1]},
            "warm": warm_s,
            "uncached": _summary(uncached),
            "baseline_count": base,
            "warm_over_baseline_cpu": warm_s["cpu_median"] / max(base["cpu_median"], 1e-9),
        }
    return out


def _print(result: dict[str, Any]) -> None:
    print(f"\n{result['postings']:,} postings ({result['db_gb']:.2f} GB): {result['db']}")
    print(
        f"{'case':12} {'cold cpu/wall (p95)':>26} {'warm cpu/wall (p95)':>26} "
        f"{'uncached cpu/wall':>20} {'baseline cpu':>13} {'warm/base':>10}"
    )
    for case in CASES:
        r = result[case]
        c, w, u, b = r["cold"], r["warm"], r["uncached"], r["baseline_count"]
        print(
            f"{case:12} {c['cpu_median']:7.3f}/{c['wall_median']:.3f} ({c['wall_p95']:.3f})"
            f"      {w['cpu_median']:7.3f}/{w['wall_median']:.3f} ({w['wall_p95']:.3f})"
            f"      {u['cpu_median']:7.3f}/{u['wall_median']:.3f}"
            f"      {b['cpu_median'] * 1e3:8.2f} ms {r['warm_over_baseline_cpu']:9.1f}x"
        )


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[11717, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = [measure(n, args.repeat) for n in args.sizes]
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for r in results:
            _print(r)


if __name__ == "__main__":
    main()
