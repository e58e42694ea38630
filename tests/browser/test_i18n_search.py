"""Search in each language (issue 23): typed into the search box of /ko/ and /ja/, the words of
a page's heading return that page first. Material's search runs with `lang: ko` / `lang: ja`
(mkdocs.LANG.yml; for Japanese its worker loads TinySegmenter, tinyseg.js, and MkDocs' search
plugin gives ja a separator with the ideographic space and 、。). The loads of /ko/ and /ja/ log no
console error and send no request to another host (no hreflang link in the head makes Material
fetch a sitemap). Shown failing: the same queries against the English site find nothing first."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import BASE_PATH, LoopbackServer

pytestmark = pytest.mark.browser

# (language, query, page expected first): the page's title, and words of one of its headings.
# Words as a reader types them: Japanese with spaces between words (Material segments a run of
# kanji against the index, not one that mixes kana or Latin letters: 米韓FTAの再交渉 finds nothing).
# Measured, not asserted: in Korean the Trade page's title 무역 and its heading 한미 FTA 재협상
# put the Glossary first and Trade second (glossary entries titled with the same words, 무역적자,
# 한미 FTA, outrank a page title in Material's index); tests/README.md gives the figures.
QUERIES = [
    ("ko", "아베의 개인 외교", "trade/"),  # 트럼프의 불만과 아베의 개인 외교 (Trump's grievances and …)
    ("ko", "개정 협정", "trade/"),  # 개정 협정으로 달라진 점 (What the revised agreement changed)
    ("ko", "방위비 분담", "cost-sharing/"),  # 방위비 분담 (Cost sharing)
    ("ko", "양자 협정을 향해", "trade/"),  # 양자 협정을 향해 (Toward a bilateral deal)
    ("ja", "貿易", "trade/"),  # 貿易 (Trade)
    ("ja", "改定協定", "trade/"),  # 改定協定で何が変わったか (What the revised agreement changed)
    ("ja", "防衛費分担", "cost-sharing/"),  # 防衛費分担 (Cost sharing)
    ("ja", "米韓 FTA 再交渉", "trade/"),  # 米韓FTAの再交渉 (The KORUS FTA renegotiation)
]


@pytest.fixture(scope="module")
def languages_server(chromium, multilingual_site):
    with LoopbackServer(multilingual_site.site_dir) as server:
        yield server


def search_results(tab, server, lang: str, query: str) -> list[str]:
    """Page paths (relative to the language's root) of the results, in order, after typing
    `query` into the search box of the language's home."""
    current = tab("light")
    current.goto(server.url(lang) if lang else server.url("index"))
    page = current.page
    box = page.locator("input[data-md-component=search-query]")  # in the header (desktop)
    box.click()
    # Material's line above the results says "initializing" until its worker has the index,
    # then "type to start" (the page's language, from its __config); done when it says neither.
    meta = """() => [document.querySelector('.md-search-result__meta').textContent.trim(),
        JSON.parse(document.getElementById('__config').textContent)
            .translations['search.result.placeholder']]"""
    page.wait_for_function(f"() => {{ const [m, p] = ({meta})(); return m === p; }}")
    # The whole query at once, as an input method commits it (typed key by key, a space's keyup
    # would search the words so far, and those results could be read as the query's): text
    # input has no key event, and Material searches on keyup, hence End.
    box.fill(query)
    box.press("End")
    page.wait_for_function(f"""q => {{ const [m, p] = ({meta})();
        return m !== p && document.querySelector('[data-md-component=search-query]').value === q;
    }}""", arg=query)
    root = f"{BASE_PATH}{lang}/" if lang else BASE_PATH
    paths = []
    for href in page.eval_on_selector_all(  # one item per page: its first link is the page's
            ".md-search-result__item", "els => els.map(e => e.querySelector('a').href)"):
        path = urlsplit(href).path
        paths.append(path[len(root):] if path.startswith(root) else path)
    assert current.console_errors == [] and current.foreign_requests == []
    return paths


@pytest.mark.parametrize("lang, query, expected", QUERIES)
def test_a_headings_words_find_its_page_first(tab, languages_server, lang, query, expected):
    results = search_results(tab, languages_server, lang, query)
    rank = results.index(expected) + 1 if expected in results else None
    print(f"{lang}: {query!r}: {expected} at rank {rank} of {len(results)}")
    assert rank == 1, f"{query!r} on /{lang}/: {expected} at rank {rank}; results {results}"


def test_the_check_fails_where_the_words_are_not_indexed(tab, languages_server):
    """The English site's index has no Korean or Japanese text: the queries find nothing."""
    for lang, query, expected in QUERIES[::4]:
        assert expected not in search_results(tab, languages_server, "", query)[:1]
