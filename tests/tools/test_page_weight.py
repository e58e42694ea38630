"""Page weight budgets (tests/budgets.yml): bytes and requests of every built page, computed from
the files by tools.page_weight, never timed. A figure over its budget fails with the page,
the figure and the budget."""

from __future__ import annotations

import json
import random
import re
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import LANGS, ROOT, bib_with, real_config
from explainer.errors import SourceError
from tools.page_weight import (
    figures,
    load_budgets,
    over_budget,
    page_load,
    sent_bytes,
    site_pages,
)

BUDGETS_FILE = ROOT / "tests" / "budgets.yml"
BASE_PATH = urlsplit(real_config()["site_url"]).path


def own_files(docs: Path) -> set[str]:
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}


def table_of(result):
    """The figures of one language's pages (a translation is a site of its own under LANG/:
    its own copy of the assets, so a visit to another language caches none of them)."""
    base_path = urlsplit(result.config["site_url"]).path
    pages = [p for p in site_pages(result.site_dir) if p.split("/")[0] not in result.translations]
    loads = [page_load(result.site_dir, page, base_path) for page in pages]
    return figures(loads, own_files(result.docs_dir))


# The real site ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", *LANGS])
def test_every_page_of_the_real_site_is_within_its_budgets(site, lang):
    """Every page of each language within the same budgets (a page's exception under `pages:`
    holds for it in every language: "timeline/index.html" is ko/timeline/index.html too)."""
    budgets = load_budgets(BUDGETS_FILE.read_text("utf-8")).of_language(lang)
    table = table_of(site.languages[lang])
    assert len(table) >= 10 and "404.html" in table
    assert over_budget(table, budgets) == []


def test_the_real_pages_load_what_the_budgets_describe(site):
    """Guards the figures against a parser that stops finding things: the theme's bundle and
    stylesheet, our files, the search worker and index are all counted on every page."""
    load = page_load(site.site_dir, "trade/index.html", BASE_PATH)
    paths = [r.path for r in load.resources]
    assert paths[0] == "trade/index.html"
    for expected in (r"assets/stylesheets/main\.\w+\.min\.css", r"assets/javascripts/bundle\.",
                     r"assets/javascripts/workers/search\.", r"search/search_index\.json",
                     r"assets/site\.css", r"assets/print\.css", r"assets/previews\.js",
                     r"assets/images/favicon\.png"):
        assert any(re.fullmatch(expected + ".*", p) for p in paths), (expected, paths)
    # sitemap.xml is fetched only with instant navigation, which mkdocs.yml leaves off (the
    # fixture page of test_page_load_follows_links_scripts_images_css_urls_and_material_fetches
    # has it on, and its sitemap is counted there).
    assert not any(p.startswith("sitemap.xml") for p in paths), paths
    assert len(paths) == len(set(paths))


# Fixtures shown failing -------------------------------------------------------------------------


def test_a_page_over_budget_fails_with_the_page_the_figure_and_the_budget(make_site):
    """A page with a lot of text (random words: gzip cannot shrink them) and a large picture."""
    rng = random.Random(8)
    heavy_text = " ".join(f"{rng.getrandbits(40):x}" for _ in range(5_000))
    picture = f'<svg xmlns="http://www.w3.org/2000/svg"><desc>{rng.randbytes(60_000).hex()}</desc></svg>'
    result = make_site({"index.md": "# Home\n\nA light page [@wei2020america].\n",
                        "heavy.md": f"# Heavy\n\n{heavy_text}\n\n![A large picture](big.svg)\n",
                        "big.svg": picture},
                       bib=bib_with())
    assert result.ok, result.output
    table = table_of(result)
    budgets = load_budgets(BUDGETS_FILE.read_text("utf-8"))
    problems = over_budget(table, budgets)
    html, budget = table["heavy/index.html"]["html"][0], budgets.limits["html"]["bytes"]
    assert html > budget
    assert (f"heavy/index.html: html is {html:,} bytes, over its budget of {budget:,} "
            "(tests/budgets.yml)") in problems
    assert {tuple(re.match(r"(\S+): (\w+) is [\d,]+ (\w+)", p).groups()) for p in problems} == {
        ("heavy/index.html", "html", "bytes"),
        ("heavy/index.html", "first_load", "bytes"),
        ("heavy/index.html", "second_page", "bytes"),
    }
    assert table["heavy/index.html"]["second_page"][1] == 2  # its HTML and the picture


def test_a_page_exception_in_the_budgets_lets_one_page_be_heavier():
    budgets = load_budgets(textwrap.dedent("""\
        html: {bytes: 100}
        own_css: {bytes: 10, requests: 1}
        own_js: {bytes: 10, requests: 1}
        first_load: {bytes: 1000, requests: 5}
        second_page: {bytes: 100, requests: 1}
        pages:
          big.html:
            html: {bytes: 500}
        languages:
          ko: 150
        """))
    row = {"html": (300, 1), "own_css": (0, 0), "own_js": (0, 0), "first_load": (300, 1),
           "second_page": (300, 1)}
    assert over_budget({"big.html": row, "small.html": row}, budgets) == [
        "big.html: second_page is 300 bytes, over its budget of 100 (tests/budgets.yml)",
        "small.html: html is 300 bytes, over its budget of 100 (tests/budgets.yml)",
        "small.html: second_page is 300 bytes, over its budget of 100 (tests/budgets.yml)",
    ]
    # a translation's pages: every budget, exceptions included, at its percentage
    assert over_budget({"big.html": row, "small.html": row}, budgets.of_language("ko")) == [
        "big.html: second_page is 300 bytes, over its budget of 150 (tests/budgets.yml, ko at "
        "150 %)",
        "small.html: html is 300 bytes, over its budget of 150 (tests/budgets.yml, ko at 150 %)",
        "small.html: second_page is 300 bytes, over its budget of 150 (tests/budgets.yml, ko at "
        "150 %)",
    ]
    assert budgets.of_language("ja").limit("big.html", "html", "bytes") == 500


@pytest.mark.parametrize("text, expected", [
    ("html: {bytes: 1}\nown_css: {bytes: 1}\nown_js: {bytes: 1}\nfirst_load: {bytes: 1}\n",
     "tests/budgets.yml: no budget for second_page. Give every figure (html, own_css, own_js, "
     "first_load, second_page) a budget"),
    ("html: {bytes: 1}\nfonts: {bytes: 1}\n",
     "tests/budgets.yml:2: unknown field 'fonts'. Use only: html, own_css, own_js, first_load, "
     "second_page, pages, languages"),
    ("html:\n  bytes: 16 KB\n",
     "tests/budgets.yml:2: html.bytes: '16 KB' is not a whole number. Write a number of bytes or "
     "requests, e.g. 120_000"),
    ("html:\n  kilobytes: 16\n",
     "tests/budgets.yml:2: unknown field 'kilobytes'. Did you mean 'bytes'?"),
    ("html: {bytes: 1}\npages:\n  a.html:\n    html: {bytes: -5}\n",
     "tests/budgets.yml:4: html.bytes: '-5' is not a whole number. Write a number of bytes or "
     "requests, e.g. 120_000"),
    ("html: {bytes: 1}\nhtml: {bytes: 2}\n",
     "tests/budgets.yml:2: key 'html' given twice in 'the budgets' (first on line 1). Keep one: "
     "YAML would silently keep only the last"),
    ("html: [16000\n", None),
    ("html: {bytes: 1}\nlanguages:\n  ko: 1.1\n",
     "tests/budgets.yml:3: languages.ko: '1.1' is not a percentage from 100 to 199. Write the "
     "percentage of every budget, e.g. 110"),
])
def test_budget_file_mistakes_are_one_line_with_their_line(text, expected):
    with pytest.raises(SourceError) as caught:
        load_budgets(text)
    if expected is None:
        assert str(caught.value).startswith("tests/budgets.yml:2: YAML syntax error")
    else:
        assert str(caught.value) == expected


# Unit: what a page loads ------------------------------------------------------------------------


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")


def test_page_load_follows_links_scripts_images_css_urls_and_material_fetches(tmp_path):
    config = {"base": "..", "features": ["navigation.instant"], "search": "../w/search.js"}
    _write(tmp_path, {
        "a/index.html": textwrap.dedent(f"""\
            <!doctype html><html><head>
            <link rel="icon" href="../fav.png">
            <link rel="stylesheet" href="/site/s.css">
            <link rel="stylesheet" href="../p.css" media="print">
            <link rel="stylesheet" href="https://elsewhere.example/x.css">
            <link rel="canonical" href="https://example.org/site/a/">
            </head><body>
            <img src="../pic.svg" alt=""><img src="data:image/png;base64,AAAA" alt="">
            <img src="../pic.svg" alt="again">
            <a href="../b/">not loaded</a>
            <script id="__config" type="application/json">{json.dumps(config)}</script>
            <script src="../j.js" defer></script>
            </body></html>"""),
        "b/index.html": "<p>b</p>",
        "fav.png": b"\x89PNG" + bytes(100),
        "s.css": "body{background:url('bg.png')} i{mask:url(data:image/svg+xml;x)}",
        "p.css": "@media print{a{color:#000}}",
        "bg.png": bytes(50),
        "pic.svg": "<svg/>",
        "j.js": "console.log(1)",
        "w/search.js": "self.x=1",
        "search/search_index.json": '{"docs": []}',
        "sitemap.xml": "<urlset/>",
    })
    load = page_load(tmp_path, "a/index.html", "/site/")
    assert [(r.path, r.kind) for r in load.resources] == [
        ("a/index.html", "html"), ("fav.png", "image"), ("s.css", "css"), ("p.css", "css"),
        ("pic.svg", "image"), ("j.js", "js"), ("w/search.js", "js"),
        ("search/search_index.json", "data"), ("sitemap.xml", "data"), ("bg.png", "image")]
    assert load.resources[1].bytes == 104  # an image as it is
    assert load.resources[2].bytes == sent_bytes(tmp_path / "s.css") < 200  # text gzipped

    table = figures([load, page_load(tmp_path, "b/index.html", "/site/")],
                    own={"s.css", "p.css", "j.js"})
    css_bytes = sent_bytes(tmp_path / "s.css") + sent_bytes(tmp_path / "p.css")
    assert table["a/index.html"]["own_css"] == (css_bytes, 2)
    assert table["a/index.html"]["own_js"] == (sent_bytes(tmp_path / "j.js"), 1)
    assert table["a/index.html"]["first_load"] == (sum(r.bytes for r in load.resources), 10)
    # After b (which loads nothing but itself), a costs everything; after a, b costs its HTML.
    assert table["a/index.html"]["second_page"] == table["a/index.html"]["first_load"]
    assert table["b/index.html"]["second_page"] == (sent_bytes(tmp_path / "b/index.html"), 1)
