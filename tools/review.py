"""`make summary`: what a pull request changes, for its reviewer, as Markdown.

CI writes it to the run's page ($GITHUB_STEP_SUMMARY) on every pull request; `make summary
BASE=main` prints the same locally. It compares the working tree (in CI, the pull request's
merge commit) with BASE's merge base, i.e. exactly what merging would change:

- the results of `make check` (`tools.check`), run on the head, and of `make test` when CI
  passes its outcome in TEST_OUTCOME;
- pages added, removed or changed, found by building both sites and comparing each page's
  article (the content Material renders, without navigation). Built pages, not source files,
  because readers see built pages: a change to refs.bib, glossary.yml or a hook changes pages
  whose Markdown did not change (References, Glossary, every page that uses a term), and an
  edit that changes nothing visible (a reflowed paragraph) is not listed. The base is exported
  with `git archive` and built by the same MkDocs, its own hooks and configuration;
- refs.bib entries and glossary terms added, removed or changed, read from both source trees
  (they are data: a key or a term is what the reviewer checks, not the page it lands on);
- a reminder, one line and not a failure, when the pages' text (docs/*.md) or a data file's
  (docs/*.yml) changes and docs/changes.yml does not: a correction of substance gets an entry
  on the Changes page (`changes_reminder`).
"""

from __future__ import annotations

import difflib
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import yaml
from pybtex.database import parse_string

from tools import check

# Data -------------------------------------------------------------------------------------------

BIB_FILE, GLOSSARY_FILE, CHANGES_FILE = "refs.bib", "docs/glossary.yml", "docs/changes.yml"
_TEXT_FILE = re.compile(r"docs/[^/]+\.(md|yml)")
MAX_PROBLEMS = 100  # per check, in the summary (GitHub keeps 1 MiB of it)
ARTIFACT = "site-preview"  # the name .github/workflows/ci.yml uploads the built site under
_ENTRY_HEAD = re.compile(r"^[ \t]*@(\w+)[ \t]*[{(][ \t]*([^,\s]+)[ \t]*,", re.M)
_SKIPPED_DIRS = ("assets", "search")
# What a page says of its build, not of its content: its date and history (the base, exported
# without git history, shows the build's date) and "Cite this page" (the version).
_BUILD_FACTS = ('.//aside[contains(concat(" ", @class, " "), " md-source-file ")]'
                ' | .//section[contains(concat(" ", @class, " "), " cite-this-page ")]')
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "tr", "div",
           "blockquote", "pre", "figcaption", "summary", "section", "aside", "table")


class ReviewError(RuntimeError):
    """The summary cannot be made (unknown BASE, not a git checkout): one line."""


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    words: tuple[str, ...]
    html: str  # the article, whitespace collapsed: what a change is judged on


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed", "changed"
    name: str  # page title, bib key, glossary term
    detail: str = ""


# Helper functions: git and the base site --------------------------------------------------------


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                            check=False)
    if result.returncode:
        raise ReviewError(f"git {' '.join(args)}: "
                          f"{(result.stderr.strip().splitlines() or ['failed'])[-1]}")
    return result.stdout.strip()


def merge_base(root: Path, base: str) -> str:
    try:
        return git(root, "merge-base", base, "HEAD")
    except ReviewError:
        raise ReviewError(f"make summary: BASE={base!r} is not a commit of this repository "
                          "(fetch it, or give BASE=<branch or commit>)") from None


def export_tree(root: Path, commit: str, dest: Path) -> None:
    """The files of `commit`, as `git archive` gives them, under dest."""
    data = subprocess.run(["git", "archive", "--format=tar", commit], cwd=root,
                          capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(dest, filter="data")


# Helper functions: comparing --------------------------------------------------------------------


def _article(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    for xpath in ('//*[contains(concat(" ", @class, " "), " md-content__inner ")]', "//main",
                  "//body"):
        found = tree.xpath(xpath)
        if found:
            return found[0]
    return tree


def read_pages(site_dir: Path) -> dict[str, Page]:
    """Every page of a built site by its URL (relative to the site), 404 page excluded."""
    pages = {}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir)
        if rel.parts[0] in _SKIPPED_DIRS or rel.as_posix() == "404.html":
            continue
        url = rel.as_posix().removesuffix("index.html") or "./"
        tree = lxml.html.fromstring(path.read_bytes())
        article = _article(tree)
        for permalink in article.xpath('.//a[contains(@class, "headerlink")]'):
            permalink.drop_tree()
        for built in article.xpath(_BUILD_FACTS):  # base and head always differ there
            built.drop_tree()
        h1 = article.xpath(".//h1")
        title = " ".join(h1[0].text_content().split()) if h1 else url
        html = " ".join(lxml.html.tostring(article, encoding="unicode").split())
        for block in article.iter(*_BLOCKS):  # words of adjacent blocks stay apart
            block.tail = " " + (block.tail or "")
        pages[url] = Page(url, title, tuple(article.text_content().split()), html)
    return pages


def word_changes(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[int, int]:
    """(words added, words removed) from old to new."""
    added = removed = 0
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            removed += i2 - i1
        if op in ("replace", "insert"):
            added += j2 - j1
    return added, removed


def compare_pages(base: dict[str, Page], head: dict[str, Page]) -> list[Change]:
    changes = []
    for url in sorted(set(base) | set(head)):
        name = f"{(head.get(url) or base[url]).title} (`{url}`)"
        if url not in base:
            changes.append(Change("added", name, f"{len(head[url].words)} words"))
        elif url not in head:
            changes.append(Change("removed", name))
        elif base[url].html != head[url].html:
            added, removed = word_changes(base[url].words, head[url].words)
            detail = f"+{added} / −{removed} words" if added or removed else \
                "same words; links, tooltips or markup differ"
            changes.append(Change("changed", name, detail))
    return changes


def bib_entries(text: str) -> dict[str, tuple[str, str]]:
    """key -> (title, the entry's text with whitespace collapsed)."""
    heads = list(_ENTRY_HEAD.finditer(text))
    try:
        titles = {k: e.fields.get("title", "") for k, e in parse_string(text, "bibtex")
                  .entries.items()}
    except Exception:  # a broken refs.bib still gets its keys compared; the checks report it
        titles = {}
    entries = {}
    for head, following in zip(heads, [*heads[1:], None]):
        body = text[head.start():following.start() if following else len(text)]
        title = re.sub(r"[{}]", "", titles.get(head[2], ""))
        entries[head[2]] = (title, " ".join(body.split()))
    return entries


def compare_bib(base_text: str, head_text: str) -> list[Change]:
    base, head = bib_entries(base_text), bib_entries(head_text)
    changes = []
    for key in sorted(set(base) | set(head)):
        if key not in base:
            changes.append(Change("added", f"`{key}`", head[key][0]))
        elif key not in head:
            changes.append(Change("removed", f"`{key}`", base[key][0]))
        elif base[key][1] != head[key][1]:
            changes.append(Change("changed", f"`{key}`", head[key][0]))
    return changes


def glossary_terms(text: str) -> dict[str, dict]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return {}
    terms = data.get("terms") if isinstance(data, dict) else None
    return {str(t["term"]): t for t in terms or [] if isinstance(t, dict) and "term" in t}


def compare_glossary(base_text: str, head_text: str) -> list[Change]:
    base, head = glossary_terms(base_text), glossary_terms(head_text)
    changes = []
    for term in sorted(set(base) | set(head), key=str.lower):
        if term not in base:
            changes.append(Change("added", f"**{term}**"))
        elif term not in head:
            changes.append(Change("removed", f"**{term}**"))
        elif base[term] != head[term]:
            fields = sorted(k for k in set(base[term]) | set(head[term])
                            if base[term].get(k) != head[term].get(k))
            changes.append(Change("changed", f"**{term}**", ", ".join(fields)))
    return changes


def changes_reminder(changed: list[str]) -> str | None:
    """The line for a pull request that changes the text of pages or data files (paths in
    `changed`) without touching docs/changes.yml; None if it touches it or changes no text."""
    texts = [p for p in changed if _TEXT_FILE.fullmatch(p) and p != CHANGES_FILE]
    if not texts or CHANGES_FILE in changed:
        return None
    return (f"{', '.join(f'`{p}`' for p in texts)} changed and `{CHANGES_FILE}` did not: if this "
            "corrects a fact, a citation or a quotation, or adds a section, give it an entry "
            "there (CONTRIBUTING.md, \"Correcting the guide\"); a fix of wording needs none.")


# Helper functions: the summary ------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _counts(changes: list[Change]) -> str:
    parts = [f"{sum(c.kind == k for c in changes)} {k}" for k in ("added", "removed", "changed")]
    return ", ".join(parts)


def _change_list(changes: list[Change], nothing: str) -> list[str]:
    if not changes:
        return [nothing, ""]
    lines = []
    for change in changes:
        detail = f": {change.detail}" if change.detail else ""
        lines.append(f"- {change.kind} {change.name}{_cell(detail)}")
    return [*lines, ""]


def render(*, base_label: str, head_label: str, results: list[check.Result],
           test_outcome: str | None, pages: list[Change] | None, pages_note: str,
           bib: list[Change], glossary: list[Change], artifact: bool,
           translations: dict[str, tuple[int, int, int]] | None = None,
           reminder: str | None = None) -> str:
    lines = ["## Review summary", "", f"{head_label}, compared with {base_label}.", "",
             "### Checks", "", "| check | result |", "| --- | --- |"]
    if test_outcome:
        mark = "✅" if test_outcome == "success" else "❌"
        lines.append(f"| `make test` (the whole suite, browser tests included) | {mark} "
                     f"{test_outcome} |")
    for result in results:
        if result.skipped:
            cell = f"➖ not run: {result.skipped}"
        elif result.ok:
            cell = f"✅ passed ({result.seconds:.1f} s)"
        else:
            cell = f"❌ {len(result.problems)} problem(s)"
        lines.append(f"| {result.name} | {_cell(cell)} |")
    lines.append("")
    for result in results:
        if result.problems:
            shown = result.problems[:MAX_PROBLEMS]
            more = len(result.problems) - len(shown)
            lines += [f"<details><summary>{result.name}: {len(result.problems)} problem(s)"
                      "</summary>", "", "```text", *shown,
                      *([f"… and {more} more: run make check"] if more else []), "```", "",
                      "</details>", ""]
    if pages is None:
        lines += ["### Pages", "", pages_note, ""]
    else:
        lines += [f"### Pages ({_counts(pages)})", ""]
        if pages:
            lines += ["| page | change |", "| --- | --- |"]
            lines += [f"| {_cell(c.name)} | {c.kind}{_cell(': ' + c.detail if c.detail else '')}"
                      " |" for c in pages]
            lines.append("")
        else:
            lines += ["No page changes what readers see.", ""]
    if reminder:
        lines += [f"**Changes page:** {reminder}", ""]
    lines += [f"### refs.bib entries ({_counts(bib)})", ""]
    lines += _change_list(bib, "No entry added, removed or changed.")
    lines += [f"### Glossary terms ({_counts(glossary)})", ""]
    lines += _change_list(glossary, "No term added, removed or changed.")
    if translations:  # units per language: a fuzzy or untranslated one shows in English, marked
        lines += ["### Translations (units)", "",
                  "| language | translated | fuzzy | untranslated |", "| --- | ---: | ---: | ---: |"]
        lines += [f"| {lang} | {done} | {fuzzy} | {todo} |"
                  for lang, (done, fuzzy, todo) in translations.items()]
        lines.append("")
    if artifact:
        lines += [f"The built site is attached to this run as the artifact `{ARTIFACT}`: "
                  "unzip it, run `python3 -m http.server --directory <folder>` and open "
                  "http://localhost:8000/.", ""]
    return "\n".join(lines)


def summarize(root: Path, base: str) -> tuple[str, bool]:
    """(the summary, whether every check passed)."""
    commit = merge_base(root, base)
    short = commit[:7]
    head = git(root, "rev-parse", "--short", "HEAD")
    dirty = bool(git(root, "status", "--porcelain", "--untracked-files=no"))
    head_label = f"Head `{head}`" + (" with uncommitted changes" if dirty else "")
    base_label = f"base `{short}` (merge base with `{base}`)" if git(
        root, "rev-parse", base) != commit else f"base `{short}` (`{base}`)"
    results = check.run_checks(root, root / "site")
    with tempfile.TemporaryDirectory(prefix="review-base-") as tmp:
        project, base_site = Path(tmp) / "project", Path(tmp) / "site"
        export_tree(root, commit, project)
        failure = "the head did not build"
        if results[0].ok:
            base_build = check.strict_build(project, base_site, strict=False)
            failure = None if base_build.ok else (base_build.problems or ["no message"])[-1]
        pages, note = None, ""
        if failure is None:
            pages = compare_pages(read_pages(base_site), read_pages(root / "site"))
        else:
            changed = git(root, "diff", "--name-status", commit, "--", "docs")
            note = (f"Built pages not compared ({failure}). Source files changed under docs/:"
                    "\n\n```text\n" + (changed or "none") + "\n```")

        def read(folder: Path, name: str) -> str:
            path = folder / name
            return path.read_text(encoding="utf-8") if path.exists() else ""

        bib = compare_bib(read(project, BIB_FILE), read(root, BIB_FILE))
        glossary = compare_glossary(read(project, GLOSSARY_FILE), read(root, GLOSSARY_FILE))
    reminder = changes_reminder(git(root, "diff", "--name-only", commit, "--", "docs").split())
    from tools.i18n import catalogs  # translate-toolkit: imported only when run

    project = catalogs.Project(root)
    text = render(base_label=base_label, head_label=head_label, results=results,
                  test_outcome=os.environ.get("TEST_OUTCOME") or None, pages=pages,
                  pages_note=note, bib=bib, glossary=glossary,
                  artifact=os.environ.get("GITHUB_ACTIONS") == "true",
                  translations=catalogs.stats(project) if project.i18n.is_dir() else None,
                  reminder=reminder)
    return text, all(r.ok for r in results)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="branch or commit to compare with")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        text, ok = summarize(Path.cwd(), args.base)
    except ReviewError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(text)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as out:
            out.write(text + "\n")
    print(f"make summary: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
