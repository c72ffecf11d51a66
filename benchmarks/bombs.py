"""Hostile inputs: time and peak memory of ``roleatlas ingest`` on the bombs of issue 9.

Each input is ingested by a fresh ``roleatlas ingest`` process into a fresh home. The
process's peak RSS is its own ``VmHWM``, read from ``/proc/self/status`` when it exits
(``ru_maxrss`` would also count the parent's memory at fork time); its time is wall time.
In the same run a **baseline** ingests 2,000 real postings (the first lines of
``../shared/data/postings-glassdoor``), and every figure is also printed as a ratio to it,
comparable across machines.

The inputs (made in a temporary directory, never committed):

* ``blank-lines``: a 0.2 MB ``.gz`` of 200 MB of empty lines;
* ``description-20mb``: one posting whose description is 20 MB of skill-dense text (60 KB .gz);
* ``description-3mb``: the same at 3 MB (under the record bound, so it is cut and stored);
* ``line-50mb``: one 50 MB JSON line;
* ``deep-nesting``: a line nested 100,000 deep among 9 good lines.

``--tree DIR`` runs the ``roleatlas`` of another checkout (its ``src/``) with this venv, so
the same inputs can be measured before and after a change::

    git worktree add /tmp/roleatlas-before <commit>
    python benchmarks/bombs.py --tree /tmp/roleatlas-before

Usage: ``python benchmarks/bombs.py [--tree DIR] [--only NAME] [--json]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
_SKILLY = (
    "We use Python, SQL, PyTorch and TensorFlow on AWS with Docker and Kubernetes; "
    "experience with Spark, Airflow and machine learning is required. "
)


def _posting(pid: str, description: str, **extra: Any) -> bytes:
    record = {"source": "bomb", "id": pid, "title": "Data Scientist", "company": "Acme"}
    record["description"] = description
    record.update(extra)
    return json.dumps(record).encode() + b"\n"


def make_inputs(directory: Path) -> dict[str, Path]:
    """Write the baseline and the bombs into ``directory``; return name → path."""
    paths: dict[str, Path] = {}

    def gz(name: str, chunks: Any) -> None:
        path = directory / f"{name}.jsonl.gz"
        with gzip.open(path, "wb", compresslevel=9) as fh:
            for chunk in chunks:
                fh.write(chunk)
        paths[name] = path

    source = SHARED / "postings-glassdoor" / "postings.jsonl.gz"
    with gzip.open(source, "rb") as fh:
        lines = [line for _, line in zip(range(2000), fh, strict=False)]
    gz("baseline-2000-postings", lines)
    gz("blank-lines", (b"\n" * (1 << 20) for _ in range(200)))
    gz("description-20mb", [_posting("d20", _SKILLY * (20_000_000 // len(_SKILLY)))])
    gz("description-3mb", [_posting("d3", _SKILLY * (3_000_000 // len(_SKILLY)))])
    gz("line-50mb", [_posting("l50", "x", blob="y" * 50_000_000)])
    deep = b'{"source":"d","id":"deep","extra":' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    good = [_posting(f"g{i}", "Python and SQL.") for i in range(9)]
    gz("deep-nesting", [*good[:4], deep, *good[4:]])
    return paths


_WRAPPER = """
import atexit, os, sys
def _hwm():
    with open('/proc/self/status') as fh:
        kb = next(line.split()[1] for line in fh if line.startswith('VmHWM:'))
    with open(os.environ['ROLEATLAS_BENCH_HWM'], 'w') as out:
        out.write(kb)
atexit.register(_hwm)
from roleatlas.cli import main
main(sys.argv[1:])
"""


def peak_rss_mb(tree: Path, path: Path, home: Path) -> tuple[float, dict[str, Any]]:
    """Ingest ``path`` in a child process; return its peak RSS (MB) and its exit code,
    seconds, postings stored and database size."""
    hwm = home.parent / f"{home.name}.hwm"
    env = {
        **os.environ,
        "PYTHONPATH": str(tree / "src"),
        "ROLEATLAS_HOME": str(home),
        "ROLEATLAS_BENCH_HWM": str(hwm),
    }
    cmd = [sys.executable, "-c", _WRAPPER, "ingest", str(path), "--json"]
    started = time.perf_counter()
    child = subprocess.run(cmd, env=env, capture_output=True, check=False)
    seconds = time.perf_counter() - started
    tail = child.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    db = home / "roleatlas.db"
    stored = 0
    if db.exists():
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT count(*) FROM postings").fetchone()[0]
    size = sum(p.stat().st_size for p in home.glob("roleatlas.db*"))
    result = {
        "rc": child.returncode,
        "seconds": round(seconds, 2),
        "stored": stored,
        "db_mb": round(size / 1e6, 1),
        "stderr_tail": tail[0][:160],
    }
    return int(hwm.read_text()) / 1024, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="checkout whose src/ to run")
    parser.add_argument("--only", action="append", help="run only these inputs (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"{SHARED} is missing: the baseline reads real postings from it.")
    tree = args.tree.resolve()
    rows: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="roleatlas-bombs-") as tmp:
        inputs = make_inputs(Path(tmp))
        for name, path in inputs.items():
            if args.only and name not in args.only and not name.startswith("baseline"):
                continue
            home = Path(tmp) / f"home-{name}"
            rss, result = peak_rss_mb(tree, path, home)
            result["peak_rss_mb"] = round(rss, 1)
            result["input_kb"] = round(path.stat().st_size / 1024, 1)
            rows[name] = result
    base = rows["baseline-2000-postings"]
    for row in rows.values():
        row["time_vs_baseline"] = round(row["seconds"] / base["seconds"], 2)
        row["rss_vs_baseline"] = round(row["peak_rss_mb"] / base["peak_rss_mb"], 2)
    if args.json:
        print(json.dumps({"tree": str(tree), "results": rows}, indent=2))
        return
    print(f"tree: {tree}")
    head = ("input", ".gz KB", "rc", "s", "×base", "peak RSS MB", "×base", "stored", "db MB")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, r in rows.items():
        cells = (name, r["input_kb"], r["rc"], r["seconds"], r["time_vs_baseline"],
                 r["peak_rss_mb"], r["rss_vs_baseline"], r["stored"], r["db_mb"])  # fmt: skip
        print("| " + " | ".join(str(c) for c in cells) + " |")
    for name, r in rows.items():
        if r["rc"]:
            print(f"{name}: exit {r['rc']}: {r['stderr_tail']}")


if __name__ == "__main__":
    main()
