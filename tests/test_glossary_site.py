"""The real site: every themed page carries marked terms, the Glossary page lists them all, and
the marking changes no visible text, navigation, table of contents or search index."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, THEMED, page_file, run_build
from explainer.glossary import slugify

EXCLUDED = "a abbr code pre kbd samp script style summary h1 h2 h3 h4 h5 h6".split()


def article(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser").select_one("article")


def glossary_terms() -> list[dict]:
    return yaml.safe_load((ROOT / "docs" / "glossary.yml").read_text("utf-8"))["terms"]


def marks_outside_running_text(root: BeautifulSoup) -> list[str]:
    """Marks that sit inside an excluded element (the check the site must pass)."""
    bad = []
    for mark in root.select("a.glossary-term"):
        for parent in mark.parents:
            classes = set(parent.get("class") or [])
            if parent.name in EXCLUDED or classes & {"footnote", "admonition-title"}:
                bad.append(f"{mark.get_text()} in <{parent.name}>")
    return bad


@pytest.fixture(scope="module")
def site_without_glossary(tmp_path_factory):
    """The same site built without hooks/glossary.py (and without its nav entry, and the changes
    that name the Glossary: a change naming a page the build lacks stops it)."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    hooks = [h for h in config["hooks"] if not h.endswith("glossary.py")]
    nav = [entry for entry in config["nav"] if "glossary.md" not in entry.values()]
    docs = tmp_path_factory.mktemp("plain-docs")
    shutil.copytree(ROOT / "docs", docs, dirs_exist_ok=True)
    changes = yaml.safe_load((docs / "changes.yml").read_text("utf-8"))
    changes["changes"] = [c for c in changes["changes"] if not c["section"].startswith("glossary")]
    (docs / "changes.yml").write_text(yaml.safe_dump(changes, allow_unicode=True), "utf-8")
    # The Overview links to the Glossary page, which this build lacks: only that may warn.
    result = run_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("plain"), hooks=hooks,
                       nav=nav, validation={"links": {"not_found": "info"}}, docs_dir=str(docs))
    assert result.ok, result.error
    return result


@pytest.mark.parametrize("name", THEMED)
def test_every_themed_page_marks_terms(site, name: str) -> None:
    root = article(site.html(page_file(name)))
    marks = root.select("a.glossary-term")
    assert marks, f"{name}: no glossary term marked"
    assert not marks_outside_running_text(root)
    glossary = article(site.html("glossary/index.html"))
    for mark in marks:
        assert mark["href"].startswith("../glossary/#" if name != "index" else "glossary/#")
        slug = mark["href"].rpartition("#")[2]
        assert glossary.find(id=slug) is not None, f"{name}: no entry #{slug}"
        assert mark["title"].strip() and mark.get_text().strip()
    slugs = [m["href"].rpartition("#")[2] for m in marks]
    assert len(slugs) == len(set(slugs)), "first occurrence only"


@pytest.mark.parametrize("name", THEMED)
def test_marking_changes_no_visible_text(site, site_without_glossary, name: str) -> None:
    marked = article(site.html(page_file(name))).get_text()
    plain = article(site_without_glossary.html(page_file(name))).get_text()
    assert marked == plain
    assert "glossary-term" not in site_without_glossary.html(page_file(name))


def test_glossary_page_lists_every_term_alphabetically_with_backlinks(site) -> None:
    terms = glossary_terms()
    assert len(terms) >= 30
    root = article(site.html("glossary/index.html"))
    slugs = {slugify(t["term"]): t["term"] for t in terms}
    headings = [h for h in root.select("h2[id]") if h["id"] in slugs]  # not e.g. "Cite this page"
    assert [h["id"] for h in headings] == sorted(
        slugs, key=lambda slug: (re.sub(r"^\W+", "", slugs[slug].casefold()), slugs[slug]))
    used_on: dict[str, set[str]] = {}
    for name in THEMED + ["about", "timeline"]:  # the Timeline, generated, uses terms too
        for mark in article(site.html(page_file(name))).select("a.glossary-term"):
            used_on.setdefault(mark["href"].rpartition("#")[2], set()).add(name)
    for heading in headings:
        items = heading.find_next("ul").select("li")
        appears = next(li for li in items if li.get_text().startswith("Appears on:"))
        pages = {a["href"].split("#")[0].strip("./") or "index" for a in appears.select("a")}
        assert pages == used_on.get(heading["id"], set()), heading["id"]
        for link in appears.select("a"):
            assert link["href"].endswith(f"#gl-{heading['id']}")
    assert not root.select("a.glossary-term"), "the Glossary page marks nothing"


def test_glossary_page_shows_full_name_definition_and_aliases(site) -> None:
    """Every entry of glossary.yml, as the data says it: full name, definition, aliases."""
    root = article(site.html("glossary/index.html"))
    for term in glossary_terms():
        heading = root.find(id=re.sub(r"[^a-z0-9]+", "-", term["term"].casefold()).strip("-"))
        assert heading is not None, term["term"]
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            section.append(sibling.get_text(" "))
        text = " ".join(" ".join(section).split())
        for value in [term.get("full_name"), term["definition"], *(term.get("aliases") or [])]:
            if value:
                assert " ".join(value.split()) in text, (term["term"], value)


def test_nav_toc_and_search_index_are_as_without_the_glossary(site, site_without_glossary) -> None:
    """The marking touches running text only: the navigation, each page's table of contents and
    the search index (text and titles) are those of a build without the hook."""
    def navs(result, name: str) -> list[str]:
        soup = BeautifulSoup(result.html(page_file(name)), "html.parser")
        return [str(nav) for nav in soup.select("nav.md-nav--secondary")]

    def index(result) -> dict:
        docs = json.loads((result.site_dir / "search" / "search_index.json").read_text("utf-8"))
        # The Glossary page exists in one build only, and the References page lists it where a
        # definition cites a source. (The Changes page, which lists the changes to the Glossary
        # in one build only, is not in the search index.)
        return {d["location"]: (d["title"], d["text"]) for d in docs["docs"]
                if not d["location"].startswith(("glossary/", "references/"))}

    for name in THEMED:
        assert navs(site, name) == navs(site_without_glossary, name), name
    assert index(site) == index(site_without_glossary)


def test_checker_catches_a_mark_in_a_heading() -> None:
    broken = BeautifulSoup('<article><h2>The <a class="glossary-term" href="#">ROK</a></h2>'
                           '<div class="footnote"><a class="glossary-term">FTA</a></div>'
                           "</article>", "html.parser")
    assert marks_outside_running_text(broken) == ["ROK in <h2>", "FTA in <div>"]
