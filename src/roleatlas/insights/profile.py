"""The profile of one role: per section, the evidence from postings and reference data.

Every figure carries its ``n``; figures with ``n`` below :data:`SMALL_N` are flagged
``small_sample`` and still shown; shares cite up to three example postings
(``"source:source_id"``). Reference layers (O*NET, BLS, aijobs survey) are labelled by their
source and never mixed with posting figures. A role without postings still gets its reference
layers and ``no_postings`` is set.
"""

from __future__ import annotations

import hashlib
import html
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from roleatlas.catalog import Role, load_catalog
from roleatlas.catalog.skills import load_skills
from roleatlas.insights.salaries import (
    SMALL_N,
    RoleSalaries,
    role_salaries,
    salaries_from_dict,
)
from roleatlas.insights.stats import wilson_interval
from roleatlas.insights.themes import ThemeName, name_theme, pick_quotes, quote_candidates
from roleatlas.records import DEGREE_LEVELS
from roleatlas.report.listing import format_listing
from roleatlas.store import JobQuery, Store
from roleatlas.store import insights as q
from roleatlas.store import reference as ref

__all__ = [
    "DEGREE_LABELS",
    "SMALL_N",
    "SOFT_CATEGORIES",
    "THEMES",
    "TOOL_CATEGORIES",
    "Share",
    "RoleProfile",
    "premium_cells",
    "profile_from_dict",
    "role_profile",
]

#: Skill categories counted as tools and software; every other category is a skill.
TOOL_CATEGORIES = frozenset(
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
        "web-mobile",
        "hpc-hardware",
        "enterprise-tools",
    }
)

#: Skill categories listed apart from the technical skills, as soft skills: they lead no
#: list and no distinction (Communication is asked for everywhere and says little about a
#: role), but they are counted and shown.
SOFT_CATEGORIES = frozenset({"soft-skill", "human-language"})

#: Display labels of the degree levels.
DEGREE_LABELS = {
    "none": "no degree",
    "high_school": "high school",
    "associate": "associate degree",
    "bachelor": "bachelor's degree",
    "master": "master's degree",
    "phd": "PhD",
}


@dataclass(slots=True)
class Share:
    """``count`` of ``n`` postings (``share``, 95% Wilson ``low``-``high``) have ``key``.

    ``examples`` are up to three posting keys (``"source:source_id"``); ``category`` is a
    skill's catalog category or a responsibility theme's group title; ``quotes`` (themes
    only) are duty sentences as postings state them: ``{"key": posting key, "text": …}``.
    ``premium`` (skills and tools only) is the skill's pay premium within the role
    (:func:`premium_cells`), estimated or with the reason it is not; ``None`` elsewhere.
    """

    key: str
    label: str
    count: int
    n: int
    share: float
    low: float
    high: float
    small_sample: bool
    examples: list[str] = field(default_factory=list)
    category: str | None = None
    quotes: list[dict[str, str]] = field(default_factory=list)
    premium: dict[str, Any] | None = None


def make_share(
    key: str,
    label: str,
    count: int,
    n: int,
    examples: list[str] | None = None,
    category: str | None = None,
) -> Share:
    """A :class:`Share` with its Wilson interval and small-sample flag."""
    low, high = wilson_interval(count, n)
    return Share(
        key,
        label,
        count,
        n,
        count / n if n else 0.0,
        low,
        high,
        n < SMALL_N,
        list(examples or []),
        category,
    )


@dataclass(slots=True)
class RoleProfile:
    """Everything known about one role, by section (see docs/comparison.md).

    ``n_postings`` postings of the role are stored, ``n_extracted`` of them were read for
    skills, education and duties. ``skills`` are technical skills and methods, ``tools``
    tools and software, ``soft_skills`` the soft skills and spoken languages
    (:data:`SOFT_CATEGORIES`), listed apart. Reference sections are ``None`` or empty when
    the data set is not loaded; ``notes`` say what is missing. ``premium`` describes the pay
    premium model behind each skill's and tool's ``premium`` (:func:`premium_cells`).
    """

    role: dict[str, Any]
    n_postings: int
    n_extracted: int
    no_postings: bool
    definition: str
    data_sentence: str | None
    responsibilities: list[Share]
    onet_tasks: list[dict[str, Any]]
    skills: list[Share]
    tools: list[Share]
    skill_counts: dict[str, int]
    onet_technology: list[dict[str, Any]]
    education: list[Share]
    education_n: int
    onet_education: list[dict[str, Any]]
    bls_education: list[dict[str, Any]]
    bls_industries: list[dict[str, Any]]
    posting_industries: list[Share]
    projections: list[dict[str, Any]]
    posting_months: list[dict[str, Any]]
    salaries: RoleSalaries
    related: list[dict[str, Any]]
    notes: list[str]
    soft_skills: list[Share] = field(default_factory=list)
    premium: dict[str, Any] | None = None


def _socs(role: Role) -> list[str]:
    out: list[str] = []
    for soc in role.onet_soc:
        if soc not in out:
            out.append(soc)
    return out


def _skill_sections(
    store: Store, role: Role, n: int, limit: int
) -> tuple[list[Share], list[Share], list[Share], dict[str, int]]:
    """Technical skills, tools and soft skills (:data:`SOFT_CATEGORIES`), each the ``limit``
    most asked for, and every skill's posting count."""
    catalog = load_skills()
    pairs = q.role_skill_counts(store, role.id)
    counts = {s: c for s, c in pairs if s in catalog}
    skills: list[tuple[str, int]] = []
    tools: list[tuple[str, int]] = []
    soft: list[tuple[str, int]] = []
    for skill_id, count in pairs:
        skill = catalog.get(skill_id)
        if skill is None:
            continue
        if skill.category in TOOL_CATEGORIES:
            target = tools
        elif skill.category in SOFT_CATEGORIES:
            target = soft
        else:
            target = skills
        if len(target) < limit:
            target.append((skill_id, count))
    examples = q.skill_examples(store, role.id, [s for s, _ in (*skills, *tools, *soft)])

    def shares(items: list[tuple[str, int]]) -> list[Share]:
        out = []
        for skill_id, count in items:
            skill = catalog.get(skill_id)
            assert skill is not None
            out.append(
                make_share(skill_id, skill.name, count, n, examples.get(skill_id), skill.category)
            )
        return out

    return shares(skills), shares(tools), shares(soft), counts


def premium_cells(
    store: Store, role: str, skills: list[str]
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The pay premium of each of ``skills`` within ``role``, from employer-stated pay.

    One :func:`roleatlas.insights.premium.skill_premiums` table (cached per store
    generation): postings of ``role`` with a stated annual salary, fixed effects for level,
    country and remote. There is no fallback to other roles: a premium pooled over every role
    would cost a query over every posting (about 0.4 s more per role page on the sample
    store) and say less about this role; a skill without enough support says why.

    Returns
    -------
    tuple
        The model (``pay``, ``n`` postings, ``companies``, ``fixed_effects``, ``errors``,
        ``min_support``, ``min_companies``, ``caveat``) and, per skill, ``premium``, ``low``,
        ``high`` (fractions: 0.08 is +8%; ``None`` when not estimated), ``p_value``,
        ``n_with``, ``n_without`` (postings with a stated salary that ask for the skill and
        that do not), ``small_sample`` (fewer than 30 with it), ``scope`` (the role id),
        ``pay`` and ``reason`` (why it is not estimated, else ``None``).
    """
    from roleatlas.insights.premium import skill_premiums

    table = skill_premiums(store, role=role, skills=skills)
    model = {
        "pay": table.pay,
        "n": table.n,
        "companies": table.companies,
        "fixed_effects": list(table.fixed_effects),
        "errors": table.errors,
        "min_support": table.min_support,
        "min_companies": table.min_companies,
        "caveat": table.caveat,
    }
    missing = {m.skill: m for m in table.not_estimated}
    cells: dict[str, dict[str, Any]] = {}
    for skill in skills:
        found = table.get(skill)
        if found is not None:
            cells[skill] = {
                "premium": found.premium,
                "low": found.low,
                "high": found.high,
                "p_value": found.p_value,
                "n_with": found.n_with,
                "n_without": found.n_without,
                "small_sample": found.small_sample,
                "scope": role,
                "pay": table.pay,
                "reason": None,
            }
        elif skill in missing:
            n_with = missing[skill].n_with
            cells[skill] = {
                "premium": None,
                "low": None,
                "high": None,
                "p_value": None,
                "n_with": n_with,
                "n_without": table.n - n_with,
                "small_sample": n_with < 30,
                "scope": role,
                "pay": table.pay,
                "reason": missing[skill].reason,
            }
    return model, cells


#: Duty themes: verbs that name the same kind of work, grouped so that a theme's share
#: (postings with at least one such duty) means something. Verbs outside every group are
#: themes of their own; :data:`_NOT_DUTIES` are verbs of requirement or filler sentences.
THEMES: dict[str, tuple[str, frozenset[str]]] = {
    key: (title, frozenset(verbs.split()))
    for key, title, verbs in (
        (
            "build",
            "Build and develop",
            "develop build create design implement architect construct engineer prototype "
            "program code craft devise formulate establish produce generate write",
        ),
        (
            "analyze",
            "Analyze, model and research",
            "analyze analyse perform conduct research investigate explore evaluate assess "
            "interpret mine query examine study measure model forecast test validate "
            "experiment synthesize discover derive solve audit review",
        ),
        (
            "collaborate",
            "Collaborate with teams and stakeholders",
            "work collaborate partner coordinate liaise interface engage join consult facilitate",
        ),
        (
            "communicate",
            "Communicate, present and advise",
            "communicate present report document summarize visualize share explain translate "
            "educate evangelize advise recommend influence answer prepare",
        ),
        (
            "lead",
            "Lead, manage and mentor",
            "lead manage mentor drive own oversee guide coach direct supervise shape "
            "prioritize plan organize set promote",
        ),
        (
            "operate",
            "Deploy, maintain and improve systems",
            "maintain monitor ensure improve optimize deploy automate troubleshoot run operate "
            "scale update integrate enhance resolve transform process execute deliver track "
            "keep comply",
        ),
        (
            "data",
            "Collect and prepare data",
            "collect gather acquire extract compile clean capture obtain pull filter locate "
            "assemble combine select",
        ),
        (
            "scope",
            "Identify problems and requirements",
            "identify understand define determine",
        ),
        (
            "support",
            "Support and contribute",
            "support assist provide help serve contribute participate",
        ),
        ("apply", "Use tools and methods", "use utilize leverage apply"),
        ("learn", "Learn and stay current", "learn stay advance grow"),
    )
}
_THEME_OF = {verb: key for key, (_, verbs) in THEMES.items() for verb in verbs}
_NOT_DUTIES = frozenset(
    "demonstrate position take make bring think have be possess act play".split()
)


def _by_count(counts: Counter[str]) -> list[str]:
    """Keys by count, most first; ties in alphabetical order (never in hash or insertion
    order, so a report is the same in every process).

    >>> _by_count(Counter({"b": 2, "a": 2, "c": 3}))
    ['c', 'a', 'b']
    """
    return [k for k, _ in sorted(counts.items(), key=lambda kc: (-kc[1], kc[0]))]


#: Longest quote of a duty, in characters (longer sentences are cut at a word).
QUOTE_CHARS = 220


def _quote(text: str) -> str:
    """``text`` on one line, cut at a word boundary to :data:`QUOTE_CHARS`.

    >>> _quote("Build  data pipelines &amp; models")
    'Build data pipelines & models'
    """
    flat = " ".join(html.unescape(text).split())
    if len(flat) <= QUOTE_CHARS:
        return flat
    return flat[:QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _themes(store: Store, role: Role, limit: int) -> list[Share]:
    """Responsibility themes: verb-led duty statements grouped by :data:`THEMES`.

    A theme's share is the postings with at least one of its duties among the postings with
    any verb-led duty. Its label names it in plain words from its own statements
    (:func:`roleatlas.insights.themes.name_theme`: the object most of its postings name,
    with the verb they use, e.g. "Design and build data pipelines"); when no object is
    named by two postings, the theme's group title (or, for a verb outside every group,
    the statement most postings share). ``category`` is the group title; ``quotes`` are
    one or two duty sentences of the theme as the postings state them, each with its
    posting key. Statements without a leading verb are not duties.
    """
    rows = q.duty_rows(store, role.id)
    with_duties: set[int] = set()
    duties: dict[str, list[tuple[int, str]]] = {}
    for pid, statement, verb in rows:
        if verb in _NOT_DUTIES:
            continue
        theme = _THEME_OF.get(verb, verb)
        with_duties.add(pid)
        duties.setdefault(theme, []).append((pid, statement))
    n = len(with_duties)
    # the words read as verbs inside a statement ("design *and build*"): every verb that
    # leads a duty of the role, and the verbs of every theme
    verbs = frozenset(_THEME_OF) | {verb for _, _, verb in rows}
    postings = {theme: {pid for pid, _ in items} for theme, items in duties.items()}
    ranked = sorted(postings.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    names: dict[str, tuple[str, ThemeName | None]] = {}
    candidates: dict[str, list[tuple[int, str]]] = {}
    for theme, _ in ranked:
        items = duties[theme]
        name = name_theme(items, verbs=verbs)
        if name is not None:
            label = name.label
        elif theme in THEMES:
            label = THEMES[theme][0]
        else:
            shared = Counter(statement for _, statement in dict.fromkeys(items))
            label = min(shared.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
        names[theme] = (label, name)
        candidates[theme] = quote_candidates(items, name, verbs=verbs)
    texts = q.duty_texts(store, [pair for pairs in candidates.values() for pair in pairs])
    named = {
        theme: (label, pick_quotes(candidates[theme], name, texts, verbs=verbs))
        for theme, (label, name) in names.items()
    }
    # examples: the quoted postings first, then the newest (rows are newest first)
    examples: dict[str, list[int]] = {}
    for theme, (_, quoted) in named.items():
        ex = examples.setdefault(theme, [pid for pid, _ in quoted])
        for pid, _ in duties[theme]:
            if len(ex) >= 3:
                break
            if pid not in ex:
                ex.append(pid)
    keys = q.posting_keys(store, sorted({i for ids in examples.values() for i in ids}))
    out = []
    for theme, ids in ranked:
        label, quoted = named[theme]
        share = make_share(
            theme,
            label,
            len(ids),
            n,
            [keys[i] for i in examples[theme]],
            THEMES[theme][0] if theme in THEMES else None,
        )
        share.quotes = [
            {"key": keys[pid], "text": _quote(texts.get((pid, statement), statement))}
            for pid, statement in quoted
        ]
        out.append(share)
    return out


def _education(store: Store, role: Role) -> tuple[list[Share], int]:
    counts = q.degree_counts(store, role.id)
    n = sum(c for c, _ in counts.values())
    out = [
        make_share(level, DEGREE_LABELS[level], counts[level][0], n, counts[level][1])
        for level in reversed(DEGREE_LEVELS)
        if level in counts
    ]
    return out, n


def _data_sentence(
    n: int, skills: list[Share], tools: list[Share], education: list[Share]
) -> str | None:
    if n == 0:
        return None
    top = sorted((*skills, *tools), key=lambda s: -s.count)[:3]
    if not top:
        return None
    asks = ", ".join(f"{s.label} ({s.share:.0%})" for s in top)
    lead = "Most postings ask for" if top[0].share >= 0.5 else "The skills asked for most are"
    sentence = f"{lead} {asks} (n={n} postings"
    sentence += ", small sample)." if n < SMALL_N else ")."
    if education:
        best = max(education, key=lambda s: s.count)
        sentence += (
            f" The most common minimum degree is a {best.label} ({best.share:.0%} of the "
            f"{best.n} postings that state one)."
        )
    return sentence


def _reference(store: Store, role: Role, notes: list[str]) -> dict[str, Any]:
    socs = _socs(role)
    out: dict[str, Any] = {
        "tasks": [],
        "tech": [],
        "onet_education": [],
        "bls_education": [],
        "bls_industries": [],
        "projections": [],
    }
    # the same occupation gives the same source text in every role (a report shows it once
    # for roles that share it); that a role's mapping is approximate is said with the role
    if ref.loaded_version(store, "onet"):
        for soc in socs:
            occ = ref.onet_occupation(store, soc)
            title = occ["title"] if occ else soc
            src = f"O*NET {soc} {title}"
            out["tasks"] += [{**t, "soc": soc, "source": src} for t in ref.onet_tasks(store, soc)]
            tech = ref.onet_technology_skills(store, soc)
            out["tech"] += [{**t, "soc": soc, "source": src} for t in tech[:25]]
            out["onet_education"] += [
                {**e, "soc": soc, "source": src} for e in ref.onet_education(store, soc)
            ]
    else:
        notes.append("O*NET is not loaded: run `roleatlas data pull`.")
    if ref.loaded_version(store, "projections"):
        for soc in dict.fromkeys(s[:7] for s in socs):
            proj = ref.projections(store, soc)
            if proj is None:
                continue
            src = f"BLS Employment Projections {proj['base_year']}-{proj['target_year']}"
            out["projections"].append({**proj, "source": src})
            out["bls_education"].append(
                {"soc": soc, "title": proj["title"], "education": proj["education"], "source": src}
            )
    else:
        notes.append("BLS projections are not loaded: run `roleatlas data pull`.")
    if ref.loaded_version(store, "oews"):
        for soc in dict.fromkeys(s[:7] for s in socs):
            out["bls_industries"] += [
                {**i, "soc": soc, "source": "BLS OEWS national industry staffing"}
                for i in ref.oews_industries(store, soc, limit=8)
            ]
    else:
        notes.append("BLS OEWS is not loaded: run `roleatlas data pull`.")
    return out


#: Postings of a role read as candidates for "related jobs" (the newest with a salary first).
RELATED_CANDIDATES = 200


def _related(store: Store, role: Role, limit: int) -> list[dict[str, Any]]:
    """The role's most useful example postings: with a salary stated by the employer first,
    then with a board-estimated salary, then without; within each, postings whose title
    names the role plainly (title match confidence >= 0.9) before weaker matches; then newest.

    Candidates are the :data:`RELATED_CANDIDATES` first postings in the listing order (with
    a salary, newest), read through the ``(role, salary, posted_at)`` index.
    """
    candidates = store.jobs(JobQuery(role=role.id, limit=RELATED_CANDIDATES))

    def rank(item: tuple[int, Any]) -> tuple[bool, bool, bool, int]:
        position, posting = item
        match = posting.provenance.get("role")
        weak_title = match is None or match.confidence < 0.9
        estimated = posting.salary is not None and "estimated" in posting.salary.flags
        return (posting.salary is None, estimated, weak_title, position)

    out = []
    for _, posting in sorted(enumerate(candidates), key=rank)[:limit]:
        head, details = format_listing(posting)
        out.append(
            {
                "key": f"{posting.source}:{posting.source_id}",
                "listing": [head, details],
                "url": posting.url,
            }
        )
    return out


def role_profile(store: Store, name_or_id: str | Role, *, limit: int = 15) -> RoleProfile:
    """The profile of one role, section by section.

    Parameters
    ----------
    store:
        An open store with postings and (ideally) reference data.
    name_or_id:
        A role id, display name or alias (resolved through the catalog), or a
        :class:`~roleatlas.catalog.Role`.
    limit:
        Rows per list (skills, tools, themes).

    Returns
    -------
    RoleProfile

    Raises
    ------
    InputError
        When the name is not a role of the catalog (the message suggests close names).
    """
    role = name_or_id if isinstance(name_or_id, Role) else load_catalog().resolve(name_or_id)
    # A profile is a pure function of the store, the role and the code: it is computed once
    # per store generation (see store.insights.cached) and read back afterwards.
    key = f"profile|{role.id}|{limit}|{hashlib.sha256(repr(role).encode()).hexdigest()[:12]}"
    data = q.cached(store, key, lambda: asdict(_compute_profile(store, role, limit)))
    return profile_from_dict(data)


def profile_from_dict(data: dict[str, Any]) -> RoleProfile:
    """The :class:`RoleProfile` of ``dataclasses.asdict(profile)`` (e.g. read from JSON)."""
    shares = ("responsibilities", "skills", "tools", "education", "posting_industries")
    fields = {**data, **{name: [Share(**s) for s in data[name]] for name in shares}}
    fields["soft_skills"] = [Share(**s) for s in data.get("soft_skills", [])]
    fields["salaries"] = salaries_from_dict(data["salaries"])
    return RoleProfile(**fields)


def _compute_profile(store: Store, role: Role, limit: int) -> RoleProfile:
    notes: list[str] = []
    n_postings, n_extracted = q.posting_counts(store, role.id)
    if n_postings == 0:
        layers = "the aijobs survey" if role.onet_none_close else "O*NET, BLS and the aijobs survey"
        notes.append(
            f"No postings of {role.name} are stored: posting figures are missing; the "
            f"reference layers below come from {layers}."
        )
    elif n_extracted < SMALL_N:
        notes.append(f"Only {n_extracted} postings of {role.name} were read: small sample.")
    duplicates = q.duplicate_count(store, role.id)
    if duplicates:
        notes.append(
            f"Counts are of distinct jobs: {duplicates:,} more postings of {role.name} are the "
            "same job as a counted one (on another board, or reposted) and are counted once "
            "(roleatlas dedup)."
        )
    skills, tools, soft_skills, counts = _skill_sections(store, role, n_extracted, limit)
    premium = None
    if n_extracted:
        premium, cells = premium_cells(store, role.id, [s.key for s in (*skills, *tools)])
        for share in (*skills, *tools):
            share.premium = cells.get(share.key)
    education, education_n = _education(store, role)
    ind_n, ind_rows = q.industry_counts(store, role.id)
    reference = _reference(store, role, notes)
    salaries = role_salaries(store, role)
    if salaries.survey is not None and salaries.survey.fallback_family:
        notes.append(
            f"The aijobs survey has {salaries.survey.own_n} answers for {role.name}'s titles; "
            f"survey figures use the titles of the whole '{salaries.survey.fallback_family}' "
            "family instead."
        )
    return RoleProfile(
        role={
            "id": role.id,
            "name": role.name,
            "family": role.family,
            "onet_soc": list(role.onet_soc),
            "onet_approximate": role.onet_approximate,
            "onet_none_close": role.onet_none_close,
            "aijobs_titles": list(role.aijobs_titles),
        },
        n_postings=n_postings,
        n_extracted=n_extracted,
        no_postings=n_postings == 0,
        definition=role.definition,
        data_sentence=_data_sentence(n_extracted, skills, tools, education),
        responsibilities=_themes(store, role, limit),
        onet_tasks=reference["tasks"],
        skills=skills,
        tools=tools,
        skill_counts=counts,
        onet_technology=reference["tech"],
        education=education,
        education_n=education_n,
        onet_education=reference["onet_education"],
        bls_education=reference["bls_education"],
        bls_industries=reference["bls_industries"],
        posting_industries=[make_share(i, i, c, ind_n, ex) for i, c, ex in ind_rows[:limit]],
        projections=reference["projections"],
        posting_months=[{"month": m, "postings": c} for m, c in q.posting_months(store, role.id)],
        salaries=salaries,
        related=_related(store, role, 5),
        notes=notes,
        soft_skills=soft_skills,
        premium=premium,
    )
