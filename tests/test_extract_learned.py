"""The learned span layer: tokenizer, BIO helpers, the CRF tagger and its model file."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roleatlas.errors import ConfigError, InputError
from roleatlas.evaluate.spans import evaluate_spans, read_skillspan
from roleatlas.pipeline.extract import learned as extract_learned
from roleatlas.pipeline.extract.learned import (
    SpanTagger,
    WordVectors,
    bio_to_spans,
    default_tagger,
    find_spans,
    gazetteer_spans,
    split_sentences,
    tokenize,
)
from tests.conftest import shared_path

# --------------------------------------------------------------------------- tokenizer


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Python, SQL and Spark.", ["Python", "SQL", "and", "Spark", "."]),
        ("Senior QA Engineer (m/f/d)", ["Senior", "QA", "Engineer", "(", "m/f/d", ")"]),
        ("Date posted: 2021-07-14", ["Date", "posted:", "2021-07-14"]),
        ("e.g. Node.js, C++ or C#.", ["e.g.", "Node.js", "C++", "or", "C#", "."]),
        ("10,000 users, etc.", ["10,000", "users", "etc."]),
        ("You'll work in the U.S.", ["You'll", "work", "in", "the", "U.S."]),
        ("•Python\n* Git", ["\u2022", "Python", "*", "Git"]),
        ("Interested? Apply now!", ["Interested?", "Apply", "now!"]),
        ("(AWS).", ["(", "AWS", ")", "."]),
        ("Wait...", ["Wait..."]),
        ("", []),
        ("  ,  ", []),
    ],
)
def test_tokenize_like_skillspan(text: str, tokens: list[str]) -> None:
    assert [t for t, _, _ in tokenize(text)] == tokens


def test_tokenize_offsets() -> None:
    assert tokenize("Strong SQL, (Spark).") == [
        ("Strong", 0, 6),
        ("SQL", 7, 10),
        ("(", 12, 13),
        ("Spark", 13, 18),
        (")", 18, 19),
        (".", 19, 20),
    ]


@given(st.text(alphabet=st.sampled_from(list("ab .,()\n-:1")), max_size=40))
def test_tokens_are_slices_of_the_text(text: str) -> None:
    previous_end = 0
    for token, start, end in tokenize(text):
        assert text[start:end] == token
        assert token and not token.isspace()
        assert start >= previous_end
        previous_end = end


def test_split_sentences() -> None:
    text = "We use SQL. Do you know R?\nRequirements:\n- Git and Docker"
    assert [[t for t, _, _ in s] for s in split_sentences(text)] == [
        ["We", "use", "SQL", "."],
        ["Do", "you", "know", "R?"],
        ["Requirements:"],
        ["-", "Git", "and", "Docker"],
    ]
    assert [len(s) for s in split_sentences("a " * 5, max_tokens=2)] == [2, 2, 1]


# --------------------------------------------------------------------------- BIO helpers


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["O", "O"], []),
        (["B", "I", "I"], [(0, 3, "")]),
        (["I", "O", "B", "B"], [(0, 1, ""), (2, 3, ""), (3, 4, "")]),
        (["B-SKILL", "I-KNOWLEDGE"], [(0, 1, "SKILL"), (1, 2, "KNOWLEDGE")]),
        (["S-SKILL", "B-SKILL", "E-SKILL"], [(0, 1, "SKILL"), (1, 3, "SKILL")]),
    ],
)
def test_bio_to_spans(tags: list[str], spans: list[tuple[int, int, str]]) -> None:
    assert bio_to_spans(tags) == spans


def test_gazetteer_prefers_the_longest_match() -> None:
    gazetteer = {("machine",): "other", ("machine", "learning"): "esco", ("sql",): "tech"}
    assert gazetteer_spans(["Machine", "learning,", "SQL."], gazetteer) == [
        (0, 2, "esco"),
        (2, 3, "tech"),
    ]


def test_word_vectors_round_trip() -> None:
    vectors = WordVectors(["a", "b"], bytes([127, 0, 129, 1]), dims=2, scale=0.5)
    assert vectors.get("a") == [0.5, 0.0]
    assert vectors.get("b") == pytest.approx([-127 * 0.5 / 127, 0.5 / 127])
    assert vectors.get("c") is None
    with pytest.raises(InputError, match="damaged"):
        WordVectors(["a"], b"\x00", dims=2, scale=1.0)


# --------------------------------------------------------------------------- the tagger

GAZETTEER = {
    ("python",): "tech",
    ("sql",): "tech",
    ("machine", "learning"): "esco",
    ("project", "management"): "esco",
}


@pytest.fixture(scope="session")
def tiny_tagger() -> SpanTagger:
    """A CRF trained once on the first 800 SkillSpan train sentences (~5 s)."""
    sentences = read_skillspan(shared_path("skillspan"), "train")[:800]
    return SpanTagger(max_iterations=60, gazetteer=GAZETTEER).fit(
        (s.tokens, s.joint_tags()) for s in sentences
    )


def test_constructor_only_stores_parameters() -> None:
    tagger = SpanTagger(c1=0.3, recall_bias=0.0)
    assert (tagger.c1, tagger.recall_bias, tagger.gazetteer) == (0.3, 0.0, None)
    assert not hasattr(tagger, "model_")
    with pytest.raises(ConfigError, match="not fitted"):
        tagger.predict([["a"]])


def test_fit_rejects_bad_input() -> None:
    with pytest.raises(InputError, match="2 tokens but 1 tags"):
        SpanTagger().fit([(["a", "b"], ["O"])])
    with pytest.raises(InputError, match="no span"):
        SpanTagger().fit([(["a"], ["O"])])


def test_tiny_tagger_predicts_sensible_spans(tiny_tagger: SpanTagger) -> None:
    assert set(tiny_tagger.labels_) >= {"O", "B-SKILL", "E-SKILL", "S-KNOWLEDGE"}
    tokens = "You have experience with Python and machine learning".split()
    tags = tiny_tagger.predict([tokens])[0]
    assert len(tags) == len(tokens)
    assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)
    spans = tiny_tagger.spans(tokens)
    # Something is found around the tools, nothing on "You have".
    assert any(start <= 4 < end for start, end, _ in spans)
    assert all(start >= 2 for start, _, _ in spans)
    assert tiny_tagger.predict([[]]) == [[]]


def test_recall_bias_finds_more_spans(tiny_tagger: SpanTagger) -> None:
    sentences = [s.tokens for s in read_skillspan(shared_path("skillspan"), "dev")[:300]]
    shy = SpanTagger(recall_bias=0.0)
    shy._set_model(tiny_tagger.model_)
    shy.gazetteer = GAZETTEER
    eager = SpanTagger(recall_bias=2.0, gazetteer=GAZETTEER)
    eager._set_model(tiny_tagger.model_)

    def count(tagger: SpanTagger) -> int:
        return sum(len(s) for s in tagger.predict_spans(sentences))

    assert count(eager) > count(shy)


def test_save_and_load_round_trip(tiny_tagger: SpanTagger, tmp_path: Path) -> None:
    path = tiny_tagger.save(tmp_path / "models" / "m.zip")
    assert set(zipfile.ZipFile(path).namelist()) == {"model.crfsuite", "gazetteer.tsv", "meta.json"}
    loaded = SpanTagger.load(path)
    assert loaded.gazetteer == GAZETTEER
    assert loaded.max_iterations == 60
    tokens = "Strong SQL skills and project management".split()
    assert loaded.predict([tokens]) == tiny_tagger.predict([tokens])


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        SpanTagger.load(tmp_path / "missing.zip")
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a readable span model"):
        SpanTagger.load(tmp_path / "junk.zip")
    with zipfile.ZipFile(tmp_path / "old.zip", "w") as zf:
        zf.writestr("meta.json", '{"format": 0}')
    with pytest.raises(InputError, match="format 0"):
        SpanTagger.load(tmp_path / "old.zip")


def test_find_spans_gives_learned_mentions_with_offsets(tiny_tagger: SpanTagger) -> None:
    text = "About us.\nYou bring experience with Python, SQL and machine learning."
    mentions = find_spans(text, tagger=tiny_tagger)
    assert mentions
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert (mention.skill, mention.layer) == (None, "learned")
        assert 0.0 < mention.confidence <= 1.0
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_nothing_is_loaded_at_import() -> None:
    code = (
        "import sys, roleatlas.pipeline.extract.learned as m; "
        "print(m._load_cached.cache_info().currsize, 'pycrfsuite' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]


def test_no_model_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_learned, "_PACKAGED_MODEL", tmp_path / "none.zip")
    with pytest.raises(ConfigError, match="No span model found"):
        default_tagger(home=tmp_path)


def test_user_model_takes_precedence(tiny_tagger: SpanTagger, tmp_path: Path) -> None:
    tiny_tagger.save(tmp_path / "models" / "skillspan-crf.zip")
    assert default_tagger(home=tmp_path).max_iterations == 60


# --------------------------------------------------------------------------- shipped model

PACKAGED = Path(extract_learned.__file__).parent / "models" / "skillspan-crf.zip"


@pytest.mark.skipif(not PACKAGED.is_file(), reason="no packaged span model")
def test_packaged_model_meets_the_dev_goal() -> None:
    """SkillSpan dev, never trained on (~6 s). Measured when the model was built: merged
    strict 0.457 / loose 0.732, skill 0.370 / 0.653, knowledge 0.506 / 0.656 (F1)."""
    tagger = SpanTagger.load(PACKAGED)
    result = evaluate_spans(shared_path("skillspan"), "dev", predictor=tagger.spans)
    assert result["merged"]["gold_spans"] == 2163
    assert result["merged"]["strict"]["f1"] >= 0.45
    assert result["merged"]["loose"]["f1"] >= 0.72
    assert result["skill"]["strict"]["f1"] >= 0.36
    assert result["skill"]["loose"]["f1"] >= 0.64
    assert result["knowledge"]["strict"]["f1"] >= 0.50
    assert result["knowledge"]["loose"]["f1"] >= 0.64
