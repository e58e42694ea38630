"""When each page last changed, where its history is, and which version of the site it is.

A page's sources are the files of the repository its words come from: a written page its own
`docs/NAME.md`, a generated page its data file (`docs/glossary.yml`: the file its edit button
opens, `explainer.generated_page`), the References page also refs.bib and
`docs/source-notes.yml`, which it lists. The code that renders a page is not a source (its
changes are refactors and speed-ups far more often than words a reader sees). A translated page
has its catalogs (`i18n/LANG/NAME.po`) first, then the English sources: its date is the latest
of them all, its history link the catalog's. The site's version is the commit it is built from.

Dates are git's author dates of the last commit that changed a source, in UTC, written in the
page's language by Babel (`format_date`, "long": "December 7, 2026", "2026년 12월 7일"). One
`git log` for every source of every page: mkdocs-git-revision-date-localized-plugin, which
dates only a page from its own file (not a generated page, References or a translation), with a
`git log --follow` a page and a tag lookup a commit, was measured doing the same dates again
for 0.1 s a build (tests/bench/README.md, "Page history"). No MkDocs imports.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from babel.dates import format_date

# Data -------------------------------------------------------------------------------------------

DOCS = "docs"  # the English pages and data, relative to the project's root
BRANCH = "main"  # the branch deploy.yml publishes: the history links show its commits


@dataclass(frozen=True)
class Version:
    """The commit the site is built from; `local_changes` when the working tree differs."""

    commit: str
    short: str
    local_changes: bool


@dataclass(frozen=True)
class Checkout:
    """What git says about the project: its version, and whether its history is whole (a
    shallow clone's oldest commit would claim every file)."""

    version: Version
    full_history: bool


@dataclass(frozen=True)
class PageHistory:
    """`page.meta["page_history"]`: the page's sources (repository paths, the one its history
    link and permanent link show first), its history links (label, URL), its last change
    (`iso_date` "2026-12-07", `date` in the page's language), and the note shown where the date
    is only the build's."""

    sources: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    iso_date: str
    date: str
    note: str = ""

    @property
    def date_known(self) -> bool:
        return not self.note


# Helper functions -------------------------------------------------------------------------------


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              check=False)
    except OSError:  # no git
        return None
    return done.stdout if done.returncode == 0 else None


def read_checkout(root: Path) -> Checkout | None:
    """None where the project is no git checkout (a `git archive` copy) or git is missing."""
    head = _git(root, "rev-parse", "--is-shallow-repository", "HEAD", "--short", "HEAD")
    status = _git(root, "status", "--porcelain")
    if head is None or status is None:
        return None
    shallow, commit, short = head.split()
    return Checkout(Version(commit, short, bool(status.strip())), shallow != "true")


def last_changes(root: Path, paths: list[str]) -> dict[str, tuple[str, int]]:
    """path (relative to root) -> (commit, author time) of the last commit that changed it; a
    path never committed is left out. One `git log` for all of them."""
    if not paths:
        return {}
    log = _git(root, "log", "--format=%x00%H %at", "--name-only", "--relative", "--",
               *paths) or ""
    found: dict[str, tuple[str, int]] = {}
    for entry in log.split("\0")[1:]:
        head, *names = entry.strip().split("\n")
        commit, stamp = head.split()
        for name in filter(None, names):
            found.setdefault(name, (commit, int(stamp)))
    return found


def page_sources(page: str, lang: str = "", also: dict[str, tuple[str, ...]] | None = None,
                 exists=lambda path: True) -> tuple[str, ...]:
    """The sources of the page whose English source is `page` under docs/ ("trade.md",
    "glossary.yml"), in the language `lang` ("" for English); `also` adds files to a page,
    `exists(path)` says whether a catalog is there."""
    english = (f"{DOCS}/{page}", *(also or {}).get(page, ()))
    if not lang:
        return english
    catalogs = [f"i18n/{lang}/{PurePosixPath(p).stem}.po" for p in english
                if p.startswith(f"{DOCS}/")]
    return (*(c for c in catalogs if exists(c)), *english)


def latest(sources: tuple[str, ...], changes: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """(commit, time) of the latest change to any of the sources; None if none is committed."""
    dated = [changes[s] for s in sources if s in changes]
    return max(dated, key=lambda change: change[1]) if dated else None


def dates(stamp: float, locale: str) -> tuple[str, str]:
    """("2026-12-07", "December 7, 2026" in `locale`) of a Unix time, in UTC."""
    day = datetime.fromtimestamp(int(stamp), tz=timezone.utc).date()
    return day.isoformat(), format_date(day, format="long", locale=locale.replace("-", "_"))


def history_url(repo_url: str, path: str) -> str:
    return f"{repo_url.rstrip('/')}/commits/{BRANCH}/{path}"


def permalink(repo_url: str, version: Version, path: str) -> str:
    """The source at the commit the site is built from (Wikipedia's permanent link)."""
    return f"{repo_url.rstrip('/')}/blob/{version.commit}/{path}"
