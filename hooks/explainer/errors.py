"""The one error type for bad input that a contributor can fix (no MkDocs imports)."""

from __future__ import annotations

from pathlib import Path

import yaml


class SourceError(Exception):
    """A problem in a file a contributor edits: where it is, what is wrong, what to do.

    str() gives one line: ``path:line: problem. fix`` (``path: ...`` when the line is unknown).
    Hooks turn it into a logged error or a `PluginError`, never a traceback.
    """

    def __init__(self, path: str, line: int | None, problem: str, fix: str = "") -> None:
        self.path, self.line, self.problem, self.fix = path, line, problem, fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.problem}"
        return f"{text}. {self.fix}" if self.fix else text


def yaml_error(exc: yaml.YAMLError, path: str, fix: str, *, first_line: int = 1) -> SourceError:
    """A YAML parse error of a contributor's file as one SourceError line, with the line where
    the parser gave up and, where it knows it, where the enclosing block started.

    `first_line`: the file line of the YAML text's first line (front matter starts on line 2).
    """
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or context or str(exc)
    if context and context_mark and getattr(exc, "problem_mark", None):
        problem += f" ({context} that starts on line {context_mark.line + first_line})"
    return SourceError(path, mark.line + first_line if mark else None,
                       f"YAML syntax error: {problem}", fix)


def display_path(path: str | Path, root: str | Path) -> str:
    """A path as a contributor types it: relative to the project folder (that of mkdocs.yml),
    with forward slashes; unchanged if it lies outside."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def yaml_key_lines(text: str, *path: str) -> dict[str, int]:
    """The line (from 1) of each key of the YAML mapping at `path` (the top level when empty);
    {} where there is none. Composes without constructing, so tags such as MkDocs' !ENV or
    !!python/name:... need no loader."""
    try:  # libyaml where PyYAML has it: mkdocs.yml is read so on every build
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    for key in path:
        if not isinstance(node, yaml.MappingNode):
            return {}
        node = next((value for name, value in node.value
                     if isinstance(name, yaml.ScalarNode) and name.value == key), None)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {name.value: name.start_mark.line + 1 for name, _ in node.value
            if isinstance(name, yaml.ScalarNode)}
