"""Glossary tooltips (issue 3): mark each glossary term where the reader first meets it.

Thin MkDocs glue; the logic (and the full account of the mechanism) is in
`explainer/glossary.py`. In short: a Python-Markdown treeprocessor, registered here from
`on_config` as mkdocstrings-autorefs registers its extension, walks every page's element tree
after inline processing and wraps the first occurrence of each term in
`<a class="glossary-term" href="glossary.md#slug" title="Full name: definition">`. Material's
`content.tooltips` shows the title as a tooltip on hover and keyboard focus; without JavaScript
the browser's title and the link to the entry remain. Not regular expressions over HTML: the
expression runs on element text only, never inside code, links, headings, `abbr`, footnotes,
attributes or stashed raw HTML (text between raw inline tags such as a hand-written `<a>` is
skipped by reading the stashed tags; raw HTML blocks stay unmarked).

Build flow (the glossary is loaded and validated once per build, in `on_files`). The Glossary
page is a page generated from a data file, built by the mechanism it shares with the Timeline
and the Changes page (`explainer/generated_page.py`: `GeneratedPage.load` and `.add` in
on_files, `.fill` in on_env):

- `on_config`: read `extra.glossary` settings, register the Markdown extension.
- `on_files`: load and validate `docs/glossary.yml` (bad data -> PluginError, one line), drop it
  from the site's files and add the generated `glossary.md` page; MkDocs renders it with the
  other pages (so bibtex turns its `cite:` keys into footnotes).
- `on_page_markdown` / `on_page_content`: tell the treeprocessor which page it is marking, and
  that it is done (so no other Markdown conversion is counted as that page's).
- `on_env`: every page is rendered by now, so usage is complete whatever the page order: warn
  about unused terms, and fill each entry's slot with its "explained on" and "appears on" links.

Settings (mkdocs.yml, all optional):

    extra:
      glossary:
        occurrences: first        # "first" (default): first use per page; "all": every use
        exclude: [references.md]  # pages left unmarked (absent pages are ignored, so that
                                  # the tests' fixture sites can share the real settings)
        file: glossary.yml        # under docs/; without it the hook does nothing
        page: glossary.md         # the generated page; a real docs/glossary.md is refused

A paragraph or block can opt out in Markdown with attr_list: `{: .no-glossary }`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from explainer.errors import SourceError, display_path
from explainer.generated_page import GeneratedPage, cite_keys, project_root
from explainer.glossary import (
    OCCURRENCES,
    GlossaryExtension,
    GlossarySession,
    PageLink,
    entry_links,
    glossary_markdown,
    load_glossary,
)

# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the settings and register the treeprocessor for every page's Markdown."""
    global _state
    _state = _State(settings=_settings(config))
    config.markdown_extensions.append(GlossaryExtension(lambda: _state.session))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Load the glossary once per build and add the generated Glossary page."""
    settings = _state.settings
    _state.session = None
    page = GeneratedPage(settings.file, settings.page)
    pages = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
    glossary = page.load(files, config, lambda data: load_glossary(
        data.text, data.path, cite_keys=cite_keys(config), pages=pages))
    if glossary is None:
        return files
    page.add(files, config, lambda file: glossary_markdown(glossary))
    _state.page = page
    _state.session = GlossarySession(glossary, glossary_page=settings.page,
                                     occurrences=settings.occurrences)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Remember the navigation order, for the order of "appears on" links."""
    _state.order = [page.file.src_uri for page in nav.pages]
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point the treeprocessor at this page (or at none: the Glossary page and exclusions)."""
    if _state.session is not None:
        src = page.file.src_uri
        marked = src != _state.settings.page and src not in _state.settings.exclude
        _state.session.current = src if marked else None
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The page is rendered: no later Markdown conversion may be counted as this page's."""
    if _state.session is not None:
        _state.session.current = None
    return html


def on_env(env, config: MkDocsConfig, files: Files):
    """All pages are rendered: report unused terms and fill in the Glossary's links."""
    session = _state.session
    if session is None:
        return env
    session.current = None
    for term in session.unused():
        log.warning(str(SourceError(
            session.glossary.path, term.line, f"term {term.term!r} is defined but used on no page",
            "Use it in a page's running text, or remove it from the glossary")))
    glossary_file = _state.page.file(files)
    pages = {f.src_uri: PageLink(f.page.title or f.name, f.url_relative_to(glossary_file))
             for f in files.documentation_pages() if f.page}
    _state.page.fill(files, entry_links(session.glossary, pages=pages, usage=session.usage,
                                        order=_state.order))
    return env


# -----------------------------------------------------------------------------
# Helper functions
# -----------------------------------------------------------------------------


def _settings(config: MkDocsConfig) -> _Settings:
    """`extra.glossary` from mkdocs.yml, checked by MkDocs' own config options (as a plugin's
    settings are); a mistake, or a name it does not know, stops the build with one line."""
    raw = (config.extra or {}).get("glossary") or {}
    where = display_path(config.config_file_path or "mkdocs.yml", project_root(config))
    settings = _Settings()
    if not isinstance(raw, dict):
        problems = [("", f"must be a mapping of occurrences/exclude/file/page, not {raw!r}")]
    else:
        settings.load_dict(raw)
        problems = [(f".{name}", str(error)) for name, error in sum(settings.validate(), [])]
    if problems:
        name, error = problems[0]
        raise PluginError(str(SourceError(where, None, f"extra.glossary{name}: {error}",
                                          "See the docstring of hooks/glossary.py")))
    return settings


# -----------------------------------------------------------------------------
# Data
# -----------------------------------------------------------------------------

log = logging.getLogger("mkdocs.hooks.glossary")


class _Settings(base.Config):
    occurrences = c.Choice(OCCURRENCES, default="first")
    exclude = c.ListOfItems(c.Type(str), default=[])
    file = c.Type(str, default="glossary.yml")
    page = c.Type(str, default="glossary.md")


@dataclass
class _State:
    settings: _Settings
    session: GlossarySession | None = None
    page: GeneratedPage | None = None
    order: list[str] = field(default_factory=list)


_state = _State(settings=_Settings())
