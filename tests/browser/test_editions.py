"""axe-core over every XHTML document of the EPUB edition (tools/editions), opened from the
unpacked package as application/xhtml+xml, as a reading system built on a browser engine would.
Shown failing on a document with an image without alt text and an invalid language."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from explainer import editions as names
from tools.editions import __main__ as cli

from .checks import axe_problems

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def unpacked(site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("editions")
    cli.build(site.site_dir, out, ROOT / "mkdocs.yml", dict(os.environ))
    folder = tmp_path_factory.mktemp("epub")
    with zipfile.ZipFile(out / names.FILES[1][1]) as zf:
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
    damaged = trade.replace("<section", '<img src="x.png"/><section', 1).replace(
        'lang="en"', 'lang="zz-nowhere"', 1)
    path = unpacked / "OEBPS" / "damaged.xhtml"
    path.write_text(damaged, "utf-8")
    try:
        problems = "\n".join(_axe(browser, path))
    finally:
        path.unlink()
    assert "image-alt" in problems and "html-lang-valid" in problems, problems
