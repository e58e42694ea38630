"""How to cite this site and the article: a "Cite this page" block, citation_* meta tags.

Pure functions over plain values (a pybtex entry, titles, URLs); hooks/cite_this_page.py feeds
them from MkDocs.
"""

from __future__ import annotations

import json
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


@dataclass(frozen=True)
class PageVersion:
    """Which version of a page is cited (hooks/page_history.py): its last change ("2026-12-07",
    and in the page's language), the site's version ("6f2890f", the commit it is built from,
    with `local_changes` when built from a working tree that differs from it) and the page's
    source at that commit. Each "" where the build cannot know it (no git history)."""

    iso_date: str = ""
    date: str = ""
    commit: str = ""
    local_changes: bool = False
    permalink: str = ""

    @property
    def version(self) -> str:
        """"6f2890f", "6f2890f + local changes" or ""."""
        if self.commit and self.local_changes:
            return _("{version} + local changes").format(version=self.commit)
        return self.commit


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


def chicago_page(site: SiteCitation, title: str, url: str,
                 page: PageVersion = PageVersion()) -> str:
    """A page of this site in Chicago notes-and-bibliography style (a web page), as HTML: with
    its last change ("Last modified ...") where known, else the site's year."""
    site_part = f"<em>{escape(site.site_name)}</em>, {escape(site.year)}"
    if page.iso_date:
        time = f'<time datetime="{escape(page.iso_date)}">{escape(page.date)}</time>'
        site_part = (f"<em>{escape(site.site_name)}</em>. "
                     + _("Last modified {date}").format(date=time))
    return (f"{escape(site.authors)}. \u201c{escape(title)}.\u201d {site_part}. "
            f"<a href=\"{escape(url)}\">{escape(url)}</a>.")


def bibtex_page(site: SiteCitation, title: str, url: str, key: str,
                page: PageVersion = PageVersion()) -> str:
    """A page of this site as a BibTeX (biblatex) @online entry."""
    def braced(text: str) -> str:
        return text.replace("{", "").replace("}", "")

    return "\n".join([
        f"@online{{{key},",
        f"  author       = {{{{{braced(site.authors)}}}}},",
        f"  title        = {{{braced(title)}}},",
        f"  organization = {{{braced(site.site_name)}}},",
        f"  date         = {{{page.iso_date or site.year}}},",
        *([f"  version      = {{{braced(page.version)}}},"] if page.version else []),
        *([f"  note         = {{Source at this version: {page.permalink}}},"]
          if page.permalink else []),
        f"  url          = {{{url}}}",
        "}",
    ])


def csl_json_page(site: SiteCitation, title: str, url: str, key: str,
                  page: PageVersion = PageVersion()) -> str:
    """The same as CSL-JSON (what Zotero, Pandoc and citeproc read): one item in a list."""
    issued = page.iso_date or site.year
    item = {"id": key, "type": "webpage", "title": title, "author": [{"literal": site.authors}],
            "container-title": site.site_name,
            "issued": {"date-parts": [[int(part) for part in issued.split("-")]]}, "URL": url}
    if page.version:
        item["version"] = page.version
    if page.permalink:
        item["note"] = f"Source at this version: {page.permalink}"
    fields = ",\n".join(f"    {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}"
                        for name, value in item.items())
    return "[\n  {\n" + fields + "\n  }\n]"  # one field a line


def page_key(slug: str, year: str) -> str:
    return "explainer" + year + re.sub(r"[^a-z0-9]+", "", slug.lower() or "overview")


def version_line(page: PageVersion) -> str:
    """The version of the site a citation of the page refers to, linked to the page's source at
    that commit (like Wikipedia's permanent link)."""
    if not page.commit:
        return _("Version unknown: the site was built without its git history.")
    version = f"<code>{escape(page.commit)}</code>"
    if page.permalink:
        version = f'<a href="{escape(page.permalink)}">{version}</a>'
    if page.local_changes:
        version = _("{version} + local changes").format(version=version)
    return _("Version {version}: the commit the site was built from; the link shows this "
             "page's source at that commit.").format(version=version)


def cite_block(site: SiteCitation, title: str, url: str, key: str, article_html: str,
               downloads: list[tuple[str, str]], page: PageVersion = PageVersion()) -> str:
    """The block at the foot of each page."""
    links = _(", ", "list").join(f'<a href="{escape(href)}" download>{escape(label)}</a>'
                      for label, href in downloads)
    return "\n".join([
        '<section class="cite-this-page" aria-labelledby="cite-this-page">',
        f'<h2 id="cite-this-page">{_("Cite this page")}</h2>',
        f'<p class="cite-this-page__chicago">{chicago_page(site, title, url, page)}</p>',
        f'<p class="cite-this-page__version">{version_line(page)}</p>',
        "<details><summary>BibTeX</summary>",
        f"<pre><code>{escape(bibtex_page(site, title, url, key, page))}</code></pre>",
        "</details>",
        "<details><summary>CSL-JSON</summary>",
        f"<pre><code>{escape(csl_json_page(site, title, url, key, page))}</code></pre>",
        "</details>",
        f"<p>{_('To cite the article itself:')} {article_html}</p>",
        f"<p>{_('All references of the article: {links}.').format(links=links)}</p>",
        "</section>",
    ])
