"""Speed of ``fit_resume`` for one résumé (an invented ML engineer's, in this file).

For a store (``--home DIR``, e.g. the sample store, or ``--sizes N``: a corpus built by
``benchmarks/corpus.py`` from resampled real postings) the script measures:

* **cold**: a new Python process (``--child``): fresh imports, a fresh ``Store`` connection,
  the search index opened, the store's derived-figure cache made stale first (as after an
  ingest), then one fit. The OS page cache is warm (the script never drops caches, which
  would disturb other processes on the machine).
* **warm**: repeated fits in one process on one connection (role profiles and premiums read
  back from the derived-figure cache).
* **store-warm**: the same, with the arrays ``store.insights`` keeps in the process dropped
  before each fit (``t`` per posting and the résumé's skill postings read back from the
  derived-figure cache, as a new process or another résumé whose skills were seen does).
* **baseline**: in the same process, ``SELECT count(*) FROM postings WHERE duplicate_of IS
  NULL``, the floor any query over the postings pays; the report gives fit / baseline.

Times are CPU seconds (``time.process_time``, the machine is shared) with wall seconds next to
them. The store is written only through the derived-figure cache, as ``benchmarks/compare.py``
does on the cached corpora (pass a copy to keep a store untouched).

The search index: ``HOME/index`` for ``--home`` when it exists. A corpus of
``benchmarks/corpus.py`` has none, so one is built (timed apart, never part of a fit) in
``--keep-index DIR``/``n<N>`` and reused next time, or in a temporary directory removed after
the run; ``--no-index`` measures the fit without one (jobs ranked by skill overlap alone).

``--cached N`` uses the corpus ``benchmarks/.cache/n<N>`` as it is, without the rebuild that
``--sizes N`` starts when the pipeline versions moved since it was built (a 1M rebuild takes
over 10 minutes); the report names the versions the corpus was built with.

Usage: ``python benchmarks/fit.py --home DIR [--repeat 5] [--json]``,
``python benchmarks/fit.py --sizes 11717 1000000`` or
``python benchmarks/fit.py --cached 1000000 --keep-index /tmp/fit-index``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from roleatlas.insights.fit import fit_resume  # noqa: E402
from roleatlas.resume.read import read_resume  # noqa: E402
from roleatlas.search import SearchIndex, build_index, index_dir, index_exists  # noqa: E402
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


#: The résumé fitted: RESUME, or the file given with ``--resume`` (read once per process).
_RESUME: tuple[bytes, str] = (RESUME.encode(), "resume.txt")


def _fit_once(index_path: Path | None, store: Store) -> Any:
    resume = read_resume(_RESUME[0], filename=_RESUME[1])
    index = (
        SearchIndex.open(index_path)
        if index_path is not None and index_exists(index_path)
        else None
    )
    return fit_resume(store, resume, country="US", index=index)


def child(home: Path, index_path: Path | None) -> dict[str, float]:
    """One cold fit in this (new) process, the derived-figure cache made stale first."""
    cpu0, wall0 = time.process_time(), time.perf_counter()
    db = resolve_settings(home=str(home)).db_path
    with Store(db).open() as store:
        q.clear_cache(store)
        _fit_once(index_path, store)
    return {"cpu": time.process_time() - cpu0, "wall": time.perf_counter() - wall0}


def _index(store: Store, path: Path) -> dict[str, Any]:
    """Build the search index at ``path`` unless one is there; what it cost."""
    if index_exists(path):
        return {"index": str(path), "index_build": "reused"}
    cpu, wall = time.process_time(), time.perf_counter()
    docs = build_index(store, path)
    return {
        "index": str(path),
        "index_build": {
            "docs": docs,
            "cpu_s": round(time.process_time() - cpu, 1),
            "wall_s": round(time.perf_counter() - wall, 1),
        },
    }


def measure(home: Path, repeat: int, index_path: Path | None) -> dict[str, Any]:
    db = resolve_settings(home=str(home)).db_path
    built: dict[str, Any] = {"index": None}
    if index_path is not None:
        with Store(db).open() as store:
            built = _index(store, index_path)
    command = [sys.executable, __file__, "--child", str(home)]
    if _RESUME[1] != "resume.txt":
        command += ["--resume", _RESUME[1]]
    if index_path is not None:
        command += ["--child-index", str(index_path)]
    cold = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    with Store(db).open() as store:
        n = store.count()
        _fit_once(index_path, store)  # fill the derived-figure cache
        warm = [_timed(lambda: _fit_once(index_path, store))[:2] for _ in range(repeat)]
        store_warm = []
        for _ in range(repeat):
            q._MEMO.clear()  # the process's arrays only: the store's cache stays filled
            store_warm.append(_timed(lambda: _fit_once(index_path, store))[:2])
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
    try:
        manifest = json.loads((home / "corpus.json").read_text())
        versions = {k: manifest.get(k) for k in ("norm_version", "extract_version")}
    except (OSError, ValueError):
        versions = {}
    return {
        "home": str(home),
        "postings": n,
        "cold_cpu_s": round(cold["cpu"], 3),
        "cold_wall_s": round(cold["wall"], 3),
        "warm_cpu_s": round(warm_cpu, 4),
        "warm_wall_s": round(statistics.median(w for _, w in warm), 4),
        "store_warm_cpu_s": round(statistics.median(c for c, _ in store_warm), 4),
        "store_warm_wall_s": round(statistics.median(w for _, w in store_warm), 4),
        "baseline_cpu_s": round(base_cpu, 5),
        "baseline_wall_s": round(statistics.median(w for _, w in base), 5),
        "warm_vs_baseline": round(warm_cpu / base_cpu, 1) if base_cpu else None,
        **built,
        **({"corpus_versions": versions} if versions else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--home", type=Path, help="A roleatlas home (a copy: the cache is written)."
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[], help="Corpus sizes to build.")
    parser.add_argument(
        "--cached",
        type=int,
        nargs="*",
        default=[],
        help="Corpus sizes to use as cached in benchmarks/.cache/n<N>, never rebuilt.",
    )
    parser.add_argument(
        "--keep-index",
        type=Path,
        default=None,
        help="Build each corpus's search index in DIR/n<N> and keep it (reused next time).",
    )
    parser.add_argument("--no-index", action="store_true", help="Fit without a search index.")
    parser.add_argument(
        "--resume",
        type=Path,
        default=None,
        help="Fit this résumé file instead of the built-in one (e.g. docs/examples/resumes/...).",
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-index", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    global _RESUME
    if args.resume is not None:
        _RESUME = (args.resume.read_bytes(), str(args.resume.resolve()))
    if args.child:
        print(json.dumps(child(args.child, args.child_index)))
        return
    homes: list[tuple[Path, str]] = [(args.home, "home")] if args.home else []
    if args.sizes:
        from corpus import build_corpus

        homes += [(build_corpus(n), f"n{n}") for n in args.sizes]
    if args.cached:
        from corpus import CACHE

        for n in args.cached:
            home = CACHE / f"n{n}"
            if not resolve_settings(home=str(home)).db_path.exists():
                parser.error(f"No cached corpus at {home}: run python benchmarks/corpus.py {n}.")
            homes.append((home, f"n{n}"))
    if not homes:
        parser.error("give --home DIR, --sizes N ... or --cached N ...")
    rows = []
    with tempfile.TemporaryDirectory(prefix="fit-bench-index-") as tmp:
        for home, name in homes:
            if args.no_index:
                path = None
            elif name == "home":
                path = index_dir(home) if index_exists(index_dir(home)) else None
            else:
                path = (args.keep_index or Path(tmp)) / name
            rows.append(measure(home, args.repeat, path))
            if not args.keep_index and path is not None and Path(tmp) in path.parents:
                shutil.rmtree(path, ignore_errors=True)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    for r in rows:
        built = r["index_build"] if r["index"] else "none"
        if isinstance(built, dict):
            built = f"built in {built['wall_s']} s wall, {built['cpu_s']} s CPU"
        print(
            f"{r['postings']:>9,} postings: cold {r['cold_cpu_s']:.2f} s CPU "
            f"({r['cold_wall_s']:.2f} s wall), warm {r['warm_cpu_s']:.3f} s CPU "
            f"({r['warm_wall_s']:.3f} s wall), store-warm {r['store_warm_cpu_s']:.3f} s CPU "
            f"({r['store_warm_wall_s']:.3f} s wall), baseline count {r['baseline_cpu_s']:.4f} s "
            f"(warm = {r['warm_vs_baseline']}x baseline); search index {built}"
            + (f"; corpus built with {r['corpus_versions']}" if "corpus_versions" in r else "")
        )


if __name__ == "__main__":
    main()
