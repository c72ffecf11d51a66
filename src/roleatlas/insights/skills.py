"""Which skills and tools the postings of a role ask for, with shares and intervals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roleatlas.catalog.skills import load_skills
from roleatlas.insights.stats import wilson_interval
from roleatlas.store import Store

__all__ = ["SkillShare", "top_skills"]


@dataclass(frozen=True, slots=True)
class SkillShare:
    """A skill's share of postings: ``postings`` of ``n`` mention it (95% Wilson interval)."""

    skill: str
    name: str
    category: str
    postings: int
    n: int
    share: float
    low: float
    high: float


def top_skills(
    store: Store,
    *,
    role: str | None = None,
    sources: Sequence[str] | None = None,
    limit: int = 30,
    categories: Sequence[str] | None = None,
) -> tuple[int, list[SkillShare]]:
    """The skills most often asked for by the postings of ``role`` (all roles if ``None``).

    Mentions in company boilerplate and benefits do not count.

    Returns
    -------
    (n, shares)
        ``n`` postings considered and the top ``limit`` skills, most frequent first.
    """
    catalog = load_skills()
    n, counts = store.skill_counts(role=role, sources=sources)
    shares: list[SkillShare] = []
    for skill_id, count in counts:
        skill = catalog.get(skill_id)
        if skill is None or (categories and skill.category not in categories):
            continue
        low, high = wilson_interval(count, n)
        shares.append(
            SkillShare(skill_id, skill.name, skill.category, count, n, count / n, low, high)
        )
        if len(shares) >= limit:
            break
    return n, shares
