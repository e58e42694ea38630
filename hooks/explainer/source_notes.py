"""docs/source-notes.yml: what does not add up in a source as the article cites it.

The article's footnotes are kept as printed (NOTES.md: never silently "fix" a citation); each
note here tells readers what disagrees. The About page lists the notes, and the References page
shows each under its source.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from explainer.errors import SourceError, yaml_error

FIX = "Each item needs 'key' (a refs.bib key) and 'note' (Markdown text); see CONTRIBUTING.md"


@dataclass(frozen=True)
class SourceNote:
    key: str
    note: str
    line: int


def load_source_notes(text: str, path: str, known_keys: set[str]) -> list[SourceNote]:
    """Parse and validate the notes; raise SourceError with the line of the first problem."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, path, FIX) from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise SourceError(path, root.start_mark.line + 1, "expected a list of notes", FIX)
    notes: list[SourceNote] = []
    for node in root.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise SourceError(path, line, "a note must be a mapping with 'key' and 'note'", FIX)
        item = {k.value: v for k, v in node.value}
        unknown = sorted(set(item) - {"key", "note"})
        if unknown:
            raise SourceError(path, line, f"unknown field(s) {', '.join(unknown)}", FIX)
        key = getattr(item.get("key"), "value", "")
        note = getattr(item.get("note"), "value", "")
        if not isinstance(key, str) or not key.strip():
            raise SourceError(path, line, "note without a 'key'", FIX)
        if key not in known_keys:
            raise SourceError(path, line, f"unknown refs.bib key '{key}'",
                              "Use a key of refs.bib, or add the source there first")
        if not isinstance(note, str) or not note.strip():
            raise SourceError(path, line, f"note for '{key}' is empty", FIX)
        if any(n.key == key for n in notes):
            raise SourceError(path, line, f"second note for '{key}'",
                              "Keep one note per source: merge the two")
        notes.append(SourceNote(key, " ".join(note.split()), line))
    return notes
