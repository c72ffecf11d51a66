"""Posting lifecycle over real history: the Anthropic Greenhouse tracker's daily listings.

``corinfinite/ai-job-watch`` committed Anthropic's Greenhouse board once a day (see
``../shared/data/postings-ats-ai/PROVENANCE.md``, source 1). The snapshot keeps its HEAD
``jobs.json`` (2026-01-31) and 10 older daily versions (``jobs.json@<commit10>.gz``), which
together list all 444 jobs whose descriptions are in ``descriptions/anthropic/``.

Each version is turned back into the boards-api response it was read from
(``{"jobs": [...]}`` with ``?content=true``: the description HTML escaped as Greenhouse
escapes it) and served, one after another, as one board on 127.0.0.1. ``collect`` runs
once per version. The expectations are computed from the versions themselves (ids that
disappeared are closed, ids never seen are new, ids that come back reopen, ids whose job
changed are updated) and the observed totals are pinned as literals as well.

Ordering the versions: every job in a version has the same ``last_seen`` (the day of the
commit). Two versions share 2026-01-20; the later one is the one whose ids carry on to
2026-01-21 (the earlier one lists two jobs that were reposted under new ids that day).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from roleatlas.collect.http import Fetcher
from roleatlas.collect.registry import add_source
from roleatlas.collect.run import SourceRun, collect
from roleatlas.settings import resolve_settings
from roleatlas.store import JobQuery, Store
from tests.test_cli import run_ok

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
TRACKER = SHARED / "postings-ats-ai" / "raw" / "corinfinite__ai-job-watch"
JOBS = TRACKER / "data" / "anthropic"
DESCRIPTIONS = TRACKER / "descriptions" / "anthropic"

pytestmark = pytest.mark.skipif(not JOBS.exists(), reason=f"{JOBS} is not here")

BOARD_PATH = "/v1/boards/anthropic/jobs"
SOURCE = "anthropic"

# What the data shows (computed again in the tests; pinned so a change is seen).
ORDER = [
    ("a3d61f866c", "2026-01-20"),
    ("be7b88eb39", "2026-01-20"),
    ("86513a1967", "2026-01-21"),
    ("233afbdc3b", "2026-01-22"),
    ("67f40e9cdc", "2026-01-23"),
    ("3091640cd5", "2026-01-26"),
    ("aeaf092095", "2026-01-27"),
    ("f4261f0ef1", "2026-01-28"),
    ("cac7ce5b11", "2026-01-29"),
    ("d1700a15a7", "2026-01-30"),
    ("HEAD", "2026-01-31"),
]
LISTED = [339, 339, 342, 346, 351, 359, 361, 366, 367, 363, 366]
CLOSED = [0, 2, 8, 9, 10, 10, 10, 12, 7, 9, 6]
NEW = [339, 2, 11, 13, 13, 18, 11, 17, 8, 3, 9]
REOPENED = [0, 0, 0, 0, 2, 0, 1, 0, 0, 2, 0]
UPDATED = [0, 0, 2, 4, 12, 12, 4, 0, 2, 8, 2]  # a title, location or tracker first_seen changed
REOPENED_IDS = {"4984653008", "5043435008", "5043427008", "4929689008", "4929693008"}


@dataclass
class Version:
    label: str  # the commit prefix, or "HEAD"
    day: str  # the tracker's last_seen: the day of the daily commit
    rows: list[dict[str, Any]]

    @property
    def ids(self) -> set[str]:
        return {str(r["id"]) for r in self.rows}


def _load_versions() -> list[Version]:
    versions = []
    for path in sorted(JOBS.glob("jobs.json@*.gz")):
        rows = json.loads(gzip.decompress(path.read_bytes()))
        versions.append(Version(path.name.split("@", 1)[1].removesuffix(".gz"), "", rows))
    versions.append(Version("HEAD", "", json.loads((JOBS / "jobs.json").read_text())))
    for v in versions:
        days = {r["last_seen"] for r in v.rows}
        assert len(days) == 1, f"{v.label} mixes last_seen days {days}"
        v.day = days.pop()
    return _ordered(versions)


def _ordered(versions: list[Version]) -> list[Version]:
    """By day; versions of one day by how many of their ids the next day still lists
    (the later commit of a day shares more with the next day)."""
    days = sorted({v.day for v in versions})
    ordered: list[Version] = []
    for i, day in enumerate(days):
        same = [v for v in versions if v.day == day]
        if len(same) > 1:
            following = set().union(*(v.ids for v in versions if v.day == days[i + 1]))
            same.sort(key=lambda v: len(v.ids & following))
            overlaps = [len(v.ids & following) for v in same]
            assert len(set(overlaps)) == len(overlaps), f"cannot order the versions of {day}"
        ordered.extend(same)
    return ordered


def _board(version: Version, descriptions: dict[str, str]) -> dict[str, Any]:
    """The boards-api ``?content=true`` response the tracker's version was read from."""
    jobs = []
    for row in version.rows:
        jobs.append(
            {
                "id": int(row["id"]),
                "internal_job_id": None,
                "title": row["title"],
                "company_name": "Anthropic",
                "location": {"name": row["location"]},
                "absolute_url": row["url"],
                "updated_at": f"{row['first_seen']}T00:00:00-05:00",
                "departments": [{"id": None, "name": row["team"]}],
                "offices": [],
                "metadata": None,
                "content": html.escape(descriptions[str(row["id"])], quote=True),
            }
        )
    return {"jobs": jobs, "meta": {"total": len(jobs)}}


@dataclass
class Tracker:
    versions: list[Version]
    boards: list[dict[str, Any]]
    bodies: list[bytes] = field(default_factory=list)


@pytest.fixture(scope="module")
def tracker() -> Tracker:
    versions = _load_versions()
    every = set().union(*(v.ids for v in versions))
    descriptions = {
        i: gzip.decompress((DESCRIPTIONS / f"{i}.html.gz").read_bytes()).decode("utf-8")
        for i in sorted(every)
    }
    boards = [_board(v, descriptions) for v in versions]
    return Tracker(versions, boards, [json.dumps(b).encode() for b in boards])


class _Served:
    """The one board the local server answers with (a version's body), ETag and 304."""

    def __init__(self) -> None:
        self.body = b""
        self.requests: list[tuple[str, str | None]] = []


def _handler(served: _Served) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            path = self.path.split("?", 1)[0]
            served.requests.append((self.path, self.headers.get("If-None-Match")))
            if path != BOARD_PATH:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = '"' + hashlib.sha256(served.body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(served.body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(served.body)

    return Handler


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, _Served]]:
    served = _Served()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", served
    httpd.shutdown()
    httpd.server_close()


@dataclass
class Step:
    run: SourceRun
    open_ids: set[str]  # store.jobs(JobQuery(source=...)) after the run
    closed_ids: set[str]  # closed_at set, after the run
    status: int | None = None


@dataclass
class History:
    home: Path
    steps: list[Step]
    first_seen: dict[str, str]  # the store's first_seen of each id, right after it appeared
    rows: dict[str, tuple[str, str | None, str]]  # id → (first_seen, closed_at, title) at the end
    repeat: SourceRun  # HEAD collected again, unchanged


def _lifecycle(store: Store) -> dict[str, tuple[str, str | None, str]]:
    return {
        r[0]: (r[1], r[2], r[3])
        for r in store.conn.execute(
            "SELECT source_id, first_seen, closed_at, title FROM postings WHERE source = ?",
            (SOURCE,),
        )
    }


@pytest.fixture(scope="module")
def history(tracker, server, tmp_path_factory) -> History:
    base, served = server
    home = tmp_path_factory.mktemp("lifecycle-home")
    settings = resolve_settings(
        {}, home=str(home), allow_private_hosts="1", host_delay="0", max_retries="0"
    )
    steps: list[Step] = []
    first_seen: dict[str, str] = {}
    with Store(settings.db_path).open() as store, Fetcher(settings) as fetcher:
        add_source(store, f"{base}{BOARD_PATH}?content=true", kind="greenhouse", name=SOURCE)
        for body in tracker.bodies:
            served.body = body
            [run] = collect(store, names=[SOURCE], fetcher=fetcher)
            rows = _lifecycle(store)
            for sid, (seen, _, _) in rows.items():
                first_seen.setdefault(sid, seen)
            open_ids = {p.source_id for p in store.jobs(JobQuery(source=SOURCE, limit=None))}
            closed = {sid for sid, (_, closed_at, _) in rows.items() if closed_at is not None}
            steps.append(Step(run, open_ids, closed))
        [repeat] = collect(store, names=[SOURCE], fetcher=fetcher)
        final = _lifecycle(store)
    assert served.requests[-1][1] is not None  # the repeat was a conditional request
    return History(home, steps, first_seen, final, repeat)


def test_versions_are_ordered_by_day(tracker):
    assert [(v.label, v.day) for v in tracker.versions] == ORDER
    assert [len(v.ids) for v in tracker.versions] == LISTED
    every = set().union(*(v.ids for v in tracker.versions))
    # 444 jobs in all: the 366 of HEAD and the 78 that closed before it
    assert len(every) == 444 and len(every - tracker.versions[-1].ids) == 78
    assert {p.name.removesuffix(".html.gz") for p in DESCRIPTIONS.glob("*.html.gz")} == every


def test_each_run_closes_what_disappeared_and_adds_what_appeared(tracker, history):
    seen: set[str] = set()
    previous: set[str] = set()
    last_job: dict[str, dict[str, Any]] = {}
    closed, new, reopened, updated = [], [], [], []
    for version, board, step in zip(tracker.versions, tracker.boards, history.steps, strict=True):
        ids = version.ids
        gone = previous - ids
        appeared = ids - previous
        back = appeared & seen
        changed = {
            str(j["id"])
            for j in board["jobs"]
            if str(j["id"]) in last_job and last_job[str(j["id"])] != j
        }
        run = step.run
        assert (run.status, run.errors, run.rejected) == ("ok", [], 0), version.label
        assert run.fetched == len(ids)
        assert run.closed == len(gone), version.label
        assert run.new == len(appeared - seen), version.label
        assert run.updated == len(changed), version.label
        assert run.unchanged == len(ids) - run.new - run.updated
        assert run.open == len(ids)
        assert step.open_ids == ids, version.label
        assert step.closed_ids == (seen | ids) - ids, version.label
        closed.append(run.closed)
        new.append(run.new)
        reopened.append(len(back))
        updated.append(run.updated)
        seen |= ids
        previous = ids
        last_job.update({str(j["id"]): j for j in board["jobs"]})
    assert closed == CLOSED and sum(closed) == 83
    assert new == NEW and sum(new) == 444
    assert reopened == REOPENED
    assert updated == UPDATED


def test_a_job_that_comes_back_reopens_and_keeps_its_first_seen(tracker, history):
    versions, steps = tracker.versions, history.steps
    back: set[str] = set()
    for i in range(1, len(versions)):
        earlier = set().union(*(v.ids for v in versions[: i - 1])) if i > 1 else set()
        returned = (versions[i].ids - versions[i - 1].ids) & earlier
        for sid in returned:
            assert sid in steps[i - 1].closed_ids  # closed the day it was missing
            assert sid in steps[i].open_ids and sid not in steps[i].closed_ids
        back |= returned
    assert back == REOPENED_IDS
    # the store keeps the day it first saw the job; the tracker restarted its first_seen
    for sid in back:
        assert history.rows[sid][0] == history.first_seen[sid]
    # a job reposted with a new title: the reopened row carries the new one
    head = {r["id"]: r for r in versions[-1].rows}
    for sid in back & set(head):
        assert history.rows[sid][2] == head[sid]["title"].strip()


def test_after_head_the_store_lists_exactly_heads_jobs(tracker, history, capsys):
    head = tracker.versions[-1].ids
    every = set().union(*(v.ids for v in tracker.versions))
    assert {sid for sid, (_, closed_at, _) in history.rows.items() if closed_at is None} == head
    assert len(head) == 366 and len(history.rows) == 444

    settings = resolve_settings({}, home=str(history.home))
    with Store(settings.db_path).open() as store:
        open_ = store.jobs(JobQuery(source=SOURCE, limit=None))
        everything = store.jobs(JobQuery(source=SOURCE, limit=None, include_closed=True))
    assert {p.source_id for p in open_} == head and len(open_) == 366
    assert {p.source_id for p in everything} == every and len(everything) == 444

    home = str(history.home)
    listed = json.loads(
        run_ok(capsys, "--home", home, "jobs", "--format", "json", "--limit", "1000")
    )
    assert {j["source_id"] for j in listed} == head and len(listed) == 366
    listed_all = json.loads(
        run_ok(
            capsys,
            *("--home", home, "jobs", "--format", "json", "--limit", "1000", "--include-closed"),
        )
    )
    assert {j["source_id"] for j in listed_all} == every and len(listed_all) == 444


def test_the_same_listing_again_is_a_304_that_closes_nothing(history):
    repeat = history.repeat
    assert repeat.status == "unchanged"
    assert (repeat.closed, repeat.new, repeat.updated, repeat.unchanged) == (0, 0, 0, 366)
    assert repeat.open == 366
