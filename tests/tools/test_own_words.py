"""In our own words: no page repeats eight or more words of the article in a row outside
quotation marks, except the official names listed in tests/own-words.yml.

The article's text is not in the repository; `tests/article-runs.txt` holds a fingerprint of
each of its runs of eight words (tools/own_words.py says how it is made). Checked on
the built pages, so the Glossary and Timeline made from the data files are read too. The
References page and the footnote lists are left out: they give the sources' titles as printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from tools.own_words import RUN, fingerprints, read_fingerprints, shared_runs, words

ARTICLE_RUNS = ROOT / "tests" / "article-runs.txt"
ALLOWED_FILE = ROOT / "tests" / "own-words.yml"
LEFT_OUT = ("div.footnote", "code", "pre", "script", "style", ".cite-this-page")
BLOCKS = ("p", "li", "td", "th", "dd", "dt", "figcaption", "h1", "h2", "h3", "h4", "summary")


def page_texts(html: str) -> list[str]:
    """The text blocks of a page's content that are ours to word."""
    soup = BeautifulSoup(html, "html.parser")
    content = soup.select_one("article.md-content__inner")
    if content is None:
        return []
    for element in content.select(", ".join(LEFT_OUT)):
        element.decompose()
    blocks = content.find_all(BLOCKS)
    # A list item holding a paragraph would be read twice: take only innermost blocks.
    return [b.get_text(" ") for b in blocks if not b.find(BLOCKS)]


def copied_passages(html: str, article: set[str], allowed: list[str]) -> list[str]:
    """Passages of a page that repeat the article, minus those `allowed` covers."""
    return [run for text in page_texts(html) for run in shared_runs(text, article)
            if not any(run in entry for entry in allowed)]


def unused(allowed: list[str], found: set[str]) -> list[str]:
    """Entries of the allowed list that no passage found on the pages falls under."""
    return [entry for entry in allowed if not any(run in entry for run in found)]


def allowed_runs() -> list[str]:
    return [" ".join(words(entry["run"]))
            for entry in yaml.safe_load(ALLOWED_FILE.read_text(encoding="utf-8"))["allowed"]]


def built_pages(site) -> dict[str, str]:
    return {str(path.relative_to(site.site_dir)): path.read_text(encoding="utf-8")
            for path in sorted(site.site_dir.glob("**/*.html"))
            if not path.relative_to(site.site_dir).as_posix().startswith("references/")}


# The real site ----------------------------------------------------------------------------------


def test_no_page_repeats_the_article_outside_quotations(site) -> None:
    article, allowed = read_fingerprints(ARTICLE_RUNS), allowed_runs()
    copied = {page: runs for page, html in built_pages(site).items()
              if (runs := copied_passages(html, article, allowed))}
    assert copied == {}, (
        f"these passages repeat {RUN} or more words of the article in a row: put them in your own "
        "words, or in quotation marks with a citation if they quote someone; an official name "
        f"may be listed in tests/own-words.yml with the reason:\n{copied}")


def test_every_allowed_run_is_still_used(site) -> None:
    article = read_fingerprints(ARTICLE_RUNS)
    found = {run for html in built_pages(site).values()
             for text in page_texts(html) for run in shared_runs(text, article)}
    stale = unused(allowed_runs(), found)
    assert stale == [], f"tests/own-words.yml lists passages no page uses any more: {stale}"


def test_the_fingerprints_are_the_article_s() -> None:
    # 5,654 runs of eight words; a wrong or empty file, or a change of the hashing or of the
    # word rule that the file was not made again with, would let every copy through.
    article = read_fingerprints(ARTICLE_RUNS)
    assert len(article) > 5000
    assert all(len(line) == 12 and int(line, 16) >= 0 for line in article)
    # The sentence the Cost-sharing page once had (found by this check, then reworded):
    assert copied_passages(page(f"<p>Wei writes, {SOURCE.split(', and')[0]} stationed on its "
                                "territory.</p>"), article, []) == [
        "trump even asked the rok to pay us$1 billion for the thaad systems"]


# Fixtures: what the check finds and what it lets through -----------------------------------------

SOURCE = ("Trump even asked the ROK to pay US$1 billion for the THAAD systems, "
          "and the ROK shouldered over 90 percent of the cost.")
FIXTURE_ARTICLE = fingerprints(SOURCE)


def page(body: str) -> str:
    return f'<html><body><article class="md-content__inner">{body}</article></body></html>'


@pytest.mark.parametrize("body, expected", [
    pytest.param("<p>Wei writes that Trump even asked the ROK to pay US$1 billion for the THAAD "
                 "systems stationed there.</p>",
                 ["trump even asked the rok to pay us$1 billion for the thaad systems"],
                 id="copied-sentence"),
    pytest.param("<ul><li><p>Trump even asked the ROK to pay US$1 billion for the THAAD.</p></li>"
                 "</ul>", ["trump even asked the rok to pay us$1 billion for the thaad"],
                 id="copied-once-in-a-list-item"),
    pytest.param("<p>Trump, Wei writes, asked the ROK for US$1 billion to cover the THAAD "
                 "systems.</p>", [], id="own-words"),
    pytest.param('<p>Wei says that "Trump even asked the ROK to pay US$1 billion for the THAAD '
                 'systems".</p>', [], id="in-quotation-marks"),
    pytest.param("<p>Seven words in a row: the THAAD systems, and the ROK</p>", [],
                 id="seven-words"),
    pytest.param('<div class="footnote"><p>Trump even asked the ROK to pay US$1 billion for the '
                 "THAAD systems</p></div>", [], id="footnote-list"),
])
def test_copied_passages_on_fixtures(body, expected) -> None:
    assert copied_passages(page(body), FIXTURE_ARTICLE, []) == expected


def test_an_allowed_run_is_let_through_and_only_it() -> None:
    body = page("<p>Trump even asked the ROK to pay US$1 billion for the THAAD systems.</p>"
                "<p>and the ROK shouldered over 90 percent of the cost</p>")
    allowed = ["trump even asked the rok to pay us$1 billion for the thaad systems"]
    assert copied_passages(body, FIXTURE_ARTICLE, allowed) == [
        "and the rok shouldered over 90 percent of the cost"]


def test_escaped_dollars_and_curly_quotes_are_read_as_the_article_prints_them() -> None:
    article = fingerprints(r"the ROK paid \$850 million a year for the US forces there")
    assert shared_runs("the ROK paid $850 million a year for the US forces", article) == [
        "the rok paid $850 million a year for the us forces"]
    assert shared_runs("“the ROK paid $850 million a year for the US forces”", article) == []


def test_an_allowed_run_no_page_uses_is_reported() -> None:
    allowed = ["the comprehensive and progressive agreement for trans-pacific partnership",
               "professor at the center for american studies fudan university"]
    found = {"professor at the center for american studies fudan university"}
    assert unused(allowed, found) == [allowed[0]]
