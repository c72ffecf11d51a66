"""Ingest summaries for people: many sources grouped by family so a table stays short."""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["COUNT_KEYS", "group_sources"]

#: The counts of one source in an ingest summary.
COUNT_KEYS = ("new", "updated", "unchanged", "rejected")
_FAMILY = re.compile(r"[:\-]")


def group_sources(
    per_source: Mapping[str, Mapping[str, int]], most: int = 15
) -> list[tuple[str, dict[str, int]]]:
    """Rows of an ingest summary: one per source, or, past ``most`` sources, one per family
    of sources (the name up to its first ``:`` or ``-``: ``ashby-cohere`` → ``ashby``),
    labelled with how many sources it holds, largest families first.

    Examples
    --------
    >>> rows = {f"ashby-{i}": {"new": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    ...         for i in range(20)}
    >>> rows["hackernews-whoishiring"] = {"new": 5, "updated": 0, "unchanged": 0, "rejected": 1}
    >>> group_sources(rows)
    [('ashby (20 sources)', {'new': 20, 'updated': 0, 'unchanged': 0, 'rejected': 0}), ('hackernews-whoishiring', {'new': 5, 'updated': 0, 'unchanged': 0, 'rejected': 1})]
    """  # noqa: E501
    if len(per_source) <= most:
        return [
            (name, {k: counts.get(k, 0) for k in COUNT_KEYS}) for name, counts in per_source.items()
        ]
    families: dict[str, tuple[list[str], dict[str, int]]] = {}
    for name, counts in per_source.items():
        family = _FAMILY.split(name, maxsplit=1)[0] or name
        names, total = families.setdefault(family, ([], dict.fromkeys(COUNT_KEYS, 0)))
        names.append(name)
        for key in COUNT_KEYS:
            total[key] += counts.get(key, 0)
    ordered = sorted(families.items(), key=lambda kv: (-len(kv[1][0]), kv[0]))
    return [
        (names[0] if len(names) == 1 else f"{family} ({len(names)} sources)", total)
        for family, (names, total) in ordered
    ]
