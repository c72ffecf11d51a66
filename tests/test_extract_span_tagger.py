"""The span tagger ingest runs by default: its fast paths agree with the plain definitions."""

from __future__ import annotations

import math
import random
import re
from pathlib import Path

import numpy as np
import pytest

from roleatlas.errors import InputError
from roleatlas.pipeline.extract import extract_text
from roleatlas.pipeline.extract.learned import tokenize
from roleatlas.pipeline.extract.span_tagger import (
    OFFSETS,
    SpanTagger,
    _kernels,
    default_span_tagger,
    sentence_features,
    token_marks,
)
from roleatlas.records import SkillSpan, decode_spans, encode_spans

TEXTS = [
    "Experience with distributed systems and Python.",
    "Requirements:\n- 3+ years of SQL (PostgreSQL, MySQL).\n• Strong communication skills!",
    "Know e.g. Spark, Kafka etc. and build 10,000 pipelines, (AWS) [GCP] {Azure}.",
    "U.S. based; Ph.D. preferred... Use C++ / C# and .NET? Yes!",
    "  leading and trailing spaces\t\tand tabs \u00a0non-breaking\u2003em space  ",
    "Emoji 🚀 rockets, CJK 数据 科学 and accents: café, naïve.",
    "",
    "(",
    "word " * 300,  # a sentence over 120 tokens
]


@pytest.fixture(scope="module")
def tagger() -> SpanTagger:
    return default_span_tagger()


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_are_the_reference_tokenizer(tagger: SpanTagger, text: str) -> None:
    words, starts, ends = tagger.tokens(text)
    assert list(zip(words, starts.tolist(), ends.tolist(), strict=True)) == tokenize(text)


def test_tokens_match_on_random_text(tagger: SpanTagger) -> None:
    rng = random.Random(7)
    alphabet = "ab Z9,.()[]{}•*\n\t-:;?!'\u00e9\u2003"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        words, starts, ends = tagger.tokens(text)
        assert list(zip(words, starts.tolist(), ends.tolist(), strict=True)) == tokenize(text), (
            repr(text)
        )


def _reference_scores(tagger: SpanTagger, words: list[str], marks: list[str]) -> np.ndarray:
    """Scores summed from the CRFsuite-style features training uses (the slow definition)."""
    vectors = {w: list(v) for w, v in tagger.vectors.items()}
    feats = sentence_features(words, marks, tagger.clusters, vectors)
    zero = np.zeros(len(tagger.labels))
    out = []
    for position, f in enumerate(feats):
        total = zero.copy()
        for key, value in f.items():
            if isinstance(value, float):
                total += tagger.attributes.get(key, zero) * value
            else:
                total += tagger.attributes.get(f"{key}:{value}", zero)
        assert f["pos"] == str(min(position, 5))
        out.append(total)
    return np.array(out)


@pytest.mark.parametrize(
    "text",
    [
        "Experience with distributed systems and Python.",
        "Build ETL pipelines in Apache Spark and SQL; deploy on Kubernetes (EKS) at scale",
        "You know TypeScript",
        "5+ years (10x growth) with GPT-4, C++20 and 3D/AR; U.S. remote. ",
    ],
)
def test_scores_equal_the_feature_sum(tagger: SpanTagger, text: str) -> None:
    marked = [(text.find("Python"), text.find("Python") + 6)] if "Python" in text else []
    words, starts, ends, scores, new = tagger.scores(text, marked)
    assert new.tolist() == [True] + [False] * (len(words) - 1)  # one sentence each
    n, fast_starts, fast_ends, fast_scores, fast_new = tagger._fast_scores(text, marked)
    assert n == len(words) and fast_starts.tolist() == starts.tolist()
    assert fast_ends.tolist() == ends.tolist() and fast_new.tolist() == new.tolist()
    np.testing.assert_allclose(fast_scores, scores, atol=1e-9)
    marks = ["OBI"[k] for k in token_marks(starts, ends, marked).tolist()]
    np.testing.assert_allclose(scores, _reference_scores(tagger, words, marks), atol=1e-9)


def test_sentences_are_scored_apart(tagger: SpanTagger) -> None:
    first, second = "Strong SQL skills.", "Python and Go are a plus"
    _, _, _, scores, new = tagger.scores(f"{first} {second}")
    n1 = len(tokenize(first))
    assert new.tolist().index(True, 1) == n1
    np.testing.assert_allclose(scores[:n1], tagger.scores(first)[3], atol=1e-9)
    np.testing.assert_allclose(scores[n1:], tagger.scores(second)[3], atol=1e-9)


def test_long_sentences_are_cut_every_120_tokens(tagger: SpanTagger) -> None:
    _, _, _, scores, new = tagger.scores("data " * 250)
    assert np.flatnonzero(new).tolist() == [0, 120, 240]
    np.testing.assert_allclose(scores[120:240], scores[:120], atol=1e-9)


def _reference_decode(
    scores: np.ndarray, transitions: np.ndarray, labels: list[str], bias: float
) -> tuple[list[int], list[float]]:
    """Log-space forward-backward and the best valid path over biased log-marginals."""
    n, m = scores.shape

    def lse(v: np.ndarray) -> float:
        top = float(v.max())
        return top + math.log(float(np.exp(v - top).sum()))

    alpha = np.zeros((n, m))
    beta = np.zeros((n, m))
    alpha[0] = scores[0]
    for t in range(1, n):
        alpha[t] = [lse(alpha[t - 1] + transitions[:, y]) + scores[t, y] for y in range(m)]
    for t in range(n - 2, -1, -1):
        beta[t] = [lse(transitions[x] + scores[t + 1] + beta[t + 1]) for x in range(m)]
    post = alpha + beta - lse(alpha[-1])
    post = np.maximum(post, math.log(1e-12))
    bonus = np.array([0.0 if y == "O" else bias for y in labels])

    def ok(a: str | None, b: str) -> bool:
        return not b.startswith("I-") or (a is not None and a != "O" and a[2:] == b[2:])

    best = {(y,): post[0, i] + bonus[i] for i, y in enumerate(labels) if ok(None, y)}
    for t in range(1, n):
        step = {}
        for j, y in enumerate(labels):
            options = [(v, p) for p, v in best.items() if ok(p[-1], y)]
            v, p = max(options)
            step[(*p, y)] = v + post[t, j] + bonus[j]
        best = step
    path = max(best, key=lambda p: best[p])
    ids = [labels.index(y) for y in path]
    return ids, [float(math.exp(post[t, k])) for t, k in enumerate(ids)]


def test_decoder_is_posterior_viterbi(tagger: SpanTagger) -> None:
    rng = np.random.default_rng(3)
    decode = _kernels()[1]
    for n in (1, 2, 7, 30):
        scores = rng.normal(0, 3, size=(n, len(tagger.labels)))
        path = np.zeros(n, dtype=np.int64)
        prob = np.zeros(n)
        new = np.zeros(n, dtype=bool)
        new[0] = True
        decode(
            scores, tagger._weights, tagger._allowed, tagger._start_ok, tagger._bias, new,
            path, prob,
        )  # fmt: skip
        ids, probs = _reference_decode(
            scores, tagger.transitions, tagger.labels, tagger.recall_bias
        )
        assert path.tolist() == ids
        np.testing.assert_allclose(prob, probs, rtol=1e-6)


def test_find_gives_valid_spans_and_is_deterministic(tagger: SpanTagger) -> None:
    text = (
        "What you'll do:\n- Design and implement REST APIs.\n- Build data pipelines with "
        "Apache Spark and Airflow.\nYou have experience with machine learning and statistics."
    )
    found = tagger.find(text)
    assert found == default_span_tagger().find(text)
    assert found, "no span in a posting full of skills"
    kinds = set()
    for piece, start, end, kind, confidence in found:
        assert text[start:end] == piece
        assert 0.0 < confidence <= 1.0
        kinds.add(kind)
    assert kinds <= {"SKILL", "KNOWLEDGE"}
    assert any("machine learning" in piece for piece, *_ in found)


def test_save_and_load_keep_the_model(tagger: SpanTagger, tmp_path) -> None:
    path = tagger.save(tmp_path / "m.npz")
    again = SpanTagger.load(path)
    text = "Strong Python, SQL and stakeholder management skills."
    assert again.find(text) == tagger.find(text)
    assert again.labels == tagger.labels and again.recall_bias == tagger.recall_bias


def test_load_errors_name_the_problem(tmp_path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        SpanTagger.load(tmp_path / "missing.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(InputError, match="not a readable span model"):
        SpanTagger.load(bad)


def test_type_cache_is_bounded(tagger: SpanTagger, monkeypatch) -> None:
    import roleatlas.pipeline.extract.span_tagger as module

    fresh = SpanTagger.load(module._PACKAGED)
    monkeypatch.setattr(module, "_MAX_TYPES", 50)
    text = " ".join(f"tok{i}" for i in range(40))
    expected = fresh.find(text)
    for round_ in range(3):
        fresh.find(" ".join(f"other{round_}_{i}" for i in range(40)))
        assert len(fresh.types) <= 50
    assert fresh.find(text) == expected


def test_extract_text_runs_the_tagger_when_asked() -> None:
    from roleatlas.pipeline.extract import SPANS_BY_DEFAULT, extract_version

    text = "Requirements: experience with distributed systems and Python."
    with_spans = extract_text("Engineer", text, spans=True)
    assert with_spans.spans
    for span in with_spans.spans:
        assert 0 <= span.start < span.end <= len(text)
    assert extract_text("Engineer", text, spans=False).spans == []
    assert bool(extract_text("Engineer", text).spans) == SPANS_BY_DEFAULT
    assert extract_version(spans=True).endswith("+spans")
    assert not extract_version(spans=False).endswith("+spans")


def test_span_encoding_round_trips() -> None:
    spans = [SkillSpan(0, 6, "KNOWLEDGE"), SkillSpan(10, 30, "SKILL")]
    assert decode_spans(encode_spans(spans)) == spans
    assert decode_spans(None) == [] and encode_spans([]) == ""


def test_offsets_cover_every_position() -> None:
    assert OFFSETS[0] == 0 and sorted(OFFSETS) == [-2, -1, 0, 1, 2]


def test_company_and_benefits_sections_are_not_tagged() -> None:
    from roleatlas.pipeline.sections import split_sections

    text = (
        "About us\nWe build machine learning platforms for hospitals and love data science.\n\n"
        "Requirements:\n- Experience with distributed systems and machine learning.\n\n"
        "Benefits:\n- Free training in data science and project management.\n"
    )
    sections = {s.name: (s.start, s.end) for s in split_sections(text)}
    assert {"company", "requirements", "benefits"} <= set(sections)
    found = extract_text(None, text, spans=True).spans
    assert found, "the requirements hold skills"
    start, end = sections["requirements"]
    assert all(start <= s.start and s.end <= end for s in found)
    # the same phrases as tagging the requirements alone, shifted
    from roleatlas.pipeline.extract.skills import default_matcher

    piece = text[start:end]
    marked = [(a, b) for a, b, _, _ in default_matcher().spans(piece)]
    alone = default_span_tagger().find(piece, marked)
    assert [(s.start - start, s.end - start) for s in found] == [(a, b) for _, a, b, *_ in alone]


def test_compiled_path_equals_python_path(tagger: SpanTagger) -> None:
    """Tokens, sentence starts and scores of the compiled featurizer and the Python
    definition agree on awkward text (real postings: benchmarks and the shared-data test)."""
    rng = random.Random(11)
    alphabet = "ab Zé9,.()[]{}•*\n\t-:;?!'\u2019\u2003ǅ5+xY"
    texts = list(TEXTS) + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(200)
    ]
    for text in texts:
        words, starts, ends, scores, new = tagger.scores(text)
        n, fast_starts, fast_ends, fast_scores, fast_new = tagger._fast_scores(text)
        assert n == len(words), repr(text)
        assert fast_starts.tolist() == starts.tolist() and fast_ends.tolist() == ends.tolist()
        assert fast_new.tolist() == new.tolist(), repr(text)
        np.testing.assert_allclose(fast_scores, scores, atol=1e-9, err_msg=repr(text))


@pytest.mark.skipif(
    not (Path(__file__).parents[2] / "shared" / "data").is_dir(),
    reason="../shared/data is not there",
)
def test_compiled_path_equals_python_path_on_real_postings(tagger: SpanTagger) -> None:
    import gzip
    import json

    shared = Path(__file__).parents[2] / "shared" / "data"
    texts: list[str] = []
    for path in sorted(shared.glob("postings-*/postings.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i % 97 == 0 and (d := json.loads(line).get("description")):
                    texts.append(d)
    assert len(texts) > 100
    for text in texts:
        words, starts, _, scores, new = tagger.scores(text)
        n, fast_starts, _, fast_scores, fast_new = tagger._fast_scores(text)
        assert n == len(words) and fast_starts.tolist() == starts.tolist()
        assert fast_new.tolist() == new.tolist()
        np.testing.assert_allclose(fast_scores, scores, atol=1e-9)


def test_compiled_type_table_starts_over_when_full(tagger: SpanTagger, monkeypatch) -> None:
    import roleatlas.pipeline.extract.span_tagger as module

    texts = [" ".join(f"w{r}x{i}" for i in range(25)) + " and Python." for r in range(6)]
    expected = [tagger.find(t) for t in texts]
    monkeypatch.setattr(module, "_TYPE_ROWS", 64)
    small = SpanTagger.load(module._PACKAGED)
    for text, want in zip(texts, expected, strict=True):
        assert small.find(text) == want
        assert int(small._fast_tables()["type_count"][0]) < 64


def test_ranges_are_tagged_as_texts_of_their_own(tagger: SpanTagger, monkeypatch) -> None:
    import roleatlas.pipeline.extract.span_tagger as module

    text = (
        "We value people.\nRequirements: Python, SQL and distributed systems,10,000 users.\n"
        "Perks: yoga.\nNice to have: Kubernetes and machine learning (ML)."
    )
    cut = text.index("Perks")
    second = text.index("Nice")
    ranges = [(text.index("Requirements"), cut), (second, len(text))]
    expected = []
    for start, end in ranges:
        expected += [
            (piece, a + start, b + start, kind, conf)
            for piece, a, b, kind, conf in tagger.find(text[start:end])
        ]
    assert tagger.find(text, (), ranges) == expected
    assert expected
    # texts too long for the compiled path take the Python one, with the same result
    monkeypatch.setattr(module, "_FAST_MAX_CHARS", 10)
    assert tagger.find(text, (), ranges) == expected


def test_lone_surrogates_and_astral_text_do_not_break_it(tagger: SpanTagger) -> None:
    # text read with errors="surrogateescape" (undecodable bytes) keeps lone surrogates
    text = "Python \udcd2\udc80 and SQL 🚀 skills.\nİstanbul ǅx data"
    found = tagger.find(text)
    assert all(text[a:b] == piece for piece, a, b, *_ in found)
    words, starts, _, scores, new = tagger.scores(text)
    n, fast_starts, _, fast_scores, fast_new = tagger._fast_scores(text)
    assert n == len(words) and fast_starts.tolist() == starts.tolist()
    assert fast_new.tolist() == new.tolist()
    # "İ" lower-cases to two code points in Python, to one in the compiled path: only the
    # rows of that token may differ
    same = [i for i, w in enumerate(words) if "İ" not in w]
    np.testing.assert_allclose(fast_scores[same], scores[same], atol=1e-9)


def test_collect_spans_reads_b_then_i_runs(tagger: SpanTagger) -> None:
    from roleatlas.pipeline.extract import _span_kernel as sk

    labels = tagger.labels
    rng = np.random.default_rng(5)
    for _ in range(200):
        n = int(rng.integers(1, 30))
        path = rng.integers(0, len(labels), size=n)
        prob = rng.random(n)
        new = rng.random(n) < 0.2
        new[0] = True
        first, last, conf = np.empty(n, np.int64), np.empty(n, np.int64), np.empty(n)
        count = sk.collect_spans(
            path, prob, new, tagger._begins, tagger._continues, first, last, conf
        )
        expected = []
        t = 0
        while t < n:
            if labels[path[t]].startswith("B-"):
                u = t + 1
                while u < n and labels[path[u]].startswith("I-") and not new[u]:
                    u += 1
                expected.append((t, u - 1, float(prob[t:u].mean())))
                t = u
            else:
                t += 1
        got = [
            (int(a), int(b), float(c))
            for a, b, c in zip(first[:count], last[:count], conf[:count], strict=True)
        ]
        assert [g[:2] for g in got] == [e[:2] for e in expected]
        np.testing.assert_allclose([g[2] for g in got], [e[2] for e in expected])


@pytest.mark.parametrize("text", [t for t in TEXTS if t] + ["x " * 40000 + "Python and SQL."])
def test_offsets_are_find_without_texts_and_confidences(tagger: SpanTagger, text: str) -> None:
    # ingest stores offsets(); find() is what the docs and the evaluation read
    marked = [(m.start(), m.end()) for m in re.finditer(r"Python|SQL|Spark", text)]
    for ranges in (None, [(0, len(text) // 2), (len(text) // 2 + 1, len(text))]):
        want = [(a, b, kind) for _, a, b, kind, _ in tagger.find(text, marked, ranges)]
        assert tagger.offsets(text, marked, ranges) == want
    if "Python" in text:
        assert tagger.offsets(text, marked)  # the check above compares something
