"""Company names: a clean display name and a matching key.

Sources write employer names with noise around them:

- job-board ratings glued to the name: Glassdoor's ``"Apple4.2 ★"``, ``"Meta3.9 ★"`` or a
  rating on its own line (``"Acme\\n3.8"``);
- labels and sentences from free-text headers (Hacker News): ``"COMPANY: Wildkind"``,
  ``"# Moyai"``, ``"Addepar is hiring a Software Engineering Manager ..."``, ``"MixRank (YC S11)"``;
- ATS board slugs instead of names: Ashby's ``"PrimeIntellect"``, ``"Forward%20Financing"``,
  ``"decagon"``, ``"cytora.com"`` (only read as a slug when the name *is* the board token of
  an ATS source, so a real name such as ``"DeepL"`` or ``"ClassDojo"`` from a header is kept);
- URLs and domains: ``"https://www.aha.io"``, ``"www.acme.com"``;
- places where a parser put the location into the company field: ``"Cologne, Germany"``.

:func:`normalize_company` returns a :class:`CompanyName` with the display ``name`` and a
``key`` for matching (casefolded ASCII, legal suffixes, ``the``, punctuation and spaces
dropped, so ``"The Acme Company, Inc."``, ``"ACME Co"`` and ``"acme"`` share the key ``acme``
and the slug ``"scaleai"`` matches ``"Scale AI"``). It returns ``None`` when nothing that
names a company is left: an empty string, a place, "stealth" or "confidential".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from urllib.parse import unquote

from roleatlas.pipeline.normalize.location import parse_location

__all__ = ["ATS_SLUG_SOURCES", "CompanyName", "company_key", "normalize_company"]

#: Source prefixes (``"<ats>-<board>"``) whose company field is the ATS board token.
ATS_SLUG_SOURCES = ("ashby", "greenhouse", "lever", "workable", "smartrecruiters")


@dataclass(frozen=True, slots=True)
class CompanyName:
    """A normalized employer name: ``name`` for display, ``key`` for matching, and the
    ``rule`` that produced them (``"company:clean"``, ``"company:slug"``, ``"company:url"``)."""

    name: str
    key: str
    rule: str = "company:clean"


# A rating glued to the end: "Apple4.2 ★", "Meta 3.9★", "Acme\n3.8", "Acme ★".
_RATING = re.compile(r"(?:\s*\d(?:[.,]\d)?\s*★|\s*★|\s*\n\s*\d(?:[.,]\d)?)\s*$")
_PREFIX = re.compile(
    r"^\s*(?:#+|\*+|-+|•)?\s*(?:company|employer|organi[sz]ation|client|hiring company|firm)"
    r"\s*(?:name)?\s*[:\-–|]\s*",
    re.IGNORECASE,
)
_LEADING_MARKS = re.compile(r"^[\s#*•>\-–—:|]+")
_TRAILING_MARKS = re.compile(r"[\s*•\-–—:|,;]+$")
_IS_HIRING = re.compile(r"\s+(?:is|are)\s+(?:hiring|looking|recruiting|seeking)\b.*$", re.I | re.S)
_YC = re.compile(r"\s*\((?:YC|Y Combinator)\b[^)]*\)", re.IGNORECASE)
_PAREN_URL = re.compile(r"\s*\((?:https?://|www\.)[^)]*\)")
_URL = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\d?\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/?#].*)?$"
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")

# Top-level domains dropped from a domain ("acme.com" → "acme"). ``.ai`` is kept as a word:
# "Beautiful.ai" and "Beautiful AI" are the same employer, "Beautiful" may not be.
_GENERIC_TLDS = frozenset(
    "com net org co io xyz app dev inc biz info us uk au de fr eu nl es it ch se no dk fi "
    "pl ca in jp hk sg nz ie be at pt br mx gov edu".split()
)
_KEPT_TLDS = frozenset({"ai"})

# Legal forms dropped from the end of a key, longest first where they overlap.
_LEGAL = (
    ("private", "limited"), ("pvt", "ltd"), ("pty", "ltd"), ("pte", "ltd"), ("co", "ltd"),
    ("s", "a"), ("s", "a", "s"), ("s", "l"), ("s", "r", "l"), ("s", "p", "a"), ("b", "v"),
    ("n", "v"), ("l", "l", "c"), ("l", "l", "p"), ("l", "p"), ("p", "c"), ("a", "g"),
    ("inc",), ("incorporated",), ("llc",), ("llp",), ("lp",), ("ltd",), ("limited",),
    ("gmbh",), ("mbh",), ("ag",), ("kg",), ("sa",), ("sas",), ("sarl",), ("srl",), ("spa",),
    ("sl",), ("bv",), ("nv",), ("corp",), ("corporation",), ("co",), ("company",), ("plc",),
    ("pty",), ("pte",), ("pvt",), ("oy",), ("ab",), ("as",), ("asa",), ("aps",), ("kk",),
    ("se",), ("ug",), ("sp", "z", "o", "o"), ("pllc",), ("pc",),
)  # fmt: skip
_UNKNOWN = frozenset(
    {
        "stealth", "stealth startup", "stealth mode", "stealth company", "confidential",
        "confidential company", "undisclosed", "anonymous", "n/a", "na", "none", "null",
        "unknown", "various", "hiring", "we are hiring", "company", "-1", "private",
        "ai startup", "startup", "stealth ai startup", "ai startup stealth",
    }
)  # fmt: skip
_PLACE_SPLIT = re.compile(r",|/|\s+or\s+", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s+[-–—|/]+\s+|\s*[|;]\s*|/\s+|:\s+")
_AT = re.compile(r"\s+(?:@|at)\s+")
_PAREN = re.compile(r"\s*\(.*$")
_LOCATION_LABEL = re.compile(r"^\s*(?:location|based in|remote)\s*:", re.IGNORECASE)
_LEGAL_END = re.compile(
    r"\b(?:inc|llc|ltd|limited|gmbh|corp|corporation|plc|incorporated|co)\.?\s*$", re.IGNORECASE
)
_STEALTH = re.compile(r"\bstealth\b")
_ROLE_WORDS = re.compile(
    r"\b(?:engineer|developer|scientist|designer|manager|analyst|intern|architect|"
    r"researcher|full[- ]?time|part[- ]?time|contract)s?\b",
    re.IGNORECASE,
)


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text  # NFKD leaves ASCII as it is and no ASCII character is combining
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _domain_words(host: str) -> list[str]:
    """``www.acme.com`` → ``["acme"]``; ``beautiful.ai`` → ``["beautiful", "ai"]``."""
    labels = [label for label in host.lower().split(".") if label]
    if labels and labels[0].startswith("www"):
        labels = labels[1:]
    while len(labels) > 1 and labels[-1] in _GENERIC_TLDS:
        labels.pop()
    if len(labels) > 1 and labels[-1] in _KEPT_TLDS:
        return [labels[-2], labels[-1]]
    return labels[-1:] if labels else []


def _as_domain(text: str) -> list[str] | None:
    """The words of a URL or bare domain, or ``None`` when ``text`` is not one."""
    candidate = text.strip().lower()
    if " " in candidate or "." not in candidate:
        return None
    match = _URL.match(candidate)
    if match is None:
        return None
    host = match.group(1)
    last = host.rsplit(".", 1)[-1]
    explicit = "://" in candidate or candidate.startswith("www")
    if not explicit and last not in _GENERIC_TLDS and last not in _KEPT_TLDS:
        return None
    return _domain_words(host)


# The legal forms by their last word, in the order of _LEGAL: only those can end the words.
_LEGAL_BY_LAST: dict[str, tuple[tuple[str, ...], ...]] = {}
for _form in _LEGAL:
    _LEGAL_BY_LAST[_form[-1]] = (*_LEGAL_BY_LAST.get(_form[-1], ()), _form)
del _form


def _drop_legal(words: list[str]) -> list[str]:
    changed = True
    while changed and len(words) > 1:
        changed = False
        for form in _LEGAL_BY_LAST.get(words[-1], ()):
            n = len(form)
            if len(words) > n and tuple(words[-n:]) == form:
                words = words[:-n]
                changed = True
                break
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return words


@lru_cache(maxsize=65536)
def company_key(name: str) -> str:
    """The matching key of a (cleaned) company name.

    Examples
    --------
    >>> company_key("The Acme Company, Inc.")
    'acme'
    >>> company_key("Société Générale S.A.")
    'societegenerale'
    >>> company_key("www.aha.io")
    'aha'
    """
    domain = _as_domain(name)
    if domain is not None:
        return "".join(domain)
    text = _strip_accents(name).casefold().replace("&", " and ").replace("+", " and ")
    text = text.replace("'s ", " ").replace("’s ", " ")
    words = _NOT_WORD.sub(" ", text).split()
    return "".join(_drop_legal(words))


def _board_token(source: str | None, url: str | None) -> str | None:
    if not source:
        return None
    # "ashby-decagon" (data sets) and "ashby:decagon" (live collection)
    ats, _, board = source.partition(":" if ":" in source else "-")
    if ats.lower() not in ATS_SLUG_SOURCES:
        return None
    if board:
        return unquote(board)
    if url:  # "<ats>" alone: the token is the first path segment of the posting URL
        path = url.split("://", 1)[-1].split("/")
        if len(path) > 1 and path[1]:
            return unquote(path[1])
    return None


def _unslug(slug: str) -> str:
    """``"PrimeIntellect"`` → ``"Prime Intellect"``; ``"liquid-ai"`` → ``"Liquid AI"``."""
    domain = _as_domain(slug)
    if domain is not None:
        words = domain
    else:
        words = _CAMEL.sub(" ", slug.replace("_", " ").replace("-", " ")).split()
    out = []
    for word in words:
        if word.lower() == "ai":
            out.append("AI")
        elif word.islower():
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


def _segment_is_place(segment: str) -> bool:
    loc = parse_location(segment)
    if loc.rule.startswith("location:unknown") or not loc.rule:
        return False
    # An unknown piece is kept as the city: "foodpanda Hong Kong" has the city "foodpanda".
    return loc.city is None or loc.rule.startswith("location:city")


def _is_place(text: str) -> bool:
    """Whether ``text`` names only places ("Cologne, Germany", "Remote or Netherlands").

    Short codes and names with ``&`` are never places: the location parser reads "ML6",
    "AT&T" or "Code&Co" as country and state codes.
    """
    if parse_location(text).rule.startswith("location:workplace"):
        return True
    if len(text) <= 4 or "&" in text or "(" in text[1:] or len(text.split()) > 6:
        return False
    segments = [seg for seg in _PLACE_SPLIT.split(text) if seg.strip()]
    return bool(segments) and all(_segment_is_place(seg) for seg in segments)


def _first_name(text: str) -> str:
    """The employer part of a header such as "Boclips - Fullstack Developer - Warsaw" or
    "Founding Engineer @ Conductor"."""
    at = _AT.split(text, maxsplit=1)
    if len(at) == 2 and _ROLE_WORDS.search(at[0]) and not _ROLE_WORDS.search(at[1]):
        return _PAREN.sub("", at[1]).strip()
    parts = _SEPARATORS.split(text)
    if len(parts) > 1 and not _ROLE_WORDS.search(parts[0]):
        return parts[0].strip()
    return text


_TOKEN = re.compile(r"[^\W_][\w&.-]*")
# Sentences and fragments a free-text header put into the company field.
_SENTENCE_START = re.compile(
    r"^(?:we|we'?re|we’re|we've|we’ve|i|i'?m|i’m|i've|our|you|your|my|quick|please|hi|hello|"
    r"hey|thanks|note|edit|update|also|if|this|there|here|looking|seeking|join|trusted|"
    r"reinventing|building)\b|^[@$<>]|^\d+\s+points?\s+by\b",
    re.IGNORECASE,
)
_SENTENCE_WORDS = re.compile(
    r"\b(?:working\s+on|building|reinventing|trusted\s+by|would\s+it|possible|heads-up|"
    r"open\s+on|is\s+a|are\s+a|that|which|who)\b",
    re.IGNORECASE,
)


def _token_starts(head: str, folded: str, prefix: str) -> Iterator[int]:
    """Where the tokens of ``head`` (``_TOKEN.finditer``) whose folded text starts with
    ``prefix`` start, in order; ``folded`` is ``head.casefold()`` of the same length."""
    i = folded.find(prefix)
    while i >= 0:
        # a token starts at the first letter or digit of a run of [\w&.-] characters
        run = i
        while run > 0 and (head[run - 1].isalnum() or head[run - 1] in "_&.-"):
            run -= 1
        first = _TOKEN.search(head, run)
        if first is not None and first.start() == i:
            yield i
        i = folded.find(prefix, i + 1)


def _name_in_text(key: str, text: str | None) -> str | None:
    """The employer's name as the text writes it ("1Password", "ElevenLabs"), found among
    the first words of ``text`` whose key is ``key``; ``None`` when the text never names it."""
    if not text or not key:
        return None
    head = text[:4000]
    prefix = key[:3]
    folded = head.casefold()
    if prefix not in folded:
        return None  # no token's casefold starts with the prefix
    if len(folded) != len(head) or "\u017f" in head or "\u212a" in head:
        tokens = list(_TOKEN.finditer(head))
        for i, token in enumerate(tokens):
            if token.group().casefold().startswith(prefix):
                found = _name_at(key, head, tokens, i)
                if found is not None:
                    return found
        return None
    # one folded character per character, and only ASCII ones fold to ASCII: the tokens to
    # try start where the folded text has the prefix
    for start in _token_starts(head, folded, prefix):
        found = _name_at(key, head, list(islice(_TOKEN.finditer(head, start), 3)), 0)
        if found is not None:
            return found
    return None


def _name_at(key: str, head: str, tokens: list[re.Match[str]], i: int) -> str | None:
    """The name of key ``key`` written as tokens ``i``, ``i+1`` or ``i+2``, if any."""
    token = tokens[i]
    for n in range(1, 4):
        if i + n > len(tokens):
            break
        candidate = head[token.start() : tokens[i + n - 1].end()].rstrip(".-")
        if "\n" in candidate:
            break
        found = company_key(candidate)
        if found == key and not candidate.islower():
            return candidate
        if len(found) >= len(key):
            break
    return None


def _is_sentence(text: str) -> bool:
    """A sentence or a list rather than a name: "We're building AI that ...", "Quick
    heads-up! ...", "1 point by sergc", "Python, TensorFlow, PyTorch, GCP"."""
    if _SENTENCE_START.search(text):
        return True
    words = text.split()
    if text.count(",") >= 3 or re.search(r"[!?]\s+\w", text):
        return True
    if len(words) > 3 and words[0][:1].islower() and not words[0][:1].isdigit():
        return True
    return len(words) > 3 and _SENTENCE_WORDS.search(text) is not None


def normalize_company(
    name: str | None,
    *,
    source: str | None = None,
    url: str | None = None,
    description: str | None = None,
) -> CompanyName | None:
    """Clean an employer name for display and matching.

    Parameters
    ----------
    name:
        The company as the source wrote it.
    source:
        The source name (``"ashby-PrimeIntellect"``, ``"glassdoor"``). When it is an ATS
        source and ``name`` is its board token, the token is read as a slug and split.
    url:
        The posting URL; gives the board token of an ATS source named without one.
    description:
        The posting's text. When the name is a board slug, the employer's name as the text
        writes it ("1Password" for ``1password``) is used (rule ``company:text``); else a
        readable form of the slug (rule ``company:slug``).

    Returns
    -------
    CompanyName or None
        ``None`` when no company is left (empty text, a place, "Stealth").

    Examples
    --------
    >>> normalize_company("Apple4.2 ★")
    CompanyName(name='Apple', key='apple', rule='company:clean')
    >>> normalize_company("PrimeIntellect", source="ashby-PrimeIntellect").name
    'Prime Intellect'
    >>> normalize_company("Cologne, Germany") is None
    True
    """
    if name is None:
        return None
    text = unquote(name) if "%" in name else name
    text = text.replace("\u00a0", " ")
    token = _board_token(source, url)
    if token is not None and text.strip() == token.strip():
        display = _unslug(token.strip())
        key = company_key(display)
        if not key:
            return None
        written = _name_in_text(key, description)
        if written is not None:
            return CompanyName(written, key, "company:text")
        return CompanyName(display, key, "company:slug")

    if _LOCATION_LABEL.match(text):
        return None
    text = _RATING.sub("", text)
    text = _PREFIX.sub("", text)
    text = _LEADING_MARKS.sub("", text)
    text = _IS_HIRING.sub("", text)
    text = _YC.sub("", text)
    text = _PAREN_URL.sub("", text)
    text = _first_name(text)
    text = _SPACE.sub(" ", text).strip()
    text = _TRAILING_MARKS.sub("", text).strip()
    if not text:
        return None
    rule = "company:clean"
    domain = _as_domain(text)
    if domain is not None:
        rule = "company:url"
        if "://" in text or text.lower().startswith("www"):
            text = _unslug(".".join(domain))
    plain = _strip_accents(text).casefold()
    if plain in _UNKNOWN or plain.startswith(("hiring:", "hiring ")):
        return None
    if _STEALTH.search(plain) and len(plain.split()) <= 6:
        return None  # "Stealth (fintech)", "AI startup (stealth)": the employer is not named
    key = company_key(text)
    legal = key != company_key(text + " Inc") or _LEGAL_END.search(text) is not None
    if not legal and _ROLE_WORDS.search(text) and len(text.split()) > 3:
        return None  # a role or a sentence, not a name
    if not legal and _is_sentence(text):
        return None
    if not legal and _is_place(text):
        return None
    if not key:
        return None
    return CompanyName(text, key, rule)
