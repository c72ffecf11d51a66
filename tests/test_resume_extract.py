"""What is read from a résumé's text: dates, years, degrees, titles, skills, with their lines.

The résumé lines are written by the tests (a fictional person).
"""

from __future__ import annotations

from datetime import date

import pytest

from roleatlas.resume.extract import (
    degree_of_line,
    experience_years,
    extract_resume,
    parse_date_range,
    parse_duration,
    section_kinds,
    stated_years,
)
from roleatlas.resume.model import Evidence, ResumeJob

TODAY = date(2024, 6, 15)
EV = Evidence(1, "x")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jan 2019 – Present", [("2019-01", None, True)]),
        ("Data Scientist | January 2019 - Current", [("2019-01", None, True)]),
        ("2017-2020", [("2017", "2020", False)]),
        ("03/2018 - 06/2021", [("2018-03", "2021-06", False)]),
        ("July 2011 to December 2014", [("2011-07", "2014-12", False)]),
        ("2014 to Present", [("2014", None, True)]),
        ("Sept. 2019 — Mar. 2020", [("2019-09", "2020-03", False)]),
        ("2019.03 - now", [("2019-03", None, True)]),
        ("Jun '19 - Aug '21", [("2019-06", "2021-08", False)]),
        ("Oct 2016 till date", [("2016-10", None, True)]),
        ("Since March 2020", [("2020-03", None, True)]),
        ("2020-05-01 to 2021-02-28", [("2020-05", "2021-02", False)]),
        # not ranges
        ("Graduated 2014", []),
        ("Reduced latency 30-40%", []),
        ("Version 2.0-3.1", []),
        ("2021 - 2019", []),
        ("Our bakery has made fine bread since 1931 and still bakes it by hand every day", []),
    ],
)
def test_date_ranges(line, expected):
    assert [(r.start, r.end, r.current) for r in parse_date_range(line)] == expected


def _job(start, end, current=False):
    return ResumeJob("T", None, start, end, current, EV)


@pytest.mark.parametrize(
    ("jobs", "years"),
    [
        ([_job("2019-01", "2019-03")], 0.2),  # three whole months
        ([_job("2017", "2020")], 3.0),  # bare years read as mid-year
        ([_job("2019", "2019")], 0.3),  # within one year: 4 months
        ([_job("2018-01", "2019-12"), _job("2019-01", None, True)], 6.5),  # overlap once
        ([_job("2010-01", "2010-12"), _job("2012-01", "2012-12")], 2.0),  # a gap is not counted
        ([_job("2015-01", "2016-12"), _job("2015-06", "2015-09")], 2.0),  # nested
        ([_job("2023-01", None, False)], None),  # no end and not current: unknown
        ([_job("2030-01", None, True)], None),  # starts after today
    ],
)
def test_years_merge_overlaps(jobs, years):
    assert experience_years(jobs, today=TODAY)[0] == years


@pytest.mark.parametrize(
    ("line", "years"),
    [
        ("Data scientist with 5+ years of experience in NLP.", 5.0),
        ("Analyst with a total work experience of 4.5 years", 4.5),
        ("Total Experience: 3 Years 6 Months", 3.5),
        ("15 months of professional experience", 1.2),
        ("Over seven years of hands-on experience", 7.0),
        ("Experience - 4yrs.", 4.0),
        ("3 years of Python", None),
        ("Founded 20 years ago", None),
    ],
)
def test_stated_years(line, years):
    value, evidence = stated_years(["Ada Quill", line])
    assert value == years
    if years is not None:
        assert evidence == Evidence(2, line)


def test_stated_years_prefers_total():
    lines = ["8 years of experience with Java", "Overall experience of 6 years"]
    assert stated_years(lines) == (6.0, Evidence(2, lines[1]))


@pytest.mark.parametrize(
    ("text", "years"),
    [(" 4.5 years", 4.5), ("18 Months ", 1.5), ("7 years and 6 months ", 7.5), ("2 yr", 2.0)],
)
def test_parse_duration(text, years):
    assert parse_duration(text) == years


@pytest.mark.parametrize(
    ("line", "level", "field"),
    [
        ("B.Tech in Computer Science", "bachelor", "computer science"),
        ("M.Sc. Data Science", "master", "data science"),
        ("PhD, Physics", "phd", "physics"),
        ("Bachelor of Engineering in Electronics & Communication", "bachelor", "engineering"),
        ("MCA from Nowhere University", "master", None),
        ("M.Tech. in IT", "master", "information systems"),
        ("B.E. in CSE", "bachelor", "computer science"),
        ("BCA", "bachelor", None),
        ("B.Com in Accountancy", "bachelor", "finance"),
        ("Master of Science in Statistics", "master", "statistics"),
        ("MBA in Finance", "master", "finance"),
        ("Doctor of Philosophy in Mathematics", "phd", "mathematics"),
        ("HSC (Maharashtra Board), 2010", "high_school", None),
        ("Senior Secondary, 2012", "high_school", None),
        ("B.Sc/M.Sc Physics", "master", "physics"),
    ],
)
def test_degrees(line, level, field):
    degree = degree_of_line(line, Evidence(4, line), today=TODAY)
    assert degree is not None
    assert (degree.level, degree.field, degree.evidence.line) == (level, field, 4)


@pytest.mark.parametrize("line", ["MS Excel, MS Office", "Boston, MA", "Team of 10 BA analysts"])
def test_not_degrees(line):
    assert degree_of_line(line, EV, today=TODAY) is None


def test_degree_in_progress():
    done = degree_of_line("MSc Statistics, 2018 - 2020", EV, today=TODAY)
    going = degree_of_line("Pursuing PhD in Computer Science", EV, today=TODAY)
    later = degree_of_line("MSc Statistics, 2023 - 2025", EV, today=TODAY)
    assert done is not None and not done.in_progress
    assert going is not None and going.in_progress
    assert later is not None and later.in_progress


def test_sections():
    lines = ["Ada", "## Work Experience", "x", "Technical Skills:", "y", "EDUCATION", "z"]
    assert section_kinds(lines) == [
        "header", "work", "work", "skills", "skills", "education", "education"
    ]  # fmt: skip


RESUME = """Ada Quill
Senior Data Scientist - Lumen Robotics
ada.quill@example.org | github.com/adaquill

Summary
Data scientist with 6+ years of experience in forecasting and NLP.

Work Experience
Senior Data Scientist
Lumen Robotics - Lisbon
Jan 2021 - Present
- Forecasting with PyTorch and Python; Airflow pipelines on AWS.

Data Analyst | Harbor Freight Lines | 2017 - 2020
- SQL, Tableau and Excel reports for 40 depots.

Research Intern, Institute of Nowhere (Jun 2016 - Aug 2016)
Worked on network migration during my internship.

Education
M.Sc. Statistics, University of Elsewhere, 2015 - 2017
BSc in Mathematics, 2012 - 2015

Skills
Python, R, SQL, scikit-learn, Docker
Publications
"""


def test_whole_resume():
    resume = extract_resume(RESUME, today=TODAY)
    lines = RESUME.split("\n")
    for item in [*resume.skills, *resume.degrees, *resume.jobs]:
        assert lines[item.evidence.line - 1].strip() == item.evidence.text
    jobs = [(j.title, j.role, j.start, j.end, j.current, j.evidence.line) for j in resume.jobs]
    assert jobs == [
        ("Senior Data Scientist", "data-scientist", "2021-01", None, True, 11),
        ("Data Analyst", "data-analyst", "2017", "2020", False, 14),
        ("Research Intern", "research-assistant", "2016-06", "2016-08", False, 17),
    ]
    assert resume.headline is not None
    assert (resume.headline.title, resume.headline.evidence.line) == ("Senior Data Scientist", 2)
    # 2016-06..08 (0.25) + 2017-07..2020-07 (3.0) + 2021-01..2024-06-15 (3.45)
    assert resume.years_experience == 6.7
    assert [e.line for e in resume.years_evidence] == [11, 14, 17]
    assert (resume.stated_years, resume.stated_years_evidence.line) == (6.0, 6)
    degrees = [(d.level, d.field, d.evidence.line) for d in resume.degrees]
    assert degrees == [("master", "statistics", 21), ("bachelor", "mathematics", 22)]
    skills = {s.skill: s.evidence.line for s in resume.skills}
    assert skills["pytorch"] == 12 and skills["python"] == 12 and skills["sql"] == 15
    assert skills["r"] == 25 and skills["docker"] == 25
    assert "research-publications" not in skills  # a heading is not a skill
    assert list(skills).count("python") == 1  # one item per skill, its first line
    pytorch = next(s for s in resume.skills if s.skill == "pytorch")
    assert (pytorch.label, pytorch.category) == ("PyTorch", "ml-framework")
    python = next(s for s in resume.skills if s.skill == "python")
    assert python.esco_uri is None or python.esco_uri.startswith("http://data.europa.eu/esco/")


def test_no_work_history():
    resume = extract_resume("Ada Quill\nPython and SQL", today=TODAY)
    assert resume.jobs == [] and resume.years_experience is None
    assert any("No dated work history" in w for w in resume.warnings)


def test_education_dates_are_not_experience():
    text = "Ada Quill\nB.Sc. Physics, 2014 - 2017\nAnalyst, Acme, 2018 - 2020"
    resume = extract_resume(text, today=TODAY)
    assert [(j.title, j.start) for j in resume.jobs] == [("Analyst", "2018")]
    assert resume.years_experience == 2.0


@pytest.mark.parametrize(
    "text",
    [
        "Machine Learning Engineer, Acme Robotics\nJan 2020 – Present\nTrained PyTorch models",
        "Acme Robotics — Machine Learning Engineer\n2019 - 2021\nTrained PyTorch models",
        "Machine Learning Engineer at Acme Robotics (2019-2021)\nTrained PyTorch models",
        "Machine Learning Engineer | Acme Robotics | 2019 - 2021\nTrained PyTorch models",
        "Company - Acme Robotics\nMachine Learning Engineer\nTrained PyTorch models",
        "Trained PyTorch models for Acme Robotics Pvt Ltd\nMachine learning engineer",
    ],
)
def test_company_names_are_not_skills(text):
    r = extract_resume(text, today=date(2024, 1, 1))
    assert sorted(s.skill for s in r.skills) == ["machine-learning", "pytorch"]


def test_skills_beside_a_title_stay():
    text = "Data Scientist (Python, SQL), Acme Analytics\n2019 - 2021\nBuilt Tableau reports"
    r = extract_resume(text, today=date(2024, 1, 1))
    assert [s.skill for s in r.skills] == ["python", "sql", "tableau"]
    assert [j.title for j in r.jobs] == ["Data Scientist"]


RESEARCHER = """Dr. Marisol Ferreira-Holt
Research experience
Postdoctoral Research Fellow
University of Westmere — October 2025 – Present
Research on self-supervised learning for medical imaging.
Doctoral Researcher, Vision and Learning Group — September 2020 – September 2025
Thesis on label-efficient segmentation of 3D microscopy images.
Data Scientist
Northgrove Logistics | Malmö | Sep 2017 – Jul 2019
Certificates
Machine Learning Specialization (online course) – an online learning platform
Skills
Programming
Python, C++, MATLAB, Bash"""


def test_researcher_false_positives_are_gone():
    r = extract_resume(RESEARCHER, today=date(2026, 1, 1))
    got = {s.skill for s in r.skills}
    assert {"self-supervised-learning", "medical-imaging", "python", "cpp", "matlab"} <= got
    wrong = {
        "customer-analytics",  # "segmentation of 3D microscopy images"
        "conference-presentations",  # "– Present" + "Research on" on the next line
        "logistics",  # the employer "Northgrove Logistics"
        "education",  # "an online learning platform"
        "software-development",  # the skills-table label "Programming"
    }
    assert got & wrong == set()


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Data Scientist\nAcme Healthcare, Boston, 2019 - 2021", "healthcare"),
        ("Trained fraud models for Brightwater Financial Services", "financial-services"),
        ("Analyst\nHealthcare Partners of Ohio (2018 - 2020)", "healthcare"),
        ("ADITYA BIRLA FINANCIAL SERVICES GROUP - Mumbai", "financial-services"),
    ],
)
def test_domains_in_employer_names_are_not_skills(text, skill):
    r = extract_resume(text, today=date(2024, 1, 1))
    assert skill not in {s.skill for s in r.skills}


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Six years of experience in Healthcare and Retail analytics", "healthcare"),
        ("Domain Knowledge Retail, Healthcare, Banking", "retail-ecommerce"),
        ("Senior Logistics Analyst\n2019 - 2021", "logistics"),
        ("Built the Forward and Reverse Logistics Application interfaces", "logistics"),
        ("Industries: Logistics, Fintech", "logistics"),
    ],
)
def test_domains_outside_names_stay(text, skill):
    r = extract_resume(text, today=date(2024, 1, 1))
    assert skill in {s.skill for s in r.skills}
