"""Tests for roleatlas.sources._html (HTML descriptions to text)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roleatlas.sources._html import html_to_text


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<p>About <b>us</b> &amp; you</p>", "About us & you"),
        ("<ul><li>Python</li><li>SQL</li></ul>", "- Python\n- SQL"),
        # Lever wraps list items in paragraphs; the bullet stays with its text.
        ("<div>\n\n<li>\n<p>Build</p>\n</li>\n<li>\n<p>Ship</p>\n</li></div>", "- Build\n- Ship"),
        ("<h2>Role</h2><p>Text</p><ul><li>a</li></ul><p>After</p>", "Role\n\nText\n\n- a\n\nAfter"),
        ("line<br>break<br><br>para", "line\nbreak\n\npara"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
        ("<p>x</p><script>var a = 1;</script><style>p {}</style>", "x"),
        ("<p>non&nbsp;breaking</p>", "non breaking"),
        ("<pre>keep\n  this</pre>", "keep\n  this"),
        # Escaped HTML (Greenhouse) is unescaped once.
        ("&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two &amp;amp; three&lt;/p&gt;", "One\n\nTwo & three"),
        # Plain text keeps its own line breaks.
        ("First line\nSecond &amp; line\n\n\n\nThird", "First line\nSecond & line\n\nThird"),
        ("<p>   </p><div></div>", None),
        ("", None),
    ],
)
def test_html_to_text(markup: str, text: str | None) -> None:
    assert html_to_text(markup) == text


def test_none() -> None:
    assert html_to_text(None) is None


def test_deep_nesting_does_not_overflow() -> None:
    markup = "<div>" * 5000 + "deep" + "</div>" * 5000
    assert html_to_text(markup) == "deep"


@given(st.text())
def test_never_raises(markup: str) -> None:
    text = html_to_text(markup)
    assert text is None or (text == text.strip() and "\n\n\n" not in text)
