"""Dictionary extraction of skills and tools from posting text.

:class:`SkillMatcher` finds every catalog skill (:mod:`roleatlas.catalog.skills`) named in a
text and returns :class:`~roleatlas.records.SkillMention` records with character offsets into
the original text. It is the fast first layer of skill extraction: one Aho-Corasick pass
(pyahocorasick) over the lowercased text, then rules that a plain substring search lacks.

Matching rules
--------------
1. **Forms.** Each ``alias`` (and the display name) matches ignoring case, together with its
   hyphen/space variant ("problem-solving" / "problem solving") and a plural ("LLMs", "data
   pipelines"). A generated variant that another skill lists explicitly belongs to that skill;
   one that two skills generate belongs to neither.
2. **Word boundaries.** A match may not be preceded or followed by a letter, digit or ``_`` of
   any script, so "Python" is not found in "Pythonic" and "R" not in "R2". Punctuation inside an
   alias is matched literally ("C++", "C#", ".NET", "Node.js", "CI/CD", "A/B testing"), and an
   alias that ends in punctuation may be followed by anything ("C++23"). The tail of a hyphenated
   word is not a mention ("cutting-edge AI" is not Edge AI, "non-SQL" not SQL). Text inside URLs
   and e-mail addresses is skipped. Each whitespace character reads as a space and each dash as
   "-", but runs of whitespace are not collapsed: "machine learning" is found across a line
   break, not across two spaces.
3. **Case.** ``case_sensitive_aliases`` match only with exactly that case: "Spark" (not "spark
   curiosity"), "SAS", "AI", "REST" (not "the rest"). "Excel" followed by "at"/"in"/"within"
   at the start of a sentence or after "to"/"will"/"you" is the verb ("Excel in a fast-paced
   environment") and is dropped.
4. **Context.** ``context_aliases`` ("R", "C", "Go", "Rust", "Julia", "Swift", "Ray", "Dash",
   "Chef", "Word", "English", lowercase "spark" and "react" ...) match with exactly that case
   and only in context: next to another tool of the same kind with only list punctuation or
   "and"/"or" between them ("R, Python", "Go & TypeScript", "C/C++", a bulleted list; a bare
   space is not enough: "Ray Stata" is a name), or with a cue after ("R programming", "Go
   developer", "Rust is a must", "Go 1.22", "R: 2 years") or before ("in R", "using Go",
   "knowledge of C", "Engineer (Go)"). They are refused when glued to "&" ("R&D"), to a
   hyphenated word ("C-suite", "Go-to-market", "R-squared"), when written as a trademark sign
   ("Microsoft(R)"), as initials ("R.J."), or after words such as "Series", "Grade",
   "Vitamin", "Plan".
4b. **Ambiguous aliases.** A few aliases matched ignoring case name their skill only when their
   sentence agrees (``_ALIAS_RULES``, by skill id and alias): "segmentation" is Customer
   analytics unless vision or language work is around it ("segmentation of 3D microscopy
   images", "segmentation and object detection", "topic segmentation"); "online learning" is
   Education technology only next to students, schools, teaching and the like (not the ML
   method, not an "online learning portal" benefit); "programming" and "coding" are Software
   development except as the label of a list ("Programming: Python, C++", or "Programming"
   alone on a line above "Python, C++"), after a word naming another kind ("GPU kernel
   programming", "linear programming", "medical coding") or before an example list
   ("programming languages such as Python": the specific tools are named); "documentation"
   of patients or loans is not technical documentation; "reporting to the COO" is a reporting
   line; "authorization to work", "first line of defense", "on call quality", a GitHub
   profile link and "personalization" without modelling words name no skill; "higher
   education" is the sector only next to a word of the sector. Role nouns ("backend
   engineer", "product manager") name their skill only as the role hired: in a line of
   title-case words (a title, a Hacker News header, a list of openings) or a few words after
   a hiring cue ("looking for a", "experience as a"), not as colleagues ("work with backend
   engineers"). The sentence is the text up to 100 characters either side, cut at ". ", ";",
   a blank line or a line break before a bullet or a capital.
5. **Overlaps.** Longest match first. A shorter match inside a longer one is kept only when it
   is a different skill and a whole-word prefix of the longer match, or a different skill that
   ends the longer match after "and", "or" or "&": "Spark MLlib" gives Spark MLlib and Spark,
   "SQL Server" gives SQL Server and SQL, "R Shiny" gives Shiny and R, "reports and
   dashboards" gives Reporting and Dashboards; but "C++" does not give C, "Objective-C" does
   not give C, "Power BI" does not give business intelligence and "data integrity" does not
   give "integrity". Matches that overlap without nesting are both kept when they are
   different skills; of two overlapping matches of the same skill only the longer is kept.

Mentions come out in text order with ``layer="dictionary"``, ``section="other"``,
``required=None`` (section splitting fills those in) and a ``confidence`` of 1.0 for aliases
matched ignoring case, 0.9 for case-sensitive aliases and 0.8 for context aliases.

Examples
--------
>>> matcher = SkillMatcher().load()
>>> [m.skill for m in matcher.find("Proficiency in R, Python and SQL; R&D experience a plus.")]
['r', 'python', 'sql']
>>> [(m.skill, m.text) for m in matcher.find("C/C++ or C#, not C-suite")]
[('c', 'C'), ('cpp', 'C++'), ('csharp', 'C#')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick_rs

from roleatlas.catalog.skills import SkillCatalog, load_skills
from roleatlas.pipeline._terms import search
from roleatlas.records import SkillMention

__all__ = ["SkillMatcher", "default_matcher", "normalize_form"]

# Modes of an alias.
_ANY_CASE, _EXACT, _CONTEXT = 0, 1, 2
_CONFIDENCE = {_ANY_CASE: 1.0, _EXACT: 0.9, _CONTEXT: 0.8}

# Length-preserving normalization: every whitespace character reads as a space and every dash
# or hyphen as "-", so aliases need one spelling of each.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_UNICODE_SPACE_OR_DASH_RE = re.compile(
    "[\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000" + _DASHES + "]"
)


def _space_or_dash(match: re.Match[str]) -> str:
    return "-" if match.group() in _DASHES else " "


# Categories whose members vouch for a context alias next to them ("R, Python").
_TECH = frozenset(
    {
        "language",
        "ml-framework",
        "genai",
        "data-library",
        "database",
        "data-engineering",
        "bi-tool",
        "scientific-software",
        "cloud",
        "mlops-devops",
        "software-engineering",
        "web-mobile",
        "hpc-hardware",
        "enterprise-tools",
    }
)
_GROUPS = {"human-language": "human-language", **dict.fromkeys(_TECH, "tech")}

# Words after a context alias that make it a tool ("R programming", "Go 1.22").
_CUE_AFTER = frozenset(
    """programming programmer programmers language languages lang code coding codebase
    codebases script scripts scripting package packages library libraries developer developers
    development dev devs engineer engineers engineering shiny studio markdown backend backends
    back-end microservices services service stack sdk api apis app apps application applications
    framework frameworks experience skills skill proficiency expertise knowledge environment
    environments ecosystem runtime toolchain compiler modules module notebook notebooks server
    servers cluster clusters jobs queries templates charts playbooks cookbooks manifests
    workflows models functions tables database databases instance instances certification
    certified version versions users user expert experts speaker speakers speaking fluency
    proficient tooling tools ide shop bilingual reading writing verbal written spoken
    communication native""".split()
)
# Words before a context alias that make it a tool ("in R", "using Go", "fluent English").
_CUE_BEFORE = frozenset(
    """in using with of like e.g. eg e.g including especially particularly preferably ideally
    use used uses write writes writing written know knows knowing learn learning experienced
    proficient proficiency expert expertise fluent fluency native speak speaks spoken language
    languages""".split()
)
# Words before an uppercase letter or word that make it a label, not a tool ("Series C").
_REFUSE_BEFORE = frozenset(
    """series grade grades vitamin plan type class section appendix part level tier option
    round schedule exhibit form phase floor unit building mr mrs ms dr prof dear hi hello
    contact ask no""".split()
)
# What after a context alias makes it a word: "Go/No Go" decisions.
_REFUSE_AFTER_RE = re.compile(r"\s*/\s*no\b", re.IGNORECASE)
# What may follow a context alias to make it a tool: "Go required", "Rust is a must",
# "R: 1 year", "English (Required)".
_CUE_AFTER_RE = re.compile(
    r"\s*(?::\s*\d|\(?(?:is\s+)?(?:a\s+|an\s+)?(?:big\s+|huge\s+|strong\s+)?"
    r"(?:required|preferred|desired|mandatory|must|plus|bonus|advantage|nice to have)\b)",
    re.IGNORECASE,
)
# Hyphenated words a context alias may lead ("Go-based", "Rust-native").
_HYPHEN_OK = frozenset("based powered native first like only heavy centric focused".split())
# Words that may join two list items ("R and Python", "Go or Rust").
_LIST_WORDS = frozenset("and or nor plus also as well e.g. eg e.g etc etc. i.e. ie".split())
_LIST_PUNCT = " ,/;|()&+·•*-[]"
_MAX_GAP = 24

# Tool names that are also verbs: "Excel in a fast-paced environment".
_VERB_ALIASES = {"Excel": frozenset({"at", "in", "within", "under", "when", "while"})}
_VERB_SUBJECTS = frozenset("to will you we who can must should shall".split())


@dataclass(frozen=True, slots=True)
class _Rule:
    """When an alias that is ambiguous alone names its skill (rule 4b of the module docstring).

    ``needs``: a cue that must occur in the alias's sentence; ``refuse``: a cue that must not.
    Both are searched in the sentence with the alias replaced by ``"\\x00"``, so a cue can be
    tied to the alias's place ("line of \\x00": "first line of defense"). ``label``: refused
    as the label of a list ("Programming: Python, C++" or "Programming" alone on a line above
    "Python, C++"). ``role``: a role noun ("backend engineer") that names its skill only as the
    role hired: in a line of title-case words (a title, a Hacker News header, a list of
    openings) or after a hiring cue ("looking for a", "experience as a"), not as colleagues
    ("work with backend engineers").
    """

    needs: re.Pattern[str] | None = None
    refuse: re.Pattern[str] | None = None
    label: bool = False
    role: bool = False


# "segmentation" alone is customer segmentation, except in vision and language work ("image
# segmentation", "segmentation and object detection", "topic segmentation").
_NOT_CUSTOMER_SEGMENTATION = _Rule(
    refuse=re.compile(
        r"\b(?:images?|imaging|videos?|vision|visual|pixels?|pixel-level|semantic|instance|"
        r"panoptic|[23]-?d|point[- ]clouds?|lidar|scenes?|objects?|(?<!fraud )(?<!anomaly )"
        r"detection|masks?|microscopy|mri|ct|radiology|tumou?rs?|u-?net|opencv|satellite|"
        r"topic|text|word|sentence|speech|audio|speaker|job)\b",
        re.IGNORECASE,
    )
)
# "online learning" is also an ML method and an employee benefit ("online learning portal").
_EDUCATION_CUE = _Rule(
    needs=re.compile(
        r"\b(?:students?|learners?|education(?:al)?|schools?|teachers?|teaching|tutor(?:s|ing)?|"
        r"classrooms?|curricul(?:um|a)|edtech|ed-tech|k-12|moocs?)\b",
        re.IGNORECASE,
    )
)
# "higher education" is also the degree a candidate holds ("Our requirements: Higher
# education, 2 years of ..."); the sector needs a word of the sector around it.
_EDUCATION_SECTOR = _Rule(
    needs=re.compile(
        r"\b(?:sectors?|institutions?|industry|market|clients?|customers?|partners?|"
        r"universit(?:y|ies)|colleges?|campus(?:es)?|students?|learners?|faculty|academic|"
        r"teaching|enrol(?:l)?ment|admissions?|edtech|ed-tech|schools?|k-12)\b",
        re.IGNORECASE,
    )
)
# A general word names the general skill; a kind of it named just before is another skill
# ("GPU kernel programming", "linear programming", "medical coding"), and an example list
# right after names the specific tools instead ("programming languages such as Python": a
# broader skill is not added when a more specific one covers the phrase).
_EXAMPLES_AFTER = (
    r"\x00(?:\s+languages?)?\s*(?:\((?!s\))|[,:]?\s*(?:such\s+as|e\.\s?g\b|eg\b|i\.\s?e\b|like\b|"
    r"including\b|especially\b|particularly\b|in\s+particular\b|namely\b))"
)
_PROGRAMMING = _Rule(
    label=True,
    refuse=re.compile(
        r"\b(?:kernels?|gpus?|cuda|shaders?|fpgas?|plcs?|cnc|robots?|linear|integer|dynamic|"
        r"mathematical|quadratic|convex|non-?linear|constraint|stochastic|genetic|tv|"
        r"television|radio|events?|arts|fitness|youth|community|content)\s+\x00|" + _EXAMPLES_AFTER,
        re.IGNORECASE,
    ),
)
_CODING = _Rule(
    label=True,
    refuse=re.compile(
        r"\b(?:medical|clinical|icd(?:-?1[01])?|diagnos[ie]s|diagnostic|procedural|procedure|"
        r"billing|qualitative|thematic|open|axial|survey|interview)\s+\x00|" + _EXAMPLES_AFTER,
        re.IGNORECASE,
    ),
)
_SCRIPTING = _Rule(
    refuse=re.compile(
        r"\b(?:video|film|content|screen|creative|copy|podcast)\s+\x00|" + _EXAMPLES_AFTER,
        re.IGNORECASE,
    )
)
_LANGUAGES = _Rule(refuse=re.compile(_EXAMPLES_AFTER, re.IGNORECASE))
# "documentation" of patients, loans or shipments is paperwork, not technical documentation.
_PAPERWORK = _Rule(
    refuse=re.compile(
        r"\b(?:clinical|medical|patient|nursing|care|case|legal|loan|mortgage|shipping|customs|"
        r"export|import|trade|tax|visa|immigration|insurance|claims?|payroll|employment|"
        r"identity|supporting|proof|travel|expense|vendor|financial|accounting|regulatory)"
        r"\s+\x00",
        re.IGNORECASE,
    )
)
# "Reporting to the COO", "reporting into the platform team": a reporting line, not reports.
# "insights and reporting to Analytics leadership" is the work, so a coordinated "reporting"
# stays.
_REPORTING_LINE = _Rule(
    refuse=re.compile(
        r"(?<!\b(?i:and)\s)(?<!\b(?i:or)\s)\x00\s+(?:(?i:directly|solely|initially)\s+)?"
        r"(?i:in)?(?i:to):?\s+(?:(?i:the|our|a|an|your|one\s+of\s+(?:the|our))\s+)?"
        r"(?:[A-Z]|(?i:head|director|manager|lead|leader|vp|vice|chief|ceo|cto|cfo|coo|cpo|cio|"
        r"founders?|co-founders?|senior|sr|principal|(?:[a-z-]+\s+){0,3}"
        r"(?:team|group|department|function|organi[sz]ation))\b)|"
        r"\x00\s+(?i:lines?|structure|relationships?|chain)\b"
    )
)
# "authorization to work", "work authorization": the right to work, not access control.
_WORK_AUTHORIZATION = _Rule(
    refuse=re.compile(
        r"\x00\s+(?:to\s+work|for\s+employment|to\s+be\s+employed)|"
        r"\b(?:work|employment|travel|prior)\s+\x00",
        re.IGNORECASE,
    )
)
# "first line of defense" is an idiom.
_LINE_OF_DEFENSE = _Rule(refuse=re.compile(r"\bline\s+of\s+\x00", re.IGNORECASE))
# "on call quality", "on call volume": phone calls, not an on-call rotation.
_PHONE_CALL = _Rule(
    refuse=re.compile(
        r"\x00\s+(?:quality|volumes?|cent(?:er|re)s?|scripts?|notes|recordings?|handling|"
        r"listening|reviews?|metrics|times?|outcomes?)\b",
        re.IGNORECASE,
    )
)
# GitHub as where to send a profile ("LinkedIn/GitHub", "a link to your GitHub") or in an
# investor list ("the founders of Stripe and GitHub") is not the tool asked for.
_GITHUB_PROFILE = _Rule(
    refuse=re.compile(
        r"\b(?:linkedin|r[ée]sum[ée]s?|cvs?|portfolios?|profiles?|investors?|founders?|"
        r"backed)\b",
        re.IGNORECASE,
    )
)
# "personalization" is a product feature as often as recommender systems: it needs a word of
# the modelling around it.
_RECOMMENDER_CUE = _Rule(
    needs=re.compile(
        r"\b(?:models?|model(?:l)?ing|machine\s+learning|ml|ai|algorithms?|recommend\w*|"
        r"rank(?:ing|ers?)?|retrieval|embeddings?|bandits?|deep\s+learning|data\s+scien\w*)\b",
        re.IGNORECASE,
    )
)
_ROLE = _Rule(role=True)
#: Aliases that are ambiguous alone, by (skill id, alias as in the catalog).
_ALIAS_RULES: dict[tuple[str, str], _Rule] = {
    ("customer-analytics", "segmentation"): _NOT_CUSTOMER_SEGMENTATION,
    ("education", "online learning"): _EDUCATION_CUE,
    ("education", "higher education"): _EDUCATION_SECTOR,
    # "Programming:" heads a list of languages; "Programming languages:" still names the skill
    # (annotators of the DataTurks résumés count it as one).
    ("software-development", "programming"): _PROGRAMMING,
    ("software-development", "coding"): _CODING,
    ("software-development", "scripting"): _SCRIPTING,
    ("software-development", "programming languages"): _LANGUAGES,
    ("software-development", "programming language"): _LANGUAGES,
    ("software-development", "scripting languages"): _LANGUAGES,
    ("software-development", "scripting language"): _LANGUAGES,
    ("technical-documentation", "documentation"): _PAPERWORK,
    ("reporting", "reporting"): _REPORTING_LINE,
    ("security-engineering", "authorization"): _WORK_AUTHORIZATION,
    ("defense-government", "defense"): _LINE_OF_DEFENSE,
    ("sre", "on-call"): _PHONE_CALL,
    ("github", "GitHub"): _GITHUB_PROFILE,
    ("recommender-systems", "personalization"): _RECOMMENDER_CUE,
    **{
        ("web-development", role): _ROLE
        for role in (
            "frontend engineer",
            "front-end engineer",
            "frontend developer",
            "front-end developer",
            "backend engineer",
            "back-end engineer",
            "backend developer",
            "back-end developer",
            "full-stack engineer",
            "fullstack engineer",
            "full-stack developer",
            "fullstack developer",
            "full-stack dev",
            "web developer",
        )
    },
    ("product-management", "product manager"): _ROLE,
}
# Where a sentence ends for rule 4b: ". ", ";", a blank line, or a line break before a bullet
# or a capital (a wrapped line goes on in lowercase).
_SENTENCE_END_RE = re.compile(r"[.!?;](?=\s|$)|\n\s*(?=\n|[-*•▪■●◆◦>#]|[A-Z])")
_LABEL_BEFORE_RE = re.compile(r"[ \t>*•▪■●◆◦#_-]*")
_BULLET_BEFORE_RE = re.compile(r"[ \t]*[>*•▪■●◆◦-]")
_LABEL_AFTER_RE = re.compile(r"[*_ \t]*(?::|[ \t][-–—|][ \t])")
_LINE_END_RE = re.compile(r"[*_ \t]*(?:\n|$)")
_NEXT_LINE_RE = re.compile(r"\s*([^\n]*)")

# A hiring cue and up to four words (seniority, stack) before a role noun: "looking for a
# Senior Java Backend Developer", "experience as a Front-End/Full-Stack developer".
_ROLE_CUE_RE = re.compile(
    r"\b(?:looking\s+for|searching\s+for|seek|seeking|hiring|recruiting|to\s+hire|we\s+need|"
    r"as\s+an?|as\s+our|openings?\s+for|opportunity\s+for|position\s+of|role\s+of|ideal\s+for|"
    r"you(?:['\u2019]re|\s+are)\s+an?)\s+"
    r"(?:(?:an?|the|our|one|two|several|multiple|\d+)\s+)?(?:[^\s.;:!?]+[\s/]+){0,4}$",
    re.IGNORECASE,
)
_WORDS_RE = re.compile(r"[^\W_]+")
# What joins the two parts of a coordinated alias ("reports and dashboards"): the part after
# it is a mention of its own (rule 5).
_COORDINATION_RE = re.compile(r"\s(?:and|or|&)\s+$", re.IGNORECASE)
_REGEX_ALIAS_RE = re.compile(r"[A-Z][A-Za-z0-9_]*")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")  # run on the lowercased text
_EMAIL_LEFT_RE = re.compile(r"[\w.+-]+$")
_EMAIL_RIGHT_RE = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_WORD_BEFORE_RE = re.compile(r"([\w.]+)[^\w\n]{0,2}$")
_WORD_AFTER_RE = re.compile(r"^[ ]?[(]?([\w.+#-]+)")


def normalize_form(text: str) -> str:
    """The form in which aliases and text are compared: lowercase, one kind of space and dash.

    The result has the same length as ``text`` (characters whose lowercase is longer, such as
    "İ", are kept as they are), so offsets into it are offsets into ``text``.

    Examples
    --------
    >>> normalize_form("Scikit\\u2011Learn\\nAPI")
    'scikit-learn api'
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return _spaces(lowered)


def _spaces(text: str) -> str:
    """``text`` with every whitespace character as " " and every dash as "-" (same length)."""
    # str.replace is several times faster than a regex for the common characters.
    if "\n" in text:
        text = text.replace("\n", " ")
    if "\t" in text or "\r" in text or "\x0b" in text or "\x0c" in text:
        text = text.replace("\t", " ").replace("\r", " ").replace("\x0b", " ")
        text = text.replace("\x0c", " ")
    if text.isascii():
        return text
    return _UNICODE_SPACE_OR_DASH_RE.sub(_space_or_dash, text)


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored by common prefixes, longest match first.

    Examples
    --------
    >>> _trie_pattern(["Go", "Golang", "R"])
    '(?:Go(?:lang)?|R)'
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")"
        if "" in node:
            return body + "?"
        return body if len(branches) > 1 else branches[0]

    return build(trie)


def _variants(form: str) -> set[str]:
    """Hyphen/space variants and plurals of a lowercase alias."""
    out = {form}
    if " " in form:
        out.add(form.replace(" ", "-"))
    if "-" in form:
        out.add(form.replace("-", " "))
    for base in list(out):
        if len(base) < 3 or not base[-1].isalpha() or not base[-2].isalpha():
            continue
        if base.endswith("s"):
            continue
        if base.endswith("y") and base[-2] not in "aeiou":
            out.add(base[:-1] + "ies")
        elif base.endswith(("x", "ch", "sh", "z")):
            out.add(base + "es")
        else:
            out.add(base + "s")
    return out


@dataclass(frozen=True, slots=True)
class _Entry:
    """What a matched form means: the skill, how the alias matches, and its exact spelling."""

    skill: str
    mode: int
    exact: str  # the alias as written (spaces and dashes normalized), for case checks
    group: str | None  # "tech", "human-language" or None: which neighbours vouch for it
    confidence: float
    rule: _Rule | None = None  # when an ambiguous alias needs its sentence to agree


# A candidate match: (start, end, entry).
_Cand = tuple[int, int, _Entry]


class SkillMatcher:
    """Find catalog skills in text.

    Parameters
    ----------
    catalog:
        The skill catalog to match. ``None`` (the default) uses :func:`load_skills`.

    Notes
    -----
    The constructor only stores the catalog; :meth:`load` builds the automaton (a fraction of
    a second for the packaged catalog), and :meth:`find` calls it on first use. Use
    :func:`default_matcher` to share one loaded matcher. A loaded matcher is read-only and
    safe to share between threads.
    """

    def __init__(self, catalog: SkillCatalog | None = None) -> None:
        self.catalog = catalog

    def load(self) -> SkillMatcher:
        """Build the matching automaton from the catalog; returns ``self``."""
        catalog = self.catalog if self.catalog is not None else load_skills()
        explicit: dict[str, set[str]] = {}
        generated: dict[str, set[str]] = {}
        entries: dict[str, list[_Entry]] = {}
        forms: dict[str, set[str]] = {}
        by_regex: dict[str, _Entry] = {}
        rules: dict[tuple[str, str], _Rule] = {}
        for (rule_skill, alias), rule in _ALIAS_RULES.items():
            for variant in _variants(normalize_form(alias)):
                rules[rule_skill, variant] = rule
        for skill in catalog:
            group = _GROUPS.get(skill.category)
            any_case = list(skill.aliases)
            if skill.name_is_alias:
                any_case.insert(0, skill.name)
            for alias in any_case:
                form = normalize_form(alias)
                explicit.setdefault(form, set()).add(skill.id)
                for variant in _variants(form) - {form}:
                    generated.setdefault(variant, set()).add(skill.id)
            for mode, aliases in (
                (_EXACT, skill.case_sensitive_aliases),
                (_CONTEXT, skill.context_aliases),
            ):
                for alias in aliases:
                    exact = _spaces(alias)
                    entry = _Entry(
                        skill.id,
                        mode,
                        exact,
                        group if mode == _CONTEXT else None,
                        _CONFIDENCE[mode],
                    )
                    forms.setdefault(skill.id, set()).add(normalize_form(alias))
                    if _REGEX_ALIAS_RE.fullmatch(alias):
                        by_regex[alias] = entry
                    else:
                        entries.setdefault(normalize_form(alias), []).append(entry)
        for form, owners in explicit.items():
            for skill_id in sorted(owners):
                entry = _Entry(skill_id, _ANY_CASE, form, None, 1.0, rules.get((skill_id, form)))
                entries.setdefault(form, []).append(entry)
                forms.setdefault(skill_id, set()).add(form)
        for form, owners in generated.items():
            if form in explicit or len(owners) > 1:
                continue
            (skill_id,) = owners
            entry = _Entry(skill_id, _ANY_CASE, form, None, 1.0, rules.get((skill_id, form)))
            entries.setdefault(form, []).append(entry)
            forms.setdefault(skill_id, set()).add(form)
        keys: list[str] = []
        values: list[tuple[tuple[_Entry, ...], bool, bool]] = []
        for form, form_entries in entries.items():
            # Word boundaries are checked only on the sides where the alias ends in a letter or
            # digit: "C++" may be followed by a version ("C++23"), ".NET" preceded by "ASP".
            left = form[0].isalnum() or form[0] == "_"
            right = form[-1].isalnum() or form[-1] == "_"
            keys.append(form)
            values.append((tuple(form_entries), left, right))
        # a contiguous NFA: in ingest, among other work, faster than the crate's DFA (whose
        # tables for 15k forms crowd the CPU caches) and than pyahocorasick
        self._automaton = ahocorasick_rs.AhoCorasick(
            keys, implementation=ahocorasick_rs.Implementation.ContiguousNFA
        )
        self._values = values
        # Case-sensitive words that start with a capital ("R", "Go", "SAS", "Spark") are found
        # by one regex over the original text: in the lowercased text they would hit inside
        # many words ("rag" in "leverage"), and a pattern that starts with capitals lets the
        # regex engine skip ahead. The left word boundary is checked on the few matches.
        self._regex = re.compile("(?:" + _trie_pattern(by_regex) + r")(?!\w)") if by_regex else None
        self._by_regex = by_regex
        self._groups = {skill.id: _GROUPS.get(skill.category) for skill in catalog}
        self._forms = {skill_id: frozenset(values) for skill_id, values in forms.items()}
        self.catalog_ = catalog
        return self

    def forms(self, skill_id: str) -> frozenset[str]:
        """The normalized forms (see :func:`normalize_form`) that match skill ``skill_id``.

        Every mention's text, normalized, is one of these. Empty for an unknown id.
        """
        self._ensure_loaded()
        return self._forms.get(skill_id, frozenset())

    def _ensure_loaded(self) -> None:
        if not hasattr(self, "_automaton"):
            self.load()

    def find(self, text: str) -> list[SkillMention]:
        """All skill mentions in ``text``, in text order.

        Parameters
        ----------
        text:
            Any text: a description, a title, a sentence.

        Returns
        -------
        list of SkillMention
            ``start``/``end`` are offsets into ``text`` and ``text[start:end]`` is the mention's
            ``text``. ``layer`` is ``"dictionary"``, ``section`` ``"other"`` and ``required``
            ``None``.

        Examples
        --------
        >>> found = default_matcher().find("Experience with Spark MLlib.")
        >>> [(m.skill, m.start, m.end) for m in found]
        [('apache-spark', 16, 21), ('spark-mllib', 16, 27)]
        """
        return [
            SkillMention(skill, text[start:end], start, end, "dictionary", "other", None, conf)
            for start, end, skill, conf in self.spans(text)
        ]

    def spans(self, text: str) -> list[tuple[int, int, str, float]]:
        """The mentions :meth:`find` returns, as ``(start, end, skill, confidence)`` tuples.

        Cheaper than :meth:`find` for a caller that builds its own records (extraction sets
        each mention's section and requirement level).

        Examples
        --------
        >>> default_matcher().spans("Experience with Spark MLlib.")
        [(16, 21, 'apache-spark', 0.9), (16, 27, 'spark-mllib', 1.0)]
        """
        self._ensure_loaded()
        if not text:
            return []
        candidates, has_context, has_rule = self._candidates(text)
        if not candidates:
            return []
        if has_rule:
            candidates = [
                c
                for c in candidates
                if c[2].rule is None or _rule_agrees(text, c[0], c[1], c[2].rule)
            ]
        if has_context:
            candidates = self._check_context(text, candidates)
        return [
            (start, end, entry.skill, entry.confidence)
            for start, end, entry in _resolve_overlaps(text, candidates)
        ]

    def _candidates(self, text: str) -> tuple[list[_Cand], bool, bool]:
        """Every alias match at word boundaries, whether any is a context alias, and whether
        any is an alias with a rule (4b)."""
        norm = normalize_form(text)
        text_masked = text
        if "@" in text or "://" in text or "www." in norm:
            # Nothing inside a URL or an e-mail address is a mention: blank them out.
            for start, end in _link_spans(text, norm):
                blank = " " * (end - start)
                text_masked = text_masked[:start] + blank + text_masked[end:]
                norm = norm[:start] + blank + norm[end:]
        size = len(text)
        out: list[_Cand] = []
        append = out.append
        has_context = has_rule = False
        values = self._values
        for index, start, end in search(self._automaton, norm):
            form_entries, left, right = values[index]
            if start and left:
                char = norm[start - 1]
                if char.isalnum() or char == "_":
                    continue
                # The tail of a hyphenated word is not a mention: "cutting-edge AI".
                if char == "-" and start > 1 and norm[start - 2].isalpha():
                    continue
            if end < size and right:
                char = norm[end]
                if char.isalnum() or char == "_":
                    continue
            for entry in form_entries:
                if entry.mode:
                    piece = text[start:end]
                    if piece != entry.exact and _spaces(piece) != entry.exact:
                        continue
                    if piece in _VERB_ALIASES and _is_verb(text, start, end, piece):
                        continue
                    if entry.mode == _CONTEXT:
                        has_context = True
                elif entry.rule is not None:
                    has_rule = True
                append((start, end, entry))
        if self._regex is not None:
            by_regex = self._by_regex
            for match in self._regex.finditer(text_masked):
                start = match.start()
                if start:
                    char = text[start - 1]
                    if char.isalnum() or char == "_":
                        continue
                    if char == "-" and start > 1 and text[start - 2].isalpha():
                        continue
                end = match.end()
                piece = match.group()
                if piece in _VERB_ALIASES and _is_verb(text, start, end, piece):
                    continue
                entry = by_regex[piece]
                if entry.mode == _CONTEXT:
                    has_context = True
                append((start, end, entry))
        return out, has_context, has_rule

    def _check_context(self, text: str, candidates: list[_Cand]) -> list[_Cand]:
        """Drop the context candidates that their surroundings do not support (rule 4)."""
        groups = self._groups
        accepted: list[_Cand] = []
        pending: list[_Cand] = []
        for cand in candidates:
            if cand[2].mode != _CONTEXT:
                accepted.append(cand)
                continue
            verdict = _local_context(text, cand[0], cand[1])
            if verdict is True:
                accepted.append(cand)
            elif verdict is None:
                pending.append(cand)
        changed = True
        while changed and pending:
            changed = False
            for cand in list(pending):
                start, end, entry = cand
                for other in accepted:
                    group = other[2].group if other[2].mode == _CONTEXT else groups[other[2].skill]
                    if group != entry.group:
                        continue
                    if other[1] <= start and start - other[1] <= _MAX_GAP:
                        gap = text[other[1] : start]
                    elif other[0] >= end and other[0] - end <= _MAX_GAP:
                        gap = text[end : other[0]]
                    else:
                        continue
                    if _is_list_gap(gap):
                        accepted.append(cand)
                        pending.remove(cand)
                        changed = True
                        break
        return accepted


def _link_spans(text: str, norm: str) -> list[tuple[int, int]]:
    """Spans of the URLs and e-mail addresses in ``text`` (``norm`` is its normalized form)."""
    spans = [match.span() for match in _URL_RE.finditer(norm)]
    at = text.find("@")
    while at != -1:
        left = _EMAIL_LEFT_RE.search(text, max(0, at - 64), at)
        right = _EMAIL_RIGHT_RE.match(text, at + 1)
        if left is not None and right is not None:
            spans.append((left.start(), right.end()))
        at = text.find("@", at + 1)
    return spans


def _is_verb(text: str, start: int, end: int, exact: str) -> bool:
    """Whether a tool name that is also a verb is used as the verb here."""
    after = _WORD_AFTER_RE.match(text[end : end + 12])
    if after is None or after.group(1).lower() not in _VERB_ALIASES[exact]:
        return False
    before = text[max(0, start - 24) : start].rstrip(" \t")
    if not before or before[-1] in "\n.!?:;•*-–":
        return True
    word = _WORD_BEFORE_RE.search(before)
    return word is not None and word.group(1).lower() in _VERB_SUBJECTS


def _rule_agrees(text: str, start: int, end: int, rule: _Rule) -> bool:
    """Whether the sentence around the alias at ``start:end`` lets it name its skill."""
    if rule.label and _is_label(text, start, end):
        return False
    if rule.needs is None and rule.refuse is None and not rule.role:
        return True
    lo = max(0, start - 100)
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(text, lo, start)]
    if ends:
        lo = ends[-1]
    if rule.role and not _names_the_role(text, lo, start):
        return False
    hi = min(len(text), end + 100)
    stop = _SENTENCE_END_RE.search(text, end, hi)
    if stop is not None:
        hi = stop.start()
    sentence = text[lo:start] + "\x00" + text[end:hi]
    if rule.refuse is not None and rule.refuse.search(sentence):
        return False
    return rule.needs is None or rule.needs.search(sentence) is not None


def _names_the_role(text: str, lo: int, start: int) -> bool:
    """Whether a role noun at ``start`` names the role hired: only title-case words before it
    on its line ("Senior Backend Engineer", "Acme | Backend Engineer | Remote"), or a hiring
    cue a few words before it in its sentence (``lo``: where the sentence starts)."""
    line_start = text.rfind("\n", 0, start) + 1
    # a lowercase word after a dot is part of a name ("Acme.ai | Backend Engineer")
    if start - line_start <= 80 and all(
        word[0][0].isupper() or word[0][0].isdigit() or text[word.start() - 1 : word.start()] == "."
        for word in _WORDS_RE.finditer(text, line_start, start)
    ):
        return True
    return _ROLE_CUE_RE.search(text, max(lo, start - 80), start) is not None


def _is_label(text: str, start: int, end: int) -> bool:
    """Whether the alias at ``start:end`` labels a list: first on its line and followed by
    ":" or a dash ("Programming: Python, C++"), or alone on a line (no bullet) above a line
    that lists ("Programming\\nPython, C++")."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _LABEL_BEFORE_RE.fullmatch(text, line_start, start):
        return False
    if _LABEL_AFTER_RE.match(text, end):
        return True
    eol = _LINE_END_RE.match(text, end)
    if eol is None or _BULLET_BEFORE_RE.match(text, line_start, start):
        return False
    next_line = _NEXT_LINE_RE.match(text, eol.end())
    return next_line is not None and ("," in next_line.group(1) or "|" in next_line.group(1))


def _local_context(text: str, start: int, end: int) -> bool | None:
    """``False`` when the surroundings refuse a context alias, ``True`` when a cue word
    accepts it, ``None`` when only a neighbouring tool can decide."""
    size = len(text)
    nxt = text[end] if end < size else ""
    prev = text[start - 1] if start > 0 else ""
    if nxt == "&" or prev == "&" or (nxt == "'" and end + 1 < size and text[end + 1] == "s"):
        return False
    if nxt in "-\u2010\u2011" and end + 1 < size and text[end + 1].isalpha():
        follow = re.match(r"[A-Za-z]+", text[end + 1 : end + 16])
        if follow is None or follow.group().lower() not in _HYPHEN_OK:
            return False
    if prev in "-\u2010\u2011" and start >= 2 and text[start - 2].isalnum():
        return False
    if prev == "(" and nxt == ")" and start >= 2:
        if text[start - 2].isalnum():
            return False  # a trademark sign: "Microsoft(R)"
        title = _WORD_BEFORE_RE.search(text[max(0, start - 24) : start - 1])
        if title is not None and title.group(1).lower() in _CUE_AFTER:
            return True  # "Backend Engineer (Go)"
    if nxt == "." and end + 1 < size and text[end + 1].isalpha():
        return False
    if prev == "." and start >= 2 and text[start - 2].isalpha():
        return False
    before = _WORD_BEFORE_RE.search(text[max(0, start - 24) : start])
    word_before = before.group(1).lower() if before else ""
    if word_before in _REFUSE_BEFORE or _REFUSE_AFTER_RE.match(text, end, end + 8):
        return False
    if _CUE_AFTER_RE.match(text, end, end + 32):
        return True
    after = _WORD_AFTER_RE.match(text[end : end + 24])
    if after is not None:
        word_after = after.group(1).lower().rstrip(".")
        if word_after in _CUE_AFTER or word_after[:1].isdigit():
            return True
    if word_before in _CUE_BEFORE:
        return True
    return None


def _is_list_gap(gap: str) -> bool:
    """Whether ``gap`` only separates two items of a list (", ", " and ", "/", "\\n- ").

    A bare space is not a list separator: "Ray Stata" is a name, not two tools.
    """
    if gap == " " or gap == "":
        return False
    for token in gap.lower().split():
        word = token.strip(_LIST_PUNCT)
        if word and word not in _LIST_WORDS:
            return False
    return True


def _resolve_overlaps(text: str, candidates: list[_Cand]) -> list[_Cand]:
    """Apply rule 5 of the module docstring; returns the kept candidates in text order."""
    candidates.sort(key=_by_start)
    kept: list[_Cand] = []
    cluster: list[_Cand] = []
    reach = -1
    for cand in candidates:
        if cand[0] >= reach:
            if cluster:
                kept.extend(cluster if len(cluster) == 1 else _resolve_cluster(text, cluster))
            cluster = [cand]
        else:
            cluster.append(cand)
        if cand[1] > reach:
            reach = cand[1]
    if cluster:
        kept.extend(cluster if len(cluster) == 1 else _resolve_cluster(text, cluster))
    return kept


def _by_start(cand: _Cand) -> tuple[int, int]:
    return cand[0], -cand[1]


def _resolve_cluster(text: str, cluster: list[_Cand]) -> list[_Cand]:
    """Rule 5 within a run of overlapping candidates: longest first."""
    ordered = sorted(cluster, key=lambda c: (c[0] - c[1], c[0], c[2].mode))
    kept: list[_Cand] = []
    for cand in ordered:
        start, end, entry = cand
        for other in kept:
            if other[1] <= start or end <= other[0]:
                continue
            if other[2].skill == entry.skill:
                break
            inside = other[0] <= start and end <= other[1]
            if (
                inside
                and not (start == other[0] and end < other[1] and text[end] in " \n\t")
                and not (
                    end == other[1]
                    and start > other[0]
                    and _COORDINATION_RE.search(text, other[0], start) is not None
                )
            ):
                break
        else:
            kept.append(cand)
    kept.sort(key=lambda c: (c[0], c[1]))
    return kept


@functools.lru_cache(maxsize=1)
def default_matcher() -> SkillMatcher:
    """A loaded :class:`SkillMatcher` over the packaged catalog, built once per process."""
    return SkillMatcher().load()
