"""The Timeline page: the article's dated events, from `docs/timeline.yml`.

Pure logic behind `hooks/timeline.py` (no MkDocs imports), in four parts:

1. `load_timeline` reads and validates the data file (through `explainer.datafile`, so every
   value keeps its line): each problem a contributor can fix is one `SourceError` line naming the
   file, the line, the event and the fix.
2. `page_sections` reads a rendered page's sections (heading id, title, text up to the next
   heading of the same or a higher level), and `check_links` checks each event's link against
   them: the anchor exists, and the section mentions the event's year.
3. `timeline_markdown` writes the page: events in date order, grouped by year, each with
   `<time datetime>`, its alliance (track) and theme, its description and citations as Markdown
   (`[@key]`, so mkdocs-bibtex and hooks/citations.py treat them as on any page), and a link to
   the section that tells it (its text a slot, filled once the pages are rendered); above them,
   the filter by track (see "Filtering" below). Each event's id is its anchor, which the themed
   pages link to where their story starts (`timeline.md#sma-talks-open`).
4. Dates: `parse_date` and `EventDate` (year, month or day, as precisely as the article gives
   it; `period` for "early 2019" or "end of 2018"; `until` for "July 21-22, 2019").

Filtering
---------
Without JavaScript, the filter is links to anchors: `#track-us-rok` and `#track-us-japan` are
paragraphs placed before the years, and `docs/assets/timeline.css` hides, while one of them is
the `:target`, the events (and the years left empty) of the other alliance; `#all-events` (the
status line) shows everything again. The URL is the choice, so it can be shared. With
JavaScript, `docs/assets/timeline.js` turns the links into toggle buttons (`aria-pressed`) that
filter in place, keeps the choice in the URL's fragment (the same URLs), and announces the
number of events shown in the status line (`role="status"`). Events of both alliances show
under either.
"""

from __future__ import annotations

import calendar
import html
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from lxml import etree
from lxml import html as lxml_html

from explainer.datafile import (EntryList, Field, YamlData, check_cite_key, entry_id, suggest,
                                text, texts)
from explainer.errors import SourceError
from explainer.i18n import N_, _, data_attributes, date_fields
from explainer.mdtext import CITATION_FIX, has_citation, slot

# ---------------------------------------------------------------------------------------------
# Data model
# ---------------------------------------------------------------------------------------------

FIELDS = ("id", "date", "until", "period", "track", "theme", "section", "description", "cite")
REQUIRED = ("date", "track", "theme", "section", "description", "cite")
# Track: the alliance an event concerns; "both" shows under either filter.
TRACKS = {"us-rok": N_("US–ROK"), "us-japan": N_("US–Japan"),
          "both": N_("US–ROK and US–Japan")}
FILTERS = ("us-rok", "us-japan")  # the filter's choices besides "all"
THEMES = {"trade": N_("Trade"), "cost-sharing": N_("Cost-sharing"), "impacts": N_("Impacts"),
          "autonomy": N_("Autonomy")}
# A qualifier for a year or month date, as the article words it ("at the end of 2018").
PERIODS = {"early": N_("Early {date}"), "mid": N_("Mid-{date}"), "late": N_("Late {date}"),
           "end": N_("End of {date}")}
MONTHS = tuple(calendar.month_name)[1:]
PAGE = "timeline.md"
ALL_ID = "all-events"
STATUS = N_("Showing all {total} events.")  # the status line; docs/assets/timeline.js too
YEAR_PREFIX = "year-"
TRACK_PREFIX = "track-"
# Ids the page itself uses, or that other hooks put on it (glossary marks, footnotes).
_RESERVED_PREFIXES = (YEAR_PREFIX, TRACK_PREFIX, "gl-", "fn", "cite-")
_RESERVED_IDS = {ALL_ID, "timeline", "cite-this-page"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

_FILE = EntryList(what="the timeline", key="events", noun="event", first="id",
                  item_fix="Write `- id: a-short-name` followed by `date:`, `track:`, ...")


@dataclass(frozen=True)
class EventDate:
    """A date at the precision the article gives: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None
    period: str | None = None

    @property
    def iso(self) -> str:
        """The `datetime` attribute of `<time>`: 2019, 2019-04 or 2019-04-15."""
        return "-".join([f"{self.year:04d}", *(f"{n:02d}" for n in (self.month, self.day) if n)])

    @property
    def words(self) -> str:
        """As the site writes dates: "2016", "April 2017", "April 15, 2019", "End of 2018"."""
        fields = date_fields(self.year, self.month, self.day)
        if self.day:
            out = _("{month:name} {day}, {year}", "date").format(**fields)
        elif self.month:
            out = _("{month:name} {year}", "date").format(**fields)
        else:
            out = _("{year}", "date").format(**fields)
        return _(PERIODS[self.period]).format(date=out) if self.period else out

    def sort_key(self) -> tuple[int, float, float]:
        """A year alone sorts first in its year, a month first in its month; a period moves it
        ("end of 2018" after December 2018, "early 2019" before January 2019)."""
        if self.month is None:
            return (self.year, _YEAR_PERIOD.get(self.period, 0), 0)
        return (self.year, self.month, self.day or _MONTH_PERIOD.get(self.period, 0))


_YEAR_PERIOD = {"early": 0.5, "mid": 6.5, "late": 10.5, "end": 12.5}
_MONTH_PERIOD = {"mid": 15.5, "late": 32, "end": 32}


@dataclass(frozen=True)
class Event:
    """One event of the timeline, with the line of each field (for messages about it)."""

    id: str
    date: EventDate
    track: str
    themes: tuple[str, ...]
    page: str
    anchor: str
    description: str
    cites: tuple[str, ...]
    until: EventDate | None = None
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)

    @property
    def tracks(self) -> tuple[str, ...]:
        """The filters it shows under."""
        return FILTERS if self.track == "both" else (self.track,)

    @property
    def section(self) -> str:
        return f"{self.page}#{self.anchor}"

    @property
    def label(self) -> str:
        return f"event {self.id!r}"


@dataclass(frozen=True)
class Timeline:
    """All events in date order (ties keep the file's order), and the file they came from."""

    path: str
    events: tuple[Event, ...]

    def years(self) -> list[tuple[int, list[Event]]]:
        by_year = groupby(self.events, lambda event: event.date.year)  # events are in date order
        return [(year, list(events)) for year, events in by_year]

    def count(self, track: str) -> int:
        return sum(track in e.tracks for e in self.events)

# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

DATE_FIX = ("Write YYYY, YYYY-MM or YYYY-MM-DD, as precisely as the article gives it "
            "(e.g. 2019, 2019-04, 2019-04-15)")


def parse_date(value: str, period: str | None = None) -> EventDate:
    """'2019' / '2019-04' / '2019-04-15' -> EventDate; ValueError(problem, fix) otherwise."""
    match = _DATE.match(value.strip())
    if not match:
        raise ValueError("is not a date", DATE_FIX)
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"has no month {month} (months run from 01 to 12)", DATE_FIX)
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"does not exist ({MONTHS[month - 1]} {year} has {last} days)",
                             "Check the day against the article")
    if period is not None and day is not None:
        raise ValueError(f"is a day, and a period ({period!r}) only qualifies a year or a month",
                         "Remove `period:` or give the date as a year or a month")
    return EventDate(year, month, day, period)


# ---------------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------------


def load_timeline(text_: str, path: str, *, cite_keys: Collection[str] | None,
                  pages: Collection[str]) -> Timeline:
    """Parse and validate the timeline file; raise SourceError on the first problem.

    `cite_keys`: the bibliography's keys (None: no bibliography configured); `pages`: the
    documentation pages' paths under docs/ (generated pages excluded).
    """
    with YamlData(text_, path) as data:
        events = [_event(data.fields(node, FIELDS, first="id", raw=("date", "until")),
                         node.start_mark.line + 1, path, cite_keys, pages)
                  for node in data.entries(_FILE)]
    _check_unique(events, path)
    ordered = sorted(enumerate(events), key=lambda pair: (pair[1].date.sort_key(), pair[0]))
    return Timeline(path=path, events=tuple(e for _, e in ordered))


def _event(values: dict[str, Field], line: int, path: str, cite_keys: Collection[str] | None,
           pages: Collection[str]) -> Event:
    event_id, id_line = entry_id(values, line, path, "event", "Timeline", "sma-2019-signed")
    label = f"event {event_id!r}"
    if event_id in _RESERVED_IDS or event_id.startswith(_RESERVED_PREFIXES):
        raise SourceError(path, id_line, f"id {event_id!r} is used by the Timeline page itself",
                          "Choose another id (not starting with "
                          f"{', '.join(_RESERVED_PREFIXES)})")
    for name in REQUIRED:
        if name not in values:
            raise SourceError(path, line, f"{label} has no {name}", _REQUIRED_FIX[name])

    period = None
    if "period" in values:
        period, period_line = text(values["period"], "period", path, label)
        if period not in PERIODS:
            raise SourceError(path, period_line, f"period {period!r} of {label} is not one of "
                              f"{', '.join(PERIODS)}", suggest("Use one of them", period, PERIODS))
    date = _date(values["date"], "date", period, path, label)
    until = None
    if "until" in values:
        until = _date(values["until"], "until", None, path, label)
        if until.day is None or date.day is None or until.sort_key() <= date.sort_key():
            raise SourceError(path, values["until"].line, f"`until` of {label} must be a day "
                              f"after its date ({date.iso})",
                              "Give both as YYYY-MM-DD, or leave `until` out")

    track, track_line = text(values["track"], "track", path, label)
    if track not in TRACKS:
        raise SourceError(path, track_line, f"track {track!r} of {label} is not one of "
                          f"{', '.join(TRACKS)}", suggest("Use one of them", track, TRACKS))
    themes = []
    for theme, theme_line in texts(values["theme"], "theme", path, label):
        if theme not in THEMES:
            raise SourceError(path, theme_line, f"theme {theme!r} of {label} is not one of "
                              f"{', '.join(THEMES)}", suggest("Use one of them", theme, THEMES))
        themes.append(theme)

    section, section_line = text(values["section"], "section", path, label)
    page, _, anchor = section.removeprefix("docs/").partition("#")
    if page not in pages:
        raise SourceError(path, section_line, f"unknown page {page!r} in {label}",
                          suggest("Use a page path under docs/", page, pages))
    if not anchor:
        raise SourceError(path, section_line, f"section {section!r} of {label} names no section",
                          "Write page.md#anchor, the anchor of the heading that tells the event")

    description, description_line = text(values["description"], "description", path, label)
    if has_citation(description):
        raise SourceError(path, description_line, f"the description of {label} contains a "
                          "citation", CITATION_FIX)
    if "<" in description:
        raise SourceError(path, description_line, f"the description of {label} contains '<' "
                          "(HTML)", "Write plain text; Markdown *emphasis* is fine")

    cites = []
    for key, key_line in texts(values["cite"], "cite", path, label):
        key = check_cite_key(key, cite_keys, path, key_line, label)
        if key in cites:
            raise SourceError(path, key_line, f"{label} cites {key!r} twice", "Keep one")
        cites.append(key)

    return Event(id=event_id, date=date, until=until, track=track, themes=tuple(themes),
                 page=page, anchor=anchor, description=description, cites=tuple(cites),
                 line=line, lines={name: f.line for name, f in values.items()})


_REQUIRED_FIX = {
    "date": "Add `date:` as YYYY, YYYY-MM or YYYY-MM-DD, as precisely as the article gives it",
    "track": f"Add `track:` ({', '.join(TRACKS)})",
    "theme": f"Add `theme:` ({', '.join(THEMES)})",
    "section": "Add `section: page.md#anchor`, the section of the site that tells the event",
    "description": "Add `description:` with one or two sentences in our own words",
    "cite": "Add `cite:` with the refs.bib key of the article's footnote for this fact "
            "(wei2020america where the article gives none)",
}


def _date(value: Field, name: str, period: str | None, path: str, label: str) -> EventDate:
    raw = value.value
    if raw is None:
        raise SourceError(path, value.line, f"`{name}` of {label} is empty", DATE_FIX)
    if not isinstance(raw, str):
        raise SourceError(path, value.line, f"`{name}` of {label} must be a date", DATE_FIX)
    try:
        return parse_date(raw, period)
    except ValueError as err:
        problem, fix = err.args
        raise SourceError(path, value.line, f"{name} {raw!r} of {label} {problem}", fix) from None


def _check_unique(events: Sequence[Event], path: str) -> None:
    """No id twice, and no event twice under two ids (same date and description)."""
    ids: dict[str, Event] = {}
    same: dict[tuple, Event] = {}
    for event in events:
        if event.id in ids:
            raise SourceError(path, event.lines.get("id", event.line), f"duplicate event id "
                              f"{event.id!r} (also on line {ids[event.id].line})",
                              "Give each event its own id")
        ids[event.id] = event
        key = (event.date.iso, event.date.period, " ".join(event.description.casefold().split()))
        if key in same:
            raise SourceError(path, event.line, f"{event.label} repeats event "
                              f"{same[key].id!r} of line {same[key].line} (same date and "
                              "description)", "Keep one of the two")
        same[key] = event


# ---------------------------------------------------------------------------------------------
# The sections events link to
# ---------------------------------------------------------------------------------------------


@dataclass
class Section:
    """A heading of a rendered page and the text of its section (up to the next heading of the
    same or a higher level; footnotes left out)."""

    title: str
    level: int
    text: str = ""


# Footnotes (the references: not the section's own text) and permalinks (a heading's ¶) are
# skipped, the text after them is not; headings, and the text outside them, come in document
# order (an XPath union keeps it).
_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"
_SKIPPED = f"self::div[{_CLASS.format('footnote')}] or self::a[{_CLASS.format('headerlink')}]"
# Any heading, as an XPath test (also explainer.changes', to find a section's title).
HEADING = "self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
_HEADINGS_AND_TEXT = etree.XPath(f".//*[{HEADING}][not(ancestor::*[{HEADING} or {_SKIPPED}])]"
                                 f" | .//text()[not(ancestor::*[{HEADING} or {_SKIPPED}])]")
_TITLE_TEXT = etree.XPath(f".//text()[not(ancestor::*[{_SKIPPED}])]")


def page_sections(html_text: str) -> dict[str, Section]:
    """anchor -> Section, for every heading with an id of a rendered page's content.

    lxml (libxml2's HTML parser, in C) reads a page several times faster than the standard
    library's HTMLParser, which made this the Timeline's largest cost after rendering."""
    root = lxml_html.fragment_fromstring(html_text or "<p></p>", create_parent="div")
    sections: dict[str, Section] = {}
    open_: list[tuple[Section, list[str]]] = []

    def close(level: int) -> None:
        while open_ and open_[-1][0].level >= level:
            section, parts = open_.pop()
            section.text = " ".join(" ".join(parts).split())

    for node in _HEADINGS_AND_TEXT(root):
        if isinstance(node, str):
            for _level, parts in open_:
                parts.append(node)
            continue
        level = int(node.tag[1])
        close(level)
        section = Section(" ".join("".join(_TITLE_TEXT(node)).split()), level)
        for _level, parts in open_:  # a subsection's title is its parent's text too
            parts.append(section.title)
        open_.append((section, [section.title]))
        if node.get("id"):
            sections[node.get("id")] = section
    close(0)
    return sections


def check_links(timeline: Timeline, sections: Mapping[str, Mapping[str, Section]]) \
        -> list[SourceError]:
    """Each event's section must exist on its page and mention the event's year."""
    problems = []
    for event in timeline.events:
        line = event.lines.get("section", event.line)
        found = sections.get(event.page, {})
        section = found.get(event.anchor)
        if section is None:
            anchors = [a for a, s in found.items() if s.level > 1]
            problems.append(SourceError(
                timeline.path, line, f"{event.label} links to {event.section}, a section "
                f"{event.page} does not have", suggest("Use the anchor of one of its headings",
                                                       event.anchor, anchors)))
        elif not re.search(rf"(?<!\d){event.date.year}(?!\d)", section.text):
            problems.append(SourceError(
                timeline.path, line, f"{event.label} ({event.date.words}) links to "
                f"{event.section}, whose section never mentions {event.date.year}",
                "Link the section that tells the event, or check the date against the article"))
    return problems


# ---------------------------------------------------------------------------------------------
# The Timeline page
# ---------------------------------------------------------------------------------------------

DESCRIPTION = N_("The events Wei Zongyou's article dates, in date order, 2012 to 2021, on the "
               "US–ROK and US–Japan tracks, each with its sources and the page that tells it.")
# What the page holds and what it leaves out, and why: keep it true of docs/timeline.yml.
INTRO = (
    N_("The events that Wei Zongyou's article dates, in date order: each with its date as "
    "precisely as the article gives it (a year, a month or a day), the alliance it concerns, its theme, its "
    "sources, and a link to the section of this site that tells it. Two events that the "
    "article's text leaves undated are placed by the date of their footnote: Trump's first "
    "address to Congress and Moon's special envoy to Beijing [@wei2020america]."),
    "",
    N_("Left out are figures given for a year or a span of years, which are not events (the ROK's "
    "indirect payments of 2015, its arms purchases of 2012 to 2016), and, but for the two events "
    "above, what the article tells "
    "without a date of its own, even where its footnote has one: such a date is that of a report "
    "or a commentary, and for several of them (footnotes 5, 12, 15 and 31) the notes on the "
    "sources, under References, question it [@wei2020america]."),
)


@dataclass(frozen=True)
class Assets:
    """URLs of the page's stylesheet and script, relative to the page (None: not in the site)."""

    css: str | None = None
    js: str | None = None


def time_html(event: Event) -> str:
    """`<time datetime>` with the date in words; a range as two, "July 21–22, 2019"."""
    start, end = event.date, event.until
    if end is None:
        return f'<time datetime="{start.iso}">{html.escape(start.words)}</time>'
    fields = date_fields(start.year, start.month, start.day)
    end_fields = date_fields(end.year, end.month, end.day)
    if (end.year, end.month) == (start.year, start.month):
        first = _("{month:name} {day}", "date|range start, same month").format(**fields)
        last = _("{day}, {year}", "date|range end, same month").format(**end_fields)
    elif end.year == start.year:
        first = _("{month:name} {day}", "date|range start, same year").format(**fields)
        last = end.words
    else:
        first, last = start.words, end.words
    return (f'<time datetime="{start.iso}">{first}</time>{_("–", "date|range")}'
            f'<time datetime="{end.iso}">{last}</time>')


def _with_citations(description: str, cites: Sequence[str]) -> str:
    """The description with its citations where the pages put them: before a final period."""
    marks = f"[{'; '.join('@' + k for k in cites)}]"
    if description.endswith(".") and not description.endswith(".."):
        return f"{description[:-1]} {marks}."
    return f"{description} {marks}"


def timeline_markdown(timeline: Timeline, *, assets: Assets = Assets()) -> str:
    """The Timeline page as Markdown.

    Descriptions are the contributor's Markdown (validated: no HTML, no citations). Each event
    is one line of raw HTML whose content Python-Markdown still processes (md_in_html,
    `markdown="span"`). Its link to the section that tells it is Markdown, so that MkDocs
    resolves and validates it; the link's text (the section's title) is known once the pages
    are rendered: it is a slot (`explainer.mdtext.slot`, named by the event's id) that the hook
    fills.
    """
    total = len(timeline.events)
    counts = {track: timeline.count(track) for track in FILTERS}
    lines = ["---", f"description: {_(DESCRIPTION)}", "---", "", f"# {_('Timeline')}", ""]
    if assets.css:
        lines += [f'<link rel="stylesheet" href="{html.escape(assets.css)}">', ""]
    lines += [
        *map(_, INTRO),
        "",
        '<nav class="tl-filter" aria-labelledby="tl-filter-label">',
        '<p class="tl-filter__label" id="tl-filter-label">'
        f'{_("Show the events of")}</p>',
        '<ul class="tl-filter__options">',
        f'<li><a href="#{ALL_ID}" data-track="all">'
        + _("both alliances ({total})").format(total=total) + "</a></li>",
        *(f'<li><a href="#{TRACK_PREFIX}{track}" data-track="{track}">'
          + _("the {track} alliance ({count})").format(track=_(TRACKS[track]), count=counts[track])
          + "</a></li>" for track in FILTERS),
        "</ul>",
        "</nav>",
        "",
    ]
    for track in FILTERS:
        lines.append(
            f'<p class="tl-target" id="{TRACK_PREFIX}{track}" data-label="{_(TRACKS[track])}">'
            + _("Showing the {shown} of {total} events that concern the {track} alliance, those "
                "of both alliances included. <a href=\"#{all}\">Show all {total}</a>.").format(
                shown=counts[track], total=total, track=_(TRACKS[track]), all=ALL_ID) + "</p>")
    some = _("Showing {shown} of {total} events: those that concern the {track} alliance, "
             "those of both alliances included.")
    lines += [f'<p class="tl-status" id="{ALL_ID}" role="status" data-total="{total}"'
              f'{data_attributes(all=_(STATUS), some=some)}>'
              f"{_(STATUS).format(total=total)}</p>", ""]
    for year, events in timeline.years():
        lines += ['<section class="tl-year" markdown>', "", f"## {year} {{#{YEAR_PREFIX}{year}}}",
                  "", '<ol class="tl-events" markdown>']
        for event in events:
            classes = " ".join(["tl-event", *(f"tl-event--{t}" for t in event.tracks)])
            themes = _(", ", "list").join(_(THEMES[t]) for t in event.themes)
            tags = f"{_(TRACKS[event.track])} · {themes}"
            link = f"[{slot(event.id)}]({event.section})"
            lines += [
                f'<li class="{classes}" id="{event.id}" data-track="{event.track}" '
                'markdown="block">',
                # Raw HTML, never Markdown: the glossary leaves the alliance and theme unmarked.
                f'<p class="tl-event__meta">{time_html(event)} '
                f'<span class="tl-event__tags">{tags}</span></p>',
                "",
                _with_citations(event.description, event.cites),
                "",
                f'<p class="tl-event__link" markdown="span">'
                f'{_("Told in {link}").format(link=link)}</p>',
                "</li>",
            ]
        lines += ["</ol>", "", "</section>", ""]
    if assets.js:
        lines += [f'<script src="{html.escape(assets.js)}" defer></script>', ""]
    return "\n".join(lines)

