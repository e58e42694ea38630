"""Front matter: MkDocs would silently show invalid front matter as text, Material would break
its <meta> tag on a double quote. Both must fail the build with the page and line."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, real_config
from explainer.errors import SourceError, yaml_key_lines
from explainer.page_meta import (check_description, check_site_settings,
                                 check_unparsed_front_matter)
from conftest import bib_with

GOOD = "---\ndescription: What the page explains.\n---\n\n# Home\n\nText [@wei2020america].\n"


def test_unparsed_front_matter_is_reported_with_its_line():
    markdown = "---\ndescription: Trade: the KORUS FTA\n---\n\n# Trade\n"
    with pytest.raises(SourceError) as err:
        check_unparsed_front_matter(markdown, "docs/trade.md")
    assert str(err.value).startswith("docs/trade.md:2: front matter is not valid YAML")
    check_unparsed_front_matter("# Trade\n\n---\n\ntext\n", "docs/trade.md")  # a rule is fine


@pytest.mark.parametrize("meta, problem", [
    ({}, "front matter has no 'description'"),
    ({"description": 'The "fair trade" principle.'}, "description contains a straight double quote"),
    ({"description": "x" * 161}, "description has 161 characters, more than 160"),
    ({"description": "Fine.", "author": 'A "nickname"'}, "author contains a straight double quote"),
])
def test_bad_descriptions(meta, problem):
    check_description({"description": "A fine sentence."}, "docs/x.md")
    with pytest.raises(SourceError, match=problem):
        check_description(meta, "docs/x.md")


def test_build_fails_on_front_matter_mkdocs_could_not_read(make_site):
    hooks = {"hooks": [str(ROOT / h) for h in real_config()["hooks"]]}
    assert "hooks/page_meta.py" in real_config()["hooks"]
    assert make_site({"index.md": GOOD}, bib=bib_with(), config=hooks).ok
    bad = GOOD.replace("What the page explains.", "Trade: what the page explains.")
    result = make_site({"index.md": bad}, bib=bib_with(), config=hooks)
    assert not result.ok
    assert any(w.startswith("docs/index.md:2: front matter is not valid YAML") for w in result.warnings)
    assert "Traceback" not in result.output


def description_problems(pages: dict[str, str]) -> list[str]:
    """Each page (name -> built HTML) has one `<meta name="description">`, its own."""
    problems, seen = [], {}
    for name, html in pages.items():
        found = re.findall(r'<meta name="description" content="([^"]*)">', html)
        if len(found) != 1:
            problems.append(f"{name}: {len(found)} descriptions")
        elif found[0] in seen:
            problems.append(f"{name}: the description of {seen[found[0]]}")
        else:
            seen[found[0]] = name
    return problems


def test_every_real_page_has_its_own_description(site):
    """Within each language (the Glossary's and the Timeline's descriptions, written by their
    hooks, are still the English ones in the translations)."""
    for built in reversed(site.languages.values()):  # English last: its pages below
        pages = {p.relative_to(built.site_dir).as_posix(): p.read_text("utf-8")
                 for p in built.pages("index.html") if "search" not in p.parts}
        assert len(pages) >= 9
        assert description_problems(pages) == [], built.config["theme"]["language"]
    trade, about = pages["trade/index.html"], pages["about/index.html"]
    described = re.search(r'<meta name="description" content="[^"]*">', trade)[0]
    copied = re.sub(r'<meta name="description" content="[^"]*">', described, about)
    assert description_problems({"trade": trade, "about": copied}) == [
        "about: the description of trade"]
    assert description_problems({"trade": trade.replace(described, "")}) == [
        "trade: 0 descriptions"]
    assert description_problems({"trade": trade.replace(described, described * 2)}) == [
        "trade: 2 descriptions"]


# mkdocs.yml settings Material writes unescaped ----------------------------------------------------

SETTINGS_YAML = """\
site_name: Guide
# a comment
site_description: >-
  A guide to "X".
site_author: !ENV [AUTHOR, 'Someone']
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""


def test_yaml_key_lines_reads_top_level_keys_whatever_their_tags():
    lines = yaml_key_lines(SETTINGS_YAML)
    assert lines == {"site_name": 1, "site_description": 3, "site_author": 5,
                     "markdown_extensions": 6}
    assert yaml_key_lines("[a, b]") == {} and yaml_key_lines("a: [") == {}
    nested = "extra:\n  cite: {year: 1}\n  link_preview:\n    image: a.png\n    subtitle: s\n"
    assert yaml_key_lines(nested, "extra", "link_preview") == {"image": 4, "subtitle": 5}
    assert yaml_key_lines(nested, "extra", "none") == {}
    assert yaml_key_lines(nested, "extra", "cite", "year") == {}


@pytest.mark.parametrize("settings, message", [
    ({"site_description": 'A guide to "X".'},
     'mkdocs.yml:3: site_description contains a straight double quote, which Material writes '
     'unescaped into <meta name="description" content="..."> (404.html, pages without one). '
     "Use curly quotes (“ ”) or single quotes"),
    ({"site_name": 'The "X" guide'}, "mkdocs.yml:1: site_name contains a straight double quote, "
     'which Material writes unescaped into aria-label="..." of the header and navigation logo'),
    ({"site_name": "A <b> guide"}, "mkdocs.yml:1: site_name contains '<', which Material writes "
     "unescaped into <title> and the header. Write it without '<'"),
    ({"site_author": 'The "X" team'}, "mkdocs.yml:5: site_author contains a straight double"),
    ({"repo_url": 'https://e.org/"x'}, "mkdocs.yml: repo_url contains a straight double quote"),
    ({"site_description": ""}, "mkdocs.yml:3: site_description is missing. Add one sentence"),
    ({"site_description": "x" * 161}, "mkdocs.yml:3: site_description has 161 characters, more "
     "than 160. Shorten it to one sentence"),
])
def test_unescaped_settings_are_refused_with_their_line(settings, message):
    good = {"site_name": "Guide", "site_description": "A guide to ‘X’.", "site_author": "Us",
            "repo_url": "https://e.org/x"}
    lines = yaml_key_lines(SETTINGS_YAML)
    assert check_site_settings(good, lines) == []
    problems = [str(p) for p in check_site_settings({**good, **settings}, lines)]
    assert len(problems) == 1 and problems[0].startswith(message), problems


def test_the_real_mkdocs_yml_passes():
    from mkdocs.config import load_config
    config = load_config(str(ROOT / "mkdocs.yml"))
    lines = yaml_key_lines((ROOT / "mkdocs.yml").read_text("utf-8"))
    assert check_site_settings(config, lines) == []


def test_build_fails_on_an_unescaped_site_description(make_site, tmp_path):
    """The fixture of issue 8: Material would write this description into 404.html's <meta>
    unescaped (test_html_valid.py shows the checker's errors when this check is off)."""
    hooks = {"hooks": [str(ROOT / h) for h in real_config()["hooks"]]}
    result = make_site({"index.md": GOOD}, bib=bib_with(), config={
        **hooks, "site_description": 'A guide to "The Impact of America First".'})
    assert not result.ok
    written = (tmp_path / "project" / "mkdocs.yml").read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(written, 1) if text.startswith("site_description:"))
    assert (f"mkdocs.yml:{line}: site_description contains a straight double quote, which "
            "Material writes unescaped into <meta name=\"description\"") in result.output
    assert "1 problem(s) in mkdocs.yml, listed above" in result.output
    assert "Traceback" not in result.output
