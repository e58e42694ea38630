"""The catalogs: English units extracted into i18n/templates/*.pot, merged into every
language's i18n/<lang>/*.po, counted.

Pages go through translate-toolkit's public Markdown reader (`translate.storage.markdown`, in
process, no line wrapping, duplicate units merged with their locations), as its md2po does. The
data files (docs/glossary.yml, timeline.yml, charts.yml, source-notes.yml, changes.yml) give only their
translatable fields, each with msgctxt `ID|FIELD` and its line (`#: docs/glossary.yml:19`), read
through `explainer.datafile` (every YAML node keeps its line); a glossary entry's `aliases` is
one unit joined with "; ". translate-toolkit's yaml2po would make units of ids, dates and
numbers and fails on timeline.yml's dates (notes: i18n-routes.md).

The merge is translate-toolkit's pot2po (`convert_stores`, public): an unchanged unit keeps its
translation, a changed one becomes `#, fuzzy` with the previous msgid, a new one is
untranslated, a removed one is kept as obsolete (`#~`): no translation is ever lost.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

# translate-toolkit warns on import that it matches fuzzy units without RapidFuzz (slower, same
# result): not a message for a contributor.
logging.getLogger("translate.search.lshtein").setLevel(logging.ERROR)
from translate.convert.convert import set_po_max_line_length  # noqa: E402
from translate.convert.pot2po import convert_stores  # noqa: E402
from translate.storage import markdown, po  # noqa: E402

from explainer.datafile import YamlData, line
from explainer.errors import SourceError
from tools.i18n import labels

# Data -------------------------------------------------------------------------------------------

# file: (key of its one list, or None for a top-level list; id field; translatable fields)
DATA_FILES = {
    "glossary.yml": ("terms", "term", ("term", "full_name", "aliases", "definition")),
    "timeline.yml": ("events", "id", ("description",)),
    "charts.yml": ("charts", "id", ("title", "caption", "category")),
    "source-notes.yml": (None, "key", ("note",)),
    "changes.yml": ("changes", "id", ("what", "why")),
}
ALIAS_JOIN = "; "
TEMPLATES = "templates"
SITE = "site"  # the site's own labels (tools/i18n/labels.py)


@dataclass(frozen=True)
class Project:
    """Where the English sources and the catalogs are (the repository, or a test's copy)."""

    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def i18n(self) -> Path:
        return self.root / "i18n"

    def languages(self) -> list[str]:
        """Every language with a folder of catalogs (i18n/<lang>/)."""
        return sorted(p.name for p in self.i18n.iterdir() if p.is_dir() and p.name != TEMPLATES)

    def catalog(self, lang: str, name: str) -> Path:
        return self.i18n / lang / f"{name}.po"


# Extraction -------------------------------------------------------------------------------------


def new_store() -> po.pofile:
    store = po.pofile()
    store.init_headers(charset="UTF-8", encoding="8bit")
    return store


def page_units(project: Project, page: Path) -> po.pofile:
    """The units of one Markdown page, duplicates merged (md2po's `--duplicates merge`)."""
    source = io.BytesIO(page.read_bytes())
    source.name = page.relative_to(project.root).as_posix()
    parsed = markdown.MarkdownFile(inputfile=source, max_line_length=None)
    store = new_store()
    for unit in parsed.units:
        added = store.addsourceunit(unit.source)
        added.addlocations(unit.getlocations())
    store.removeduplicates("merge")
    return store


def data_entries(project: Project, name: str) -> list[tuple[str, str, int, str]]:
    """(msgctxt, text, line, field) of every translatable field of a data file, in file order."""
    key, ident, fields = DATA_FILES[name]
    rel = f"docs/{name}"
    with YamlData((project.docs / name).read_text(encoding="utf-8"), rel) as data:
        root = data.root
        items = root if key is None else next((v for k, v in root.value if k.value == key), None)
        if not isinstance(items, yaml.SequenceNode):
            raise SourceError(rel, line(root), "no list of entries",
                              "Run the strict build: it names the problem")
        found = []
        for item in items.value:
            nodes = {k.value: v for k, v in item.value}
            entry_id = str(data.construct(nodes[ident], ident))
            for field in fields:
                node = nodes.get(field)
                if node is None:
                    continue
                value = data.construct(node, field)
                if field == "aliases":
                    value = ALIAS_JOIN.join(str(v) for v in value)
                found.append((f"{entry_id}|{field}", " ".join(str(value).split()), line(node),
                              field))
            for si, series in enumerate(getattr(nodes.get("series"), "value", [])):
                snodes = {k.value: v for k, v in series.value}
                if "label" in snodes:
                    found.append((f"{entry_id}|series[{si}].label", snodes["label"].value,
                                  line(snodes["label"]), "label"))
                for vi, val in enumerate(getattr(snodes.get("values"), "value", [])):
                    vnodes = {k.value: v for k, v in val.value}
                    if "label" in vnodes:
                        found.append((f"{entry_id}|series[{si}].values[{vi}].label",
                                      vnodes["label"].value, line(vnodes["label"]), "label"))
        return found


def data_units(project: Project, name: str) -> po.pofile:
    store = new_store()
    for context, text, lineno, _field in data_entries(project, name):
        unit = store.addsourceunit(text)
        unit.setcontext(context)
        unit.addlocation(f"docs/{name}:{lineno}")
    return store


def templates(project: Project) -> dict[str, po.pofile]:
    """Every template, by name, freshly extracted from docs/ (and the editions' labels)."""
    stores = {p.stem: page_units(project, p) for p in sorted(project.docs.glob("*.md"))}
    for name in DATA_FILES:
        if (project.docs / name).exists():
            stores[Path(name).stem] = data_units(project, name)
    if (project.root / "hooks").is_dir():
        stores[SITE] = labels.template(project.root, new_store())
    return stores


def stale_labels(project: Project) -> list[str]:
    """One line if i18n/templates/site.pot lacks a label the code or mkdocs.yml now gives (or
    keeps one they dropped): a label missing from the catalogs is shown in English, unmarked,
    in every language (a page's changed unit is shown in English too, but marked: an English
    change to the pages never fails this)."""
    path = project.i18n / TEMPLATES / f"{SITE}.pot"
    ids = [{(u.getcontext() or "", u.source) for u in store.units if not u.isheader()}
           for store in (labels.template(project.root, new_store()),
                         po.pofile.parsefile(str(path)) if path.is_file() else new_store())]
    if ids[0] == ids[1]:
        return []
    return [f"{path.relative_to(project.root).as_posix()}: out of date ({len(ids[0] - ids[1])} "
            f"label(s) new, {len(ids[1] - ids[0])} gone). Run `make translations`"]


NO_WRAP = 10**9  # lines break only after "\n", as `msgcat --no-wrap` writes them
STAMP = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): [^"]*"\n', re.M)


def write(store: po.pofile, path: Path) -> bool:
    """Write a catalog without line wrapping; False (file untouched) if only its dates would
    change, so that `update` after no English change changes no file."""
    set_po_max_line_length(store, NO_WRAP)
    out = io.BytesIO()
    store.serialize(out)
    data = out.getvalue()
    if path.exists() and STAMP.sub(b"", path.read_bytes()) == STAMP.sub(b"", data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


# Merge ------------------------------------------------------------------------------------------


def merge(template: po.pofile, old: po.pofile | None, lang: str) -> po.pofile:
    """The language's catalog for a template: pot2po of the new template with the old PO as
    translation memory (changed units fuzzy with `#| msgid`, removed ones obsolete)."""
    fresh = po.pofile.parsestring(bytes(template))
    merged = convert_stores(fresh, old) if old is not None else fresh
    merged.updateheader(add=True, Language=lang, Plural_Forms="nplurals=1; plural=0;")
    return merged


def update(project: Project, langs: list[str] | None = None) -> list[str]:
    """Regenerate the templates and merge them into each language: the files changed."""
    changed = []
    for name, store in templates(project).items():
        pot = project.i18n / TEMPLATES / f"{name}.pot"
        if write(store, pot):
            changed.append(str(pot.relative_to(project.root)))
        for lang in langs or project.languages():
            path = project.catalog(lang, name)
            old = po.pofile.parsefile(str(path)) if path.exists() else None
            if write(merge(store, old, lang), path):
                changed.append(str(path.relative_to(project.root)))
    return changed


# Counts -----------------------------------------------------------------------------------------


def counts(store: po.pofile) -> tuple[int, int, int]:
    """(translated, fuzzy, untranslated) units of a catalog; the header and obsolete units
    are not counted."""
    units = [u for u in store.units if not u.isheader() and not u.isobsolete()]
    translated = sum(1 for u in units if u.istranslated())
    fuzzy = sum(1 for u in units if u.isfuzzy() and u.target)
    return translated, fuzzy, len(units) - translated - fuzzy


def stats(project: Project) -> dict[str, tuple[int, int, int]]:
    """Per language, the sums over its catalogs."""
    result = {}
    for lang in project.languages():
        total = [0, 0, 0]
        for path in sorted((project.i18n / lang).glob("*.po")):
            for i, n in enumerate(counts(po.pofile.parsefile(str(path)))):
                total[i] += n
        result[lang] = tuple(total)
    return result
