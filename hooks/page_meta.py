"""Page checks: fail clearly on front matter MkDocs could not read, on a missing or unusable
`description` (Material's <meta name="description">), on the mkdocs.yml settings Material writes
unescaped into every page (site_description, site_name, site_author, repo_url), and on
placeholder text left from the page template of `make page`, so a template never ships.
Logic: explainer.page_meta and explainer.page_template."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from explainer.errors import SourceError, display_path, yaml_key_lines
from explainer.generated_page import stop_on
from explainer.page_meta import (check_description, check_site_settings,
                                 check_unparsed_front_matter)
from explainer.page_template import FIX as PLACEHOLDER_FIX
from explainer.page_template import find_placeholders

log = logging.getLogger("mkdocs.hooks.page_meta")

# Hooks ------------------------------------------------------------------------------------------


def on_config(config):
    global _docs
    _problems.clear()  # `mkdocs serve` rebuilds in the same process
    config_file = Path(config.config_file_path)
    _docs = display_path(config.docs_dir, config_file.parent)
    lines = yaml_key_lines(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
    stop_on(check_site_settings(config, lines, config_file.name), log, config_file.name)
    return config


def on_page_markdown(markdown, page, config, files):
    path = f"{_docs}/{page.file.src_uri}"
    try:
        check_unparsed_front_matter(markdown, path)
        check_description(page.meta, path)
    except SourceError as err:
        log.error(str(err))  # all pages are checked before the build stops (on_env)
        _problems.append(err)
    # The whole source, front matter included, so that line numbers are the file's.
    for placeholder in find_placeholders(page.file.content_string):
        err = SourceError(path, placeholder.line, placeholder.problem(), PLACEHOLDER_FIX)
        log.error(str(err))
        _problems.append(err)
    return markdown


def on_env(env, config, files):
    if _problems:
        raise PluginError(f"{len(_problems)} page problem(s) (front matter, template "
                          "placeholders), listed above: fix them and build again.")
    return env


# Data -------------------------------------------------------------------------------------------

_problems: list[SourceError] = []
_docs = "docs"  # docs_dir as a contributor writes it, relative to mkdocs.yml
