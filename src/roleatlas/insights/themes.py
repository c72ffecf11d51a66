"""Plain-words names for responsibility themes, read from the duty statements themselves.

A theme (duties grouped by their leading verb, see :data:`roleatlas.insights.profile.THEMES`)
is named after what its statements most often say: the object most postings of the theme
name (its head noun, widened to the two or three words before it when most of those
postings say them too: "data pipelines", "machine learning models"), the verb and
preposition most often used with it, a second verb when postings often pair them ("Design
and build"), and a second object when it is nearly as common ("… models and pipelines").
So a data engineer's "build" theme reads "Design data pipelines", a data analyst's
"Develop reports and dashboards", never a fixed label per role.

Counts are distinct postings, and every choice breaks ties alphabetically, so a name is a
function of the statements alone (never of hash or row order).

Pure functions; no data access.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Duty", "ThemeName", "name_theme", "parse_duty", "pick_quotes", "quote_candidates"]

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9+#/'.-]*[A-Za-z0-9+#]|[A-Za-z]|[,;:()&]")
_PREPS = frozenset(
    "with on across to in for from into of at about around through within alongside among "
    "throughout between over under against towards toward".split()
)
_DETS = frozenset(
    "the a an our your their its his her this these those all any each every new key various "
    "multiple other such both many several".split()
)
_CONJ = frozenset({",", "and", "or", "&", "/"})
_STOPS = frozenset(
    "; : ( ) that which who where while when using via by including such as so".split()
)
# words that end a duty's object without being one ("work with us", "duties as assigned")
_NOT_OBJECTS = frozenset(
    "us them it others you we they yourself themselves one and or etc best well how what "
    "duties tasks responsibilities activities things ways way part role basis "
    "experience knowledge understanding skills ability abilities".split()
)
# "a wide range of projects": the object is what follows "of"
_QUANTIFIERS = frozenset(
    "range variety number set lot series suite array portfolio mix host breadth kind kinds "
    "type types".split()
)
# adjectives left as the last word of a cut-off or coordinated phrase ("large and complex
# data sets", "clinical and imaging datasets") are not objects
_ADJ_END = re.compile(r"(?:al|ed|ive|ic|ous|ful|able|ible|ary|ent|ant|ing|[a-z]{4}ar)$")
# a one-word item of a list ("clinical, molecular and imaging datasets", "product and
# engineering teams") is often a modifier of the last item's noun: it counts as an object
# only when it has a noun's form
_NOUN_END = re.compile(
    r"(?:s|tion|sion|ment|ness|ity|ance|ence|ship|ure|ism|ist|er|or|ing|ics|ogy|ysis)$"
)
_MASS_NOUNS = frozenset(
    "data software research code content information documentation feedback strategy "
    "architecture quality performance security compliance governance support equipment "
    "insight knowledge analytics infrastructure".split()
)
_NOUNS_LIKE_ADJ = frozenset(
    "goal proposal signal portal journal capital manual approval material potential "
    "individual professional referral trial deal interval need feed speed seed "
    "initiative objective executive representative incentive alternative narrative "
    "perspective logic metric topic traffic clinic graphic analytic "
    "agent client component department document environment equipment experiment "
    "government instrument investment management requirement segment statement student "
    "assessment development deployment engagement improvement measurement enhancement "
    "infrastructure content talent participant consultant applicant assistant "
    "summary library dictionary boundary salary glossary inventory secondary "
    "calendar seminar webinar grammar scholar dollar pillar "
    "learning modeling modelling engineering testing reporting planning training "
    "processing understanding marketing pricing forecasting tooling monitoring "
    "labeling labelling scheduling onboarding trading hiring writing".split()
)
_ADJECTIVES = frozenset(
    "large small complex novel key end-to-end high low new current advanced robust "
    "scalable reliable efficient effective accurate clear relevant critical strategic "
    "technical analytical statistical internal external large-scale real-time".split()
)
_ADVERB_NOT = frozenset("daily family supply apply assembly anomaly reply".split())


@dataclass(frozen=True, slots=True)
class Duty:
    """A duty statement read for naming: its ``verbs`` (the leading one first), the
    ``prep`` right after them ("work *with* …") and its ``objects``, each the last one to
    three words of a coordinated noun phrase, lower case (acronyms kept)."""

    verbs: tuple[str, ...]
    prep: str | None
    objects: tuple[tuple[str, ...], ...]


def _word(token: str) -> str:
    """The token as shown in a name: lower case, except acronyms (ML, SQL, AWS)."""
    return token if len(token) > 1 and token.isupper() else token.lower()


def _singular(word: str) -> str:
    """A plural's singular by the regular rules, to count "team" and "teams" together.

    >>> [_singular(w) for w in ("teams", "analyses", "process", "data", "strategies")]
    ['team', 'analysis', 'process', 'data', 'strategy']
    """
    if word.endswith("ses") and word[:-2].endswith("ys"):
        return word[:-2] + "is"  # analyses -> analysis
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _is_object(word: str) -> bool:
    low = word.lower()
    if low in _NOT_OBJECTS or low in _DETS or low in _PREPS or low in _ADJECTIVES:
        return False
    if len(low) <= 2 and not word.isupper():
        return False
    if low in _NOUNS_LIKE_ADJ or _singular(low) in _NOUNS_LIKE_ADJ:
        return True
    return not _ADJ_END.search(low)


def parse_duty(statement: str, verbs: Collection[str] = frozenset()) -> Duty | None:
    """The verbs, preposition and objects of a verb-led duty statement.

    ``verbs`` are the words read as verbs after the first ("design *and build* …"; a
    profile passes the verbs that lead the role's duties): a second clause that starts
    with one of them ends the object.

    Examples
    --------
    >>> parse_duty("Design and build scalable data pipelines for analytics", {"build"})
    Duty(verbs=('design', 'build'), prep=None, objects=(('data', 'pipelines'),))
    >>> parse_duty("Work closely with product, clinical, and engineering teams").objects
    (('engineering', 'teams'),)
    >>> parse_duty("Analyze data and trends").objects
    (('data',), ('trends',))
    >>> parse_duty("Engage in a wide range of projects").objects
    (('projects',),)
    """
    tokens = _TOKEN.findall(statement)
    low = [t.lower() for t in tokens]
    if not low:
        return None
    found = [low[0]]
    i = 1
    while i < len(low):
        if low[i].endswith("ly") and low[i] not in _ADVERB_NOT:
            i += 1  # "work closely with"
            continue
        j = i
        if low[j] in _CONJ:
            j += 1
            while j < len(low) and low[j] in _CONJ:
                j += 1
            if j < len(low) and low[j] in verbs and low[j] not in found:
                found.append(low[j])
                i = j + 1
                continue
        break
    prep = None
    if i < len(low) and low[i] in _PREPS:
        prep = low[i]
        i += 1
    objects: list[tuple[str, ...]] = []
    current: list[str] = []

    def close(listed: bool) -> None:
        while current and current[0].lower() in _DETS:
            current.pop(0)
        phrase = current[-3:]
        # a phrase starts at its first noun: "scalable data pipelines" -> "data pipelines"
        while len(phrase) > 1 and not _is_object(phrase[0]):
            phrase = phrase[1:]
        head = phrase[-1].lower() if phrase else ""
        nounish = head in _MASS_NOUNS or bool(_NOUN_END.search(head)) or phrase[-1:] != [head]
        if phrase and _is_object(phrase[-1]) and (len(phrase) > 1 or not listed or nounish):
            objects.append(tuple(_word(t) for t in phrase))
        current.clear()

    while i < len(low):
        word = low[i]
        if word in _CONJ:
            close(listed=True)
            i += 1
            while i < len(low) and low[i] in _CONJ:
                i += 1
            if i < len(low) and low[i] in verbs and not current:
                break  # a second clause ("… and identify trends"): its own duty
            continue
        if word == "of" and current and current[-1].lower() in _QUANTIFIERS:
            current.clear()  # "a range of projects": the projects
            i += 1
            continue
        if word in _PREPS or word in _STOPS:
            break
        current.append(tokens[i])
        i += 1
    close(listed=False)
    return Duty(tuple(found), prep, tuple(objects))


@dataclass(frozen=True, slots=True)
class ThemeName:
    """A theme's plain-words ``label`` and what it was made of: ``heads`` are the singular
    head nouns named (one or two), ``verb`` the leading verb; ``support`` the postings that
    state the first head with that verb."""

    label: str
    verb: str
    heads: tuple[str, ...]
    support: int


def _by_size(counts: dict[str, set[int]]) -> list[tuple[str, set[int]]]:
    return sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _phrase(head: str, phrases: dict[tuple[str, ...], set[int]], size: int) -> tuple[str, ...]:
    """The longest phrase ending in ``head`` that at least half of the ``size`` postings
    naming ``head`` use (more postings first, then alphabetical)."""
    fits = [
        (p, len(ids))
        for p, ids in phrases.items()
        if _singular(p[-1].lower()) == head and 2 * len(ids) >= size
    ]
    return min(fits, key=lambda f: (-len(f[0]), -f[1], f[0]))[0]


def name_theme(
    duties: Iterable[tuple[int, str]],
    *,
    verbs: Collection[str] = frozenset(),
    min_support: int = 2,
) -> ThemeName | None:
    """Name a theme from its ``(posting id, statement)`` duties.

    The head noun named by the most postings is the object; the verb and preposition most
    postings use with it lead. ``None`` when no object is named by ``min_support``
    postings: too few duties agree to name the theme from data. ``verbs`` as in
    :func:`parse_duty`.

    Examples
    --------
    >>> duties = [
    ...     (1, "Design and build data pipelines"),
    ...     (2, "Build scalable data pipelines in Spark"),
    ...     (3, "Design and build data models"),
    ...     (4, "Build data pipelines and dashboards"),
    ... ]
    >>> name_theme(duties, verbs={"build", "design"}).label
    'Build data pipelines'
    >>> name_theme(duties[:1]) is None
    True
    """
    heads: dict[str, set[int]] = {}
    phrases: dict[tuple[str, ...], set[int]] = {}
    verb_use: dict[tuple[str, str, str], set[int]] = {}
    pairs: dict[tuple[str, str, str], set[int]] = {}
    for pid, statement in duties:
        duty = parse_duty(statement, verbs)
        if duty is None:
            continue
        lead = duty.verbs[0]
        for obj in duty.objects:
            head = _singular(obj[-1].lower())
            heads.setdefault(head, set()).add(pid)
            for k in range(1, len(obj) + 1):
                phrases.setdefault(obj[-k:], set()).add(pid)
            verb_use.setdefault((head, lead, duty.prep or ""), set()).add(pid)
            for other in duty.verbs[1:2]:
                pairs.setdefault((head, lead, other), set()).add(pid)
    ranked = _by_size(heads)
    if not ranked or len(ranked[0][1]) < min_support:
        return None
    head, ids = ranked[0]
    (_, verb, prep), with_verb = min(
        ((k, v) for k, v in verb_use.items() if k[0] == head),
        key=lambda kv: (-len(kv[1]), kv[0]),
    )
    words = [verb]
    paired = sorted(
        ((k[2], len(v)) for k, v in pairs.items() if k[0] == head and k[1] == verb),
        key=lambda kv: (-kv[1], kv[0]),
    )
    if paired and 3 * paired[0][1] >= len(with_verb) and paired[0][1] >= min_support:
        words += ["and", paired[0][0]]
    if prep:
        words.append(prep)
    words += _phrase(head, phrases, len(ids))
    chosen = [head]
    for other, other_ids in ranked[1:2]:
        # a second object, when nearly as common and said with the same verb
        same_verb = len(verb_use.get((other, verb, prep), ()))
        if 2 * len(other_ids) >= len(ids) and 3 * same_verb >= len(with_verb) >= min_support:
            words += ["and", *_phrase(other, phrases, len(other_ids))]
            chosen.append(other)
    label = " ".join(words)
    return ThemeName(label[:1].upper() + label[1:], verb, tuple(chosen), len(with_verb))


def quote_candidates(
    duties: Iterable[tuple[int, str]],
    name: ThemeName | None,
    limit: int = 12,
    verbs: Collection[str] = frozenset(),
) -> list[tuple[int, str]]:
    """Up to ``limit`` duties that could show the theme, best first, one per posting and
    per statement.

    Duties naming one of the theme's ``heads`` with its verb first, then any naming a
    head, then the rest; among equals the statement most postings share, then the
    shorter, then the lower posting id.
    """
    items = list(dict.fromkeys(duties))
    shared: dict[str, set[int]] = {}
    for pid, statement in items:
        shared.setdefault(statement, set()).add(pid)
    ordered = sorted(
        items,
        key=lambda it: (*_fit(it[1], name, verbs), -len(shared[it[1]]), len(it[1]), *it),
    )
    out: list[tuple[int, str]] = []
    posts: set[int] = set()
    statements: set[str] = set()
    for pid, statement in ordered:
        if pid in posts or statement in statements:
            continue
        out.append((pid, statement))
        posts.add(pid)
        statements.add(statement)
        if len(out) == limit:
            break
    return out


def _fit(
    statement: str, name: ThemeName | None, verbs: Collection[str] = frozenset()
) -> tuple[int, int]:
    """(0: names a head with the theme's verb, 1: names a head, 2: neither; which head)."""
    duty = parse_duty(statement, verbs)
    if name is None or duty is None:
        return (2, 0)
    named = [_singular(o[-1].lower()) for o in duty.objects]
    for rank, head in enumerate(name.heads):
        if head in named:
            return (0 if duty.verbs[0] == name.verb else 1, rank)
    return (2, 0)


#: Words a quoted duty should have at least (shorter texts are titles or fragments).
QUOTE_MIN_WORDS = 6


def pick_quotes(
    candidates: list[tuple[int, str]],
    name: ThemeName | None,
    texts: Mapping[tuple[int, str], str],
    limit: int = 2,
    verbs: Collection[str] = frozenset(),
) -> list[tuple[int, str]]:
    """Up to ``limit`` of the :func:`quote_candidates` to quote, with different texts.

    One duty per head of the theme first; texts of at least :data:`QUOTE_MIN_WORDS` words
    before shorter ones; otherwise in the candidates' order.

    Examples
    --------
    >>> cands = [(1, "Build models"), (2, "Build pipelines"), (3, "Build models fast")]
    >>> texts = {c: f"{c[1]} for the team every day." for c in cands}
    >>> pick_quotes(cands, ThemeName("Build models", "build", ("model",), 2), texts)
    [(1, 'Build models'), (2, 'Build pipelines')]
    """

    def text(c: tuple[int, str]) -> str:
        return " ".join(texts.get(c, c[1]).lower().split())

    out: list[tuple[int, str]] = []
    shown_heads: set[int] = set()
    shown_texts: set[str] = set()
    for step in range(3):
        for c in candidates:
            if len(out) == limit:
                return out
            good, rank = _fit(c[1], name, verbs)
            long_enough = len(text(c).split()) >= QUOTE_MIN_WORDS
            if c in out or text(c) in shown_texts:
                continue
            if step == 0 and (good == 2 or rank in shown_heads or not long_enough):
                continue  # first one well-formed duty per head
            if step == 1 and not long_enough:
                continue
            out.append(c)
            shown_texts.add(text(c))
            shown_heads.add(rank)
    return out
