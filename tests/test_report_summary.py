import json

from roleatlas.report.summary import group_sources
from tests.test_cli import run_ok


def test_few_sources_are_listed_one_by_one():
    rows = {"glassdoor": {"new": 2}, "ashby-cohere": {"new": 1, "rejected": 1}}
    assert group_sources(rows) == [
        ("glassdoor", {"new": 2, "updated": 0, "unchanged": 0, "rejected": 0}),
        ("ashby-cohere", {"new": 1, "updated": 0, "unchanged": 0, "rejected": 1}),
    ]


def test_many_sources_are_grouped_by_family_largest_first():
    rows = {f"ashby-{i}": {"new": 2, "rejected": i % 2} for i in range(30)}
    rows |= {f"greenhouse:{b}": {"unchanged": 3} for b in ("a", "b")}
    rows["glassdoor"] = {"new": 7}
    assert group_sources(rows) == [
        ("ashby (30 sources)", {"new": 60, "updated": 0, "unchanged": 0, "rejected": 15}),
        ("greenhouse (2 sources)", {"new": 0, "updated": 0, "unchanged": 6, "rejected": 0}),
        ("glassdoor", {"new": 7, "updated": 0, "unchanged": 0, "rejected": 0}),
    ]


def test_ingest_of_many_sources_prints_a_short_table(tmp_path, capsys):
    path = tmp_path / "boards.jsonl"
    rows = [
        {"source": f"ashby-board{i}", "id": "1", "title": "Data Engineer", "description": "SQL."}
        for i in range(40)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = run_ok(capsys, "--home", str(tmp_path / "home"), "ingest", str(path))
    assert "ashby (40 sources)" in out and "ashby-board7" not in out
    assert len(out.splitlines()) < 15
