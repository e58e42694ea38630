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
from tools.html_valid import VNU_JAR, check_site, java_binary, problems


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

<input type="text" autocomplete="nonsense">
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
    assert any(page == "index.html" and message.startswith("Bad value \u201cnonsense\u201d")
               for page, message in by_page), "the allowance must not cover other messages"
    assert not any("autocomplete" in message for page, message in by_page
                   if page == "404.html"), "Material's toggles"


# What fails, on pages written straight to a folder (no build) --------------------------------

MATERIAL_TOGGLE = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
                   'autocomplete="off">')


def page(body: str) -> str:
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
            f"<body>\n{body}\n</body></html>\n")


def test_errors_and_warnings_fail_plain_advice_and_materials_toggles_do_not(tmp_path, vnu):
    site = tmp_path / "site"
    (site / "trade").mkdir(parents=True)
    (site / "index.html").write_text(page(f"{MATERIAL_TOGGLE}\n<p>Notes</p><hr />"), "utf-8")
    # Only advice and the allowed error: nothing to report (vnu counts the trailing-slash advice
    # as a warning under --Werror; unfiltered, it would exit 1 with no line and raise here).
    assert check_site(site, *vnu) == []
    (site / "trade" / "index.html").write_text(page(
        '<input type="text" autocomplete="nonsense">\n'
        '<script type="text/javascript"></script>\n'
        '<span id="x"></span><span id="x"></span>'), "utf-8")
    found = check_site(site, *vnu)
    assert [line.split(": ", 1)[0] for line in found] == [
        "trade/index.html:2", "trade/index.html:3", "trade/index.html:4", "trade/index.html:4"]
    assert found[0].startswith("trade/index.html:2: Bad value \u201cnonsense\u201d for attribute "
                               "\u201cautocomplete\u201d"), "only the one message is allowed"
    assert "unnecessary for JavaScript resources" in found[1], "warnings fail"
    assert found[2:] == ["trade/index.html:4: Duplicate ID \u201cx\u201d.",
                         "trade/index.html:4: The first occurrence of ID \u201cx\u201d was here."]


def test_autocomplete_on_an_input_of_ours_fails_though_the_filter_lets_it_through(tmp_path, vnu):
    """vnu's filter matches the message only; the tag check keeps the allowance to Material's
    toggles: a checkbox of our own with autocomplete, or a radio button, is reported."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(page(
        f"{MATERIAL_TOGGLE}\n<input type=\"checkbox\" autocomplete=\"off\">\n"
        '<input type="radio" class="md-toggle" autocomplete="off">'), "utf-8")
    found = check_site(site, *vnu)
    assert [line.split(": ", 1)[0] for line in found] == ["index.html:3", "index.html:4"], found
    assert all("only Material's md-toggle checkboxes" in line for line in found), found


def test_the_checker_s_lines_become_page_line_message(tmp_path):
    site = tmp_path / "site"
    output = (f'"file:{site}/trade/index.html":12.5-14.20: error: Duplicate ID \u201cx\u201d.\n'
              f'"file:{site}/a%20b.html":3.1-3.9: info warning: Section lacks heading.\n'
              f'"file:{site}/404.html": error: Cannot read the file.\n')
    assert problems(output, 1, site) == ["404.html: Cannot read the file.",
                                         "a b.html:3: Section lacks heading.",
                                         "trade/index.html:14: Duplicate ID \u201cx\u201d."]


@pytest.mark.parametrize("script", [
    "echo 'StackOverflowError while evaluating HTML schema.'; exit 1",  # on stdout, exit 1
    "exit 1",  # nothing at all
    "echo 'Exception in thread main' >&2; exit 0",
])
def test_a_checker_that_fails_is_never_read_as_no_problems(tmp_path, script):
    """vnu.jar can die without a report (a stack overflow prints to stdout, exit 1)."""
    fake_java = tmp_path / "java"
    fake_java.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    fake_java.chmod(0o755)
    (tmp_path / "index.html").write_text(page("<p>x</p>"), "utf-8")
    with pytest.raises(RuntimeError, match="vnu.jar"):
        check_site(tmp_path, str(fake_java), tmp_path / "vnu.jar")
