"""Contributor text from the data files as the hooks write it into Markdown: shared by the
Glossary, the Timeline and the charts (no MkDocs imports).

- `md_text`: plain text (a term, a chart's title or label) as Markdown that renders exactly as
  written, never as markup.
- `has_citation`: a `[@key]` (or a bare `@key`) in a data file's text. A citation there would
  reach mkdocs-bibtex after hooks/citations.py has checked the pages, or be shown as text once
  escaped: the data files cite through their `cite:` field, and the loaders refuse it.
- `ID`: an id a contributor gives (a chart's, an event's): lower-case words joined by hyphens,
  usable as an HTML id and in a URL fragment.
- `fenced`: which lines of a page's Markdown are fenced code (where a chart placeholder or a
  `[@key]` is text, not an instruction).
- `slot`: where a generated page's Markdown leaves room for what only the rendered pages tell
  (the Glossary's "Appears on" links, a Timeline event's link text): an HTML comment, which
  Python-Markdown passes through as it is and `explainer.generated_page` fills in on_env.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
ID_FIX = "Use lower-case letters, digits and hyphens, starting with a letter"
CITATION_FIX = "Put the key in `cite:` instead"
SLOT = re.compile(r"<!-- slot:(?P<key>[^ ]+) -->")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")

# Characters md_text may leave as they are: no Markdown rule of this site (nor smarty) gives them
# a meaning where they can occur. "(" and ")" only matter after "]" (always escaped); "." and
# "-" only in runs ("...", "--"), after a digit ("1." starts a list) or at a word's edge.
_MARKUP_CHARS = re.compile(r"[^\w ,;:?%/().-]|_|(?<![^\d.\s-])\.|\.(?=\.)|(?<![^\W_])-|-(?![^\W_])")
# `[@key]`, or an @key not inside a word (an e-mail address) nor after a backtick.
_CITATION = re.compile(r"\[@|(?<![\w`])@[\w-]+")


def md_text(text: str) -> str:
    """Contributor text as Markdown that renders exactly as the text, never as markup.

    Every character that could start markup (quotes for smarty, `*`, `[`, `<`, `&`, `#`, ...)
    becomes a numeric character reference, which Python-Markdown passes through untouched.
    Letters, digits, spaces and harmless punctuation stay as they are: each reference costs
    Python-Markdown a stash placeholder, and the Glossary page has hundreds of them otherwise.
    """
    return _MARKUP_CHARS.sub(lambda m: f"&#{ord(m.group())};", " ".join(text.split()))


def has_citation(text: str) -> bool:
    """Whether `text` holds a citation (`[@key]`, `[see @key]`, a bare `@key`)."""
    return _CITATION.search(text) is not None


def slot(key: str) -> str:
    """The slot named `key` (an id or a slug: no space), filled in once every page is rendered."""
    return f"<!-- slot:{key} -->"


def fenced(lines: Sequence[str]) -> list[bool]:
    """For each line, whether it is part of a fenced code block (its fences included); a fence
    closes with the same character, at least as many times; an unclosed one runs to the end."""
    inside, fence = [], ""
    for line in lines:
        match = _FENCE.match(line)
        inside.append(bool(fence or match))
        if fence:
            fence = "" if match and match[1][0] == fence[0] and len(match[1]) >= len(fence) \
                else fence
        elif match:
            fence = match[1]
    return inside
