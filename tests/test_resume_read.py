"""Reading résumé files (PDF, DOCX, text, Markdown, JSON Resume) into items with their lines.

Every résumé here is written by the tests for a fictional person (Ada Quill).
"""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from roleatlas.errors import InputError, UnknownFormatError
from roleatlas.limits import Limits
from roleatlas.resume.read import detect_format, read_resume, resume_text

TODAY = date(2024, 6, 15)

LINES = [
    "Ada Quill",
    "Machine Learning Engineer",
    "ada.quill@example.org",
    "",
    "EXPERIENCE",
    "Machine Learning Engineer, Lumen Robotics",
    "Jan 2021 - Present",
    "Built PyTorch models for defect detection; deployed them with Docker and Kubernetes.",
    "Data Analyst, Harbor Freight Lines",
    "03/2018 - 06/2021",
    "Wrote SQL and Tableau dashboards.",
    "",
    "EDUCATION",
    "M.Sc. Data Science, University of Elsewhere, 2016 - 2018",
    "B.Tech in Computer Science, Institute of Nowhere, 2012 - 2016",
    "",
    "SKILLS",
    "Python, scikit-learn, Apache Airflow",
]
TEXT = "\n".join(LINES)


def _check(resume, *, exact_lines=True):
    """The items of LINES, each quoting its line (numbered as in LINES when ``exact_lines``:
    a PDF's text layer has no blank lines)."""
    lines = resume.text.split("\n")
    for item in [*resume.skills, *resume.degrees, *resume.jobs]:
        assert lines[item.evidence.line - 1].strip() == item.evidence.text
        if exact_lines:
            assert LINES[item.evidence.line - 1] == item.evidence.text
    skills = {s.skill: s.evidence.text for s in resume.skills}
    assert skills["pytorch"] == LINES[7]
    assert skills["sql"] == LINES[10]
    assert skills["scikit-learn"] == LINES[17]
    degrees = {d.level: d.evidence.text for d in resume.degrees}
    assert degrees == {"master": LINES[13], "bachelor": LINES[14]}
    assert [j.evidence.text for j in resume.jobs] == [LINES[6], LINES[9]]
    assert {(d.level, d.field) for d in resume.degrees} == {
        ("master", "data science"),
        ("bachelor", "computer science"),
    }
    jobs = [(j.title, j.role, j.start, j.end, j.current) for j in resume.jobs]
    assert jobs == [
        ("Machine Learning Engineer", "machine-learning-engineer", "2021-01", None, True),
        ("Data Analyst", "data-analyst", "2018-03", "2021-06", False),
    ]
    # 2018-03 .. 2024-06-15, the overlap (2021) counted once
    assert resume.years_experience == 6.3


def test_text_file(tmp_path):
    path = tmp_path / "ada.txt"
    path.write_text(TEXT, encoding="utf-8")
    resume = read_resume(path, today=TODAY)
    assert resume.format == "text"
    _check(resume)
    assert resume.headline is not None and resume.headline.role == "machine-learning-engineer"
    assert resume.headline.evidence.line == 2


def test_markdown_bytes():
    md = "\n".join(("## " + line.title()) if line.isupper() else line for line in LINES)
    resume = read_resume(md.encode(), filename="ada.md", today=TODAY)
    assert resume.format == "markdown"
    _check(resume)


def test_pdf():
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in LINES:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    resume = read_resume(bytes(pdf.output()), today=TODAY)
    assert resume.format == "pdf"
    _check(resume, exact_lines=False)


def test_docx_paragraphs_and_table_cells_in_order():
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in LINES[:12]:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=1)
    for cell, line in zip(table.column_cells(0), LINES[12:14], strict=True):
        cell.text = line
    for line in LINES[14:]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    resume = read_resume(buffer.getvalue(), filename="ada.docx", today=TODAY)
    assert resume.format == "docx"
    _check(resume)


JSON_RESUME = {
    "basics": {"name": "Ada Quill", "label": "Machine Learning Engineer"},
    "work": [
        {
            "name": "Lumen Robotics",
            "position": "Machine Learning Engineer",
            "startDate": "2021-01-04",
            "highlights": ["Built PyTorch models for defect detection"],
        },
        {
            "name": "Harbor Freight Lines",
            "position": "Data Analyst",
            "startDate": "2018-03",
            "endDate": "2021-06",
            "summary": "Wrote SQL and Tableau dashboards.",
        },
    ],
    "education": [
        {"institution": "University of Elsewhere", "studyType": "M.Sc.", "area": "Data Science"},
        {"institution": "Institute of Nowhere", "studyType": "Bachelor", "area": "Physics"},
    ],
    "skills": [{"name": "Machine learning", "keywords": ["Python", "scikit-learn"]}],
}


def test_json_resume():
    resume = read_resume(json.dumps(JSON_RESUME).encode(), today=TODAY)
    assert resume.format == "json-resume"
    lines = resume.text.split("\n")
    jobs = [(j.title, j.role, j.start, j.end, j.current) for j in resume.jobs]
    assert jobs == [
        ("Machine Learning Engineer", "machine-learning-engineer", "2021-01", None, True),
        ("Data Analyst", "data-analyst", "2018-03", "2021-06", False),
    ]
    assert (
        lines[resume.jobs[1].evidence.line - 1]
        == "Data Analyst, Harbor Freight Lines (2018-03 – 2021-06)"
    )
    assert {(d.level, d.field) for d in resume.degrees} == {
        ("master", "data science"),
        ("bachelor", "physics"),
    }
    skills = {s.skill: lines[s.evidence.line - 1] for s in resume.skills}
    assert skills["pytorch"] == "- Built PyTorch models for defect detection"
    assert skills["scikit-learn"] == "Machine learning: Python, scikit-learn"
    assert resume.years_experience == 6.3
    for item in [*resume.skills, *resume.degrees, *resume.jobs]:
        assert lines[item.evidence.line - 1].strip() == item.evidence.text


def test_scanned_pdf_says_so():
    fpdf = pytest.importorskip("fpdf")
    image = pytest.importorskip("PIL.Image")
    picture = io.BytesIO()
    image.new("RGB", (200, 100), "white").save(picture, format="PNG")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=100)
    with pytest.raises(InputError, match="scanned") as info:
        read_resume(bytes(pdf.output()), filename="scan.pdf")
    assert "paste" in str(info.value)


def test_oversized_input_names_the_setting(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(TEXT * 10, encoding="utf-8")
    with pytest.raises(InputError, match="max_resume_bytes"):
        read_resume(path, limits=Limits(max_resume_bytes=1000))
    with pytest.raises(InputError, match="1,000 bytes"):
        read_resume(TEXT.encode() * 10, limits=Limits(max_resume_bytes=1000))


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"%PDF-1.4\n...", None, "pdf"),
        (b"PK\x03\x04...", None, "docx"),
        (b'{"basics": {}, "work": []}', None, "json-resume"),
        (b'{"not": "a resume"}', None, "text"),
        (b"Ada Quill\nPython", None, "text"),
        (b"Ada", "cv.markdown", "markdown"),
        (b"{}", "cv.json", "json-resume"),
    ],
)
def test_detect_format(data, filename, expected):
    assert detect_format(data, filename) == expected


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None),
        (b"\x89PNG\r\n\x1a\n", None),
        (b"whatever", "cv.doc"),
        (b"\x00\x01\x02binary", None),
    ],
)
def test_refused_formats(data, filename):
    with pytest.raises(UnknownFormatError, match="PDF, DOCX or plain text"):
        detect_format(data, filename)


def test_errors_name_the_problem(tmp_path):
    with pytest.raises(InputError, match="No résumé file"):
        read_resume(tmp_path / "missing.pdf")
    with pytest.raises(InputError, match="empty"):
        read_resume(b"  \n ")
    with pytest.raises(InputError, match="damaged"):
        read_resume(b"%PDF-1.4 not really a pdf")
    with pytest.raises(InputError, match="not a valid ZIP"):
        read_resume(b"PK\x03\x04 not a zip", filename="cv.docx")
    with pytest.raises(InputError, match="not valid JSON"):
        read_resume(b"{oops", filename="cv.json")
    with pytest.raises(InputError, match="JSON object"):
        read_resume(b"[1, 2]", filename="cv.json")
    with pytest.raises(UnknownFormatError, match="Unknown résumé format"):
        read_resume(b"Ada", format="rtf")


def test_text_is_cleaned_and_lines_counted():
    text, fmt, structure = resume_text(b"\xef\xbb\xbfAda\r\nPython\x07 dev  \r\n")
    assert (text, fmt, structure) == ("Ada\nPython  dev", "text", None)
    latin = resume_text("Zoë\nSQL".encode("latin-1"))[0]
    assert latin == "Zoë\nSQL"
