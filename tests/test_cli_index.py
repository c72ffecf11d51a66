import json

import pytest

from roleatlas.cli import main
from roleatlas.search import SearchIndex, SearchQuery, index_dir

ROWS = [
    {
        "source": "t",
        "id": str(i),
        "title": title,
        "company": "murmuration",
        "location": "Remote (anywhere in the U.S.)",
        "salary_text": "USD 120K - 150K",
        "description": description,
    }
    for i, (title, description) in enumerate(
        [
            ("Senior Data Scientist", "Python, SQL and C++ for ranking models."),
            ("Data Engineer", "Spark and Airflow pipelines in Python."),
            ("Embedded Engineer", "C and firmware."),
        ]
    )
]


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    captured = capsys.readouterr()
    return exc.value.code or 0, captured.out, captured.err


def write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_ingest_keeps_the_index_in_step(tmp_path, capsys):
    home = tmp_path / "home"
    code, out, err = run(capsys, "--home", str(home), "ingest", write(tmp_path / "a.jsonl", ROWS))
    assert code == 0, err
    assert "Search index: 3 postings indexed." in err
    index = SearchIndex.open(index_dir(home))
    assert {h.source_id for h in index.search(SearchQuery(text="c++")).hits} == {"0"}
    changed = [dict(ROWS[0], title="Staff Quokka Scientist"), {**ROWS[0], "id": "9"}]
    code, out, _ = run(
        capsys, "--home", str(home), "ingest", write(tmp_path / "b.jsonl", changed), "--json"
    )
    summary = json.loads(out)
    assert (summary["new"], summary["updated"], summary["indexed"]) == (1, 1, 2)
    assert index.count() == 4
    assert [h.source_id for h in index.search(SearchQuery(text="quokka")).hits] == ["0"]


def test_index_builds_syncs_and_rebuilds(tmp_path, capsys):
    home = str(tmp_path / "home")
    code, out, err = run(capsys, "--home", home, "index", "--json")
    assert code == 0, err
    assert json.loads(out)["rebuilt"] is True and json.loads(out)["docs"] == 0
    run(capsys, "--home", home, "ingest", write(tmp_path / "a.jsonl", ROWS), "--json")
    result = json.loads(run(capsys, "index", "--json", "--home", home)[1])
    assert (result["indexed"], result["rebuilt"], result["docs"]) == (0, False, 3)
    result = json.loads(run(capsys, "--home", home, "index", "--rebuild", "--json")[1])
    assert (result["indexed"], result["rebuilt"], result["docs"]) == (3, True, 3)
    code, out, _ = run(capsys, "--home", home, "index")
    assert code == 0
    assert out.startswith("Synced the search index: 0 postings indexed, 3 in the index")


def test_damaged_index_is_reported_with_the_fix(tmp_path, capsys):
    home = tmp_path / "home"
    index_dir(home).mkdir(parents=True)
    (index_dir(home) / "CURRENT").write_text("gen-missing\n")
    code, _, err = run(capsys, "--home", str(home), "index")
    assert code == 1
    assert "roleatlas index --rebuild" in " ".join(err.split())
    code, out, err = run(capsys, "--home", str(home), "index", "--rebuild", "--json")
    assert code == 0, err
    assert json.loads(out)["docs"] == 0


def test_reextract_syncs_the_index_with_the_new_skills(tmp_path, capsys):
    home = tmp_path / "home"
    code, _, err = run(capsys, "--home", str(home), "ingest", write(tmp_path / "a.jsonl", ROWS))
    assert code == 0, err
    from roleatlas.store import Store

    with Store(home / "roleatlas.db").open() as store:
        # as if an older catalog had missed C++ in posting 0
        store.conn.execute("DELETE FROM skill_mentions WHERE skill = 'cpp'")
        store.conn.execute("UPDATE postings SET extract_version = 'old'")
    assert run(capsys, "--home", str(home), "index", "--rebuild")[0] == 0
    index = SearchIndex.open(index_dir(home))
    assert index.search(SearchQuery(skills=("cpp",))).hits == []
    code, out, err = run(capsys, "--home", str(home), "reextract", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["reextracted"], result["indexed"]) == (3, 3)
    assert [h.source_id for h in index.search(SearchQuery(skills=("cpp",))).hits] == ["0"]
