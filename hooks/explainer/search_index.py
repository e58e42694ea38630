"""What Material's search indexes of a page: everything but its list of notes.

Pure logic behind `hooks/search_index.py` (Python-Markdown and ElementTree only, no MkDocs).

Why. Material's search plugin splits a page into sections at its headings and indexes each
section's text. The notes list (`<div class="footnote">`, which the footnotes extension puts at
the end of the page) has no heading of its own, so its text went into the page's *last* section:
a search for "MacAskill" or "Asahi" led to "Overview › How this site is organised" or
"Cost-sharing › The demands side by side", sections that do not cite those sources, and every
note added "↩︎ a b c" to the text. A source is found on the References page, whose entry says
where it is cited. It is also the largest part of a page for the search plugin's HTML parser to
read (a third of a themed page's markup, about 1.7 ms of the 5 ms the plugin spends on Trade).

How. Material's own `data-search-exclude` keeps text out of the index but still has the plugin
parse it, so the list is taken out of the page while the plugin reads it and put back after:

1. `NotesMarkExtension`'s treeprocessor, the last before serialisation, puts an HTML comment
   before and after the notes list in the element tree (`NOTES_START`, `NOTES_END`);
2. `set_aside` (the hook's last `on_page_content`, after every hook has added to the page) takes
   the list out of the page's HTML, leaving `NOTES_SPOT`, a comment the plugin ignores;
3. `put_back` (the hook's `on_page_context`, after the search plugin's) puts it where it was.

The page a reader gets is byte for byte what it was before (tests/test_search_index.py).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Helper functions -------------------------------------------------------------------------------


def mark_notes(root: etree.Element) -> int:
    """Put `NOTES_START` before and `NOTES_END` after each notes list of the tree (the footnotes
    extension makes one, where its marker is or at the end); return how many were marked."""
    marked = 0
    for parent in list(root.iter()):
        for index in range(len(parent) - 1, -1, -1):
            child = parent[index]
            if child.tag == "div" and "footnote" in (child.get("class") or "").split():
                start, end = etree.Comment(NOTES_START[4:-3]), etree.Comment(NOTES_END[4:-3])
                end.tail, child.tail = child.tail, None
                parent.insert(index + 1, end)
                parent.insert(index, start)
                marked += 1
    return marked


def set_aside(html: str) -> tuple[str, list[str]]:
    """`html` with each marked notes list replaced by `NOTES_SPOT`, and the lists taken out
    (without their marks), in order."""
    kept, notes = [], []
    rest = html
    while NOTES_START in rest:
        before, _, after = rest.partition(NOTES_START)
        inside, found, rest = after.partition(NOTES_END)
        if not found:  # no end mark: not one of ours; leave the page as it is
            return html, []
        kept += [before, NOTES_SPOT]
        notes.append(inside)
    return "".join(kept) + rest, notes


def put_back(html: str, notes: list[str]) -> str:
    """Undo `set_aside`: each `NOTES_SPOT` of `html` takes its notes list back, in order."""
    if not notes:
        return html
    pieces = html.split(NOTES_SPOT)
    if len(pieces) != len(notes) + 1:
        raise ValueError(f"{len(pieces) - 1} places for {len(notes)} notes lists")
    out = [pieces[0]]
    for note, piece in zip(notes, pieces[1:]):
        out += [note, piece]
    return "".join(out)


# The Markdown extension -------------------------------------------------------------------------


class NotesMarkTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        mark_notes(root)


class NotesMarkExtension(Extension):
    """Registers the treeprocessor that marks the notes list (hooks/search_index.py adds it to
    every page's Markdown)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # 0.5: after every treeprocessor that changes the notes (the footnotes extension's, 50
        # and 15; the citation marks', 5.4; the table of contents', 5), before unescaping (0).
        md.treeprocessors.register(NotesMarkTreeprocessor(md), "search_notes_mark", 0.5)


# Data -------------------------------------------------------------------------------------------

NOTES_START = "<!--search-index:notes-->"
NOTES_END = "<!--/search-index:notes-->"
NOTES_SPOT = "<!--search-index:notes-set-aside-->"
