"""Title cleaning and title → role matching, on real titles from shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.catalog import load_catalog
from roleatlas.pipeline.normalize import _title_rules as rules
from roleatlas.pipeline.normalize.title import clean_title, match_title, normalize_key
from roleatlas.records import Seniority, TitleMatch


@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("Sr. Data Scientist II - New York, NY (R12345)", "Data Scientist"),
        ("Senior Data Engineer (Remote) - Boston, MA", "Data Engineer"),
        ("Machine Learning Engineer (m/w/d) #1234", "Machine Learning Engineer"),
        ("Data Scientist 2, Menlo Park, CA # 3192", "Data Scientist"),
        ("Natural Language Processing (NLP) Engineer", "Natural Language Processing Engineer"),
        ("Tableau Data Engineer 20-0117", "Tableau Data Engineer"),
        ("Data Analyst I (Remote)", "Data Analyst"),
        ("Entry Level Data Analyst", "Data Analyst"),
        ("Data Scientist (Junior) - Evernorth", "Data Scientist, Evernorth"),
        ("Associate Data Scientist (Dec 2022 - May 2023 Graduates)", "Data Scientist"),
        ("Lead Data Scientist", "Data Scientist"),
        ("Data Scientist Lead", "Data Scientist"),
        ("Machine Learning Lead", "Machine Learning Lead"),
        ("Founding Engineer", "Founding Engineer"),
        ("Founding AI Engineer", "AI Engineer"),
        ("Research Associate", "Research Associate"),
        ("Remote Senior Java Developer", "Java Developer"),
        (
            "Statistician (Education), GS-1530-12 (FPL GS-12) (Direct Hire) (Telework Eligible)",
            "Statistician, Education",
        ),
        (
            "Software Engineer, Computer Vision - Reality Labs",
            "Software Engineer, Computer Vision, Reality Labs",
        ),
        (
            "Senior Software Engineer L5, Machine Learning Platform",
            "Software Engineer, Machine Learning Platform",
        ),
        (
            "Site Reliability Engineer (Data Analytics Company)",
            "Site Reliability Engineer, Data Analytics Company",
        ),
        ("Data Scientist in Translational Medicine", "Data Scientist, Translational Medicine"),
        ("Supply Chain Data Analyst (North of Chicago)", "Supply Chain Data Analyst"),
        (
            "Senior Data Scientist 4 Artificial Intelligence",
            "Data Scientist Artificial Intelligence",
        ),
        ("Data Scientist @ Google", "Data Scientist"),
        ("", ""),
        ("Remote", ""),
    ],
)
def test_clean_title(title: str, cleaned: str) -> None:
    assert clean_title(title) == cleaned


# Real titles from shared/data (glassdoor, hn, nofluffjobs, google careers, usajobs, aijobs.net,
# jobbert) and the role a domain expert gives them.
ROLE_TABLE = [
    ("Senior Data Scientist", "data-scientist"),
    ("Sr. Data Scientist (Strategic Insights)", "data-scientist"),
    ("Principal Data Scientist - Machine Learning", "data-scientist"),
    ("Data Scientist, Machine Learning", "data-scientist"),
    ("Data Scientist - Generative AI", "data-scientist"),
    ("Data Scientist Postdoc", "postdoctoral-researcher"),
    ("Machine Learning Engineer (NLP)", "machine-learning-engineer"),
    ("Software Engineer, Machine Learning", "machine-learning-engineer"),
    ("Staff Software Engineer Machine Learning", "machine-learning-engineer"),
    ("AI/ML Engineer", "machine-learning-engineer"),
    ("Data Science Software Engineer", "machine-learning-engineer"),
    ("Machine Learning Research Engineer", "machine-learning-research-engineer"),
    ("AI Research Engineer", "machine-learning-research-engineer"),
    ("Machine Learning Scientist", "machine-learning-scientist"),
    ("Deep Learning/Computer Vision Scientist", "machine-learning-scientist"),
    ("Applied AI Scientist / Engineer", "machine-learning-scientist"),
    ("Research Scientist", "research-scientist"),
    ("AI Research Scientist", "research-scientist"),
    ("Research Scientist – Security and Privacy", "research-scientist"),
    ("Research Scientist or Senior Research Scientist - Computer Vision", "research-scientist"),
    ("Machine Learning Researcher", "research-scientist"),
    ("Research Engineer", "research-engineer"),
    ("Applied Scientist II", "applied-scientist"),
    ("Applied Research Scientist - Computer Vision", "applied-scientist"),
    ("Founding AI Engineer", "ai-engineer"),
    ("Senior Engineer, Generative AI", "ai-engineer"),
    ("Chatbot Developer", "ai-engineer"),
    ("Remote MLOps Engineer", "mlops-engineer"),
    ("Machine Learning Ops Engineer, Sr. Associate", "mlops-engineer"),
    ("AI Platform Engineer", "ml-infrastructure-engineer"),
    ("Software Engineer L5, Machine Learning Platform", "ml-infrastructure-engineer"),
    ("Software Engineer, Computer Vision", "computer-vision-engineer"),
    ("Computer Vision (CV) Engineer", "computer-vision-engineer"),
    ("Natural Language Processing (NLP) Engineer", "nlp-engineer"),
    ("Prompt Engineer", "prompt-engineer"),
    ("Robotics Software Engineers", "robotics-engineer"),
    ("Machine Learning Manager", "ml-engineering-manager"),
    ("Director of Machine Learning", "head-of-ai"),
    ("Machine Learning Architect", "ai-architect"),
    ("AIML - Annotation Analyst, Arabic Language", "data-annotator"),
    ("Data Analyst", "data-analyst"),
    ("[Remote] Data Analyst", "data-analyst"),
    ("Sr. Analyst, Data Analytics", "data-analyst"),
    ("Financial Data Analyst", "data-analyst"),
    ("Program Analyst (DATA ANALYST)", "data-analyst"),
    ("analityk danych", "data-analyst"),
    ("Data Engineer", "data-engineer"),
    ("Senior Azure Data Engineer", "data-engineer"),
    ("Software Engineer, Data Platform", "data-platform-engineer"),
    ("Analytics Engineer", "analytics-engineer"),
    ("BI Analyst I", "business-intelligence-analyst"),
    ("JR DATA VISUALIZATION ANALYST", "business-intelligence-analyst"),
    ("BI/SQL Developer", "business-intelligence-developer"),
    ("Manager of Business Intelligence", "business-intelligence-manager"),
    ("Enterprise Architect, Data", "data-architect"),
    ("Data Modeler", "data-modeler"),
    ("Oracle DBA- Gov Contract", "database-administrator"),
    ("ETL Informatica Developer", "etl-developer"),
    ("Data Warehouse Technical Analyst", "data-warehouse-developer"),
    ("Data Governance Analyst", "data-governance-analyst"),
    ("Data Quality Engineer", "data-quality-analyst"),
    ("Chief Data Steward", "data-steward"),
    ("Clinical Data Manager", "data-manager"),
    ("Data Lead", "head-of-data"),
    ("Chief Data Officer", "head-of-data"),
    ("Manager, Data Science", "data-science-manager"),
    ("VP, Data Science", "data-science-manager"),
    ("Statistician (Education), GS-1530-12 (FPL GS-12) (Direct Hire)", "statistician"),
    ("Principal Statistical Programmer", "statistical-programmer"),
    ("Operations Research Analyst", "operations-research-analyst"),
    ("Quant Analyst, Equity Derivatives, U.S. sell side", "quantitative-analyst"),
    ("Bioinformatics Scientist", "bioinformatician"),
    ("Marketing Analyst", "marketing-analyst"),
    ("Product Analyst, Data Science", "product-analyst"),
    ("Business Analyst", "business-analyst"),
    ("Starszy Analityk Biznesowo - Systemowy", "business-analyst"),
    ("Ict system analyst", "systems-analyst"),
    ("Software Engineer", "software-engineer"),
    ("Programista .NET", "software-engineer"),
    ("Founding Engineer", "software-engineer"),
    ("Remote PHP Backend Developer", "backend-engineer"),
    ("Senior React Developer", "frontend-engineer"),
    ("Lead Software Engineer (Fullstack)", "full-stack-engineer"),
    ("iOS Developer", "mobile-engineer"),
    ("QA Automation Engineer (mid/senior)", "qa-engineer"),
    ("Microsoft Azure Dev Ops Developer (Remote)", "devops-engineer"),
    ("Site Reliability Engineer (Data Analytics Company)", "site-reliability-engineer"),
    ("Strategic Cloud Engineer, Google Cloud Professional Services", "cloud-engineer"),
    ("Platform Engineer", "platform-engineer"),
    ("Junior IT Security Analyst", "security-engineer"),
    ("Solutions Architect", "solutions-architect"),
    (
        "Software Engineering Manager, Cloud Storage, Site Reliability Engineering",
        "engineering-manager",
    ),
    ("Technical Program Manager, ASIC Development", "technical-program-manager"),
    ("Product Manager", "product-manager"),
    ("ASSISTANT PROFESSOR/ASSOCIATE PROFESSOR/PROFESSOR, ICT", "professor"),
    ("Lecturer/Senior Lecturer (Computing/Cyber Security)", "lecturer"),
    ("Postdoctoral Fellow", "postdoctoral-researcher"),
    ("Graduate Student Research Assistant", "research-assistant"),
    # lists of openings: the first catalog role named
    (
        "Software Engineer, Data Scientist, DevOps Engineer, QA Engineer, Product Manager",
        "software-engineer",
    ),
    ("Backend, Systems, Machine Learning, Full Stack", "backend-engineer"),
    ("Customer Data Scientist/Sales Engineer", "data-scientist"),
    ("BUSINESS ANALYST / FINANCIAL ANALYST / DATA ANALYST (22K-26K)", "business-analyst"),
]


@pytest.mark.parametrize(("title", "role"), ROLE_TABLE)
def test_real_titles_get_their_role(title: str, role: str) -> None:
    assert match_title(title).role == role


NEGATIVES = [
    "Financial Analyst",
    "Financial Analyst, Google Cloud",
    "Sales Engineer - London",
    "Sales Manager",
    "Product Marketing Manager, Google Analytics",
    "Machine Learning Product Specialist, Google Cloud (EMEA)",
    "Data Entry Analyst",
    "Data Entry, Senior Analyst",
    "Tactical Data Link (TDL) Analyst",
    "Counterterrorism Data Exploitation Analyst (Mid-Level)",
    "RESEARCH SCIENTIST - BIOLOGICAL SAFETY",
    "Research Scientist, Immunology - Cancer Biology",
    "Associate Research Scientist I (Protein Expression and Production)",
    "Postdoc Scientist - T cell engineering",
    "Research Molecular Biologist / Research Geneticist (Plants) (Research Associate)",
    "Law Student Research Assistant",
    "Research Assistant, Economics and Trade",
    "Professor/Associate Professor in Psychiatry",
    "Lecturer, Psychology",
    "Lecturer",
    "User Experience Researcher",
    "Medical Lab Scientist",
    "Member of Technical Staff",
    "Engineers",
    "Analyst",
    "Scientist",
    "Senior Systems Engineer",
    "Production Analyst",
    "Technical Project Manager",
    "Innovation Specialist",
    "Security Specialist (Counterintelligence)",
    "Learning & Development Manager",
    "Restaurant Crew Member",
    "LATHE MACHINE OPERATOR",
    "",
]


@pytest.mark.parametrize("title", NEGATIVES)
def test_titles_outside_the_catalog_get_no_role(title: str) -> None:
    match = match_title(title)
    assert (match.role, match.role_name, match.method, match.score) == (None, None, "none", 0.0)


def test_match_record_fields() -> None:
    match = match_title("Senior Data Scientist - Computer Vision")
    assert isinstance(match, TitleMatch)
    assert match.raw == "Senior Data Scientist - Computer Vision"
    assert match.cleaned == "Data Scientist, Computer Vision"
    assert (match.role, match.role_name, match.method) == (
        "data-scientist",
        "Data Scientist",
        "alias",
    )
    assert 0 < match.score <= 1
    assert isinstance(match.seniority, Seniority)
    assert match.seniority.level == "SE"


def test_methods_and_scores() -> None:
    assert (match_title("Data Scientist").method, match_title("Data Scientist").score) == (
        "exact",
        1.0,
    )
    assert match_title("ML Engineer").method == "exact"  # same normalized key as the name
    assert match_title("Deep Learning Engineer").method == "alias"
    fuzzy = match_title("Data Scienist")
    assert (fuzzy.role, fuzzy.method) == ("data-scientist", "fuzzy")
    assert 0 < fuzzy.score < 0.9


def test_explicit_catalog_is_used() -> None:
    assert match_title("Data Scientist", load_catalog()).role == "data-scientist"


def test_rules_only_name_catalog_roles() -> None:
    ids = set(load_catalog().ids)
    named = {role for _pattern, role in rules.RULES if role is not None}
    named |= set(rules.FIELD_ROLES.values()) | rules.SPECIALIZABLE | rules.FIELD_SENSITIVE
    assert named - ids == set()


def test_aliases_match_their_own_role() -> None:
    wrong = []
    for role in load_catalog():
        for text in (role.name, *role.aliases, *role.aijobs_titles):
            got = match_title(text).role
            if got != role.id and role.id not in rules.POSITIVE_FIELD_ROLES:
                wrong.append((text, role.id, got))
    assert wrong == []


def test_normalize_key() -> None:
    assert normalize_key("Sr. ML Engineers & AI/ML Researchers") == (
        "machine learning engineer and machine learning researcher"
    )
    assert normalize_key("Power BI Developer") == "powerbi developer"
    assert normalize_key("C++/C# Dev") == "cpp / csharp developer"


_TITLE_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")
        + list("()[]{}-–—,.;:/|&+#@!?'\"*%$")
        + ["é", "ü", "ł", "\u00a0", "\t"]
    ),
    max_size=60,
)
_TITLE_WORDS = st.lists(
    st.sampled_from(
        [
            "Senior",
            "Sr.",
            "Lead",
            "Staff",
            "Principal",
            "Junior",
            "Intern",
            "II",
            "3",
            "L5",
            "Data",
            "Machine",
            "Learning",
            "ML",
            "AI",
            "Research",
            "Applied",
            "Scientist",
            "Engineer",
            "Analyst",
            "Manager",
            "Head",
            "of",
            "Director",
            "Professor",
            "in",
            "Remote",
            "(Remote)",
            "-",
            ",",
            "/",
            "&",
            "(m/w/d)",
            "#1234",
            "New",
            "York",
            "NY",
            "Computer",
            "Vision",
            "NLP",
            "BI",
            "Developer",
            "Software",
            "Product",
            "Sales",
            "Biology",
            "Research Assistant",
            "Business",
            "Intelligence",
            "(",
            ")",
        ]
    ),
    max_size=10,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TITLE_TEXT, _TITLE_WORDS))
def test_matching_is_idempotent_on_the_cleaned_title(title: str) -> None:
    first = match_title(title)
    again = match_title(first.cleaned)
    assert clean_title(first.cleaned) == first.cleaned
    assert again.cleaned == first.cleaned
    assert (again.role, again.method) == (first.role, first.method)
    assert first.method in {"exact", "alias", "fuzzy", "none"}
    assert (first.role is None) == (first.method == "none")
    assert 0.0 <= first.score <= 1.0


def test_labelled_sample_exists() -> None:
    assert (Path(__file__).parent / "data" / "titles_labelled.tsv").is_file()
