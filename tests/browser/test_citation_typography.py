"""Citation typography on every built page, English and each translation (found in the built
site, so a page or a language added later is covered): no marker after a space, no marker
starting a line at phone widths (320, 360, 390 and 414 px), no Korean word split across two
lines at those widths, and each note's back-links reachable by keyboard with names of their own.
Each check is also shown failing on a page of the broken fixture site (broken_site.py). Korean
and Japanese lines break as a reader's would only with CJK fonts (Debian's fonts-noto-cjk, which
.ci/run installs): without them each character is a narrow box, and a line holds nearly three
times as many."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conftest import LANGS

from .checks import (backref_problems, marker_line_start_problems, spaced_marker_problems,
                     split_word_problems)
from .conftest import PHONE_WIDTHS

pytestmark = pytest.mark.browser


@dataclass
class Typography:
    spaced: list[str]
    line_starts: dict[int, list[str]]  # width -> problems
    backrefs: list[str]
    markers: int  # citation markers on the page
    split_words: dict[int, list[str]]  # width -> Korean words split across lines


def typography(tab, server, name: str) -> Typography:
    """Load one page at phone width and run the three checks (one load per page)."""
    page = tab("narrow").page
    page.goto(server.url(name), wait_until="load")
    line_starts, split_words = {}, {}
    for width in PHONE_WIDTHS:
        line_starts[width] = [f"{name}: {p}" for p in marker_line_start_problems(page, width)]
        split_words[width] = [f"{name}: {p}" for p in split_word_problems(page, width)]
    found = Typography(spaced=[f"{name}: {p}" for p in spaced_marker_problems(page)],
                       line_starts=line_starts,
                       backrefs=[f"{name}: {p}" for p in backref_problems(page)],
                       markers=page.locator("article a.footnote-ref").count(),
                       split_words=split_words)
    page.set_viewport_size({"width": PHONE_WIDTHS[0], "height": 800})
    return found


@pytest.fixture(scope="session")
def built_pages(site) -> list[str]:
    """Every HTML page of the built real site, as a path under the site ("trade/index.html")."""
    return sorted(str(p.relative_to(site.site_dir)) for p in site.site_dir.rglob("*.html"))


@pytest.fixture(scope="session")
def real_typography(tab, real, built_pages) -> dict[str, Typography]:
    return {name: typography(tab, real, name) for name in built_pages}


def language(name: str) -> str:
    """The language of a built page, from its path ("ko/trade/index.html": ko)."""
    first = name.split("/")[0]
    return first if first in LANGS else "en"


def test_every_built_page_is_checked(real_typography):
    """The checks below ran on the pages that cite, in English and in every translation (so an
    empty problem list means something)."""
    citing = [name for name, found in real_typography.items() if found.markers]
    for prefix in ["", *(f"{lang}/" for lang in LANGS)]:
        assert f"{prefix}trade/index.html" in citing and f"{prefix}glossary/index.html" in citing
    counts = {lang: sum(found.markers for name, found in real_typography.items()
                        if language(name) == lang) for lang in ["en", *LANGS]}
    assert all(count > 150 for count in counts.values()), counts


def test_no_citation_marker_after_a_space(real_typography):
    assert [p for found in real_typography.values() for p in found.spaced] == []


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_no_citation_marker_starts_a_line(real_typography, width):
    assert [p for found in real_typography.values() for p in found.line_starts[width]] == []


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_no_korean_word_is_split_across_lines(real_typography, width):
    assert [p for found in real_typography.values() for p in found.split_words[width]] == []


def test_back_links_are_reachable_by_keyboard_and_named(real_typography):
    assert [p for found in real_typography.values() for p in found.backrefs] == []


# -- the same checks on pages built to break them ------------------------------------------------

@pytest.fixture(scope="session")
def broken_typography(tab, broken) -> dict[str, Typography]:
    return {name: typography(tab, broken, name) for name in
            ("index", "spaced-marker", "wrapping-marker", "wrapping-marker-ja",
             "korean-words", "split-korean-words", "unfocusable-backrefs",
             "unnamed-backrefs", "same-named-backrefs")}


def test_the_broken_sites_plain_page_passes(broken_typography):
    """The pages below differ from it by their breakage only."""
    found = broken_typography["index"]
    assert found.markers and (found.spaced, found.backrefs) == ([], [])
    assert all(problems == [] for problems in found.line_starts.values())


def test_a_spaced_marker_is_reported(broken_typography):
    found = broken_typography["spaced-marker"]
    assert found.spaced == ["spaced-marker: marker 2 ('1') after a space: 'Allies' ¹"]


@pytest.mark.parametrize("name, before", [("wrapping-marker", "Fair?"),
                                          ("wrapping-marker-ja", "る。")])
def test_a_marker_that_can_wrap_is_reported(broken_typography, name, before):
    """In English after its word's punctuation; in Japanese, whose lines may break between any
    two characters, after 。."""
    found = broken_typography[name]
    assert found.spaced == []
    assert all(problems == [f"{name}: marker 2 ('1') starts a line at {width} px, away from "
                            f"{before!r}"]
               for width, problems in found.line_starts.items()), found.line_starts


def test_a_split_korean_word_is_reported(broken_typography):
    """Kept whole by site.css at any width (the paragraph is as narrow as its longest word);
    each of its words split between syllables once `word-break: keep-all` is undone."""
    assert all(problems == [] for problems in broken_typography["korean-words"]
               .split_words.values())
    found = broken_typography["split-korean-words"].split_words
    assert all(problems == [f"split-korean-words: a Korean word split at {width} px: {c!r}"
                            for c in ("한|국은 결국 ", "한국|은 결국 양", "한국은 결|국 양보했다",
                                      "은 결국 양|보했다.", " 결국 양보|했다.", "결국 양보했|다.")]
               for width, problems in found.items()), found


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
