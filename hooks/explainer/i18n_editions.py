"""The editions' own words (title page, contents, how to cite), in English here and, like every
label the site writes, in each language's i18n/<lang>/site.po (msgctxt "editions"; the date is
the site's "date" label). `python -m tools.i18n update` finds them (`N_`) with the others.

A label may hold `{name}` fields (filled in by tools/editions) and HTML; a translation must keep
the same fields (`explainer.i18n.read_labels` raises a SourceError naming the catalog's line). A label not translated, or fuzzy, stays English (the same rule as the pages): the
edition is never blocked by an English change.
"""

from __future__ import annotations

from pathlib import Path

from explainer.i18n import N_, read_labels

# Data -------------------------------------------------------------------------------------------

LABELS = {
    "date": N_("{month:name} {day}, {year}", "date"),
    "contents": N_("Contents", "editions"),
    "title_page": N_("Title page", "editions"),
    "start": N_("Start", "editions"),
    "notes": N_("Notes", "editions"),
    "the_article": N_("The article:", "editions"),
    "made": N_("Edition of {date}, made from the site’s sources of that day.", "editions"),
    "online": N_("Online:", "editions"),
    "cite_title": N_("How to cite this edition", "editions"),
    "cite_edition": N_("{authors}. <em>{site_name}</em>. {format} edition, {date}. {url}.",
                       "editions"),
    "cite_pages": N_("Each page is also online, with its own reference at its foot: {url}. Cite "
                     "a page of the site rather than this edition when the page is what you "
                     "quote.", "editions"),
    "cite_article": N_("To cite the article itself: {reference}", "editions"),
    "fonts": N_("Fonts, embedded: {fonts}.", "editions"),
    "accessibility": N_("Text with headings, a table of contents and notes that open from their "
                        "markers. Each chart has a text description and its figures in a table. "
                        "No colour is needed to read any chart.", "editions"),
}


def _context(key: str) -> str:
    return "date" if key == "date" else "editions"


def labels(root: Path, lang: str) -> dict[str, str]:
    """The labels in `lang` ("en": LABELS); a translation that lost or added a field is a
    SourceError naming the catalog's line."""
    path = Path(root) / "i18n" / lang / "site.po"
    if lang == "en" or not path.is_file():
        return dict(LABELS)
    table = read_labels(path)
    return {key: table.get((_context(key), english), english) for key, english in LABELS.items()}
