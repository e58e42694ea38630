"""The dependency lock: every package that requirements.in names is pinned in requirements.txt.

requirements.txt is compiled from requirements.in by `make lock` (pip-tools, with hashes), and
`make` installs it with `pip install --require-hashes`. A package added to requirements.in but
not locked would make that install fail on the next machine; tests/tools/test_lock.py catches it first.
requirements.in is read with `packaging` (PEP 508 requirements, PEP 503 names), as pip reads it.
"""

from __future__ import annotations

import re

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

# Data -------------------------------------------------------------------------------------------

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")

# Helper functions -------------------------------------------------------------------------------


def direct_requirements(in_text: str) -> dict[str, int]:
    """Normalised name (PEP 503) -> line, for every requirement (PEP 508) of requirements.in;
    options (`-c`, `-r`) and lines pip-compile would refuse are left to it."""
    names: dict[str, int] = {}
    for number, line in enumerate(in_text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            try:
                names[canonicalize_name(Requirement(line).name)] = number
            except InvalidRequirement:
                continue
    return names


def locked_pins(lock_text: str) -> dict[str, tuple[str, int]]:
    """Normalised name -> (version, number of sha256 hashes), for every pin of the lock."""
    pins: dict[str, tuple[str, int]] = {}
    # A pin and its `--hash` options are one logical line, continued with backslashes.
    for entry in re.split(r"\n(?=\S)", lock_text.replace("\\\n", " ")):
        match = _PIN.match(entry)
        if match:
            pins[canonicalize_name(match[1])] = (match[2], len(_HASH.findall(entry)))
    return pins


def lock_problems(in_text: str, lock_text: str, in_path: str = "requirements.in",
                  lock_path: str = "requirements.txt") -> list[str]:
    """One line per direct requirement that the lock does not pin with hashes."""
    pins = locked_pins(lock_text)
    problems = []
    for name, line in direct_requirements(in_text).items():
        if name not in pins:
            problems.append(f"{in_path}:{line}: '{name}' is not pinned in {lock_path}: run "
                            "`make lock` and commit both files")
        elif pins[name][1] == 0:
            problems.append(f"{lock_path}: '{name}=={pins[name][0]}' has no sha256 hash: run "
                            "`make lock` (pip-compile --generate-hashes)")
    return problems
