"""Glossary marking rules (explainer.glossary): Markdown in, expected HTML out, side by side.

Every rule has cases where a term must be marked and cases where it must not (the "failing"
side: FTAs, code, links, headings...). The Markdown goes through the site's own extensions, so
abbr, footnotes, smarty and superfences have done their work before the glossary runs.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
import pytest

from explainer.glossary import (
    GlossaryExtension,
    GlossarySession,
    Matcher,
    load_glossary,
    mark_tree,
    tooltip_text,
)

from conftest import real_config

GLOSSARY = """\
terms:
  - term: KORUS FTA
    aliases: [KORUS]
    definition: K.
  - term: FTA
    aliases: [free trade agreement]
    definition: F.
  - term: New Northern Policy
    definition: N.
  - term: Northern
    definition: O.
  - term: ROK
    definition: R.
  - term: cost plus 50
    definition: C.
  - term: proactive pacifism
    definition: P.
  - term: Abe
    case_sensitive: true
    definition: A.
"""


def site_extensions() -> tuple[list, dict]:
    """The markdown_extensions of mkdocs.yml, as Python-Markdown takes them."""
    names, configs = [], {}
    for item in real_config()["markdown_extensions"]:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if config:
            configs[name] = config
    return names, configs


def render(source: str, glossary: str = GLOSSARY, occurrences: str = "first",
           page: str = "index.md") -> str:
    """Markdown -> HTML with the site's extensions and the glossary marking of `page`."""
    session = GlossarySession(load_glossary(glossary, "glossary.yml", cite_keys=set(),
                                            pages=[]), occurrences=occurrences)
    session.current = page
    names, configs = site_extensions()
    md = markdown.Markdown(extensions=[*names, GlossaryExtension(lambda: session)],
                           extension_configs=configs)
    return md.convert(source)


def mark(text: str, slug: str, title: str, first: bool = True) -> str:
    """The expected mark, spelled out once so that the cases below stay readable."""
    anchor = f' id="gl-{slug}"' if first else ""
    return f'<a class="glossary-term" href="glossary.md#{slug}"{anchor} title="{title}">{text}</a>'


KORUS = mark("KORUS FTA", "korus-fta", "K.")
ROK = mark("ROK", "rok", "R.")

CASES = [
    # -- basic mark: visible text unchanged, link to the entry, definition as title
    ("plain", "The KORUS FTA was revised.", f"<p>The {KORUS} was revised.</p>"),
    # -- longest match wins
    ("longest-acronym", "KORUS FTA, not FTA", f"<p>{KORUS}, not {mark('FTA', 'fta', 'F.')}</p>"),
    ("longest-phrase", "The New Northern Policy.",
     f"<p>The {mark('New Northern Policy', 'new-northern-policy', 'N.')}.</p>"),
    ("shorter-when-alone", "Northern routes.",
     f"<p>{mark('Northern', 'northern', 'O.')} routes.</p>"),
    # -- whole words only (failing side: a term inside a longer word is not marked)
    ("whole-words", "FTAs, GROK, ROKs and KORUSFTA.", "<p>FTAs, GROK, ROKs and KORUSFTA.</p>"),
    ("hyphen-is-a-boundary", "US-ROK ties", f"<p>US-{ROK} ties</p>"),
    # -- case: acronyms exact, phrases any case, per-term override
    ("acronym-case", "rok and Rok", "<p>rok and Rok</p>"),
    ("phrase-case", "Proactive Pacifism",
     f"<p>{mark('Proactive Pacifism', 'proactive-pacifism', 'P.')}</p>"),
    ("case-override", "abe, then Abe", f"<p>abe, then {mark('Abe', 'abe', 'A.')}</p>"),
    # -- a phrase wrapped across source lines is still one phrase
    ("wrapped", "The New Northern\nPolicy.",
     "<p>The " + mark("New Northern\nPolicy", "new-northern-policy", "N.") + ".</p>"),
    # -- first occurrence per page, counting an alias as its term
    ("first-only", "ROK and ROK", f"<p>{ROK} and ROK</p>"),
    ("alias-counts", "KORUS, then KORUS FTA",
     f"<p>{mark('KORUS', 'korus-fta', 'K.')}, then KORUS FTA</p>"),
    # -- smart quotes (stashed by smarty) around a term are word boundaries
    ("smart-quotes", '"cost plus 50"',
     f"<p>&ldquo;{mark('cost plus 50', 'cost-plus-50', 'C.')}&rdquo;</p>"),
    # -- never inside code, pre, links, headings, abbr, footnotes, images, attributes
    ("code-span", "`ROK` then ROK", f"<p><code>ROK</code> then {ROK}</p>"),
    ("fenced-code", "```\nROK\n```\n\nROK",
     f'<div class="highlight"><pre><span></span><code>ROK\n</code></pre></div>\n<p>{ROK}</p>'),
    ("link", "[ROK](x.md) and ROK", f'<p><a href="x.md">ROK</a> and {ROK}</p>'),
    ("heading", "# ROK\n\nROK", '<h1 id="rok">ROK<a class="headerlink" href="#rok" '
     f'title="Permanent link">&para;</a></h1>\n<p>{ROK}</p>'),
    ("existing-abbr", "ROK\n\n*[ROK]: Republic of Korea",
     '<p><abbr title="Republic of Korea">ROK</abbr></p>'),
    ("image-alt", "![ROK map](m.png) ROK", f'<p><img alt="ROK map" src="m.png" /> {ROK}</p>'),
    ("attribute", "Text\n{: title=\"ROK\" }", '<p title="ROK">Text</p>'),
    ("opt-out-class", "ROK\n{: .no-glossary }\n\nROK",
     f'<p class="no-glossary">ROK</p>\n<p>{ROK}</p>'),
    ("admonition-title", '!!! note "ROK"\n    ROK',
     f'<div class="admonition note">\n<p class="admonition-title">ROK</p>\n<p>{ROK}</p>\n</div>'),
    # -- raw HTML: inline tags are read from the stash; blocks stay unmarked
    ("raw-inline-link", 'A <a href="x">ROK</a>, then ROK.',
     f'<p>A <a href="x">ROK</a>, then {ROK}.</p>'),
    ("raw-inline-code", "<code>ROK</code> ROK", f"<p><code>ROK</code> {ROK}</p>"),
    ("raw-inline-span", "<span>ROK</span>", f"<p><span>{ROK}</span></p>"),
    ("raw-block", "<div>ROK</div>\n\nROK", f"<div>ROK</div>\n\n<p>{ROK}</p>"),
    ("raw-script", "<script>var ROK = 1;</script>\n\nROK",
     f"<script>var ROK = 1;</script>\n\n<p>{ROK}</p>"),
    ("unclosed-raw-tag-ends-with-its-block", '<a href="x">ROK\n\nROK',
     f'<p><a href="x">ROK</p>\n<p>{ROK}</p>'),
]


@pytest.mark.parametrize("source, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_marking_rule(source: str, expected: str) -> None:
    assert render(source) == expected


def test_footnotes_are_never_marked() -> None:
    html = render("Text.[^1]\n\n[^1]: ROK in a note.")
    assert "glossary-term" not in html.split('<div class="footnote">')[1]
    assert "glossary-term" not in html  # the only ROK is in the footnote


def test_all_occurrences_when_configured() -> None:
    assert render("ROK and ROK", occurrences="all") == \
        f"<p>{ROK} and {mark('ROK', 'rok', 'R.', first=False)}</p>"


def test_link_is_relative_to_the_page() -> None:
    assert 'href="../glossary.md#rok"' in render("ROK", page="sub/page.md")


def test_no_page_no_marking() -> None:
    """The Glossary page itself and excluded pages: the session has no current page."""
    assert render("ROK", page=None) == "<p>ROK</p>"  # type: ignore[arg-type]


@pytest.mark.parametrize("definition, title", [
    ('Says "no" & <b>bold</b>', 'Says &quot;no&quot; &amp; &lt;\u2060b&gt;bold&lt;\u2060/b&gt;'),
    ("x < y & z", "x &lt; y &amp; z"),
    ("&amp; stays literal", "&amp;\u2060amp; stays literal"),
])
def test_definitions_are_escaped(definition: str, title: str) -> None:
    glossary = f"terms:\n  - term: ROK\n    definition: '{definition}'\n"
    assert render("ROK", glossary) == \
        f'<p><a class="glossary-term" href="glossary.md#rok" id="gl-rok" title="{title}">ROK</a>' \
        "</p>"


def test_tooltip_text_is_plain_text_for_an_html_sink() -> None:
    """Material puts the title into innerHTML: the joiner keeps tags and entities inert."""
    assert tooltip_text("<script>alert(1)</script>") == "<\u2060script>alert(1)<\u2060/script>"
    assert tooltip_text("a < b") == "a < b"  # "<" before a space cannot start a tag


def test_marking_twice_changes_nothing() -> None:
    glossary = load_glossary(GLOSSARY, "g.yml", cite_keys=set(), pages=[])
    root = etree.fromstring("<div><p>ROK and KORUS FTA, ROK</p><p>FTA</p></div>")
    matcher = Matcher(glossary.terms)
    first = mark_tree(root, matcher, href="glossary.md")
    once = etree.tostring(root, encoding="unicode")
    again = mark_tree(root, matcher, href="glossary.md")
    assert etree.tostring(root, encoding="unicode") == once
    assert [t.slug for t in first] == [t.slug for t in again] == ["rok", "korus-fta", "fta"]


def test_same_input_same_output() -> None:
    source = "ROK, KORUS FTA and FTA; New Northern Policy. " * 3
    assert len({render(source) for _ in range(3)}) == 1


def test_usage_is_recorded_per_page_in_order_of_first_use() -> None:
    session = GlossarySession(load_glossary(GLOSSARY, "g.yml", cite_keys=set(), pages=[]))
    for page, text in [("a.md", "FTA and ROK"), ("b.md", "ROK"), ("a.md", "ROK then FTA")]:
        session.current = page
        session.mark(etree.fromstring(f"<div><p>{text}</p></div>"))
    assert session.usage == {"a.md": ["rok", "fta"], "b.md": ["rok"]}  # a.md rendered again
    assert session.pages_using("rok") == ["a.md", "b.md"]
    assert {t.slug for t in session.unused()} == {"korus-fta", "new-northern-policy",
                                                  "northern", "cost-plus-50",
                                                  "proactive-pacifism", "abe"}


@pytest.mark.parametrize("name", ["link", "heading", "admonition-title", "opt-out-class",
                                  "raw-inline-link"])
def test_expected_html_would_catch_a_marker_that_ignores_exclusions(monkeypatch, name) -> None:
    """The cases above can fail: without the skipped tags and classes, these get marked."""
    import explainer.glossary as module

    source, expected = next(c[1:] for c in CASES if c[0] == name)
    monkeypatch.setattr(module, "SKIP_TAGS", frozenset())
    monkeypatch.setattr(module, "SKIP_CLASSES", frozenset())
    assert render(source) != expected
