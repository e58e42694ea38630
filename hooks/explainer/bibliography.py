"""refs.bib validation, citation scanning, and the References page.

mkdocs-bibtex does the formatting (pandoc + a CSL style); this module does what it does not:
it fails clearly on bad BibTeX and unknown keys (mkdocs-bibtex logs a traceback and drops the
citation), keeps `[@key]` inside code literal, and lists every source with the sections that
cite it, independent of the order in which pages are built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

import markdown
from mkdocs_bibtex.citation import CITATION_BLOCK_REGEX, Citation
from pybtex.database import BibliographyData, parse_string
from pybtex.scanner import PybtexSyntaxError

from explainer.datafile import unknown_key
from explainer.errors import SourceError
from explainer.i18n import _
from explainer.mdtext import fenced

# Data -------------------------------------------------------------------------------------------

# Entry types the CSL style renders well, and the fields each needs to make a usable reference.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("title", "journaltitle"),
    "book": ("title",),
    "online": ("title", "organization"),
    "report": ("title",),
}
BIB_FIX = "Fix refs.bib (CONTRIBUTING.md, 'Adding a source')"

# `@type{key,` as pybtex reads it: anywhere in a line, with spaces or line breaks between the
# parts (`@misc\n{key,`), `(` for `{`; the key's characters are pybtex's. Used for lines only:
# what an entry is comes from pybtex's parse.
_ENTRY_HEAD = re.compile(r"@\s*(?P<type>\w+)\s*[{(]\s*(?P<key>[^\s\"#%'(),={}]*)\s*,?")
# A citation that Markdown or mkdocs-bibtex would lose without a word.
_SPLIT_CITATION = re.compile(r"\[[^\[\]\n]*@[\w-]+[^\[\]\n]*$", re.M)
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\[\]\n]*@[\w-]+[^\[\]\n]*\]:", re.M)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_NOCASE = re.compile(r"\[([^\[\]]*)\]\{\.nocase\}")
# Stands in for "@" inside code while mkdocs-bibtex runs (Unicode private use: never in text).
AT_MASK = "\ue000"


# Helper functions: refs.bib ---------------------------------------------------------------------

@dataclass
class Bibliography:
    data: BibliographyData
    lines: dict[str, int]  # key -> line of its `@type{key,`

    @property
    def keys(self) -> list[str]:
        return list(self.data.entries)


def load_bibliography(text: str, path: str = "refs.bib") -> Bibliography:
    """Parse and check refs.bib; raise SourceError naming the line of the first problem."""
    lines: dict[str, int] = {}  # key.lower() -> line (keys are case-insensitive in BibTeX)
    line, counted = 1, 0
    for match in _ENTRY_HEAD.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        kind, key = match["type"].lower(), match["key"]
        if kind in ("comment", "preamble", "string"):
            continue
        if not key:
            raise SourceError(path, line, f"@{kind} entry has no key", BIB_FIX)
        if key.lower() in lines:  # pybtex says so too, without a line
            raise SourceError(path, line, f"duplicate entry key '{key}' (first defined on line "
                              f"{lines[key.lower()]})", "Give each source one entry and one key")
        lines[key.lower()] = line
    try:
        data = parse_string(text, "bibtex")
    except PybtexSyntaxError as exc:
        detail = re.sub(r"^.*?in line \d+:\s*", "", str(exc))
        raise SourceError(path, exc.lineno, f"BibTeX syntax error: {detail} (the cause may be "
                          "an unclosed brace or quote further up)", BIB_FIX) from None
    except Exception as exc:  # pybtex reports other problems without a line
        raise SourceError(path, None, f"cannot read BibTeX: {exc}", BIB_FIX) from None
    found: dict[str, int] = {}
    for key, entry in data.entries.items():
        line = lines.get(key.lower())
        if line is not None:
            found[key] = line
        required = REQUIRED_FIELDS.get(entry.type.lower())
        if required is None:
            raise SourceError(path, line, f"entry '{key}' has type @{entry.type.lower()}, which "
                              "this site does not use",
                              f"Use one of {', '.join('@' + t for t in REQUIRED_FIELDS)}")
        missing = [f for f in required if not entry.fields.get(f, "").strip()]
        if missing:
            raise SourceError(path, line, f"entry '{key}' lacks {', '.join(missing)}", BIB_FIX)
        url = entry.fields.get("url", "")
        if url and (re.search(r"\s", url) or not url.startswith(("https://", "http://"))):
            raise SourceError(path, line, f"entry '{key}' has a malformed url {url!r}",
                              "Write the full address without spaces")
    return Bibliography(data=data, lines=found)


# Helper functions: citations in Markdown --------------------------------------------------------

@dataclass(frozen=True)
class Cite:
    line: int
    key: str
    prefix: str = ""
    suffix: str = ""


def mask_code(markdown: str) -> str:
    """Hide '@' inside code from mkdocs-bibtex (which rewrites `[@key]` even in code): in fenced
    code blocks, and in inline code spans, which never cross a blank line (so they are sought
    paragraph by paragraph)."""
    if "`" not in markdown and "~" not in markdown:
        return markdown  # no code span, no fence (most pages)
    lines = markdown.splitlines(keepends=True)
    out: list[str] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        out.append(_CODE_SPAN.sub(lambda m: m[0].replace("@", AT_MASK), "".join(paragraph)))
        paragraph.clear()

    for line, in_fence in zip(lines, fenced(lines)):
        if in_fence or not line.strip():
            end_paragraph()
        if in_fence:
            out.append(line.replace("@", AT_MASK))
        else:
            paragraph.append(line)
    end_paragraph()
    return "".join(out)


def unmask_code(markdown: str) -> str:
    return markdown.replace(AT_MASK, "@")


def inline_html(markdown_text: str) -> str:
    """Short Markdown (a formatted reference, a note) as inline HTML, with the same smart
    punctuation as the pages (pandoc writes en dashes as '--')."""
    html = markdown.markdown(markdown_text, extensions=["smarty"])
    return html.removeprefix("<p>").removesuffix("</p>")


def reference_html(reference_markdown: str) -> str:
    """A reference as mkdocs-bibtex's registry formats it (pandoc Markdown), as inline HTML."""
    return inline_html(clean_reference(reference_markdown))


def clean_reference(text: str) -> str:
    """Drop pandoc's `[text]{.nocase}` spans (case-protected BibTeX groups): Python-Markdown
    would print their brackets and braces."""
    return _NOCASE.sub(r"\1", text)


def find_citations(markdown: str) -> list[Cite]:
    """Every citation mkdocs-bibtex will replace, with its line; code must be masked already.

    Uses mkdocs-bibtex's own grammar (its block regex and `Citation.from_markdown`), so that
    what it would take for a citation, an e-mail address in brackets or `[@name](link)`
    included, is checked here rather than silently dropped there.
    """
    cites = []
    line, counted = 1, 0
    for block in CITATION_BLOCK_REGEX.finditer(markdown):
        line += markdown.count("\n", counted, block.start())
        counted = block.start()
        for citation in Citation.from_markdown(block[1]):
            cites.append(Cite(line, citation.key, citation.prefix.strip(), citation.suffix.strip()))
    return cites


def check_citations(markdown: str, path: str, bib: Bibliography,
                    first_line: int = 1) -> tuple[str, list[SourceError]]:
    """Validate a page's citations; return the Markdown to hand on and the problems found.

    A problem's citation is neutralised (shown literally) so that mkdocs-bibtex does not
    print a traceback for it; the build still fails on the problems. `first_line`: the file
    line of the Markdown's first line (after front matter), so messages name the file's lines.
    """
    shift = first_line - 1
    errors: list[SourceError] = []
    masked = mask_code(markdown)
    bad_lines: set[int] = set()
    for cite in find_citations(masked):
        if cite.key not in bib.data.entries:
            errors.append(unknown_key(cite.key, bib.keys, path, cite.line + shift))
            bad_lines.add(cite.line)
        elif cite.prefix or cite.suffix:
            errors.append(SourceError(
                path, cite.line + shift, f"citation '@{cite.key}' has a prefix or locator "
                f"('{(cite.prefix + ' ' + cite.suffix).strip()}'), which the notes style drops",
                "Cite with [@key] alone and put the page or remark in the sentence"))
            bad_lines.add(cite.line)
    for pattern, problem, fix in (
        (_SPLIT_CITATION, "citation opens here but closes on a later line, so it would be shown "
         "as raw text", "Keep [@a; @b] on one line"),
        (_LINK_DEFINITION, "citation at the start of a line followed by ':' is read as a "
         "Markdown link definition and would vanish", "Reword so that the line does not start "
         "with the citation"),
    ):
        for match in pattern.finditer(masked):
            line = masked.count("\n", 0, match.start()) + 1
            errors.append(SourceError(path, line + shift, problem, fix))
            bad_lines.add(line)
    if bad_lines:
        lines = masked.split("\n")
        for number in bad_lines:
            lines[number - 1] = lines[number - 1].replace("@", AT_MASK)
        masked = "\n".join(lines)
    return masked, errors


@dataclass
class Source:
    key: str
    html: str  # the formatted reference, as HTML
    sort_key: str
    note_html: str = ""
    # (label, href): the sections citing it (explainer.citation_marks.cited_sections)
    cited_in: list[tuple[str, str]] = field(default_factory=list)


def sort_key(reference_text: str) -> str:
    """Chicago orders by the first word, ignoring quotation marks and markup."""
    plain = re.sub(r"<[^>]+>", "", reference_text)
    return re.sub(r"^[\W_]+", "", plain).casefold()


def render_reference_list(sources: list[Source]) -> str:
    """The References page's list: alphabetical, each with its URL, note and citing sections."""
    items = []
    for source in sorted(sources, key=lambda s: (s.sort_key, s.key)):
        parts = [f'<li id="ref-{escape(source.key)}" class="reference">',
                 f'<p class="reference__text">{source.html}</p>']
        if source.note_html:
            parts.append(f'<p class="reference__note"><strong>{_("Note on this source:")}</strong> '
                         f"{source.note_html}</p>")
        if source.cited_in:
            links = _("; ", "list").join(f'<a href="{escape(href)}">{escape(label)}</a>'
                              for label, href in source.cited_in)
            parts.append(f'<p class="reference__cited">{_("Cited in:")} {links}</p>')
        parts.append("</li>")
        items.append("\n".join(parts))
    return '<ol class="reference-list">\n' + "\n".join(items) + "\n</ol>"
