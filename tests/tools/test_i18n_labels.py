"""The site's own labels (explainer.i18n's `_()`, tools/i18n/labels.py, i18n/*/site.po): a
translated build writes no English label of the site; the English build is the English; the
extractor finds every marked label; the check names a label's lost placeholder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from translate.storage import po

from conftest import ROOT, real_config, run_build
from explainer import i18n
from tools.i18n import catalogs, checks, labels, render

# Labels a Korean reader of the References, Glossary and Timeline pages would otherwise meet in
# English (the English is each unit's msgid).
ENGLISH = {"references/index.html": ["Cited in:", "Note on this source:"],
           "glossary/index.html": ["Appears on:", "Explained on:", "Also written:"],
           "timeline/index.html": ["Show the events of", "both alliances (", "Told in ",
                                   "Showing all "],
           "trade/index.html": ["Cite this page", "To cite the article itself:"]}
KOREAN = {"references/index.html": "인용된 곳:", "glossary/index.html": "나오는 곳:",
          "timeline/index.html": "표시할 사건:"}


def english_labels(site: Path) -> list[str]:
    """Each English label found in a translated site's pages, as 'page: label'."""
    found = []
    for page, words in ENGLISH.items():
        text = (site / page).read_text(encoding="utf-8")
        found += [f"{page}: {w}" for w in words if w in text]
    return found


@pytest.fixture(scope="module")
def ko_docs(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ko") / "docs"
    render.write_docs(catalogs.Project(ROOT), "ko", out)
    return out


def build_ko(tmp_path: Path, docs: Path, catalog: Path):
    extra = {**real_config()["extra"],
             **yaml.safe_load((ROOT / "mkdocs.ko.yml").read_text(encoding="utf-8"))["extra"],
             "i18n": {"catalog": str(catalog)}}
    result = run_build(ROOT / "mkdocs.ko.yml", tmp_path / "site", docs_dir=str(docs),
                       extra=extra)
    assert result.ok, result.error
    return result.site_dir


def test_the_korean_site_writes_its_labels_in_korean(tmp_path, ko_docs):
    site = build_ko(tmp_path, ko_docs, ROOT / "i18n/ko/site.po")
    assert english_labels(site) == []
    for page, label in KOREAN.items():
        assert label in (site / page).read_text(encoding="utf-8"), page
    trade = (site / "trade/index.html").read_text(encoding="utf-8")
    assert "<title>무역 - “미국 우선주의”와 한미동맹·미일동맹</title>" in trade  # nav, site_name
    assert re.search(r'<time datetime="2019-07-21">2019년 7월 21</time>~'
                     r'<time datetime="2019-07-22">22일</time>',
                     (site / "timeline/index.html").read_text(encoding="utf-8"))
    assert "<h1>404 - 페이지를 찾을 수 없다</h1>" in (site / "404.html").read_text("utf-8")


def test_a_label_left_untranslated_shows_in_english(tmp_path, ko_docs):
    store = po.pofile.parsefile(str(ROOT / "i18n/ko/site.po"))
    for unit in store.units:
        if unit.source in ("Cited in:", "Show the events of"):
            unit.target = ""
    broken = tmp_path / "site.po"
    catalogs.write(store, broken)
    site = build_ko(tmp_path, ko_docs, broken)
    assert english_labels(site) == ["references/index.html: Cited in:",
                                    "timeline/index.html: Show the events of"]


def test_the_english_site_keeps_its_english_labels(site):
    assert english_labels(site.site_dir) == [f"{page}: {w}" for page, words in ENGLISH.items()
                                             for w in words]
    assert i18n._("Cited in:") == "Cited in:"


def test_a_label_is_its_translation_only_while_a_catalog_is_in_use():
    try:
        i18n.use_labels({("", "Cited in:"): "인용된 곳:",
                         ("date", "{month:name} {year}"): "{year}년 {month}월"})
        assert i18n._("Cited in:") == "인용된 곳:"
        assert i18n._("Appears on:") == "Appears on:"  # not in the catalog: the English
        assert i18n._("{month:name} {year}", "date").format(**i18n.date_fields(2019, 4)) \
            == "2019년 4월"
    finally:
        i18n.use_labels({})
    assert i18n._("{month:name} {year}", "date").format(**i18n.date_fields(2019, 4)) \
        == "April 2019"


def test_the_extractor_finds_marked_labels_with_their_context(tmp_path):
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "x.py").write_text(
        'A = N_("Trade")\nB = _("{month:name} {year}", "date")\nC = _(A)\n'
        'D = _("Cited in:" " here")\n', encoding="utf-8")
    assert labels.code_labels(tmp_path) == [
        ("", "Trade", "hooks/x.py:1"), ("date", "{month:name} {year}", "hooks/x.py:2"),
        ("", "Cited in: here", "hooks/x.py:4")]


def test_the_real_template_has_every_label_of_the_pages_above():
    pot = po.pofile.parsefile(str(ROOT / "i18n/templates/site.pot"))
    sources = {u.source for u in pot.units}
    for words in ENGLISH.values():
        for word in words:
            assert any(s.startswith(word.strip()) for s in sources), word


def test_a_label_that_loses_a_placeholder_is_one_line(tmp_path):
    (tmp_path / "i18n" / "ko").mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "i18n" / "ko" / "site.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Told in {link}"\nmsgstr "다루는 곳: {링크}"\n\n'
        'msgctxt "date"\nmsgid "{month:name} {year}"\nmsgstr "{year}년 {month}월"\n\n'
        'msgctxt "date|range end, same month"\nmsgid "{day}, {year}"\nmsgstr "{day}일"\n',
        encoding="utf-8")
    assert checks.check(catalogs.Project(tmp_path), ["ko"]) == [
        "i18n/ko/site.po:5: placeholders differ from the English (missing {link}; unknown "
        "{링크}). Keep each {name} of the msgid as it is; translate only the words around it"]
