"""The real site's Timeline page against docs/timeline.yml: every event, in date order, grouped by
year, each `<time datetime>` as the data says, each section link and citation resolving, the
References page and the themed pages linking to it, and its assets on that page only.

Each check is a `*_problems` function of built HTML returning what is wrong (empty: nothing). It
runs on the real page, and on a copy of the real page damaged in one place, where it must name
that damage."""

from __future__ import annotations

import copy
import posixpath
import re
from collections import Counter
from typing import Callable

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, THEMED, page_file, real_config
from explainer.timeline import parse_date

TIMELINE = "timeline/index.html"
REFERENCES = "references/index.html"
TRACK_TAGS = {"us-rok": "US–ROK ·", "us-japan": "US–Japan ·",
              "both": "US–ROK and US–Japan ·"}
FILTERS = ["#all-events", "#track-us-rok", "#track-us-japan"]


def data() -> list[dict]:
    return yaml.load((ROOT / "docs" / "timeline.yml").read_text("utf-8"),
                     Loader=yaml.BaseLoader)["events"]  # every value as written (dates as text)


def listed(value) -> list[str]:
    return value if isinstance(value, list) else [value]


def article(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser").select_one("article")


def shown_events(html: str) -> dict:
    """The page's event items by id (the first of each id)."""
    shown = {}
    for li in article(html).select("li.tl-event"):
        shown.setdefault(li.get("id"), li)
    return shown


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


# -- the checks -----------------------------------------------------------------------------------

def presence_problems(html: str, events: list[dict]) -> list[str]:
    """Every event of the data on the page exactly once, and nothing else."""
    shown = Counter(li.get("id") for li in article(html).select("li.tl-event"))
    ids = [e["id"] for e in events]
    problems = [f"{i}: not on the page" for i in ids if not shown[i]]
    problems += [f"{i}: on the page {n} times" for i, n in shown.items() if n > 1]
    problems += [f"{i}: on the page but not in timeline.yml" for i in shown if i not in ids]
    return problems


def order_problems(html: str, events: list[dict]) -> list[str]:
    """Events in date order (the data's order for equal dates), each under its year's heading,
    the years ascending and once each, and the table of contents listing those years."""
    root = article(html)
    problems = []
    by_id = {e["id"]: e for e in events}
    order = [li.get("id") for li in root.select("li.tl-event") if li.get("id") in by_id]
    expected = [e["id"] for i, e in sorted(enumerate(events), key=lambda p: sort_key(p[1], p[0]))
                if e["id"] in order]
    if order != expected:
        first = next(i for i, (a, b) in enumerate(zip(order, expected)) if a != b)
        problems.append(f"not in date order: {order[first]} stands where {expected[first]} belongs")
    years = []
    for section in root.select("section.tl-year"):
        year = section.select_one("h2")["id"].removeprefix("year-")
        years.append(year)
        for li in section.select("li.tl-event"):
            if li.get("id") in by_id and by_id[li["id"]]["date"][:4] != year:
                problems.append(f"{li['id']}: under {year}, dated {by_id[li['id']]['date']}")
    if years != sorted(set(years)):
        problems.append(f"year sections not ascending once each: {', '.join(years)}")
    toc = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--secondary").select("a")
    listed_years = [a.get_text(strip=True) for a in toc]
    if listed_years != years:
        problems.append(f"table of contents lists {', '.join(listed_years)}, "
                        f"the page has {', '.join(years)}")
    return problems


def time_problems(html: str, events: list[dict]) -> list[str]:
    """Each event's `<time datetime>` (and `until`) as the data writes them, a single date in
    the words of its precision ("April 2017")."""
    shown = shown_events(html)
    problems = []
    for event in events:
        if event["id"] not in shown:
            continue
        times = shown[event["id"]].select("p.tl-event__meta time")
        got = [t.get("datetime") for t in times]
        expected = [event["date"], *([event["until"]] if "until" in event else [])]
        if got != expected:
            problems.append(f"{event['id']}: datetime {got}, timeline.yml says {expected}")
        elif "until" not in event:
            words = parse_date(event["date"], event.get("period")).words
            if times[0].get_text() != words:
                problems.append(f"{event['id']}: shows '{times[0].get_text()}', not '{words}'")
    return problems


def content_problems(html: str, events: list[dict]) -> list[str]:
    """Each event's track (tags and data-track), themes and description as the data says."""
    shown = shown_events(html)
    problems = []
    for event in events:
        li = shown.get(event["id"])
        if li is None:
            continue
        tags_el = li.select_one(".tl-event__tags")
        tags = tags_el.get_text() if tags_el else ""
        if TRACK_TAGS[event["track"]] not in tags:
            problems.append(f"{event['id']}: tags '{tags}' do not name the track {event['track']}")
        for theme in listed(event["theme"]):
            if theme.replace("-", " ").casefold() not in tags.replace("-", " ").casefold():
                problems.append(f"{event['id']}: tags '{tags}' do not name the theme {theme}")
        text = " ".join(li.get_text(" ").split())
        missing = [w for w in re.findall(r"[A-Za-z]{4,}", event["description"]) if w not in text]
        if missing:
            problems.append(f"{event['id']}: description lacks {', '.join(missing[:3])}")
        if li.get("data-track") != event["track"]:
            problems.append(f"{event['id']}: data-track {li.get('data-track')!r}, "
                            f"timeline.yml says {event['track']}")
    return problems


def section_link_problems(html: str, events: list[dict],
                          read_page: Callable[[str], str | None]) -> list[str]:
    """Each event's "Told in" link goes to the page and heading of its `section`, whose text it
    shows. `read_page("trade/")` gives a built page's HTML (None: no such page)."""
    shown = shown_events(html)
    problems = []
    for event in events:
        if event["id"] not in shown:
            continue
        link = shown[event["id"]].select_one(".tl-event__link a")
        if link is None:
            problems.append(f"{event['id']}: no section link")
            continue
        path, anchor = resolve(TIMELINE, link["href"])
        page, expected_anchor = event["section"].split("#")
        name = page.removesuffix(".md")
        if (path, anchor) != ("" if name == "index" else f"{name}/", expected_anchor):
            problems.append(f"{event['id']}: links to {link['href']}, not {event['section']}")
            continue
        target = read_page(path)
        heading = BeautifulSoup(target, "html.parser").find(id=anchor) if target else None
        if heading is None or heading.name not in ("h2", "h3"):
            problems.append(f"{event['id']}: {path} has no h2 or h3 #{anchor}")
            continue
        title = heading.get_text().replace("¶", "").strip()
        if title not in link.get_text():
            problems.append(f"{event['id']}: link text '{link.get_text()}' lacks '{title}'")
    return problems


def citation_problems(html: str, events: list[dict]) -> list[str]:
    """Each event cites its `cite` keys in order, each citation resolving to a footnote."""
    root = article(html)
    shown = shown_events(html)
    problems = []
    for event in events:
        if event["id"] not in shown:
            continue
        refs = shown[event["id"]].select("a.footnote-ref")
        cited = [a["href"].removeprefix("#fn:cite-") for a in refs]
        if cited != listed(event["cite"]):
            problems.append(f"{event['id']}: cites {cited}, timeline.yml says "
                            f"{listed(event['cite'])}")
        for a in refs:
            item = root.find(id=a["href"][1:])
            if item is None or not item.find_parent(class_="footnote"):
                problems.append(f"{event['id']}: {a['href']} has no footnote")
    return problems


def references_problems(references_html: str, events: list[dict]) -> list[str]:
    """The References page lists, under "Cited in", the Timeline's year of each event citing an
    entry."""
    root = article(references_html)
    years: dict[str, set[str]] = {}
    for event in events:
        for key in listed(event["cite"]):
            years.setdefault(key, set()).add(f"year-{event['date'][:4]}")
    problems = []
    for key, expected in sorted(years.items()):
        item = root.find(id=f"ref-{key}")
        if item is None:
            problems.append(f"{key}: not on the References page")
            continue
        targets = [resolve(REFERENCES, a["href"]) for a in item.select(".reference__cited a")]
        linked = {anchor for path, anchor in targets if path == "timeline/"}
        if not expected <= linked:
            lacking = sorted(y.removeprefix("year-") for y in expected - linked)
            problems.append(f"{key}: 'Cited in' lacks Timeline › {', '.join(lacking)}")
    return problems


def timeline_links(root, page: str) -> list:
    return [a for a in root.select("a[href]") if resolve(page, a["href"])[0] == "timeline/"]


def themed_link_problems(html: str, page: str, event_ids) -> list[str]:
    """A themed page links to the Timeline, each link at an event of it."""
    links = timeline_links(article(html), page)
    if not links:
        return [f"{page}: no link to the Timeline"]
    return [f"{page}: links to {a['href']}, not an event of the Timeline" for a in links
            if a["href"].partition("#")[2] not in event_ids]


def nav_problems(nav: list, timeline_html: str) -> list[str]:
    """The Timeline follows Autonomy in mkdocs.yml's nav, and its title says Timeline."""
    titles = [next(iter(entry)) for entry in nav]
    problems = []
    if "Autonomy" not in titles or titles[titles.index("Autonomy") + 1:][:1] != ["Timeline"]:
        problems.append(f"the nav does not put Timeline right after Autonomy: {titles}")
    title = BeautifulSoup(timeline_html, "html.parser").select_one("title").get_text()
    if not title.startswith("Timeline"):
        problems.append(f"the page's title is '{title}'")
    return problems


def filter_problems(html: str, events: list[dict]) -> list[str]:
    """The filter links go to their targets and count the events of their track (those of both
    alliances included) as the data does; the status line counts them all."""
    root = article(html)
    problems = []
    ids = {tag["id"] for tag in root.select("[id]")}
    links = root.select("nav.tl-filter a")
    hrefs = [a.get("href") for a in links]
    if hrefs != FILTERS:
        problems.append(f"filter links {hrefs}, not {FILTERS}")
    problems += [f"filter link {h} has no target" for h in hrefs if h and h[1:] not in ids]
    items = root.select("li.tl-event")
    expected = {"all": len(events), **{t: sum(e["track"] in (t, "both") for e in events)
                                       for t in ("us-rok", "us-japan")}}
    for track in ("us-rok", "us-japan"):
        marked = sum(f"tl-event--{track}" in li.get("class", []) for li in items)
        if marked != expected[track]:
            problems.append(f"{marked} events carry tl-event--{track}, "
                            f"timeline.yml has {expected[track]}")
    for a in links:
        count = expected.get(a.get("data-track"))
        if not a.get_text().endswith(f"({count})"):
            problems.append(f"filter link '{a.get_text()}' does not count {count}")
    status = root.select_one(".tl-status")
    if status is None or status.get_text() != f"Showing all {len(events)} events.":
        problems.append(f"status line {status.get_text() if status else None!r} does not say "
                        f"all {len(events)}")
    elif status.get("role") != "status":
        problems.append("the status line has no role=status")
    return problems


CSS = '<link rel="stylesheet" href="../assets/timeline.css">'
JS = '<script src="../assets/timeline.js" defer></script>'


def asset_problems(pages: dict[str, str], files: set[str]) -> list[str]:
    """timeline.css and timeline.js on the Timeline page only; the data file not published.
    `pages` maps page names to built HTML, `files` holds the site's files (posix paths)."""
    problems = [f"timeline: {tag} missing" for tag in (CSS, JS) if tag not in pages["timeline"]]
    problems += [f"{name}: loads {asset}" for name, html in pages.items() if name != "timeline"
                 for asset in ("timeline.css", "timeline.js") if asset in html]
    if "assets/timeline.js" not in files:
        problems.append("assets/timeline.js not in the site")
    if "timeline.yml" in files:
        problems.append("timeline.yml published")
    return problems


# -- damaging a copy of the real page -------------------------------------------------------------

def damaged(html: str, change: Callable[[BeautifulSoup], object]) -> str:
    """A copy of `html` with `change` applied to its parsed tree."""
    soup = BeautifulSoup(html, "html.parser")
    change(soup)
    return str(soup)


def first_event(soup: BeautifulSoup, single_date: bool = False):
    items = soup.select("article li.tl-event")
    return next(li for li in items if not single_date or len(li.select("time")) == 1)


@pytest.fixture(scope="module")
def html(site) -> str:
    return site.html(TIMELINE)


@pytest.fixture(scope="module")
def events() -> list[dict]:
    raw = data()
    assert len(raw) >= 30
    return raw


# -- every event, once, in order -------------------------------------------------------------------

def test_every_event_is_on_the_page_once(html, events) -> None:
    assert presence_problems(html, events) == []


def test_a_missing_repeated_or_unknown_event_is_reported(html, events) -> None:
    assert presence_problems(damaged(html, lambda s: None), events) == []
    gone = first_event(BeautifulSoup(html, "html.parser"))["id"]
    assert presence_problems(damaged(html, lambda s: first_event(s).decompose()), events) == [
        f"{gone}: not on the page"]

    def repeat(soup):
        li = first_event(soup)
        li.insert_after(copy.copy(li))
    assert presence_problems(damaged(html, repeat), events) == [f"{gone}: on the page 2 times"]
    stray = damaged(html, lambda s: first_event(s).__setitem__("id", "no-such-event"))
    assert presence_problems(stray, events) == [
        f"{gone}: not on the page", "no-such-event: on the page but not in timeline.yml"]


def test_events_are_in_date_order_and_grouped_by_year(html, events) -> None:
    assert order_problems(html, events) == []


def test_events_out_of_order_or_under_the_wrong_year_are_reported(html, events) -> None:
    soup = BeautifulSoup(html, "html.parser")
    sections = soup.select("article section.tl-year")
    # Two events of one year with different dates, swapped.
    by_id = {e["id"]: e for e in events}
    pair = next((a, b) for section in sections
                for a, b in zip(section.select("li.tl-event"), section.select("li.tl-event")[1:])
                if by_id[a["id"]]["date"] != by_id[b["id"]]["date"])
    first, second = pair[0]["id"], pair[1]["id"]

    def swap(s):
        a, b = s.find(id=first), s.find(id=second)
        b.extract()
        a.insert_before(b)
    assert order_problems(damaged(html, swap), events) == [
        f"not in date order: {second} stands where {first} belongs"]

    # The last event of a year moved to the top of the next year: still in order, wrong year.
    last = sections[0].select("li.tl-event")[-1]["id"]
    next_year = sections[1].select_one("h2")["id"].removeprefix("year-")

    def move(s):
        li = s.find(id=last).extract()
        s.select("article section.tl-year")[1].select_one("ol").insert(0, li)
    assert order_problems(damaged(html, move), events) == [
        f"{last}: under {next_year}, dated {by_id[last]['date']}"]

    # Two year sections swapped: out of order, and the table of contents no longer matches.
    years = [s.select_one("h2")["id"].removeprefix("year-") for s in sections]

    def swap_years(s):
        a, b = s.select("article section.tl-year")[:2]
        b.extract()
        a.insert_before(b)
    swapped = [years[1], years[0], *years[2:]]
    problems = order_problems(damaged(html, swap_years), events)
    assert problems[1:] == [f"year sections not ascending once each: {', '.join(swapped)}",
                            f"table of contents lists {', '.join(years)}, the page has "
                            f"{', '.join(swapped)}"]
    assert problems[0].startswith("not in date order: ")

    # A year missing from the table of contents.
    toc = damaged(html, lambda s: s.select_one("nav.md-nav--secondary a").decompose())
    assert order_problems(toc, events) == [
        f"table of contents lists {', '.join(years[1:])}, the page has {', '.join(years)}"]


# -- each event as the data says ------------------------------------------------------------------

def test_every_time_element_matches_the_data(html, events) -> None:
    assert time_problems(html, events) == []


def test_a_wrong_datetime_or_date_in_words_is_reported(html, events) -> None:
    li = first_event(BeautifulSoup(html, "html.parser"), single_date=True)
    date = li.select_one("time")["datetime"]
    wrong = damaged(html, lambda s: first_event(s, True).select_one("time").__setitem__(
        "datetime", "1999-01"))
    assert time_problems(wrong, events) == [
        f"{li['id']}: datetime ['1999-01'], timeline.yml says ['{date}']"]
    words = damaged(html, lambda s: first_event(s, True).select_one("time").string.replace_with(
        "Sometime"))
    assert time_problems(words, events) == [f"{li['id']}: shows 'Sometime', not "
                                            f"'{li.select_one('time').get_text()}'"]
    ranged = next(e for e in events if "until" in e)
    dropped = damaged(html, lambda s: s.find(id=ranged["id"]).select("time")[1].decompose())
    assert time_problems(dropped, events) == [
        f"{ranged['id']}: datetime ['{ranged['date']}'], timeline.yml says "
        f"['{ranged['date']}', '{ranged['until']}']"]


def test_every_event_shows_its_track_theme_and_description(html, events) -> None:
    assert content_problems(html, events) == []


def test_a_wrong_track_theme_or_description_is_reported(html, events) -> None:
    event = next(e for e in events if e["track"] == "us-rok" and not isinstance(e["theme"], list))
    tags = BeautifulSoup(html, "html.parser").find(id=event["id"]).select_one(
        ".tl-event__tags").get_text()
    japan = tags.replace("US–ROK", "US–Japan")
    wrong_track = damaged(html, lambda s: s.find(id=event["id"]).select_one(
        ".tl-event__tags").string.replace_with(japan))
    assert content_problems(wrong_track, events) == [
        f"{event['id']}: tags '{japan}' do not name the track us-rok"]
    no_theme = tags.split("·")[0] + "· Elsewhere"
    wrong_theme = damaged(html, lambda s: s.find(id=event["id"]).select_one(
        ".tl-event__tags").string.replace_with(no_theme))
    assert content_problems(wrong_theme, events) == [
        f"{event['id']}: tags '{no_theme}' do not name the theme {event['theme']}"]

    word = max(re.findall(r"[A-Za-z]{4,}", event["description"]), key=len)

    def drop_word(s):  # the description's longest word, gone from the page
        for text in s.find(id=event["id"]).select("p")[1].find_all(string=True):
            text.replace_with(text.replace(word, "so"))
    assert content_problems(damaged(html, drop_word), events) == [
        f"{event['id']}: description lacks {word}"]
    attribute = damaged(html, lambda s: s.find(id=event["id"]).__setitem__("data-track", "both"))
    assert content_problems(attribute, events) == [
        f"{event['id']}: data-track 'both', timeline.yml says us-rok"]


def read(site, path: str) -> str | None:
    file = built_file(site.site_dir, path)
    return file.read_text("utf-8") if file.exists() else None


def test_every_section_link_resolves_to_its_heading(site, html, events) -> None:
    assert section_link_problems(html, events, lambda path: read(site, path)) == []


def test_a_section_link_to_another_heading_or_a_missing_one_is_reported(site, html, events) -> None:
    li = first_event(BeautifulSoup(html, "html.parser"))
    event = next(e for e in events if e["id"] == li["id"])
    page, anchor = event["section"].split("#")
    path = "" if page == "index.md" else page.removesuffix(".md") + "/"
    href = li.select_one(".tl-event__link a")["href"]

    def relink(s):
        first_event(s).select_one(".tl-event__link a")["href"] = href.replace(anchor, "elsewhere")
    assert section_link_problems(damaged(html, relink), events, lambda p: read(site, p)) == [
        f"{event['id']}: links to {href.replace(anchor, 'elsewhere')}, not {event['section']}"]

    def retitle(s):
        first_event(s).select_one(".tl-event__link a").string = "Somewhere"
    heading = BeautifulSoup(read(site, path), "html.parser").find(id=anchor)
    title = heading.get_text().replace("¶", "").strip()
    assert section_link_problems(damaged(html, retitle), events, lambda p: read(site, p)) == [
        f"{event['id']}: link text 'Somewhere' lacks '{title}'"]

    # The target page without the heading: every event told in that section is reported.
    without = damaged(read(site, path), lambda s: s.find(id=anchor).decompose())
    told_there = [e["id"] for e in events if e["section"] == event["section"]]
    assert section_link_problems(
        html, events, lambda p: without if p == path else read(site, p)) == [
        f"{i}: {path} has no h2 or h3 #{anchor}" for i in told_there]

    def demote(s):  # the anchor on a paragraph, not a heading
        s.find(id=anchor).name = "p"
    paragraph = damaged(read(site, path), demote)
    assert section_link_problems(
        html, events, lambda p: paragraph if p == path else read(site, p)) == [
        f"{i}: {path} has no h2 or h3 #{anchor}" for i in told_there]


def test_every_citation_resolves_to_its_reference(html, events) -> None:
    assert citation_problems(html, events) == []


def test_a_missing_citation_or_footnote_is_reported(html, events) -> None:
    event = next(e for e in events if isinstance(e["cite"], list) and len(e["cite"]) > 1)
    keys = event["cite"]

    def drop_second(s):
        s.find(id=event["id"]).select("a.footnote-ref")[1].decompose()
    assert citation_problems(damaged(html, drop_second), events) == [
        f"{event['id']}: cites {[keys[0]]}, timeline.yml says {keys}"]
    key = keys[1]
    citing = [e["id"] for e in events if key in listed(e["cite"])]
    no_note = damaged(html, lambda s: s.find(id=f"fn:cite-{key}").decompose())
    assert citation_problems(no_note, events) == [
        f"{i}: #fn:cite-{key} has no footnote" for i in citing]


def test_references_page_lists_the_timeline_under_cited_in(site, events) -> None:
    assert references_problems(site.html(REFERENCES), events) == []


def test_a_reference_without_its_timeline_years_is_reported(site, events) -> None:
    key = listed(events[0]["cite"])[0]
    year = events[0]["date"][:4]

    def unlink(s):
        item = s.find(id=f"ref-{key}")
        for a in item.select(".reference__cited a"):
            if a["href"].endswith(f"timeline/#year-{year}"):
                a.decompose()
    assert references_problems(damaged(site.html(REFERENCES), unlink), events) == [
        f"{key}: 'Cited in' lacks Timeline › {year}"]
    gone = damaged(site.html(REFERENCES), lambda s: s.find(id=f"ref-{key}").decompose())
    assert references_problems(gone, events) == [f"{key}: not on the References page"]


@pytest.mark.parametrize("name", ["index", "trade", "cost-sharing", "impacts", "autonomy"])
def test_themed_pages_link_to_the_timeline_where_their_story_starts(site, events, name) -> None:
    ids = {e["id"] for e in events}
    assert themed_link_problems(site.html(page_file(name)), page_file(name), ids) == []


def test_a_themed_page_without_a_timeline_link_or_with_a_stale_one_is_reported(site, events):
    ids = {e["id"] for e in events}
    page = page_file("trade")
    trade = site.html(page)
    stale = timeline_links(article(trade), page)[0]["href"].partition("#")[0] + "#no-such-event"

    def restale(s):
        timeline_links(s.select_one("article"), page)[0]["href"] = stale
    assert themed_link_problems(damaged(trade, restale), page, ids) == [
        f"{page}: links to {stale}, not an event of the Timeline"]

    def unlink(s):
        for a in timeline_links(s.select_one("article"), page):
            a.unwrap()
    assert themed_link_problems(damaged(trade, unlink), page, ids) == [
        f"{page}: no link to the Timeline"]


def test_timeline_follows_autonomy_in_the_navigation(html) -> None:
    assert nav_problems(real_config()["nav"], html) == []


def test_a_timeline_elsewhere_in_the_navigation_or_untitled_is_reported(html) -> None:
    nav = real_config()["nav"]
    titles = [next(iter(e)) for e in nav]
    swapped = list(nav)
    a, t = titles.index("Autonomy"), titles.index("Timeline")
    swapped[a], swapped[t] = nav[t], nav[a]
    assert nav_problems(swapped, html) == [
        "the nav does not put Timeline right after Autonomy: "
        f"{[next(iter(e)) for e in swapped]}"]
    without = [e for e in nav if "Timeline" not in e]
    assert nav_problems(without, html) == [
        "the nav does not put Timeline right after Autonomy: "
        f"{[next(iter(e)) for e in without]}"]
    retitled = damaged(html, lambda s: s.select_one("title").string.replace_with("Events"))
    assert nav_problems(nav, retitled) == ["the page's title is 'Events'"]


# -- the filter and the assets --------------------------------------------------------------------

def test_filter_links_and_counts_match_the_events(html, events) -> None:
    assert filter_problems(html, events) == []


def test_a_filter_count_link_or_status_that_is_off_is_reported(html, events) -> None:
    rok = sum(e["track"] in ("us-rok", "both") for e in events)
    total = len(events)

    def miscount(s):
        a = s.select_one('nav.tl-filter a[data-track="us-rok"]')
        a.string = a.get_text().replace(f"({rok})", f"({rok - 1})")
    link = f"the US–ROK alliance ({rok - 1})"
    assert filter_problems(damaged(html, miscount), events) == [
        f"filter link '{link}' does not count {rok}"]

    both = next(e["id"] for e in events if e["track"] == "both")

    def unclass(s):
        s.find(id=both)["class"].remove("tl-event--us-rok")
    assert filter_problems(damaged(html, unclass), events) == [
        f"{rok - 1} events carry tl-event--us-rok, timeline.yml has {rok}"]

    def retarget(s):
        s.select_one('nav.tl-filter a[data-track="us-japan"]')["href"] = "#track-japan"
    assert filter_problems(damaged(html, retarget), events) == [
        f"filter links {FILTERS[:2] + ['#track-japan']}, not {FILTERS}",
        "filter link #track-japan has no target"]

    status = damaged(html, lambda s: s.select_one(".tl-status").string.replace_with(
        f"Showing all {total - 1} events."))
    assert filter_problems(status, events) == [
        f"status line 'Showing all {total - 1} events.' does not say all {total}"]
    silent = damaged(html, lambda s: s.select_one(".tl-status").attrs.pop("role"))
    assert filter_problems(silent, events) == ["the status line has no role=status"]


def site_pages(site) -> dict[str, str]:
    return {name: site.html(page_file(name))
            for name in ["timeline", *THEMED, "references", "about", "glossary"]}


def site_files(site) -> set[str]:
    return {p.relative_to(site.site_dir).as_posix() for p in site.site_dir.rglob("*")}


def test_timeline_assets_load_on_the_timeline_page_only(site) -> None:
    assert asset_problems(site_pages(site), site_files(site)) == []


def test_timeline_assets_missing_or_elsewhere_are_reported(site) -> None:
    pages = site_pages(site)
    files = site_files(site)
    pages["timeline"] = pages["timeline"].replace(JS, "")
    pages["trade"] = pages["trade"].replace("</head>", CSS + "</head>")
    assert asset_problems(pages, (files - {"assets/timeline.js"}) | {"timeline.yml"}) == [
        f"timeline: {JS} missing", "trade: loads timeline.css",
        "assets/timeline.js not in the site", "timeline.yml published"]
