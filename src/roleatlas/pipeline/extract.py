"""Extraction: read skills, education, experience and responsibilities out of a posting.

Composes the extractors; each mention gets the posting section it sits in and whether it is
required or preferred. Mentions in company boilerplate and benefits are kept (with that
section) but do not count in any figure.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from roleatlas.records import Extraction, SkillMention

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
    from roleatlas.pipeline.extract_education import extract_education
    from roleatlas.pipeline.extract_experience import extract_experience
    from roleatlas.pipeline.extract_responsibilities import extract_responsibilities
    from roleatlas.pipeline.extract_skills import default_matcher
    from roleatlas.pipeline.sections import requirement_level, section_at, split_sections

    matcher = default_matcher()
    skills: list[SkillMention] = []
    if title:
        skills.extend(
            SkillMention(m.skill, m.text, m.start, m.end, m.layer, "title", None, m.confidence)
            for m in matcher.find(title)
        )
    text = description or ""
    if not text.strip():
        return Extraction(skills=skills, version=EXTRACTOR_VERSION)
    sections = split_sections(text)
    found = matcher.find(text)
    if learned:
        from importlib import import_module

        # imported by name: the learned layer needs its optional dependencies
        find_spans = import_module("roleatlas.pipeline.extract_learned").find_spans

        covered = [(m.start, m.end) for m in found]
        found.extend(
            span
            for span in find_spans(text)
            if not any(s < span.end and span.start < e for s, e in covered)
        )
    for m in found:
        section = section_at(sections, m.start)
        # boilerplate never counts, so its requirement level is not worth reading
        required = (
            None
            if section in ("company", "benefits")
            else requirement_level(text, m.start, m.end, section)
        )
        # built directly: dataclasses.replace costs more than the matching itself
        skills.append(
            SkillMention(m.skill, m.text, m.start, m.end, m.layer, section, required, m.confidence)
        )
    return Extraction(
        skills=skills,
        education=extract_education(text, sections),
        experience=extract_experience(text, sections),
        responsibilities=extract_responsibilities(text, sections),
        version=EXTRACTOR_VERSION,
    )
