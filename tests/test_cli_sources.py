"""Tests for the ``roleatlas sources`` commands (add, list, remove)."""

from __future__ import annotations

import json

from roleatlas.collect.registry import load_starter
from roleatlas.pipeline.normalize import normalize_posting
from roleatlas.records import RawPosting
from roleatlas.store import Store
from tests.test_cli import run, run_ok


def test_add_list_remove(tmp_path, capsys):
    home = str(tmp_path / "home")
    text = run_ok(capsys, "--home", home, "sources", "add", "https://jobs.lever.co/acme")
    assert text.strip() == (
        "Added lever:acme (lever, Acme): https://api.lever.co/v0/postings/acme?mode=json"
    )
    added = json.loads(
        run_ok(
            capsys,
            "--home",
            home,
            "sources",
            "add",
            "http://127.0.0.1:8765/v1/boards/acme/jobs",
            "--kind",
            "greenhouse",
            "--name",
            "local-gh",
            "--json",
        )
    )
    assert (added["name"], added["kind"], added["api_url"], added["verified"]) == (
        "local-gh",
        "greenhouse",
        "http://127.0.0.1:8765/v1/boards/acme/jobs",
        False,
    )
    rows = json.loads(run_ok(capsys, "--home", home, "sources", "list", "--json"))
    assert [(r["name"], r["kind"], r["postings"], r["next_due_at"]) for r in rows] == [
        ("lever:acme", "lever", 0, None),
        ("local-gh", "greenhouse", 0, None),
    ]
    table = run_ok(capsys, "--home", home, "sources", "list")
    assert "lever:acme" in table and "never" in table and "now" in table
    text = run_ok(capsys, "--home", home, "sources", "remove", "lever:acme")
    assert "Removed the source lever:acme" in text and "stay in the store" in text
    rows = json.loads(run_ok(capsys, "--home", home, "sources", "list", "--json"))
    assert [r["name"] for r in rows] == ["local-gh"]


def test_errors_name_the_value_and_the_fix(tmp_path, capsys):
    home = str(tmp_path / "home")
    run_ok(capsys, "--home", home, "sources", "add", "https://boards.greenhouse.io/anthropic")
    code, _, err = run(capsys, "--home", home, "sources", "add", "boards.greenhouse.io/anthropic")
    assert code == 1
    assert "'greenhouse:anthropic' exists already" in err and "--name" in err
    code, _, err = run(capsys, "--home", home, "sources", "add", "https://example.com/careers")
    assert code == 1 and "'https://example.com/careers'" in err and "--kind" in err
    code, _, err = run(capsys, "--home", home, "sources", "remove", "nope")
    assert code == 1 and "no source named 'nope'" in err
    code, _, err = run(capsys, "--home", home, "sources", "add")
    assert code == 1 and "--starter" in err
    code, _, err = run(capsys, "--home", home, "sources", "add", "--starter", "--name", "x")
    assert code == 1 and "--starter alone" in err


def test_add_starter_then_again(tmp_path, capsys):
    home = str(tmp_path / "home")
    run_ok(capsys, "--home", home, "sources", "add", "https://jobs.ashbyhq.com/cohere")
    result = json.loads(run_ok(capsys, "--home", home, "sources", "add", "--starter", "--json"))
    total = len(load_starter())
    assert (len(result["added"]), result["skipped"]) == (total - 1, ["ashby:cohere"])
    text = run_ok(capsys, "--home", home, "sources", "add", "--starter")
    assert text.strip() == (
        f"Added 0 starter sources (unverified until their first fetch); already present: {total}."
    )
    rows = json.loads(run_ok(capsys, "--home", home, "sources", "list", "--json"))
    assert len(rows) == total and not any(r["verified"] for r in rows)
    names = {r["name"]: r["display_name"] for r in rows}
    assert names["greenhouse:anthropic"] == "Anthropic"
    assert names["ashby:PrimeIntellect"] == "Prime Intellect"


def test_remove_keeps_postings_and_list_counts_them(tmp_path, capsys):
    home = tmp_path / "home"
    run_ok(capsys, "--home", str(home), "sources", "add", "https://jobs.lever.co/acme")
    with Store(home / "roleatlas.db").open() as store:
        posting = normalize_posting(RawPosting("lever:acme", "1", title="Data Engineer"))
        store.write_batch([posting], [], [], norm_version=1)
    rows = json.loads(run_ok(capsys, "--home", str(home), "sources", "list", "--json"))
    assert rows[0]["postings"] == 1
    text = run_ok(capsys, "--home", str(home), "sources", "remove", "lever:acme")
    assert "Its 1 postings stay" in text
    with Store(home / "roleatlas.db").open() as store:
        assert store.count("lever:acme") == 1


def test_data_is_escaped_in_the_table(tmp_path, capsys):
    home = str(tmp_path / "home")
    run_ok(
        capsys,
        "--home",
        home,
        "sources",
        "add",
        "https://jobs.lever.co/acme",
        "--name",
        "acme",
    )
    with Store(tmp_path / "home" / "roleatlas.db").open() as store:
        store.update_source_run("acme", status="error", error="boom \x1b[31m[red]x[/red]")
    table = run_ok(capsys, "--home", home, "sources", "list")
    assert "\x1b" not in table and "boom" in table and "[red]" in table
