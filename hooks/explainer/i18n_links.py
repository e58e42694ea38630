"""The languages of the site as search engines and link previews see them: each language's
absolute root, its hreflang code and its Open Graph locale, from `extra.alternate` (the
language selector's list, one entry per language, the same in every mkdocs*.yml up to its
relative links) and the build's `site_url`.

- hreflang: every page's alternates (each language's same page, and `x-default`, the first
  entry: the English, the source) go into the sitemap as `<xhtml:link rel="alternate">`
  (Google's sitemap form), not into the page's head. Material's JavaScript
  (integrations/alternate) fetches `sitemap.xml` under the address of every
  `<link rel="alternate">` of the page: under a page-level alternate that is a 404, and from
  127.0.0.1 a request to the published host.
- The sitemap of a build lists the pages of every language whose root lies under its
  `site_url` (a sitemap may only list addresses below its own folder): the English build's
  site/sitemap.xml lists all three languages, site/ko/sitemap.xml the Korean pages. Every
  language has the English page paths (tools/i18n writes each page of docs/), so the English
  build knows them all.
- og:locale: the entry's `locale` (language_TERRITORY, e.g. ko_KR), og:locale:alternate the
  others'.

Plain values in, plain values out; no MkDocs imports (hooks/i18n_links.py feeds it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

# Data -------------------------------------------------------------------------------------------

X_DEFAULT = "x-default"
LOCALE = re.compile(r"[a-z]{2,3}_[A-Z]{2}")  # Open Graph: language_TERRITORY


@dataclass(frozen=True)
class Language:
    code: str  # hreflang and <html lang>
    locale: str  # og:locale
    root: str  # absolute URL of the language's home, ending in "/"


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str | None
    links: tuple[tuple[str, str], ...]  # (hreflang, absolute URL), x-default last


# Helper functions -------------------------------------------------------------------------------

def languages(alternate: list | None, site_url: str) -> list[Language]:
    """Every language of `extra.alternate`, its relative `link` resolved against `site_url`;
    ValueError (one sentence: what is wrong, what to do) on an entry without lang or locale."""
    found = []
    for entry in alternate or []:
        if not isinstance(entry, dict) or not entry.get("lang") or "link" not in entry:
            raise ValueError(f"extra.alternate entry {entry!r} needs lang: and link:. Give "
                             "each language as {name: …, link: …, lang: …, locale: …}")
        code, locale = str(entry["lang"]), entry.get("locale")
        if not isinstance(locale, str) or not LOCALE.fullmatch(locale):
            raise ValueError(f"extra.alternate entry {code!r}: locale {locale!r} is not "
                             "language_TERRITORY (og:locale). Add it, e.g. locale: fr_FR")
        root = urljoin(site_url, str(entry["link"]))
        found.append(Language(code, locale, root if root.endswith("/") else root + "/"))
    codes = [language.code for language in found]
    if len(set(codes)) != len(codes):
        raise ValueError(f"extra.alternate names a language twice ({', '.join(codes)}). "
                         "Give each language once")
    return found


def current(langs: list[Language], site_url: str) -> Language | None:
    """The language this build writes: the one whose root is `site_url`."""
    return next((lang for lang in langs if lang.root == site_url), None)


def alternates(langs: list[Language], url: str) -> tuple[tuple[str, str], ...]:
    """(hreflang, absolute URL) of the page at `url` (relative to a root, "" for the home) in
    every language, then x-default: the first language's (the English). None for one language."""
    if len(langs) < 2:
        return ()
    links = [(lang.code, lang.root + url) for lang in langs]
    return (*links, (X_DEFAULT, langs[0].root + url))


def sitemap_entries(langs: list[Language], site_url: str,
                    pages: list[tuple[str, str | None]]) -> list[SitemapEntry]:
    """The sitemap of the build at `site_url`: for every language whose root is under it, every
    page (url relative to the root, lastmod), with the page's alternates. Without languages,
    the build's own pages."""
    listed = [lang for lang in langs if lang.root.startswith(site_url)] or \
        [Language("", "", site_url)]
    return [SitemapEntry(lang.root + url, lastmod, alternates(langs, url))
            for lang in listed for url, lastmod in pages]


def og_locales(langs: list[Language], site_url: str) -> tuple[str, list[str]] | None:
    """(og:locale, og:locale:alternate values) of the build at `site_url`; None without
    languages."""
    own = current(langs, site_url)
    if own is None:
        return None
    return own.locale, [lang.locale for lang in langs if lang is not own]
