"""`make page NAME=slug TITLE="Title"`: the page from the template, one line added to nav:, the
refusals (changing nothing), and the strict build refusing the template until it is filled."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, bib_with, real_config
from tools.newpage import PageError, main, plan_page
from explainer.page_template import MARKER, find_placeholders, render
from explainer.siteconfig import nav_pages


@pytest.fixture
def copy(tmp_path) -> Path:
    """mkdocs.yml and the pages of the real site, in a folder of their own."""
    root = tmp_path / "copy"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_new_page_is_written_and_added_after_the_last_themed_page(copy, monkeypatch, capsys):
    before = (copy / "mkdocs.yml").read_text("utf-8")
    monkeypatch.chdir(copy)
    assert main(["base-costs", "Base costs"]) == 0
    assert capsys.readouterr().out.startswith("Wrote docs/base-costs.md and added it to nav: in "
                                              "mkdocs.yml (after conclusion.md).")
    page = (copy / "docs" / "base-costs.md").read_text("utf-8")
    assert page == render("Base costs", "wei2020america")
    assert page.startswith('---\ndescription: "TODO:') and "\n# Base costs\n" in page
    assert '!!! abstract no-glossary "Source"' in page and "[@wei2020america]" in page
    after = (copy / "mkdocs.yml").read_text("utf-8")
    # One line more, right after Conclusion's; comments and every other line as they were.
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["  - Base costs: base-costs.md"]
    assert after.replace("  - Base costs: base-costs.md\n", "", 1) == before
    assert "  - Conclusion: conclusion.md\n  - Base costs: base-costs.md\n" in after
    nav = nav_pages(yaml.safe_load(after)["nav"])
    assert nav[nav.index("conclusion.md") + 1] == "base-costs.md"


def test_themed_means_a_source_box_not_a_position(copy):
    """A page without a Source box listed after Conclusion (a generated Timeline, References)
    does not move the insertion point; a themed page listed later does."""
    config = (copy / "mkdocs.yml").read_text("utf-8")
    (copy / "mkdocs.yml").write_text(config.replace(
        "  - Autonomy: autonomy.md\n",
        "  - Autonomy: autonomy.md\n  - Timeline: timeline.md  # generated from timeline.yml\n"),
        "utf-8")
    plan = plan_page(copy, "new", "New")
    assert plan.after == "conclusion.md"
    assert "  - Conclusion: conclusion.md\n  - New: new.md\n  - Glossary" in plan.config_text
    assert "  - Timeline: timeline.md  # generated from timeline.yml\n" in plan.config_text
    (copy / "docs" / "later.md").write_text('# Later\n\n!!! abstract no-glossary "Source"\n'
                                            "    Section 5. [@wei2020america]\n", "utf-8")
    config = (copy / "mkdocs.yml").read_text("utf-8")
    (copy / "mkdocs.yml").write_text(config.replace("  - About: about.md\n",
                                                    "  - About: about.md\n  - Later: later.md\n"),
                                     "utf-8")
    assert plan_page(copy, "new", "New").after == "later.md"


def test_titles_are_quoted_as_yaml_needs_and_sections_keep_their_indent(copy):
    config = (copy / "mkdocs.yml").read_text("utf-8")
    sectioned = config.replace("  - Conclusion: conclusion.md\n",
                               "  - Ending:\n      - Conclusion: conclusion.md\n")
    (copy / "mkdocs.yml").write_text(sectioned, "utf-8")
    plan = plan_page(copy, "korus", "Trade: the KORUS FTA, 'revisited'")
    assert ("      - Conclusion: conclusion.md\n      - 'Trade: the KORUS FTA, ''revisited''': "
            "korus.md\n") in plan.config_text
    assert "# Trade: the KORUS FTA, 'revisited'\n" in plan.text
    nav = yaml.safe_load(plan.config_text)["nav"]
    ending = next(item["Ending"] for item in nav if isinstance(item, dict) and "Ending" in item)
    assert {"Trade: the KORUS FTA, 'revisited'": "korus.md"} in ending


@pytest.mark.parametrize("slug", ["Base-costs", "base_costs", "base costs", "base--costs",
                                  "-base", "base-", "docs/base", "base.md", "bäse"])
def test_a_bad_name_is_refused_in_one_line_and_nothing_changes(copy, monkeypatch, capsys, slug):
    before = snapshot(copy)
    monkeypatch.chdir(copy)
    assert main([slug, "Base costs"]) == 2
    err = capsys.readouterr().err
    assert err == (f"make page: NAME={slug!r} is not lower-case words joined by hyphens: use a "
                   "name such as NAME=base-costs\n")
    assert snapshot(copy) == before


@pytest.mark.parametrize("slug, title, message", [
    ("trade", "Trade again", "make page: docs/trade.md already exists: choose another NAME, or "
                             "edit that page"),
    ("glossary", "Glossary", "make page: glossary.md is already in the nav: of mkdocs.yml (a "
                             "page generated at build time): choose another NAME"),
    ("", "Base costs", 'make page: give the page a name and a title: make page NAME=base-costs '
                       'TITLE="Base costs"'),
    ("base-costs", " ", 'make page: TITLE is missing: make page NAME=base-costs TITLE="Title of '
                        'the page"'),
])
def test_a_taken_name_or_a_missing_argument_is_refused(copy, monkeypatch, capsys, slug, title,
                                                       message):
    before = snapshot(copy)
    monkeypatch.chdir(copy)
    assert main([slug, title]) == 2
    assert capsys.readouterr().err == message + "\n"
    assert snapshot(copy) == before
    with pytest.raises(PageError):
        plan_page(copy, slug, title)


def test_make_page_passes_name_and_title_through_the_environment(copy):
    """The Makefile's target: quotes and colons in TITLE need no escaping, and a NAME exported
    by the shell (many set it) is not taken for the page's name."""
    for name in ("hooks", "tools", "requirements.txt"):  # the venv's stamp is newer than the lock
        os.symlink(ROOT / name, copy / name)
    make = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), f"VENV={ROOT / '.venv'}"]
    env = {**os.environ, "NAME": "from-the-shell"}
    title = 'Wei\'s "fair trade": a note'
    result = subprocess.run([*make, "page", "NAME=fair-trade", f"TITLE={title}"], cwd=copy,
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert f"# {title}\n" in (copy / "docs" / "fair-trade.md").read_text("utf-8")
    assert "  - 'Wei''s \"fair trade\": a note': fair-trade.md\n" in \
        (copy / "mkdocs.yml").read_text("utf-8")
    result = subprocess.run([*make, "page", "TITLE=Other"], cwd=copy, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "make page: give the page a name and a title" in result.stderr
    assert not (copy / "docs" / "from-the-shell.md").exists()


# The strict build refuses the template ----------------------------------------------------------

def test_the_strict_build_refuses_the_template_with_file_and_line(make_site):
    hooks = {"hooks": [str(ROOT / h) for h in real_config()["hooks"]]}
    template = render("Base costs", "wei2020america")
    result = make_site({"index.md": template}, bib=bib_with(), config=hooks)
    assert not result.ok
    refused = [w for w in result.warnings if "placeholder text" in w]
    assert [w.split(":")[1] for w in refused] == ["2", "8", "11", "14", "16"]
    assert refused[0] == ("docs/index.md:2: placeholder text left from the page template ('TODO: "
                          "one sentence of at most 160 characters ...'). Replace it with the "
                          "page's own text (CONTRIBUTING.md, 'Adding a page')")
    assert "5 page problem(s)" in result.output and "Traceback" not in result.output


def test_the_filled_template_builds(make_site):
    hooks = {"hooks": [str(ROOT / h) for h in real_config()["hooks"]]}
    filled = render("Base costs", "wei2020america")
    filled = filled.replace('"TODO: one sentence', '"One sentence').replace(
        "TODO: the section(s)", "The section(s)").replace("TODO: what", "What").replace(
        "## TODO: a first section", "## A first section").replace("TODO: cite", "Cite")
    assert find_placeholders(filled) == [] and MARKER in render("X", "k")
    result = make_site({"index.md": filled}, bib=bib_with(), config=hooks)
    assert result.ok, result.output
