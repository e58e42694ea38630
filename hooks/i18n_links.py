"""The languages for search engines: sitemap.xml lists every page of every language this build's
folder holds, each with its hreflang alternates and x-default (overrides/sitemap.xml writes
it), and the page heads lose Material's `<link rel="alternate">` to each language's home
(overrides/main.html), which told a crawler that /ko/ is the Korean /trade/ and made Material's
JavaScript fetch every language's sitemap on every load. Languages, roots and locales come from
`extra.alternate` (each entry with lang, link and locale). Logic: explainer.i18n_links; the
link previews' og:locale: hooks/link_previews.py.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from explainer.errors import SourceError, yaml_key_lines
from explainer.i18n_links import current, languages, sitemap_entries

# Hooks ------------------------------------------------------------------------------------------


def on_config(config):
    global _languages
    _languages = site_languages(config)
    return config


def on_template_context(context, template_name, config):
    if template_name == "sitemap.xml":  # MkDocs renders the theme's template (ours: overrides/)
        pages = [(file.page.url, file.page.update_date) for file in context["pages"]
                 if file.page is not None and not file.page.is_link]
        context["sitemap_entries"] = sitemap_entries(_languages, config.site_url, pages)
    return context


# Helper functions -------------------------------------------------------------------------------


def site_languages(config) -> list:
    """explainer.i18n_links.languages of the build, or a PluginError naming mkdocs*.yml's line."""
    if not config.site_url:  # hooks/link_previews.py fails the build, saying so
        return []
    try:
        found = languages(config.extra.get("alternate"), config.site_url)
        if found and current(found, config.site_url) is None:
            raise ValueError(f"extra.alternate has no entry whose link is this site's root "
                             f"({config.site_url}). Give this language's entry the link that "
                             "leads to its own home (./ in mkdocs.yml, ../ko/ in mkdocs.ko.yml)")
    except ValueError as err:
        path = Path(config.config_file_path or "mkdocs.yml")
        try:
            line = yaml_key_lines(path.read_text(encoding="utf-8"), "extra").get("alternate")
        except OSError:
            line = None
        raise PluginError(str(SourceError(path.name, line, str(err)))) from None
    return found


# Data -------------------------------------------------------------------------------------------

_languages: list = []  # set in on_config
