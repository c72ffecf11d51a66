"""Evaluate the fit ranking: role from skills and role from résumé (``roleatlas eval fit``).

**Role from skills.** Each source family (an ATS vendor's boards, a job board, a data set)
is held out in turn: role demand is rebuilt from every *other* family's distinct postings,
and each held-out posting's title is hidden: its roles are ranked from the skills extracted
from its description alone (title mentions dropped), exactly as a résumé's skills are ranked
by :func:`roleatlas.insights.fit.rank_roles` (its ranking score,
:func:`~roleatlas.insights.fit.rank_score`, and, for comparison, the coverage score alone).
Top-1 and top-3 accuracy are against the role of its title, over the postings whose role is
rankable in that fold (at least :data:`~roleatlas.insights.fit.MIN_POSTINGS` postings in the
other families). In the same run, on the same postings and roles: a **TF-IDF nearest-role**
baseline (cosine between the description and each role's centroid of training
descriptions) and the **majority role**. The families are split in two: the ranking's
settings were chosen on :data:`DEV_FAMILIES` only and :data:`TEST_FAMILIES` report them
(families sorted by held-out postings, alternately dev and test, the largest in dev; a
family not named, e.g. a new source, counts as test).

**Role from résumé.** The UpdatedResumeDataSet résumés of ``resumes/resumes.jsonl.gz``
(distinct texts only) whose category maps to catalog roles (:data:`CATEGORY_ROLES`; a
category may accept more than one role, e.g. "Java Developer" is a software or backend
engineer), read with :func:`roleatlas.resume.read.read_resume` and ranked against the whole
store; the TF-IDF baseline is trained on every posting of the store. No setting was chosen on
the résumés. They are real people's: they are read in place and only aggregates leave this
module.
"""

from __future__ import annotations

import gzip
import json
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from roleatlas.catalog.skills import load_skills
from roleatlas.insights.fit import (
    MIN_POSTINGS,
    RankModel,
    demand_score,
    rank_model,
    rank_score,
    with_broader,
)
from roleatlas.insights.profile import SOFT_CATEGORIES
from roleatlas.store import Store
from roleatlas.store import insights as q

__all__ = [
    "CATEGORY_ROLES",
    "DEV_FAMILIES",
    "TEST_FAMILIES",
    "evaluate_fit",
    "render_fit",
    "source_family",
]

#: Source families the ranking's settings (``RANK_SMOOTHING``, ``RANK_PRIOR``) were chosen
#: on; every other family is test.
DEV_FAMILIES = ("glassdoor", "hackernews-whoishiring", "greenhouse", "adzuna-kaggle-2013")
#: Source families held out for reporting only (with any family not in DEV_FAMILIES).
TEST_FAMILIES = ("ashby", "nofluffjobs-2022", "google-careers-2018")

#: UpdatedResumeDataSet categories → the catalog roles that count as right. Categories
#: without a close catalog role (HR, Advocate, Arts, Sales, civil/mechanical/electrical
#: engineering, SAP, blockchain, operations, PMO, fitness) are left out.
CATEGORY_ROLES: dict[str, tuple[str, ...]] = {
    "Data Science": ("data-scientist",),
    "Database": ("database-administrator", "database-developer"),
    "DevOps Engineer": ("devops-engineer", "site-reliability-engineer", "platform-engineer"),
    "Hadoop": ("data-engineer", "data-platform-engineer"),
    "ETL Developer": ("etl-developer", "data-engineer", "data-warehouse-developer"),
    "Business Analyst": ("business-analyst",),
    "Java Developer": ("software-engineer", "backend-engineer"),
    "Python Developer": ("software-engineer", "backend-engineer"),
    "DotNet Developer": ("software-engineer", "backend-engineer"),
    "Testing": ("qa-engineer",),
    "Automation Testing": ("qa-engineer",),
    "Network Security Engineer": ("security-engineer",),
    "Web Designing": ("frontend-engineer",),
}

#: What each evaluation reports: the ranking score, the coverage score alone, TF-IDF
#: nearest role and the majority role.
_METHODS = ("fit", "coverage", "tfidf", "majority")
_ATS = ("ashby", "greenhouse", "lever", "workable", "smartrecruiters")
#: Longest description read by the TF-IDF baseline (characters).
_MAX_CHARS = 20_000


def source_family(source: str) -> str:
    """The family a source belongs to: an ATS vendor for its boards, else the source.

    Examples
    --------
    >>> source_family("ashby-cohere"), source_family("glassdoor")
    ('ashby', 'glassdoor')
    """
    head = source.split("-", 1)[0]
    return head if head in _ATS else source


def _rank(skills: set[str], model: RankModel, rankable: list[str]) -> list[str]:
    """Roles by the ranking score of ``skills`` (then more postings, then id), as
    :func:`roleatlas.insights.fit.rank_roles` orders them (with the broader skills the
    catalog links them to, as ``fit`` counts them)."""
    skills = with_broader(skills)
    scored = []
    for role in rankable:
        rank, _ = rank_score(model, role, skills)
        scored.append((-round(rank, 4), -model.totals[role], role))
    scored.sort()
    return [r for _, _, r in scored]


def _rank_coverage(
    skills: set[str],
    counts: dict[str, dict[str, int]],
    totals: dict[str, int],
    rankable: list[str],
) -> list[str]:
    """Roles by the coverage score alone (the ranking before the naive-Bayes score)."""
    skills = with_broader(skills)
    scored = []
    for role in rankable:
        row = counts[role]
        total = sum(row.values())
        covered = sum(row.get(s, 0) for s in skills)
        score, _, _ = demand_score(covered, total, totals[role])
        scored.append((-score, -totals[role], role))
    scored.sort()
    return [r for _, _, r in scored]


def _tfidf(train: list[tuple[str, str]], roles: list[str]) -> Any:
    """A TF-IDF vectorizer and one L2-normalized centroid per role of ``train``."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

    vec = TfidfVectorizer(
        sublinear_tf=True, min_df=2, max_df=0.5, stop_words="english", max_features=50_000
    )
    texts = [t[:_MAX_CHARS] for _, t in train]
    x = vec.fit_transform(texts)
    labels = np.array([r for r, _ in train])
    rows = []
    for role in roles:
        mask = labels == role
        rows.append(np.asarray(x[mask].mean(axis=0)).ravel())
    centroids = normalize(np.vstack(rows))
    return vec, centroids


def _tfidf_rank(vec: Any, centroids: Any, roles: list[str], texts: list[str]) -> list[list[str]]:
    import numpy as np

    x = vec.transform([t[:_MAX_CHARS] for t in texts])
    sims = np.asarray(x @ centroids.T)
    order = np.argsort(-sims, axis=1, kind="stable")[:, :3]
    return [[roles[i] for i in row] for row in order]


def _score(ranks: list[list[str]], gold: list[set[str]]) -> dict[str, Any]:
    n = len(gold)
    top1 = sum(1 for r, g in zip(ranks, gold, strict=True) if r[:1] and r[0] in g)
    top3 = sum(1 for r, g in zip(ranks, gold, strict=True) if set(r[:3]) & g)
    return {
        "n": n,
        "top1": top1 / n if n else None,
        "top3": top3 / n if n else None,
        "top1_count": top1,
        "top3_count": top3,
    }


def role_from_skills(store: Store) -> dict[str, Any]:
    """Leave-one-source-family-out accuracy of ranking roles from a posting's skills."""
    soft = sorted(s.id for s in load_skills() if s.category in SOFT_CATEGORIES)
    n_by, counts_by = q.source_role_skill_counts(store, soft)
    families: dict[str, list[str]] = defaultdict(list)
    for source, _ in n_by:
        if source not in families[source_family(source)]:
            families[source_family(source)].append(source)
    all_n: Counter[str] = Counter()
    all_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for (_source, role), n in n_by.items():
        all_n[role] += n
    for (_source, role, skill), c in counts_by.items():
        all_counts[role][skill] += c
    folds = []
    ranks: dict[str, dict[str, list[list[str]]]] = {
        split: {m: [] for m in _METHODS} for split in ("dev", "test", "all")
    }
    golds: dict[str, list[set[str]]] = {"dev": [], "test": [], "all": []}
    for family in sorted(families):
        sources = sorted(families[family])
        held_n: Counter[str] = Counter()
        held_counts: dict[str, Counter[str]] = defaultdict(Counter)
        for (source, role), n in n_by.items():
            if source in sources:
                held_n[role] += n
        for (source, role, skill), c in counts_by.items():
            if source in sources:
                held_counts[role][skill] += c
        totals = {r: all_n[r] - held_n[r] for r in all_n}
        counts = {r: dict(all_counts[r] - held_counts[r]) for r in all_counts}
        rankable = sorted(r for r, n in totals.items() if n >= MIN_POSTINGS and counts.get(r))
        rows = [row for row in q.heldout_rows(store, sources, soft) if row[2] in rankable]
        if not rows or len(rankable) < 2:
            continue
        started = time.perf_counter()
        model = rank_model(counts, totals)
        fit_ranks = [_rank(row[4], model, rankable)[:3] for row in rows]
        fit_seconds = time.perf_counter() - started
        cover_ranks = [_rank_coverage(row[4], counts, totals, rankable)[:3] for row in rows]
        train = _train_texts(store, sources, rankable)
        vec, centroids = _tfidf(train, rankable)
        tfidf_ranks = _tfidf_rank(vec, centroids, rankable, [row[3] for row in rows])
        majority = sorted(rankable, key=lambda r: (-totals[r], r))[:3]
        gold = [{row[2]} for row in rows]
        split = "dev" if family in DEV_FAMILIES else "test"
        by_method = {
            "fit": fit_ranks,
            "coverage": cover_ranks,
            "tfidf": tfidf_ranks,
            "majority": [majority] * len(rows),
        }
        folds.append(
            {
                "family": family,
                "split": split,
                "sources": len(sources),
                "held_out": len(rows),
                "no_skills": sum(1 for row in rows if not row[4]),
                "roles": len(rankable),
                **{m: _score(by_method[m], gold) for m in _METHODS},
                "fit_ms_per_posting": round(1000 * fit_seconds / len(rows), 3),
            }
        )
        for part in (split, "all"):
            for m in _METHODS:
                ranks[part][m] += by_method[m]
            golds[part] += gold
    out: dict[str, Any] = {"folds": folds}
    for part in ("dev", "test"):
        out[part] = {m: _score(ranks[part][m], golds[part]) for m in _METHODS}
    out.update({m: _score(ranks["all"][m], golds["all"]) for m in _METHODS})
    return out


def _train_texts(store: Store, held: list[str], roles: list[str]) -> list[tuple[str, str]]:
    """``(role, description)`` of the distinct postings of ``roles`` outside ``held``."""
    marks = ", ".join("?" for _ in held)
    rmarks = ", ".join("?" for _ in roles)
    rows = store.conn.execute(
        f"SELECT role, coalesce(description, '') FROM postings WHERE duplicate_of IS NULL "
        f"AND extract_version IS NOT NULL AND role IN ({rmarks}) AND source NOT IN ({marks}) "
        f"ORDER BY id",
        (*roles, *held),
    )
    return [(str(r), str(d)) for r, d in rows]


def _resumes(data: Path) -> list[tuple[str, str]]:
    """``(category, text)`` of the distinct UpdatedResumeDataSet résumés (read in place)."""
    path = data / "resumes" / "resumes.jsonl.gz"
    seen: set[str] = set()
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("source") != "updatedresumedataset":
                continue
            text = str(row.get("text") or "")
            key = " ".join(text.split())
            if not key or key in seen:
                continue
            seen.add(key)
            out.append((str(row.get("category") or ""), text))
    return out


def role_from_resume(store: Store, data: Path) -> dict[str, Any]:
    """Top-1/top-3 role accuracy on the mapped UpdatedResumeDataSet categories."""
    from roleatlas.insights.fit import _resume_skills
    from roleatlas.resume.read import read_resume

    soft = sorted(s.id for s in load_skills() if s.category in SOFT_CATEGORIES)
    rows = _resumes(data)
    totals = {r: e for r, (_, e) in q.role_posting_totals(store).items()}
    rankable = sorted(r for r, n in totals.items() if n >= MIN_POSTINGS)
    # a category counts only when one of its roles can be ranked at all (enough postings)
    scorable = {c for c, roles in CATEGORY_ROLES.items() if set(roles) & set(rankable)}
    mapped = [(c, t) for c, t in rows if c in scorable]
    not_rankable = sum(1 for c, _ in rows if c in CATEGORY_ROLES and c not in scorable)
    skip = set(soft)
    counts = {
        r: {str(s): int(c) for s, c in q.role_skill_counts(store, r) if s not in skip}
        for r in sorted(totals)
        if totals[r]
    }
    model = rank_model(counts, totals)
    fit_ranks, cover_ranks, gold, no_skills = [], [], [], 0
    for category, text in mapped:
        resume = read_resume(text.encode("utf-8"), filename="resume.txt")
        skills = set(_resume_skills(resume))
        no_skills += not skills
        fit_ranks.append(_rank(skills, model, rankable)[:3])
        cover_ranks.append(_rank_coverage(skills, counts, totals, rankable)[:3])
        gold.append(set(CATEGORY_ROLES[category]))
    train = _train_texts(store, [""], rankable)
    vec, centroids = _tfidf(train, rankable)
    tfidf_ranks = _tfidf_rank(vec, centroids, rankable, [t for _, t in mapped])
    majority = sorted(rankable, key=lambda r: (-totals[r], r))[:3]
    by_category = {}
    for category in sorted({c for c, _ in mapped}):
        idx = [i for i, (c, _) in enumerate(mapped) if c == category]
        by_category[category] = {
            "n": len(idx),
            "fit_top3": _score([fit_ranks[i] for i in idx], [gold[i] for i in idx])["top3"],
            "coverage_top3": _score([cover_ranks[i] for i in idx], [gold[i] for i in idx])["top3"],
            "tfidf_top3": _score([tfidf_ranks[i] for i in idx], [gold[i] for i in idx])["top3"],
        }
    unmapped = Counter(c for c, _ in rows if c not in CATEGORY_ROLES)
    return {
        "distinct_resumes": len(rows),
        "mapped": len(mapped),
        "unmapped_categories": len(unmapped),
        "not_rankable": not_rankable,
        "no_skills": no_skills,
        "roles": len(rankable),
        "fit": _score(fit_ranks, gold),
        "coverage": _score(cover_ranks, gold),
        "tfidf": _score(tfidf_ranks, gold),
        "majority": _score([majority] * len(mapped), gold),
        "by_category": by_category,
    }


def evaluate_fit(store: Store, data: Path | None = None) -> dict[str, Any]:
    """Both evaluations (role from résumé only when ``data`` holds the résumés)."""
    started = time.perf_counter()
    report: dict[str, Any] = {"role_from_skills": role_from_skills(store)}
    if data is not None and (data / "resumes" / "resumes.jsonl.gz").exists():
        report["role_from_resume"] = role_from_resume(store, data)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def _fmt(s: dict[str, Any]) -> str:
    if not s["n"]:
        return "n/a"
    return f"top-1 {s['top1']:.3f} ({s['top1_count']}/{s['n']}), top-3 {s['top3']:.3f}"


def render_fit(report: dict[str, Any]) -> str:
    """The evaluation as plain text (aggregates only)."""
    lines = [
        "Role from skills (leave one source family out; titles hidden; "
        "fit = ranking score, coverage = coverage score alone)"
    ]
    r = report["role_from_skills"]
    for f in r["folds"]:
        lines.append(
            f"  {f['family']} ({f['split']}): {f['held_out']} postings, {f['roles']} roles, "
            f"{f['no_skills']} without skills"
        )
        for name in _METHODS:
            lines.append(f"    {name:8} {_fmt(f[name])}")
    for part, label in (("dev", "dev folds"), ("test", "test folds"), (None, "all folds")):
        lines.append(f"  {label}:")
        scores = r[part] if part else r
        for name in _METHODS:
            lines.append(f"    {name:8} {_fmt(scores[name])}")
    if "role_from_resume" in report:
        s = report["role_from_resume"]
        lines.append(
            f"Role from résumé (UpdatedResumeDataSet: {s['mapped']} of "
            f"{s['distinct_resumes']} distinct résumés in mapped categories with a rankable "
            f"role, {s['not_rankable']} more whose roles have too few postings; "
            f"{s['roles']} roles)"
        )
        for name in _METHODS:
            lines.append(f"    {name:8} {_fmt(s[name])}")
        for category, c in s["by_category"].items():
            lines.append(
                f"    {category}: n={c['n']}, fit top-3 {c['fit_top3']:.2f}, coverage top-3 "
                f"{c['coverage_top3']:.2f}, tfidf top-3 {c['tfidf_top3']:.2f}"
            )
    lines.append(f"({report['seconds']} s)")
    return "\n".join(lines)
