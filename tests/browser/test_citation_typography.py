"""Citation typography on every built page (found in the built site, so a page added later is
covered): no marker after a space, no marker starting a line at phone widths (320, 360, 390 and
414 px), and each note's back-links reachable by keyboard with names of their own. Each check is
also shown failing on a page of the broken fixture site (broken_site.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from .checks import backref_problems, marker_line_start_problems, spaced_marker_problems
from .conftest import PHONE_WIDTHS

pytestmark = pytest.mark.browser


@dataclass
class Typography:
    spaced: list[str]
    line_starts: dict[int, list[str]]  # width -> problems
    backrefs: list[str]
    markers: int  # citation markers on the page


def typography(tab, server, name: str) -> Typography:
    """Load one page at phone width and run the three checks (one load per page)."""
    page = tab("narrow").page
    page.goto(server.url(name), wait_until="load")
    found = Typography(spaced=[f"{name}: {p}" for p in spaced_marker_problems(page)],
                       line_starts={w: [f"{name}: {p}" for p in marker_line_start_problems(page, w)]
                                    for w in PHONE_WIDTHS},
                       backrefs=[f"{name}: {p}" for p in backref_problems(page)],
                       markers=page.locator("article a.footnote-ref").count())
    page.set_viewport_size({"width": PHONE_WIDTHS[0], "height": 800})
    return found


@pytest.fixture(scope="session")
def built_pages(site) -> list[str]:
    """Every HTML page of the built real site, as a path under the site ("trade/index.html")."""
    return sorted(str(p.relative_to(site.site_dir)) for p in site.site_dir.rglob("*.html"))


@pytest.fixture(scope="session")
def real_typography(tab, real, built_pages) -> dict[str, Typography]:
    return {name: typography(tab, real, name) for name in built_pages}


def test_every_built_page_is_checked(real_typography):
    """The checks below ran on the pages that cite (so an empty problem list means something)."""
    citing = [name for name, found in real_typography.items() if found.markers]
    assert "trade/index.html" in citing and "glossary/index.html" in citing
    assert sum(found.markers for found in real_typography.values()) > 150


def test_no_citation_marker_after_a_space(real_typography):
    assert [p for found in real_typography.values() for p in found.spaced] == []


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_no_citation_marker_starts_a_line(real_typography, width):
    assert [p for found in real_typography.values() for p in found.line_starts[width]] == []


def test_back_links_are_reachable_by_keyboard_and_named(real_typography):
    assert [p for found in real_typography.values() for p in found.backrefs] == []


# -- the same checks on pages built to break them ------------------------------------------------

@pytest.fixture(scope="session")
def broken_typography(tab, broken) -> dict[str, Typography]:
    return {name: typography(tab, broken, name) for name in
            ("index", "spaced-marker", "wrapping-marker", "unfocusable-backrefs",
             "unnamed-backrefs", "same-named-backrefs")}


def test_the_broken_sites_plain_page_passes(broken_typography):
    """The pages below differ from it by their breakage only."""
    found = broken_typography["index"]
    assert found.markers and (found.spaced, found.backrefs) == ([], [])
    assert all(problems == [] for problems in found.line_starts.values())


def test_a_spaced_marker_is_reported(broken_typography):
    found = broken_typography["spaced-marker"]
    assert found.spaced == ["spaced-marker: marker 2 ('1') after a space: 'Allies' ¹"]


def test_a_marker_that_can_wrap_is_reported(broken_typography):
    found = broken_typography["wrapping-marker"]
    assert found.spaced == []
    assert all(problems == ["wrapping-marker: marker 2 ('1') starts a line at "
                            f"{width} px, away from 'Fair?'"]
               for width, problems in found.line_starts.items()), found.line_starts


@pytest.mark.parametrize("name, expected", [
    ("unfocusable-backrefs", "not reachable with Tab"),
    ("unnamed-backrefs", "does not say where it leads"),
    ("same-named-backrefs", "same accessible name 'Back to the text'"),
])
def test_back_link_problems_are_reported(broken_typography, name, expected):
    problems = broken_typography[name].backrefs
    assert problems and all(expected in p or "Tab key does not reach" in p for p in problems), \
        problems
    assert any(expected in p for p in problems)
