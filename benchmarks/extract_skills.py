"""Dictionary skill extraction throughput and coverage, in postings per second per core.

Runs :class:`roleatlas.pipeline.extract.skills.SkillMatcher` over the descriptions of
``../shared/data/postings-glassdoor`` (the speed goal is measured there) and
``postings-hn-whoishiring``, and in the same process a baseline that only lowercases each
text and runs a plain Aho-Corasick search (ahocorasick-rs, the matcher's library) over the
same forms, without word boundaries, case or context rules, overlap resolution or records. It
reports both rates and their ratio, so the figure can be compared across machines; CPU time
(``time.process_time``) gives the per-core rate. It also reports the coverage figures quoted
in ``docs/skills.md``: the share of postings with at least one skill (and with at least one
tool or technical skill) and the mean number of distinct skills per posting.

Usage: ``python benchmarks/extract_skills.py [--repeat N] [--json]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ahocorasick_rs

from roleatlas.catalog.skills import load_skills
from roleatlas.pipeline.extract.skills import SkillMatcher

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCES = ("glassdoor", "hn-whoishiring")
# Categories that are not tools or technical skills, for the "technical coverage" figure.
NON_TECH = {"soft-skill", "domain", "business", "human-language", "research", "certification"}


def descriptions(source: str) -> list[str]:
    path = SHARED / f"postings-{source}" / "postings.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = (json.loads(line) for line in fh)
        return [row["description"] for row in rows if row.get("description")]


def baseline_automaton(matcher: SkillMatcher) -> ahocorasick_rs.AhoCorasick:
    """A plain automaton over the forms the matcher knows: the floor of any dictionary pass.

    Forms of one or two characters ("r", "go") are left out: without word boundaries they
    would hit inside most words and make the baseline look slower than it is.
    """
    forms = {
        form for skill in matcher.catalog_ for form in matcher.forms(skill.id) if len(form) > 2
    }
    return ahocorasick_rs.AhoCorasick(
        sorted(forms), implementation=ahocorasick_rs.Implementation.DFA
    )


def rate(texts: list[str], work: Callable[[str], object], repeat: int) -> float:
    """Texts per CPU second, the best of ``repeat`` runs (the least disturbed by other load)."""
    best = float("inf")
    for _ in range(repeat):
        cpu = time.process_time()
        for text in texts:
            work(text)
        best = min(best, time.process_time() - cpu)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not (SHARED / "postings-glassdoor").exists():
        sys.exit(f"No postings under {SHARED}/postings-glassdoor/; nothing to measure.")
    load_cpu = time.process_time()
    matcher = SkillMatcher().load()
    load_s = time.process_time() - load_cpu
    automaton = baseline_automaton(matcher)
    category = {skill.id: skill.category for skill in load_skills()}

    def plain(text: str) -> int:
        return len(automaton.find_matches_as_indexes(text.lower(), overlapping=True))

    report: dict[str, object] = {
        "skills": len(matcher.catalog_),
        "load_cpu_s": round(load_s, 2),
        "repeat": args.repeat,
    }
    for source in SOURCES:
        texts = descriptions(source)
        found = [matcher.find(text) for text in texts]
        distinct = [{m.skill for m in mentions} for mentions in found]
        tech = [{s for s in skills if s and category[s] not in NON_TECH} for skills in distinct]
        base = rate(texts, plain, args.repeat)
        full = rate(texts, matcher.find, args.repeat)
        report[source] = {
            "postings": len(texts),
            "mean_chars": round(statistics.mean(len(text) for text in texts)),
            "baseline_postings_per_cpu_s": round(base),
            "matcher_postings_per_cpu_s": round(full),
            "matcher_vs_baseline": round(full / base, 3),
            "share_with_a_skill": round(sum(1 for s in distinct if s) / len(texts), 3),
            "share_with_a_technical_skill": round(sum(1 for s in tech if s) / len(texts), 3),
            "mean_distinct_skills": round(statistics.mean(len(s) for s in distinct), 1),
            "mean_distinct_technical_skills": round(statistics.mean(len(s) for s in tech), 1),
            "mean_mentions": round(statistics.mean(len(m) for m in found), 1),
        }
    report["goal_glassdoor_postings_per_cpu_s"] = 2000
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        if isinstance(value, dict):
            print(key)
            for name, figure in value.items():
                print(f"  {name:32} {figure}")
        else:
            print(f"{key:34} {value}")


if __name__ == "__main__":
    main()
