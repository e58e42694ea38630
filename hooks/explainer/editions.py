"""The offline editions (PDF, EPUB) of the whole guide: their file names and the site's links.

`make editions` builds the site, makes both files from it (python -m tools.editions) and builds
the site again with EXPLAINER_EDITIONS naming the folder that holds them; hooks/editions.py
then copies them into site/editions/ and links them from every page. A build without that
variable (make build, make serve, make check) has no files and no links. A translated site
(mkdocs.LANG.yml) has editions of its own, named with the language (`…-ko.pdf`), in its
site/LANG/editions/, under a line in its language (explainer.i18n's labels).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from explainer.errors import SourceError
from explainer.i18n import _

ENV = "EXPLAINER_EDITIONS"
SITE_DIR = "editions"  # where the files are published, under the site's root
FILES = (("PDF", "america-first-alliances.pdf"), ("EPUB", "america-first-alliances.epub"))


def files(lang: str = "en") -> tuple[tuple[str, str], ...]:
    """(format, file name) of the editions of a language: English FILES, others `…-LANG.pdf`."""
    if lang == "en":
        return FILES
    return tuple((label, name.replace(".", f"-{lang}.", 1)) for label, name in FILES)


def size_text(size: int) -> str:
    """'1.2 MB', '340 kB' (decimal units, as file managers show them)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


def found(folder: Path, lang: str = "en") -> list[tuple[str, str, int]]:
    """(format, file name, size) of each edition in `folder`; a missing one is a SourceError."""
    editions = []
    for label, name in files(lang):
        path = Path(folder) / name
        if not path.is_file():
            raise SourceError(str(path), None, f"the {label} edition is not there ({ENV}={folder})",
                              "Run `make editions`, which makes the files before linking them")
        editions.append((label, name, path.stat().st_size))
    return editions


def links_block(editions: list[tuple[str, str, int]], href_of) -> str:
    """The block under each page: the whole guide as PDF and EPUB, each link giving format and
    size ("PDF, 1.2 MB"), in the site's language (explainer.i18n's labels)."""
    links = " · ".join(f'<a href="{escape(href_of(name))}" type="{_media(label)}">'
                       f"{label}, {size_text(size)}</a>" for label, name, size in editions)
    return (f'<section class="editions" aria-label="{_("Offline editions")}">\n'
            f"<p>{_('The whole guide, to read offline:')} {links}</p>\n</section>")


def _media(label: str) -> str:
    return {"PDF": "application/pdf", "EPUB": "application/epub+zip"}[label]
