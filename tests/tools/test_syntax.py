"""The pre-commit syntax check (`python -m tools.syntax FILE...`, tools/syntax.py):
one line per problem and exit 1, never a traceback; the project's own YAML files pass.
tests/tools/test_workflows.py runs it as pre-commit does, on a YAML and a BibTeX syntax error."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from tools.syntax import check_file

TIMELINE = """\
events:
  - id: sma-signed
    date: 2019-02
    track: us-rok
"""


def run(tmp_path, name: str, text: str) -> subprocess.CompletedProcess:
    (tmp_path / name).write_text(text, "utf-8")
    return subprocess.run([sys.executable, "-m", "tools.syntax", name], cwd=tmp_path,
                          text=True, capture_output=True, check=False,
                          env={"PYTHONPATH": f"{ROOT / 'hooks'}:{ROOT}", "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("value", ["2019-02-30", "2019-13-01", "2019-02-28 25:00:00"])
def test_a_value_yaml_cannot_construct_is_no_traceback(tmp_path, value: str) -> None:
    """The syntax check composes the YAML: an impossible date is valid YAML syntax, left to the
    file's own rules (the build says "date '2019-02-30' ... does not exist")."""
    result = run(tmp_path, "timeline.yml", TIMELINE.replace("2019-02", value))
    assert "Traceback" not in result.stderr, result.stderr
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize("text, expected", [
    ("terms:\n  - term: A\n    definition: a.\nterms:\n  - term: B\n    definition: b.\n",
     "data.yml:4: key 'terms' given twice in one mapping (first on line 1): keep one: YAML would "
     "silently keep only the last"),
    (TIMELINE + "    track: both\n",
     "data.yml:5: key 'track' given twice in one mapping (first on line 4)"),
    ("a:\n  b: {x: 1, x: 2}\n  b: 3\n",
     "data.yml:2: key 'x' given twice in one mapping (first on line 2)"),
    ("site_name: A\nnav: [a.md]\nsite_name: B\n",
     "data.yml:3: key 'site_name' given twice in one mapping (first on line 1)"),
])
def test_a_key_given_twice_fails_with_its_line(tmp_path, text: str, expected: str) -> None:
    result = run(tmp_path, "data.yml", text)
    assert result.returncode == 1 and result.stderr == ""
    assert result.stdout.startswith(expected)
    assert len(result.stdout.splitlines()) == 1


def test_mkdocs_tags_and_merge_keys_pass(tmp_path) -> None:
    text = ("site_url: !ENV [SITE_URL, 'https://x.test/']\nbase: &base {a: 1}\n"
            "other:\n  <<: *base\n  b: 2\n"
            "emoji: !!python/name:material.extensions.emoji.twemoji\n")
    assert check_file(_write(tmp_path, "mkdocs.yml", text), "mkdocs.yml") == []


def test_every_yaml_file_of_the_project_passes() -> None:
    listed = subprocess.run(["git", "ls-files", "*.yml", "*.yaml"], cwd=ROOT, text=True,
                            capture_output=True, check=True).stdout.split()
    assert "docs/timeline.yml" in listed and "mkdocs.yml" in listed
    problems = [str(p) for name in listed for p in check_file(ROOT / name, name)]
    assert problems == []


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path
