import json
import re
from pathlib import Path

import pytest

from roleatlas.cli import app, main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    captured = capsys.readouterr()
    return exc.value.code, captured.out, captured.err


def run_ok(capsys, *args):
    code, out, err = run(capsys, *args)
    assert code in (0, None), err
    return out


def command_names():
    import typer.main

    group = typer.main.get_group(app)
    names = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            names.extend(f"{name} {sub}" for sub in command.commands)
        else:
            names.append(name)
    return names


def test_every_command_has_help_and_is_documented():
    docs = (ROOT / "docs" / "cli.md").read_text()
    import typer.main

    group = typer.main.get_group(app)
    for name in command_names():
        assert (
            f"roleatlas eval {name.split()[1]}" in docs
            if name.startswith("eval ")
            else (re.search(rf"roleatlas (\[--home DIR\] )?{name}\b", docs))
        ), name
        parts = name.split()
        command = group.commands[parts[0]]
        if len(parts) == 2:
            command = command.commands[parts[1]]  # type: ignore[attr-defined]
        assert command.help, name


SEED = """Data Engineer
@ murmuration | Remote (anywhere in the U.S.)
Full Time Mid-level / Intermediate USD 100K - 130K
Senior Data Scientist
@ murmuration | Remote (anywhere in the U.S.)
Full Time Senior-level / Expert USD 120K - 150K
"""


def test_ingest_listing_then_jobs(tmp_path, capsys):
    path = tmp_path / "seed.txt"
    path.write_text(SEED)
    home = str(tmp_path / "home")
    summary = json.loads(run_ok(capsys, "--home", home, "ingest", str(path), "--json"))
    assert (summary["new"], summary["rejected"]) == (2, 0)
    again = json.loads(run_ok(capsys, "--home", home, "ingest", str(path), "--json"))
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 2)
    text = run_ok(capsys, "--home", home, "jobs", "--level", "SE")
    assert text.splitlines()[:2] == [
        "Senior Data Scientist @ murmuration | Remote (anywhere in the U.S.)",
        "Full Time · Senior-level / Expert · USD 120K - 150K",
    ]
    rows = json.loads(  # --home may also follow the command name
        run_ok(capsys, "jobs", "--role", "data engineer", "--format", "json", "--home", home)
    )
    assert [r["title"] for r in rows] == ["Data Engineer"]
    assert rows[0]["salary"]["min_amount"] == 100000
    csv_out = run_ok(capsys, "--home", home, "jobs", "--remote", "--format", "csv")
    assert csv_out.count("\n") == 3


def test_bad_input_gives_clear_errors(tmp_path, capsys):
    home = str(tmp_path / "home")
    code, _, err = run(capsys, "--home", home, "ingest", str(tmp_path / "nope.jsonl"))
    assert code == 1 and "does not exist" in err
    code, _, err = run(capsys, "--home", home, "jobs", "--level", "XX")
    assert code == 1 and "--level must be one of EN, MI, SE, EX" in err
    code, _, err = run(capsys, "--home", home, "jobs", "--role", "Data Scientst")
    assert code == 1 and "Data Scientist" in err
    code, _, err = run(capsys, "normalize", "colour", "red")
    assert code == 1 and "Unknown normalize kind 'colour'" in err


def test_normalize_title_and_stdin(capsys, monkeypatch):
    data = json.loads(run_ok(capsys, "normalize", "title", "Senior Data Scientist"))
    assert (data["role"], data["role_name"], data["level"]) == (
        "data-scientist",
        "Data Scientist",
        "SE",
    )
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("USD 120K - 150K\n£25k per annum\n"))
    lines = run_ok(capsys, "normalize", "salary", "-").splitlines()
    got = [json.loads(line) for line in lines]
    assert [(g["currency"], g["min_amount"]) for g in got] == [("USD", 120000), ("GBP", 25000)]


def test_skills_command_counts_and_filters(tmp_path, capsys):
    path = tmp_path / "p.jsonl"
    rows = [
        {"source": "t", "id": str(i), "title": "Data Scientist",
         "description": "Requirements:\n- Python and SQL\n- Strong communication skills\n"}
        for i in range(3)
    ]  # fmt: skip
    rows.append({"source": "t", "id": "9", "title": "Data Scientist", "description": "Python."})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    home = str(tmp_path / "home")
    run_ok(capsys, "--home", home, "ingest", str(path), "--json")
    data = json.loads(run_ok(capsys, "--home", home, "skills", "--role", "Data Scientist",
                             "--category", "language", "--format", "json"))  # fmt: skip
    assert data["n"] == 4
    assert [(s["skill"], s["postings"]) for s in data["skills"]] == [("python", 4), ("sql", 3)]
    code, _, err = run(capsys, "--home", home, "skills", "--category", "nope")
    assert code == 1 and "Unknown skill categories nope" in err


SHARED = ROOT.parent / "shared" / "data"
HN_DATA = SHARED / "postings-hn-whoishiring"


@pytest.mark.skipif(not HN_DATA.is_dir(), reason="shared HN data not present")
def test_eval_hn_table_and_json(capsys):
    labels = str(ROOT / "tests" / "data" / "hn_labels.jsonl")
    text = run_ok(capsys, "eval", "hn", "--data", str(HN_DATA), "--labels", labels)
    assert "HN header parsing, dev split (100 postings)" in text
    assert "company exact match" in text and "has salary recall" in text
    report = json.loads(
        run_ok(capsys, "eval", "hn", "--data", str(HN_DATA), "--labels", labels,
               "--split", "test", "--json")
    )  # fmt: skip
    assert (report["split"], report["rows"], report["postings"]) == ("test", 100, 2764)
    code, _, err = run(capsys, "eval", "hn", "--data", str(HN_DATA), "--labels", labels,
                       "--split", "train")  # fmt: skip
    assert code == 1 and "The split must be 'dev', 'test' or 'all'" in err


def dedup_fixture(tmp_path):
    """A shared-data folder of three postings (two the same job) and two labelled pairs."""
    import gzip

    body = " ".join(f"word{i % 37} task{i % 11}" for i in range(150))
    rows = [
        {"source": "ashby-acme", "id": "1", "company": "Acme", "title": "Data Engineer",
         "location": "Berlin, Germany", "description": body},
        {"source": "glassdoor", "id": "g1", "company": "Acme", "title": "Data Engineer",
         "location": "Berlin, Germany", "description": body},
        {"source": "glassdoor", "id": "g2", "company": "Other Co", "title": "Pastry Chef",
         "location": "Lyon, France", "description": "Bake bread and croissants every day."},
    ]  # fmt: skip
    folder = tmp_path / "shared" / "postings-sample"
    folder.mkdir(parents=True)
    with gzip.open(folder / "postings.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    labels = tmp_path / "labels"
    labels.mkdir()
    pairs = labels / "dedup_pairs.jsonl"
    pairs.write_text(
        json.dumps({"a": ["ashby-acme", "1"], "b": ["glassdoor", "g1"], "same": True, "how": ""})
        + "\n"
        + json.dumps(
            {"a": ["glassdoor", "g1"], "b": ["glassdoor", "g2"], "same": False, "how": ""}
        )  # fmt: skip
        + "\n"
    )
    return tmp_path / "shared", pairs


def test_eval_dedup_table_and_json(tmp_path, capsys):
    shared, pairs = dedup_fixture(tmp_path)
    report = json.loads(
        run_ok(capsys, "eval", "dedup", "--shared", str(shared), "--pairs", str(pairs),
               "--split", "all", "--json")
    )  # fmt: skip
    assert (report["pairs"], report["tp"], report["tn"]) == (2, 1, 1)
    assert (report["precision"], report["recall"]) == (1.0, 1.0)
    assert (report["postings"], report["clusters"]) == (3, 2)
    text = run_ok(capsys, "eval", "dedup", "--shared", str(shared), "--pairs", str(pairs))
    assert "Dedup, dev split" in text and "pairwise precision" in text
    code, _, err = run(capsys, "eval", "dedup", "--shared", str(shared))
    assert code == 2 and "--pairs" in err
    code, _, err = run(capsys, "eval", "dedup", "--shared", str(tmp_path), "--pairs", str(pairs))
    assert code == 1 and "No postings-*/postings.jsonl.gz" in err


def test_eval_report_shows_dev_and_test_side_by_side(tmp_path, capsys):
    shared, pairs = dedup_fixture(tmp_path)
    out_file = tmp_path / "evaluation.md"
    run_ok(capsys, "eval", "report", "--shared", str(shared), "--labels", str(pairs.parent),
           "--task", "dedup", "--out", str(out_file))  # fmt: skip
    text = out_file.read_text(encoding="utf-8")
    assert "| task | data | metric | dev (tuned on) | test (untouched) | goal |" in text
    clusters = [line for line in text.splitlines() if "clusters of all postings" in line]
    assert len(clusters) == 1 and clusters[0].endswith("| 2 | 2 |  |")
    code, _, err = run(capsys, "eval", "report", "--shared", str(shared), "--task", "nope")
    assert code == 1 and "Unknown task(s) nope" in err
