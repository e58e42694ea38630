"""mkdocs.yml read as plain YAML, for the tools that run outside MkDocs (link check, content
lint, `make page`, review summary): no MkDocs import, and any `!tag` (`!ENV`,
`!!python/name:`) read as nothing rather than failing."""

from __future__ import annotations

from pathlib import Path

import yaml

# Helper functions -------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # every tag: !ENV, !!python/


def parse_yaml(text: str) -> object:
    """YAML with any tag read as nothing; a syntax error raises yaml.YAMLError."""
    return yaml.load(text, Loader=_Loader)


def read_config(config_file: Path) -> dict:
    """The settings of mkdocs.yml; a YAML syntax error raises yaml.YAMLError."""
    return parse_yaml(Path(config_file).read_text(encoding="utf-8")) or {}


def nav_pages(nav: object) -> list[str]:
    """Every page file (`x.md`) that a nav: lists, in order, sections included."""
    found: list[str] = []
    if isinstance(nav, str):
        if not nav.startswith(("http://", "https://")):
            found.append(nav)
    elif isinstance(nav, list):
        for item in nav:
            found += nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            found += nav_pages(value)
    return found


def docs_dir(root: Path, config: dict) -> Path:
    return root / str(config.get("docs_dir") or "docs")
