# mypy: disable-error-code="no-untyped-def"
"""The span tagger's compiled parts, in numba: the featurizer (tokens and token-type score
rows), the emission scores and the posterior-Viterbi decoder.

:class:`~roleatlas.pipeline.extract.span_tagger.SpanTagger` defines its features in Python
(``own_features``, ``neighbour_features``); training and the tests use that definition. This
module computes the same per-type score rows without Python strings: the text's code points
are cut into tokens as ``learned.tokenize`` cuts them, each token is hashed (64-bit FNV-1a
over its code points) and looked up in a table of the types seen so far; a new type's row is
summed from hash-table lookups of its feature names ("w:python", "-1sh:Xx"), whose hashes are
computed over the same code points. Character classes (lower case, upper/lower/title case,
digits, letters) come from tables of ``str`` methods over the Basic Multilingual Plane; a
code point above it is taken as uncased, not a digit and not alphanumeric, and "İ" (whose
lower case is two code points) lower-cases to "i". Tests compare both paths on real postings.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

import numba
import numpy as np

__all__ = [
    "FNV_OFFSET",
    "TEMPLATES",
    "accumulate",
    "char_tables",
    "collect_spans",
    "decode",
    "emissions",
    "fnv",
    "fnv_many",
    "kernel",
    "mark_tokens",
]

FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = 0x100000001B3
_MASK = (1 << 64) - 1
#: The string-valued feature templates looked up per token type, in the kernel's order, with
#: the offset index (into ``OFFSETS`` = 0, -2, -1, 1, 2) each adds to.
TEMPLATES = (
    ("w", 0), ("p2", 0), ("p3", 0), ("s2", 0), ("s3", 0), ("s4", 0), ("-1s3", 2), ("1s3", 3),
    ("sh", 0), ("-2sh", 1), ("-1sh", 2), ("1sh", 3), ("2sh", 4),
)  # fmt: skip
#: The flag features, in the kernel's order (weights of value 1.0).
FLAGS = ("title", "upper", "digit", "punct", "-1title", "1title", "bias")

# character class bits
_UPPER, _LOWER, _TITLE, _DIGIT, _ALNUM, _SPACE, _DECIMAL, _STRIP = (1 << i for i in range(8))
_STRIP_CHARS = ".,;:!?()[]{}\"'\u2019\u2018\u201c\u201d"


def fnv(text: str, h: int = FNV_OFFSET) -> int:
    """64-bit FNV-1a over the code points of ``text``, continuing from ``h`` (never 0).

    Examples
    --------
    >>> fnv("w:python") == fnv("python", fnv("w:"))
    True
    """
    for ch in text:
        h = ((h ^ ord(ch)) * _FNV_PRIME) & _MASK
    return h


def fnv_many(texts: list[str]) -> np.ndarray:
    """:func:`fnv` of many texts at once (numpy over their padded code points), 0 made 1.

    Examples
    --------
    >>> int(fnv_many(["w:python", ""])[0]) == fnv("w:python")
    True
    """
    if not texts:
        return np.zeros(0, dtype=np.uint64)
    width = max(1, max(map(len, texts)))
    codes = np.frombuffer(
        "".join(t.ljust(width, "\x00") for t in texts).encode("utf-32-le", "surrogatepass"),
        dtype=np.uint32,
    ).reshape(len(texts), width)
    lengths = np.array([len(t) for t in texts])
    h = np.full(len(texts), FNV_OFFSET, dtype=np.uint64)
    prime = np.uint64(_FNV_PRIME)
    with np.errstate(over="ignore"):
        for j in range(width):
            live = lengths > j
            h[live] = (h[live] ^ codes[live, j].astype(np.uint64)) * prime
    h[h == 0] = 1
    return h


@functools.cache
def char_tables() -> tuple[np.ndarray, np.ndarray]:
    """``(lower, classes)`` over the BMP: each code point's lower case (one code point) and
    its class bits (upper, lower, title, digit, alphanumeric, space, decimal, stripped by
    ``_norm``)."""
    lower = np.arange(0x10000, dtype=np.int64)
    classes = np.zeros(0x10000, dtype=np.int64)
    for c in range(0x10000):
        ch = chr(c)
        low = ch.lower()
        lower[c] = ord(low[0])
        bits = 0
        if ch.isupper():
            bits |= _UPPER
        if ch.islower():
            bits |= _LOWER
        if unicodedata.category(ch) == "Lt":
            bits |= _TITLE
        if ch.isdigit():
            bits |= _DIGIT
        if ch.isalnum():
            bits |= _ALNUM
        if ch.isspace():
            bits |= _SPACE
        if ch.isdecimal():
            bits |= _DECIMAL
        if ch in _STRIP_CHARS:
            bits |= _STRIP
        classes[c] = bits
    return lower, classes


_PRIME_U64 = np.uint64(_FNV_PRIME)
_OFFSET_U64 = np.uint64(FNV_OFFSET)
_OPENER_CODES = np.array([ord(c) for c in "([{\u2022\u00b7\u25aa\u25e6\u25ba\u2023\u2219*"])
_CLOSER_CODES = np.array([ord(c) for c in ")]}"])
# OFFSETS of span_tagger: the token (0), then the neighbours -2, -1, 1, 2
_NEIGHBOUR_OFFSETS = np.array([0, -2, -1, 1, 2])


def kernel() -> Any:
    """The compiled featurizer (numba; compiled once per install, cached on disk)."""
    return featurize


@numba.njit(cache=True, nogil=True)
def cls(classes, c):
    return classes[c] if c < 0x10000 else 0


@numba.njit(cache=True, nogil=True)
def low(lower, c):
    return lower[c] if c < 0x10000 else c


@numba.njit(cache=True, nogil=True)
def probe(keys, values, h):
    mask = keys.shape[0] - 1
    i = np.int64(h & np.uint64(mask))
    while keys[i] != 0:
        if keys[i] == h:
            return values[i]
        i = (i + 1) & mask
    return -1


@numba.njit(cache=True, nogil=True)
def hash_codes(h, buf, a, b):
    for i in range(a, b):
        h = (h ^ np.uint64(buf[i])) * _PRIME_U64
    return h if h != 0 else np.uint64(1)


@numba.njit(cache=True, nogil=True)
def keeps_period(codes, lower, s, e, abbreviations):
    n = e - s
    if n == 1:
        return True
    if n >= 2 and codes[e - 1] == 46 and codes[e - 2] == 46:
        return True
    h = _OFFSET_U64
    for i in range(s, e):
        h = (h ^ np.uint64(low(lower, codes[i]))) * _PRIME_U64
    if h == 0:
        h = np.uint64(1)
    for k in range(abbreviations.shape[0]):
        if abbreviations[k] == h:
            return True
    if n % 2 == 1:
        return False
    for i in range(s, e, 2):
        c = codes[i]
        if not ((65 <= c <= 90) or (97 <= c <= 122)) or codes[i + 1] != 46:
            return False
    return True


@numba.njit(cache=True, nogil=True)
def new_type(
    codes,
    s,
    e,
    lower,
    classes,
    attr_keys,
    attr_values,
    weights,
    norm_keys,
    norm_values,
    norm_rows,
    prefixes,
    flag_rows,
    out,
    lowbuf,
    shapebuf,
):
    n = e - s
    for i in range(n):
        lowbuf[i] = low(lower, codes[s + i])
    # the normalized word: the lower case without the stripped characters at either end
    a, b = 0, n
    while a < b and cls(classes, lowbuf[a]) & 128:
        a += 1
    while b > a and cls(classes, lowbuf[b - 1]) & 128:
        b -= 1
    row = probe(norm_keys, norm_values, hash_codes(_OFFSET_U64, lowbuf, a, b))
    if row < 0:
        row = norm_rows.shape[0] - 1  # the unknown word
    m = out.shape[1]
    for k in range(5):
        for y in range(m):
            out[k, y] = norm_rows[row, k, y]
    # shape: A-Z → X, a-z → x, 0-9 → d, others kept; runs collapsed
    ns = 0
    for i in range(n):
        c = codes[s + i]
        if 65 <= c <= 90:
            c = 88
        elif 97 <= c <= 122:
            c = 120
        elif 48 <= c <= 57:
            c = 100
        if ns == 0 or shapebuf[ns - 1] != c:
            shapebuf[ns] = c
            ns += 1
    # string-valued templates: w p2 p3 s2 s3 s4 -1s3 1s3 | sh -2sh -1sh 1sh 2sh
    for t in range(13):
        if t == 0:
            h = hash_codes(prefixes[t], lowbuf, 0, n)
            k = 0
        elif t <= 2:
            h = hash_codes(prefixes[t], lowbuf, 0, min(n, t + 1))
            k = 0
        elif t <= 7:
            size = (2, 3, 4, 3, 3)[t - 3]
            h = hash_codes(prefixes[t], lowbuf, max(0, n - size), n)
            k = (0, 0, 0, 2, 3)[t - 3]
        else:
            h = hash_codes(prefixes[t], shapebuf, 0, ns)
            k = (0, 1, 2, 3, 4)[t - 8]
        r = probe(attr_keys, attr_values, h)
        if r >= 0:
            for y in range(m):
                out[k, y] += weights[r, y]
    # flags: title, upper (and longer than one), digit, punct, ±1 title, bias; title
    # and upper as str.istitle and str.isupper define them
    title = True
    cased = False
    previous_cased = False
    for i in range(n):
        bits = cls(classes, codes[s + i])
        if bits & 1 or bits & 4:
            if previous_cased:
                title = False
                break
            previous_cased = True
            cased = True
        elif bits & 2:
            if not previous_cased:
                title = False
                break
            previous_cased = True
            cased = True
        else:
            previous_cased = False
    title = title and cased
    has_upper = False
    lower_or_title = False
    digit = False
    alnum = False
    for i in range(n):
        bits = cls(classes, codes[s + i])
        if bits & 2 or bits & 4:
            lower_or_title = True
        if bits & 1:
            has_upper = True
        if bits & 8:
            digit = True
        if bits & 16:
            alnum = True
    upper = has_upper and not lower_or_title and n > 1
    for y in range(m):
        if title:
            out[0, y] += flag_rows[0, y]
            out[2, y] += flag_rows[4, y]
            out[3, y] += flag_rows[5, y]
        if upper:
            out[0, y] += flag_rows[1, y]
        if digit:
            out[0, y] += flag_rows[2, y]
        if not alnum:
            out[0, y] += flag_rows[3, y]
        out[0, y] += flag_rows[6, y]


@numba.njit(cache=True, nogil=True)
def tokenize_range(codes, lo, hi, lower, classes, abbreviations, starts, ends, n, stack):
    """Tokens of codes[lo:hi] appended at starts/ends[n:]; returns the new count."""
    i = lo
    while i < hi:
        c = codes[i]
        if cls(classes, c) & 32 or (
            c == 44
            and not (
                i > lo
                and i + 1 < hi
                and cls(classes, codes[i - 1]) & 64
                and cls(classes, codes[i + 1]) & 64
            )
        ):
            i += 1
            continue
        s = i
        while i < hi:
            c = codes[i]
            if cls(classes, c) & 32:
                break
            if c == 44 and not (
                i > lo
                and i + 1 < hi
                and cls(classes, codes[i - 1]) & 64
                and cls(classes, codes[i + 1]) & 64
            ):
                break
            i += 1
        e = i
        # openers at the start, closers and a final period at the end are tokens
        while e - s > 1:
            is_opener = False
            for o in _OPENER_CODES:
                if codes[s] == o:
                    is_opener = True
            if not is_opener:
                break
            starts[n] = s
            ends[n] = s + 1
            n += 1
            s += 1
        top = 0
        while e - s > 1:
            last = codes[e - 1]
            is_closer = False
            for o in _CLOSER_CODES:
                if last == o:
                    is_closer = True
            if is_closer or (last == 46 and not keeps_period(codes, lower, s, e, abbreviations)):
                stack[top] = e - 1
                top += 1
                e -= 1
            else:
                break
        starts[n] = s
        ends[n] = e
        n += 1
        for k in range(top - 1, -1, -1):
            starts[n] = stack[k]
            ends[n] = stack[k] + 1
            n += 1
    return n


@numba.njit(cache=True, nogil=True)
def featurize(
    codes,
    ranges,
    lower,
    classes,
    abbreviations,
    type_keys,
    type_values,
    type_rows,
    type_ends,
    type_count,
    attr_keys,
    attr_values,
    weights,
    norm_keys,
    norm_values,
    norm_rows,
    prefixes,
    flag_rows,
    starts,
    ends,
    ids,
    new,
):
    """Tokens of ``codes`` within ``ranges`` (starts, ends, type ids, sentence starts);
    returns how many. Each range is cut as a text of its own."""
    size = codes.shape[0]
    lowbuf = np.empty(size + 1, np.int64)
    shapebuf = np.empty(size + 1, np.int64)
    stack = np.empty(size + 1, np.int64)
    firsts = np.zeros(size + 1, np.bool_)
    n = 0
    for r in range(ranges.shape[0]):
        firsts[n] = True
        n = tokenize_range(codes, ranges[r, 0], ranges[r, 1], lower, classes,
                           abbreviations, starts, ends, n, stack)  # fmt: skip
    # token types: look up, or compute and store
    mask = type_keys.shape[0] - 1
    for t in range(n):
        s, e = starts[t], ends[t]
        h = _OFFSET_U64
        for j in range(s, e):
            h = (h ^ np.uint64(codes[j])) * _PRIME_U64
        if h == 0:
            h = np.uint64(1)
        slot = np.int64(h & np.uint64(mask))
        while type_keys[slot] != 0 and type_keys[slot] != h:
            slot = (slot + 1) & mask
        if type_keys[slot] == 0:
            row = type_count[0]
            type_count[0] += 1
            type_keys[slot] = h
            type_values[slot] = row
            new_type(
                codes,
                s,
                e,
                lower,
                classes,
                attr_keys,
                attr_values,
                weights,
                norm_keys,
                norm_values,
                norm_rows,
                prefixes,
                flag_rows,
                type_rows[row],
                lowbuf,
                shapebuf,
            )
            last = codes[e - 1]
            type_ends[row] = (e - s == 1 and last == 46) or last == 63 or last == 33
        ids[t] = type_values[slot]
    # sentences: after ".", "?" or "!" tokens and at line breaks
    for t in range(n):
        if t == 0 or firsts[t]:
            new[t] = True
            continue
        new[t] = type_ends[ids[t - 1]]
        if not new[t]:
            for j in range(ends[t - 1], starts[t]):
                if codes[j] == 10:
                    new[t] = True
                    break
    return n


@numba.njit(cache=True, nogil=True)
def decode(scores, weights, allowed, start_ok, bias, new_sentence, out, prob):
    # weights: exp(transitions). Forward-backward in probability space, each step scaled
    # to sum 1 (Rabiner's scaling): a handful of exp per token instead of 2·m² log-sums.
    # The best path maximizes the product of the posteriors times exp(bias), which is the
    # sum of the biased log-posteriors; in products no log is taken.
    n, m = scores.shape
    emit = np.empty((n, m))
    alpha = np.empty((n, m))
    beta = np.empty((n, m))
    scale = np.empty(n)
    back = np.empty((n, m), np.int64)
    best = np.empty(m)
    step = np.empty(m)
    gain = np.empty(m)
    eb = np.empty(m)
    for y in range(m):
        gain[y] = np.exp(bias[y])
    for t in range(n):
        top = scores[t, 0]
        for y in range(1, m):
            if scores[t, y] > top:
                top = scores[t, y]
        for y in range(m):
            emit[t, y] = np.exp(scores[t, y] - top)
    i = 0
    while i < n:
        j = i + 1
        while j < n and not new_sentence[j]:
            j += 1
        total = 0.0
        for y in range(m):
            alpha[i, y] = emit[i, y]
            total += alpha[i, y]
        scale[i] = total
        for y in range(m):
            alpha[i, y] /= total
        for t in range(i + 1, j):
            total = 0.0
            for y in range(m):
                acc = 0.0
                for x in range(m):
                    acc += alpha[t - 1, x] * weights[x, y]
                alpha[t, y] = acc * emit[t, y]
                total += alpha[t, y]
            scale[t] = total
            inv = 1.0 / total
            for y in range(m):
                alpha[t, y] *= inv
        for y in range(m):
            beta[j - 1, y] = 1.0
        for t in range(j - 2, i - 1, -1):
            inv = 1.0 / scale[t + 1]
            for y in range(m):
                eb[y] = emit[t + 1, y] * beta[t + 1, y]
            for x in range(m):
                acc = 0.0
                for y in range(m):
                    acc += weights[x, y] * eb[y]
                beta[t, x] = acc * inv
        # posteriors (floored at 1e-12) into alpha
        for t in range(i, j):
            for y in range(m):
                p = alpha[t, y] * beta[t, y]
                alpha[t, y] = p if p > 1e-12 else 1e-12
        # best valid path, max-product over posterior x exp(bias), rescaled each step
        for y in range(m):
            best[y] = alpha[i, y] * gain[y] if start_ok[y] else -1.0
        for t in range(i + 1, j):
            norm = 0.0
            for y in range(m):
                top = -1.0
                arg = 0
                for x in range(m):
                    if allowed[x, y] and best[x] > top:
                        top = best[x]
                        arg = x
                step[y] = top * alpha[t, y] * gain[y] if top >= 0.0 else -1.0
                back[t, y] = arg
                if step[y] > norm:
                    norm = step[y]
            for y in range(m):
                best[y] = step[y] / norm if step[y] >= 0.0 else -1.0
        y = 0
        for k in range(1, m):
            if best[k] > best[y]:
                y = k
        out[j - 1] = y
        for t in range(j - 1, i, -1):
            y = back[t, y]
            out[t - 1] = y
        for t in range(i, j):
            prob[t] = alpha[t, out[t]]
        i = j
    return out


@numba.njit(cache=True, nogil=True)
def emissions(ids, marks, new_sentence, rows, mark_rows, position_rows, max_tokens, out):  # noqa: E501
    # rows[type, k, label]: the type's score seen at offset OFFSETS[k] (0, -2, -1, 1, 2);
    # row 0 is the pad, whose rows hold the sentence-edge features. Sentences longer than
    # max_tokens are cut (new_sentence is updated in place).
    n, m = out.shape
    i = 0
    while i < n:
        j = i + 1
        while j < n and not new_sentence[j] and j - i < max_tokens:
            j += 1
        if j < n:
            new_sentence[j] = True
        for t in range(i, j):
            p = t - i
            for y in range(m):
                out[t, y] = (
                    rows[ids[t], 0, y] + mark_rows[marks[t], 0, y] + position_rows[min(p, 5), y]
                )
            for k in range(1, 5):
                u = t + _NEIGHBOUR_OFFSETS[k]
                if i <= u < j:
                    for y in range(m):
                        out[t, y] += rows[ids[u], k, y] + mark_rows[marks[u], k, y]
                else:
                    for y in range(m):
                        out[t, y] += rows[0, k, y]
        i = j
    return out


@numba.njit(cache=True, nogil=True)
def accumulate(out, counts, offsets, rows, weights):
    # out[t, offsets[p]] += weights[rows[p]] for the counts[t] pairs p of type t
    m = weights.shape[1]
    p = 0
    for t in range(counts.shape[0]):
        for _ in range(counts[t]):
            k = offsets[p]
            r = rows[p]
            for y in range(m):
                out[t, k, y] += weights[r, y]
            p += 1
    return out


@numba.njit(cache=True, nogil=True)
def mark_tokens(starts, ends, marked, out):
    """``span_tagger.token_marks`` into ``out``: 1 on the first token a marked character
    span touches, 2 on the others (tokens sorted, spans ``(start, end)``)."""
    for r in range(marked.shape[0]):
        s = np.searchsorted(ends, marked[r, 0], side="right")
        e = np.searchsorted(starts, marked[r, 1], side="left")
        if s < e:
            out[s] = 1
            for t in range(s + 1, e):
                out[t] = 2
    return out


@numba.njit(cache=True, nogil=True)
def collect_spans(path, prob, new, begins, continues, first, last, confidence):
    """The spans of a decoded label path: a B- label and the I- labels after it in the same
    sentence; their first and last token and mean marginal. Returns how many."""
    n = path.shape[0]
    count = 0
    t = 0
    while t < n:
        if begins[path[t]]:
            u = t + 1
            total = prob[t]
            while u < n and continues[path[u]] and not new[u]:
                total += prob[u]
                u += 1
            first[count] = t
            last[count] = u - 1
            confidence[count] = total / (u - t)
            count += 1
            t = u
        else:
            t += 1
    return count
