"""The EPUB 3 edition: one XHTML file per page of the nav, written by this module (no pandoc).

Pandoc's EPUB writer was tried on the same HTML (tests/bench/README.md): it drops the ids of the
note markers and glossary terms (25 epubcheck errors, links to nowhere) and the charts' inline
SVG. Writing the package here keeps the site's markup: notes become `<aside epub:type="footnote"
role="doc-footnote">` that reading systems open as pop-ups, each marker an `epub:type="noteref"`
link, each note's back-links `role="doc-backlink"`; charts stay inline SVG. The zip is
reproducible: fixed order, every date the last commit's, the identifier derived from the site's
URL and that date (uuid5), never random.

A translated edition sets its language on every document (`lang`, `xml:lang`) and the package
(`dc:language`), and embeds no font: reading systems take OTF/TTF/WOFF but not the TTC the PDF
uses, a subset of Noto Sans CJK would add about a megabyte per weight for what every reading
system sold where the languages are read already has, and a reader's own font choice should
win; the English edition embeds none either. The CSS only asks for the language's line
breaking (Korean between words, Japanese strict).
"""

from __future__ import annotations

import copy
import uuid
import zipfile
from html import escape
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from tools.editions import charts
from tools.editions.content import Edition

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
SVG = "http://www.w3.org/2000/svg"
EPUB_TYPE = f"{{{OPS}}}type"

CSS = """\
body { font-family: serif; line-height: 1.5; margin: 0 4%; }
h1 { font-size: 1.6em; margin: 1.2em 0 0.6em; }
h2 { font-size: 1.3em; margin: 1.4em 0 0.4em; }
h3 { font-size: 1.1em; }
a { color: inherit; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #555; padding: 0.2em 0.4em; vertical-align: top; text-align: left; }
pre, code { font-family: monospace; font-size: 0.9em; white-space: pre-wrap; }
.admonition { border-left: 3px solid #555; padding: 0 0 0 0.8em; margin: 1em 0; }
.admonition-title { font-weight: bold; }
figure.chart { margin: 1em 0; }
figure.chart svg { width: 100%; max-width: 30em; height: auto; }
section.notes { margin-top: 2em; border-top: 1px solid #555; font-size: 0.9em; }
aside.note p { margin: 0.3em 0; }
.title-page { text-align: center; margin-top: 20%; }
.title-page .subtitle { font-size: 1.2em; }
h3.tl-event { font-size: 1em; margin: 1.2em 0 0.3em; }
:lang(ko) { word-break: keep-all; overflow-wrap: break-word; }
:lang(ja) { line-break: strict; }
"""


def _file(slug: str) -> str:
    return f"{slug}.xhtml"


def _xhtml(el: etree._Element) -> etree._Element:
    """An HTML element tree (lxml.html, no namespace) as XHTML; inline SVG in its namespace."""
    if etree.QName(el).localname == "svg" or el.tag == "svg":
        return _svg(el)
    new = etree.Element(f"{{{XHTML}}}{el.tag}")
    for key, value in el.attrib.items():
        if key == "data-epub-type":
            new.set(EPUB_TYPE, value)
        else:
            new.set(key, value)
    new.text, new.tail = el.text, el.tail
    for child in el:
        if isinstance(child.tag, str):
            new.append(_xhtml(child))
    return new


def _svg(el: etree._Element) -> etree._Element:
    svg = etree.fromstring(charts.standalone_svg(el, font="serif"))
    svg.tail = el.tail
    return svg


def _notes(section: etree._Element, label: str = "Notes") -> None:
    """Python-Markdown's footnote list made EPUB notes, numbered as on the site."""
    for div in section.xpath(".//div[contains(concat(' ', @class, ' '), ' footnote ')]"):
        notes = etree.Element("section")
        notes.set("class", "notes")
        notes.set("aria-label", label)
        notes.tail = div.tail
        for number, li in enumerate(div.xpath("./ol/li"), start=1):
            aside = etree.SubElement(notes, "aside", id=li.get("id"))
            aside.set("data-epub-type", "footnote")
            aside.set("role", "doc-footnote")
            aside.set("class", "note")
            children = list(li)
            for child in children:
                aside.append(child)
            first = aside.find("p")
            if first is None:
                first = etree.Element("p")
                aside.insert(0, first)
            first.text = f"{number}. " + (first.text or "")
        div.getparent().replace(div, notes)
    for a in section.xpath(".//a[contains(concat(' ', @class, ' '), ' footnote-ref ')]"):
        a.set("data-epub-type", "noteref")
        a.set("role", "doc-noteref")
    for a in section.xpath(".//a[contains(concat(' ', @class, ' '), ' citation-backref ')]"):
        a.set("role", "doc-backlink")


def _document(title: str, body_children: list[etree._Element], lang: str) -> bytes:
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML, "epub": OPS})
    html.set("lang", lang)
    html.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    head = etree.SubElement(html, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}meta", charset="utf-8")
    etree.SubElement(head, f"{{{XHTML}}}title").text = title
    etree.SubElement(head, f"{{{XHTML}}}link", rel="stylesheet", type="text/css", href="edition.css")
    body = etree.SubElement(html, f"{{{XHTML}}}body")
    for child in body_children:
        body.append(child)
    return (b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            + etree.tostring(html, encoding="utf-8"))


def _fragment(markup: str) -> list[etree._Element]:
    """Trusted HTML of this module (title page, citation) as XHTML elements."""
    return [_xhtml(el) for el in lxml_html.fragments_fromstring(markup)]


def chapter_files(edition: Edition) -> tuple[dict[str, bytes], dict[str, list[tuple[str, str]]]]:
    """{file name: XHTML} for every chapter, and each chapter's h2 sections for the nav."""
    where: dict[str, str] = {}
    for chapter in edition.chapters:
        for el in chapter.body.iter():
            if isinstance(el.tag, str) and el.get("id"):
                where[el.get("id")] = _file(chapter.slug)
    files: dict[str, bytes] = {}
    sections: dict[str, list[tuple[str, str]]] = {}
    slugs = {c.slug for c in edition.chapters}
    for chapter in edition.chapters:
        section = copy.deepcopy(chapter.body)
        _notes(section, edition.labels["notes"])
        for a in section.iter("a"):
            href = a.get("href") or ""
            target = where.get(href[1:]) if href.startswith("#") else None
            if target:  # an id no chapter has stays `#id`: EPUBCheck refuses it (RSC-012)
                a.set("href", target if href[1:] in slugs else f"{target}{href}")
        sections[chapter.slug] = [(h.get("id"), " ".join("".join(h.xpath(
                                      ".//text()[not(ancestor::sup)]")).split()))
                                  for h in section.iter("h2")
                                  if h.get("id") and "unlisted" not in (h.get("class") or "").split()]
        files[_file(chapter.slug)] = _document(chapter.title, [_xhtml(section)], edition.lang)
    return files, sections


def title_page(edition: Edition) -> str:
    words = edition.labels
    return "\n".join([
        f'<section class="title-page" data-epub-type="titlepage" aria-label="{escape(words["title_page"])}">',
        f'<h1>{escape(edition.site_name)}</h1>',
        f'<p class="subtitle">{escape(edition.subtitle)}</p>',
        f'<p>{escape(words["the_article"])} {edition.article_html}</p>',
        f'<p>{escape(words["made"].format(date=edition.date_text))}</p>',
        f'<p>{escape(words["online"])} <a href="{escape(edition.site_url)}">{escape(edition.site_url)}</a></p>',
        f'<p>{escape(edition.licence)}</p>',
        '</section>',
    ])


def nav_document(edition: Edition, sections: dict[str, list[tuple[str, str]]]) -> bytes:
    items = []
    for chapter in edition.chapters:
        subs = "".join(f'<li><a href="{_file(chapter.slug)}#{escape(i)}">{escape(t)}</a></li>'
                       for i, t in sections[chapter.slug])
        items.append(f'<li><a href="{_file(chapter.slug)}">{escape(chapter.title)}</a>'
                     + (f"<ol>{subs}</ol>" if subs else "") + "</li>")
    words = {k: escape(v) for k, v in edition.labels.items()}
    items.append(f'<li><a href="cite.xhtml">{words["cite_title"]}</a></li>')
    markup = (f'<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">'
              f'<h1 id="toc-title">{words["contents"]}</h1><ol>{"".join(items)}</ol></nav>'
              '<nav epub:type="landmarks" aria-label="Landmarks" hidden="hidden"><ol>'
              f'<li><a epub:type="titlepage" href="title.xhtml">{words["title_page"]}</a></li>'
              f'<li><a epub:type="toc" href="nav.xhtml">{words["contents"]}</a></li>'
              f'<li><a epub:type="bodymatter" href="{_file(edition.chapters[0].slug)}">{words["start"]}</a></li>'
              '</ol></nav>')
    return _document(edition.labels["contents"], _namespaced_fragment(markup), edition.lang)


def _namespaced_fragment(markup: str) -> list[etree._Element]:
    wrapper = etree.fromstring(f'<div xmlns="{XHTML}" xmlns:epub="{OPS}">{markup}</div>')
    return list(wrapper)


def package(edition: Edition, items: list[tuple[str, str, str, str]], spine: list[str]) -> bytes:
    """content.opf: metadata (accessibility included), manifest (id, file, media type,
    properties), spine."""
    ident = uuid.uuid5(uuid.NAMESPACE_URL, f"{edition.site_url}#{edition.date.isoformat()}")
    modified = edition.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    manifest = "\n".join(f'    <item id="{i}" href="{h}" media-type="{m}"{props}/>'
                         for i, h, m, props in items)
    refs = "\n".join(f'    <itemref idref="{i}"/>' for i in spine)
    meta = [
        f'<dc:identifier id="pub-id">urn:uuid:{ident}</dc:identifier>',
        f"<dc:title>{escape(edition.site_name)}</dc:title>",
        f"<dc:language>{escape(edition.lang)}</dc:language>",
        f"<dc:creator>{escape(edition.authors)}</dc:creator>",
        f"<dc:date>{edition.date:%Y-%m-%d}</dc:date>",
        f"<dc:rights>{escape(edition.licence)}</dc:rights>",
        f"<dc:source>{escape(edition.site_url)}</dc:source>",
        f'<meta property="dcterms:modified">{modified}</meta>',
        '<meta property="schema:accessMode">textual</meta>',
        '<meta property="schema:accessMode">visual</meta>',
        '<meta property="schema:accessModeSufficient">textual</meta>',
        '<meta property="schema:accessibilityFeature">structuralNavigation</meta>',
        '<meta property="schema:accessibilityFeature">tableOfContents</meta>',
        '<meta property="schema:accessibilityFeature">readingOrder</meta>',
        '<meta property="schema:accessibilityFeature">alternativeText</meta>',
        '<meta property="schema:accessibilityFeature">longDescription</meta>',
        '<meta property="schema:accessibilityFeature">displayTransformability</meta>',
        '<meta property="schema:accessibilityHazard">none</meta>',
        f'<meta property="schema:accessibilitySummary">{escape(edition.labels["accessibility"])}</meta>',
    ]
    return "\n".join([
        '<?xml version="1.0" encoding="utf-8"?>',
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" '
        f'xml:lang="{escape(edition.lang)}" prefix="schema: http://schema.org/">',
        '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">',
        *("    " + m for m in meta),
        "  </metadata>",
        "  <manifest>",
        manifest,
        "  </manifest>",
        "  <spine>",
        refs,
        "  </spine>",
        "</package>",
        "",
    ]).encode("utf-8")


CONTAINER = b"""<?xml version="1.0" encoding="utf-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def build_epub(edition: Edition, out: Path, cite_html: str) -> None:
    chapters, sections = chapter_files(edition)
    files: dict[str, bytes] = {
        "title.xhtml": _document(edition.site_name, _fragment(title_page(edition)), edition.lang),
        "nav.xhtml": nav_document(edition, sections),
    }
    files.update(chapters)
    files["cite.xhtml"] = _document(edition.labels["cite_title"], _fragment(cite_html),
                                    edition.lang)
    items = [("css", "edition.css", "text/css", "")]
    spine = []
    for n, (name, data) in enumerate(files.items()):
        ident = f"x{n}-" + name.split(".")[0]
        props = (' properties="nav"' if name == "nav.xhtml"
                 else ' properties="svg"' if b"<svg" in data else "")
        items.append((ident, name, "application/xhtml+xml", props))
        spine.append(ident)
    opf = package(edition, items, spine)
    stamp = edition.date.timetuple()[:6]
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w") as zf:
        def add(name: str, data: bytes, compress: int = zipfile.ZIP_DEFLATED) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = compress
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, data, compresslevel=9 if compress else None)

        add("mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        add("META-INF/container.xml", CONTAINER)
        add("OEBPS/content.opf", opf)
        add("OEBPS/edition.css", CSS.encode("utf-8"))
        for name, data in files.items():
            add(f"OEBPS/{name}", data)
