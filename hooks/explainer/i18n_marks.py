"""Note markers in Korean and Japanese text, for explainer.citation_marks (the translations'
typography: the English site never meets it).

The marker goes after 。、」』）！？：；・ and the full-width forms as after Latin punctuation
(`…である[@key]。` -> "…である。¹"). Their lines may break between any two characters (Japanese
has no spaces, Korean is kept whole between spaces by site.css), so the marker's no-break join
holds only the last character before the marker, with the punctuation after it ("る。¹", "た」¹"),
or the Latin word after the last CJK character ("USTR。¹"): joining the run up to the last
space would make a sentence one unbreakable line. An inline element holding Korean or Japanese
is never moved into the join (a glossary term such as 日米貿易協定 stays breakable: `is_wide`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence

from explainer.placeholders import pieces, plain

# Data -------------------------------------------------------------------------------------------

# 、。 and the middle dot, the closing brackets 」』）〉》】〕〗〙〛 and 〞, and the full-width and
# half-width forms of the Latin marks (！），．：；？］｝｠ ｡｣､).
CJK_CLOSING = frozenset("\u3001\u3002\u30fb\u300d\u300f\u3009\u300b\u3011\u3015\u3017\u3019"
                        "\u301b\u301e\uff01\uff09\uff0c\uff0e\uff1a\uff1b\uff1f\uff3d\uff5d"
                        "\uff60\uff61\uff63\uff64")


# Helper functions -------------------------------------------------------------------------------


def is_wide(ch: str) -> bool:
    """A character of Chinese, Japanese or Korean text (Han, kana, Hangul, their punctuation and
    full-width forms: East Asian Width wide, full-width or half-width), between any two of which
    a line may break (Korean: where site.css's `word-break: keep-all` does not keep a word)."""
    return unicodedata.east_asian_width(ch) in ("W", "F", "H")


def split_join(word: str, stash: Sequence[object] = (),
               closing: Collection[str] = CJK_CLOSING) -> tuple[str, str]:
    """(the part of `word` left outside the marker's join, the part joined to it). A word of
    Latin script is joined whole; in Korean and Japanese text only its last character (with the
    `closing` punctuation after it, "た」") is joined, or the Latin word after the last CJK
    character ("USTR")."""
    if not any(is_wide(ch) for ch in plain(word, stash)):
        return "", word
    # (source, meaning): a placeholder (a smart quote, an entity) is one unit, text one a character
    units = [unit for p in pieces(word, stash)
             for unit in ([(p.source, p.meaning or "")] if p.placeholder
                          else [(ch, ch) for ch in p.source])]
    i = len(units)
    while i and units[i - 1][1] and all(ch in closing for ch in units[i - 1][1]):
        i -= 1
    if i and units[i - 1][1] and is_wide(units[i - 1][1][-1]):
        i -= 1
    else:
        while i and not (units[i - 1][1] and is_wide(units[i - 1][1][-1])):
            i -= 1
    cut = sum(len(source) for source, _ in units[:i])
    return word[:cut], word[cut:]
