import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from roleatlas.errors import InputError
from roleatlas.pipeline.run import ingest

from .conftest import shared_path


def write_jsonl(path, rows):
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write((row if isinstance(row, str) else json.dumps(row)) + "\n")


ROWS = [
    {
        "source": "t",
        "id": "1",
        "title": "Senior Data Scientist",
        "company": "murmuration",
        "location": "Remote (anywhere in the U.S.)",
        "salary_text": "USD 120K - 150K",
        "employment_type": "Full Time",
        "description": "Python and SQL.",
    },
    {
        "source": "t",
        "id": "2",
        "title": "Data Engineer",
        "company": "murmuration",
        "location": "Seattle, WA",
        "salary_text": "$100K-$130K",
        "description": "Spark.",
    },
    {
        "source": "t",
        "id": "3",
        "title": "Financial Analyst",
        "company": "Bank",
        "location": "London",
        "description": "Excel.",
    },
]


def test_ingest_is_idempotent(store, tmp_path):
    path = tmp_path / "p.jsonl"
    write_jsonl(path, ROWS)
    first = ingest([path], store)
    assert (first.new, first.updated, first.unchanged, first.rejected) == (3, 0, 0, 0)
    second = ingest([path], store)
    assert (second.new, second.updated, second.unchanged, second.rejected) == (0, 0, 3, 0)
    assert store.count() == 3
    changed = [dict(ROWS[0], salary_text="USD 130K - 160K"), *ROWS[1:]]
    write_jsonl(path, changed)
    third = ingest([path], store)
    assert (third.new, third.updated, third.unchanged) == (0, 1, 2)
    assert store.get("t", "1").salary.min_amount == 130000


def test_bad_rows_are_rejected_with_file_and_line(store, tmp_path):
    path = tmp_path / "p.jsonl"
    write_jsonl(path, [ROWS[0], "{not json", {"source": "t", "id": "9"}, ROWS[1]])
    summary = ingest([path], store)
    assert summary.new == 2
    assert summary.rejected == 2
    origins = sorted(r.origin for r in summary.rejects)
    assert origins == [f"{path}:2", f"{path}:3"]
    assert summary.per_source["(not read as a posting)"].rejected == 1  # "{not json"
    assert summary.per_source["t"].rejected == 1  # read, but no title nor description
    assert len(store.rejects()) == 2
    again = ingest([path], store)
    assert again.rejected == 2 and len(store.rejects()) == 2


def test_missing_file_stores_nothing_and_keeps_what_is_there(store, tmp_path):
    good = tmp_path / "p.jsonl"
    write_jsonl(good, ROWS)
    ingest([good], store)
    with pytest.raises(InputError, match="does not exist"):
        ingest([good, tmp_path / "missing.jsonl"], store)
    assert store.count() == 3


def test_real_postings_get_roles_and_salaries(store):
    path = shared_path("postings-glassdoor", "postings.jsonl.gz")
    summary = ingest([path], store)
    # one Glassdoor row has neither a title nor a description
    assert [r.source_id for r in summary.rejects] == ["gd-dsgaldino-ds-19"]
    assert "neither a title nor a description" in summary.rejects[0].reason
    assert summary.new == store.count() > 5000
    roles = store.conn.execute("SELECT count(*) FROM postings WHERE role IS NOT NULL").fetchone()
    salaries = store.conn.execute(
        "SELECT count(*) FROM postings WHERE salary_usd_max IS NOT NULL"
    ).fetchone()
    assert roles[0] / summary.new > 0.8
    assert salaries[0] / summary.new > 0.8


@pytest.mark.slow
def test_kill_mid_ingest_then_rerun_loses_and_duplicates_nothing(tmp_path):
    source = shared_path("postings-glassdoor", "postings.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    big = tmp_path / "big.jsonl"
    expected = set()
    with big.open("w", encoding="utf-8") as fh:
        for copy in range(2):
            for row in rows:
                row = dict(row, id=f"{row['id']}-{copy}")
                if row["title"] or row["description"]:  # the others are rejected
                    expected.add(row["id"])
                fh.write(json.dumps(row) + "\n")
    home = tmp_path / "home"
    env = dict(os.environ, ROLEATLAS_HOME=str(home), ROLEATLAS_BATCH_SIZE="100")
    cmd = [sys.executable, "-m", "roleatlas", "ingest", str(big), "--json"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = home / "roleatlas.db"
    count = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    count = conn.execute("SELECT count(*) FROM postings").fetchone()[0]
            except sqlite3.OperationalError:
                count = 0
            if count > 0:
                break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    with sqlite3.connect(db) as conn:
        partial = conn.execute("SELECT count(*) FROM postings").fetchone()[0]
    assert 0 < partial < len(expected)

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    summary = json.loads(rerun.stdout)
    assert summary["new"] == len(expected) - partial
    assert summary["unchanged"] == partial
    assert summary["updated"] == 0
    assert summary["rejected"] == 2
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT source_id FROM postings")]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    assert integrity == "ok"
    assert len(ids) == len(set(ids)) == len(expected)
    assert set(ids) == expected
