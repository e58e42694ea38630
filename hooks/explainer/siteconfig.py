"""mkdocs.yml read as plain YAML, for the tools that run outside MkDocs (link check, content
lint, `make page`, review summary, the bench scripts): no MkDocs import, and any `!tag`
(`!ENV`, `!!python/name:`) read as nothing rather than failing."""

from __future__ import annotations

from pathlib import Path

import yaml

from explainer.errors import SourceError, yaml_error

# Helper functions -------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    def construct_yaml_timestamp(self, node):
        """A date YAML reads but the calendar lacks (`2019-02-30`) is a YAML error at its line,
        not the ValueError that datetime raises."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a date ({exc}; quote it to keep it as text)",
                node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # every tag: !ENV, !!python/


def parse_yaml(text: str) -> object:
    """YAML with any tag read as nothing; a syntax error or an impossible date raises
    yaml.YAMLError (with the line in its problem_mark)."""
    return yaml.load(text, Loader=_Loader)


def read_config(config_file: Path) -> dict:
    """The settings of mkdocs.yml. Broken YAML or an impossible date raises one SourceError
    line naming the file and the line."""
    config_file = Path(config_file)
    try:
        return parse_yaml(config_file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise yaml_error(exc, config_file.name, "Fix mkdocs.yml at that line") from None


def nav_pages(nav: object) -> list[str]:
    """Every page file (`x.md`) that a nav: lists, in order, sections included."""
    if isinstance(nav, str):
        return [] if nav.startswith(("http://", "https://")) else [nav]
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else []
    return [page for item in items for page in nav_pages(item)]


def docs_dir(root: Path, config: dict) -> Path:
    return root / str(config.get("docs_dir") or "docs")
