"""The search index holds each page's text, not its notes list and note markers: the citation
marks' treeprocessor gives them Material's `data-search-exclude` (explainer.citation_marks,
`exclude_from_search`), which Material's search plugin leaves out of search/search_index.json.
Markdown in, HTML out; then the real site, built with and without the attribute."""

from __future__ import annotations

import json
import textwrap

import markdown
import pytest

from conftest import ROOT, THEMED, run_build
from explainer import citation_marks
from explainer.citation_marks import SEARCH_EXCLUDE, CitationMarksExtension

SOURCE = textwrap.dedent("""\
    # Page

    Text with a note.[^a]

    ## Last section

    More text [^a] [^b].

    [^a]: Source A, *a title*.
    [^b]: Source B.
    """)


def render(source: str) -> str:
    return markdown.markdown(source, extensions=["footnotes", "smarty", "toc",
                                                 CitationMarksExtension()])


def test_notes_list_markers_and_commas_take_the_attribute_and_nothing_else() -> None:
    html = render(SOURCE)
    mark = f' {SEARCH_EXCLUDE}=""'
    # the notes list, the three markers and the comma between the two of one group
    assert html.count(mark) == 5
    assert f'<div class="footnote"{mark}>' in html
    assert html.count(f'<sup aria-hidden="true" class="citation-separator"{mark}>') == 1
    assert "<p>Text with a <span" in html and "<h2 id=\"last-section\">" in html  # the text stays


def test_a_page_without_notes_has_no_attribute() -> None:
    assert SEARCH_EXCLUDE not in render("Just *text*, with a [link](x.md).")


# The real site ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site_without_attribute(tmp_path_factory):
    """The real site built with the treeprocessor's exclusion turned off: the broken fixture."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(citation_marks, "exclude_from_search", lambda root: 0)
        result = run_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("no-search-exclude"))
    assert result.ok, result.error
    return result


def index(result) -> list[dict]:
    return json.loads((result.site_dir / "search" / "search_index.json").read_text("utf-8"))["docs"]


def themed_entries_with(docs: list[dict], text: str) -> list[str]:
    """Themed pages' index entries whose text holds `text`."""
    themed = {("" if name == "index" else f"{name}/") for name in THEMED}
    return [d["location"] for d in docs
            if d["location"].partition("#")[0] in themed and text in d["text"]]


def test_no_themed_page_indexes_its_notes_or_markers(site, site_without_attribute) -> None:
    assert themed_entries_with(index(site), "\u21a9") == []  # the notes' back-links
    assert themed_entries_with(index(site), "<sup>") == []  # the markers
    # The check can fail: without the attribute, each page's last section holds its notes, and
    # sentences end with their markers' numbers.
    assert len(themed_entries_with(index(site_without_attribute), "\u21a9")) >= len(THEMED) - 1
    assert len(themed_entries_with(index(site_without_attribute), "<sup>")) > 20


def test_a_source_is_found_on_the_references_page_only(site, site_without_attribute) -> None:
    """A source's title (one cited once, on Trade) leads to the References page, not to the
    last section of the page that cites it."""
    title = "U.S.-Japan Trade Deal May Be Delayed"
    found = [d["location"] for d in index(site) if title in d["text"]]
    before = [d["location"] for d in index(site_without_attribute) if title in d["text"]]
    assert found == ["references/"]
    assert any(location.startswith("trade/") for location in before)
