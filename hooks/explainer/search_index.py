"""What Material's search indexes of a page: its text, without its notes list and note markers.

Pure logic behind `hooks/search_index.py` (Python-Markdown and ElementTree only, no MkDocs).

Why. Material's search plugin splits a page into sections at its headings and indexes each
section's text. The notes list (`<div class="footnote">`, which the footnotes extension puts at
the end of the page) has no heading of its own, so its text went into the page's *last* section:
a search for "MacAskill" or "Asahi" led to "Overview › How this site is organised" or
"Cost-sharing › The demands side by side", sections that do not cite those sources, and every
note added "↩︎ a b c" to the text. Each marker added its number to the sentence it ends
("alliance.1"). A source is found on the References page, whose entry says where it is cited.
They are also what the search plugin's HTML parser spends most on: a third of a themed page's
markup is its notes list, and each marker is two elements (tests/bench/README.md).

How. Material's own `data-search-exclude` keeps text out of the index but still has the plugin
parse it, so these pieces are taken out of the page while the plugin reads it and put back after:

1. `OutOfSearchExtension`'s treeprocessor, the last before serialisation, puts an HTML comment
   before and after each notes list and each marker (with the commas between markers) in the
   element tree (`START`, `END`);
2. `set_aside` (the hook's last `on_page_content`, after every hook has added to the page) takes
   the pieces out of the page's HTML, leaving `SPOT`, a comment the plugin ignores, in each place;
3. `put_back` (the hook's `on_page_context`, after the search plugin's) puts them where they were.

The page a reader gets is byte for byte what it was before (tests/test_search_index.py).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from explainer.citation_marks import SEPARATOR_CLASS, is_marker

# Helper functions -------------------------------------------------------------------------------


def mark_out_of_search(root: etree.Element) -> int:
    """Put `START` before and `END` after each notes list of the tree and each note marker
    outside it (and each comma between markers); return how many pieces were marked."""
    marked = 0
    stack = [root]
    while stack:
        parent = stack.pop()
        for index in range(len(parent) - 1, -1, -1):
            child = parent[index]
            if _out_of_search(child):
                end = etree.Comment(END[4:-3])
                end.tail, child.tail = child.tail, None
                parent.insert(index + 1, end)
                parent.insert(index, etree.Comment(START[4:-3]))
                marked += 1
            elif len(child):
                stack.append(child)
    return marked


def _out_of_search(el: etree.Element) -> bool:
    if el.tag == "div":
        return "footnote" in (el.get("class") or "").split()
    return el.tag == "sup" and (is_marker(el) or SEPARATOR_CLASS in (el.get("class") or "").split())


def set_aside(html: str) -> tuple[str, list[str]]:
    """`html` with each marked piece replaced by `SPOT`, and the pieces taken out (without their
    marks), in order."""
    parts = html.split(START)
    kept, pieces = [parts[0]], []
    for part in parts[1:]:
        piece, found, rest = part.partition(END)
        if not found:  # no end mark: not one of ours; leave the page as it is
            return html, []
        pieces.append(piece)
        kept += [SPOT, rest]
    return "".join(kept), pieces


def put_back(html: str, pieces: list[str]) -> str:
    """Undo `set_aside`: each `SPOT` of `html` takes its piece back, in order."""
    if not pieces:
        return html
    parts = html.split(SPOT)
    if len(parts) != len(pieces) + 1:
        raise ValueError(f"{len(parts) - 1} places for {len(pieces)} pieces set aside")
    out = [parts[0]]
    for piece, part in zip(pieces, parts[1:]):
        out += [piece, part]
    return "".join(out)


# The Markdown extension -------------------------------------------------------------------------


class OutOfSearchTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        mark_out_of_search(root)


class OutOfSearchExtension(Extension):
    """Registers the treeprocessor that marks the pieces (hooks/search_index.py adds it to every
    page's Markdown)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # 0.5: after every treeprocessor that changes the notes or moves the markers (the
        # footnotes extension's, 50 and 15; the citation marks', 5.4; the table of contents',
        # 5), before unescaping (0).
        md.treeprocessors.register(OutOfSearchTreeprocessor(md), "out_of_search", 0.5)


# Data -------------------------------------------------------------------------------------------

START = "<!--search-index:out-->"
END = "<!--/search-index:out-->"
SPOT = "<!--search-index:set-aside-->"
