"""The `docs` step: .cache/i18n/<lang>/docs, the English docs/ with every translated unit put in.

Each page goes through translate-toolkit's Markdown reader with a `callback` (what to write for
a unit) and a `lookup_callback` (is there a translation; without it a unit translated as itself,
a name, would count as missing). A translated unit gives its msgstr; a fuzzy or untranslated one
gives the English wrapped in `<span lang="en" class="i18n-fallback">` for hooks/i18n.py to mark,
never a stale translation. Units that are block syntax of their own (front matter, an admonition
header, a footnote or abbreviation definition) fall back to plain English, since a span would
break them; a unit of several blocks (an admonition's body) gets a span per paragraph or item.

Quotations: the n-th quotation of a translated unit (ko “…”, ja 「…」) is paired with the n-th of
its English ("…") and gets a footnote `[^q-N]` whose text says it is the site's translation and
gives the original (i18n/README.md tells translators to keep count and order). Where the
counts differ nothing is paired (`check` reports it).

Data files are written with their translated fields (PyYAML: generated files); a field without
a translation stays English (in `MARKED` files wrapped like a page's unit, to be marked). Every other file of docs/ (assets) is copied.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import yaml
from markdown.extensions.toc import slugify as toc_slugify, unique
from translate.storage import markdown, po

from explainer.glossary import slugify
from explainer.i18n import FALLBACK, N_, read_labels
from tools.i18n.catalogs import ALIAS_JOIN, DATA_FILES, SITE, Project, data_entries

# Data -------------------------------------------------------------------------------------------

OUT = Path(".cache/i18n")
# Units a span would break: YAML front matter, admonition headers, footnote, abbreviation and
# link definitions, HTML comments and blocks, tables' separator rows.
PLAIN = re.compile(r"^(---|!!!|\?\?\?|\*\[|\[\^[^\]]+\]:|\[[^\]]+\]:|<|\s*\|?\s*:?-{3})")
LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$")
# A quotation may run over a line break of its unit (not over a blank line: units are blocks).
ENGLISH_QUOTE = re.compile(r'"([^"]+)"|“([^”]+)”')
QUOTES = {"ko": re.compile(r"“[^”]+”"), "ja": re.compile(r"「[^」]+」")}
# Data files whose loader takes a field still in English wrapped as a page's unit is, so that the
# hook marks it (explainer.changes); the others keep such a field as plain English.
MARKED = {"changes.yml"}
# The footnote's text, from the language's site.po (ko "이 사이트의 번역. 원문: …").
NOTE = N_("The site's translation. Original: {original}")
TAG = re.compile(r"<[^>]+>")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


# Pages ------------------------------------------------------------------------------------------


def fallback(text: str) -> str:
    """The English of a unit marked for the hook: one span per paragraph or list item."""
    if PLAIN.match(text):
        return text
    if "\n\n" not in text and not LIST_ITEM.match(text.split("\n", 1)[0]):
        return FALLBACK.format(text)
    blocks = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if LIST_ITEM.match(lines[0]):
            items = []
            for ln in lines:
                m = LIST_ITEM.match(ln)
                items.append(f"{m[1]}{FALLBACK.format(m[2])}" if m and m[2] else ln)
            blocks.append("\n".join(items))
        elif block.strip() and not PLAIN.match(block.lstrip()):
            indent = block[: len(block) - len(block.lstrip())]
            blocks.append(indent + FALLBACK.format(block.strip()))
        else:
            blocks.append(block)
    return "\n\n".join(blocks)


def front_matter_ok(text: str) -> bool:
    """A translated front-matter unit is a YAML mapping between `---` fences."""
    body = text.strip().removeprefix("---").removesuffix("---")
    try:
        return isinstance(yaml.safe_load(body), dict)
    except yaml.YAMLError:
        return False


def english_quotations(text: str) -> list[str]:
    """The quotations of an English unit, in order (HTML tags left out: their attributes)."""
    return [a or b for a, b in ENGLISH_QUOTE.findall(TAG.sub("", text))]


def quotations(lang: str, text: str) -> list[str]:
    pattern = QUOTES.get(lang)
    return pattern.findall(text) if pattern else []


def heading_anchors(markdown_text: str) -> dict[str, list[str]]:
    """Each English heading's text -> its anchors in page order, as Python-Markdown's toc makes
    them (its slugify, `_1` for a repeat). A translated heading keeps them (`{#anchor}`): the
    pages' links, the timeline's `section:` and the glossary's back-links name them."""
    used: set[str] = set()
    anchors: dict[str, list[str]] = {}
    for match in HEADING.finditer(markdown_text):
        text = match[1]
        plain = TAG.sub("", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text))
        anchors.setdefault(text, []).append(unique(toc_slugify(plain, "-"), used))
    return anchors


class PageTranslator:
    """The callbacks for one page: translations from its catalog, footnotes collected."""

    def __init__(self, store: po.pofile, lang: str, anchors: dict[str, list[str]],
                 note: str = NOTE) -> None:
        self.lang = lang
        self.note = note
        self.anchors = anchors
        self.units = {}
        for unit in store.units:
            if not unit.isheader() and not unit.isobsolete() and unit.istranslated():
                self.units[unit.source] = unit.target
        self.notes: list[str] = []
        self.fallbacks = 0

    def lookup(self, source: str) -> str | None:
        return self.units.get(source)

    def translate(self, source: str) -> str:
        target = self.units.get(source)
        if target is not None and source.startswith("---") and not front_matter_ok(target):
            target = None  # `check` names it; the page still builds, with the English
        anchor = ""
        if self.anchors.get(source):
            anchor = f" {{#{self.anchors[source].pop(0)}}}"
        if target is None:
            self.fallbacks += not PLAIN.match(source)
            return fallback(source) + anchor
        if PLAIN.match(source) or self.lang not in QUOTES:
            return target + anchor
        return self.with_notes(source, target) + anchor

    def with_notes(self, source: str, target: str) -> str:
        """The translation with a footnote after each quotation, if the counts agree."""
        originals, found = english_quotations(source), list(QUOTES[self.lang].finditer(target))
        if not originals or len(originals) != len(found):
            return target
        out, last = [], 0
        for original, match in zip(originals, found):
            self.notes.append(self.note.format(original=f'<span lang="en">“{original}”</span>'))
            out += [target[last:match.end()], f"[^q-{len(self.notes)}]"]
            last = match.end()
        return "".join(out) + target[last:]


def translate_page(page: Path, store: po.pofile, lang: str,
                   note: str = NOTE) -> tuple[str, int]:
    """(translated Markdown, number of units shown in English)."""
    english = page.read_bytes()
    translator = PageTranslator(store, lang, heading_anchors(english.decode()), note)
    source = io.BytesIO(english)
    parsed = markdown.MarkdownFile(inputfile=source, callback=translator.translate,
                                   lookup_callback=translator.lookup, max_line_length=None)
    text = parsed.filesrc
    if translator.notes:
        text = text.rstrip("\n") + "\n\n" + "".join(
            f"[^q-{i}]: {note}\n" for i, note in enumerate(translator.notes, 1))
    return text, translator.fallbacks


# Data files -------------------------------------------------------------------------------------


def translate_data(project: Project, name: str, store: po.pofile, out: Path) -> str:
    """The data file with every translated field in place (dumped by PyYAML)."""
    key, ident, _fields = DATA_FILES[name]
    done = {(u.getcontext(), u.source): u.target for u in store.units
            if not u.isheader() and not u.isobsolete() and u.istranslated()}
    data = yaml.safe_load((project.docs / name).read_text(encoding="utf-8"))
    items = data if key is None else data[key]
    by_id = {str(item[ident]): item for item in items}
    for context, text, _line, field in data_entries(project, name):
        target = done.get((context, text))
        if target is None and name in MARKED:
            target = FALLBACK.format(text)
        if target is None:
            continue
        entry_id, path = context.split("|", 1)
        item = by_id[entry_id]
        series = re.fullmatch(r"series\[(\d+)\]\.(?:values\[(\d+)\]\.)?label", path)
        if series:
            item = item["series"][int(series[1])]
            if series[2] is not None:
                item = item["values"][int(series[2])]
        if field == "term":  # the English term's anchor, which translated links name
            item.setdefault("anchor", slugify(item["term"]))
        item[field] = [a.strip() for a in target.split(ALIAS_JOIN.strip())] \
            if field == "aliases" else target
    if name == "charts.yml":
        for chart in items:
            add_own_table(chart, out)
    if name == "glossary.yml":
        add_english_forms(items, yaml.safe_load((project.docs / name).read_text("utf-8"))[key])
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


def add_english_forms(terms: list[dict], english: list[dict]) -> None:
    """A translated term's English name and aliases become aliases too, so that a paragraph
    shown in English (a fuzzy unit) is marked like the English page, and a term used only there
    still counts as used (else the strict build fails on an English change)."""
    taken = {form for t in terms for form in [t["term"], *(t.get("aliases") or [])]}
    for term, original in zip(terms, english):
        new = [f for f in [original["term"], *(original.get("aliases") or [])] if f not in taken]
        if new:
            term["aliases"] = [*(term.get("aliases") or []), *new]
            taken.update(new)


def add_own_table(chart: dict, out: Path) -> None:
    """`table: true` for a chart whose translated value labels do not all name a row of the
    translated page (hooks/charts.py requires each figure in a table row): the chart then
    adds its own table, and `check` names the labels to bring in line."""
    marker = f"<!-- chart: {chart['id']} -->"
    page = next((p.read_text(encoding="utf-8") for p in sorted(out.glob("*.md"))
                 if marker in p.read_text(encoding="utf-8")), None)
    if page is None or chart.get("table"):
        return
    labels = {v["label"] for s in chart["series"] for v in s["values"]}
    if any(not re.search(rf"(?<!\w){re.escape(label.casefold())}(?!\w)", page.casefold())
           for label in labels):
        chart["table"] = True


# The step ---------------------------------------------------------------------------------------


def catalog(project: Project, lang: str, name: str) -> po.pofile:
    path = project.catalog(lang, name)
    return po.pofile.parsefile(str(path)) if path.exists() else po.pofile()


def write_docs(project: Project, lang: str, out: Path | None = None) -> dict[str, int]:
    """Write the language's docs/ into `out` (default .cache/i18n/<lang>/docs): the units shown
    in English, per page."""
    out = out or project.root / OUT / lang / "docs"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(project.docs, out, ignore=shutil.ignore_patterns("*.md", *DATA_FILES))
    fallbacks = {}
    site = project.catalog(lang, SITE)
    note = read_labels(site).get(("", NOTE), NOTE) if site.exists() else NOTE
    for page in sorted(project.docs.rglob("*.md")):
        rel = page.relative_to(project.docs)
        store = catalog(project, lang, page.stem) if rel.parent == Path(".") else po.pofile()
        text, fallbacks[rel.as_posix()] = translate_page(page, store, lang, note)
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    for name in DATA_FILES:
        if (project.docs / name).exists():
            text = translate_data(project, name, catalog(project, lang, Path(name).stem), out)
            (out / name).write_text(text, encoding="utf-8")
    return fallbacks
