"""The profile of one role: per section, the evidence from postings and reference data.

Every figure carries its ``n``; figures with ``n`` below :data:`SMALL_N` are flagged
``small_sample`` and still shown; shares cite up to three example postings
(``"source:source_id"``). Reference layers (O*NET, BLS, aijobs survey) are labelled by their
source and never mixed with posting figures. A role without postings still gets its reference
layers and ``no_postings`` is set.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from roleatlas.catalog import Role, load_catalog
from roleatlas.catalog.skills import load_skills
from roleatlas.insights.salaries import SMALL_N, RoleSalaries, role_salaries
from roleatlas.insights.stats import wilson_interval
from roleatlas.records import DEGREE_LEVELS
from roleatlas.report.listing import format_listing
from roleatlas.store import JobQuery, Store
from roleatlas.store import insights as q
from roleatlas.store import reference as ref

__all__ = [
    "DEGREE_LABELS",
    "SMALL_N",
    "TOOL_CATEGORIES",
    "Share",
    "RoleProfile",
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

#: Display labels of the degree levels.
DEGREE_LABELS = {
    "none": "no degree",
    "high_school": "high school",
    "associate": "associate degree",
    "bachelor": "bachelor's degree",
    "master": "master's degree",
    "phd": "PhD",
}

_STOP = frozenset(
    "a an the and or of to for in on with by from into across our your their its as at "
    "that this these those be is are all any new other using use via within between "
    "including such more high".split()
)
_WORD = re.compile(r"[a-z][a-z0-9+#.-]*")


@dataclass(slots=True)
class Share:
    """``count`` of ``n`` postings (``share``, 95% Wilson ``low``-``high``) have ``key``."""

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
    skills, education and duties. Reference sections are ``None`` or empty when the data set
    is not loaded; ``notes`` say what is missing.
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


def _socs(role: Role) -> list[str]:
    out: list[str] = []
    for soc in role.onet_soc:
        if soc not in out:
            out.append(soc)
    return out


def _skill_sections(
    store: Store, role: Role, n: int, limit: int
) -> tuple[list[Share], list[Share], dict[str, int]]:
    catalog = load_skills()
    pairs = q.role_skill_counts(store, role.id)
    counts = {s: c for s, c in pairs if s in catalog}
    skills: list[tuple[str, int]] = []
    tools: list[tuple[str, int]] = []
    for skill_id, count in pairs:
        skill = catalog.get(skill_id)
        if skill is None:
            continue
        target = tools if skill.category in TOOL_CATEGORIES else skills
        if len(target) < limit:
            target.append((skill_id, count))
    examples = q.skill_examples(store, role.id, [s for s, _ in (*skills, *tools)])

    def shares(items: list[tuple[str, int]]) -> list[Share]:
        out = []
        for skill_id, count in items:
            skill = catalog.get(skill_id)
            assert skill is not None
            out.append(
                make_share(skill_id, skill.name, count, n, examples.get(skill_id), skill.category)
            )
        return out

    return shares(skills), shares(tools), counts


def _themes(store: Store, role: Role, limit: int) -> list[Share]:
    """Responsibility themes: the leading verb plus the words most often following it."""
    rows = q.responsibility_rows(store, role.id)
    with_duties = {key for key, _, _ in rows}
    n = len(with_duties)
    by_verb: dict[str, set[str]] = {}
    words: dict[str, Counter[str]] = {}
    examples: dict[str, list[str]] = {}
    for key, statement, verb in rows:
        tokens = _WORD.findall(statement.lower())
        lead = (verb or (tokens[0] if tokens else "")).lower()
        if not lead:
            continue
        by_verb.setdefault(lead, set()).add(key)
        seen = words.setdefault(lead, Counter())
        seen.update({t for t in tokens[1:] if t not in _STOP and len(t) > 2 and t != lead})
        ex = examples.setdefault(lead, [])
        if key not in ex and len(ex) < 3:
            ex.append(key)
    ranked = sorted(by_verb.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    out = []
    for verb, keys in ranked:
        top = [w for w, _ in words[verb].most_common(3)]
        label = verb.capitalize() + (f": {', '.join(top)}" if top else "")
        out.append(make_share(verb, label, len(keys), n, examples[verb]))
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
    label = " (approximate mapping)" if role.onet_approximate else ""
    if ref.loaded_version(store, "onet"):
        for soc in socs:
            occ = ref.onet_occupation(store, soc)
            title = occ["title"] if occ else soc
            src = f"O*NET {soc} {title}{label}"
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


def _related(store: Store, role: Role, limit: int) -> list[dict[str, Any]]:
    out = []
    for posting in store.jobs(JobQuery(role=role.id, limit=limit)):
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
    notes: list[str] = []
    n_postings, n_extracted = q.posting_counts(store, role.id)
    if n_postings == 0:
        notes.append(
            f"No postings of {role.name} are stored: posting figures are missing; the "
            "reference layers below come from O*NET, BLS and the aijobs survey."
        )
    elif n_extracted < SMALL_N:
        notes.append(f"Only {n_extracted} postings of {role.name} were read: small sample.")
    skills, tools, counts = _skill_sections(store, role, n_extracted, limit)
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
    )
