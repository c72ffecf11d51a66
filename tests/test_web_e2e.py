"""End to end in headless Chromium: search, filter, open a job, compare, and stay inert.

The app runs in uvicorn on a free loopback port (in a thread) over the store of
:func:`tests.test_web.build_web_home`; the browser is Debian's ``/usr/bin/chromium`` driven by
Playwright, with every network feature of its own switched off.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from roleatlas.settings import resolve_settings
from tests.conftest import free_port
from tests.test_web import EIGHT, MLRE, MLS, XSS_URL, build_web_home

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.slow

# Computes, for every element with its own visible text, the contrast of its colour against
# the first opaque background behind it (WCAG 2 relative luminance).
_CONTRAST_JS = """
() => {
  const lum = (c) => {
    const [r, g, b] = c.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const rgba = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg")) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const fg = rgba(getComputedStyle(el).color).slice(0, 3);
    const [a, b] = [lum(fg), lum(background(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) out.push([el.tagName, el.textContent.trim().slice(0, 40), ratio]);
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    import uvicorn

    from roleatlas.api import create_app

    home = build_web_home(tmp_path_factory)
    app = create_app(resolve_settings({}, home=str(home)))
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", ws="none", http="h11"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watched:
    """A page plus every dialog, console error and page error it raised."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page())
    yield watched
    context.close()
    assert watched.errors == [], watched.errors
    assert watched.dialogs == []


def _count(text: str) -> int:
    m = re.search(r"([\d,]+) jobs? found", text)
    assert m, text
    return int(m.group(1).replace(",", ""))


def test_search_from_home(page: Watched) -> None:
    p = page.page
    p.goto("/")
    p.get_by_label("Keywords").fill("python")
    p.get_by_role("button", name="Search jobs").click()
    p.wait_for_url(re.compile(r"/jobs\?q=python"))
    assert 0 < _count(p.locator("#results h2").inner_text()) < 421
    assert p.locator(".job-list li").count() == 20
    first = p.locator(".job-list li .listing").first.inner_text()
    assert " @ " in first


def test_filter_changes_results_without_reload(page: Watched) -> None:
    p = page.page
    p.goto("/jobs")
    before = _count(p.locator("#results h2").inner_text())
    p.evaluate("window.__stay = 1")  # survives only if the page is not reloaded
    p.get_by_label("Role").select_option("data-scientist")
    p.wait_for_url(re.compile(r"role=data-scientist"))
    p.wait_for_function(
        "n => !document.querySelector('#results h2').textContent.startsWith(n)",
        arg=f"{before:,}",
    )
    after = _count(p.locator("#results h2").inner_text())
    assert 0 < after < before
    assert p.evaluate("window.__stay") == 1
    assert re.search(r"\d+ jobs found", p.locator("#results-status").inner_text())
    p.get_by_label("Level").select_option("SE")
    p.wait_for_url(re.compile(r"level=SE"))
    p.wait_for_function(
        "n => !document.querySelector('#results h2').textContent.startsWith(n)",
        arg=f"{after:,}",
    )
    assert _count(p.locator("#results h2").inner_text()) < after
    # the pushed URL is a real page: reloading it shows the same filters
    p.reload()
    assert p.get_by_label("Role").input_value() == "data-scientist"
    assert p.get_by_label("Level").input_value() == "SE"


def test_open_a_job_and_see_highlighted_skills(page: Watched) -> None:
    p = page.page
    p.goto("/jobs?role=data-scientist")
    link = p.locator(".job-list li .listing a[href^='/jobs/glassdoor/']").first
    title = link.inner_text().split(" @ ")[0]
    link.click()
    p.wait_for_url(re.compile(r"/jobs/glassdoor/"))
    assert p.locator("h1").inner_text() == title
    marks = p.locator(".description mark")
    assert marks.count() > 0
    assert p.locator(".skill-list li").count() > 0
    p.get_by_role("link", name="Data Scientist", exact=True).click()
    p.wait_for_url(re.compile(r"/roles/data-scientist$"))


def test_compare_ml_research_engineer_and_scientist(page: Watched) -> None:
    p = page.page
    p.goto("/compare")
    p.get_by_label("First role").select_option(MLRE)
    p.get_by_label("Second role").select_option(MLS)
    p.get_by_role("button", name="Compare").click()
    p.wait_for_url(re.compile(r"/compare\?role="))
    assert p.locator("h1").inner_text() == (
        "Compare: Machine Learning Research Engineer vs Machine Learning Scientist"
    )
    headings = p.locator("main h2").all_inner_texts()
    for heading in EIGHT:
        assert heading in headings
    lead = p.locator(".lead").inner_text()
    m = re.fullmatch(
        r"Machine Learning Research Engineer: n=(\d+) postings; "
        r"Machine Learning Scientist: n=(\d+) postings\.",
        lead,
    )
    assert m and int(m.group(1)) >= 1 and int(m.group(2)) >= 10
    h3 = p.locator("#definitions h3").all_inner_texts()
    assert h3[1].startswith(f"Machine Learning Scientist ({m.group(2)} postings")
    assert p.locator("figure.chart svg").count() >= 2
    # the table of contents jumps to a section
    p.locator(".toc").get_by_role("link", name="Practical tips").click()
    assert p.url.endswith("#practical-tips")


def test_script_in_a_posting_never_runs(page: Watched) -> None:
    p = page.page
    p.goto("/jobs/webtest/xss-1")
    p.wait_for_load_state("networkidle")
    assert p.locator("h1").inner_text() == "Senior Data Scientist"
    assert p.evaluate("document.scripts.length") == 1
    assert p.locator(".description img, .description iframe").count() == 0
    assert p.locator(".description mark").count() >= 2
    # page fixture: no dialog opened, no console error (a CSP violation would be one)


def test_keyboard_skip_link_and_focus(page: Watched) -> None:
    p = page.page
    p.goto("/jobs")
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.textContent") == "Skip to main content"
    outline = p.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    p.keyboard.press("Enter")
    assert p.url.endswith("#main")
    # the filter form is reachable and submits with the keyboard
    p.get_by_label("Keywords").focus()
    p.keyboard.type("sql")
    p.keyboard.press("Enter")
    p.wait_for_url(re.compile(r"q=sql"))


@pytest.mark.parametrize("path", ["/", "/jobs", "/jobs/webtest/xss-1", f"/roles/{MLS}"])
def test_text_contrast(page: Watched, path: str) -> None:
    page.page.goto(path)
    assert page.page.evaluate(_CONTRAST_JS) == []


@pytest.mark.parametrize("path", ["/jobs", f"/compare?role={MLRE}&role={MLS}", "/salaries"])
def test_fits_a_phone_screen(browser: Any, base_url: str, path: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 800})
    p = context.new_page()
    p.goto(path)
    width = p.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375


def test_role_to_jobs_to_job_to_the_original_posting(page: Watched) -> None:
    """Issue 11: role → its jobs → a job → the link to the original posting."""
    p = page.page
    p.goto("/roles/data-scientist")
    p.get_by_role("link", name="Data Scientist jobs", exact=True).click()
    p.wait_for_url(re.compile(r"/jobs\?role=data-scientist$"))
    assert p.get_by_label("Role").input_value() == "data-scientist"
    p.get_by_label("Keywords").fill("evil corp")
    p.get_by_role("button", name="Apply filters").click()
    p.wait_for_url(re.compile(r"q=evil"))
    p.wait_for_function(
        "() => /^1 job found/.test(document.querySelector('#results h2').textContent)"
    )
    p.locator(".job-list li .listing a").first.click()
    p.wait_for_url(re.compile(r"/jobs/webtest/xss-1$"))
    original = p.get_by_role("link", name="View original posting")
    assert original.get_attribute("href") == XSS_URL
    assert "noopener" in (original.get_attribute("rel") or "")
    # and back: the job names its role, whose page lists it among its jobs
    p.locator(".see-also").get_by_role("link", name="Data Scientist: role profile").click()
    p.wait_for_url(re.compile(r"/roles/data-scientist$"))


def test_compare_to_a_tip_to_its_evidence_posting(page: Watched) -> None:
    """Issue 11: compare → a practical tip → the posting it cites, by title."""
    p = page.page
    p.goto(f"/compare?role={MLRE}&role={MLS}")
    tips = p.locator("#practical-tips")
    evidence = tips.locator("a[href^='/jobs/']").first
    assert evidence.count() == 1, "no tip cites an example posting"
    name = evidence.inner_text()
    assert ":" not in name.split(" @ ")[0] or " " in name  # a title, not a raw key
    href = evidence.get_attribute("href")
    evidence.click()
    p.wait_for_url(re.compile(re.escape(str(href)) + "$"))
    assert p.locator("h1").inner_text() == name.split(" @ ")[0]


@pytest.mark.parametrize("path", [f"/compare?role={MLRE}&role={MLS}", f"/roles/{MLS}", "/salaries"])
def test_chart_text_is_readable_on_a_phone(browser: Any, base_url: str, path: str) -> None:
    """Chart text is drawn at 11 px or more on a 390 px screen (not scaled down)."""
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844})
    p = context.new_page()
    p.goto(path)
    sizes = p.evaluate(
        """() => [...document.querySelectorAll('svg')]
            .filter(s => s.getBoundingClientRect().width > 0)
            .flatMap(s => [...s.querySelectorAll('text')])
            .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""
    )
    width = p.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert sizes and min(sizes) >= 11, min(sizes or [0])
    assert width <= 390


def test_not_found_page_offers_a_way_on(browser: Any, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    p = context.new_page()  # not the watched page: the 404 status is logged as a console error
    response = p.goto("/no-such-page")
    assert response is not None and response.status == 404
    assert p.locator("h1").inner_text() == "Page not found"
    p.get_by_role("link", name="Browse roles").click()
    p.wait_for_url(re.compile(r"/roles$"))
    context.close()
