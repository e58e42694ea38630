"""The content lint: what a reviewer would otherwise point out by hand, one line per problem,
`docs/page.md:LINE: problem: what to do`.

- Spelling, by typos (`typos.toml`: settings and the project word list), in the pages, the data
  files under docs/ (glossary, source notes, timeline, charts) and mkdocs.yml. typos knows
  common misspellings and names the correction ("'recieve' is misspelt: write 'receive'").
- Markdown structure, by pymarkdownlnt (`.pymarkdown.yml`, one reason per rule turned off): no
  skipped heading level, one H1, no bare URL in prose, and its other rules.
- Placeholder text left from the page template of `make page` (`explainer.page_template`).
- Front matter: a `description:` of at most 160 characters (`explainer.page_meta`), at its line.
- CITATION.cff: valid, and saying what mkdocs.yml, LICENSE and refs.bib say (`tools.release`).

A page left out of nav: is MkDocs' own check (mkdocs.yml's `validation: omitted_files: warn`,
which the strict build of `make check` and `make test` turns into a failure).

Run by `make check` and by tests/tools/test_lint.py (so `make test` fails too), and on the files being
committed by pre-commit: `python -m tools.lint [FILE...]` (no file: the whole site).
No MkDocs import: the tests run it on fixture folders.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from explainer.errors import SourceError
from explainer.page_meta import check_description, read_front_matter
from explainer.page_template import FIX as PLACEHOLDER_FIX
from explainer.page_template import find_placeholders
from explainer.siteconfig import docs_dir, read_config

# Data -------------------------------------------------------------------------------------------

SPELLING_CONFIG = "typos.toml"
MARKDOWN_CONFIG = ".pymarkdown.yml"
DATA_SUFFIXES = (".yml", ".yaml")
_LEVELS = re.compile(r"Expected: h(\d); Actual: h(\d)")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}: {self.fix}"


class LintError(RuntimeError):
    """A checker could not run (not a problem of the content): one line saying what to do."""


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# Helper functions: the tools --------------------------------------------------------------------


def tool(name: str) -> str:
    """A tool installed beside this Python (the venv's, from requirements.txt), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise LintError(f"{name} not found: run `make` (it installs requirements.txt)")
    return found


def spelling(root: Path, files: list[str]) -> list[Problem]:
    """typos over `files` (paths relative to root)."""
    if not files:
        return []
    command = [tool("typos"), "--format", "json", "--no-check-filenames", "--color", "never"]
    if (root / SPELLING_CONFIG).exists():
        command += ["--config", SPELLING_CONFIG]
    result = subprocess.run([*command, "--", *files], cwd=root, capture_output=True, text=True,
                            check=False)
    if result.returncode not in (0, 2):
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise LintError(f"typos failed (exit {result.returncode}): {last}")
    problems = []
    for line in result.stdout.splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if item.get("type") != "typo":
            continue
        word, corrections = item["typo"], item.get("corrections") or []
        path = Path(item["path"]).as_posix().removeprefix("./")
        if corrections:
            quoted = [f"'{c}'" for c in corrections]
            choice = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
            fix = (f"write {choice}; if '{word}' is a name, add it to the word list in "
                   f"{SPELLING_CONFIG}")
        else:
            fix = "reword it (the word list in typos.toml forbids it)"
        problems.append(Problem(path, item["line_num"], f"'{word}' is misspelt", fix))
    return problems


# pymarkdownlnt's rules, said as this site would: (problem, what to do).
_RULES = {
    "md001": ("heading skips a level ({actual} after {above})",
              "make it {expected} ({hashes}), or add the missing level above it"),
    "md025": ("a second H1 (the page's title is its only '# ' heading)",
              "make it '## ' or lower"),
    "md034": ("bare URL in the text",
              "link it from words, as [the ministry's statement](https://...), or cite the "
              "source with [@key]"),
    "md041": ("the page does not open with its title",
              "put '# Title' on the first line after the front matter"),
    "md060": ("table row spaced unlike the rest of its table",
              "write every row of the table as | cell | cell |, one space inside each pipe"),
}


def _markdown_problem(rule: str, name: str, description: str, extra: str | None) -> tuple[str, str]:
    if rule in _RULES:
        problem, fix = _RULES[rule]
        levels = _LEVELS.search(extra or "")
        if levels:
            expected, actual = int(levels[1]), int(levels[2])
            values = {"expected": f"h{expected}", "actual": f"h{actual}",
                      "above": f"h{expected - 1}", "hashes": "#" * expected}
            problem, fix = problem.format(**values), fix.format(**values)
        return f"{problem} ({rule.upper()})", fix
    detail = f" {extra.strip()}" if extra else ""
    return (f"{description.rstrip('.')}{detail} ({rule.upper()} {name.split(',')[0]})",
            f"see rule {rule} in the pymarkdownlnt documentation, or {MARKDOWN_CONFIG}")


def markdown(root: Path, pages: list[str]) -> list[Problem]:
    """pymarkdownlnt over `pages` (paths relative to root), with the site's configuration."""
    from pymarkdown.api import PyMarkdownApi, PyMarkdownApiException

    problems = []
    for page in pages:
        api = PyMarkdownApi().enable_strict_configuration()
        if (root / MARKDOWN_CONFIG).exists():
            api = api.configuration_file_path(str(root / MARKDOWN_CONFIG))
        try:
            result = api.scan_path(str(root / page))
        except PyMarkdownApiException as exc:
            raise LintError(f"pymarkdownlnt failed on {page}: {exc}") from None
        for failure in result.scan_failures:
            problem, fix = _markdown_problem(failure.rule_id.lower(), failure.rule_name,
                                             failure.rule_description,
                                             failure.extra_error_information)
            problems.append(Problem(page, failure.line_number, problem, fix))
    return problems


# Helper functions: the site's own rules ---------------------------------------------------------


def placeholders(root: Path, pages: list[str]) -> list[Problem]:
    problems = []
    for page in pages:
        for found in find_placeholders((root / page).read_text(encoding="utf-8")):
            problems.append(Problem(page, found.line, found.problem(),
                                    lower_first(PLACEHOLDER_FIX)))
    return problems


def front_matter(root: Path, pages: list[str]) -> list[Problem]:
    """Each page's description, reported at its line (the build's own check, explainer.page_meta,
    which can only say line 1)."""
    problems = []
    for page in pages:
        try:
            meta, line = read_front_matter((root / page).read_text(encoding="utf-8"), page)
            check_description(meta, page, line)
        except SourceError as err:
            problems.append(Problem(page, err.line or 1, err.problem, lower_first(err.fix)))
    return problems


# Helper functions: what to lint -----------------------------------------------------------------


@dataclass
class Targets:
    pages: list[str]  # Markdown pages under docs/: every rule
    text: list[str]  # everything spell-checked: pages, data files, mkdocs.yml


def site_targets(root: Path, config: dict) -> Targets:
    docs = docs_dir(root, config)
    rel = [p.relative_to(root).as_posix() for p in sorted(docs.rglob("*")) if p.is_file()]
    pages = [p for p in rel if p.endswith(".md")]
    data = [p for p in rel if p.endswith(DATA_SUFFIXES)]
    config_file = ["mkdocs.yml"] if (root / "mkdocs.yml").exists() else []
    return Targets(pages, pages + data + config_file)


def file_targets(root: Path, config: dict, files: list[str]) -> Targets:
    """Files named on the command line (pre-commit): pages under docs/ get every rule; other
    Markdown and YAML files, spelling only."""
    docs = docs_dir(root, config).resolve()
    pages, text = [], []
    for name in files:
        path = (root / name).resolve()
        if not path.is_file():
            continue
        rel = path.relative_to(root.resolve()).as_posix()
        if path.suffix == ".md" and docs in path.parents:
            pages.append(rel)
        if path.suffix in (".md", *DATA_SUFFIXES):
            text.append(rel)
    return Targets(pages, text)


def lint(root: Path, files: list[str] | None = None) -> list[Problem]:
    """Every problem of the site (or of `files`), sorted by file and line."""
    root = Path(root)
    config = read_config(root / "mkdocs.yml") if (root / "mkdocs.yml").exists() else {}
    targets = site_targets(root, config) if files is None else file_targets(root, config, files)
    meta = front_matter(root, targets.pages)
    # A page whose front matter is not YAML is not Markdown to pymarkdownlnt either: its
    # findings there would only repeat the one problem.
    unreadable = {p.path for p in meta if p.problem.startswith("front matter is not valid")}
    problems = (spelling(root, targets.text)
                + markdown(root, [p for p in targets.pages if p not in unreadable])
                + placeholders(root, targets.pages) + meta)
    if files is None:
        from tools.release import citation_problems  # cffconvert, only for the whole site
        problems += citation_problems(root)
    return sorted(set(problems))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        problems = lint(Path.cwd(), args or None)
    except (LintError, SourceError, yaml.YAMLError) as exc:
        print(f"content lint: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s): CONTRIBUTING.md, 'Content lint', says what each "
              "means.", file=sys.stderr)
    else:
        print("content lint: no problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
