"""The PDF and EPUB editions (tools/editions, `make editions`): built from the real site, checked
by the `*_problems` functions of tools/editions/check.py, each shown failing on a damaged copy.
Budgets (time, size) are measured by tests/bench/bench_editions.py, not here."""

from __future__ import annotations

import copy
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, run_build
from explainer import editions as names
from explainer import siteconfig
from explainer.errors import SourceError
from tools.editions import __main__ as cli
from tools.editions import check, content, pdf

CONFIG = ROOT / "mkdocs.yml"


@dataclass
class Built:
    site_dir: Path
    pdf: Path
    epub: Path
    titles: list[str]  # nav titles
    headings: list[str]  # each page's h1
    charts: list[str]  # chart ids
    chart_titles: list[str]
    notes: int  # notes of the site's nav pages
    code: list[str]  # inline code of the site


def _expected(site_dir: Path) -> dict:
    config = siteconfig.read_config(CONFIG)
    pages = siteconfig.nav_pages(config["nav"])
    articles = check.site_pages(site_dir, pages)
    titles = content.nav_titles(config["nav"])
    return {
        "titles": [titles[p] for p in pages],
        "headings": [" ".join(a.xpath("string(.//h1)").replace("\u00b6", "").split())
                     for a in articles.values()],
        "charts": check.site_chart_ids(articles),
        "chart_titles": [f.xpath("string(.//*[local-name()='title'])") for a in articles.values()
                         for f in a.xpath(".//figure[contains(@class, 'chart')]")],
        "notes": check.site_note_count(articles),
        "code": check.site_code_texts(articles),
    }


@pytest.fixture(scope="module")
def built(site, tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("editions")
    made = cli.build(site.site_dir, out, CONFIG, dict(os.environ))
    assert [p.name for p, _ in made] == [name for _, name in names.FILES]
    return Built(site.site_dir, out / names.FILES[0][1], out / names.FILES[1][1],
                 **_expected(site.site_dir))


def _pdf_problems(b: Built, path: Path | None = None) -> list[str]:
    return check.pdf_problems(path or b.pdf, b.headings, b.chart_titles, b.notes, b.code)


def _epub_problems(b: Built, files: dict[str, bytes]) -> list[str]:
    return check.epub_content_problems(files, b.titles, b.charts, b.notes)


def _java_or_skip() -> None:
    if shutil.which("java") is None:
        reason = "no Java: EPUBCheck needs it (apt-get install default-jre-headless; .ci/run does)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI=true the EPUB must be checked", pytrace=False)
        pytest.skip(reason)


def _replace(files: dict[str, bytes], name: str, old: bytes, new: bytes) -> dict[str, bytes]:
    assert old in files[name], f"the damage expects {old!r} in {name}"
    return {**files, name: files[name].replace(old, new, 1)}


# EPUB -------------------------------------------------------------------------------------------

def test_epubcheck_passes_and_fails_on_a_broken_epub(built, tmp_path):
    _java_or_skip()
    assert check.epubcheck_problems(built.epub) == []
    files = check.read_epub(built.epub)
    broken = _replace(files, "OEBPS/trade.xhtml", b'id="trade--fn-cite-', b'id="gone--fn-cite-')
    check.write_epub(broken, tmp_path / "broken.epub")
    problems = check.epubcheck_problems(tmp_path / "broken.epub")
    assert any("RSC-012" in p for p in problems), problems  # a fragment that is not defined


def test_epub_links_resolve_inside_the_edition(built):
    files = check.read_epub(built.epub)
    assert check.epub_link_problems(files) == []
    broken = _replace(files, "OEBPS/trade.xhtml", b'href="glossary.xhtml#glossary--',
                      b'href="glossary.xhtml#nowhere--')
    broken = _replace(broken, "OEBPS/overview.xhtml", b'href="trade.xhtml"', b'href="../trade/"')
    problems = check.epub_link_problems(broken)
    assert any("trade.xhtml: link glossary.xhtml#nowhere--" in p for p in problems), problems
    assert any("overview.xhtml: link ../trade/ leads to a file not in the EPUB" in p
               for p in problems), problems


def test_epub_content_pages_charts_notes_and_leftovers(built):
    files = check.read_epub(built.epub)
    assert _epub_problems(built, files) == []
    # a page lost, a chart lost, a note lost, a raw citation, a TODO, a tag as text, a tooltip
    broken = {k: v for k, v in files.items() if k != "OEBPS/conclusion.xhtml"}
    lost = files["OEBPS/conclusion.xhtml"].count(b'epub:type="footnote"') + 1
    broken = _replace(broken, "OEBPS/cost-sharing.xhtml", b'id="cost-sharing--chart-sma-demands"',
                      b'id="cost-sharing--chart-gone"')
    broken = _replace(broken, "OEBPS/trade.xhtml", b'epub:type="footnote"', b'epub:type="note"')
    broken = _replace(broken, "OEBPS/impacts.xhtml", b"<p>", b"<p>[@smith2020] TODO &lt;span&gt; ")
    broken = _replace(broken, "OEBPS/autonomy.xhtml", b'class="glossary-term"',
                      b'class="glossary-term" title="A definition"')
    broken = _replace(broken, "OEBPS/content.opf", b'property="schema:accessibilityHazard"',
                      b'property="schema:other"')
    problems = "\n".join(_epub_problems(built, broken))
    for expected in ("no document for the page 'Conclusion'", "the chart 'chart-sma-demands' is missing",
                     f"{built.notes - lost} notes marked as footnotes; the site has {built.notes}",
                     "a raw citation: '[@smith2020'", "TODO", "an HTML tag as text: '<span>'",
                     "keeps its tooltip ('A definition')", "content.opf lacks schema:accessibilityHazard"):
        assert expected in problems, problems


def test_epub_notes_link_to_their_markers_and_back(built):
    files = check.read_epub(built.epub)
    trade = files["OEBPS/trade.xhtml"].decode()
    assert 'epub:type="noteref" role="doc-noteref"' in trade
    assert 'role="doc-backlink"' in trade
    assert '<aside id="trade--fn-cite-' in trade


# PDF --------------------------------------------------------------------------------------------

def test_pdf_tagged_outlined_embedded_and_linked(built):
    assert _pdf_problems(built) == []


def test_pdf_problems_found_on_a_damaged_pdf(built, tmp_path):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=str(built.pdf))
    root = writer._root_object
    del root[NameObject("/MarkInfo")]  # untagged
    del root[NameObject("/Outlines")]  # no bookmarks
    damaged_font = damaged_link = False
    for page in writer.pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = font.get_object()
            if not damaged_font and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
                del descriptor[NameObject("/FontFile2") if "/FontFile2" in descriptor
                               else NameObject("/FontFile3")]
                damaged_font = True
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if not damaged_link and isinstance(annot.get("/Dest"), TextStringObject):
                annot[NameObject("/Dest")] = TextStringObject("nowhere")
                damaged_link = True
    assert damaged_font and damaged_link
    writer.write(tmp_path / "damaged.pdf")
    problems = "\n".join(_pdf_problems(built, tmp_path / "damaged.pdf"))
    for expected in ("not a tagged PDF", "the outline has no entry for the page 'Trade'",
                     "is not embedded", "link to the destination 'nowhere'"):
        assert expected in problems, problems


def test_pdf_of_a_damaged_edition_misses_a_chart_a_note_and_a_page(built, tmp_path):
    """Made from an edition that lost a chart, a note and the Conclusion's title: the checks see it."""
    edition = content.read_site(ROOT, built.site_dir, CONFIG, dict(os.environ))
    conclusion = next(c for c in edition.chapters if c.slug == "conclusion")
    conclusion.body.find(".//h1").text = "Closing"
    cost = next(c for c in edition.chapters if c.slug == "cost-sharing")
    cost.body = copy.deepcopy(cost.body)
    title = cost.body.xpath(".//*[local-name()='svg']/*[local-name()='title']")[0]
    title.text = "Another chart"  # the SVG is not the chart any more (its caption stays)
    trade = next(c for c in edition.chapters if c.slug == "trade")
    note = trade.body.xpath(".//div[contains(@class, 'footnote')]/ol/li")[-1]
    note.getparent().remove(note)
    for marker in trade.body.xpath(f".//a[@href='#{note.get('id')}']"):
        _remove(marker.getparent())  # its <sup>
    target = tmp_path / "damaged.pdf"
    pdf.build_pdf(edition, target, cli.cite_html(edition, "PDF", "x.pdf"))
    problems = "\n".join(_pdf_problems(built, target))
    conclusion = built.headings[built.titles.index("Conclusion")]
    for expected in (f"the outline has no entry for the page '{conclusion}'",
                     f"the chart '{built.chart_titles[0]}' is missing",
                     f"{built.notes - 1} notes (back-link arrows) in the PDF"):
        assert expected in problems, problems


def test_pdf_link_to_nowhere_fails_the_build(built, tmp_path):
    """Typst refuses a link to a label the document lacks: the PDF's links are checked as made.
    The message names the first page linking to it (the Overview links every page)."""
    edition = content.read_site(ROOT, built.site_dir, CONFIG, dict(os.environ))
    edition.chapters = [c for c in edition.chapters if c.slug != "conclusion"]
    with pytest.raises(SourceError) as raised:
        pdf.build_pdf(edition, tmp_path / "x.pdf", cli.cite_html(edition, "PDF", "x.pdf"))
    message = str(raised.value)
    assert "\n" not in message and message.startswith("docs/index.md: ") \
        and "label `<conclusion>` does not exist" in message, message


def _remove(el) -> None:
    """Remove an element, keeping the text that follows it."""
    parent, previous = el.getparent(), el.getprevious()
    if el.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def test_leftover_text_found():
    assert check.text_problems("Plain text with a note.") == []
    problems = check.text_problems("See [@wei2020america]. TODO <em>this</em>")
    assert [p.split(":")[0] for p in problems] == ["a raw citation", "TODO", "an HTML tag as text"]


# Both -------------------------------------------------------------------------------------------

def test_editions_are_reproducible(built, site, tmp_path):
    made = cli.build(site.site_dir, tmp_path, CONFIG, dict(os.environ))
    for path, _ in made:
        original = built.pdf if path.suffix == ".pdf" else built.epub
        assert path.read_bytes() == original.read_bytes(), f"{path.name} differs between two builds"


def test_edition_date_is_the_last_commits(built):
    edition = content.read_site(ROOT, built.site_dir, CONFIG, {"SOURCE_DATE_EPOCH": "86400"})
    assert edition.date_text == "January 2, 1970"
    with pytest.raises(SourceError, match="SOURCE_DATE_EPOCH"):
        content.source_date(Path("/"), {})


def test_site_only_parts_left_out(built):
    files = check.read_epub(built.epub)
    text = b"".join(files[n] for n in files if n.endswith(".xhtml"))
    for site_only in (b"cite-this-page", b"md-content__button", b"headerlink", b"tl-filter",
                      b"tl-status", b"<script", b'class="editions"'):
        assert site_only not in text, site_only
    timeline = files["OEBPS/timeline.xhtml"].decode()
    assert timeline.count('class="tl-event') >= 30  # every event, by year, no filter
    assert b"How to cite this edition" in files["OEBPS/cite.xhtml"]
    title = files["OEBPS/title.xhtml"].decode()
    for part in ("China International Studies", "Edition of ", "CC BY 4.0", "https://"):
        assert part in title, part


# Bad input and missing pieces ------------------------------------------------------------------

def test_no_built_site_is_one_line(tmp_path, capsys):
    assert cli.main(["--site-dir", str(tmp_path / "nothing"), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no built site here" in err and "make build" in err


def test_a_page_without_article_is_named(site, tmp_path, capsys):
    copy_dir = tmp_path / "site"
    shutil.copytree(site.site_dir, copy_dir)
    (copy_dir / "trade" / "index.html").write_text("<html><body><p>Nothing</p></body></html>")
    assert cli.main(["--site-dir", str(copy_dir), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "docs/trade.md" in err and "Traceback" not in err, err


def test_a_link_that_cannot_be_placed_is_named(site):
    edition_body = content.clean(content._article(site.site_dir / "trade" / "index.html", "docs/trade.md"))
    link = edition_body.xpath(".//a[@href]")[0]
    link.set("href", "ftp://example.org/x")
    with pytest.raises(SourceError, match="docs/trade.md: link 'ftp://example.org/x'"):
        content._relink(edition_body, "trade", "trade/", {"trade/": "trade"},
                        "https://example.org/", "docs/trade.md", None)


# The site's links -------------------------------------------------------------------------------

def test_links_only_in_a_build_that_has_the_files(site, built, tmp_path, monkeypatch):
    from tools.linkcheck import internal_problems

    assert names.SITE_DIR + "/" not in site.html("trade/index.html")  # make build: no links
    folder = tmp_path / "editions"
    folder.mkdir()
    shutil.copy(built.pdf, folder)
    monkeypatch.setenv(names.ENV, str(folder))
    failed = run_build(CONFIG, tmp_path / "half")  # one file missing: no build, one line
    assert not failed.ok and "the EPUB edition is not there" in failed.output, failed.output
    shutil.copy(built.epub, folder)
    result = run_build(CONFIG, tmp_path / "with")
    assert result.ok, result.error
    for lang, translated in site.translations.items():  # the language selector's targets
        shutil.copytree(translated.site_dir, result.site_dir / lang)
    config = siteconfig.read_config(CONFIG)
    for page in siteconfig.nav_pages(config["nav"]):
        html = (result.site_dir / content.page_url(page) / "index.html").read_text("utf-8")
        assert 'class="editions"' in html and ">PDF, " in html and ">EPUB, " in html, page
    assert internal_problems(result.site_dir, config["site_url"]) == []
    (result.site_dir / names.SITE_DIR / names.FILES[1][1]).unlink()
    problems = internal_problems(result.site_dir, config["site_url"])
    assert problems and all(names.FILES[1][1] in p.link for p in problems), problems


def test_size_text():
    assert [names.size_text(n) for n in (400, 74_099, 1_243_198)] == ["1 kB", "74 kB", "1.2 MB"]
