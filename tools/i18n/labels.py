"""The site's own labels: i18n/templates/site.pot, extracted from the code that writes them.

A label is an English string literal in a call of `_()` or `N_()` (explainer.i18n), found by an
AST walk of hooks/ and tools/i18n/ (no GNU xgettext: Python's own parser reads Python), with an
optional second argument, its msgctxt ("date", "list", "unit"...). mkdocs.yml's own labels
(site_name, site_description, site_author, copyright, the navigation's titles, the palette
toggle's names) are added from the file, as explainer.i18n.config_labels lists them, since the
translated build translates them through the same catalog. Each unit has its `#:` location; a
unit with placeholders says in a `#.` comment how to keep them.
"""

from __future__ import annotations

import ast
from pathlib import Path

from translate.storage import po

from explainer.i18n import config_labels
from explainer.siteconfig import read_config

# Data -------------------------------------------------------------------------------------------

MARKERS = {"_", "N_"}
SOURCES = ("hooks", "tools/i18n")
PLACEHOLDER_NOTE = ("Keep every {name} as it is (str.format fields); in dates {month} is the "
                    "month's number, {month:name} its English name.")


def code_labels(root: Path) -> list[tuple[str, str, str]]:
    """(msgctxt, msgid, location) of every marked literal, in file and line order."""
    found = []
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            rel = path.relative_to(root).as_posix()
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in MARKERS and node.args):
                    continue
                args = [*node.args, *(k.value for k in node.keywords if k.arg == "context")]
                if not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                           for a in args[:2]):
                    continue  # `_(THEMES[t])`: the value was marked where it is defined
                context = args[1].value if len(args) > 1 else ""
                found.append((node.lineno, rel, context, args[0].value))
    found.sort(key=lambda f: (f[1], f[0]))
    return [(context, msgid, f"{rel}:{lineno}") for lineno, rel, context, msgid in found]


def mkdocs_labels(root: Path) -> list[tuple[str, str, str]]:
    """(msgctxt, msgid, location) of mkdocs.yml's labels."""
    path = root / "mkdocs.yml"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for where, text in config_labels(read_config(path)):
        starts = {"nav": f"- {text}:", "theme.palette": f"name: {text}"}.get(where, f"{where}:")
        lineno = next((i for i, ln in enumerate(lines, 1) if ln.strip().startswith(starts)), None)
        found.append(("", text, f"mkdocs.yml:{lineno}" if lineno else "mkdocs.yml"))
    return found


def template(root: Path, store: po.pofile) -> po.pofile:
    """site.pot's units added to an empty store: one per (msgctxt, msgid), every location."""
    units: dict[tuple[str, str], po.pounit] = {}
    for context, msgid, location in code_labels(root) + mkdocs_labels(root):
        if not msgid:
            continue
        unit = units.get((context, msgid))
        if unit is None:
            unit = units[(context, msgid)] = store.addsourceunit(msgid)
            if context:
                unit.setcontext(context)
            if "{" in msgid:
                unit.addnote(PLACEHOLDER_NOTE, origin="developer")
        unit.addlocation(location)
    return store
