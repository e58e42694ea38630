"""Runs of eight or more words that a page shares with the article ("in our own words").

The site explains the article in its own words and quotes only in quotation marks. This finds,
in a piece of our text, every run of RUN consecutive words that also occurs in the article,
with quotations (text between straight or curly double quotes) left out, and merges runs that
overlap into one passage.

The article is read as running text (`running_text`), not as the extracted lines: the PDF's
pages end mid-sentence, and the extraction puts the page's footnotes (and on the first page the
author's note) between the two halves. A paragraph that stops without ending its sentence goes
on after that page's notes (`_continuation` says how they are told apart from a heading); the
notes are read each on its own, so that no run crosses from the text into a note.
Footnote markers (superscript digits, or plain digits after a word's punctuation or a closing
quote: `price.9`, `imports."15`, `reciprocal." 1`) are taken out of the text.

Words (`words`): lower case; a hyphen or a dash separates words ("Korea-US" and "Korea–US" are
both "korea us"); a number is one word with its decimal point or thousands separator ("19.8",
"25,000") and its currency or percent sign ("$850", "41%"), so that a figure neither vanishes
nor counts twice; a full stop joins letters only ("U.S."), never a word to a digit, so a
footnote number glued to a word ("price.9") leaves the word whole.

The article's text is not part of the repository (it belongs to its author and publisher), so
the comparison goes through fingerprints: a short hash of each run of RUN words of the article,
one per line in `tests/article-runs.txt`. The words cannot be read back from them. To make the
file again from the article (only needed if the extracted text or the word rule changes):

    PYTHONPATH=hooks:. .venv/bin/python -m tools.own_words ../shared/source/article.txt \
        > tests/article-runs.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

# Helper functions -------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of a text, lower-case, without punctuation (see the module's docstring)."""
    text = text.replace("\\$", "$").replace("’", "'").lower()
    return WORD.findall(text)


def running_text(article: str) -> list[str]:
    """The article as texts to fingerprint one by one: each paragraph of its body, joined across
    the page breaks that cut it, with footnote markers out; then each paragraph of notes."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", article) if p.strip()]
    texts, notes, i = [], [], 0
    while i < len(paragraphs):
        text = paragraphs[i]
        i += 1
        while not SENTENCE_END.search(text):
            following = _continuation(paragraphs, i)
            if following is None:
                break
            notes += paragraphs[i:following]
            text = f"{text} {paragraphs[following]}"
            i = following + 1
        texts.append(MARKER.sub("", text))
    return texts + notes


def _continuation(paragraphs: list[str], start: int) -> int | None:
    """Where a paragraph cut by a page break goes on, from `start`: after the page's numbered
    notes, the next paragraph (whatever its first letter: "March 2021, ..."); without numbered
    notes, a paragraph in lower case, or the one after a single complete paragraph when that one
    is in lower case (the author's note that ends the first page). None for a heading or a
    paragraph that simply ends without a full stop."""
    j = start
    while j < len(paragraphs) and NOTE.match(paragraphs[j]):
        j += 1
    if j == len(paragraphs):
        return None
    if j > start or paragraphs[j][0].islower():
        return j
    if (SENTENCE_END.search(paragraphs[j]) and j + 1 < len(paragraphs)
            and paragraphs[j + 1][0].islower()):
        return j + 1
    return None


def fingerprint(run: list[str] | tuple[str, ...]) -> str:
    return hashlib.blake2b(" ".join(run).encode("utf-8"), digest_size=6).hexdigest()


def fingerprints(text: str) -> set[str]:
    """The fingerprint of every run of RUN words of a text."""
    found = words(text)
    return {fingerprint(found[i:i + RUN]) for i in range(len(found) - RUN + 1)}


def article_fingerprints(article: str) -> set[str]:
    """The fingerprints of the article read as running text (no run crosses into a note)."""
    return set().union(*(fingerprints(text) for text in running_text(article)))


def read_fingerprints(path: Path) -> set[str]:
    """A fingerprint file: one hash per line; `#` starts a comment line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def shared_runs(text: str, article: set[str]) -> list[str]:
    """The passages of `text`, outside quotation marks, that repeat RUN or more words of the
    article in a row (given as its fingerprints), each as its words joined by spaces."""
    passages = []
    for part in QUOTATION.split(text):
        found = words(part)
        start = end = None
        for i in range(len(found) - RUN + 1):
            if fingerprint(found[i:i + RUN]) not in article:
                continue
            if end is not None and i <= end:
                end = i + RUN
            else:
                if start is not None:
                    passages.append(" ".join(found[start:end]))
                start, end = i, i + RUN
        if start is not None:
            passages.append(" ".join(found[start:end]))
    return passages


# Data -------------------------------------------------------------------------------------------

RUN = 8
# A number: digits, with "." or "," only between digits, and its currency or percent sign
# (followed by letters, as "5th", it is a word like any other).
# Otherwise letters and digits, joined by an apostrophe ("trump's") or, between letters only,
# a full stop ("u.s."). Hyphens and dashes are not part of a word.
WORD = re.compile(r"\$?\d+(?:[.,]\d+)*%?(?![a-z0-9])|[a-z0-9$%]+(?:(?:'|(?<=[a-z])\.(?=[a-z]))[a-z0-9%]+)*")
QUOTATION = re.compile(r'"[^"]*"|“[^”]*”')
# A paragraph that ends its sentence: . ? ! or : then closing quotes, brackets, asterisks
# (Markdown emphasis) and footnote markers.
SENTENCE_END = re.compile(r"[.?!:][\"”’')\]*]*\s*(?:\d{1,2}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?[\"”’')\]*]*$")
# A paragraph of footnotes: it opens with the note's number (as superscript, `^{12 &}quot;`, plain
# digits) or with the opening of the note that lost its number.
NOTE = re.compile(r"(?:\^\{\d|[⁰¹²³⁴⁵⁶⁷⁸⁹]|\d{1,2}\s|\[&\]quot;)")
MARKER = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+"
                    r"|(?<=[a-z)][.,;:?!])\d{1,2}(?=\s|$)"
                    r"|(?<=[.,;:?!][\"”’])\s?\d{1,2}(?=\s|$)")


if __name__ == "__main__":
    source = Path(sys.argv[1])
    print(f"# Fingerprints of every run of {RUN} words of the article (tools/own_words.py),")
    print("# read as running text. Made from the extracted text; the words cannot be read back.")
    print("\n".join(sorted(article_fingerprints(source.read_text(encoding="utf-8")))))
