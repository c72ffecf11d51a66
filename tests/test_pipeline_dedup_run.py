"""``dedup_store``: clusters in the store, role figures counting each job once."""

from __future__ import annotations

import json

from roleatlas.insights.profile import role_profile
from roleatlas.pipeline.dedup_run import dedup_store
from roleatlas.pipeline.run import ingest
from roleatlas.store import Store
from roleatlas.store.detail import posting_detail

TEXT = (
    "You will train and evaluate machine learning models for our search ranking team. "
    "Requirements: Python, PyTorch, SQL and 3+ years of experience in applied machine "
    "learning. A master's degree in computer science or a related field is preferred."
)


def _rows():
    base = {"title": "Machine Learning Scientist", "location": "Berlin, Germany"}
    return [
        {"source": "board-a", "id": "1", "company": "Acme GmbH", "description": TEXT, **base},
        # the same job on another board, the company written another way
        {"source": "board-b", "id": "x9", "company": "ACME", "description": TEXT, **base},
        # another job of the same company
        {
            "source": "board-a",
            "id": "2",
            "company": "Acme GmbH",
            "title": "Data Engineer",
            "location": "Berlin, Germany",
            "description": "Build pipelines with Spark and Airflow. Python and SQL required.",
        },
    ]


def test_duplicates_are_marked_and_counted_once(tmp_path):
    path = tmp_path / "jobs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _rows()))
    with Store(tmp_path / "db.sqlite").open() as store:
        ingest([path], store)
        role = store.get("board-a", "1").role
        assert role is not None
        assert role_profile(store, role).n_postings == 2  # before dedup: two rows

        summary = dedup_store(store)
        assert (summary.postings, summary.clusters, summary.duplicates) == (3, 2, 1)
        assert summary.multi == 1
        profile = role_profile(store, role)
        assert profile.n_postings == 1  # one job, and the profile says why
        assert any("1 more postings" in note and "counted once" in note for note in profile.notes)

        members = store.cluster_members("board-b", "x9")
        assert {(s, i) for s, i, _ in members} == {("board-a", "1"), ("board-b", "x9")}
        detail = posting_detail(store, "board-a", "2", max_chars=1000, max_items=10)
        assert detail is not None and [(s, i) for s, i, _ in detail.same_job] == [("board-a", "2")]

        # a rerun replaces the marks (idempotent)
        assert dedup_store(store).duplicates == 1
        marked = store.conn.execute(
            "SELECT count(*) FROM postings WHERE duplicate_of IS NOT NULL"
        ).fetchone()[0]
        assert marked == 1


def test_dedup_command(tmp_path, capsys):
    from tests.test_cli import run_ok

    path = tmp_path / "jobs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _rows()))
    home = str(tmp_path / "home")
    run_ok(capsys, "--home", home, "ingest", str(path), "--json")
    result = json.loads(run_ok(capsys, "--home", home, "dedup", "--json"))
    assert {k: result[k] for k in ("postings", "clusters", "duplicates")} == {
        "postings": 3,
        "clusters": 2,
        "duplicates": 1,
    }
    text = run_ok(capsys, "--home", home, "dedup")
    assert text.startswith("3 postings form 2 jobs: 1 jobs appear more than once, 1 postings")
