"""Hacker News "Ask HN: Who is hiring?" threads, read from the HN API item shape.

An item is what ``hacker-news.firebaseio.com/v0/item/<id>.json`` returns: ``{"id", "type"
("story", "comment" or "job"), "by", "time", "text" (HTML), "kids", "parent", "deleted",
"dead"}``. :func:`read_hn_thread` reads the items of one thread (the story and its comments,
in any order) and yields a :class:`RawPosting` per role named in each top-level comment;
:func:`parse_hn_comment` reads one item.

How a comment is read
---------------------
1. Items that are not postings give ``None``: deleted or dead items, replies (a ``parent``
   that is not the thread story), posts from job seekers (``SEEKING WORK``, ``SEEKING
   FREELANCER``, the "Location: / Willing to relocate:" template) and meta comments (no
   header separators and no hiring words).
2. The HTML becomes text (:func:`hn_text`): ``<p>`` is a paragraph break, ``<a href>`` is its
   URL, entities are unescaped.
3. The header is the first line. It is split into segments on ``|`` (else ``•``/``·``,
   else a dash or ``;`` between spaces, else `` / ``), and each segment is classified in
   any order (:func:`parse_header`): URL, salary, employment type, workplace (remote,
   onsite, hybrid), visa, role, location, or other. The company is the first segment
   unless it is a role, a place or a URL; ``COMPANY:`` and ``#`` prefixes and a trailing
   parenthesis (``(YC W21)``, ``(aka ...)``) are removed. Prose headers such as "Acme (YC
   W21) is hiring a Data Engineer in Berlin" and "Data Engineer at Acme" are read too.
4. A segment is a salary only when :func:`~roleatlas.pipeline.normalize.salary.parse_salary`
   reads an amount from it and it says nothing of bonuses, equity, funding, prizes or
   revenue: "€10k Signing Bonus", "raised $20M" and "$20,000 prize" are not pay. When the
   header has no salary, the text is searched for an amount next to a pay word ("salary",
   "compensation", "base", "pay", "/yr", "per hour" ...), with the same exclusions.
5. Roles are the role segments of the header, split into a list at commas, ``+``, ``&`` and
   "and" (``"Backend Engineer, ML Engineer"`` → two roles). When the header names none, the
   text is searched: "hiring (a|an|for) <role>", "looking for (a|an) <role>" and short
   bulleted or standalone lines that read as job titles.

Multi-role posts
----------------
A comment that names several roles yields **one RawPosting per role**: the first has
``source_id`` ``"<item id>"``, the others ``"<item id>-2"``, ``"<item id>-3"`` ...; all share
the text, company, location and salary, and ``extra["roles"]`` lists every role of the
comment (``extra["role_index"]`` is the posting's place in it). A comment with no role
yields one posting with ``title=None``. Each posting's ``extra`` also keeps ``header_line``,
``hn_id``, ``hn_author``, ``thread_id``, ``remote`` (``True``/``False``/``None``),
``workplace``, ``visa`` and ``company_url`` when found.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from roleatlas.errors import RecordError
from roleatlas.pipeline.normalize.location import parse_location
from roleatlas.pipeline.normalize.salary import parse_salary
from roleatlas.pipeline.normalize.salary_text import not_pay_word
from roleatlas.records import RawPosting
from roleatlas.sources._util import json_type, snippet

__all__ = [
    "HN_SOURCE",
    "HN_SOURCE",
    "HeaderFields",
    "expand_row",
    "hn_text",
    "item_from_row",
    "parse_header",
    "parse_hn_comment",
    "read_hn_thread",
    "split_header",
]

#: The default ``source`` of HN postings.
HN_SOURCE = "hackernews-whoishiring"

#: Longest item text read (characters of HTML); longer items are a RecordError.
MAX_TEXT_CHARS = 200_000

_ITEM_URL = "https://news.ycombinator.com/item?id={}"
_SURROGATE = re.compile("[\\ud800-\\udfff]")
_SPACE = re.compile(r"[^\S\n]+")

# --- HTML -> text -------------------------------------------------------------------------


def hn_text(markup: str | None) -> str | None:
    """Turn HN comment HTML into plain text.

    ``<p>`` becomes a blank line, ``<a href>`` its URL (HN shortens long link texts with
    "..."), ``<pre>`` keeps its lines, other tags are dropped and entities unescaped.

    Examples
    --------
    >>> hn_text('Acme | Remote<p>See <a href="https:&#x2F;&#x2F;acme.io&#x2F;jobs">acme.io</a>')
    'Acme | Remote\\n\\nSee https://acme.io/jobs'
    """
    if not markup:
        return None
    if "<" not in markup:
        text = html.unescape(markup)
    else:
        root = LexborHTMLParser(_SURROGATE.sub("\ufffd", markup)).body
        if root is None:
            return None
        parts: list[str] = []
        stack: list[Any] = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                parts.append(node)
                continue
            if node.is_text_node:
                parts.append(node.text_content or "")
                continue
            tag = node.tag
            if tag == "a":
                href = (node.attributes.get("href") or "").strip()
                parts.append(href or (node.text(deep=True) or ""))
                continue
            if tag in ("script", "style"):
                continue
            if tag == "p":
                parts.append("\n\n")
            elif tag == "br":
                parts.append("\n")
            children = []
            child = node.first_child
            while child is not None:
                children.append(child)
                child = child.next
            stack.extend(reversed(children))
        text = "".join(parts)
    text = text.replace("\xa0", " ").replace("\r", "")
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return out or None


# --- header segments ----------------------------------------------------------------------

_URL = re.compile(
    r"^(?:https?://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.(?:com|io|ai|co|org|net|dev|app|so|xyz|"
    r"tech|us|uk|de|fr|nl|eu|ca|me|sh|gg|inc|jobs|careers|health|bio|world|studio|"
    r"systems|cloud|works|team|page|space|info|ly|to|fi|se|ch|at|es|it|pl|in|au)(?:/\S*)?)$",
    re.IGNORECASE,
)
_URL_ANY = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_EMPLOYMENT = re.compile(
    r"\b(?:full[\s-]?time|fulltime|part[\s-]?time|contract(?:or|ors)?|contract[\s-]to[\s-]hire|"
    r"freelance|permanent|temporary|internships?|interns?|co-?op|fte?|pt|"
    r"full or part[\s-]time|fractional)\b",
    re.IGNORECASE,
)
_WORKPLACE = re.compile(
    r"\b(?:remote|on[\s-]?site|in[\s-]?office|in[\s-]?person|hybrid|wfh|distributed|"
    r"work from home|anywhere|relocation)\b",
    re.IGNORECASE,
)
_VISA = re.compile(r"\b(?:visas?|sponsorship|h-?1b|work authori[sz]ation)\b", re.IGNORECASE)
_MILLIONS = re.compile(r"\d\s?(?:m|mm|million|b|bn|billion)$", re.IGNORECASE)
_PAY_WORD = re.compile(
    r"\b(?:salary|salaries|compensation|comp|base|pay(?:ing)?|paid|ote|tc|total comp|range|"
    r"per\s+(?:year|annum|hour|month|day)|annual(?:ly)?|yearly|hourly|a\s+year|an\s+hour|"
    r"p\.?a\.?|k\s*/\s*y(?:ea)?r|/\s*(?:yr|year|hr|hour|h|mo|month|day|annum))\b|/\s*(?:yr|hr|h)\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"(?:(?:US|CA|AU|NZ|S|C|A)?[$€£¥₹]|\b(?:USD|EUR|GBP|CAD|AUD|CHF|SEK|NOK|DKK|PLN|INR|JPY|"
    r"SGD|BRL|CZK|HUF|ILS|NZD)\s?)\s?\d[\d,.]*\s?[kKmM]?"
    r"(?:\s?(?:-|–|—|to)\s?(?:(?:US|CA|AU|NZ|S|C|A)?[$€£¥₹])?\s?\d[\d,.]*\s?[kKmM]?)?"
    r"(?:\s?(?:USD|EUR|GBP|CAD|AUD|CHF|SEK|NOK|DKK|PLN|INR|JPY|SGD))?"
    r"(?:\s?(?:/|per\s|an?\s)\s?(?:hr|hour|h|year|yr|annum|month|mo|day|week))?"
    r"|\b\d{2,3}(?:[.,]\d)?\s?[kK]?\s?(?:-|–|—|to)\s?\d{2,3}(?:[.,]\d)?\s?[kK]"
    r"(?:\s?(?:USD|EUR|GBP|CAD|AUD|CHF|SEK|NOK|DKK|PLN|INR|JPY|SGD|€|\$|£))?"
    r"(?:\s?(?:/|per\s)\s?(?:year|yr|annum))?"
    r"|\b\d{2,3}(?:,\d{3})\s?(?:USD|EUR|GBP|CAD|AUD|CHF)\b"
    r"(?:\s?(?:/|per\s)\s?(?:year|yr|annum|month|hour|hr))?"
    r"|\b\d{2,3}(?:,\d{3})?\s?(?:-|–|—|to)\s?\d{2,3}(?:,\d{3})?\s?(?:k|K)?\s?"
    r"(?:USD|EUR|GBP|CAD|AUD|CHF|SEK|NOK|DKK|PLN|INR|SGD)\b",
)
_ROLE_WORDS = re.compile(
    r"\b(?:engineers?|engineering\s+(?:manager|lead|director)s?|developers?|devs?|scientists?|"
    r"analysts?|managers?|designers?|researchers?|leads?|head\s+of|interns?|architects?|"
    r"administrators?|admins?|swes?|sres?|devops|programmers?|consultants?|specialists?|"
    r"directors?|vp|cto|cfo|coo|ceo|founding|co-?founders?|recruiters?|writers?|"
    r"associates?|representatives?|reps?|executives?|officers?|coordinators?|"
    r"technicians?|hackers?|physicists?|mathematicians?|statisticians?|economists?|"
    r"strategists?|marketers?|accountants?|counsel|attorneys?|lawyers?|operators?|"
    r"professors?|faculty|postdocs?|fellows?|generalists?|tutors?|advocates?|"
    r"evangelists?|partners?|owners?|staff|principal|gtm|growth|sales|marketing|"
    r"product|design|support|qa|tester|testers|sdet|ux|ui|full[\s-]?stack|"
    r"front[\s-]?end|back[\s-]?end|ml|data|ios|android|roles|positions|various|"
    r"multiple)\b",
    re.IGNORECASE,
)
# Words that make a role segment a real job title (the bare field words above only count
# together with one of these).
_TITLE_HEADS = re.compile(
    r"\b(?:engineers?|developers?|devs?|scientists?|analysts?|managers?|designers?|"
    r"researchers?|lead|leads|head\s+of|interns?|internships?|architects?|administrators?|"
    r"swes?|sres?|devops|programmers?|consultants?|specialists?|directors?|vp|cto|cfo|coo|"
    r"founding\s+\w+|co-?founders?|recruiters?|writers?|associates?|representatives?|"
    r"executives?|officers?|coordinators?|technicians?|hackers?|physicists?|"
    r"mathematicians?|statisticians?|economists?|strategists?|marketers?|accountants?|"
    r"counsel|attorneys?|lawyers?|operators?|professors?|faculty|postdocs?|fellows?|"
    r"generalists?|tutors?|advocates?|evangelists?|owners?|sdets?|testers?|"
    r"ai/ml|expert|experts|tech lead|gtm|bdrs?|sdrs?|ae|pm|em|"
    r"members?\s+of\s+(?:the\s+)?technical\s+staff)\b",
    re.IGNORECASE,
)
_PREFIX = re.compile(
    r"^\s*(?:#+|\*+|company\s*(?:name)?\s*[:\-]|hiring\s*[:\-]|we'?re hiring\s*[:\-]|"
    r"\[hiring\]|hiring\s*[|])\s*",
    re.IGNORECASE,
)
_TRAILING_PAREN = re.compile(r"\s*[\(\[][^()\[\]]*[\)\]]\s*$")
_SEEKING = re.compile(
    r"^\W*(?:seeking\b|seeking\s+work|seeking\s+freelancer|looking for work\b)",
    re.IGNORECASE,
)
_HIRING_WORDS = re.compile(
    r"\b(?:hiring|looking for|join|positions?|roles?|openings?|apply|careers?|jobs?|"
    r"seeking|recruit\w*|engineers?|developers?|full[\s-]?time|remote|onsite|salary)\b",
    re.IGNORECASE,
)
_PROSE_HIRING = re.compile(
    r"^(?P<company>[^.!?]{1,80}?)\s+(?:is|are)\s+(?:now\s+)?(?:hiring|looking\s+for)"
    r"(?:\s+for)?"
    r"(?:\s+(?:an?|the|multiple|several|our|first|two|three)\b)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_AT_COMPANY = re.compile(r"^(?P<role>.{3,80}?)\s+(?:at|@)\s+(?P<company>[^,;()]{2,60})")
_HIRING_PHRASE = re.compile(
    r"\b(?:(?:are|is|we're|we’re)\s+)?(?:hiring|looking\s+for|seeking|searching\s+for)"
    r"(?:\s+(?:for|a|an|the|our|two|multiple|several|\d+|experienced|talented|"
    r"strong|great|motivated|passionate))*\s+(?P<role>[^.;:!?\n]{3,120})",
    re.IGNORECASE,
)


def _strip(text: str) -> str:
    return text.strip(" \t\n|•·-–—:;,.*#")


def split_header(line: str) -> list[str]:
    """Split a header line into its segments.

    ``|`` is the usual separator; a header without one is split on ``•``/``·``, then on a
    dash or ``;`` between spaces, then on `` / `` with spaces; empty segments are dropped.

    Examples
    --------
    >>> split_header("Acme | Data Engineer | Berlin, Germany | ONSITE |")
    ['Acme', 'Data Engineer', 'Berlin, Germany', 'ONSITE']
    >>> split_header("Acme - Backend Engineer - Warsaw - Remote")
    ['Acme', 'Backend Engineer', 'Warsaw', 'Remote']
    """
    for pattern in (r"\|", r"[•·]", r"\s[-–—]+\s|;\s*|\s[-–—]+(?=[A-Z])|(?<=\))[-–—]\s", r"\s/\s"):
        parts = re.split(pattern, line)
        if len(parts) > 1:
            segments = [_strip(p) for p in parts]
            return [s for s in segments if s]
    stripped = _strip(line)
    return [stripped] if stripped else []


@dataclass(slots=True)
class HeaderFields:
    """What a header line says: each field is ``None`` (or empty) when the header is silent.

    ``remote`` is ``True`` when remote work is offered, ``False`` when only onsite or hybrid
    work is stated; ``workplace`` is the words used (``"REMOTE (US)"``); ``other`` keeps the
    segments no rule claimed.
    """

    company: str | None = None
    roles: list[str] = field(default_factory=list)
    location: str | None = None
    remote: bool | None = None
    workplace: str | None = None
    salary_text: str | None = None
    url: str | None = None
    employment_type: str | None = None
    visa: str | None = None
    other: list[str] = field(default_factory=list)
    workplace_place: str | None = None


def _is_place(text: str) -> bool:
    if len(text) > 80:
        return False
    loc = parse_location(text)
    if loc.country is None and loc.city is None:
        return False
    return loc.rule != "location:unknown" and loc.confidence >= 0.7


def _salary_of(text: str) -> str | None:
    """The pay statement of a segment, or None when it states no salary."""
    if not re.search(r"\d", text):
        return None
    for match in _AMOUNT.finditer(text):
        span = match.group().strip()
        if not re.search(r"[$€£¥₹]|\b[A-Z]{3}\b|\d\s?[kK]\b", span):
            continue
        # Only the words touching the amount count: "$180-200K, 0.5% equity" is pay,
        # "€10k signing bonus", "raised $20M" and "$1M+ in annual revenue" are not (the
        # vocabulary is shared with salaries read from descriptions).
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 40]
        if not_pay_word(before, after) is not None or _MILLIONS.search(span):
            continue
        salary = parse_salary(span)
        if salary is None or not salary.parsed:
            continue
        if salary.usd_annual_min is not None and salary.usd_annual_min < 3000:
            continue
        if salary.period == "year" and salary.min_amount is not None:
            if salary.min_amount < 1000:
                continue
        return span
    return None


def _split_roles(text: str) -> list[str]:
    text = re.sub(r"^(?:hiring|roles?|positions?|open roles?)\s*:\s*", "", text, flags=re.I)
    # Keep commas inside parentheses ("Engineer (Python, Go)").
    depth = 0
    pieces: list[str] = []
    current: list[str] = []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        if depth == 0 and char in ",+&;":
            pieces.append("".join(current))
            current = []
            continue
        current.append(char)
    pieces.append("".join(current))
    roles: list[str] = []
    for piece in pieces:
        for part in re.split(r"\s+(?:and|or|and/or)\s+", piece):
            part = _strip(re.sub(r"^\s*(?:an?|the)\s+", "", part, flags=re.I))
            if part:
                roles.append(part)
    # "Full-Stack, PHP, Java and iOS Engineer": pieces without a head word share the last
    # piece's head; merge them back into one title instead of inventing roles.
    if len(roles) > 1 and not _TITLE_HEADS.search(roles[0]):
        return [_strip(text)]
    # "Software Engineer, Data Platform": a piece without a head word qualifies the one
    # before it.
    merged: list[str] = []
    for role in roles:
        if merged and not _TITLE_HEADS.search(role):
            merged[-1] = f"{merged[-1]}, {role}"
        else:
            merged.append(role)
    return merged


_GENERIC_ROLES = re.compile(
    r"\b(?:roles?|positions?|openings?|opportunities|jobs|various|multiple|many|several|"
    r"hiring|available|visible|apply|currently|all levels of)\b",
    re.IGNORECASE,
)


def _role_like(text: str) -> bool:
    if len(text) > 120 or _URL.match(text):
        return False
    if _GENERIC_ROLES.search(re.sub(r"\([^()]*\)", "", text)):
        return False
    return bool(_TITLE_HEADS.search(text))


def _clean_company(text: str) -> str | None:
    text = _PREFIX.sub("", text).strip()
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING_PAREN.sub("", text).strip()
    text = re.sub(r"\s+\(.*$", "", text)  # an unclosed parenthesis
    text = _strip(text)
    if not text or len(text) > 80:
        return None
    return text


def _classify(segment: str, fields: HeaderFields) -> str:
    """Classify one segment and store it in ``fields``; returns the kind."""
    url = _URL_ANY.search(segment)
    if url and _strip(_URL_ANY.sub(" ", segment)):
        fields.url = fields.url or url.group()
        segment = _strip(_URL_ANY.sub(" ", segment))
    if _URL.match(segment.split()[0] if " " not in segment.strip() else segment):
        fields.url = fields.url or segment
        return "url"
    if fields.salary_text is None:
        pay = _salary_of(segment)
        if pay is not None and len(segment) <= 80:
            fields.salary_text = pay
            return "salary"
    kinds: list[str] = []
    rest = segment
    employment = _EMPLOYMENT.search(rest)
    if employment and not _TITLE_HEADS.search(_EMPLOYMENT.sub("", rest)):
        fields.employment_type = fields.employment_type or employment.group()
        rest = _EMPLOYMENT.sub(" ", rest)
        kinds.append("employment")
    workplace = _WORKPLACE.search(rest)
    if _VISA.search(rest) and not _TITLE_HEADS.search(rest):
        fields.visa = fields.visa or segment
        if not workplace:
            return "visa"
    if workplace and not _TITLE_HEADS.search(rest):
        _note_workplace(segment, fields)
        remainder = _strip(_WORKPLACE.sub(" ", _EMPLOYMENT.sub(" ", rest)))
        remainder = re.sub(r"\b(?:only|ok|okay|friendly|possible|preferred|or|and|first|"
                           r"in|days?|\d+)\b", " ", remainder, flags=re.I)  # fmt: skip
        if _strip(remainder) and _is_place(segment) and fields.workplace_place is None:
            fields.workplace_place = segment
            return "location"
        return "workplace"
    if kinds:
        return kinds[0]
    if _role_like(segment):
        fields.roles.extend(_split_roles(segment))
        return "role"
    if _is_place(segment):
        if fields.location is None:
            fields.location = segment
        return "location"
    fields.other.append(segment)
    return "other"


def _note_workplace(segment: str, fields: HeaderFields) -> None:
    lower = segment.lower()
    remote = bool(re.search(r"\bremote|\bwfh\b|work from home|distributed|anywhere", lower))
    negated = re.search(r"\b(?:no|not)\s+remote|remote\s*:\s*no\b", lower)
    if remote and not negated:
        fields.remote = True
    elif fields.remote is None and re.search(r"on[\s-]?site|in[\s-]?office|in[\s-]?person|"
                                             r"hybrid|\bno remote", lower):  # fmt: skip
        fields.remote = False
    fields.workplace = fields.workplace or segment


def parse_header(line: str) -> HeaderFields:
    """Read the fields of a header line, whatever their order.

    Parameters
    ----------
    line : str
        The first line of a comment ("Acme | Senior Data Engineer | Berlin | REMOTE").

    Returns
    -------
    HeaderFields

    Examples
    --------
    >>> f = parse_header("Acme (YC W24) | ML Engineer, Data Scientist | NYC | ONSITE | $150k-$190k")
    >>> f.company, f.roles, f.location, f.remote, f.salary_text
    ('Acme', ['ML Engineer', 'Data Scientist'], 'NYC', False, '$150k-$190k')
    >>> parse_header("Remote | Full-time | €10k Signing Bonus | Acme").salary_text is None
    True
    """
    fields = HeaderFields()
    line = _PREFIX.sub("", line.strip())
    segments = split_header(line)
    if len(segments) <= 1:
        _read_prose(line, fields)
        return fields
    first, *others = segments
    first_kind = _first_kind(first)
    if first_kind == "company":
        at = _AT_COMPANY.match(first)
        if at and _role_like(at.group("role")):
            fields.roles.extend(_split_roles(at.group("role")))
            fields.company = _clean_company(at.group("company"))
        else:
            prose = _PROSE_HIRING.match(first)
            if prose:
                fields.company = _clean_company(prose.group("company"))
                rest = _role_text(prose.group("rest"))
                if rest:
                    fields.roles.extend(_split_roles(rest))
            else:
                fields.company = _clean_company(first)
                if fields.company and "(" in first and _URL.match(fields.company):
                    fields.url = fields.url or fields.company
    else:
        _classify(first, fields)
    for segment in others:
        _classify(segment, fields)
    if fields.location is None:
        fields.location = fields.workplace_place
    if fields.location is None and fields.remote and fields.workplace:
        # "Remote (EU)" says where a remote worker may live: keep it as the location.
        scope = parse_location(fields.workplace)
        if scope.country or (scope.remote_scope and scope.remote_scope != "worldwide"):
            fields.location = fields.workplace
    if fields.company is None:
        for candidate in fields.other:
            if len(candidate) <= 60 and not re.search(r"\d", candidate):
                fields.company = _clean_company(candidate)
                break
    return fields


def _first_kind(first: str) -> str:
    cleaned = _clean_company(first) or ""
    if not cleaned:
        return "other"
    if _URL.match(cleaned) and "." in cleaned and cleaned.lower().startswith(("http", "www")):
        return "url"
    if _WORKPLACE.fullmatch(cleaned.strip()) or re.fullmatch(
        r"(?:remote|onsite|on-site|hybrid)\b.*", cleaned, re.IGNORECASE
    ):
        return "workplace"
    if _EMPLOYMENT.fullmatch(cleaned):
        return "employment"
    if _AT_COMPANY.match(first) or _PROSE_HIRING.match(first):
        return "company"
    if _TITLE_HEADS.search(cleaned) and len(cleaned.split()) >= 2:
        from roleatlas.pipeline.normalize.title import match_title

        if match_title(cleaned).role is not None or len(cleaned.split()) >= 3:
            return "role"
    if _is_place(cleaned) and parse_location(cleaned).confidence >= 0.9:
        return "location"
    return "company"


def _role_text(text: str) -> str | None:
    """The role named at the start of a "hiring ..." phrase, cut before place and prose."""
    text = re.split(
        r"\s+(?:in|at|for|to|who|with|from|on|based|across|that|located|\(|-|–|—)\s+|[.;:!?(]"
        r"|\s+-\s+",
        text,
        maxsplit=1,
    )[0]
    text = _strip(text)
    text = re.sub(r"^(?:an?|the)\s+", "", text, flags=re.I)
    if not text or not _TITLE_HEADS.search(text) or len(text.split()) > 10:
        return None
    return text


def _read_prose(line: str, fields: HeaderFields) -> None:
    prose = _PROSE_HIRING.match(line)
    if prose:
        fields.company = _clean_company(prose.group("company"))
        role = _role_text(prose.group("rest"))
        if role:
            fields.roles.extend(_split_roles(role))
        place = re.search(r"\b(?:in|at)\s+([A-Z][\w .,]+?)(?:[.(!]|$)", prose.group("rest"))
        if place and _is_place(place.group(1).strip()):
            fields.location = place.group(1).strip()
    else:
        at = _AT_COMPANY.match(line)
        if at and _role_like(at.group("role")) and len(line) < 120:
            fields.roles.extend(_split_roles(at.group("role")))
            fields.company = _clean_company(at.group("company"))
        elif len(line) <= 60 and _role_like(line):
            fields.roles.extend(_split_roles(line))
    inside = re.search(r"\(([^()]*)\)\s*$", line)
    if inside:
        for piece in re.split(r",\s*", inside.group(1)):
            if _WORKPLACE.search(piece):
                _note_workplace(piece, fields)
            elif fields.location is None and _is_place(piece):
                fields.location = piece
    if fields.remote is None and len(line) <= 200:
        workplace = _WORKPLACE.search(line)
        if workplace:
            _note_workplace(workplace.group(), fields)
    if fields.salary_text is None:
        fields.salary_text = _salary_of(line) if len(line) <= 200 else None


# --- body ---------------------------------------------------------------------------------


_LINE_LABEL = re.compile(
    r"^(?:(?:now\s+|we'?re\s+)?hiring|open\s+roles?|roles?|positions?)\s*:\s*(?=\S)",
    re.IGNORECASE,
)


def _body_roles(body: str) -> list[str]:
    """Role titles named in the text when the header names none."""
    roles: list[str] = []
    for line in body.split("\n")[:60]:
        stripped = line.strip()
        if re.fullmatch(r"([*_])[^*_]+\1", stripped):  # emphasis: "*1. Data Engineer*"
            stripped = stripped[1:-1].strip()
        bullet = re.match(r"^(?:[-*•·]|\d+[.)])\s+(.*)$", stripped)
        candidate = bullet.group(1) if bullet else stripped
        candidate = _LINE_LABEL.sub("", candidate)  # "1. Hiring: Data Engineer (Remote)"
        candidate = _URL_ANY.sub("", candidate).split("|")[0]
        candidate = re.split(r"\s[-–—:]\s|:\s|\s\(|,\s(?=[a-z])", candidate)[0]
        candidate = _strip(candidate)
        words = candidate.split()
        if (
            candidate
            and 1 <= len(words) <= 7
            and not candidate.endswith(("?", "!"))
            and _role_like(candidate)
            and not re.search(r"\b(?:we|our|you|your|are|is|will|have|with|the)\b", candidate, re.I)
            and words[0][0].isupper()
        ):
            roles.append(candidate)
    if roles:
        return _dedupe(roles)[:12]
    for match in _HIRING_PHRASE.finditer(body[:3000]):
        role = _role_text(match.group("role"))
        if (
            role
            and _role_like(role)
            and not re.search(r"\b(?:people|folks|someone|candidates|team)\b", role, re.I)
        ):
            roles.extend(_split_roles(role))
            break
    return _dedupe(roles)


_LISTED = re.compile(
    r"\b(?:open\s+)?(?:positions|roles|openings|jobs)(?:\s+(?:for|available|open))?\s*:\s*"
    r"\[?(?P<list>[^\]|\n]{3,240})",
    re.IGNORECASE,
)
_GROUP_FILLER = re.compile(
    r"\b(?:\d+|multiple|various|several|many|all|open|new|roles?|positions?|openings?|"
    r"opportunities|jobs|hiring|across|levels?)\b",
    re.IGNORECASE,
)


def _listed_roles(header: str) -> list[str]:
    """Roles listed after "positions:", "roles:" or "openings for:" in the header line
    ("3 open positions: Front End Engineer, Full Stack Engineer")."""
    match = _LISTED.search(header)
    if match is None:
        return []
    pieces = _split_roles(re.sub(r"\s*\([^()]*\)?\s*$", "", match.group("list")))
    return _dedupe([p for p in pieces if _role_like(p)])[:12]


_GROUP_WORDS = re.compile(
    r"\b(?:engineering|product|design|data|ml|machine\s+learning|ai|sales|marketing|"
    r"operations|research|infrastructure|platform|back[\s-]?end|front[\s-]?end|"
    r"full[\s-]?stack|devops|security|finance|support|analytics|robotics|hardware|"
    r"software|mobile|web)\b",
    re.IGNORECASE,
)


def _role_groups(fields: HeaderFields) -> list[str]:
    """A header segment that names a group of roles or a team rather than a title
    ("Multiple Engineering Roles", "Machine Learning/ Geospatial Analytics", "Full stack"):
    the title of a posting that names no title, better than none."""
    for segment in fields.other:
        core = _strip(_GROUP_FILLER.sub(" ", segment))
        if core and len(segment) <= 60 and _GROUP_WORDS.search(core) and not _is_place(segment):
            return [_strip(segment)]
    return []


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _body_salary(body: str) -> str | None:
    """An amount next to a pay word in the text (the first one), or None."""
    for match in _AMOUNT.finditer(body[:20000]):
        start, end = match.span()
        window = body[max(0, start - 60) : end + 40]
        if not _PAY_WORD.search(window):
            continue
        line_start = body.rfind("\n", 0, start) + 1
        line_end = body.find("\n", end)
        line = body[line_start : line_end if line_end >= 0 else len(body)]
        pay = _salary_of(line[max(0, start - line_start - 60) :])
        if pay is not None:
            return pay
    return None


# --- items --------------------------------------------------------------------------------


def _posted_at(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        moment = dt.datetime.fromtimestamp(value, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _item_id(item: dict[str, Any]) -> int | None:
    value = item.get("id")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _is_seeker(header: str, text: str) -> bool:
    if _SEEKING.match(header):
        return True
    return bool(
        re.search(r"^\W*location\s*:", header, re.IGNORECASE)
        and re.search(r"willing to relocate\s*:", text, re.IGNORECASE)
    )


def parse_hn_comment(
    item: Any,
    *,
    thread_id: int | str | None,
    source: str = HN_SOURCE,
    origin: str | None = None,
    max_text_chars: int = MAX_TEXT_CHARS,
) -> list[RawPosting] | RecordError | None:
    """Read one HN item of a "Who is hiring?" thread into postings.

    Parameters
    ----------
    item : dict
        An HN API item (``id``, ``type``, ``by``, ``time``, ``text``, ``parent``, ...).
        ``type: "job"`` items (``/v0/jobstories``) are read from their ``title``.
    thread_id : int or str or None
        The id of the thread story; a comment whose ``parent`` differs is a reply. ``None``
        accepts any parent.
    source : str, optional
        The ``source`` of the postings.
    origin : str, optional
        Where the item was read, for error messages (``"item 123"`` by default).
    max_text_chars : int, optional
        Items with a longer ``text`` are rejected.

    Returns
    -------
    list of RawPosting, RecordError or None
        One posting per role named (at least one); ``None`` for what is not a posting
        (deleted, dead, replies, job seekers, meta comments, the story itself); a
        :class:`RecordError` for an item that cannot be read (not an object, no id, text
        that is not a string or is too long).

    Examples
    --------
    >>> item = {"id": 7, "type": "comment", "parent": 1, "time": 1700000000,
    ...         "text": "Acme | Data Engineer, ML Engineer | Berlin | REMOTE<p>Join us."}
    >>> [(p.source_id, p.title) for p in parse_hn_comment(item, thread_id=1)]
    [('7', 'Data Engineer'), ('7-2', 'ML Engineer')]
    >>> parse_hn_comment({"id": 8, "parent": 7, "text": "Is this remote?"}, thread_id=1) is None
    True
    """
    where = origin
    if not isinstance(item, dict):
        return RecordError(
            f"Each HN item must be a JSON object. Got {json_type(item)} '{snippet(item)}' instead.",
            origin=where,
        )
    item_id = _item_id(item)
    if item_id is None:
        return RecordError(
            f"The HN item has no integer 'id'. Got '{snippet(item.get('id'))}' instead. "
            "Pass items as the HN API returns them.",
            origin=where,
        )
    where = where or f"item {item_id}"
    if item.get("deleted") is True or item.get("dead") is True:
        return None
    kind = item.get("type", "comment")
    if kind == "story" or kind == "poll" or kind == "pollopt":
        return None
    text_html = item.get("text")
    if text_html is not None and not isinstance(text_html, str):
        return RecordError(
            f"The 'text' of HN item {item_id} must be a string of HTML. Got "
            f"{json_type(text_html)} '{snippet(text_html)}' instead.",
            origin=where,
        )
    if text_html is not None and len(text_html) > max_text_chars:
        return RecordError(
            f"The 'text' of HN item {item_id} is {len(text_html):,} characters, more than the "
            f"{max_text_chars:,} allowed. It is not a job post; skip it or raise max_text_chars.",
            origin=where,
        )
    if kind == "job":
        title = item.get("title")
        header = hn_text(title) if isinstance(title, str) else None
        body = hn_text(text_html) or ""
        if header is None:
            return None
        text = f"{header}\n\n{body}".strip()
    else:
        if kind != "comment":
            return None
        parent = item.get("parent")
        if thread_id is not None and str(parent) != str(thread_id):
            return None
        text = hn_text(text_html) or ""
        if not text:
            return None
        header = text.split("\n", 1)[0].strip()
    body = text[len(header) :].strip()
    if _is_seeker(header, text):
        return None
    has_separator = len(split_header(header)) > 1
    if not has_separator and not _HIRING_WORDS.search(text[:1500]):
        return None
    fields = parse_header(header)
    if kind == "job" and fields.company is None and fields.roles:
        fields.company = None
    roles = fields.roles or _listed_roles(header) or _body_roles(body)
    roles_from = "header" if fields.roles else ("text" if roles else None)
    if not roles:
        roles = _role_groups(fields)
        roles_from = "header_group" if roles else None
    if not has_separator and not roles and not fields.company:
        if not re.search(r"\b(?:hiring|we're|we are|join|looking for)\b", text[:1500], re.I):
            return None
    salary_text = fields.salary_text or _body_salary(body)
    by = item.get("by")
    extra: dict[str, Any] = {
        "header_line": header,
        "hn_id": item_id,
        "hn_author": by if isinstance(by, str) else None,
        "thread_id": thread_id,
        "remote": fields.remote,
        "roles": roles,
        "roles_from": roles_from,
    }
    for key, value in (
        ("workplace", fields.workplace),
        ("visa", fields.visa),
        ("company_url", fields.url),
        ("salary_from", None if salary_text is None else
         ("header" if fields.salary_text else "text")),
    ):  # fmt: skip
        if value is not None:
            extra[key] = value
    location = fields.location
    common = {
        "company": fields.company,
        "location": location,
        "description": text,
        "salary_text": salary_text,
        "employment_type": fields.employment_type,
        "posted_at": _posted_at(item.get("time")),
        "url": _ITEM_URL.format(item_id),
    }
    titles: list[str | None] = list(roles) or [None]
    postings = []
    for index, title in enumerate(titles):
        source_id = str(item_id) if index == 0 else f"{item_id}-{index + 1}"
        postings.append(
            RawPosting(
                source=source,
                source_id=source_id,
                title=title,
                extra={**extra, "role_index": index},
                origin=where,
                **common,
            )
        )
    return postings


def read_hn_thread(
    items: Iterable[Any],
    *,
    thread_id: int | str | None = None,
    source: str = HN_SOURCE,
    max_text_chars: int = MAX_TEXT_CHARS,
) -> Iterator[RawPosting | RecordError]:
    """Read the postings of one "Who is hiring?" thread from its HN API items.

    Parameters
    ----------
    items : iterable of dict
        The thread's items (the story and its comments, any order; replies may be
        included and are skipped).
    thread_id : int or str, optional
        The story id. By default the id of the ``"story"`` item among ``items``; without
        one, a comment whose parent is another item of ``items`` is taken as a reply and the
        others as top-level comments.
    source : str, optional
        The ``source`` of the postings.
    max_text_chars : int, optional
        Items with a longer ``text`` are yielded as RecordError.

    Yields
    ------
    RawPosting or RecordError
        Postings in item order; unreadable items as RecordError (``origin`` ``"#<index>"``).

    Examples
    --------
    >>> items = [{"id": 1, "type": "story", "kids": [2]},
    ...          {"id": 2, "type": "comment", "parent": 1, "text": "Acme | SRE | Remote"},
    ...          {"id": 3, "type": "comment", "parent": 2, "text": "Is this US only?"}]
    >>> [p.title for p in read_hn_thread(items)]
    ['SRE']
    """
    listed = list(items)
    ids: set[str] = set()
    story: int | None = None
    for item in listed:
        if isinstance(item, dict):
            item_id = _item_id(item)
            if item_id is not None:
                ids.add(str(item_id))
                if item.get("type") == "story" and story is None:
                    story = item_id
    target = thread_id if thread_id is not None else story
    for index, item in enumerate(listed):
        origin = f"#{index}"
        if target is None and isinstance(item, dict) and str(item.get("parent")) in ids:
            continue
        result = parse_hn_comment(
            item, thread_id=target, source=source, origin=origin, max_text_chars=max_text_chars
        )
        if result is None:
            continue
        if isinstance(result, RecordError):
            yield result
        else:
            yield from result


_JOBSTORIES_THREAD = "HN /jobstories"


def item_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """Rebuild the HN API item of a stored row (``id`` ``"hn-<n>"``, ``extra.text_html``).

    Thread comments get ``parent`` 0 (parse them with ``thread_id=0``); ``/jobstories`` rows
    become ``type: "job"`` items whose ``title`` is the header line.
    """
    extra = row.get("extra") if isinstance(row.get("extra"), dict) else {}
    assert isinstance(extra, dict)
    raw_id = str(row.get("id", ""))
    item_id = int(raw_id[3:]) if raw_id.startswith("hn-") and raw_id[3:].isdigit() else raw_id
    posted = row.get("posted_at")
    time = None
    if isinstance(posted, str):
        try:
            time = int(dt.datetime.fromisoformat(posted.replace("Z", "+00:00")).timestamp())
        except ValueError:
            time = None
    text = extra.get("text_html")
    if str(extra.get("thread", "")).startswith(_JOBSTORIES_THREAD):
        header = extra.get("header_line")
        return {"id": item_id, "type": "job", "title": header, "time": time,
                "text": None if text == header else text}  # fmt: skip
    return {"id": item_id, "type": "comment", "parent": 0, "time": time, "text": text,
            "by": extra.get("hn_author")}  # fmt: skip


def expand_row(raw: RawPosting) -> list[RawPosting] | RecordError:
    """Re-read a stored Hacker News row (the ``hackernews-whoishiring`` data set's shape, with
    ``extra.text_html``) with :func:`parse_hn_comment`: the header split into company, roles,
    location and salary, one posting per role named (ids ``<id>``, ``<id>-2`` …). A job
    seeker's post or a meta comment becomes a RecordError. Rows without ``text_html`` are
    returned as they are.
    """
    if not isinstance(raw.extra.get("text_html"), str):
        return [raw]
    row = {"id": raw.source_id, "posted_at": raw.posted_at, "extra": raw.extra}
    result = parse_hn_comment(item_from_row(row), thread_id=0, source=raw.source, origin=raw.origin)
    if isinstance(result, RecordError):
        return result
    if not result:
        return RecordError(
            "The Hacker News comment is not a job posting (a job seeker's post, a reply or a "
            "comment about the thread). Leave it out of the file.",
            origin=raw.origin,
        )
    postings = []
    for index, parsed in enumerate(result):
        parsed.source_id = raw.source_id if index == 0 else f"{raw.source_id}-{index + 1}"
        parsed.extra = {**raw.extra, **parsed.extra}
        parsed.url = parsed.url or raw.url
        parsed.posted_at = parsed.posted_at or raw.posted_at
        postings.append(parsed)
    return postings
