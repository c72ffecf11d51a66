"""Job title → canonical role.

Two steps, both pure and cached:

1. :func:`clean_title` removes what does not describe the job: seniority words ("Senior",
   "Sr.", "Lead", "Staff" in front of a role), ladder levels ("II", "3", "L5"), locations after
   a separator or in parentheses, requisition ids ("(R12345)", "#1234", "Req 123"), remote and
   employment markers, gender markers ("(m/w/d)") and U.S. federal grade codes. Parenthesised
   acronyms of the preceding words ("Natural Language Processing (NLP)") are dropped; other
   parenthesised text becomes a qualifier after a comma.
2. :func:`match_title` finds the role of the cleaned title:

   * **exact / alias**: the whole cleaned title, normalized (lowercase, ``ML`` → ``machine
     learning``, ``BI`` → ``business intelligence``, plurals singular), is a role name or an
     alias or aijobs.net survey title in the catalog;
   * **alias (pattern)**: otherwise the title is split into segments. Segments with a head
     noun (engineer, scientist, analyst, manager ...) are role candidates, the others are
     qualifiers. Each candidate is tried against the ordered rules of
     :mod:`roleatlas.pipeline.normalize._title_rules`, which read the head noun and its modifiers
     ("machine learning" + "engineer"); a qualifier can specialise a generic candidate
     ("Software Engineer, Machine Learning" → Machine Learning Engineer; "Manager, Data
     Science" → Data Science Manager). A title that lists several roles gets the first one
     the catalog knows. Research and academic roles are dropped when the title names a field
     outside computing ("Research Scientist, Immunology");
   * **fuzzy**: otherwise a typo-tolerant comparison (rapidfuzz ``ratio`` >= 90 with the same
     head noun) against the names and aliases;
   * **none**: otherwise the title is outside the catalog. A role is never forced:
     "Financial Analyst", "Sales Engineer" and "Sales Manager" get no role.

Examples
--------
>>> clean_title("Sr. Data Scientist II - New York, NY (R12345)")
'Data Scientist'
>>> match_title("Senior ML Engineer (m/w/d)").role
'machine-learning-engineer'
>>> match_title("Financial Analyst").role is None
True
"""

from __future__ import annotations

import functools
import re
import unicodedata
import weakref
from collections.abc import Callable, Iterable

import pycountry
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from roleatlas.catalog import Catalog, load_catalog
from roleatlas.pipeline.normalize import _places
from roleatlas.pipeline.normalize import _title_rules as rules
from roleatlas.records import Seniority, TitleMatch

__all__ = ["clean_title", "match_title", "normalize_key"]

# ------------------------------------------------------------------------------ cleaning

_TRANSLATE = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "‐": "-",
        "‑": "-",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "\u00a0": " ",
        "\t": " ",
        "\n": " ",
        "\r": " ",
        "／": "/",
        "｜": "|",
        "•": "|",
        "·": "|",
        "【": "(",
        "】": ")",
        "{": "(",
        "}": ")",
    }
)

#: Characters of a title read by :func:`clean_title`.
_MAX_CHARS = 500

_GENDER = re.compile(
    r"\(\s*(?:[mwfdxhgn]|div|all|inter)\s*(?:[/|,*]\s*(?:[mwfdxhgn]|div|all|inter)\s*){1,3}\)"
    r"|\(\s*(?:all genders?|gn\*?|genderneutral)\s*\)"
    r"|\b[mwfh]\s*/\s*[wfmh]\s*/\s*[dxi]\b",
    re.IGNORECASE,
)


@functools.cache
def _us_states() -> frozenset[str]:
    """Two-letter U.S. state codes (read from pycountry on first use, not at import)."""
    return frozenset(
        sub.code.split("-")[1] for sub in pycountry.subdivisions.get(country_code="US") or ()
    )


@functools.cache
def _locations() -> frozenset[str]:
    """Lowercase place names that end a title as a location (built on first use)."""
    names: set[str] = set()
    for line in _places.CITIES.splitlines():
        if line.count("|") != 3:
            continue
        name, _country, _region, aliases = line.split("|")
        names.add(name.lower())
        names.update(alias.strip().lower() for alias in aliases.split(";") if alias.strip())
    for aliases in _places.COUNTRY_ALIASES.values():
        names.update(alias.strip().lower() for alias in aliases.split(";") if alias.strip())
    for line in _places.GB_AREAS.splitlines():
        names.update(area.strip().lower() for area in line.split(";") if area.strip())
    names.update(_places.SCOPE_REGIONS)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value.lower())
    for code in ("US", "CA", "AU", "IN", "GB", "DE"):
        for sub in pycountry.subdivisions.get(country_code=code) or ():
            names.add(sub.name.lower())
    # Words that are places somewhere but far more often part of a job title.
    names -= {"mobile", "data", "cloud", "security", "research", "lead", "analyst", "design"}
    return frozenset(names)


_REMOTE = re.compile(
    r"^(?:fully |100 ?% |partially |partly |temporarily |temporary |full |open to |"
    r"possibility of )?(remote|hybrid|on ?site|in ?office|in person|wfh|work from home|"
    r"telecommute|telework)\b(.*)$"
)
_REMOTE_TAIL = re.compile(
    r"^(?:first|only|ok|okay|friendly|possible|option|optional|eligible|available|role|"
    r"position|job|work|opportunity|us only|anywhere|\d+ days?\b.*|[a-z]+ time ?zones?|"
    r"within [a-z ]+|in [a-z ]+|or [a-z ]+|and [a-z ]+)$"
)
_EMPLOYMENT = re.compile(
    r"^(?:full ?time|part ?time|contract(?: to hire| role| position| basis| only| opportunity)?"
    r"|contractor|contract to perm|temp(?:orary)?(?: to perm)?|fixed ?term|permanent"
    r"|freelance|seasonal|internship|co ?op|w2|c2c|1099|per diem|prn|lt contract"
    r"|long term|short term|\d+ ?(?:\+ )?(?:months?|mos|weeks?|days?|hours?|hrs?)\b.*"
    r"|multiple (?:positions?|openings?|roles?|locations?|vacancies)(?: available)?"
    r"|various locations|several positions|all (?:levels|experience levels|seniority levels)"
    r"|entry ?level|mid ?level|senior ?level|experienced|new grads?|new college grads?(?: \d{4})?"
    r"|recent grad(?:uate)?s?|university grad(?:uate)?s?|early career|(?:college )?graduates?"
    r"|(?:summer|fall|winter|spring|autumn)(?: internship)?(?: \d{4})?"
    r"|(?:19|20)\d\d(?: ?(?:/|to) ?(?:19|20)?\d\d)?|direct ?hire(?: authority)?|dh|mp|de"
    r"|telework eligible|open continuous(?:ly)?|public notice flyer|nte\b.*"
    r"|urgent(?:ly)?(?: hiring)?|hiring|now hiring|immediate(?: start| joiner)?"
    r"|visa(?: sponsorship)?|relocation|(?:active )?(?:ts ?/? ?sci|secret|top secret)\b.*"
    r"|(?:active |security )*clearance\b.*|must have\b.*|s|es|es\)|multiple|various"
    r"|excepted service|competitive service|open to all|status candidates)$"
)
_REQ_ID = re.compile(
    r"^(?:(?:req(?:uisition)?|job|job id|id|ref|reference|posting|vacancy|position|no)\.?\s*"
    r"(?:id|no|number)?\s*[:#]?\s*)?#?\s*(?:[a-z]{1,4}[-_ ]?\d{2,}[a-z0-9-]*|\d{3,}[\d-]*)$"
)
_FED_GRADE = re.compile(
    r"^(?:fpl )?(?:gs|ad|zp|wg|nf|nh|sv|nk|za|cg|nb|ws|wl|es|gg|fv|ca|fp|fpl)"
    r"(?:[- ]?\d{2,4})?(?:[- /](?:\d{1,2}|[ivx]+))*(?: equivalent)?(?: \(?fpl[- ]?\w+\)?)?$"
)
# Each word with its separator is atomic ((?>...)): a space can end the word or start the
# separator, and without it a failing match tries both for every word (2^n steps).
_LEVEL_ONLY = re.compile(
    r"^(?>(?:senior|sr|snr|junior|jr|jnr|lead|staff|principal|associate|mid|middle|medior"
    r"|regular|intermediate|entry|level|intern|trainee|expert|i{1,3}|iv|vi?|[1-9]|l[1-9]"
    r"|\d-\d)\b\.?\s*(?:[/&+,-]|and|or)?\s*)+$"
)
_NEAR_PLACE = re.compile(
    r"^(?:(?:north|south|east|west) of|north|south|east|west|northern|southern|greater|near"
    r"|outside|downtown|central|metro)\s+(.+)$"
)


_NOT_PLAIN = re.compile(r"[^a-z0-9%/+-]+")
_ALTERNATIVES = re.compile(r"\s*(?:/| and | or |&)\s*")
_CITY_STATE = re.compile(r"(?:[A-Z][a-z]+\.? ){1,3}[A-Z]{2}")
_LIST_SEP = re.compile(r"\s*[,/;]\s*")
_LIST_CHAR = re.compile(r"[,/;]")


def _strip_accents(text: str) -> str:
    """``text`` decomposed (NFKD) without its combining marks."""
    text = unicodedata.normalize("NFKD", text)
    if text.isascii():  # nothing to drop (most titles): skip the per-character pass
        return text
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _plain(text: str) -> str:
    """Lowercase words only, for comparing a fragment with vocabularies."""
    text = _strip_accents(text).lower()
    return " ".join(_NOT_PLAIN.sub(" ", text).replace("-", " ").split())


def _is_location(plain: str) -> bool:
    locations = _locations()
    if plain in locations:
        return True
    near = _NEAR_PLACE.match(plain)
    if near and near.group(1) in locations:
        return True
    parts = [p.strip() for p in _ALTERNATIVES.split(plain) if p.strip()]
    return len(parts) > 1 and all(p in locations for p in parts)


@functools.lru_cache(maxsize=65536)  # segments repeat across titles ("Remote", "London, UK")
def _is_noise(fragment: str) -> bool:
    """True when a segment or parenthesis holds no information about the job itself."""
    raw = fragment.strip(" -:,.;|/*!~+&\"'")
    if not raw:
        return True
    if raw in _us_states() or _CITY_STATE.fullmatch(raw) and (raw[-2:] in _us_states()):
        return True
    plain = _plain(raw)
    if not plain:
        return True
    if _is_location(plain) or _EMPLOYMENT.match(plain) or _REQ_ID.match(plain):
        return True
    if _FED_GRADE.match(plain) or _LEVEL_ONLY.match(plain):
        return True
    remote = _REMOTE.match(plain)
    if remote:
        tail = remote.group(2).strip(" -:/,")
        return not tail or _is_location(tail) or bool(_REMOTE_TAIL.match(tail))
    return (
        all(_is_noise(part) for part in _LIST_SEP.split(raw)) if _LIST_CHAR.search(raw) else False
    )


def _is_acronym(content: str, before: str) -> bool:
    """True when ``content`` abbreviates the words just before it ("Computer Vision (CV)")."""
    letters = content.replace("&", "").replace(".", "")
    if not re.fullmatch(r"[A-Za-z]{2,8}", letters):
        return False
    words = re.findall(r"[A-Za-z0-9]+", before)
    for skip_small in (False, True):
        pool = [w for w in words if not (skip_small and w.lower() in {"and", "of", "the", "for"})]
        tail = pool[-len(letters) :]
        if len(tail) == len(letters) and "".join(w[0] for w in tail).lower() == letters.lower():
            return True
    return False


_PAREN = re.compile(r"[(\[]([^()\[\]]*)[)\]]")


def _resolve_parentheses(text: str) -> str:
    while True:
        found = _PAREN.search(text)
        if found is None:
            break
        content = found.group(1).strip()
        before, after = text[: found.start()], text[found.end() :]
        if _is_noise(content) or re.search(r"\b(?:19|20)\d\d\b", content):
            middle = " "
        elif _is_acronym(content, before):
            middle = " "
        elif after.strip() and not re.match(r"\s*(?:[-|,;:/]|$)", after):
            middle = f" {content} "
        else:
            middle = f", {content}"
        text = before + middle + after
    return text.replace("(", ", ").replace("[", ", ").replace(")", " ").replace("]", " ")


_SPLIT = re.compile(
    r"\s+[-|~]+\s+|\s*[|;]\s*|\s*,\s*|\s+-(?=[^\s-])|(?<=[^\s-])-\s+|:\s+"
    r"|\s+(?:w/|with|cum|in(?! test\b| training\b))\s+|\s+w/(?=\S)",
    re.IGNORECASE,
)
_COMPANY = re.compile(r"\s+(?:at|@)\s+(?=[A-Z0-9])|\s*@\s*", re.IGNORECASE)
_LEADING_JUNK = re.compile(
    r"^(?:we(?:'re| are)? (?:hiring|looking for)|hiring(?: for)?|now hiring|looking for(?: an?)?"
    r"|seeking(?: an?)?|urgent(?:ly)?(?: hiring| required)?|job opening|opening|vacancy)"
    r"\b[\s:-]*",
    re.IGNORECASE,
)
_LEAD_WORD = re.compile(
    r"^(senior|sr|snr|junior|jr|jnr|mid|middle|medior|regular|intermediate|experienced|expert"
    r"|entry[- ]level|mid[- ]level|senior[- ]level|remote|hybrid|temporary|temp|contract"
    r"|part[- ]time|full[- ]time|freelance|trainee|intern|apprentice|graduate|new grad"
    r"|founding|lead|staff|principal|associate|distinguished|assistant(?= professor)"
    r"|tenure[- ]track|adjunct|visiting|werkstudent|working student|phd|ph\.d)\.?\+?"
    r"(?:\s*[/&,]\s*|\s+|-(?=\s))",
    re.IGNORECASE,
)
_CONDITIONAL_LEAD = {
    "lead",
    "staff",
    "principal",
    "associate",
    "founding",
    "expert",
    "intern",
    "phd",
    "ph.d",
}
_TRAIL_WORD = re.compile(
    r"(?:\s*[-,/]\s*|\s+)(senior|sr|snr|junior|jr|lead|principal|staff|associate|intern"
    r"|internship|trainee|entry[- ]level|i{1,3}|iv|vi?|[1-9]|l[1-9]"
    r"|level\s*(?:[1-9]|i{1,3}|iv|v)(?:\s*-\s*(?:[1-9]|i{1,3}))?)\.?$",
    re.IGNORECASE,
)
_TRAIL_JUNK = re.compile(
    r"(?:\s+(?:position|positions|opening|openings|opportunity|vacancy|job|role|roles|needed"
    r"|wanted|required|wanted!))+$",
    re.IGNORECASE,
)
_HEAD_RE = "|".join(sorted(rules.HEAD_WORDS | {"engineers", "scientists", "analysts"}))
_MID_LEVEL = re.compile(rf"\b({_HEAD_RE})\s+(?:[1-9]|ii|iii|iv|vi?|l[1-9])\b(?=\s)", re.IGNORECASE)
# What every _MID_LEVEL match contains (its level and the space around it): a cheap search that
# skips the costly one, head-word alternation and all, in the many segments without a level.
_MID_LEVEL_HINT = re.compile(r"\s(?:[1-9]|ii|iii|iv|vi?|l[1-9])\b(?=\s)", re.IGNORECASE)


def _has_head_words(text: str) -> bool:
    return any(tok in rules.HEAD_WORDS for tok in normalize_key(text).split())


def _ends_with_head(text: str) -> bool:
    tokens = normalize_key(text).split()
    return bool(tokens) and tokens[-1] in rules.HEAD_WORDS


@functools.lru_cache(maxsize=65536)  # segments repeat across titles ("Senior Data Engineer")
def _clean_segment(segment: str) -> str:
    text = _LEADING_JUNK.sub("", segment.strip())
    while True:
        found = _LEAD_WORD.match(text)
        if not found:
            break
        word = found.group(1).lower()
        rest = text[found.end() :].strip()
        if not rest or (word in _CONDITIONAL_LEAD and not _has_head_words(rest)):
            break
        if word == "founding" and len(rest.split()) < 2:
            break
        text = rest
    if _MID_LEVEL_HINT.search(text):
        text = _MID_LEVEL.sub(r"\1", text)
    while True:
        found = _TRAIL_WORD.search(text)
        if not found:
            break
        rest = text[: found.start()].strip()
        if not rest or not _ends_with_head(rest):
            break
        text = rest
    if _has_head_words(text):
        text = _TRAIL_JUNK.sub("", text)
    return " ".join(text.strip(" -:,.;|/*!~+&\"'").split())


_PLURAL_S = re.compile(r"\(\s*s\s*\)")
_OR_WORDS = re.compile(r"\s+(?:and/or|or)\s+", re.IGNORECASE)
_PLUS = re.compile(r"\s+\+\s+")
_CITY_LIKE = re.compile(r"(?:[A-Z][\w.']*\s?){1,3}")


@functools.lru_cache(maxsize=65536)  # the fixpoint loop of clean_title repeats inputs
def _clean_once(title: str) -> str:
    # Runs of spaces become one: the patterns below start with \s+ and, on a long run, would
    # retry it from every space (quadratic).
    text = " ".join(unicodedata.normalize("NFKC", title).translate(_TRANSLATE).split())
    text = _GENDER.sub(" ", text)
    text = _PLURAL_S.sub("", text)
    text = _OR_WORDS.sub(" / ", text)
    text = _PLUS.sub(", ", text)
    text = _COMPANY.split(text, maxsplit=1)[0]
    text = _resolve_parentheses(text)
    text = re.sub(r"#\s*\d[\w-]*|\b\d{2,}-\d{3,}\b", " ", text)
    text = re.sub(
        r"\breq(?:uisition)?\.?\s*(?:id|no|#)?\s*[:#]?\s*[\w-]*\d[\w-]*", " ", text, flags=re.I
    )
    text = " ".join(text.split())  # the parts cut out above leave runs of spaces
    pieces = [p for p in _SPLIT.split(text) if p and p.strip()]
    segments = [_clean_segment(p) for p in pieces]
    kept: list[str] = []
    for i, seg in enumerate(segments):
        if _is_noise(seg):
            continue
        nxt = segments[i + 1] if i + 1 < len(segments) else ""
        city_like = _CITY_LIKE.fullmatch(seg) and not _has_head_words(seg)
        if city_like and nxt and (nxt.strip() in _us_states() or _is_location(_plain(nxt))):
            continue
        kept.append(seg)
    return ", ".join(kept)


@functools.lru_cache(maxsize=65536)
def clean_title(title: str) -> str:
    """Remove seniority, levels, locations, ids and markers from a job title.

    Parameters
    ----------
    title:
        A job title as posted; only its first 500 characters are read.

    Returns
    -------
    str
        The words that describe the job, original casing kept, segments joined by ``", "``;
        ``""`` when nothing is left. Cleaning a cleaned title changes nothing.

    Examples
    --------
    >>> clean_title("Senior Data Engineer (Remote) - Boston, MA")
    'Data Engineer'
    >>> clean_title("Machine Learning Engineer (m/w/d) #1234")
    'Machine Learning Engineer'
    >>> clean_title("Software Engineer, Computer Vision - Reality Labs")
    'Software Engineer, Computer Vision, Reality Labs'
    """
    # A job title is short (the longest of the labelled titles has 113 characters); reading
    # only the first _MAX_CHARS bounds the cost of a hostile one (100 KB of "Lead Lead ...").
    text = title[:_MAX_CHARS]
    for _ in range(20):
        cleaned = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
    if len(text) > _MAX_CHARS:  # ", " between segments can lengthen it: keep whole segments
        text = text[:_MAX_CHARS].rpartition(", ")[0]
    return text


# ------------------------------------------------------------------------------ normalizing

_PHRASES = tuple((re.compile(pattern), repl) for pattern, repl in rules.PHRASES)
# One search for all phrases: when none occurs, none of the substitutions can change the text.
_ANY_PHRASE = re.compile("|".join(f"(?:{pattern})" for pattern, _ in rules.PHRASES))
# Text that every phrase pattern needs (each pattern contains one of them literally): most keys
# hold none, and ``in`` tests are far cheaper than the search of the whole alternation.
_PHRASE_HINTS = (
    "c++", "c#", ".net", "js", "a.i.", "m.l.", "&", "development", "power", "ml",
    "machine learning", "engineer in test", "ops",
)  # fmt: skip
_WORD_PHRASES = tuple(
    (re.compile(rf"\b{pattern}\b"), repl)
    for pattern, repl in (
        (r"full stack", "fullstack"),
        (r"front end", "frontend"),
        (r"back end", "backend"),
        (r"dev ops", "devops"),
        (r"dev sec ops", "devsecops"),
        (r"machine learning (?:ops|operations)", "mlops"),
        (r"ml ops", "mlops"),
        (r"data ops", "dataops"),
        (r"post doctoral|post doc", "postdoctoral"),
        (r"data base", "database"),
        (r"natural language processing|natural language", "nlp"),
        (r"artificial intelligence", "ai"),
        (r"ai (?:and )?machine learning|machine learning and ai", "machine learning"),
        (r"gen ai|generative artificial intelligence", "generative ai"),
        (r"large language models?", "llm"),
        (r"e commerce", "ecommerce"),
        (r"ci cd", "cicd"),
        (r"power business intelligence", "powerbi"),
        (r"cyber security", "cybersecurity"),
        (r"quality assurance", "qa"),
        (r"(?:entry|mid|senior) level|new (?:college )?grad(?:uate)?s?", ""),
    )
)
_ANY_WORD_PHRASE = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _WORD_PHRASES))
_POSSESSIVE = re.compile(r"'s\b")
_NOT_KEY = re.compile(r"[^a-z0-9/ ]+")
_SLASH = re.compile(r"\s*/\s*")


@functools.lru_cache(maxsize=65536)
def normalize_key(text: str) -> str:
    """The comparison form of a title: lowercase ASCII words, abbreviations expanded, plurals
    singular, seniority words removed; ``/`` between alternatives is kept as ``" / "``.

    Examples
    --------
    >>> normalize_key("Sr. ML Engineers & AI/ML Researchers")
    'machine learning engineer and machine learning researcher'
    """
    text = _strip_accents(text).lower()
    if any(hint in text for hint in _PHRASE_HINTS) and _ANY_PHRASE.search(text):
        for pattern, repl in _PHRASES:
            text = pattern.sub(repl, text)
    text = _POSSESSIVE.sub("", text).replace("&", " and ").replace("+", " and ")
    text = _NOT_KEY.sub(" ", text)
    text = _SLASH.sub(" / ", text)
    words: list[str] = []
    for token in text.split():
        words.extend(rules.TOKENS.get(token, token).split())
    text = " ".join(words)
    if _ANY_WORD_PHRASE.search(text):
        for pattern, repl in _WORD_PHRASES:
            text = pattern.sub(repl, text)
    words = text.split()
    kept = [w for w in words if w not in rules.SENIORITY_WORDS]
    return " ".join(kept if kept else words)


# ------------------------------------------------------------------------------ matching

_NEG = "<none>"
_TEAM_WORDS = re.compile(r"\b(?:team|teams|group|org|organization|division|department|unit)\b")
_RULES = tuple((re.compile(pattern), role) for pattern, role in rules.RULES)
# One search for all rules: a phrase that none matches skips the ordered loop.
_ANY_RULE = re.compile("|".join(f"(?:{pattern})" for pattern, _ in rules.RULES))
_OF = re.compile(
    r"^(.*?\b(?:head|director|vp|vice president|chief|professor|lecturer|manager|dean|chair"
    r"|leader|fellow|instructor))\s+(?:of|for|in)\s+(.+)$"
)
_LEADER_PREFIX = re.compile(r"^(vp|vice president|director|head|avp)\s+(?!of\b)(.+)$")


def _has_head(phrase: str) -> bool:
    return any(tok in rules.HEAD_WORDS for tok in phrase.split())


def _share(parts: list[str]) -> list[str]:
    """Give head-less alternatives the head of the next part ("Business / Data Analyst" →
    business analyst, data analyst) and bare heads the modifiers of the previous part
    ("Data Engineers and Scientists" → data engineer, data scientist)."""
    out = list(parts)
    for i, part in enumerate(parts):
        if not _has_head(part):
            following = [p for p in parts[i + 1 :] if _has_head(p)]
            if following:
                out[i] = f"{part} {following[0].split()[-1]}"
        elif len(part.split()) == 1 and i > 0 and len(parts[i - 1].split()) > 1:
            out[i] = " ".join(parts[i - 1].split()[:-1] + [part])
    return out


def _split_trailing(phrase: str) -> list[tuple[str, list[str]]]:
    """Readings of a phrase whose head noun is not its last word: the words after the last
    head noun become a qualifier ("data scientist ai" → "data scientist" + "ai"), and an
    earlier head noun may end the role ("data scientist analyst" → "data scientist")."""
    tokens = phrase.split()
    heads = [i for i, tok in enumerate(tokens) if tok in rules.HEAD_WORDS]
    if not heads:
        return [(phrase, [])]
    out: list[tuple[str, list[str]]] = []
    for index in reversed(heads):
        rest = tokens[index + 1 :]
        out.append((" ".join(tokens[: index + 1]), [" ".join(rest)] if rest else []))
    return out


def _alternatives(phrase: str) -> list[tuple[str, list[str]]]:
    """The role phrases one candidate segment stands for, in order, each with the qualifier
    words that trailed its head noun."""
    found = _OF.match(phrase)
    if found:
        phrase = f"{found.group(2)} {found.group(1)}"
    lead = _LEADER_PREFIX.match(phrase)
    if lead and not _has_head(lead.group(2)):
        phrase = f"{lead.group(2)} {lead.group(1)}"
    parts = [p.strip() for p in phrase.split(" / ") if p.strip()]
    if len(parts) > 1:
        parts = _share(parts)
    out: list[str] = []
    for part in parts:
        pieces = [p.strip() for p in part.split(" and ") if p.strip()]
        if len(pieces) == 1:
            out.append(part)
        elif sum(_has_head(p) for p in pieces) >= 2:
            out.extend(_share(pieces))
        else:
            out.append(part)
            out.extend(_share(pieces))
    return [reading for p in dict.fromkeys(out) for reading in _split_trailing(p)]


def _local_qualifiers(segments: list[str], is_head: list[bool], index: int) -> list[str]:
    """The qualifier segments that belong to the candidate at ``index``: the run of head-less
    segments right after it and, for the first candidate, the run before it."""
    after: list[str] = []
    for j in range(index + 1, len(segments)):
        if is_head[j]:
            break
        after.append(segments[j])
    if any(is_head[:index]):
        return after
    return after + segments[:index]


def _field_words(texts: Iterable[str]) -> set[str]:
    return {w for text in texts for w in text.split()}


def _field_allows(role: str, phrase: str, qualifiers: list[str], title_words: set[str]) -> bool:
    """Research and academic roles only count in computing fields: no word of the title may
    name another field, and professors and lecturers must name a computing one."""
    if role not in rules.FIELD_SENSITIVE:
        return True
    if title_words & rules.NONCOMPUTING_FIELDS:
        return False
    words = _field_words([phrase, *qualifiers])
    required = rules.POSITIVE_FIELD_ROLES.get(role)
    if required is None:
        return True
    field = [w for w in words if w not in rules.ACADEMIC_NEUTRAL and not w.isdigit()]
    if not field:
        return not required
    text = f" {' '.join([phrase, *qualifiers])} "
    return any(f" {name} " in text for name in rules.COMPUTING_FIELDS)


class _Matcher:
    """Title matching against one catalog (index of names and aliases, fuzzy choices)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.index: dict[str, tuple[str, str]] = {}
        for role in catalog.roles:
            self.index.setdefault(normalize_key(clean_title(role.name)), (role.id, "exact"))
        for role in catalog.roles:
            for text in (*role.aliases, *role.aijobs_titles):
                key = normalize_key(clean_title(text))
                if key:
                    self.index.setdefault(key, (role.id, "alias"))
        self.fuzzy_keys = [k for k in self.index if len(k) >= 8 and " / " not in k]
        self._rule_roles: dict[str, str | None] = {}
        self._fuzzy_hits: dict[str, tuple[str, float] | None] = {}
        self.match: Callable[[str], tuple[str | None, str, float]] = functools.lru_cache(
            maxsize=65536
        )(self._match)

    def _phrase_role(self, phrase: str) -> str | None:
        hit = self.index.get(phrase)
        if hit is not None:
            return hit[0]
        if phrase in self._rule_roles:  # phrases repeat across titles ("data scientist")
            return self._rule_roles[phrase]
        role: str | None = None
        if _ANY_RULE.search(phrase):
            for pattern, rule_role in _RULES:
                if pattern.search(phrase):
                    role = rule_role if rule_role is not None else _NEG
                    break
        self._rule_roles[phrase] = role
        return role

    def _candidate(
        self, phrase: str, qualifiers: list[str], title_words: set[str]
    ) -> tuple[str | None, bool]:
        role = self._phrase_role(phrase)
        if role == _NEG:
            return _NEG, False
        specialised = False
        if role in rules.SPECIALIZABLE or (role is None and phrase in rules.BARE_HEADS):
            for qualifier in qualifiers:
                # A qualifier that lists several areas ("Backend / Full-Stack") or names the
                # organisation ("Google Cloud") specialises nothing.
                if (
                    len(qualifier.split()) > 6
                    or " / " in qualifier
                    or " and " in qualifier
                    or qualifier.startswith(rules.ORG_QUALIFIERS)
                ):
                    continue
                qualifier = _TEAM_WORDS.sub(" ", qualifier).strip()
                better = self._phrase_role(f"{qualifier} {phrase}") if qualifier else None
                if better not in (None, _NEG, role):
                    role, specialised = better, True
                    break
        if role is not None and not _field_allows(role, phrase, qualifiers, title_words):
            return _NEG, False
        return role, specialised

    def _shared_list_head(self, segments: list[str], is_head: list[bool]) -> str | None:
        """The role of the first item of a comma list that shares one head noun
        ("AI, Fullstack, Frontend, Product Engineers" → AI engineer)."""
        first = next((i for i, h in enumerate(is_head) if h), None)
        if first is None or first < 2:
            return None
        items = segments[:first]
        if any(len(item.split()) > 2 for item in items):
            return None
        head = segments[first].split()[-1]
        role = self._phrase_role(f"{items[0]} {head}")
        return role if role not in (None, _NEG) else None

    def _fuzzy(self, key: str) -> tuple[str, float] | None:
        """A catalog name or alias that ``key`` misspells: one or two edits in words of five
        letters or more, never a different word ("production" is not "product")."""
        if len(key) < 8:
            return None
        if key in self._fuzzy_hits:  # head phrases repeat across titles
            return self._fuzzy_hits[key]
        found = self._fuzzy_search(key)
        self._fuzzy_hits[key] = found
        return found

    def _fuzzy_search(self, key: str) -> tuple[str, float] | None:
        found = process.extractOne(key, self.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=90)
        if found is None:
            return None
        choice, score, _ = found
        a, b = key.split(), choice.split()
        if len(a) != len(b):
            return None
        for left, right in zip(a, b, strict=True):
            if left == right:
                continue
            limit = 1 if len(right) < 9 else 2
            if (
                min(len(left), len(right)) < 5
                or left[0] != right[0]
                or Levenshtein.distance(left, right) > limit
                or left.startswith(right)
                or right.startswith(left)
            ):
                return None
        return self.index[choice][0], score / 100

    def _match(self, cleaned: str) -> tuple[str | None, str, float]:
        """(role id, method, score) of a cleaned title."""
        segments = [normalize_key(s) for s in cleaned.split(", ")]
        segments = [s for s in segments if s]
        if not segments:
            return None, "none", 0.0
        whole = " ".join(segments)
        title_words = set(whole.split())
        hit = self.index.get(whole)
        if hit is not None:
            if not _field_allows(hit[0], whole, [], title_words):
                return None, "none", 0.0
            return hit[0], hit[1], 1.0 if hit[1] == "exact" else 0.95
        is_head = [_has_head(s) for s in segments]
        heads = [s for s, h in zip(segments, is_head, strict=True) if h]
        refused = False
        shared = self._shared_list_head(segments, is_head)
        if shared is not None:
            return shared, "alias", 0.8
        rank = 0
        for i, segment in enumerate(segments):
            if not is_head[i]:
                continue
            local = _local_qualifiers(segments, is_head, i)
            for alt_rank, (phrase, trailing) in enumerate(_alternatives(segment)):
                role, specialised = self._candidate(phrase, trailing + local, title_words)
                if role == _NEG:
                    refused = True
                    continue
                if role is not None:
                    score = 0.9 - 0.05 * specialised - 0.1 * bool(rank or alt_rank)
                    return role, "alias", round(score, 2)
            rank += 1
        if not heads:
            for segment in segments:
                for phrase, _trailing in _alternatives(segment):
                    role = rules.FIELD_ROLES.get(phrase)
                    if role is not None:
                        return role, "alias", 0.6
        if refused:
            return None, "none", 0.0
        for key in (whole, *heads):
            fuzzy = self._fuzzy(key)
            if fuzzy is not None:
                return fuzzy[0], "fuzzy", round(fuzzy[1] * 0.9, 2)
        return None, "none", 0.0


@functools.lru_cache(maxsize=8)
def _matcher(catalog: Catalog) -> _Matcher:
    matcher = _Matcher(catalog)
    _MATCHERS.add(matcher)
    return matcher


_MATCHERS: weakref.WeakSet[_Matcher] = weakref.WeakSet()


def clear_match_caches() -> None:
    """Forget the titles matched and the segments cleaned so far (the built matchers are
    kept)."""
    _clean_segment.cache_clear()
    _is_noise.cache_clear()
    for matcher in _MATCHERS:
        matcher.match.cache_clear()  # type: ignore[attr-defined]
        matcher._rule_roles.clear()
        matcher._fuzzy_hits.clear()


def _seniority(title: str) -> Seniority:
    try:
        from roleatlas.pipeline.normalize.seniority import seniority_from_title
    except ImportError:  # the seniority normalizer is optional for title matching
        return Seniority(level=None)
    return seniority_from_title(title)


def match_title(title: str, catalog: Catalog | None = None) -> TitleMatch:
    """Find the canonical role of a job title.

    Parameters
    ----------
    title:
        A job title as posted ("Sr. Data Scientist - NLP (Remote)").
    catalog:
        The role catalog; the packaged one by default.

    Returns
    -------
    TitleMatch
        ``role`` is a catalog id or ``None`` when the title is outside the catalog; ``method``
        is ``exact``, ``alias`` (an alias or a head-noun pattern), ``fuzzy`` or ``none``;
        ``score`` is between 0 and 1; ``seniority`` is read from the raw title.

    Examples
    --------
    >>> m = match_title("Senior Data Scientist - Computer Vision")
    >>> (m.role, m.cleaned, m.seniority.level)
    ('data-scientist', 'Data Scientist, Computer Vision', 'SE')
    >>> match_title("Software Engineer, Machine Learning").role
    'machine-learning-engineer'
    >>> match_title("Sales Manager").role is None
    True
    """
    catalog = catalog if catalog is not None else load_catalog()
    raw = title if isinstance(title, str) else ""
    cleaned = clean_title(raw)
    role, method, score = _matcher(catalog).match(cleaned)
    found = catalog.get(role) if role is not None else None
    return TitleMatch(
        raw=raw,
        cleaned=cleaned,
        role=found.id if found is not None else None,
        role_name=found.name if found is not None else None,
        method=method if found is not None else "none",
        score=score if found is not None else 0.0,
        seniority=_seniority(raw),
    )
