"""Citation markers and back-links (explainer.citation_marks): Markdown in, HTML out, side by side
(as Python-Markdown's own extension tests do), then fixture sites and every page of the real
site. The browser checks (tests/browser/test_citation_typography.py) add what only a browser can
tell: where lines break."""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as etree
from html import unescape
from html.parser import HTMLParser

import markdown
import pytest

from conftest import bib_with
from explainer import citation_marks as marks

EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "smarty", "tables",
              marks.CitationMarksExtension()]
NOTES = "\n\n[^a]: Source A.\n[^b]: Source B.\n"


def without_search_exclude(html: str) -> str:
    """`html` without Material's search attribute (tests/test_search_index.py covers it)."""
    return html.replace(f' {marks.SEARCH_EXCLUDE}=""', "")


def render(source: str) -> str:
    """`source` (with notes a and b defined) as HTML, without the note list."""
    html = without_search_exclude(markdown.markdown(textwrap.dedent(source) + NOTES,
                                                    extensions=EXTENSIONS))
    return html[:html.index('<div class="footnote">')].strip()


def expand(expected: str) -> str:
    """Shorthand of the expected HTML: {a} and {b} are the first markers of notes a and b, {a2}
    the second of a, {,} the comma between markers, <J> the join span and \\u2060 the word joiner."""
    def marker(match: re.Match) -> str:
        key, n = match.group(1), match.group(2)
        number = {"a": 1, "b": 2}[key]
        return (f'<sup id="fnref{n}:{key}"><a class="footnote-ref" href="#fn:{key}">{number}</a>'
                "</sup>")
    expected = re.sub(r"\{([ab])(\d*)\}", marker, expected)
    return (expected.replace("{,}", '<sup aria-hidden="true" class="citation-separator">,</sup>')
            .replace("<J>", '<span class="citation-join">'))


# Markers ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    # after the punctuation it touches, against its word, the word joined to it
    ("Allies [^a].", "<p><J>Allies.{a}</span></p>"),
    ("Allies [^a], partners [^b]; rivals [^a]: all.",
     "<p><J>Allies,{a}</span> <J>partners;{b}</span> <J>rivals:{a2}</span> all.</p>"),
    ("Fair [^a]? Yes [^b]!", "<p><J>Fair?{a}</span> <J>Yes!{b}</span></p>"),
    ("Already after. [^a] Next.", "<p>Already <J>after.{a}</span> Next.</p>"),
    # closing quotation marks and parentheses, from either side of the marker
    ('"A fair share of the cost" [^a].',
     "<p>&ldquo;A fair share of the <J>cost&rdquo;.{a}</span></p>"),
    ('"A fair share of the cost [^a]".',
     "<p>&ldquo;A fair share of the <J>cost&rdquo;.{a}</span></p>"),
    ("The allies' [^a] view.", "<p>The <J>allies&rsquo;{a}</span> view.</p>"),
    ("(as Wei puts it [^a]).", "<p>(as Wei puts <J>it).{a}</span></p>"),
    ("It went on [^a]...", "<p>It went <J>on&hellip;{a}</span></p>"),
    ("Escaped [^a]\\.", "<p><J>Escaped.{a}</span></p>"),
    # never over a dash, nor over what follows a space
    ("Allies [^a]---and rivals.", "<p><J>Allies{a}</span>&mdash;and rivals.</p>"),
    ("Allies [^a]--rivals.", "<p><J>Allies{a}</span>&ndash;rivals.</p>"),
    ("Allies [^a] (and rivals).", "<p><J>Allies{a}</span> (and rivals).</p>"),
    # the markers of one group stay together, with a comma between them
    ("Allies [^a] [^b].", "<p><J>Allies.{a}{,}{b}</span></p>"),
    ("Allies [^a][^b].", "<p><J>Allies.{a}{,}{b}</span></p>"),
    ("Allies [^a] and rivals [^b].", "<p><J>Allies{a}</span> and <J>rivals.{b}</span></p>"),
    # a marker at the start of a source line joins the last word of the line before
    ("The allies\n[^a].", "<p>The <J>allies.{a}</span></p>"),
    # one that opens its block has no word: it stays
    ("[^a] opens the paragraph.", "<p>{a} opens the paragraph.</p>"),
    ("[^a] [^b] open it.", "<p>{a}{,}{b} open it.</p>"),
    # an inline element right before: moved in if it is one word, else left, the span starting
    # with the punctuation (no line breaks before it) or a word joiner
    ("*Asahi* [^a].", "<p><J><em>Asahi</em>.{a}</span></p>"),
    ("In *The Asahi Shimbun* [^a].", "<p>In <em>The Asahi Shimbun</em><J>.{a}</span></p>"),
    ("See [the fact sheet](x.md) [^a] too.",
     '<p>See <a href="x.md">the fact sheet</a><J>\u2060{a}</span> too.</p>'),
    ("<b>the allies</b> [^a].", "<p><b>the allies</b><J>.{a}</span></p>"),
    ("<b>allies</b> [^a].", "<p><b>allies</b><J>.{a}</span></p>"),
    # code stays as written, a literal marker in it too
    ("Write `[^a] x` and `y` [^a].",
     "<p>Write <code>[^a] x</code> and <J><code>y</code>.{a}</span></p>"),
    ("```\nText [^a].\n```", "<p><code>Text [^a].</code></p>"),
    ("Code:\n\n    Text [^a].", "<p>Code:</p>\n<pre><code>Text [^a].\n</code></pre>"),
])
def test_markers(source, expected):
    assert render(source) == expand(expected)


@pytest.mark.parametrize("source, expected", [
    # Japanese: after 。、」） and the full-width forms; joined to the last character only, so the
    # sentence before it can still break (a space before the marker is dropped, as in English)
    ("日本は譲歩したのである[^a]。次に", "<p>日本は譲歩したのであ<J>る。{a}</span>次に</p>"),
    ("日本は譲歩したのである [^a]。", "<p>日本は譲歩したのであ<J>る。{a}</span></p>"),
    ("米国、日本[^a]、韓国", "<p>米国、日<J>本、{a}</span>韓国</p>"),
    ("「ただ乗り」と述べた[^a][^b]。", "<p>「ただ乗り」と述べ<J>た。{a}{,}{b}</span></p>"),
    ("「ただ乗り」[^a]と呼ぶ", "<p>「ただ乗<J>り」{a}</span>と呼ぶ</p>"),
    ("「ただ乗り[^a]」と呼ぶ", "<p>「ただ乗<J>り」{a}</span>と呼ぶ</p>"),
    ("（同盟国[^a]）。", "<p>（同盟<J>国）。{a}</span></p>"),
    ("本当か[^a]？そうだ[^b]！", "<p>本当<J>か？{a}</span>そう<J>だ！{b}</span></p>"),
    ("全文である[^a]．理由[^b]：", "<p>全文であ<J>る．{a}</span>理<J>由：{b}</span></p>"),
    ("日本・韓国[^a]・米国", "<p>日本・韓<J>国・{a}</span>米国</p>"),
    ("2019年[^a]", "<p>2019<J>年{a}</span></p>"),
    # a Latin word after the last CJK character is joined whole; an inline element holding
    # Japanese stays outside the span (the span starts with punctuation, or a word joiner)
    ("米通商代表部USTR[^a]。", "<p>米通商代表部<J>USTR。{a}</span></p>"),
    ("*日米貿易協定*[^a]。", "<p><em>日米貿易協定</em><J>。{a}</span></p>"),
    ("*日米貿易協定*[^a]", "<p><em>日米貿易協定</em><J>\u2060{a}</span></p>"),
    ("*TPP*[^a]。", "<p><J><em>TPP</em>。{a}</span></p>"),
    # never over a dash (――, the Japanese double dash, is not closing punctuation)
    ("同盟国[^a]――そして", "<p>同盟<J>国{a}</span>――そして</p>"),
    # Korean: the same, over Latin punctuation, with the spaces between words kept
    ("한국은 결국 양보했다[^a]. 그 후", "<p>한국은 결국 양보했<J>다.{a}</span> 그 후</p>"),
    ("한국은 결국 양보했다 [^a] [^b].", "<p>한국은 결국 양보했<J>다.{a}{,}{b}</span></p>"),
    ("미국, 일본[^a], 한국", "<p>미국, 일<J>본,{a}</span> 한국</p>"),
    ("\"공정한 무역\"[^a]이라고", "<p>&ldquo;공정한 무<J>역&rdquo;{a}</span>이라고</p>"),
    ("「公正な貿易」[^a]이라고", "<p>「公正な貿<J>易」{a}</span>이라고</p>"),
    ("한국은 USTR의[^a] 요구에", "<p>한국은 USTR<J>의{a}</span> 요구에</p>"),
])
def test_markers_in_korean_and_japanese(source, expected):
    assert render(source) == expand(expected)


@pytest.mark.parametrize("word, expected", [
    ("allies", ("", "allies")),
    ("である", ("であ", "る")),
    ("述べた」", ("述べ", "た」")),
    ("報告書USTR", ("報告書", "USTR")),
    ("\x02wzxhzdk:0\x03무역\x02wzxhzdk:0\x03", ("\x02wzxhzdk:0\x03무", "역\x02wzxhzdk:0\x03")),
    ("」", ("", "」")),
])
def test_split_join(word, expected):
    assert marks.split_join(word, ["&rdquo;"], marks.CLOSING) == expected


@pytest.mark.parametrize("source, expected", [
    ("| Year | Share |\n| --- | --- |\n| 2019 | 8.2% [^a]. |\n| 2020 | [^b] |",
     "<table>\n<thead>\n<tr>\n<th>Year</th>\n<th>Share</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
     "<td>2019</td>\n<td><J>8.2%.{a}</span></td>\n</tr>\n<tr>\n<td>2020</td>\n<td>{b}</td>\n"
     "</tr>\n</tbody>\n</table>"),
    ("- First [^a].\n- Second\n  line [^b],\n    - nested [^a]",
     "<ul>\n<li><J>First.{a}</span></li>\n<li>Second\n  <J>line,{b}</span><ul>\n"
     "<li><J>nested{a2}</span></li>\n</ul>\n</li>\n</ul>"),
    ('!!! note "Source"\n    Section 2 [^a].',
     '<div class="admonition note">\n<p class="admonition-title">Source</p>\n'
     "<p>Section <J>2.{a}</span></p>\n</div>"),
    ("> Quoted [^a].\n>\n> - listed [^b]",
     "<blockquote>\n<p><J>Quoted.{a}</span></p>\n<ul>\n<li><J>listed{b}</span></li>\n</ul>\n"
     "</blockquote>"),
    ("## Heading [^a]", "<h2><J>Heading{a}</span></h2>"),
])
def test_markers_in_blocks(source, expected):
    assert render(source) == expand(expected)


def _marker(ref: str, note: str, number: int) -> str:
    return f'<sup id="{ref}"><a class="footnote-ref" href="#fn:{note}">{number}</a></sup>'


PAGE_TREE = (f"<div><h1>Trade</h1><p>Allies {_marker('fnref:a', 'a', 1)} {_marker('fnref:b', 'b', 2)}"
             f".</p><p>{_marker('fnref2:a', 'a', 1)} opens. Once more {_marker('fnref3:a', 'a', 1)}"
             '.</p><div class="footnote"><hr /><ol><li id="fn:a"><p>A.<a class="footnote-backref" '
             'href="#fnref:a">x</a><a class="footnote-backref" href="#fnref2:a">x</a>'
             '<a class="footnote-backref" href="#fnref3:a">x</a></p></li><li id="fn:b"><p>B.'
             '<a class="footnote-backref" href="#fnref:b">x</a></p></li></ol></div></div>')


def test_running_twice_changes_nothing():
    root = etree.fromstring(PAGE_TREE)
    assert (marks.place_markers(root), marks.compact_backrefs(root)) == (3, 2)
    once = etree.tostring(root, encoding="unicode")
    assert (marks.place_markers(root), marks.compact_backrefs(root)) == (1, 0)  # the opener
    assert etree.tostring(root, encoding="unicode") == once
    assert '<span class="citation-join">Allies.<sup id="fnref:a">' in once


@pytest.mark.parametrize("text, expected", [
    (".” More", (".”", " More")),
    ("\x02wzxhzdk:0\x03. x", ("\x02wzxhzdk:0\x03.", " x")),  # a stashed &rdquo;
    ("\x02wzxhzdk:1\x03x", ("", "\x02wzxhzdk:1\x03x")),  # a stashed tag stops it
    ("\x0246\x03)", ("\x0246\x03)", "")),  # a backslash-escaped "."
    ("—and", ("", "—and")),
    (" .", ("", " .")),
])
def test_split_closing(text, expected):
    assert marks.split_closing(text, ["&rdquo;", "<b>"]) == expected


@pytest.mark.parametrize("text, expected", [
    ("the allies", ("the ", "allies")),
    ("the \x02wzxhzdk:0\x03cost\x02wzxhzdk:0\x03", ("the ", "\x02wzxhzdk:0\x03cost\x02wzxhzdk:0\x03")),
    ("the allies\x02wzxhzdk:1\x03", ("the allies\x02wzxhzdk:1\x03", "")),
    ("one", ("", "one")),
])
def test_split_last_word(text, expected):
    assert marks.split_last_word(text, ["&rdquo;", "</b>"]) == expected


# Back-links -------------------------------------------------------------------------------------

def notes(source: str) -> str:
    """The note list of `source`, one line per note."""
    html = without_search_exclude(markdown.markdown(textwrap.dedent(source), extensions=EXTENSIONS))
    return html[html.index('<div class="footnote">'):]


def test_a_note_cited_once_has_one_named_arrow():
    assert notes("# Trade\n\nAllies [^a].\n\n[^a]: Source A.\n") == (
        '<div class="footnote">\n<hr />\n<ol>\n<li id="fn:a">\n<p>Source A.&#160;'
        '<span class="footnote-backrefs"><a aria-label="Back to note 1, in section Trade" '
        'class="citation-backref" href="#fnref:a">\u21a9\ufe0e</a></span></p>\n</li>\n</ol>\n</div>')


def test_a_note_cited_several_times_has_letters_in_the_order_of_the_text():
    """Python-Markdown numbers the markers in the order it parses them: the paragraph after the
    list gets fnref2:, the list item fnref3:. The letters follow the text."""
    source = """\
        # Trade

        Allies [^a].

        - In a list [^a].

        ## Renewed "pressure" in 2019

        Again [^a].

        [^a]: Source A.
        """
    assert notes(source) == (
        '<div class="footnote">\n<hr />\n<ol>\n<li id="fn:a">\n<p>Source A.&#160;'
        '<span class="footnote-backrefs"><span aria-hidden="true" '
        'class="footnote-backrefs__arrow">\u21a9\ufe0e</span> '
        '<a aria-label="Back to note 1, citation 1 of 3 (a), in section Trade" '
        'class="citation-backref" href="#fnref:a">a</a> '
        '<a aria-label="Back to note 1, citation 2 of 3 (b), in section Trade" '
        'class="citation-backref" href="#fnref3:a">b</a> '
        '<a aria-label="Back to note 1, citation 3 of 3 (c), in section Renewed \u201cpressure\u201d '
        'in 2019" class="citation-backref" href="#fnref2:a">c</a></span></p>\n</li>\n</ol>\n</div>')


def test_a_citation_under_an_h4_is_named_for_its_section_as_the_references_page_lists_it():
    source = "# Trade\n\n## Steel\n\n#### Details\n\nAllies [^cite-a].\n\n[^cite-a]: A.\n"
    assert 'aria-label="Back to note 1, in section Steel"' in notes(source)
    extension = marks.CitationMarksExtension()
    markdown.markdown(source, extensions=["footnotes", "toc", extension])
    assert marks.cited_sections(extension.markers) == {"a": [marks.Section("Steel", "steel")]}


def test_a_page_without_headings_names_no_section():
    assert 'aria-label="Back to note 1" ' in notes("Allies [^a].\n\n[^a]: A.\n")


@pytest.mark.parametrize("n, expected", [(1, "a"), (18, "r"), (26, "z"), (27, "aa"), (52, "az"),
                                         (53, "ba")])
def test_letters(n, expected):
    assert marks.letter(n) == expected


def test_section_titles_leave_out_permalinks():
    heading = etree.Element("h2", {"id": "s"})
    heading.text = "Trump\x02wzxhzdk:0\x03s deal"
    etree.SubElement(heading, "a", {"class": "headerlink", "href": "#s"}).text = "¶"
    assert marks.plain_text(heading, ["&rsquo;"]) == "Trump\u2019s deal"


# Built pages ------------------------------------------------------------------------------------

class _Markers(HTMLParser):
    """Each note marker of a built page with the visible character before and after it in its
    block (other markers of its group and their commas left out)."""

    BLOCKS = {"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
              "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
              "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
              "table", "td", "th", "tr", "ul"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.inside = 0  # depth inside a marker or a separator
        self.pending: list[list[str]] = []  # [id, before, after]
        self.found: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.inside:
            self.inside += tag == "sup"
            return
        if tag in self.BLOCKS:
            self._end_block()
        ref = attributes.get("id") or ""
        if tag == "sup" and (ref.startswith("fnref")
                             or marks.SEPARATOR_CLASS in (attributes.get("class") or "")):
            self.inside = 1
            if ref.startswith("fnref"):
                self.pending.append([ref, self.text.replace(marks.WORD_JOINER, "")[-1:], ""])

    def handle_endtag(self, tag):
        if self.inside:
            self.inside -= tag == "sup"
        elif tag in self.BLOCKS:
            self._end_block()

    def handle_data(self, data):
        if self.inside:
            return
        for marker in self.pending:
            marker[2] = data[:1]
        self.found += self.pending
        self.pending = []
        self.text += data

    def _end_block(self):
        self.found += self.pending
        self.pending, self.text = [], ""


def marker_problems(html: str) -> list[str]:
    """Markers with whitespace before them, or before punctuation they should follow."""
    parser = _Markers()
    parser.feed(html)
    parser.close()
    problems = []
    for ref, before, after in parser.found + parser.pending:
        if before.isspace():
            problems.append(f"{ref}: space before the marker")
        if after and after in marks.CLOSING:
            problems.append(f"{ref}: marker before {after!r}")
    return problems


def test_every_built_page_sets_its_markers(site):
    pages = sorted(site.site_dir.rglob("*.html"))
    problems = [f"{page.relative_to(site.site_dir)}: {p}" for page in pages
                for p in marker_problems(page.read_text("utf-8"))]
    assert problems == []
    counted = sum(len(re.findall(r'<sup (?:data-search-exclude="" )?id="fnref',
                                 page.read_text("utf-8"))) for page in pages)
    assert counted > 150  # the check saw the site's markers


JOIN = re.compile(r'<span class="citation-join">(.*?)<sup', re.S)


def join_problems(html: str) -> list[str]:
    """Joins of a marker to its word that hold more than one Korean or Japanese character (not
    counting closing punctuation): such a run, which could break anywhere, would be one
    unbreakable line (explainer.citation_marks.split_join)."""
    problems = []
    for match in JOIN.finditer(html):
        text = unescape(re.sub(r"<[^>]*>", "", match.group(1))).replace(marks.WORD_JOINER, "")
        wide = [ch for ch in text if marks.is_wide(ch) and ch not in marks.CLOSING]
        if len(wide) > 1:
            problems.append(f"the marker is joined to {text!r}, {len(wide)} CJK characters")
    return problems


def test_no_built_page_joins_a_marker_to_a_run_of_korean_or_japanese(site):
    pages = sorted(site.site_dir.rglob("*.html"))
    assert [f"{page.relative_to(site.site_dir)}: {p}" for page in pages
            for p in join_problems(page.read_text("utf-8"))] == []
    joined = [ch for page in pages for match in JOIN.finditer(page.read_text("utf-8"))
              for ch in re.sub(r"<[^>]*>", "", match.group(1)) if marks.is_wide(ch)]
    assert len(joined) > 300  # the check saw Korean and Japanese joins


def test_the_join_check_fails_on_a_joined_run():
    html = ('<p><a href="#x">日米</a><span class="citation-join">る。<sup id="fnref:a">1</sup></span>'
            '<span class="citation-join">同盟国である。<sup id="fnref:b">2</sup></span></p>')
    assert join_problems(html) == ["the marker is joined to '同盟国である。', 6 CJK characters"]


def test_marker_check_fails_on_markers_set_by_hand(make_site):
    raw = ('<p>Spaced <sup id="fnref:x"><a class="footnote-ref" href="#fn:cite-wei2020america">1'
           '</a></sup> and before <sup id="fnref:y"><a class="footnote-ref" '
           'href="#fn:cite-wei2020america">1</a></sup>. Fine.<sup id="fnref:z"><a '
           'class="footnote-ref" href="#fn:cite-wei2020america">1</a></sup></p>')
    result = make_site({"index.md": f"# Home\n\nCited [@wei2020america].\n\n{raw}\n"}, bib=bib_with())
    assert result.ok, result.output
    assert marker_problems(result.html()) == [
        "fnref:x: space before the marker", "fnref:y: space before the marker",
        "fnref:y: marker before '.'"]


def test_a_site_sets_markers_everywhere_through_the_hook(make_site):
    """Paragraphs, lists, tables, admonitions, block quotes, the generated Glossary page; code
    keeps `[@key]` literal."""
    page = textwrap.dedent("""\
        # Home

        !!! abstract no-glossary "Source"
            Section 2, "The Trump Administration's Pressure on the ROK".
            [@wei2020america]

        The allies paid more [@sandler2014nato; @wei2020america]. Wei calls it "unfair" [@wei2020america].
        The ROK [@wei2020america] agreed.

        - Listed [@sandler2014nato], and more. Unspaced[@sandler2014nato].

        | Year | Source |
        | --- | --- |
        | 2019 | Paid [@wei2020america]. |

        > Quoted [@sandler2014nato]---with a dash.

        Write `[@wei2020america]` in a page:

        ```
        The allies [@wei2020america].
        ```
        """)
    glossary = textwrap.dedent("""\
        terms:
          - term: ROK
            definition: The Republic of Korea, South Korea.
            cite: sandler2014nato
        """)
    result = make_site({"index.md": page, "glossary.yml": glossary}, bib=bib_with("sandler2014nato"))
    assert result.ok, result.output
    html = result.html()
    assert marker_problems(html) == []
    assert marker_problems(result.html("glossary/index.html")) == []
    assert "<code>[@wei2020america]</code>" in html
    assert "The allies [@wei2020america]." in html
    assert re.search(r'<span class="citation-join"><a class="glossary-term" [^>]*>ROK</a><sup', html)
    for joined in ("ROK&rdquo;.<sup", "more.<sup", "&ldquo;unfair&rdquo;.<sup", "Listed,<sup",
                   "Paid.<sup", "Quoted<sup",
                   "Unspaced.<sup"):
        assert re.search(r'<span class="citation-join">[^<]*(<a [^>]*>)?' + re.escape(joined),
                         html), joined
    assert '<span class="citation-join">Korea.<sup' in result.html("glossary/index.html")
    names = re.findall(r'aria-label="(Back to note[^"]*)"', html)
    assert names == [
        "Back to note 1, citation 1 of 5 (a), in section Home",
        "Back to note 1, citation 2 of 5 (b), in section Home",
        "Back to note 1, citation 3 of 5 (c), in section Home",
        "Back to note 1, citation 4 of 5 (d), in section Home",
        "Back to note 1, citation 5 of 5 (e), in section Home",
        "Back to note 2, citation 1 of 4 (a), in section Home",
        "Back to note 2, citation 2 of 4 (b), in section Home",
        "Back to note 2, citation 3 of 4 (c), in section Home",
        "Back to note 2, citation 4 of 4 (d), in section Home"]
