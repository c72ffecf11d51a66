"""HTTP load on the REST API: search and compare, against a trivial endpoint as baseline.

For each corpus size (``benchmarks/corpus.py``: resampled real postings; 11,717 is the real
corpus itself) the script

1. brings a search index for that store up to date (``sync_index``; built once and cached
   under ``benchmarks/.cache/api-n<N>/``, next to a symlink to the corpus database, which is
   only read, apart from the derived-figure cache that compare keeps in it);
2. starts ``uvicorn roleatlas.api.app:create_app`` (one worker) as a subprocess on loopback;
3. drives it with a closed-loop load generator (``httpx.AsyncClient``, ``C`` concurrent
   connections, each sending its next request when the previous answer arrived) for a fixed
   time per endpoint: ``GET /api/v1/health`` (baseline: no database), ``GET /api/v1/jobs``
   (keywords + role + one more filter, top 20) and ``GET /api/v1/compare`` (two roles);
4. reports requests/s, latency p50/p95/p99 (wall clock, client side) and the server's CPU
   time per request (from ``/proc/<pid>/stat``, so the figure holds on a busy machine), and
   each endpoint's p50 and req/s relative to the baseline measured in the same run.

The load generator shares the machine with the server, so req/s are a lower bound.

With ``--workers 1 2`` each size is measured once per worker count (``serve --workers N``),
and the report gives each endpoint's req/s against one worker's in the same run; with
``--database-url`` the server reads a PostgreSQL copy of the corpus (``benchmarks/postgres.py``
makes one) while the search index stays in the bench home.

Usage: ``python benchmarks/api.py [--sizes 11717 1000000] [--duration 15]
[--concurrency 1 8] [--workers 1 2] [--database-url URL] [--json]``
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CACHE, build_corpus  # noqa: E402
from roleatlas.search import index_dir, sync_index  # noqa: E402
from roleatlas.settings import resolve_settings  # noqa: E402
from roleatlas.store import Store  # noqa: E402

#: (keywords, role) pairs of the search mix; each is sent with country=US and remote=true.
SEARCHES = [
    ("python", "data-scientist"),
    ("pytorch", "machine-learning-engineer"),
    ("sql dashboards", "data-analyst"),
    ("spark", "data-engineer"),
    ("deep learning", "machine-learning-scientist"),
    ("research", "machine-learning-research-engineer"),
    ("statistics", "data-scientist"),
    ("aws", "data-engineer"),
]
COMPARES = [
    ("machine-learning-research-engineer", "machine-learning-scientist"),
    ("data-scientist", "data-engineer"),
    ("data-scientist", "data-analyst"),
    ("machine-learning-engineer", "data-scientist"),
]


def search_urls() -> list[str]:
    urls = []
    for (q, role), extra in itertools.product(SEARCHES, ("country=US", "remote=true")):
        urls.append(f"/api/v1/jobs?q={q.replace(' ', '+')}&role={role}&{extra}&limit=20")
    return urls


def compare_urls() -> list[str]:
    return [f"/api/v1/compare?role={a}&role={b}" for a, b in COMPARES]


# -- setup ------------------------------------------------------------------------------------
def bench_home(n: int) -> Path:
    """A private home for the API over corpus ``n``: a symlink to its database plus an index."""
    corpus = build_corpus(n)
    home = CACHE / f"api-n{n}"
    home.mkdir(parents=True, exist_ok=True)
    db = resolve_settings(home=str(corpus)).db_path
    link = resolve_settings(home=str(home)).db_path
    manifest = (corpus / "corpus.json").read_text()
    mine = home / "corpus.json"
    if not link.is_symlink() or mine.exists() and mine.read_text() != manifest:
        shutil.rmtree(index_dir(home), ignore_errors=True)  # an index of another store
        link.unlink(missing_ok=True)
        link.symlink_to(db.resolve())
    mine.write_text(manifest)
    return home


def sync(home: Path) -> tuple[int, float]:
    started = time.perf_counter()
    with Store(resolve_settings(home=str(home)).db_path).open() as store:
        changed = sync_index(store, index_dir(home))
    return changed, time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    home: Path, workers: int = 1, database_url: str | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "ROLEATLAS_HOME": str(home)}
    if database_url:
        env["ROLEATLAS_DATABASE_URL"] = database_url
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "roleatlas.api.app:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--no-access-log", "--workers", str(workers)],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"uvicorn exited with {proc.returncode}.")
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("uvicorn did not answer within 60 s.")


def tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) of ``pid`` and of every live process under it."""
    found: dict[int, float] = {}
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
        found[current] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def server_cpu(pid: int) -> float:
    """CPU seconds the server has used: its process and its workers (``--workers``)."""
    return sum(tree_cpu(pid).values())


# -- load -------------------------------------------------------------------------------------
async def _load(base: str, urls: list[str], concurrency: int, duration: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: dict[int, int] = {}
    stop = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:

        async def worker(k: int) -> None:
            i = k
            while time.perf_counter() < stop:
                url = urls[i % len(urls)]
                i += concurrency
                t = time.perf_counter()
                r = await client.get(url)
                latencies.append(time.perf_counter() - t)
                if r.status_code != 200:
                    errors[r.status_code] = errors.get(r.status_code, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {"latencies": latencies, "errors": errors, "elapsed": elapsed}


def _pct(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, round(q / 100 * (len(sorted_ms) - 1)))]


def measure(
    proc: subprocess.Popen[bytes], base: str, urls: list[str], concurrency: int, duration: float
) -> dict[str, Any]:
    cpu = server_cpu(proc.pid)
    run = asyncio.run(_load(base, urls, concurrency, duration))
    cpu = server_cpu(proc.pid) - cpu
    ms = sorted(x * 1000 for x in run["latencies"])
    n = len(ms)
    return {
        "requests": n,
        "errors": run["errors"],
        "rps": n / run["elapsed"],
        "p50_ms": _pct(ms, 50),
        "p95_ms": _pct(ms, 95),
        "p99_ms": _pct(ms, 99),
        "mean_ms": statistics.fmean(ms),
        "server_cpu_ms": cpu * 1000 / n,
    }


def first_calls(base: str, urls: list[str]) -> list[float]:
    """Wall ms of one call to each URL (warms caches; the first compare fills them)."""
    out = []
    with httpx.Client(base_url=base, timeout=600) as client:
        for url in urls:
            t = time.perf_counter()
            r = client.get(url)
            out.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"{url} answered {r.status_code}: {r.text[:300]}")
    return out


def run_size(
    n: int,
    duration: float,
    concurrencies: list[int],
    workers: int = 1,
    database_url: str | None = None,
) -> dict[str, Any]:
    home = bench_home(n)
    changed, seconds = sync(home)
    result: dict[str, Any] = {
        "n": n,
        "workers": workers,
        "store": "postgresql" if database_url else "sqlite",
        "index_sync": {"changed": changed, "seconds": seconds},
    }
    proc, base = start_server(home, workers, database_url)
    try:
        result["first_search_ms"] = max(first_calls(base, search_urls()))
        result["first_compare_ms"] = first_calls(base, compare_urls())
        endpoints = {
            "health": ["/api/v1/health"],
            "search": search_urls(),
            "compare": compare_urls(),
        }
        for c in concurrencies:
            for name, urls in endpoints.items():
                result[f"{name}@c{c}"] = measure(proc, base, urls, c, duration)
                stats = result[f"{name}@c{c}"]
                _log(
                    f"n={n:,} w={workers} {name:8} c={c}: {stats['rps']:8.1f} req/s  p50 "
                    f"{stats['p50_ms']:7.2f}  p95 {stats['p95_ms']:7.2f}  p99 "
                    f"{stats['p99_ms']:7.2f} ms  server CPU {stats['server_cpu_ms']:.2f} ms/req"
                    + (f"  errors {stats['errors']}" if stats["errors"] else "")
                )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return result


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def report(results: list[dict[str, Any]], concurrencies: list[int]) -> str:
    lines = [
        "| corpus | store | workers | endpoint | C | req/s | p50 ms | p95 ms | p99 ms "
        "| server CPU ms/req | p50 / health p50 | req/s / health req/s | req/s / 1 worker |",
        "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    one = {(r["n"], r["store"]): r for r in results if r["workers"] == 1}
    for r in results:
        for c in concurrencies:
            health = r[f"health@c{c}"]
            for name in ("health", "search", "compare"):
                s = r[f"{name}@c{c}"]
                base = one.get((r["n"], r["store"]))
                vs = f"{s['rps'] / base[f'{name}@c{c}']['rps']:.2f}" if base else "–"
                lines.append(
                    f"| {r['n']:,} | {r['store']} | {r['workers']} | {name} | {c} | "
                    f"{s['rps']:,.1f} | {s['p50_ms']:.2f} | {s['p95_ms']:.2f} | "
                    f"{s['p99_ms']:.2f} | {s['server_cpu_ms']:.2f} | "
                    f"{s['p50_ms'] / health['p50_ms']:.1f} | {s['rps'] / health['rps']:.3f} | "
                    f"{vs} |"
                )
    for r in results:
        first = ", ".join(f"{x:,.0f}" for x in r["first_compare_ms"])
        lines.append(
            f"\nn={r['n']:,}: index sync {r['index_sync']['seconds']:.1f} s "
            f"({r['index_sync']['changed']:,} postings indexed); slowest first search "
            f"{r['first_search_ms']:.1f} ms; first compare of each pair {first} ms."
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[11717, 1_000_000])
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per endpoint")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1], help="server processes (serve --workers)"
    )
    parser.add_argument(
        "--database-url",
        help="serve from this PostgreSQL database (holding the same corpus; see "
        "benchmarks/postgres.py) instead of the corpus's SQLite file",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    results = [
        run_size(n, args.duration, args.concurrency, w, args.database_url)
        for n in args.sizes
        for w in args.workers
    ]
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print(report(results, args.concurrency))


if __name__ == "__main__":
    main()
