"""Static export: role and comparison pages as plain HTML files a job board can publish.

The pages are the served role and compare pages without the forms and scripts (nothing on
them needs a server): the same document model, charts as inline SVG, one stylesheet, and
relative links, so the folder works from any web server or straight from the disk::

    OUT/index.html                      roles and comparisons
    OUT/roles/<role-id>.html            one per role
    OUT/compare/<role-a>--<role-b>.html one per pair
    OUT/static/style.css

Example postings link to the posting's original URL when it has one (there are no job pages
in the export).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from roleatlas.catalog import load_catalog
from roleatlas.errors import InputError
from roleatlas.insights.compare import Comparison, compare_roles
from roleatlas.insights.profile import RoleProfile, role_profile
from roleatlas.report.compare import to_json
from roleatlas.store import Store
from roleatlas.store.pay import role_posting_counts
from roleatlas.web.render import environment, example_keys, report_view, role_groups
from roleatlas.web.views import COMPARISONS, safe_url

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


def _posting_urls(store: Store, reports: Sequence[RoleProfile | Comparison]) -> dict[str, str]:
    keys: set[str] = set()
    for obj in reports:
        example_keys(to_json(obj), keys)
    urls: dict[str, str] = {}
    for key in sorted(keys):
        source, _, source_id = key.partition(":")
        posting = store.get(source, source_id)
        url = safe_url(posting.url) if posting else None
        if url:
            urls[key] = url
    return urls


def build_site(
    store: Store,
    out: Path,
    *,
    roles: Sequence[str] | None = None,
    pairs: Sequence[tuple[str, str]] | None = None,
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
        Learning Research Engineer vs Machine Learning Scientist).

    Returns
    -------
    list[Path]
        Every file written, the index first.

    Raises
    ------
    InputError
        If a role is not in the catalog (the message suggests close names), a pair does not
        name two different roles, or ``out`` is a file.
    """
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
    urls = _posting_urls(store, [*profiles.values(), *comparisons.values()])
    role_set, pair_set = set(role_ids), set(pair_ids)
    env = environment()
    written: list[Path] = []

    def write(rel: str, template: str, prefix: str, **context: Any) -> None:
        links = SiteLinks(prefix, role_set, pair_set, urls)
        nav = [("Roles and comparisons", links.home(), "index")]
        html = env.get_template(template).render(
            links=links, site=True, nav_items=nav, nav=context.pop("nav", None), **context
        )
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
            view=report_view(profile, links),
            related_pages=related,
        )
    for (a, b), comparison in comparisons.items():
        links = SiteLinks("../", role_set, pair_set, urls)
        view = report_view(comparison, links)
        write(
            f"compare/{pair_filename(a, b)}",
            "report.html",
            "../",
            title=view.title.removeprefix("Compare: "),
            kind="compare",
            view=view,
        )
    static = files("roleatlas.web").joinpath("static")
    (out / "static").mkdir(parents=True, exist_ok=True)
    for name in _STATIC_FILES:
        target = out / "static" / name
        with static.joinpath(name).open("rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        written.append(target)
    return written
