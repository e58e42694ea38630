"""docs/source-notes.yml: what does not add up in a source as the article cites it.

The article's footnotes are kept as printed (NOTES.md: never silently "fix" a citation); each
note here tells readers what disagrees. The About page lists the notes, and the References page
shows each under its source.

The file is a list of `- key: ...` / `note: ...` mappings, read by `explainer.datafile` like the
other data files: a field given twice, an unknown field, a YAML tag or a value that is not text
is one `SourceError` line with its line. An empty file holds no notes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import yaml

from explainer.datafile import EntryList, YamlData, check_cite_key, text
from explainer.datafile import line as node_line
from explainer.errors import SourceError

FIX = "Each item needs 'key' (a refs.bib key) and 'note' (Markdown text); see CONTRIBUTING.md"
FIELDS = ("key", "note")

_FILE = EntryList(what="the source notes", key=None, noun="note", first="key",
                  item_fix="Write `- key: a refs.bib key` followed by `note: ...`")


@dataclass(frozen=True)
class SourceNote:
    key: str
    note: str
    line: int


def load_source_notes(text_: str, path: str, known_keys: Collection[str]) -> list[SourceNote]:
    """Parse and validate the notes; raise SourceError with the line of the first problem."""
    notes: list[SourceNote] = []
    with YamlData(text_, path, fix=FIX) as data:
        if data.root is None or (isinstance(data.root, yaml.SequenceNode) and not data.root.value):
            return notes
        for node in data.entries(_FILE):
            entry_line = node_line(node)
            values = data.fields(node, FIELDS, first="key")
            if "key" not in values:
                raise SourceError(path, entry_line, f"the note on line {entry_line} has no "
                                  "`key:`", FIX)
            key, key_line = text(values["key"], "key", path, f"the note on line {entry_line}")
            key = check_cite_key(key, known_keys, path, key_line,
                                 f"the note on line {entry_line}")
            label = f"the note on {key!r}"
            if "note" not in values:
                raise SourceError(path, entry_line, f"{label} has no `note:`", FIX)
            note, _ = text(values["note"], "note", path, label)
            earlier = next((n for n in notes if n.key == key), None)
            if earlier is not None:
                raise SourceError(path, entry_line, f"second note on {key!r} (first on line "
                                  f"{earlier.line})", "Keep one note per source: merge the two")
            notes.append(SourceNote(key, note, entry_line))
    return notes
