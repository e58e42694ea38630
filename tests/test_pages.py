"""The themed pages' shared structure: a "Source" box at the top naming the article's sections."""

from __future__ import annotations

import re

import pytest

from conftest import THEMED, bib_with, page_file

SOURCE_BOX = re.compile(r'</h1>\s*<div class="admonition abstract[^"]*">\s*'
                        r'<p class="admonition-title">Source</p>\s*<p>(?P<body>.*?)</p>\s*</div>', re.S)


SAMPLE_BOX = ('<div class="admonition abstract"><p class="admonition-title">Source</p><p>Section 2, '
              'on the ROK.<sup id="fnref:cite-wei2020america"></sup></p></div>')


def source_box_problems(html: str) -> list[str]:
    """What is wrong with a page's Source box, if anything."""
    match = SOURCE_BOX.search(html)
    if not match:
        return ["no Source box right after the title"]
    body = match["body"]
    problems = []
    if not re.search(r"[Ss]ection \d", body):
        problems.append("the Source box names no section of the article")
    if "fnref" not in body:
        problems.append("the Source box does not cite the article")
    if "glossary-term" in body:
        problems.append("glossary terms marked inside the Source box")
    return problems


@pytest.mark.parametrize("page", THEMED)
def test_themed_page_opens_with_its_source_box(site, page):
    html = site.html(page_file(page))
    assert source_box_problems(html) == []


def test_source_box_check_fails_on_a_page_without_one(make_site):
    good = ('# T\n\n!!! abstract no-glossary "Source"\n    Section 2 of the article, on the ROK. '
            "[@wei2020america]\n\nThe ROK and Japan [@wei2020america].\n")
    html = make_site({"index.md": good}, bib=bib_with()).html()
    assert source_box_problems(html) == []
    vague = good.replace("Section 2 of the article", "A part of the article")
    html = make_site({"index.md": vague}, bib=bib_with()).html()
    assert source_box_problems(html) == ["the Source box names no section of the article"]
    missing = good.replace('!!! abstract no-glossary "Source"\n    Section 2 of the article, on the ROK. '
                           "[@wei2020america]\n\n", "")
    html = make_site({"index.md": missing}, bib=bib_with()).html()
    assert source_box_problems(html) == ["no Source box right after the title"]
    marked = html.replace("<p>The ROK", '<p>The <a class="glossary-term">ROK</a>')
    assert source_box_problems(marked.replace("</h1>", "</h1>" + SAMPLE_BOX.replace("ROK", '<a class="glossary-term">ROK</a>'))) == [
        "glossary terms marked inside the Source box"]


def published_data_files(site_dir) -> list[str]:
    """The YAML files a built site serves (contributor data belongs to the hooks, not readers)."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.yml"))


def test_no_contributor_data_file_is_published(site):
    # The data files under docs/ feed pages (Glossary, Timeline, charts, source notes); the site
    # serves what they become, not the files themselves.
    data_files = sorted(p.name for p in (site.docs_dir).glob("*.yml"))
    assert {"glossary.yml", "source-notes.yml", "timeline.yml", "charts.yml"} <= set(data_files)
    assert published_data_files(site.site_dir) == []


def test_a_data_file_no_hook_reads_is_reported_as_published(make_site):
    result = make_site({"index.md": "# Home\n\nThe ROK [@wei2020america].\n",
                        "notes/terms.yml": "terms: []\n"}, bib=bib_with())
    assert result.ok, result.output
    assert published_data_files(result.site_dir) == ["notes/terms.yml"]
