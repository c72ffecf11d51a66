"""Posting descriptions as safe HTML, with the extracted skills highlighted.

A description is untrusted: it may be plain text or HTML copied from a job board, including
``<script>`` elements and event-handler attributes. :func:`description_html` keeps only a
small set of formatting tags (links keep a safe ``href`` and get ``rel="noopener ..."``) and
drops everything else with :mod:`nh3`.

Skill mentions carry character offsets into the stored description, so ``<mark>`` elements
are inserted at those offsets *before* sanitizing, and the sanitizer's output is used as is:
whatever a description contains, the page gets only what :mod:`nh3` lets through. Mentions
that overlap markup are not marked, so marks do not straddle elements.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import nh3
from markupsafe import Markup

from roleatlas.records import SkillMention

__all__ = ["ALLOWED_TAGS", "MARK_CLASSES", "description_html", "sanitize_html"]

#: Formatting tags a description may keep; every other tag is removed (its text stays,
#: except for script and style, whose content goes too).
ALLOWED_TAGS = frozenset(
    {"a", "b", "br", "code", "em", "i", "li", "mark", "ol", "p", "strong", "u", "ul"}
)
#: Classes of ``<mark>``: whether the posting requires the skill, prefers it, or neither.
MARK_CLASSES = {True: "skill-required", False: "skill-preferred", None: "skill"}

_ATTRIBUTES = {"a": {"href"}}
_CLASSES = {"mark": set(MARK_CLASSES.values())}
_SCHEMES = {"http", "https", "mailto"}
_REL = "noopener noreferrer nofollow"
# Anything an HTML parser could read as markup: tags, comments, doctype.
_MARKUP = re.compile(r"<[/!?a-zA-Z][^>]*>?")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def sanitize_html(text: str) -> str:
    """``text`` with only :data:`ALLOWED_TAGS` left and no attribute but a safe ``href``.

    Examples
    --------
    >>> sanitize_html('<p onclick="x()">Hi<script>alert(1)</script></p><img src=x onerror=y>')
    '<p>Hi</p>'
    >>> sanitize_html("5 < 6 & <b>bold</b>")
    '5 &lt; 6 &amp; <b>bold</b>'
    """
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes=_ATTRIBUTES,
        allowed_classes=_CLASSES,
        url_schemes=_SCHEMES,
        link_rel=_REL,
        url_relative="deny",
        strip_comments=True,
    )


def _markable(text: str, mentions: Sequence[SkillMention]) -> list[SkillMention]:
    """Mentions that can be marked: in order, inside the text, matching the text at their
    offsets, overlapping neither each other nor any markup."""
    blocked = [(m.start(), m.end()) for m in _MARKUP.finditer(text)]
    out: list[SkillMention] = []
    last_end = 0
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.section == "title" or not (0 <= m.start < m.end <= len(text)):
            continue
        if m.start < last_end or text[m.start : m.end].lower() != m.text.lower():
            continue
        if any(s < m.end and m.start < e for s, e in blocked):
            continue
        out.append(m)
        last_end = m.end
    return out


def description_html(text: str | None, mentions: Sequence[SkillMention] = ()) -> Markup:
    """The description as sanitized HTML with each skill mention in ``<mark>``.

    Parameters
    ----------
    text:
        The stored description (plain text or HTML; untrusted).
    mentions:
        Skill mentions with offsets into ``text`` (title mentions are ignored). A mark's
        class is one of :data:`MARK_CLASSES`.

    Returns
    -------
    Markup
        Safe to insert into a page as is.

    Examples
    --------
    >>> m = SkillMention("python", "Python", 10, 16, required=True)
    >>> str(description_html("Must know Python<script>x</script>", [m]))
    'Must know <mark class="skill-required">Python</mark>'
    """
    if not text:
        return Markup("")
    parts: list[str] = []
    pos = 0
    for m in _markable(text, mentions):
        parts += [
            text[pos : m.start],
            f'<mark class="{MARK_CLASSES[m.required]}">',
            text[m.start : m.end],
            "</mark>",
        ]
        pos = m.end
    parts.append(text[pos:])
    # the page shows line breaks (white-space: pre-line): no more than one blank line
    return Markup(_BLANK_LINES.sub("\n\n", sanitize_html("".join(parts))))
