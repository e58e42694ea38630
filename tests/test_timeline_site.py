"""The real site's Timeline page against docs/timeline.yml: every event, in date order, grouped by
year, each `<time datetime>` as the data says, each section link and citation resolving, the
References page and the themed pages linking to it, and its assets on that page only."""

from __future__ import annotations

import posixpath
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, THEMED, page_file
from explainer.timeline import parse_date

TIMELINE = "timeline/index.html"


def data() -> list[dict]:
    return yaml.load((ROOT / "docs" / "timeline.yml").read_text("utf-8"),
                     Loader=yaml.BaseLoader)["events"]  # every value as written (dates as text)


def article(result, name: str = TIMELINE) -> BeautifulSoup:
    return BeautifulSoup(result.html(name), "html.parser").select_one("article")


def built_file(site_dir, url_path: str):
    """The built file of a site-relative URL path ("trade/" -> trade/index.html)."""
    path = url_path if not url_path.endswith("/") and url_path else url_path + "index.html"
    return site_dir / path


def resolve(page: str, href: str) -> tuple[str, str]:
    """(site-relative path of the target page, fragment) of a link on the built page `page`
    ("trade/index.html"): "../#x" on "timeline/index.html" -> ("", "x")."""
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else \
        posixpath.dirname(page)
    target = "" if target in (".", "") else target + "/"
    return target, fragment


def sort_key(event: dict, index: int):
    return (parse_date(event["date"], event.get("period")).sort_key(), index)


@pytest.fixture(scope="module")
def events(site):
    root = article(site)
    return {li["id"]: li for li in root.select("li.tl-event")}


def test_every_event_is_on_the_page_once(events) -> None:
    expected = [e["id"] for e in data()]
    assert len(expected) >= 30
    assert sorted(events) == sorted(expected)


def test_events_are_in_date_order_and_grouped_by_year(site) -> None:
    root = article(site)
    order = [li["id"] for li in root.select("li.tl-event")]
    raw = data()
    assert order == [e["id"] for i, e in sorted(enumerate(raw), key=lambda p: sort_key(p[1], p[0]))]
    by_id = {e["id"]: e for e in raw}
    years = []
    for section in root.select("section.tl-year"):
        heading = section.select_one("h2")
        years.append(int(heading["id"].removeprefix("year-")))
        for li in section.select("li.tl-event"):
            assert by_id[li["id"]]["date"][:4] == str(years[-1]), li["id"]
    assert years == sorted(years) and len(years) == len(set(years))
    toc = BeautifulSoup(site.html(TIMELINE), "html.parser").select_one(
        "nav.md-nav--secondary").select("a")
    assert [a.get_text(strip=True) for a in toc] == [str(y) for y in years]


def test_every_time_element_matches_the_data(events) -> None:
    for event in data():
        times = events[event["id"]].select("p.tl-event__meta time")
        expected = [event["date"], *([event["until"]] if "until" in event else [])]
        assert [t["datetime"] for t in times] == expected, event["id"]
        date = parse_date(event["date"], event.get("period"))
        if "until" not in event:
            assert times[0].get_text() == date.words
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", times[0]["datetime"])


def test_every_event_shows_its_track_theme_and_description(events) -> None:
    for event in data():
        li = events[event["id"]]
        tags = li.select_one(".tl-event__tags").get_text()
        assert {"us-rok": "US–ROK ·", "us-japan": "US–Japan ·",
                "both": "US–ROK and US–Japan ·"}[event["track"]] in tags
        themes = event["theme"] if isinstance(event["theme"], list) else [event["theme"]]
        for theme in themes:
            assert theme.replace("-", " ").casefold() in tags.replace("-", " ").casefold()
        text = " ".join(li.get_text(" ").split())
        words = [w for w in re.findall(r"[A-Za-z]{4,}", event["description"])]
        assert all(w in text for w in words), event["id"]
        assert li.get("data-track") == event["track"]


def test_every_section_link_resolves_to_its_heading(site, events) -> None:
    for event in data():
        link = events[event["id"]].select_one(".tl-event__link a")
        path, anchor = resolve(TIMELINE, link["href"])
        page, expected_anchor = event["section"].split("#")
        name = page.removesuffix(".md")
        assert path == ("" if name == "index" else f"{name}/"), event["id"]
        assert anchor == expected_anchor
        target = BeautifulSoup(built_file(site.site_dir, path).read_text("utf-8"), "html.parser")
        heading = target.find(id=anchor)
        assert heading is not None and heading.name in ("h2", "h3"), event["id"]
        assert heading.get_text().replace("¶", "").strip() in link.get_text()


def test_every_citation_resolves_to_its_reference(site, events) -> None:
    root = article(site)
    for event in data():
        keys = event["cite"] if isinstance(event["cite"], list) else [event["cite"]]
        refs = events[event["id"]].select("a.footnote-ref")
        cited = [a["href"].removeprefix("#fn:cite-") for a in refs]
        assert cited == keys, event["id"]
        for a in refs:
            item = root.find(id=a["href"][1:])
            assert item is not None and item.find_parent(class_="footnote"), a["href"]


def test_references_page_lists_the_timeline_under_cited_in(site) -> None:
    root = article(site, "references/index.html")
    keys = {k for e in data() for k in (e["cite"] if isinstance(e["cite"], list) else [e["cite"]])}
    for key in keys:
        item = root.find(id=f"ref-{key}")
        links = item.select(".reference__cited a")
        targets = [resolve("references/index.html", a["href"]) for a in links]
        assert any(path == "timeline/" and anchor.startswith("year-")
                   for path, anchor in targets), key


@pytest.mark.parametrize("name", ["index", "trade", "cost-sharing", "impacts", "autonomy"])
def test_themed_pages_link_to_the_timeline_where_their_story_starts(site, events, name) -> None:
    links = [a for a in article(site, page_file(name)).select("a[href]")
             if resolve(page_file(name), a["href"])[0] == "timeline/"]
    assert links, f"{name}: no link to the Timeline"
    anchors = [a["href"].partition("#")[2] for a in links]
    assert all(anchor in events for anchor in anchors), anchors


def test_timeline_follows_autonomy_in_the_navigation(site) -> None:
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["nav"]
    titles = [next(iter(entry)) for entry in nav]
    assert titles[titles.index("Autonomy") + 1] == "Timeline"
    soup = BeautifulSoup(site.html(TIMELINE), "html.parser")
    assert soup.select_one("title").get_text().startswith("Timeline")


def test_filter_links_and_counts_match_the_events(site, events) -> None:
    root = article(site)
    ids = {tag["id"] for tag in root.select("[id]")}
    links = root.select("nav.tl-filter a")
    assert [a["href"] for a in links] == ["#all-events", "#track-us-rok", "#track-us-japan"]
    assert all(a["href"][1:] in ids for a in links)
    total = len(events)
    counts = {"all": total, **{t: sum(f"tl-event--{t}" in li["class"] for li in events.values())
                               for t in ("us-rok", "us-japan")}}
    for a in links:
        assert a.get_text().endswith(f"({counts[a['data-track']]})")
    raw = data()
    assert counts["us-rok"] == sum(e["track"] in ("us-rok", "both") for e in raw)
    assert root.select_one(".tl-status").get_text() == f"Showing all {total} events."
    assert root.select_one(".tl-status")["role"] == "status"


def test_timeline_assets_load_on_the_timeline_page_only(site) -> None:
    timeline = site.html(TIMELINE)
    assert '<link rel="stylesheet" href="../assets/timeline.css">' in timeline
    assert '<script src="../assets/timeline.js" defer></script>' in timeline
    for name in [*THEMED, "references", "about", "glossary"]:
        assert "timeline.css" not in site.html(page_file(name))
        assert "timeline.js" not in site.html(page_file(name))
    assert (site.site_dir / "assets" / "timeline.js").exists()
    assert not (site.site_dir / "timeline.yml").exists()
