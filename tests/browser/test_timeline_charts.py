"""The Timeline's filter by track and the charts, in the browser.

- Without JavaScript, the filter links (CSS :target) show each alliance's events; with it, a
  group of toggle buttons filters in place, keeps the choice in the URL, is operated with the
  keyboard and announces the count in a live region, also after Material's instant navigation.
- The charts' text and bars read in both palettes (axe-core does not check text inside SVG).
The page-wide checks (axe in both palettes, keyboard, JavaScript off, print) run on the Timeline
and the chart pages with every other page (test_pages.py, test_nojs.py, test_print.py).

Each check is shown failing: the real site is served with one of its assets changed on the way
(Playwright routes the request), so the broken variant differs from the real one by that only.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from conftest import ROOT

from .checks import (axe_problems, chart_contrast_problems, palette, timeline_js_problems,
                     timeline_nojs_problems, timeline_state, wait_for_instant_navigation)

pytestmark = pytest.mark.browser
PALETTES = {"light": "default", "dark": "slate"}
ASSETS = ROOT / "docs" / "assets"


@contextmanager
def served(page, asset: str, text: str):
    """Serve `text` in place of docs/assets/`asset` while the block runs."""
    pattern = f"**/assets/{asset}"
    content_type = "text/css" if asset.endswith(".css") else "application/javascript"
    page.route(pattern, lambda route: route.fulfill(body=text, content_type=content_type))
    try:
        yield
    finally:
        page.unroute(pattern)


def script(replace: str = "", by: str = "") -> str:
    text = (ASSETS / "timeline.js").read_text("utf-8")
    if replace:
        assert replace in text, replace
        text = text.replace(replace, by)
    return text


# -- without JavaScript ----------------------------------------------------------------------------

def test_timeline_filters_without_javascript(tab, real):
    current = tab("nojs")
    current.goto(real.url("timeline"))
    page = current.page
    total = timeline_state(page)["total"]
    assert total >= 30
    assert timeline_nojs_problems(page) == []
    page.click('.tl-filter a[data-track="us-rok"]')
    state = timeline_state(page)
    assert 0 < len(state["shown"]) < total  # the positive fact behind the empty list
    assert page.is_visible("#track-us-rok") and not page.is_visible(".tl-status")


def test_nojs_filter_check_fails_without_the_stylesheet(tab, real):
    current = tab("nojs")
    with served(current.page, "timeline.css", ""):
        current.goto(real.url("timeline"))
        problems = timeline_nojs_problems(current.page)
    assert any("events of another alliance still shown" in p for p in problems), problems


# -- with JavaScript -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", PALETTES)
def test_timeline_filters_with_javascript(tab, real, kind):
    current = tab(kind)
    current.goto(real.url("timeline"))
    assert palette(current.page) == PALETTES[kind]
    assert timeline_js_problems(current.page, real.url("timeline")) == []
    assert current.console_errors == []


BROKEN_SCRIPTS = [
    ("no script", "", "the filter options are not a labelled group"),
    ("URL not kept", script('history.replaceState(history.state, "", url);', "void url;"),
     "the choice cannot be shared"),
    ("count not announced", script("status.textContent = track", "status.title = track"),
     "the live region says"),
    ("options not buttons", script('document.createElement("button")',
                                   'document.createElement("span")'),
     "is a <span>, not a button"),
    ("aria-pressed never set", script('button.setAttribute("aria-pressed", String(',
                                      'button.setAttribute("data-pressed", String('),
     "after pressing it, aria-pressed is true on"),
]


@pytest.mark.parametrize("body, expected", [c[1:] for c in BROKEN_SCRIPTS],
                         ids=[c[0] for c in BROKEN_SCRIPTS])
def test_js_filter_check_fails_on_a_broken_script(tab, real, body, expected):
    current = tab("light")
    with served(current.page, "timeline.js", body):
        current.goto(real.url("timeline"))
        problems = timeline_js_problems(current.page, real.url("timeline"))
    assert any(expected in p for p in problems), problems


def status_language_problems(page, english: str = "Showing") -> list[str]:
    """On a translated Timeline, the live region speaks the page's language after a reader picks
    an alliance and after "all" again (its wording from data-some and data-all: hooks/timeline.py
    writes them from the language's site.po), with the count."""
    problems = []
    for track in ("us-rok", "all"):
        before = page.inner_text(".tl-status")
        page.click(f'.tl-filter [data-track="{track}"]')
        page.wait_for_function("t => document.querySelector('.tl-status').innerText !== t",
                               arg=before, timeout=3000)
        text = page.inner_text(".tl-status")
        shown = page.evaluate("() => document.querySelectorAll('.tl-event:not([hidden])').length")
        if english in text or str(shown) not in text:
            problems.append(f"after {track!r} the live region says {text!r}")
    return problems


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_a_translated_timeline_announces_in_its_language(tab, real, lang):
    current = tab("light")
    current.goto(real.url(f"{lang}/timeline"))
    assert status_language_problems(current.page) == []
    # the script without the page's wording (its English fallback): both announcements reported
    with served(current.page, "timeline.js", script('status.getAttribute("data-all")', "null")
                .replace('status.getAttribute("data-some")', "null")):
        current.goto(real.url(f"{lang}/timeline"))
        problems = status_language_problems(current.page)
    assert [p.split(" the live")[0] for p in problems] == ["after 'us-rok'", "after 'all'"]


def _instant_visit_problems(page, real) -> list[str]:
    """Trade -> Timeline -> Trade -> Timeline by Material's instant navigation (no page load:
    a marker set on the first page survives), filtering on each visit to the Timeline."""
    page.goto(real.url("trade"), wait_until="load")
    page.evaluate("() => { window.__sameDocument = true; }")
    wait_for_instant_navigation(page)
    problems = []
    for visit in (1, 2):
        page.click('article a[href*="timeline/#"]')
        page.wait_for_url("**/timeline/**")
        page.wait_for_selector("li.tl-event")
        if not page.evaluate("() => window.__sameDocument === true"):
            return ["the Timeline was loaded afresh, not by instant navigation"]
        try:
            page.wait_for_selector('.tl-filter button[data-track="us-japan"]', timeout=3000)
        except Exception:  # playwright's TimeoutError
            problems.append(f"visit {visit}: no filter buttons after instant navigation")
            page.click('.md-nav a[href$="trade/"]')
            page.wait_for_url("**/trade/")
            continue
        page.click('.tl-filter button[data-track="us-japan"]')
        state = timeline_state(page)
        if any("us-japan" not in e["tracks"] for e in state["shown"]) or \
                not page.url.endswith("#track-us-japan"):
            problems.append(f"visit {visit}: the filter does not work after instant navigation")
        page.click('.md-nav a[href$="trade/"]')
        page.wait_for_url("**/trade/")
    return problems


def test_filter_works_after_instant_navigation(tab, real_instant):
    """On a build of the real site with instant navigation on (mkdocs.yml has it off)."""
    current = tab("light")
    current.goto(real_instant.url("trade"))
    assert _instant_visit_problems(current.page, real_instant) == []
    assert current.console_errors == []


def test_instant_navigation_check_fails_on_a_script_that_sets_up_once(tab, real_instant):
    current = tab("light")
    with served(current.page, "timeline.js", script("document$.subscribe(setup);", "setup();")):
        current.goto(real_instant.url("trade"))
        problems = _instant_visit_problems(current.page, real_instant)
    assert problems == ["visit 2: no filter buttons after instant navigation"], problems


def test_axe_checks_the_filter_buttons_pressed_and_not(tab, real):
    """axe (run on every page by test_pages.py) also sees the buttons' colours: shown here on
    the pressed button, and failing on a stylesheet that greys it out."""
    current = tab("light")
    current.goto(real.url("timeline"))
    page = current.page
    page.click('.tl-filter button[data-track="us-rok"]')
    assert axe_problems(page, context=".tl-filter") == []
    grey = (ASSETS / "timeline.css").read_text("utf-8") + (
        '\n.md-typeset .tl-filter__options button[aria-pressed="true"] { color: #9e9e9e; '
        "background: #bdbdbd; }\n")
    with served(page, "timeline.css", grey):
        current.goto(real.url("timeline"))
        page.click('.tl-filter button[data-track="us-rok"]')
        problems = axe_problems(page, context=".tl-filter")
    assert [p.split(" ")[0] for p in problems] == ["color-contrast"], problems


# -- charts ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", PALETTES)
@pytest.mark.parametrize("name", ["impacts", "cost-sharing"])
def test_charts_read_in_both_palettes(tab, real, name, kind):
    current = tab(kind)
    current.goto(real.url(name), blank_first=False)
    page = current.page
    assert palette(page) == PALETTES[kind]
    assert page.locator("figure.chart svg text").count() > 3
    assert chart_contrast_problems(page) == []


@pytest.mark.parametrize("kind, rule, expected", [
    ("light", ".md-typeset .chart__svg text { fill: #bdbdbd; }", "text 'Good' at"),
    ("dark", ".md-typeset .chart__svg text { fill: #3a3a3a; }", "text 'Good' at"),
    ("light", ".md-typeset .chart__bar--s0 { fill: #e8eaf6; }", "bar 'chart__bar chart__bar--s0'"),
    ("dark", ".md-typeset .chart__bar--computed { stroke: #303030; }",
     "bar 'chart__bar chart__bar--computed'"),
])
def test_chart_contrast_check_fails_in_the_palette_it_breaks(tab, real, kind, rule, expected):
    current = tab(kind)
    css = (ASSETS / "site.css").read_text("utf-8") + "\n" + rule + "\n"
    name = "cost-sharing" if "computed" in rule else "impacts"
    with served(current.page, "site.css", css):
        current.goto(real.url(name), blank_first=False)
        problems = chart_contrast_problems(current.page)
    assert problems and expected in problems[0], problems
    other = tab("dark" if kind == "light" else "light")  # the same colour passes in the other
    with served(other.page, "site.css", css):
        other.goto(real.url(name), blank_first=False)
        assert chart_contrast_problems(other.page) == []
