"""Structured data (issue 24): every built page but 404.html, in every language, carries one
schema.org JSON-LD script that is JSON, is JSON-LD in schema.org's vocabulary (read by rdflib's
JSON-LD parser, offline, every type and property a term of rdflib's copy of schema.org, SDO),
and agrees with the page: headline = its title, url = its canonical URL, inLanguage = its
language, the article = its `citation_*` tags, the citations = its notes. Shown failing on
broken copies of a page; the helper's pieces are tested on their own.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import warnings
from html.parser import HTMLParser

import pytest
import rdflib
from pybtex.database import parse_string
from rdflib import namespace

from conftest import ROOT, bib_with, real_config
from explainer import citing
from explainer import structured_data as sd

TYPES = real_config()["extra"]["structured_data"]["types"]
BIB = parse_string((ROOT / "refs.bib").read_text("utf-8"), "bibtex").entries


class _Page(HTMLParser):
    """What the checks compare: the JSON-LD scripts' text, <title>, the canonical link, <html
    lang>, the citation_* and og:site_name tags, the citation notes' keys in order."""

    def __init__(self, html: str):
        super().__init__()
        self.scripts: list[str] = []
        self.meta: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self.title = self.canonical = self.lang = self.site_name = ""
        self._in = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in = "script"
            self.scripts.append("")
        elif tag == "title" and not self.title:  # the page's, not an SVG's
            self._in = "title"
        elif tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "meta" and (a.get("name") or "").startswith("citation_"):
            self.meta.append((a["name"], a["content"]))
        elif tag == "meta" and a.get("property") == "og:site_name":
            self.site_name = a["content"]
        elif tag == "li" and (a.get("id") or "").startswith("fn:cite-"):
            self.notes.append(a["id"].removeprefix("fn:cite-"))

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "title":
            self.title += data


def vocabulary_problems(data: dict, base: str) -> list[str]:
    """`@context` schema.org; read as JSON-LD (schema.org's context stood in for by its
    vocabulary, so nothing is fetched), every type a schema.org type, every property a
    schema.org property (SDO; its types start upper-case, its properties lower-case)."""
    if data.get("@context") != sd.CONTEXT:
        return [f"@context is {data.get('@context')!r}, not {sd.CONTEXT!r}"]
    local = json.dumps({**data, "@context": {"@vocab": "https://schema.org/"}})
    try:
        with warnings.catch_warnings():  # rdflib 7.6's own use of its deprecated ConjunctiveGraph
            warnings.simplefilter("ignore", DeprecationWarning)
            graph = rdflib.Graph().parse(data=local, format="json-ld", base=base)
    except Exception as err:  # rdflib raises several kinds for data it cannot read as JSON-LD
        return [f"not JSON-LD: {err}"]
    problems = []
    for _, predicate, value in graph:
        term, kind = (value, "type") if predicate == namespace.RDF.type else (predicate, "property")
        name = str(term).removeprefix("https://schema.org/")
        if term not in namespace.SDO or name[0].isupper() != (kind == "type"):
            problems.append(f"{name} is not a schema.org {kind}")
    return sorted(set(problems))


def _journal(part: dict) -> dict[str, str]:
    """The article's isPartOf chain: {"issue": ..., "volume": ..., "journal": ...}."""
    found = {}
    while isinstance(part, dict):
        for key, name in (("issueNumber", "issue"), ("volumeNumber", "volume"),
                          ("name", "journal")):
            if key in part:
                found[name] = part[key]
        part = part.get("isPartOf")
    return found


def jsonld_problems(html: str, page_type: str = "Article") -> list[str]:
    """One JSON-LD script, valid, agreeing with the page (see the module's docstring)."""
    page = _Page(html)
    if len(page.scripts) != 1:
        return [f"{len(page.scripts)} JSON-LD scripts"]
    try:
        data = json.loads(page.scripts[0])
    except ValueError as err:
        return [f"not JSON: {err}"]
    problems = vocabulary_problems(data, page.canonical)
    title = page.title.removesuffix(f" - {page.site_name}")
    tags: dict[str, list[str]] = {}
    for name, content in page.meta:
        tags.setdefault(name, []).append(content)
    article = data.get("isBasedOn") or {}
    authors = [" ".join(reversed(name.split(", ", 1))) for name in tags.get("citation_author", [])]
    journal = _journal(article.get("isPartOf"))
    names = {key: citing.plain(BIB[key].fields["title"]) for key in page.notes}
    expected = {
        "@type": (data.get("@type"), page_type),
        "headline": (data.get("headline"), title), "url": (data.get("url"), page.canonical),
        "inLanguage": (data.get("inLanguage"), page.lang),
        "article's name": (article.get("name"), tags.get("citation_title", [None])[0]),
        "article's authors": ([a.get("name") for a in article.get("author", [])], authors),
        "article's date": (article.get("datePublished"),
                           tags.get("citation_publication_date", ["?"])[0].replace("/", "-")),
        **{f"article's {name}": (journal.get(name), tags.get(tag, [None])[0])
           for name, tag in (("journal", "citation_journal_title"), ("volume", "citation_volume"),
                             ("issue", "citation_issue"))},
        "article's url": (article.get("url"), tags.get("citation_public_url", [None])[0]),
    }
    problems += [f"{what} is {found!r}, not {wanted!r}" for what, (found, wanted)
                 in expected.items() if found != wanted]
    cited = [c.get("name") for c in data.get("citation", [])]
    problems += [f"citation lacks {key} ({name!r}), a note of the page"
                 for key, name in names.items() if name not in cited]
    problems += [f"citation has {name!r}, no note of the page" for name in cited
                 if name not in names.values()]
    if not problems and cited != list(names.values()):
        problems.append("citation is not in the order of the notes")
    if not re.fullmatch(r"(\d{4}-\d{2}-\d{2})?", data.get("dateModified", "")):
        problems.append(f"dateModified {data['dateModified']!r} is not YYYY-MM-DD")
    return problems


# The real site ----------------------------------------------------------------------------------

def test_every_page_in_every_language_carries_valid_structured_data(site):
    problems = {}
    for lang, result in site.languages.items():
        pages = result.pages("index.html")
        assert len(pages) >= 10, lang
        for path in pages:
            name = path.relative_to(result.site_dir).parent.as_posix()
            source = "index.md" if name == "." else f"{name}.md"
            found = jsonld_problems(path.read_text("utf-8"), TYPES.get(source, "Article"))
            if found:
                problems[f"{lang}/{name}"] = found
        assert _Page(result.html("404.html")).scripts == []
    assert problems == {}


def _changed(html: str, change) -> str:
    script = re.search(r'(<script type="application/ld\+json">)(.*?)(</script>)', html, re.S)
    data = json.loads(script[2])
    change(data)
    return html.replace(script[0], script[1] + json.dumps(data) + script[3])


def test_broken_structured_data_is_reported(site):
    html = site.html("trade/index.html")
    assert jsonld_problems(html) == []
    script = re.search(r'<script type="application/ld\+json">.*?</script>', html, re.S)[0]
    assert jsonld_problems(html.replace(script, "")) == ["0 JSON-LD scripts"]
    assert jsonld_problems(html.replace(script, script * 2)) == ["2 JSON-LD scripts"]
    broken = html.replace(script, script.replace('"citation":', '"citation"'))
    assert [p[:20] for p in jsonld_problems(broken)] == ["not JSON: Expecting "]

    def title(data):
        data["isBasedOn"]["name"] = "Another article"
    assert jsonld_problems(_changed(html, title)) == [
        "article's name is 'Another article', not "
        "'The Impact of “America First” on US-ROK and US-Japan Alliances'"]

    def missing(data):
        data["citation"].pop(3)
    assert jsonld_problems(_changed(html, missing)) == [
        "citation lacks cnn2019ac360 ('Anderson Cooper 360 Degrees'), a note of the page"]

    def order(data):
        data["citation"].append(data["citation"].pop(1))
    assert jsonld_problems(_changed(html, order)) == ["citation is not in the order of the notes"]

    def vocabulary(data):
        data["headLine"] = data.pop("headline")
        data["citation"][1]["@type"] = "Reprot"
    assert jsonld_problems(_changed(html, vocabulary)) == [
        "Reprot is not a schema.org type", "headLine is not a schema.org property",
        "headline is None, not 'Trade'"]

    def context(data):
        data["@context"] = "http://schema.org/"
    assert jsonld_problems(_changed(html, context)) == [
        "@context is 'http://schema.org/', not 'https://schema.org'"]

    def page(data):
        data.update({"url": "https://example.org/", "inLanguage": "ko", "dateModified": "2026"})
    assert jsonld_problems(_changed(html, page)) == [
        "url is 'https://example.org/', not "
        "'https://america-first-explainer.github.io/site/trade/'",
        "inLanguage is 'ko', not 'en'", "dateModified '2026' is not YYYY-MM-DD"]


# The helper -------------------------------------------------------------------------------------

ENTRY = parse_string("@article{k, author = {Wei, Zongyou and {Some Institute}}, title = {The "
                     "{``A''} \\& B}, journaltitle = {J}, date = {2020-03-20}, volume = {80}, "
                     "number = {2}, pages = {71--90}, url = {https://e.org/a}}", "bibtex")


def test_the_article_is_made_from_its_citation_tags_volume_issue_and_pages_included():
    tags = citing.article_meta(ENTRY.entries["k"], "k")
    assert sd.article(tags) == {
        "@type": "ScholarlyArticle", "name": "The \u201cA\u201d & B",
        "author": [{"@type": "Person", "name": "Zongyou Wei"},
                   {"@type": "Organization", "name": "Some Institute"}],
        "datePublished": "2020-03-20",
        "isPartOf": {"@type": "PublicationIssue", "issueNumber": "2", "isPartOf": {
            "@type": "PublicationVolume", "volumeNumber": "80",
            "isPartOf": {"@type": "Periodical", "name": "J"}}},
        "pagination": "71-90", "url": "https://e.org/a"}


@pytest.mark.parametrize("key, kind", [("sandler2014nato", "ScholarlyArticle"),
                                       ("macaskill2018nato", "NewsArticle"),
                                       ("kato2019arms", "Article"), ("schott2018korus", "Report"),
                                       ("mod2019defense", "Book"), ("cnn2019ac360", "WebPage")])
def test_each_kind_of_source_has_its_schema_org_type(key, kind):
    data = sd.source(BIB[key])
    assert data["@type"] == kind and data["name"] == citing.plain(BIB[key].fields["title"])
    assert not re.search(r"[{}\\]|--", data["name"])  # no TeX left: "1999–2010", "4%"
    assert data.get("url") == BIB[key].fields.get("url")
    assert vocabulary_problems({"@context": sd.CONTEXT, **data}, "https://e.org/") == []


def test_date_modified_only_when_the_build_knows_it_and_nothing_can_close_the_script():
    def page(date):
        return sd.page_data(kind="Article", headline="A </script><!-- b", url="https://e.org/a/",
                            language="en", site_name="S", site_url="https://e.org/",
                            contributors="C", license_url="https://l.org/", date_modified=date,
                            article={"@type": "ScholarlyArticle", "name": "A"}, citations=[])
    assert "dateModified" not in page(None) and "citation" not in page(None)
    assert page("2026-12-08")["dateModified"] == "2026-12-08"
    text = sd.script_text(page(None))
    assert "</" not in text and "<!--" not in text
    assert json.loads(text)["headline"] == "A </script><!-- b"


# The build --------------------------------------------------------------------------------------

def test_an_unknown_page_type_fails_the_build_in_one_line(make_site):
    extra = real_config()["extra"]
    extra["structured_data"]["types"] = {"index.md": "Aticle"}
    result = make_site({"index.md": "# Home\n\nText [@wei2020america].\n"}, bib=bib_with(),
                       config={"extra": extra})
    assert not result.ok and "Traceback" not in result.output
    assert re.search(r"^mkdocs.yml:\d+: extra.structured_data.types: 'Aticle' \(index.md\) is not "
                     "one of Article, AboutPage, CollectionPage, WebPage. Use one of them$",
                     result.output, re.M)


def test_date_modified_is_the_page_s_last_commit(make_site, tmp_path):
    """dateModified is the date of the page's last commit (the page.meta key that
    hooks/page_history.py sets)."""
    page = "# Home\n\nText [@wei2020america].\n"
    docs = tmp_path / "project" / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(page, "utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2021-04-26T12:00:00Z", "GIT_AUTHOR_NAME": "t",
           "GIT_COMMITTER_DATE": "2021-04-26T12:00:00Z", "GIT_COMMITTER_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@e.org", "GIT_COMMITTER_EMAIL": "t@e.org"}
    for command in (["init", "-q"], ["add", "docs/index.md"], ["commit", "-qm", "page"]):
        subprocess.run(["git", "-C", str(tmp_path / "project"), *command], env=env, check=True)
    result = make_site({"index.md": page}, bib=bib_with())
    assert result.ok, result.output
    data = json.loads(_Page(result.html()).scripts[0])
    assert data["dateModified"] == "2021-04-26"
