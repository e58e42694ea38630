"""Printing (print media emulation, and a real PDF as "Save as PDF" makes it), in both palettes:
navigation, search, header, footer, palette toggle and edit button hidden; glossary terms and
citations as plain text with the references listed and their URLs shown; external links followed
by their URL; no page break inside figures, tables and admonitions; no blank page."""

from __future__ import annotations

import pytest

from .checks import blank_pages, print_problems
from .conftest import PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_page_prints_cleanly(report, name, kind):
    assert report(name, kind).printing == []


@pytest.mark.parametrize("name", PAGES)
def test_no_blank_page_when_printed(report, name):
    assert report(name, "light").blank_pages == []


def test_print_shows_reference_urls_and_hides_navigation(tab, real):
    """The positive facts behind an empty problem list, on a page that has them all."""
    current = tab("light")
    current.goto(real.url("trade"))
    page = current.page
    page.emulate_media(media="print")
    try:
        assert page.locator(".md-sidebar--primary").is_hidden()
        assert page.locator(".md-header").is_hidden()
        reference = page.locator(".footnote li a[href^='http']:not(.citation-backref)").first
        assert reference.is_visible()
        assert reference.inner_text().startswith("https://")
    finally:
        page.emulate_media(media="screen")


# -- the same checks on pages built to break them ------------------------------------------------

def test_material_alone_prints_terms_citations_and_links_wrongly(tab, broken):
    """The fixture site has no print.css: what Material prints by itself."""
    current = tab("light")
    current.goto(broken.url("index"))
    problems = print_problems(current.page)
    assert any(p.startswith("term 'ROK' is not printed as plain text") for p in problems)
    assert ("external link 'the example' printed without its URL https://example.org/page"
            in problems), problems
    assert "page break allowed inside table" in problems, problems


@pytest.mark.parametrize("page, expected", [
    ("nav-in-print", "printed: navigation"),
    ("citation-in-colour", "citation '1' is not printed as plain text"),
    ("light-print", "text printed in a light colour"),
    ("url-twice", "URL printed twice: "),
])
def test_print_problems_are_reported(tab, broken, page, expected):
    current = tab("light")
    current.goto(broken.url(page))
    problems = print_problems(current.page)
    assert any(p.startswith(expected) for p in problems), problems


def test_blank_page_is_reported(tab, broken, tmp_path):
    current = tab("light")
    current.goto(broken.url("blank-page"))
    problems = blank_pages(current.page, tmp_path / "blank.pdf")
    assert any(p.startswith("PDF page 2 of ") and p.endswith(" is blank") for p in problems), \
        problems
    # Material alone (no print.css) leaves its screen-height layout: a blank last sheet after a
    # page shorter than a sheet.
    current.goto(broken.url("short-page"))
    assert blank_pages(current.page, tmp_path / "short.pdf") == ["PDF page 2 of 2 is blank"]
