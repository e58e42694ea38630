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
from tools.own_words import (RUN, article_fingerprints, fingerprints, read_fingerprints,
                             running_text, shared_runs, words)

ARTICLE_RUNS = ROOT / "tests" / "article-runs.txt"
ALLOWED_FILE = ROOT / "tests" / "own-words.yml"
# The notes, code, the "Cite this page" block, and the citation markers (a marker's number would
# be read as a word and cut a run in two).
LEFT_OUT = ("div.footnote", "code", "pre", "script", "style", ".cite-this-page",
            'sup[id^="fnref"]', "sup.citation-separator")
BLOCKS = ("p", "li", "td", "th", "dd", "dt", "figcaption", "h1", "h2", "h3", "h4", "summary")


def page_texts(html: str) -> list[str]:
    """The text blocks of a page's content that are ours to word; the items of a list that hold
    no block of their own are read in a row, as one text (a list of the article's words, one per
    item, is still the article's run)."""
    soup = BeautifulSoup(html, "html.parser")
    content = soup.select_one("article.md-content__inner")
    if content is None:
        return []
    for element in content.select(", ".join(LEFT_OUT)):
        element.decompose()
    texts: list[str] = []
    lists: dict[int, int] = {}  # a list element's id -> index of its text in `texts`
    # A list item holding a paragraph would be read twice: take only innermost blocks.
    for block in (b for b in content.find_all(BLOCKS) if not b.find(BLOCKS)):
        text = block.get_text(" ")
        if block.name == "li" and id(block.parent) in lists:
            texts[lists[id(block.parent)]] += " " + text
            continue
        if block.name == "li":
            lists[id(block.parent)] = len(texts)
        texts.append(text)
    return texts


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
    """The English pages. (Not the translations: the English they show, a paragraph not yet
    translated or a quotation's original, is the English page's, checked here.)"""
    return {str(path.relative_to(site.site_dir)): path.read_text(encoding="utf-8")
            for path in site.pages("*.html")
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
    # 5,328 runs of eight words; a wrong or empty file, or a change of the hashing or of the
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


def test_the_fingerprints_read_the_article_across_its_page_breaks() -> None:
    # The Trade page's sentence of the first pass: nine words of the article in a row, across the
    # page break after "committee", where the extraction has that page's footnotes 4 and 5.
    article = read_fingerprints(ARTICLE_RUNS)
    first_pass = page("<ul><li><strong>July 2017.</strong> Robert Lighthizer, the US Trade "
                      "Representative, demanded a special joint committee meeting of trade "
                      "ministers to be held within 30 days.</li></ul>")
    assert copied_passages(first_pass, article, []) == [
        "demanded a special joint committee meeting of trade ministers"]


# Fixtures: the article as running text ----------------------------------------------------------

# The shape of the extracted text: a sentence cut by a page break, the page's notes in between
# (numbered as the extraction prints them), a heading, markers glued to words and quotes.
EXTRACT = """\
Trump and the Pact

In July, the US Trade Representative demanded a special joint committee

⁴ Todd Sandler and Hirofumi Shimizu, "NATO Burden Sharing," Foreign Policy Analysis, 2014.

^{5 &}quot;Donald Trump Tells NATO Allies to Spend 4% of GDP on Defence," The Guardian.

meeting of trade ministers within 30 days, foreshadowing future rise of price.9 The quota went
from 25,000 to 50,000 per manufacturer per year, he said, in "fair and reciprocal." 1

Given that the current agreement on defense cost-sharing will expire in

^{24 &}quot;Trump's Push," The Japan Times.

March 2021, Japan will be under pressure.
"""


def test_running_text_joins_a_sentence_across_the_notes_of_its_page() -> None:
    texts = running_text(EXTRACT)
    assert texts[:4] == [
        "Trump and the Pact",  # a heading is not joined to what follows
        "In July, the US Trade Representative demanded a special joint committee meeting of "
        "trade ministers within 30 days, foreshadowing future rise of price. The quota went\n"
        "from 25,000 to 50,000 per manufacturer per year, he said, in \"fair and reciprocal.\"",
        "Given that the current agreement on defense cost-sharing will expire in March 2021, "
        "Japan will be under pressure.",
        "⁴ Todd Sandler and Hirofumi Shimizu, \"NATO Burden Sharing,\" Foreign Policy Analysis, "
        "2014.",
    ]
    assert len(texts) == 6  # the three notes, each read on its own


def test_the_author_s_note_between_the_halves_of_a_sentence_is_left_out() -> None:
    texts = running_text("The United States must review the bilateral and multilateral\n\n"
                         "Wei Zongyou is Professor at a university.\n\n"
                         "trade agreements and make them fair.\n")
    assert texts == ["The United States must review the bilateral and multilateral trade "
                     "agreements and make them fair.", "Wei Zongyou is Professor at a university."]


@pytest.mark.parametrize("ours, expected", [
    pytest.param("<p>Wei says the Trade Representative demanded a special joint committee meeting"
                 " of trade ministers at once.</p>",
                 ["trade representative demanded a special joint committee meeting of trade "
                  "ministers"], id="across-the-page-break"),
    pytest.param("<p>The quota went from 25,000 to 50,000 per manufacturer per year.</p>",
                 ["the quota went from 25,000 to 50,000 per manufacturer per year"],
                 id="numbers-are-words"),
    pytest.param("<p>He foresaw a future rise of price. The quota went from 25,000 to 40,000.</p>",
                 ["future rise of price the quota went from 25,000 to"], id="marker-glued-to-a-word"),
    pytest.param("<p>From July the US Trade Representative<sup id=\"fnref:cite-x\"><a "
                 "class=\"footnote-ref\" href=\"#fn:cite-x\">1</a></sup> demanded a special "
                 "joint committee.</p>",
                 ["july the us trade representative demanded a special joint committee"],
                 id="our-marker-is-not-a-word"),
    pytest.param("<p>The Representative demanded a special joint committee: Todd Sandler and "
                 "Hirofumi Shimizu.</p>", [], id="no-run-into-a-note"),
    pytest.param("<p>The quota went from 25 000 to 50 000 per manufacturer.</p>", [],
                 id="a-figure-written-otherwise"),
])
def test_running_text_on_fixtures(ours, expected) -> None:
    assert copied_passages(page(ours), article_fingerprints(EXTRACT), []) == expected


def test_read_as_extracted_the_page_break_hides_the_run() -> None:
    # What the check did before: the extracted text as it comes, notes inside the sentence.
    as_extracted = fingerprints(EXTRACT)
    ours = page("<p>Wei says the Trade Representative demanded a special joint committee meeting"
                " of trade ministers at once.</p>")
    assert copied_passages(ours, as_extracted, []) == []
    into_note = page("<p>The Representative demanded a special joint committee: Todd Sandler and "
                     "Hirofumi Shimizu.</p>")
    assert copied_passages(into_note, as_extracted, []) != []


def test_numbers_hyphens_and_markers_as_words() -> None:
    assert words("$19.8 billion, 25,000 cars, 41% of U.S. costs") == [
        "$19.8", "billion", "25,000", "cars", "41%", "of", "u.s", "costs"]
    assert words("Korea-US and Korea–US, the 5th dialogue") == [
        "korea", "us", "and", "korea", "us", "the", "5th", "dialogue"]
    # A footnote number glued to a word after its full stop leaves the word whole.
    assert words("rise of price.9 However") == ["rise", "of", "price", "9", "however"]


def test_a_list_is_read_item_after_item() -> None:
    article = fingerprints("cooperation in nine areas of gas, railways, port, power, Arctic "
                           "routes, shipbuilding, agriculture, fisheries and parks")
    listed = page("<p>Nine areas:</p><ol><li>gas</li><li>railways</li><li>port</li><li>power</li>"
                  "<li>Arctic routes</li><li>shipbuilding</li><li>agriculture</li>"
                  "<li>fisheries</li></ol>")
    assert copied_passages(listed, article, []) == [
        "gas railways port power arctic routes shipbuilding agriculture fisheries"]
