"""Each page's last change, history links and version to cite (issue 24; hooks/page_history.py,
explainer.revision, overrides/partials/source-file.html, "Cite this page").

On the real site, every built page of every language (the generated ones too; not 404.html) says
when it last changed as `<time datetime>`, equal to git's date for its sources (asked here of
git, from the rule written out again below), and links its history; "Cite this page" gives the
commit the site was built from (`git rev-parse --short HEAD`, marked when the working tree has
local changes) linked to the page's source at that commit. A copy without .git builds strictly,
with the build's date marked on every page and the version unknown. Each check is shown failing
on a broken page."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from conftest import LANGS, ROOT, real_config, run_build
from explainer import citing, revision
from explainer.i18n import read_labels, use_labels

REPO_URL = real_config()["repo_url"]
NOTE = "Date not known: built without git history"


def git(root: Path, *args: str, env: dict | None = None) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          cwd=root, check=True, capture_output=True, text=True, env=env).stdout


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def shallow() -> bool:
    return git(ROOT, "rev-parse", "--is-shallow-repository").strip() == "true"


# What each page is made from (the rule of explainer.revision, written out again) ----------------


def expected_sources(url: str, lang: str) -> list[str]:
    """A built page's sources, from its URL ("" for the home, "glossary/"), its own first."""
    name = url.strip("/") or "index"
    written = ROOT / "docs" / f"{name}.md"
    english = [f"docs/{name}.md" if written.is_file() else f"docs/{name}.yml"]
    if name == "references":
        english += ["refs.bib", "docs/source-notes.yml"]
    catalogs = [f"i18n/{lang}/{Path(p).stem}.po" for p in english if p.startswith("docs/")]
    return [c for c in catalogs if (ROOT / c).is_file()] + english if lang != "en" else english


def git_date(sources: list[str]) -> str:
    """The UTC date of the last commit (author date) that changed any of them; today for files
    never committed (a page being written: the build's date)."""
    stamp = git(ROOT, "log", "-1", "--format=%at", "--", *sources).strip()
    return dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc).date().isoformat() \
        if stamp else today()


# The checks -------------------------------------------------------------------------------------


def history_problems(html: str, date: str, links: list[str], note: bool = False) -> list[str]:
    """The page's facts under its content: one `<time datetime>` with a valid date, `date`; the
    history links `links`, in order; the note that the date is the build's where `note`."""
    tree = lxml.html.fromstring(html)
    asides = tree.xpath('//aside[contains(concat(" ", @class, " "), " md-source-file ")]')
    if len(asides) != 1:
        return [f"{len(asides)} asides with the page's last change"]
    problems = []
    times = asides[0].xpath(".//time")
    shown = times[0].get("datetime", "") if len(times) == 1 else None
    if shown is None:
        problems.append(f"{len(times)} <time> elements")
    else:
        try:
            dt.date.fromisoformat(shown)
        except ValueError:
            problems.append(f"datetime {shown!r} is no date")
        if shown != date:
            problems.append(f"datetime {shown!r}, git says {date!r}")
        if not times[0].text_content().strip():
            problems.append("<time> shows no date")
    hrefs = [a.get("href") for a in asides[0].xpath(".//a")]
    if hrefs != links:
        problems.append(f"history links {hrefs}, expected {links}")
    if (NOTE in asides[0].text_content()) != note:
        problems.append("no note that the date is the build's" if note else "a note that the "
                        "date is the build's")
    return problems


LOCAL = "{version} + local changes"  # the label, in English


def version_problems(html: str, short: str, permalink: str | None, local: bool,
                     mark: str = LOCAL) -> list[str]:
    """"Cite this page" gives the version `short` linked to `permalink` (None: "version
    unknown"), marked `local` changes or not (`mark`: the label in the page's language), in its
    text, BibTeX and CSL-JSON."""
    tree = lxml.html.fromstring(html)
    block = tree.xpath('//section[@class="cite-this-page"]')
    if len(block) != 1:
        return [f"{len(block)} Cite this page blocks"]
    line = block[0].xpath('.//p[@class="cite-this-page__version"]')
    text = line[0].text_content() if line else ""
    bibtex, csl = (block[0].xpath(".//details/pre")[i].text_content() for i in (0, 1))
    item = json.loads(csl)[0]
    if permalink is None:
        problems = [] if "Version unknown" in text else [f"version line {text!r}"]
        if "version" in item or "version " in bibtex:
            problems.append("a version in BibTeX or CSL-JSON")
        return problems
    problems = []
    codes = line[0].xpath(".//a/code") if line else []
    if [c.text for c in codes] != [short] or codes[0].getparent().get("href") != permalink:
        problems.append(f"version line {text!r} does not link {short} to {permalink}")
    version = mark.format(version=short) if local else short
    if (mark.format(version=short) in text) != local:
        problems.append(f"version line {text!r}: local changes {'not ' if local else ''}marked")
    if f"version      = {{{version}}}" not in bibtex or permalink not in bibtex:
        problems.append(f"BibTeX without version {version} and {permalink}")
    if item.get("version") != version or permalink not in item.get("note", ""):
        problems.append(f"CSL-JSON version {item.get('version')!r}")
    return problems


# The real site ----------------------------------------------------------------------------------


def built_urls(result) -> list[str]:
    """Every page of one language by URL ("" for the home, "trade/"); 404.html is no page."""
    rels = (p.parent.relative_to(result.site_dir).as_posix() for p in result.pages("index.html"))
    return sorted("" if rel == "." else f"{rel}/" for rel in rels)


def page_html(result, url: str) -> str:
    return result.html(f"{url}index.html")


@pytest.fixture(scope="module")
def checkout():
    if shallow():
        reason = "a shallow clone: the dates need the whole history (fetch-depth: 0)"
        if os.environ.get("CI") == "true":  # CI fetches it (tests/tools/test_workflows.py)
            pytest.fail(reason)
        pytest.skip(reason)
    return revision.read_checkout(ROOT)


def test_every_page_of_every_language_shows_git_s_date_and_its_history(site, checkout):
    seen = set()
    for lang, result in site.languages.items():
        urls = built_urls(result)
        assert {"", "glossary/", "timeline/", "references/"} <= set(urls), urls
        for url in urls:
            sources = expected_sources(url, lang)
            links = [f"{REPO_URL}/commits/main/{sources[0]}"]
            if lang != "en":  # the catalog's, then the English original's
                links.append(f"{REPO_URL}/commits/main/{next(s for s in sources if 'docs/' in s)}")
            assert history_problems(page_html(result, url), git_date(sources), links) == [], \
                (lang, url)
            seen.add(lang)
    assert seen == {"en", *LANGS}


def test_cite_this_page_gives_the_commit_the_site_was_built_from(site, checkout):
    short = git(ROOT, "rev-parse", "--short", "HEAD").strip()
    full = git(ROOT, "rev-parse", "HEAD").strip()
    local = bool(git(ROOT, "status", "--porcelain").strip())
    for lang, result in site.languages.items():
        labels = read_labels(ROOT / "i18n" / lang / "site.po") if lang != "en" else {}
        for url in ("trade/", "glossary/"):
            source = expected_sources(url, lang)[0]  # the catalog in a translation
            problems = version_problems(page_html(result, url), short,
                                        f"{REPO_URL}/blob/{full}/{source}", local,
                                        labels.get(("", LOCAL), LOCAL))
            assert problems == [], (lang, url)


def test_a_page_without_its_date_or_history_or_version_is_reported(site, checkout):
    html = site.html("trade/index.html")
    date, link = git_date(["docs/trade.md"]), f"{REPO_URL}/commits/main/docs/trade.md"
    shown = re.search(r'<time datetime="([^"]+)"', html)[1]
    assert history_problems(html, date, [link]) == []
    aside = re.search(r'<aside class="md-source-file">.*?</aside>', html, re.S)[0]
    assert history_problems(html.replace(aside, ""), date, [link]) == [
        "0 asides with the page's last change"]
    assert history_problems(html, "1999-01-01", [link]) == [
        f"datetime {shown!r}, git says '1999-01-01'"]
    bad = html.replace(f'datetime="{shown}"', 'datetime="2026-13-01"')
    assert history_problems(bad, date, [link])[0] == "datetime '2026-13-01' is no date"
    assert history_problems(html.replace(link, "#"), date, [link]) == [
        f"history links ['#'], expected {[link]}"]
    assert history_problems(html, date, [link], note=True) == [
        "no note that the date is the build's"]
    short, full = git(ROOT, "rev-parse", "--short", "HEAD").strip(), git(ROOT, "rev-parse",
                                                                         "HEAD").strip()
    local = bool(git(ROOT, "status", "--porcelain").strip())
    permalink = f"{REPO_URL}/blob/{full}/docs/trade.md"
    assert version_problems(html.replace(f"<code>{short}</code>", "<code>abc1234</code>"),
                            short, permalink, local)[0].startswith("version line")
    assert len(version_problems(html, short, permalink, not local)) == 3
    assert version_problems(html, short, None, local)[1:] == ["a version in BibTeX or CSL-JSON"]


# Without git history ----------------------------------------------------------------------------


def test_a_copy_without_git_builds_with_the_build_date_marked_and_no_version(tmp_path,
                                                                              caplog):
    """The working tree's files (without .git and what .gitignore leaves out), built in English
    as `mkdocs build --strict` builds them: no warning, one info line, every page marked."""
    copy = tmp_path / "copy"
    files = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, files.split("\0")):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    if (ROOT / ".cache" / "pandoc").is_dir():  # pandoc's results, kept by content: no new run
        shutil.copytree(ROOT / ".cache" / "pandoc", copy / ".cache" / "pandoc")
    with caplog.at_level(logging.INFO, logger="mkdocs"):  # as the command line shows it
        result = run_build(copy / "mkdocs.yml", tmp_path / "site")
    assert result.ok and result.warnings == [], result.output
    lines = [r.getMessage() for r in result.records if re.search(r"\bgit\b", r.getMessage(), re.I)]
    assert lines == ["No git history (no git checkout): pages show the build's date, marked as "
                     "such"]
    urls = built_urls(result)
    assert {"", "glossary/", "references/"} <= set(urls)
    for url in urls:
        html = page_html(result, url)
        links = [f"{REPO_URL}/commits/main/{expected_sources(url, 'en')[0]}"]
        assert history_problems(html, today(), links, note=True) == [], url
        assert version_problems(html, "", None, False) == [], url
        assert '"dateModified"' not in html, url  # the build's date is no modification date
    # The same checks, expecting what a build with git history shows, fail on these pages.
    html, link = page_html(result, "trade/"), f"{REPO_URL}/commits/main/docs/trade.md"
    assert history_problems(html, today(), [link]) == ["a note that the date is the build's"]
    assert version_problems(html, "abc1234", f"{REPO_URL}/blob/abc/docs/trade.md", False)[0] \
        .startswith("version line 'Version unknown")


# The helpers ------------------------------------------------------------------------------------


def test_a_page_s_sources():
    also = {"references.md": ("refs.bib", "docs/source-notes.yml")}
    assert revision.page_sources("trade.md") == ("docs/trade.md",)
    assert revision.page_sources("glossary.yml", also=also) == ("docs/glossary.yml",)
    assert revision.page_sources("references.md", "ko", also) == (
        "i18n/ko/references.po", "i18n/ko/source-notes.po", "docs/references.md", "refs.bib",
        "docs/source-notes.yml")
    no_catalog = revision.page_sources("new.md", "ja", also, lambda path: False)
    assert no_catalog == ("docs/new.md",)


def test_the_latest_change_of_several_files_in_one_git_log(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")

    def commit(name: str, text: str, when: str) -> None:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, "utf-8")
        git(repo, "add", "-A")
        env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "PATH": "/usr/bin:/bin"}
        git(repo, "commit", "-q", "-m", name, env=env)

    commit("docs/a.md", "1", "2026-01-01T10:00:00+00:00")
    commit("i18n/ko/a.po", "1", "2026-02-01T23:30:00-05:00")  # 2 February in UTC
    commit("docs/b.md", "1", "2026-03-01T10:00:00+00:00")
    changes = revision.last_changes(repo, ["docs/a.md", "i18n/ko/a.po", "docs/none.md"])
    assert set(changes) == {"docs/a.md", "i18n/ko/a.po"}
    commit_, stamp = revision.latest(("i18n/ko/a.po", "docs/a.md"), changes)
    assert revision.dates(stamp, "ko") == ("2026-02-02", "2026년 2월 2일")
    assert revision.dates(stamp, "en")[1] == "February 2, 2026"
    assert revision.latest(("docs/none.md",), changes) is None
    checkout = revision.read_checkout(repo)
    assert checkout.full_history and not checkout.version.local_changes
    (repo / "docs" / "a.md").write_text("2", "utf-8")
    assert revision.read_checkout(repo).version.local_changes
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", "shallow")
    assert not revision.read_checkout(tmp_path / "shallow").full_history
    assert revision.read_checkout(tmp_path) is None  # no checkout


def test_cite_texts_with_and_without_a_version():
    use_labels({})
    site = citing.SiteCitation("The contributors", "Guide", "2026")
    page = citing.PageVersion("2026-12-07", "December 7, 2026", "6f2890f", True,
                              "https://e.org/blob/6f2890ff/docs/trade.md")
    assert citing.chicago_page(site, "Trade", "https://e.org/trade/", page) == (
        'The contributors. \u201cTrade.\u201d <em>Guide</em>. Last modified <time datetime='
        '"2026-12-07">December 7, 2026</time>. <a href="https://e.org/trade/">'
        'https://e.org/trade/</a>.')
    assert "date         = {2026-12-07}" in citing.bibtex_page(site, "Trade", "u", "k", page)
    item = json.loads(citing.csl_json_page(site, "Trade", "u", "k", page))[0]
    assert item["issued"] == {"date-parts": [[2026, 12, 7]]}
    assert item["version"] == "6f2890f + local changes"
    unknown = json.loads(citing.csl_json_page(site, "Trade", "u", "k"))[0]
    assert unknown["issued"] == {"date-parts": [[2026]]} and "version" not in unknown
    assert citing.version_line(citing.PageVersion()).startswith("Version unknown")
