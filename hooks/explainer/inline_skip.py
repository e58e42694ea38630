"""Python-Markdown's inline passes skip text they cannot change.

Pure logic behind `hooks/inline_skip.py` (Python-Markdown only, no MkDocs). The page's HTML is
byte for byte what it was without it (tests/test_inline_skip.py: Markdown side by side with and
without it, every page of the site, and the whole built site).

Why. Python-Markdown runs two inline passes over every page's element tree: its own (code,
escapes, links, footnote markers, emphasis: 15 patterns) and smarty's (quotes, dashes, ellipses:
18). A pass tries each of its patterns, one after the other, on every piece of text that is not
an `AtomicString`: about 11 µs a piece for smarty's pass even when the piece is "\\n" or "1", and
a page of this site has far more pieces than a bare page of the same text (its notes: each one's
reference, its back-link, the newlines between the items; each marker's number; the newline the
prettifier adds after every block before smarty's pass). Measured on the site with ten times the
pages (tests/bench/README.md): the two passes cost an added page 7.1 ms of CPU, against 6.3 ms
in a bare Material build of the same text; 4.1 ms with this module.

What is skipped, and why nothing can change there:

- **Text in which no pattern of the pass can match.** Each pattern needs some character or
  string to match at all (`NEEDS`: a link needs `[`, emphasis `*` or `_`, a smart quote `'` or
  `"`, an en dash `--`, a line break two spaces before a newline...). `QuickInline` is the
  pass's own processor, which first hides every text and tail holding none of what its patterns
  need as an `AtomicString` (which the pass skips, as Python-Markdown documents), and gives them
  back as plain text after its run, so that later treeprocessors (the glossary and the citation
  marks leave `AtomicString` text alone) see them as before. A pass with a pattern `NEEDS` does
  not know (another extension's) is left as it is: nothing is skipped that might match.
- **A note marker's number** (`<sup><a class="footnote-ref">3</a></sup>`), which the footnotes
  pattern makes during the pass, so it is not in the tree to be hidden: the footnotes
  extension writes digits, and no pattern matches digits alone. `QuickFootnoteMarkers` is the
  extension's own pattern, with the number an `AtomicString`.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteInlineProcessor
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

# Data -------------------------------------------------------------------------------------------

# What each pattern (by the name Python-Markdown 3.11 registers it under) needs in a text to
# match at all, as a regular expression. tests/test_inline_skip.py checks each against its
# pattern on random text, and that the site's passes know all their patterns.
NEEDS: dict[str, str] = {
    # Python-Markdown's own inline patterns
    "backtick": "`", "escape": r"\\",
    "footnote": r"\[", "reference": r"\[", "link": r"\[", "image_link": r"\[",
    "image_reference": r"\[", "short_reference": r"\[", "short_image_ref": r"\[",
    "autolink": "<", "automail": "<", "html": "<", "entity": "&",
    "linebreak": "  \n", "em_strong": "[*_]", "em_strong2": "[*_]", "not_strong": "[*_]",
    # smarty's (its quotes are smarty-quotes-0 to -14)
    "smarty-quotes": "['\"]", "smarty-ellipses": r"\.\.\.", "smarty-em-dashes": "--",
    "smarty-en-dashes": "--", "smarty-left-angle-quotes": "<<",
    "smarty-right-angle-quotes": ">>",
}

# The priorities the footnotes and smarty extensions register under (Python-Markdown's
# documented tables, as is the inline pass's 20); tests/test_inline_skip.py checks that every
# processor keeps its place.
INLINE_PRIORITY = 20
FOOTNOTE_PRIORITY = 175
SMARTY_PRIORITY = 6


# Helper functions -------------------------------------------------------------------------------


def needs_of(names: list[str]) -> re.Pattern[str] | None:
    """One expression for what the patterns `names` need: a text it does not find can match
    none of them. None if a name is not in NEEDS (then nothing may be skipped)."""
    return _needs(tuple(names))


@functools.lru_cache(maxsize=16)
def _needs(names: tuple[str, ...]) -> re.Pattern[str] | None:
    needs = []
    for name in names:
        need = NEEDS.get(re.sub(r"-\d+$", "", name))
        if need is None:
            return None
        if need not in needs:
            needs.append(need)
    return re.compile("|".join(needs)) if needs else None


def hide(root: etree.Element, needs: re.Pattern[str]) -> list[tuple[etree.Element, str, str]]:
    """Make every text and tail of `root` in which `needs` finds nothing an `AtomicString`;
    return what was changed, for `give_back`."""
    hidden = []
    for el in root.iter():
        text, tail = el.text, el.tail
        if text and type(text) is str and not needs.search(text):
            el.text = AtomicString(text)
            hidden.append((el, "text", text))
        if tail and type(tail) is str and not needs.search(tail):
            el.tail = AtomicString(tail)
            hidden.append((el, "tail", tail))
    return hidden


def give_back(hidden: list[tuple[etree.Element, str, str]]) -> None:
    """Undo `hide`: each text still as it was hidden is plain text again (the pass copies a
    tail it has read, keeping it an `AtomicString`: compared by value)."""
    for el, attr, text in hidden:
        now = getattr(el, attr)
        if isinstance(now, AtomicString) and now == text:
            setattr(el, attr, text)


# The Markdown extension -------------------------------------------------------------------------


class QuickInline(InlineProcessor):
    """An inline pass over only the text where one of its patterns may match. What they need
    is read from its patterns at each run, so a pattern registered after this one took over
    is taken into account (or, unknown, turns the skipping off)."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        needs = needs_of([item.name for item in self.inlinePatterns._priority])
        if needs is None:
            return super().run(tree, ancestors)
        hidden = hide(tree, needs)
        try:
            return super().run(tree, ancestors)
        finally:
            give_back(hidden)


class QuickFootnoteMarkers(FootnoteInlineProcessor):
    """The footnotes extension's marker pattern, with the marker's number an `AtomicString`."""

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        sup, start, end = super().handleMatch(m, data)
        if sup is not None and len(sup) and (sup[0].text or "").isdigit():
            sup[0].text = AtomicString(sup[0].text)
        return sup, start, end


class InlineSkipExtension(Extension):
    """Takes over the inline pass, smarty's pass and the footnotes' marker pattern, under their
    own names and priorities (hooks/inline_skip.py adds it to every page's Markdown, after the
    extensions of mkdocs.yml). A pass or pattern that is not Python-Markdown's own (another
    extension replaced it) is left alone."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        for name, priority in (("inline", INLINE_PRIORITY), ("smarty", SMARTY_PRIORITY)):
            if name in md.treeprocessors and type(md.treeprocessors[name]) is InlineProcessor:
                quick = QuickInline(md)
                quick.inlinePatterns = md.treeprocessors[name].inlinePatterns
                md.treeprocessors.register(quick, name, priority)
        if "footnote" in md.inlinePatterns \
                and type(md.inlinePatterns["footnote"]) is FootnoteInlineProcessor:
            old = md.inlinePatterns["footnote"]
            md.inlinePatterns.register(QuickFootnoteMarkers(old.pattern, old.footnotes),
                                       "footnote", FOOTNOTE_PRIORITY)
