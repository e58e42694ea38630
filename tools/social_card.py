"""Make the link-preview card, docs/assets/social-card.png (1200x630), from the site's own
settings: `site_name`, `site_url` and `extra.link_preview.subtitle` of mkdocs.yml, in the
site's indigo and the system's sans-serif fonts (Liberation Sans or DejaVu Sans, Debian's
packages). Headless Chromium draws it, offline: nothing is fetched.

    make social-card        # = PYTHONPATH=hooks:. .venv/bin/python -m tools.social_card

Run it after changing site_name or the subtitle and commit the PNG; tests/test_link_previews.py
fails while the card's recorded text (a PNG text chunk) differs from mkdocs.yml. It is not run
at build time: the build needs no browser, and the card changes rarely.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from explainer.errors import SourceError
from explainer.link_previews import (CARD_HEIGHT, CARD_WIDTH, TEXT_KEY, card_text, png_size,
                                     with_png_text)
from explainer.siteconfig import docs_dir, read_config

# Data -------------------------------------------------------------------------------------------

INDIGO, INDIGO_DARK = "#4051b5", "#303fa1"  # Material's indigo (theme.palette primary: indigo)
FONTS = '"Liberation Sans", "DejaVu Sans", Arial, sans-serif'
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]

CARD_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><style>
  html, body {{ margin: 0; width: {width}px; height: {height}px; overflow: hidden; }}
  body {{ background: {indigo}; color: #fff; font-family: {fonts};
         display: flex; flex-direction: column; box-sizing: border-box; padding: 0 88px; }}
  main {{ margin: auto 0; }}
  h1 {{ font-size: 68px; line-height: 1.12; margin: 0 0 32px; font-weight: 700;
        letter-spacing: -0.5px; }}
  p {{ font-size: 34px; line-height: 1.3; margin: 0; color: rgba(255, 255, 255, 0.88); }}
  footer {{ margin: 0 -88px; padding: 26px 88px; background: {indigo_dark};
            font-size: 26px; color: rgba(255, 255, 255, 0.85); }}
</style></head>
<body><main><h1>{title}</h1><p>{subtitle}</p></main><footer>{address}</footer></body></html>
"""


# Helper functions -------------------------------------------------------------------------------

def card_settings(config_file: Path) -> dict:
    config = read_config(config_file)
    preview = (config.get("extra") or {}).get("link_preview") or {}
    site_url = config.get("site_url") or ""
    parts = urlsplit(site_url)
    return {"title": config["site_name"], "subtitle": preview["subtitle"],
            "address": (parts.netloc + parts.path).rstrip("/"),
            "image": preview["image"], "docs_dir": docs_dir(config_file.parent, config)}


def card_html(title: str, subtitle: str, address: str) -> str:
    return CARD_HTML.format(width=CARD_WIDTH, height=CARD_HEIGHT, indigo=INDIGO,
                            indigo_dark=INDIGO_DARK, fonts=FONTS, title=_unbroken(title),
                            subtitle=_unbroken(subtitle), address=escape(address))


def _unbroken(text: str) -> str:
    """Escaped, with no line break after a dash inside a word ("US–ROK" stays whole)."""
    return re.sub(r"(?<=\w)([\u2010-\u2013-])(?=\w)", "\\1\u2060", escape(text))


def render(html: str, chromium: str) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": CARD_WIDTH, "height": CARD_HEIGHT},
                                    device_scale_factor=1)
            page.route("**/*", lambda route: route.abort())  # the card loads nothing
            page.set_content(html)
            return page.screenshot(type="png")
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    args = parser.parse_args(argv)
    try:
        settings = card_settings(args.config)
    except SourceError as err:
        print(f"make social-card: {err}", file=sys.stderr)
        return 1
    chromium = shutil.which(os.environ.get("CHROMIUM") or "chromium")
    if chromium is None:
        print("no browser: install Debian's chromium (apt-get install chromium) or set CHROMIUM",
              file=sys.stderr)
        return 1
    png = render(card_html(settings["title"], settings["subtitle"], settings["address"]), chromium)
    png = with_png_text(png, TEXT_KEY, card_text(settings["title"], settings["subtitle"]))
    out = settings["docs_dir"] / settings["image"]
    out.write_bytes(png)
    width, height = png_size(png)
    print(f"{out}: {width}x{height}, {len(png):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
