"""Link previews (issue 8): every built page, 404.html included, has Open Graph and Twitter card
tags with absolute URLs under site_url; og:url is the page's canonical URL and og:image a
1200x630 PNG of the built site. The check is shown failing on fixtures (no tags, an image the
built site lacks), and the build fails on a missing, excluded, non-PNG or wrongly sized image.
"""

from __future__ import annotations

import re
import struct
import zlib
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from conftest import LANGS, ROOT, THEMED, bib_with, page_file, real_config
from explainer.link_previews import (CARD_HEIGHT, CARD_WIDTH, TEXT_KEY, card_text, png_size,
                                     png_text, with_png_text)

CONFIG = real_config()
SITE_URL = CONFIG["site_url"]
CARD = ROOT / "docs" / CONFIG["extra"]["link_preview"]["image"]
REQUIRED = ["og:type", "og:site_name", "og:title", "og:description", "og:url", "og:image",
            "og:image:type", "og:image:width", "og:image:height", "og:image:alt",
            "twitter:card", "twitter:image:alt"]


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta.setdefault(key, []).append(attributes.get("content") or "")
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes.get("href")


def head_of(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


def preview_problems(site_dir: Path, site_url: str, site_name: str,
                     skip: tuple[str, ...] = ()) -> list[str]:
    """What is missing or wrong in the link preview of every HTML file, one line each (but in
    the folders `skip`: the translations', checked against their own site_url)."""
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        if path.relative_to(site_dir).parts[0] in skip:
            continue
        page = path.relative_to(site_dir).as_posix()
        head = head_of(path.read_text("utf-8"))
        tags = {}
        for key in REQUIRED:
            values = head.meta.get(key, [])
            if len(values) != 1 or not values[0].strip():
                problems.append(f"{page}: {key}: " + (f"{len(values)} tags" if values else
                                                      "missing"))
            else:
                tags[key] = values[0]
        expected_url = head.canonical or urljoin(site_url, page)
        for key in ("og:url", "og:image"):
            if key in tags and not tags[key].startswith(site_url):
                problems.append(f"{page}: {key}: {tags[key]} is not under site_url {site_url}")
        if tags.get("og:url", expected_url) != expected_url:
            problems.append(f"{page}: og:url: {tags['og:url']} is not the page's canonical URL "
                            f"{expected_url}")
        image = tags.get("og:image", "")
        if image.startswith(site_url):
            file = site_dir / image[len(site_url):]
            if not file.is_file():
                problems.append(f"{page}: og:image: {image} is no file of the built site")
            else:
                size = png_size(file.read_bytes())
                declared = (tags.get("og:image:width"), tags.get("og:image:height"))
                if size != (CARD_WIDTH, CARD_HEIGHT) or declared != tuple(map(str, size)):
                    problems.append(f"{page}: og:image: {size[0]}x{size[1]}, declared "
                                    f"{declared[0]}x{declared[1]}, wanted 1200x630")
        kind = "website" if page in ("index.html", "404.html") else "article"
        if tags.get("og:type", kind) != kind:
            problems.append(f"{page}: og:type: {tags['og:type']}, wanted {kind}")
        if tags.get("twitter:card", "summary_large_image") != "summary_large_image":
            problems.append(f"{page}: twitter:card: {tags['twitter:card']}")
        if tags.get("og:site_name", site_name) != site_name:
            problems.append(f"{page}: og:site_name: {tags['og:site_name']}")
        description = head.meta.get("description", [""])[0]
        if tags.get("og:description", description) != description:
            problems.append(f"{page}: og:description differs from the page's description")
    return problems


# The card image ---------------------------------------------------------------------------------

def test_the_card_is_a_whole_1200x630_png():
    assert png_size(CARD.read_bytes()) == (1200, 630)


def test_the_card_shows_what_mkdocs_yml_says():
    """The PNG records the text it was drawn with; after a change of site_name or subtitle, run
    `make social-card` and commit the new card."""
    recorded = png_text(CARD.read_bytes()).get(TEXT_KEY)
    wanted = card_text(CONFIG["site_name"], CONFIG["extra"]["link_preview"]["subtitle"])
    assert recorded == wanted, "the card is stale: run `make social-card` and commit it"


def tiny_png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = b"".join(b"\0" + b"\0\0\0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_png_helpers_read_size_and_text_and_refuse_damage():
    png = with_png_text(tiny_png(3, 2), TEXT_KEY, "“US–ROK” card")
    assert png_size(png) == (3, 2) and png_text(png) == {TEXT_KEY: "“US–ROK” card"}
    assert png_text(with_png_text(png, TEXT_KEY, "new")) == {TEXT_KEY: "new"}
    for broken, problem in [(b"GIF89a", "not a PNG"), (png[:-6], "truncated"),
                            (png[:20] + b"\xff" + png[21:], "bad checksum")]:
        with pytest.raises(ValueError, match=problem):
            png_size(broken)


# The real site ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", *LANGS])
def test_every_built_page_has_its_link_preview(site, lang):
    """In every language: its own site_url (https://…/site/ko/) and site_name."""
    built = site.languages[lang]
    pages = {p.relative_to(built.site_dir).as_posix() for p in built.pages()}
    assert {"404.html", "index.html", "trade/index.html"} <= pages
    assert preview_problems(built.site_dir, built.config["site_url"], built.config["site_name"],
                            skip=tuple(built.translations)) == []


@pytest.mark.parametrize("page", [*THEMED, "references", "about"])
def test_titles_and_descriptions_are_the_pages_own(site, page):
    """og:title is what the page's <title> starts with (Material's: the title in the navigation,
    the site's name alone on the home page), og:description its front matter description."""
    html = site.html(page_file(page))
    meta = head_of(html).meta
    source = (ROOT / "docs" / f"{page}.md").read_text("utf-8")
    front = yaml.safe_load(source.split("---\n")[1])
    assert meta["og:description"] == [front["description"]]
    title = unescape(re.search(r"<title>(.*?)</title>", html)[1])
    if page == "index":
        assert meta["og:title"] == [CONFIG["site_name"]] == [title]
        assert meta["og:type"] == ["website"]
    else:
        assert [f"{meta['og:title'][0]} - {CONFIG['site_name']}"] == [title]
        assert meta["og:type"] == ["article"]


def test_the_404_page_has_the_site_description(site):
    meta = head_of(site.html("404.html")).meta
    assert meta["og:description"] == [" ".join(CONFIG["site_description"].split())]
    assert meta["og:url"] == [SITE_URL + "404.html"] and meta["og:title"] == ["Page not found"]


# The check fails where it should ----------------------------------------------------------------

PAGE = "# Tariffs & \"fair trade\" <b>\n\nCited [@wei2020america].\n"
JS = {"assets/previews.js": "// stand-in\n"}


def test_titles_and_descriptions_are_escaped(make_site):
    """Front matter reaches the tags as written; a heading as its text (Markdown's smart quotes,
    no markup)."""
    page = "---\ntitle: Tariffs & \"fair\" <i>trade\ndescription: Tariffs & \"fair\" <trade>.\n---\n\n"
    result = make_site({"index.md": PAGE, "other.md": page + PAGE, "third.md": PAGE, **JS},
                       bib=bib_with())
    assert result.ok, result.output
    meta = head_of(result.html("other/index.html")).meta
    assert meta["og:title"] == ['Tariffs & "fair" trade']
    assert meta["og:description"] == ['Tariffs & "fair" <trade>.']
    assert head_of(result.html("third/index.html")).meta["og:title"] == ["Tariffs & \u201cfair "
                                                                         "trade\u201d"]


def test_pages_without_link_previews_fail_the_check(make_site):
    hooks = [h for h in CONFIG["hooks"] if h not in ("hooks/page_meta.py", "hooks/link_previews.py")]
    result = make_site({"index.md": PAGE, **JS}, bib=bib_with(),
                       config={"hooks": [str(ROOT / h) for h in hooks]})
    assert result.ok, result.output
    problems = preview_problems(result.site_dir, SITE_URL, CONFIG["site_name"])
    assert "index.html: og:image: missing" in problems
    assert "404.html: twitter:card: missing" in problems
    assert len(problems) == 2 * len(REQUIRED)  # every tag, on both pages


def test_an_image_the_built_site_lacks_fails_the_check(make_site):
    result = make_site({"index.md": PAGE, **JS}, bib=bib_with())
    assert result.ok and preview_problems(result.site_dir, SITE_URL, CONFIG["site_name"]) == []
    (result.site_dir / "assets" / "social-card.png").unlink()  # e.g. a deployment that drops it
    problems = preview_problems(result.site_dir, SITE_URL, CONFIG["site_name"])
    image = SITE_URL + "assets/social-card.png"
    assert problems == [f"404.html: og:image: {image} is no file of the built site",
                        f"index.html: og:image: {image} is no file of the built site"]


def _line_of_image(project: Path) -> int:
    lines = (project / "mkdocs.yml").read_text("utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if text.strip().startswith("image:"))


@pytest.mark.parametrize("files, config, problem", [
    ({}, {"image": "assets/none.png"},
     "extra.link_preview.image 'assets/none.png' is not a file of the site. Put the PNG under "
     "docs/"),
    ({"assets/card.png": "not a picture"}, {"image": "assets/card.png"},
     "extra.link_preview.image 'assets/card.png' cannot be read as a PNG (not a PNG file"),
    ({"assets/card.png": tiny_png(600, 315)}, {"image": "assets/card.png"},
     "extra.link_preview.image 'assets/card.png' is 600x315, not 1200x630. Link previews crop"),
])
def test_the_build_fails_on_a_bad_image(make_site, tmp_path, files, config, problem):
    extra = real_config()["extra"]
    extra["link_preview"].update(config)
    result = make_site({"index.md": PAGE, **JS, **files}, bib=bib_with(), config={"extra": extra})
    assert not result.ok
    assert f"mkdocs.yml:{_line_of_image(tmp_path / 'project')}: {problem}" in result.output
    assert "Traceback" not in result.output


def test_the_build_fails_on_an_image_left_out_of_the_site(make_site, tmp_path):
    result = make_site({"index.md": PAGE, **JS}, bib=bib_with(),
                       config={"exclude_docs": "assets/social-card.png\n"})
    assert not result.ok
    assert (f"mkdocs.yml:{_line_of_image(tmp_path / 'project')}: extra.link_preview.image "
            "'assets/social-card.png' is left out of the built site") in result.output


def test_the_build_fails_without_site_url(make_site):
    result = make_site({"index.md": PAGE, **JS}, bib=bib_with(), config={"site_url": None})
    assert not result.ok
    assert "site_url is not set: link previews need the site's absolute address" in result.output
