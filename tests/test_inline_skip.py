"""The inline passes skip text they cannot change (explainer.inline_skip), and the HTML is the
same as without it: Markdown in, HTML out, side by side with and without the extension, on
samples made to trip each rule and on every page of the real site; then the site built with and
without hooks/inline_skip.py. Each check is shown failing on a broken copy of the rule."""

from __future__ import annotations

import random
import re
import textwrap
import xml.etree.ElementTree as etree

import markdown
import pytest
from markdown.extensions.smarty import SmartyExtension
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

from conftest import ROOT, build_without_hook, differing_files, real_config
from explainer import inline_skip
from explainer.inline_skip import InlineSkipExtension

EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "smarty", "tables",
              "toc"]

SAMPLES = {
    "quotes": "He said \"no\" and 'yes'; the allies' view, the '90s, \"'quoted'\".",
    "single quotes": "The allies' view, the '90s and 'yes'.",
    "dashes and ellipses": "2017--2019, a---b, and so on... a<<b>>c",
    "en dash": "From 2017--2019.",
    "underscore emphasis": "An _emphasised_ word.",
    "plain": "Plain text with a full stop. And another, with commas: no quotes at all",
    "line break in a note": "Text.[^1]\n\n[^1]: A note  \nwith a line break.",
    "notes": "Allies [^a], partners [^b].\n\n[^a]: <b>Raw</b> HTML note.\n[^b]: *Emphasis* "
             "and a [link](https://example.org) and `code`.",
    "markers in a list": "- one [^a]\n- two [^a]\n\n[^a]: Note with \"quotes\".",
    "markers in a table": "| a | b |\n| --- | --- |\n| x [^a] | 'y' |\n\n[^a]: A note.",
    "raw inline HTML": "A <span>'quoted'</span> -- raw <em>em</em> run.",
    "escapes": "Not \\*emphasis\\*, \\'quote\\' and \\-\\- dashes.",
    "quote across an element": "*emphasis*' and \"**strong**\" and 'x'.",
}


def render(source: str, *extra) -> str:
    return markdown.markdown(textwrap.dedent(source), extensions=[*EXTENSIONS, *extra])


@pytest.mark.parametrize("name", SAMPLES)
def test_the_same_html_as_without_the_skips(name: str) -> None:
    assert render(SAMPLES[name], InlineSkipExtension()) == render(SAMPLES[name])


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "docs").glob("*.md")))
def test_every_real_page_renders_as_without_the_skips(page: str) -> None:
    source = (ROOT / "docs" / page).read_text("utf-8")
    assert render(source, InlineSkipExtension()) == render(source)


@pytest.mark.parametrize("broken, samples", [
    ({"smarty-quotes": "\""}, ["single quotes"]),  # smarty told a single quote needs nothing
    ({"smarty-en-dashes": "---", "smarty-em-dashes": "---"}, ["en dash"]),
    ({"em_strong": "[*]"}, ["underscore emphasis"]),  # emphasis told _ needs nothing
    ({"linebreak": "   \n"}, ["line break in a note"]),
])
def test_the_comparison_fails_when_a_rule_skips_too_much(monkeypatch, broken, samples) -> None:
    """A broken rule (a pattern said to need less than it does) changes the HTML of the samples
    made for it, and the comparison above says so."""
    for pattern, need in broken.items():
        monkeypatch.setitem(inline_skip.NEEDS, pattern, need)
    inline_skip._needs.cache_clear()
    try:
        changed = [name for name, text in SAMPLES.items()
                   if render(text, InlineSkipExtension()) != render(text)]
    finally:
        inline_skip._needs.cache_clear()
    assert set(samples) <= set(changed)


def patterns(md: markdown.Markdown) -> dict[str, object]:
    """Every pattern of the two inline passes, by name."""
    found = {}
    for name in ("inline", "smarty"):
        registry = md.treeprocessors[name].inlinePatterns
        found.update({item.name: registry[item.name] for item in registry._priority})
    return found


ALL_PATTERNS = [*EXTENSIONS, SmartyExtension(smart_angled_quotes=True)]


def test_every_pattern_of_the_site_is_known() -> None:
    """The site's passes skip text (a pattern NEEDS does not know turns skipping off for its
    pass, silently: an extension added to mkdocs.yml with inline patterns must add them)."""
    config = real_config()
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    md = markdown.Markdown(extensions=names)
    for name in ("inline", "smarty"):
        registry = md.treeprocessors[name].inlinePatterns
        assert inline_skip.needs_of([i.name for i in registry._priority]) is not None, name
    assert inline_skip.needs_of(["backtick", "someone_elses_pattern"]) is None


def test_no_pattern_matches_text_without_what_it_needs() -> None:
    """Random text over an alphabet of letters, digits, spaces and Markdown's punctuation: where
    a pattern's NEEDS finds nothing, the pattern matches nothing."""
    md = markdown.Markdown(extensions=ALL_PATTERNS)
    alphabet = "ab1 \n.,;:!?()[]{}-'\"<>&*_/\\`#^\u2019\x02\x03"
    rng = random.Random(15)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(4000)]
    texts += ["a  \nb", "x -- y", "x ... y", "<<a>>", "&amp;", "<https://a.b>", "<a@b.c>"]
    for name, pattern in patterns(md).items():
        needs = inline_skip.needs_of([name])
        assert needs is not None, f"{name} is not in NEEDS"
        skipped = [t for t in texts if not needs.search(t)]
        assert len(skipped) > 100, name
        for text in skipped:
            assert pattern.compiled_re.search(text) is None, (name, text)


def test_the_random_check_catches_a_wrong_need(monkeypatch) -> None:
    """The check above fails for a pattern said to need what it does not (backtick: '~')."""
    monkeypatch.setitem(inline_skip.NEEDS, "backtick", "~")
    inline_skip._needs.cache_clear()
    try:
        md = markdown.Markdown(extensions=ALL_PATTERNS)
        pattern = patterns(md)["backtick"]
        needs = inline_skip.needs_of(["backtick"])
        assert pattern.compiled_re.search("a `b") is not None and not needs.search("a `b")
    finally:
        inline_skip._needs.cache_clear()


def test_processors_keep_their_names_and_order() -> None:
    """The extension takes over the inline pass, smarty's pass and the footnotes' marker
    pattern under their own names and priorities: the order of every processor is as
    without it."""
    def order(md: markdown.Markdown) -> tuple[list, list]:
        return (sorted((i.priority, i.name) for i in md.inlinePatterns._priority),
                sorted((i.priority, i.name) for i in md.treeprocessors._priority))

    plain = markdown.Markdown(extensions=EXTENSIONS)
    skipping = markdown.Markdown(extensions=[*EXTENSIONS, InlineSkipExtension()])
    assert order(skipping) == order(plain)
    assert isinstance(skipping.treeprocessors["inline"], inline_skip.QuickInline)
    assert isinstance(skipping.treeprocessors["smarty"], inline_skip.QuickInline)
    assert isinstance(skipping.inlinePatterns["footnote"], inline_skip.QuickFootnoteMarkers)


def test_a_pass_someone_else_replaced_is_left_alone() -> None:
    class Theirs(markdown.treeprocessors.InlineProcessor):
        pass

    class TheirExtension(markdown.extensions.Extension):
        def extendMarkdown(self, md):  # noqa: N802
            md.treeprocessors.register(Theirs(md), "inline", 20)

    md = markdown.Markdown(extensions=[*EXTENSIONS, TheirExtension(), InlineSkipExtension()])
    assert type(md.treeprocessors["inline"]) is Theirs


def test_what_is_hidden_comes_back_as_plain_text() -> None:
    """The glossary and the citation marks leave AtomicString text alone: after each pass no
    text it hid is left atomic, tails the pass copied included."""
    md = markdown.Markdown(extensions=[*EXTENSIONS, InlineSkipExtension()])
    seen = []

    class Probe(markdown.treeprocessors.Treeprocessor):
        def run(self, root):
            seen.extend((self.after, t) for el in root.iter() for t in (el.text, el.tail)
                        if isinstance(t, AtomicString) and t.strip() and t != "1")

    for priority, after in ((19.9, "inline"), (5.9, "smarty")):
        probe = Probe(md)
        probe.after = after
        md.treeprocessors.register(probe, f"probe-{after}", priority)
    md.convert("Plain words and *emphasis* then plain words again, and 'quotes' [^a].\n\n"
               "[^a]: <b>Raw</b> note.")
    assert seen == []


def test_the_passes_try_their_patterns_on_far_less_text(monkeypatch) -> None:
    """What the skipping is for: on a real page, the two passes try their patterns on a fraction
    of the pieces of text they tried without it (this fails if nothing is skipped)."""
    tried = []
    handle = InlineProcessor._InlineProcessor__handleInline

    def counting(self, data, patternIndex=0):  # noqa: N803 (Python-Markdown's name)
        if not isinstance(data, AtomicString):
            tried.append(data)
        return handle(self, data, patternIndex)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__handleInline", counting)
    source = (ROOT / "docs" / "trade.md").read_text("utf-8")
    render(source)
    without = len(tried)
    tried.clear()
    render(source, InlineSkipExtension())
    assert without > 200 and len(tried) < without * 0.5, (len(tried), without)  # 66 of 285


def test_markers_numbers_are_atomic() -> None:
    md = markdown.Markdown(extensions=[*EXTENSIONS, InlineSkipExtension()])
    numbers = []

    class Probe(markdown.treeprocessors.Treeprocessor):
        def run(self, root):
            numbers.extend(a.text for a in root.iter("a") if a.get("class") == "footnote-ref")

    md.treeprocessors.register(Probe(md), "probe", 19.9)
    md.convert("Text [^a] and [^b].\n\n[^a]: A.\n[^b]: B.")
    assert numbers == ["1", "2"] and all(isinstance(n, AtomicString) for n in numbers)


@pytest.fixture(scope="module")
def site_without_skips(tmp_path_factory):
    return build_without_hook(tmp_path_factory.mktemp("no-skips"), "inline_skip.py")


def test_the_site_is_byte_for_byte_the_same(site, site_without_skips) -> None:
    assert differing_files(site.site_dir, site_without_skips.site_dir) == []
