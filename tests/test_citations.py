"""Citations and references: refs.bib checks, clear errors, mkdocs-bibtex pitfalls, typography."""

from __future__ import annotations

import html as html_module
import os
import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser

import markdown
import pytest

from conftest import ROOT, THEMED, bib_with, page_file
from explainer import bibliography as bib
from explainer.citation_marks import CitationMarksExtension, Section, cited_sections
from explainer.errors import SourceError
from explainer.source_notes import SourceNote, load_source_notes

GOOD_BIB = textwrap.dedent("""\
    @book{alpha2020,
      author = {Alpha, Ann},
      title  = {First Book},
      date   = {2020}
    }

    @article{beta2019,
      author       = {Beta, Bo},
      title        = {A Paper},
      journaltitle = {Journal},
      pages        = {43--60},
      date         = {2019}
    }
    """)


def page_text(html: str) -> str:
    """Visible text of the rendered article, footnotes included."""
    body = html[max(html.find("<article"), 0):]
    body = body[:body.find("</article>")] if "</article>" in body else body
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", body)))


# refs.bib ---------------------------------------------------------------------------------------

def test_real_bibliography_parses_with_unique_keys():
    text = (ROOT / "refs.bib").read_text("utf-8")
    loaded = bib.load_bibliography(text)
    heads = re.findall(r"^@\w+\{([^,]+),", text, re.M)
    assert len(heads) == len(loaded.keys) == len({k.lower() for k in heads})
    assert "wei2020america" in loaded.keys
    # 37 distinct sources of the article's 40 footnotes ("Ibid." counted once) + the article.
    assert len(loaded.keys) == 38


@pytest.mark.parametrize("broken, expected", [
    (GOOD_BIB + "\n@book{alpha2020,\n  title = {Again}\n}\n",
     "refs.bib:15: duplicate entry key 'alpha2020' (first defined on line 1)"),
    (GOOD_BIB + "\n@book{Alpha2020,\n  title = {Again}\n}\n",
     "refs.bib:15: duplicate entry key 'Alpha2020' (first defined on line 1)"),
    (GOOD_BIB.replace("title  = {First Book},", "title  = {First Book,"),
     "refs.bib:7: BibTeX syntax error: '}' expected"),
    (GOOD_BIB.replace("journaltitle = {Journal},\n", ""), "refs.bib:7: entry 'beta2019' lacks journaltitle"),
    (GOOD_BIB.replace("@book{alpha2020", "@misc{alpha2020"),
     "refs.bib:1: entry 'alpha2020' has type @misc, which this site does not use"),
    (GOOD_BIB.replace("date   = {2020}", "date = {2020},\n  url = {https://exa mple.org}"),
     "refs.bib:1: entry 'alpha2020' has a malformed url"),
    # Entries pybtex reads although their head is not `@type{key,` at the start of a line.
    (GOOD_BIB + "\n@misc\n{gamma,\n  title = {G}\n}\n",
     "refs.bib:15: entry 'gamma' has type @misc, which this site does not use. Use one of "
     "@article, @book, @online, @report"),
    (GOOD_BIB + "\n@book{gamma, title = {G}} @misc{delta, title = {D}}\n",
     "refs.bib:15: entry 'delta' has type @misc"),
    (GOOD_BIB + "\n  @ Misc ( gamma , title = {G} )\n", "refs.bib:15: entry 'gamma' has type @misc"),
    (GOOD_BIB + "\n@book{gamma, title = {G}} @book{alpha2020, title = {D}}\n",
     "refs.bib:15: duplicate entry key 'alpha2020' (first defined on line 1)"),
    (GOOD_BIB + "\n@book{gamma, title = {G}} @article{delta, title = {D}}\n",
     "refs.bib:15: entry 'delta' lacks journaltitle"),
])
def test_bad_bibtex_is_reported_with_its_line(broken, expected):
    bib.load_bibliography(GOOD_BIB)  # the unbroken fixture is fine
    with pytest.raises(SourceError) as err:
        bib.load_bibliography(broken)
    assert str(err.value).startswith(expected)


# Finding citations -------------------------------------------------------------------------------

def test_find_citations_reports_lines_keys_and_skips_code_and_email():
    markdown = textwrap.dedent("""\
        Intro [@alpha2020].
        Two at once [@alpha2020; @beta2019] and mail [me@example.org].

        Code `[@nokey]` and a fence:

        ```
        [@fenced]
        ```
        Footnote [^1] and link [text](page.md).
        """)
    cites = bib.find_citations(bib.mask_code(markdown))
    assert [(c.line, c.key) for c in cites] == [(1, "alpha2020"), (2, "alpha2020"), (2, "beta2019")]
    assert bib.unmask_code(bib.mask_code(markdown)) == markdown


def test_unknown_key_names_page_line_key_and_closest_keys():
    loaded = bib.load_bibliography(GOOD_BIB)
    text, errors = bib.check_citations("Fine [@beta2019].\n\nTypo [@alpha2002].\n", "docs/x.md", loaded)
    assert [str(e) for e in errors] == [
        "docs/x.md:3: unknown citation key 'alpha2002'. Closest keys: alpha2020. "
        "Add the source to refs.bib or correct the key"]
    assert "[@beta2019]" in text and "@alpha2002" not in text  # neutralised, not dropped


@pytest.mark.parametrize("markdown, problem", [
    ("Two [@alpha2020;\n@beta2019] here.\n", "docs/x.md:1: citation opens here but closes on a later line"),
    ("Text.\n\n[@alpha2020]: is what it says.\n", "docs/x.md:3: citation at the start of a line followed by ':'"),
])
def test_citations_markdown_would_lose_are_errors(markdown, problem):
    loaded = bib.load_bibliography(GOOD_BIB)
    _, errors = bib.check_citations(markdown, "docs/x.md", loaded)
    assert [str(e)[:len(problem)] for e in errors] == [problem]
    _, errors = bib.check_citations(markdown.replace(";\n", "; ").replace("]:", "] says"),
                                    "docs/x.md", loaded)
    assert errors == []


@pytest.mark.parametrize("markdown, key", [
    ("Write to [the editor at ed@example.com] for corrections.\n", "example"),
    ("See [@potus on Twitter](https://x.com/potus).\n", "potus"),
])
def test_what_mkdocs_bibtex_would_swallow_is_checked(markdown, key):
    """mkdocs-bibtex reads these as citations and drops them from the page: they must fail."""
    loaded = bib.load_bibliography(GOOD_BIB)
    _, errors = bib.check_citations(markdown, "docs/x.md", loaded)
    assert [e.problem for e in errors] == [f"unknown citation key '{key}'"]


def test_locators_are_refused_instead_of_silently_dropped():
    loaded = bib.load_bibliography(GOOD_BIB)
    _, errors = bib.check_citations("See [@beta2019, p. 12].\n", "docs/x.md", loaded)
    assert len(errors) == 1 and "locator ('p. 12')" in str(errors[0])
    _, errors = bib.check_citations("See [@beta2019].\n", "docs/x.md", loaded)
    assert errors == []


def test_cited_sections_follow_headings():
    """What the References page's "Cited in" lists: read from the citation treeprocessor's walk,
    the anchors as the table of contents sets them afterwards (permalink and entity resolved,
    each section once per key, notes without the prefix left out)."""
    extension = CitationMarksExtension()
    markdown.markdown("# Title\n\na [^cite-a]\n\n## Sec &amp; more\n\n[^cite-a] [^cite-b] [^2]\n\n"
                      "b [^cite-b]\n\n[^cite-a]: A.\n[^cite-b]: B.\n[^2]: Two.\n",
                      extensions=["footnotes", "toc", extension])
    assert cited_sections(extension.markers) == {
        "a": [Section("Title", "title"), Section("Sec & more", "sec-more")],
        "b": [Section("Sec & more", "sec-more")]}
    assert cited_sections(extension.markers, prefix="nothing-") == {}


def test_clean_reference_drops_pandoc_nocase_spans():
    assert bib.clean_reference("[Snyder, Scott et al.]{.nocase} *T*.") == "Snyder, Scott et al. *T*."
    assert bib.clean_reference("plain [link](u)") == "plain [link](u)"


def test_source_notes_load():
    notes = load_source_notes("- key: alpha2020\n  note: Off by\n    a day.\n", "n.yml",
                              {"alpha2020"})
    assert notes == [SourceNote("alpha2020", "Off by a day.", 1)]
    assert load_source_notes("# No notes yet\n", "n.yml", {"alpha2020"}) == []


NOTE = "- key: alpha2020\n  note: a\n"


@pytest.mark.parametrize("text, expected", [
    ("- key: nope\n  note: x\n", "n.yml:1: unknown citation key 'nope' in the note on line 1. "
     "No similar key in refs.bib. Add the source to refs.bib or correct the key"),
    ("- key: alpha2002\n  note: x\n", "n.yml:1: unknown citation key 'alpha2002' in the note on "
     "line 1. Closest keys: alpha2020."),
    ("- key: alpha2020\n  note: ''\n", "n.yml:2: `note` of the note on 'alpha2020' is empty. "
     "Write the note as text"),
    ("- key: alpha2020\n", "n.yml:1: the note on 'alpha2020' has no `note:`."),
    ("- note: a\n", "n.yml:1: the note on line 1 has no `key:`."),
    (NOTE + NOTE.replace("a\n", "b\n"),
     "n.yml:3: second note on 'alpha2020' (first on line 1). Keep one note per source"),
    ("- key: alpha2020\n  note: [a\n", "n.yml:3: YAML syntax error"),
    ("- key: alpha2020\n  text: a\n", "n.yml:2: unknown field 'text'. Use only: key, note"),
    ("key: alpha2020\n", "n.yml:1: the source notes must be a non-empty list. List one "
     "`- key: ...` mapping per note"),
    ("- alpha2020\n", "n.yml:1: each item of the source notes must be a mapping."),
    # What the old reader let through: the first note dropped, a tag, a list as a key.
    (NOTE + "  note: b\n", "n.yml:3: field 'note' given twice in one entry. Keep one; a second "
     "entry needs its own `- key:`"),
    ("- key: alpha2020\n  note: !md a\n", "n.yml:2: unreadable value for 'note' (could not "
     "determine a constructor for the tag '!md')."),
    ("- key: alpha2020\n  ? [note, key]\n  : a\n", "n.yml:2: unknown field 'the list used as "
     "a key'."),
    ("- key: alpha2020\n  note: 2019-02-30\n", "n.yml:2: unreadable value for 'note' (day is "
     "out of range for month)."),
])
def test_bad_source_notes_fail_with_one_clear_line(text, expected):
    with pytest.raises(SourceError) as err:
        load_source_notes(text, "n.yml", {"alpha2020"})
    assert str(err.value).startswith(expected)
    assert "\n" not in str(err.value)


def test_bad_source_notes_stop_the_build_without_traceback(make_site):
    result = make_site({"index.md": "# Home\n\nText [@wei2020america].\n",
                        "source-notes.yml": "- key: wei2020america\n  note: a\n  note: b\n"},
                       bib=bib_with("wei2020america"))
    assert not result.ok
    assert "docs/source-notes.yml:3: field 'note' given twice in one entry." in result.output
    assert "Traceback" not in result.output


# Building fixture sites ---------------------------------------------------------------------------

def test_build_fails_on_unknown_key_with_one_clear_line(make_site):
    result = make_site({"index.md": "# Home\n\nText [@wei2020america].\n\nMore [@wei2020americ].\n"},
                       bib=bib_with("wei2020america"))
    assert not result.ok
    assert ("docs/index.md:5: unknown citation key 'wei2020americ'. Closest keys: wei2020america. "
            "Add the source to refs.bib or correct the key") in result.warnings
    assert "Traceback" not in result.output
    assert not any("Citing unknown reference key" in w for w in result.warnings)


def test_problems_name_the_files_line_after_front_matter(make_site):
    # MkDocs hands hooks the Markdown without its front matter: lines must still be the file's.
    page = ("---\ndescription: A page.\n---\n\n# Home\n\nText [@wei2020america].\n\n"
            "More [@wei2020americ].\n\nSplit [@wei2020america;\n@wei2020america].\n")
    result = make_site({"index.md": page}, bib=bib_with("wei2020america"))
    assert not result.ok
    lines = [w for w in result.warnings if w.startswith("docs/index.md:")]
    assert [w.split(": ", 1)[0] for w in lines] == ["docs/index.md:9", "docs/index.md:11"], lines
    assert lines[0].startswith("docs/index.md:9: unknown citation key 'wei2020americ'")


def test_cli_exits_non_zero_without_traceback_on_bad_bibtex(make_site, tmp_path):
    bad = "@book{a1,\n  title = {T}\n}\n@book{a1,\n  title = {U}\n}\n"
    assert not make_site({"index.md": "# Home\n\nText [@a1].\n"}, bib=bad).ok  # writes the project
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                          str(tmp_path / "project" / "mkdocs.yml"), "-d", str(tmp_path / "cli")],
                         capture_output=True, text=True, env=env)
    assert run.returncode != 0
    assert "refs.bib:4: duplicate entry key 'a1' (first defined on line 1)" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_an_entry_type_found_only_by_pybtex_stops_the_build_without_traceback(make_site):
    bad = bib_with("wei2020america") + "\n@misc\n{other,\n  title = {T}\n}\n"
    result = make_site({"index.md": "# Home\n\nText [@wei2020america].\n"}, bib=bad)
    assert not result.ok
    assert "Traceback" not in result.output and "KeyError" not in result.output
    assert re.search(r"refs\.bib:\d+: entry 'other' has type @misc, which this site does not "
                     r"use", result.output), result.output


def test_ordinary_footnote_with_a_key_name_survives(make_site):
    page = {"index.md": "# Home\n\nCited [@wei2020america]. Plain[^wei2020america].\n\n"
                        "[^wei2020america]: An ordinary footnote.\n"}
    result = make_site(page, bib=bib_with("wei2020america"))
    assert result.ok, result.output
    html = result.html()
    assert "An ordinary footnote." in html and "China International Studies" in html


def test_default_footnote_format_would_clobber_ordinary_footnotes(make_site):
    """Shows the check above can fail: mkdocs-bibtex's default format overwrites the footnote."""
    page = {"index.md": "# Home\n\nCited [@wei2020america]. Plain[^wei2020america].\n\n"
                        "[^wei2020america]: An ordinary footnote.\n"}
    from conftest import real_config
    plugins = real_config()["plugins"]
    for plugin in plugins:
        if isinstance(plugin, dict) and "bibtex" in plugin:
            plugin["bibtex"]["footnote_format"] = "{key}"
    result = make_site(page, bib=bib_with("wei2020america"), config={"plugins": plugins})
    assert result.ok, result.output  # built, and yet one of the two footnotes is gone
    html = result.html()
    assert not ("An ordinary footnote." in html and "China International Studies" in html)


def test_citation_syntax_in_code_stays_literal(make_site):
    page = {"index.md": "# Home\n\nCite like `[@wei2020america]` or `@wei2020america` "
                        "[@wei2020america].\n\n```\n[@unknownkey]\n```\n"}
    result = make_site(page, bib=bib_with("wei2020america"))
    assert result.ok, result.output
    html = result.html()
    assert "<code>[@wei2020america]</code>" in html and "<code>@wei2020america</code>" in html
    assert "[@unknownkey]" in html
    assert html.count('class="footnote-ref"') == 1


def test_several_keys_render_as_separate_superscripts(make_site):
    page = "# Home\n\nTwo [@sandler2014nato; @weinstein1977burden].\n\nOne [@wei2020america] and another [@sandler2014nato].\n"
    result = make_site({"index.md": page},
                       bib=bib_with("sandler2014nato", "weinstein1977burden"))
    assert result.ok, result.output
    paragraphs = re.findall(r'<p>(?:<span class="citation-join">)?(?:Two|One).*?</p>',
                            result.html())
    two, one = paragraphs
    assert re.search(r'fnref:cite-sandler2014nato">.*?</sup><sup aria-hidden="true" '
                     r'class="citation-separator" data-search-exclude="">,</sup>'
                     r'<sup data-search-exclude="" id="fnref:cite-weinstein', two)
    assert "citation-separator" not in one  # two citations apart in a sentence stay apart


def test_pybtex_round_trip_is_bypassed(make_site):
    """'%' and '_' in refs.bib reach pandoc unharmed (see on_pre_build in hooks/citations.py)."""
    result = make_site({"index.md": "# Home\n\nSources [@macaskill2018nato] [@mod2019defense] [@wei2020america]\n"},
                       bib=bib_with("macaskill2018nato", "mod2019defense"))
    assert result.ok, result.output
    html = result.html()
    text = page_text(html)
    assert "Spend 4% of GDP on Defence" in text
    assert "w_paper/2019.html" in text and "w\\_paper" not in text


# The real site ----------------------------------------------------------------------------------

class _Nav(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "md-nav__link" in (attributes.get("class") or ""):
            self.links.append(attributes.get("href"))


@pytest.mark.parametrize("page", THEMED)
def test_themed_page_is_in_nav_and_cites_with_references(site, page):
    html = site.html(page_file(page))
    nav = _Nav()
    nav.feed(site.html("index.html"))
    assert ({"./", "."} if page == "index" else {f"{page}/"}) & set(nav.links)
    keys = set(re.findall(r'<sup data-search-exclude="" id="fnref\d*:cite-([\w-]+)">', html))
    assert keys, f"{page} cites nothing"
    for key in keys:
        assert f'<li id="fn:cite-{key}">' in html
    assert re.search(r'<meta name="description" content="[^"]{40,}"', html)


def test_every_source_is_cited_and_listed_once_with_its_citing_sections(site):
    keys = bib.load_bibliography((ROOT / "refs.bib").read_text("utf-8")).keys
    html = site.html("references/index.html")
    listed = re.findall(r'<li id="ref-([\w-]+)" class="reference">', html)
    assert sorted(listed) == sorted(keys)
    assert html.count("Cited in:") == len(keys)


def test_uncited_entry_warns_and_fails_strict(make_site):
    result = make_site({"index.md": "# Home\n\nText [@alpha2020] [@wei2020america].\n"},
                       bib=GOOD_BIB + bib_with())
    assert not result.ok
    assert [w for w in result.warnings if "cited on no page" in w] == [
        "refs.bib:7: entry 'beta2019' is cited on no page. Cite it where the site uses it, or remove it"]


def test_uncited_entry_written_across_lines_warns_with_its_line(make_site):
    """An entry head split over lines (`@book` then `{key,`) still has its line in the warning,
    never "refs.bib:None:"."""
    split = GOOD_BIB.replace("@article{beta2019,", "@article\n{beta2019,")
    result = make_site({"index.md": "# Home\n\nText [@alpha2020] [@wei2020america].\n"},
                       bib=split + bib_with())
    assert [w for w in result.warnings if "cited on no page" in w] == [
        "refs.bib:7: entry 'beta2019' is cited on no page. Cite it where the site uses it, or remove it"]


def typography_problems(text: str) -> list[str]:
    """What should never show in a rendered reference: TeX or Markdown left-overs."""
    return [bad for bad in ("--", "\\&", "{", "}", "\\", "nocase") if bad in text]


def test_reference_typography(site):
    texts = []
    for page in [*THEMED, "references", "about"]:
        html = site.html(page_file(page))
        start = html.find('<div class="footnote" data-search-exclude="">') if page != "references" else 0
        end = html.find('<section class="cite-this-page"')  # holds BibTeX on purpose
        texts.append(page_text(html[start:end]))
    text = " ".join(texts)
    assert "43–60" in text and "1999–2010" in text  # en dashes in ranges
    assert typography_problems(text) == []


def test_a_page_defining_abbreviations_renders_its_notes_itself(make_site):
    """The abbr extension marks abbreviations in the notes too: a page that defines one keeps
    rendering its notes (the shared HTML has no <abbr>)."""
    result = make_site({"index.md": "# Home\n\nBurdens [@sandler2014nato] [@wei2020america].\n\n"
                                    "*[NATO]: North Atlantic Treaty Organization\n"},
                       bib=bib_with("sandler2014nato"))
    assert result.ok, result.output
    notes = result.html()[result.html().index('<div class="footnote" data-search-exclude="">'):]
    assert '<abbr title="North Atlantic Treaty Organization">NATO</abbr> Burden' in notes


def test_typography_check_fails_without_smart_dashes(make_site):
    """pandoc writes en dashes as '--' in Markdown; without `smarty` they would show."""
    from conftest import real_config
    extensions = [e for e in real_config()["markdown_extensions"] if e != "smarty"]
    result = make_site({"index.md": "# Home\n\nSources [@sandler2014nato] [@wei2020america]\n"},
                       bib=bib_with("sandler2014nato"), config={"markdown_extensions": extensions})
    assert result.ok, result.output
    assert "--" in typography_problems(page_text(result.html()))


def test_references_page_does_not_depend_on_page_order(site, make_site):
    """mkdocs-bibtex's \\full_bibliography lists what the pages processed so far cited; ours is
    made after all pages are known, so reversing the navigation changes nothing."""
    from conftest import real_config

    docs = ROOT / "docs"
    files = {str(p.relative_to(docs)): p.read_text("utf-8") for p in docs.rglob("*")
             if p.is_file() and p.suffix in {".md", ".yml"}}
    nav = list(reversed(real_config()["nav"]))
    assert nav[0] != real_config()["nav"][0]
    result = make_site(files, config={"nav": nav})
    assert result.ok, result.output

    def reference_list(html: str) -> str:
        return html[html.index('<ol class="reference-list">'):html.index("</ol>", html.index(
            '<ol class="reference-list">'))]

    assert reference_list(result.html("references/index.html")) == reference_list(
        site.html("references/index.html"))
