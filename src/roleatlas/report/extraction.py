"""Render an :class:`~roleatlas.records.Extraction` as JSON-ready dicts or readable lines."""

from __future__ import annotations

from typing import Any

from roleatlas.records import Extraction

__all__ = ["extraction_lines", "extraction_to_dict"]


def _fields(record: Any) -> dict[str, Any]:
    data = {name: getattr(record, name) for name in record.__slots__}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def extraction_to_dict(extraction: Extraction) -> dict[str, Any]:
    """The extraction as plain dicts and lists (stable keys, documented in docs/extraction.md)."""
    return {
        "version": extraction.version,
        "skills": [_fields(m) for m in extraction.skills],
        "education": [_fields(e) for e in extraction.education],
        "experience": [_fields(e) for e in extraction.experience],
        "responsibilities": [_fields(r) for r in extraction.responsibilities],
        "spans": [_fields(s) for s in extraction.spans],
    }


def _need(required: bool | None) -> str:
    return {True: "required", False: "preferred", None: "unstated"}[required]


def extraction_lines(extraction: Extraction, text: str | None = None) -> list[str]:
    """A readable view: skills grouped by section, then education, experience, duties, and
    the span tagger's phrases (quoted from ``text``, the description) when it ran."""
    from roleatlas.catalog.skills import load_skills

    catalog = load_skills()
    lines = [f"Skills and tools ({len(extraction.skills)} mentions):"]
    seen: set[tuple[str | None, str, str]] = set()
    for m in extraction.skills:
        skill = catalog.get(m.skill) if m.skill else None
        name = skill.name if skill else f"{m.text} (not in catalog)"
        key = (m.skill or m.text.lower(), m.section, _need(m.required))
        if key in seen:
            continue
        seen.add(key)
        boiler = "  [boilerplate: not counted]" if m.section in ("company", "benefits") else ""
        lines.append(f"  {name:32} {m.section:17} {_need(m.required):9} {m.layer}{boiler}")
    lines.append("Education:")
    lines.extend(
        f"  {e.level:12} {', '.join(e.fields) or '-':30} {_need(e.required):9}"
        + ("  or equivalent experience" if e.or_equivalent else "")
        for e in extraction.education
    )
    lines.append("Experience:")
    for e in extraction.experience:
        span = f"{e.min_years:g}" if e.min_years is not None else "?"
        if e.max_years is not None and e.max_years != e.min_years:
            span += f"-{e.max_years:g}"
        lines.append(f"  {span} years{' of ' + e.skill if e.skill else ''}  ({_need(e.required)})")
    lines.append("Responsibilities:")
    lines.extend(f"  - {r.statement}" for r in extraction.responsibilities)
    if extraction.spans and text is not None:
        lines.append(f"Skill and knowledge phrases (span tagger, {len(extraction.spans)}):")
        lines.extend(
            f"  {s.kind.lower():9} {' '.join(text[s.start : s.end].split())}"
            for s in extraction.spans
        )
    return lines
