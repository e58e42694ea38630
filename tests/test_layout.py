"""The two kinds of code and the direction between them (ARCHITECTURE.md, "Bird's-eye view"):

- hooks/ holds what `mkdocs build` runs: the hook files and, in hooks/explainer/, the logic
  they use. hooks/explainer/ imports nothing from MkDocs except generated_page.py, the glue the
  hooks share, so the tests and the tools use it without MkDocs' API.
- tools/ holds the programs that `make` runs beside the build. A tool may import the build's
  logic; nothing under hooks/ imports a tool, no file under hooks/ is a command-line program,
  and the Makefile runs no module of hooks/ except through MkDocs.
- tests/tools/ mirrors tools/: every tool is imported by a test there.

Read from the source: every `import`, also inside functions, followed through explainer's own
modules. Each rule is a *_problems function, run on the real tree and on fixture trees.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

MKDOCS = {"mkdocs", "material"}
ALLOWED = {"generated_page"}  # the MkDocs glue the hooks share (CONTRIBUTING.md names it)


def imports(source: str, package: str = "explainer") -> set[str]:
    """Every module a source imports, relative imports named inside `package`."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level and node.module:  # from .errors import x
                names.add(f"{package}.{node.module}")
            elif node.level:  # from . import x
                names |= {f"{package}.{alias.name}" for alias in node.names}
            elif node.module in ("explainer", "tools"):  # from explainer import x
                names |= {f"{node.module}.{alias.name}" for alias in node.names}
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


def python_files(root: Path, folder: str) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): path.read_text("utf-8")
            for path in sorted((root / folder).rglob("*.py"))}


def wrong_way_imports(root: Path) -> list[str]:
    """Files under hooks/ that import a tool."""
    return [f"{name}: imports {module}, a tool (tools/ may import hooks/explainer/, not back)"
            for name, source in python_files(root, "hooks").items()
            for module in sorted(imports(source))
            if module == "tools" or module.startswith("tools.")]


def command_line_programs(root: Path) -> list[str]:
    """Files under hooks/ with a `if __name__ == "__main__":` block."""
    problems = []
    for name, source in python_files(root, "hooks").items():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
                problems.append(f"{name}:{node.lineno}: a command-line program under hooks/; "
                                "move it to tools/")
    return problems


def makefile_modules(makefile: str) -> list[str]:
    """The modules the Makefile runs with `-m`, the TOOL variable's package expanded."""
    tool = re.search(r"^TOOL\s*:=.*-m\s+(\S+)", makefile, re.M)
    text = makefile.replace("$(TOOL)", f"-m {tool.group(1)}" if tool else "-m ?")
    return re.findall(r"-m\s+([A-Za-z_][\w.]*)", text)


def makefile_problems(root: Path) -> list[str]:
    """A module of hooks/ run by the Makefile other than through MkDocs, or a PYTHONPATH
    without tools/' folder."""
    makefile = (root / "Makefile").read_text("utf-8")
    build = {path.stem for path in (root / "hooks").glob("*.py")} | {"explainer"}
    return [f"Makefile runs -m {module}: a module of hooks/ (run tools/ modules; hooks run "
            "only through mkdocs)" for module in makefile_modules(makefile)
            if module.split(".")[0] in build]


def unmirrored_tools(root: Path) -> list[str]:
    """Tools that no test under tests/tools/ imports."""
    tested: set[str] = set()
    for source in python_files(root, "tests/tools").values():
        tested |= {module.split(".")[1] for module in imports(source, "tools")
                   if module.startswith("tools.")}
    # A tool is a module of tools/ or a package in it (tools/editions/: its modules count as one).
    tools = {}
    for name in python_files(root, "tools"):
        parts = Path(name).relative_to("tools").parts
        tools[parts[0].removesuffix(".py")] = name if len(parts) == 1 else f"tools/{parts[0]}/"
    return [f"{path}: no test under tests/tools/ imports it" for name, path in sorted(tools.items())
            if name not in ("__init__", "__main__") and name not in tested]


def layout_problems(root: Path) -> list[str]:
    return [*wrong_way_imports(root), *command_line_programs(root), *makefile_problems(root),
            *unmirrored_tools(root)]


# The real tree ----------------------------------------------------------------------------------

def test_the_real_tree_keeps_the_layout() -> None:
    assert (ROOT / "tools" / "check.py").is_file() and (ROOT / "hooks" / "citations.py").is_file()
    assert layout_problems(ROOT) == []


def test_explainer_imports_nothing_from_mkdocs_except_the_named_modules() -> None:
    explainer = ROOT / "hooks" / "explainer"
    modules = {path.stem: imports(path.read_text("utf-8")) for path in explainer.glob("*.py")}
    assert {"errors", "datafile", "glossary", "timeline", "charts"} <= set(modules)
    found = mkdocs_importers(modules)
    assert {name: how for name, how in found.items() if name not in ALLOWED} == {}
    assert set(found) == ALLOWED, "a module named in CONTRIBUTING.md no longer needs MkDocs"


# Each rule shown failing on a fixture tree -------------------------------------------------------

def fixture_tree(tmp_path: Path, files: dict[str, str]) -> Path:
    base = {"hooks/citations.py": "from explainer import bibliography\n",
            "hooks/explainer/bibliography.py": "import re\n",
            "tools/__init__.py": "",
            "tools/linkcheck.py": "from explainer.errors import SourceError\n",
            "tests/tools/test_linkcheck.py": "from tools.linkcheck import check_site\n",
            "Makefile": "TOOL := PYTHONPATH=hooks:. $(BIN)/python -m tools\n"
                        "linkcheck:\n\t$(TOOL).linkcheck site\n"}
    for name, text in {**base, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return tmp_path


def test_the_fixture_tree_itself_passes(tmp_path: Path) -> None:
    assert layout_problems(fixture_tree(tmp_path, {})) == []


def test_a_hook_or_its_logic_importing_a_tool_fails(tmp_path: Path) -> None:
    root = fixture_tree(tmp_path, {
        "hooks/explainer/bibliography.py": "def f():\n    from tools.linkcheck import x\n",
        "hooks/glossary.py": "from tools import lint\n"})
    assert layout_problems(root) == [
        "hooks/explainer/bibliography.py: imports tools.linkcheck, a tool (tools/ may import "
        "hooks/explainer/, not back)",
        "hooks/glossary.py: imports tools.lint, a tool (tools/ may import hooks/explainer/, "
        "not back)"]


def test_a_command_line_program_under_hooks_fails(tmp_path: Path) -> None:
    root = fixture_tree(tmp_path, {
        "hooks/explainer/bibliography.py": "import sys\n\nif __name__ == '__main__':\n    pass\n"})
    assert layout_problems(root) == [
        "hooks/explainer/bibliography.py:3: a command-line program under hooks/; move it to tools/"]


def test_the_makefile_running_a_module_of_hooks_fails(tmp_path: Path) -> None:
    root = fixture_tree(tmp_path, {"Makefile": "TOOL := PYTHONPATH=hooks $(BIN)/python -m explainer\n"
                                               "x:\n\t$(TOOL).linkcheck site\n"
                                               "\tpython -m citations\n"})
    assert layout_problems(root) == [
        "Makefile runs -m explainer: a module of hooks/ (run tools/ modules; hooks run only "
        "through mkdocs)",
        "Makefile runs -m explainer.linkcheck: a module of hooks/ (run tools/ modules; hooks run "
        "only through mkdocs)",
        "Makefile runs -m citations: a module of hooks/ (run tools/ modules; hooks run only "
        "through mkdocs)"]


def test_a_tool_without_a_test_under_tests_tools_fails(tmp_path: Path) -> None:
    root = fixture_tree(tmp_path, {"tools/summary.py": "from tools import linkcheck\n"})
    assert layout_problems(root) == ["tools/summary.py: no test under tests/tools/ imports it"]


def test_a_tool_package_counts_as_one_tool(tmp_path: Path) -> None:
    package = {"tools/editions/__init__.py": "", "tools/editions/pdf.py": "import re\n",
               "tools/editions/check.py": "import re\n"}
    assert layout_problems(fixture_tree(tmp_path / "a", package)) == [
        "tools/editions/: no test under tests/tools/ imports it"]
    tested = {**package, "tests/tools/test_editions.py": "from tools.editions import check\n"}
    assert layout_problems(fixture_tree(tmp_path / "b", tested)) == []


def test_the_mkdocs_check_finds_an_import_inside_a_function_and_through_another_module() -> None:
    modules = {"errors": imports("def f():\n    from mkdocs.utils.meta import get_data\n"),
               "datafile": imports("from explainer.errors import SourceError\n"),
               "check": imports("from explainer import datafile, lint\n"),
               "review": imports("from .errors import SourceError\n"),
               "lint": imports("import yaml\n")}
    assert mkdocs_importers(modules) == {"errors": "mkdocs.utils.meta",
                                         "datafile": "mkdocs.utils.meta via errors",
                                         "check": "mkdocs.utils.meta via errors",
                                         "review": "mkdocs.utils.meta via errors"}
