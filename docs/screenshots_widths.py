"""Before/after screenshots of issue 11 (docs/web.md): pages at 1280 and 390 px, plus the
readability figures (smallest chart text as rendered, page scroll width).

usage: python docs/screenshots_widths.py PREFIX FULL_BASE PUBLIC_BASE OUT_DIR [--only a,b]

FULL_BASE is `roleatlas --home DEMO serve` over the full demo store (role, compare, salaries:
viewport captures and the compare page's skills and salary charts, aggregate figures only);
PUBLIC_BASE serves the public store of `docs/screenshots.py --build-public` (USAJOBS and
schema.org postings: jobs, job, 404). Prints the measurements as JSON.
"""

import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

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

MEASURE = """() => {
  const shown = [...document.querySelectorAll('svg')]
    .filter(s => s.getBoundingClientRect().width > 0);
  const sizes = shown.flatMap(s => [...s.querySelectorAll('text')]).map(t => {
    const m = t.getScreenCTM();
    return parseFloat(getComputedStyle(t).fontSize) * (m ? m.a : 1);
  });
  return {scrollWidth: document.documentElement.scrollWidth,
          svgTextMin: sizes.length ? Math.min(...sizes) : null,
          svgWidths: shown.map(s => Math.round(s.getBoundingClientRect().width))};
}"""


def _sections(page, out_dir: Path, prefix: str, width: int) -> None:
    """The skills chart and the salary chart of the comparison, each with its section top."""
    for sec in ("required-skills", "salaries"):
        section = page.locator(f"section#{sec}")
        box = section.bounding_box()
        figures = section.locator("figure")
        if box is None or figures.count() == 0:
            continue
        fig = (figures.first if sec == "required-skills" else figures.last).bounding_box()
        top = box["y"] if sec == "required-skills" else max(box["y"], fig["y"] - 60)
        page.screenshot(
            path=str(out_dir / f"{prefix}-compare-{sec}-{width}.png"),
            full_page=True,
            clip={"x": 0, "y": top, "width": width, "height": fig["y"] + fig["height"] - top + 8},
        )


def main() -> None:
    prefix, full, public, out = sys.argv[1:5]
    only = set(sys.argv[6].split(",")) if len(sys.argv) > 6 else None
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = {
        "role": (full, f"/roles/{MLS}"),
        "compare": (full, f"/compare?role={MLRE}&role={MLS}"),
        "salaries": (full, "/salaries?role=data-scientist"),
        "jobs": (public, "/jobs?q=statistician"),
        "job": (public, "/jobs/usajobs/780305400"),
        "404": (public, "/no-such-page"),
    }
    report = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width in (1280, 390):
            ctx = browser.new_context(
                viewport={"width": width, "height": 900 if width > 400 else 844},
                device_scale_factor=1,
            )
            page = ctx.new_page()
            for name, (base, path) in pages.items():
                if only and name not in only:
                    continue
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.mouse.move(0, 0)
                report[f"{name}-{width}"] = page.evaluate(MEASURE)
                page.screenshot(path=str(out_dir / f"{prefix}-{name}-{width}.png"))
                if name == "compare":
                    _sections(page, out_dir, prefix, width)
            ctx.close()
        browser.close()
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
