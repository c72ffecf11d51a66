"""Dictionary skill extraction: real posting sentences, offsets, overlaps, context rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.catalog.skills import parse_skills
from roleatlas.pipeline.extract.skills import SkillMatcher, default_matcher, normalize_form
from roleatlas.records import SkillMention


@pytest.fixture(scope="module")
def matcher() -> SkillMatcher:
    return default_matcher()


def found(matcher: SkillMatcher, text: str) -> list[tuple[str | None, str]]:
    return [(m.skill, m.text) for m in matcher.find(text)]


# (sentence from a Glassdoor or HN posting, mentions that must be found, skills that must not)
CASES = [
    # R: a language in a list, not the letter of R&D or a trademark sign
    (
        "Experience in at least one or more languages: R, Python, C#, .Net, JavaScript",
        [("r", "R"), ("python", "Python"), ("csharp", "C#"), ("dotnet", ".Net")],
        ["c"],
    ),
    (
        "Familiar with predictive programming in R and/or Python.",
        [("r", "R"), ("python", "Python")],
        [],
    ),
    (
        "Works with the Product Development, Procurement, Finance, R&D, Engineering, Logistics",
        [],
        ["r"],
    ),
    (
        "with the ability to fluently read, write, understand (R) Business Systems Analyst",
        [],
        ["r"],
    ),
    ("Experience:\nJava: 1 year (Preferred)\nR: 1 year (Preferred)", [("r", "R")], []),
    ("Advanced R skills.", [("r", "R")], []),
    ("Henry R. Kravis (KKR co-founder), and Marc Benioff", [], ["r"]),
    # C, C++ and C#
    (
        "Strong programming skills in C/C++ and rapid prototyping experience in Python",
        [("c", "C"), ("cpp", "C++"), ("python", "Python")],
        [],
    ),
    (
        "Technologies: Lots of C++23, Qt 6.9, CMake, git, OpenGL, CUDA, Boost",
        [("cpp", "C++"), ("git", "git"), ("cuda", "CUDA")],
        ["c"],
    ),
    (
        "Tech Stack: iOS team: Swift & Objective-C. Android team: Java.",
        [("swift", "Swift"), ("objective-c", "Objective-C"), ("java", "Java")],
        ["c"],
    ),
    ("Fieldguide is a 150 person Series C start-up transforming how audit", [], ["c"]),
    ("the Global Ethics & Compliance (E&C) Ambassador Program leader", [], ["c"]),
    # Go the language, not the verb or go-to-market
    ("We work mostly in Go, Typescript, & React.", [("go", "Go"), ("react", "React")], []),
    (
        "5+ years backend experience; Go required, Rust a plus.",
        [("go", "Go"), ("rust", "Rust")],
        [],
    ),
    ("Lead Backend Developer (Go) at JoomPro", [("go", "Go")], []),
    (
        "define the company's Go-To-Market (GTM) strategy",
        [("go-to-market", "Go-To-Market"), ("go-to-market", "GTM")],
        ["go"],
    ),
    ("Go ahead and wear your jersey to work", [], ["go"]),
    ("(e.g. Go/No Go criteria)", [], ["go"]),
    # Spark the engine, not "spark curiosity"
    (
        "Familiarity with distributed programming with Spark or MapReduce",
        [("apache-spark", "Spark"), ("mapreduce", "MapReduce")],
        [],
    ),
    (
        "2 years of hands on development experience in spark and python.",
        [("apache-spark", "spark"), ("python", "python")],
        [],
    ),
    (
        "Do you want to resolve ambiguity, spark creativity, and manage complexity",
        [],
        ["apache-spark"],
    ),
    ("help us think bigger, spark innovation and succeed together.", [], ["apache-spark"]),
    # Excel the tool, not "excel in"
    (
        "Knowledge in using Microsoft Excel at an above-average level",
        [("excel", "Microsoft Excel")],
        [],
    ),
    (
        "subject matter expert in Tableau, Cognos and Excel in order to provide information",
        [("tableau", "Tableau"), ("cognos", "Cognos"), ("excel", "Excel")],
        [],
    ),
    ("Excel in a fast-paced, high-pressure environment", [], ["excel"]),
    ("an excellent programmer and also excel in one or more of the following areas", [], ["excel"]),
    ("Is using data to develop ML models something you excel at?", [], ["excel"]),
    # Names that are also first names or words
    ("Strong Python and libraries such as Ray, numpy, PyTorch, and pandas", [("ray", "Ray")], []),
    ("Ray Stata, Chairman of Analog Devices", [], ["ray"]),
    ("This Jobot Job is hosted by: Luke Swift", [], ["swift"]),
    (
        "Solid proficiency to use the MS Office suite (Word, Excel, PowerPoint), Salesforce.com",
        [("word", "Word"), ("excel", "Excel"), ("powerpoint", "PowerPoint")],
        [],
    ),
    ("working closely with the CEO and the rest of the team", [], ["apis"]),
    (
        "Language: English is mandatory, French is a plus.",
        [("english", "English"), ("french", "French")],
        [],
    ),
    # Nested skills: keep the longest and a different skill that is its first word(s)
    (
        "Experience ML frameworks like Tensorflow, PyTorch, Spark MLlib, XGBoost",
        [("apache-spark", "Spark"), ("spark-mllib", "Spark MLlib"), ("xgboost", "XGBoost")],
        [],
    ),
    ("SQL Server Management Studio", [("sql-server", "SQL Server Management Studio")], []),
    ("interactive visualizations (e.g., R Shiny or Dash)", [("shiny", "R Shiny"), ("r", "R")], []),
    (
        "Microsoft Power BI, Tableau",
        [("power-bi", "Microsoft Power BI")],
        ["business-intelligence"],
    ),
    ("processing, cleansing, and verifying the integrity of data", [], ["work-ethic"]),
    (
        "autonomy to experiment and deploy cutting-edge ML techniques",
        [("machine-learning", "ML")],
        ["edge-ai"],
    ),
    # Punctuation in aliases, plurals, hyphen variants
    (
        "Experience with A/B testing, CI/CD pipelines, Node.js and scikit-learn",
        [
            ("ab-testing", "A/B testing"),
            ("ci-cd", "CI/CD pipelines"),
            ("nodejs", "Node.js"),
            ("scikit-learn", "scikit-learn"),
        ],
        [],
    ),
    ("fine-tune LLMs and build RAG pipelines", [("llms", "LLMs"), ("rag", "RAG pipelines")], []),
    ("strong problem-solving skills", [("problem-solving", "problem-solving skills")], []),
    (
        "machine\u00a0learning and deep\nlearning",
        [("machine-learning", "machine\u00a0learning")],
        [],
    ),
    # Aliases that are ambiguous alone need their sentence to agree (rule 4b)
    (
        "Thesis on label-efficient segmentation of 3D microscopy images: semi-supervised methods",
        [],
        ["customer-analytics"],
    ),
    (
        "Apply machine learning to computer vision problems for segmentation and object detection",
        [],
        ["customer-analytics"],
    ),
    ("Recent Grads/Entry Level - Campus (Job Segmentation)", [], ["customer-analytics"]),
    (
        "techniques (such as segmentation, logistic regression, survival analysis)",
        [("customer-analytics", "segmentation"), ("logistic-regression", "logistic regression")],
        [],
    ),
    (
        "forecasting, prediction, segmentation, recommendation and fraud detection systems",
        [("customer-analytics", "segmentation"), ("fraud-detection", "fraud detection")],
        [],
    ),
    (
        "inform an audience segmentation strategy built from pixels and digital user data",
        [("customer-analytics", "audience segmentation")],
        [],
    ),
    (
        "Programming: Python, pandas, NumPy, R, Git",
        [("python", "Python")],
        ["software-development"],
    ),
    ("- **Programming:** Python, SQL", [("python", "Python")], ["software-development"]),
    ("Programming\nPython, C++, MATLAB, Bash", [("cpp", "C++")], ["software-development"]),
    ("Coding - Python and R", [("python", "Python")], ["software-development"]),
    (
        "Programming languages: Python, Java",
        [("software-development", "Programming languages")],
        [],
    ),
    ("Programming experience in Python", [("software-development", "Programming")], []),
    ("Requirements\n- Programming\n- Statistics", [("software-development", "Programming")], []),
    (
        "Machine Learning Specialization (online course) – an online learning platform",
        [],
        ["education"],
    ),
    (
        "Develop models (online learning, large data sets, reinforcement learning)",
        [],
        ["education"],
    ),
    ("Access free online learning courses at your own pace", [], ["education"]),
    (
        "Thinkful Online Learning, and more to support students beyond college",
        [("education", "Online Learning")],
        [],
    ),
    # A general word is not the general skill when a kind of it or an example list says more
    (
        "Proficiency in programming languages such as Python or R",
        [("python", "Python"), ("r", "R")],
        ["software-development"],
    ),
    (
        "Experience with data querying languages (e.g. SQL), scripting languages (e.g. Python)",
        [("sql", "SQL"), ("python", "Python")],
        ["software-development"],
    ),
    (
        "experience with GPU kernel programming using CUDA",
        [("cuda", "CUDA")],
        ["software-development"],
    ),
    ("Maintain accurate clinical documentation for each patient", [], ["technical-documentation"]),
    (
        "Maintain user-facing documentation and internal runbooks",
        [("technical-documentation", "documentation"), ("technical-documentation", "runbooks")],
        [],
    ),
    # Words that are something else in a set phrase
    ("Reporting to the Chief Product Officer, you will lead design", [], ["reporting"]),
    ("Reporting into the special projects team, you will", [], ["reporting"]),
    (
        "Provide insights and reporting to Analytics team leadership",
        [("reporting", "reporting")],
        [],
    ),
    ("Have authorization to work in the United States.", [], ["security-engineering"]),
    (
        "Implement authentication and authorization for our APIs",
        [("security-engineering", "authorization")],
        [],
    ),
    ("Support engineers are the first line of defense for our users", [], ["defense-government"]),
    ("Coach team members on call quality and data use", [], ["sre"]),
    ("Participate in the on-call rotation", [("sre", "on-call")], []),
    ("Apply by e-mail (include resume/CV, LinkedIn/GitHub)", [], ["github"]),
    ("Version control with Git and GitHub", [("git", "Git"), ("github", "GitHub")], []),
    ("contribute to site personalization and optimization ideas", [], ["recommender-systems"]),
    (
        "Hands-on experience delivering personalization and ranking models",
        [("recommender-systems", "personalization")],
        [],
    ),
    ("Our requirements: Higher education, 2 years of experience with SAP", [], ["education"]),
    (
        "Analytics for universities across the higher education sector",
        [("education", "higher education")],
        [],
    ),
    ("Experience with IDEs, LLMs, and building with AI", [("llms", "LLMs")], ["pycharm"]),
    ("Perpetual curiosity and passion for honing your craft", [], ["self-motivation"]),
    (
        "explain complex concepts to technical and non-technical audiences",
        [
            ("communication", "explain complex"),
            ("communication", "technical and non-technical audiences"),
        ],
        ["presentation-skills"],
    ),
    # Longest match, and coordinated aliases: the part after "and" is a mention of its own
    (
        "Strong data-driven decision making",
        [("data-driven-decision-making", "data-driven decision making")],
        ["decision-making"],
    ),
    (
        "Generate insightful reports and dashboards for marketing",
        [("reporting", "reports and dashboards"), ("dashboards", "dashboards")],
        [],
    ),
    (
        "Strong leadership and communication skills",
        [("leadership", "leadership and communication"), ("communication", "communication skills")],
        [],
    ),
    # Role nouns name web development as the role hired, not as colleagues
    ("Senior Backend Engineer - apply on our site", [("web-development", "Backend Engineer")], []),
    ("Acme.io | Frontend Engineer | Remote", [("web-development", "Frontend Engineer")], []),
    (
        "We are looking for a Senior Java Backend Developer.",
        [("java", "Java"), ("web-development", "Backend Developer")],
        [],
    ),
    (
        "4+ years experience as a Front-End/Full-Stack developer",
        [("web-development", "Full-Stack developer")],
        [],
    ),
    (
        "Work closely with backend engineers, designers and product managers",
        [],
        ["web-development", "product-management"],
    ),
    (
        "Minimum of 2 years of frontend engineering experience",
        [("web-development", "frontend engineering")],
        [],
    ),
    # Not inside words, URLs or e-mail addresses
    ("Pythonic code for Rustaceans", [], ["python", "rust"]),
    ("See https://github.com/acme/sparkle or write to jobs@python.org", [], ["github", "python"]),
]


@pytest.mark.parametrize(("text", "expected", "absent"), CASES, ids=[c[0][:40] for c in CASES])
def test_real_sentences(
    matcher: SkillMatcher, text: str, expected: list[tuple[str, str]], absent: list[str]
) -> None:
    got = found(matcher, text)
    assert [e for e in expected if e not in got] == []
    assert [skill for skill, _ in got if skill in absent] == []


def test_offsets_point_into_the_original_text(matcher: SkillMatcher) -> None:
    text = "Proficiency in R, Python and SQL; R&D experience a plus."
    mentions = matcher.find(text)
    assert [(m.skill, m.start, m.end) for m in mentions] == [
        ("r", 15, 16),
        ("python", 18, 24),
        ("sql", 29, 32),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_offsets_survive_characters_whose_lowercase_is_longer(matcher: SkillMatcher) -> None:
    text = "İstanbul team: Python, SQL"
    mentions = matcher.find(text)
    assert [(m.skill, text[m.start : m.end]) for m in mentions] == [
        ("python", "Python"),
        ("sql", "SQL"),
    ]


def test_mention_fields(matcher: SkillMatcher) -> None:
    (python, r) = matcher.find("Python, R")
    assert python == SkillMention(skill="python", text="Python", start=0, end=6)
    assert (r.layer, r.section, r.required, r.confidence) == ("dictionary", "other", None, 0.8)


def test_confidence_by_alias_kind(matcher: SkillMatcher) -> None:
    conf = {m.skill: m.confidence for m in matcher.find("Python and SAS, or Go, Rust")}
    assert conf == {"python": 1.0, "sas": 0.9, "go": 0.8, "rust": 0.8}


def test_duplicates_are_dropped_and_repeats_kept(matcher: SkillMatcher) -> None:
    mentions = matcher.find("SQL queries. More SQL.")
    assert [(m.skill, m.text) for m in mentions] == [("sql", "SQL queries"), ("sql", "SQL")]


def test_mentions_are_in_text_order(matcher: SkillMatcher) -> None:
    mentions = matcher.find("Kafka, Airflow, dbt, Snowflake and Looker dashboards")
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_empty_text(matcher: SkillMatcher) -> None:
    assert matcher.find("") == []


def test_default_matcher_is_shared() -> None:
    assert default_matcher() is default_matcher()


def test_constructor_stores_and_find_loads_lazily() -> None:
    catalog = parse_skills(
        {"skill": [{"id": "python", "name": "Python", "category": "language"}]}, "<test>"
    )
    matcher = SkillMatcher(catalog)
    assert matcher.catalog is catalog
    assert not hasattr(matcher, "catalog_")
    assert found(matcher, "python and more Python") == [
        ("python", "python"),
        ("python", "Python"),
    ]
    assert matcher.catalog_ is catalog


TINY = {
    "skill": [
        {
            "id": "data-pipelines",
            "name": "Data pipelines",
            "category": "data-engineering",
            "aliases": ["data pipeline"],
        },
        {"id": "etl", "name": "ETL", "category": "data-engineering", "aliases": ["ETL pipeline"]},
        {"id": "r", "name": "R", "category": "language", "context_aliases": ["R"]},
        {"id": "empathy", "name": "Empathy", "category": "soft-skill"},
        {"id": "sas", "name": "SAS", "category": "language", "case_sensitive_aliases": ["SAS"]},
    ]
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("data-pipeline work", [("data-pipelines", "data-pipeline")]),
        ("several ETL pipelines", [("etl", "ETL pipelines")]),
        ("Data Pipelines", [("data-pipelines", "Data Pipelines")]),
        ("SAS and sas", [("sas", "SAS")]),
        ("SAS, R", [("sas", "SAS"), ("r", "R")]),
        ("Empathy, R", [("empathy", "Empathy")]),  # a soft skill does not vouch for R
        ("R", []),
    ],
)
def test_rules_on_a_tiny_catalog(text: str, expected: list[tuple[str, str]]) -> None:
    matcher = SkillMatcher(parse_skills(TINY, "<tiny>")).load()
    assert found(matcher, text) == expected


def test_generated_variants_yield_to_explicit_aliases_and_to_each_other() -> None:
    doc = {
        "skill": [
            {"id": "box", "name": "box", "category": "analytics"},
            {"id": "boxe", "name": "boxe", "category": "analytics"},
            {"id": "widget", "name": "widget", "category": "analytics"},
            {"id": "widgets", "name": "widgets", "category": "analytics"},
        ]
    }
    matcher = SkillMatcher(parse_skills(doc, "<doc>")).load()
    # "boxes" is the plural of both "box" and "boxe": it names neither.
    assert found(matcher, "box, boxe, boxes") == [("box", "box"), ("boxe", "boxe")]
    # "widgets" is an explicit name: the plural of "widget" does not take it.
    assert found(matcher, "widget widgets") == [("widget", "widget"), ("widgets", "widgets")]


def test_forms_of_a_skill(matcher: SkillMatcher) -> None:
    forms = matcher.forms("scikit-learn")
    assert {"scikit-learn", "sklearn", "scikit learn"} <= forms
    assert matcher.forms("no-such-skill") == frozenset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Scikit\u2011Learn", "scikit-learn"),
        ("Machine\tLearning\r\n", "machine learning  "),
        ("İ", "İ"),
        ("", ""),
    ],
)
def test_normalize_form(text: str, expected: str) -> None:
    assert normalize_form(text) == expected
    assert len(normalize_form(text)) == len(text)


# Fragments that exercise the rules: aliases of every kind, separators, words that look alike.
FRAGMENTS = [
    "R", "C", "C++", "C#", "Go", "Golang", "Rust", "Julia", "Swift", "Spark", "spark", "Excel",
    "excel", "SAS", "AI", "ML", "R&D", "C-suite", "Go-to-market", "Python", "python3", "SQL",
    "Spark MLlib", "SQL Server", "Power BI", ".NET", "ASP.NET", "Node.js", "CI/CD", "A/B",
    "machine learning", "LLMs", "data pipelines", "https://github.com/x", "a@b.io", "İ", "ß",
    "\u00a0", "\u2011", "(R)", "Series", "in", "using", "programming", "&", ",", "/", "-",
    " and ", " ", "\n", "\t", ".", "(", ")", ":", "1.2", "é", "日本",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
        st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(" ".join),
    )
)
def test_find_never_raises_and_offsets_slice_an_alias(text: str) -> None:
    matcher = default_matcher()
    mentions = matcher.find(text)
    keys = [(m.skill, m.start, m.end) for m in mentions]
    assert len(keys) == len(set(keys))
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.skill is not None
        assert normalize_form(m.text) in matcher.forms(m.skill)


def test_alias_rules_name_catalog_aliases(matcher: SkillMatcher) -> None:
    """Every rule of rule 4b names an alias its skill has: a catalog edit must not orphan one."""
    from roleatlas.pipeline.extract.skills import _ALIAS_RULES

    for skill_id, alias in _ALIAS_RULES:
        assert normalize_form(alias) in matcher.forms(skill_id), (skill_id, alias)


def test_label_rule_on_a_tiny_catalog() -> None:
    doc = {
        "skill": [
            {
                "id": "software-development",
                "name": "Software development",
                "category": "software-engineering",
                "aliases": ["programming", "coding"],
            },
            {"id": "python", "name": "Python", "category": "language"},
        ]
    }
    tiny = SkillMatcher(parse_skills(doc)).load()
    assert found(tiny, "Programming: Python") == [("python", "Python")]
    assert found(tiny, "Programming\nPython, Go") == [("python", "Python")]
    assert found(tiny, "- Programming\n- Python") == [
        ("software-development", "Programming"),
        ("python", "Python"),
    ]


def test_lone_surrogates_do_not_stop_the_matcher() -> None:
    # broken input can hold lone surrogates, which UTF-8 (the automaton's encoding) cannot
    text = "\ud800 Python and \udfff SQL"
    found = default_matcher().find(text)
    assert [(m.skill, m.text) for m in found] == [("python", "Python"), ("sql", "SQL")]
    assert all(text[m.start : m.end] == m.text for m in found)
