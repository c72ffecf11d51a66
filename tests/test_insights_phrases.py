"""Skill phrases outside the catalog, counted from the span tagger's stored phrases."""

import json

from roleatlas.insights.phrases import fold, uncatalogued_phrases
from roleatlas.pipeline.extract import extract_text
from roleatlas.pipeline.run import ingest

TEXT = (
    "Requirements:\n- Degree in computer science or physics.\n"
    "- Experience with distributed systems and Python.\n"
)


def _ingest(store, tmp_path, spans):
    path = tmp_path / "p.jsonl"
    rows = [
        {"source": "t", "id": str(i), "title": "Data Scientist", "description": TEXT}
        for i in range(3)
    ] + [{"source": "t", "id": "x", "title": "Data Engineer", "description": "Spark and SQL."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ingest([path], store, spans=spans)


def test_phrases_outside_the_catalog_are_counted_per_posting(store, tmp_path):
    _ingest(store, tmp_path, spans=True)
    n, phrases = uncatalogued_phrases(store, role="data-scientist")
    assert n == 3
    # what the extraction marks outside the catalog mentions, each in all three postings
    extraction = extract_text("Data Scientist", TEXT, spans=True)
    catalog = [(m.start, m.end) for m in extraction.skills if m.section != "title"]
    expected = {
        fold(TEXT[s.start : s.end])
        for s in extraction.spans
        if not any(a < s.end and s.start < b for a, b in catalog)
    }
    assert expected, "the posting has phrases outside the catalog"
    assert {p.key for p in phrases} == expected
    for p in phrases:
        assert p.postings == 3 and p.share == 1.0 and 0 < p.low <= 1.0
        assert sorted(p.examples) == ["t:0", "t:1", "t:2"]
    # Python and distributed systems are catalog skills: no phrase around them is listed
    assert not any("python" in p.key or "distributed" in p.key for p in phrases)
    assert uncatalogued_phrases(store, role="data-engineer", min_postings=1)[0] == 1


def test_no_stored_phrases_gives_n_zero(store, tmp_path):
    _ingest(store, tmp_path, spans=False)
    assert uncatalogued_phrases(store) == (0, [])


def test_fold_groups_written_forms():
    assert fold("Computer  Science.") == fold("computer science") == "computer science"


def _run(capsys, *args):
    import pytest

    from roleatlas.cli import main

    with pytest.raises(SystemExit) as exc:
        main(list(args))
    captured = capsys.readouterr()
    return exc.value.code or 0, captured.out, captured.err


def test_cli_lists_phrases_and_says_how_to_get_them(tmp_path, capsys):
    path = tmp_path / "p.jsonl"
    rows = [
        {"source": "t", "id": str(i), "title": "Data Scientist", "description": TEXT}
        for i in range(2)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    home = str(tmp_path / "home")
    assert _run(capsys, "--home", home, "ingest", str(path), "--no-spans", "--json")[0] == 0
    code, out, err = _run(capsys, "--home", home, "skills", "--uncatalogued")
    assert code == 0 and "reextract" in err and out == ""
    # the span tagger is on by default: a plain reextract tags the postings stored without it
    assert json.loads(_run(capsys, "--home", home, "reextract", "--json")[1])["reextracted"] == 2
    code, out, _ = _run(
        capsys, "--home", home, "skills", "--uncatalogued", "--role", "Data Scientist",
        "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0 and data["role"] == "data-scientist" and data["n"] == 2
    assert data["phrases"] and all(p["postings"] == 2 for p in data["phrases"])


def test_postings_tagged_without_phrases_still_count_in_n(store, tmp_path):
    path = tmp_path / "p.jsonl"
    rows = [
        {"source": "t", "id": "1", "title": "Data Scientist", "description": TEXT},
        {"source": "t", "id": "2", "title": "Data Scientist", "description": "."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ingest([path], store, spans=True)
    assert store.conn.execute("SELECT count(*) FROM skill_spans").fetchone()[0] == 1
    n, phrases = uncatalogued_phrases(store, role="data-scientist", min_postings=1)
    assert n == 2 and phrases and all(p.share == 0.5 for p in phrases)
