"""Templates and view models shared by the served pages and the static site.

A role profile or comparison is shown through the same document model as the Markdown and
JSON reports (:func:`roleatlas.report.compare.document`), so the page shows the same figures;
here its blocks become sections of :class:`Part` runs in which example postings and roles are
links. Where a link points depends on the face: :class:`ServerLinks` for the served pages,
``SiteLinks`` (in :mod:`roleatlas.web.site`) for the static export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from roleatlas.catalog import Role, load_catalog
from roleatlas.insights.compare import Comparison
from roleatlas.insights.profile import RoleProfile
from roleatlas.report.compare import document, to_json
from roleatlas.report.html import PostingRefs, chart_html
from roleatlas.store import Store

__all__ = [
    "FAMILY_LABELS",
    "Links",
    "Panel",
    "Part",
    "ReportView",
    "Section",
    "ServerLinks",
    "ViewBlock",
    "describe",
    "environment",
    "example_keys",
    "posting_label",
    "posting_refs",
    "report_refs",
    "report_view",
    "role_groups",
    "slug",
]

#: Display names of the catalog's role families.
FAMILY_LABELS = {
    "ai-ml": "AI and machine learning",
    "data-science": "Data science",
    "quantitative": "Quantitative finance",
    "analytics": "Analytics and BI",
    "data-engineering": "Data engineering",
    "data-management": "Data management",
    "software": "Software",
    "infrastructure": "Infrastructure",
    "product": "Product",
    "academia": "Academia",
}


class Links(Protocol):
    """Where the links of a page point; ``None`` means "no page for this, show text"."""

    def static(self, name: str) -> str: ...
    def home(self) -> str | None: ...
    def roles(self) -> str | None: ...
    def role(self, role_id: str) -> str | None: ...
    def compare(self, role_ids: Sequence[str]) -> str | None: ...
    def job(self, key: str) -> str | None: ...
    def jobs(self, role_id: str) -> str | None: ...
    def salaries(self, role_id: str) -> str | None: ...


class ServerLinks:
    """Links of the served pages (absolute paths on the same origin)."""

    def static(self, name: str) -> str:
        return f"/static/{name}"

    def home(self) -> str:
        return "/"

    def roles(self) -> str:
        return "/roles"

    def role(self, role_id: str) -> str:
        return f"/roles/{quote(role_id, safe='')}"

    def compare(self, role_ids: Sequence[str]) -> str:
        return "/compare?" + urlencode([("role", r) for r in role_ids])

    def job(self, key: str) -> str | None:
        source, sep, source_id = key.partition(":")
        if not sep:
            return None
        return f"/jobs/{quote(source, safe='')}/{quote(source_id, safe='')}"

    def jobs(self, role_id: str) -> str:
        return "/jobs?" + urlencode([("role", role_id)])

    def salaries(self, role_id: str) -> str:
        return "/salaries?" + urlencode([("role", role_id)])


@dataclass(frozen=True, slots=True)
class Part:
    """A run of text, a link when ``href`` is set."""

    text: str
    href: str | None = None
    #: Shorter visible text of a link (the full ``text`` stays its accessible name).
    short: str | None = None
    #: A cited example posting (``text`` is its title, or its key when the title is unknown).
    example: bool = False


@dataclass(slots=True)
class ViewBlock:
    """A report block ready for the template (see :class:`roleatlas.report.compare.Block`)."""

    kind: str
    parts: list[Part] = field(default_factory=list)
    items: list[list[Part]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[list[Part]]] = field(default_factory=list)
    svg: Markup = Markup("")
    caption: str = ""


@dataclass(slots=True)
class Panel:
    """Blocks shown together: side by side, one column per role (``columns``, for the roles
    ``roles``), or full width (``blocks``)."""

    roles: list[str] = field(default_factory=list)
    columns: list[list[ViewBlock]] = field(default_factory=list)
    blocks: list[ViewBlock] = field(default_factory=list)

    def add(self, block: ViewBlock) -> None:
        (self.columns[-1] if self.columns else self.blocks).append(block)

    def add_chart(self, chart: ViewBlock) -> None:
        """Add a chart ahead of the table it draws (the picture first, the figures after)."""
        target = self.columns[-1] if self.columns else self.blocks
        at = len(target) - 1 if target and target[-1].kind == "table" else len(target)
        target.insert(at, chart)


@dataclass(slots=True)
class Section:
    """One ``h2`` section of a report: its anchor ``id``, ``title`` and panels."""

    id: str
    title: str
    panels: list[Panel] = field(default_factory=list)

    def place(self, block: ViewBlock, role: str | None, n_roles: int) -> None:
        """Add ``block``; a role's heading opens its column (or a new row of columns)."""
        last = self.panels[-1] if self.panels else None
        if role is not None and n_roles > 1:
            if last is not None and last.columns and role not in last.roles:
                last.roles.append(role)
                last.columns.append([block])
            else:
                self.panels.append(Panel(roles=[role], columns=[[block]]))
        elif role is not None:  # one role: its name heads the page already
            if last is None or last.columns:
                self.panels.append(Panel())
        elif block.kind == "h3" or last is None or (block.kind == "chart" and n_roles > 1):
            # a heading of its own, or a chart across the roles: full width
            self.panels.append(Panel(blocks=[block]))
        else:
            last.add(block)


@dataclass(slots=True)
class ReportView:
    """A profile or comparison as the page shows it."""

    title: str
    roles: list[dict[str, Any]]
    sections: list[Section]
    n_postings: dict[str, int]


def slug(text: str) -> str:
    """An anchor id for a heading.

    Examples
    --------
    >>> slug("Tools and software")
    'tools-and-software'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def example_keys(data: Any, out: set[str]) -> None:
    """Collect every example posting key (``source:source_id``) cited in ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "examples" and isinstance(value, list):
                out.update(v for v in value if isinstance(v, str))
            elif key == "related" and isinstance(value, list):
                out.update(r["key"] for r in value if isinstance(r, dict) and "key" in r)
            else:
                example_keys(value, out)
    elif isinstance(data, list):
        for value in data:
            example_keys(value, out)


def posting_label(title: str | None, company: str | None) -> str:
    """How a cited posting is named for people: its title, and its company when known.

    Examples
    --------
    >>> posting_label("Data Scientist", "Acme"), posting_label(None, None)
    ('Data Scientist @ Acme', 'Untitled posting')
    """
    label = (title or "").strip() or "Untitled posting"
    return f"{label} @ {company.strip()}" if company and company.strip() else label


def posting_refs(store: Store, keys: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """Title (with company) and original URL of each stored posting among ``keys``
    (``source:source_id``), for reports that name their example postings.

    Keys of postings no longer stored are left out (the report then shows the key). URLs
    are http(s) only (:func:`roleatlas.web.views.safe_url`), otherwise ``None``.
    """
    from roleatlas.web.views import safe_url

    refs: dict[str, tuple[str, str | None]] = {}
    for key in sorted(set(keys)):
        source, sep, source_id = key.partition(":")
        posting = store.locate(source, source_id) if sep else None
        if posting is not None:
            refs[key] = (posting_label(posting.title, posting.company), safe_url(posting.url))
    return refs


def report_refs(store: Store, obj: RoleProfile | Comparison) -> dict[str, tuple[str, str | None]]:
    """:func:`posting_refs` of every example posting ``obj`` cites."""
    keys: set[str] = set()
    example_keys(to_json(obj), keys)
    return posting_refs(store, keys)


class _Linker:
    """Turns text into :class:`Part` runs, linking cited postings and role names; a cited
    posting is shown by its title when ``titles`` knows it."""

    def __init__(
        self,
        keys: Iterable[str],
        roles: dict[str, str],
        links: Links,
        titles: Mapping[str, str] | None = None,
    ) -> None:
        self._titles = dict(titles or {})
        ordered = sorted(set(keys), key=lambda k: (-len(k), k))
        self._keys = (
            re.compile("(" + "|".join(re.escape(k) for k in ordered) + r")(?![\w-])")
            if ordered
            else None
        )
        self._roles = sorted(roles.items(), key=lambda kv: len(kv[1]), reverse=True)
        self._links = links
        self._item = re.compile(r"^(.*) \[([^\[\]]+)\]$", re.S)

    def parts(self, text: str) -> list[Part]:
        if self._keys is None:
            return [Part(text)]
        out: list[Part] = []
        pos = 0
        for m in self._keys.finditer(text):
            if m.start() > pos:
                out.append(Part(text[pos : m.start()]))
            key = m.group(1)
            out.append(Part(self._titles.get(key, key), self._links.job(key), example=True))
            pos = m.end()
        if pos < len(text) or not out:
            out.append(Part(text[pos:]))
        return out

    def role_of(self, text: str) -> str | None:
        """The id of the role whose heading ``text`` is (``"Name (n postings)"``)."""
        for role_id, name in self._roles:
            if text == name or text.startswith(name + " ("):
                return role_id
        return None

    def heading(self, text: str) -> list[Part]:
        """A role's heading: its name links to its role page."""
        for role_id, name in self._roles:
            if text.startswith(name):
                return [Part(name, self._links.role(role_id)), Part(text[len(name) :])]
        return [Part(text)]

    def item(self, text: str) -> list[Part]:
        """A list item; a related job (``listing [key]``) becomes one link."""
        m = self._item.match(text)
        if m and self._keys is not None and self._keys.fullmatch(m.group(2)):
            return [Part(m.group(1), self._links.job(m.group(2)))]
        return self.parts(text)


def _numbered(parts: list[Part]) -> list[Part]:
    """Example postings shown as 1, 2, 3 (their titles stay in the accessible name and the
    tooltip), linked when the face has a page or URL for them."""
    examples = [p for p in parts if p.example]
    if not examples:
        return parts
    out: list[Part] = []
    for i, p in enumerate(examples, 1):
        if i > 1:
            out.append(Part(" "))
        out.append(Part(p.text, p.href, str(i), example=True))
    return out


def _chart(chart: dict[str, Any], caption: str) -> Markup:
    """The chart's SVG (wide and compact layouts), or nothing for an unknown type or no data;
    the SVG helpers escape their labels."""
    return Markup(chart_html(chart, caption))


#: Charts drawn across the compared roles (full width); the others sit in their role's column.
_SPANNING = frozenset({"ranges", "grouped-bars", "grouped-ranges", "line"})


def report_view(
    obj: RoleProfile | Comparison, links: Links, postings: PostingRefs | None = None
) -> ReportView:
    """The page model of a profile or comparison, section by section.

    The sections are those of :func:`roleatlas.report.compare.document` (Definitions,
    Responsibilities, Required skills, Tools and software, Educational backgrounds, Common
    industries, Outlook, Salaries, Practical tips for comparisons, Related jobs).
    ``postings`` (:func:`report_refs`) names each cited posting by its title; without it a
    cited posting shows its key.
    """
    profiles = obj.profiles if isinstance(obj, Comparison) else [obj]
    keys: set[str] = set()
    example_keys(to_json(obj), keys)
    titles = {k: title for k, (title, _) in (postings or {}).items()}
    linker = _Linker(keys, {p.role["id"]: p.role["name"] for p in profiles}, links, titles)
    title = ""
    sections: list[Section] = []
    n_roles = len(profiles)
    for b in document(obj):
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
            role = linker.role_of(b.text)
            section.place(ViewBlock("h3", parts=linker.heading(b.text)), role, n_roles)
        elif b.kind in ("p", "note"):
            section.place(ViewBlock(b.kind, parts=linker.parts(b.text)), None, n_roles)
        elif b.kind == "list":
            section.place(ViewBlock("list", items=[linker.item(i) for i in b.items]), None, n_roles)
        elif b.kind == "table":
            rows = [[linker.parts(c) for c in row] for row in b.rows]
            if "examples" in b.headers:
                at = b.headers.index("examples")
                for row in rows:
                    row[at] = _numbered(row[at])
            table = ViewBlock("table", headers=list(b.headers), rows=rows, caption=section.title)
            section.place(table, None, n_roles)
        elif b.kind == "chart" and b.chart:
            svg = _chart(b.chart, b.text)
            if svg:
                chart = ViewBlock("chart", svg=svg, caption=b.text)
                # per-role bars stay in their column; salary ranges span the roles
                spans = b.chart.get("type") in _SPANNING
                if spans:
                    section.place(chart, None, n_roles)
                elif section.panels:
                    section.panels[-1].add_chart(chart)
                else:
                    section.place(chart, None, 1)
    return ReportView(
        title=title,
        roles=[dict(p.role) for p in profiles],
        sections=sections,
        n_postings={p.role["id"]: p.n_postings for p in profiles},
    )


def describe(obj: RoleProfile | Comparison) -> str:
    """A one-sentence summary of a profile or comparison from its figures (for
    ``<meta name="description">``): posting counts, the most asked-for skills with their
    shares, the median posted salary with its n.

    Examples
    --------
    >>> from roleatlas.insights.compare import Comparison
    >>> describe(Comparison([], [], [], [], {}))
    'Roles compared from job postings and public labour-market data.'
    """
    profiles = obj.profiles if isinstance(obj, Comparison) else [obj]
    if not profiles:
        return "Roles compared from job postings and public labour-market data."
    sentences = []
    for p in profiles:
        text = f"{p.role['name']}: {p.n_postings:,} job postings"
        top = [f"{s.label} {s.share:.0%}" for s in p.skills[:3] if s.share is not None]
        if top:
            text += f", most asked for {', '.join(top)}"
        pay = p.salaries.postings_all
        if pay.n and pay.p50 is not None:
            text += f"; median posted salary ${pay.p50:,.0f} (n={pay.n:,})"
        sentences.append(text + ".")
    lead = (
        "Skills, education, tools, outlook, salaries and tips compared. "
        if isinstance(obj, Comparison)
        else "Skills, education, tools, outlook and salaries. "
    )
    return lead + " ".join(sentences)


def role_groups(roles: Iterable[Role] | None = None) -> list[tuple[str, list[Role]]]:
    """Catalog roles grouped by family (in catalog order), for pickers and the roles page."""
    groups: dict[str, list[Role]] = {}
    for role in roles if roles is not None else load_catalog():
        groups.setdefault(role.family, []).append(role)
    return [
        (FAMILY_LABELS.get(f, f.replace("-", " ").capitalize()), rs) for f, rs in groups.items()
    ]


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of the package templates (autoescape on for everything)."""
    env = Environment(
        loader=PackageLoader("roleatlas.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    return env
