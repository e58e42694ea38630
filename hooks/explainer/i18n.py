"""Marking, in a translated page's HTML, the units still shown in English.

The translations' `docs` step (tools/i18n) writes a fuzzy or untranslated unit as the English
wrapped in `<span lang="en" class="i18n-fallback">`. Where that span is the whole content of its
block (p, li, td, th, h1-h6; a heading's permalink and footnote markers aside), the block itself
gets `lang="en"` and the class, and a visible label in the page's language goes first, as text
(screen readers and print get it, unlike CSS `content`). The label carries the page's `lang`.

Quotations: tools/i18n gives each quotation of a page's translated unit a note with its English
original. Text from a data file (the Glossary, the Timeline, the Changes page, source notes,
chart captions) has no room for such notes; a page whose text holds more quotations than notes
gets one paragraph saying that its quotations are the site's translation, linking the English
page (`note_quotations`). Python's HTML parser through BeautifulSoup: no regular expressions on
HTML. No MkDocs imports.
"""

from __future__ import annotations

import calendar
import html
import re


# Data -------------------------------------------------------------------------------------------

CLASS = "i18n-fallback"
# How the translations' `docs` step (tools/i18n) writes a unit still in English, for the marking.
FALLBACK = f'<span lang="en" class="{CLASS}">{{}}</span>'
LABEL_CLASS = "i18n-label"
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
# Quotations as the translations write them (i18n/README.md): Korean “…” with Hangul inside (the
# References' English titles, in Chicago's “…”, are no translation), Japanese 「…」 with kana or
# kanji inside (not an English title a source note quotes).
QUOTES = {"ko": re.compile(r"“[^”]*[\uac00-\ud7a3][^”]*”"),
          "ja": re.compile(r"「[^」]*[\u3040-\u30ff\u4e00-\u9fff][^」]*」")}
QUOTATIONS_CLASS = "i18n-quotations"
# What the count leaves out: the notes (the originals, a source's title), Cite this page (the
# page's title), blocks still in English.
_NOT_TEXT = ("div.footnote", "section.cite-this-page", f".{CLASS}")
_NOTED = "\ue000"  # a note's marker, in the text unnoted_quotations reads


def _ignorable(node) -> bool:
    """What may stand beside the span in its block: whitespace, a heading's permalink, a
    footnote marker."""
    from bs4 import NavigableString, Tag

    if isinstance(node, NavigableString):
        return not node.strip()
    return isinstance(node, Tag) and (
        "headerlink" in (node.get("class") or []) or
        (node.name == "sup" and str(node.get("id", "")).startswith("fnref")))


def mark_fallbacks(html: str, lang: str, label: str) -> tuple[str, int]:
    """(the HTML with every whole-block fallback marked and labelled, blocks marked)."""
    if CLASS not in html:
        return html, 0
    from bs4 import BeautifulSoup  # here: every build imports this module, few mark anything

    soup = BeautifulSoup(html, "html.parser")
    marked = 0
    for span in soup.find_all("span", class_=CLASS):
        block = span.parent
        if block is None or block.name not in BLOCKS:
            continue
        if any(child is not span and not _ignorable(child) for child in block.children):
            continue
        block["lang"] = "en"
        block["class"] = [*(block.get("class") or []), CLASS]
        note = soup.new_tag("span", attrs={"class": LABEL_CLASS, "lang": lang})
        note.string = label
        span.insert_before(note)
        span.insert_before(" ")
        span.unwrap()
        marked += 1
    return str(soup), marked


def unnoted_quotations(soup, lang: str) -> list[str]:
    """The page's quotations in `lang` without a note of their own: in its text (attributes and
    `_NOT_TEXT` aside), those not followed by a note's marker (`[^q-N]`, tools/i18n; at most a
    punctuation mark between, where the note markers were moved after it)."""
    text = soup.__copy__()
    for node in text.select(", ".join(_NOT_TEXT)):
        node.decompose()
    for marker in text.select("sup"):
        marker.replace_with(_NOTED if marker.select_one('a[href^="#fn:q-"]') else "")
    content = text.get_text()
    return [m[0] for m in QUOTES[lang].finditer(content)
            if not re.match(rf"[^\w\s]{{0,2}}{_NOTED}", content[m.end():])]


def note_quotations(html: str, lang: str, note: str, link: str, english_url: str) -> str:
    """The page with a paragraph `note` and a link `link` to its English page, before Cite this
    page (or at the end), where `unnoted_quotations` finds any; otherwise unchanged."""
    if lang not in QUOTES or not QUOTES[lang].search(html):
        return html
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    if not unnoted_quotations(soup, lang):
        return html
    paragraph = soup.new_tag("p", attrs={"class": QUOTATIONS_CLASS})
    paragraph.append(note + ("" if lang == "ja" else " "))  # Japanese sets no space
    anchor = soup.new_tag("a", attrs={"href": english_url, "hreflang": "en"})
    anchor.string = link
    paragraph.append(anchor)
    cite = soup.select_one("section.cite-this-page")
    if cite is not None:
        cite.insert_before(paragraph)
    else:
        soup.append(paragraph)
    return str(soup)


# The site's own labels --------------------------------------------------------------------------
#
# Every label the hooks write ("Cited in", "Appears on", the Timeline's filter, dates...) is an
# English msgid wrapped in `_()` where it is used, or in `N_()` where a table of them is defined
# at import time (then `_()` translates the value where it is written out). `python -m
# tools.i18n update` finds both by an AST walk and writes i18n/templates/site.pot; a translated
# build (extra.i18n.catalog in mkdocs.LANG.yml) reads its language's site.po once, in
# hooks/i18n.py's on_config. The English build has no catalog: `_()` returns the msgid, so its
# pages are unchanged. Placeholders are str.format fields ({year}); `{month:name}` is a month's
# English name, `{month}` its number.

_labels: dict[tuple[str, str], str] = {}


def _(msgid: str, context: str = "") -> str:
    """The current language's translation of a label (the msgid itself in English, or while
    the unit is untranslated or fuzzy)."""
    return _labels.get((context, msgid), msgid) if _labels else msgid


def block_label(msgid: str, context: str = "") -> str:
    """`_()` of a label that is a whole paragraph (a generated page's intro): in a translated
    build an untranslated one is the English in the fallback span, marked like a page's unit."""
    if _labels and (context, msgid) not in _labels:
        return FALLBACK.format(msgid)
    return _(msgid, context)


def N_(msgid: str, context: str = "") -> str:  # noqa: N802 (gettext's name)
    """Marks a label for the catalog where it is defined; `_()` translates it where it is used."""
    return msgid


def use_labels(labels: dict[tuple[str, str], str]) -> None:
    """The build's catalog (an empty dict: English)."""
    global _labels
    _labels = dict(labels)


def read_labels(path) -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) -> msgstr of every translated unit of a site.po. translate-toolkit is
    imported here only: the English build (and ProperDocs' venv) does without it."""
    from translate.storage import po
    return {(u.getcontext() or "", u.source): u.target
            for u in po.pofile.parsefile(str(path)).units
            if not u.isheader() and not u.isobsolete() and u.istranslated()}


class Month(int):
    """A month in a label: `{month}` its number, `{month:name}` its English name."""

    def __format__(self, spec: str) -> str:
        return calendar.month_name[self] if spec == "name" else format(int(self), spec)


def date_fields(year: int, month: int | None = None, day: int | None = None) -> dict:
    return {"year": year, "month": Month(month or 0), "day": day}


def data_attributes(**templates: str) -> str:
    """` data-NAME="..."` for each template, in a translated build only (the English page is
    unchanged; its script has the English wording): texts a script writes, from the catalog."""
    if not _labels:
        return ""
    return "".join(f' data-{name}="{html.escape(text, quote=True)}"'
                   for name, text in templates.items())


def config_labels(config) -> list[tuple[str, str]]:
    """(where, text) of every label mkdocs.yml gives the site: its name, description, author,
    footer, the navigation's titles, the palette toggle's names. Works on the raw YAML (the
    catalog's extraction) and on MkDocs' config (the build)."""
    found = [(key, config[key]) for key in ("site_name", "site_description", "site_author",
                                            "copyright") if config.get(key)]
    for item in config.get("nav") or []:
        if isinstance(item, dict):
            found += [("nav", title) for title in item]
    for scheme in (config.get("theme") or {}).get("palette") or []:
        if isinstance(scheme, dict) and (scheme.get("toggle") or {}).get("name"):
            found.append(("theme.palette", scheme["toggle"]["name"]))
    return found


def translate_config(config) -> None:
    """The labels of `config_labels`, translated in place."""
    for key in ("site_name", "site_description", "site_author", "copyright"):
        if config.get(key):
            config[key] = _(config[key])
    if config.get("nav"):
        config["nav"] = [{_(k): v for k, v in item.items()} if isinstance(item, dict) else item
                         for item in config["nav"]]
    for scheme in config["theme"].get("palette") or []:
        if isinstance(scheme, dict) and (scheme.get("toggle") or {}).get("name"):
            scheme["toggle"]["name"] = _(scheme["toggle"]["name"])
