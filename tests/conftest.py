"""Shared fixtures: build the real site once, and build tiny fixture sites in a temporary folder.

The real site is what `make build` makes: English, then every translation (each mkdocs.LANG.yml)
into its LANG/ folder, so the checks of the built site (links, HTML, page weight) see every
language and the language selector's links resolve. All go through MkDocs' own `load_config(...)` + `build.build(...)`, as MkDocs' tests do, so the
hooks, plugins and strict mode are exactly those of `mkdocs build --strict`.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import config_options, load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass
class BuildResult:
    site_dir: Path
    docs_dir: Path
    error: str | None = None
    records: list[logging.LogRecord] = field(default_factory=list)
    config: MkDocsConfig | None = None  # as loaded (site_url, site_name, theme.language)
    # The real site's translations, by language code ("ko": its build into site_dir/ko).
    translations: dict[str, BuildResult] = field(default_factory=dict)

    @property
    def languages(self) -> dict[str, BuildResult]:
        """This build and its translations, by language code ("en" first)."""
        return {"en": self, **self.translations}

    def pages(self, pattern: str = "*.html") -> list[Path]:
        """The built files of this language matching `pattern`, without the translations'
        folders (site_dir/LANG/)."""
        return sorted(p for p in self.site_dir.rglob(pattern)
                      if p.relative_to(self.site_dir).parts[0] not in self.translations)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def warnings(self) -> list[str]:
        """Warnings and errors logged under `mkdocs.` (what strict mode counts and prints)."""
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]

    @property
    def output(self) -> str:
        """Everything a contributor would read on the terminal: logged problems, then the error."""
        return "\n".join([*self.warnings, self.error or ""])

    def html(self, page: str = "index.html") -> str:
        return (self.site_dir / page).read_text(encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def run_build(config_file: Path, site_dir: Path, **overrides) -> BuildResult:
    """Build like `mkdocs build --strict`; never raises for a failed build, returns the error."""
    # MkDocs keeps plugin objects that have on_startup between loads (for `serve`); mkdocs-bibtex
    # then keeps the previous build's refs.bib. Each build here must start afresh.
    for _, option in MkDocsConfig._schema:
        if isinstance(option, config_options.Plugins):
            option.plugin_cache.clear()
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    cfg = None
    try:
        cfg = load_config(str(config_file), site_dir=str(site_dir), strict=True, **overrides)
        build(cfg)
        error = None
    except (Abort, MkDocsException, SystemExit) as exc:  # what the CLI would print
        error = str(exc)
    finally:
        logger.removeHandler(handler)
        if cfg is not None:
            cfg.plugins.on_shutdown()
    docs_dir = Path(cfg["docs_dir"]) if cfg is not None else config_file.parent / "docs"
    return BuildResult(site_dir=site_dir, docs_dir=docs_dir, error=error, records=handler.records,
                       config=cfg)


THEMED = ["index", "trade", "cost-sharing", "impacts", "autonomy", "conclusion"]
# The translations, as `make build` finds them: one mkdocs.LANG.yml each.
LANGS = sorted(p.name.split(".")[1] for p in ROOT.glob("mkdocs.*.yml"))


def build_without_hook(site_dir: Path, hook: str) -> BuildResult:
    """The real site, translations included, built into `site_dir` without the hook file named
    `hook` (say "inline_skip.py"), to compare with the `site` fixture."""
    hooks = [h for h in real_config()["hooks"] if not h.endswith(hook)]
    result = run_build(ROOT / "mkdocs.yml", site_dir, hooks=hooks)
    assert result.ok, result.error
    for lang in LANGS:
        docs = site_dir.parent / f"{site_dir.name}-docs-{lang}"
        translated = build_translation(site_dir, lang, docs, hooks=hooks)
        assert translated.ok, translated.error
    return result


def differing_files(one: Path, other: Path) -> list[str]:
    """Files of two built sites whose bytes differ, or that only one of them has."""
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    names = files(one) | files(other)
    return sorted(n for n in names if not (one / n).is_file() or not (other / n).is_file()
                  or (one / n).read_bytes() != (other / n).read_bytes())


def page_file(name: str) -> str:
    """The built file of a page, from its name ("index" is the home page)."""
    return "index.html" if name == "index" else f"{name}/index.html"


def bib_with(*keys: str) -> str:
    """The real refs.bib cut down to the article and some entries, so that a fixture page can
    cite all it holds (a fixture page must cite the article too: hooks/cite_this_page.py needs
    its entry, and an uncited entry fails the strict build)."""
    keys = ("wei2020america", *keys)
    entries = re.split(r"\n(?=@)", (ROOT / "refs.bib").read_text("utf-8"))
    return "\n".join(e for e in entries if re.match(r"@\w+\{(%s)," % "|".join(keys), e))


def real_config() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def sentence_problems(texts: dict[str, str]) -> list[str]:
    """Texts (by name) that are not one or two sentences (glossary definitions, timeline
    descriptions: CONTRIBUTING.md's rule for both)."""
    counts = {name: len(re.findall(r"[.!?](?:\s|$)", text)) for name, text in texts.items()}
    return [f"{name}: {n} sentences" for name, n in counts.items() if not 1 <= n <= 2]


def instant_theme() -> dict:
    """The real site's theme with Material's instant navigation on (mkdocs.yml leaves it off for
    first-load speed): the site's scripts must keep working with it."""
    theme = real_config()["theme"]
    theme["features"] = [*theme.get("features", []), "navigation.instant"]
    if "custom_dir" in theme:
        theme["custom_dir"] = str(ROOT / theme["custom_dir"])
    return theme


def build_translation(site_dir: Path, lang: str, docs_dir: Path, project: Path = ROOT,
                      **overrides) -> BuildResult:
    """One translation as `make build` makes it: `tools.i18n docs LANG` (from `project`'s docs/
    and i18n/, into `docs_dir`, not .cache/i18n/), then mkdocs.LANG.yml built into
    site_dir/LANG (`overrides` as run_build's)."""
    from tools.i18n import catalogs, render

    render.write_docs(catalogs.Project(project), lang, docs_dir)
    return run_build(ROOT / f"mkdocs.{lang}.yml", site_dir / lang, docs_dir=str(docs_dir),
                     **overrides)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuildResult:
    """The real site, built once per test session into a temporary folder: English, then each
    translation into its LANG/ folder (`site.translations[LANG]`), as `make build` does."""
    result = run_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site"))
    assert result.ok, f"the real site does not build: {result.error}\n" + "\n".join(result.warnings)
    for lang in LANGS:
        docs = tmp_path_factory.mktemp(f"docs-{lang}")
        translated = build_translation(result.site_dir, lang, docs)
        assert translated.ok, (f"the {lang} site does not build: {translated.error}\n"
                               + "\n".join(translated.warnings))
        result.translations[lang] = translated
    return result


@pytest.fixture(scope="session")
def multilingual_site(site) -> BuildResult:
    """The real site in every language, as `make build` lays it out (the `site` fixture builds
    the translations into its LANG/ folders)."""
    return site


def build_fixture_site(tmp_path: Path, files: dict[str, str], *, bib: str | None = None,
                       config: dict | None = None,
                       root_files: dict[str, str] | None = None) -> BuildResult:
    """The body of `make_site`, callable from fixtures of any scope (the browser tests build
    their broken fixture sites once per session): builds into tmp_path/project and tmp_path/site."""
    project = tmp_path / "project"
    docs = project / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):  # an image, say
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    for name, text in (root_files or {}).items():
        (project / name).write_text(textwrap.dedent(text), encoding="utf-8")
    bib_path = project / "refs.bib"
    bib_path.write_text(bib if bib is not None else (ROOT / "refs.bib").read_text("utf-8"),
                        encoding="utf-8")
    cfg = real_config()
    cfg.pop("nav", None)
    # Fixture pages are short and have no front matter: the front matter check (tested on its
    # own in test_page_meta.py, which passes the hook list explicitly) would refuse them.
    cfg["hooks"] = [str(ROOT / h) for h in cfg.get("hooks", []) if h != "hooks/page_meta.py"]
    if "custom_dir" in cfg["theme"]:
        cfg["theme"]["custom_dir"] = str(ROOT / cfg["theme"]["custom_dir"])
    cfg["extra_css"] = []
    cfg["extra"].pop("print_css", None)  # overrides/main.html links these (the real site's)
    cfg["extra"].pop("alternate", None)  # the language selector: a fixture site has no ko/, ja/
    for plugin in cfg["plugins"]:
        if isinstance(plugin, dict) and "bibtex" in plugin:
            plugin["bibtex"]["bib_file"] = str(bib_path)
    for key, value in (config or {}).items():
        cfg[key] = value
    # Every page's link preview shows the site's card image (hooks/link_previews.py): a fixture
    # site gets the real one, unless the test gives its own.
    card = ((cfg.get("extra") or {}).get("link_preview") or {}).get("image")
    if isinstance(card, str) and card not in files and (ROOT / "docs" / card).is_file():
        (docs / card).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "docs" / card, docs / card)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), "utf-8")
    return run_build(project / "mkdocs.yml", tmp_path / "site")


@pytest.fixture
def make_site(tmp_path):
    """Build a tiny site with the real theme, plugins and hooks.

    make_site({"index.md": "..."}, bib="@book{...}", config={...}) -> BuildResult
    `files` maps paths under docs/ to text (dedented) or bytes (the site's link-preview card is
    copied in unless `files` has its own); `bib` replaces refs.bib (default: the real one);
    `root_files` maps paths beside mkdocs.yml to text; `config` updates mkdocs.yml.
    """
    return functools.partial(build_fixture_site, tmp_path)
