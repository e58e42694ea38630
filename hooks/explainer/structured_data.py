"""Structured data: each page described in schema.org's vocabulary as JSON-LD, which search
engines and scholarly crawlers read (`<script type="application/ld+json">`, anywhere in a page).

Pure functions over plain values (the `citation_*` tags, pybtex entries, strings);
hooks/structured_data.py feeds them from MkDocs and overrides/main.html writes the script.

- The page: its type (`Article` unless mkdocs.yml's `extra.structured_data.types` names another
  of `PAGE_TYPES` for it), `headline` (its title), `url` (canonical), `inLanguage`,
  `dateModified` when the build knows it, `isPartOf` the WebSite, the site's contributors as
  `author` and `publisher`, `license`.
- `isBasedOn`: the article, made from the same `citation_*` tags as the head's meta tags
  (`article`), so the two cannot disagree: title, authors, date, journal, volume, issue, pages
  and URL; the journal nested as schema.org models it (PublicationIssue, in a PublicationVolume,
  in a Periodical), as far as refs.bib gives them.
- `citation`: every source the page cites, in page order (the keys hooks/citations.py reads from
  the note markers), from its refs.bib entry (`source`); the article is the same object as
  `isBasedOn`.
"""

from __future__ import annotations

import json

from explainer.citing import plain

# Data -------------------------------------------------------------------------------------------

CONTEXT = "https://schema.org"
PAGE_TYPES = ("Article", "AboutPage", "CollectionPage", "WebPage")
# refs.bib types (and @article's entrysubtype) as schema.org types; any other is a CreativeWork.
SOURCE_TYPES = {"article": "ScholarlyArticle", "article/newspaper": "NewsArticle",
                "article/magazine": "Article", "report": "Report", "book": "Book",
                "online": "WebPage"}


# Helper functions -------------------------------------------------------------------------------

def page_data(*, kind: str, headline: str, url: str, language: str, site_name: str,
              site_url: str, contributors: str, license_url: str, date_modified: str | None,
              article: dict, citations: list[dict]) -> dict:
    """A page of the site, as a schema.org `kind` (one of PAGE_TYPES)."""
    team = {"@type": "Organization", "name": contributors, "url": site_url}
    data = {"@context": CONTEXT, "@type": kind, "headline": headline, "url": url,
            "inLanguage": language, "dateModified": date_modified,
            "isPartOf": {"@type": "WebSite", "name": site_name, "url": site_url},
            "author": team, "publisher": team, "license": license_url,
            "isBasedOn": article, "citation": citations}
    return {name: value for name, value in data.items() if value}


def article(tags: list[tuple[str, str]]) -> dict:
    """The article as a ScholarlyArticle, from its Highwire `citation_*` tags
    (explainer.citing.article_meta), the same the head carries."""
    values: dict[str, list[str]] = {}
    for name, content in tags:
        values.setdefault(name.removeprefix("citation_"), []).append(content)
    one = {name: found[0] for name, found in values.items()}
    part = {"@type": "Periodical", "name": one["journal_title"]}
    if "volume" in one:
        part = {"@type": "PublicationVolume", "volumeNumber": one["volume"], "isPartOf": part}
    if "issue" in one:
        part = {"@type": "PublicationIssue", "issueNumber": one["issue"], "isPartOf": part}
    pages = "-".join(one[end] for end in ("firstpage", "lastpage") if end in one)
    data = {"@type": "ScholarlyArticle", "name": one["title"],
            "author": [_author(*name.split(", ", 1)) for name in values.get("author", [])],
            "datePublished": one["publication_date"].replace("/", "-"), "isPartOf": part,
            "pagination": pages, "url": one.get("public_url")}
    return {name: value for name, value in data.items() if value}


def source(entry) -> dict:
    """A refs.bib entry (pybtex) as a schema.org CreativeWork of its kind (SOURCE_TYPES): name,
    authors (not BibTeX's "others"), date and URL, where refs.bib gives them."""
    fields = entry.fields
    subtype = fields.get("entrysubtype")
    kind = SOURCE_TYPES.get(f"{entry.type}/{subtype}" if subtype else entry.type, "CreativeWork")
    authors = [_author(" ".join(p.prelast_names + p.last_names),
                       " ".join(p.first_names + p.middle_names))
               for p in entry.persons.get("author", []) if str(p) != "others"]
    data = {"@type": kind, "name": plain(fields.get("title", "")), "author": authors,
            "datePublished": fields.get("date") or fields.get("year"), "url": fields.get("url")}
    return {name: value for name, value in data.items() if value}


def _author(family: str, given: str = "") -> dict:
    """A person ("Wei", "Zongyou": "Zongyou Wei"); a name without given names is an
    organization (refs.bib writes a corporate author in braces: {Ministry of Defense of Japan})."""
    if not given:
        return {"@type": "Organization", "name": plain(family)}
    return {"@type": "Person", "name": plain(f"{given} {family}")}


def script_text(data: dict) -> str:
    """JSON for a `<script>` element: compact, and with every `</` written `<\\/` (and `<!--`
    as `\\u003c!--`), so no value can close the script or change how HTML reads it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
