"""Timeline (issue 10): the article's dated events as a page generated from `docs/timeline.yml`.

Thin MkDocs glue; the logic is in `explainer/timeline.py`, the generated-page mechanism (shared
with the Glossary) in `explainer/generated_page.py`. Build flow:

- `on_files`: load and validate `docs/timeline.yml` (bad data -> one line, the build stops),
  take it out of the site and add `timeline.md`; MkDocs renders it with the other pages, so
  its citations become footnotes and the References page lists it under "Cited in".
- `on_page_content`: read the sections of the pages events link to (anchors, titles, text).
- `on_env`: every page is rendered: check each event's section (it exists, it mentions the
  event's year), then fill each event's link text ("Trade › The section's title") in its slot.

The page loads `assets/timeline.css` and `assets/timeline.js` (the filter by track) itself, so
no other page does; without them (a fixture site) it still builds, filterable without script
only if the stylesheet is there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from explainer.generated_page import GeneratedPage, cite_keys, stop_on
from explainer.mdtext import md_text
from explainer.timeline import (PAGE, Assets, Section, Timeline, check_links,
                                load_timeline, page_sections, timeline_markdown)

# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


def on_config(config):
    global _state
    _state = _State()  # `mkdocs serve` rebuilds in the same process
    return config


def on_files(files, config):
    """Load the timeline once per build and add the Timeline page."""
    pages = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
    timeline = _state.page.load(files, config, lambda data: load_timeline(
        data.text, data.path, cite_keys=cite_keys(config), pages=pages))
    if timeline is None:
        return files
    _state.page.add(files, config, lambda file: timeline_markdown(
        timeline, assets=_assets(files, file)))
    _state.timeline = timeline
    return files


def on_page_content(html, page, config, files):
    """Remember the sections of each page an event links to."""
    timeline = _state.timeline
    if timeline is not None and page.file.src_uri in {e.page for e in timeline.events}:
        _state.sections[page.file.src_uri] = page_sections(html)
    return html


def on_env(env, config, files):
    """All pages are rendered: check the events' sections, then fill in their link texts."""
    timeline = _state.timeline
    if timeline is None:
        return env
    stop_on(check_links(timeline, _state.sections), log, timeline.path)
    _state.page.fill(files, _link_texts(timeline, files))
    return env


# -----------------------------------------------------------------------------
# Helper functions
# -----------------------------------------------------------------------------


def _link_texts(timeline: Timeline, files) -> dict[str, str]:
    """Event id -> the text of its link, "Trade › The section's title", as HTML."""
    texts = {}
    for event in timeline.events:
        page = files.get_file_from_path(event.page).page
        section = _state.sections[event.page][event.anchor]
        # md_text's numeric character references are what Python-Markdown writes for them.
        texts[event.id] = md_text(f"{page.title} › {section.title}")
    return texts


def _assets(files, page) -> Assets:
    def url(path: str) -> str | None:
        found = files.get_file_from_path(path)
        return found.url_relative_to(page) if found is not None else None

    return Assets(css=url(CSS), js=url(JS))


# -----------------------------------------------------------------------------
# Data
# -----------------------------------------------------------------------------

log = logging.getLogger("mkdocs.hooks.timeline")
DATA_FILE = "timeline.yml"
CSS = "assets/timeline.css"
JS = "assets/timeline.js"


@dataclass
class _State:
    page: GeneratedPage = field(default_factory=lambda: GeneratedPage(DATA_FILE, PAGE))
    timeline: Timeline | None = None
    sections: dict[str, dict[str, Section]] = field(default_factory=dict)


_state = _State()
