"""The fast skill-span layer that ``ingest`` runs by default: a linear-chain CRF read in numpy.

The learned layer (:mod:`roleatlas.pipeline.extract.learned`) marks SkillSpan-style skill and
knowledge spans well but builds a dict of about 150 string features per token and asks
CRFsuite for marginals, about 80 ms per posting. This layer keeps what made it good (a CRF
over words, shapes, affixes, word clusters and dense word vectors of the token and its
neighbours, with the catalog matches as a feature) and changes how it is computed:

- **Features depend on one token each.** Every feature is a property of one token seen at an
  offset -2..2 (its word, shape, affixes, clusters and vector as the token itself or as a
  neighbour), of its place in the sentence, or of the catalog matcher's B/I mark on it. So the
  score a token type adds at each offset is computed once per distinct token string and kept
  (:attr:`SpanTagger.types`); a posting's scores are five row gathers and a few sums in numpy.
  Pair features (word bigrams) were left out: they added 0.007 strict F1 in cross-validation.
- **Decoding** is the CRF's Viterbi path (max-sum, not posterior) over the five BIO labels of
  the two kinds, compiled with numba. ``recall_bias`` is added to the non-``O`` scores;
  training chooses it by cross-validation on the train split.
- **The catalog matcher's spans** are a feature (``dz``): the dictionary layer has already run
  on the text when this layer runs.

Training (:func:`roleatlas.train.train_span_tagger`) fits the weights with CRFsuite on
SkillSpan's train split and exports them to ``models/skillspan-tagger.npz``; the model was
never fitted or tuned on the dev split, which is what ``roleatlas eval skills`` reports.

Examples
--------
>>> tagger = default_span_tagger()
>>> [text for text, *_ in tagger.find("Experience with distributed systems and Python.")]
['distributed systems', 'Python']
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from roleatlas.errors import ConfigError, InputError
from roleatlas.pipeline.extract.learned import (
    _CLOSERS,
    _FUNCTION_WORDS,
    _OPENERS,
    _keeps_period,
    _norm,
    _shape,
)

__all__ = [
    "MODEL_NAME",
    "OFFSETS",
    "SpanTagger",
    "default_span_tagger",
    "neighbour_features",
    "own_features",
    "clear_caches",
    "sentence_features",
    "token_marks",
]

#: File name of the packaged model.
MODEL_NAME = "skillspan-tagger.npz"
#: The offsets at which a token's features are seen: the token itself (0) and its neighbours.
OFFSETS = (0, -2, -1, 1, 2)
_MODEL_FORMAT = 1
_PACKAGED = Path(__file__).resolve().parent / "models" / MODEL_NAME
_MAX_TOKENS = 120
_MAX_TYPES = 400_000
# rows of the compiled path's token-type table (its hash table has twice as many slots); it
# starts over when a text could overflow it
_TYPE_ROWS = 1 << 17
# texts longer than this (in characters) take the Python path
_FAST_MAX_CHARS = 1 << 16

Features = dict[str, Any]
# a part of a token type's features: the offset index and the weight row of each
_Part = tuple[tuple[int, ...], tuple[int, ...]]

# code points that separate pieces (white space as str.isspace sees it; none is above
# U+3000, and index 0x3001 stands for every code point above) and that open or close a piece
_SPACE = np.array([chr(c).isspace() for c in range(0x3001)] + [False], dtype=bool)
_OPENS = np.zeros(0x3002, dtype=bool)
_OPENS[[ord(c) for c in _OPENERS]] = True
_CLOSES = np.zeros(0x3002, dtype=bool)
_CLOSES[[ord(c) for c in _CLOSERS + "."]] = True


# --------------------------------------------------------------------------- features
def own_features(
    word: str,
    clusters: Mapping[str, Sequence[str]] | None = None,
    vector: Sequence[float] | None = None,
) -> Features:
    """The features of ``word`` as the token being tagged (string values are one-hot)."""
    low = word.lower()
    n = _norm(word)
    f: Features = {
        "w": low,
        "n": n,
        "sh": _shape(word),
        "p2": low[:2],
        "p3": low[:3],
        "s2": low[-2:],
        "s3": low[-3:],
        "s4": low[-4:],
        "fc": _FUNCTION_WORDS.get(n, "-"),
    }
    for j, c in enumerate((clusters or {}).get(n, ())):
        f[f"c{j}"] = c
    if word.istitle():
        f["title"] = 1.0
    if word.isupper() and len(word) > 1:
        f["upper"] = 1.0
    if any(ch.isdigit() for ch in word):
        f["digit"] = 1.0
    if not any(ch.isalnum() for ch in word):
        f["punct"] = 1.0
    if vector is not None:
        for j, x in enumerate(vector):
            f[f"e{j}"] = float(x)
    return f


def neighbour_features(
    word: str, offset: int, clusters: Mapping[str, Sequence[str]] | None = None
) -> Features:
    """The features of ``word`` seen ``offset`` tokens away from the token being tagged,
    with the offset as prefix (``-1n``)."""
    n = _norm(word)
    f: Features = {"n": n, "sh": _shape(word), "fc": _FUNCTION_WORDS.get(n, "-")}
    for j, c in enumerate((clusters or {}).get(n, ())):
        f[f"c{j}"] = c
    if abs(offset) == 1:
        f["s3"] = word.lower()[-3:]
        if word.istitle():
            f["title"] = 1.0
    return {f"{offset}{k}": v for k, v in f.items()}


def sentence_features(
    words: Sequence[str],
    marks: Sequence[str],
    clusters: Mapping[str, Sequence[str]] | None = None,
    vectors: Any = None,
) -> list[Features]:
    """The features of one sentence for CRFsuite: per token its own features, its neighbours'
    (``<S>``/``</S>`` beyond the sentence), its position (0-5) and the catalog marks
    (``O``/``B``/``I``) of it and its neighbours."""
    n = len(words)
    own = [own_features(w, clusters, vectors.get(_norm(w)) if vectors else None) for w in words]
    out = []
    for i in range(n):
        f: Features = {"bias": 1.0, "pos": str(min(i, 5)), **own[i]}
        for d in OFFSETS[1:]:
            j = i + d
            if 0 <= j < n:
                f.update(neighbour_features(words[j], d, clusters))
            else:
                f[f"{d}w"] = "<S>" if d < 0 else "</S>"
        for d in OFFSETS:
            j = i + d
            if 0 <= j < n:
                f[f"{d}dz"] = marks[j]
        out.append(f)
    return out


def token_marks(
    starts: NDArray[np.int64], ends: NDArray[np.int64], marked: Sequence[tuple[int, int]]
) -> NDArray[np.int64]:
    """Per token 0 (``O``), 1 (``B``: first token a marked span touches) or 2 (``I``).

    Examples
    --------
    >>> token_marks(np.array([0, 4, 9]), np.array([3, 8, 12]), [(4, 12)]).tolist()
    [0, 1, 2]
    """
    from roleatlas.pipeline.extract import _span_kernel as sk

    marks = np.zeros(len(starts), dtype=np.int64)
    if len(marked):
        sk.mark_tokens(starts, ends, np.array(marked, dtype=np.int64).reshape(-1, 2), marks)
    return marks


def _attribute(key: str, value: Any) -> tuple[str, float]:
    """CRFsuite's attribute name and value for one feature (``"w:python"``, 1.0)."""
    if isinstance(value, float):
        return key, value
    return f"{key}:{value}", 1.0


# --------------------------------------------------------------------------- decoding
def _kernels() -> Any:
    """The compiled scoring, posterior-Viterbi and row-summing functions
    (:mod:`roleatlas.pipeline.extract._span_kernel`; numba, compiled once per install and
    cached on disk), imported on first use."""
    try:
        from roleatlas.pipeline.extract import _span_kernel as sk
    except ImportError as exc:  # pragma: no cover - numba is a dependency
        raise ConfigError(
            "The span layer needs numba. Install it with 'pip install numba'."
        ) from exc
    return sk.emissions, sk.decode, sk.accumulate


# --------------------------------------------------------------------------- the tagger
class SpanTagger:
    """Skill and knowledge spans of a text, from exported CRF weights (see the module doc).

    Parameters
    ----------
    labels:
        The BIO labels (``O``, ``B-SKILL``, ``I-SKILL``, ``B-KNOWLEDGE``, ``I-KNOWLEDGE``).
    transitions:
        ``labels × labels`` transition weights (from row to column).
    attributes:
        Attribute name → weight row (one weight per label), as CRFsuite names them.
    clusters, vectors:
        The word clusters and dense vectors the model was trained with (features of
        normalized words); ``vectors`` maps a word to its vector.
    recall_bias:
        Added to every non-``O`` score before decoding.
    info:
        What training measured (kept in the model file).
    """

    def __init__(
        self,
        labels: Sequence[str],
        transitions: NDArray[Any],
        attributes: Mapping[str, NDArray[Any]],
        clusters: Mapping[str, Sequence[str]] | None = None,
        vectors: Mapping[str, NDArray[Any]] | None = None,
        recall_bias: float = 0.0,
        info: Mapping[str, Any] | None = None,
    ) -> None:
        self.labels = list(labels)
        m = len(self.labels)
        self.transitions = np.asarray(transitions, dtype=np.float64).reshape(m, m)
        self.attributes = dict(attributes)
        self.clusters = clusters or {}
        self.vectors = vectors or {}
        self.recall_bias = float(recall_bias)
        self.info = dict(info or {})
        zero = np.zeros(m)
        self._start_ok = np.array([not y.startswith("I-") for y in self.labels])
        self._weights = np.exp(self.transitions)
        self._begins = np.array([y.startswith("B-") for y in self.labels])
        self._continues = np.array([y.startswith("I-") for y in self.labels])
        self._kinds = [y[2:] for y in self.labels]  # "SKILL" for "B-SKILL"
        self._allowed = np.array(
            [
                [not b.startswith("I-") or a[2:] == b[2:] and a != "O" for b in self.labels]
                for a in self.labels
            ]
        )
        self._bias = np.array([0.0 if y == "O" else self.recall_bias for y in self.labels])
        self._position = np.array([self.attributes.get(f"pos:{k}", zero) for k in range(6)])
        self._boundary = np.array(
            [
                zero,
                *(
                    self.attributes.get(f"{d}w:{'<S>' if d < 0 else '</S>'}", zero)
                    for d in OFFSETS[1:]
                ),
            ]
        )
        # (mark, offset, label): marks O, B, I and 3 for a pad (no mark)
        self._marks = np.array(
            [[self.attributes.get(f"{d}dz:{x}", zero) for d in OFFSETS] for x in "OBI"]
            + [[zero for _ in OFFSETS]]
        )
        dims = len(next(iter(self.vectors.values()))) if self.vectors else 0
        self._vector_weights = np.array(
            [self.attributes.get(f"e{j}", zero) for j in range(dims)]
        ).reshape(dims, m)
        self.types: dict[str, int] = {}
        # row 0 is the pad between sentences: seen from a token at offset d it adds the
        # sentence-edge feature of that offset ("-1w:<S>", "2w:</S>")
        self._rows = np.zeros((1024, len(OFFSETS), m))
        self._rows[0] = self._boundary
        self._ends_sentence = np.zeros(1024, dtype=bool)
        self._pieces: dict[str, tuple[tuple[str, int, int], ...]] = {}
        self._fast: dict[str, Any] | None = None
        # the weights as one matrix: a new token type's rows are gathered and summed in one
        # numpy call per batch of new types (see _type_ids)
        names = sorted(self.attributes)
        self._index = {name: i for i, name in enumerate(names)}
        self._weight_matrix = np.array([self.attributes[k] for k in names]).reshape(-1, m)
        vector_words = sorted(self.vectors)
        self._vector_row = {w: i for i, w in enumerate(vector_words)}
        self._vector_matrix = np.array([self.vectors[w] for w in vector_words]).reshape(
            len(vector_words), dims
        )
        self._norm_parts: dict[str, _Part] = {}
        # the normalized words some weight, cluster or vector names; any other word adds only
        # what the function class "-" adds
        self._known = (
            frozenset(self.clusters)
            | frozenset(self.vectors)
            | {
                name.partition(":")[2]
                for name in self.attributes
                if name.split(":", 1)[0] in ("n", "-2n", "-1n", "1n", "2n")
            }
        )
        self._unknown_norm = self._compute_norm_part("\x00unknown")
        self._low_parts: dict[str, _Part] = {}
        self._shape_parts: dict[tuple[str, bool, bool], _Part] = {}

    def __repr__(self) -> str:
        return (
            f"SpanTagger(labels={self.labels}, attributes=<{len(self.attributes)}>, "
            f"recall_bias={self.recall_bias})"
        )

    def clear_caches(self) -> None:
        """Forget every token type, piece and part seen so far (the weights stay)."""
        self.types.clear()
        self._pieces.clear()
        self._norm_parts.clear()
        self._low_parts.clear()
        self._shape_parts.clear()
        if self._fast is not None:
            self._reset_types()

    # -- the compiled path ---------------------------------------------------------------
    def _fast_tables(self) -> dict[str, Any]:
        """The hash tables and rows the compiled featurizer reads (built on first use)."""
        if self._fast is not None:
            return self._fast
        from roleatlas.pipeline.extract import _span_kernel as sk
        from roleatlas.pipeline.extract.learned import _ABBREVIATIONS

        def table(keys: list[int], values: list[int]) -> tuple[NDArray[Any], NDArray[Any]]:
            size = 1 << max(4, (2 * len(keys)).bit_length())
            k_out = np.zeros(size, dtype=np.uint64)
            v_out = np.full(size, -1, dtype=np.int64)
            for key, value in zip(keys, values, strict=True):
                key = key or 1
                slot = key & (size - 1)
                while k_out[slot] != 0:
                    if int(k_out[slot]) == key:
                        raise ConfigError(
                            "Two feature names of the span model hash alike; train it again."
                        )
                    slot = (slot + 1) & (size - 1)
                k_out[slot] = key
                v_out[slot] = value
            return k_out, v_out

        names = [name for name in self._index if ":" in name]
        attr_keys, attr_values = table(sk.fnv_many(names).tolist(), [self._index[k] for k in names])
        words = sorted(self._known | set(_FUNCTION_WORDS))
        norm_rows = self._norm_rows([*words, "\x00unknown"])
        norm_keys, norm_values = table(sk.fnv_many(words).tolist(), list(range(len(words))))
        zero = np.zeros(len(self.labels))
        lower, classes = sk.char_tables()
        self._fast = {
            "lower": lower,
            "classes": classes,
            "abbreviations": np.array(
                [sk.fnv(a) or 1 for a in sorted(_ABBREVIATIONS)], dtype=np.uint64
            ),
            "attr_keys": attr_keys,
            "attr_values": attr_values,
            "weights": self._weight_matrix,
            "norm_keys": norm_keys,
            "norm_values": norm_values,
            "norm_rows": norm_rows,
            "prefixes": np.array([sk.fnv(f"{name}:") for name, _ in sk.TEMPLATES], dtype=np.uint64),
            "flag_rows": np.array([self.attributes.get(f, zero) for f in sk.FLAGS]),
        }
        self._reset_types()
        return self._fast

    def _norm_rows(self, words: list[str]) -> NDArray[Any]:
        """What each normalized word adds at the five offsets (its word, function class,
        clusters and vector): :meth:`_compute_norm_part` for many words, summed per template
        value in numpy."""
        m = len(self.labels)
        index, weights = self._index, self._weight_matrix
        out = np.zeros((len(words), len(OFFSETS), m))
        zero_row = len(weights)
        padded = np.vstack([weights, np.zeros((1, m))])

        def add(values: list[str], template: str) -> None:
            # one gather per offset: the weight row of "<offset><template>:<value>"
            distinct = sorted(set(values))
            at = {v: i for i, v in enumerate(distinct)}
            ids = np.array([at[v] for v in values], dtype=np.int64)
            for k, d in enumerate(OFFSETS):
                prefix = template if d == 0 else f"{d}{template}"
                rows = np.array(
                    [index.get(f"{prefix}:{v}", zero_row) for v in distinct], dtype=np.int64
                )
                out[:, k] += padded[rows][ids]

        add(words, "n")
        add([_FUNCTION_WORDS.get(w, "-") for w in words], "fc")
        clusters = [self.clusters.get(w) or () for w in words]
        for j in range(max(map(len, clusters), default=0)):
            add([c[j] if len(c) > j else "\x00" for c in clusters], f"c{j}")
        at = [t for t, w in enumerate(words) if w in self._vector_row]
        if at:
            rows = [self._vector_row[words[t]] for t in at]
            out[at, 0] += self._vector_matrix[rows] @ self._vector_weights
        return out

    def _reset_types(self) -> None:
        assert self._fast is not None
        m = len(self.labels)
        self._fast["type_keys"] = np.zeros(2 * _TYPE_ROWS, dtype=np.uint64)
        self._fast["type_values"] = np.zeros(2 * _TYPE_ROWS, dtype=np.int64)
        rows = np.zeros((_TYPE_ROWS, len(OFFSETS), m))
        rows[0] = self._boundary  # the pad between sentences
        self._fast["type_rows"] = rows
        self._fast["type_ends"] = np.zeros(_TYPE_ROWS, dtype=np.bool_)
        self._fast["type_count"] = np.ones(1, dtype=np.int64)

    def _fast_scores(
        self,
        text: str,
        marked: Sequence[tuple[int, int]] = (),
        ranges: Sequence[tuple[int, int]] | None = None,
    ) -> tuple[int, NDArray[np.int64], NDArray[np.int64], NDArray[Any], NDArray[Any]]:
        """What :meth:`scores` computes, through the compiled featurizer:
        ``(tokens, starts, ends, scores, sentence starts)``; with ``ranges``, only the
        tokens of those character ranges, each cut as a text of its own."""
        from roleatlas.pipeline.extract import _span_kernel as sk

        f = self._fast_tables()
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        size = len(codes)
        if int(f["type_count"][0]) + size + 1 >= _TYPE_ROWS:
            self._reset_types()
        starts = np.empty(size + 1, dtype=np.int64)
        ends = np.empty(size + 1, dtype=np.int64)
        ids = np.empty(size + 1, dtype=np.int64)
        new = np.empty(size + 1, dtype=np.bool_)
        spans = np.array([(0, size)] if ranges is None else list(ranges), dtype=np.int64).reshape(
            -1, 2
        )
        n = sk.kernel()(
            codes, spans, f["lower"], f["classes"], f["abbreviations"], f["type_keys"],
            f["type_values"], f["type_rows"], f["type_ends"], f["type_count"], f["attr_keys"],
            f["attr_values"], f["weights"], f["norm_keys"], f["norm_values"], f["norm_rows"],
            f["prefixes"], f["flag_rows"], starts, ends, ids, new,
        )  # fmt: skip
        starts, ends, ids, new = starts[:n], ends[:n], ids[:n], new[:n]
        scores = np.empty((n, len(self.labels)))
        if n:
            _kernels()[0](
                ids, token_marks(starts, ends, marked), new, f["type_rows"], self._marks,
                self._position, _MAX_TOKENS, scores,
            )  # fmt: skip
        return n, starts, ends, scores, new

    # -- types -------------------------------------------------------------------------
    # A token type's scores at the five offsets are the sum of three parts, each cached:
    # what depends on its normalized word (word, function class, clusters, vector), on its
    # lower-cased form (affixes) and on its shape (shape, title case, all capitals).
    # A type's features are (offset index, weight row) pairs, cached per part; the rows of a
    # batch of new types are summed in numpy at once.
    def _pairs(self, feats: Features, k: int, out: list[tuple[int, int]]) -> None:
        index = self._index
        for key, value in feats.items():
            i = index.get(f"{key}:{value}" if isinstance(value, str) else key)
            if i is not None:
                out.append((k, i))

    @staticmethod
    def _split(pairs: list[tuple[int, int]]) -> _Part:
        return tuple(k for k, _ in pairs), tuple(i for _, i in pairs)

    def _norm_part(self, n: str) -> _Part:
        pairs = self._norm_parts.get(n)
        if pairs is None:
            if n not in self._known and n not in _FUNCTION_WORDS:
                return self._unknown_norm  # no weight, cluster or vector names this word
            pairs = self._norm_parts[n] = self._compute_norm_part(n)
        return pairs

    def _compute_norm_part(self, n: str) -> _Part:
        base: Features = {"n": n, "fc": _FUNCTION_WORDS.get(n, "-")}
        for j, c in enumerate(self.clusters.get(n, ())):
            base[f"c{j}"] = c
        out: list[tuple[int, int]] = []
        self._pairs(base, 0, out)
        for k, d in enumerate(OFFSETS[1:], 1):
            self._pairs({f"{d}{key}": v for key, v in base.items()}, k, out)
        return self._split(out)

    def _low_part(self, low: str) -> _Part:
        pairs = self._low_parts.get(low)
        if pairs is None:
            out: list[tuple[int, int]] = []
            self._pairs(
                {"w": low, "p2": low[:2], "p3": low[:3], "s2": low[-2:], "s3": low[-3:],
                 "s4": low[-4:]}, 0, out,
            )  # fmt: skip
            self._pairs({"-1s3": low[-3:]}, OFFSETS.index(-1), out)
            self._pairs({"1s3": low[-3:]}, OFFSETS.index(1), out)
            pairs = self._low_parts[low] = self._split(out)
        return pairs

    def _shape_part(self, word: str) -> _Part:
        sh = _shape(word)
        title = word.istitle()
        key = (sh, title, word.isupper() and len(word) > 1)
        pairs = self._shape_parts.get(key)
        if pairs is None:
            own: Features = {"sh": sh, "bias": 1.0}
            if title:
                own["title"] = 1.0
            if key[2]:
                own["upper"] = 1.0
            if any(ch == "d" or ch.isdigit() for ch in sh):  # ASCII digits are "d" here
                own["digit"] = 1.0
            if not any(ch.isalnum() for ch in sh):
                own["punct"] = 1.0
            out: list[tuple[int, int]] = []
            self._pairs(own, 0, out)
            for k, d in enumerate(OFFSETS[1:], 1):
                near: Features = {f"{d}sh": sh}
                if abs(d) == 1 and title:
                    near[f"{d}title"] = 1.0
                self._pairs(near, k, out)
            pairs = self._shape_parts[key] = self._split(out)
        return pairs

    def _type_rows(self, words: Sequence[str]) -> NDArray[Any]:
        """The (offset, label) score rows of token types, summed from their features."""
        counts: list[int] = []
        offsets: list[int] = []
        rows: list[int] = []
        vector_at: list[int] = []
        vector_rows: list[int] = []
        vector_row = self._vector_row
        for t, word in enumerate(words):
            n = _norm(word)
            a, b, c = self._norm_part(n), self._low_part(word.lower()), self._shape_part(word)
            counts.append(len(a[0]) + len(b[0]) + len(c[0]))
            offsets += a[0]
            offsets += b[0]
            offsets += c[0]
            rows += a[1]
            rows += b[1]
            rows += c[1]
            v = vector_row.get(n)
            if v is not None:
                vector_at.append(t)
                vector_rows.append(v)
        out = np.zeros((len(words), len(OFFSETS), len(self.labels)))
        _kernels()[2](
            out,
            np.array(counts, dtype=np.int64),
            np.array(offsets, dtype=np.int64),
            np.array(rows, dtype=np.int64),
            self._weight_matrix,
        )
        if vector_at:
            out[vector_at, 0] += self._vector_matrix[vector_rows] @ self._vector_weights
        return out

    def _type_row(self, word: str) -> NDArray[Any]:
        return self._type_rows([word])[0]

    def _type_ids(self, words: Sequence[str]) -> NDArray[np.int64]:
        types = self.types
        ids = list(map(types.get, words))
        if None in ids:
            new = [w for w in dict.fromkeys(words) if w not in types]
            if len(types) + len(new) > _MAX_TYPES:  # keep memory bounded on huge corpora
                self.clear_caches()
                new = list(dict.fromkeys(words))
            start = len(types) + 1
            need = start + len(new)
            if need > len(self._rows):
                size = max(need, 2 * len(self._rows))
                rows = np.zeros((size, *self._rows.shape[1:]))
                rows[:start] = self._rows[:start]
                ends = np.zeros(size, dtype=bool)
                ends[:start] = self._ends_sentence[:start]
                self._rows, self._ends_sentence = rows, ends
            self._rows[start:need] = self._type_rows(new)
            for i, word in enumerate(new, start):
                self._ends_sentence[i] = word == "." or word[-1] in "?!"
                types[word] = i
            ids = list(map(types.__getitem__, words))
        return np.array(ids, dtype=np.int64)

    # -- tokens ------------------------------------------------------------------------
    def _split_piece(self, piece: str) -> tuple[tuple[str, int, int], ...]:
        start, end = 0, len(piece)
        head: list[tuple[str, int, int]] = []
        while end - start > 1 and piece[start] in _OPENERS:
            head.append((piece[start], start, start + 1))
            start += 1
        tail: list[tuple[str, int, int]] = []
        while end - start > 1:
            last = piece[end - 1]
            if last in _CLOSERS or (last == "." and not _keeps_period(piece[start:end])):
                tail.append((last, end - 1, end))
                end -= 1
            else:
                break
        return (*head, (piece[start:end], start, end), *reversed(tail))

    def tokens(self, text: str) -> tuple[list[str], NDArray[np.int64], NDArray[np.int64]]:
        """Tokens of ``text`` as :func:`~roleatlas.pipeline.extract.learned.tokenize` cuts
        them: ``(words, starts, ends)``, found with numpy over the code points."""
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        # a piece is a run of characters that are neither space nor a comma (a comma between
        # two digits, "10,000", belongs to its piece); no code point above U+3000 is a space
        keep = ~_SPACE[np.minimum(codes, _SPACE.size - 1)]
        commas = np.flatnonzero(codes == 44)
        if len(commas):
            digit = (codes >= 48) & (codes <= 57)
            inner = commas[(commas > 0) & (commas < len(codes) - 1)]
            inner = inner[digit[inner - 1] & digit[inner + 1]]
            keep[commas] = False
            keep[inner] = True
        edges = np.diff(np.concatenate(([False], keep, [False])).astype(np.int8))
        starts = np.flatnonzero(edges == 1)
        ends = np.flatnonzero(edges == -1)
        st, en = starts.tolist(), ends.tolist()
        pieces = list(map(text.__getitem__, map(slice, st, en)))
        # the few pieces that split further: brackets and bullets, a final period
        special = np.flatnonzero(
            (
                _OPENS[np.minimum(codes[starts], 0x3001)]
                | _CLOSES[np.minimum(codes[ends - 1], 0x3001)]
            )
            & (ends - starts > 1)
        )
        if not len(special):
            return pieces, starts, ends
        words: list[str] = []
        new_starts: list[int] = []
        new_ends: list[int] = []
        done = 0
        split = self._pieces
        for p in special.tolist():
            words += pieces[done:p]
            new_starts += st[done:p]
            new_ends += en[done:p]
            piece = pieces[p]
            parts = split.get(piece)
            if parts is None:
                if len(split) > _MAX_TYPES:
                    split.clear()
                parts = split[piece] = self._split_piece(piece)
            at = st[p]
            for word, s, e in parts:
                words.append(word)
                new_starts.append(at + s)
                new_ends.append(at + e)
            done = p + 1
        words += pieces[done:]
        new_starts += st[done:]
        new_ends += en[done:]
        return words, np.array(new_starts, dtype=np.int64), np.array(new_ends, dtype=np.int64)

    # -- spans -------------------------------------------------------------------------
    def scores(
        self, text: str, marked: Sequence[tuple[int, int]] = ()
    ) -> tuple[list[str], NDArray[np.int64], NDArray[np.int64], NDArray[Any], NDArray[Any]]:
        """Tokens, token offsets, per-token label scores and sentence starts of ``text``.

        ``marked`` are the character spans the catalog matcher found (the ``dz`` feature).
        """
        words, starts, ends = self.tokens(text)
        n = len(words)
        m = len(self.labels)
        if n == 0:
            return words, starts, ends, np.zeros((0, m)), np.zeros(0, dtype=bool)
        ids = self._type_ids(words)
        # sentences: at line breaks, after ".", "?" or "!" tokens, every 120 tokens
        new = np.empty(n, dtype=bool)
        new[0] = True
        new[1:] = self._ends_sentence[ids[:-1]]
        if "\n" in text:
            breaks = np.flatnonzero(
                np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) == 10
            )
            new[1:] |= np.searchsorted(breaks, ends[:-1]) != np.searchsorted(breaks, starts[1:])
        marks = token_marks(starts, ends, marked)
        scores = np.empty((n, m))
        _kernels()[0](ids, marks, new, self._rows, self._marks, self._position, _MAX_TOKENS, scores)
        return words, starts, ends, scores, new

    def find(
        self,
        text: str,
        marked: Sequence[tuple[int, int]] = (),
        ranges: Sequence[tuple[int, int]] | None = None,
    ) -> list[tuple[str, int, int, str, float]]:
        """The spans of ``text`` as ``(span text, start, end, kind, confidence)``: character
        offsets, ``kind`` ``"SKILL"`` or ``"KNOWLEDGE"``, ``confidence`` the mean marginal
        probability of the span's labels.

        ``marked`` are the catalog matcher's character spans (a feature); with ``ranges``,
        only those character ranges are tagged, each as a text of its own.
        """
        if len(text) > _FAST_MAX_CHARS:  # the compiled path's type table holds fewer
            out = []
            for start, end in [(0, len(text))] if ranges is None else ranges:
                inside = [(a - start, b - start) for a, b in marked if start <= a and b <= end]
                out += [
                    (piece, a + start, b + start, kind, conf)
                    for piece, a, b, kind, conf in self._find_python(text[start:end], inside)
                ]
            return out
        n, starts, ends, scores, new = self._fast_scores(text, marked, ranges)
        return self._spans(text, n, starts, ends, scores, new)

    def _find_python(
        self, text: str, marked: Sequence[tuple[int, int]]
    ) -> list[tuple[str, int, int, str, float]]:
        words, starts, ends, scores, new = self.scores(text, marked)
        return self._spans(text, len(words), starts, ends, scores, new)

    def offsets(
        self,
        text: str,
        marked: Sequence[tuple[int, int]] = (),
        ranges: Sequence[tuple[int, int]] | None = None,
    ) -> list[tuple[int, int, str]]:
        """The spans :meth:`find` gives, as ``(start, end, kind)`` only: what ingest stores,
        without the span texts and confidences."""
        if len(text) > _FAST_MAX_CHARS:
            return [(a, b, kind) for _, a, b, kind, _ in self.find(text, marked, ranges)]
        n, starts, ends, scores, new = self._fast_scores(text, marked, ranges)
        decoded = self._decode(n, scores, new)
        if decoded is None:
            return []
        first, last, path, _ = decoded
        kinds = self._kinds
        return list(
            zip(
                starts[first].tolist(),
                ends[last].tolist(),
                map(kinds.__getitem__, path[first].tolist()),
                strict=True,
            )
        )

    def _decode(
        self, n: int, scores: NDArray[Any], new: NDArray[Any]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[Any]] | None:
        """The spans of the best label path: first and last token, the path, and each
        span's mean marginal; ``None`` when there are none."""
        if not n:
            return None
        path = np.zeros(n, dtype=np.int64)
        prob = np.zeros(n)
        _kernels()[1](
            scores, self._weights, self._allowed, self._start_ok, self._bias, new, path, prob
        )
        # the decoder's paths are valid: a span is a B- label and the I- labels after it
        from roleatlas.pipeline.extract import _span_kernel as sk

        first = np.empty(n, dtype=np.int64)
        last = np.empty(n, dtype=np.int64)
        confidence = np.empty(n)
        count = sk.collect_spans(
            path, prob, new, self._begins, self._continues, first, last, confidence
        )
        if not count:
            return None
        return first[:count], last[:count], path, confidence[:count]

    def _spans(
        self,
        text: str,
        n: int,
        starts: NDArray[np.int64],
        ends: NDArray[np.int64],
        scores: NDArray[Any],
        new: NDArray[Any],
    ) -> list[tuple[str, int, int, str, float]]:
        decoded = self._decode(n, scores, new)
        if decoded is None:
            return []
        first, last, path, confidence = decoded
        kinds = self._kinds
        return [
            (text[a:b], a, b, kinds[k], round(c, 3))
            for a, b, k, c in zip(
                starts[first].tolist(),
                ends[last].tolist(),
                path[first].tolist(),
                confidence.tolist(),
                strict=True,
            )
        ]

    # -- files -------------------------------------------------------------------------
    def save(self, path: Path | str) -> Path:
        """Write the model to one ``.npz`` file (weights, labels, clusters, vectors, info)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        names = sorted(self.attributes)
        words = sorted(self.vectors)
        meta = {
            "format": _MODEL_FORMAT,
            "labels": self.labels,
            "recall_bias": self.recall_bias,
            "info": self.info,
        }
        cluster_words = sorted(self.clusters)
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                meta=np.array(json.dumps(meta, sort_keys=True)),
                transitions=self.transitions.astype(np.float32),
                names=np.array(names),
                weights=np.array([self.attributes[k] for k in names], dtype=np.float32),
                vector_words=np.array(words),
                vectors=np.array([self.vectors[w] for w in words], dtype=np.float16),
                cluster_words=np.array(cluster_words),
                clusters=np.array([self.clusters[w] for w in cluster_words]),
            )
        return path

    @classmethod
    def load(cls, path: Path | str) -> SpanTagger:
        """Read a model written by :meth:`save`.

        Raises
        ------
        InputError
            If the file is missing, unreadable or of another format.
        """
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                if meta.get("format") != _MODEL_FORMAT:
                    raise InputError(
                        f"{path} is a span model of format {meta.get('format')!r}; this "
                        f"roleatlas reads format {_MODEL_FORMAT}. Train it again."
                    )
                weights = data["weights"].astype(np.float64)
                attributes = dict(zip(data["names"].tolist(), weights, strict=True))
                vectors = dict(
                    zip(data["vector_words"].tolist(), data["vectors"].astype(np.float64),
                        strict=True)
                )  # fmt: skip
                clusters = {
                    w: tuple(c)
                    for w, c in zip(
                        data["cluster_words"].tolist(), data["clusters"].tolist(), strict=True
                    )
                }
                transitions = data["transitions"]
        except FileNotFoundError:
            raise InputError(
                f"The span model {path} does not exist. Train one with "
                "roleatlas.train.train_span_tagger()."
            ) from None
        except (OSError, ValueError, KeyError) as exc:
            raise InputError(
                f"{path} is not a readable span model ({exc}). Train it again."
            ) from exc
        return cls(
            meta["labels"],
            transitions,
            attributes,
            clusters,
            vectors,
            recall_bias=meta.get("recall_bias", 0.0),
            info=meta.get("info"),
        )


def clear_caches() -> None:
    """Forget the token types, pieces and parts the loaded taggers keep (for benchmarks that
    must start as cold as a fresh process); the loaded weights stay."""
    for tagger in _LOADED:
        tagger.clear_caches()


_LOADED: list[SpanTagger] = []


def default_span_tagger() -> SpanTagger:
    """The packaged span tagger, loaded once per process.

    Raises
    ------
    ConfigError
        If the package holds no model (a broken install).
    """
    if not _LOADED:
        if not _PACKAGED.is_file():
            raise ConfigError(
                f"The span model {_PACKAGED} is missing from the installed package. Reinstall "
                "roleatlas, or train one with roleatlas.train.train_span_tagger()."
            )
        _LOADED.append(SpanTagger.load(_PACKAGED))
    return _LOADED[0]
