"""Draw the web app's PNG icons from the SVG mark, with the Chromium the browser tests use.

Run once when the mark changes; the PNGs are committed (nothing draws them at run time):

    .venv/bin/python scripts/make_icons.py        (CHROMIUM=/path/to/chromium if elsewhere)

"any" icons are the rounded square of static/img/icon.svg; "maskable" ones fill the square with
the colour and keep the mark inside the middle 60 %, the circle every launcher's mask leaves.
"""

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "img"
ACCENT = "#1f5f8b"  # --accent in static/css/app.css
MARK = (
    '<path d="M6 4.5h8.5l3.5 3.5v11.5H6z" fill="none" stroke="#fff" stroke-width="1.8" '
    'stroke-linejoin="round"/><path d="M8.5 11h7M8.5 14.5h7M8.5 7.5h3.5" stroke="#fff" '
    'stroke-width="1.8" stroke-linecap="round"/>'
)


def svg(size: int, maskable: bool) -> str:
    if maskable:  # the mark at 60 % of the side, centred on a full square
        mark = f'<g transform="translate(4.8 4.8) scale(0.6)">{MARK}</g>'
        body = f'<rect width="24" height="24" fill="{ACCENT}"/>{mark}'
    else:
        body = f'<rect width="24" height="24" rx="5" fill="{ACCENT}"/>{MARK}'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="{size}" '
        f'height="{size}">{body}</svg>'
    )


ICONS = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "icon-maskable-192.png": (192, True),
    "icon-maskable-512.png": (512, True),
    "apple-touch-icon.png": (180, True),  # iOS rounds the corners itself
}


def main() -> None:
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        for name, (size, maskable) in ICONS.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(f'<body style="margin:0">{svg(size, maskable)}</body>')
            page.locator("svg").screenshot(path=str(OUT / name), omit_background=True)
            page.close()
            print(OUT / name)
        browser.close()


if __name__ == "__main__":
    main()
