"""The dependency lock: every package that requirements.in names is pinned in requirements.txt.

requirements.txt is compiled from requirements.in by `make lock` (pip-tools, with hashes), and
`make` installs it with `pip install --require-hashes`. A package added to requirements.in but
not locked would make that install fail on the next machine; tests/tools/test_lock.py catches it first.
"""

from __future__ import annotations

import re

# Data -------------------------------------------------------------------------------------------

# `name`, `name[extra]`, then a version specifier, a marker or the end (PEP 508, simplified to
# what requirements.in holds: no URLs, no options).
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")

# Helper functions -------------------------------------------------------------------------------


def normalize(name: str) -> str:
    """PEP 503: names compare case-insensitively, with runs of -, _ and . alike."""
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_requirements(in_text: str) -> dict[str, int]:
    """Normalised name -> line, for every requirement of requirements.in."""
    names: dict[str, int] = {}
    for number, line in enumerate(in_text.splitlines(), 1):
        line = line.split("#", 1)[0]
        if not line.strip() or line.lstrip().startswith("-"):
            continue
        match = _REQUIREMENT.match(line)
        if match:
            names[normalize(match[1])] = number
    return names


def locked_pins(lock_text: str) -> dict[str, tuple[str, int]]:
    """Normalised name -> (version, number of sha256 hashes), for every pin of the lock."""
    pins: dict[str, tuple[str, int]] = {}
    # A pin and its `--hash` options are one logical line, continued with backslashes.
    for entry in re.split(r"\n(?=\S)", lock_text.replace("\\\n", " ")):
        match = _PIN.match(entry)
        if match:
            pins[normalize(match[1])] = (match[2], len(_HASH.findall(entry)))
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
