"""Checks of a page's front matter, and of the mkdocs.yml settings that Material writes into
every page, which MkDocs and Material would otherwise get wrong silently.

MkDocs drops front matter that is not valid YAML without a word, and the page then shows it as
text; Material writes `description` into `<meta name="description" content="...">` unescaped,
so a double quote breaks the tag. It does the same with some mkdocs.yml settings (UNESCAPED:
found by reading Material 9.8's templates for `config.` values in attributes without `| e`).
"""

from __future__ import annotations

import re

import yaml

from explainer.errors import SourceError, yaml_error, yaml_key_lines

# Data -------------------------------------------------------------------------------------------

MAX_DESCRIPTION = 160  # what search engines show of a description
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:-{3}|\.{3})[ \t]*\n", re.S)
FIX = "See CONTRIBUTING.md, 'Front matter'"
QUOTE_FIX = "Use curly quotes (“ ”) or single quotes"
# mkdocs.yml settings that Material 9.8 writes into an attribute without escaping, and where.
UNESCAPED = {
    "site_name": 'aria-label="..." of the header and navigation logo links',
    "site_description": '<meta name="description" content="..."> (404.html, pages without one)',
    "site_author": '<meta name="author" content="...">',
    "repo_url": 'href="..." of the repository link',
}
TEXT_TOO = {"site_name"}  # also written as text (<title>, header): '<' would open a tag

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


def read_front_matter(text: str, path: str) -> tuple[dict, int]:
    """A page's front matter, found as MkDocs finds it (_FRONT_MATTER), and the line of its
    description (1 when it has none), for the content lint, which reads pages without MkDocs.
    No front matter, YAML that does not parse, or not a mapping: SourceError."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise SourceError(path, 1, "the page has no front matter with a description",
                          "Start it with ---, description: one sentence, ---")
    try:
        meta = yaml.safe_load(match[1])
    except yaml.YAMLError:
        meta = None
    if not isinstance(meta, dict):
        check_unparsed_front_matter(text, path)  # raises: not valid YAML, or not a mapping
    line = yaml_key_lines(match[1]).get("description")
    return meta, line + 1 if line else 1


def check_description(meta: dict, path: str, line: int = 1) -> None:
    """`line`: where the description is (the content lint knows it; the build says line 1)."""
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        raise SourceError(path, 1, "front matter has no 'description'",
                          "Add description: one sentence saying what the page explains")
    _check_description_text(description, "description", path, line)
    author = meta.get("author")  # Material: <meta name="author" content="..."> unescaped too
    if isinstance(author, str) and '"' in author:
        raise SourceError(path, 1, "author contains a straight double quote, which breaks the "
                          "<meta> tag Material writes it into", QUOTE_FIX)


def _check_description_text(description: str, name: str, path: str, line: int | None) -> None:
    if '"' in description:
        raise SourceError(path, line, f"{name} contains a straight double quote, which breaks "
                          "the <meta> tag Material writes it into", QUOTE_FIX)
    if len(description) > MAX_DESCRIPTION:
        raise SourceError(path, line, f"{name} has {len(description)} characters, more than "
                          f"{MAX_DESCRIPTION}", "Shorten it to one sentence")


def check_site_settings(settings: dict, lines: dict[str, int],
                        path: str = "mkdocs.yml") -> list[SourceError]:
    """Every problem of the mkdocs.yml settings Material writes unescaped (UNESCAPED), and of
    site_description, which stands in for a page's own description (404.html, link previews).

    `settings`: the loaded configuration (values after !ENV and INHERIT); `lines`: the line of
    each top-level key in the file (`explainer.errors.yaml_key_lines`), for the message.
    """
    problems = []
    for name, where in UNESCAPED.items():
        value = settings.get(name)
        if not isinstance(value, str):
            continue
        if '"' in value:
            problems.append(SourceError(path, lines.get(name), f"{name} contains a straight "
                                        f"double quote, which Material writes unescaped into "
                                        f"{where}", QUOTE_FIX))
        if name in TEXT_TOO and "<" in value:
            problems.append(SourceError(path, lines.get(name), f"{name} contains '<', which "
                                        "Material writes unescaped into <title> and the header",
                                        "Write it without '<'"))
    description = settings.get("site_description")
    if not isinstance(description, str) or not description.strip():
        problems.append(SourceError(path, lines.get("site_description"), "site_description is "
                                    "missing", "Add one sentence saying what the site is: "
                                    "404.html and link previews use it"))
    elif '"' not in description:  # a quote is reported above
        try:
            _check_description_text(description, "site_description", path,
                                    lines.get("site_description"))
        except SourceError as err:
            problems.append(err)
    return problems
