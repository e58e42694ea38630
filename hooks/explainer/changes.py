"""The Changes page: the guide's changes of substance, from `docs/changes.yml`, and the note at
the foot of each page they touched ("Corrected on December 7, 2026: ...").

Pure logic behind `hooks/changes.py` (no MkDocs imports):

1. `load_changes` reads and validates the data file through `explainer.datafile` (every value
   keeps its line): a bad date, an unknown page, a missing or unknown field is one `SourceError`
   line naming the file, the line and the fix. Entries come out newest first, entries of one
   date in the file's order.
2. `section_titles` reads, from a rendered page, the title of the section each anchor lies in
   (its own heading, or the nearest heading before it: a Timeline event is in its year's
   section); `check_sections` reports an anchor the page does not have.
3. `changes_markdown` writes the page: an intro, then the entries grouped by date, each with the
   link to the section it changed (a slot, filled once the pages are rendered: "Trade › The
   March 2018 agreement"), what changed, why, and its commits. `page_notes` writes the notes at
   the foot of a corrected page, each linking to its entry. The page and the notes are kept out
   of the search index: they are about this site, and every first visit downloads the index.

In a translated build the data file comes from the catalogs (`tools.i18n`): a `what` or `why`
not yet translated arrives as the English wrapped in the fallback span (`explainer.i18n.FALLBACK`),
which hooks/i18n.py then marks; the loader accepts that one wrapper and no other HTML.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from itertools import groupby

from lxml import html as lxml_html

from explainer.datafile import EntryList, Field, YamlData, entry_id, suggest, text, texts
from explainer.errors import SourceError
from explainer.i18n import FALLBACK, N_, _, block_label
from explainer.mdtext import has_citation, slot
from explainer.timeline import HEADING, EventDate, parse_date

# Data -------------------------------------------------------------------------------------------

PAGE = "changes.md"
FIELDS = ("id", "date", "kind", "section", "what", "why", "commit")
REQUIRED = ("date", "section", "what", "why")
# What the foot of a changed page says, by kind (`kind:` is optional: a correction).
KINDS = {"correction": N_("Corrected on {date}"), "addition": N_("Added on {date}")}
DATE_PREFIX = "changes-"  # the date headings' ids: changes-2026-12-07
_RESERVED = {"changes", "cite-this-page"}
_COMMIT = re.compile(r"^[0-9a-f]{7,40}$")
_ENGLISH = re.compile("^" + re.escape(FALLBACK).replace(r"\{\}", "(.*)") + "$", re.S)
_PERMALINK = "ancestor::a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]"

DESCRIPTION = N_("The changes of substance made to this guide, newest first: corrections of a "
                 "fact, a citation or a quotation, and added sections, each with its reason.")
INTRO = (
    N_("The changes of substance made to this guide since it was first published, newest first: "
       "corrections of a fact, a citation or a quotation, and sections added. Each says what "
       "changed and why, and links to the section it changed, whose page ends with a note of "
       "it. Fixes of spelling, wording and layout are not listed."),
    N_("Every change, however small, is in the history of the repository: {commits}."),
)
COMMITS_LINK = N_("its commits")

_FILE = EntryList(what="the list of changes", key="changes", noun="change", first="id",
                  item_fix="Write `- id: a-short-name` followed by `date:`, `section:`, ...")
_REQUIRED_FIX = {
    "date": "Add `date:` as YYYY-MM-DD, the date of the change (its commit's)",
    "section": "Add `section: page.md#anchor`, the section the change touched",
    "what": "Add `what:` with one sentence saying what changed",
    "why": "Add `why:` with one or two sentences saying why (what the article says)",
}


@dataclass(frozen=True)
class Change:
    """One entry of docs/changes.yml, with the line of each field (for messages about it)."""

    id: str
    date: EventDate
    kind: str
    page: str
    anchor: str  # "" for the page as a whole
    what: str
    why: str
    commits: tuple[str, ...] = ()
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)

    @property
    def section(self) -> str:
        return f"{self.page}#{self.anchor}" if self.anchor else self.page


@dataclass(frozen=True)
class Changes:
    """Every change, newest first (one date's in the file's order), and the file's path."""

    path: str
    entries: tuple[Change, ...]

    def on(self, page: str) -> list[Change]:
        return [c for c in self.entries if c.page == page]


# Loading and validation -------------------------------------------------------------------------


def load_changes(text_: str, path: str, *, pages: Collection[str]) -> Changes:
    """Parse and validate the file; raise SourceError on the first problem. `pages`: the pages a
    change may name (paths under docs/, the generated Glossary and Timeline included)."""
    with YamlData(text_, path) as data:
        entries = [_change(data.fields(node, FIELDS, first="id", raw=("date",)),
                           node.start_mark.line + 1, path, pages)
                   for node in data.entries(_FILE)]
    seen: dict[str, Change] = {}
    for entry in entries:
        if entry.id in seen:
            raise SourceError(path, entry.lines["id"], f"duplicate id {entry.id!r} (also on line "
                              f"{seen[entry.id].line})", "Give each change its own id")
        seen[entry.id] = entry
    ordered = sorted(enumerate(entries), key=lambda pair: (pair[1].date.iso, -pair[0]),
                     reverse=True)
    return Changes(path, tuple(entry for _, entry in ordered))


def _change(values: dict[str, Field], line: int, path: str, pages: Collection[str]) -> Change:
    change_id, id_line = entry_id(values, line, path, "change", "Changes", "sma-definition")
    label = f"change {change_id!r}"
    if change_id in _RESERVED or change_id.startswith(DATE_PREFIX):
        raise SourceError(path, id_line, f"id {change_id!r} is used by the Changes page itself",
                          f"Choose another id (not starting with {DATE_PREFIX})")
    for name in REQUIRED:
        if name not in values:
            raise SourceError(path, line, f"{label} has no {name}", _REQUIRED_FIX[name])

    raw, date_line = values["date"].value, values["date"].line
    try:
        date = parse_date(raw if isinstance(raw, str) else "")
        if date.day is None:
            raise ValueError("is not a day")
    except ValueError as err:
        raise SourceError(path, date_line, f"date {raw!r} of {label} {err.args[0]}",
                          "Write the day of the change as YYYY-MM-DD (e.g. 2026-12-07)") from None

    kind = "correction"
    if "kind" in values:
        kind, kind_line = text(values["kind"], "kind", path, label)
        if kind not in KINDS:
            raise SourceError(path, kind_line, f"kind {kind!r} of {label} is not one of "
                              f"{', '.join(KINDS)}", suggest("Use one of them", kind, KINDS))

    section, section_line = text(values["section"], "section", path, label)
    page, _, anchor = section.removeprefix("docs/").partition("#")
    if page not in pages:
        raise SourceError(path, section_line, f"unknown page {page!r} in {label}",
                          suggest("Use a page path under docs/", page, pages))

    words = {}
    for name in ("what", "why"):
        words[name], where = text(values[name], name, path, label)
        found = _ENGLISH.match(words[name])
        if has_citation(words[name]):
            raise SourceError(path, where, f"the {name} of {label} contains a citation",
                              "Cite in the page itself; say here what changed in words")
        if "<" in (found[1] if found else words[name]):
            raise SourceError(path, where, f"the {name} of {label} contains '<' (HTML)",
                              "Write plain text; Markdown *emphasis* is fine")

    commits = []
    for commit, commit_line in texts(values["commit"], "commit", path, label) \
            if "commit" in values else []:
        if not _COMMIT.match(commit):
            raise SourceError(path, commit_line, f"commit {commit!r} of {label} is not a commit "
                              "hash", "Give its hash, at least 7 lower-case hex digits")
        commits.append(commit)

    return Change(id=change_id, date=date, kind=kind, page=page, anchor=anchor,
                  what=words["what"], why=words["why"], commits=tuple(commits), line=line,
                  lines={name: f.line for name, f in values.items()})


# The sections changes link to -------------------------------------------------------------------


def section_titles(html_text: str, anchors: Collection[str]) -> dict[str, str]:
    """anchor -> the title of the section it is in, for each of `anchors` the rendered page has:
    its heading's text if it is a heading, else that of the nearest heading before it."""
    root = lxml_html.fragment_fromstring(html_text or "<p></p>", create_parent="div")
    titles = {}
    for anchor in anchors:
        found = root.xpath("(.//*[@id=$id])[1]", id=anchor)
        if not found:
            continue
        node = found[0]
        heading = node if node.xpath(HEADING) else \
            next(iter(node.xpath(f"preceding::*[{HEADING}][1]")), None)
        words = heading.xpath(f".//text()[not({_PERMALINK})]") if heading is not None else []
        titles[anchor] = " ".join("".join(words).split())
    return titles


def check_sections(changes: Changes, titles: Mapping[str, Mapping[str, str]]) \
        -> list[SourceError]:
    """Each change's anchor must be on its page (`titles`: page -> `section_titles`)."""
    return [SourceError(changes.path, c.lines["section"], f"change {c.id!r} names {c.section}, "
                        f"an anchor {c.page} does not have", "Use the anchor of the section it "
                        "changed (its heading's permalink, or a Timeline event's id)")
            for c in changes.entries if c.anchor and c.anchor not in titles.get(c.page, {})]


# The page and the notes -------------------------------------------------------------------------


def changes_markdown(changes: Changes, *, repo_url: str | None = None) -> str:
    """The Changes page as Markdown: entries grouped by date, newest first. Each entry's link to
    the section it changed is a slot, filled once every page is rendered (its text is the
    section's title, and a References anchor exists only then, so MkDocs cannot check it:
    `check_sections` does, and the link check reads the built page)."""
    commits = f"[{_(COMMITS_LINK)}]({repo_url.rstrip('/')}/commits)" if repo_url else \
        _(COMMITS_LINK)
    lines = ["---", f"description: {json.dumps(_(DESCRIPTION), ensure_ascii=False)}",
             "search:", "  exclude: true", "---", "", f"# {_('Changes')}", "",
             block_label(INTRO[0]), "", block_label(INTRO[1]).format(commits=commits), ""]
    for iso, entries in groupby(changes.entries, lambda c: c.date.iso):
        entries = list(entries)
        lines += [f"## {entries[0].date.words} {{#{DATE_PREFIX}{iso}}}", "",
                  '<ul class="changes" markdown>']
        for c in entries:
            heading = _("Correction to {section}") if c.kind == "correction" else \
                _("Addition to {section}")
            lines += [f'<li id="{c.id}" markdown="block">', "",
                      f"**{heading.format(section=slot(c.id))}**", "", c.what, "",
                      _("Why: {why}").format(why=c.why), ""]
            if c.commits and repo_url:
                links = _(", ", "list").join(f"[`{sha}`]({repo_url.rstrip('/')}/commit/{sha})"
                                             for sha in c.commits)
                lines += [(_("Commit: {commits}") if len(c.commits) == 1 else
                           _("Commits: {commits}")).format(commits=links), ""]
            lines += ["</li>", ""]
        lines += ["</ul>", ""]
    return "\n".join(lines)


def page_notes(changes: Changes, page: str) -> str:
    """The Markdown that ends a changed page: one line per change, newest first, each linking
    to its entry on the Changes page; "" for a page no change touched."""
    link = posixpath.relpath(PAGE, posixpath.dirname(page) or ".")
    notes = [f"[{_(KINDS[c.kind]).format(date=c.date.words)}]({link}#{c.id}): {c.what}\n"
             "{: .page-change .no-glossary data-search-exclude }" for c in changes.on(page)]
    return "\n\n" + "\n\n".join(notes) + "\n" if notes else ""
