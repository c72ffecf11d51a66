"""Where the extractors' fixed search words occur in a text, found in one pass.

Several extractors find candidate positions with plain substrings before running a regex
there (requirement cues, degrees, years, boilerplate phrases). Searched one ``str.find`` per
word that is about 70 scans of every description; one Aho-Corasick pass over the lowercased
text finds all of them at once, several times faster.

Each module registers its words when it is imported (:meth:`TermIndex.add` only records
them) and reads their offsets with :meth:`TermIndex.positions`. The automaton is built on
first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import ahocorasick_rs

__all__ = ["TERMS", "TermIndex", "non_overlapping", "search", "term_key"]

# Letters that ``re.IGNORECASE`` equates with an ASCII letter although ``str.lower`` does not
# give that letter: dotted capital "İ" and dotless "ı" (i), long "ſ" (s).
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def term_key(word: str) -> str:
    """The lower-case table key of a ``word`` that a case-insensitive regex matched.

    ``str.lower`` is not enough: the regex matches "Fıve" for "five" and "Buſineſſ" for
    "business", and a table lookup with their lower case fails.

    Examples
    --------
    >>> term_key("Fıve"), term_key("Buſineſſ"), term_key("İN")
    ('five', 'business', 'in')
    """
    return word.translate(_ASCII_FOLD).lower()


class TermIndex:
    """A set of lower-case search words and the offsets where they occur in a text.

    Examples
    --------
    >>> index = TermIndex()
    >>> words = index.add(("a.a", "year"))
    >>> found = index.positions("a.a.a, 2 years")
    >>> found["a.a"], non_overlapping(found["a.a"], 3), found["year"]
    ([0, 2], [0], [9])
    """

    def __init__(self) -> None:
        self._terms: dict[str, None] = {}
        # the automaton and the terms its pattern indexes name
        self._automaton: tuple[ahocorasick_rs.AhoCorasick, list[str]] | None = None

    def add(self, terms: Iterable[str]) -> tuple[str, ...]:
        """Search ``terms`` too (lower case); returns them as a tuple."""
        added = tuple(terms)
        for term in added:
            if not term or term != term.lower():
                raise ValueError(f"A search term must be lower case and not empty. Got {term!r}.")
            if term not in self._terms:
                self._terms[term] = None
                self._automaton = None
                self._positions.cache_clear()
        return added

    def positions(self, low: str) -> dict[str, list[int]]:
        """The start offsets of every occurrence of every registered term in ``low``.

        Parameters
        ----------
        low:
            The text to search, already lowercased.

        Returns
        -------
        dict of str to list of int
            Offsets in increasing order (occurrences of one term may overlap); terms that do
            not occur are missing. The result is shared: do not change it.
        """
        return self._positions(low)

    def clear_cache(self) -> None:
        """Forget the texts searched so far (the automaton is kept)."""
        self._positions.cache_clear()

    @lru_cache(maxsize=4)  # noqa: B019  # one index per process; texts are searched by several modules
    def _positions(self, low: str) -> dict[str, list[int]]:
        if self._automaton is None:
            terms = list(self._terms)
            self._automaton = (
                ahocorasick_rs.AhoCorasick(terms, implementation=ahocorasick_rs.Implementation.DFA),
                terms,
            )
        automaton, terms = self._automaton
        found: dict[str, list[int]] = {}
        for index, start, _ in search(automaton, low):
            term = terms[index]
            starts = found.get(term)
            if starts is None:
                found[term] = [start]
            else:
                starts.append(start)
        return found


_SURROGATES_RE = re.compile("[\ud800-\udfff]")


def search(automaton: ahocorasick_rs.AhoCorasick, text: str) -> list[tuple[int, int, int]]:
    """Every (overlapping) match of ``automaton`` in ``text``: ``(pattern, start, end)``.

    The automaton reads UTF-8, which has no lone surrogates ("\\ud800", from broken
    input); they are replaced by U+FFFD first, one code point for one, so the offsets hold.
    """
    try:
        return automaton.find_matches_as_indexes(text, overlapping=True)
    except UnicodeEncodeError:
        clean = _SURROGATES_RE.sub("\ufffd", text)
        return automaton.find_matches_as_indexes(clean, overlapping=True)


def non_overlapping(starts: list[int], size: int) -> list[int]:
    """The occurrences (of a term of length ``size``) that repeated ``str.find(term, at +
    size)`` calls find: each one that overlaps the previous one kept is dropped."""
    kept: list[int] = []
    end = -1
    for start in starts:
        if start >= end:
            kept.append(start)
            end = start + size
    return kept


#: The index the extractors share.
TERMS = TermIndex()
