"""Timeline (issue 10): the article's dated events as a page generated from `docs/timeline.yml`.

Thin MkDocs glue; the logic is in `explainer/timeline.py`, the generated-page mechanism (shared
with the Glossary) in `explainer/generated_page.py`. Build flow:

- `on_files`: load and validate `docs/timeline.yml` (bad data -> one line, the build stops),
  take it out of the site and add `timeline.md` as a stub.
- `on_page_content`: read the sections of the pages events link to (anchors, titles, text).
- `on_env`: every page is rendered: check each event's section (it exists, it mentions the
  event's year), write the Timeline page and render it through the page events, so that its
  citations become footnotes and the References page lists it under "Cited in".

The page loads `assets/timeline.css` and `assets/timeline.js` (the filter by track) itself, so
no other page does; without them (a fixture site) it still builds, filterable without script
only if the stylesheet is there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from explainer.errors import SourceError
from explainer.generated_page import GeneratedPage, cite_keys, fail
from explainer.timeline import (PAGE, Assets, Section, Timeline, check_links, load_timeline,
                                page_sections, timeline_markdown, timeline_stub)

# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


def on_config(config):
    global _state
    _state = _State()  # `mkdocs serve` rebuilds in the same process
    return config


def on_files(files, config):
    """Load the timeline once per build and add the Timeline page (a stub until on_env)."""
    data = _state.page.take(files, config, stub=timeline_stub())
    if data is None:
        log.debug(f"No {DATA_FILE} in docs/: timeline off")
        return files
    pages = [f.src_uri for f in files.documentation_pages() if f.src_uri != PAGE]
    try:
        _state.timeline = load_timeline(data.text, data.path, cite_keys=cite_keys(config),
                                        pages=pages)
    except SourceError as err:
        raise fail(err) from None
    return files


def on_page_content(html, page, config, files):
    """Remember the sections of each page an event links to."""
    if _state.timeline is not None and page.file.src_uri in _state.linked_pages:
        _state.sections[page.file.src_uri] = page_sections(html)
    return html


# Before the Glossary's on_env (50), which lists every page using a term, the Timeline included,
# and hooks/citations.py's (0), whose References page lists the Timeline under "Cited in": both
# read what rendering this page through the page events collects (explainer/generated_page.py).
@event_priority(60)
def on_env(env, config, files):
    """All pages are rendered: check the events' sections, then write and render the page."""
    timeline = _state.timeline
    if timeline is None:
        return env
    problems = check_links(timeline, _state.sections)
    if problems:
        for problem in problems:
            log.error(str(problem))
        raise PluginError(f"{len(problems)} timeline problem(s), listed above: fix "
                          f"{timeline.path} and build again.")
    page_url = _state.page.file(files).url
    _state.page.render(files, config, timeline_markdown(
        timeline, links=_link_texts(timeline, files), assets=_assets(files, page_url)))
    return env


# -----------------------------------------------------------------------------
# Helper functions
# -----------------------------------------------------------------------------


def _link_texts(timeline: Timeline, files) -> dict[str, str]:
    """"trade.md#x" -> "Trade › The section's title", for each event's link."""
    texts = {}
    for event in timeline.events:
        page = files.get_file_from_path(event.page).page
        section = _state.sections[event.page][event.anchor]
        texts[event.section] = f"{page.title} › {section.title}"
    return texts


def _assets(files, page_url: str) -> Assets:
    def url(path: str) -> str | None:
        found = files.get_file_from_path(path)
        return get_relative_url(found.url, page_url) if found is not None else None

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

    @property
    def linked_pages(self) -> set[str]:
        return {e.page for e in self.timeline.events} if self.timeline else set()


_state = _State()
