"""The pull request summary (`make summary`, tools.review) and the checks it reports
(`make check`, tools.check): on fixture sites and data, and once end to end on a copy of
this repository with a commit to compare against."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from tools import check, review
from tools.check import Result

NAV = '<nav class="md-nav">{nav}</nav>'
PAGE = ('<html><head><title>{title}</title></head><body>' + NAV +
        '<article class="md-content__inner md-typeset"><h1 id="t">{title}<a class="headerlink" '
        'href="#t">¶</a></h1>{body}</article><footer>built {stamp}</footer></body></html>')


def site(folder: Path, pages: dict[str, tuple[str, str]], nav: str = "", stamp: str = "1") -> Path:
    """A built site in miniature: url -> (title, article body)."""
    for url, (title, body) in pages.items():
        path = folder / url / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=title, body=body, nav=nav, stamp=stamp), "utf-8")
    (folder / "404.html").write_text("<html><body>gone</body></html>", "utf-8")
    (folder / "search").mkdir(exist_ok=True)
    (folder / "search" / "search_index.html").write_text(f"<p>{stamp}</p>", "utf-8")
    return folder


# Pages ------------------------------------------------------------------------------------------

def test_pages_added_removed_and_changed_are_found_by_their_article(tmp_path):
    facts = ('<section class="cite-this-page"><p>Version {0}</p></section><aside class="md-'
             'source-file">Last update: <time datetime="{0}">{0}</time></aside>')
    base = site(tmp_path / "base", {
        "": ("Overview", "<p>The two alliances.</p>" + facts.format("2026-12-01")),
        "trade/": ("Trade", "<p>Seoul agreed to double the quota.</p>"),
        "old/": ("Old page", "<p>Gone soon.</p>"),
        "about/": ("About", '<p>See <a href="../trade/">Trade</a>.</p>'),
    }, nav="Overview Trade Old About")
    head = site(tmp_path / "head", {
        # Whitespace, and the build's facts (date, version: the base is built without git
        # history) only: unchanged.
        "": ("Overview", "<p>The two  alliances.</p>" + facts.format("2026-12-08")),
        "trade/": ("Trade", "<p>Seoul agreed to double the steel quota in 2018.</p>"),
        "timeline/": ("Timeline", "<p>Four events in order.</p>"),
        "about/": ("About", '<p>See <a href="../trade/#korus">Trade</a>.</p>'),
    }, nav="Overview Trade Timeline About", stamp="2")  # navigation and footer differ everywhere
    changes = review.compare_pages(review.read_pages(base), review.read_pages(head))
    assert [(c.kind, c.name, c.detail) for c in changes] == [
        ("changed", "About (`about/`)", "same words; links, tooltips or markup differ"),
        ("removed", "Old page (`old/`)", ""),
        ("added", "Timeline (`timeline/`)", "5 words"),
        ("changed", "Trade (`trade/`)", "+4 / −1 words"),
    ]


def test_word_changes_count_replacements_both_ways():
    assert review.word_changes(("a", "b", "c"), ("a", "x", "y", "c")) == (2, 1)
    assert review.word_changes(("a",), ("a",)) == (0, 0)


# refs.bib and the glossary ----------------------------------------------------------------------

BASE_BIB = """\
@book{kept2019,
  title = {Kept {Book}},
}

@online{gone2018,
  title = {Gone Page},
  organization = {Ministry},
}

@report{edited2020,
  title = {Edited Report},
  date = {2020-01-01},
}
"""


def test_refs_bib_entries_added_removed_and_changed():
    head = BASE_BIB.replace("@online{gone2018,\n  title = {Gone Page},\n  organization = "
                            "{Ministry},\n}\n", "@article{new2021,\n  title = {New {NATO} "
                            "Article},\n  journaltitle = {Journal},\n}\n").replace(
        "2020-01-01", "2020-01-02")
    changes = review.compare_bib(BASE_BIB, head)
    assert [(c.kind, c.name, c.detail) for c in changes] == [
        ("changed", "`edited2020`", "Edited Report"),
        ("removed", "`gone2018`", "Gone Page"),
        ("added", "`new2021`", "New NATO Article"),
    ]
    assert review.compare_bib(BASE_BIB, BASE_BIB.replace("\n  title", "\n    title")) == []
    # A refs.bib that does not parse is still compared by its keys.
    assert [c.name for c in review.compare_bib("", "@book{x,\n  title = {Unclosed\n")] == ["`x`"]


def test_glossary_terms_added_removed_and_changed():
    base = ("terms:\n  - term: SMA\n    definition: The agreement.\n"
            "  - term: THAAD\n    definition: A missile defense system.\n")
    head = ("terms:\n  - term: SMA\n    definition: The cost-sharing agreement.\n    page: x.md\n"
            "  - term: ASEAN\n    definition: An association.\n")
    changes = review.compare_glossary(base, head)
    assert [(c.kind, c.name, c.detail) for c in changes] == [
        ("added", "**ASEAN**", ""), ("changed", "**SMA**", "definition, page"),
        ("removed", "**THAAD**", "")]
    assert review.compare_glossary(base, "terms: [\n") != []  # broken: every term "removed"


# The summary ------------------------------------------------------------------------------------

def test_the_summary_shows_checks_failures_and_changes():
    results = [Result(check.BUILD, True, 3.2),
               Result(check.LINKS, True, 0.2),
               Result(check.LINT, False, 1.1, ["docs/trade.md:7: 'recieve' is misspelt: write "
                                               "'receive'; …"]),
               Result(check.WORKFLOWS, True, 0.1)]
    text = review.render(base_label="base `abc1234` (`main`)", head_label="Head `def5678`",
                         results=results, test_outcome="failure",
                         pages=[review.Change("changed", "Trade (`trade/`)", "+3 / −0 words")],
                         pages_note="", bib=[], glossary=[review.Change("added", "**ASEAN**")],
                         artifact=True, translations={"ja": (565, 0, 0), "ko": (563, 1, 1)})
    assert text.startswith("## Review summary\n\nHead `def5678`, compared with base `abc1234` "
                           "(`main`).\n")
    assert ("| `make test` (the whole suite, browser tests included) | ❌ failure |\n"
            "| strict build | ✅ passed (3.2 s) |\n| offline link check | ✅ passed (0.2 s) |\n"
            "| content lint | ❌ 1 problem(s) |\n") in text
    assert ("<details><summary>content lint: 1 problem(s)</summary>\n\n```text\n"
            "docs/trade.md:7: 'recieve' is misspelt") in text
    assert "### Pages (0 added, 0 removed, 1 changed)" in text
    assert "| Trade (`trade/`) | changed: +3 / −0 words |" in text
    assert "### refs.bib entries (0 added, 0 removed, 0 changed)\n\nNo entry added" in text
    assert "- added **ASEAN**" in text
    assert f"as the artifact `{review.ARTIFACT}`" in text
    assert ("### Translations (units)\n\n| language | translated | fuzzy | untranslated |\n"
            "| --- | ---: | ---: | ---: |\n| ja | 565 | 0 | 0 |\n| ko | 563 | 1 | 1 |\n") in text


def test_a_text_change_without_a_changes_entry_gets_a_reminder():
    assert review.changes_reminder(["docs/trade.md", "docs/glossary.yml", "docs/assets/site.css",
                                    "hooks/x.py"]) == (
        "`docs/trade.md`, `docs/glossary.yml` changed and `docs/changes.yml` did not: if this "
        "corrects a fact, a citation or a quotation, or adds a section, give it an entry there "
        "(CONTRIBUTING.md, \"Correcting the guide\"); a fix of wording needs none.")
    assert review.changes_reminder(["docs/trade.md", "docs/changes.yml"]) is None
    assert review.changes_reminder(["docs/assets/site.css", "README.md", "docs/changes.yml"]) \
        is None
    text = review.render(base_label="b", head_label="h", results=[], test_outcome=None,
                         pages=[], pages_note="", bib=[], glossary=[], artifact=False,
                         reminder="`docs/trade.md` changed")
    assert "\n**Changes page:** `docs/trade.md` changed\n" in text
    assert "Changes page" not in review.render(base_label="b", head_label="h", results=[],
                                               test_outcome=None, pages=[], pages_note="",
                                               bib=[], glossary=[], artifact=False)


def test_an_unknown_base_is_one_line(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    with pytest.raises(review.ReviewError, match=r"^make summary: BASE='nowhere' is not a commit"):
        review.merge_base(tmp_path, "nowhere")


# make check -------------------------------------------------------------------------------------

def test_build_output_becomes_one_line_per_problem():
    output = ("INFO    -  Cleaning site directory\n"
              "WARNING -  Doc file 'a.md' contains a link 'b.md', but the target is not found\n"
              "WARNING -  The following pages exist in the docs directory, but are not included "
              "in the \"nav\" configuration:\n  - extra.md\n"
              "ERROR   -  docs/x.md:3: unknown citation key 'k'. Add it\n"
              "Aborted with 3 warnings in strict mode!\n")
    assert check.build_problems(output) == [
        "Doc file 'a.md' contains a link 'b.md', but the target is not found",
        "The following pages exist in the docs directory, but are not included in the \"nav\" "
        "configuration: - extra.md",
        "docs/x.md:3: unknown citation key 'k'. Add it",
        "Aborted with 3 warnings in strict mode!"]


def test_the_check_report_prints_times_and_a_verdict():
    results = [Result(check.BUILD, False, 2.0, ["docs/x.md:3: unknown citation key 'k'"]),
               Result(check.LINKS, False, skipped="the build failed"),
               Result(check.LINT, True, 1.0), Result(check.WORKFLOWS, True, 0.2)]
    assert check.report(results, 2.5) == (
        "✗  strict build: FAILED, 1 problem(s) (2.0 s)\n"
        "     docs/x.md:3: unknown citation key 'k'\n"
        "-  offline link check: not run (the build failed)\n"
        "✓  content lint: ok (1.0 s)\n"
        "✓  workflow lint: ok (0.2 s)\n"
        "make check: 2 of 4 checks failed (strict build, offline link check) in 2.5 s")


# End to end -------------------------------------------------------------------------------------

def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """This repository's files (as they are in the working tree, without what .gitignore
    excludes), committed in a repository of their own: the base of the comparison."""
    root = tmp_path / "repo"
    tracked = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, root / name)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def test_make_summary_end_to_end(repo, monkeypatch, capsys):
    """A branch that edits a page, changes a glossary definition and a refs.bib entry, and
    leaves a misspelling: the summary names each, and the check that fails."""
    git(repo, "checkout", "-q", "-b", "change")
    trade = repo / "docs" / "trade.md"
    trade.write_text(trade.read_text("utf-8").replace(
        "This page follows how that principle was", "This page, which we recieve gladly, "
        "follows how that principle was", 1), "utf-8")
    glossary = repo / "docs" / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8").replace(
        "A multilateral development bank proposed by China", "A development bank proposed by "
        "China", 1), "utf-8")
    bib = repo / "refs.bib"
    text = bib.read_text("utf-8")  # the footnotes field is not rendered: no page changes
    start = text.index("@online{whitehouse2017jointaddress,")
    bib.write_text(text[:start] + text[start:].replace("{fn. 2, 3}", "{fn. 2, 3, 4}", 1), "utf-8")
    git(repo, "commit", "-q", "-am", "change")
    summary_file = repo.parent / "summary.md"
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    monkeypatch.delenv("TEST_OUTCOME", raising=False)
    assert review.main(["--base", "main"]) == 1  # the content lint fails
    out = capsys.readouterr().out
    assert summary_file.read_text("utf-8") == out
    assert "| content lint | ❌ 1 problem(s) |" in out
    assert "docs/trade.md:" in out and "'recieve' is misspelt: write 'receive'" in out
    assert "| strict build | ✅ passed" in out and "| workflow lint | ✅ passed" in out
    assert "| offline link check | ✅ passed" in out  # the translations, unbuilt there, skipped
    # AIIB's tooltip on Autonomy is built from the definition: a page whose Markdown did not
    # change, which only a comparison of built pages finds. (Other pages that mark AIIB, such
    # as the Timeline, are listed the same way: not asserted, they follow the content.)
    assert "### Pages (0 added, 0 removed, " in out
    same_words = "changed: same words; links, tooltips or markup differ"
    for row in (f"| Autonomy (`autonomy/`) | {same_words} |",
                "| Glossary (`glossary/`) | changed: +0 / −1 words |",
                "| Trade (`trade/`) | changed: +5 / −1 words |"):
        assert row in out, row
    assert "- changed `whitehouse2017jointaddress`: Remarks by President Trump" in out
    assert "- changed **AIIB**: definition" in out
    # docs/trade.md and docs/glossary.yml changed, docs/changes.yml did not: one line, no failure
    assert ("**Changes page:** `docs/glossary.yml`, `docs/trade.md` changed and "
            "`docs/changes.yml` did not:") in out
