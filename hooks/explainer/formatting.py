"""Every source of refs.bib formatted by pandoc in the CSL style, and refs.bib as CSL-JSON: one
pandoc run for both, kept by content (explainer.memo).

Pure logic behind hooks/citations.py (the formatted references, handed to mkdocs-bibtex's
registry) and hooks/cite_this_page.py (the `references.json` download). Both ask with the same
inputs: the first runs pandoc, the second gets the result kept in memory.

Why one run, and this one. A first build (a fresh clone, CI) has nothing kept and pays for every
pandoc run: mkdocs-bibtex's own formatting run (`_process_with_pandoc`) cites every source in
the text and lists them, so pandoc formats each source twice (a note and a bibliography entry,
of which only the entry is used for a notes style), and the CSL-JSON conversion was a second
pandoc process reading refs.bib again. Here pandoc lists every source (`nocite: @*`) without
citing any, and a Lua filter (`csljson.lua`) writes the CSL-JSON from the same parse of
refs.bib: 0.17 s of CPU instead of 0.23 + 0.05 (tests/bench/README.md). The entries are the
text mkdocs-bibtex's run gives, read with its patterns (`references`), and the CSL-JSON is
byte for byte that of `pandoc -f biblatex -t csljson` (tests/test_build_cache.py compares
both with a build that uses mkdocs-bibtex's run and pandoc's converter).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pypandoc

from explainer import memo

# Data -------------------------------------------------------------------------------------------

LUA_FILTER = Path(__file__).with_name("csljson.lua")
# Every source listed, none cited; "# References" as mkdocs-bibtex's run has it.
DOCUMENT = "---\nlink-citations: false\nnocite: |\n  @*\n---\n\n# References\n"
# mkdocs-bibtex's two patterns for an entry of pandoc's Markdown (PandocRegistry).
_ENTRY_MARGIN = re.compile(r"::: \{#ref-(?P<key>[^\s]+) .csl-entry\}\r?\n"
                           r"\[.*?\]\{\.csl-left-margin\}\[(?P<citation>.*?)\]\{\.csl-right-inline\}",
                           re.DOTALL)
_ENTRY = re.compile(r"::: \{#ref-(?P<key>[^\s]+) .csl-entry\}\r?\n(?P<citation>.*?)(?=:::|$)",
                    re.DOTALL)


# Helper functions -------------------------------------------------------------------------------


def formatted(bib_text: str, csl_path: str, store: Path | None = None) -> dict:
    """The run for this refs.bib text and CSL style (or its result, kept):
    {"references": {key: entry}, "csl_json": text}; raises pypandoc's RuntimeError."""
    inputs = (bib_text, Path(csl_path).read_bytes(), pypandoc.get_pandoc_version(),
              LUA_FILTER.read_bytes(), DOCUMENT)
    return memo.cached("pandoc", inputs, lambda: run(bib_text, csl_path), store)


def run(bib_text: str, csl_path: str) -> dict:
    """One pandoc run: every entry of `bib_text` formatted in the style, and the CSL-JSON."""
    with tempfile.TemporaryDirectory(prefix="explainer-pandoc-") as tmp:
        bib, csl_json = Path(tmp, "refs.bib"), Path(tmp, "references.json")
        bib.write_text(bib_text, encoding="utf-8")
        formatted = pypandoc.convert_text(
            DOCUMENT, "markdown-citations", format="markdown", verify_format=False,
            extra_args=["--citeproc", "--bibliography", str(bib), "--csl", csl_path,
                        "--lua-filter", str(LUA_FILTER), "--metadata", f"csljson-out={csl_json}"])
        return {"references": references(formatted),
                "csl_json": csl_json.read_text(encoding="utf-8")}


def references(markdown: str) -> dict[str, str]:
    """key -> entry, from pandoc's Markdown, read as mkdocs-bibtex reads its run's output."""
    section = markdown.split("# References", 1)[-1]
    found = {m["key"].strip(): m["citation"].replace("\n", " ").strip()
             for m in _ENTRY_MARGIN.finditer(section)}
    return found or {m["key"].strip(): m["citation"].replace("\n", " ").strip()
                     for m in _ENTRY.finditer(section)}
