"""A citation must follow the words it supports: a note marker that opens its paragraph, list
item or table cell fails the build with one line, `docs/page.md:LINE: ...`
(`explainer.citation_marks.opening_markers`, run by the citation-marks treeprocessor that
hooks/citations.py registers, so generated pages are checked as written ones are)."""

from __future__ import annotations

import textwrap

import markdown
import pytest

from conftest import bib_with
from explainer import citation_marks as marks

# The element tree: which markers open their block ----------------------------------------------


def found_in(source: str) -> list[tuple[str, str, str]]:
    extension = marks.CitationMarksExtension()
    md = markdown.Markdown(extensions=["footnotes", "tables", "admonition", "attr_list",
                                       "md_in_html", extension])
    md.convert(textwrap.dedent(source))
    return extension.opening


@pytest.mark.parametrize("source, expected", [
    pytest.param("Text.\n\n[^a]\n\n[^a]: Note.\n", [("paragraph", "fn:a", "")], id="paragraph"),
    pytest.param("- first[^a]\n- [^a] second\n\n[^a]: Note.\n", [("list item", "fn:a", "")],
                 id="list-item"),
    pytest.param("| A | B |\n| - | - |\n| x[^a] | [^a] |\n\n[^a]: Note.\n",
                 [("table cell", "fn:a", "")], id="table-cell"),
    pytest.param("!!! note\n    - one\n\n    [^a][^b]\n\n[^a]: Note.\n[^b]: Other.\n",
                 [("paragraph", "fn:a", "")], id="admonition-group-reported-once"),
    pytest.param('<div id="entry" markdown>\n\n[^a] opens.\n\n</div>\n\n[^a]: Note.\n',
                 [("paragraph", "fn:a", "entry")], id="nearest-id"),
    pytest.param("Text[^a]. More text.\n[^a] continues the paragraph.\n\n[^a]: Note.\n", [],
                 id="line-start-inside-a-paragraph"),
    pytest.param("*Emphasis*[^a] and **strong** text[^a].\n\n[^a]: Note.\n", [],
                 id="after-inline-markup"),
    pytest.param("- item text[^a]\n\n    [^a] in the item's second paragraph\n\n[^a]: Note.\n",
                 [("paragraph", "fn:a", "")], id="second-paragraph-of-an-item"),
])
def test_markers_opening_their_block(source, expected) -> None:
    assert found_in(source) == expected


# Lines: where in the Markdown the citation stands -----------------------------------------------

PAGE = """\
# Title

Text [^cite-a] and more
[^cite-a] on a continuation line.

[^cite-a]

- item [^cite-b]
- [^cite-b] opens the item

| Row | [^cite-a] |
"""


@pytest.mark.parametrize("footnote, nth, line", [
    ("cite-a", 0, 6), ("cite-a", 1, 11), ("cite-b", 0, 9), ("cite-c", 0, None),
])
def test_the_line_of_an_opening_citation(footnote, nth, line) -> None:
    assert marks.opening_citation_line(PAGE, footnote, nth) == line


def test_errors_are_one_line_each_with_the_file_s_line() -> None:
    errors = marks.opening_marker_errors(
        [("paragraph", "fn:cite-a", ""), ("table cell", "fn:cite-a", "")], PAGE,
        "docs/page.md", "cite-", first_line=5)
    assert [str(e) for e in errors] == [
        "docs/page.md:10: the citation of 'a' opens its paragraph, with no text before it. A note "
        "marker must follow the words it supports: put the citation after them, in the same "
        "paragraph",
        "docs/page.md:15: the citation of 'a' opens its table cell, with no text before it. A "
        "note marker must follow the words it supports: put the citation after them, in the same "
        "table cell"]


# Builds: the check fails a fixture site, written and generated pages ----------------------------

def test_a_lone_marker_fails_the_build_with_its_line(make_site) -> None:
    page = ("---\ndescription: A page.\n---\n\n# Home\n\nText [@wei2020america].\n\n"
            "!!! info \"Details\"\n    - **Year:** 2020\n\n    [@wei2020america]\n\n"
            "| Claim | Source |\n| --- | --- |\n| A claim | [@wei2020america] |\n")
    result = make_site({"index.md": page}, bib=bib_with())
    assert not result.ok
    lines = [w for w in result.warnings if "opens its" in w]
    assert lines == [
        "docs/index.md:12: the citation of 'wei2020america' opens its paragraph, with no text "
        "before it. A note marker must follow the words it supports: put the citation after "
        "them, in the same paragraph",
        "docs/index.md:16: the citation of 'wei2020america' opens its table cell, with no text "
        "before it. A note marker must follow the words it supports: put the citation after "
        "them, in the same table cell"], result.output
    assert "2 citation problem(s)" in result.output
    assert "Traceback" not in result.output


def test_a_marker_after_its_words_builds(make_site) -> None:
    page = ("# Home\n\nText [@wei2020america].\n\n!!! info \"Details\"\n    - **Year:** 2020 "
            "[@wei2020america]\n\n| Claim | Source |\n| --- | --- |\n| A claim | "
            "As the article says [@wei2020america] |\n")
    result = make_site({"index.md": page}, bib=bib_with())
    assert result.ok, result.output


INDEX = """\
# Home

## Start {#start}

In 2016 it began [@wei2020america].
"""
TIMELINE = """\
events:
  - id: campaign
    date: 2016
    track: both
    theme: trade
    section: index.md#start
    description: "."
    cite: wei2020america
"""


def test_a_generated_page_is_checked_too(make_site) -> None:
    # A description that is only a full stop leaves the Timeline's citation alone in its
    # paragraph: the generated page fails as a written one does, naming the event.
    result = make_site({"index.md": INDEX, "timeline.yml": TIMELINE}, bib=bib_with())
    assert not result.ok
    lines = [w for w in result.warnings if "opens its" in w]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("docs/timeline.md:")
    assert ("the citation of 'wei2020america' opens its paragraph, with no text before it "
            "(generated page, at #campaign: fix its data file)") in lines[0]
    good = make_site({"index.md": INDEX, "timeline.yml": TIMELINE.replace('"."', "It began.")},
                     bib=bib_with())
    assert good.ok, good.output
