"""Link previews: Open Graph and Twitter card tags on every page, 404.html included, so that a
shared link shows the page's title, description and the site's card image
(overrides/main.html writes them, escaped). Logic: explainer.link_previews.

The tags: `og:title` (the page's title; the site's name on the home page), `og:description`,
`og:url` (canonical), `og:type` (`website` for the home page and 404.html, `article` otherwise),
`og:site_name`, `og:locale` (and its alternates), `og:image` with its type, size and alt text,
`twitter:card` (`summary_large_image`) and `twitter:image:alt`; every URL absolute under
`site_url`.

Settings, in mkdocs.yml under `extra: link_preview:`: `image` (a 1200x630 PNG under docs/, made
by `make social-card`) and `subtitle` (the card's second line). Titles and descriptions come
from each page: its front matter `description`, else `site_description`. The card
(docs/assets/social-card.png, shown uncropped at 1200x630) is drawn by tools.social_card from
`site_name` and the subtitle, which it records in the PNG, so tests/test_link_previews.py fails
while the card is stale; that text is also its alt text. The build fails with the line of
mkdocs.yml when `site_url` or a setting is missing, or the image is missing, left out of the
build, not a PNG or not 1200x630. Material's social plugin would draw a card per page, but
fetches fonts at build time.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from explainer.errors import SourceError, yaml_key_lines
from explainer.i18n_links import languages, og_locales
from explainer.link_previews import (CARD_HEIGHT, CARD_WIDTH, PreviewImage, card_text, png_size,
                                     preview_tags)

# Hooks ------------------------------------------------------------------------------------------


def on_config(config):
    global _settings, _image, _locales
    _image = None
    _settings = _read_settings(config)
    _locales = og_locales(languages(config.extra.get("alternate"), config.site_url),
                          config.site_url)  # entries checked by hooks/i18n_links.py first
    return config


def on_files(files, config):
    # The image must be a file the site itself serves: one of the files MkDocs copies.
    global _image
    name = _settings["image"]
    file = files.get_file_from_path(name)
    if file is None:
        _fail(config, "image", f"extra.link_preview.image '{name}' is not a file of the site",
              f"Put the PNG under {Path(config.docs_dir).name}/ (`make social-card` makes "
              "docs/assets/social-card.png) or correct the path")
    if not file.inclusion.is_included():
        _fail(config, "image", f"extra.link_preview.image '{name}' is left out of the built "
              "site (exclude_docs or draft_docs)", "Take it out of those settings")
    try:
        width, height = png_size(Path(file.abs_src_path).read_bytes())
    except (OSError, ValueError) as err:
        _fail(config, "image", f"extra.link_preview.image '{name}' cannot be read as a PNG "
              f"({err})", "Make it again with `make social-card`")
    if (width, height) != (CARD_WIDTH, CARD_HEIGHT):
        _fail(config, "image", f"extra.link_preview.image '{name}' is {width}x{height}, not "
              f"{CARD_WIDTH}x{CARD_HEIGHT}", "Link previews crop other sizes: make it again "
              "with `make social-card`")
    _image = PreviewImage(url=urljoin(config.site_url, file.url), width=width, height=height,
                          alt=card_text(config.site_name, _settings["subtitle"]))
    return files


def on_page_context(context, page, config, nav):
    if page.is_homepage:
        title, kind = config.site_name, "website"
    else:
        title, kind = (page.title or config.site_name), "article"  # title: front matter first
    description = page.meta.get("description") or config.site_description
    context["link_preview"] = _tags(config, Markup(title).striptags(), description,
                                    page.canonical_url, kind)  # set: site_url is required
    return context


def on_template_context(context, template_name, config):
    if template_name == "404.html":  # Material's 404.html extends main.html, like the pages
        context["link_preview"] = _tags(config, "Page not found", config.site_description,
                                        urljoin(config.site_url, "404.html"), "website")
    return context


# Helper functions -------------------------------------------------------------------------------


def _tags(config, title: str, description: str, url: str, kind: str):
    return preview_tags(title=title, description=description, url=url, kind=kind,
                        site_name=config.site_name, image=_image, locales=_locales)


def _read_settings(config) -> dict:
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url is not set: link previews need the site's "
                          "absolute address (hooks/link_previews.py). Set site_url")
    settings = config.extra.get("link_preview")
    if not isinstance(settings, dict):
        _fail(config, None, "extra.link_preview is missing", "Add it with image: and subtitle: "
              "(see hooks/link_previews.py)")
    for key in ("image", "subtitle"):
        if not isinstance(settings.get(key), str) or not settings[key].strip():
            _fail(config, key if key in settings else None,
                  f"extra.link_preview.{key} is missing or empty",
                  "Set image: to the card's path under docs/ and subtitle: to its second line")
    return settings


def _fail(config, key: str | None, problem: str, fix: str):
    config_file = Path(config.config_file_path)
    try:
        lines = yaml_key_lines(config_file.read_text(encoding="utf-8"), "extra", "link_preview")
    except OSError:
        lines = {}
    line = lines.get(key) if key else None
    raise PluginError(str(SourceError(config_file.name, line, problem, fix)))


# Data -------------------------------------------------------------------------------------------

_settings: dict = {}
_image: PreviewImage | None = None  # set in on_files, for every page of the build
_locales: tuple[str, list[str]] | None = None  # og:locale and its alternates, set in on_config
