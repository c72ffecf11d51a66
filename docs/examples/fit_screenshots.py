"""Screenshots of the web page /fit for the three example résumés (docs/fit.md, "Examples").

usage: python docs/examples/fit_screenshots.py BASE OUT_DIR

BASE is `roleatlas --home HOME serve` over a store with every sample posting (docs/fit.md says
how it was built). Each résumé of docs/examples/resumes/ is uploaded on /fit as a person would
(file input, submit); the result page is captured at 1280 and 390 px wide, viewport height
(`fit-<name>-<width>.png`; at 390 the page is scrolled to the ranking, since the page
header and the table of contents fill the first phone screen), plus the ML engineer's page at
1280 from its top to the end of the first role's section (`fit-ml-engineer-full-1280.png`).
Prints the page measurements (scroll width: nothing wider than the screen).
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
RESUMES = Path(__file__).resolve().parent / "resumes"
FILES = {
    "ml-engineer": "ml-engineer.md",
    "analyst-to-data-scientist": "analyst-to-data-scientist.json",
    "phd-researcher": "phd-researcher.docx",
}
MEASURE = """() => ({scrollWidth: document.documentElement.scrollWidth,
                     height: document.documentElement.scrollHeight})"""


def _long(page, path: Path, width: int) -> None:
    """The page from its top to the end of the first top role's section (ranking, what was
    read, gaps, education, level and pay), in 64 colours: the whole page (about 12,000 px)
    does not fit the 600 KB a docs image may take, even in 8 colours."""
    from PIL import Image

    first_role = page.locator("section.report-section").nth(2).bounding_box()
    bottom = first_role["y"] + first_role["height"] + 16
    page.screenshot(
        path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": bottom}
    )
    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def main() -> None:
    base, out = sys.argv[1:3]
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width in (1280, 390):
            ctx = browser.new_context(
                viewport={"width": width, "height": 900 if width > 400 else 844},
                device_scale_factor=1,
            )
            page = ctx.new_page()
            for name, file in FILES.items():
                page.goto(base + "/fit")
                page.set_input_files("#fit-file", str(RESUMES / file))
                with page.expect_navigation():
                    page.click("form.fit-form button[type=submit]")
                page.wait_for_load_state("networkidle")
                page.mouse.move(0, 0)
                if width < 400:
                    page.evaluate("document.getElementById('roles-ranked-by-fit').scrollIntoView()")
                report[f"{name}-{width}"] = page.evaluate(MEASURE)
                page.screenshot(path=str(out_dir / f"fit-{name}-{width}.png"))
                if name == "ml-engineer" and width == 1280:
                    _long(page, out_dir / f"fit-{name}-full-{width}.png", width)
            ctx.close()
        browser.close()
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
