"""The one error type for bad input that a contributor can fix."""

from __future__ import annotations


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
