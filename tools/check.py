"""`make check`: the contributor's fast loop, without a browser.

1. the strict build into site/ (`mkdocs build --strict`): citations and refs.bib, glossary,
   source notes, front matter, template placeholders, MkDocs' link and nav validation;
2. the offline link check of the built site (`tools.linkcheck`);
3. the content lint (`tools.lint`): spelling, Markdown structure, placeholders, CITATION.cff,
   descriptions;
4. the workflow lint (`tools.workflows`): zizmor and the make targets of the workflows;
5. the translations' check (`tools.i18n.checks`): citations, numbers, placeholders and markup of
   every translated unit (fuzzy and untranslated ones are not checked: an English change never
   fails it), and site.pot holding every label of the code. The translated sites are built by `make build`, not here.

The build runs in its own process while the lints run here (two cores). Every check runs even
when another fails, so one run lists every problem; each prints its time and the whole run its
total (the target, at most 45 s on a warm virtual environment, is measured, never asserted).
`tools.review` reuses `run_checks` for the pull request summary.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tools import lint, workflows
from explainer.errors import SourceError
from tools.linkcheck import LinkCheckError, check_site, site_url_of
from tools.urlhygiene import RULES_FILE, load_rules

# Data -------------------------------------------------------------------------------------------

BUILD, LINKS, LINT, WORKFLOWS, I18N = ("strict build", "offline link check", "content lint",
                                       "workflow lint", "translations check")


@dataclass
class Result:
    name: str
    ok: bool
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    skipped: str = ""  # why the check did not run

    def headline(self) -> str:
        if self.skipped:
            return f"-  {self.name}: not run ({self.skipped})"
        mark = "ok" if self.ok else "FAILED"
        count = f", {len(self.problems)} problem(s)" if self.problems else ""
        return f"{'✓' if self.ok else '✗'}  {self.name}: {mark}{count} ({self.seconds:.1f} s)"


# Helper functions -------------------------------------------------------------------------------


def build_problems(output: str) -> list[str]:
    """The warnings and errors of MkDocs' output, one entry each (continuation lines joined),
    and the line saying why it stopped."""
    problems: list[str] = []
    for line in output.splitlines():
        text = line.rstrip()
        if text.startswith(("WARNING", "ERROR")):
            problems.append(text.split("-", 1)[1].strip() if " -  " in text else text)
        elif text.startswith(("Aborted", "Error:", "Config value")):
            problems.append(text)
        elif problems and text.startswith("  ") and text.strip():
            problems[-1] += " " + text.strip()
    return problems


def strict_build(root: Path, site_dir: Path, *, strict: bool = True) -> Result:
    """`mkdocs build` of the project in `root`; `strict=False` for `tools.review`'s base, where
    a warning is no reason to skip the comparison."""
    start = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([lint.tool("mkdocs"), "build", "--strict" if strict else "--no-strict",
                             "--site-dir", str(site_dir)], cwd=root, capture_output=True,
                            text=True, check=False, env=env)
    problems = build_problems(result.stdout + result.stderr)
    if result.returncode and not problems:
        problems = [(result.stderr.strip().splitlines() or ["mkdocs build failed"])[-1]]
    return Result(BUILD, result.returncode == 0, time.perf_counter() - start,
                  problems if result.returncode else [])


def _timed(name: str, run) -> Result:
    start = time.perf_counter()
    try:
        problems = [str(p) for p in run()]
    except (lint.LintError, workflows.WorkflowLintError, LinkCheckError, SourceError) as exc:
        problems = [str(exc)]
    return Result(name, not problems, time.perf_counter() - start, problems)


def run_checks(root: Path, site_dir: Path) -> list[Result]:
    """Every check on the project in `root`, the site built into `site_dir`."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        building = pool.submit(strict_build, root, site_dir)
        content = _timed(LINT, lambda: lint.lint(root))
        flows = _timed(WORKFLOWS, lambda: workflows.check(root))
        translations = _timed(I18N, lambda: i18n_check(root))
        build = building.result()
    links = Result(LINKS, False, skipped="the build failed")
    if build.ok:
        # English alone is built here: its language selector's links to the translations
        # (built by `make build`, checked by `make test`) are left out.
        unbuilt = [c.name.split(".")[1] for c in root.glob("mkdocs.*.yml")]
        links = _timed(LINKS, lambda: check_site(site_dir, site_url_of(root / "mkdocs.yml"),
                                                 root / "refs.bib", load_rules(root / RULES_FILE),
                                                 unbuilt=unbuilt))
    return [build, links, content, flows, translations]


def i18n_check(root: Path) -> list[str]:
    from tools.i18n import catalogs, checks  # translate-toolkit: imported only when run
    project = catalogs.Project(root)
    if not project.i18n.is_dir():
        return []
    return [*catalogs.stale_labels(project), *checks.check(project, project.languages())]


def report(results: list[Result], seconds: float) -> str:
    lines = []
    for result in results:
        lines.append(result.headline())
        lines += [f"     {problem}" for problem in result.problems]
    failed = [r.name for r in results if not r.ok]
    verdict = f"{len(failed)} of {len(results)} checks failed ({', '.join(failed)})" if failed \
        else f"all {len(results)} checks passed"
    lines.append(f"make check: {verdict} in {seconds:.1f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default="site", type=Path)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    results = run_checks(Path.cwd(), args.site_dir)
    print(report(results, time.perf_counter() - start))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
