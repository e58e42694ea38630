"""The ProperDocs comparison (tools/properdocs_diff.py, `make properdocs-diff`, CI's job of that
name): two builds of the site that differ only in the generator meta tag pass; any other
difference, or a file in one build only, is one line. Shown on copies of the real built site,
so the tag's pattern is checked against the markup Material really writes. The builds
themselves run in CI (ProperDocs lives in a venv of its own, not in `make test`)."""

from __future__ import annotations

import shutil

from tools.properdocs_diff import GENERATOR, site_differences


def two_builds(site, tmp_path):
    """Two copies of the real site; in the second, every page's generator tag is ProperDocs'."""
    mkdocs, properdocs = tmp_path / "mkdocs", tmp_path / "properdocs"
    shutil.copytree(site.site_dir, mkdocs)
    shutil.copytree(site.site_dir, properdocs)
    pages = sorted(properdocs.rglob("*.html"))
    for page in pages:
        html = page.read_bytes()
        assert len(GENERATOR.findall(html)) == 1, page
        page.write_bytes(GENERATOR.sub(
            b'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2">',
            html))
    return mkdocs, properdocs, len(pages)


def test_builds_differing_only_in_the_generator_tag_pass(site, tmp_path):
    mkdocs, properdocs, pages = two_builds(site, tmp_path)
    assert site_differences(mkdocs, properdocs) == ([], pages)


def test_any_other_difference_is_one_line_per_file(site, tmp_path):
    mkdocs, properdocs, pages = two_builds(site, tmp_path)
    trade = properdocs / "trade" / "index.html"
    trade.write_bytes(trade.read_bytes().replace(b"</article>", b"<p>extra</p></article>", 1))
    sitemap = properdocs / "sitemap.xml"
    sitemap.write_bytes(sitemap.read_bytes().replace(b"<lastmod>", b"<lastmod>1", 1))
    (properdocs / "extra.js").write_text("", "utf-8")
    (mkdocs / "404.html").unlink()
    problems, generator_only = site_differences(mkdocs, properdocs)
    assert [line.split(" (diff")[0] for line in problems] == [
        "404.html: only in the ProperDocs build",
        "extra.js: only in the ProperDocs build",
        "sitemap.xml: differs beyond the generator tag",
        "trade/index.html: differs beyond the generator tag"]
    assert generator_only == pages - 2  # trade changed, 404 compared with nothing
