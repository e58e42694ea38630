"""Contributor data files (YAML) read with the line of every value, so that every problem a
contributor can fix is one `SourceError` line: "docs/x.yml:12: problem. fix".

Shared by every data file of the site: a mapping holding one list of entries
(`docs/glossary.yml`'s `terms:`, `docs/timeline.yml`'s `events:`, `docs/charts.yml`'s `charts:`),
or the list itself (`docs/source-notes.yml`). Also the one check of a citation key
(`check_cite_key`, `unknown_key`: "Closest keys: ..."), for the files' `cite:` fields and the
pages' `[@key]` (explainer.bibliography). No MkDocs imports; PyYAML only.

What fails here, the same way for every file: a YAML syntax error (with the line where the parser
gave up, via `explainer.errors.yaml_error`), a file that is not a mapping with the one list, an
unknown top-level key, the list's key given twice, an empty list, an item that is not a mapping,
an unknown field (with the closest field), a field given twice in one entry, a key given twice
in a mapping inside a value (PyYAML would keep the last of each repeated key silently), and a
value PyYAML cannot construct: a YAML tag (`!foo`), an impossible date (`2020-13-45`). Fields
named `raw` are kept as the text written (a date such as `2019-02-30` or `2019-13` is then checked
by the file's own rules, with a message about dates rather than about YAML).
"""

from __future__ import annotations

import difflib
from contextlib import AbstractContextManager
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import yaml

from explainer.errors import SourceError, yaml_error
from explainer.mdtext import ID, ID_FIX

YAML_FIX = "Fix the indentation, quoting or colons there"
_STANDARD_TAG = "tag:yaml.org,2002:"  # the tags YAML resolves itself (str, int, timestamp, ...)


@dataclass(frozen=True)
class Field:
    """One value of an entry: what PyYAML made of it, its line, and its node (for the lines of
    the items of a list or the fields of a nested mapping)."""

    value: object
    line: int
    node: yaml.Node


@dataclass(frozen=True)
class EntryList:
    """How a data file holds its entries: `what` must be a mapping with one `key:` list, and each
    item is a mapping starting with the field `first` (`terms:` / `- term: ...`)."""

    what: str  # "the glossary"
    key: str | None  # "terms"; None: the file is the list itself (docs/source-notes.yml)
    noun: str  # "term"
    first: str  # "term"
    item_fix: str  # how to write one item, e.g. "Write `- term: NAME` followed by ..."


class YamlData(AbstractContextManager):
    """A YAML text as a node tree (every value keeps its line) and the loader that constructs
    values from it; raise SourceError on a syntax error."""

    def __init__(self, text: str, path: str, *, fix: str = YAML_FIX) -> None:
        self.path = path
        self.loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # libyaml: 5x faster
        try:
            self.root: yaml.Node | None = self.loader.get_single_node()
        except yaml.YAMLError as exc:
            self.loader.dispose()
            raise yaml_error(exc, path, fix) from None

    def __exit__(self, *exc) -> None:  # `with YamlData(...) as data:` (__enter__: the base's)
        self.loader.dispose()

    def entries(self, spec: EntryList) -> list[yaml.MappingNode]:
        """The items of the file's one list (`terms:`), each checked to be a mapping."""
        root, path = self.root, self.path
        if spec.key is None:
            if not isinstance(root, yaml.SequenceNode) or not root.value:
                raise SourceError(path, line(root) if root else None, f"{spec.what} must be a "
                                  "non-empty list", f"List one `- {spec.first}: ...` mapping "
                                  f"per {spec.noun}")
            return self._mappings(root.value, spec)
        if not isinstance(root, yaml.MappingNode):
            raise SourceError(path, line(root) if root else None,
                              f"{spec.what} must be a mapping with a `{spec.key}:` list",
                              f"Start the file with `{spec.key}:` and list one mapping per "
                              f"{spec.noun} under it")
        items, first = None, None
        for key, value in root.value:
            if _name(key) != spec.key:
                raise SourceError(path, line(key), f"unknown top-level key {_name(key)!r}",
                                  f"The file holds only `{spec.key}:`")
            if first is not None:  # PyYAML would keep the second list and drop the first
                raise SourceError(path, line(key), f"`{spec.key}:` given twice (first on line "
                                  f"{line(first)})", f"Keep one `{spec.key}:` and list every "
                                  f"{spec.noun} under it")
            items, first = value, key
        if not isinstance(items, yaml.SequenceNode) or not items.value:
            raise SourceError(path, line(items) if items else line(root),
                              f"`{spec.key}:` must be a non-empty list",
                              f"Add one `- {spec.first}: ...` mapping per {spec.noun}")
        return self._mappings(items.value, spec)

    def _mappings(self, items: list[yaml.Node], spec: EntryList) -> list[yaml.MappingNode]:
        for item in items:
            if not isinstance(item, yaml.MappingNode):
                where = f"under `{spec.key}:`" if spec.key else f"of {spec.what}"
                raise SourceError(self.path, line(item), f"each item {where} must be a mapping",
                                  spec.item_fix)
        return items

    def fields(self, node: yaml.MappingNode, allowed: Sequence[str], *, first: str,
               raw: Collection[str] = (), nested: Collection[str] = ()) -> dict[str, Field]:
        """The fields of one mapping, by name; each unknown, repeated or unreadable one fails
        with its line. Fields in `raw` keep the scalar text as written (never a YAML date);
        fields in `nested` are left as nodes (value None), for the caller to read item by
        item with their own lines."""
        found: dict[str, Field] = {}
        for key_node, value_node in node.value:
            name = _name(key_node)
            if name not in allowed:
                hint = difflib.get_close_matches(str(name), allowed, n=1)
                raise SourceError(self.path, line(key_node), f"unknown field {name!r}",
                                  f"Did you mean {hint[0]!r}?" if hint
                                  else f"Use only: {', '.join(allowed)}")
            if name in found:
                raise SourceError(self.path, line(key_node), f"field {name!r} given twice in one "
                                  f"entry", f"Keep one; a second entry needs its own `- {first}:`")
            if name in nested:
                value = None
            elif name in raw and isinstance(value_node, yaml.ScalarNode) \
                    and value_node.tag.startswith(_STANDARD_TAG):  # not `!foo`: reported below
                value = value_node.value or None
            else:
                value = self.construct(value_node, name)
            found[name] = Field(value, line(value_node), value_node)
        return found

    def construct(self, node: yaml.Node, name: str) -> object:
        """The Python value of `node`; a YAML tag, an impossible date or a key given twice in
        a mapping inside it fails with its line."""
        check_repeated(node, self.path, repr(name))
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:  # e.g. `!tag`, or a date like 2020-13-45
            reason = getattr(exc, "problem", None) or str(exc)
            raise SourceError(self.path, line(node), f"unreadable value for {name!r} ({reason})",
                              "Write it as plain text in quotes") from None


def _name(key: yaml.Node) -> str:
    """A mapping key as a contributor wrote it; a key that is a list or a mapping (`? [a, b]`)
    is named by its line, never passed on as a node."""
    if isinstance(key, yaml.ScalarNode):
        return key.value
    return f"the {'list' if isinstance(key, yaml.SequenceNode) else 'mapping'} used as a key"


def line(node: yaml.Node) -> int:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1


def check_repeated(node: yaml.Node | None, path: str, where: str = "one mapping") -> None:
    """SourceError at the first key (in the file's order) written twice in one mapping anywhere
    under `node` (`where` names it): PyYAML keeps the last value of a repeated key without a
    word. Keys are compared as written (`<<` merge keys are YAML's)."""
    found: list[tuple[yaml.Node, yaml.Node]] = []
    seen: set[int] = set()  # anchors and aliases can make the tree a graph
    todo = [node] if node is not None else []
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            keys: dict[tuple[str, str], yaml.Node] = {}
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    if (key.tag, key.value) in keys:
                        found.append((key, keys[key.tag, key.value]))
                    keys.setdefault((key.tag, key.value), key)
                todo += [key, value]
        elif isinstance(current, yaml.SequenceNode):
            todo += current.value
    if found:
        second, first = min(found, key=lambda pair: pair[0].start_mark.index)
        raise SourceError(path, line(second), f"key {second.value!r} given twice in {where} "
                          f"(first on line {line(first)})",
                          "Keep one: YAML would silently keep only the last")


def text(field: Field, name: str, path: str, label: str) -> tuple[str, int]:
    """A non-empty string, whitespace collapsed (as YAML's folded `>-` text would be)."""
    raw = field.value
    if not isinstance(raw, str) or not raw.strip():
        problem = "is empty" if raw is None or isinstance(raw, str) else "must be text"
        raise SourceError(path, field.line, f"`{name}` of {label} {problem}",
                          f"Write the {name.replace('_', ' ')} as text (quote it if needed)")
    return " ".join(raw.split()), field.line


def texts(field: Field, name: str, path: str, label: str) -> list[tuple[str, int]]:
    """A text, or a non-empty list of texts, each with its line (`text`)."""
    if isinstance(field.value, list):
        if not field.value:
            raise SourceError(path, field.line, f"`{name}` of {label} is empty",
                              f"List at least one {name}")
        return [text(Field(item, line(node), node), name, path, label)
                for item, node in zip(field.value, field.node.value)]
    return [text(field, name, path, label)]


def entry_id(values: dict[str, Field], line: int, path: str, kind: str, page: str,
             example: str) -> tuple[str, int]:
    """The `id:` of the `kind` ("event", "change") starting on `line`, an anchor on `page`:
    present, text, and a valid anchor (`explainer.mdtext.ID`); with its line."""
    if "id" not in values:
        raise SourceError(path, line, f"the {kind} on line {line} has no `id:`",
                          f"Add `id: a-short-name` (its anchor on the {page} page)")
    value, id_line = text(values["id"], "id", path, f"the {kind} on line {line}")
    if not ID.match(value):
        raise SourceError(path, id_line, f"id {value!r} is not a valid anchor",
                          f"{ID_FIX} (e.g. {example})")
    return value, id_line


def suggest(fix: str, value: str, choices: Collection[str]) -> str:
    """`fix`, with the closest of `choices` to `value` if one is close."""
    close = difflib.get_close_matches(value, sorted(choices), n=1)
    return f"{fix} (did you mean {close[0]!r}?)" if close else fix


# Citation keys: a data file's `cite:`, and a page's `[@key]` (explainer.bibliography) ---------


def unknown_key(key: str, keys: Collection[str], path: str, line: int | None,
                label: str = "") -> SourceError:
    """The one message for a citation key refs.bib lacks, in a page or a data file: the
    closest keys (in any case), and what to do. `label` names what cites it ("event 'x'")."""
    lowered = {k.lower(): k for k in sorted(keys)}
    near = [lowered[k] for k in difflib.get_close_matches(key.lower(), lowered, n=3, cutoff=0.5)]
    hint = f"Closest keys: {', '.join(near)}" if near else "No similar key in refs.bib"
    where = f" in {label}" if label else ""
    return SourceError(path, line, f"unknown citation key {key!r}{where}",
                       f"{hint}. Add the source to refs.bib or correct the key")


def check_cite_key(key: str, keys: Collection[str] | None, path: str, line: int | None,
                   label: str) -> str:
    """A key of a data file's `cite:` (a leading "@" dropped), checked against refs.bib's
    `keys` (None: no bibliography configured); SourceError otherwise."""
    key = key.lstrip("@")
    if keys is None:
        raise SourceError(path, line, f"{label} cites {key!r} but no bibliography is configured",
                          "Configure the bibtex plugin in mkdocs.yml, or remove the citation")
    if key not in keys:
        raise unknown_key(key, keys, path, line, label)
    return key
