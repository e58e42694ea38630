"""docs/glossary.yml: every bad input fails with one clear line; fixture sites show the build
stopping (or, for an unused term, warning under strict mode) with that line and no traceback."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, bib_with, sentence_problems
from explainer.errors import SourceError
from explainer.glossary import PageLink, entry_links, glossary_markdown, load_glossary, md_text

GOOD = """\
terms:
  - term: ROK
    full_name: Republic of Korea
    definition: The official name of South Korea.
    cite: alpha
    page: index.md
  - term: Special Measures Agreement
    aliases: [SMA]
    definition: A cost-sharing deal.
"""
KEYS = {"alpha", "beta"}
PAGES = ["index.md", "trade.md"]

BAD = [
    ("yaml-syntax", GOOD.replace("definition: A cost-sharing deal.", "definition: [A deal"),
     "docs/glossary.yml:10: YAML syntax error: did not find expected ',' or ']' (while "
     "parsing a flow sequence that starts on line 9). Fix the indentation, quoting or colons "
     "there"),
    ("yaml-indent", GOOD.replace("    page: index.md", "   page: index.md"),
     "docs/glossary.yml:6: YAML syntax error: did not find expected '-' indicator (while "
     "parsing a block collection that starts on line 2). Fix the indentation, quoting or colons "
     "there"),
    ("missing-definition", GOOD.replace("    definition: A cost-sharing deal.\n", ""),
     "docs/glossary.yml:7: term 'Special Measures Agreement' has no definition. Add "
     "`definition:` with one or two sentences in our own words"),
    ("empty-definition", GOOD.replace("definition: A cost-sharing deal.", "definition:"),
     "docs/glossary.yml:9: `definition` of term 'Special Measures Agreement' is empty. Write the "
     "definition as text (quote it if needed)"),
    ("blank-definition", GOOD.replace("definition: A cost-sharing deal.", "definition: '  '"),
     "docs/glossary.yml:9: `definition` of term 'Special Measures Agreement' is empty. Write the "
     "definition as text (quote it if needed)"),
    ("duplicate-term", GOOD + "  - term: rok\n    definition: Again.\n",
     "docs/glossary.yml:10: duplicate term or alias 'rok' (also in term 'ROK' on line 2; case is "
     "ignored). Keep each spelling in one entry only"),
    ("duplicate-alias", GOOD + "  - term: Other\n    aliases: [sma]\n    definition: Again.\n",
     "docs/glossary.yml:11: duplicate term or alias 'sma' (also in term 'Special Measures "
     "Agreement' on line 7; case is ignored). Keep each spelling in one entry only"),
    ("alias-repeats-term", GOOD.replace("[SMA]", "[SMA, special measures agreement]"),
     "docs/glossary.yml:8: duplicate term or alias 'special measures agreement' (also in the same "
     "entry; case is ignored). Keep each spelling in one entry only"),
    ("unknown-cite", GOOD.replace("cite: alpha", "cite: alpah"),
     "docs/glossary.yml:5: unknown citation key 'alpah' in term 'ROK'. Closest keys: alpha. Add "
     "the source to refs.bib or correct the key"),
    ("unknown-page", GOOD.replace("page: index.md", "page: trad.md"),
     "docs/glossary.yml:6: unknown page 'trad.md' in term 'ROK'. Use a page path under docs/ "
     "(did you mean 'trade.md'?)"),
    ("unknown-field", GOOD.replace("definition: A cost", "defintion: A cost"),
     "docs/glossary.yml:9: unknown field 'defintion'. Did you mean 'definition'?"),
    ("aliases-not-a-list", GOOD.replace("aliases: [SMA]", "aliases: SMA"),
     "docs/glossary.yml:8: `aliases` of term 'Special Measures Agreement' must be a list. Write "
     "`aliases: [Other name, ...]`"),
    ("unmatchable-alias", GOOD.replace("aliases: [SMA]", "aliases: ['\"SMA\"']"),
     "docs/glossary.yml:8: '\"SMA\"' in term 'Special Measures Agreement' contains '\"', which "
     "Markdown turns into markup, so it could never be found in a page. Leave quotes and markup "
     "characters out of terms and aliases"),
    ("term-not-text", GOOD.replace("term: ROK", "term: 232"),
     "docs/glossary.yml:2: `term` of the entry on line 2 must be text. Write the term as text "
     "(quote it if needed)"),
    ("punctuated-term", GOOD + "  - term: R.O.K.\n    definition: Again.\n",
     "docs/glossary.yml:10: 'R.O.K.' in term 'R.O.K.' must start and end with a letter or digit. "
     "Drop the surrounding punctuation"),
    ("same-anchor", GOOD + "  - term: R O K\n    definition: Again.\n    case_sensitive: true\n"
     "  - term: R-O-K\n    definition: Again.\n",
     "docs/glossary.yml:13: term 'R-O-K' has the same anchor #r-o-k as 'R O K'. Rename one of the "
     "two terms"),
    ("no-terms", "terms: []\n",
     "docs/glossary.yml:1: `terms:` must be a non-empty list. Add one `- term: ...` mapping per "
     "term"),
    ("not-a-mapping", "- term: x\n",
     "docs/glossary.yml:1: the glossary must be a mapping with a `terms:` list. Start the file "
     "with `terms:` and list one mapping per term under it"),
    ("repeated-field", GOOD.replace("    page: index.md", "    page: index.md\n    term: Korea"),
     "docs/glossary.yml:7: field 'term' given twice in one entry. Keep one; a second entry "
     "needs its own `- term:`"),
    ("bad-date", GOOD.replace("term: ROK", "term: 2020-13-45"),
     "docs/glossary.yml:2: unreadable value for 'term' (month must be in 1..12). Write it as "
     "plain text in quotes"),
    ("yaml-tag", GOOD.replace("page: index.md", "page: !foo index.md"),
     "docs/glossary.yml:6: unreadable value for 'page' (could not determine a constructor for "
     "the tag '!foo'). Write it as plain text in quotes"),
    ("bad-case-flag", GOOD.replace("page: index.md", "page: index.md\n    case_sensitive: maybe"),
     "docs/glossary.yml:7: `case_sensitive` of term 'ROK' must be true or false. Write "
     "`case_sensitive: true` or leave it out"),
    ("citation-in-definition", GOOD.replace("A cost-sharing deal.", "A deal [@alpha]."),
     "docs/glossary.yml:9: the definition of term 'Special Measures Agreement' contains a "
     "citation. Put the key in `cite:` instead"),
    ("bare-key-in-definition", GOOD.replace("A cost-sharing deal.", "A deal (@alpha)."),
     "docs/glossary.yml:9: the definition of term 'Special Measures Agreement' contains a "
     "citation. Put the key in `cite:` instead"),
    ("citation-in-full-name", GOOD.replace("Republic of Korea", "Republic of Korea [@alpha]"),
     "docs/glossary.yml:3: the full name of term 'ROK' contains a citation. Put the key in "
     "`cite:` instead"),
    ("repeated-top-key", GOOD + "terms:\n  - term: Other\n    definition: Again.\n",
     "docs/glossary.yml:10: `terms:` given twice (first on line 1). Keep one `terms:` and list "
     "every term under it"),
    ("repeated-key-in-value", GOOD.replace("aliases: [SMA]", "aliases: [{a: 1, a: 2}]"),
     "docs/glossary.yml:8: key 'a' given twice in 'aliases' (first on line 8). Keep one: YAML "
     "would silently keep only the last"),
    ("complex-key", GOOD.replace("    page: index.md", "    ? [page, cite]\n    : index.md"),
     "docs/glossary.yml:6: unknown field 'the list used as a key'. Use only: term, full_name, "
     "aliases, definition, cite, page, case_sensitive, anchor"),
]


def load(text: str):
    return load_glossary(text, "docs/glossary.yml", cite_keys=KEYS, pages=PAGES)


def test_good_fixture_loads() -> None:
    glossary = load(GOOD)
    assert [t.term for t in glossary.terms] == ["ROK", "Special Measures Agreement"]
    rok = glossary.terms[0]
    assert (rok.slug, rok.full_name, rok.cite, rok.page, rok.line) == \
        ("rok", "Republic of Korea", "alpha", "index.md", 2)
    assert glossary.terms[1].aliases == ("SMA",)


@pytest.mark.parametrize("text, expected", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_glossary_fails_with_one_clear_line(text: str, expected: str) -> None:
    with pytest.raises(SourceError) as err:
        load(text)
    assert str(err.value) == expected
    assert "\n" not in str(err.value)


def test_cite_without_bibliography_is_refused() -> None:
    with pytest.raises(SourceError, match=r":5: term 'ROK' cites 'alpha' but no bibliography"):
        load_glossary(GOOD, "docs/glossary.yml", cite_keys=None, pages=PAGES)


def test_terms_are_sorted_alphabetically_ignoring_case_and_punctuation() -> None:
    text = ("terms:\n  - term: beta\n    definition: B.\n  - term: Alpha\n    definition: A.\n"
            "  - term: CPTPP\n    definition: C.\n")
    assert [t.term for t in load(text).terms] == ["Alpha", "beta", "CPTPP"]


def test_real_glossary_is_valid_and_large_enough() -> None:
    text = (ROOT / "docs" / "glossary.yml").read_text("utf-8")
    bib = (ROOT / "refs.bib").read_text("utf-8")
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib, re.M))
    pages = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").glob("*.md")]
    glossary = load_glossary(text, "docs/glossary.yml", cite_keys=keys, pages=pages)
    assert len(glossary.terms) >= 30
    assert sentence_problems({t.term: t.definition for t in glossary.terms}) == []
    long = GOOD.replace("A cost-sharing deal.", "A deal. On costs. Signed yearly.")
    short = GOOD.replace("The official name of South Korea.", "South Korea")
    assert sentence_problems({t.term: t.definition for t in load(long).terms}) == [
        "Special Measures Agreement: 3 sentences"]
    assert sentence_problems({t.term: t.definition for t in load(short).terms}) == [
        "ROK: 0 sentences"]


# -- the Glossary page's Markdown -------------------------------------------------------------


@pytest.mark.parametrize("text", ['a "quote" & <b>tag</b>', "*not emphasis* [no](link) `x`",
                                  "1. not a list", "# not a heading", "{#not-attr}"])
def test_md_text_renders_as_the_text_itself(text: str) -> None:
    import markdown

    html = markdown.markdown(md_text(text), extensions=["attr_list", "smarty"])
    from html import unescape
    assert unescape(re.sub(r"</?p>", "", html)) == text


def test_glossary_page_lists_terms_with_anchor_aliases_and_appears_on() -> None:
    glossary = load(GOOD)
    pages = {"index.md": PageLink("Overview", "../"),
             "trade.md": PageLink("Trade & <co>", "../trade/")}
    usage = {"trade.md": ["rok"], "index.md": ["rok", "special-measures-agreement"]}
    page = glossary_markdown(glossary)
    assert "## ROK {#rok}" in page
    assert "*Republic of Korea*" in page
    assert "The official name of South Korea. [@alpha]" in page
    assert "<li>Also written: SMA</li>\n<!-- slot:special-measures-agreement -->\n</ul>" in page
    assert page.index("## ROK") < page.index("## Special Measures Agreement")
    links = entry_links(glossary, pages=pages, usage=usage, order=["index.md", "trade.md"])
    assert links["rok"] == (
        '<li>Explained on: <a href="../">Overview</a></li>\n'
        '<li>Appears on: <a href="../#gl-rok">Overview</a>, '
        '<a href="../trade/#gl-rok">Trade &amp; &lt;co&gt;</a></li>')
    assert links["special-measures-agreement"] == (
        '<li>Appears on: <a href="../#gl-special-measures-agreement">Overview</a></li>')


# -- fixture sites: the hook turns each problem into a failed build with that line -----------

PAGE = """\
---
description: A fixture page.
---

# Home

The ROK and its Special Measures Agreement [@wei2020america].
"""
FIXTURE_GLOSSARY = """\
terms:
  - term: ROK
    full_name: Republic of Korea
    definition: The official name of South Korea.
    cite: wei2020america
    page: index.md
  - term: Special Measures Agreement
    aliases: [SMA]
    definition: A cost-sharing deal.
"""


def build(make_site, glossary: str, page: str = PAGE, **kwargs):
    return make_site({"index.md": page, "glossary.yml": glossary}, bib=bib_with(), **kwargs)


def test_fixture_site_builds_marks_and_lists_terms(make_site) -> None:
    result = build(make_site, FIXTURE_GLOSSARY)
    assert result.ok, result.output
    html = result.html()
    assert 'class="glossary-term" href="glossary/#rok" id="gl-rok"' in html
    assert 'href="glossary/#special-measures-agreement"' in html
    glossary = result.html("glossary/index.html")
    assert '<h2 id="rok">' in glossary and '<a href="../#gl-rok">Home</a>' in glossary
    assert not (result.site_dir / "glossary.yml").exists(), "the data file is not published"


BAD_SITES = [
    ("yaml-syntax", FIXTURE_GLOSSARY.replace("definition: A cost", "definition: [A cost"),
     "docs/glossary.yml:10: YAML syntax error"),
    ("missing-definition", FIXTURE_GLOSSARY.replace("    definition: A cost-sharing deal.\n", ""),
     "docs/glossary.yml:7: term 'Special Measures Agreement' has no definition. Add "
     "`definition:` with one or two sentences in our own words"),
    ("duplicate", FIXTURE_GLOSSARY.replace("[SMA]", "[SMA, rok]"),
     "docs/glossary.yml:8: duplicate term or alias 'rok' (also in term 'ROK' on line 2; case is "
     "ignored). Keep each spelling in one entry only"),
    ("unknown-cite", FIXTURE_GLOSSARY.replace("cite: wei2020america", "cite: wei2020americ"),
     "docs/glossary.yml:5: unknown citation key 'wei2020americ' in term 'ROK'. Closest keys: "
     "wei2020america. Add the source to refs.bib or correct the key"),
    ("unknown-page", FIXTURE_GLOSSARY.replace("page: index.md", "page: trade.md"),
     "docs/glossary.yml:6: unknown page 'trade.md' in term 'ROK'. Use a page path under docs/ "
     "(did you mean 'index.md'?)"),
]


@pytest.mark.parametrize("glossary, expected", [c[1:] for c in BAD_SITES],
                         ids=[c[0] for c in BAD_SITES])
def test_bad_glossary_stops_the_build_with_its_line(make_site, glossary: str,
                                                    expected: str) -> None:
    result = build(make_site, glossary)
    assert not result.ok
    assert any(line.startswith(expected) for line in result.warnings), result.output
    assert "Traceback" not in result.output


def test_unused_term_is_a_warning_that_fails_strict(make_site) -> None:
    glossary = FIXTURE_GLOSSARY + "  - term: THAAD\n    definition: A missile-defense system.\n"
    result = build(make_site, glossary)
    assert not result.ok
    assert ("docs/glossary.yml:10: term 'THAAD' is defined but used on no page. Use it in a "
            "page's running text, or remove it from the glossary") in result.warnings
    assert "1 warnings in strict mode" in (result.error or "")


def test_term_only_in_excluded_places_counts_as_unused(make_site) -> None:
    page = PAGE + "\n## SMA in a heading\n\n`ROK` in code\n"
    result = build(make_site, FIXTURE_GLOSSARY, page.replace("and its Special Measures Agreement",
                                                             ""))
    assert not result.ok
    assert any("'Special Measures Agreement' is defined but used on no page" in w
               for w in result.warnings)


def test_hand_written_glossary_page_is_refused(make_site) -> None:
    result = make_site({"index.md": PAGE, "glossary.yml": FIXTURE_GLOSSARY,
                        "glossary.md": "# Glossary\n"}, bib=bib_with())
    assert not result.ok
    assert ("docs/glossary.md: this page is generated from docs/glossary.yml at build time. "
            "Delete it and edit docs/glossary.yml instead") in result.warnings


def test_bad_occurrences_setting_is_refused(make_site) -> None:
    from conftest import real_config

    extra = real_config()["extra"]
    extra["glossary"] = {"occurrences": "some"}
    result = build(make_site, FIXTURE_GLOSSARY, config={"extra": extra})
    assert not result.ok
    assert any("extra.glossary.occurrences: Expected one of: ('first', 'all') but received: "
               "'some'. See the docstring of hooks/glossary.py" in w for w in result.warnings), \
        result.output


@pytest.mark.parametrize("setting, message", [
    ({"exclude": 5}, "extra.glossary.exclude: Expected a list of items"),
    ({"ocurrences": "all"}, "extra.glossary.ocurrences: Unrecognised configuration name"),
])
def test_mistyped_setting_is_refused(make_site, setting, message) -> None:
    from conftest import real_config

    extra = real_config()["extra"]
    extra["glossary"] = setting
    result = build(make_site, FIXTURE_GLOSSARY, config={"extra": extra})
    assert not result.ok
    assert any(message in w for w in result.warnings), result.output
    assert "Traceback" not in result.output


def test_occurrences_all_marks_every_use(make_site) -> None:
    from conftest import real_config

    extra = real_config()["extra"]
    extra["glossary"] = {"occurrences": "all"}
    page = PAGE + "\nThe ROK again, and the SMA.\n"
    first = build(make_site, FIXTURE_GLOSSARY, page)
    assert first.ok, first.output
    assert first.html().count('class="glossary-term"') == 2  # read now: same site folder below
    every = build(make_site, FIXTURE_GLOSSARY, page, config={"extra": extra})
    assert every.ok, every.output
    assert every.html().count('class="glossary-term"') == 4


def test_site_without_glossary_file_is_untouched(make_site) -> None:
    result = make_site({"index.md": PAGE}, bib=bib_with())
    assert result.ok, result.output
    assert "glossary-term" not in result.html()
    assert not (result.site_dir / "glossary").exists()


def test_building_twice_gives_identical_html(make_site) -> None:
    page = PAGE + "\nThe SMA and the ROK, again.\n"
    first = build(make_site, FIXTURE_GLOSSARY, page)
    assert first.ok, first.output
    before = {name: first.html(name) for name in ("index.html", "glossary/index.html")}
    second = build(make_site, FIXTURE_GLOSSARY, page)
    assert second.ok, second.output
    assert {name: second.html(name) for name in before} == before
    assert before["index.html"].count('class="glossary-term"') == 2


def test_excluded_page_is_left_unmarked(make_site) -> None:
    from conftest import real_config

    extra = real_config()["extra"]
    extra["glossary"] = {"exclude": ["other.md"]}
    pages = {"index.md": PAGE, "other.md": PAGE.replace("# Home", "# Other"),
             "glossary.yml": FIXTURE_GLOSSARY}
    result = make_site(pages, bib=bib_with(), config={"extra": extra})
    assert result.ok, result.output
    assert "glossary-term" not in result.html("other/index.html")
    assert "glossary-term" in result.html("index.html")
    glossary = result.html("glossary/index.html")
    assert "other/#gl-rok" not in glossary and '<a href="../#gl-rok">' in glossary
