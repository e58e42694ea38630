"""The translations (tools/i18n, hooks/i18n.py): the checks name each broken unit with its
file:line, `update` never loses a translation, and a translated build shows a stale paragraph
in English, marked, never the stale translation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import LANGS, ROOT, build_translation, real_config, run_build
from explainer.errors import SourceError
from explainer.i18n import note_quotations, read_labels, unnoted_quotations
from tools.i18n import catalogs, checks, render

PAGE = """\
# Trade

Trump called the deal "a horrible deal" in 2017 [@wei2020america].

Talks followed in July 2017 over $923 million, see the [overview](index.md).

Old paragraph that changed.
"""


def po_text(units: list[tuple[str, str, str]]) -> str:
    """A catalog: (msgid, msgstr, flags) per unit, with its line in the page as location."""
    out = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ko\\n"\n']
    for msgid, msgstr, flags in units:
        esc = [s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               for s in (msgid, msgstr)]
        out.append(f"#: docs/trade.md:1\n{flags}msgid \"{esc[0]}\"\nmsgstr \"{esc[1]}\"\n")
    return "\n".join(out)


def project(tmp_path: Path, units, page: str = PAGE) -> catalogs.Project:
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "docs" / "trade.md").write_text(page, encoding="utf-8")
    (tmp_path / "i18n" / "ko").mkdir(parents=True)
    (tmp_path / "i18n" / "ko" / "trade.po").write_text(po_text(units), encoding="utf-8")
    return catalogs.Project(tmp_path)


WEI = re.search(r"@\w+\{wei2020america,.*?\n\}\n", (ROOT /
                "refs.bib").read_text(encoding="utf-8"), re.S)[0]
GOOD = [("Trade", "무역", ""),
        ('Trump called the deal "a horrible deal" in 2017 [@wei2020america].',
         "트럼프는 2017년 이 협정을 “끔찍한 협정”이라고 불렀다[@wei2020america].", ""),
        ("Talks followed in July 2017 over $923 million, see the [overview]{1}.",
         "2017년 7월 9억 2,300만 달러를 두고 협상이 이어졌다. [개요]{1} 참조.", "")]


def test_correct_translations_pass_the_check(tmp_path):
    assert checks.check(project(tmp_path, GOOD), ["ko"]) == []


def test_a_dropped_citation_a_changed_number_and_a_broken_placeholder_are_one_line_each(
        tmp_path):
    broken = [GOOD[0],
              (GOOD[1][0], "트럼프는 2017년 이 협정을 “끔찍한 협정”이라고 불렀다.", ""),
              (GOOD[2][0], "2017년 7월 9억 2,500만 달러를 두고 협상이 이어졌다. [개요]{2} 참조.", "")]
    problems = checks.check(project(tmp_path, broken), ["ko"])
    lines = {int(p.split(":")[1]) for p in problems}
    text = (tmp_path / "i18n/ko/trade.po").read_text(encoding="utf-8").splitlines()
    assert [text[n - 1].startswith("msgid ") for n in sorted(lines)] == [True, True]
    assert [re.sub(r":\d+:", ":N:", p).split(". ")[0] for p in problems] == [
        "i18n/ko/trade.po:N: citation keys differ from the English (missing @wei2020america)",
        "i18n/ko/trade.po:N: numbers differ from the English (missing 923,000,000; not in the "
        "English 925,000,000)",
        "i18n/ko/trade.po:N: markup differs from the English ({1}, {2})"]


def test_a_missing_quotation_is_reported(tmp_path):
    broken = [GOOD[0], (GOOD[1][0], "트럼프는 2017년 이 협정을 끔찍하다고 했다[@wei2020america].", "")]
    assert [p.split(": ", 1)[1].split(".")[0] for p in checks.check(project(tmp_path, broken),
                                                                     ["ko"])] == [
        "0 quotation(s) where the English has 1"]


def test_update_keeps_translations_and_makes_a_changed_unit_fuzzy(tmp_path):
    proj = project(tmp_path, [*GOOD, ("Old paragraph that changed.", "바뀐 옛 문단.", "")])
    page = tmp_path / "docs" / "trade.md"
    page.write_text(PAGE.replace("Old paragraph that changed.",
                                 "Old paragraph that has changed."), encoding="utf-8")
    catalogs.update(proj)
    text = (tmp_path / "i18n/ko/trade.po").read_text(encoding="utf-8")
    assert 'msgstr "무역"' in text and "9억 2,300만" in text
    assert '#, fuzzy\n#| msgid "Old paragraph that changed."\nmsgid "Old paragraph that has ' \
        'changed."\nmsgstr "바뀐 옛 문단."' in text
    assert catalogs.counts(catalogs.po.pofile.parsefile(str(tmp_path / "i18n/ko/trade.po"))) \
        == (3, 1, 0)
    assert (tmp_path / "i18n/templates/trade.pot").exists()
    assert catalogs.update(proj) == []  # nothing changed: no file written


def test_a_fuzzy_paragraph_is_shown_in_english_marked_and_labelled(tmp_path, make_site):
    proj = project(tmp_path / "src", [*GOOD, ("Old paragraph that changed.", "낡은 번역.",
                                              "#, fuzzy\n")], page=PAGE)
    # The quotation note's wording is a label of the site's catalog.
    (proj.i18n / "ko" / "site.po").write_bytes((ROOT / "i18n/ko/site.po").read_bytes())
    shown = render.write_docs(proj, "ko", tmp_path / "out")
    assert shown == {"trade.md": 1}
    files = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.md")}
    files["index.md"] = "# Home\n\nThe overview.\n"
    cfg = real_config()
    theme = {**cfg["theme"], "language": "ko",
             "custom_dir": str(ROOT / "overrides")}
    extra = {**cfg["extra"], "i18n": {"catalog": str(ROOT / "i18n/ko/site.po")},
             "alternate": [{"name": "English", "link": "../", "lang": "en", "locale": "en_US"},
                           {"name": "한국어", "link": "../ko/", "lang": "ko", "locale": "ko_KR"}]}
    extra.pop("print_css", None)
    result = make_site(files, bib=WEI, config={"theme": theme, "extra": extra,
                                               "site_url": cfg["site_url"] + "ko/"})
    assert result.ok, result.error
    html = (result.site_dir / "trade" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ko"' in html
    assert "낡은 번역" not in html
    assert re.search(r'<p class="i18n-fallback" lang="en"><span class="i18n-label" lang="ko">'
                     r'번역 준비 중: 영어 원문</span> Old paragraph that changed\.</p>', html)
    assert '<a href="../../trade/" hreflang="en"' in html  # the same page, not the home
    assert "이 사이트의 번역. 원문:" in html and "a horrible deal" in html  # the original
    assert 'id="trade"' in html  # the English heading's anchor kept


def test_the_english_site_is_not_marked(tmp_path, make_site):
    result = make_site({"index.md": '# Home\n\n<span lang="en" class="i18n-fallback">x</span> '
                        '[@wei2020america]\n'}, bib=WEI)
    assert result.ok, result.error
    html = (result.site_dir / "index.html").read_text(encoding="utf-8")
    assert "i18n-label" not in html


def test_fallback_wraps_each_paragraph_and_item_but_no_block_syntax():
    assert render.fallback('!!! note "Title"') == '!!! note "Title"'
    assert render.fallback("- a\n- b") == (
        '- <span lang="en" class="i18n-fallback">a</span>\n'
        '- <span lang="en" class="i18n-fallback">b</span>')
    assert render.fallback("one\n\ntwo").count("i18n-fallback") == 2


def test_a_glossary_term_is_found_before_a_korean_particle_or_in_japanese_text():
    from explainer.glossary import Matcher, Term
    terms = [Term(term="자유무역협정", slug="fta", definition="d"),
             Term(term="日米貿易協定", slug="utj", definition="d"),
             Term(term="FTA", slug="fta2", definition="d")]
    found = lambda text: [t.slug for _, _, t in Matcher(terms).finditer(text, 0, len(text))]
    assert found("한미 자유무역협정은 개정되었다") == ["fta"]
    assert found("2019年の日米貿易協定は") == ["utj"]
    assert found("FTAs and FTA") == ["fta2"]  # Latin words stay whole words


def test_a_glossary_term_must_be_rendered_by_its_name_unless_a_comment_says_it_is_absorbed(
        tmp_path):
    """Every glossary term of the English unit is rendered by the language's name for it (so
    the glossary marks it), except inside a dash compound ("US–ROK" as 한미) or where the
    translator's comment `# absorbs: ROK` says another word holds it (주한미군)."""
    (tmp_path / "i18n" / "ko").mkdir(parents=True)
    (tmp_path / "i18n" / "ko" / "glossary.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "ROK|term"\nmsgid "ROK"\nmsgstr "한국"\n', encoding="utf-8")
    terms = checks.glossary_names(catalogs.Project(tmp_path), "ko")
    source = "US forces in the ROK [@wei2020america]."
    target = "주한미군[@wei2020america]."
    assert [p.split(" (")[0] for p in checks.unit_problems(source, target, "ko", terms)] == [
        "the glossary term 'ROK' is not rendered as its name"]
    assert checks.unit_problems(source, target, "ko", terms, frozenset({"ROK"})) == []
    assert checks.unit_problems(source, "한국의 미군[@wei2020america].", "ko", terms) == []
    assert checks.unit_problems("The US–ROK deal.", "한미 협정.", "ko", terms) == []


def test_a_quotation_over_a_line_break_counts_once():
    source = 'Section 2, "The Trump Administration\'s Pressure on the\nROK".'
    assert render.english_quotations(source) == ["The Trump Administration's Pressure on the\nROK"]
    assert checks.unit_problems(source, "제2절 “트럼프 행정부의 대한국 압박”.", "ko", []) == []


# The real catalogs after an English change ------------------------------------------------------

OLD_SENTENCE = "Wei describes the ROK as an important US ally in East Asia"
NEW_SENTENCE = "Wei describes the ROK as a major US ally in East Asia"


def stale_problems(html: str, lang: str, label: str, english: str, stale: str) -> list[str]:
    """What a reader of the translated page would be misled by: the paragraph whose English
    changed must show the new English, marked lang="en" and labelled in the page's language,
    and the stale translation nowhere."""
    from lxml import html as lxml_html

    article = lxml_html.fromstring(html).xpath("//article")[0]
    found = [p for p in article.xpath(".//p") if english in p.text_content()]
    problems = []
    if not found:
        problems.append(f"{lang}: the changed English {english!r} is not on the page")
    elif found[0].get("lang") != "en" or "i18n-fallback" not in found[0].get("class", ""):
        problems.append(f"{lang}: the English paragraph is not marked lang=\"en\"")
    labels = found[0].xpath("./span[contains(@class, 'i18n-label')]") if found else []
    if found and (not labels or labels[0].text_content() != label
                  or labels[0].get("lang") != lang):
        problems.append(f"{lang}: the English paragraph has no label {label!r}")
    if stale in article.text_content():
        problems.append(f"{lang}: the stale translation {stale!r} is shown")
    return problems


def test_a_changed_english_paragraph_shows_in_english_marked_on_every_translated_page(
        tmp_path):
    """A scratch copy of docs/ and the real catalogs: one English sentence changed, `update`
    run; the build (English, then ko and ja, as `make build`) passes, `check` finds nothing
    (a fuzzy unit is no error), and each translated Trade page shows the new English sentence
    marked and labelled, never the stale translation. Shown failing on the same catalogs with
    the fuzzy flag dropped (the stale translation shown as current)."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "i18n", tmp_path / "i18n")
    page = tmp_path / "docs" / "trade.md"
    assert page.read_text(encoding="utf-8").count(OLD_SENTENCE) == 1
    page.write_text(page.read_text(encoding="utf-8").replace(OLD_SENTENCE, NEW_SENTENCE),
                    encoding="utf-8")
    project = catalogs.Project(tmp_path)
    stale = {lang: next(u.target for u in catalogs.po.pofile.parsefile(
        str(project.catalog(lang, "trade"))).units if u.source.startswith(OLD_SENTENCE))
        for lang in LANGS}
    assert set(LANGS) >= {"ko", "ja"}
    catalogs.update(project)
    assert all(catalogs.counts(catalogs.po.pofile.parsefile(str(project.catalog(lang, "trade"))))[1]
               == 1 for lang in LANGS)  # the changed unit, fuzzy in each language
    assert checks.check(project, LANGS) == []
    english = run_build(ROOT / "mkdocs.yml", tmp_path / "site", docs_dir=str(tmp_path / "docs"))
    assert english.ok, english.output
    for lang in LANGS:
        built = build_translation(english.site_dir, lang, tmp_path / f"docs-{lang}", tmp_path)
        assert built.ok, built.output
        label = read_labels(ROOT / "i18n" / lang / "site.po")[
            ("", "Not yet translated: the English original")]
        # the stale translation's opening words (before any markup or citation)
        opening = re.split(r"[\[*`“「]", stale[lang])[0][:20]
        html = built.html("trade/index.html")
        assert stale_problems(html, lang, label, NEW_SENTENCE, opening) == []
        # the same catalog with the fuzzy flag dropped: the stale translation shown as current
        catalog = project.catalog(lang, "trade")
        text = catalog.read_text(encoding="utf-8")
        catalog.write_text(re.sub(r"#, fuzzy\n(#\| .*\n)+(?=msgid \"Wei describes)", "", text),
                           encoding="utf-8")
        broken = build_translation(tmp_path / "broken", lang, tmp_path / f"broken-{lang}",
                                   tmp_path)
        catalog.write_text(text, encoding="utf-8")
        assert broken.ok, broken.output
        assert stale_problems(broken.html("trade/index.html"), lang, label, NEW_SENTENCE,
                              opening) == [
            f"{lang}: the changed English {NEW_SENTENCE!r} is not on the page",
            f"{lang}: the stale translation {opening!r} is shown"]


# Quotations from data files: one note a page -----------------------------------------------------

NOTE, LINK = "이 페이지의 인용문은 이 사이트의 번역이다.", "원문은 영어 페이지에 있다."
CITE = '<section class="cite-this-page"><p>“무역.” Cite</p></section>'


def noted(html: str, lang: str = "ko") -> str:
    return note_quotations(html, lang, NOTE, LINK, "../../timeline/")


def test_a_quotation_without_its_own_note_gets_the_page_s_note_before_cite_this_page():
    page = f"<p>트럼프는 “끔찍한 협정”이라고 불렀다.</p>{CITE}"
    html = noted(page)
    assert html.index('<p class="i18n-quotations">') < html.index("cite-this-page")
    assert (f'<p class="i18n-quotations">{NOTE} <a href="../../timeline/" hreflang="en">{LINK}'
            '</a></p>') in html
    ja = noted("<p>「ひどい取引」と呼んだ。</p>", "ja")
    assert ja.endswith(f'{NOTE}<a href="../../timeline/" hreflang="en">{LINK}</a></p>')  # no space


def test_noted_quotations_english_titles_and_notes_need_no_page_note():
    marker = '<sup id="fnref:q-1"><a class="footnote-ref" href="#fn:q-1">1</a></sup>'
    for page in (f"<p>“끔찍한 협정”{marker}이라고 불렀다.</p>{CITE}",
                 f"<p>“끔찍한 협정”.{marker}</p>",  # the marker moved after the full stop
                 "<p>Chicago's title: “A Horrible Deal.”</p>",  # English, in a References entry
                 '<div class="footnote"><p>이 사이트의 번역. 원문: “강압”</p></div>',
                 '<p class="i18n-fallback" lang="en">“번역 전”</p>'):
        assert noted(page) == page, page
    assert noted("<p>注7（「Ibid.」）</p>", "ja") == "<p>注7（「Ibid.」）</p>"
    assert noted("<p>“강압”</p>", "en") == "<p>“강압”</p>"


def quotation_note_problems(lang_dir: Path, lang: str) -> list[str]:
    """Each page of a built language with a quotation that has no note of its own must carry
    the page's note, linking its English page, which must exist."""
    from bs4 import BeautifulSoup

    problems = []
    for page in [lang_dir / "index.html", *sorted(lang_dir.glob("*/index.html"))]:
        article = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("article")
        unnoted = unnoted_quotations(str(article), lang)
        note = article.select_one("p.i18n-quotations a[hreflang=en]")
        name = page.parent.name if page.parent != lang_dir else "index"
        if unnoted and note is None:
            problems.append(f"{lang}/{name}: {len(unnoted)} quotation(s) ({unnoted[0]}) without "
                            "a note, and no note for the page")
        elif note is not None and not (page.parent / note["href"] / "index.html").is_file():
            problems.append(f"{lang}/{name}: the note's link {note['href']} is no page")
    return problems


def test_every_translated_page_notes_its_quotations(multilingual_site, tmp_path):
    for lang in LANGS:
        lang_dir = multilingual_site.site_dir / lang
        assert quotation_note_problems(lang_dir, lang) == []
        # a copy of the site (the notes link the English pages beside LANG/), pages only
        shutil.copytree(multilingual_site.site_dir, tmp_path / lang, ignore=lambda _, names: [
            n for n in names if not (n == "index.html" or "." not in n)])
        broken = tmp_path / lang / lang
        timeline = broken / "timeline" / "index.html"
        html = timeline.read_text("utf-8")
        assert 'class="i18n-quotations"' in html  # the Timeline's quotations come from its data
        timeline.write_text(html.replace('class="i18n-quotations"', 'class="gone"'), "utf-8")
        glossary = broken / "glossary" / "index.html"
        glossary.write_text(glossary.read_text("utf-8").replace('href="../../glossary/"',
                                                                'href="../../nowhere/"'), "utf-8")
        assert [p.split(":")[0] for p in quotation_note_problems(broken, lang)] == [
            f"{lang}/glossary", f"{lang}/timeline"]


def test_a_label_with_an_unknown_field_is_one_line_with_its_catalog_line(tmp_path):
    """The build reads site.po through read_labels: a msgstr naming a field the code does not
    fill would be a KeyError (a traceback) where the label is written; it is a SourceError."""
    text = (ROOT / "i18n" / "ko" / "site.po").read_text("utf-8")
    assert "{link}" in text
    broken = tmp_path / "site.po"
    broken.write_text(text.replace("다루는 곳: {link}", "다루는 곳: {링크}"), "utf-8")
    assert read_labels(ROOT / "i18n" / "ko" / "site.po")  # the real catalog reads
    with pytest.raises(SourceError) as raised:
        read_labels(broken)
    _path, line, problem = str(raised.value).split(":", 2)
    assert problem.startswith(" placeholders differ from the English (missing {link}; unknown "
                              "{링크})")
    assert text.splitlines()[int(line) - 1] == 'msgid "Told in {link}"'


def test_a_label_missing_from_site_pot_is_reported(tmp_path):
    """`check` (`catalogs.stale_labels`) names site.pot when the code gives a label it lacks: the
    label would otherwise show in English, unmarked, in every language. A page's English change
    is no problem there (its unit is shown in English, marked)."""
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("docs", "i18n", "hooks", "tools"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=ignore)
    shutil.copyfile(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    project = catalogs.Project(tmp_path)
    assert catalogs.stale_labels(project) == []
    hook = tmp_path / "hooks" / "timeline.py"
    hook.write_text(hook.read_text("utf-8") + '\n_("Told in {link} now")\n', "utf-8")
    page = tmp_path / "docs" / "trade.md"
    page.write_text(page.read_text("utf-8") + "\nA new paragraph.\n", "utf-8")
    assert catalogs.stale_labels(project) == [
        "i18n/templates/site.pot: out of date (1 label(s) new, 0 gone). Run `make translations`"]
