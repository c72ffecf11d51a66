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
from tests.test_web import EIGHT, MLRE, MLS, build_web_home, elements


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
