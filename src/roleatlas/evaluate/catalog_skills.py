"""Evaluate the catalog skills stored for each posting, against hand labels.

Comparisons and role pages count *catalog skills*: the ids of ``catalog/skills.toml`` that
:func:`roleatlas.pipeline.extract.extract_text` finds in a posting's title and description,
leaving out mentions in company boilerplate and benefits (the sections that never count,
:data:`roleatlas.pipeline.sections.UNCOUNTED_SECTIONS`). This module measures how often such
a skill is right and how many of the skills a posting asks for the catalog holds and the
extractor finds.

The sample (:func:`draw_sample`, seeded) takes :data:`PER_FAMILY` postings from each source
family of :data:`~roleatlas.evaluate.fields.SOURCE_DIRS` (ATS AI boards, Glassdoor, HN,
Adzuna UK, No Fluff Jobs, Google careers; USAJOBS has no descriptions), among those whose
description has at least :data:`MIN_CHARS` characters. Within each family the postings are
ordered by a seeded hash of their id; the first half is ``dev`` (catalog and extractor fixes
may be tuned on it), the rest ``test`` (read only to report).

The labels (``tests/data/catalog_skill_labels.jsonl``) hold one JSON object per line:

- ``id``: ``"<source>:<row id>"`` of a ``postings-*/postings.jsonl.gz`` row; ``split``;
- ``asked``: the catalog ids of the skills, tools, technologies and knowledge areas the
  posting asks of a candidate (required, preferred, or named as the tools of the work), not
  those of the company's product blurb or benefits; alternatives ("Python or R") all count;
- ``not_in_catalog``: short names of the asked skills the catalog has no entry for;
- ``judged``: each counted catalog skill the extractor found, ``true`` when the posting asks
  for it; ``revised``: corrections of ``asked`` made after seeing the extractor's output,
  each naming the slip; ``note``: optional.

They were made in two passes so that the extractor's output would not anchor them: ``asked``
and ``not_in_catalog`` were written from the posting's text alone, before the extractor was
run on it; then each counted mention was judged. No posting text is kept: the data licences
forbid copying it. The labels are ours: one annotator (the agent that wrote this module), no
second reading and no agreement figure, so a skill the annotator overlooked or read
differently moves the figures; treat them as a careful first estimate, not a gold standard.

Scores per split (``dev``, ``test``, ``all``), with catalog skills counted once per posting:

- ``precision``: counted catalog skills in ``asked`` / counted catalog skills;
- ``recall`` (extractor recall): ``asked`` skills found / ``asked`` skills;
- ``coverage`` (catalog coverage): ``asked`` / (``asked`` + ``not_in_catalog``);
- ``misses_per_posting``: mean number of ``not_in_catalog`` names per posting;
- ``precision_ci``, ``recall_ci``, ``coverage_ci``: Wilson 95% intervals
  (:func:`~roleatlas.evaluate.fields.wilson_interval`);
- ``false_positives``, ``missed``, ``gaps``: the most frequent wrong skills, asked skills not
  found and names outside the catalog, with their counts;
- ``unjudged``: counted skills that ``judged`` does not list. Scores read ``asked`` only, so
  when the catalog or the extractor changes, a newly found skill is scored without a new
  judgement: re-read the postings whose skills are unjudged before trusting a moved figure.

Conventions the labels follow: a catalog id is chosen by its concept, looking up names and
aliases; alternatives ("Python or R") and degree subjects ("a degree in Statistics") count as
asked knowledge; tools named as the stack of the work count; a broader id is not added when
a more specific one already covers the phrase ("database design" is data modeling, not also
databases); "explain findings to non-technical audiences" is communication, not presentation
skills; soft skills count only when the catalog has them.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from roleatlas.catalog.skills import load_skills
from roleatlas.errors import EvaluationError
from roleatlas.evaluate._io import family_rows, read_label_lines
from roleatlas.evaluate.fields import SOURCE_DIRS, source_family, wilson_interval
from roleatlas.pipeline.extract import extract_text

# The pipeline's own rule for the sections whose mentions never count (a private name:
# importing it keeps this evaluation in step when the rule changes).
from roleatlas.pipeline.sections import UNCOUNTED_SECTIONS
from roleatlas.records import Extraction, RawPosting
from roleatlas.sources.jsonl import parse_jsonl_record

__all__ = [
    "MIN_CHARS",
    "PER_FAMILY",
    "counted_skills",
    "draw_sample",
    "evaluate_catalog_skills",
    "read_labels",
    "read_postings",
    "score_labels",
]

#: Postings drawn per source family.
PER_FAMILY = 10

#: Shortest description drawn, in characters: shorter ones rarely state skills.
MIN_CHARS = 400

#: How many of the most frequent false positives, misses and catalog gaps are reported.
TOP = 12

_SPLITS = ("dev", "test", "all")
_SOURCE_KEYS = ("postings", "precision", "recall", "coverage", "misses_per_posting")
_KEYS = {"id", "split", "asked", "not_in_catalog", "judged", "revised", "note"}

Extract = Callable[[str | None, str | None], Extraction]


def read_postings(shared_dir: Path, families: Iterable[str]) -> dict[str, RawPosting]:
    """The postings of the ``families`` folders of ``shared_dir``, by ``"<source>:<id>"``.

    Each row is read as ingest reads a JSON Lines posting
    (:func:`~roleatlas.sources.jsonl.parse_jsonl_record`).

    Raises
    ------
    EvaluationError
        If a family is unknown, or its file is missing or cannot be read.
    """
    postings: dict[str, RawPosting] = {}
    for path, line_no, row in family_rows(shared_dir, families, SOURCE_DIRS, option="--shared"):
        raw = parse_jsonl_record(row, origin=f"{path}:{line_no}")
        if isinstance(raw, RawPosting):
            postings[f"{raw.source}:{raw.source_id}"] = raw
    return postings


def _hash(seed: int, key: str) -> str:
    return hashlib.blake2b(f"{seed}:{key}".encode(), digest_size=8).hexdigest()


def draw_sample(
    shared_dir: Path, *, per_family: int = PER_FAMILY, seed: int = 13
) -> list[tuple[str, str]]:
    """The postings to label: ``(id, split)`` pairs, reproducibly.

    For each source family, ``per_family`` postings drawn (seeded) among those whose
    description has at least :data:`MIN_CHARS` characters; ordered by a seeded hash of the
    id, the first half is ``dev`` and the rest ``test``. The same data and seed give the same
    sample.
    """
    postings = read_postings(shared_dir, SOURCE_DIRS)
    picked: list[tuple[str, str]] = []
    for family in SOURCE_DIRS:
        pool = sorted(
            key
            for key, raw in postings.items()
            if source_family(key) == family and len((raw.description or "").strip()) >= MIN_CHARS
        )
        chosen = random.Random(f"{seed}:{family}").sample(pool, min(per_family, len(pool)))
        chosen.sort(key=lambda key: _hash(seed, key))
        half = (len(chosen) + 1) // 2
        picked.extend((key, "dev" if i < half else "test") for i, key in enumerate(chosen))
    return picked


def counted_skills(extraction: Extraction) -> set[str]:
    """The distinct catalog ids an extraction counts: boilerplate and benefits left out.

    >>> from roleatlas.records import SkillMention
    >>> counted_skills(Extraction(skills=[
    ...     SkillMention("python", "Python", 0, 6, section="requirements"),
    ...     SkillMention("sql", "SQL", 9, 12, section="benefits"),
    ...     SkillMention(None, "prompting", 20, 29, layer="learned")]))
    {'python'}
    """
    return {
        m.skill
        for m in extraction.skills
        if m.skill is not None and m.section not in UNCOUNTED_SECTIONS
    }


def read_labels(path: Path) -> list[dict[str, Any]]:
    """The labels of ``path`` (see the module docstring), checked for shape.

    Raises
    ------
    EvaluationError
        If the file is missing, a line is not a label, or an id is labelled twice.
    """
    labels: list[dict[str, Any]] = []
    seen: set[str] = set()
    hint = "tests/data/catalog_skill_labels.jsonl"
    for line_no, _, label in read_label_lines(path, hint=hint):
        where = f"Line {line_no} of {path}"
        if not isinstance(label, dict) or not isinstance(label.get("id"), str):
            raise EvaluationError(f"{where} must be an object with an 'id' string.")
        if label.get("split") not in ("dev", "test"):
            raise EvaluationError(f"{where} needs a 'split' of dev or test.")
        unknown = set(label) - _KEYS
        if unknown:
            raise EvaluationError(
                f"{where} has unknown keys {sorted(unknown)}. Use only {sorted(_KEYS)}."
            )
        for key in ("asked", "not_in_catalog"):
            values = label.get(key)
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise EvaluationError(f"{where} needs '{key}' as a list of strings.")
        judged = label.get("judged", {})
        if not isinstance(judged, dict) or not all(isinstance(v, bool) for v in judged.values()):
            raise EvaluationError(f"{where} needs 'judged' as an object of true/false.")
        if label["id"] in seen:
            raise EvaluationError(f"{where} labels {label['id']!r} a second time.")
        seen.add(label["id"])
        labels.append(label)
    return labels


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def score_labels(
    labels: Iterable[Mapping[str, Any]], found: Mapping[str, set[str]]
) -> dict[str, Any]:
    """Score the counted catalog skills ``found`` per posting id against ``labels``.

    Parameters
    ----------
    labels:
        Label objects (see the module docstring); ``id``, ``asked``, ``not_in_catalog`` and
        ``judged`` (optional) are read.
    found:
        The distinct counted catalog ids of each labelled posting.

    Returns
    -------
    dict
        ``postings``, ``counted``, ``correct``, ``asked``, ``found``, ``not_in_catalog``
        (counts), ``precision``, ``recall``, ``coverage``, ``misses_per_posting``, their
        Wilson intervals ``precision_ci``, ``recall_ci``, ``coverage_ci``,
        ``false_positives``, ``missed``, ``gaps``: ``[name, count]`` pairs, most frequent
        first (ties by name), and ``unjudged`` (counted skills ``judged`` does not list).

    Examples
    --------
    >>> r = score_labels([{"id": "a", "asked": ["python", "sql"], "not_in_catalog": ["dbx"]}],
    ...                  {"a": {"python", "r"}})
    >>> r["precision"], r["recall"], r["coverage"], r["misses_per_posting"]
    (0.5, 0.5, 0.667, 1.0)
    """
    postings = counted = correct = asked = hits = gaps_n = unjudged = 0
    wrong: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    gaps: Counter[str] = Counter()
    for label in labels:
        got = found.get(label["id"], set())
        gold = set(label["asked"])
        outside = {name.casefold() for name in label["not_in_catalog"]}
        postings += 1
        counted += len(got)
        correct += len(got & gold)
        asked += len(gold)
        hits += len(gold & got)
        gaps_n += len(outside)
        unjudged += len(got - set(label.get("judged", {})))
        wrong.update(got - gold)
        missed.update(gold - got)
        gaps.update(outside)

    def top(counter: Counter[str]) -> list[list[Any]]:
        return [[k, n] for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]

    return {
        "postings": postings,
        "counted": counted,
        "correct": correct,
        "asked": asked,
        "found": hits,
        "not_in_catalog": gaps_n,
        "precision": _ratio(correct, counted),
        "precision_ci": wilson_interval(correct, counted),
        "recall": _ratio(hits, asked),
        "recall_ci": wilson_interval(hits, asked),
        "coverage": _ratio(asked, asked + gaps_n),
        "coverage_ci": wilson_interval(asked, asked + gaps_n),
        "misses_per_posting": _ratio(gaps_n, postings),
        "false_positives": top(wrong),
        "missed": top(missed),
        "gaps": top(gaps),
        "unjudged": unjudged,
    }


def evaluate_catalog_skills(
    shared_dir: Path, labels_path: Path, *, extract: Extract = extract_text
) -> dict[str, Any]:
    """Score the counted catalog skills of each labelled posting, per split.

    Parameters
    ----------
    shared_dir:
        The folder holding the ``postings-*`` data sets (``../shared/data``).
    labels_path:
        The labels (``tests/data/catalog_skill_labels.jsonl``).
    extract:
        ``(title, description) -> Extraction``; by default the extraction ingest runs,
        :func:`~roleatlas.pipeline.extract.extract_text` with its defaults.

    Returns
    -------
    dict
        ``dev``, ``test`` and ``all``: the scores of :func:`score_labels`; ``by_source``: per
        source family (both splits), ``postings``, ``precision``, ``recall``, ``coverage`` and
        ``misses_per_posting``; ``seconds``: the time the extraction took.

    Raises
    ------
    EvaluationError
        If the data or the labels cannot be read, a labelled id is not in the data, or a
        label names a skill id the catalog does not have.
    """
    labels = read_labels(labels_path)
    catalog = load_skills()
    for label in labels:
        unknown = [s for s in [*label["asked"], *label.get("judged", {})] if s not in catalog]
        if unknown:
            raise EvaluationError(
                f"The label of {label['id']!r} names {unknown}, not ids of the skill catalog. "
                "Move them to 'not_in_catalog' or fix the ids."
            )
    postings = read_postings(shared_dir, {source_family(lab["id"]) for lab in labels})
    found: dict[str, set[str]] = {}
    started = time.perf_counter()
    for label in labels:
        raw = postings.get(label["id"])
        if raw is None:
            raise EvaluationError(
                f"The labelled posting {label['id']!r} is not in the data under {shared_dir}."
            )
        found[label["id"]] = counted_skills(extract(raw.title, raw.description))
    seconds = round(time.perf_counter() - started, 2)
    report: dict[str, Any] = {
        split: score_labels([lab for lab in labels if split in ("all", lab["split"])], found)
        for split in _SPLITS
    }
    by_source: dict[str, dict[str, Any]] = {}
    for family in sorted({source_family(lab["id"]) for lab in labels}):
        scores = score_labels([lab for lab in labels if source_family(lab["id"]) == family], found)
        by_source[family] = {key: scores[key] for key in _SOURCE_KEYS}
    report["by_source"] = by_source
    report["seconds"] = seconds
    return report
