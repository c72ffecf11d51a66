"""Make data safe for the place it is shown: a terminal, a spreadsheet or a Markdown document.

Posting data comes from the outside world, so a title may hold terminal escape sequences,
spreadsheet formulas or Markdown and HTML. Every face passes data through one of these pure
functions before it writes it:

* :func:`terminal_safe` drops escape sequences and control characters (a face that prints
  with ``rich`` also keeps data out of its markup, e.g. by wrapping it in ``rich.text.Text``);
* :func:`spreadsheet_safe` neutralizes cells that a spreadsheet would read as a formula
  (OWASP "CSV Injection");
* :func:`markdown_escape` and :func:`markdown_link` write data into Markdown so that it reads
  as the same text under any CommonMark or GitHub-flavoured renderer, never as markup or HTML.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

__all__ = [
    "json_controls_escaped",
    "markdown_escape",
    "markdown_link",
    "safe_url",
    "spreadsheet_safe",
    "terminal_safe",
]

# Whole escape sequences first, so that their parameters do not stay behind as text:
# CSI (ESC [ or C1 0x9b) up to its final byte; OSC, DCS, SOS, PM and APC strings (ESC ] P X ^ _
# or C1 0x9d 0x90 0x98 0x9e 0x9f) up to BEL or ST (ESC \ or 0x9c), or to the end of the line
# when unterminated; any other ESC with its intermediate and final bytes.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# What is left: C0 controls but tab and newline, DEL, C1 controls, and the Unicode bidi
# controls (embeddings, overrides, isolates, marks) that can make a terminal show text in
# another order than it is stored ("Trojan Source", CVE-2021-42574).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` without escape sequences and control characters (tab and newline kept).

    Drops ANSI/VT escape sequences whole (CSI such as ``ESC[2J``, OSC such as hyperlinks
    ``ESC]8;;url BEL``), then every other C0 control (carriage return included, which can
    overwrite a line), DEL, C1 controls and the Unicode bidirectional controls.

    Examples
    --------
    >>> terminal_safe("Acme\\x1b[2J\\x1b]8;;http://evil\\x07 Corp\\x1b]8;;\\x07\\r!")
    'Acme Corp!'
    >>> terminal_safe("Data\\u202eScientist\\tTeam\\n")
    'DataScientist\\tTeam\\n'
    """
    if not _CONTROL.search(text):  # the common case: no copy
        return text
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def json_controls_escaped(json_text: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with DEL, C1 and bidi
    controls written as ``\\uXXXX`` escapes too, so the same data reaches a terminal inert.

    ``json.dumps`` escapes only C0 controls; the others can occur only inside strings, where
    an escape decodes to the same character, so nothing is lost.

    Examples
    --------
    >>> import json
    >>> text = json.dumps({"t": "a\\x1b[2J\\x9b2J\\u202eb"}, ensure_ascii=False)
    >>> print(json_controls_escaped(text))
    {"t": "a\\u001b[2J\\u009b2J\\u202eb"}
    """
    return _JSON_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


_JSON_CONTROL = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """``value`` prefixed with ``'`` when a spreadsheet would read it as a formula.

    Follows the OWASP CSV injection guidance exactly: a cell that starts with ``=``, ``+``,
    ``-``, ``@``, tab or carriage return gets a leading single quote, so Excel, LibreOffice
    and Google Sheets show it as text. A plain negative number such as ``-2`` is prefixed
    too; quoting of separators and double quotes is left to the ``csv`` writer.

    Examples
    --------
    >>> spreadsheet_safe('=HYPERLINK("http://evil.example","x")')
    '\\'=HYPERLINK("http://evil.example","x")'
    >>> spreadsheet_safe("-2+3"), spreadsheet_safe("Data Scientist"), spreadsheet_safe("")
    ("'-2+3", 'Data Scientist', '')
    """
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


# Characters escaped wherever they are: a backslash, and the ones that start emphasis, code,
# links and images, headings (a trailing "#" run closes an ATX heading), table cells and
# GFM strikethrough. "<", ">" and "&" become character references instead, so no raw HTML,
# autolink or entity can form. Parentheses need no escape: without an unescaped "[" they
# cannot be a link destination.
_INLINE = re.compile(r"[\\`*_\[\]#|!~]")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_CHARS = re.compile(r"[&<>]")
# What makes a line a block of its own when it starts it: a list item ("-", "+", "1." or
# "1)"), a setext underline or thematic break ("=", "-"). "#", ">", "*", "_", "`", "~" and
# "<" are escaped everywhere already.
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)]))")
_SPACE = re.compile(r"\s+")


def markdown_escape(text: str, *, block: bool = False) -> str:
    """``text`` escaped to read as itself in Markdown (CommonMark and GitHub-flavoured).

    Control characters are dropped (see :func:`terminal_safe`) and every run of whitespace,
    newlines included, becomes one space, so the text stays in its paragraph, list item or
    table cell. Markdown punctuation is backslash-escaped and ``& < >`` become character
    references, so the result renders as the original text and never as HTML, links,
    images, emphasis or code.

    Parameters
    ----------
    text:
        The data to write.
    block:
        ``True`` when the text starts a line (a paragraph or a list item's content): a
        leading ``-``, ``+``, ``=`` or ``1.`` is escaped too, so it cannot start a list, a
        heading underline or a thematic break.

    Examples
    --------
    >>> markdown_escape("<script>alert(1)</script> | [x](javascript:alert(1))")
    '&lt;script&gt;alert(1)&lt;/script&gt; \\\\| \\\\[x\\\\](javascript:alert(1))'
    >>> markdown_escape("1. O*NET", block=True)
    '1\\\\. O\\\\*NET'
    """
    text = _SPACE.sub(" ", terminal_safe(text)).strip()
    text = _INLINE.sub(lambda m: "\\" + m.group(), text)
    text = _HTML_CHARS.sub(lambda m: _HTML[m.group()], text)
    if block:
        text = _BLOCK_START.sub(
            lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text
        )
    return text


# Kept as they are in a link destination: RFC 3986 reserved and unreserved characters and "%"
# (so an already encoded URL is not encoded twice). Everything else, including spaces,
# parentheses, "<", ">", quotes, backslashes and non-ASCII, is percent-encoded.
_URL_SAFE = "/:?#[]@!$&*+,;=%~-._"


def safe_url(url: str | None) -> str | None:
    """``url`` ready for a Markdown link destination, or ``None`` if it is not http(s).

    Only absolute ``http`` and ``https`` URLs with a host pass (never ``javascript:``,
    ``data:`` or relative links). Characters that could end or change the destination are
    percent-encoded, and ``&`` is backslash-escaped so no character reference is decoded.

    Examples
    --------
    >>> safe_url("https://jobs.example/a b(1)")
    'https://jobs.example/a%20b%281%29'
    >>> safe_url("javascript:alert(1)") is None, safe_url(" JavaScript:x") is None
    (True, True)
    """
    if not url:
        return None
    url = terminal_safe(url).strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an invalid IPv6 host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=_URL_SAFE).replace("&", "\\&")


def markdown_link(text: str, url: str | None) -> str:
    """A Markdown link to ``url`` showing ``text``, or the escaped text alone when the URL is
    not a safe http(s) URL (see :func:`safe_url`).

    Examples
    --------
    >>> markdown_link("Data [Scientist]", "https://jobs.example/1?a=1&b=2")
    '[Data \\\\[Scientist\\\\]](https://jobs.example/1?a=1\\\\&b=2)'
    >>> markdown_link("x", "javascript:alert(1)")
    'x'
    """
    label = markdown_escape(text)
    target = safe_url(url)
    if target is None or not label:
        return label
    return f"[{label}]({target})"
