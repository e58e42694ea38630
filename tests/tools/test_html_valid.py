"""Valid HTML (issue 8): every built page, 404.html included, passes the W3C Nu HTML checker
(vnu.jar from the npm package vnu-jar, run with Debian's Java). One JVM start checks the whole
site; each problem is one line, `page:line: message`. The checker is shown failing on a fixture
site with an unescaped description and a page of invalid markup.

Without Java or vnu.jar the checker tests skip with the reason, except under CI=true, where they
fail (.ci/run installs Java and npm; `make test` runs `npm ci`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import ROOT, bib_with
from tools.html_valid import (VNU_JAR, check_site, is_allowed, java_binary, problems,
                                  run_checker)


@pytest.fixture(scope="session")
def vnu() -> tuple[str, Path]:
    """(java, vnu.jar); skip, or fail under CI=true, when either is missing."""
    java, jar = java_binary(), ROOT / VNU_JAR
    missing = []
    if java is None:
        missing.append("no `java` on PATH (apt-get install default-jre-headless)")
    if not jar.is_file():
        missing.append(f"no {VNU_JAR} (`make test` installs it with npm ci; npm comes from "
                       "apt-get install npm)")
    if missing:
        reason = "the Nu HTML checker cannot run: " + "; ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI=true it must run (.ci/run installs both)",
                        pytrace=False)
        pytest.skip(reason)
    return java, jar


# The real site ----------------------------------------------------------------------------------

def test_every_built_page_is_valid_html(site, vnu):
    pages = sorted(p.relative_to(site.site_dir).as_posix() for p in site.site_dir.rglob("*.html"))
    assert "404.html" in pages and "index.html" in pages and len(pages) >= 10, pages
    found = check_site(site.site_dir, *vnu)
    assert found == [], (f"the Nu HTML checker found {len(found)} problem(s), as page:line of the "
                         "built site (`make build`, then open site/PAGE at that line; the cause is "
                         "usually raw HTML in the page's Markdown, or a hook):\n" + "\n".join(found))


# The checker fails where it should --------------------------------------------------------------

# Raw HTML passes Markdown and MkDocs' strict build untouched: only the checker sees it.
BROKEN_PAGE = """\
# Home

Cited [@wei2020america].

<span id="twice">One</span> and <span id="twice">two</span>.

<p>A paragraph <div>with a block inside</div></p>

<label><input type="checkbox" autocomplete="off"> Not one of Material's toggles</label>
"""


def test_the_checker_reports_an_unescaped_description_and_invalid_markup(make_site, vnu):
    # make_site leaves out hooks/page_meta.py, whose check would refuse this description first
    # (test_page_meta.py): here the checker shows what Material makes of it.
    result = make_site({"index.md": BROKEN_PAGE, "assets/previews.js": "// stand-in\n"},
                       bib=bib_with(), config={"site_description": 'A guide to "The Impact".'})
    assert result.ok, result.output
    found = check_site(result.site_dir, *vnu)
    assert all(re.match(r"^[\w./-]+\.html:\d+: \S", line) for line in found), found
    by_page = {(line.split(":")[0], line.split(": ", 1)[1]) for line in found}
    for page in ("404.html", "index.html"):  # the description is in every page's <head>
        assert (page, "Attribute \u201cthe\u201d not allowed on element \u201cmeta\u201d at "
                "this point.") in by_page, found
    assert ("index.html", "Duplicate ID \u201ctwice\u201d.") in by_page, found
    assert ("index.html", "No \u201cp\u201d element in scope but a \u201cp\u201d end tag "
            "seen.") in by_page, found
    assert any(page == "index.html" and message.startswith("Attribute \u201cautocomplete\u201d")
               for page, message in by_page), "the allowance must not cover other inputs"
    assert not any(message.startswith("Attribute \u201cautocomplete\u201d")
                   for page, message in by_page if page == "404.html"), "Material's toggles"


# Sorting the checker's messages (no Java needed) ------------------------------------------------

TOGGLE = ('    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
          'autocomplete="off">\n')
AUTOCOMPLETE = ("Attribute \u201cautocomplete\u201d is only allowed when the input type is "
                "\u201ccolor\u201d, \u201cdate\u201d, \u2026")


def message(line: int, text: str, source: str, kind: str = "error", **more) -> dict:
    columns = {"firstColumn": 5, "lastColumn": len(source.rstrip("\n"))}
    return {"type": kind, "url": "file:/site/x.html", "lastLine": line, "message": text,
            **columns, **more}


def test_only_materials_toggles_are_allowed():
    assert is_allowed(message(1, AUTOCOMPLETE, TOGGLE), [TOGGLE])
    other = TOGGLE.replace('class="md-toggle"', 'class="mine"')
    assert not is_allowed(message(1, AUTOCOMPLETE, other), [other])
    text_input = TOGGLE.replace('type="checkbox"', 'type="radio"')
    assert not is_allowed(message(1, AUTOCOMPLETE, text_input), [text_input])
    assert not is_allowed(message(1, "Duplicate ID \u201cx\u201d.", TOGGLE), [TOGGLE])


def test_errors_and_warnings_fail_plain_advice_does_not(tmp_path):
    page = tmp_path / "site" / "trade" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>\n" + TOGGLE, encoding="utf-8")
    url = {"url": f"file:{page}"}
    found = problems([
        {**message(2, AUTOCOMPLETE, TOGGLE), **url},
        {**message(1, "Duplicate ID \u201cx\u201d.", "<p>"), **url},
        {**message(1, "Section lacks heading.", "<p>", kind="info", subType="warning"), **url},
        {**message(1, "Trailing slash on void elements has no effect.", "<p>", kind="info"),
         **url},
    ], tmp_path / "site")
    assert found == ["trade/index.html:1: Duplicate ID \u201cx\u201d.",
                     "trade/index.html:1: Section lacks heading."]


def test_a_checker_that_fails_is_never_read_as_no_problems(tmp_path):
    """vnu.jar can die without a report (a stack overflow prints to stdout, exit 1)."""
    fake_java = tmp_path / "java"
    fake_java.write_text("#!/bin/sh\necho 'StackOverflowError while evaluating HTML schema.'\n"
                         "exit 1\n", encoding="utf-8")
    fake_java.chmod(0o755)
    with pytest.raises(RuntimeError, match="no JSON report.*StackOverflowError"):
        run_checker(str(fake_java), tmp_path / "vnu.jar", [tmp_path / "index.html"])
