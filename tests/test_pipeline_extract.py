"""Extraction composed: sections, context, storage through ingest, and reextract."""

import dataclasses
import json

from roleatlas.pipeline import extract as extract_module
from roleatlas.pipeline.extract import extract_text, extract_version
from roleatlas.pipeline.run import ingest, reextract

POSTING = """About us
We are a healthcare analytics company. Our office has Excel training for everyone.

Responsibilities:
- Design and build data pipelines in Python and SQL
- You will deploy models with Docker

Requirements:
- BS/MS in Computer Science or related field, or equivalent practical experience
- 3+ years of experience with Python
- Experience with PyTorch

Nice to have:
- Experience with Kubernetes

Benefits:
- Free Python courses
"""


def by_skill(extraction, skill):
    return [m for m in extraction.skills if m.skill == skill]


def test_sections_and_requirement_context():
    ex = extract_text("Senior Machine Learning Engineer", POSTING)
    title = [m for m in ex.skills if m.section == "title"]
    assert [m.skill for m in title] == ["machine-learning"]
    sections = {(m.skill, m.section, m.required) for m in ex.skills if m.section != "title"}
    assert ("pytorch", "requirements", True) in sections
    assert ("kubernetes", "preferred", False) in sections
    assert ("python", "responsibilities", None) in sections
    assert ("python", "benefits", None) in sections  # kept, but never counted
    assert ("docker", "responsibilities", None) in sections
    for m in ex.skills:
        source = "Senior Machine Learning Engineer" if m.section == "title" else POSTING
        assert source[m.start : m.end] == m.text


def test_education_experience_responsibilities():
    ex = extract_text(None, POSTING)
    assert {e.level for e in ex.education} >= {"bachelor", "master"}
    assert any(e.or_equivalent for e in ex.education)
    assert any(e.min_years == 3 for e in ex.experience)
    statements = [r.statement for r in ex.responsibilities]
    assert any(s.startswith("Design and build data pipelines") for s in statements)
    assert any(r.verb == "deploy" for r in ex.responsibilities)


def test_empty_text():
    ex = extract_text(None, None)
    assert ex.skills == [] and ex.education == [] and ex.responsibilities == []


def test_ingest_stores_mentions_and_reextract_redoes_stale(store, tmp_path, monkeypatch):
    path = tmp_path / "p.jsonl"
    rows = [
        {"source": "t", "id": "1", "title": "Data Scientist", "description": POSTING},
        {"source": "t", "id": "2", "title": "Data Engineer", "description": "Spark and Kafka."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ingest([path], store)
    stored = store.extraction("t", "1")
    assert stored == extract_text("Data Scientist", POSTING)
    n, counts = store.skill_counts()
    assert n == 2
    counted = dict(counts)
    assert counted["python"] == 1  # the benefits mention does not count twice
    assert counted["apache-spark"] == 1
    assert reextract(store)["reextracted"] == 0  # nothing is stale
    extract_version.cache_clear()
    monkeypatch.setattr(extract_module, "EXTRACTOR_VERSION", 999)
    try:
        result = reextract(store)
        assert result["reextracted"] == 2 and result["version"].startswith("999:")
        assert reextract(store)["reextracted"] == 0
        assert store.extraction("t", "1") == dataclasses.replace(stored, version=999)
    finally:
        extract_version.cache_clear()


def test_boilerplate_only_mentions_do_not_count(store, tmp_path):
    path = tmp_path / "p.jsonl"
    text = "Benefits:\n- Free Tableau licences\n"
    path.write_text(json.dumps({"source": "t", "id": "1", "title": "Analyst", "description": text}))
    ingest([path], store)
    assert any(m.skill == "tableau" for m in store.extraction("t", "1").skills)
    assert "tableau" not in dict(store.skill_counts()[1])


def test_ingest_with_spans_stores_them_and_reextract_replaces_them(store, tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(
        json.dumps({"source": "t", "id": "1", "title": "Data Scientist", "description": POSTING})
        + "\n"
    )
    ingest([path], store, spans=True)
    stored = store.extraction("t", "1")
    assert stored.spans and stored == extract_text("Data Scientist", POSTING, spans=True)
    version = store.conn.execute("SELECT extract_version FROM postings").fetchone()[0]
    assert version.endswith("+spans")
    # the default run (no spans) finds the stored extraction stale and drops the spans
    assert reextract(store, spans=False)["reextracted"] == 1
    assert store.extraction("t", "1").spans == []
    assert store.conn.execute("SELECT count(*) FROM skill_spans").fetchone()[0] == 0
