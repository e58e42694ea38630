"""Previews of citations and glossary terms (issue 5): on hover, keyboard focus and tap, on every
themed page; hoverable, announced, not covering the line, closed by Esc (WCAG 2.2 SC 1.4.13).
Material 9.8.2 does part of it, docs/assets/previews.js the rest (see its header)."""

from __future__ import annotations

import pytest

from conftest import LANGS, ROOT, instant_theme

from .broken_site import two_page_site
from .checks import preview_problems, wait_for_instant_navigation
from .conftest import THEMED, LoopbackServer

pytestmark = pytest.mark.browser


def all_modes(tab, url: str) -> list[str]:
    """Hover and keyboard focus on a desktop, tap on a phone, for the page's first citation and
    first term."""
    problems: list[str] = []
    desktop = tab("light")
    desktop.goto(url, blank_first=False)
    for mode in ("hover", "focus"):
        for kind in ("term", "citation"):  # a term's title is back by its next turn
            problems += preview_problems(desktop.page, kind, mode)
    phone = tab("touch")
    phone.goto(url, blank_first=False)
    for kind in ("citation", "term"):
        if phone.page.url != url:  # the last tap left the page (Material alone): start afresh,
            phone.goto(url, blank_first=False)  # or the next trigger may be swapped out under it
        problems += preview_problems(phone.page, kind, "tap")
    return problems


@pytest.mark.parametrize("name", THEMED)
def test_previews_of_a_citation_and_a_term_on_hover_focus_and_tap(tab, real, name):
    assert all_modes(tab, real.url(name)) == []


@pytest.mark.parametrize("lang", LANGS)
def test_previews_on_a_translated_page(tab, real, lang):
    """The same on the Trade page of each translation (a sample: the code and the markup are
    those of every language; what differs is the text, a citation after 。 or 다., a term's
    translated definition)."""
    assert all_modes(tab, real.url(f"{lang}/trade")) == []


def second_taps(tab, url: str) -> list[str]:
    """Tap, then tap again: the second tap follows the link (previews.js's logic, the same on
    every page, so one page is enough). Each from a fresh load: the second tap leaves."""
    problems: list[str] = []
    phone = tab("touch")
    for kind in ("citation", "term"):
        phone.goto(url, blank_first=False)
        problems += preview_problems(phone.page, kind, "tap", second_tap=True)
    return problems


def test_second_tap_follows_the_link(tab, real):
    assert second_taps(tab, real.url("trade")) == []


# -- the same checks on pages built to break them ------------------------------------------------

@pytest.fixture
def impatient(monkeypatch):
    """Shorter waits on the pages built to break a check: what they lack never comes, and what
    they have (Material's own previews) opens at once; the real pages keep the generous ones."""
    from . import checks
    monkeypatch.setattr(checks, "OPEN_TIMEOUT", 1500)
    monkeypatch.setattr(checks, "CLOSE_TIMEOUT", 1500)


def test_material_alone_lacks_esc_tap_and_announcement(tab, broken, impatient):
    """Without previews.js: Material opens the previews on hover and focus, but Esc does not
    close them, a tap leaves the reader's place, and a citation announces only its number."""
    problems = all_modes(tab, broken.url("index"))
    for kind, mode in [("citation", "hover"), ("citation", "focus"), ("term", "hover"),
                       ("term", "focus")]:
        assert any(p.startswith(f"{kind} ") and f"on {mode}: Esc does not close" in p
                   for p in problems), problems
    for kind in ("citation", "term"):
        assert any(p.startswith(f"{kind} ") and "on tap: the tap left the page" in p
                   for p in problems), problems
    assert any(p.startswith("citation ") and "on focus: screen readers are not told" in p
               for p in problems), problems
    # (and without previews.css, a term's preview vanishes as the pointer moves onto it)
    assert any(p.startswith("term ") and "closes when the pointer moves onto it" in p
               for p in problems), problems
    assert not any("no preview opens" in p for p in problems), problems


@pytest.mark.parametrize("page, kinds, expected", [
    ("hidden-previews", ["citation"], "no preview opens"),
    # Material places a citation's preview (above or below) and a term's (below) differently
    ("covering-previews", ["citation", "term"], "the preview covers the line being read"),
    # (a term's is unhoverable with Material alone: test_material_alone_lacks_...)
    ("unhoverable-previews", ["citation"], "the preview closes when the pointer moves onto it"),
    ("backrefs-in-previews", ["citation"], "the preview shows the reference's back-links"),
])
def test_broken_preview_is_reported(tab, broken, impatient, page, kinds, expected):
    current = tab("light")
    current.goto(broken.url(page))
    for kind in kinds:
        problems = preview_problems(current.page, kind, "hover")
        assert any(expected in p for p in problems), problems


def test_second_tap_that_does_not_follow_is_reported(tab, broken, impatient):
    problems = second_taps(tab, broken.url("taps-blocked"))
    for kind in ("citation", "term"):
        assert any(p.startswith(f"{kind} ") and "on tap: a second tap does not follow the link"
                   in p for p in problems), problems


def test_term_without_preview_text_is_reported(tab, broken, impatient):
    current = tab("light")
    current.goto(broken.url("untitled-term"))
    current.page.evaluate("() => document.querySelectorAll('article a.glossary-term[title]')"
                          ".forEach(a => a.remove())")  # leave only the untitled term
    assert preview_problems(current.page, "term", "hover") == [
        "the term has nothing to preview (no reference or definition)"]


def after_instant_navigation(tab, start_url: str) -> list[str]:
    """Follow a link from `start_url` to the Trade page with Material's instant navigation
    (checked: no reload), then check the citation's focus and tap previews on the new page."""
    problems: list[str] = []
    for kind, mode in (("light", "focus"), ("touch", "tap")):
        current = tab(kind)
        current.goto(start_url, blank_first=False)
        page = current.page
        page.evaluate("() => { window.notReloaded = true; }")
        wait_for_instant_navigation(page)
        # (in the navigation, which a phone keeps in its drawer: clicked from script)
        page.evaluate("() => document.querySelector('.md-nav a[href$=\"/trade/\"]').click()")
        page.wait_for_url("**/trade/")
        page.wait_for_selector("article a.glossary-term")
        assert page.evaluate("() => window.notReloaded === true"), "a full reload, not instant"
        problems += preview_problems(page, "citation", mode)
    return problems


def test_previews_survive_instant_navigation(tab, real_instant):
    """Instant navigation (off on the real site, on in this build of it) swaps the page without
    reloading previews.js: its additions must follow (they run on Material's document$)."""
    assert after_instant_navigation(tab, real_instant.url("index")) == []


def test_previews_js_run_once_fails_after_instant_navigation(tab, make_site):
    """A previews.js that sets pages up once (on load, not on document$) loses the citation's
    description on the next page."""
    script = (ROOT / "docs/assets/previews.js").read_text("utf-8")
    subscribe = "window.document$.subscribe(setUp);"
    assert subscribe in script
    files, bib, config = two_page_site(script.replace(subscribe, "setUp();"))
    result = make_site(files, bib=bib, config={**config, "theme": instant_theme()})
    assert result.ok, result.output
    with LoopbackServer(result.site_dir) as server:
        problems = after_instant_navigation(tab, server.url("index"))
    assert any("on focus: screen readers are not told" in p for p in problems), problems


def test_previews_js_that_keeps_the_back_links_is_reported(tab, make_site):
    """previews.js describes each citation by its note's text: without the back-links, which
    would be read out as "↩" after every reference."""
    script = (ROOT / "docs/assets/previews.js").read_text("utf-8")
    removal = ('copy.querySelectorAll(".footnote-backrefs").forEach(function '
               "(back) {\n        back.remove();\n      });")
    assert removal in script
    files, bib, config = two_page_site(script.replace(removal, ""))
    result = make_site(files, bib=bib, config=config)
    assert result.ok, result.output
    current = tab("light")
    with LoopbackServer(result.site_dir) as server:
        current.goto(server.url("index"))
        problems = preview_problems(current.page, "citation", "focus")
    assert any("on focus: screen readers are told the back-links" in p for p in problems), \
        problems
