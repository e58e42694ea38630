"""The Jinja bytecode cache (explainer.template_cache, hooks/template_cache.py): templates are
compiled once, an edited template or another kind of environment is never served old code, a
damaged or unwritable cache is a miss, and a build from the cache is the same site."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import jinja2
import pytest

from conftest import ROOT, run_build
from explainer import template_cache


@pytest.fixture(autouse=True)
def _fresh_memory():
    template_cache.clear_memory()
    yield
    template_cache.clear_memory()


def environment(templates: Path, **options) -> tuple[jinja2.Environment, list[str]]:
    """A new environment (as MkDocs makes one per build) that records what it compiles."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), **options)
    compiled: list[str] = []
    compile_ = env.compile

    def counting(source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_(source, name, filename, *args, **kwargs)

    env.compile = counting
    return env, compiled


def render(env: jinja2.Environment, store: Path, name: str = "page.html") -> str:
    template_cache.install(env, store)
    return env.get_template(name).render(title="T")


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("<h1>{{ title }}</h1>", "utf-8")
    return folder


def test_a_template_is_compiled_once_per_process_and_once_per_store(tmp_path, templates):
    store = tmp_path / "cache"
    env, compiled = environment(templates)
    assert render(env, store) == "<h1>T</h1>" and compiled == ["page.html"]
    env, compiled = environment(templates)  # the next build of `mkdocs serve`
    assert render(env, store) == "<h1>T</h1>" and compiled == []
    template_cache.clear_memory()  # a new `mkdocs build` process
    env, compiled = environment(templates)
    assert render(env, store) == "<h1>T</h1>" and compiled == []
    assert len(list(store.glob("*.cache"))) == 1


def test_an_edited_template_is_compiled_again(tmp_path, templates):
    store = tmp_path / "cache"
    render(environment(templates)[0], store)
    (templates / "page.html").write_text("<h2>{{ title }}</h2>", "utf-8")
    env, compiled = environment(templates)  # the memory holds the old code
    assert render(env, store) == "<h2>T</h2>" and compiled == ["page.html"]
    (templates / "page.html").write_text("<h3>{{ title }}</h3>", "utf-8")
    template_cache.clear_memory()  # the store holds the old code
    env, compiled = environment(templates)
    assert render(env, store) == "<h3>T</h3>" and compiled == ["page.html"]


def test_another_kind_of_environment_never_takes_the_code_and_drops_the_old_files(tmp_path,
                                                                                  templates):
    store = tmp_path / "cache"
    render(environment(templates)[0], store)
    env, compiled = environment(templates, trim_blocks=True)
    assert render(env, store) == "<h1>T</h1>" and compiled == ["page.html"]
    assert len(list(store.glob("*.cache"))) == 1  # the other environment's file is gone


def test_a_damaged_or_unwritable_store_is_a_miss_never_an_error(tmp_path, templates):
    store = tmp_path / "cache"
    render(environment(templates)[0], store)
    for cached in store.glob("*.cache"):
        cached.write_bytes(b"\x00not bytecode")
    template_cache.clear_memory()
    env, compiled = environment(templates)
    assert render(env, store) == "<h1>T</h1>" and compiled == ["page.html"]

    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would go", "utf-8")
    template_cache.clear_memory()
    env, compiled = environment(templates)
    assert render(env, blocked / "cache") == "<h1>T</h1>" and compiled == ["page.html"]


def test_a_build_from_the_cache_is_the_same_site(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "site", ".cache", ".pytest_cache", "tests"))
    first = run_build(project / "mkdocs.yml", tmp_path / "first")
    assert first.error is None
    assert list((project / template_cache.STORE).glob("*.cache"))
    template_cache.clear_memory()  # as a new process: the templates come from the files
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    jinja2.Environment.compile = counting
    try:
        second = run_build(project / "mkdocs.yml", tmp_path / "second")
    finally:
        jinja2.Environment.compile = original
    assert second.error is None
    # Every template comes from the cache: the pages' and the language partials Material's
    # search plugin compiles in environments of its own, before on_env.
    assert compiled == []
    comparison = filecmp.dircmp(tmp_path / "first", tmp_path / "second")
    assert _differences(comparison) == []


def _differences(comparison: filecmp.dircmp) -> list[str]:
    found = comparison.left_only + comparison.right_only + comparison.diff_files
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found
