"""Page weight: what a reader's browser downloads for each page of the built site, and the
budgets it must stay within (tests/budgets.yml, checked by tests/tools/test_page_weight.py).

Computed from the built files alone, no browser: each page's HTML is parsed (lxml) for what
the browser fetches at load, namely stylesheets (print ones too: browsers download them, at low
priority), scripts, images, icons, preloads, and the resources those stylesheets name with
`url()`; Material's own script then fetches its search worker and the search index, and, with
`navigation.instant`, the sitemap: those are read from the page's `__config` JSON. Sizes are gzip-compressed (level 6) for text files, as a static host sends
them; images as they are. Data URIs cost no request.

Figures per page (bytes are compressed bytes; "requests" are files):

- `html`: the page itself;
- `own_css`, `own_js`: the site's own stylesheets and scripts (files under docs/, as opposed to
  the theme's), counted in full on every page that loads them;
- `first_load`: everything a first visit to the page downloads, theme and search index included;
- `second_page`: what the page costs after a visit to another page, whose files are cached (the
  worst case over every other page as the first one).

The module imports nothing from MkDocs; tests/tools/test_page_weight.py and `python -m
tools.page_weight SITE_DIR` (the figures as a table) use it.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from lxml import html as lxml_html

from explainer.datafile import Field, YamlData, line
from explainer.errors import SourceError

# Data -------------------------------------------------------------------------------------------

COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".bib", ".map"}
FIGURES = ("html", "own_css", "own_js", "first_load", "second_page")
UNITS = ("bytes", "requests")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
              "manifest"}
_FETCHING = ("link", "script", "img", "input", "source", "video", "audio")
BUDGET_FIX = "See tests/budgets.yml's header (CONTRIBUTING.md, 'Page weight')"


# Helper functions: what a page loads ------------------------------------------------------------


@dataclass(frozen=True)
class Resource:
    path: str  # relative to the site's root, POSIX
    kind: str  # "html", "css", "js", "image" or "data"
    bytes: int  # compressed as sent


@dataclass
class PageLoad:
    page: str  # the page's file, relative to the site's root
    resources: list[Resource] = field(default_factory=list)  # the page's HTML first

    def total(self, kinds: Iterable[str] | None = None,
              within: set[str] | None = None) -> tuple[int, int]:
        """(bytes, requests) of the resources of these kinds, among the paths `within`."""
        chosen = [r for r in self.resources
                  if (kinds is None or r.kind in kinds) and (within is None or r.path in within)]
        return sum(r.bytes for r in chosen), len(chosen)


def _refs(html: str) -> tuple[list[tuple[str, str]], str]:
    """(kind, url) of what a page makes the browser fetch at load, in document order, and the
    JSON of Material's `__config` script."""
    refs, config_json = [], ""
    for element in lxml_html.document_fromstring(html).iter(*_FETCHING):
        tag, a = element.tag, element.attrib
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if rels & _LINK_RELS and a.get("href"):
                kind = ("css" if "stylesheet" in rels
                        else "js" if a.get("as") == "script" or "modulepreload" in rels
                        else "data" if "manifest" in rels else "image")
                refs.append((kind, a["href"]))
        elif tag == "script":
            if a.get("src"):
                refs.append(("js", a["src"]))
            if a.get("id") == "__config":
                config_json = element.text or ""
        elif tag in ("img", "input") and a.get("src") and (tag == "img" or a.get("type") == "image"):
            refs.append(("image", a["src"]))
        elif tag == "source" and a.get("srcset"):
            refs.append(("image", a["srcset"].split(",")[0].split()[0]))
        elif tag in ("video", "audio") and a.get("poster"):
            refs.append(("image", a["poster"]))
    return refs, config_json


@cache
def sent_bytes(file: Path) -> int:
    """Bytes a static host sends for this file: gzip level 6 for text, as is for the rest."""
    data = file.read_bytes()
    if file.suffix.lower() in COMPRESSED:
        return len(gzip.compress(data, 6, mtime=0))
    return len(data)


def resolve(url: str, page: str, base_path: str) -> str | None:
    """The site file a URL of `page` names (relative to the site root), or None for another
    host, a data URI or a fragment."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None
        path = path[len(base_path):]
    else:
        path = posixpath.join(posixpath.dirname(page), path)
    path = posixpath.normpath(path)
    if path in (".", "") or path.endswith("/"):
        path = posixpath.join(path, "index.html") if path not in (".", "") else "index.html"
    return path.lstrip("/")


def page_load(site: Path, page: str, base_path: str = "/") -> PageLoad:
    """Every file a first visit to `page` (a path under `site`) downloads, each once."""
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    load = PageLoad(page, [Resource(page, "html", sent_bytes(site / page))])
    seen = {page}
    refs, config_json = _refs((site / page).read_text("utf-8"))
    queue = [(kind, resolve(url, page, base_path)) for kind, url in refs]
    queue += _material_fetches(config_json, page, base_path)
    while queue:
        kind, path = queue.pop(0)
        if path is None or path in seen or not (site / path).is_file():
            continue  # another host, once only, or missing (the link check reports that)
        seen.add(path)
        load.resources.append(Resource(path, kind, sent_bytes(site / path)))
        if kind == "css":
            text = (site / path).read_text("utf-8", errors="replace")
            queue += [(_kind_of(m[2]), resolve(m[2], path, base_path))
                      for m in _CSS_URL.finditer(text)]
    return load


def _material_fetches(config_json: str, page: str, base_path: str) -> list[tuple[str, str | None]]:
    """What Material's script fetches after load: the search worker and index; the sitemap,
    for instant navigation."""
    if not config_json.strip():
        return []
    config = json.loads(config_json)
    base = config.get("base", ".")
    fetches = []
    if config.get("search"):
        fetches.append(("js", resolve(config["search"], page, base_path)))
        fetches.append(("data", resolve(f"{base}/search/search_index.json", page, base_path)))
    if "navigation.instant" in config.get("features", []):
        fetches.append(("data", resolve(f"{base}/sitemap.xml", page, base_path)))
    return fetches


def _kind_of(url: str) -> str:
    suffix = posixpath.splitext(urlsplit(url).path)[1].lower()
    return {".css": "css", ".js": "js"}.get(suffix, "image")


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, 404.html included, relative to its root."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


# Helper functions: figures and budgets ----------------------------------------------------------


def figures(loads: list[PageLoad], own: set[str]) -> dict[str, dict[str, tuple[int, int]]]:
    """page -> figure -> (bytes, requests); `own` is the set of the site's own files."""
    result = {}
    for load in loads:
        paths = {r.path for r in load.resources}
        others = [o for o in loads if o.page != load.page] or [load]
        second = max(((sum(r.bytes for r in load.resources if r.path not in cached),
                       sum(1 for r in load.resources if r.path not in cached))
                      for cached in ({r.path for r in o.resources} for o in others)),
                     default=(0, 0))
        result[load.page] = {
            "html": (load.resources[0].bytes, 1),
            "own_css": load.total(["css"], own & paths),
            "own_js": load.total(["js"], own & paths),
            "first_load": load.total(),
            "second_page": second,
        }
    return result


@dataclass
class Budgets:
    limits: dict[str, dict[str, int]]  # figure -> unit -> limit, for every page
    pages: dict[str, dict[str, dict[str, int]]]  # page -> figure -> unit -> limit (exceptions)
    path: str = "tests/budgets.yml"
    languages: dict[str, int] = field(default_factory=dict)  # translation -> percent of each

    def of_language(self, lang: str) -> Budgets:
        """The budgets of a translation's pages: every limit at its `languages:` percentage."""
        percent = self.languages.get(lang, 100)
        scale = lambda figures: {f: {u: n * percent // 100 for u, n in units.items()}
                                 for f, units in figures.items()}
        return Budgets(scale(self.limits), {p: scale(f) for p, f in self.pages.items()},
                       f"{self.path}, {lang} at {percent} %")

    def limit(self, page: str, figure: str, unit: str) -> int | None:
        return self.pages.get(page, {}).get(figure, {}).get(unit,
                                                              self.limits.get(figure, {}).get(unit))


def load_budgets(text: str, path: str = "tests/budgets.yml") -> Budgets:
    """Parse and check the budgets file; raise SourceError with the line of a mistake."""
    with YamlData(text, path, fix=BUDGET_FIX) as data:
        root = _mapping(data, data.root, "expected a mapping of figures to budgets")
        data.construct(root, "the budgets")  # a key given twice anywhere fails, at its line
        found = data.fields(root, (*FIGURES, "pages", "languages"), first="html",
                            nested=["pages", "languages"])
        listed, shares = found.pop("pages", None), found.pop("languages", None)
        limits, pages, languages = _figure_limits(data, found), {}, {}
        if listed:
            for page, node in _mapping(data, listed.node, "pages: expected a mapping of page "
                                       "files to budgets").value:
                node = _mapping(data, node, "expected figures with budgets")
                pages[page.value] = _figure_limits(data, data.fields(node, FIGURES, first="html"))
        if shares:
            for lang, number in _mapping(data, shares.node, "languages: expected a mapping of "
                                         "languages to percentages").value:
                if not re.fullmatch(r"1[0-9][0-9]", str(number.value)):
                    raise SourceError(path, line(number), f"languages.{lang.value}: "
                                      f"{number.value!r} is not a percentage from 100 to 199",
                                      "Write the percentage of every budget, e.g. 110")
                languages[lang.value] = int(number.value)
    missing = [f for f in FIGURES if f not in limits]
    if missing:
        raise SourceError(path, None, f"no budget for {', '.join(missing)}",
                          f"Give every figure ({', '.join(FIGURES)}) a budget")
    return Budgets(limits, pages, path, languages)


def _mapping(data: YamlData, node: yaml.Node | None, problem: str) -> yaml.MappingNode:
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(data.path, line(node) if node else 1, problem, BUDGET_FIX)
    return node


def _figure_limits(data: YamlData, found: dict[str, Field]) -> dict[str, dict[str, int]]:
    """figure -> unit -> limit, each a whole number (YAML reads 120_000 as one)."""
    result: dict[str, dict[str, int]] = {}
    for figure, value in found.items():
        node = _mapping(data, value.node, f"{figure}: expected bytes: and/or requests:")
        result[figure] = {}
        for unit, number in data.fields(node, UNITS, first="bytes").items():
            if type(number.value) is not int or number.value < 0:
                raise SourceError(data.path, number.line, f"{figure}.{unit}: "
                                  f"{number.node.value!r} is not a whole number",
                                  "Write a number of bytes or requests, e.g. 120_000")
            result[figure][unit] = number.value
    return result


def over_budget(table: dict[str, dict[str, tuple[int, int]]], budgets: Budgets) -> list[str]:
    """One line for every figure of every page over its budget."""
    problems = []
    for page, row in table.items():
        for figure in FIGURES:
            for unit, value in zip(UNITS, row[figure]):
                limit = budgets.limit(page, figure, unit)
                if limit is not None and value > limit:
                    problems.append(f"{page}: {figure} is {value:,} {unit}, over its budget of "
                                    f"{limit:,} ({budgets.path})")
    return problems


def format_table(table: dict[str, dict[str, tuple[int, int]]]) -> str:
    lines = [f"{'page':28} " + " ".join(f"{f:>18}" for f in FIGURES),
             f"{'':28} " + " ".join(f"{'bytes, requests':>18}" for _ in FIGURES)]
    for page, row in table.items():
        lines.append(f"{page:28} " + " ".join(f"{b:>12,}, {n:>3}" for b, n in
                                              (row[f] for f in FIGURES)))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """`python -m tools.page_weight SITE_DIR [DOCS_DIR] [BASE_PATH]`: the figures."""
    site = Path(argv[0])
    docs = Path(argv[1]) if len(argv) > 1 else Path("docs")
    base = argv[2] if len(argv) > 2 else "/"
    own = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    loads = [page_load(site, page, base) for page in site_pages(site)]
    print(format_table(figures(loads, own)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
