"""Static export: the files, their relative links, and the CLI command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from roleatlas.cli import main
from roleatlas.errors import InputError
from roleatlas.store import Store
from roleatlas.web.site import build_site
from tests.test_web import EIGHT, MLRE, MLS, XSS_URL, build_web_home, elements


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_web_home(tmp_path_factory)


@pytest.fixture(scope="module")
def store(home: Path) -> Iterator[Store]:
    with Store(home / "roleatlas.db").open() as s:
        yield s


@pytest.fixture(scope="module")
def site(store: Store, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("site")
    return out, build_site(
        store, out, roles=["Data Scientist"], pairs=[("ML Research Engineer", "ML Scientist")]
    )


def test_files_written(site: tuple[Path, list[Path]]) -> None:
    out, written = site
    rel = sorted(str(p.relative_to(out)) for p in written)
    assert rel == [
        f"compare/{MLRE}--{MLS}.html",
        "index.html",
        "roles/data-scientist.html",
        f"roles/{MLRE}.html",  # the roles of a pair get a page too
        f"roles/{MLS}.html",
        "static/favicon.svg",
        "static/style.css",
    ]
    assert written[0] == out / "index.html"


def test_comparison_page(site: tuple[Path, list[Path]]) -> None:
    out, _ = site
    html = (out / "compare" / f"{MLRE}--{MLS}.html").read_text(encoding="utf-8")
    h2 = re.findall(r"<h2 id=\"[\w-]+-h\">([^<]+)</h2>", html)
    for heading in EIGHT:
        assert heading in h2
    assert "Machine Learning Research Engineer: n=" in html
    # no server: no scripts, no forms, no absolute links to the app
    tags = elements(html)
    assert not [t for t, _ in tags if t in ("script", "form", "style")]
    hrefs = [a["href"] for t, a in tags if t == "a" and a.get("href")]
    local = [h for h in hrefs if not h.startswith(("http://", "https://", "#"))]
    assert local and all(not h.startswith("/") for h in local), local
    assert f'href="../roles/{MLS}.html"' in html
    assert 'href="../static/style.css"' in html


def test_every_relative_link_resolves(site: tuple[Path, list[Path]]) -> None:
    out, written = site
    for page in (p for p in written if p.suffix == ".html"):
        for tag, attrs in elements(page.read_text(encoding="utf-8")):
            href = attrs.get("href")
            if tag not in ("a", "link") or not href or href.startswith(("http", "#")):
                continue
            target = (page.parent / href.split("#")[0]).resolve()
            assert target.is_file(), (page, href)


def test_role_page_links_its_comparisons(site: tuple[Path, list[Path]]) -> None:
    out, _ = site
    html = (out / "roles" / f"{MLS}.html").read_text(encoding="utf-8")
    assert "<h1>Role: Machine Learning Scientist</h1>" in html
    assert f'href="../compare/{MLRE}--{MLS}.html">Machine Learning Research Engineer</a>' in html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="compare/{MLRE}--{MLS}.html"' in index
    assert 'href="roles/data-scientist.html"' in index


def test_defaults_cover_roles_with_postings(store: Store, tmp_path: Path) -> None:
    from roleatlas.store.pay import role_posting_counts

    written = build_site(store, tmp_path)
    pages = {p.stem for p in (tmp_path / "roles").glob("*.html")}
    with_postings = {r for r, n in role_posting_counts(store).items() if n}
    assert with_postings <= pages
    assert (tmp_path / "compare" / f"{MLRE}--{MLS}.html") in written


def test_bad_input(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Did you mean"):
        build_site(store, tmp_path, roles=["data scienst"], pairs=[])
    with pytest.raises(InputError, match="two different roles"):
        build_site(store, tmp_path, pairs=[("ML Scientist", MLS)])
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        build_site(store, tmp_path / "file", pairs=[])


def test_cli_site_build(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    with pytest.raises(SystemExit) as done:
        main(["--home", str(home), "site", "build", str(out), "--role", "data-scientist",
              "--pair", "Data Scientist|Data Analyst"])  # fmt: skip
    assert done.value.code in (0, None)
    assert "Wrote 6 files" in capsys.readouterr().out
    assert (out / "compare" / "data-scientist--data-analyst.html").is_file()
    with pytest.raises(SystemExit):
        main(["--home", str(home), "site", "build", str(out), "--pair", "Data Scientist"])
    assert '--pair takes two roles separated by "|"' in capsys.readouterr().err


# -- exports: titles, sitemap, canonical links, descriptions (issue 11) ------------------------
def test_example_postings_are_titles_with_links(
    site: tuple[Path, list[Path]], store: Store
) -> None:
    from html import escape

    from roleatlas.insights.compare import compare_roles
    from roleatlas.web.render import report_refs

    out, _ = site
    html = (out / "compare" / f"{MLRE}--{MLS}.html").read_text(encoding="utf-8")
    visible = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"\bglassdoor:[\w-]+", visible)  # never a raw key
    refs = report_refs(store, compare_roles(store, [MLRE, MLS]))
    assert refs
    for title, url in refs.values():
        assert escape(title, quote=False) in html or escape(title) in html, title
        assert url is None  # Glassdoor rows have no URL: a title, without a link
    # a posting with an original URL links to it (the role page cites the crafted posting)
    role = (out / "roles" / "data-scientist.html").read_text(encoding="utf-8")
    links = [a for t, a in elements(role) if t == "a" and a.get("class") == "example"]
    assert links and all(a["title"] == "Senior Data Scientist @ Evil Corp" for a in links)
    assert {a["href"] for a in links} == {XSS_URL}
    named = [a for t, a in elements(html) if t == "span" and a.get("class") == "example"]
    assert named and all(" @ " in str(a["title"]) for a in named)


def test_pages_have_descriptions_and_relative_canonicals(site: tuple[Path, list[Path]]) -> None:
    out, written = site
    assert not (out / "sitemap.xml").exists()  # no base URL, no sitemap
    html = (out / "roles" / f"{MLS}.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{MLS}.html">' in html
    m = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert m and re.search(r"Machine Learning Scientist: \d+ job postings", m.group(1))
    assert "<title>Machine Learning Scientist · roleatlas</title>" in html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="index.html">' in index


def test_base_url_gives_sitemap_and_absolute_canonicals(store: Store, tmp_path: Path) -> None:
    written = build_site(
        store, tmp_path, roles=[], pairs=[("Data Scientist", "Data Engineer")],
        base_url="https://jobs.example.org/atlas",
    )  # fmt: skip
    assert written[-1] == tmp_path / "sitemap.xml"
    sitemap = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs == [
        "https://jobs.example.org/atlas/index.html",
        "https://jobs.example.org/atlas/roles/data-scientist.html",
        "https://jobs.example.org/atlas/roles/data-engineer.html",
        "https://jobs.example.org/atlas/compare/data-scientist--data-engineer.html",
    ]
    page = (tmp_path / "compare" / "data-scientist--data-engineer.html").read_text()
    assert (
        '<link rel="canonical" '
        'href="https://jobs.example.org/atlas/compare/data-scientist--data-engineer.html">'
    ) in page
    with pytest.raises(InputError, match="absolute http"):
        build_site(store, tmp_path, pairs=[], base_url="jobs.example.org")


def test_default_pairs_include_data_scientist_vs_data_engineer() -> None:
    from roleatlas.web.site import DEFAULT_PAIRS

    assert DEFAULT_PAIRS[0] == (MLRE, MLS)
    assert ("data-scientist", "data-engineer") in DEFAULT_PAIRS
