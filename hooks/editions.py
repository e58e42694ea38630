"""The offline editions on the site: when the build is given them (EXPLAINER_EDITIONS, set by
`make editions` after tools.editions made the files), copy them to site/editions/ and link both,
with format and size, at the foot of every page (About included). Without the variable (make
build, make serve, make check) nothing is added: no build links a file it does not ship. A
translated site (theme.language) takes its own language's files and words.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from explainer import editions
from explainer.errors import SourceError

# Hooks ------------------------------------------------------------------------------------------


def on_config(config):
    global _found, _folder
    _found, _folder = [], None
    folder = os.environ.get(editions.ENV)
    if folder:
        root = Path(config.config_file_path).parent
        _folder = root / folder
        lang = config.theme["language"] or "en"
        try:
            _found = editions.found(_folder, lang)
        except SourceError as err:
            raise PluginError(str(err)) from None
    return config


def on_files(files, config):
    for _, name, _ in _found:
        files.append(File.generated(config, f"{editions.SITE_DIR}/{name}",
                                    abs_src_path=str(_folder / name)))
    return files


def on_page_content(html, page, config, files):
    if not _found:
        return html
    block = editions.links_block(
        _found, lambda name: get_relative_url(f"{editions.SITE_DIR}/{name}", page.url))
    return html + "\n" + block


# Data -------------------------------------------------------------------------------------------

_found: list[tuple[str, str, int]] = []  # (format, file name, bytes) of the editions given
_folder: Path | None = None  # where they were given (EXPLAINER_EDITIONS)
