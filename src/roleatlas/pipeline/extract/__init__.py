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
)

if TYPE_CHECKING:
    from roleatlas.pipeline.extract.skills import SkillMatcher

__all__ = ["EXTRACTOR_VERSION", "extract_text", "extract_version"]

#: Bump when an extractor changes its output; together with the skill catalog's hash it
#: forms :func:`extract_version`, so ``roleatlas reextract`` knows what is stale.
EXTRACTOR_VERSION = 1


@lru_cache(maxsize=4)
def extract_version(learned: bool = False) -> str:
    """``"<extractor version>:<catalog hash>[+learned]"`` for the current code and catalog."""
    from importlib.resources import files

    blob = files("roleatlas.catalog").joinpath("skills.toml").read_bytes()
    digest = hashlib.blake2b(blob, digest_size=4).hexdigest()
    return f"{EXTRACTOR_VERSION}:{digest}" + ("+learned" if learned else "")


def extract_text(
    title: str | None, description: str | None, *, learned: bool = False
) -> Extraction:
    """Extract everything from one posting's title and description.

    Parameters
    ----------
    title, description:
        The posting's text; either may be missing.
    learned:
        Also run the learned span layer for skills outside the catalog (slower).

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
    text = description or ""
    if not text.strip():
        return Extraction(skills=skills, version=EXTRACTOR_VERSION)
    if learned:  # not cached: the learned layer's model depends on the configuration
        part = _from_description(text, matcher, learned=True)
    else:
        part = _cached_description(text, matcher)
    found, education, experience, responsibilities = part
    skills.extend(found)
    return Extraction(
        skills=skills,
        education=list(education),
        experience=list(experience),
        responsibilities=list(responsibilities),
        version=EXTRACTOR_VERSION,
    )


_DescriptionPart = tuple[
    tuple[SkillMention, ...],
    tuple[EducationRequirement, ...],
    tuple[ExperienceRequirement, ...],
    tuple[Responsibility, ...],
]


def _from_description(text: str, matcher: SkillMatcher, *, learned: bool) -> _DescriptionPart:
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
    )


# Postings often repeat a description (one job posted in several places or scraped twice:
# about 6% of the shared postings, mostly within a few hundred postings of each other).
@lru_cache(maxsize=1024)
def _cached_description(text: str, matcher: SkillMatcher) -> _DescriptionPart:
    return _from_description(text, matcher, learned=False)
