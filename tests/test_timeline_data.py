"""docs/timeline.yml: every bad input fails with one clear line (file, line, event, fix), in the
loader and in fixture sites built with the real hooks; the page's Markdown and dates."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, bib_with, sentence_problems
from explainer.errors import SourceError
from explainer.timeline import (Section, check_links, load_timeline, page_sections, parse_date,
                                timeline_markdown)

GOOD = """\
events:
  - id: sma-signed
    date: 2019-02
    track: us-rok
    theme: cost-sharing
    section: cost.md#the-sma
    description: The two governments agree on a new cost-sharing deal.
    cite: [alpha, beta]
  - id: campaign
    date: 2016
    track: both
    theme: [trade, cost-sharing]
    section: index.md#start
    description: Trump campaigns on "America First".
    cite: alpha
"""
KEYS = {"alpha", "beta", "wei2020america"}
PAGES = ["index.md", "cost.md"]


def load(text: str):
    return load_timeline(text, "docs/timeline.yml", cite_keys=KEYS, pages=PAGES)


BAD = [
    ("impossible-day", GOOD.replace("date: 2019-02", "date: 2019-02-30"),
     "docs/timeline.yml:3: date '2019-02-30' of event 'sma-signed' does not exist (February 2019 "
     "has 28 days). Check the day against the article"),
    ("no-month-13", GOOD.replace("date: 2019-02", "date: 2019-13"),
     "docs/timeline.yml:3: date '2019-13' of event 'sma-signed' has no month 13 (months run from "
     "01 to 12). Write YYYY, YYYY-MM or YYYY-MM-DD, as precisely as the article gives it (e.g. "
     "2019, 2019-04, 2019-04-15)"),
    ("malformed-date", GOOD.replace("date: 2019-02", "date: Feb 2019"),
     "docs/timeline.yml:3: date 'Feb 2019' of event 'sma-signed' is not a date. Write YYYY, "
     "YYYY-MM or YYYY-MM-DD, as precisely as the article gives it (e.g. 2019, 2019-04, "
     "2019-04-15)"),
    ("one-digit-month", GOOD.replace("date: 2019-02", "date: 2019-2"),
     "docs/timeline.yml:3: date '2019-2' of event 'sma-signed' is not a date."),
    ("empty-date", GOOD.replace("date: 2019-02", "date:"),
     "docs/timeline.yml:3: `date` of event 'sma-signed' is empty."),
    ("date-tag", GOOD.replace("date: 2019-02", "date: !foo 2019-02"),
     "docs/timeline.yml:3: unreadable value for 'date' (could not determine a constructor for "
     "the tag '!foo'). Write it as plain text in quotes"),
    ("missing-description", GOOD.replace(
        "    description: The two governments agree on a new cost-sharing deal.\n", ""),
     "docs/timeline.yml:2: event 'sma-signed' has no description. Add `description:` with one "
     "or two sentences in our own words"),
    ("empty-description", GOOD.replace(
        "description: The two governments agree on a new cost-sharing deal.", "description:"),
     "docs/timeline.yml:7: `description` of event 'sma-signed' is empty. Write the description "
     "as text (quote it if needed)"),
    ("unknown-track", GOOD.replace("track: us-rok", "track: us-rk"),
     "docs/timeline.yml:4: track 'us-rk' of event 'sma-signed' is not one of us-rok, "
     "us-japan, both. Use one of them (did you mean 'us-rok'?)"),
    ("unknown-theme", GOOD.replace("theme: [trade, cost-sharing]", "theme: [trade, costs]"),
     "docs/timeline.yml:12: theme 'costs' of event 'campaign' is not one of trade, cost-sharing, "
     "impacts, autonomy. Use one of them"),
    ("unknown-cite", GOOD.replace("cite: [alpha, beta]", "cite: [alpha, btea]"),
     "docs/timeline.yml:8: unknown citation key 'btea' in event 'sma-signed'. Closest keys: "
     "beta. Add the source to refs.bib or correct the key"),
    ("unknown-cite-far", GOOD.replace("cite: alpha", "cite: zzzzzz"),
     "docs/timeline.yml:15: unknown citation key 'zzzzzz' in event 'campaign'. No similar key in "
     "refs.bib. Add the source to refs.bib or correct the key"),
    ("unknown-page", GOOD.replace("section: cost.md#the-sma", "section: costs.md#the-sma"),
     "docs/timeline.yml:6: unknown page 'costs.md' in event 'sma-signed'. Use a page path under "
     "docs/ (did you mean 'cost.md'?)"),
    ("no-anchor", GOOD.replace("section: cost.md#the-sma", "section: cost.md"),
     "docs/timeline.yml:6: section 'cost.md' of event 'sma-signed' names no section. Write "
     "page.md#anchor, the anchor of the heading that tells the event"),
    ("duplicate-id", GOOD.replace("id: campaign", "id: sma-signed"),
     "docs/timeline.yml:9: duplicate event id 'sma-signed' (also on line 2). Give each event its "
     "own id"),
    ("duplicate-event", GOOD + GOOD.split("events:\n")[1].split("  - id: campaign")[0]
     .replace("id: sma-signed", "id: sma-again"),
     "docs/timeline.yml:16: event 'sma-again' repeats event 'sma-signed' of line 2 (same date and "
     "description). Keep one of the two"),
    ("missing-id", GOOD.replace("  - id: campaign\n    date: 2016", "  - date: 2016"),
     "docs/timeline.yml:9: the event on line 9 has no `id:`. Add `id: a-short-name` (its anchor "
     "on the Timeline page)"),
    ("bad-id", GOOD.replace("id: campaign", "id: The Campaign"),
     "docs/timeline.yml:9: id 'The Campaign' is not a valid anchor."),
    ("reserved-id", GOOD.replace("id: campaign", "id: year-2016"),
     "docs/timeline.yml:9: id 'year-2016' is used by the Timeline page itself."),
    ("citation-in-description", GOOD.replace("new cost-sharing deal.", "deal [@alpha]."),
     "docs/timeline.yml:7: the description of event 'sma-signed' contains a citation. Put the key "
     "in `cite:` instead"),
    ("html-in-description", GOOD.replace("new cost-sharing deal.", "<b>deal</b>."),
     "docs/timeline.yml:7: the description of event 'sma-signed' contains '<' (HTML)."),
    ("unknown-field", GOOD.replace("theme: cost-sharing", "themes: cost-sharing"),
     "docs/timeline.yml:5: unknown field 'themes'. Did you mean 'theme'?"),
    ("repeated-field", GOOD.replace("    theme: cost-sharing\n",
                                    "    theme: cost-sharing\n    track: both\n"),
     "docs/timeline.yml:6: field 'track' given twice in one entry. Keep one; a second entry needs "
     "its own `- id:`"),
    ("bad-period", GOOD.replace("date: 2016\n", "date: 2016\n    period: ending\n"),
     "docs/timeline.yml:11: period 'ending' of event 'campaign' is not one of early, mid, late, "
     "end. Use one of them (did you mean 'end'?)"),
    ("period-on-a-day", GOOD.replace("date: 2016\n", "date: 2016-05-02\n    period: end\n"),
     "docs/timeline.yml:10: date '2016-05-02' of event 'campaign' is a day, and a period ('end') "
     "only qualifies a year or a month."),
    ("until-before", GOOD.replace("date: 2016\n", "date: 2016-05-02\n    until: 2016-05-01\n"),
     "docs/timeline.yml:11: `until` of event 'campaign' must be a day after its date "
     "(2016-05-02)."),
    ("yaml-syntax", GOOD.replace("cite: [alpha, beta]", "cite: [alpha, beta"),
     "docs/timeline.yml:9: YAML syntax error"),
    ("not-a-list", "events: {}\n",
     "docs/timeline.yml:1: `events:` must be a non-empty list. Add one `- id: ...` mapping per "
     "event"),
    ("other-top-key", "terms: []\n",
     "docs/timeline.yml:1: unknown top-level key 'terms'. The file holds only `events:`"),
    ("repeated-top-key", GOOD + GOOD,
     "docs/timeline.yml:16: `events:` given twice (first on line 1). Keep one `events:` and list "
     "every event under it"),
]


def test_good_fixture_loads_in_date_order() -> None:
    timeline = load(GOOD)
    assert [e.id for e in timeline.events] == ["campaign", "sma-signed"]
    sma = timeline.events[1]
    assert (sma.date.iso, sma.track, sma.themes, sma.page, sma.anchor, sma.cites, sma.line) == \
        ("2019-02", "us-rok", ("cost-sharing",), "cost.md", "the-sma", ("alpha", "beta"), 2)
    assert timeline.events[0].tracks == ("us-rok", "us-japan")
    assert timeline.count("us-rok") == 2 and timeline.count("us-japan") == 1


@pytest.mark.parametrize("text, expected", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_timeline_fails_with_one_clear_line(text: str, expected: str) -> None:
    with pytest.raises(SourceError) as err:
        load(text)
    assert str(err.value).startswith(expected)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("value, iso, words", [
    ("2016", "2016", "2016"), ("2019-04", "2019-04", "April 2019"),
    ("2019-04-15", "2019-04-15", "April 15, 2019"), ("2020-02-29", "2020-02-29",
                                                     "February 29, 2020"),
])
def test_dates_keep_their_precision(value: str, iso: str, words: str) -> None:
    date = parse_date(value)
    assert (date.iso, date.words) == (iso, words)


def test_periods_and_order() -> None:
    dates = {"early 2019": parse_date("2019", "early"), "end 2018": parse_date("2018", "end"),
             "2018": parse_date("2018"), "Dec 2018": parse_date("2018-12"),
             "Jan 2019": parse_date("2019-01"), "Jan 1 2019": parse_date("2019-01-01"),
             "Dec 31 2018": parse_date("2018-12-31")}
    order = sorted(dates, key=lambda k: dates[k].sort_key())
    assert order == ["2018", "Dec 2018", "Dec 31 2018", "end 2018", "early 2019", "Jan 2019",
                     "Jan 1 2019"]
    assert dates["end 2018"].words == "End of 2018"
    assert parse_date("2019", "mid").words == "Mid-2019"


def test_events_of_one_date_keep_the_file_order() -> None:
    text = GOOD.replace("date: 2016", "date: 2019-02").replace(
        "Trump campaigns", "Another thing happens, as")
    assert [e.id for e in load(text).events] == ["sma-signed", "campaign"]


# -- sections ----------------------------------------------------------------------------------

PAGE_HTML = """<h1 id="cost">Cost</h1><p>Intro 2015.</p>
<h2 id="the-sma">The SMA<a class="headerlink" href="#the-sma">2019</a></h2><p>In February
2019 they agreed.</p><h3 id="detail">Detail</h3><p>More in 2020.</p>
<h2 id="other">Other</h2><p>Nothing dated.</p>
<div class="footnote"><ol><li id="fn:x"><p>A report, 2016.</p></li></ol></div>"""


def test_page_sections_read_each_section_to_the_next_heading_of_its_level() -> None:
    sections = page_sections(PAGE_HTML)
    assert sections["the-sma"].title == "The SMA"  # the permalink's text is not the title
    assert "2019" in sections["the-sma"].text and "2020" in sections["the-sma"].text
    assert "Nothing dated" not in sections["the-sma"].text
    assert sections["detail"].text == "Detail More in 2020."
    assert "2016" not in sections["other"].text, "footnotes are not the section's text"


def test_check_links_reports_a_missing_anchor_and_a_year_never_mentioned() -> None:
    timeline = load(GOOD.replace("cost.md#the-sma", "cost.md#the-sma-deal").replace(
        "index.md#start", "cost.md#other"))
    problems = [str(p) for p in check_links(timeline, {"cost.md": page_sections(PAGE_HTML)})]
    assert problems == [
        "docs/timeline.yml:13: event 'campaign' (2016) links to cost.md#other, whose section "
        "never mentions 2016. Link the section that tells the event, or check the date against "
        "the article",
        "docs/timeline.yml:6: event 'sma-signed' links to cost.md#the-sma-deal, a section cost.md "
        "does not have. Use the anchor of one of its headings (did you mean 'the-sma'?)",
    ]


def test_check_links_passes_a_good_timeline() -> None:
    sections = {"cost.md": page_sections(PAGE_HTML),
                "index.md": {"start": Section("Start", 2, "Start In 2016 it began.")}}
    assert check_links(load(GOOD), sections) == []


# -- the page's Markdown -----------------------------------------------------------------------


def test_markdown_groups_by_year_with_time_tags_links_and_citations() -> None:
    timeline = load(GOOD.replace("date: 2019-02\n", "date: 2019-07-21\n    until: 2019-07-22\n"))
    page = timeline_markdown(timeline)
    assert page.index("## 2016 {#year-2016}") < page.index("## 2019 {#year-2019}")
    assert '<time datetime="2016">2016</time>' in page
    assert ('<time datetime="2019-07-21">July 21</time>–<time datetime="2019-07-22">22, 2019'
            '</time>') in page
    assert "a new cost-sharing deal [@alpha; @beta]." in page
    assert "Trump campaigns on \"America First\" [@alpha]." in page
    assert "[<!-- slot:sma-signed -->](cost.md#the-sma)" in page, "link text filled in on_env"
    assert 'class="tl-event tl-event--us-rok tl-event--us-japan" id="campaign"' in page
    assert '<a href="#track-us-rok" data-track="us-rok">the US–ROK alliance (2)</a>' in page
    assert "<script" not in page and "<link" not in page, "no assets given"


# -- fixture sites -------------------------------------------------------------------------------

INDEX = """\
---
description: A fixture page.
---

# Home

Intro [@wei2020america].

## Start

It began in 2016 [@wei2020america].

## The deal

In February 2019 they agreed [@choe2019defensecosts].
"""
TIMELINE = """\
events:
  - id: campaign
    date: 2016
    track: both
    theme: trade
    section: index.md#start
    description: Trump campaigns.
    cite: wei2020america
  - id: deal
    date: 2019-02
    track: us-rok
    theme: cost-sharing
    section: index.md#the-deal
    description: The deal is agreed.
    cite: choe2019defensecosts
"""


def build(make_site, timeline: str = TIMELINE, **files):
    return make_site({"index.md": INDEX, "timeline.yml": timeline, **files},
                     bib=bib_with("choe2019defensecosts"))


def test_fixture_site_builds_the_timeline_page(make_site) -> None:
    result = build(make_site)
    assert result.ok, result.output
    page = result.html("timeline/index.html")
    assert page.index('id="campaign"') < page.index('id="deal"')
    assert '<time datetime="2019-02">February 2019</time>' in page
    assert '<a href="../#the-deal">Home &#8250; The deal</a>' in page
    assert 'class="footnote-ref"' in page
    assert not (result.site_dir / "timeline.yml").exists(), "the data file is not published"
    assert 'id="fn:cite-choe2019defensecosts"' in page, "citations become footnotes"


BAD_SITES = [
    ("anchor-missing", TIMELINE.replace("index.md#the-deal", "index.md#the-dael"),
     "docs/timeline.yml:13: event 'deal' links to index.md#the-dael, a section index.md does not "
     "have. Use the anchor of one of its headings (did you mean 'the-deal'?)"),
    ("year-not-mentioned", TIMELINE.replace("index.md#start", "index.md#the-deal"),
     "docs/timeline.yml:6: event 'campaign' (2016) links to index.md#the-deal, whose section "
     "never mentions 2016. Link the section that tells the event, or check the date against the "
     "article"),
    ("unknown-page", TIMELINE.replace("index.md#start", "trade.md#start"),
     "docs/timeline.yml:6: unknown page 'trade.md' in event 'campaign'. Use a page path under "
     "docs/ (did you mean 'index.md'?)"),
    ("unknown-key", TIMELINE.replace("cite: choe2019defensecosts", "cite: choe2019defensecost"),
     "docs/timeline.yml:15: unknown citation key 'choe2019defensecost' in event 'deal'. Closest "
     "keys: choe2019defensecosts. Add the source to refs.bib or correct the key"),
    ("impossible-date", TIMELINE.replace("date: 2019-02", "date: 2019-02-30"),
     "docs/timeline.yml:10: date '2019-02-30' of event 'deal' does not exist (February 2019 has "
     "28 days). Check the day against the article"),
]


@pytest.mark.parametrize("timeline, expected", [c[1:] for c in BAD_SITES],
                         ids=[c[0] for c in BAD_SITES])
def test_bad_timeline_stops_the_build_with_its_line(make_site, timeline, expected) -> None:
    result = build(make_site, timeline)
    assert not result.ok
    assert expected in result.output.splitlines(), result.output
    assert "Traceback" not in result.output


def test_hand_written_timeline_page_is_refused(make_site) -> None:
    result = build(make_site, **{"timeline.md": "# Timeline\n"})
    assert not result.ok
    assert ("docs/timeline.md: this page is generated from docs/timeline.yml at build time. "
            "Delete it and edit docs/timeline.yml instead") in result.output


def test_non_utf8_timeline_is_one_line(make_site, tmp_path) -> None:
    from conftest import run_build

    result = build(make_site)
    assert result.ok, result.output
    (result.docs_dir / "timeline.yml").write_bytes(b"events:\n  - id: x\xff\n")
    again = run_build(result.docs_dir.parent / "mkdocs.yml", tmp_path / "again")
    assert not again.ok
    assert "docs/timeline.yml: not UTF-8 text (byte 17). Save it as UTF-8" in again.output
    assert "Traceback" not in again.output


def test_site_without_timeline_file_has_no_timeline(make_site) -> None:
    result = make_site({"index.md": INDEX}, bib=bib_with("choe2019defensecosts"))
    assert result.ok, result.output
    assert not (result.site_dir / "timeline").exists()


def test_real_timeline_is_valid_and_describes_in_one_or_two_sentences() -> None:
    text = (ROOT / "docs" / "timeline.yml").read_text("utf-8")
    keys = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "refs.bib").read_text("utf-8"), re.M))
    pages = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").glob("*.md")]
    timeline = load_timeline(text, "docs/timeline.yml", cite_keys=keys, pages=pages)
    assert len(timeline.events) >= 30
    assert {e.date.year for e in timeline.events} >= set(range(2016, 2020)) | {2021}
    assert {e.track for e in timeline.events} == {"us-rok", "us-japan", "both"}
    assert sentence_problems({e.id: e.description for e in timeline.events}) == []
    assert sentence_problems({"a": "One. Two. Three.", "b": "No end", "c": "One! Two?"}) == [
        "a: 3 sentences", "b: 0 sentences"]


def span_problems(description: str, years: set[int]) -> list[str]:
    """The years the page's description gives ("2012 to 2021") against its events' years."""
    found = re.search(r"(\d{4}) to (\d{4})", description)
    if found is None:
        return ["the description gives no span of years"]
    given, actual = (int(found[1]), int(found[2])), (min(years), max(years))
    return [] if given == actual else [f"the description says {given[0]} to {given[1]}, the "
                                       f"events run from {actual[0]} to {actual[1]}"]


def test_the_page_s_description_spans_the_events_years() -> None:
    from explainer.timeline import DESCRIPTION
    text = (ROOT / "docs" / "timeline.yml").read_text("utf-8")
    years = {int(y) for y in re.findall(r"^    date: (\d{4})", text, re.M)}
    assert span_problems(DESCRIPTION, years) == []
    assert span_problems(DESCRIPTION, years - {2012}) == [
        "the description says 2012 to 2021, the events run from 2016 to 2021"]
