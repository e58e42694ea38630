"""Structured data: every page (not 404.html) carries a schema.org JSON-LD description, which
overrides/main.html writes from `structured_data`: the page as an Article (or the type mkdocs.yml
gives it), the article it is based on, the sources it cites. Logic and the properties:
explainer.structured_data.

At the end of the body (Material's `scripts` block), not in the head: search engines read
JSON-LD anywhere in a page, and there it sits after the notes, which hold the same titles and
URLs, so gzip sends it for about half the bytes (Trade +549 bytes against +1,305 in the head,
the Timeline +874 against +2,149), and it does not come before the text in the first bytes.

Settings, in mkdocs.yml under `extra: structured_data:`: `license` (the URL of the licence of
the site's text) and `types` (page file -> schema.org type, one of
explainer.structured_data.PAGE_TYPES; pages not named are Articles, names of no page are
ignored). A missing licence or an unknown type fails the build in one line.

One source of truth: the article is made from `config.extra["citation_meta"]`, the tags
hooks/cite_this_page.py sets from refs.bib and the head carries; the sources from
mkdocs-bibtex's parse of refs.bib. `dateModified` is the page's last change as hooks/page_history.py
found it in git, left out where the date is unknown (built without git history: the page then
shows the build's date, said as such, which is no modification date).
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from explainer import structured_data as sd
from explainer.errors import SourceError, yaml_key_lines

# Hooks ------------------------------------------------------------------------------------------


def on_config(config):
    global _settings
    _settings = settings = config.extra.get("structured_data") or {}
    license_url = settings.get("license")
    if not isinstance(license_url, str) or not license_url.startswith("https://"):
        _fail(config, "license", "extra.structured_data.license is missing or not an https URL",
              "Set it to the URL of the licence of the site's text")
    for name, kind in (settings.get("types") or {}).items():
        if kind not in sd.PAGE_TYPES:
            _fail(config, "types", f"extra.structured_data.types: '{kind}' ({name}) is not one "
                  f"of {', '.join(sd.PAGE_TYPES)}", "Use one of them")
    return config


def on_page_context(context, page, config, nav):
    registry = config.plugins["bibtex"].registry
    article_key = config.extra["cite"]["article_key"]
    if not config.extra.get("citation_meta"):
        raise PluginError("mkdocs.yml: hooks/structured_data.py needs hooks/cite_this_page.py "
                          "(the article's citation_* tags) in hooks:")
    article = sd.article(config.extra["citation_meta"])
    # The keys hooks/citations.py read from the page's note markers, in page order.
    citations = [article if key == article_key else sd.source(registry.bib_data.entries[key])
                 for key in page.meta.get("cited_keys", [])]
    title = config.site_name if page.is_homepage else (page.title or config.site_name)
    data = sd.page_data(
        kind=(_settings.get("types") or {}).get(page.file.src_uri, "Article"),
        headline=Markup(title).striptags(), url=page.canonical_url,
        language=config.theme["language"], site_name=config.site_name,
        site_url=config.site_url, contributors=config.site_author or config.site_name,
        license_url=_settings["license"], date_modified=_date_modified(page),
        article=article, citations=citations)
    context["structured_data"] = Markup(sd.script_text(data))
    return context


# Helper functions -------------------------------------------------------------------------------


def _date_modified(page) -> str | None:
    history = page.meta.get("page_history")
    return history.iso_date if history is not None and history.date_known else None


def _fail(config, key: str, problem: str, fix: str):
    config_file = Path(config.config_file_path)
    lines = yaml_key_lines(config_file.read_text(encoding="utf-8"), "extra", "structured_data")
    raise PluginError(str(SourceError(config_file.name, lines.get(key), problem, fix)))


# Data -------------------------------------------------------------------------------------------

_settings: dict = {}
