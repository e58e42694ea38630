"""The PDF edition: the chapters' HTML -> Typst markup (pandoc) -> a tagged PDF/UA-1 (typst).

Both programs come as PyPI wheels (pypandoc_binary, typst), typst with its own fonts
(Libertinus Serif, DejaVu Sans Mono), used alone (ignore_system_fonts): nothing is downloaded
and the machine's fonts change nothing. Korean and Japanese take Noto Sans CJK from two locked
PyPI packages (tools.editions.i18n_fonts): the Regular collection (KR and JP faces) and the JP Bold face, which
covers Hangul too and sets Korean headings and strong text (the KR face has no Bold here).
Headings are sticky (Typst's default: never alone at the foot of a page; check.py's
`orphan_problems` verifies it), Timeline events are headings of their own and Glossary
entries are left out of the contents (content.py). Notes are endnotes at the end of each chapter, numbered
as on the site, each linked to its markers and back. Typst fails on a link to a label that is
not in the document, so every internal link of the PDF is checked as it is made.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from pathlib import Path

from lxml import etree

from explainer.errors import SourceError
from tools.editions import charts
from tools.editions.content import Edition
from tools.editions.i18n_fonts import LICENCES, families, font_paths, fonts

# A4: the paper of the article's readers in East Asia and Europe, and the ISO size; on US
# Letter it prints at 97 % with nothing cut off (the margins are wider than the difference).
PAPER = "a4"
# Elements whose id pandoc turns into a Typst label itself.
KEEPS_ID = {"h1", "h2", "h3", "h4", "h5", "h6", "li", "figure", "div", "section"}

PREAMBLE = r"""
#set document(title: [{title}], author: ({author}), date: datetime(year: {y}, month: {m}, day: {d}))
#set text(lang: "{lang}", font: {fonts}, size: 11pt)
#set page(paper: "{paper}", margin: (x: 2.4cm, y: 2.6cm), numbering: "1",
  footer: context if counter(page).get().first() > 1 [
    #set align(center)
    #set text(size: 9pt)
    #counter(page).display("1")
  ])
#set par(justify: true, leading: {leading})
#set heading(numbering: none)
#show heading.where(level: 1, outlined: true): it => {{ pagebreak(weak: true); v(1.2cm); text(size: 20pt, it); v(0.4cm) }}
#show heading.where(level: 2): set text(size: 14pt)
#show heading.where(level: 3): set text(size: 12pt)
#show raw: set text(font: "DejaVu Sans Mono", size: 9pt)
#show outline.entry.where(level: 1): set text(weight: "bold")
{bold}
#show link: it => {{ if type(it.dest) == str {{ underline(stroke: 0.4pt, offset: 1.5pt, it) }} else {{ it }} }}
#show figure: set block(breakable: false)
#let horizontalrule = line(length: 100%, stroke: 0.4pt)
#set table(stroke: 0.4pt, inset: 4pt)
#show table: set text(size: 9.5pt)
"""


def _escape(text: str) -> str:
    """Plain text as Typst markup."""
    return re.sub(r"([\\#*_`$<>@\[\]~/=+\-])", r"\\\1", text)


def _pandoc(html: str) -> str:
    try:
        import pypandoc

        return pypandoc.convert_text(html, "typst", format="html", extra_args=["--wrap=preserve"])
    except ImportError:
        raise SourceError("requirements.txt", None, "pypandoc_binary (pandoc) is not installed",
                          "Run `make .venv/.installed`") from None
    except (OSError, RuntimeError) as exc:
        first = (str(exc).strip().splitlines() or ["no message"])[-1]
        raise SourceError("the PDF edition", None, f"pandoc could not convert the pages to Typst "
                          f"({first})", "Run `make build` and check its output") from None


def _prepare(section: etree._Element, chart_dir: Path, anchors: list[str],
             font: str = "Libertinus Serif") -> list[etree._Element]:
    """The chapter as pandoc can carry it. Pandoc keeps no attributes on a marker's <sup> or a
    term's link, so each id that is not a heading's, a list item's or a block's becomes a
    placeholder word, made a Typst label after pandoc (`anchor_labels`). The chapter's id goes
    on its h1 (a heading inside a block could not break the page). Each chart's SVG is written
    to a file and shown with <img>."""
    section = copy.deepcopy(section)
    h1 = section.find(".//h1")
    if h1 is not None:
        h1.set("id", section.get("id"))
    for svg in section.xpath(".//*[local-name()='svg'][contains(concat(' ', @class, ' '), ' chart__svg ')]"):
        figure = svg.xpath("ancestor::figure")
        name = (figure[0].get("id") if figure else None) or f"chart-{len(anchors)}"
        path = chart_dir / f"{name}.svg"
        path.write_bytes(charts.standalone_svg(svg, font=font))
        title = svg.xpath("string(*[local-name()='title'])")
        desc = svg.xpath("string(*[local-name()='desc'])")
        alt = " ".join(f"{title}. {desc}".split())
        word = etree.Element("p")
        word.text = f"EDITIONANCHOR{len(anchors)}X"
        anchors.append(f'#image("{path.name}", width: 80%, alt: {json.dumps(alt, ensure_ascii=False)})')
        svg.getparent().replace(svg, word)
    for el in list(section.iter()):
        if el is h1 or not isinstance(el.tag, str) or el.tag in KEEPS_ID or not el.get("id"):
            continue
        heading = el.xpath("ancestor::*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6]")
        if heading and heading[0].getnext() is not None:
            # A note marker in a heading (a translated quotation's note): its label after the
            # heading, since the contents repeat the heading's text and a label must be unique.
            _anchor(heading[0].getnext(), el.attrib.pop("id"), anchors)
        else:
            _anchor(el, el.attrib.pop("id"), anchors)
    return list(section)


def _anchor(el: etree._Element, ident: str, anchors: list[str]) -> None:
    """A placeholder word for `ident` at the start of `el` (pandoc leaves a plain word alone)."""
    word = f"EDITIONANCHOR{len(anchors)}X"
    anchors.append(ident)
    el.text = word + (el.text or "")


def anchor_labels(typst_text: str, anchors: list[str]) -> str:
    """Each placeholder word made an empty, locatable element with the id as its label (or the
    chart's image, for a placeholder that holds Typst code)."""
    def label(match: re.Match) -> str:
        value = anchors[int(match.group(1))]
        return value if value.startswith("#") else f"#metadata(none)<{value}>"

    return re.sub(r"EDITIONANCHOR(\d+)X", label, typst_text)


def typst_source(edition: Edition, chart_dir: Path, cite_html: str) -> str:
    """The whole PDF as one Typst document."""
    d = edition.date
    font = fonts(edition.lang)
    bold = ""
    if font["bold"]:
        bold = "\n".join(f"#show {el}: set text(font: {families(font['bold'])})"
                         for el in ("strong", "heading", "outline.entry.where(level: 1)"))
    parts = [PREAMBLE.format(title=_escape(edition.site_name), author=json.dumps(edition.authors),
                             y=d.year, m=d.month, d=d.day, paper=PAPER, lang=edition.lang,
                             fonts=families(font["body"]), leading=font["leading"], bold=bold)]
    parts.append(title_page(edition))
    parts.append(f'#pagebreak()\n#outline(title: [{_escape(edition.labels["contents"])}], depth: 2)\n')
    anchors: list[str] = []
    html = []
    svg_font = ", ".join(font["body"])
    for chapter in edition.chapters:
        for el in _prepare(chapter.body, chart_dir, anchors, svg_font):
            html.append(etree.tostring(el, encoding="unicode", method="html"))
    html.append(cite_html)
    parts.append(anchor_labels(_pandoc("".join(html)), anchors))
    return "\n".join(parts)


def title_page(edition: Edition) -> str:
    reference = _pandoc(f"<p>{edition.article_html}</p>").strip()
    words = edition.labels
    used = ["Libertinus Serif", "DejaVu Sans Mono"]
    if any("CJK" in f for f in fonts(edition.lang)["body"]):
        used.append("Noto Sans CJK")
    colophon = words["fonts"].format(fonts=", ".join(f"{f} ({LICENCES[f]})" for f in used))
    return "\n".join([
        "#page(numbering: none)[",
        "#set par(justify: false)",
        "#v(3cm)",
        f"#text(size: 24pt, weight: \"bold\")[{_escape(edition.site_name)}]",
        "#v(0.6cm)",
        f"#text(size: 14pt)[{_escape(edition.subtitle)}]",
        "#v(1.5cm)",
        _escape(words["the_article"]),
        "",
        reference,
        "#v(1fr)",
        _escape(words["made"].format(date=edition.date_text)),
        "",
        f"{_escape(words['online'])} #link(\"{edition.site_url}\")",
        "",
        f"#text(size: 9pt)[{_escape(edition.licence)}]",
        "",
        f"#text(size: 9pt)[{_escape(colophon)}]",
        "]",
    ])


def _page_named(edition: Edition, message: str) -> str:
    """The page to fix for a typst message naming a label: the page that links to it
    (`<conclusion>` missing: the pages linking to #conclusion), else the page it belongs to."""
    for label in re.findall(r"<([\w-]+)>", message):
        for chapter in edition.chapters:
            if chapter.body.xpath(f".//a[@href='#{label}']"):
                return chapter.source
        for chapter in edition.chapters:
            if label == chapter.slug or label.startswith(chapter.slug + "--"):
                return chapter.source
    return "the PDF edition"


def build_pdf(edition: Edition, out: Path, cite_html: str) -> None:
    try:
        import typst
    except ImportError:
        raise SourceError("requirements.txt", None, "the typst package is not installed",
                          "Run `make .venv/.installed` (typst is in requirements.in)") from None
    with tempfile.TemporaryDirectory(prefix="edition-pdf-") as tmp:
        root = Path(tmp)
        source = root / "edition.typ"
        source.write_text(typst_source(edition, root, cite_html), encoding="utf-8")
        try:
            pdf = typst.compile(str(source), root=str(root), ignore_system_fonts=True,
                                font_paths=font_paths(edition.lang),
                                pdf_standards=["ua-1"], timestamp=int(edition.date.timestamp()))
        except typst.TypstError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unknown error"
            raise SourceError(_page_named(edition, first), None,
                              f"typst could not typeset the PDF edition ({first})",
                              "A label is <page--id>: fix that page's link or id") from None
    out.write_bytes(pdf)
