"""The fit page's view model: the blocks of :func:`roleatlas.report.fit.document` as page
sections, with the same charts, example-posting links and role links as role pages."""

from __future__ import annotations

from roleatlas.insights.fit import FitResult
from roleatlas.report.fit import document, example_keys
from roleatlas.report.html import PostingRefs
from roleatlas.web.render import (
    Links,
    Part,
    ReportView,
    Section,
    ViewBlock,
    _chart,
    _Linker,
    _numbered,
    slug,
)

__all__ = ["fit_view"]


def _job_item(linker: _Linker, text: str) -> list[Part]:
    """A matching job: its listing (title @ company | place) links to its page; the score
    and skills after it stay plain text (a whole item as one link was hard to read)."""
    parts = linker.item(text)
    if len(parts) == 1 and parts[0].href and " — fit " in parts[0].text:
        head, _, tail = parts[0].text.partition(" — fit ")
        return [Part(head, parts[0].href), Part(" — fit " + tail)]
    return parts


def fit_view(result: FitResult, links: Links, postings: PostingRefs | None = None) -> ReportView:
    """The page model of a fit, section by section (one column: the report is about one
    person); role names in headings link to their role pages, cited postings to theirs."""
    roles = {f.role: f.name for f in (*result.ranked, *result.thin)}
    titles = {k: title for k, (title, _) in (postings or {}).items()}
    linker = _Linker(example_keys(result), roles, links, titles)
    title = ""
    sections: list[Section] = []
    for b in document(result):
        if b.kind == "h1":
            title = b.text
            continue
        if b.kind == "h2":
            sections.append(Section(slug(b.text), b.text))
            continue
        if not sections:
            sections.append(Section("summary", "Summary"))
        section = sections[-1]
        if b.kind == "h3":
            section.place(ViewBlock("h3", parts=linker.heading(b.text)), None, 1)
        elif b.kind in ("p", "note"):
            section.place(ViewBlock(b.kind, parts=linker.parts(b.text)), None, 1)
        elif b.kind == "list":
            items = [_job_item(linker, i) for i in b.items]  # a matching job links to its page
            section.place(ViewBlock("list", items=items), None, 1)
        elif b.kind == "table":
            rows = [[linker.parts(c) for c in row] for row in b.rows]
            if "examples" in b.headers:
                at = b.headers.index("examples")
                for row in rows:
                    row[at] = _numbered(row[at])
            if "role" in b.headers:
                at = b.headers.index("role")
                for row in rows:
                    row[at] = linker.heading("".join(p.text for p in row[at]))
            section.place(
                ViewBlock("table", headers=list(b.headers), rows=rows, caption=section.title),
                None,
                1,
            )
        elif b.kind == "chart" and b.chart:
            svg = _chart(b.chart, b.text)
            if svg:
                section.place(ViewBlock("chart", svg=svg, caption=b.text), None, 1)
    return ReportView(
        title=title,
        roles=[{"id": f.role, "name": f.name} for f in result.ranked[:3]],
        sections=sections,
        n_postings={f.role: f.n for f in (*result.ranked, *result.thin)},
    )
