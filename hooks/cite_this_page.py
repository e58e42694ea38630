"""Cite this site and the article: a "Cite this page" block at the foot of every page, the
article's `citation_*` meta tags (rendered by overrides/main.html), and downloads of all
references as BibTeX (`refs.bib`) and CSL-JSON (`references.json`).

Every page, the generated Glossary and Timeline included (not 404.html), ends with the block: the
page in Chicago style (`site_author`, or `site_name` without one; the page's title; `site_name`;
`extra.cite.year`, the site's edition; the canonical URL), the same as a BibTeX `@online` entry
(keyed `explainer2026trade` and so on), the article's reference as the notes give it, and the two
downloads: `refs.bib` as it is, and `references.json`, which pandoc writes in its one run over
refs.bib (`explainer.formatting`, kept by content like the notes). The Highwire Press `citation_*`
tags (title, authors, date, journal, volume and issue when given, `citation_public_url`: the
article's online copy), which Zotero and scholarly indexers read, are on every page and 404.html.

The formatting lives in `explainer.citing`; the article's data comes from its refs.bib entry
(key: `extra.cite.article_key` in mkdocs.yml), so there is one source of truth. A missing
setting, an unknown key, an article entry without title, journal or date, or a refs.bib pandoc
cannot convert fails the build with one line. Build flow: `on_files` adds both downloads (the
first to ask for pandoc's run, so it runs here); `on_pre_build` reads the article's entry from
mkdocs-bibtex's parse; `on_nav` (after hooks/citations.py's) its formatted reference, once for
all pages; `on_page_content` appends the block.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from mkdocs_bibtex.citation import Citation, CitationBlock

from explainer import citing, formatting, memo, revision
from explainer.bibliography import reference_html
from explainer.errors import SourceError

# Hooks ------------------------------------------------------------------------------------------


def on_files(files, config):
    bib_path = _bib_path(config)
    files.append(File.generated(config, BIB_DOWNLOAD, abs_src_path=str(bib_path)))
    try:
        csl_json = _csl_json(config)
    except RuntimeError as err:
        raise PluginError(f"{bib_path.name}: pandoc cannot format it: {err}") from None
    files.append(File.generated(config, CSL_DOWNLOAD, content=csl_json))
    return files


def on_pre_build(config):
    # After every on_config: mkdocs-bibtex has parsed refs.bib by now. What every page's block
    # shares (the site's citation, the article's formatted reference) is made here and in
    # on_nav, once.
    global _site
    settings = _settings(config)
    key = settings["article_key"]
    registry = config.plugins["bibtex"].registry
    if key not in registry.bib_data.entries:
        raise PluginError(f"mkdocs.yml: extra.cite.article_key '{key}' is not a key of refs.bib")
    try:
        config.extra["citation_meta"] = citing.article_meta(registry.bib_data.entries[key], key)
    except SourceError as err:
        raise PluginError(str(err)) from None
    _site = citing.SiteCitation(authors=config.site_author or config.site_name,
                                site_name=config.site_name, year=str(settings["year"]))


def on_nav(nav, config, files):
    # After hooks/citations.py's on_nav (priority 100), which gives the registry every entry
    # formatted by pandoc: then a no-op; formats the article's entry if that hook is ever gone.
    global _article_html
    key = _settings(config)["article_key"]
    registry = config.plugins["bibtex"].registry
    registry.validate_citation_blocks([CitationBlock(citations=[Citation(key=key)])])
    _article_html = reference_html(registry.reference_text(Citation(key=key)))
    return nav


def on_page_content(html, page, config, files):
    url = page.canonical_url or page.abs_url or page.url
    downloads = [(label, get_relative_url(name, page.url)) for label, name in DOWNLOADS]
    block = citing.cite_block(_site, page.title or config.site_name, url,
                              citing.page_key(page.url.strip("/"), _site.year), _article_html,
                              downloads, _page_version(page, config))
    return html + "\n" + block


# Helper functions -------------------------------------------------------------------------------


def _settings(config) -> dict:
    settings = config.extra.get("cite")
    if not isinstance(settings, dict) or not settings.get("article_key") or not settings.get("year"):
        raise PluginError("mkdocs.yml: hooks/cite_this_page.py needs extra.cite.article_key "
                          "(the article's refs.bib key) and extra.cite.year")
    return settings


def _page_version(page, config) -> citing.PageVersion:
    """The page's last change and the site's version, as hooks/page_history.py found them (in
    page.meta and config.extra), where known."""
    history, version = page.meta.get("page_history"), config.extra.get("site_version")
    if history is None:
        return citing.PageVersion()
    dated = {"iso_date": history.iso_date, "date": history.date} if history.date_known else {}
    if version is None:
        return citing.PageVersion(**dated)
    link = revision.permalink(config.repo_url, version, history.sources[0]) \
        if config.repo_url else ""
    return citing.PageVersion(**dated, commit=version.short,
                              local_changes=version.local_changes, permalink=link)


def _csl_json(config) -> str:
    """refs.bib as CSL-JSON, from pandoc's one run over it (explainer.formatting, which also
    formats the sources for hooks/citations.py, with the CSL style that hook resolved), kept
    while refs.bib, the style and pandoc are the same. A refs.bib that cannot be read is reported by
    hooks/citations.py; here it gives an empty result."""
    try:
        text = _bib_path(config).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    root = Path(config.config_file_path).parent
    csl = Path(config.plugins["bibtex"].config.csl_file or "")
    if not (root / csl).is_file():
        raise PluginError("mkdocs.yml: hooks/cite_this_page.py needs hooks/citations.py before "
                          "it (it resolves the bibtex plugin's csl_file)")
    return formatting.formatted(text, str(root / csl), root / memo.STORE)["csl_json"]


def _bib_path(config) -> Path:
    return Path(config.config_file_path).parent / config.plugins["bibtex"].config.bib_file


# Data -------------------------------------------------------------------------------------------

BIB_DOWNLOAD = "refs.bib"
CSL_DOWNLOAD = "references.json"
DOWNLOADS = [("BibTeX", BIB_DOWNLOAD), ("CSL-JSON", CSL_DOWNLOAD)]
_site: citing.SiteCitation  # set in on_pre_build, for every page of the build
_article_html: str  # set in on_nav
