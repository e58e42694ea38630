"""The lock: requirements.txt pins, with hashes, every package requirements.in names."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT
from tools.lock import direct_requirements, lock_problems, locked_pins

IN_TEXT = (ROOT / "requirements.in").read_text(encoding="utf-8")
LOCK_TEXT = (ROOT / "requirements.txt").read_text(encoding="utf-8")


def test_every_direct_requirement_is_locked_with_hashes():
    assert direct_requirements(IN_TEXT), "requirements.in names no package"
    assert lock_problems(IN_TEXT, LOCK_TEXT) == []


def pin_problems(lock_text: str) -> list[str]:
    """Every requirement line of the lock an exact pin with hashes (pip --require-hashes refuses
    the whole file otherwise; this says which line), and mkdocs below 2."""
    pins = locked_pins(lock_text)
    problems = []
    mkdocs = pins.get("mkdocs", ("none", 0))[0]
    if not mkdocs.startswith("1."):
        problems.append(f"mkdocs must stay below 2, the lock has {mkdocs}")
    problems += [f"{name}=={version} has no hash" for name, (version, hashes) in pins.items()
                 if hashes == 0]
    problems += [f"not an exact pin: {line}" for line in lock_text.splitlines()
                 if re.match(r"^[A-Za-z]", line) and "==" not in line]
    return problems


def index_problems(lock_text: str) -> list[str]:
    """`make lock` ignores machine-wide pip settings; a lock naming a local folder or another
    index fails elsewhere."""
    return [f"machine-specific option: {line.strip()}" for line in lock_text.splitlines()
            if re.match(r"^\s*--(extra-index-url|index-url|find-links)", line)]


def test_every_pin_of_the_lock_is_exact_and_hashed():
    assert pin_problems(LOCK_TEXT) == []


def test_a_lock_with_an_unhashed_loose_or_too_new_pin_is_reported():
    # The real lock, with the hashes of babel (a dependency of a dependency) cut off, a loose
    # requirement added, and mkdocs moved to 2.
    version = locked_pins(LOCK_TEXT)["babel"][0]
    unhashed = re.sub(r"(?m)^(babel==\S+) \\\n(    --hash=\S+ \\\n)*    --hash=\S+\n", r"\1\n",
                      LOCK_TEXT)
    assert unhashed != LOCK_TEXT
    assert pin_problems(unhashed) == [f"babel=={version} has no hash"]
    loose = LOCK_TEXT + "requests>=2 \\\n    --hash=sha256:" + "d" * 64 + "\n"
    assert pin_problems(loose) == ["not an exact pin: requests>=2 \\"]
    newer = re.sub(r"(?m)^mkdocs==1\.\S+", "mkdocs==2.0.0", LOCK_TEXT)
    assert pin_problems(newer) == ["mkdocs must stay below 2, the lock has 2.0.0"]


def test_the_lock_names_no_machine_specific_index():
    assert index_problems(LOCK_TEXT) == []
    local = "--find-links file:///opt/pypi/simple/\n--extra-index-url https://e.org/simple\n" + \
        LOCK_TEXT
    assert index_problems(local) == [
        "machine-specific option: --find-links file:///opt/pypi/simple/",
        "machine-specific option: --extra-index-url https://e.org/simple"]


def test_a_package_missing_from_the_lock_fails_with_its_line():
    in_text = "mkdocs>=1.6,<2\n\n# tools\nCodeSpell[toml]>=2  # spelling\n"
    lock = "mkdocs==1.6.1 \\\n    --hash=sha256:" + "a" * 64 + "\n    # via -r requirements.in\n"
    assert lock_problems(in_text, lock) == [
        "requirements.in:4: 'codespell' is not pinned in requirements.txt: run `make lock` and "
        "commit both files"]


def test_a_pin_without_hash_fails():
    assert lock_problems("Jinja2\n", "jinja2==3.1.6\n") == [
        "requirements.txt: 'jinja2==3.1.6' has no sha256 hash: run `make lock` "
        "(pip-compile --generate-hashes)"]


def test_names_compare_as_pip_compares_them():
    # pip-compile writes "pyyaml", requirements.in may say "PyYAML"; "pypandoc_binary" is
    # "pypandoc-binary".
    lock = "pyyaml==6.0.4 \\\n    --hash=sha256:" + "b" * 64 + "\npypandoc-binary==1.17 \\\n" \
           "    --hash=sha256:" + "c" * 64 + "\n"
    assert lock_problems("PyYAML>=6\npypandoc_binary\n", lock) == []


def undeclared_imports(sources: dict[str, str], in_text: str) -> list[str]:
    """Third-party modules that the build or a tool imports (also inside functions) whose
    distribution requirements.in does not name: installed today only as another package's
    dependency, they could vanish with its next release (lint.py's pathspec did)."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    from packaging.utils import canonicalize_name

    local = {"explainer", "tools", "conftest", "sites", "checks", "broken_site"}
    local |= {Path(name).stem for name in sources}
    distributions = packages_distributions()
    declared = set(direct_requirements(in_text))
    problems = []
    for name, source in sources.items():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                tops = [node.module.split(".")[0]]
            else:
                continue
            for top in tops:
                if top in sys.stdlib_module_names or top in local or top == "__future__":
                    continue
                dists = {canonicalize_name(d) for d in distributions.get(top, [top])}
                if not dists & declared:
                    problems.append(f"{name}:{node.lineno}: imports {top} ({', '.join(sorted(dists))}"
                                    "), which requirements.in does not name")
    return problems


def code_sources(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): path.read_text("utf-8")
            for folder in ("hooks", "tools") for path in sorted((root / folder).rglob("*.py"))}


def test_every_third_party_import_of_the_build_and_tools_is_declared():
    assert undeclared_imports(code_sources(ROOT), IN_TEXT) == []


def test_an_import_that_only_another_package_brings_fails():
    without = "\n".join(line for line in IN_TEXT.splitlines() if not line.startswith("packaging"))
    assert undeclared_imports(code_sources(ROOT), without) == [
        "tools/lock.py:13: imports packaging (packaging), which requirements.in does not name",
        "tools/lock.py:14: imports packaging (packaging), which requirements.in does not name"]


# The ProperDocs lock (`make properdocs-diff`) -----------------------------------------------------

PD_IN = (ROOT / "requirements-properdocs.in").read_text(encoding="utf-8")
PD_LOCK = (ROOT / "requirements-properdocs.txt").read_text(encoding="utf-8")


def version_problems(lock_text: str, site_lock_text: str) -> list[str]:
    """Every package both locks pin at the same version: the comparison measures the engine
    (MkDocs or ProperDocs), nothing else. requirements-properdocs.in takes requirements.txt as
    constraints (`-c`), so `make lock` keeps them equal."""
    site = locked_pins(site_lock_text)
    return [f"{name}=={version} in requirements-properdocs.txt, {site[name][0]} in "
            "requirements.txt: run `make lock`" for name, (version, _) in
            locked_pins(lock_text).items() if name in site and site[name][0] != version]


def test_the_properdocs_lock_is_hashed_and_at_the_site_lock_s_versions():
    assert "properdocs" in direct_requirements(PD_IN)
    assert lock_problems(PD_IN, PD_LOCK, "requirements-properdocs.in",
                         "requirements-properdocs.txt") == []
    assert pin_problems(PD_LOCK) == [] and index_problems(PD_LOCK) == []
    assert version_problems(PD_LOCK, LOCK_TEXT) == []
    older = re.sub(r"(?m)^mkdocs-material==\S+", "mkdocs-material==9.7.0", PD_LOCK)
    assert version_problems(older, LOCK_TEXT) == [
        f"mkdocs-material==9.7.0 in requirements-properdocs.txt, "
        f"{locked_pins(LOCK_TEXT)['mkdocs-material'][0]} in requirements.txt: run `make lock`"]
