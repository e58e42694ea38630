"""Browser fixtures: one headless Chromium per session, sites served on a loopback server.

- `chromium`: Debian's Chromium found on PATH; without it the browser tests skip, except under
  CI=true, where they fail (CI installs it: .ci/run).
- `browser`: one Chromium for the whole session; `tab(kind)` gives one reused page per kind of
  visitor ("light", "dark", "touch", "nojs"), which records console errors and every request to a
  host other than 127.0.0.1 (aborted, so nothing leaves the machine).
- `real`: the real site (the session `site` fixture: English, and each translation under
  LANG/) served on 127.0.0.1 at a random port; `real.url("ko/trade")` is a translated page.
- `real_instant`: the real site built with Material's instant navigation on (mkdocs.yml has it
  off), for the checks that the site's scripts survive it.
- `broken`: a fixture site built once per session whose pages each break one check
  (see broken_site.py), so every check is shown to fail too.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import (LANGS, ROOT, THEMED, build_fixture_site, instant_theme, real_config,
                      run_build)

from .broken_site import broken_site_files

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]
# The site is published under a path (site_url's); 404.html links root-relative to it, so the
# loopback server serves the site under the same path.
SITE_URL = real_config()["site_url"]
BASE_PATH = urlsplit(SITE_URL).path or "/"
PAGES = [*THEMED, "timeline", "glossary", "references", "about", "changes"]
# Every page of every translation, by name ("ko/trade"; "ko/index" is the Korean home page).
TRANSLATED = [f"{lang}/{name}" for lang in LANGS for name in PAGES]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Phone widths at which no citation marker may start a line (CSS px: small to large phones).
PHONE_WIDTHS = [320, 360, 390, 414]


def page_path(name: str) -> str:
    """URL path of a page, from its name in PAGES or TRANSLATED ("index" is the home page,
    "ko/index" the Korean one)."""
    if name == "index" or name.endswith("/index"):
        return BASE_PATH + name[:-len("index")]
    return f"{BASE_PATH}{name}/"


# -- the browser ----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's Chromium (or of the browser named by $CHROMIUM, e.g. Google Chrome on a
    hosted CI runner); skip (fail under CI=true) when there is none."""
    path = shutil.which(os.environ.get("CHROMIUM") or "chromium")
    if path is None:
        reason = ("no browser: Debian's `chromium` is not on PATH (install it with "
                  "`apt-get install chromium`; .ci/run does)")
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI=true the browser tests must run", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser(chromium):
    """One headless Chromium for the whole session (Playwright drives the system browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Tab:
    """One page of one browser context, reused across tests; records what a page load did."""

    page: object  # playwright.sync_api.Page
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def goto(self, url: str, *, blank_first: bool = True) -> None:
        """Load `url` afresh (not via instant navigation) and forget the previous page's records
        (after a blank page, so that nothing late of the previous page is counted; tests that
        do not read the records may skip it)."""
        if blank_first:
            self.page.goto("about:blank")
        self.console_errors.clear()
        self.foreign_requests.clear()
        self.page.goto(url, wait_until="load")


_CONTEXTS: dict[str, dict] = {
    "light": {"color_scheme": "light", "viewport": VIEWPORTS["desktop"]},
    "dark": {"color_scheme": "dark", "viewport": VIEWPORTS["desktop"]},
    "touch": {"color_scheme": "light", "viewport": VIEWPORTS["phone"], "has_touch": True,
              "is_mobile": True},
    "nojs": {"color_scheme": "light", "viewport": VIEWPORTS["desktop"],
             "java_script_enabled": False},
    # resized by the citation typography checks to each of PHONE_WIDTHS
    "narrow": {"color_scheme": "light", "viewport": {"width": 320, "height": 800}},
}


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname == "127.0.0.1"


@pytest.fixture(scope="session")
def tab(browser) -> Iterator[Callable[[str], Tab]]:
    """tab("light" | "dark" | "touch" | "nojs" | "narrow") -> the session's Tab of that kind."""
    tabs: dict[str, Tab] = {}

    def get(kind: str) -> Tab:
        if kind not in tabs:
            context = browser.new_context(**_CONTEXTS[kind])
            page = context.new_page()
            page.set_default_timeout(15000)  # a bound for a loaded machine, not a speed target
            current = Tab(page)

            def route(route) -> None:
                if _is_local(route.request.url):
                    route.continue_()
                else:  # recorded, and never sent
                    current.foreign_requests.append(route.request.url)
                    route.abort()

            context.route("**/*", route)
            page.on("console", lambda msg: msg.type == "error" and current.console_errors.append(
                f"console.error: {msg.text} ({msg.location.get('url', '')})"))
            page.on("pageerror", lambda exc: current.console_errors.append(f"uncaught: {exc}"))
            tabs[kind] = current
        return tabs[kind]

    yield get
    for current in tabs.values():
        current.page.context.close()


# -- sites on a loopback server -------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves a directory under BASE_PATH, as the site is published; stays silent (pytest shows
    failures, not access logs).

    sitemap.xml lists the published URLs (site_url). Material's instant navigation only handles
    links found there, after replacing protocol and host but not the port, so on a random port
    it would fall back to full page loads. Served here with this server's origin instead, the
    site behaves as it does on its own host."""

    def do_GET(self) -> None:
        if urlsplit(self.path).path == f"{BASE_PATH}sitemap.xml":
            own = f"http://127.0.0.1:{self.server.server_port}{BASE_PATH}"
            body = Path(self.translate_path(self.path)).read_text("utf-8")
            body = body.replace(SITE_URL, own).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(BASE_PATH):
            return os.path.join(self.directory, "404", "outside-the-site")  # no such file: 404
        return super().translate_path("/" + path[len(BASE_PATH):])

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's signature)
        pass


class LoopbackServer:
    """A static HTTP server on 127.0.0.1 at a random free port, in a thread."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_Quiet, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"

    def url(self, name: str) -> str:
        """Absolute URL of a page by its name ("index", "trade", ...) or of a path ("404.html")."""
        if "." in name:
            return f"{self.origin}{BASE_PATH}{name}"
        return f"{self.origin}{page_path(name)}"

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture(scope="session")
def real(chromium, site) -> Iterator[LoopbackServer]:
    """The real site, built once (tests/conftest.py `site`), served on loopback. (After
    `chromium`: without a browser, skip before building anything.)"""
    with LoopbackServer(site.site_dir) as server:
        yield server


@pytest.fixture(scope="session")
def real_instant(chromium, site, tmp_path_factory) -> Iterator[LoopbackServer]:
    """The real pages built with `navigation.instant` (conftest.instant_theme), served on
    loopback (the translations beside them as the `site` fixture built them: Material's
    language selector fetches their sitemaps)."""
    result = run_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("instant"),
                       theme=instant_theme())
    assert result.ok, result.output
    for lang, translated in site.translations.items():
        shutil.copytree(translated.site_dir, result.site_dir / lang)
    with LoopbackServer(result.site_dir) as server:
        yield server


@dataclass
class PageReport:
    """What the checks found on one page of the real site in one palette (loaded once)."""

    palette: str  # Material's data-md-color-scheme after load
    load: list[str]  # console errors and requests to other hosts
    axe: list[str]
    printing: list[str]
    blank_pages: list[str]
    keyboard: list[str]
    text: str  # the article's visible text (to compare with JavaScript off)


@pytest.fixture(scope="session")
def report(tab, real, tmp_path_factory) -> Callable[[str, str], PageReport]:
    """report(page, "light" | "dark") -> PageReport, computed on first use and kept: each page
    is loaded once per palette, and each test asserts one of its findings. A translated page
    ("ko/trade") gets the checks whose outcome its language can change (load, axe, its text);
    printing and the keyboard sweep, the same templates and scripts in every language, run on
    the English pages (tests/README.md, "Browser tests": which checks run where)."""
    from .checks import (article_text, axe_problems, blank_pages, keyboard_problems,
                         load_problems, palette, print_problems)

    reports: dict[tuple[str, str], PageReport] = {}
    pdfs = tmp_path_factory.mktemp("pdf")

    def get(name: str, kind: str) -> PageReport:
        if (name, kind) not in reports:
            current = tab(kind)
            current.goto(real.url(name))
            page = current.page
            english = name.split("/")[0] not in LANGS
            light = kind == "light" and english
            found = dict(
                palette=palette(page), axe=axe_problems(page),
                printing=print_problems(page) if english else [],
                blank_pages=blank_pages(page, pdfs / f"{name}.pdf") if light else [],
                keyboard=keyboard_problems(page) if light else [],
                text=article_text(page))
            # Last: console errors and foreign requests of the whole visit, late ones included.
            reports[name, kind] = PageReport(load=load_problems(current), **found)
        return reports[name, kind]

    return get


@pytest.fixture(scope="session")
def broken(chromium, tmp_path_factory) -> Iterator[LoopbackServer]:
    """The fixture site whose pages each break one check (broken_site.py), served on loopback."""
    files, bib, config = broken_site_files()
    result = build_fixture_site(tmp_path_factory.mktemp("broken"), files, bib=bib, config=config)
    assert result.ok, result.output
    with LoopbackServer(result.site_dir) as server:
        yield server
