"""The workflow lint: the GitHub Actions workflows are safe and run what the README documents.

- zizmor (PyPI wheel, `--offline`: no GitHub API) audits .github/ (workflows and
  dependabot.yml) and .pre-commit-config.yaml: unpinned actions, broad permissions, checkouts
  that keep their credentials, template injection, cache poisoning and the rest of its offline
  audits. Every finding is a problem, one line each.
- Each workflow parses as YAML, and every `make TARGET` it runs is a target of the Makefile that
  README.md documents, so CI runs what a contributor runs.

What the workflows keep to: every action pinned to a full commit SHA with its release in a
comment, `contents: read` only (the deploy job alone may write to Pages, in the `github-pages`
environment; release.yml grants nothing but `contents: write` to the job that creates the
release, which checks out nothing), and no credentials kept in a checkout. Dependabot (.github/dependabot.yml)
proposes updates of the Python packages, the actions and the npm tools weekly, each release a
week after it is out; linkcheck.yml runs `make linkcheck-external` weekly.

Run by tests/tools/test_workflows.py, `make check` and pre-commit: `python -m tools.workflows`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from explainer.errors import yaml_error
from tools.lint import Problem, tool

# Data -------------------------------------------------------------------------------------------

WORKFLOWS = ".github/workflows"
AUDITED = [".github", ".pre-commit-config.yaml"]
_MAKE = re.compile(r"(?<![\w-])make[ \t]+(.*)")
_WORD = re.compile(r"^[A-Za-z][\w-]*$")
_TARGET = re.compile(r"^([A-Za-z][\w-]*(?:[ \t]+[A-Za-z][\w-]*)*)[ \t]*:(?!=)", re.M)


class WorkflowLintError(RuntimeError):
    """zizmor could not run: one line saying what to do."""


# Helper functions -------------------------------------------------------------------------------


def zizmor(root: Path) -> list[Problem]:
    """zizmor --offline over .github/ and the pre-commit configuration (AUDITED), one Problem
    per finding."""
    inputs = [name for name in AUDITED if (root / name).exists()]
    if not inputs:
        return []
    command = [tool("zizmor"), "--offline", "--format", "json", "--no-progress", *inputs]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    try:
        findings = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        findings = None
    if findings is None or (result.returncode != 0 and not findings):
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise WorkflowLintError(f"zizmor failed (exit {result.returncode}): {last}")
    problems = []
    for finding in findings:
        locations = finding.get("locations") or []
        primary = next((loc for loc in locations if loc["symbolic"].get("kind") == "Primary"),
                       locations[0] if locations else None)
        path, line, note = "?", 1, ""
        if primary:
            key = primary["symbolic"]["key"]
            local = key.get("Local") or {}
            path = local.get("given_path") or local.get("verbatim_path") or str(key)
            line = primary["concrete"]["location"]["start_point"]["row"] + 1
            note = primary["symbolic"].get("annotation") or ""
        problem = f"{finding['desc']} ({finding['ident']})"
        if note:
            problem += f": {note}"
        problems.append(Problem(Path(path).as_posix().removeprefix("./"), line, problem,
                                f"see {finding.get('url') or 'https://docs.zizmor.sh/audits/'}"))
    return problems


def makefile_targets(makefile_text: str) -> set[str]:
    targets: set[str] = set()
    for match in _TARGET.finditer(makefile_text):
        targets.update(match[1].split())
    return targets


def make_calls(text: str) -> list[tuple[str, int]]:
    """(target, line) of every `make TARGET...` in a script's or a document's text. `make`
    alone is the default target; VAR=value arguments and options are not targets."""
    calls = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in _MAKE.finditer(line):
            for token in match[1].split():
                word = token.rstrip("`'\",;:.)")
                if not _WORD.match(word):
                    break
                calls.append((word, number))
                if word != token:  # the end of a code span or of a sentence
                    break
    return calls


def run_commands(workflow: object) -> list[str]:
    """The `run:` scripts of every step of every job."""
    jobs = workflow.get("jobs") if isinstance(workflow, dict) else None
    return [step["run"] for job in (jobs or {}).values() for step in (job or {}).get("steps") or []
            if isinstance(step, dict) and isinstance(step.get("run"), str)]


def workflow_problems(root: Path) -> list[Problem]:
    """YAML syntax of every workflow, and the make targets they run."""
    folder = root / WORKFLOWS
    if not folder.is_dir():
        return []
    targets = makefile_targets((root / "Makefile").read_text(encoding="utf-8")) \
        if (root / "Makefile").exists() else set()
    readme = (root / "README.md").read_text(encoding="utf-8") \
        if (root / "README.md").exists() else ""
    documented = {target for target, _ in make_calls(readme)}
    problems = []
    for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
        name = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        try:
            workflow = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            err = yaml_error(exc, name, "")
            problems.append(Problem(name, err.line or 1, err.problem,
                                    "fix the YAML (indentation, quotes, a missing colon)"))
            continue
        # target -> (its line, on a `run:` line?): the first `run:` line naming it, else the
        # first line naming it (the YAML parser keeps no line numbers)
        text_lines, lines = text.splitlines(), {}
        for target, number in make_calls(text):
            on_run = "run:" in text_lines[number - 1]
            if target not in lines or (on_run and not lines[target][1]):
                lines[target] = (number, on_run)
        for script in run_commands(workflow):
            for target, _ in make_calls(script):
                line = lines.get(target, (1, False))[0]
                if target not in targets:
                    problems.append(Problem(name, line, f"runs make {target}, which the "
                                            "Makefile does not define",
                                            "use a target of the Makefile"))
                elif target not in documented:
                    problems.append(Problem(name, line, f"runs make {target}, which README.md "
                                            "does not document",
                                            "document the target in README.md, or run one "
                                            "it documents"))
    return problems


def check(root: Path) -> list[Problem]:
    return sorted(set(zizmor(root) + workflow_problems(root)))


def main(argv: list[str] | None = None) -> int:
    try:
        problems = check(Path.cwd())
    except WorkflowLintError as exc:
        print(f"workflow lint: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
