"""How to cite this site and the article: a "Cite this page" block, citation_* meta tags.

Pure functions over plain values (a pybtex entry, titles, URLs); hooks/cite_this_page.py feeds
them from MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from explainer.errors import SourceError
from explainer.i18n import _

# Data -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SiteCitation:
    """How the site cites itself (from mkdocs.yml: site_name, site_url, extra.cite)."""

    authors: str
    site_name: str
    year: str


# Helper functions -------------------------------------------------------------------------------

def plain(value: str) -> str:
    """BibTeX field text without case-protecting braces or TeX quotes and dashes."""
    value = value.replace("``", "\u201c").replace("''", "\u201d").replace("---", "\u2014")
    value = value.replace("--", "\u2013")
    return re.sub(r"[{}]", "", value).replace("\\%", "%").replace("\\&", "&")


def article_meta(entry, key: str) -> list[tuple[str, str]]:
    """Highwire Press `citation_*` tags (read by Google Scholar and Zotero) for a journal article."""
    fields = entry.fields
    for needed in ("title", "journaltitle", "date"):
        if not fields.get(needed):
            raise SourceError("refs.bib", None, f"entry '{key}' lacks {needed}, which the "
                              "citation_* meta tags need", "Add the field to the entry")
    tags = [("citation_title", plain(fields["title"]))]
    for person in entry.persons.get("author", []):
        first = " ".join(person.first_names + person.middle_names)
        last = " ".join(person.prelast_names + person.last_names)
        tags.append(("citation_author", plain(f"{last}, {first}" if first else last)))
    tags.append(("citation_publication_date", fields["date"].replace("-", "/")))
    tags.append(("citation_journal_title", plain(fields["journaltitle"])))
    for name, field in (("citation_volume", "volume"), ("citation_issue", "number")):
        if fields.get(field):
            tags.append((name, plain(fields[field])))
    first_page, _dash, last_page = fields.get("pages", "").partition("-")
    tags += [(name, page.strip("-")) for name, page in (("citation_firstpage", first_page),
                                                         ("citation_lastpage", last_page)) if page]
    if fields.get("url"):
        # Where the article can be read. Google Scholar's inclusion guidelines name only
        # citation_pdf_url, for a PDF; for an HTML copy Zotero (the reference manager most
        # readers use with these tags) takes citation_public_url as the item's URL.
        tags.append(("citation_public_url", fields["url"]))
    return tags


def chicago_page(site: SiteCitation, title: str, url: str) -> str:
    """A page of this site in Chicago notes-and-bibliography style (a web page), as HTML."""
    return (f"{escape(site.authors)}. \u201c{escape(title)}.\u201d <em>{escape(site.site_name)}</em>, "
            f"{escape(site.year)}. <a href=\"{escape(url)}\">{escape(url)}</a>.")


def bibtex_page(site: SiteCitation, title: str, url: str, key: str) -> str:
    """A page of this site as a BibTeX @online entry."""
    def braced(text: str) -> str:
        return text.replace("{", "").replace("}", "")

    return "\n".join([
        f"@online{{{key},",
        f"  author       = {{{{{braced(site.authors)}}}}},",
        f"  title        = {{{braced(title)}}},",
        f"  organization = {{{braced(site.site_name)}}},",
        f"  date         = {{{site.year}}},",
        f"  url          = {{{url}}}",
        "}",
    ])


def page_key(slug: str, year: str) -> str:
    return "explainer" + year + re.sub(r"[^a-z0-9]+", "", slug.lower() or "overview")


def cite_block(site: SiteCitation, title: str, url: str, key: str, article_html: str,
               downloads: list[tuple[str, str]]) -> str:
    """The block at the foot of each page."""
    links = _(", ", "list").join(f'<a href="{escape(href)}" download>{escape(label)}</a>'
                      for label, href in downloads)
    return "\n".join([
        '<section class="cite-this-page" aria-labelledby="cite-this-page">',
        f'<h2 id="cite-this-page">{_("Cite this page")}</h2>',
        f'<p class="cite-this-page__chicago">{chicago_page(site, title, url)}</p>',
        "<details><summary>BibTeX</summary>",
        f"<pre><code>{escape(bibtex_page(site, title, url, key))}</code></pre>",
        "</details>",
        f"<p>{_('To cite the article itself:')} {article_html}</p>",
        f"<p>{_('All references of the article: {links}.').format(links=links)}</p>",
        "</section>",
    ])
