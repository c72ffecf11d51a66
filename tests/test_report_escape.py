"""Output escaping: data reaches terminals, spreadsheets and Markdown as text, never as code."""

from __future__ import annotations

import dataclasses
import json
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from roleatlas.insights.compare import Comparison, compare_roles
from roleatlas.records import Posting
from roleatlas.report.compare import to_markdown, to_text
from roleatlas.report.escape import (
    json_controls_escaped,
    markdown_escape,
    markdown_link,
    safe_url,
    spreadsheet_safe,
    terminal_safe,
)
from roleatlas.store import Store
from tests.test_insights_profile import MLRE, MLS, demo_postings

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "| a | b |",
    "![i](javascript:alert(1)) <javascript:alert(1)> &lt;script&gt;",
    "- list\n# heading\n\n<div onmouseover=alert(1)>x</div>",
    "1. one *two* _three_ `code` ~~four~~ \\",
]


# -- terminal ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Acme\x1b[2J Corp", "Acme Corp"),  # CSI: clear screen
        ("Acme \x1b[31;1mred\x1b[0m", "Acme red"),  # SGR colours
        ("\x1b]8;;http://evil.example\x07click\x1b]8;;\x07", "click"),  # OSC 8 hyperlink
        ("\x1b]0;title\x1b\\Acme", "Acme"),  # OSC window title ended by ST
        ("\x1b]8;;http://evil never ended\nnext line", "\nnext line"),  # unterminated OSC
        ("\x9b2JAcme\x9d8;;http://e\x9cCorp", "AcmeCorp"),  # C1 CSI and OSC
        ("Acme\x1bc", "Acme"),  # ESC c: full reset
        ("a\x00b\x07c\x08d\x7fe\x85f", "abcdef"),  # NUL, BEL, BS, DEL, C1 NEL
        ("over\rwrite", "overwrite"),  # CR could overwrite the line
        ("Data\u202eScientist\u2066x\u2069\u200f", "DataScientistx"),  # bidi controls
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("[bold red]x[/bold red] café 数据 🙂", "[bold red]x[/bold red] café 数据 🙂"),
    ],
)
def test_terminal_safe(raw: str, expected: str) -> None:
    assert terminal_safe(raw) == expected
    assert terminal_safe(expected) == expected


def test_json_controls_escaped_is_lossless() -> None:
    data = {"title": "a\x1b[2J\x7f\x9b2J\u202eb", "n": 1}
    text = json_controls_escaped(json.dumps(data, ensure_ascii=False))
    assert not any(c in text for c in "\x1b\x7f\x9b\u202e")
    assert json.loads(text) == data


# -- spreadsheets ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Data Scientist", "Data Scientist"),
        ("USD 120K - 150K", "USD 120K - 150K"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(cell: str, expected: str) -> None:
    assert spreadsheet_safe(cell) == expected


# -- Markdown ----------------------------------------------------------------------------------
class _Tags(HTMLParser):
    """The tags and attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _assert_inert(html: str) -> None:
    for tag, attrs in _tags(html):
        assert tag not in ("script", "img", "div", "iframe"), html
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value or value.startswith(("http://", "https://")), (tag, attrs)
    assert (
        "<script" not in html
        and "<img" not in html
        and "javascript:" not in "".join(str(a.get("href")) for _, a in _tags(html))
    )


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("block", [False, True])
def test_markdown_escape_renders_as_the_same_text(text: str, block: bool) -> None:
    md = MarkdownIt("commonmark")
    prefix = "" if block else "Note: "  # block=False escapes text that follows other text
    html = md.render(prefix + markdown_escape(text, block=block))
    _assert_inert(html)
    # one paragraph whose text is the input, whitespace collapsed
    assert [t for t, _ in _tags(html)] == ["p"], html
    assert unescape(html[3:-5]) == prefix + " ".join(text.split())


def test_markdown_escape_in_table_cells_and_headings() -> None:
    md = MarkdownIt("commonmark").enable("table")
    row = "| " + " | ".join(markdown_escape(t) for t in HOSTILE) + " |"
    table = "| " + " | ".join("h" for _ in HOSTILE) + " |\n|" + "---|" * len(HOSTILE) + "\n" + row
    html = md.render(table)
    _assert_inert(html)
    assert html.count("<td>") == len(HOSTILE)
    for text in HOSTILE:
        html = md.render("### " + markdown_escape(text + " ##"))
        _assert_inert(html)
        assert html.startswith("<h3>") and html.rstrip().endswith("##</h3>")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://jobs.example/1", "https://jobs.example/1"),
        ("http://jobs.example/a b(1)<x>", "http://jobs.example/a%20b%281%29%3Cx%3E"),
        ("https://jobs.example/?a=1&copy;", "https://jobs.example/?a=1\\&copy;"),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example/x", None),
        ("/jobs/1", None),
        ("https://", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_markdown_link() -> None:
    md = MarkdownIt("commonmark")
    html = md.render(markdown_link("Data <b>Scientist</b>", "https://jobs.example/1 (x)"))
    assert '<a href="https://jobs.example/1%20%28x%29">' in html
    assert "Data &lt;b&gt;Scientist&lt;/b&gt;</a>" in html
    html = md.render(markdown_link("x", "https://jobs.example/?a=1&copy;"))
    assert 'href="https://jobs.example/?a=1&amp;copy;"' in html  # not decoded to ©
    assert markdown_link("[x]", "javascript:alert(1)") == "\\[x\\]"


def _hostile_postings() -> list[Posting]:
    out = []
    for i, p in enumerate(demo_postings()):
        bad = HOSTILE[i % len(HOSTILE)]
        out.append(
            dataclasses.replace(
                p,
                source_id=f"{p.source_id}{bad}" if i % 5 == 0 else p.source_id,
                title=f"{p.title} {bad}",
                company=bad,
                url="javascript:alert(1)" if i % 2 else f"https://jobs.example/{i}?a=1&b=(2)",
                location=dataclasses.replace(p.location, raw=bad),
                extra={"industry": bad},
            )
        )
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Comparison:
    path = Path(tmp_path_factory.mktemp("hostile")) / "roleatlas.db"
    with Store(path).open() as store:
        store.write_batch(_hostile_postings(), [], [], norm_version=1, extract_version="test")
        return compare_roles(store, [MLS, MLRE])


def test_compare_markdown_does_not_pass_posting_html(hostile: Comparison) -> None:
    md = to_markdown(hostile)
    assert "Common industries" in md and "Related jobs" in md
    for md_it in (MarkdownIt("commonmark"), MarkdownIt("gfm-like", {"linkify": False})):
        html = md_it.render(md)
        _assert_inert(html)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        links = [a.get("href") for t, a in _tags(html) if t == "a"]
        assert links and all(str(h).startswith("https://jobs.example/") for h in links)
    # table rows keep their column count: a "|" in data does not add cells
    html = MarkdownIt("commonmark").enable("table").render(md)
    for table in html.split("<table>")[1:]:
        body = table.split("</table>")[0]
        heads = body.count("<th>") + body.count("<th ")
        rows = body.split("<tr>")[2:]
        assert all(r.count("<td") == heads for r in rows), body


def test_compare_text_has_no_control_characters(tmp_path: Path) -> None:
    postings = [
        dataclasses.replace(p, title=f"{p.title} \x1b[2J\x9b31m\u202e", company="A\x1b]8;;x\x07B")
        for p in demo_postings()
    ]
    with Store(tmp_path / "r.db").open() as store:
        store.write_batch(postings, [], [], norm_version=1, extract_version="test")
        text = to_text(compare_roles(store, [MLS, MLRE]))
    assert "Machine Learning Scientist @ AB | Remote" in " ".join(text.split())
    assert not any(c in text for c in "\x1b\x9b\u202e\x07")
