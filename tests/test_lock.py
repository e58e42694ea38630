"""The lock: requirements.txt pins, with hashes, every package requirements.in names."""

from __future__ import annotations

import re

from conftest import ROOT
from explainer.lock import direct_requirements, lock_problems, locked_pins

IN_TEXT = (ROOT / "requirements.in").read_text(encoding="utf-8")
LOCK_TEXT = (ROOT / "requirements.txt").read_text(encoding="utf-8")


def test_every_direct_requirement_is_locked_with_hashes():
    assert direct_requirements(IN_TEXT), "requirements.in names no package"
    assert lock_problems(IN_TEXT, LOCK_TEXT) == []


def test_every_pin_of_the_lock_is_exact_and_hashed():
    # pip --require-hashes refuses the whole file otherwise; this says which line.
    pins = locked_pins(LOCK_TEXT)
    assert "mkdocs" in pins and pins["mkdocs"][0].startswith("1."), "mkdocs must stay below 2"
    unhashed = sorted(name for name, (_, hashes) in pins.items() if hashes == 0)
    assert unhashed == []
    loose = [line for line in LOCK_TEXT.splitlines()
             if re.match(r"^[A-Za-z]", line) and "==" not in line]
    assert loose == []


def test_the_lock_names_no_machine_specific_index():
    # `make lock` ignores machine-wide pip settings; a lock naming a local folder fails elsewhere.
    assert not re.search(r"^\s*--(extra-index-url|index-url|find-links)", LOCK_TEXT, re.M)


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
