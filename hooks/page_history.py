"""When each page last changed, with links to its history, and the version of the site for "Cite
this page" (hooks/cite_this_page.py); overrides/partials/source-file.html shows them under the
page as "Last update: <time datetime>" and "History".

Every page is dated from its sources (explainer.revision says which: a written page's file, a
generated page's data file, the References page's refs.bib, a translation's catalog with its
English source), with one `git log` per build, into `page.meta["page_history"]`: its sources,
its date, its history links.

Without git history (a `git archive` copy, a shallow clone, no git) the build still succeeds: one
info line, every page shows the build's date with a note saying so, and "Cite this page" says
the version is unknown (a copy without .git), or gives it but no date (a shallow clone). The
version (`config.extra["site_version"]`, explainer.revision.Version) is read once per build.
"""

from __future__ import annotations

import logging
import os
import time

from explainer import revision
from explainer.generated_page import project_root
from explainer.i18n import _

log = logging.getLogger("mkdocs.hooks.page_history")

# Hooks ------------------------------------------------------------------------------------------


def on_config(config):
    global _full, _now
    checkout, _now = revision.read_checkout(project_root(config)), time.time()
    config.extra["site_version"] = checkout.version if checkout else None
    _full = checkout is not None and checkout.full_history
    if not _full:
        log.info("No git history (%s): pages show the build's date, marked as such",
                 "a shallow clone" if checkout else "no git checkout")
    return config


def on_nav(nav, config, files):
    # After every on_files: the generated pages are there.
    global _sources, _changes
    root = project_root(config)
    lang = config.theme["language"] if (config.extra or {}).get("i18n") else ""
    bib = os.path.relpath(os.path.join(root, config.plugins["bibtex"].config.bib_file), root) \
        if "bibtex" in config.plugins else "refs.bib"
    also = {"references.md": (bib, f"{revision.DOCS}/source-notes.yml")}
    _sources = {file.src_uri: revision.page_sources(file.edit_uri or file.src_uri, lang, also,
                                                    lambda path: (root / path).is_file())
                for file in files.documentation_pages()}
    wanted = sorted({source for sources in _sources.values() for source in sources})
    _changes = revision.last_changes(root, wanted) if _full else {}
    return nav


def on_page_markdown(markdown, page, config, files):
    sources = _sources[page.file.src_uri]
    change = revision.latest(sources, _changes)
    if change is None and _full:
        log.info("%s: not committed yet, dated with the build's date", page.file.src_uri)
    iso_date, date = revision.dates(change[1] if change else _now, config.theme["language"] or "en")
    links = []
    if config.repo_url:
        links.append((_("History"), revision.history_url(config.repo_url, sources[0])))
        english = next(s for s in sources if s.startswith(f"{revision.DOCS}/"))
        if english != sources[0]:  # a translation: its catalog first, then the English
            links.append((_("History of the English original"),
                          revision.history_url(config.repo_url, english)))
    page.meta["page_history"] = revision.PageHistory(
        sources, tuple(links), iso_date, date,
        "" if _full else _("Date not known: built without git history (this is the build date)"))
    return markdown


# Data -------------------------------------------------------------------------------------------

_full = False  # in on_config: git history there, and whole (not a shallow clone)
_now = 0.0  # the build's time, in on_config: one date for every undated page
_sources: dict[str, tuple[str, ...]] = {}  # src_uri -> its sources, in on_nav
_changes: dict[str, tuple[str, int]] = {}  # path -> (commit, time) of its last change
