"""`roleatlas serve --workers N`: several server processes answer from one PostgreSQL store
while an ingest writes to it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from roleatlas.api.deps import STALE_CHECK_SECONDS
from roleatlas.pipeline.run import ingest
from roleatlas.store import Store
from tests.conftest import free_port


def _postings(path: Path, source: str, n: int) -> Path:
    path.write_text(
        "".join(
            json.dumps(
                {"source": source, "id": str(i), "title": "Data Scientist", "company": f"Co {i}",
                 "description": "Python, SQL and statistics; 2+ years of experience."}
            ) + "\n"
            for i in range(n)
        )
    )  # fmt: skip
    return path


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(t) for t in text)
    return found


def test_two_workers_serve_one_postgres_store_while_an_ingest_writes(
    pg_url: str, tmp_path: Path
) -> None:
    with Store(pg_url).open() as store:
        ingest([_postings(tmp_path / "a.jsonl", "first", 30)], store)
    port = free_port()
    env = {**os.environ, "ROLEATLAS_DATABASE_URL": ""}
    log = tmp_path / "server.log"
    with log.open("w") as log_file:  # the child keeps its own copy of the descriptor
        server = subprocess.Popen(
            [sys.executable, "-m", "roleatlas", "--home", str(tmp_path / "home"), "--db", pg_url,
             "serve", "--port", str(port), "--workers", "2"],
            env=env, stdout=subprocess.DEVNULL, stderr=log_file,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/v1/jobs", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {log.read_text()}")
            time.sleep(0.2)
        assert len(_children(server.pid)) >= 2  # the worker processes (plus uvicorn's helper)

        def total(_: int) -> int:
            reply = httpx.get(f"{base}/api/v1/jobs", params={"limit": 5}, timeout=30)
            assert reply.status_code == 200
            return int(reply.json()["total"])

        with ThreadPoolExecutor(8) as pool:
            before = list(pool.map(total, range(40)))
            # another process writes while the workers answer
            with Store(pg_url).open() as store:
                ingest([_postings(tmp_path / "b.jsonl", "second", 20)], store)
            # each worker finds its search index behind the store within STALE_CHECK_SECONDS
            # and syncs it (serving the old one meanwhile): every answer is one or the other
            seen: list[int] = []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                batch = list(pool.map(total, range(40)))
                seen += batch
                if set(batch) == {50}:
                    break
                time.sleep(STALE_CHECK_SECONDS / 4)
        assert set(before) == {30}
        assert set(seen) <= {30, 50} and set(batch) == {50}
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
