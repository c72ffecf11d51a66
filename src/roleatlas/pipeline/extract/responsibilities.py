"""Duties of a job read out of a posting's text, as short verb-led statements.

:func:`extract_responsibilities` returns one :class:`~roleatlas.records.Responsibility` per
sentence or bullet that states a duty:

* In a posting with a ``responsibilities`` section (:mod:`~roleatlas.pipeline.sections`), every
  bullet or sentence of that section (sub-headings ending with ":" and fragments of fewer than
  two words are skipped).
* Without one (free text such as Hacker News posts), sentences in ``summary``, ``other`` and
  ``title`` text that say what the person will do: "You will design ...", "You'll be
  building ...", "In this role, you will ...", "As a data engineer you will ...", "Your
  responsibilities include ...", or imperatives that start with a known verb ("Design and
  build ..."). They are kept only when the statement starts with a verb of :data:`VERBS`, so
  "You'll join a great team" and "You'll love our culture" are not duties.

How a statement is made (:func:`normalize_statement`)
------------------------------------------------------
1. Bullets, numbering and Markdown marks are removed.
2. Lead-ins are removed, repeatedly: "You will (be)", "You'll", "you're going to", "we need
   you to", "In this role(,) you will", "As a <role>, you will", "The (ideal) candidate will",
   "Responsible for", "Will be responsible for", "Responsibilities include", "Ability to", "Able
   to", "Help (us) (to)", "Be responsible for".
3. Inflected verbs at the start and right after "and"/"or"/"," are turned into their base form
   with :data:`VERBS` and a few suffix rules ("Designing and building" → "Design and build",
   "Analyzes" → "Analyze", "Led" → "Lead").
4. The statement is cut at the first clause boundary after three words (";", ":", "(", " - ",
   " that ", " which ", " so that ", " in order to ", " to <verb>", " such as ", " including ",
   " by ", " using ", " with the goal ", " where ", " while "). Without one it is cut at 12
   words, or at its last comma within them when that keeps six words or more (commas inside
   lists of nouns are kept otherwise); trailing function words are dropped.
5. The first letter is upper case and the rest lower case, except acronyms written in capitals
   (SQL, ML, AWS), which are kept so that statements stay readable.

``verb`` is the base form of the first word when it is in :data:`VERBS`, else ``None``.
"""

from __future__ import annotations

import re

from roleatlas.pipeline.sections import Section, split_sections
from roleatlas.records import Responsibility

__all__ = ["VERBS", "extract_responsibilities", "lemmatize_verb", "normalize_statement"]

#: Base forms of the verbs that lead duty statements in job postings.
VERBS = frozenset(
    """
    accelerate acquire act adapt address administer advance advise advocate align analyse analyze
    annotate answer anticipate apply architect articulate assemble assess assist attend audit
    author automate balance benchmark brainstorm bridge bring build calculate calibrate
    capture carry catalog champion change clean close coach code collaborate collect combine
    communicate compile complete comply compute conceive conduct configure connect consolidate
    construct consult contribute control convert coordinate correct craft create cultivate
    curate customize debug decide define deliver demonstrate deploy derive design detect
    determine develop devise diagnose direct discover dive document drive edit educate
    eliminate embed empower enable encourage engage engineer enhance ensure establish estimate
    evaluate evangelize evolve examine execute expand experiment explain explore extend
    extract facilitate field filter fine-tune fix forecast formulate foster gather generate grow
    guide
    handle help hire identify implement improve influence inform ingest initiate innovate
    inspire instrument integrate interface interpret interview investigate iterate join keep
    label launch lead learn leverage liaise load locate maintain make manage map market
    measure mentor merge migrate mine model modernize monitor motivate negotiate obtain
    onboard operate optimise optimize orchestrate organize outline oversee own package
    participate partner perform pilot plan play position predict prepare present prioritize
    probe process procure produce productionize profile program promote propose prototype
    provide publish pull push query raise recommend reconcile recruit redesign reduce
    refactor refine release remain report represent research resolve respond review revise
    run scale schedule scope score script secure segment select sell serve set shape share
    ship simplify solve source spearhead specify standardize stay steer streamline
    strengthen structure study submit summarize supervise support synthesize tackle take
    teach test think track train transform translate triage troubleshoot tune uncover
    understand update upgrade use utilize validate verify visualize work write
    """.split()
)
_IRREGULAR = {
    "led": "lead", "built": "build", "ran": "run", "wrote": "write", "written": "write",
    "drove": "drive", "driven": "drive", "made": "make", "took": "take", "taken": "take",
    "grew": "grow", "grown": "grow", "taught": "teach", "brought": "bring", "kept": "keep",
    "sold": "sell", "thought": "think", "understood": "understand", "analyses": "analyse",
}  # fmt: skip

_BULLET_RE = re.compile(
    r"^[\s\-\u2022\u00b7\u25aa\u25cf\u25e6\u2013\u2014*+>#o\u2610\u2611\u27a2\u2192]*"
    r"(?:\(?\d{1,2}[.)]\s+|\(?[a-z][.)]\s+)?"
)
_LEAD_INS = re.compile(
    r"^(?:"
    r"(?:in this (?:role|position|job)|on (?:a|any) given day|day[- ]to[- ]day|every day|"
    r"as (?:a|an|the|our) [^,]{1,60}?),?\s+you(?:'ll| will| would)?(?: be)?(?: also)?\s+|"
    r"(?:and |you )?(?:will |would )?(?:also )?be (?:responsible|accountable) for\s+|"
    r"you(?:'ll|\u2019ll| will| would| are going to|'re going to| can expect to| get to| "
    r"should)?(?: also)?(?: be)?\s+|"
    r"(?:we need|we want|we'll count on|we will count on|we rely on) you to\s+|"
    r"(?:the |our )?(?:ideal |successful )?(?:candidate|person|individual|incumbent|hire|"
    r"engineer|scientist|analyst|employee) (?:will|would|should)(?: also)?(?: be)?\s+|"
    r"(?:key |main |primary |your )?(?:responsibilities|duties|tasks)(?: will)? "
    r"(?:include|includes|including|are)?:?\s+|"
    r"(?:is |are |will be |also )?(?:responsible|accountable) for\s+|"
    r"(?:demonstrated |proven )?(?:ability|able) to\s+|"
    r"be (?:able to|expected to|asked to)\s+|"
    r"(?:to|will|must|should|shall|also|then|and)\s+"
    r")",
    re.IGNORECASE,
)
_HELP_RE = re.compile(r"help(?:ing|s)?(?: us| the team| our team)?(?: to)?\s+", re.IGNORECASE)
_YOU_START_RE = re.compile(
    r"^(?:you(?:'ll|\u2019ll| will| would| are going to|'re going to| get to)\b|"
    r"(?:in this (?:role|position)|as (?:a|an|the|our) [^,]{1,60}?),?\s+you(?:'ll|\u2019ll| will)|"
    r"(?:your )?(?:key |main )?(?:responsibilities|duties) (?:will )?include)",
    re.IGNORECASE,
)
# The characters that :data:`_YOU_START_RE` may start with (its case-insensitive first letters).
_YOU_START_FIRST = frozenset("yYiIaAkKmMrRdD\u0130\u0131\u212a")
_CUT_RE = re.compile(
    r"\s*[;:(]\s*|\s+[-\u2013\u2014]\s+|\s+(?:that|which|so that|in order to|to|"
    r"such as|including|by|using|with the goal|e\.g\.?|i\.e\.?|where|while|whilst)\s+",
    re.IGNORECASE,
)
_TRAILING = frozenset(
    "and or the a an of to with for in on at by from as into across our your their its this "
    "that these those all any both".split()
)
_WORD_RE = re.compile(r"\S+")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_INLINE_BULLET_RE = re.compile(r"\s+(?:\u2022|\u00b7|\*|bull)\s+")
# Imperatives addressed to applicants, not duties ("Apply here", "Learn more about us").
_CALLS_TO_ACTION = frozenset(
    "apply learn join see check visit email send contact reach read find click mention feel "
    "come let get ask follow share submit talk tell write call message drop ping".split()
)
_MAX_WORDS = 12
_MIN_WORDS = 3
_SKIP_SECTIONS = frozenset({"company", "benefits", "requirements", "preferred"})
_FALLBACK_SECTIONS = frozenset({"summary", "other", "title"})


def lemmatize_verb(word: str) -> str | None:
    """The base form of a verb of :data:`VERBS`, or ``None``.

    Parameters
    ----------
    word:
        A word in any case, possibly inflected ("Designing", "analyzes", "led").

    Returns
    -------
    str or None
        The lower-case base form, or ``None`` when the word is not a known verb.

    Examples
    --------
    >>> lemmatize_verb("Designing"), lemmatize_verb("identifies"), lemmatize_verb("planned")
    ('design', 'identify', 'plan')
    >>> lemmatize_verb("Led"), lemmatize_verb("creates"), lemmatize_verb("data")
    ('lead', 'create', None)
    """
    w = word.lower().strip(".,;:!?\"'()[]*")
    if w in VERBS:
        return w
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    candidates: list[str] = []
    if w.endswith(("ies", "ied")):
        candidates.append(w[:-3] + "y")
    if w.endswith("ing"):
        stem = w[:-3]
        candidates += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
    if w.endswith("ed"):
        stem = w[:-2]
        candidates += [stem, w[:-1]]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
    if w.endswith("es"):
        candidates.append(w[:-2])
    if w.endswith("s") and not w.endswith("ss"):
        candidates.append(w[:-1])
    for candidate in candidates:
        if candidate in VERBS:
            return candidate
    return None


def _case(word: str, first: bool) -> str:
    if word.islower():
        return word[:1].upper() + word[1:] if first else word
    if word.isupper() and sum(c.isalpha() for c in word) >= 2:
        return word  # an acronym: SQL, ML, AWS
    if word.istitle() or word.isupper():
        low = word.lower()
        return low[:1].upper() + low[1:] if first else low
    return word  # mixed case product names: PyTorch, BigQuery, dbt-core


def _trailing_punctuation(word: str) -> str:
    return word[-1] if word[-1:] in (",", ";", ":") else ""


def _cut(sentence: str) -> list[str]:
    """The words of ``sentence`` up to its first clause boundary (at most 12 words)."""
    words: list[str] = []
    for m in _CUT_RE.finditer(sentence):
        if m.start() < 2 * _MIN_WORDS - 1:
            continue  # too short for three words before it
        if m.group().strip().lower() == "to":
            # only a purpose clause ("... to build X"), not "report to", "end to end"
            following = sentence[m.end() :].split(maxsplit=1)
            if not following or following[0].lower() not in VERBS:
                continue
        before = sentence[: m.start()].split()
        if len(before) >= _MIN_WORDS:
            words = before if len(before) <= _MAX_WORDS else []
            break
    if not words:
        words = sentence.rstrip(" .!?;:,").split()
        if len(words) > _MAX_WORDS:
            # a list of nouns ("sensor commodity, component and module strategies") is cut
            # only when the statement is too long: at its last comma within the first 12 words
            head = words[:_MAX_WORDS]
            commas = [i for i, w in enumerate(head[:-1]) if w.endswith(",") and i + 1 >= 6]
            words = head[: commas[-1] + 1] if commas else head
    if words:
        words[-1] = words[-1].rstrip(".!?;:,")
    return words


def normalize_statement(text: str) -> tuple[str, str | None]:
    """A short verb-led statement and its verb, from a duty sentence or bullet.

    Parameters
    ----------
    text:
        One sentence or bullet.

    Returns
    -------
    tuple of (str, str or None)
        The statement (at most 12 words) and the base form of its leading verb (``None`` when
        it does not start with a verb of :data:`VERBS`). The statement is ``""`` when nothing
        is left.

    Examples
    --------
    >>> normalize_statement("You will design and build data pipelines that feed our models.")
    ('Design and build data pipelines', 'design')
    >>> normalize_statement("- Responsible for designing and deploying ML models on AWS")
    ('Design and deploy ML models on AWS', 'design')
    >>> normalize_statement("Ability to communicate results to Senior Leadership")
    ('Communicate results to senior leadership', 'communicate')
    """
    body = _BULLET_RE.sub("", text.strip()).strip().strip("*_").strip()
    body = body.replace("\u2019", "'")
    for _ in range(4):
        stripped = _LEAD_INS.sub("", body, count=1)
        if stripped == body:
            break
        body = stripped
    words = _WORD_RE.findall(body)
    help_m = _HELP_RE.match(body)
    if help_m is not None:
        rest = _WORD_RE.findall(body[help_m.end() :])
        if rest and lemmatize_verb(rest[0]) is not None:
            words = rest  # "Help us build X" -> "Build X"; "Help customers ..." stays
    if not words:
        return "", None
    verb = lemmatize_verb(words[0])
    if verb is not None:
        words[0] = verb + _trailing_punctuation(words[0])
        # a chain of coordinated verbs: "Designing, building and testing"
        for i in range(1, min(len(words), 8)):
            if words[i].lower() in ("and", "or", "&", "and/or"):
                continue
            if not (
                words[i - 1].lower() in ("and", "or", "&", "and/or") or words[i - 1][-1:] in ",/"
            ):
                break
            lemma = lemmatize_verb(words[i])
            if lemma is None:
                break
            words[i] = lemma + _trailing_punctuation(words[i])
    sentence = " ".join(words)
    kept = _cut(sentence)
    while len(kept) > 1 and kept[-1].lower().strip(",") in _TRAILING:
        kept.pop()
    if not kept:
        return "", None
    # lower-case words after the first stay as they are (most words): skip the call
    statement = " ".join(
        [_case(kept[0], True)] + [w if w.islower() else _case(w, False) for w in kept[1:]]
    ).rstrip(" .,;:")
    return statement, verb


def _items(text: str, start: int, end: int) -> list[str]:
    """Bullets and sentences of ``text[start:end]``."""
    found: list[str] = []
    for line in text[start:end].split("\n"):
        line = line.strip()
        if not line:
            continue
        # the splits are skipped when their separators cannot occur (most lines)
        if "\u2022" in line or "\u00b7" in line or "*" in line or "bull" in line:
            parts = _INLINE_BULLET_RE.split(line)
        else:
            parts = [line]
        for part in parts:
            if "." in part or "!" in part or "?" in part:
                found.extend(s.strip() for s in _SENTENCE_SPLIT_RE.split(part) if s.strip())
            elif part is line:
                found.append(line)  # already stripped and not empty
            elif part.strip():
                found.append(part.strip())
    return found


def _is_item(item: str, heading: str) -> bool:
    clean = item.strip(" *_#:-\u2022")
    if not clean or clean.rstrip(":") == heading or item.rstrip().endswith(":"):
        return False
    return len(clean.split()) >= 2


def extract_responsibilities(
    text: str | None, sections: list[Section] | None = None
) -> list[Responsibility]:
    """The duties a posting lists, as short verb-led statements.

    Parameters
    ----------
    text:
        The posting's description.
    sections:
        The result of :func:`~roleatlas.pipeline.sections.split_sections` for ``text``;
        computed when not given.

    Returns
    -------
    list of Responsibility
        In text order; ``text`` is the sentence or bullet as written (bullet marks removed),
        ``statement`` the normalized statement, ``verb`` the base form of its leading verb and
        ``section`` the section it came from.

    Examples
    --------
    >>> text = "Responsibilities:\\n- Designing dashboards for sales\\nRequirements:\\n- SQL"
    >>> [(r.statement, r.verb) for r in extract_responsibilities(text)]
    [('Design dashboards for sales', 'design')]
    >>> [r.statement for r in extract_responsibilities(
    ...     "Acme | ML Engineer | Remote\\nWe are a small team. You'll be training models "
    ...     "on our GPU cluster. You'll love our culture.")]
    ['Train models on our GPU cluster']
    """
    if not text:
        return []
    if sections is None:
        sections = split_sections(text)
    duty_sections = [s for s in sections if s.name == "responsibilities"]
    found: list[Responsibility] = []
    if duty_sections:
        for section in duty_sections:
            for item in _items(text, section.start, section.end):
                if not _is_item(item, section.heading):
                    continue
                statement, verb = normalize_statement(item)
                if statement:
                    original = _BULLET_RE.sub("", item).strip()
                    found.append(Responsibility(original, statement, verb, section.name))
        return found
    for section in sections:
        if section.name not in _FALLBACK_SECTIONS:
            continue
        for item in _items(text, section.start, section.end):
            body = _BULLET_RE.sub("", item).strip()
            first = _WORD_RE.match(body)
            imperative = (
                first is not None
                and first.group()[:1].isupper()
                and first.group().lower() in VERBS
                and first.group().lower() not in _CALLS_TO_ACTION
            )
            # the cheap test first: most sentences of free text are not duties
            if not imperative and (
                body[:1] not in _YOU_START_FIRST
                or not _YOU_START_RE.match(body.replace("\u2019", "'"))
            ):
                continue
            if not _is_item(body, section.heading):
                continue
            statement, verb = normalize_statement(body)
            if statement and verb is not None and len(statement.split()) >= 2:
                found.append(Responsibility(body, statement, verb, section.name))
    return found
