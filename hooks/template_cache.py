"""Material's templates compiled once, not on every build (the logic, and why it is safe, is in
`explainer.template_cache`): every Jinja environment the theme makes gets a bytecode cache, kept
in memory for `mkdocs serve` and in `.cache/templates/` for the next `mkdocs build`."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from explainer import template_cache

# Hooks ------------------------------------------------------------------------------------------


# Priority 100: before Material's search plugin's on_config, which compiles its language
# partials three times, each in a new environment of the theme's, long before on_env.
@event_priority(100)
def on_config(config):
    store = Path(config.config_file_path).parent / template_cache.STORE
    template_cache.cache_every_environment(config.theme, store)
    return config
