"""The template of a new page (`make page`) and the placeholders it leaves for the writer.

One module for both sides: `tools.newpage` writes the template; the strict build
(hooks/page_meta.py) and the content lint (`tools.lint`) refuse a page while any of its
placeholders is left, naming the line. Every placeholder starts with MARKER, so a placeholder
is found however much of the template around it was edited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explainer.mdtext import fenced

# Data -------------------------------------------------------------------------------------------

MARKER = "TODO:"
FIX = "Replace it with the page's own text (CONTRIBUTING.md, 'Adding a page')"

# {title} is the page's title; {article_key} the article's refs.bib key (mkdocs.yml,
# extra.cite.article_key), so the citation example builds on any copy of the site.
TEMPLATE = """\
---
description: "TODO: one sentence of at most 160 characters saying what this page explains."
---

# {title}

!!! abstract no-glossary "Source"
    TODO: the section(s) of the article this page draws on, by number and title, as in
    Section 2, "The Trump Administration's Pressure on the ROK". [@{article_key}]

TODO: what this page explains, in your own words. The argument is Wei's: attribute it
("Wei argues…") and cite every fact, as here [@{article_key}].

## TODO: a first section

TODO: cite the source that the article's footnote names, by its refs.bib key: `[@key]`, or
`[@key1; @key2]` for two at once. See CONTRIBUTING.md, "Writing rules" and "Citing".
"""

_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


@dataclass(frozen=True)
class Placeholder:
    line: int
    text: str  # the placeholder's line, shortened

    def problem(self) -> str:
        return f"placeholder text left from the page template ('{self.text}')"


# Helper functions -------------------------------------------------------------------------------


def render(title: str, article_key: str) -> str:
    return TEMPLATE.format(title=title, article_key=article_key)


def find_placeholders(source: str) -> list[Placeholder]:
    """Every line of a page's source (front matter included) with a placeholder, outside code
    blocks and inline code (where the page may document the template itself)."""
    found: list[Placeholder] = []
    if MARKER not in source:
        return found
    lines = source.splitlines()
    for number, (line, code) in enumerate(zip(lines, fenced(lines)), 1):
        if code:
            continue
        prose = _CODE_SPAN.sub("", line)
        at = prose.find(MARKER)
        if at >= 0:
            text = prose[at:].strip().rstrip('"')
            found.append(Placeholder(number, text if len(text) <= 48 else text[:45] + "..."))
    return found
