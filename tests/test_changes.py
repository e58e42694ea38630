"""docs/changes.yml and the Changes page (issue 24, corrections in the open): every bad input
fails with one line naming the file and its line; the page lists the changes newest first, each
linking to the section it changed; each changed page ends with a note per change, linking back,
its date in the page's language.

The checks of the built real site are `*_problems` functions, each also run on a copy of the
built page damaged in one place, where it must name that damage."""

from __future__ import annotations

import calendar
import copy
import json
import posixpath
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, bib_with, sentence_problems
from explainer.changes import (changes_markdown, check_sections, load_changes, page_notes,
                               section_titles)
from explainer.errors import SourceError
from explainer.i18n import FALLBACK

GOOD = """\
changes:
  - id: older
    date: 2026-12-01
    section: index.md
    what: The page now says *forced*.
    why: The article says "forcing".
  - id: first-of-the-day
    date: 2026-12-07
    section: trade.md#the-deal
    what: The table now cites the fact sheet.
    why: Footnote 8 ends the paragraph.
    commit: [d7da345, a5d675f]
  - id: second-of-the-day
    date: 2026-12-07
    kind: addition
    section: notes/glossary.md#sma
    what: An entry was added.
    why: The page uses the term.
    commit: "9375649"
"""
PAGES = ["index.md", "trade.md", "notes/glossary.md"]


def load(text: str = GOOD):
    return load_changes(text, "docs/changes.yml", pages=PAGES)


def test_changes_load_newest_first_one_date_in_file_order() -> None:
    changes = load()
    assert [c.id for c in changes.entries] == ["first-of-the-day", "second-of-the-day", "older"]
    first, second, older = changes.entries
    assert (first.page, first.anchor, first.kind, first.commits) == (
        "trade.md", "the-deal", "correction", ("d7da345", "a5d675f"))
    assert (second.kind, second.commits, second.section) == ("addition", ("9375649",),
                                                             "notes/glossary.md#sma")
    assert (older.anchor, older.section, older.date.words) == ("", "index.md", "December 1, 2026")
    assert [c.id for c in changes.on("trade.md")] == ["first-of-the-day"]


BAD = [
    ("impossible-date", GOOD.replace("2026-12-01", "2026-02-30"),
     "docs/changes.yml:3: date '2026-02-30' of change 'older' does not exist (February 2026 has "
     "28 days). Write the day of the change as YYYY-MM-DD (e.g. 2026-12-07)"),
    ("month-only", GOOD.replace("2026-12-01", "2026-12"),
     "docs/changes.yml:3: date '2026-12' of change 'older' is not a day. Write the day"),
    ("words", GOOD.replace("2026-12-01", "1 December 2026"),
     "docs/changes.yml:3: date '1 December 2026' of change 'older' is not a date. Write the day"),
    ("month-13", GOOD.replace("2026-12-01", "2026-13-01"),
     "docs/changes.yml:3: date '2026-13-01' of change 'older' has no month 13"),
    ("unknown-page", GOOD.replace("section: index.md", "section: indx.md"),
     "docs/changes.yml:4: unknown page 'indx.md' in change 'older'. Use a page path under docs/ "
     "(did you mean 'index.md'?)"),
    ("missing-why", GOOD.replace('    why: The article says "forcing".\n', ""),
     "docs/changes.yml:2: change 'older' has no why. Add `why:` with one or two sentences saying "
     "why (what the article says)"),
    ("missing-id", GOOD.replace("  - id: older\n    date", "  - date"),
     "docs/changes.yml:2: the change on line 2 has no `id:`. Add `id: a-short-name`"),
    ("unknown-key", GOOD.replace("    kind: addition", "    kinds: addition"),
     "docs/changes.yml:15: unknown field 'kinds'. Did you mean 'kind'?"),
    ("unknown-top-level-key", GOOD.replace("changes:", "corrections:"),
     "docs/changes.yml:1: unknown top-level key 'corrections'. The file holds only `changes:`"),
    ("unknown-kind", GOOD.replace("kind: addition", "kind: additon"),
     "docs/changes.yml:15: kind 'additon' of change 'second-of-the-day' is not one of "
     "correction, addition. Use one of them (did you mean 'addition'?)"),
    ("bad-commit", GOOD.replace("a5d675f]", "HEAD]"),
     "docs/changes.yml:12: commit 'HEAD' of change 'first-of-the-day' is not a commit hash"),
    ("digits-commit", GOOD.replace('"9375649"', "9375649"),
     "docs/changes.yml:19: `commit` of change 'second-of-the-day' must be text. Write the commit "
     "as text (quote it if needed)"),
    ("duplicate-id", GOOD.replace("id: older", "id: first-of-the-day"),
     "docs/changes.yml:7: duplicate id 'first-of-the-day' (also on line 2). Give each change its "
     "own id"),
    ("reserved-id", GOOD.replace("id: older", "id: changes-2026"),
     "docs/changes.yml:2: id 'changes-2026' is used by the Changes page itself."),
    ("citation", GOOD.replace("The page now says", "The page [@wei2020america] now says"),
     "docs/changes.yml:5: the what of change 'older' contains a citation."),
    ("html", GOOD.replace("*forced*", "<b>forced</b>"),
     "docs/changes.yml:5: the what of change 'older' contains '<' (HTML)."),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_changes_fail_with_one_clear_line(text: str, expected: str) -> None:
    with pytest.raises(SourceError) as caught:
        load(text)
    assert str(caught.value).startswith(expected), str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_field_still_in_english_in_a_translation_is_taken_as_it_comes() -> None:
    """tools.i18n writes an untranslated `what` wrapped for hooks/i18n.py: the loader takes it;
    any other HTML is refused (above)."""
    marked = GOOD.replace("what: The table now cites the fact sheet.",
                          "what: '" + FALLBACK.format("The table now cites the fact sheet.") + "'")
    assert load(marked).entries[0].what == FALLBACK.format("The table now cites the fact sheet.")


def test_section_titles_are_the_heading_or_the_heading_before() -> None:
    page = ('<h1 id="t">Trade</h1><h2 id="the-deal">The deal<a class="headerlink" href="#">¶</a>'
            '</h2><ol><li id="event">x</li></ol><p id="p">y</p>')
    assert section_titles(page, {"the-deal", "event", "t", "gone"}) == {
        "the-deal": "The deal", "event": "The deal", "t": "Trade"}


def test_an_anchor_the_built_page_lacks_is_one_line_per_change() -> None:
    changes = load()
    titles = {"trade.md": {"the-deal": "The deal"}, "notes/glossary.md": {}}
    assert [str(p) for p in check_sections(changes, titles)] == [
        "docs/changes.yml:16: change 'second-of-the-day' names notes/glossary.md#sma, an anchor "
        "notes/glossary.md does not have. Use the anchor of the section it changed (its heading's "
        "permalink, or a Timeline event's id)"]
    assert check_sections(changes, {**titles, "notes/glossary.md": {"sma": "SMA"}}) == []


def test_the_page_groups_by_date_newest_first_each_entry_a_slot_for_its_link() -> None:
    text = changes_markdown(load(), repo_url="https://github.com/o/r/")
    assert text.index("## December 7, 2026 {#changes-2026-12-07}") < text.index(
        '<li id="first-of-the-day"') < text.index('<li id="second-of-the-day"') < text.index(
        "## December 1, 2026 {#changes-2026-12-01}") < text.index('<li id="older"')
    assert "Correction to <!-- slot:first-of-the-day -->" in text
    assert "Addition to <!-- slot:second-of-the-day -->" in text
    assert "Commits: [`d7da345`](https://github.com/o/r/commit/d7da345), [`a5d675f`]" in text
    assert "[its commits](https://github.com/o/r/commits)" in text
    assert "Commit" not in changes_markdown(load(), repo_url=None).split("## ", 1)[1]


def test_a_changed_page_ends_with_a_note_per_change_linking_its_entry() -> None:
    changes = load()
    assert page_notes(changes, "trade.md") == (
        "\n\n[Corrected on December 7, 2026](changes.md#first-of-the-day): The table now cites "
        "the fact sheet.\n{: .page-change .no-glossary data-search-exclude }\n")
    assert page_notes(changes, "notes/glossary.md").startswith(
        "\n\n[Added on December 7, 2026](../changes.md#second-of-the-day)")
    assert page_notes(changes, "about.md") == ""


def test_the_real_changes_load_and_say_what_in_one_sentence_and_why_in_one_or_two() -> None:
    pages = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").glob("*.md")]
    changes = load_changes((ROOT / "docs" / "changes.yml").read_text("utf-8"),
                           "docs/changes.yml", pages=pages + ["glossary.md", "timeline.md"])
    assert len(changes.entries) >= 10
    whats = {c.id: c.what for c in changes.entries}
    assert [f"{name}: {n} sentences" for name, n in
            ((k, len(re.findall(r"[.!?](?:\s|$)", v))) for k, v in whats.items()) if n != 1] == []
    assert sentence_problems({c.id: c.why for c in changes.entries}) == []
    assert sentence_problems({"run-on": "One. Two. Three."}) == ["run-on: 3 sentences"]


# A fixture site built with the real hooks -------------------------------------------------------

INDEX = """\
# Home

Wei describes the deal [@wei2020america].

## The deal

The two governments agree.
"""
CHANGES = """\
changes:
  - id: deal-cited
    date: 2026-12-07
    section: index.md#the-deal
    what: The deal is now cited.
    why: The article tells it.
  - id: older
    date: 2026-12-01
    section: index.md
    what: The page was added.
    why: It was missing.
"""


def build(make_site, changes: str = CHANGES):
    return make_site({"index.md": INDEX, "changes.yml": changes}, bib=bib_with())


def test_fixture_site_builds_the_changes_page_and_the_notes(make_site) -> None:
    result = build(make_site)
    assert result.ok, result.output
    page = BeautifulSoup(result.html("changes/index.html"), "html.parser").select_one("article")
    assert [li["id"] for li in page.select("ul.changes > li")] == ["deal-cited", "older"]
    assert [a["href"] for a in page.select("ul.changes > li > p:first-child a")] == [
        "../#the-deal", "../"]
    assert page.select_one("#deal-cited a").get_text() == "Home › The deal"
    home = BeautifulSoup(result.html(), "html.parser")
    assert [(a["href"], a.get_text()) for a in home.select("p.page-change a")] == [
        ("changes/#deal-cited", "Corrected on December 7, 2026"),
        ("changes/#older", "Corrected on December 1, 2026")]
    assert not (result.site_dir / "changes.yml").exists(), "the data file is not published"


@pytest.mark.parametrize("changes, expected", [
    (CHANGES.replace("index.md#the-deal", "index.md#the-dael"),
     "docs/changes.yml:4: change 'deal-cited' names index.md#the-dael, an anchor index.md does "
     "not have. Use the anchor of the section it changed (its heading's permalink, or a Timeline "
     "event's id)"),
    (CHANGES.replace("2026-12-07", "2026-12-32"),
     "docs/changes.yml:3: date '2026-12-32' of change 'deal-cited' does not exist (December "
     "2026 has 31 days). Write the day of the change as YYYY-MM-DD (e.g. 2026-12-07)"),
], ids=["unknown-anchor", "bad-date"])
def test_bad_changes_stop_the_build_with_their_line(make_site, changes, expected) -> None:
    result = build(make_site, changes)
    assert not result.ok
    assert expected in result.output.splitlines(), result.output
    assert "Traceback" not in result.output


# The real site ----------------------------------------------------------------------------------


def data() -> list[dict]:
    return yaml.load((ROOT / "docs" / "changes.yml").read_text("utf-8"),
                     Loader=yaml.BaseLoader)["changes"]


def built(page: str) -> str:
    """docs/ page -> its built file ("index.md" -> "index.html", "trade.md" ->
    "trade/index.html")."""
    name = page.removesuffix(".md")
    return "index.html" if name == "index" else f"{name}/index.html"


def page_problems(html: str, entries: list[dict], read: callable) -> list[str]:
    """The Changes page lists every entry once, newest first (one date's in the file's order),
    under its date's heading, each linking to its page and anchor; `read("trade/index.html")`
    gives a built page (None: none), which must have the anchor."""
    root = BeautifulSoup(html, "html.parser").select_one("article")
    shown = [li["id"] for li in root.select("ul.changes > li")]
    order = [e["id"] for _, e in sorted(enumerate(entries), key=lambda p: (p[1]["date"], -p[0]),
                                        reverse=True)]
    problems = [] if shown == order else [f"entries shown {shown}, expected {order}"]
    for entry in entries:
        li = root.find("li", id=entry["id"])
        if li is None:
            continue
        heading = li.find_parent("ul").find_previous_sibling("h2")
        if heading is None or heading.get("id") != f"changes-{entry['date']}":
            problems.append(f"{entry['id']}: not under the heading of {entry['date']}")
        link = li.select_one("p a")
        page, _, anchor = entry["section"].partition("#")
        target = posixpath.normpath(posixpath.join("changes", link["href"].partition("#")[0]))
        if (target, link["href"].partition("#")[2]) != (posixpath.dirname(built(page)) or ".",
                                                       anchor):
            problems.append(f"{entry['id']}: links to {link['href']}, not {entry['section']}")
            continue
        found = read(built(page))
        if found is None or (anchor and f'id="{anchor}"' not in found):
            problems.append(f"{entry['id']}: {entry['section']} is not on the built site")
    return problems


def note_problems(read: callable, entries: list[dict], date_words: dict[str, str]) -> list[str]:
    """Each changed page ends (before its notes) with one note per change, newest first, saying
    the date in the page's language and linking to the entry."""
    problems = []
    for page in sorted({e["section"].partition("#")[0] for e in entries}):
        soup = BeautifulSoup(read(built(page)), "html.parser")
        notes = soup.select("article p.page-change")
        expected = [e for _, e in sorted(enumerate(entries), key=lambda p: (p[1]["date"], -p[0]),
                                         reverse=True) if e["section"].partition("#")[0] == page]
        got = [(a["href"].rpartition("#")[2], a.get_text()) for n in notes for a in n.select("a")]
        want = [(e["id"], date_words[e["date"]]) for e in expected]
        if [g[0] for g in got] != [w[0] for w in want]:
            problems.append(f"{page}: notes link {[g[0] for g in got]}, expected "
                            f"{[w[0] for w in want]}")
        problems += [f"{page}: note on {g[0]} says '{g[1]}', without '{w[1]}'"
                     for g, w in zip(got, want) if w[1] not in g[1]]
        footnotes = soup.select_one("article div.footnote")
        if notes and footnotes and notes[-1].sourceline > footnotes.sourceline:
            problems.append(f"{page}: notes after the footnotes")
    return problems


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return data()


def reader(site_dir):
    def read(path: str) -> str | None:
        file = site_dir / path
        return file.read_text("utf-8") if file.is_file() else None
    return read


def test_the_changes_page_lists_every_change_and_links_its_section(site, entries) -> None:
    assert page_problems(site.html("changes/index.html"), entries,
                         reader(site.site_dir)) == []


def test_a_change_out_of_order_missing_or_misdirected_is_reported(site, entries) -> None:
    html = site.html("changes/index.html")
    soup = BeautifulSoup(html, "html.parser")
    first, second = soup.select("ul.changes > li")[:2]
    first.insert_before(copy.copy(second))
    second.decompose()
    assert page_problems(str(soup), entries, reader(site.site_dir))[0].startswith(
        "entries shown ")
    gone = dict(entries[0], section=entries[0]["section"].partition("#")[0] + "#not-there")
    assert f"{gone['id']}: links to" in page_problems(html, [gone], reader(site.site_dir))[-1]
    soup = BeautifulSoup(html, "html.parser")
    soup.find(id=entries[0]["id"]).select_one("p a")["href"] = "../about/"
    assert any(p.startswith(f"{entries[0]['id']}: links to ../about/")
               for p in page_problems(str(soup), entries, reader(site.site_dir)))


DATES = {"en": "{month} {day}, {year}", "ko": "{year}년 {m}월 {day}일",
         "ja": "{year}年{m}月{day}日"}


def words(lang: str, iso: str) -> str:
    """A date as the Timeline writes it in `lang` (site.po's "{month:name} {day}, {year}")."""
    year, month, day = (int(n) for n in iso.split("-"))
    return DATES[lang].format(year=year, m=month, day=day, month=calendar.month_name[month])


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_each_changed_page_ends_with_its_notes_dated_in_its_language(site, entries, lang):
    built_site = site.languages[lang]
    dates = {e["date"]: words(lang, e["date"]) for e in entries}
    assert note_problems(reader(built_site.site_dir), entries, dates) == []


def test_a_missing_note_or_a_date_in_another_language_is_reported(site, entries, tmp_path):
    en = site.site_dir
    page = entries[0]["section"].partition("#")[0]
    soup = BeautifulSoup((en / built(page)).read_text("utf-8"), "html.parser")
    soup.select("article p.page-change")[0].decompose()

    def read(path: str) -> str:
        return str(soup) if path == built(page) else (en / path).read_text("utf-8")

    dates = {e["date"]: words("en", e["date"]) for e in entries}
    assert note_problems(read, entries, dates)[0].startswith(f"{page}: notes link ")
    ko_dates = {e["date"]: words("ko", e["date"]) for e in entries}
    assert any(f"without '{ko_dates[entries[0]['date']]}'" in problem
               for problem in note_problems(reader(en), entries, ko_dates))


def fallback_problems(html: str, entries: list[dict]) -> list[str]:
    """On a translated Changes page, a `what` shown in English (not yet translated) is a
    paragraph marked lang="en" and labelled as not yet translated (hooks/i18n.py), never left
    looking like a translation."""
    def letters(text: str) -> str:
        return re.sub(r"\W", "", text)

    problems = []
    soup = BeautifulSoup(html, "html.parser")
    for entry in entries:
        li = soup.find("li", id=entry["id"])
        what = li.find_all("p", recursive=False)[1]
        label = what.select_one(".i18n-label")
        shown = what.get_text().replace(label.get_text(), "", 1) if label else what.get_text()
        if letters(shown) == letters(entry["what"]) and (what.get("lang") != "en" or not label):
            problems.append(f"{entry['id']}: shown in English, unmarked")
    return problems


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_a_change_not_yet_translated_is_shown_in_english_marked(site, entries, lang) -> None:
    assert fallback_problems(site.languages[lang].html("changes/index.html"), entries) == []


def test_a_change_in_english_unmarked_is_reported(site, entries) -> None:
    html = site.languages["ko"].html("changes/index.html")
    soup = BeautifulSoup(html, "html.parser")
    what = soup.find("li", id=entries[0]["id"]).find_all("p", recursive=False)[1]
    if what.get("lang") == "en":  # still untranslated: remove its marks
        what.select_one(".i18n-label").decompose()
        del what["lang"]
    else:  # translated: put the English back, unmarked
        what.string = entries[0]["what"]
    assert fallback_problems(str(soup), entries) == [f"{entries[0]['id']}: shown in English, "
                                                     "unmarked"]
    assert fallback_problems(site.html("changes/index.html"), entries[:1]) == [
        f"{entries[0]['id']}: shown in English, unmarked"]  # the English page, of course


def search_problems(index: dict, labels: list[str]) -> list[str]:
    """The Changes page and the notes stay out of the search index (`labels`: the notes' words,
    "Corrected on"): they are about this site, not the article, and every page's first load
    downloads the index (with them it grew by 6 to 8 KB gzipped per language)."""
    return [f"{doc['location']}: in the search index" for doc in index["docs"]
            if doc["location"].startswith("changes/") or any(w in doc["text"] for w in labels)]


def test_the_changes_and_the_notes_are_not_in_the_search_index(site) -> None:
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text("utf-8"))
    assert search_problems(index, ["Corrected on", "Added on"]) == []
    index["docs"] += [{"location": "changes/", "text": "x"},
                      {"location": "trade/#x", "text": "<p>Corrected on December 7, 2026</p>"}]
    assert search_problems(index, ["Corrected on"]) == ["changes/: in the search index",
                                                        "trade/#x: in the search index"]
