"""Material's templates compiled once, not on every build (the logic, and why it is safe, is in
`explainer.template_cache`): every build's Jinja environment gets a bytecode cache, kept in
memory for `mkdocs serve` and in `.cache/templates/` for the next `mkdocs build`."""

from __future__ import annotations

from pathlib import Path

from explainer import template_cache

# Hooks ------------------------------------------------------------------------------------------


def on_env(env, config, files):
    # MkDocs compiles templates only after on_env, when it renders the pages with this env.
    return template_cache.install(env, Path(config.config_file_path).parent / template_cache.STORE)
