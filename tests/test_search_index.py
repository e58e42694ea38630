"""The search index holds each page's text, not its notes list and note markers
(explainer.search_index), and the pages are byte for byte those of a build without
hooks/search_index.py. Markdown in, HTML out; the helpers on their own; then the real site built
with and without the hook."""

from __future__ import annotations

import json
import re
import textwrap

import markdown
import pytest

from conftest import THEMED, build_without_hook, differing_files, page_file
from explainer import search_index
from explainer.citation_marks import CitationMarksExtension
from explainer.search_index import END, SPOT, START, OutOfSearchExtension

EXTENSIONS = ["footnotes", "smarty", "toc", CitationMarksExtension()]
SOURCE = textwrap.dedent("""\
    # Page

    Text with a note.[^a]

    ## Last section

    More text [^a] [^b].

    [^a]: Source A, *a title*.
    [^b]: Source B.
    """)


def render(source: str, *extra) -> str:
    return markdown.markdown(source, extensions=[*EXTENSIONS, *extra])


def test_notes_and_markers_are_marked_and_nothing_else_changes() -> None:
    marked = render(SOURCE, OutOfSearchExtension())
    plain = render(SOURCE)
    # the notes list, the three markers and the comma between the two of one group
    assert marked.count(START) == marked.count(END) == 5
    assert marked.replace(START, "").replace(END, "") == plain


def test_set_aside_and_put_back_give_the_page_back() -> None:
    html = render(SOURCE, OutOfSearchExtension()) + "\n<section>Cite this page</section>"
    lean, pieces = search_index.set_aside(html)
    assert "Source A" not in lean and "<sup" not in lean and "footnote" not in lean
    assert lean.count(SPOT) == len(pieces) == 5
    words = re.sub(r"<[^>]+>", "", lean)  # the words before each marker stay
    assert "Text with a note." in words and "More text." in words
    assert "Cite this page" in lean
    assert pieces[-1].lstrip().startswith('<div class="footnote">')
    assert search_index.put_back(lean, pieces) == \
        render(SOURCE) + "\n<section>Cite this page</section>"


def test_a_page_without_notes_is_not_marked() -> None:
    assert render("Just text.", OutOfSearchExtension()) == render("Just text.")


def test_unmatched_marks_leave_the_page_alone() -> None:
    html = f"<p>a</p>{START}<div>b</div>"
    assert search_index.set_aside(html) == (html, [])
    assert search_index.put_back("<p>a</p>", []) == "<p>a</p>"


def test_put_back_refuses_a_page_that_lost_its_spot() -> None:
    with pytest.raises(ValueError, match="0 places for 1 pieces set aside"):
        search_index.put_back("<p>no spot</p>", ["<div>notes</div>"])


# The real site ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site_without_hook(tmp_path_factory):
    return build_without_hook(tmp_path_factory.mktemp("no-search-hook"), "search_index.py")


def index(result) -> list[dict]:
    return json.loads((result.site_dir / "search" / "search_index.json").read_text("utf-8"))["docs"]


def themed_entries_with(docs: list[dict], text: str) -> list[str]:
    """Themed pages' index entries whose text holds `text`."""
    themed = {("" if name == "index" else f"{name}/") for name in THEMED}
    return [d["location"] for d in docs
            if d["location"].partition("#")[0] in themed and text in d["text"]]


def test_no_themed_page_indexes_its_notes_or_markers(site, site_without_hook) -> None:
    assert themed_entries_with(index(site), "\u21a9") == []  # the notes' back-links
    assert themed_entries_with(index(site), "<sup>") == []  # the markers
    # The check can fail: without the hook, each page's last section holds its notes, and
    # sentences end with their markers' numbers.
    assert len(themed_entries_with(index(site_without_hook), "\u21a9")) >= len(THEMED) - 1
    assert len(themed_entries_with(index(site_without_hook), "<sup>")) > 20


def test_a_source_is_found_on_the_references_page_only(site, site_without_hook) -> None:
    """A source's title (one cited once, on Trade) leads to the References page, not to the
    last section of the page that cites it."""
    title = "U.S.-Japan Trade Deal May Be Delayed"
    found = [d["location"] for d in index(site) if title in d["text"]]
    before = [d["location"] for d in index(site_without_hook) if title in d["text"]]
    assert found == ["references/"]
    assert any(location.startswith("trade/") for location in before)


def test_every_page_is_byte_for_byte_as_without_the_hook(site, site_without_hook) -> None:
    assert differing_files(site.site_dir, site_without_hook.site_dir) == [
        "search/search_index.json"]
    for name in THEMED:
        assert "search-index:" not in site.html(page_file(name))
