"""Résumé reading against the DataTurks "Entity Recognition in Resumes" annotations.

The résumés are real people's: this module reads them in place and returns aggregates only
(counts and rates), never a résumé's text, name or id.

Data: ``resumes.jsonl.gz`` (``../shared/data/resumes``), rows with ``source ==
"dataturks-resume-ner"``; ``extra.entities`` holds the annotators' spans (``label``,
``start``, ``end_inclusive``, ``text``, ``offset_matches``). A span whose offsets do not match
its text (about 6%) is located by its first occurrence in the text instead.

Split: a résumé is ``dev`` when the first byte of ``sha256(id)`` is even, else ``test``. The
reading rules were tuned on ``dev`` only.

Scores
------
* **Skills** (résumés with at least one ``Skills`` span). A predicted skill is correct when
  one of its catalog spellings (:meth:`~roleatlas.pipeline.extract.skills.SkillMatcher.forms`)
  is contained, ignoring case and at word boundaries, in the text of a ``Skills`` span.
  Annotators labelled the skills section, so a skill named only in a job's description counts
  against precision: the figure is a lower bound. Recall is over the gold *items*: each
  ``Skills`` span cut at commas, semicolons, slashes, bullets, parentheses and line breaks
  into items of one to five words; an item is found when a predicted skill's spelling is
  contained in it. ``catalog_recall`` is the same over the items the catalog can name at all
  (the matcher finds a skill in the item alone), which separates reading from catalog coverage.
* **Degrees**. A predicted degree is correct when its line holds (part of) a ``Degree``
  span; a ``Degree`` span is found when a predicted degree quotes one of its lines.
* **Titles held** (``Designation``). Predicted titles are the positions' titles and the
  header's headline, distinct after casefolding; a predicted and a gold title match when one
  contains the other (whitespace and edge punctuation ignored).
* **Years of experience** (résumés with a ``Years of Experience`` span, read with
  :func:`~roleatlas.resume.extract.parse_duration`; the largest when several): the stated years
  when the résumé states them, else the years from dated positions, within ±1 year. Dated
  positions are counted up to the résumé's own date: the end of the latest year it names
  (the DataTurks résumés were written 2010–2018, so today's date would inflate every
  "Present").
"""

from __future__ import annotations

import bisect
import functools
import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from roleatlas.errors import EvaluationError
from roleatlas.resume.extract import extract_resume, parse_duration
from roleatlas.resume.model import Resume

__all__ = ["SPLITS", "evaluate_resumes", "resume_split"]

SPLITS = ("dev", "test", "all")
_SOURCE = "dataturks-resume-ner"
_ITEM_SPLIT_RE = re.compile(r"[,;/\n•|()\[\]{}:]|\s[-–]\s|\band\b|\s{2,}", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")


def resume_split(resume_id: str) -> str:
    """``"dev"`` or ``"test"``: a fixed half of the résumés, from a hash of the id.

    Examples
    --------
    >>> resume_split("dt-0") in ("dev", "test")
    True
    """
    return "dev" if hashlib.sha256(resume_id.encode()).digest()[0] % 2 == 0 else "test"


@dataclass
class _Count:
    correct_pred: int = 0
    pred: int = 0
    found_gold: int = 0
    gold: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        return {
            "predicted": self.pred,
            "gold": self.gold,
            "precision": _rate(self.correct_pred, self.pred),
            "recall": _rate(self.found_gold, self.gold),
            **self.extra,
        }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _rows(data: Path) -> list[dict[str, Any]]:
    path = data / "resumes.jsonl.gz" if data.is_dir() else data
    if not path.exists():
        raise EvaluationError(
            f"No résumé file at {str(path)!r}. Pass --data with the folder holding "
            "resumes.jsonl.gz (../shared/data/resumes)."
        )
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            rows = [json.loads(line) for line in lines if line.strip()]
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluationError(
            f"{path} cannot be read as gzipped JSON Lines ({type(exc).__name__})."
        ) from None
    found = [
        row
        for row in rows
        if isinstance(row, dict)
        and row.get("source") == _SOURCE
        and isinstance(row.get("text"), str)
        and isinstance((row.get("extra") or {}).get("entities"), list)
    ]
    if not found:
        raise EvaluationError(
            f"{path} holds no DataTurks résumés (source {_SOURCE!r} with extra.entities)."
        )
    return found


def _norm(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .,;:-–()|*")


def _contains(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` at word boundaries (both already casefolded)."""
    return bool(needle) and needle in haystack and _bounded(needle).search(haystack) is not None


@functools.lru_cache(maxsize=8192)
def _bounded(needle: str) -> re.Pattern[str]:
    left = r"(?<![\w])" if needle[0].isalnum() else ""
    right = r"(?![\w])" if needle[-1].isalnum() else ""
    return re.compile(left + re.escape(needle) + right)


def _span_lines(text: str, starts: list[int], entity: dict[str, Any]) -> set[int]:
    """1-based lines an entity covers (by its offsets, or where its text first occurs)."""
    piece = str(entity.get("text") or "")
    begin = entity.get("start")
    if not entity.get("offset_matches") or not isinstance(begin, int):
        begin = text.find(piece)
        if begin < 0 or not piece.strip():
            return set()
    end = begin + len(piece)
    first = bisect.bisect_right(starts, begin)
    last = bisect.bisect_right(starts, max(begin, end - 1))
    return set(range(first, last + 1))


def _reference_date(text: str) -> date:
    years = [int(y) for y in _YEAR_RE.findall(text) if int(y) <= 2019]
    return date(max(years), 12, 31) if years else date(2018, 12, 31)


def _skill_items(spans: list[str]) -> list[str]:
    items: dict[str, None] = {}
    for span in spans:
        for piece in _ITEM_SPLIT_RE.split(span):
            item = _norm(piece)
            if item and 1 <= len(item.split()) <= 5 and not item.isdigit() and len(item) > 1:
                items.setdefault(item, None)
    return list(items)


def evaluate_resumes(data: Path, *, split: str = "dev") -> dict[str, Any]:
    """Precision and recall of résumé reading on the DataTurks résumés of one split.

    Parameters
    ----------
    data:
        The folder holding ``resumes.jsonl.gz`` (or the file).
    split:
        ``dev`` (the rules were tuned on it), ``test`` or ``all``.

    Returns
    -------
    dict
        Aggregates only: ``resumes`` and per task (``skills``, ``degrees``, ``titles``,
        ``years``) the counts and rates described in the module docstring.

    Raises
    ------
    EvaluationError
        If the file is missing or holds no DataTurks résumés, or ``split`` is unknown.
    """
    from roleatlas.pipeline.extract.skills import default_matcher, normalize_form

    if split not in SPLITS:
        raise EvaluationError(f"Unknown split {split!r}. Use one of: {', '.join(SPLITS)}.")
    matcher = default_matcher()
    rows = [r for r in _rows(data) if split == "all" or resume_split(str(r.get("id"))) == split]
    skills, degrees, titles = _Count(), _Count(), _Count()
    catalog_items = catalog_found = 0
    years_n = years_ok = stated_n = stated_ok = dated_n = dated_ok = 0
    for row in rows:
        text: str = row["text"]
        entities = [e for e in row["extra"]["entities"] if isinstance(e, dict)]
        resume = extract_resume(text, today=_reference_date(text))
        forms = {
            s.skill: [normalize_form(f) for f in matcher.forms(s.skill)] for s in resume.skills
        }

        by_label: dict[str, list[dict[str, Any]]] = {}
        for entity in entities:
            by_label.setdefault(str(entity.get("label")), []).append(entity)

        gold_skills = [normalize_form(str(e.get("text") or "")) for e in by_label.get("Skills", [])]
        if gold_skills:
            skills.pred += len(forms)
            skills.correct_pred += sum(
                any(_contains(span, f) for span in gold_skills for f in fs) for fs in forms.values()
            )
            for item in _skill_items(gold_skills):
                skills.gold += 1
                hit = any(_contains(item, f) for fs in forms.values() for f in fs)
                skills.found_gold += hit
                if matcher.spans(item):
                    catalog_items += 1
                    catalog_found += hit

        _score_degrees(resume, text, by_label.get("Degree", []), degrees)
        _score_titles(resume, by_label.get("Designation", []), titles)

        gold_years = [
            parse_duration(str(e.get("text") or ""))
            for e in by_label.get("Years of Experience", [])
        ]
        gold = max((y for y in gold_years if y is not None), default=None)
        if gold is not None:
            years_n += 1
            predicted = (
                resume.stated_years if resume.stated_years is not None else resume.years_experience
            )
            years_ok += predicted is not None and abs(predicted - gold) <= 1
            if resume.stated_years is not None:
                stated_n += 1
                stated_ok += abs(resume.stated_years - gold) <= 1
            if resume.years_experience is not None:
                dated_n += 1
                dated_ok += abs(resume.years_experience - gold) <= 1

    skills.extra = {
        "catalog_items": catalog_items,
        "catalog_recall": _rate(catalog_found, catalog_items),  # type: ignore[dict-item]
    }
    return {
        "split": split,
        "resumes": len(rows),
        "skills": skills.report(),
        "degrees": degrees.report(),
        "titles": titles.report(),
        "years": {
            "resumes": years_n,
            "within_1": _rate(years_ok, years_n),
            "stated": stated_n,
            "stated_within_1": _rate(stated_ok, stated_n),
            "dated": dated_n,
            "dated_within_1": _rate(dated_ok, dated_n),
        },
    }


def _score_degrees(resume: Resume, text: str, spans: list[dict[str, Any]], count: _Count) -> None:
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    gold = [lines for lines in (_span_lines(text, starts, e) for e in spans) if lines]
    gold_lines = set().union(*gold) if gold else set()
    pred_lines = {d.evidence.line for d in resume.degrees}
    count.pred += len(resume.degrees)
    count.correct_pred += sum(d.evidence.line in gold_lines for d in resume.degrees)
    count.gold += len(gold)
    count.found_gold += sum(bool(lines & pred_lines) for lines in gold)


def _score_titles(resume: Resume, spans: list[dict[str, Any]], count: _Count) -> None:
    gold = {_norm(str(e.get("text") or "")) for e in spans} - {""}
    held = [job.title for job in resume.jobs]
    if resume.headline is not None:
        held.append(resume.headline.title)
    pred = {_norm(title) for title in held} - {""}

    def match(a: str, b: str) -> bool:
        return a == b or (min(len(a), len(b)) >= 3 and (a in b or b in a))

    count.pred += len(pred)
    count.correct_pred += sum(any(match(p, g) for g in gold) for p in pred)
    count.gold += len(gold)
    count.found_gold += sum(any(match(p, g) for p in pred) for g in gold)
