"""Glossary tooltips: the data file, the marking of terms in a page, and the Glossary page.

Pure logic behind `hooks/glossary.py` (no MkDocs imports; Python-Markdown and PyYAML only), so
the tests call it directly. Four parts:

1. `load_glossary` reads `docs/glossary.yml`, keeps the line of every field and turns every
   problem a contributor can fix into one `SourceError` line ("path:line: problem. fix").
2. `Matcher` compiles all terms and aliases into one regular expression over *plain text*
   (never over HTML): longest form first, whole words, acronyms case-sensitive, phrases not.
3. `mark_tree` walks a page's element tree after Python-Markdown's inline processing (as its own
   `AbbrTreeprocessor` does) and wraps matches in `<a class="glossary-term">`.
   `GlossaryExtension` registers it; see "Where marking happens" below.
4. `glossary_markdown` writes the Glossary page as Markdown, with every piece of contributor
   text escaped so that no term or definition can become markup, and a slot in each entry that
   `entry_links` fills once every page is rendered ("Explained on", "Appears on").

Why not `<abbr title>`: it takes no keyboard focus and links nowhere, so without JavaScript a
keyboard or touch user could not reach the definition; Material's abbreviation recipe also
wraps every occurrence. Why not Material's instant previews (`data-preview` links): they fetch
the whole Glossary page on hover, only for URLs in the sitemap (so not from `file://`), and
drop the title. A link with a title gives all three: tooltip, focus, and a target.

Where marking happens
---------------------
Material's own recipe (the `abbr` extension plus an auto-appended snippets file) would wrap
every occurrence, also inside headings, links and footnotes; rewriting the finished HTML in
`on_page_content` would mean re-serialising whole pages and skipping Material's markup by hand.
A treeprocessor sees the page as elements instead, so the exclusions are ancestors to skip:
code/pre/kbd/samp, links, headings, existing `abbr`, `script`/`style`, `summary`, admonition
titles, the footnote/reference list (`div.footnote`), anything with class `no-glossary`, and
`AtomicString` text. Image alt text and all other attributes are never touched: only element
text and tails are read. Navigation, table of contents and search index are built by MkDocs from
headings and text, so they stay unmarked (headings are skipped; text is unchanged).

What it cannot see: raw HTML. Python-Markdown and pymdownx.superfences stash raw HTML blocks,
fenced code and entities/smart quotes as placeholders (``\\x02wzxhzdk:N\\x03``) in the text,
read through `explainer.placeholders`; placeholders are never matched and count as word boundaries. Text *between* two stashed inline
tags (``<a href=...>KORUS FTA</a>`` written as raw HTML) is ordinary text to the tree, so the
walk reads each stashed tag and skips text while a raw ``<a>``, ``<code>``, ``<abbr>`` ... is
open (reset at each top-level block, so an unclosed tag cannot swallow the page). Text inside a
raw HTML *block* (``<div>KORUS FTA</div>``) is stashed whole and simply stays unmarked.

The mark
--------
``<a class="glossary-term" href="glossary.md#korus-fta" title="Full name: definition">``.
Visible text is unchanged. It is a real link, so it takes keyboard focus and works without
JavaScript (the browser shows the title; following the link opens the entry). With
`content.tooltips`, Material shows the title as its own tooltip on hover and focus and points
`aria-describedby` at it; without JavaScript, screen readers get the title as the link's
description and the term as its name. On touch screens Material alone would follow the link on
a tap (to the entry, where the same definition is the first thing on screen); the site's
`docs/assets/previews.js` makes the first tap open the tooltip and the second follow the link.
MkDocs' own link processor (which runs after this one) turns ``glossary.md#...`` into the
page's real URL and validates the anchor. The first mark of a term on a page also gets
``id="gl-<slug>"``, which the Glossary page's "appears on" links point to.

Material reads the title back and inserts it with ``innerHTML`` (`renderInlineTooltip2`), so a
definition such as ``a <b> tag`` would become markup there even though the attribute itself is
escaped. `tooltip_text` therefore puts an invisible WORD JOINER (U+2060) after every ``<`` or
``&`` that could start a tag or a character reference: the browser's own tooltip, screen readers
and Material's tooltip all show the definition as written, and nothing can be injected.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

import yaml
from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX, AtomicString

from explainer.datafile import EntryList, Field, YamlData, check_cite_key
from explainer.datafile import line as _line
from explainer.datafile import suggest as _suggest
from explainer.datafile import text as _text
from explainer.errors import SourceError
from explainer.i18n import N_, _
from explainer.mdtext import CITATION_FIX, has_citation, md_text, slot
from explainer.placeholders import pieces

# ---------------------------------------------------------------------------------------------
# Data model
# ---------------------------------------------------------------------------------------------

# `anchor`: written only by the translations' `docs` step (tools/i18n), so that a translated
# term keeps the English term's anchor, which the translated pages' links name.
FIELDS = ("term", "full_name", "aliases", "definition", "cite", "page", "case_sensitive",
          "anchor")
OCCURRENCES = ("first", "all")
# A form is matched as text, so characters that Markdown turns into entities or markup can never
# be found in the tree: refuse them when loading instead of silently never marking the term.
_UNMATCHABLE = re.compile(r"[\"'&<>`*_\[\]\\\x02\x03]")
_WORD_EDGES = re.compile(r"^\w.*\w$|^\w$", re.DOTALL)


@dataclass(frozen=True)
class Term:
    """One glossary entry, with the line it starts on (for messages about it)."""

    term: str
    slug: str
    definition: str
    full_name: str = ""
    aliases: tuple[str, ...] = ()
    cite: str | None = None
    page: str | None = None
    case_sensitive: bool | None = None
    line: int = 0
    form_lines: tuple[int, ...] = field(default=(), compare=False)  # line of each form

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling that is marked in pages: the term, then its aliases."""
        return (self.term, *self.aliases)

    def is_case_sensitive(self, form: str) -> bool:
        """The entry's setting, else: acronyms (no lower-case letter, e.g. "G20") are exact."""
        if self.case_sensitive is not None:
            return self.case_sensitive
        return not any(ch.islower() for ch in form)

    @property
    def tooltip(self) -> str:
        """What the reader sees on hover/focus: the full name, then the definition."""
        if self.full_name and _key(self.full_name) != _key(self.term):
            return tooltip_text(f"{self.full_name}: {self.definition}")
        return tooltip_text(self.definition)


@dataclass(frozen=True)
class Glossary:
    """All terms, sorted alphabetically, and the file they came from."""

    path: str
    terms: tuple[Term, ...]


def slugify(text: str) -> str:
    """Anchor of a term on the Glossary page: ASCII-lower, runs of other characters -> "-"."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def sort_key(term: Term) -> tuple[str, str]:
    """Alphabetical, ignoring case and leading punctuation; the term itself breaks ties."""
    return (re.sub(r"^\W+", "", term.term.casefold()), term.term)


def tooltip_text(text: str) -> str:
    """Text that reads the same as a title attribute and as Material's innerHTML tooltip.

    A WORD JOINER (U+2060, invisible and not announced) after "<" or "&" stops either from
    starting a tag or character reference when Material assigns the title to innerHTML.
    """
    return re.sub(r"([<&])(?=[A-Za-z0-9#/!?])", "\\1\u2060", " ".join(text.split()))


def _key(form: str) -> str:
    """Comparison key for duplicates and for looking up a matched form."""
    return " ".join(form.casefold().split())


# ---------------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------------


def load_glossary(text: str, path: str, *, cite_keys: Collection[str] | None,
                  pages: Collection[str]) -> Glossary:
    """Parse and validate the glossary file; raise SourceError on the first problem.

    `cite_keys` are the keys of the bibliography (None: no bibliography configured);
    `pages` are the documentation pages' paths under docs/ (e.g. "trade.md").
    The YAML reading (lines, unknown or repeated fields, tags) is `explainer.datafile`'s.
    """
    with YamlData(text, path) as data:
        terms = [_term(data.fields(node, FIELDS, first="term"), _line(node), path, cite_keys,
                       pages) for node in data.entries(_FILE)]
    _check_unique(terms, path)
    return Glossary(path=path, terms=tuple(sorted(terms, key=sort_key)))


_FILE = EntryList(what="the glossary", key="terms", noun="term", first="term",
                  item_fix="Write `- term: NAME` followed by `definition: ...`")


def _term(values: dict[str, Field], entry_line: int, path: str,
          cite_keys: Collection[str] | None, pages: Collection[str]) -> Term:
    """One entry's fields -> Term, with a message naming the term and line for every problem."""
    if "term" not in values:
        raise SourceError(path, entry_line, "entry has no `term:`", "Add `term: NAME`")
    term, term_line = _text(values["term"], "term", path, f"the entry on line {entry_line}")
    label = f"term {term!r}"
    if "definition" not in values:
        raise SourceError(path, entry_line, f"{label} has no definition",
                          "Add `definition:` with one or two sentences in our own words")
    definition, definition_line = _text(values["definition"], "definition", path, label)
    full_name, full_name_line = _text(values["full_name"], "full_name", path, label) \
        if "full_name" in values else ("", 0)
    # Written with md_text on the Glossary page: a [@key] there would show as text, uncited.
    for name, value, line in (("definition", definition, definition_line),
                              ("full name", full_name, full_name_line)):
        if has_citation(value):
            raise SourceError(path, line, f"the {name} of {label} contains a citation",
                              CITATION_FIX)
    aliases = _aliases(values.get("aliases"), path, label)
    for form, form_line in [(term, term_line), *aliases]:
        _check_form(form, form_line, path, label)

    cite = None
    if "cite" in values:
        cite, cite_line = _text(values["cite"], "cite", path, label)
        cite = check_cite_key(cite, cite_keys, path, cite_line, label)
    page = None
    if "page" in values:
        page, page_line = _text(values["page"], "page", path, label)
        page = page.removeprefix("docs/")
        if page not in pages:
            raise SourceError(path, page_line, f"unknown page {page!r} in {label}",
                              _suggest("Use a page path under docs/", page, pages))
    case_sensitive = None
    if "case_sensitive" in values:
        case_sensitive, line = values["case_sensitive"].value, values["case_sensitive"].line
        if not isinstance(case_sensitive, bool):
            raise SourceError(path, line, f"`case_sensitive` of {label} must be true or false",
                              "Write `case_sensitive: true` or leave it out")
    slug = slugify(values["anchor"].value) if "anchor" in values else slugify(term)
    return Term(term=term, slug=slug, definition=definition, full_name=full_name,
                aliases=tuple(a for a, _ in aliases), cite=cite, page=page,
                case_sensitive=case_sensitive, line=entry_line,
                form_lines=(term_line, *(line for _, line in aliases)))


def _aliases(value: Field | None, path: str, label: str) -> list[tuple[str, int]]:
    if value is None:
        return []
    if not isinstance(value.value, list) or not isinstance(value.node, yaml.SequenceNode):
        raise SourceError(path, value.line, f"`aliases` of {label} must be a list",
                          "Write `aliases: [Other name, ...]`")
    return [_text(Field(alias, _line(item), item), "aliases", path, label)
            for alias, item in zip(value.value, value.node.value)]


def _check_form(form: str, line: int, path: str, label: str) -> None:
    if bad := _UNMATCHABLE.search(form):
        raise SourceError(path, line, f"{form!r} in {label} contains {bad.group()!r}, which "
                          "Markdown turns into markup, so it could never be found in a page",
                          "Leave quotes and markup characters out of terms and aliases")
    if not _WORD_EDGES.match(form):
        raise SourceError(path, line, f"{form!r} in {label} must start and end with a letter "
                          "or digit", "Drop the surrounding punctuation")


def _check_unique(terms: Sequence[Term], path: str) -> None:
    """No form twice (case-insensitive), and no two terms with the same anchor."""
    seen: dict[str, Term] = {}
    slugs: dict[str, Term] = {}
    for term in terms:
        for form, line in zip(term.forms, term.form_lines or [term.line] * len(term.forms)):
            other = seen.get(_key(form))
            if other is not None:
                where = "the same entry" if other is term else f"term {other.term!r} on line " \
                    f"{other.line}"
                raise SourceError(path, line, f"duplicate term or alias {form!r} (also in "
                                  f"{where}; case is ignored)",
                                  "Keep each spelling in one entry only")
            seen[_key(form)] = term
        if not term.slug:
            raise SourceError(path, term.line, f"term {term.term!r} gives an empty anchor",
                              "Use letters or digits in the term")
        if term.slug in slugs:
            raise SourceError(path, term.line, f"term {term.term!r} has the same anchor "
                              f"#{term.slug} as {slugs[term.slug].term!r}",
                              "Rename one of the two terms")
        slugs[term.slug] = term


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------


# A word character that is not of a CJK script: Korean and Japanese attach particles to a word
# (한미 자유무역협정은, 日米貿易協定は) and Japanese has no spaces, so a form ends or starts at a
# Hangul, kana or CJK character; Latin words keep whole-word matching as before.
_WORD = r"[^\W\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"


class Matcher:
    """All forms of all terms as one regular expression over plain text.

    Alternatives are ordered longest first, so at any position "KORUS FTA" wins over "FTA";
    `(?<!\\w)`/`(?!\\w)` keep to whole words; spaces in a form match any run of whitespace (a
    phrase may be wrapped across source lines); case-insensitive forms use a scoped `(?i:...)`.
    One `regex.finditer` over each text: a trie prefilter in front of it saved about 4.5 ms of
    a build's 740 to 890 ms of CPU (under 1%, against issue 22's 5 percent), so it went.
    """

    def __init__(self, terms: Sequence[Term]) -> None:
        forms = sorted(((form, t) for t in terms for form in t.forms),
                       key=lambda pair: (-len(pair[0]), pair[0]))
        self._terms = {_key(form): t for form, t in forms}
        self.by_slug = {t.slug: t for t in terms}
        parts = []
        for form, t in forms:
            body = r"\s+".join(re.escape(word) for word in form.split())
            parts.append(body if t.is_case_sensitive(form) else f"(?i:{body})")
        self.regex = re.compile(rf"(?<!{_WORD})(?:{'|'.join(parts)})(?!{_WORD})") if parts else None

    def finditer(self, text: str, start: int, end: int) -> Iterator[tuple[int, int, Term]]:
        if self.regex is None:
            return
        for match in self.regex.finditer(text, start, end):
            yield match.start(), match.end(), self._terms[_key(match.group())]


# ---------------------------------------------------------------------------------------------
# Marking a page's element tree
# ---------------------------------------------------------------------------------------------

SKIP_TAGS = frozenset({
    "a", "abbr", "button", "code", "dfn", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "math",
    "pre", "samp", "script", "select", "style", "summary", "svg", "textarea",
})
SKIP_CLASSES = frozenset({"admonition-title", "footnote", "glossary-term", "no-glossary"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
MARK_CLASS = "glossary-term"
USE_ID_PREFIX = "gl-"


def skipped(el: etree.Element) -> bool:
    """Whether nothing inside `el` may be marked (its tail still may)."""
    if not isinstance(el.tag, str):  # comments and processing instructions
        return True
    if el.tag.lower() in SKIP_TAGS:
        return True
    return not SKIP_CLASSES.isdisjoint((el.get("class") or "").split())


class _TagCounter(HTMLParser):
    """Net number of skipped elements a piece of stashed raw HTML opens (negative: closes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.delta = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIP_TAGS and tag not in _VOID:
            self.delta += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.delta -= 1


def _raw_delta(raw: str) -> int:
    counter = _TagCounter()
    counter.feed(raw)
    counter.close()
    return counter.delta


@dataclass
class _Segment:
    """A run of text to split: `owner.text` (child is None) or `child.tail`."""

    owner: etree.Element
    child: etree.Element | None
    text: str
    spans: list[tuple[int, int, Term, bool]] = field(default_factory=list)


def mark_tree(root: etree.Element, matcher: Matcher, *, href: str, occurrences: str = "first",
              stash: Sequence[object] = ()) -> list[Term]:
    """Wrap glossary terms in `root`'s running text; return the terms marked, in order of use.

    `href` is the link to the Glossary page relative to this page's source ("glossary.md");
    `stash` is the Markdown instance's htmlStash.rawHtmlBlocks (to see raw inline tags).
    Terms already marked in the tree count as used, so running this twice changes nothing.
    """
    if matcher.regex is None:
        return []
    used: dict[str, Term] = {}
    for el in root.iter("a"):
        if MARK_CLASS in (el.get("class") or "").split():
            slug = (el.get("href") or "").rpartition("#")[2]
            if slug in matcher.by_slug:
                used.setdefault(slug, matcher.by_slug[slug])
    segments: list[_Segment] = []
    depth = 0

    def scan(owner: etree.Element, child: etree.Element | None, text: str | None) -> None:
        nonlocal depth
        if not text or isinstance(text, AtomicString) or text.isspace():
            return
        spans: list[tuple[int, int, Term, bool]] = []

        def find(pos: int, end: int) -> None:
            for start, stop, term in matcher.finditer(text, pos, end):
                first = term.slug not in used
                if first or occurrences == "all":
                    spans.append((start, stop, term, first))
                    used.setdefault(term.slug, term)

        if STX not in text:  # no placeholder: one run of plain text (most text)
            if depth <= 0:
                find(0, len(text))
        else:
            pos = 0
            for piece in pieces(text, stash):
                end = pos + len(piece.source)
                if not piece.placeholder:
                    if depth <= 0:
                        find(pos, end)
                elif piece.raw is not None:
                    depth = max(0, depth + _raw_delta(piece.raw))
                pos = end
        if spans:
            segments.append(_Segment(owner, child, text, spans))

    def walk(el: etree.Element, top: bool = False) -> None:
        nonlocal depth
        scan(el, None, el.text)
        for child in list(el):
            if top:
                depth = 0  # an unclosed raw tag ends with its block
            if not skipped(child):
                walk(child)
            scan(el, child, child.tail)

    walk(root, top=True)
    for segment in segments:
        _apply(segment, href)
    return list(used.values())


def _apply(segment: _Segment, href: str) -> None:
    text, spans = segment.text, segment.spans
    links = []
    for i, (start, stop, term, first) in enumerate(spans):
        link = etree.Element("a", {"class": MARK_CLASS, "href": f"{href}#{term.slug}",
                                   "title": term.tooltip})
        if first:
            link.set("id", f"{USE_ID_PREFIX}{term.slug}")
        link.text = AtomicString(text[start:stop])
        link.tail = text[stop:spans[i + 1][0] if i + 1 < len(spans) else len(text)]
        links.append(link)
    lead = text[:spans[0][0]]
    if segment.child is None:
        segment.owner.text = lead
        index = 0
    else:
        segment.child.tail = lead
        index = list(segment.owner).index(segment.child) + 1
    for offset, link in enumerate(links):
        segment.owner.insert(index + offset, link)


# ---------------------------------------------------------------------------------------------
# One build: the glossary, the page being rendered, and where each term was used
# ---------------------------------------------------------------------------------------------


class GlossarySession:
    """Everything one build knows about the glossary; the hook holds one per build."""

    def __init__(self, glossary: Glossary, *, glossary_page: str = "glossary.md",
                 occurrences: str = "first") -> None:
        self.glossary = glossary
        self.matcher = Matcher(glossary.terms)
        self.glossary_page = glossary_page
        self.occurrences = occurrences
        self.current: str | None = None  # src path of the page being rendered, if it is marked
        self.usage: dict[str, list[str]] = {}  # page src path -> slugs, in order of first use

    def mark(self, root: etree.Element, stash: Sequence[object] = ()) -> None:
        """Mark the tree of the current page (if any) and record which terms it uses."""
        if self.current is None:
            return
        href = posixpath.relpath(self.glossary_page, posixpath.dirname(self.current) or ".")
        used = mark_tree(root, self.matcher, href=href, occurrences=self.occurrences,
                         stash=stash)
        self.usage[self.current] = [t.slug for t in used]

    def pages_using(self, slug: str) -> list[str]:
        return sorted(page for page, slugs in self.usage.items() if slug in slugs)

    def unused(self) -> list[Term]:
        return [t for t in self.glossary.terms if not self.pages_using(t.slug)]


class GlossaryTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, session: Callable[[], GlossarySession | None]) -> None:
        super().__init__(md)
        self.session = session

    def run(self, root: etree.Element) -> None:
        if (session := self.session()) is not None:
            session.mark(root, self.md.htmlStash.rawHtmlBlocks)


class GlossaryExtension(Extension):
    """Registers the marking, as mkdocstrings-autorefs registers its extension from on_config.

    `session` is called per page: the hook loads the glossary only once files are known.
    """

    def __init__(self, session: Callable[[], GlossarySession | None]) -> None:
        super().__init__()
        self.session = session

    def extendMarkdown(self, md: Markdown) -> None:
        # 5.5: after inline processing (20), footnotes (50/15), attr_list (8), abbr (7) and
        # smarty (6), so existing <abbr>, footnote lists and smart quotes are in the tree; before
        # toc and MkDocs' anchor collector (5), which must see the ids given to marked terms,
        # and MkDocs' link processor (0), which resolves and validates "glossary.md#slug".
        md.treeprocessors.register(GlossaryTreeprocessor(md, self.session), "glossary", 5.5)


# ---------------------------------------------------------------------------------------------
# The Glossary page
# ---------------------------------------------------------------------------------------------


_DESCRIPTION = N_("Every term and acronym this site marks in its pages, with a short definition "
                "and the pages where it appears.")


@dataclass(frozen=True)
class PageLink:
    """A page as the Glossary page links to it: its title and its URL relative to the Glossary."""

    title: str
    url: str


def glossary_markdown(glossary: Glossary) -> str:
    """The Glossary page: every term alphabetically, with an anchor and a slot for its links.

    Headings, full names and definitions are Markdown (the table of contents, permalinks and
    bibtex's `[@key]` footnotes need it), with contributor text escaped by `md_text`. The list
    under each entry is one raw HTML block, escaped with `html.escape`, because a hundred-odd
    Markdown links made Python-Markdown's inline processing the largest cost of the whole hook.
    Its links to pages need their titles and where each term is used, known once every page is
    rendered: the block holds the slot `entry_links` fills (`explainer.mdtext.slot`).
    """
    lines = [
        "---",
        f"description: {_(_DESCRIPTION)}",
        "---",
        "",
        f"# {_('Glossary')}",
        "",
        _("The first time a page uses one of these terms, it is marked: point at it or move the "
          "keyboard focus to it to read the short definition, or follow it to this entry."),
    ]
    for term in glossary.terms:
        lines += ["", f"## {md_text(term.term)} {{#{term.slug}}}", ""]
        if term.full_name and _key(term.full_name) != _key(term.term):
            lines += [f"*{md_text(term.full_name)}*", ""]
        cite = f" [@{term.cite}]" if term.cite else ""
        lines += [f"{md_text(term.definition)}{cite}", "", '<ul class="glossary-entry">']
        if term.aliases:
            lines.append(f"<li>{_('Also written:')} "
                         f"{html.escape(_(', ', 'list').join(term.aliases))}</li>")
        lines += [slot(term.slug), "</ul>"]
    return "\n".join(lines) + "\n"


def entry_links(glossary: Glossary, *, pages: Mapping[str, PageLink],
                usage: Mapping[str, Sequence[str]], order: Sequence[str] = ()) -> dict[str, str]:
    """slug -> the HTML of its entry's slot: the page explaining the term and the pages using it.

    `pages` maps a page's src path to its title and URL; `usage` maps a page's src path to the
    slugs it marks; `order` is the navigation order of pages (others follow, sorted by path).
    The URLs come from MkDocs (`pages`), and the site tests check every one of them.
    """
    rank = {src: i for i, src in enumerate(order)}

    def link(src: str, anchor: str = "") -> str:
        target = pages[src]
        return f'<a href="{html.escape(target.url + anchor)}">{html.escape(target.title)}</a>'

    filled = {}
    for term in glossary.terms:
        lines = [f"<li>{_('Explained on:')} {link(term.page)}</li>"] if term.page else []
        used = sorted((src for src, slugs in usage.items() if term.slug in slugs),
                      key=lambda src: (rank.get(src, len(rank)), src))
        found = _(", ", "list").join(link(src, f"#{USE_ID_PREFIX}{term.slug}") for src in used)
        lines.append(f"<li>{_('Appears on:')} {found or _('no page')}</li>")
        filled[term.slug] = "\n".join(lines)
    return filled
