"""Static export: role and comparison pages as plain HTML files a job board can publish.

The pages are the served role and compare pages without the forms and scripts (nothing on
them needs a server): the same document model, charts as inline SVG, one stylesheet, and
relative links, so the folder works from any web server or straight from the disk::

    OUT/index.html                      roles and comparisons
    OUT/roles/<role-id>.html            one per role
    OUT/compare/<role-a>--<role-b>.html one per pair
    OUT/static/style.css
    OUT/sitemap.xml                     with a base URL (a sitemap lists absolute URLs)

Example postings are shown by their title and company and link to the posting's original URL
when it has one (there are no job pages in the export). Every page has a
``<meta name="description">`` written from its figures and a ``<link rel="canonical">``:
absolute under ``base_url`` when one is given, else the page's own relative file name.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

from roleatlas.catalog import load_catalog
from roleatlas.errors import InputError
from roleatlas.insights.compare import Comparison, compare_roles
from roleatlas.insights.profile import RoleProfile, role_profile
from roleatlas.report.compare import to_json
from roleatlas.store import Store
from roleatlas.store.pay import role_posting_counts
from roleatlas.web.render import (
    describe,
    environment,
    example_keys,
    posting_refs,
    report_view,
    role_groups,
)
from roleatlas.web.views import COMPARISONS

__all__ = ["DEFAULT_PAIRS", "SiteLinks", "build_site", "pair_filename"]

#: Pairs compared when none are given (catalog ids).
DEFAULT_PAIRS: tuple[tuple[str, str], ...] = tuple(COMPARISONS)

_STATIC_FILES = ("style.css", "favicon.svg")


def pair_filename(a: str, b: str) -> str:
    """The file name of the comparison of roles ``a`` and ``b`` (ids).

    Examples
    --------
    >>> pair_filename("data-scientist", "data-analyst")
    'data-scientist--data-analyst.html'
    """
    return f"{a}--{b}.html"


class SiteLinks:
    """Relative links between the exported pages.

    Parameters
    ----------
    prefix:
        The path from the page to the site root (``""`` or ``"../"``).
    roles:
        Role ids that have a page.
    pairs:
        Role-id pairs that have a comparison page.
    urls:
        Original URLs of cited postings (``source:source_id`` → URL).
    """

    def __init__(
        self,
        prefix: str,
        roles: set[str],
        pairs: set[tuple[str, str]],
        urls: dict[str, str],
    ) -> None:
        self.prefix = prefix
        self._roles = roles
        self._pairs = pairs
        self._urls = urls

    def static(self, name: str) -> str:
        return f"{self.prefix}static/{name}"

    def home(self) -> str:
        return f"{self.prefix}index.html"

    def roles(self) -> str:
        return f"{self.prefix}index.html#roles"

    def role(self, role_id: str) -> str | None:
        return f"{self.prefix}roles/{role_id}.html" if role_id in self._roles else None

    def compare(self, role_ids: Sequence[str]) -> str | None:
        if len(role_ids) != 2:
            return None
        a, b = role_ids
        for pair in ((a, b), (b, a)):
            if pair in self._pairs:
                return f"{self.prefix}compare/{pair_filename(*pair)}"
        return None

    def job(self, key: str) -> str | None:
        return self._urls.get(key)

    def jobs(self, role_id: str) -> None:
        return None  # the export has no job list

    def salaries(self, role_id: str) -> None:
        return None


def _resolve_pairs(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    catalog = load_catalog()
    out: list[tuple[str, str]] = []
    for pair in pairs:
        if len(pair) != 2:
            raise InputError(
                f"A pair names exactly two roles, like ('Data Scientist', 'Data Analyst'). "
                f"Got {pair!r}."
            )
        a, b = (catalog.resolve(name).id for name in pair)
        if a == b:
            raise InputError(f"A pair needs two different roles. Got {pair!r}, both {a!r}.")
        if (a, b) not in out and (b, a) not in out:
            out.append((a, b))
    return out


def _posting_refs(
    store: Store, reports: Sequence[RoleProfile | Comparison]
) -> dict[str, tuple[str, str | None]]:
    """Title and original URL of every posting the pages cite."""
    keys: set[str] = set()
    for obj in reports:
        example_keys(to_json(obj), keys)
    return posting_refs(store, keys)


def _check_base_url(base_url: str | None) -> str | None:
    """``base_url`` ending in ``/``, or None; an error names a URL that cannot be a base."""
    if base_url is None:
        return None
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InputError(
            "The site's base URL must be an absolute http(s) address of the folder the site "
            f"is published at, such as https://jobs.example.org/roles/. Got {base_url!r}."
        )
    return base_url.strip().rstrip("/") + "/"


def _sitemap(base: str, pages: Sequence[str]) -> str:
    """A sitemap (sitemaps.org 0.9) of ``pages`` (paths relative to ``base``)."""
    urls = "".join(f"  <url><loc>{xml_escape(base + rel)}</loc></url>\n" for rel in pages)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    )


def build_site(
    store: Store,
    out: Path,
    *,
    roles: Sequence[str] | None = None,
    pairs: Sequence[tuple[str, str]] | None = None,
    base_url: str | None = None,
) -> list[Path]:
    """Write the role and comparison pages of ``store`` as a static site under ``out``.

    Parameters
    ----------
    store:
        An open store (with reference data for the O*NET, BLS and survey layers).
    out:
        The folder to write (created when missing; existing files of the same names are
        replaced, others are left alone).
    roles:
        Role names, aliases or ids to write pages for; default: every role with stored
        postings. Roles of the pairs always get a page too, so every link works.
    pairs:
        Pairs of roles to compare; default: :data:`DEFAULT_PAIRS` (among them Machine
        Learning Research Engineer vs Machine Learning Scientist, and Data Scientist vs Data
        Engineer).
    base_url:
        The absolute http(s) URL the folder will be published at. Canonical links are then
        absolute and ``sitemap.xml`` is written; without it canonical links are relative and
        there is no sitemap (a sitemap must list absolute URLs).

    Returns
    -------
    list[Path]
        Every file written, the index first.

    Raises
    ------
    InputError
        If a role is not in the catalog (the message suggests close names), a pair does not
        name two different roles, ``out`` is a file, or ``base_url`` is not an absolute
        http(s) URL.
    """
    base = _check_base_url(base_url)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{str(out)!r} is a file; give a folder to write the site into.")
    catalog = load_catalog()
    names = {r.id: r.name for r in catalog}
    counts = role_posting_counts(store)
    pair_ids = _resolve_pairs(DEFAULT_PAIRS if pairs is None else pairs)
    if roles is None:
        role_ids = [r.id for r in catalog if counts.get(r.id, 0) > 0]
    else:
        role_ids = list(dict.fromkeys(catalog.resolve(name).id for name in roles))
    for a, b in pair_ids:
        role_ids += [r for r in (a, b) if r not in role_ids]
    profiles = {rid: role_profile(store, rid) for rid in role_ids}
    comparisons = {pair: compare_roles(store, list(pair)) for pair in pair_ids}
    refs = _posting_refs(store, [*profiles.values(), *comparisons.values()])
    urls = {key: url for key, (_, url) in refs.items() if url}
    role_set, pair_set = set(role_ids), set(pair_ids)
    env = environment()
    written: list[Path] = []

    pages: list[str] = []

    def write(rel: str, template: str, prefix: str, **context: Any) -> None:
        links = SiteLinks(prefix, role_set, pair_set, urls)
        nav = [("Roles and comparisons", links.home(), "index")]
        canonical = (base + rel) if base else rel.rsplit("/", 1)[-1]
        html = env.get_template(template).render(
            links=links,
            site=True,
            nav_items=nav,
            nav=context.pop("nav", None),
            canonical=canonical,
            **context,
        )
        pages.append(rel)
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        written.append(path)

    index_links = SiteLinks("", role_set, pair_set, urls)
    groups = [
        (
            family,
            [{"name": r.name, "href": index_links.role(r.id), "n": counts.get(r.id, 0)}
             for r in rs if r.id in role_set],
        )
        for family, rs in role_groups()
    ]  # fmt: skip
    write(
        "index.html",
        "site_index.html",
        "",
        nav="index",
        title="Roles and comparisons",
        total=sum(counts.values()),
        comparisons=[
            (f"{names[a]} vs {names[b]}", index_links.compare([a, b])) for a, b in pair_ids
        ],
        groups=[(f, rows) for f, rows in groups if rows],
        generated=date.today().isoformat(),
        meta_description=(
            f"Profiles of {len(role_ids)} AI, ML and data roles and {len(pair_ids)} comparisons "
            f"from {sum(counts.values()):,} job postings, O*NET, BLS and the aijobs.net salary "
            "survey; every figure with its sample size."
        ),
    )
    for rid, profile in profiles.items():
        links = SiteLinks("../", role_set, pair_set, urls)
        related = [
            (names[b if a == rid else a], links.compare([a, b]))
            for a, b in pair_ids
            if rid in (a, b)
        ]
        write(
            f"roles/{rid}.html",
            "report.html",
            "../",
            title=profile.role["name"],
            kind="role",
            view=report_view(profile, links, refs),
            related_pages=related,
            meta_description=describe(profile),
        )
    for (a, b), comparison in comparisons.items():
        links = SiteLinks("../", role_set, pair_set, urls)
        view = report_view(comparison, links, refs)
        write(
            f"compare/{pair_filename(a, b)}",
            "report.html",
            "../",
            title=view.title.removeprefix("Compare: "),
            kind="compare",
            view=view,
            meta_description=describe(comparison),
        )
    static = files("roleatlas.web").joinpath("static")
    (out / "static").mkdir(parents=True, exist_ok=True)
    for name in _STATIC_FILES:
        target = out / "static" / name
        with static.joinpath(name).open("rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        written.append(target)
    if base:
        sitemap = out / "sitemap.xml"
        sitemap.write_text(_sitemap(base, pages), encoding="utf-8")
        written.append(sitemap)
    return written
