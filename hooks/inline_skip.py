"""Python-Markdown's inline passes skip the text they cannot change: note markers' numbers, the
notes list's placeholders and newlines, and, for smart quotes, text without a quote, dash or full
stop (what is skipped and why, and how the page stays byte for byte the same, is in
`explainer.inline_skip`)."""

from __future__ import annotations

from explainer.inline_skip import InlineSkipExtension

# Hooks ------------------------------------------------------------------------------------------


def on_config(config):
    # Appended after mkdocs.yml's markdown_extensions, so after footnotes and smarty, whose
    # processors it takes over under their own names.
    config.markdown_extensions.append(InlineSkipExtension())
    return config
