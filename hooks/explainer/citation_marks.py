"""Note markers and back-links as the Chicago notes style sets them, in a page's element tree.

Pure logic behind `hooks/citations.py` (Python-Markdown and ElementTree only, no MkDocs), run as
one Python-Markdown treeprocessor on every page, generated pages included (the Glossary page, a
Timeline page: anything rendered through MkDocs' page events gets it). The same pass records
each marker with its section, for the References page's "Cited in" (`markers`, read by
`cited_sections`: no second parse), and keeps the notes list and the markers out of Material's
search index with its documented `data-search-exclude` attribute (`exclude_from_search`).

Markers (`place_markers`)
-------------------------
Writers write `text [@key].`; mkdocs-bibtex turns it into `text [^cite-key].`, and Python-Markdown
into `text <sup id="fnref:cite-key"><a class="footnote-ref" ...>1</a></sup>.`: a space before
the marker, the full stop after it, and a break opportunity at the space, so that at phone widths
the marker often began a line of its own. Here each *group* of markers (those of one `[@a; @b]`,
or written next to each other) is:

1. joined: a superscript comma (`<sup class="citation-separator" aria-hidden="true">`) between
   two markers, so "1" "2" never reads "12";
2. attached: the whitespace before it is removed ("allies ¹" -> "allies¹");
3. moved after the punctuation it touches: full stop, comma, semicolon, colon, question and
   exclamation marks, ellipsis, closing quotation marks, parentheses and brackets ("allies¹." ->
   "allies.¹", "cost¹”" -> "cost”¹"); never over a dash (Chicago keeps the marker before an em or
   en dash), nor over anything after a space;
4. kept with its word: the last word before it, the punctuation and the markers go into one
   `<span class="citation-join">`, which site.css sets `white-space: nowrap`, so no width can
   put a marker at the start of a line away from its word. When an inline element ends right
   before the marker (a glossary term, a link, emphasis), the element goes into the span if it
   is one word; a longer one stays where it is and the span starts with the punctuation, before
   which no line may break (UAX #14), or, without punctuation, with a WORD JOINER (U+2060).

Korean and Japanese text: `explainer.i18n_marks` (the marks after 。、」 and their joins).

A marker that opens its block (a table cell holding only a citation, a list item starting with
one) has no word to join; it stays where it is, and the build fails on it (`opening_markers`,
at the end of this module: a citation must follow the words it supports). Markers never occur inside code (the footnotes
extension does not look there), and the text around them is moved, never rewritten: inline code,
smart quotes and raw HTML next to a marker come out as they went in. Raw HTML tags that Python-
Markdown stashed (`<b>`...) are never split from their partner: a word stops at a stashed tag.

The treeprocessor runs after inline processing, the footnotes extension's duplicates (15), smarty
(6) and the glossary marking (5.5, which must see whole sentences to find terms of several words),
and before the table of contents (5) and MkDocs' link processing.

Back-links (`compact_backrefs`)
-------------------------------
Python-Markdown ends each note with one "jump back" link per marker (`fnref:`, `fnref2:`, ...),
which Material hides until hover and draws as an icon each: 18 of them wrapped into an empty
line under the article's entry. Each note now ends with one set, as Wikipedia does: "↩" when it
is cited once; "↩ a b c" (the arrow not a link) when cited several times, the letters in the order
of the markers in the text. Each link's accessible name says where it goes: "Back to note 1,
citation 3 of 18 (c), in section Renewed pressure in 2019" (the visible letter is part of the
name, WCAG 2.5.3; the section is the nearest heading above the marker). The set is a
`<span class="footnote-backrefs">`; the links keep Python-Markdown's class `footnote-backref`.
Material's footnote tooltips copy the note's content into the preview, back-links included:
site.css hides `.footnote-backrefs` inside previews, previews.js leaves it out of the citation's
description, print.css leaves it off paper.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX

from explainer.errors import SourceError
from explainer.i18n_marks import CJK_CLOSING, is_wide, split_join
from explainer.placeholders import pieces, plain

# Data -------------------------------------------------------------------------------------------

JOIN_CLASS = "citation-join"
SEPARATOR_CLASS = "citation-separator"
BACKREFS_CLASS = "footnote-backrefs"
BACKREF_CLASS = "footnote-backref"  # Python-Markdown's own class for a back-link
# Ours, for the links of the set: not Python-Markdown's class, which Material styles as a
# hidden icon (site.css would only undo it).
LINK_CLASS = "citation-backref"
WORD_JOINER = "\u2060"
# Material's search plugin leaves an element with this attribute out of search/search_index.json.
SEARCH_EXCLUDE = "data-search-exclude"
# U+21A9 with VARIATION SELECTOR-15: the arrow as text, never as a coloured emoji.
BACK_ARROW = "\u21a9\ufe0e"

# Punctuation the marker goes after (Chicago: every mark but the dash), Korean and Japanese
# text's too (explainer.i18n_marks).
CLOSING = frozenset(".,;:!?)]\u2026\u201d\u2019\u00bb\u203a\"'") | CJK_CLOSING
# Elements a group's word may live in, and that may be moved into its span; any other element
# (a block, <br>, an image) ends the search for a word.
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em",
                    "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong",
                    "sub", "sup", "time", "u", "var"})
# The headings that open a section a citation is said to be in: the back-links' names here and
# the References page's "Cited in" (explainer.bibliography) share them.
SECTION_HEADINGS = frozenset({"h1", "h2", "h3"})
_CLOSING_CHARS = "".join(sorted(CLOSING))


# Helper functions: the text around a marker ----------------------------------------------------

def is_marker(el: etree.Element) -> bool:
    """A footnote reference as Python-Markdown's footnotes extension writes it."""
    return (el.tag == "sup" and (el.get("id") or "").startswith("fnref") and len(el) == 1
            and el[0].tag == "a" and "footnote-ref" in (el[0].get("class") or "").split())


def _is_separator(el: etree.Element) -> bool:
    return el.tag == "sup" and SEPARATOR_CLASS in (el.get("class") or "").split()


def _has_class(el: etree.Element, name: str) -> bool:
    return name in (el.get("class") or "").split()


def split_closing(text: str, stash: Sequence[object] = ()) -> tuple[str, str]:
    """(the punctuation a marker before `text` goes after, the rest of `text`)."""
    taken = 0
    for piece in pieces(text, stash):
        if piece.placeholder:
            if not piece.meaning or any(ch not in CLOSING for ch in piece.meaning):
                break
            taken += len(piece.source)
        else:
            closing = len(piece.source) - len(piece.source.lstrip(_CLOSING_CHARS))
            taken += closing
            if closing < len(piece.source):
                break
    return text[:taken], text[taken:]


def split_last_word(text: str, stash: Sequence[object] = ()) -> tuple[str, str]:
    """(`text` before its last word, the last word): the trailing run without whitespace or
    stashed tags. `text` must not end with whitespace."""
    if STX not in text:  # no placeholder: the word is the run after the last whitespace
        start = len(text)
        while start and not text[start - 1].isspace():
            start -= 1
        return text[:start], text[start:]
    taken = 0
    for piece in reversed(list(pieces(text, stash))):
        if piece.placeholder:
            if not piece.meaning or piece.meaning.isspace():
                break
            taken += len(piece.source)
        else:
            run = piece.source
            start = len(run)
            while start and not run[start - 1].isspace():
                start -= 1
            taken += len(run) - start
            if start:
                break
    return text[:len(text) - taken], text[len(text) - taken:]


def _one_word(el: etree.Element) -> bool:
    """An inline element short enough to keep whole with a marker: text without whitespace,
    and no Korean or Japanese (whose words are not set off by spaces: a glossary term such as
    日米貿易協定 stays breakable)."""
    text = "".join(el.itertext())
    return el.tag in INLINE and bool(text) and not any(ch.isspace() or is_wide(ch) for ch in text)


# Helper functions: markers ----------------------------------------------------------------------

def _groups(root: etree.Element) -> list[tuple[etree.Element, list[etree.Element]]]:
    """Runs of markers (and separators) with nothing but whitespace between, per parent."""
    groups = []
    for parent in root.iter():
        if _has_class(parent, JOIN_CLASS):  # placed already
            continue
        children = list(parent)
        i = 0
        while i < len(children):
            if not is_marker(children[i]):
                i += 1
                continue
            j = i
            while (j + 1 < len(children) and not (children[j].tail or "").strip()
                   and (is_marker(children[j + 1]) or _is_separator(children[j + 1]))):
                j += 1
            while not is_marker(children[j]):  # a group ends with a marker
                j -= 1
            groups.append((parent, children[i:j + 1]))
            i = j + 1
    return groups


def _separator() -> etree.Element:
    sep = etree.Element("sup", {"class": SEPARATOR_CLASS, "aria-hidden": "true"})
    sep.text = ","
    return sep


def _place(parent: etree.Element, group: list[etree.Element], stash: Sequence[object]) -> None:
    index = list(parent).index(group[0])
    markers = [el for el in group if is_marker(el)]
    punctuation, rest = split_closing(group[-1].tail or "", stash)
    prev = parent[index - 1] if index else None
    before = (prev.tail if prev is not None else parent.text) or ""
    kept = before.rstrip()

    moved = None  # an inline element ending right before the group, moved into the span
    lead = ""
    if kept:
        kept, lead = split_last_word(kept, stash)
        outside, lead = split_join(lead, stash, CLOSING)
        kept += outside
        if not lead:  # the text ends with a stashed tag: nothing to move
            lead = punctuation or WORD_JOINER
        else:
            lead += punctuation
    elif prev is not None and prev.tag in INLINE and not _has_class(prev, JOIN_CLASS) \
            and not is_marker(prev) and not _is_separator(prev):
        if _one_word(prev):
            moved = prev
        else:
            lead = punctuation or WORD_JOINER
    else:  # the group opens its block (or follows a <br>, an image, another group)
        _join(parent, index, group, markers)
        return

    for el in group:
        parent.remove(el)
    span = etree.Element("span", {"class": JOIN_CLASS})
    if moved is not None:  # the text before it keeps its space: the break before the word
        parent.remove(moved)
        index -= 1
        span.append(moved)
        moved.tail = punctuation or None
    else:
        span.text = lead
        if prev is not None:
            prev.tail = kept or None
        else:
            parent.text = kept or None
    for n, marker in enumerate(markers):
        if n:
            span.append(_separator())
        marker.tail = None
        span.append(marker)
    span.tail = rest or None
    parent.insert(index, span)


def _join(parent: etree.Element, index: int, group: list[etree.Element],
          markers: list[etree.Element]) -> None:
    """Markers that open their block: only the separators between them."""
    tail = group[-1].tail
    for el in group:
        parent.remove(el)
    position = index
    for n, marker in enumerate(markers):
        if n:
            parent.insert(position, _separator())
            position += 1
        marker.tail = None
        parent.insert(position, marker)
        position += 1
    markers[-1].tail = tail


def place_markers(root: etree.Element, stash: Sequence[object] = ()) -> int:
    """Set every group of note markers in `root` as the module docstring says; return how many
    groups there were. `stash` is the Markdown instance's htmlStash.rawHtmlBlocks (to read
    placeholders: smart quotes, entities, raw tags). Running it twice changes nothing."""
    groups = _groups(root)
    for parent, group in groups:
        _place(parent, group, stash)
    return len(groups)


# Helper functions: back-links -------------------------------------------------------------------

def letter(n: int) -> str:
    """1 -> "a", 26 -> "z", 27 -> "aa": the labels of a note's back-links."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def backref_label(note: int, n: int, count: int, section: str) -> str:
    """The accessible name of the back-link to the `n`-th of `count` markers of note `note`."""
    where = f", in section {section}" if section else ""
    if count == 1:
        return f"Back to note {note}{where}"
    return f"Back to note {note}, citation {n} of {count} ({letter(n)}){where}"


def plain_text(el: etree.Element, stash: Sequence[object] = ()) -> str:
    """What a reader sees of `el` (placeholders resolved, stashed tags and permalinks dropped)."""
    parts = []

    def walk(node: etree.Element) -> None:
        if _has_class(node, "headerlink"):
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(el)
    return " ".join(plain("".join(parts), stash).split())


@dataclass(frozen=True)
class Marker:
    """A note marker of a page and the section it sits in: the nearest SECTION_HEADINGS element
    above it (None before the first), and that heading's text."""

    id: str  # "fnref:cite-x", "fnref2:cite-x", ...
    note: str  # the note it points to: "fn:cite-x"
    heading: etree.Element | None
    title: str


@dataclass(frozen=True)
class Section:
    """A section of a page as the References page's "Cited in" links to it."""

    title: str
    anchor: str


def markers(root: etree.Element, stash: Sequence[object] = ()) -> list[Marker]:
    """Every note marker of `root`, in the order of the text, with its section."""
    found = []
    heading, title = None, ""
    for el in root.iter():
        if el.tag in SECTION_HEADINGS:
            heading, title = el, plain_text(el, stash)
        elif is_marker(el):
            found.append(Marker(el.get("id") or "", (el[0].get("href") or "").removeprefix("#"),
                                heading, title))
    return found


def marker_sections(root: etree.Element, stash: Sequence[object] = (),
                    found: Sequence[Marker] | None = None) -> dict[str, list[tuple[str, str]]]:
    """note id ("fn:cite-x") -> [(marker id, section title)] in the order of the text
    (`found`: `markers(root, stash)`, if already read)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    for marker in markers(root, stash) if found is None else found:
        sections.setdefault(marker.note, []).append((marker.id, marker.title))
    return sections


def cited_sections(found: Sequence[Marker], prefix: str = "cite-") -> dict[str, list[Section]]:
    """key -> the sections citing it, each once, in page order: for markers whose note id
    starts with `prefix` after Python-Markdown's "fn:" (mkdocs-bibtex's footnote_format). A
    section's anchor is its heading's id, read now: call it once the table of contents, which
    gives headings their ids after this module's treeprocessor, has run."""
    sections: dict[str, list[Section]] = {}
    for marker in found:
        name, _, key = marker.id.partition(":")
        if not (name.startswith("fnref") and key.startswith(prefix)):
            continue
        heading = marker.heading
        section = Section(marker.title, heading.get("id") or "") if heading is not None \
            else Section("", "")
        cited = sections.setdefault(key[len(prefix):], [])
        if section not in cited:
            cited.append(section)
    return sections


def _parents(root: etree.Element) -> dict[etree.Element, etree.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def compact_backrefs(root: etree.Element, stash: Sequence[object] = (),
                     found: Sequence[Marker] | None = None) -> int:
    """Replace each note's back-links by one set ("↩", or "↩ a b c"), named for screen readers;
    return the number of notes changed (`found`: `markers(root, stash)`, if already read).
    Running it twice changes nothing."""
    sections = marker_sections(root, stash, found)
    changed = 0
    for div in root.iter("div"):
        if not _has_class(div, "footnote"):
            continue
        ol = div.find("ol")
        if ol is None:
            continue
        parents = _parents(ol)
        for number, item in enumerate(ol.findall("li"), start=1):
            links = [a for a in item.iter("a") if _has_class(a, BACKREF_CLASS)]
            if not links:
                continue
            holder = parents[links[0]]
            targets = {(a.get("href") or "").removeprefix("#") for a in links}
            # The text's order (Python-Markdown numbers fnref2:, fnref3: in the order it parses,
            # which is not always the reading order); a link to no marker keeps its place last.
            refs = [(ref, section) for ref, section in sections.get(item.get("id") or "", [])
                    if ref in targets]
            refs += [((a.get("href") or "").removeprefix("#"), "") for a in links
                     if (a.get("href") or "").removeprefix("#") not in {r for r, _ in refs}]
            for a in links:
                parents[a].remove(a)
            holder.append(backref_set(number, refs))
            changed += 1
    return changed


def backref_set(note: int, refs: Sequence[tuple[str, str]]) -> etree.Element:
    """`<span class="footnote-backrefs">` with a link to each (marker id, section) of `refs`."""
    span = etree.Element("span", {"class": BACKREFS_CLASS})
    if len(refs) == 1:
        ref, section = refs[0]
        link = etree.SubElement(span, "a", {"class": LINK_CLASS, "href": f"#{ref}",
                                            "aria-label": backref_label(note, 1, 1, section)})
        link.text = BACK_ARROW
        return span
    arrow = etree.SubElement(span, "span", {"class": f"{BACKREFS_CLASS}__arrow",
                                            "aria-hidden": "true"})
    arrow.text = BACK_ARROW
    previous = arrow
    for n, (ref, section) in enumerate(refs, start=1):
        previous.tail = " "
        previous = etree.SubElement(span, "a", {
            "class": LINK_CLASS, "href": f"#{ref}",
            "aria-label": backref_label(note, n, len(refs), section)})
        previous.text = letter(n)
    return span


# Helper functions: the search index -------------------------------------------------------------

def exclude_from_search(root: etree.Element) -> int:
    """Give the notes list and every note marker (and comma between markers) Material's
    documented `data-search-exclude` attribute; return how many elements took it.

    Material's search plugin splits a page into sections at its headings; the notes list has no
    heading of its own, so its text went into the page's *last* section (a search for a source's
    title led to a section that does not cite it, and every note added "↩ a b c"), and each
    marker added its number to the sentence it ends ("alliance.1"). A source is found on the
    References page, whose entry says where it is cited (tests/test_search_index.py)."""
    marked = 0
    for el in root.iter():
        if (el.tag == "div" and _has_class(el, "footnote")) or is_marker(el) or _is_separator(el):
            el.set(SEARCH_EXCLUDE, "")
            marked += 1
    return marked


# The Markdown extension -------------------------------------------------------------------------

class CitationMarksTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: CitationMarksExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        place_markers(root, stash)
        found = markers(root, stash)
        compact_backrefs(root, stash, found)
        exclude_from_search(root)
        self.extension.markers = found
        self.extension.opening = opening_markers(root)


class CitationMarksExtension(Extension):
    """Registers the treeprocessor (hooks/citations.py adds it to every page's Markdown).

    `markers` holds the note markers of the last page converted, with their sections: the
    References page's "Cited in" comes from there (`cited_sections`), not from reading the
    page's HTML again. `opening` holds the markers of that page that open their block
    (`opening_markers`): hooks/citations.py fails the build on each."""

    def __init__(self) -> None:
        super().__init__()
        self.markers: list[Marker] = []
        self.opening: list[tuple[str, str, str]] = []

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # 5.4: after inline processing (20), the footnotes' duplicate back-links (15), smarty (6,
        # whose quotes decide what is closing punctuation) and the glossary (5.5, which must see
        # a sentence whole to find a term of several words); before the table of contents (5)
        # and MkDocs' link processing (0).
        md.treeprocessors.register(CitationMarksTreeprocessor(md, self), "citation_marks", 5.4)


# A marker that opens its block (a build error) --------------------------------------------------
# A check that changes nothing, run by the same treeprocessor once the markers are placed.

# The blocks a citation must not open: it must follow the words it supports in its block.
OPENING_BLOCKS = frozenset({"p", "li", "td", "th", "dd", "dt", "figcaption",
                            "h1", "h2", "h3", "h4", "h5", "h6"})
BLOCK_NAMES = {"p": "paragraph", "li": "list item", "td": "table cell", "th": "table cell",
               "dd": "definition", "dt": "term", "figcaption": "caption"}


def opening_markers(root: etree.Element) -> list[tuple[str, str, str]]:
    """(block name, note id, id of the nearest element above with one) for each block of `root`
    whose content opens with a note marker: nothing but whitespace, or empty inline elements,
    before it. The note id is the marker's target ("fn:cite-key")."""
    found = []

    def walk(el: etree.Element, near: str) -> None:
        near = el.get("id") or near
        if el.tag in OPENING_BLOCKS:
            marker = _leading_marker(el)
            if marker is not None:
                found.append((BLOCK_NAMES.get(el.tag, "heading"),
                              (marker[0].get("href") or "").removeprefix("#"), near))
        for child in el:
            walk(child, near)

    walk(root, "")
    return found


def _leading_marker(el: etree.Element) -> etree.Element | None:
    """The note marker `el`'s content opens with, or None if text or other content comes first
    (a stash placeholder, for smart quotes or raw HTML, counts as text)."""
    if (el.text or "").strip():
        return None
    for child in el:
        if is_marker(child):
            return child
        if child.tag not in INLINE:  # a block, a line break, an image: content of its own
            return None
        inner = _leading_marker(child)
        if inner is not None:
            return inner
        if "".join(child.itertext()).strip() or (child.tail or "").strip():
            return None
    return None


def opening_citation_line(markdown: str, footnote: str, nth: int = 0) -> int | None:
    """The line (from 1) of `markdown` where the `nth` (from 0) citation of note `footnote`
    ("cite-key", as mkdocs-bibtex writes it: `[^cite-key]`) that opens its block stands: only
    block syntax before it on its line (indentation, `>`, a list's bullet or number, a table's
    `|`), and, unless the line starts a list item or a table cell, a blank line, a heading or an
    admonition's title above it. None if no line looks so (the error then names the file)."""
    ref = re.escape(f"[^{footnote}]")
    lead = re.compile(rf"^(?P<syntax>[\s>]*(?:[-*+]\s+|\d+[.)]\s+)?)(?:\[\^[^\]]+\]\s*)*{ref}"
                      rf"|\|\s*(?:\[\^[^\]]+\]\s*)*{ref}")
    lines = markdown.split("\n")
    found = []
    for i, line in enumerate(lines):
        match = lead.search(line)
        if match is None:
            continue
        syntax = match.group("syntax")
        in_cell = syntax is None
        starts_item = bool(syntax and syntax.strip(" \t>"))
        above = lines[i - 1].strip() if i else ""
        if in_cell or starts_item or not above or above.startswith(("#", "!!!", "???")):
            found.append(i + 1)
    if not found:
        return None
    return found[min(nth, len(found) - 1)]


def opening_marker_errors(found: Sequence[tuple[str, str, str]], markdown: str, path: str,
                          footnote_prefix: str, first_line: int = 1,
                          generated: bool = False) -> list[SourceError]:
    """One error per marker of `found` (from `opening_markers`) for the page at `path` whose
    Markdown, as mkdocs-bibtex hands it on, is `markdown`; `first_line`: the file line of its
    first line. On a generated page the lines are those of its generated Markdown, and the
    message names the entry (the nearest id) to look for in its data file."""
    errors, seen = [], {}
    for block, note, near in found:
        footnote = note.removeprefix("fn:")
        nth = seen[footnote] = seen.get(footnote, -1) + 1
        line = opening_citation_line(markdown, footnote, nth)
        where = f" (generated page, at #{near}: fix its data file)" if generated and near else ""
        errors.append(SourceError(
            path, line + first_line - 1 if line else None,
            f"the citation of '{footnote.removeprefix(footnote_prefix)}' opens its {block}, with "
            f"no text before it{where}",
            f"A note marker must follow the words it supports: put the citation after them, in "
            f"the same {block}"))
    return errors
