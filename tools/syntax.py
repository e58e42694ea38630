"""YAML and BibTeX syntax of the files being committed (pre-commit), one line per problem.

YAML files (the data under docs/, mkdocs.yml, the workflows, the tools' settings) must parse,
and no mapping may give a key twice (PyYAML would keep the last value without a word). The YAML
is composed, not constructed: mkdocs.yml's tags (`!ENV`, `!!python/name:`) are accepted, and a
value such as `date: 2019-02-30` is left to the file's own rules (the build checks it). A .bib
file goes through the same reader as the build (`explainer.bibliography`): syntax, duplicate
keys, the fields each type needs. The build checks all of this too; this is the fast answer
before a commit.
`python -m tools.syntax FILE...`
"""

from __future__ import annotations

import sys
from pathlib import Path

from explainer.bibliography import load_bibliography
from explainer.datafile import YamlData, check_repeated
from explainer.errors import SourceError
from tools.lint import Problem, lower_first

# Data -------------------------------------------------------------------------------------------

YAML_FIX = "Fix the YAML there or just above (indentation, a quote or a colon)"

# Helper functions -------------------------------------------------------------------------------


def check_file(path: Path, shown: str) -> list[Problem]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [Problem(shown, 1, "not UTF-8 text", "save it as UTF-8")]
    try:
        if path.suffix in (".yml", ".yaml"):
            with YamlData(text, shown, fix=YAML_FIX) as data:  # composed: mkdocs.yml's tags are fine
                check_repeated(data.root, shown)
        elif path.suffix == ".bib":
            load_bibliography(text, shown)
    except SourceError as err:
        fix = lower_first(err.fix or "fix the entry")
        return [Problem(shown, err.line or 1, err.problem, fix)]
    return []


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    problems = [p for name in args for p in check_file(Path(name), Path(name).as_posix())]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
