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

@pytest.mark.parametrize("page", [*THEMED, "references", "about"])
def test_every_page_has_a_cite_block_and_article_meta(site, page):
    html = site.html(page_file(page))
    assert html.count('<section class="cite-this-page"') == 1
    assert "@online{explainer2026" in html and "To cite the article itself: Wei, Zongyou." in html
    tags = dict(meta_tags(html))
    assert tags["citation_author"] == "Wei, Zongyou"
    assert tags["citation_journal_title"] == "China International Studies"
    assert "America First" in tags["citation_title"] and tags["citation_publication_date"] == "2020"
    assert tags["citation_public_url"] == ARTICLE_URL


ARTICLE_URL = "https://brgg.fudan.edu.cn/en/articleinfo_565.html"  # Fudan's republication


@pytest.mark.parametrize("page", ["trade", "references", "about"])
def test_the_article_links_to_its_online_copy_wherever_it_is_cited(site, page):
    """A page's notes, its reference list, "Cite this page", and the References page all give
    the article's reference with a link to its online copy (refs.bib's url)."""
    html = site.html(page_file(page))
    link = f'<a href="{ARTICLE_URL}">{ARTICLE_URL}</a>'
    cite_block = html.split('<section class="cite-this-page"', 1)[1]
    assert link in cite_block.split("To cite the article itself:", 1)[1].split("</p>", 1)[0]
    if page != "references":  # a page's own notes (the References page cites no one itself)
        note = re.search(r'<li id="fn:cite-wei2020america"(.*?)</li>', html, re.S)
        assert note and link in note[1]
    else:
        entry = re.search(r'<li id="ref-wei2020america"(.*?)</li>', html, re.S)
        assert entry and link in entry[1]


def test_downloads_hold_every_reference(site):
    assert (site.site_dir / "refs.bib").read_text("utf-8") == (ROOT / "refs.bib").read_text("utf-8")
    items = json.loads((site.site_dir / "references.json").read_text("utf-8"))
    keys = re.findall(r"^@\w+\{([^,]+),", (ROOT / "refs.bib").read_text("utf-8"), re.M)
    assert sorted(item["id"] for item in items) == sorted(keys)
    html = site.html("trade/index.html")
    assert '<a href="../refs.bib" download>BibTeX</a>' in html
    assert '<a href="../references.json" download>CSL-JSON</a>' in html


def test_unknown_article_key_fails_clearly(make_site):
    extra = real_config()["extra"]
    extra["cite"]["article_key"] = "nosuchkey"
    result = make_site({"index.md": "# Home\n\n[@wei2020america]\n"},
                       bib=bib_with("wei2020america"), config={"extra": extra})
    assert not result.ok
    assert "mkdocs.yml: extra.cite.article_key 'nosuchkey' is not a key of refs.bib" in result.output
    assert "Traceback" not in result.output
