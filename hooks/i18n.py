"""Translated builds (mkdocs.LANG.yml, whose `extra.i18n.catalog` names the language's
i18n/LANG/site.po): the site's own labels from that catalog (explainer.i18n's `_()`: "Cited
in", the Timeline's filter, dates, the site's name, the navigation...), and every paragraph,
item, cell or heading still in English marked `lang="en"` and labelled for the reader ("번역
준비 중: 영어 원문"), never left looking like a translation. A no-op for the English site (no
`extra.i18n`). Logic: explainer.i18n."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from explainer.errors import SourceError
from explainer.i18n import (_, mark_fallbacks, note_quotations, read_labels, translate_config,
                            use_labels)

log = logging.getLogger("mkdocs.hooks.i18n")

# Hooks ------------------------------------------------------------------------------------------


# Priority 200: before every other hook's on_config, so that all of them see the translated
# site_name and labels.
@event_priority(200)
def on_config(config):
    settings = (config.extra or {}).get("i18n")
    use_labels({})  # `mkdocs serve` and the tests build several sites in one process
    if not settings:
        return config
    path = Path(config.config_file_path).parent / settings["catalog"]
    if not path.is_file():
        raise PluginError(f"{config.config_file_path}: extra.i18n.catalog {settings['catalog']!r}"
                          " is not a file. Run `python -m tools.i18n update`")
    try:
        use_labels(read_labels(path))
    except SourceError as err:
        raise PluginError(str(err)) from None
    translate_config(config)
    # overrides/404.html shows it (Material's own 404.html has its English heading).
    settings["not_found"] = _("404 - Not found")
    return config


def on_page_content(html, page, config, files):
    if not (config.extra or {}).get("i18n"):
        return html
    html, marked = mark_fallbacks(html, config.theme["language"],
                                  _("Not yet translated: the English original"))
    if marked:
        log.info("%s: %d block(s) shown in English, marked", page.file.src_uri, marked)
    english = next((a["link"] for a in config.extra.get("alternate") or []
                    if a.get("lang") == "en"), None)
    if english is not None:  # its link is relative to this site's root
        url = "../" * page.url.count("/") + english + page.url
        html = note_quotations(
            html, config.theme["language"],
            _("The quotations on this page are the site's translation."),
            _("The originals are on the English page."), url)
    return html


def on_post_build(config):
    # The labels are this build's: whatever runs next in the process (another site's build, a
    # test calling a renderer) starts in English.
    use_labels({})
