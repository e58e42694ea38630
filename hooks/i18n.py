"""Translated builds (mkdocs.LANG.yml): a paragraph, item, cell or heading still in English is
marked `lang="en"` and labelled for the reader ("번역 준비 중: 영어 원문"), never left looking
like a translation. A no-op for the English site (no `extra.i18n`). Logic: explainer.i18n."""

from __future__ import annotations

import logging

from explainer.i18n import mark_fallbacks

log = logging.getLogger("mkdocs.hooks.i18n")

# Hooks ------------------------------------------------------------------------------------------


def on_page_content(html, page, config, files):
    settings = (config.extra or {}).get("i18n")
    if not settings:
        return html
    html, marked = mark_fallbacks(html, config.theme["language"], settings["fallback_label"])
    if marked:
        log.info("%s: %d block(s) shown in English, marked", page.file.src_uri, marked)
    return html
