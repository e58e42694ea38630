"""The editions' own words (title page, contents, how to cite, the editions line under each
page), in English here and in every language's i18n/<lang>/editions.po.

`python -m tools.i18n update` extracts LABELS into i18n/templates/editions.pot (msgctxt: the
key, location: this file's line), like the pages' units. A label may hold `{name}` fields
(filled in by tools/editions and hooks/editions.py) and HTML; a translation must keep the same
fields. A label not translated, or fuzzy, stays English (the same rule as the pages): the
edition is never blocked by an English change.
"""

from __future__ import annotations

import re
from pathlib import Path

from explainer.errors import SourceError

# Data -------------------------------------------------------------------------------------------

LABELS = {
    "date": "{month_name} {day}, {year}",
    "contents": "Contents",
    "title_page": "Title page",
    "start": "Start",
    "notes": "Notes",
    "the_article": "The article:",
    "made": "Edition of {date}, made from the site’s sources of that day.",
    "online": "Online:",
    "cite_title": "How to cite this edition",
    "cite_edition": "{authors}. <em>{site_name}</em>. {format} edition, {date}. {url}.",
    "cite_pages": "Each page is also online, with its own reference at its foot: {url}. Cite a "
                  "page of the site rather than this edition when the page is what you quote.",
    "cite_article": "To cite the article itself: {reference}",
    "fonts": "Fonts, embedded: {fonts}.",
    "accessibility": "Text with headings, a table of contents and notes that open from their "
                     "markers. Each chart has a text description and its figures in a table. No "
                     "colour is needed to read any chart.",
    "offline": "Offline editions",
    "offline_line": "The whole guide, to read offline: {links}",
}
CATALOG = "editions"  # i18n/<lang>/editions.po
FIELD = re.compile(r"\{(\w+)\}")
# A field a translation may use instead of the English's: the month's number for its name.
INSTEAD = {"month_name": "month"}


def label_lines() -> dict[str, int]:
    """{key: line of this file} for the catalog's locations."""
    lines = Path(__file__).read_text(encoding="utf-8").splitlines()
    found = {}
    for key in LABELS:
        found[key] = next(n for n, text in enumerate(lines, 1) if text.lstrip().startswith(f'"{key}":'))
    return found


def labels(root: Path, lang: str) -> dict[str, str]:
    """The labels in `lang` ("en": LABELS); a translation that lost or added a field is a
    SourceError naming the catalog's line."""
    if lang == "en":
        return dict(LABELS)
    path = Path(root) / "i18n" / lang / f"{CATALOG}.po"
    if not path.is_file():
        return dict(LABELS)
    from translate.storage import po

    found = dict(LABELS)
    for unit in po.pofile.parsefile(str(path)).units:
        key = unit.getcontext()
        if unit.isheader() or unit.isobsolete() or key not in LABELS:
            continue
        if unit.istranslated() and unit.source == LABELS[key]:
            if not fields_kept(LABELS[key], unit.target):
                raise SourceError(str(path), _line(path, key), f"the label '{key}' must keep the "
                                  f"fields {', '.join(FIELD.findall(LABELS[key])) or '(none)'}",
                                  "Keep each {name} of the English as it is")
            found[key] = unit.target
    return found


def fields_kept(english: str, target: str) -> bool:
    """The translation has every field of the English (or its INSTEAD) and no other."""
    source, used = set(FIELD.findall(english)), set(FIELD.findall(target))
    allowed = source | {INSTEAD[f] for f in source if f in INSTEAD}
    needed = {f for f in source if not (f in INSTEAD and INSTEAD[f] in used)}
    return needed <= used <= allowed


def _line(path: Path, key: str) -> int | None:
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text == f'msgctxt "{key}"':
            return n
    return None
