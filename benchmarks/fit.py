"""Speed of ``fit_resume`` for one résumé (an invented ML engineer's, in this file).

For a store (``--home DIR``, e.g. the sample store, or ``--sizes N``: a corpus built by
``benchmarks/corpus.py`` from resampled real postings) the script measures:

* **cold**: a new Python process (``--child``): fresh imports, a fresh ``Store`` connection,
  the search index opened, the store's derived-figure cache made stale first (as after an
  ingest), then one fit. The OS page cache is warm (the script never drops caches, which
  would disturb other processes on the machine).
* **warm**: repeated fits in one process on one connection (role profiles and premiums read
  back from the derived-figure cache).
* **baseline**: in the same process, ``SELECT count(*) FROM postings WHERE duplicate_of IS
  NULL``, the floor any query over the postings pays; the report gives fit / baseline.

Times are CPU seconds (``time.process_time``, the machine is shared) with wall seconds next to
them. The store is written only through the derived-figure cache (pass a copy).
Usage: ``python benchmarks/fit.py --home DIR [--repeat 5] [--json]`` or
``python benchmarks/fit.py --sizes 11717 1000000``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from roleatlas.insights.fit import fit_resume  # noqa: E402
from roleatlas.resume.read import read_resume  # noqa: E402
from roleatlas.search import SearchIndex, index_dir, index_exists  # noqa: E402
from roleatlas.settings import resolve_settings  # noqa: E402
from roleatlas.store import Store  # noqa: E402
from roleatlas.store import insights as q  # noqa: E402

RESUME = """Alex Example
Machine Learning Engineer

EXPERIENCE
Senior Machine Learning Engineer, Acme Labs — Jan 2021 to Present
- Trained and deployed PyTorch models; served them with Docker and Kubernetes on AWS.
- Built feature pipelines in Python, SQL and Apache Spark; tracked experiments with MLflow.
Machine Learning Engineer, Beta Analytics — Jun 2018 to Dec 2020
- Built recommendation models with scikit-learn and TensorFlow.

EDUCATION
M.S. in Computer Science, State University, 2018

SKILLS
Python, PyTorch, TensorFlow, scikit-learn, SQL, Spark, Docker, Kubernetes, AWS, MLflow, Git
"""


def _timed(fn: Any) -> tuple[float, float, Any]:
    cpu, wall = time.process_time(), time.perf_counter()
    value = fn()
    return time.process_time() - cpu, time.perf_counter() - wall, value


def _fit_once(home: Path, store: Store) -> Any:
    resume = read_resume(RESUME.encode(), filename="resume.txt")
    path = index_dir(home)
    index = SearchIndex.open(path) if index_exists(path) else None
    return fit_resume(store, resume, country="US", index=index)


def child(home: Path) -> dict[str, float]:
    """One cold fit in this (new) process, the derived-figure cache made stale first."""
    cpu0, wall0 = time.process_time(), time.perf_counter()
    db = resolve_settings(home=str(home)).db_path
    with Store(db).open() as store:
        q.clear_cache(store)
        _fit_once(home, store)
    return {"cpu": time.process_time() - cpu0, "wall": time.perf_counter() - wall0}


def measure(home: Path, repeat: int) -> dict[str, Any]:
    cold = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--child", str(home)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    db = resolve_settings(home=str(home)).db_path
    with Store(db).open() as store:
        n = store.count()
        _fit_once(home, store)  # fill the derived-figure cache
        warm = [_timed(lambda: _fit_once(home, store))[:2] for _ in range(repeat)]
        base = [
            _timed(
                lambda: store.conn.execute(
                    "SELECT count(*) FROM postings WHERE duplicate_of IS NULL"
                ).fetchone()
            )[:2]
            for _ in range(repeat)
        ]
    warm_cpu = statistics.median(c for c, _ in warm)
    base_cpu = statistics.median(c for c, _ in base)
    return {
        "postings": n,
        "cold_cpu_s": round(cold["cpu"], 3),
        "cold_wall_s": round(cold["wall"], 3),
        "warm_cpu_s": round(warm_cpu, 4),
        "warm_wall_s": round(statistics.median(w for _, w in warm), 4),
        "baseline_cpu_s": round(base_cpu, 5),
        "warm_vs_baseline": round(warm_cpu / base_cpu, 1) if base_cpu else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--home", type=Path, help="A roleatlas home (a copy: the cache is written)."
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[], help="Corpus sizes to build.")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    homes = [args.home] if args.home else []
    if args.sizes:
        from corpus import build_corpus

        homes += [build_corpus(n) for n in args.sizes]
    if not homes:
        parser.error("give --home DIR or --sizes N ...")
    rows = [measure(h, args.repeat) for h in homes]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    for r in rows:
        print(
            f"{r['postings']:>9,} postings: cold {r['cold_cpu_s']:.2f} s CPU "
            f"({r['cold_wall_s']:.2f} s wall), warm {r['warm_cpu_s']:.3f} s CPU "
            f"({r['warm_wall_s']:.3f} s wall), baseline count {r['baseline_cpu_s']:.4f} s "
            f"(warm = {r['warm_vs_baseline']}x baseline)"
        )


if __name__ == "__main__":
    main()
