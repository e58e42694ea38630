"""The edition's content, read from the built site: every page of the nav, cleaned for print.

Source = the HTML that `mkdocs build` wrote (so everything the hooks made is in: citations,
glossary marks, the Timeline, charts, source notes, References). What is only for the web goes:
navigation, search and palette (outside <article>), and inside it the edit button, permalinks
(¶), "Cite this page", the Timeline's filter controls and status lines, scripts and styles, the
glossary terms' tooltips. Every id is made unique in the whole edition (`<page>--<id>`), and
every link to a page of the site becomes a link inside the edition; a link that cannot be
placed is a SourceError naming the page.

Two changes of structure for print and e-readers: each Timeline event becomes a heading of its
own (an <h3>: its date, alliances and themes), and each Glossary entry's heading is marked
`unlisted` (pandoc's class: not in the PDF's contents and bookmarks; not in the EPUB's nav), so
the contents list the pages and their sections only. A translated site (mkdocs.LANG.yml, which
INHERITs mkdocs.yml) gives an edition in its language: chapter titles from the pages' own h1,
the edition's words from i18n/LANG/site.po (explainer.i18n_editions).
"""

from __future__ import annotations

import copy
import posixpath
import re
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html
from lxml import etree
from mkdocs.utils import yaml_load

from explainer import i18n_editions, siteconfig
from explainer.errors import SourceError
from explainer.i18n import date_fields

# What the web page has and the edition does not (XPath inside the page's <article>).
SITE_ONLY = (
    ".//a[contains(concat(' ', @class, ' '), ' md-content__button ')]",  # edit this page
    ".//a[contains(concat(' ', @class, ' '), ' headerlink ')]",  # ¶ permalinks
    ".//section[contains(concat(' ', @class, ' '), ' cite-this-page ')]",
    ".//aside[contains(concat(' ', @class, ' '), ' md-source-file ')]",  # last update, history
    ".//section[contains(concat(' ', @class, ' '), ' editions ')]",  # the editions' own links
    ".//nav[contains(concat(' ', @class, ' '), ' tl-filter ')]",
    ".//p[contains(concat(' ', @class, ' '), ' tl-target ')]",
    ".//p[contains(concat(' ', @class, ' '), ' tl-status ')]",
    ".//script", ".//link", ".//style", ".//form", ".//input", ".//button",
)
# Attributes that name ids of the same page (they follow the ids' new names).
ID_REFS = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "for", "headers")
ID_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass
class Chapter:
    slug: str  # "trade"; the Overview (index.md) is "overview"
    title: str  # the nav title
    source: str  # docs path, for messages ("docs/trade.md")
    url: str  # the page's URL on the site ("trade/")
    body: etree._Element  # <section id=slug> holding the cleaned article
    notes: int = 0  # how many notes (citation or ordinary footnotes) the page has


@dataclass
class Edition:
    site_name: str
    subtitle: str
    site_url: str
    licence: str
    authors: str
    article_html: str  # the article's full reference, as the site's hooks format it (HTML)
    date: datetime  # the last commit's (SOURCE_DATE_EPOCH)
    chapters: list[Chapter] = field(default_factory=list)
    lang: str = "en"  # the site's theme.language
    labels: dict[str, str] = field(default_factory=lambda: dict(i18n_editions.LABELS))

    @property
    def date_text(self) -> str:
        d = self.date
        return self.labels["date"].format(**date_fields(d.year, d.month, d.day))


def source_date(root: Path, env: dict) -> datetime:
    """SOURCE_DATE_EPOCH if set, else the last commit's time (never the clock)."""
    value = env.get("SOURCE_DATE_EPOCH")
    if not value:
        try:
            value = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                                   capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            value = ""
    if not value.isdigit():
        raise SourceError(str(root), None, "no commit date for the edition (not a git checkout, "
                          "and SOURCE_DATE_EPOCH is not set)",
                          "Run in the repository, or set SOURCE_DATE_EPOCH to a Unix time")
    return datetime.fromtimestamp(int(value), tz=timezone.utc)


def page_url(docs_path: str) -> str:
    """The URL MkDocs gives a page (use_directory_urls): index.md -> '', trade.md -> 'trade/'."""
    stem = docs_path[:-3] if docs_path.endswith(".md") else docs_path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def page_slug(docs_path: str) -> str:
    url = page_url(docs_path).strip("/")
    return ID_SAFE.sub("-", url) or "overview"


def nav_titles(nav: object) -> dict[str, str]:
    """{'trade.md': 'Trade'} from mkdocs.yml's nav: (pages without a title get none)."""
    found: dict[str, str] = {}
    if isinstance(nav, list):
        for item in nav:
            found.update(nav_titles(item))
    elif isinstance(nav, dict):
        for title, value in nav.items():
            if isinstance(value, str):
                found[value] = str(title)
            else:
                found.update(nav_titles(value))
    return found


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _article(path: Path, source: str) -> etree._Element:
    try:
        tree = lxml_html.parse(str(path))
    except (OSError, etree.ParserError) as exc:
        raise SourceError(str(path), None, f"cannot read the built page of {source} ({exc})",
                          "Run `make build` first, and fix the build's errors") from None
    found = tree.getroot().xpath("//article[contains(concat(' ', @class, ' '), ' md-content__inner ')]")
    if not found:
        raise SourceError(str(path), None, f"the built page of {source} has no <article>",
                          "Build the site with the Material theme (`make build`)")
    return found[0]


def clean(article: etree._Element) -> etree._Element:
    """A copy of the page's article without what is only for the web; Timeline events as
    headings, Glossary entries unlisted."""
    article = copy.deepcopy(article)
    for xpath in SITE_ONLY:
        for el in article.xpath(xpath):
            el.drop_tree()
    _event_headings(article)
    for ul in article.xpath(".//ul[contains(concat(' ', @class, ' '), ' glossary-entry ')]"):
        heading = ul.xpath("preceding-sibling::h2[1]")
        if heading:
            heading[0].set("class", " ".join([*_classes(heading[0]), "unlisted"]))
    for el in article.iter():
        if not isinstance(el.tag, str):
            continue
        cls = _classes(el)
        if "glossary-term" in cls:
            el.attrib.pop("title", None)  # the tooltip: the definition is one link away
        for attr in [a for a in el.attrib if a.startswith("data-")]:
            del el.attrib[attr]
    for comment in article.xpath(".//comment()"):
        comment.drop_tree()
    return article


def _event_headings(article: etree._Element) -> None:
    """Each Timeline event (`li.tl-event`, its date and tags in `p.tl-event__meta`) as an <h3>
    with the event's id followed by its text; the year's section and list unwrapped, so the
    events stand at the level of the year's <h2>."""
    for li in article.xpath(".//li[contains(concat(' ', @class, ' '), ' tl-event ')]"):
        meta = li.find("p[@class='tl-event__meta']")
        heading = etree.Element("h3", id=li.get("id") or "")
        heading.set("class", "tl-event")
        if meta is not None:
            heading.text = meta.text
            for child in meta:
                heading.append(child)
            tags = heading.find("span")
            if tags is not None and tags.getprevious() is not None:  # "date · alliance · theme"
                tags.getprevious().tail = " · "
            li.remove(meta)
        if not heading.get("id"):
            del heading.attrib["id"]
        li.insert(0, heading)
        li.drop_tag()
    for el in article.xpath(".//ol[contains(concat(' ', @class, ' '), ' tl-events ')]"
                            " | .//section[contains(concat(' ', @class, ' '), ' tl-year ')]"):
        el.drop_tag()


def read_config(config_file: Path) -> dict:
    """mkdocs.yml, or a language's mkdocs.LANG.yml merged onto the file it INHERITs, as MkDocs
    merges it (its own `yaml_load`)."""
    with open(config_file, "rb") as file:
        return yaml_load(file)


def read_site(root: Path, site_dir: Path, config_file: Path, env: dict) -> Edition:
    """Every nav page of the built site, in nav order, as chapters of one edition (titles: the
    nav's in English, the pages' own h1 in a translation)."""
    config = read_config(config_file)
    lang = str((config.get("theme") or {}).get("language") or "en")
    site_url = str(config.get("site_url") or "")
    if not site_url:
        raise SourceError(str(config_file), None, "site_url is not set",
                          "The edition's title page and links need it: set site_url")
    extra = config.get("extra") or {}
    pages = siteconfig.nav_pages(config.get("nav"))
    if not pages:
        raise SourceError(str(config_file), None, "nav: lists no page",
                          "The edition follows nav:; list the pages there")
    titles = nav_titles(config.get("nav"))
    edition = Edition(
        site_name=str(config.get("site_name") or ""),
        subtitle=str((extra.get("link_preview") or {}).get("subtitle") or ""),
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        licence=" ".join(str(config.get("copyright") or "").split()),
        authors=str(config.get("site_author") or ""),
        article_html="",
        date=source_date(root, env),
        lang=lang,
        labels=i18n_editions.labels(root, lang),
    )
    slugs = {page_url(p): page_slug(p) for p in pages}
    bodies = {}
    for docs_path in pages:
        built = site_dir / page_url(docs_path) / "index.html"
        article = _article(built, f"docs/{docs_path}")
        if not edition.article_html:
            edition.article_html = _article_reference(article, built)
        bodies[docs_path] = clean(article)
    title_ids = {slugs[page_url(p)]: b.find(".//h1").get("id") for p, b in bodies.items()
                 if b.find(".//h1") is not None}
    for docs_path in pages:
        url = page_url(docs_path)
        source = f"docs/{docs_path}"
        body = bodies[docs_path]
        slug = slugs[url]
        h1 = body.find(".//h1")
        _relink(body, slug, url, slugs, edition.site_url, source, title_ids)
        if h1 is not None:
            h1.attrib.pop("id", None)  # the chapter's <section id=slug> stands for it
        heading = " ".join(h1.text_content().split()) if h1 is not None else ""
        title = (titles.get(docs_path) if lang == "en" else None) or heading or slug
        section = etree.Element("section", id=slug)
        section.set("class", "chapter")
        section.text = "\n"
        for child in list(body):
            section.append(child)
        if body.text and body.text.strip():
            raise SourceError(source, None, "text outside any element in the built page",
                              "Wrap it in a paragraph")
        notes = len(section.xpath(".//div[contains(concat(' ', @class, ' '), ' footnote ')]/ol/li"))
        edition.chapters.append(Chapter(slug, title, source, url, section, notes))
    return edition


def _article_reference(article, built: Path) -> str:
    """The article's reference as the Cite this page block gives it (the paragraph after the
    BibTeX, "To cite the article itself: …" in any language: what follows its first colon)."""
    for p in article.xpath(".//section[contains(concat(' ', @class, ' '), ' cite-this-page ')]"
                           "/details/following-sibling::p[1]"):
        text = p.text or ""
        if re.search("[:：]", text):
            p = copy.deepcopy(p)
            p.text = re.split("[:：]", text, maxsplit=1)[1].lstrip()
            inner = (p.text or "") + "".join(etree.tostring(c, encoding="unicode", method="html")
                                             for c in p)
            return inner.strip()
    raise SourceError(str(built), None, "no 'To cite the article itself' line in Cite this page",
                      "The title page takes the article's reference from it: keep hooks/cite_this_page.py on")


def _relink(body, slug: str, url: str, slugs: dict[str, str], site_url: str, source: str,
            title_ids: dict[str, str] | None) -> None:
    """Ids unique in the edition; links to the site's pages made links inside the edition (a
    link to a page's title, `title_ids[slug]`, goes to its chapter)."""
    seen: set[str] = set()
    for el in body.iter():
        if isinstance(el.tag, str) and el.get("id"):
            new = f"{slug}--{ID_SAFE.sub('-', el.get('id'))}"
            if new in seen:
                raise SourceError(source, None, f"two ids become '{new}' in the edition",
                                  "Give the elements ids that differ by more than punctuation")
            seen.add(new)
            el.set("id", new)
    for el in body.iter():
        for attr in ID_REFS:
            if isinstance(el.tag, str) and el.get(attr):
                el.set(attr, " ".join(f"{slug}--{ID_SAFE.sub('-', ref)}" for ref in el.get(attr).split()))
    for el in body.iter("a"):
        href = el.get("href")
        if href is None:
            continue
        el.attrib.pop("download", None)
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            continue
        if parts.scheme or href.startswith("//"):
            raise SourceError(source, None, f"link '{href}' cannot go into the edition",
                              "Use a relative link to a page or an https:// URL")
        target = posixpath.normpath(posixpath.join(posixpath.dirname("/" + url + "x"), parts.path)) \
            if parts.path else "/" + url
        target = target.lstrip("/")
        if parts.path.endswith("/") and target and not target.endswith("/"):
            target += "/"
        if target in ("", "."):
            target = ""
        page = slugs.get(target) if target != "index.html" else slugs.get("")
        if page is None and target.endswith("index.html"):
            page = slugs.get(target[: -len("index.html")])
        if page is not None:
            frag = parts.fragment if parts.fragment != (title_ids or {}).get(page) else ""
            el.set("href", f"#{page}--{ID_SAFE.sub('-', frag)}" if frag else f"#{page}")
        else:
            # A file of the site that is not a page (refs.bib, a data file): its address online.
            el.set("href", urljoin(site_url, target) + (f"#{parts.fragment}" if parts.fragment else ""))
