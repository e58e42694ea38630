"""Runs of eight or more words that a page shares with the article ("in our own words").

The site explains the article in its own words and quotes only in quotation marks. This finds,
in a piece of our text, every run of RUN consecutive words that also occurs in the article,
with quotations (text between straight or curly double quotes) left out, and merges runs that
overlap into one passage.

The article's text is not part of the repository (it belongs to its author and publisher), so
the comparison goes through fingerprints: a short hash of each run of RUN words of the article,
one per line in `tests/article-runs.txt`. The words cannot be read back from them. To make the
file again from the article (only needed if the extracted text changes):

    .venv/bin/python tools/own_words.py ../shared/source/article.txt > tests/article-runs.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

# Helper functions -------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of a text, lower-case, without punctuation ("U.S." and "$850" stay whole)."""
    text = text.replace("\\$", "$").replace("’", "'").lower()
    return WORD.findall(text)


def fingerprint(run: list[str] | tuple[str, ...]) -> str:
    return hashlib.blake2b(" ".join(run).encode("utf-8"), digest_size=6).hexdigest()


def fingerprints(text: str) -> set[str]:
    """The fingerprint of every run of RUN words of a text."""
    found = words(text)
    return {fingerprint(found[i:i + RUN]) for i in range(len(found) - RUN + 1)}


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
WORD = re.compile(r"[a-z0-9$%]+(?:['.,-][a-z0-9]+)*")
QUOTATION = re.compile(r'"[^"]*"|“[^”]*”')


if __name__ == "__main__":
    source = Path(sys.argv[1])
    print(f"# Fingerprints of every run of {RUN} words of the article (explainer/own_words.py).")
    print("# Made from the extracted text; the words cannot be read back from them.")
    print("\n".join(sorted(fingerprints(source.read_text(encoding="utf-8")))))
