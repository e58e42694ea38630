"""The PDF and EPUB editions (tools/editions, `make editions`): built from the real site, checked
by the `*_problems` functions of tests/editions_checks.py, each shown failing on a damaged copy.
Budgets (time, size) are measured by tests/bench/bench_editions.py, not here."""

from __future__ import annotations

import copy
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, run_build
from explainer import editions as names
from explainer import i18n_editions, siteconfig
from explainer.errors import SourceError
from explainer.i18n import read_labels
from tools.editions import __main__ as cli
import editions_checks as check
from tools.editions import content, pdf
from tools.i18n import catalogs, render

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
    entries: list[str]  # the Glossary's entries
    events: list[str]  # the Timeline's events, as their headings read
    glossary: str  # the Glossary's h1
    lang: str = "en"


def _h1(article) -> str:
    return " ".join(article.xpath("string(.//h1)").replace("\u00b6", "").split())


def _expected(site_dir: Path, config_file: Path = CONFIG) -> dict:
    config = content.read_config(config_file)
    pages = siteconfig.nav_pages(config["nav"])
    articles = check.site_pages(site_dir, pages)
    titles = content.nav_titles(config["nav"])
    english = config_file == CONFIG
    return {
        "titles": [titles[p] if english else _h1(a) for p, a in articles.items()],
        "headings": [_h1(a) for a in articles.values()],
        "charts": check.site_chart_ids(articles),
        "chart_titles": [f.xpath("string(.//*[local-name()='title'])") for a in articles.values()
                         for f in a.xpath(".//figure[contains(@class, 'chart')]")],
        "notes": check.site_note_count(articles),
        "code": check.site_code_texts(articles),
        "entries": check.site_glossary_entries(articles),
        "events": check.site_events(articles),
        "glossary": _h1(articles["glossary.md"]),
    }


@pytest.fixture(scope="module")
def built(site, tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("editions")
    made = cli.build(site.site_dir, out, CONFIG, dict(os.environ))
    assert [p.name for p, _ in made] == [name for _, name in names.FILES]
    return Built(site.site_dir, out / names.FILES[0][1], out / names.FILES[1][1],
                 **_expected(site.site_dir))


def _pdf_problems(b: Built, path: Path | None = None) -> list[str]:
    return check.pdf_problems(path or b.pdf, b.headings, b.chart_titles, b.notes, b.code, b.lang)


def _contents_problems(b: Built, pdf_path: Path | None = None,
                       epub_files: dict[str, bytes] | None = None) -> list[str]:
    """The contents of both editions: no Glossary entry listed, every Timeline event a heading."""
    under, bookmarks = check.pdf_bookmarks(pdf_path or b.pdf, b.glossary)
    nav, headings = check.epub_headings(epub_files or check.read_epub(b.epub))
    return ([f"PDF: {p}" for p in check.contents_problems(under, b.entries, b.events, bookmarks)]
            + [f"EPUB: {p}" for p in check.contents_problems(nav, b.entries, b.events, headings)])


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
    """EPUBCheck is also the EPUB's link check: an id that is not there, a file that is not."""
    _java_or_skip()
    assert check.epubcheck_problems(built.epub) == []
    files = check.read_epub(built.epub)
    broken = _replace(files, "OEBPS/trade.xhtml", b'id="trade--fn-cite-', b'id="gone--fn-cite-')
    broken = _replace(broken, "OEBPS/overview.xhtml", b'href="trade.xhtml"', b'href="../trade/"')
    check.write_epub(broken, tmp_path / "broken.epub")
    problems = check.epubcheck_problems(tmp_path / "broken.epub")
    assert any("RSC-012" in p for p in problems), problems  # a fragment that is not defined
    assert any("RSC-007" in p and "overview.xhtml" in p for p in problems), problems  # no file


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

def test_pdf_tagged_outlined_and_embedded(built):
    assert _pdf_problems(built) == []


def test_pdf_problems_found_on_a_damaged_pdf(built, tmp_path):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=str(built.pdf))
    root = writer._root_object
    del root[NameObject("/MarkInfo")]  # untagged
    del root[NameObject("/Outlines")]  # no bookmarks
    damaged_font = False
    for page in writer.pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = font.get_object()
            if not damaged_font and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
                del descriptor[NameObject("/FontFile2") if "/FontFile2" in descriptor
                               else NameObject("/FontFile3")]
                damaged_font = True
    assert damaged_font
    writer.write(tmp_path / "damaged.pdf")
    problems = "\n".join(_pdf_problems(built, tmp_path / "damaged.pdf"))
    for expected in ("not a tagged PDF", "the outline has no entry for the page 'Trade'",
                     "is not embedded"):
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
    glossary = next(c for c in edition.chapters if c.slug == "glossary")
    for h2 in glossary.body.xpath(".//h2[contains(@class, 'unlisted')]"):
        del h2.attrib["class"]  # the entries listed in the contents again
    timeline = next(c for c in edition.chapters if c.slug == "timeline")
    timeline.body.xpath(".//h3[@class='tl-event']")[0].tag = "p"  # an event not a heading
    target = tmp_path / "damaged.pdf"
    pdf.build_pdf(edition, target, cli.cite_html(edition, "PDF", "x.pdf"))
    problems = "\n".join(_pdf_problems(built, target) + _contents_problems(built, target))
    conclusion = built.headings[built.titles.index("Conclusion")]
    for expected in (f"the outline has no entry for the page '{conclusion}'",
                     f"the chart '{built.chart_titles[0]}' is missing",
                     f"{built.notes - 1} notes (back-link arrows) in the PDF",
                     f"PDF: the contents list the glossary entry '{built.entries[0]}'",
                     f"PDF: the Timeline event '{built.events[0]}' is not a heading"):
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


def test_contents_list_pages_and_sections_and_each_event_is_a_heading(built):
    assert len(built.entries) >= 40 and len(built.events) >= 30
    assert _contents_problems(built) == []
    files = check.read_epub(built.epub)
    entry = built.entries[0]
    broken = _replace(files, "OEBPS/nav.xhtml", b"</ol></li>",
                      f'<li><a href="glossary.xhtml#x">{entry}</a></li></ol></li>'.encode())
    broken["OEBPS/timeline.xhtml"], changed = re.subn(  # the first event's heading a paragraph
        rb'<h3( id="timeline--korus-fta-2012"[^>]*>.*?)</h3>', rb"<p\1</p>",
        broken["OEBPS/timeline.xhtml"], count=1, flags=re.S)
    assert changed == 1
    problems = "\n".join(_contents_problems(built, epub_files=broken))
    assert f"EPUB: the contents list the glossary entry '{entry}'" in problems, problems
    assert f"EPUB: the Timeline event '{built.events[0]}' is not a heading" in problems, problems


ORPHAN = """
#v(23.7cm)
== A heading
#lorem(200)
"""


def _fixture_pdf(tmp_path: Path, body: str):
    """A small PDF set with the edition's own preamble."""
    import typst
    from pypdf import PdfReader

    source = pdf.PREAMBLE.format(title="x", author='"x"', y=2020, m=1, d=1, paper="a4", lang="en",
                                 fonts='("Libertinus Serif",)', leading="0.62em", bold="")
    (tmp_path / "x.typ").write_text(source + body, encoding="utf-8")
    (tmp_path / "x.pdf").write_bytes(typst.compile(str(tmp_path / "x.typ"), ignore_system_fonts=True))
    return PdfReader(str(tmp_path / "x.pdf"))


def test_no_heading_alone_at_the_foot_of_a_page(tmp_path):
    """The editions' headings keep with what follows (the real PDFs pass in pdf_problems); a
    heading made not sticky, at the foot of a page, is found."""
    assert check.orphan_problems(_fixture_pdf(tmp_path, ORPHAN)) == []
    loose = "#show heading: it => block(sticky: false, text(size: 14pt, it.body))\n" + ORPHAN
    assert check.orphan_problems(_fixture_pdf(tmp_path, loose)) == [
        "page 1: the heading 'A heading' is alone at the foot of the page"]


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
    for site_only in (b"cite-this-page", b"md-source-file", b"md-content__button", b"headerlink", b"tl-filter",
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
    assert _english_problems(internal_problems(result.site_dir, config["site_url"])) == []
    (result.site_dir / names.SITE_DIR / names.FILES[1][1]).unlink()
    problems = _english_problems(internal_problems(result.site_dir, config["site_url"]))
    assert problems and all(names.FILES[1][1] in p.link for p in problems), problems


def _english_problems(problems: list) -> list:
    """The link problems of an English build without the translations built beside it (the
    language selector links site/ko/…, which `make build` and `make editions` build)."""
    langs = "|".join(p.name.split(".")[1] for p in ROOT.glob("mkdocs.*.yml"))
    return [p for p in problems if not re.search(rf"(^|/)({langs})/", p.link)]


def test_size_text():
    assert [names.size_text(n) for n in (400, 74_099, 1_243_198)] == ["1 kB", "74 kB", "1.2 MB"]


# Korean and Japanese ----------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["ko", "ja"])
def translated(request, tmp_path_factory) -> Built:
    """The language's site (its docs from the catalogs, as `make editions` builds it) and both
    editions made from it."""
    lang = request.param
    tmp = tmp_path_factory.mktemp(f"editions-{lang}")
    render.write_docs(catalogs.Project(ROOT), lang, tmp / "docs")
    config_file = ROOT / f"mkdocs.{lang}.yml"
    result = run_build(config_file, tmp / "site", docs_dir=str(tmp / "docs"))
    assert result.ok, result.error
    made = cli.build(result.site_dir, tmp / "out", config_file, dict(os.environ))
    assert [p.name for p, _ in made] == [name for _, name in names.files(lang)]
    return Built(result.site_dir, made[0][0], made[1][0],
                 **_expected(result.site_dir, config_file), lang=lang)


def test_translated_editions_pass_every_check(translated):
    files = check.read_epub(translated.epub)
    assert _pdf_problems(translated) == []
    assert _epub_problems(translated, files) == []
    assert check.epub_language_problems(files, translated.lang) == []
    assert _contents_problems(translated) == []
    _java_or_skip()
    assert check.epubcheck_problems(translated.epub) == []


def test_translated_editions_are_in_their_language(translated):
    """Language set (PDF /Lang, EPUB dc:language and every document's xml:lang), the edition's
    words translated, Noto Sans CJK embedded in the PDF (fonts_embedded: pdf_problems)."""
    from pypdf import PdfReader

    words = i18n_editions.labels(ROOT, translated.lang)
    assert words["contents"] != i18n_editions.LABELS["contents"]
    reader = PdfReader(str(translated.pdf))
    first = " ".join(reader.pages[0].extract_text().split())
    assert words["the_article"] in first and "Noto Sans CJK (SIL Open Font License 1.1)" in first
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages[:6]
             for f in ((page.get("/Resources") or {}).get("/Font") or {}).values()}
    assert any("NotoSansCJK" in f for f in fonts), fonts
    files = check.read_epub(translated.epub)
    assert f'<h1 id="toc-title">{words["contents"]}</h1>'.encode() in files["OEBPS/nav.xhtml"]
    # damaged: an EPUB that says English
    broken = _replace(files, "OEBPS/content.opf", f"<dc:language>{translated.lang}<".encode(),
                      b"<dc:language>en<")
    broken = _replace(broken, "OEBPS/trade.xhtml", f'xml:lang="{translated.lang}"'.encode(),
                      b'xml:lang="en"')
    problems = "\n".join(check.epub_language_problems(broken, translated.lang))
    assert "dc:language is ['en']" in problems and "OEBPS/trade.xhtml: <html> lang is 'en'" in problems, \
        problems


def test_a_pdf_in_another_language_is_found(built):
    assert "document language is 'en', not 'ko'" in "\n".join(
        check.pdf_problems(built.pdf, built.headings, built.chart_titles, built.notes, built.code,
                           "ko"))


def test_translated_editions_are_reproducible(translated, tmp_path):
    made = cli.build(translated.site_dir, tmp_path, ROOT / f"mkdocs.{translated.lang}.yml",
                     dict(os.environ))
    for path, _ in made:
        original = translated.pdf if path.suffix == ".pdf" else translated.epub
        assert path.read_bytes() == original.read_bytes(), f"{path.name} differs between two builds"


def test_translated_site_links_its_own_editions(translated, tmp_path, monkeypatch):
    lang = translated.lang
    folder = tmp_path / "editions"
    folder.mkdir()
    shutil.copy(translated.pdf, folder)
    monkeypatch.setenv(names.ENV, str(folder))
    docs = tmp_path / "docs"
    render.write_docs(catalogs.Project(ROOT), lang, docs)
    config_file = ROOT / f"mkdocs.{lang}.yml"
    failed = run_build(config_file, tmp_path / "half", docs_dir=str(docs))
    assert not failed.ok and f"america-first-alliances-{lang}.epub" in failed.output, failed.output
    shutil.copy(translated.epub, folder)
    result = run_build(config_file, tmp_path / "with", docs_dir=str(docs))
    assert result.ok, result.error
    words = read_labels(ROOT / "i18n" / lang / "site.po")
    html = (result.site_dir / "trade" / "index.html").read_text("utf-8")
    assert f'aria-label="{words[("", "Offline editions")]}"' in html
    assert words[("", "The whole guide, to read offline:")] in html
    assert f'href="../editions/america-first-alliances-{lang}.pdf"' in html
    assert (result.site_dir / "editions" / f"america-first-alliances-{lang}.epub").is_file()


def test_a_translated_label_that_loses_a_field_is_named(tmp_path):
    (tmp_path / "i18n" / "ko").mkdir(parents=True)
    text = (ROOT / "i18n" / "ko" / "site.po").read_text("utf-8")
    assert "{date}판" in text
    (tmp_path / "i18n" / "ko" / "site.po").write_text(text.replace("{date}판", "판"), "utf-8")
    with pytest.raises(SourceError) as raised:
        i18n_editions.labels(tmp_path, "ko")
    path, line, problem = str(raised.value).split(":", 2)
    assert path.endswith("i18n/ko/site.po") and problem.startswith(
        " placeholders differ from the English (missing {date})")
    unit = text.splitlines()[int(line) - 1:int(line) + 2]  # the unit's msgid, its line named
    assert unit[0].startswith("msgid ") and any("{date}판" in row for row in unit)
