"""Hostile posting data in CLI output, and what `ingest` says when it stores nothing.

Terminal output drops control characters and never reads data as Rich markup; CSV cells
never start a formula; an ingest that finds nothing says so, one where every record is
rejected exits 1, and a search index that cannot be updated after a commit is a warning.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from roleatlas.cli import main
from roleatlas.errors import StoreError
from roleatlas.settings import resolve_settings
from roleatlas.store import Store
from tests.test_insights_profile import demo_postings

MARKUP = "[bold red]x[/bold red] [link=http://evil.example]y[/link] :warning:"
CONTROLS = "\x1b[2J\x1b]8;;http://evil\x07\x9b31m\u202e\u2066\r"


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    captured = capsys.readouterr()
    return exc.value.code or 0, captured.out, captured.err


def write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _no_controls(text: str) -> None:
    for c in "\x1b\x07\x9b\u202e\u2066\r":
        assert c not in text, repr(c)


def test_jobs_shows_markup_as_text_and_drops_control_characters(tmp_path, capsys):
    home = str(tmp_path / "home")
    rows = [
        {
            "source": "t",
            "id": "1",
            "title": f"Data Scientist {MARKUP}\u202e",
            "company": f"Acme{CONTROLS}Corp",  # JSON escapes: "\u001b[2J" etc.
            "location": "[i]Remote[/i]",
            "description": "Python.",
        }
    ]
    code, _, err = run(capsys, "--home", home, "ingest", write(tmp_path / "h.jsonl", rows))
    assert code == 0, err
    code, out, err = run(capsys, "--home", home, "jobs")
    assert code == 0, err
    head = out.splitlines()[0]
    assert head.startswith(f"Data Scientist {MARKUP} @ Acme")
    # the company is cut where its URL starts (normalize_company); what is left is plain text
    assert " @ Acme" in head and head.endswith(" | [i]Remote[/i]")
    _no_controls(out)
    # JSON keeps the stored text but writes every control character as an escape
    code, out, _ = run(capsys, "--home", home, "jobs", "--format", "json")
    assert "\u202e" not in out and "\\u202e" in out
    assert json.loads(out)[0]["title"] == f"Data Scientist {MARKUP}\u202e"


def test_jobs_strips_escape_sequences_that_bypassed_ingest(tmp_path, capsys):
    """Postings stored before the ingest cleaned text (or by another writer) still print
    without escape sequences."""
    home = tmp_path / "home"
    posting = demo_postings()[0]
    hostile = dataclasses.replace(
        posting,
        title=f"ML Scientist{CONTROLS}",
        company=f"Acme{CONTROLS}Corp",
        location=dataclasses.replace(posting.location, raw=f"Remote{CONTROLS}"),
    )
    with Store(resolve_settings(home=str(home)).db_path).open() as store:
        store.write_batch([hostile], [], [], norm_version=1, extract_version="test")
    code, out, err = run(capsys, "--home", str(home), "jobs")
    assert code == 0, err
    assert out.splitlines()[0] == "ML Scientist @ AcmeCorp | Remote"
    _no_controls(out)
    code, out, err = run(capsys, "--home", str(home), "jobs", "--format", "csv")
    assert code == 0, err
    assert "ML Scientist,AcmeCorp,Remote" in out
    _no_controls(out.replace("\r\n", "\n"))  # the csv module ends rows with CRLF
    code, out, err = run(capsys, "--home", str(home), "role", "machine-learning-scientist")
    assert code == 0, err
    assert "ML Scientist @ AcmeCorp | Remote" in out
    _no_controls(out)


def test_jobs_csv_neutralizes_formulas(tmp_path, capsys):
    home = str(tmp_path / "home")
    rows = [
        {
            "source": "t",
            "id": "1",
            "title": '=HYPERLINK("http://evil.example","Data Scientist")',
            "company": "@Acme Inc|' /C calc'!A0",
            "location": "+cmd|' /C calc'!A0",
            "description": "Python.",
        },
        {"source": "t", "id": "-2+3", "title": "-2+3", "company": "\t=1+1", "description": "x"},
        {"source": "t", "id": "3", "title": "Data Scientist", "company": "a=b", "description": "x"},
    ]
    code, _, err = run(capsys, "--home", home, "ingest", write(tmp_path / "f.jsonl", rows))
    assert code == 0, err
    code, out, err = run(capsys, "--home", home, "jobs", "--format", "csv")
    assert code == 0, err
    table = {r["source_id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert table["1"]["title"] == '\'=HYPERLINK("http://evil.example","Data Scientist")'
    # normalize_company keeps the part before "|" (header separators); still neutralized
    assert table["1"]["company"] == "'@Acme Inc"
    assert table["1"]["location"] == "'+cmd|' /C calc'!A0"
    assert table["'-2+3"]["title"] == "'-2+3"
    assert table["'-2+3"]["company"] == "'=1+1"  # the company's leading tab is trimmed
    assert (table["3"]["title"], table["3"]["company"]) == ("Data Scientist", "a=b")
    for row in table.values():
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())


def test_error_messages_do_not_read_markup(tmp_path, capsys):
    code, _, err = run(
        capsys, "--home", str(tmp_path / "home"), "jobs", "--role", "[bold]x[/bold]\x1b[2J"
    )
    assert code == 1
    assert "[bold]x[/bold]" in err
    _no_controls(err)


# -- what ingest says ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.jsonl", ""),
        ("blank.jsonl", "\n\n   \n"),
        ("header.csv", "title,company,description\n"),
    ],
)
def test_ingest_of_nothing_says_so(tmp_path, capsys, name, content):
    path = tmp_path / name
    path.write_text(content)
    home = str(tmp_path / "home")
    code, out, err = run(capsys, "--home", home, "ingest", str(path))
    assert code == 0, err
    assert f"No postings were found in {path}" in err
    assert "header row" in err
    code, out, err = run(capsys, "--home", home, "ingest", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["total"] == 0
    assert "No postings were found" in err


def test_ingest_where_every_record_is_rejected_exits_1(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('not json\n{"broken": \n[1, 2]\n')
    home = str(tmp_path / "home")
    code, out, err = run(capsys, "--home", home, "ingest", str(path))
    assert code == 1
    assert "rejected" in out and "bad.jsonl:1" in out  # the summary and reasons come first
    assert "all 3 records were rejected" in err and "reasons above" in err
    code, out, err = run(capsys, "--home", home, "ingest", str(path), "--json")
    assert code == 1
    summary = json.loads(out)
    assert (summary["rejected"], summary["new"], len(summary["rejects"])) == (3, 0, 3)
    assert "all 3 records were rejected" in err


def test_ingest_with_some_rejects_succeeds(tmp_path, capsys):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        'not json\n{"source": "t", "id": "1", "title": "Data Scientist", "description": "x"}\n'
    )
    code, out, err = run(capsys, "--home", str(tmp_path / "home"), "ingest", str(path), "--json")
    assert code == 0, err
    assert (json.loads(out)["new"], json.loads(out)["rejected"]) == (1, 1)
    assert "rejected" not in err and "No postings" not in err


def _broken_index(monkeypatch):
    def fail(store, path, **kwargs):
        raise StoreError("Cannot update the search index: LockBusy (another process writes it).")

    monkeypatch.setattr("roleatlas.search.sync_index", fail)


ROWS = [
    {"source": "t", "id": str(i), "title": "Data Scientist", "description": "Python and SQL."}
    for i in range(3)
]


def test_ingest_succeeds_when_the_index_cannot_be_updated(tmp_path, capsys, monkeypatch):
    home = str(tmp_path / "home")
    _broken_index(monkeypatch)
    code, out, err = run(capsys, "--home", home, "ingest", write(tmp_path / "a.jsonl", ROWS))
    assert code == 0, err
    assert "Ingest summary (3 records" in out
    assert "Warning: the search index could not be updated: Cannot update the search index" in err
    assert "roleatlas index" in err and "roleatlas serve" in err
    code, out, err = run(
        capsys, "--home", home, "ingest", write(tmp_path / "b.jsonl", ROWS[:1]), "--json"
    )
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["unchanged"], summary["indexed"]) == (1, None)
    assert summary["index_error"].startswith("Cannot update the search index: LockBusy")
    code, out, err = run(capsys, "--home", home, "jobs", "--format", "json")
    assert len(json.loads(out)) == 3  # the postings were committed


def test_ingest_json_has_index_error_null_when_the_index_is_updated(tmp_path, capsys):
    home = str(tmp_path / "home")
    code, out, err = run(
        capsys, "--home", home, "ingest", write(tmp_path / "a.jsonl", ROWS), "--json"
    )
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["indexed"], summary["index_error"]) == (3, None)


def test_reextract_succeeds_when_the_index_cannot_be_updated(tmp_path, capsys, monkeypatch):
    home = str(tmp_path / "home")
    code, _, err = run(capsys, "--home", home, "ingest", write(tmp_path / "a.jsonl", ROWS))
    assert code == 0, err
    _broken_index(monkeypatch)
    code, out, err = run(capsys, "--home", home, "reextract", "--all", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["reextracted"], result["indexed"]) == (3, None)
    assert "LockBusy" in result["index_error"]
    assert "Warning: the search index could not be updated" in err
    code, out, err = run(capsys, "--home", home, "reextract", "--all")
    assert code == 0, err
    assert out.startswith("Re-extracted 3 postings")
    assert "roleatlas index" in err
