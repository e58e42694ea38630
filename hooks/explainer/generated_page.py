"""Pages generated from a data file: one mechanism for the Glossary (`docs/glossary.yml` ->
`glossary.md`, hooks/glossary.py) and the Timeline (`docs/timeline.yml` -> `timeline.md`,
hooks/timeline.py).

A generated page is a page like any other for MkDocs, its plugins and our hooks: it is in the
navigation, the sitemap and the search index, its `[@key]` citations become footnotes through
mkdocs-bibtex and are listed on the References page with "Cited in" links back to it, and the
glossary marks its terms. What it lists from the other pages (where each term is used, the
section each event links to) is only known once they are all rendered, so it is built in two
steps:

1. `on_files` (`GeneratedPage.take`): the data file is removed from the published files
   (contributor data, not a download), a hand-written `docs/<page>.md` is refused (one line: it
   would silently replace or be replaced by the generated one), the data file is read as UTF-8
   (one line if it is not), and the page is added as a stub: front matter and title, cheap to
   render in MkDocs' main loop. The hook then validates the text with its own loader, whose
   `SourceError` becomes a one-line `PluginError` (`fail`).
2. `on_env` (`GeneratedPage.render`): every page is rendered. The hook writes the page's real
   Markdown, and `render` runs it through the same events as MkDocs' own `_populate_page`
   (`on_pre_page`, `read_source`, `on_page_markdown`, `render`, `on_page_content`), so that
   every hook sees it as it sees a written page.

Event order: MkDocs calls `on_env` by priority. The hooks that generate pages run theirs before
the hooks that use what page events collect: the Timeline (priority 60) before the Glossary (50),
whose "Appears on" lists and unused-term warnings include the Timeline's terms; both before
hooks/citations.py (0), whose References page lists every section citing a source.

This module is the MkDocs glue of that mechanism (it imports MkDocs' `File`), and the small
MkDocs helpers the hooks share for data files and pages (`take_data_file`, `cite_keys`,
`body_line`, `fail`); the data files are read by `explainer.datafile`, without MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

from explainer.errors import SourceError, display_path


@dataclass(frozen=True)
class DataText:
    """A data file's text and its path as a contributor writes it ("docs/timeline.yml")."""

    text: str
    path: str


class GeneratedPage:
    """The page `page` (under docs/: "timeline.md") generated from `data` ("timeline.yml")."""

    def __init__(self, data: str, page: str) -> None:
        self.data = data
        self.page = page

    def take(self, files, config, stub: str) -> DataText | None:
        """on_files: take the data file out of the site, add the page as `stub` (Markdown with
        front matter and title); None if there is no data file (the feature is off)."""
        if files.get_file_from_path(self.data) is None:
            return None
        if files.get_file_from_path(self.page) is not None:
            root = project_root(config)
            data_path = display_path(os.path.join(config.docs_dir, self.data), root)
            raise fail(SourceError(
                display_path(os.path.join(config.docs_dir, self.page), root), None,
                f"this page is generated from {data_path} at build time",
                f"Delete it and edit {data_path} instead"))
        data = take_data_file(files, config, self.data)
        files.append(File.generated(config, self.page, content=stub))
        return data

    def file(self, files) -> File:
        return files.get_file_from_path(self.page)

    def render(self, files, config, markdown: str):
        """on_env: give the page its real Markdown and render it through the page events.

        Only this page, once per build: in the main loop it was a stub."""
        file = self.file(files)
        file.content_string = markdown
        page = file.page
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page,
                                                            config=config, files=files)
            page.render(config, files)
            page.content = config.plugins.on_page_content(page.content, page=page,
                                                          config=config, files=files)
        finally:
            config._current_page = None
        return page


def take_data_file(files, config, name: str) -> DataText | None:
    """Remove the data file `name` (under docs/) from the published files and return its text;
    None if there is none. Also for data that generates no page (docs/charts.yml)."""
    data = files.get_file_from_path(name)
    if data is None:
        return None
    files.remove(data)  # contributor data, not a file to publish
    path = display_path(data.abs_src_path or name, project_root(config))
    try:
        return DataText(data.content_bytes.decode("utf-8"), path)
    except UnicodeDecodeError as err:
        raise PluginError(f"{path}: not UTF-8 text (byte {err.start}). Save it as UTF-8") \
            from None


def cite_keys(config) -> set[str] | None:
    """The keys of refs.bib, for the data files' `cite:` fields: those mkdocs-bibtex parsed in
    its on_config (after hooks/citations.py validated the file), not a second parse of it; None
    without the bibtex plugin."""
    plugin = config.plugins.get("bibtex")
    return set(plugin.registry.bib_data.entries) if plugin is not None else None


def fail(err: SourceError) -> PluginError:
    """A contributor's mistake as the one-line error that stops the build (no traceback)."""
    return PluginError(str(err))


def body_line(source: str) -> int:
    """The file line where a page's Markdown starts: MkDocs hands hooks the Markdown without its
    front matter (and the blank lines after it), so a line counted in what a hook receives is
    this many lines off in the file, less one. Uses MkDocs' own reader, so it cuts as MkDocs
    does."""
    body, _ = get_data(source)
    return source.count("\n", 0, len(source) - len(body)) + 1


def project_root(config) -> Path:
    """The folder of mkdocs.yml: paths in messages are relative to it."""
    return Path(config.config_file_path or "mkdocs.yml").parent
