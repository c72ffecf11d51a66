"""Extraction: read skills, education, experience and responsibilities out of a posting.

Composes the extractors; each mention gets the posting section it sits in and whether it is
required or preferred. Mentions in company boilerplate and benefits are kept (with that
section) but do not count in any figure.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import TYPE_CHECKING

from roleatlas.records import (
    EducationRequirement,
    ExperienceRequirement,
    Extraction,
    Responsibility,
    SkillMention,
    SkillSpan,
)

if TYPE_CHECKING:
    from roleatlas.pipeline.extract.skills import SkillMatcher
    from roleatlas.pipeline.sections import Section

__all__ = ["EXTRACTOR_VERSION", "SPANS_BY_DEFAULT", "extract_text", "extract_version"]

#: Bump when an extractor changes its output; together with the skill catalog's hash it
#: forms :func:`extract_version`, so ``roleatlas reextract`` knows what is stale.
EXTRACTOR_VERSION = 3

#: Whether :func:`extract_text` (and so ``ingest``) runs the span tagger when not told. On:
#: it costs about 0.3 ms per posting and ingest with it stays above 500 postings/s per core
#: (docs/benchmarks.md); ``ingest --no-spans`` turns it off.
SPANS_BY_DEFAULT = True


@lru_cache(maxsize=8)
def extract_version(learned: bool = False, spans: bool | None = None) -> str:
    """``"<extractor version>:<catalog hash>[+learned][+spans]"`` for the current code and
    catalog."""
    from importlib.resources import files

    blob = files("roleatlas.catalog").joinpath("skills.toml").read_bytes()
    digest = hashlib.blake2b(blob, digest_size=4).hexdigest()
    if spans is None:
        spans = SPANS_BY_DEFAULT
    return (
        f"{EXTRACTOR_VERSION}:{digest}"
        + ("+learned" if learned else "")
        + ("+spans" if spans else "")
    )


def extract_text(
    title: str | None,
    description: str | None,
    *,
    learned: bool = False,
    spans: bool | None = None,
) -> Extraction:
    """Extract everything from one posting's title and description.

    Parameters
    ----------
    title, description:
        The posting's text; either may be missing.
    learned:
        Also run the learned CRF layer for skills outside the catalog (slower; its spans
        become mentions with ``skill=None``).
    spans:
        Run the span tagger (:mod:`roleatlas.pipeline.extract.span_tagger`):
        ``Extraction.spans`` holds the skill and knowledge phrases it marks, catalogued or not.
        ``None``: :data:`SPANS_BY_DEFAULT`.

    Returns
    -------
    Extraction
        Skill mentions carry offsets into ``description`` (title mentions get section
        ``"title"`` and offsets into the title).
    """
    from roleatlas.pipeline.extract.skills import default_matcher

    matcher = default_matcher()
    skills: list[SkillMention] = []
    if title:
        skills.extend(
            SkillMention(skill, title[start:end], start, end, "dictionary", "title", None, conf)
            for start, end, skill, conf in matcher.spans(title)
        )
    if spans is None:
        spans = SPANS_BY_DEFAULT
    text = description or ""
    if not text.strip():
        return Extraction(skills=skills, version=EXTRACTOR_VERSION)
    if learned:  # not cached: the learned layer's model depends on the configuration
        part = _from_description(text, matcher, learned=True, spans=spans)
    else:
        part = _cached_description(text, matcher, spans)
    found, education, experience, responsibilities, tagged = part
    skills.extend(found)
    return Extraction(
        skills=skills,
        education=list(education),
        experience=list(experience),
        responsibilities=list(responsibilities),
        version=EXTRACTOR_VERSION,
        spans=list(tagged),
    )


_DescriptionPart = tuple[
    tuple[SkillMention, ...],
    tuple[EducationRequirement, ...],
    tuple[ExperienceRequirement, ...],
    tuple[Responsibility, ...],
    tuple[SkillSpan, ...],
]


def _from_description(
    text: str, matcher: SkillMatcher, *, learned: bool, spans: bool = True
) -> _DescriptionPart:
    """Everything :func:`extract_text` reads from a (non-empty) description."""
    from roleatlas.pipeline.extract.education import extract_education
    from roleatlas.pipeline.extract.experience import extract_experience
    from roleatlas.pipeline.extract.responsibilities import extract_responsibilities
    from roleatlas.pipeline.sections import mention_levels, split_sections

    sections = split_sections(text)
    # (start, end, skill, text, layer, confidence); records are built once, with their section
    found: list[tuple[int, int, str | None, str, str, float]] = [
        (start, end, skill, text[start:end], "dictionary", conf)
        for start, end, skill, conf in matcher.spans(text)
    ]
    tagged: tuple[SkillSpan, ...] = ()
    if spans:
        tagged = _tag_counted_sections(text, sections, [(f[0], f[1]) for f in found])
    if learned:
        from importlib import import_module

        # imported by name: the learned layer needs its optional dependencies
        find_spans = import_module("roleatlas.pipeline.extract.learned").find_spans

        covered = [(f[0], f[1]) for f in found]
        found.extend(
            (span.start, span.end, span.skill, span.text, span.layer, span.confidence)
            for span in find_spans(text)
            if not any(s < span.end and span.start < e for s, e in covered)
        )
    levels = mention_levels(text, sections, [(f[0], f[1]) for f in found])
    return (
        tuple(
            SkillMention(skill, piece, start, end, layer, section, required, conf)
            for (start, end, skill, piece, layer, conf), (section, required) in zip(
                found, levels, strict=True
            )
        ),
        tuple(extract_education(text, sections)),
        tuple(extract_experience(text, sections)),
        tuple(extract_responsibilities(text, sections)),
        tagged,
    )


def _tag_counted_sections(
    text: str, sections: list[Section], marked: list[tuple[int, int]]
) -> tuple[SkillSpan, ...]:
    """The span tagger's phrases in the sections whose mentions count (not the company blurb
    or the benefits: nothing there is counted, and skipping them saves a quarter of the
    text)."""
    from roleatlas.pipeline.extract.span_tagger import default_span_tagger
    from roleatlas.pipeline.sections import UNCOUNTED_SECTIONS

    ranges: list[tuple[int, int]] = []
    for section in sections:
        if section.name in UNCOUNTED_SECTIONS:
            continue
        if ranges and ranges[-1][1] == section.start:
            ranges[-1] = (ranges[-1][0], section.end)
        else:
            ranges.append((section.start, section.end))
    if not ranges:
        return ()
    return tuple(
        SkillSpan(a, b, kind) for a, b, kind in default_span_tagger().offsets(text, marked, ranges)
    )


# Postings often repeat a description (one job posted in several places or scraped twice:
# about 6% of the shared postings, mostly within a few hundred postings of each other).
@lru_cache(maxsize=1024)
def _cached_description(text: str, matcher: SkillMatcher, spans: bool = True) -> _DescriptionPart:
    return _from_description(text, matcher, learned=False, spans=spans)
