"""Every page, in both palettes: no console error, no request to another host, zero WCAG 2.2 A/AA
violations reported by axe-core (the copy vendored by the axe-playwright-python package, so
nothing is downloaded), and usable with the keyboard alone. Each check is also shown failing on
a page of the broken fixture site (broken_site.py)."""

from __future__ import annotations

import pytest

from .checks import (axe_problems, focus_order, keyboard_problems, load_problems, palette,
                     tab_walk)
from .conftest import PAGES, TRANSLATED

pytestmark = pytest.mark.browser
PALETTES = {"light": "default", "dark": "slate"}


# Every page in both palettes; a translated page in the light one, and its language's Trade page
# in the dark one too (the palettes' colours are the same stylesheet in every language, and
# keeping `make test` under ten minutes: tests/README.md, "Browser tests").
CHECKED = ([(name, kind) for name in PAGES for kind in PALETTES]
           + [(name, "light") for name in TRANSLATED]
           + [(name, "dark") for name in TRANSLATED if name.endswith("/trade")])


@pytest.mark.parametrize("name, kind", CHECKED)
def test_no_console_error_and_no_request_to_another_host(report, name, kind):
    assert report(name, kind).load == []


def test_404_page_loads_cleanly(tab, real):
    current = tab("light")
    current.goto(real.url("404.html"))
    assert current.page.locator("article h1").inner_text() == "404 - Not found"
    assert load_problems(current) == []


@pytest.mark.parametrize("name, kind", CHECKED)
def test_axe_finds_no_wcag_violation(report, name, kind):
    found = report(name, kind)
    assert found.palette == PALETTES[kind]  # the palette under test really is in use
    assert found.axe == []


@pytest.mark.parametrize("kind", PALETTES)
def test_axe_finds_no_violation_in_open_previews(tab, real, kind):
    """Previews are rendered outside the article, in their own colours: check them open."""
    current = tab(kind)
    current.goto(real.url("trade"))
    page = current.page
    problems = []
    for selector in ("article a.footnote-ref", "article a.glossary-term"):
        page.locator(selector).first.focus()  # focused: the trigger in its focus colours too
        page.wait_for_selector(".md-tooltip2--active")
        page.wait_for_timeout(300)  # Material fades previews in over 250 ms
        problems += axe_problems(page, context={"include": [[".md-tooltip2--active"],
                                                            [selector]]})
        page.evaluate("() => document.activeElement.blur()")
    assert problems == []


@pytest.mark.parametrize("name", PAGES)
def test_every_page_is_usable_with_the_keyboard(report, name):
    """Every element of the focus order, focused in turn: visible, and not swallowing Tab."""
    assert report(name, "light").keyboard == []


def test_real_tab_key_walks_the_focus_order(tab, real):
    """The fast sweep above models the focus order; the real Tab key, pressed through the whole
    Overview page (slow: a key takes about 12 ms), must visit that order, see every stop and
    never get stuck. (It may meet one more stop: Material's back-to-top button appears once the
    page has scrolled down and back, which the sweep, at the top of the page, does not see.)"""
    current = tab("light")
    current.goto(real.url("index"))
    expected = focus_order(current.page)
    problems, visited = tab_walk(current.page)
    assert problems == []
    back_to_top = 'button "Back to top"'
    assert ([stop for stop in visited if stop != back_to_top]
            == [stop for stop in expected if stop != back_to_top])
    assert len(expected) > 50


# -- the same checks on pages built to break them ------------------------------------------------

@pytest.mark.parametrize("page, expected", [
    ("console-error", "console.error: broken on purpose"),
    ("uncaught-error", "uncaught: noSuchFunction is not defined"),
    ("foreign-request", "request to another host: https://example.org/x.png"),
    ("late-foreign-request", "request to another host: https://example.org/late.png"),
])
def test_console_errors_and_foreign_requests_are_reported(tab, broken, page, expected):
    current = tab("light")
    current.goto(broken.url(page))
    problems = load_problems(current)
    assert any(p.startswith(expected) for p in problems), problems
    current.goto(broken.url("index"))
    assert load_problems(current) == []


@pytest.mark.parametrize("page, failing, passing", [
    ("low-contrast", "light", "dark"),
    ("low-contrast-dark", "dark", "light"),
])
def test_contrast_is_checked_in_each_palette(tab, broken, page, failing, passing):
    for kind, fails in ((failing, True), (passing, False)):
        current = tab(kind)
        current.goto(broken.url(page))
        assert palette(current.page) == PALETTES[kind]
        problems = axe_problems(current.page)
        assert bool(problems) == fails, (kind, problems)
        if fails:
            assert [p.split(" ")[0] for p in problems] == ["color-contrast"], problems


@pytest.mark.parametrize("page, expected", [
    ("keyboard-trap", 'keyboard trap: Tab does not leave input "Trap"'),
    ("invisible-focus", 'focus on something not visible: a "Hidden"'),
])
def test_keyboard_problems_are_reported(tab, broken, page, expected):
    """By the sweep and by the real Tab key alike."""
    current = tab("light")
    current.goto(broken.url(page))
    assert expected in keyboard_problems(current.page)
    assert expected in tab_walk(current.page)[0]
