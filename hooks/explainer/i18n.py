"""Marking, in a translated page's HTML, the units still shown in English.

The translations' `docs` step (tools/i18n) writes a fuzzy or untranslated unit as the English
wrapped in `<span lang="en" class="i18n-fallback">`. Where that span is the whole content of its
block (p, li, td, th, h1-h6; a heading's permalink and footnote markers aside), the block itself
gets `lang="en"` and the class, and a visible label in the page's language goes first, as text
(screen readers and print get it, unlike CSS `content`). The label carries the page's `lang`.

Quotations: tools/i18n gives each quotation of a page's translated unit a note with its English
original. Text from a data file (the Glossary, the Timeline, the Changes page, source notes,
chart captions) has no room for such notes; a page with a quotation that has no note of its own
gets one paragraph saying that its quotations are the site's translation, linking the English
page (`note_quotations`, which reads the page with lxml and puts the paragraph before the Cite
this page block). The fallbacks are marked through BeautifulSoup. No regular expressions on
HTML. No MkDocs imports.
"""

from __future__ import annotations

import calendar
import html
import re
from html import escape
from pathlib import Path

import lxml.html

from explainer.errors import SourceError


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
_NOT_TEXT = " | ".join(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
                      for tag, name in (("div", "footnote"), ("section", "cite-this-page"),
                                        ("*", CLASS)))
_CITE_BLOCK = '<section class="cite-this-page"'  # explainer.citing.cite_block's opening tag
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


def unnoted_quotations(html: str, lang: str) -> list[str]:
    """The quotations in `lang` of a page's HTML without a note of their own: in its text
    (attributes and `_NOT_TEXT` aside), those not followed by a note's marker (`[^q-N]`,
    tools/i18n; at most a punctuation mark between, where the note markers were moved after
    it). lxml: this runs on every translated page."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for node in root.xpath(_NOT_TEXT):
        node.drop_tree()
    for marker in list(root.iter("sup")):
        noted = bool(marker.xpath('.//a[starts-with(@href, "#fn:q-")]'))
        for child in list(marker):
            marker.remove(child)
        marker.text = _NOTED if noted else ""
    content = root.text_content()
    return [m[0] for m in QUOTES[lang].finditer(content)
            if not re.match(rf"[^\w\s]{{0,2}}{_NOTED}", content[m.end():])]


def note_quotations(html: str, lang: str, note: str, link: str, english_url: str) -> str:
    """The page with a paragraph `note` and a link `link` to its English page, before Cite this
    page (the block hooks/cite_this_page.py ends the page with) or at the end, where
    `unnoted_quotations` finds any; otherwise unchanged."""
    if lang not in QUOTES or not QUOTES[lang].search(html) or not unnoted_quotations(html, lang):
        return html
    space = "" if lang == "ja" else " "  # Japanese sets no space between sentences
    paragraph = (f'<p class="{QUOTATIONS_CLASS}">{escape(note)}{space}<a href="'
                 f'{escape(english_url)}" hreflang="en">{escape(link)}</a></p>')
    at = html.find(_CITE_BLOCK)
    return f"{html[:at]}{paragraph}\n{html[at:]}" if at >= 0 else f"{html}\n{paragraph}"


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


# A label's str.format fields by name; `{month:name}` and `{month}` are one.
FIELD = re.compile(r"\{(\w+)(?::[^{}]*)?\}")
DATE_FIELDS = {"year", "month", "day"}


def label_problem(source: str, target: str, context: str = "") -> str:
    """"" where a label's translation has the fields of its English (the code fills those); a
    date label may hold any of a date's parts (a range may put its year at either end)."""
    missing, extra = (sorted(set(FIELD.findall(a)) - set(FIELD.findall(b)))
                      for a, b in ((source, target), (target, source)))
    if context.startswith("date"):
        missing, extra = [], [name for name in extra if name not in DATE_FIELDS]
    if not (missing or extra):
        return ""
    detail = "; ".join(filter(None, [missing and "missing {" + "}, {".join(missing) + "}",
                                     extra and "unknown {" + "}, {".join(extra) + "}"]))
    return (f"placeholders differ from the English ({detail}). Keep each {{name}} of the msgid "
            "as it is; translate only the words around it")


def read_labels(path) -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) -> msgstr of every translated unit of a site.po; a unit whose fields
    differ from its English's is a SourceError with its line (the build would fail on it with a
    KeyError). translate-toolkit is imported here only: the English build (and ProperDocs'
    venv) does without it."""
    from translate.storage import po
    units = [u for u in po.pofile.parsefile(str(path)).units if not u.isobsolete()]
    lines = [n for n, text in enumerate(Path(path).read_text("utf-8").splitlines(), 1)
             if text.startswith("msgid ")]
    labels = {}
    for unit, line in zip(units, lines):
        if unit.isheader() or not unit.istranslated():
            continue
        problem = label_problem(unit.source, unit.target, unit.getcontext() or "")
        if problem:
            raise SourceError(str(path), line, problem.split(". ")[0], problem.split(". ", 1)[1])
        labels[(unit.getcontext() or "", unit.source)] = unit.target
    return labels


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
