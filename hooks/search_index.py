"""The search index holds each page's text, not its notes list and note markers (the reasons,
and how the page stays byte for byte the same, are in `explainer.search_index`): they are set
aside while Material's search plugin reads the page, and put back before it is written."""

from __future__ import annotations

from mkdocs.plugins import event_priority

from explainer.search_index import OutOfSearchExtension, put_back, set_aside

# Hooks ------------------------------------------------------------------------------------------


def on_config(config):
    _set_aside.clear()
    config.markdown_extensions.append(OutOfSearchExtension())
    return config


# Priority -100: last, after every hook that adds to the page's HTML.
@event_priority(-100)
def on_page_content(html, page, config, files):
    html, _set_aside[page.file.src_uri] = set_aside(html)
    return html


# Priority -100: after the search plugin's on_page_context (priority 0), which indexes the page;
# before the page's template is rendered.
@event_priority(-100)
def on_page_context(context, page, config, nav):
    page.content = put_back(page.content, _set_aside.pop(page.file.src_uri, []))
    return context


# Data -------------------------------------------------------------------------------------------

# page's src_uri -> its pieces set aside, from on_page_content to on_page_context
_set_aside: dict[str, list[str]] = {}
