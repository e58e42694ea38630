"""hooks/explainer/ imports nothing from MkDocs (CONTRIBUTING.md, "Code") except the module
named there, generated_page.py: the tests and the command-line tools use the rest without
MkDocs' API. Read from the source: every `import`, also inside functions, followed through
explainer's own modules. (mkdocs-bibtex's `citation` module, whose grammar
explainer.bibliography uses, imports nothing from MkDocs; its package loads it.)"""

from __future__ import annotations

import ast

from conftest import ROOT

EXPLAINER = ROOT / "hooks" / "explainer"
MKDOCS = {"mkdocs", "material"}
ALLOWED = {"generated_page"}  # the MkDocs glue the hooks share (CONTRIBUTING.md names it)


def imports(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level and node.module:  # from .errors import x
                names.add(f"explainer.{node.module}")
            elif node.level or node.module == "explainer":  # from . / from explainer import x
                names |= {f"explainer.{alias.name}" for alias in node.names}
            elif node.module:
                names.add(node.module)
    return names


def mkdocs_importers(modules: dict[str, set[str]]) -> dict[str, str]:
    """module -> the MkDocs package it reaches (directly or through explainer's modules)."""
    found: dict[str, str] = {}
    for name in modules:
        todo, seen = [name], set()
        while todo and name not in found:
            current = todo.pop()
            seen.add(current)
            for imported in modules.get(current, ()):
                top = imported.split(".")[0]
                if top in MKDOCS:
                    found[name] = imported if current == name else f"{imported} via {current}"
                    break
                inner = imported.removeprefix("explainer.")
                if top == "explainer" and inner in modules and inner not in seen:
                    todo.append(inner)
    return found


def test_explainer_imports_nothing_from_mkdocs_except_the_named_modules() -> None:
    modules = {path.stem: imports(path.read_text("utf-8")) for path in EXPLAINER.glob("*.py")}
    assert {"errors", "datafile", "glossary", "timeline", "charts", "lint"} <= set(modules)
    found = mkdocs_importers(modules)
    assert {name: how for name, how in found.items() if name not in ALLOWED} == {}
    assert set(found) == ALLOWED, "a module named in CONTRIBUTING.md no longer needs MkDocs"


def test_the_check_finds_an_import_inside_a_function_and_through_another_module() -> None:
    modules = {"errors": imports("def f():\n    from mkdocs.utils.meta import get_data\n"),
               "datafile": imports("from explainer.errors import SourceError\n"),
               "check": imports("from explainer import datafile, lint\n"),
               "review": imports("from .errors import SourceError\n"),
               "lint": imports("import yaml\n")}
    assert mkdocs_importers(modules) == {"errors": "mkdocs.utils.meta",
                                         "datafile": "mkdocs.utils.meta via errors",
                                         "check": "mkdocs.utils.meta via errors",
                                         "review": "mkdocs.utils.meta via errors"}
