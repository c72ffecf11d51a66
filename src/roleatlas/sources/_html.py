"""HTML to plain text for posting descriptions, keeping paragraphs and list items as lines.

Descriptions from JSON-LD and the ATS APIs are HTML. Downstream stages (skills, education,
experience) read them line by line, so block structure matters: paragraphs and headings are
separated by a blank line, each list item becomes its own ``- item`` line, ``<br>`` is a line
break and everything else is inline text with HTML whitespace rules.
"""

from __future__ import annotations

import html
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser

__all__ = ["html_to_text"]

# Elements whose content is never text a reader sees.
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object"}
)
# Blocks that get a blank line around them (outside list items).
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre"}
)
# Blocks that start on a new line.
_BLOCK = frozenset(
    {
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "dt",
        "dd",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "form",
        "fieldset",
        "figure",
        "figcaption",
        "address",
        "hr",
        "details",
        "summary",
        "caption",
    }
)
_CELL = frozenset({"td", "th"})

_TAG = re.compile(r"<\s*/?\s*[A-Za-z!]")
# Lone surrogates (from JSON "\\ud800" escapes) cannot be encoded for the HTML parser.
_SURROGATE = re.compile("[\\ud800-\\udfff]")
_SPACE = re.compile(r"[^\S\n]+")
_MANY_BREAKS = re.compile(r"\n{3,}")


def _looks_like_html(text: str) -> bool:
    return _TAG.search(text) is not None


def _plain(text: str) -> str:
    """Tidy text that holds no tags: unescape entities, keep its line breaks."""
    text = html.unescape(text).replace("\xa0", " ")
    lines = [_SPACE.sub(" ", line).strip() for line in text.splitlines()]
    return _MANY_BREAKS.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str | None) -> str | None:
    """Turn an HTML fragment into plain text with one line per paragraph or list item.

    Text without tags is returned tidied but with its own line breaks. HTML that arrives
    entity-escaped (``&lt;p&gt;``, as Greenhouse sends it) is unescaped first.

    Parameters
    ----------
    markup : str or None
        An HTML fragment or document, or plain text.

    Returns
    -------
    str or None
        The text, or ``None`` when nothing readable is left.

    Examples
    --------
    >>> html_to_text("<p>About us</p><ul><li>Python</li><li><p>SQL</p></li></ul>")
    'About us\\n\\n- Python\\n- SQL'
    >>> html_to_text("&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;")
    'Hello & welcome'
    """
    if markup is None:
        return None
    if not _looks_like_html(markup):
        if "&lt;" in markup and _looks_like_html(html.unescape(markup)):
            markup = html.unescape(markup)
        else:
            return _plain(markup) or None
    root = LexborHTMLParser(_SURROGATE.sub("\ufffd", markup)).body
    if root is None:
        return None
    text = _Writer().run(root)
    return text or None


class _Writer:
    """Walk a parsed tree once and collect text with pending line breaks.

    Breaks are not written when a block starts or ends but remembered (``_breaks``) and
    written before the next text, so empty blocks and nested blocks do not pile up blank
    lines, and a list item's bullet stays on the line of its first text.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._breaks = 0
        self._prefix = ""
        self._in_item = 0
        self._in_pre = 0

    def _need(self, breaks: int) -> None:
        if self._in_item and not self._prefix:
            breaks = min(breaks, 1)
        if self._prefix:
            return
        self._breaks = max(self._breaks, breaks)

    def _text(self, text: str) -> None:
        if not self._in_pre:
            text = _SPACE.sub(" ", text.replace("\n", " "))
            if not self._parts or self._breaks or self._prefix:
                text = text.lstrip()
        if not text:
            return
        if self._parts:
            self._parts.append("\n" * self._breaks)
        self._parts.append(self._prefix + text)
        self._breaks = 0
        self._prefix = ""

    def _enter(self, tag: str) -> None:
        if tag == "li":
            self._need(1)
            self._breaks = max(self._breaks, 1)
            self._prefix = "- "
            self._in_item += 1
        elif tag == "br":
            if self._parts:
                self._breaks = min(self._breaks + 1, 2)
        elif tag in _PARAGRAPH:
            self._need(2)
        elif tag in _BLOCK:
            self._need(1)
        elif tag in _CELL:
            if self._parts and not self._breaks:
                self._parts.append(" ")
        if tag == "pre":
            self._in_pre += 1

    def _exit(self, tag: str) -> None:
        if tag == "li":
            self._in_item -= 1
            self._prefix = ""
            self._need(1)
        elif tag in _PARAGRAPH:
            self._need(2)
        elif tag in _BLOCK:
            self._need(1)
        if tag == "pre":
            self._in_pre -= 1

    def run(self, root: Any) -> str:
        # An explicit stack instead of recursion: deeply nested markup must not overflow.
        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            tag = node.tag
            if leaving:
                self._exit(tag)
                continue
            if node.is_text_node:
                self._text((node.text_content or "").replace("\xa0", " "))
                continue
            if tag in _SKIP or tag.startswith("-"):
                continue
            if node is not root:
                self._enter(tag)
                stack.append((node, True))
            children = []
            child = node.first_child
            while child is not None:
                children.append(child)
                child = child.next
            stack.extend((c, False) for c in reversed(children))
        lines = [line.rstrip() for line in "".join(self._parts).split("\n")]
        lines = [line for line in lines if line != "-"]
        return _MANY_BREAKS.sub("\n\n", "\n".join(lines)).strip()
