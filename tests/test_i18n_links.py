"""The languages for search engines and link previews (issue 23; hooks/i18n_links.py): the root
sitemap.xml lists every page of every language, each with hreflang alternates to all languages
(itself included) and x-default to the English, the same set on every member of a group;
site/LANG/sitemap.xml lists that language's pages alone; every HTML file has `<html lang>` of
its language (404.html included) and og:locale + og:locale:alternate; no head carries a
`<link rel="alternate" hreflang>` (Material's JavaScript fetches `sitemap.xml` under each: a 404
and a request to the published host). Each check is shown failing on a broken copy."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, real_config
from explainer.i18n_links import X_DEFAULT, Language, alternates, languages, sitemap_entries

SITE_URL = real_config()["site_url"]
LANGS = languages(real_config()["extra"]["alternate"], SITE_URL)
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def read_sitemap(path: Path) -> dict[str, dict[str, str]]:
    """loc -> {hreflang: href} of every <url>."""
    entries = {}
    for url in ET.parse(path).getroot().findall("s:url", NS):
        links = url.findall("x:link", NS)
        entries[url.findtext("s:loc", namespaces=NS)] = {
            link.get("hreflang"): link.get("href") for link in links
            if link.get("rel") == "alternate"}
    return entries


def built_pages(lang_dir: Path, others: list[str]) -> set[str]:
    """Page paths ("" for the home, "trade/") of one language's folder, other languages' aside."""
    paths = {p.parent.relative_to(lang_dir) for p in lang_dir.rglob("index.html")
             if p.relative_to(lang_dir).parts[0] not in others}
    return {"" if path == Path(".") else f"{path.as_posix()}/" for path in paths}


def sitemap_problems(site_dir: Path) -> list[str]:
    """Every missing, extra or wrong entry or alternate of the root sitemap, one line each."""
    codes = [lang.code for lang in LANGS]
    sub = [lang.root[len(SITE_URL):].strip("/") for lang in LANGS if lang.root != SITE_URL]
    english = built_pages(site_dir, sub)
    entries = read_sitemap(site_dir / "sitemap.xml")
    problems = []
    for lang in LANGS:
        folder = site_dir / lang.root[len(SITE_URL):]
        if built_pages(folder, sub) != english:
            problems.append(f"{lang.code}: page paths differ from the English")
        for page in sorted(english):
            loc = lang.root + page
            if loc not in entries:
                problems.append(f"sitemap.xml: {loc} is not listed")
                continue
            links = entries.pop(loc)
            wanted = {code: LANGS[codes.index(code)].root + page for code in codes}
            wanted[X_DEFAULT] = LANGS[0].root + page
            if links != wanted:
                problems.append(f"sitemap.xml: {loc}: alternates {sorted(links.items())}, "
                                f"wanted {sorted(wanted.items())}")
    problems += [f"sitemap.xml: {loc} is no page of the built site" for loc in entries]
    return problems


def head_problems(lang_dir: Path, lang: Language) -> list[str]:
    """`<html lang>`, og:locale and its alternates, and no hreflang link in the head, for every
    HTML file of one language's folder (other languages' folders aside)."""
    others = {other.locale for other in LANGS if other is not lang}
    problems = []
    for path in sorted(lang_dir.rglob("*.html")):
        page = path.relative_to(lang_dir).as_posix()
        if path.relative_to(lang_dir).parts[0] in {o.code for o in LANGS}:
            continue
        html = path.read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        found = re.search(r'<html lang="([^"]*)"', html)
        if not found or found[1] != lang.code:
            problems.append(f"{lang.code}/{page}: <html lang> is "
                            f"{found[1] if found else 'missing'}, wanted {lang.code}")
        if re.search(r'<link rel="alternate"[^>]*hreflang', head):
            problems.append(f"{lang.code}/{page}: a <link rel=alternate hreflang> in the head")
        locale = re.findall(r'<meta property="og:locale" content="([^"]*)"', head)
        alternate = re.findall(r'<meta property="og:locale:alternate" content="([^"]*)"', head)
        if locale != [lang.locale] or set(alternate) != others or len(alternate) != len(others):
            problems.append(f"{lang.code}/{page}: og:locale {locale} and alternates "
                            f"{alternate}, wanted {lang.locale} and {sorted(others)}")
    return problems


def folder(site_dir: Path, lang: Language) -> Path:
    return site_dir / lang.root[len(SITE_URL):]


# The logic --------------------------------------------------------------------------------------

def test_languages_resolve_each_configs_links_to_the_same_roots():
    for config in [ROOT / "mkdocs.yml", *sorted(ROOT.glob("mkdocs.*.yml"))]:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
        url = data.get("site_url", SITE_URL)
        assert languages(data["extra"]["alternate"], url) == LANGS, config.name
    assert [(lang.code, lang.locale) for lang in LANGS] == [
        ("en", "en_US"), ("ko", "ko_KR"), ("ja", "ja_JP")]


@pytest.mark.parametrize("entry, problem", [
    ({"name": "Français", "link": "../fr/", "lang": "fr"}, "locale None is not"),
    ({"name": "Français", "link": "../fr/", "lang": "fr", "locale": "TODO"}, "locale 'TODO'"),
    ({"name": "Français", "link": "../fr/"}, "needs lang: and link:"),
    ({"name": "Deutsch", "link": "../ko/", "lang": "ko", "locale": "ko_KR"}, "twice")])
def test_a_bad_entry_is_named(entry, problem):
    with pytest.raises(ValueError, match=problem):
        languages([*real_config()["extra"]["alternate"], entry], SITE_URL)


def test_a_bad_entry_fails_the_build_with_the_line(tmp_path):
    from conftest import run_build
    extra = real_config()["extra"]
    extra["alternate"] = [*extra["alternate"], {"name": "fr", "link": "fr/", "lang": "fr"}]
    result = run_build(ROOT / "mkdocs.yml", tmp_path, extra=extra)
    line = yaml_line("alternate:")
    assert not result.ok
    assert f"mkdocs.yml:{line}: extra.alternate entry 'fr': locale None is not " \
        "language_TERRITORY (og:locale). Add it, e.g. locale: fr_FR" in result.warnings


def yaml_line(text: str) -> int:
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip() == text)


def test_the_root_sitemap_lists_every_language_a_language_sitemap_its_own():
    pages = [("", "2026-01-01"), ("trade/", None)]
    root = sitemap_entries(LANGS, SITE_URL, pages)
    assert [e.loc for e in root] == [f"{SITE_URL}{p}{u}" for p in ("", "ko/", "ja/")
                                     for u in ("", "trade/")]
    ko = sitemap_entries(LANGS, f"{SITE_URL}ko/", pages)
    assert [e.loc for e in ko] == [f"{SITE_URL}ko/", f"{SITE_URL}ko/trade/"]
    assert ko[1].links == alternates(LANGS, "trade/") == (
        ("en", f"{SITE_URL}trade/"), ("ko", f"{SITE_URL}ko/trade/"),
        ("ja", f"{SITE_URL}ja/trade/"), (X_DEFAULT, f"{SITE_URL}trade/"))
    assert sitemap_entries([], SITE_URL, pages)[1].links == ()  # one language: no alternates


# The built site ---------------------------------------------------------------------------------

def test_the_root_sitemap_lists_every_page_of_every_language(multilingual_site):
    site_dir = multilingual_site.site_dir
    assert len(read_sitemap(site_dir / "sitemap.xml")) == 3 * len(built_pages(site_dir,
                                                                              ["ko", "ja"]))
    assert sitemap_problems(site_dir) == []


def test_each_language_sitemap_lists_its_own_pages_with_alternates(multilingual_site):
    for lang in LANGS[1:]:
        entries = read_sitemap(folder(multilingual_site.site_dir, lang) / "sitemap.xml")
        assert entries and all(loc.startswith(lang.root) for loc in entries), lang.code
        assert entries[lang.root + "trade/"] == dict(alternates(LANGS, "trade/"))


def test_the_sitemap_check_fails_on_a_broken_sitemap(multilingual_site, tmp_path):
    site_dir = tmp_path / "site"
    shutil.copytree(multilingual_site.site_dir, site_dir)
    sitemap = site_dir / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    dropped = f'<xhtml:link rel="alternate" hreflang="ja" href="{SITE_URL}ja/trade/"/>'
    text = text.replace(dropped, "", 1).replace(f"<loc>{SITE_URL}ko/about/</loc>",
                                                f"<loc>{SITE_URL}ko/abuot/</loc>")
    sitemap.write_text(text, encoding="utf-8")
    problems = sitemap_problems(site_dir)
    assert [p.split(": alternates")[0] for p in problems] == [
        f"sitemap.xml: {SITE_URL}trade/", f"sitemap.xml: {SITE_URL}ko/about/ is not listed",
        f"sitemap.xml: {SITE_URL}ko/abuot/ is no page of the built site"]


@pytest.mark.parametrize("code", ["en", "ko", "ja"])
def test_every_page_has_its_lang_and_og_locale_and_no_hreflang_link(multilingual_site, code):
    lang = next(lang for lang in LANGS if lang.code == code)
    lang_dir = folder(multilingual_site.site_dir, lang)
    assert (lang_dir / "404.html").exists() and (lang_dir / "trade/index.html").exists()
    assert head_problems(lang_dir, lang) == []


def test_the_head_check_fails_on_broken_pages(multilingual_site, tmp_path):
    ja = LANGS[2]
    source = folder(multilingual_site.site_dir, ja)
    (tmp_path / "trade").mkdir()
    page = (source / "trade/index.html").read_text(encoding="utf-8")
    (tmp_path / "trade/index.html").write_text(page.replace(
        '"og:locale" content="ja_JP"', '"og:locale" content="en_US"'), encoding="utf-8")
    (tmp_path / "index.html").write_text((source / "index.html").read_text(encoding="utf-8")
                                         .replace("</head>", '<link rel="alternate" href="../" '
                                                  'hreflang="en"></head>'), encoding="utf-8")
    (tmp_path / "404.html").write_text((source / "404.html").read_text(encoding="utf-8")
                                       .replace('<html lang="ja"', '<html lang="en"'),
                                       encoding="utf-8")
    found = [p.split(":")[0] + ": " + p.split(": ")[1][:10] for p in head_problems(tmp_path, ja)]
    assert found == ["ja/404.html: <html lang", "ja/index.html: a <link re",
                     "ja/trade/index.html: og:locale "]
