"""Checks of a page's front matter, which MkDocs and Material would otherwise get wrong silently.

MkDocs drops front matter that is not valid YAML without a word, and the page then shows it as
text; Material writes `description` into `<meta name="description" content="...">` unescaped,
so a double quote breaks the tag.
"""

from __future__ import annotations

import re

import yaml

from explainer.errors import SourceError, yaml_error

# Data -------------------------------------------------------------------------------------------

MAX_DESCRIPTION = 160  # what search engines show of a description
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:-{3}|\.{3})[ \t]*\n", re.S)
FIX = "See CONTRIBUTING.md, 'Front matter'"

# Helper functions -------------------------------------------------------------------------------


def check_unparsed_front_matter(markdown: str, path: str) -> None:
    """`markdown` is what MkDocs left after reading front matter: it must not start with one."""
    match = _FRONT_MATTER.match(markdown)
    if not match:
        return
    try:
        yaml.safe_load(match[1])
    except yaml.YAMLError as exc:  # the YAML starts on line 2, after the opening '---'
        err = yaml_error(exc, path, "Quote the value, e.g. description: \"…: …\"", first_line=2)
        raise SourceError(path, err.line, f"front matter is not valid {err.problem}",
                          err.fix) from None
    raise SourceError(path, 1, "front matter is not a mapping of keys to values", FIX)


def check_description(meta: dict, path: str, line: int = 1) -> None:
    """`line`: where the description is (the content lint knows it; the build says line 1)."""
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        raise SourceError(path, 1, "front matter has no 'description'",
                          "Add description: one sentence saying what the page explains")
    if '"' in description:
        raise SourceError(path, line, "description contains a straight double quote, which "
                          "breaks the page's <meta> tag", "Use curly quotes (“ ”) or single quotes")
    if len(description) > MAX_DESCRIPTION:
        raise SourceError(path, line, f"description has {len(description)} characters, more "
                          f"than {MAX_DESCRIPTION}", "Shorten it to one sentence")
