"""Collect throughput: ``roleatlas collect`` of real Ashby boards served on 127.0.0.1.

A local HTTP server (stdlib ``ThreadingHTTPServer``, HTTP/1.1 keep-alive, in a child process
so its CPU is not counted as the collector's) serves the 449 real Ashby API responses of
``../shared/data/postings-ats-ai/raw/stapply-ai__ats-scrapers/ashby/companies/*.json.gz``,
decompressed into memory once, at ``/posting-api/job-board/<board>``, with an ``ETag`` per
body, ``304`` to a matching ``If-None-Match`` and ``404`` for ``/robots.txt`` (everything
allowed). ``--boards N`` serves and collects only the first N boards (sorted by name).

In one process it measures:

1. **baseline**: plain downloads of every board with one ``httpx.Client`` (no robots.txt,
   no delay, no parsing, nothing stored): postings/s and MB/s. It runs before and after the
   collects, so drift in the machine's load shows; the ratio uses their mean.
2. **collect**: :func:`roleatlas.collect.run.collect` with a
   :class:`~roleatlas.collect.http.Fetcher` into a fresh home, every board added as an
   ``ashby`` source first (not timed). Settings: ``allow_private_hosts=1`` (the server is on
   loopback) and ``host_delay=0``, because every board is on the one local host here and the
   1 s per-host delay would measure nothing but ``sleep`` (see 4). Extraction is on, as
   ``roleatlas ingest`` does by default. The per-text caches are emptied first
   (``clear_text_caches``); catalogs and automata are loaded by a one-board warm-up collect
   into another home, timed on its own. Postings/s wall and CPU (this process only), and
   the ratio to the baseline, and the collect's CPU split into fetch, parse (the kind's
   ``parse``), ingest (``ingest_records``) and the rest (timers around those calls, a few
   per board). The search-index sync that the ``roleatlas collect`` command runs at the end
   is timed as its own row.
3. **unchanged collect**: a second collect of the same sources (all ``304``): seconds and
   requests/s, the cost of a run where nothing changed.
4. **computed, not measured**: all Ashby boards live on ONE host, ``api.ashbyhq.com``, so a
   real collect at the default ``host_delay`` of 1 s sends its N board requests (after one
   robots.txt request) at least 1 s apart: a floor of N × 1 s. The benchmark prints that
   floor, and an estimate that adds the measured per-board times (each board takes
   max(1 s, its measured seconds)). ``--check-delay K`` measures a first collect of K boards
   with the default delay, to check the estimate.

The server sends identity bodies (the real API compresses them); ``--gzip`` serves the
recorded ``.gz`` bytes with ``Content-Encoding: gzip`` to clients that accept it.

Usage: ``python benchmarks/collect.py [--boards N] [--repeat N] [--check-delay K] [--gzip]
[--no-index] [--json]``
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from roleatlas.collect import run as run_module
from roleatlas.collect.http import Fetcher, FetchResult
from roleatlas.collect.registry import add_source
from roleatlas.collect.run import SourceRun, collect
from roleatlas.pipeline.run import clear_text_caches
from roleatlas.search import index_dir, sync_index
from roleatlas.settings import Settings, resolve_settings
from roleatlas.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
ASHBY = SHARED / "postings-ats-ai" / "raw" / "stapply-ai__ats-scrapers" / "ashby" / "companies"
PREFIX = "/posting-api/job-board/"
DEFAULT_HOST_DELAY = 1.0  # the documented default of ROLEATLAS_HOST_DELAY


@dataclass
class Board:
    name: str  # as in the file name (percent-encoded, as in the URL)
    body: bytes
    gz: bytes
    etag: str
    postings: int


def load_boards(limit: int | None) -> list[Board]:
    """Read and decompress the recorded boards once; count their postings."""
    boards = []
    for path in sorted(ASHBY.glob("*.json.gz"))[:limit]:
        gz = path.read_bytes()
        body = gzip.decompress(gz)
        jobs = json.loads(body).get("jobs") or []
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        boards.append(Board(path.name[: -len(".json.gz")], body, gz, etag, len(jobs)))
    return boards


def _handler(boards: dict[str, Board], use_gzip: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the real API
        # headers and body go out in two writes: with Nagle's algorithm on, the body waits
        # for the client's delayed ACK of the headers (about 12 ms per request on loopback)
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:
            pass

        def _empty(self, status: int) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            path = self.path.split("?", 1)[0]
            board = boards.get(path[len(PREFIX) :]) if path.startswith(PREFIX) else None
            if board is None:  # /robots.txt included: 404 means everything is allowed
                self._empty(404)
                return
            if self.headers.get("If-None-Match") == board.etag:
                self.send_response(304)
                self.send_header("ETag", board.etag)
                self.end_headers()
                return
            body = board.body
            zipped = use_gzip and "gzip" in self.headers.get("Accept-Encoding", "")
            if zipped:
                body = board.gz
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if zipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", board.etag)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (all its threads)."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Phase:
    """Wall, this process's CPU and the server's CPU over a block; load average around it."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid

    def __enter__(self) -> Phase:
        self.load_before = os.getloadavg()[0]
        self.server0 = _cpu_of(self.server_pid)
        self.cpu0, self.wall0 = time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0
        self.server_cpu = _cpu_of(self.server_pid) - self.server0
        self.load_after = os.getloadavg()[0]

    def row(self, **extra: Any) -> dict[str, Any]:
        return {
            "wall_s": round(self.wall, 3),
            "cpu_s": round(self.cpu, 3),
            "server_cpu_s": round(self.server_cpu, 3),
            "load_avg_1m": [round(self.load_before, 2), round(self.load_after, 2)],
            **extra,
        }


def baseline(base: str, boards: list[Board], server_pid: int) -> dict[str, Any]:
    """Download every board once with one plain client: the floor of any collect."""
    size = 0
    with httpx.Client(trust_env=False, timeout=60) as client, Phase(server_pid) as phase:
        for board in boards:
            response = client.get(base + PREFIX + board.name)
            response.raise_for_status()
            size += len(response.content)
    postings = sum(b.postings for b in boards)
    return phase.row(
        requests=len(boards),
        postings=postings,
        mb=round(size / 1e6, 2),
        postings_per_s=round(postings / phase.wall, 1),
        mb_per_s=round(size / 1e6 / phase.wall, 1),
    )


def _settings(home: Path, host_delay: float = 0.0) -> Settings:
    # environ={} so that a ROLEATLAS_* variable of the caller cannot change the run
    return resolve_settings({}, home=str(home), allow_private_hosts="1", host_delay=str(host_delay))


def _add_all(store: Store, base: str, boards: list[Board]) -> list[str]:
    return [add_source(store, base + PREFIX + b.name, kind="ashby").name for b in boards]


class _TimedFetcher(Fetcher):
    """A Fetcher that adds the CPU seconds of each fetch to ``spent["fetch"]``."""

    spent: dict[str, float]

    def fetch(self, url: str, **kwargs: Any) -> FetchResult:
        started = time.process_time()
        try:
            return super().fetch(url, **kwargs)
        finally:
            self.spent["fetch"] += time.process_time() - started


class _TimedKind:
    """A source kind whose ``parse`` adds its CPU seconds to ``spent["parse"]``."""

    def __init__(self, kind: Any, spent: dict[str, float]) -> None:
        self._kind, self._spent = kind, spent

    def __getattr__(self, name: str) -> Any:
        return getattr(self._kind, name)

    def parse(self, *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return self._kind.parse(*args, **kwargs)
        finally:
            self._spent["parse"] += time.process_time() - started


def _collect(
    store: Store, settings: Settings, names: list[str] | None, spent: dict[str, float] | None
) -> list[SourceRun]:
    """Collect; with ``spent``, split its CPU seconds into fetch (robots.txt and HTTP),
    parse (the kind's ``parse``: JSON and description HTML to text, done eagerly for
    Ashby), ingest (``ingest_records``: gate, normalize, extract, store) and rest (closing,
    counts, the source's run row, the driver)."""
    if spent is None:
        with Fetcher(settings) as fetcher:
            return collect(
                store,
                names=names,
                fetcher=fetcher,
                limits=settings.limits,
                batch_size=settings.batch_size,
            )
    spent.update(fetch=0.0, parse=0.0, ingest=0.0)
    real_ingest, real_kinds = run_module.ingest_records, run_module.available_kinds

    def timed_ingest(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return real_ingest(*args, **kwargs)
        finally:
            spent["ingest"] += time.process_time() - started

    def timed_kinds() -> dict[str, Any]:
        return {name: _TimedKind(kind, spent) for name, kind in real_kinds().items()}

    run_module.ingest_records = timed_ingest  # type: ignore[assignment]
    run_module.available_kinds = timed_kinds  # type: ignore[assignment]
    started = time.process_time()
    try:
        with _TimedFetcher(settings) as fetcher:
            fetcher.spent = spent
            return collect(
                store,
                names=names,
                fetcher=fetcher,
                limits=settings.limits,
                batch_size=settings.batch_size,
            )
    finally:
        run_module.ingest_records = real_ingest  # type: ignore[assignment]
        run_module.available_kinds = real_kinds  # type: ignore[assignment]
        spent["total"] = time.process_time() - started
        spent["rest"] = spent["total"] - spent["fetch"] - spent["parse"] - spent["ingest"]


def _summary(runs: list[SourceRun]) -> dict[str, Any]:
    errors = [(r.name, r.errors[0]) for r in runs if r.status == "error"]
    slow = sorted(runs, key=lambda r: r.seconds, reverse=True)[:5]
    return {
        "status": dict(Counter(r.status for r in runs)),
        "fetched": sum(r.fetched for r in runs),
        "new": sum(r.new for r in runs),
        "updated": sum(r.updated for r in runs),
        "unchanged": sum(r.unchanged for r in runs),
        "closed": sum(r.closed for r in runs),
        "rejected": sum(r.rejected for r in runs),
        "boards_with_rejects": sum(r.rejected > 0 for r in runs),
        "reject_examples": [e for r in runs for e in r.errors if e.startswith("rejected")][:5],
        "errors": errors[:10],
        "slowest": [(r.name, r.fetched, round(r.seconds, 2)) for r in slow],
    }


def collect_phases(
    base: str, boards: list[Board], tmp: Path, server_pid: int, index: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    # warm-up: one board into another home, loading catalogs and automata
    warm_settings = _settings(tmp / "warm")
    with Store(warm_settings.db_path).open() as store, Phase(server_pid) as phase:
        _add_all(store, base, boards[:1])
        _collect(store, warm_settings, None, None)
    out["warm_up"] = phase.row(boards=1)

    settings = _settings(tmp / "home")
    with Store(settings.db_path).open() as store:
        started = time.perf_counter()
        names = _add_all(store, base, boards)
        out["sources_add_s"] = round(time.perf_counter() - started, 3)

        clear_text_caches()  # as cold as a fresh `roleatlas collect` (loaded automata are kept)
        spent: dict[str, float] = {}
        with Phase(server_pid) as phase:
            runs = _collect(store, settings, None, spent)
        summary = _summary(runs)
        out["first"] = phase.row(
            cpu_split_s={k: round(v, 2) for k, v in spent.items()},
            requests=len(runs) + 1,  # + robots.txt
            postings_per_s=round(summary["fetched"] / phase.wall, 1),
            postings_per_cpu_s=round(summary["fetched"] / phase.cpu, 1),
            **summary,
        )
        out["per_board_s"] = [r.seconds for r in runs]

        if index:
            with Phase(server_pid) as phase:
                indexed = sync_index(
                    store, index_dir(settings.home), lock_timeout=settings.index_lock_timeout
                )
            out["index_sync"] = phase.row(indexed=indexed)

        spent = {}
        with Phase(server_pid) as phase:
            again = _collect(store, settings, names, spent)
        summary = _summary(again)
        out["unchanged"] = phase.row(
            cpu_split_s={k: round(v, 2) for k, v in spent.items()},
            requests=len(again) + 1,
            requests_per_s=round((len(again) + 1) / phase.wall, 1),
            **summary,
        )
    return out


def check_delay(base: str, boards: list[Board], tmp: Path, server_pid: int) -> dict[str, Any]:
    """A first collect of ``boards`` with the default host delay, measured."""
    settings = _settings(tmp / "delay", host_delay=DEFAULT_HOST_DELAY)
    with Store(settings.db_path).open() as store:
        _add_all(store, base, boards)
        clear_text_caches()
        with Phase(server_pid) as phase:
            runs = _collect(store, settings, None, None)
    return phase.row(
        boards=len(boards),
        fetched=sum(r.fetched for r in runs),
        computed_floor_s=len(boards) * DEFAULT_HOST_DELAY,
        per_board_s=[r.seconds for r in runs],
    )


def _estimate(per_board: list[float], delay: float) -> float:
    """Each board costs at least ``delay`` (its request waits for the previous one's slot)."""
    return sum(max(delay, s) for s in per_board)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, default=None, help="the first N boards only")
    parser.add_argument("--repeat", type=int, default=1, help="runs of every phase (medians)")
    parser.add_argument(
        "--check-delay", type=int, default=0, metavar="K",
        help="also measure a first collect of K boards with the default 1 s host delay",
    )  # fmt: skip
    parser.add_argument("--gzip", action="store_true", help="serve gzip-encoded bodies")
    parser.add_argument("--no-index", action="store_true", help="skip the index sync row")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not ASHBY.exists():
        sys.exit(f"{ASHBY} is missing: the boards are served from it.")
    started = time.perf_counter()
    boards = load_boards(args.boards)
    load_s = time.perf_counter() - started

    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler({b.name: b for b in boards}, args.gzip))
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    child = multiprocessing.get_context("fork").Process(target=server.serve_forever, daemon=True)
    child.start()
    server.server_close()  # the child serves; this process keeps no copy of the socket
    assert child.pid is not None
    runs: list[dict[str, Any]] = []
    delay_check = None
    try:
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory(prefix="roleatlas-collect-") as tmp:
                before = baseline(base, boards, child.pid)
                phases = collect_phases(base, boards, Path(tmp), child.pid, not args.no_index)
                after = baseline(base, boards, child.pid)
                runs.append({"baseline_before": before, **phases, "baseline_after": after})
        if args.check_delay:
            with tempfile.TemporaryDirectory(prefix="roleatlas-collect-") as tmp:
                delay_check = check_delay(base, boards[: args.check_delay], Path(tmp), child.pid)
    finally:
        child.terminate()
        child.join(5)

    def med(path: tuple[str, str]) -> float:
        return round(statistics.median(run[path[0]][path[1]] for run in runs), 3)

    n = len(boards)
    postings = sum(b.postings for b in boards)
    base_pps = statistics.median(
        (r["baseline_before"]["postings_per_s"] + r["baseline_after"]["postings_per_s"]) / 2
        for r in runs
    )
    collect_pps = med(("first", "postings_per_s"))
    per_board = runs[len(runs) // 2]["per_board_s"]
    report: dict[str, Any] = {
        "boards": n,
        "postings_served": postings,
        "mb_served": round(sum(len(b.body) for b in boards) / 1e6, 1),
        "gzip": args.gzip,
        "load_and_decompress_s": round(load_s, 2),
        "repeat": args.repeat,
        "cores": os.cpu_count(),
        "baseline_postings_per_s": round(base_pps, 1),
        "collect_postings_per_s": collect_pps,
        "collect_postings_per_cpu_s": med(("first", "postings_per_cpu_s")),
        "collect_vs_baseline": round(collect_pps / base_pps, 4),
        "unchanged_collect_s": med(("unchanged", "wall_s")),
        "unchanged_requests_per_s": med(("unchanged", "requests_per_s")),
        "computed_not_measured": {
            "host_delay_s": DEFAULT_HOST_DELAY,
            "note": (
                "all Ashby boards are on api.ashbyhq.com, one host: its requests are spaced "
                "by host_delay, so a real collect of these boards takes at least this long"
            ),
            "floor_first_collect_s": n * DEFAULT_HOST_DELAY,
            "floor_unchanged_collect_s": n * DEFAULT_HOST_DELAY,
            "estimate_first_collect_s": round(_estimate(per_board, DEFAULT_HOST_DELAY), 1),
        },
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "runs": runs,
    }
    if delay_check is not None:
        delay_check["computed_estimate_s"] = round(
            _estimate(per_board[: args.check_delay], DEFAULT_HOST_DELAY), 1
        )
        report["delay_check_measured"] = delay_check
    for run in runs:  # long lists: JSON only
        run["per_board_s"] = [round(s, 3) for s in run["per_board_s"]]
    if args.json:
        print(json.dumps(report, indent=2))
        return
    _print_table(report)


def _rate(row: dict[str, Any]) -> str:
    return f"{row['postings_per_s']:,} postings/s, {row['mb_per_s']} MB/s"


def _print_table(report: dict[str, Any]) -> None:
    print(
        f"{report['boards']} Ashby boards, {report['postings_served']:,} postings, "
        f"{report['mb_served']} MB served from 127.0.0.1 (gzip: {report['gzip']}); "
        f"{report['cores']} cores"
    )
    head = ("run", "row", "wall s", "CPU s", "server CPU s", "rate", "load 1m")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for i, run in enumerate(report["runs"], 1):
        first, same = run["first"], run["unchanged"]
        per_cpu = f"{first['postings_per_cpu_s']:,}/CPU s"
        rows = [
            ("baseline (before)", run["baseline_before"], _rate(run["baseline_before"])),
            ("warm-up: 1 board", run["warm_up"], "loads catalogs and automata"),
            ("collect, first", first, f"{first['postings_per_s']:,} postings/s ({per_cpu})"),
        ]
        if "index_sync" in run:
            indexed = f"{run['index_sync']['indexed']:,} indexed"
            rows.append(("index sync", run["index_sync"], indexed))
        rows += [
            ("collect, unchanged (304)", same, f"{same['requests_per_s']:,} requests/s"),
            ("baseline (after)", run["baseline_after"], _rate(run["baseline_after"])),
        ]
        for name, row, rate in rows:
            load = "–".join(str(x) for x in row["load_avg_1m"])
            cells = (i, name, row["wall_s"], row["cpu_s"], row["server_cpu_s"], rate, load)
            print("| " + " | ".join(str(c) for c in cells) + " |")
    print(f"collect / baseline (postings/s, wall): {report['collect_vs_baseline']}")
    computed = report["computed_not_measured"]
    print(
        f"COMPUTED, not measured: at host_delay={computed['host_delay_s']:g} s a real collect "
        f"of {report['boards']} Ashby boards (one host) takes >= "
        f"{computed['floor_first_collect_s']:g} s (first or unchanged); with the measured "
        f"per-board times about {computed['estimate_first_collect_s']:g} s for the first"
    )
    if "delay_check_measured" in report:
        check = report["delay_check_measured"]
        print(
            f"delay check (measured): {check['boards']} boards at 1 s took {check['wall_s']} s "
            f"(computed floor {check['computed_floor_s']:g} s, estimate "
            f"{check['computed_estimate_s']} s)"
        )
    for run in report["runs"]:
        first = run["first"]
        print(
            f"status: {first['status']}; rejected {first['rejected']} on "
            f"{first['boards_with_rejects']} boards; unchanged run: {run['unchanged']['status']}"
        )
        for key in ("first", "unchanged"):
            split = ", ".join(f"{k} {v}" for k, v in run[key]["cpu_split_s"].items())
            print(f"  CPU s of the {key} collect: {split}")
        for name, error in first["errors"]:
            print(f"  error {name}: {error[:200]}")
        for example in first["reject_examples"]:
            print(f"  {example[:200]}")
        print(f"  slowest boards (name, postings, s): {first['slowest']}")


if __name__ == "__main__":
    main()
