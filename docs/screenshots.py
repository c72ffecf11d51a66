"""Take the screenshots of docs/web.md: search, a job, a role and a comparison.

Serves the web UI over two data directories on free loopback ports and drives headless
Chromium (Debian's /usr/bin/chromium through Playwright, network features off).

``--public-home`` (search and job screenshots) holds only postings that may be shown in the
repository:

* USAJOBS (``../shared/data/usajobs``, U.S. federal government work, public domain). The
  2024-25 file is read as it is (``--map company=department``); the 2013-16 file keeps pay in
  ``minimumSalary`` / ``maximumSalary`` / ``salaryType`` and places in a JSON column, which
  one CSV column cannot express, so it is first rewritten as a CSV with ``salary_text``
  (``$63,722 - $99,296 per year``) and ``location`` (the first place) columns.
* the five schema.org JobPosting examples (``../shared/data/ats-fixtures/schemaorg-jsonld``,
  CC BY-SA 3.0, illustrative), each written as an HTML page with its
  ``<script type="application/ld+json">`` block and read by the JSON-LD reader. The JSON-LD
  ``description`` of #eg-0028 is one sentence, so it is replaced by the example's own page
  text (its PRE-MARKUP section: duties, education, experience, desired skills); the other
  four examples have no description and are kept as they are.

``--home`` (role and comparison screenshots) is the full demo store: every
``../shared/data/postings-*`` set, which are internal only. Those two pages show aggregate
figures (shares, n, charts); each capture is cut above the "Related jobs" section, the only
part of them that lists postings, and the script checks that no posting description or job
listing lies inside the captured area. Build both homes, then take the screenshots::

    .venv/bin/roleatlas --home /tmp/hweb data pull --from ../shared/data
    .venv/bin/roleatlas --home /tmp/hweb ingest ../shared/data/postings-*/postings.jsonl.gz
    .venv/bin/python docs/screenshots.py --build-public /tmp/hweb-public
    .venv/bin/python docs/screenshots.py --home /tmp/hweb --public-home /tmp/hweb-public

``--build-public DIR`` writes the rewritten USAJOBS file and the example pages to a temporary
directory and runs ``roleatlas --home DIR ingest`` on them (about a minute; run it on an empty
DIR). The screenshots are docs/img/web-search.png, web-job.png, web-role.png and
web-compare.png.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import Page, sync_playwright

from roleatlas.api import create_app
from roleatlas.settings import resolve_settings

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
MLRE = "machine-learning-research-engineer"
MLS = "machine-learning-scientist"
WIDTH = 1280
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
USAJOBS_SOURCE = "usajobs"
SCHEMAORG_SOURCE = "schemaorg-examples"
# The one schema.org example whose PRE-MARKUP is the posting's page rather than a remark.
PAGE_EXAMPLE = "#eg-0028"
# Search screenshot: keywords typed in the URL, then role and sort chosen through the form.
SEARCH_Q = "statistician"
SEARCH_ROLE = "statistician"
SEARCH_SORT = "salary"
# Job screenshot: a term only the description of #eg-0028 holds.
JOB_Q = "J2EE"
# Nothing that quotes a posting may lie inside the role and comparison captures: job lists,
# descriptions, and links to a job page other than the numbered example links (1, 2, 3).
POSTING_TEXT = '.description, .job-list, .listing, a[href*="/jobs/"]:not(.example)'


# -- the public home --------------------------------------------------------------------
def _usajobs_historical(src: Path, dst: Path) -> int:
    """Rewrite the 2013-16 USAJOBS file with one salary text and one location column."""
    with gzip.open(src, "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    header = [
        "source_id",
        "title",
        "company",
        "department",
        "location",
        "all_locations",
        "salary_text",
        "pay_scale",
        "grade",
        "employment_type",
        "posted_at",
        "close_date",
        "occupation_series",
        "url",
    ]
    with dst.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            places = [
                ", ".join(
                    part
                    for part in (
                        p.get("positionLocationCity"),
                        p.get("positionLocationState"),
                        p.get("positionLocationCountry"),
                    )
                    if part
                )
                for p in json.loads(row["PositionLocations"] or "[]")
            ]
            series = [c.get("series", "") for c in json.loads(row["JobCategories"] or "[]")]
            number = row["usajobsControlNumber"]
            writer.writerow(
                [
                    number,
                    row["positionTitle"],
                    row["hiringAgencyName"],
                    row["hiringDepartmentName"],
                    places[0] if places else "",
                    "; ".join(places),
                    _pay(row["minimumSalary"], row["maximumSalary"], row["salaryType"]),
                    row["payScale"],
                    "-".join(g for g in (row["minimumGrade"], row["maximumGrade"]) if g),
                    row["workSchedule"],
                    row["positionOpenDate"],
                    row["positionCloseDate"],
                    " ".join(s for s in series if s),
                    f"https://www.usajobs.gov/job/{number}",
                ]
            )
    return len(rows)


def _pay(low: str, high: str, kind: str) -> str:
    """``$63,722 - $99,296 per year`` from the USAJOBS pay columns ('' when none is stated)."""
    period = {"per year": "per year", "per hour": "per hour"}.get(kind.strip().lower())
    if not period or not low or not high or float(high) <= 0:
        return ""  # a fee basis, no pay, or 0.0 - 0.0 (not stated)

    def money(value: str) -> str:
        amount = float(value)
        return f"${amount:,.0f}" if amount >= 1000 else f"${amount:,.2f}"

    if float(low) <= 0:
        return f"Up to {money(high)} {period}"
    return f"{money(low)} - {money(high)} {period}"


def _section(block: str, name: str) -> str:
    """The text of one ``NAME:`` section of a schema.org example block."""
    match = re.search(rf"^{name}:\n(.*?)(?=^[A-Z-]+:\n|\Z)", block, re.S | re.M)
    return match.group(1).strip() if match else ""


def _schemaorg_pages(src: Path, out: Path) -> list[Path]:
    """One HTML page per example block, holding its JSON-LD script."""
    text = src.read_text(encoding="utf-8")
    pages = []
    for block in re.split(r"^(?=# source: )", text, flags=re.M):
        tag = re.search(r"^TYPES: (#eg-\d+)", block, re.M)
        if tag is None:
            continue
        script = _section(block, "JSON")
        body = re.search(r"<script[^>]*>(.*?)</script>", script, re.S)
        if body is None:
            raise SystemExit(f"no JSON-LD script in example {tag.group(1)} of {src}")
        obj: dict[str, Any] = json.loads(body.group(1))
        if tag.group(1) == PAGE_EXAMPLE:
            obj["description"] = _section(block, "PRE-MARKUP")
        name = tag.group(1).lstrip("#")
        page = out / f"schemaorg-{name}.html"
        ld = json.dumps(obj, indent=1).replace("</", "<\\/")
        page.write_text(
            f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>schema.org example {name}</title>\n"
            f'<script type="application/ld+json">\n{ld}\n</script>\n</head><body></body></html>\n',
            encoding="utf-8",
        )
        pages.append(page)
    return pages


def _ingest(home: Path, *args: str) -> None:
    command = [sys.executable, "-m", "roleatlas", "--home", str(home), "ingest", *args]
    print("$", " ".join(command[2:]), flush=True)
    subprocess.run(command, check=True)


def build_public(home: Path, shared: Path) -> None:
    """Ingest the redistributable postings (USAJOBS, schema.org examples) into ``home``."""
    usajobs = shared / "usajobs"
    examples = shared / "ats-fixtures" / "schemaorg-jsonld" / "jobposting_examples.txt"
    with tempfile.TemporaryDirectory(prefix="roleatlas-public-") as tmp:
        historical = Path(tmp) / "usajobs_historical_2013_2016.csv"
        _usajobs_historical(usajobs / "historical_joas_2013_2016.csv.gz", historical)
        _ingest(home, str(historical), "--source", USAJOBS_SOURCE)
        recent = usajobs / "raw_jobs_2024_2025_subset.csv.gz"
        _ingest(home, str(recent), "--source", USAJOBS_SOURCE, "--map", "company=department")
        pages = _schemaorg_pages(examples, Path(tmp))
        _ingest(home, *map(str, pages), "--format", "jsonld", "--source", SCHEMAORG_SOURCE)


# -- serving and capturing --------------------------------------------------------------
def _serve(home: str) -> tuple[uvicorn.Server, threading.Thread, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(resolve_settings(home=home))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("the server did not start")
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def _report_capture(page: Page, path: Path, height: int) -> None:
    """Capture the top of a role or comparison page, stopping above "Related jobs"."""
    page.mouse.move(0, 0)  # no tooltip (an example link's title is a posting key)
    top = page.evaluate(
        """() => {
            const h = [...document.querySelectorAll('section.report-section > h2')]
                .find(e => e.textContent.trim() === 'Related jobs');
            return h ? h.closest('section').getBoundingClientRect().top + window.scrollY : null;
        }"""
    )
    if top is None:
        raise SystemExit(f"{page.url} has no Related jobs section; check the page")
    bottom = min(height, int(top) - 24)
    inside = page.evaluate(
        """([selector, bottom]) => [...document.querySelectorAll(selector)]
            .filter(e => e.getBoundingClientRect().top + window.scrollY < bottom)
            .map(e => e.outerHTML.slice(0, 120))""",
        [POSTING_TEXT, bottom],
    )
    if inside:
        raise SystemExit(f"{page.url}: posting text inside the capture: {inside}")
    page.screenshot(
        path=path, full_page=True, clip={"x": 0, "y": 0, "width": WIDTH, "height": bottom}
    )


def _capture_public(page: Page, out: Path) -> None:
    # search: keywords, then a role filter and a sort applied through the form (htmx swaps)
    page.goto(f"/jobs?q={SEARCH_Q}")
    page.get_by_label("Role").select_option(SEARCH_ROLE)
    page.wait_for_url(f"**role={SEARCH_ROLE}**")
    page.get_by_label("Sort by").select_option(SEARCH_SORT)
    page.wait_for_url(f"**sort={SEARCH_SORT}**")
    page.wait_for_load_state("networkidle")
    page.mouse.move(0, 0)
    page.screenshot(path=out / "web-search.png")
    # a job: the schema.org example with a description, opened from the results
    page.goto(f"/jobs?q={JOB_Q}")
    links = page.locator(".job-list li .listing a")
    if links.count() != 1:
        raise SystemExit(f"expected one result for {JOB_Q!r}, got {links.count()}")
    links.first.click()
    page.wait_for_load_state("networkidle")
    if page.locator(".description mark").count() == 0:
        raise SystemExit(f"{page.url} shows no highlighted skill")
    # down to the end of the description, so that the required skills show too
    box = page.locator("section[aria-labelledby=desc-h]").bounding_box()
    assert box is not None
    bottom = min(int(box["y"] + box["height"]) + 16, 2400)
    page.mouse.move(0, 0)
    page.screenshot(
        path=out / "web-job.png",
        full_page=True,
        clip={"x": 0, "y": 0, "width": WIDTH, "height": bottom},
    )


def _capture_full(page: Page, out: Path) -> None:
    page.goto("/roles/machine-learning-engineer")
    _report_capture(page, out / "web-role.png", 2300)
    page.goto(f"/compare?role={MLRE}&role={MLS}")
    _report_capture(page, out / "web-compare.png", 3300)


def _shoot(home: str, chromium: str, out: Path, capture: Callable[[Page, Path], None]) -> None:
    server, thread, base = _serve(home)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(
                base_url=base, viewport={"width": WIDTH, "height": 1000}, device_scale_factor=1
            )
            capture(page, out)
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--home", help="Full demo store (role and comparison screenshots; internal data)."
    )
    parser.add_argument(
        "--public-home",
        help="Store of redistributable postings only (search and job screenshots).",
    )
    parser.add_argument(
        "--build-public",
        type=Path,
        metavar="DIR",
        help="Ingest USAJOBS and the schema.org examples into DIR, then stop.",
    )
    parser.add_argument("--shared", type=Path, default=SHARED, help="The shared/data folder.")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "img")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    if args.build_public:
        build_public(args.build_public, args.shared)
        return
    if not args.home or not args.public_home:
        parser.error("give both --home and --public-home (or --build-public DIR)")
    args.out.mkdir(parents=True, exist_ok=True)
    _shoot(args.public_home, args.chromium, args.out, _capture_public)
    _shoot(args.home, args.chromium, args.out, _capture_full)
    for name in ("web-search", "web-job", "web-role", "web-compare"):
        print(args.out / f"{name}.png")


if __name__ == "__main__":
    main()
