"""Pages generated from a data file: one mechanism for the Glossary (`docs/glossary.yml` ->
`glossary.md`, hooks/glossary.py), the Timeline (`docs/timeline.yml` -> `timeline.md`,
hooks/timeline.py) and the Changes page (`docs/changes.yml` -> `changes.md`, hooks/changes.py).

A generated page is a page like any other for MkDocs, its plugins and our hooks: MkDocs'
documented `File.generated` adds it with its Markdown in `on_files`, and MkDocs renders it in
its own main loop, through the same page events as a written page. So it is in the navigation,
the sitemap and the search index, its `[@key]` citations become footnotes through mkdocs-bibtex
and are listed on the References page with "Cited in" links back to it, and the glossary marks
its terms. What it lists from the other pages (where each term is used, the title of the
section each event links to) is only known once they are all rendered, so it is built in two
steps, as hooks/citations.py builds the References page:

1. `on_files` (`GeneratedPage.load`, then `.add`): the data file is removed from the published
   files (contributor data, not a download), a hand-written `docs/<page>.md` is refused (one
   line: it would silently replace or be replaced by the generated one), the data file is read
   as UTF-8 (one line if it is not), the hook validates it with its own loader (a `SourceError`
   becomes a one-line `PluginError`: `fail`) and adds the page's Markdown. Where the page needs
   what the rendered pages tell, the Markdown holds a slot (`explainer.mdtext.slot`, an HTML
   comment, which Python-Markdown passes through as it is).
2. `on_env` (`stop_on`, then `GeneratedPage.fill`): every page is rendered; the hook checks what
   needs the rendered pages (every problem one line, then the build stops) and puts the HTML in each slot of the generated page's `page.content`, before
   the search plugin reads it and the page is written.

MkDocs renders the generated pages after the written ones, in the order their hooks add them
(mkdocs.yml lists hooks/timeline.py before hooks/glossary.py): that is the order in which the
References page lists them under "Cited in". No on_env needs a priority: rendering is over.

This module is the MkDocs glue of that mechanism (it imports MkDocs' `File`), and the small
MkDocs helpers the hooks share for data files and pages (`take_data_file`, `cite_keys`,
`body_line`, `fail`, `stop_on`); the data files are read by `explainer.datafile`, without MkDocs.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

from explainer.errors import SourceError, display_path
from explainer.mdtext import SLOT

log = logging.getLogger("mkdocs.hooks.generated_page")
T = TypeVar("T")


@dataclass(frozen=True)
class DataText:
    """A data file's text and its path as a contributor writes it ("docs/timeline.yml")."""

    text: str
    path: str


@dataclass(frozen=True)
class GeneratedPage:
    """The page `page` (under docs/: "timeline.md") generated from `data` ("timeline.yml")."""

    data: str
    page: str

    def take(self, files, config) -> DataText | None:
        """on_files: take the data file out of the site and return its text; None if there is
        no data file (the feature is off)."""
        if files.get_file_from_path(self.data) is None:
            return None
        if files.get_file_from_path(self.page) is not None:
            root = project_root(config)
            data_path = display_path(os.path.join(config.docs_dir, self.data), root)
            raise fail(SourceError(
                display_path(os.path.join(config.docs_dir, self.page), root), None,
                f"this page is generated from {data_path} at build time",
                f"Delete it and edit {data_path} instead"))
        return take_data_file(files, config, self.data)

    def load(self, files, config, loader: Callable[[DataText], T]) -> T | None:
        """on_files: `take` the data file and validate it with the hook's `loader` (a
        `SourceError` stops the build in one line: `fail`); None without a data file (the
        feature is off)."""
        data = self.take(files, config)
        if data is None:
            log.debug("No %s in docs/: no %s", self.data, self.page)
            return None
        try:
            return loader(data)
        except SourceError as err:
            raise fail(err) from None

    def add(self, files, config, markdown: Callable[[File], str]) -> None:
        """on_files: add the page, with the Markdown `markdown(file)` writes (given the page's
        own File, for URLs relative to it); MkDocs renders it with every other page. Its edit
        button opens the data file, which is also the page's source for its date and history
        (explainer.revision)."""
        file = File.generated(config, self.page, content="")
        file.edit_uri = self.data
        file.content_string = markdown(file)
        files.append(file)

    def file(self, files) -> File:
        return files.get_file_from_path(self.page)

    def fill(self, files, html: Mapping[str, str]) -> None:
        """on_env: put `html[key]` in each slot of the rendered page (`explainer.mdtext.slot`)."""
        page = self.file(files).page
        page.content = SLOT.sub(lambda found: html[found["key"]], page.content)


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


def stop_on(problems: Sequence[SourceError], logger: logging.Logger, what: str) -> None:
    """on_env: each problem as an error line, then the build stops, naming `what` to fix."""
    for problem in problems:
        logger.error(str(problem))
    if problems:
        raise PluginError(f"{len(problems)} problem(s) in {what}, listed above: fix it and build "
                          "again.")


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
