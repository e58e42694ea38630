"""axe-core over every XHTML document of the EPUB edition (tools/editions) of each language
(English, Korean, Japanese), opened from the unpacked package as application/xhtml+xml, as a
reading system built on a browser engine would. Shown failing on a document with an image
without alt text and an invalid language."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run_build
from explainer import editions as names
from tools.editions import __main__ as cli
from tools.i18n import catalogs, render

from .checks import axe_problems

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=["en", "ko", "ja"])
def unpacked(request, site, tmp_path_factory) -> Path:
    lang = request.param
    out = tmp_path_factory.mktemp(f"editions-{lang}")
    if lang == "en":
        cli.build(site.site_dir, out, ROOT / "mkdocs.yml", dict(os.environ))
    else:
        render.write_docs(catalogs.Project(ROOT), lang, out / "docs")
        config_file = ROOT / f"mkdocs.{lang}.yml"
        built = run_build(config_file, out / "site", docs_dir=str(out / "docs"))
        assert built.ok, built.error
        cli.build(built.site_dir, out, config_file, dict(os.environ))
    folder = tmp_path_factory.mktemp("epub")
    with zipfile.ZipFile(out / names.files(lang)[1][1]) as zf:
        zf.extractall(folder)
    return folder


def _axe(browser, path: Path) -> list[str]:
    page = browser.new_page()
    try:
        page.goto(path.as_uri(), wait_until="load")
        return axe_problems(page)
    finally:
        page.close()


def test_every_epub_document_has_no_axe_violation(browser, unpacked):
    documents = sorted((unpacked / "OEBPS").glob("*.xhtml"))
    assert len(documents) >= 12  # title, contents, the nav's pages, how to cite
    problems = {doc.name: _axe(browser, doc) for doc in documents}
    assert {name: found for name, found in problems.items() if found} == {}


def test_axe_finds_a_damaged_epub_document(browser, unpacked, tmp_path):
    trade = (unpacked / "OEBPS" / "trade.xhtml").read_text("utf-8")
    damaged = re.sub(r'(?<=<html )(.*?) lang="[^"]+"', r'\1 lang="zz-nowhere"',
                     trade.replace("<section", '<img src="x.png"/><section', 1), count=1)
    path = unpacked / "OEBPS" / "damaged.xhtml"
    path.write_text(damaged, "utf-8")
    try:
        problems = "\n".join(_axe(browser, path))
    finally:
        path.unlink()
    assert "image-alt" in problems and "html-lang-valid" in problems, problems
