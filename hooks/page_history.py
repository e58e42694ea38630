"""When each page last changed, with links to its history, and the version of the site for "Cite
this page" (hooks/cite_this_page.py); overrides/partials/source-file.html shows them under the
page as "Last update: <time datetime>" and "History".

mkdocs-git-revision-date-localized-plugin (mkdocs.yml) dates the pages written in docs/ from
their own file's git history, into `page.meta` (`git_revision_date_localized_raw_iso_date`
and its other keys). This hook dates, under the same keys, the pages whose words come from other
files (explainer.revision says which: a generated page's data file, the References page's
refs.bib, a translation's catalog with its English source), with one `git log` per build, and
gives every page `page.meta["page_history"]`: its sources and history links. The translated
builds leave the plugin out (their pages are written to .cache/i18n/, which is not in git).

Without git history (a `git archive` copy, a shallow clone, no git) the build still succeeds: one
info line, the plugin is switched off before it looks, every page shows the build's date with a
note saying so, and "Cite this page" says the version is unknown (a copy without .git), or
gives it but no date (a shallow clone). The version (`config.extra["site_version"]`,
explainer.revision.Version) is read once per build, here, before the plugin's on_config.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from mkdocs.plugins import event_priority

from explainer import revision
from explainer.generated_page import project_root
from explainer.i18n import _

log = logging.getLogger("mkdocs.hooks.page_history")

# Hooks ------------------------------------------------------------------------------------------


@event_priority(50)  # before the plugin's on_config (0): without history it must not look
def on_config(config):
    global _full, _now
    root = project_root(config).resolve()
    checkout, _now = revision.read_checkout(root), time.time()
    config.extra["site_version"] = checkout.version if checkout else None
    _full = checkout is not None and checkout.full_history
    if not _full:
        log.info("No git history (%s): pages show the build's date, marked as such",
                 "a shallow clone" if checkout else "no git checkout")
    # The plugin reads the history of docs_dir: where there is none (or docs_dir is outside the
    # project, as in some tests), the hook dates every page.
    if PLUGIN in config.plugins and not (
            _full and Path(config.docs_dir).resolve().is_relative_to(root)):
        config.plugins[PLUGIN].config["enabled"] = False
    return config


def on_nav(nav, config, files):
    # After every on_files: the generated pages are there.
    global _sources, _dated_by_plugin, _changes
    root = project_root(config)
    lang = config.theme["language"] if (config.extra or {}).get("i18n") else ""
    bib = os.path.relpath(os.path.join(root, config.plugins["bibtex"].config.bib_file), root) \
        if "bibtex" in config.plugins else "refs.bib"
    also = {"references.md": (bib, f"{revision.DOCS}/source-notes.yml")}
    plugin = config.plugins.get(PLUGIN)
    plugin_on = plugin is not None and plugin.config.get("enabled")
    _sources, _dated_by_plugin = {}, set()
    for file in files.documentation_pages():
        sources = revision.page_sources(file.edit_uri or file.src_uri, lang, also,
                                        lambda path: (root / path).is_file())
        _sources[file.src_uri] = sources
        if plugin_on and not file.generated_by and sources == (f"{revision.DOCS}/{file.src_uri}",):
            _dated_by_plugin.add(file.src_uri)
    wanted = {s for uri, sources in _sources.items() if uri not in _dated_by_plugin
              for s in sources}
    _changes = revision.last_changes(root, sorted(wanted)) if _full else {}
    return nav


def on_page_markdown(markdown, page, config, files):
    # After the plugin's (plugins run before hooks at the same priority).
    sources = _sources[page.file.src_uri]
    if page.file.src_uri not in _dated_by_plugin:
        change = revision.latest(sources, _changes) or ("", _now)
        plugin = config.plugins.get(PLUGIN)
        timezone = plugin.config.get("timezone") if plugin is not None else None
        page.meta.update(revision.date_meta(change[1], config.theme["language"] or "en",
                                            timezone or "UTC", change[0]))
    links = []
    if config.repo_url:
        links.append((_("History"), revision.history_url(config.repo_url, sources[0])))
        english = next(s for s in sources if s.startswith(f"{revision.DOCS}/"))
        if english != sources[0]:  # a translation: its catalog first, then the English
            links.append((_("History of the English original"),
                          revision.history_url(config.repo_url, english)))
    page.meta["page_history"] = revision.PageHistory(
        sources, tuple(links),
        "" if _full else _("Date not known: built without git history (this is the build date)"))
    return markdown


# Data -------------------------------------------------------------------------------------------

PLUGIN = "git-revision-date-localized"
_full = False  # in on_config: git history there, and whole (not a shallow clone)
_now = 0.0  # the build's time, in on_config: one date for every undated page
_sources: dict[str, tuple[str, ...]] = {}  # src_uri -> its sources, in on_nav
_dated_by_plugin: set[str] = set()  # pages the plugin dates from their own file
_changes: dict[str, tuple[str, int]] = {}  # path -> (commit, time) of its last change
