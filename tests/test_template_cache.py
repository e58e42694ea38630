"""Jinja's bytecode cache on the build's environment (hooks/template_cache.py): a build from the
cache compiles no page template and gives the same site, byte for byte; an edited template is
compiled again. Shown failing on a cache that ignores the template's source (a patched check)."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import jinja2.bccache
import pytest

from conftest import ROOT, differing_files, run_build


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(ROOT, folder, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "site", ".cache", ".pytest_cache", "tests"))
    return folder


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from their source."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        names.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def test_a_build_from_the_cache_compiles_no_page_template_and_is_the_same_site(
        tmp_path, project, compiled):
    first = run_build(project / "mkdocs.yml", tmp_path / "first")
    assert first.ok, first.error
    assert "main.html" in compiled
    assert list((project / ".cache" / "templates").glob("*.cache"))
    compiled.clear()
    second = run_build(project / "mkdocs.yml", tmp_path / "second")
    assert second.ok, second.error
    # The pages' templates come from the cache (Material's search plugin compiles its language
    # partials in environments of its own, before on_env, without it).
    assert [name for name in compiled if not name.startswith("partials/language")] == []
    assert differing_files(tmp_path / "first", tmp_path / "second") == []


def _edit_template_and_build(tmp_path: Path, project: Path) -> str:
    assert run_build(project / "mkdocs.yml", tmp_path / "first").ok
    main = project / "overrides" / "main.html"
    text = main.read_text("utf-8")
    end = text.rindex("{% endblock %}")  # inside the last block: a child template's only output
    main.write_text(f"{text[:end]}<!-- edited template -->{text[end:]}", "utf-8")
    again = run_build(project / "mkdocs.yml", tmp_path / "second")
    assert again.ok, again.error
    return again.html("index.html")


def test_an_edited_template_is_compiled_again(tmp_path, project):
    assert "<!-- edited template -->" in _edit_template_and_build(tmp_path, project)


def test_a_cache_blind_to_the_source_is_caught(tmp_path, project, monkeypatch):
    """The broken fixture: a bucket that never compares the source's digest serves the old
    code, and the edit is missing from the page."""
    monkeypatch.setattr(jinja2.bccache.Bucket, "load_bytecode", _load_without_checksum)
    assert "<!-- edited template -->" not in _edit_template_and_build(tmp_path, project)


def _load_without_checksum(self, f):
    import marshal
    import pickle
    if f.read(len(jinja2.bccache.bc_magic)) != jinja2.bccache.bc_magic:
        self.code = None
        return
    pickle.load(f)  # the source's digest, read and ignored
    self.code = marshal.load(f)
