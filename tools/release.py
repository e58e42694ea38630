"""CITATION.cff and releases (README.md, "Releases and citing"; .github/workflows/release.yml).

`citation_problems`: CITATION.cff is valid CFF 1.2.0 (cffconvert's validation, as `cffconvert
--validate`, with the schema it bundles) and says what its sources say, so it cannot drift:
title, abstract, url and repository-code are mkdocs.yml's site_name, site_description, site_url
and repo_url, its one author site_author; its one licence (a list breaks Zenodo's import) is
named in LICENSE; its one reference is
refs.bib's entry for the article (extra.cite.article_key) as the site's citation_* tags read it
(explainer.citing), plus pages and DOI, nothing added; version is YYYY.MM.DD, a real date, and
date-released that date. The content lint runs it (`make check`, `make test`).

`python -m tools.release` (`make release`, after `make editions`; release.yml on a pushed tag):
the tag, from the environment's RELEASE_TAG (never a command line: a tag name may hold shell
characters), must be vYYYY.MM.DD, a real date, and CITATION.cff's version; then every
language's PDF and EPUB are copied from .cache/editions/LANG/ into dist/ with the language in
their names (`america-first-alliances-en.pdf`), beside the release notes (notes.md). One line
per problem, exit 1.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from explainer import editions
from explainer.errors import SourceError, yaml_error, yaml_key_lines
from explainer.siteconfig import nav_pages, read_config
from tools.lint import Problem

# Data -------------------------------------------------------------------------------------------

CITATION = "CITATION.cff"
SECTION = "README.md, 'Releases and citing'"
_DATE = re.compile(r"(\d{4})\.(\d{2})\.(\d{2})")
FROM_CONFIG = {"title": "site_name", "abstract": "site_description", "url": "site_url",
               "repository-code": "repo_url"}  # CITATION.cff's field: mkdocs.yml's
FROM_TAGS = {"citation_title": "title", "citation_journal_title": "journal",
             "citation_volume": "volume", "citation_issue": "issue", "citation_public_url": "url"}


# Helper functions -------------------------------------------------------------------------------


def date_of(version: str) -> datetime.date | None:
    """The date of a version `YYYY.MM.DD`; None if it is none or not a real date."""
    match = _DATE.fullmatch(version)
    try:
        return datetime.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def article_reference(entry, key: str) -> dict:
    """refs.bib's entry for the article as a CFF reference: its citation_* tags, pages, DOI."""
    from explainer.citing import article_meta

    ref: dict = {"type": "article", "authors": []}
    for tag, value in article_meta(entry, key):
        if tag == "citation_author":
            family, _, given = value.partition(", ")
            ref["authors"].append({"family-names": family, "given-names": given} if given
                                  else {"name": family})
        elif tag == "citation_publication_date":
            ref["year"] = int(value[:4])
        elif tag in FROM_TAGS:  # CFF's volume is a number
            ref[FROM_TAGS[tag]] = int(value) if tag == "citation_volume" else value
    start, _, end = entry.fields.get("pages", "").replace("--", "-").partition("-")
    ref.update({"start": start, "end": end} if end else {"start": start} if start else {})
    ref.update({"doi": entry.fields["doi"]} if entry.fields.get("doi") else {})
    return ref


def read_citation(root: Path) -> tuple[dict, list[Problem]]:
    """CITATION.cff as cffconvert reads it (dates as text), or why it is not valid CFF."""
    import jsonschema
    from cffconvert.citation import Citation
    from ruamel.yaml import YAMLError

    text = (root / CITATION).read_text(encoding="utf-8")
    fix = "see https://citation-file-format.github.io/ (cffconvert --validate says the same)"
    try:
        citation = Citation(text)
        citation.validate()
        return citation.cffobj, []
    except YAMLError as exc:
        error = yaml_error(exc, CITATION, "")
        return {}, [Problem(CITATION, error.line or 1, error.problem, "fix the YAML there")]
    except ValueError as exc:  # no cff-version, or not a mapping
        return {}, [Problem(CITATION, 1, str(exc).rstrip("."), fix)]
    except jsonschema.ValidationError as exc:
        where = list(exc.absolute_path) or ["the file"]
        return {}, [Problem(CITATION, yaml_key_lines(text).get(str(where[0]), 1), "not valid CFF "
                            f"1.2.0 at {'.'.join(map(str, where))}: {exc.message}", fix)]


def citation_problems(root: Path) -> list[Problem]:
    """What is wrong with CITATION.cff (nothing where the project has none)."""
    from explainer.bibliography import load_bibliography

    if not (root / CITATION).exists():
        return []
    cff, problems = read_citation(root)
    if problems:
        return problems
    lines = yaml_key_lines((root / CITATION).read_text(encoding="utf-8"))

    def check(field: str, found, wanted, source: str, what: str = "") -> None:
        if found != wanted:
            problems.append(Problem(CITATION, lines.get(field, 1), f"{what or field} is {found!r} "
                                    f"but {source} gives {wanted!r}",
                                    f"write what {source} gives (it is the source)"))

    config = read_config(root / "mkdocs.yml")
    for field, setting in FROM_CONFIG.items():
        check(field, cff.get(field), config.get(setting), f"mkdocs.yml's {setting}")
    check("authors", cff["authors"], [{"name": config.get("site_author")}],
          "mkdocs.yml's site_author")
    licence = (root / "LICENSE").read_text(encoding="utf-8") if (root / "LICENSE").exists() else ""
    spdx = cff.get("license")
    if not isinstance(spdx, str) or spdx.replace("-", " ") not in licence:
        problems.append(Problem(CITATION, lines.get("license", 1), f"license is {spdx!r}, not one "
                                "licence that LICENSE names (Zenodo refuses a list)",
                                "give the text's licence, CC-BY-4.0, as in LICENSE"))
    version, released = str(cff.get("version")), str(cff.get("date-released"))
    if date_of(version) is None or released != version.replace(".", "-"):
        problems.append(Problem(CITATION, lines.get("version", 1), f"version {version!r} and "
                                f"date-released {released!r} are not one date (YYYY.MM.DD, "
                                "YYYY-MM-DD)", f"write the release's date in both ({SECTION})"))
    key = ((config.get("extra") or {}).get("cite") or {}).get("article_key")
    entries = load_bibliography((root / "refs.bib").read_text(encoding="utf-8")).data.entries
    references = cff.get("references") or []
    if key not in entries or len(references) != 1:
        problems.append(Problem(CITATION, lines.get("references", 1), f"references holds "
                                f"{len(references)} entries, not refs.bib's article {key!r}",
                                "give the article's refs.bib entry (extra.cite.article_key) alone"))
        return problems
    wanted = article_reference(entries[key], key)
    for field in sorted(set(wanted) | set(references[0])):
        check("references", references[0].get(field), wanted.get(field), f"refs.bib's {key}",
              f"references: {field}")
    return problems


def tag_problems(tag: str, cff: dict) -> list[str]:
    """A release tag is vYYYY.MM.DD, a real date, and CITATION.cff's version."""
    version = str(cff.get("version"))
    if not tag.startswith("v") or date_of(tag[1:]) is None:
        return [f"tag {tag!r} is not a release: a release is tagged vYYYY.MM.DD with a real "
                f"date, the day it is cut, and CITATION.cff's version ({SECTION}); delete it "
                f"(git push --delete origin {tag}) and tag again"]
    if tag[1:] != version:
        return [f"tag {tag!r} is not CITATION.cff's version {version!r}: set version: "
                f"\"{tag[1:]}\" and date-released: {tag[1:].replace('.', '-')} in CITATION.cff, "
                f"commit, and tag that commit {tag}"]
    return []


def languages(root: Path) -> list[str]:
    """English and every translation (mkdocs.LANG.yml), as the Makefile's LANGS."""
    return ["en", *sorted(p.name.split(".")[1] for p in root.glob("mkdocs.*.yml"))]


def gather(root: Path, editions_dir: Path, out: Path) -> dict[str, list[Path]]:
    """Every language's PDF and EPUB copied from editions_dir/LANG/ into `out`, each name with
    its language (English's too); a missing file is a SourceError naming it."""
    found = {lang: editions.found(editions_dir / lang, lang) for lang in languages(root)}
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return {lang: [Path(shutil.copyfile(editions_dir / lang / name, out / (
        name.replace(".", "-en.", 1) if lang == "en" else name))) for _, name, _ in files]
        for lang, files in found.items()}


def release_notes(root: Path, tag: str, commit: str, files: dict[str, list[Path]]) -> str:
    """The release's description (Markdown): date and commit, where to read it and what
    changed, the files attached, how to cite this version."""
    config = read_config(root / "mkdocs.yml")
    site, repo, day = config["site_url"], config["repo_url"], date_of(tag[1:])
    names = {a.get("lang"): a.get("name") for a in (config.get("extra") or {}).get("alternate", [])}
    attached = "; ".join(f"{names.get(lang, lang)}: " + ", ".join(f"`{p.name}`" for p in paths)
                         for lang, paths in files.items())
    changes = [f"- What changed: {site}changes/"] if "changes.md" in nav_pages(config["nav"]) \
        else []
    return "\n".join([
        f"The guide as of {day.day} {day:%B %Y}, from commit [{commit[:7]}]"
        f"({repo}/commit/{commit}).", "", f"- Read it online: {site}", *changes,
        f"- The whole guide to read offline, as PDF and EPUB 3, attached below ({attached}).",
        f"- To cite this version: [CITATION.cff]({repo}/blob/{tag}/CITATION.cff) (\"Cite this "
        "repository\"), which also gives the article's reference.", ""])


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tools.release", description="make release")
    parser.add_argument("--editions", type=Path, default=Path(".cache/editions"))
    parser.add_argument("--out", type=Path, default=Path("dist"))
    args = parser.parse_args(argv)
    root, tag = Path.cwd(), os.environ.get("RELEASE_TAG", "")
    if not tag:
        problems = ["RELEASE_TAG is not set: RELEASE_TAG=vYYYY.MM.DD make release"]
    elif not (root / CITATION).exists():
        problems = [f"{CITATION} is not there: a release needs it ({SECTION})"]
    else:
        problems = [str(p) for p in citation_problems(root)] or \
            tag_problems(tag, read_citation(root)[0])
    try:
        files = {} if problems else gather(root, args.editions, args.out)
    except SourceError as exc:
        problems.append(str(exc))
    mark = "::error::" if os.environ.get("GITHUB_ACTIONS") == "true" else ""  # on the run's page
    for problem in problems:
        print(f"{mark}make release: {problem}", file=sys.stderr)
    if problems:
        return 1
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                            check=True).stdout.strip()
    (args.out / "notes.md").write_text(release_notes(root, tag, commit, files), encoding="utf-8")
    for path in (p for paths in files.values() for p in paths):
        print(f"{path}: {editions.size_text(path.stat().st_size)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
