"""Corrections in the open (issue 24): the Changes page, generated from `docs/changes.yml`, and a
note at the foot of each page a change touched ("Corrected on December 7, 2026: ..."), linking to
its entry.

Thin MkDocs glue; the logic is in `explainer/changes.py`, the generated-page mechanism (shared
with the Glossary and the Timeline) in `explainer/generated_page.py`. Build flow:

- `on_files`: load and validate `docs/changes.yml` (bad data -> one line, the build stops),
  take it out of the site and add `changes.md`. Listed after hooks/glossary.py in mkdocs.yml, so
  that a change may name the generated Glossary and Timeline pages.
- `on_page_markdown`: a changed page gets its notes at the end of its Markdown (before its
  footnotes), rendered with the page, so MkDocs checks their links.
- `on_env`: every page is rendered, and the slots of the hooks listed before this one are
  filled (the References page's list, whose `ref-KEY` anchors a change may name): read the
  titles of the sections changes name, check each change's anchor (one line each, the build
  stops), then fill each entry's link ("Trade › The March 2018 agreement") in its slot.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field

from explainer.changes import (PAGE, Changes, changes_markdown, check_sections, load_changes,
                               page_notes, section_titles)
from explainer.generated_page import GeneratedPage, stop_on

# Hooks ------------------------------------------------------------------------------------------


def on_config(config):
    global _state
    _state = _State()  # `mkdocs serve` rebuilds in the same process
    return config


def on_files(files, config):
    pages = [f.src_uri for f in files.documentation_pages() if f.src_uri != PAGE]
    changes = _state.page.load(files, config,
                               lambda data: load_changes(data.text, data.path, pages=pages))
    if changes is None:
        return files
    _state.page.add(files, config, lambda file: changes_markdown(changes,
                                                                 repo_url=config.repo_url))
    _state.changes = changes
    return files


def on_page_markdown(markdown, page, config, files):
    """A changed page ends with its notes."""
    if _state.changes is None:
        return markdown
    return markdown + page_notes(_state.changes, page.file.src_uri)


def on_env(env, config, files):
    changes = _state.changes
    if changes is None:
        return env
    titles = {page: section_titles(files.get_file_from_path(page).page.content,
                                   {c.anchor for c in changes.on(page) if c.anchor})
              for page in {c.page for c in changes.entries}}
    stop_on(check_sections(changes, titles), log, changes.path)
    _state.page.fill(files, _links(changes, files, titles))
    return env


# Helper functions -------------------------------------------------------------------------------


def _links(changes: Changes, files, titles: dict[str, dict[str, str]]) -> dict[str, str]:
    """Change id -> its link, `<a href>` "Trade › The section's title" (the page's title alone
    where the change names the whole page, or its title), relative to the Changes page."""
    here = _state.page.file(files)
    links = {}
    for change in changes.entries:
        file = files.get_file_from_path(change.page)
        title, section = file.page.title, titles[change.page].get(change.anchor)
        text = f"{title} › {section}" if section and section != title else title
        href = file.url_relative_to(here) + (f"#{change.anchor}" if change.anchor else "")
        links[change.id] = f'<a href="{html.escape(href)}">{html.escape(text)}</a>'
    return links


# Data -------------------------------------------------------------------------------------------

log = logging.getLogger("mkdocs.hooks.changes")
DATA_FILE = "changes.yml"


@dataclass
class _State:
    page: GeneratedPage = field(default_factory=lambda: GeneratedPage(DATA_FILE, PAGE))
    changes: Changes | None = None


_state = _State()
