"""The search index holds each page's text, not its notes list (explainer.search_index), and the
pages are byte for byte those of a build without hooks/search_index.py. Markdown in, HTML out;
the helpers on their own; then the real site built with and without the hook."""

from __future__ import annotations

import json
import textwrap

import markdown
import pytest

from conftest import THEMED, build_without_hook, differing_files, page_file
from explainer import search_index
from explainer.search_index import NOTES_END, NOTES_SPOT, NOTES_START, NotesMarkExtension

EXTENSIONS = ["footnotes", "smarty", "toc"]
SOURCE = textwrap.dedent("""\
    # Page

    Text with a note.[^a]

    ## Last section

    More text.[^b]

    [^a]: Source A, *a title*.
    [^b]: Source B.
    """)


def render(source: str, *extra) -> str:
    return markdown.markdown(source, extensions=[*EXTENSIONS, *extra])


def test_the_notes_list_is_marked_and_nothing_else_changes() -> None:
    marked = render(SOURCE, NotesMarkExtension())
    plain = render(SOURCE)
    assert marked.count(NOTES_START) == 1 and marked.count(NOTES_END) == 1
    before, _, rest = marked.partition(NOTES_START)
    notes, _, after = rest.partition(NOTES_END)
    assert notes.lstrip().startswith('<div class="footnote">') and "Source B." in notes
    assert before + notes + after == plain


def test_a_page_without_notes_is_not_marked() -> None:
    assert render("Just text.", NotesMarkExtension()) == render("Just text.")


def test_set_aside_and_put_back_give_the_page_back() -> None:
    html = render(SOURCE, NotesMarkExtension()) + "\n<section>Cite this page</section>"
    lean, notes = search_index.set_aside(html)
    assert "Source A" not in lean and NOTES_SPOT in lean and "Cite this page" in lean
    assert len(notes) == 1
    assert search_index.put_back(lean, notes) == render(SOURCE) + "\n<section>Cite this page</section>"


def test_unmatched_marks_leave_the_page_alone() -> None:
    html = f"<p>a</p>{NOTES_START}<div>b</div>"
    assert search_index.set_aside(html) == (html, [])
    assert search_index.put_back("<p>a</p>", []) == "<p>a</p>"


def test_put_back_refuses_a_page_that_lost_its_spot() -> None:
    with pytest.raises(ValueError, match="0 places for 1 notes lists"):
        search_index.put_back("<p>no spot</p>", ["<div>notes</div>"])


# The real site ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site_without_hook(tmp_path_factory):
    return build_without_hook(tmp_path_factory.mktemp("no-search-hook"), "search_index.py")


def index(result) -> list[dict]:
    return json.loads((result.site_dir / "search" / "search_index.json").read_text("utf-8"))["docs"]


def notes_in_index(docs: list[dict]) -> list[str]:
    """Themed pages' index entries holding text of their notes lists (the back-link arrow)."""
    themed = {("" if name == "index" else f"{name}/") for name in THEMED}
    return [d["location"] for d in docs
            if d["location"].partition("#")[0] in themed and "\u21a9" in d["text"]]


def test_no_themed_page_indexes_its_notes(site, site_without_hook) -> None:
    assert notes_in_index(index(site)) == []
    # The check can fail: without the hook, each page's last section holds its notes.
    assert len(notes_in_index(index(site_without_hook))) >= len(THEMED) - 1


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
