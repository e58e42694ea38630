"""Python-Markdown's placeholders, read back: the one decoder the treeprocessors share.

After inline processing, the text of a page's element tree still holds placeholders that the
serializer resolves only later (`markdown.util` defines them):

- `HTML_PLACEHOLDER` (``\\x02wzxhzdk:N\\x03``): entry N of `md.htmlStash.rawHtmlBlocks`: raw
  HTML a writer typed (`<b>`, a block of HTML), an entity, or smarty's typographic quotes and
  dashes (stashed as entities such as ``&rsquo;``);
- a backslash escape (``\\x02<code point>\\x03``, as `EscapeInlineProcessor` writes it).

`explainer.citation_marks` reads what a placeholder will show (is it closing punctuation, part
of a word?) and `explainer.glossary` what raw tags it opens (no term is marked inside a raw
`<a>`); both go through `pieces`. No MkDocs imports.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markdown import util

# Data -------------------------------------------------------------------------------------------

_STX, _ETX = re.escape(util.STX), re.escape(util.ETX)
# Stash entries (HTML_PLACEHOLDER with its number), escapes, and any other STX...ETX run (none
# is left after inline processing; read as markup, never as text).
PLACEHOLDER = re.compile(
    re.escape(util.HTML_PLACEHOLDER).replace("%s", "(?P<stash>[0-9]+)")
    + f"|{_STX}(?P<char>[0-9]+){_ETX}|{_STX}[^{_ETX}]*{_ETX}")


@dataclass(frozen=True)
class Piece:
    """A run of a tree's text: `source` as it stands in the tree, `meaning` the text a reader
    will see there (None: markup, such as a stashed tag), `raw` the stashed HTML a placeholder
    stands for (None for text and escapes)."""

    source: str
    meaning: str | None
    raw: str | None = None
    placeholder: bool = False


# Helper functions -------------------------------------------------------------------------------


def pieces(text: str, stash: Sequence[object] = ()) -> Iterator[Piece]:
    """`text` as runs of plain text and single placeholders, in order. A stash entry means its
    text (entities resolved) when it holds no tag, else nothing (None); an escape, its
    character."""
    pos = 0
    if util.STX in text:
        for match in PLACEHOLDER.finditer(text):
            if match.start() > pos:
                yield Piece(text[pos:match.start()], text[pos:match.start()])
            if match["stash"] is not None:
                index = int(match["stash"])
                raw = stash[index] if index < len(stash) else None
                raw = raw if isinstance(raw, str) else None  # element trees are stashed too
                meaning = html.unescape(raw) if raw is not None and "<" not in raw else None
                yield Piece(match.group(), meaning, raw, placeholder=True)
            elif match["char"] is not None:
                yield Piece(match.group(), chr(int(match["char"])), placeholder=True)
            else:
                yield Piece(match.group(), None, placeholder=True)
            pos = match.end()
    if pos < len(text):
        yield Piece(text[pos:], text[pos:])


def plain(text: str, stash: Sequence[object] = ()) -> str:
    """What a reader sees of `text`: placeholders resolved, stashed tags dropped."""
    if util.STX not in text:
        return text
    return "".join(piece.meaning or "" for piece in pieces(text, stash))
