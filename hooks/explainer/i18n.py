"""Marking, in a translated page's HTML, the units still shown in English.

The translations' `docs` step (tools/i18n) writes a fuzzy or untranslated unit as the English
wrapped in `<span lang="en" class="i18n-fallback">`. Where that span is the whole content of its
block (p, li, td, th, h1-h6; a heading's permalink and footnote markers aside), the block itself
gets `lang="en"` and the class, and a visible label in the page's language goes first, as text
(screen readers and print get it, unlike CSS `content`). The label carries the page's `lang`.
Python's HTML parser through BeautifulSoup: no regular expressions on HTML. No MkDocs imports.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

# Data -------------------------------------------------------------------------------------------

CLASS = "i18n-fallback"
LABEL_CLASS = "i18n-label"
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}


def _ignorable(node) -> bool:
    """What may stand beside the span in its block: whitespace, a heading's permalink, a
    footnote marker."""
    if isinstance(node, NavigableString):
        return not node.strip()
    return isinstance(node, Tag) and (
        "headerlink" in (node.get("class") or []) or
        (node.name == "sup" and str(node.get("id", "")).startswith("fnref")))


def mark_fallbacks(html: str, lang: str, label: str) -> tuple[str, int]:
    """(the HTML with every whole-block fallback marked and labelled, blocks marked)."""
    if CLASS not in html:
        return html, 0
    soup = BeautifulSoup(html, "html.parser")
    marked = 0
    for span in soup.find_all("span", class_=CLASS):
        block = span.parent
        if block is None or block.name not in BLOCKS:
            continue
        if any(child is not span and not _ignorable(child) for child in block.children):
            continue
        block["lang"] = "en"
        block["class"] = [*(block.get("class") or []), CLASS]
        note = soup.new_tag("span", attrs={"class": LABEL_CLASS, "lang": lang})
        note.string = label
        span.insert_before(note)
        span.insert_before(" ")
        span.unwrap()
        marked += 1
    return str(soup), marked
