"""Cite this page, citation_* meta tags, and the refs.bib / CSL-JSON downloads."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from pybtex.database import parse_string

from conftest import ROOT, real_config
from explainer import citing
from explainer.errors import SourceError
from conftest import THEMED, bib_with, page_file

SITE = citing.SiteCitation(authors="The contributors", site_name='Guide to "X" & Y', year="2026")


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("name") or "").startswith("citation_"):
            self.tags.append((attributes["name"], attributes.get("content") or ""))


def meta_tags(html: str) -> list[tuple[str, str]]:
    parser = _Meta()
    parser.feed(html)
    return parser.tags


# Pure functions ---------------------------------------------------------------------------------

def test_article_meta_from_a_bibtex_entry():
    entry = parse_string("@article{k, author = {Wei, Zongyou and Doe, J. R.}, title = "
                         "{The {``A''} \\& {B}}, journaltitle = {J}, date = {2020-03-20}, "
                         "volume = {3}, url = {https://e.org/a_1.html}}", "bibtex").entries["k"]
    assert citing.article_meta(entry, "k") == [
        ("citation_title", "The \u201cA\u201d & B"), ("citation_author", "Wei, Zongyou"),
        ("citation_author", "Doe, J. R."), ("citation_publication_date", "2020/03/20"),
        ("citation_journal_title", "J"), ("citation_volume", "3"),
        ("citation_public_url", "https://e.org/a_1.html")]


def test_article_meta_refuses_an_entry_without_a_date():
    entry = parse_string("@article{k, title = {T}, journaltitle = {J}}", "bibtex").entries["k"]
    with pytest.raises(SourceError, match="entry 'k' lacks date"):
        citing.article_meta(entry, "k")


def test_page_citation_formats_escape_and_parse():
    html = citing.chicago_page(SITE, "Trade & <more>", "https://e.org/trade/")
    assert html == ('The contributors. \u201cTrade &amp; &lt;more&gt;.\u201d <em>Guide to &quot;X&quot; '
                    '&amp; Y</em>, 2026. <a href="https://e.org/trade/">https://e.org/trade/</a>.')
    entry = citing.bibtex_page(SITE, "Trade", "https://e.org/trade/", "explainer2026trade")
    parsed = parse_string(entry, "bibtex").entries["explainer2026trade"]
    assert parsed.fields["url"] == "https://e.org/trade/" and parsed.fields["date"] == "2026"
    assert citing.page_key("", "2026") == "explainer2026overview"
    assert citing.page_key("cost-sharing", "2026") == "explainer2026costsharing"


# The real site ----------------------------------------------------------------------------------

ARTICLE_URL = "https://brgg.fudan.edu.cn/en/articleinfo_565.html"  # Fudan's republication
ARTICLE_LINK = f'<a href="{ARTICLE_URL}">{ARTICLE_URL}</a>'


def cite_block_problems(html: str) -> list[str]:
    """One "Cite this page" block with the page's BibTeX entry and the article's reference, and
    the article's citation_* tags."""
    problems = []
    blocks = html.count('<section class="cite-this-page"')
    if blocks != 1:
        problems.append(f"{blocks} Cite this page blocks")
    if "@online{explainer2026" not in html:
        problems.append("no BibTeX entry for the page")
    if "To cite the article itself: Wei, Zongyou." not in html:
        problems.append("no reference for the article itself")
    tags = dict(meta_tags(html))
    expected = {"citation_author": "Wei, Zongyou",
                "citation_journal_title": "China International Studies",
                "citation_publication_date": "2020", "citation_public_url": ARTICLE_URL}
    problems += [f"{name} is {tags.get(name)!r}, not {value!r}" for name, value in expected.items()
                 if tags.get(name) != value]
    if "America First" not in tags.get("citation_title", ""):
        problems.append(f"citation_title is {tags.get('citation_title')!r}")
    return problems


@pytest.mark.parametrize("page", [*THEMED, "references", "about"])
def test_every_page_has_a_cite_block_and_article_meta(site, page):
    assert cite_block_problems(site.html(page_file(page))) == []


def test_a_page_with_a_broken_cite_block_or_meta_tag_is_reported(site):
    html = site.html(page_file("trade"))
    block = re.search(r'<section class="cite-this-page".*?</section>', html, re.S)[0]
    assert cite_block_problems(html.replace(block, block + block)) == ["2 Cite this page blocks"]
    assert cite_block_problems(html.replace(block, "")) == [
        "0 Cite this page blocks", "no BibTeX entry for the page",
        "no reference for the article itself"]
    assert cite_block_problems(html.replace('content="Wei, Zongyou"', 'content="Wei"')) == [
        "citation_author is 'Wei', not 'Wei, Zongyou'"]
    no_url = re.sub(r'<meta name="citation_public_url"[^>]*>', "", html)
    assert cite_block_problems(no_url) == [f"citation_public_url is None, not {ARTICLE_URL!r}"]
    title = re.sub(r'(<meta name="citation_title" content=")[^"]*', r"\1Another article", html)
    assert cite_block_problems(title) == ["citation_title is 'Another article'"]


def article_link_problems(html: str, page: str) -> list[str]:
    """The article's reference links to its online copy (refs.bib's url) in "Cite this page",
    and in the page's own note for it (on the References page: in its entry)."""
    problems = []
    block = html.partition('<section class="cite-this-page"')[2]
    itself = block.partition("To cite the article itself:")[2].partition("</p>")[0]
    if ARTICLE_LINK not in itself:
        problems.append("Cite this page: the article's reference has no link to its copy")
    item = "ref-wei2020america" if page == "references" else "fn:cite-wei2020america"
    entry = re.search(rf'<li id="{item}"(.*?)</li>', html, re.S)
    if not entry or ARTICLE_LINK not in entry[1]:
        problems.append(f"#{item}: no link to the article's copy")
    return problems


@pytest.mark.parametrize("page", ["trade", "references", "about"])
def test_the_article_links_to_its_online_copy_wherever_it_is_cited(site, page):
    """A page's notes, its reference list, "Cite this page", and the References page all give
    the article's reference with a link to its online copy (refs.bib's url)."""
    assert article_link_problems(site.html(page_file(page)), page) == []


@pytest.mark.parametrize("page, item", [("trade", "fn:cite-wei2020america"),
                                        ("references", "ref-wei2020america")])
def test_an_article_reference_without_its_link_is_reported(site, page, item):
    html = site.html(page_file(page))
    text = re.escape(ARTICLE_URL)
    in_block = re.sub(rf"(To cite the article itself:.*?)<a href=\"{text}\">{text}</a>",
                      r"\1", html, count=1, flags=re.S)
    assert article_link_problems(in_block, page) == [
        "Cite this page: the article's reference has no link to its copy"]
    entry = re.search(rf'<li id="{item}".*?</li>', html, re.S)[0]
    in_entry = html.replace(entry, entry.replace(ARTICLE_LINK, ARTICLE_URL))
    assert article_link_problems(in_entry, page) == [f"#{item}: no link to the article's copy"]


def download_problems(bib: str, csl_json: str, page_html: str) -> list[str]:
    """The published refs.bib is the repository's, references.json holds each of its entries, and
    a page (in trade/) links to both as downloads."""
    problems = []
    if bib != (ROOT / "refs.bib").read_text("utf-8"):
        problems.append("the published refs.bib differs from refs.bib")
    keys = re.findall(r"^@\w+\{([^,]+),", (ROOT / "refs.bib").read_text("utf-8"), re.M)
    items = sorted(item["id"] for item in json.loads(csl_json))
    if items != sorted(keys):
        missing = sorted(set(keys) - set(items))
        extra = sorted(set(items) - set(keys))
        problems.append(f"references.json lacks {missing}, has extra {extra}")
    for link in ('<a href="../refs.bib" download>BibTeX</a>',
                 '<a href="../references.json" download>CSL-JSON</a>'):
        if link not in page_html:
            problems.append(f"no download link {link}")
    return problems


def downloads(site) -> tuple[str, str, str]:
    return ((site.site_dir / "refs.bib").read_text("utf-8"),
            (site.site_dir / "references.json").read_text("utf-8"), site.html("trade/index.html"))


def test_downloads_hold_every_reference(site):
    assert download_problems(*downloads(site)) == []


def test_a_stale_or_incomplete_download_is_reported(site):
    bib, csl_json, html = downloads(site)
    first = json.loads(csl_json)[0]["id"]
    assert download_problems(bib.replace(f"{{{first},", "{renamed,"), csl_json, html) == [
        "the published refs.bib differs from refs.bib"]
    short = json.dumps(json.loads(csl_json)[1:])
    assert download_problems(bib, short, html) == [
        f"references.json lacks {[first]}, has extra []"]
    no_link = html.replace('<a href="../references.json" download>',
                           '<a href="../references.json">')
    assert download_problems(bib, csl_json, no_link) == [
        'no download link <a href="../references.json" download>CSL-JSON</a>']


def test_unknown_article_key_fails_clearly(make_site):
    extra = real_config()["extra"]
    extra["cite"]["article_key"] = "nosuchkey"
    result = make_site({"index.md": "# Home\n\nText [@wei2020america]\n"},
                       bib=bib_with("wei2020america"), config={"extra": extra})
    assert not result.ok
    assert "mkdocs.yml: extra.cite.article_key 'nosuchkey' is not a key of refs.bib" in result.output
    assert "Traceback" not in result.output
