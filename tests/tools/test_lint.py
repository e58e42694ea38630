"""The content lint (`make check`, pre-commit): the real site passes; each rule fails a fixture
with its one line, `docs/page.md:LINE: problem: what to do`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from tools import lint
from explainer.page_template import render

PAGE = """\
---
description: A fixture page of the content lint tests.
---

# Fixture

The alliance held [@wei2020america].
"""


def project(tmp_path: Path, pages: dict[str, str], *, nav: list | None = None,
            files: dict[str, str] | None = None, config: dict | None = None) -> Path:
    """A copy of the site's lint settings (mkdocs.yml, typos.toml, .pymarkdown.yml) with
    `pages` under docs/ and `nav` (default: every page) in mkdocs.yml."""
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    for name in ("typos.toml", ".pymarkdown.yml"):
        shutil.copy(ROOT / name, root / name)
    for name, text in pages.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    for name, text in (files or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    pages_nav = [{n[:-3]: n} for n in pages if n.endswith(".md")]
    settings = {"site_name": "Fixture", "nav": nav if nav is not None else pages_nav,
                **(config or {})}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return root


def lines(root: Path, files: list[str] | None = None) -> list[str]:
    return [str(p) for p in lint.lint(root, files)]


# The real site ----------------------------------------------------------------------------------

def test_the_real_site_passes_the_content_lint():
    assert lines(ROOT) == []


def test_the_lint_covers_every_page_and_data_file_of_the_site():
    targets = lint.site_targets(ROOT, lint.read_config(ROOT / "mkdocs.yml"))
    pages = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md"))
    assert targets.pages == pages and "docs/index.md" in pages
    assert {"docs/glossary.yml", "docs/source-notes.yml", "mkdocs.yml"} <= set(targets.text)
    assert set(pages) <= set(targets.text)
    assert "refs.bib" not in targets.text  # titles stay as their sources print them


def test_a_clean_fixture_passes(tmp_path):
    assert lines(project(tmp_path, {"index.md": PAGE})) == []


# Spelling (typos) -------------------------------------------------------------------------------

def test_a_misspelt_word_names_its_correction(tmp_path):
    root = project(tmp_path, {"index.md": PAGE.replace("The alliance held", "Seoul did not "
                                                        "recieve the offer")})
    assert lines(root) == [
        "docs/index.md:7: 'recieve' is misspelt: write 'receive'; if 'recieve' is a name, add "
        "it to the word list in typos.toml"]


def test_several_corrections_are_offered(tmp_path):
    root = project(tmp_path, {"index.md": PAGE.replace("The alliance held", "A larer share")})
    assert lines(root) == [
        "docs/index.md:7: 'larer' is misspelt: write 'larger', 'later' or 'layer'; if 'larer' "
        "is a name, add it to the word list in typos.toml"]


def test_a_name_is_accepted_once_in_the_word_list(tmp_path):
    page = PAGE.replace("The alliance held", "Finance Minister Taro Aso spoke")
    root = project(tmp_path, {"index.md": page})
    assert lines(root) == [
        "docs/index.md:7: 'Aso' is misspelt: write 'Also'; if 'Aso' is a name, add it to the "
        "word list in typos.toml"]
    with (root / "typos.toml").open("a", encoding="utf-8") as config:
        config.write('aso = "aso"  # Taro Aso, Japan\'s finance minister\n')
    assert lines(root) == []


def test_the_data_files_are_spell_checked(tmp_path):
    glossary = "terms:\n  - term: SMA\n    definition: >-\n      The agreement on teh cost.\n"
    root = project(tmp_path, {"index.md": PAGE, "glossary.yml": glossary,
                              "timeline.yml": "- date: 2019-02-10\n  event: Goverment talks\n"})
    assert lines(root) == [
        "docs/glossary.yml:4: 'teh' is misspelt: write 'the'; if 'teh' is a name, add it to the "
        "word list in typos.toml",
        "docs/timeline.yml:2: 'Goverment' is misspelt: write 'Government'; if 'Goverment' is a "
        "name, add it to the word list in typos.toml"]


# Markdown structure (pymarkdownlnt) -------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ("### Too deep\n\nText.\n",
     "docs/index.md:9: heading skips a level (h3 after h1) (MD001): make it h2 (##), or add "
     "the missing level above it"),
    ("# Second title\n\nText.\n",
     "docs/index.md:9: a second H1 (the page's title is its only '# ' heading) (MD025): make it "
     "'## ' or lower"),
    ("See https://www.mofa.go.jp/press/release for the text.\n",
     "docs/index.md:9: bare URL in the text (MD034): link it from words, as [the ministry's "
     "statement](https://...), or cite the source with [@key]"),
    ("| Step | What happened |\n|---|---|\n| March 2018 | Talks open. |\n",
     "docs/index.md:10: table row spaced unlike the rest of its table (MD060): write every row "
     "of the table as | cell | cell |, one space inside each pipe"),
    ("Text  \n\n\n\nMore.\n",
     "docs/index.md:12: Multiple consecutive blank lines [Expected: 1, Actual: 3] (MD012 "
     "no-multiple-blanks): see rule md012 in the pymarkdownlnt documentation, or "
     ".pymarkdown.yml"),
])
def test_each_markdown_rule_fails_its_fixture(tmp_path, body, expected):
    root = project(tmp_path, {"index.md": PAGE + "\n" + body})
    assert expected in lines(root)


def test_a_page_must_open_with_its_title(tmp_path):
    root = project(tmp_path, {"index.md": PAGE.replace("# Fixture\n\n", "")})
    assert lines(root) == ["docs/index.md:5: the page does not open with its title (MD041): put "
                           "'# Title' on the first line after the front matter"]


def test_the_site_s_conventions_are_not_flagged(tmp_path):
    """Long lines, admonitions with several paragraphs beside fenced code, HTML with markdown,
    four-space nested lists, fragments MkDocs resolves, links in <...>."""
    body = ("!!! abstract no-glossary \"Source\"\n    Section 2. [@wei2020america]\n\n"
            "!!! note\n    First paragraph.\n\n    Second paragraph.\n\n"
            "```text\n[@key]\n```\n\n" + "A long line." * 12 + "\n\n"
            "<figure markdown>\n![chart](chart.svg)\n</figure>\n\n"
            "- item\n    - nested item\n\n[Up](#custom-anchor) <https://example.org/>\n\n"
            "## Section {#custom-anchor}\n\nText.\n")
    assert lines(project(tmp_path, {"index.md": PAGE + "\n" + body})) == []


def test_every_disabled_markdown_rule_says_why():
    text = (ROOT / ".pymarkdown.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    disabled = [rule for rule, settings in config["plugins"].items()
                if settings.get("enabled") is False]
    assert disabled, "expected some rules off (md013, md033, ...)"
    for rule in disabled:
        above = text.split(f"\n  {rule}:\n")[0].splitlines()[-1].strip()
        assert above.startswith("#") and len(above) > 20, f"{rule} is off without a reason"
    # The rules the site relies on stay on.
    for rule in ("md001", "md025", "md034", "md041"):
        assert config["plugins"][rule]["enabled"] is True


def test_the_markdown_settings_name_real_rules_and_extensions():
    import pymarkdown.plugins

    config = yaml.safe_load((ROOT / ".pymarkdown.yml").read_text(encoding="utf-8"))
    rules = {p.stem.replace("rule_", "").replace("_", "")
             for p in Path(pymarkdown.plugins.__file__).parent.glob("rule_*.py")}
    assert set(config["plugins"]) <= rules
    assert set(config["extensions"]) <= {"front-matter", "markdown-tables", "linter-pragmas",
                                         "markdown-disallow-raw-html",
                                         "markdown-extended-autolinks",
                                         "markdown-strikethrough", "markdown-task-list-items"}


# Placeholders, descriptions, navigation (MkDocs' check) ----------------------------------------

def test_placeholders_of_the_page_template_are_reported_with_their_lines(tmp_path):
    root = project(tmp_path, {"index.md": PAGE, "new.md": render("New", "wei2020america")})
    found = [line for line in lines(root) if "placeholder" in line]
    assert found == [
        "docs/new.md:2: placeholder text left from the page template ('TODO: one sentence of at "
        "most 160 characters ...'): replace it with the page's own text (CONTRIBUTING.md, "
        "'Adding a page')",
        "docs/new.md:8: placeholder text left from the page template ('TODO: the section(s) of "
        "the article this page...'): replace it with the page's own text (CONTRIBUTING.md, "
        "'Adding a page')",
        "docs/new.md:11: placeholder text left from the page template ('TODO: what this page "
        "explains, in your own wo...'): replace it with the page's own text "
        "(CONTRIBUTING.md, 'Adding a page')",
        "docs/new.md:14: placeholder text left from the page template ('TODO: a first "
        "section'): replace it with the page's own text (CONTRIBUTING.md, 'Adding a page')",
        "docs/new.md:16: placeholder text left from the page template ('TODO: cite the source "
        "that the article's foot...'): replace it with the page's own text (CONTRIBUTING.md, "
        "'Adding a page')"]


def test_a_placeholder_in_code_is_documentation_not_a_placeholder(tmp_path):
    body = "Write `TODO:` where\n\n```markdown\nTODO: a first section\n```\n"
    assert lines(project(tmp_path, {"index.md": PAGE + "\n" + body})) == []


@pytest.mark.parametrize("front, expected", [
    ("---\nhide:\n  - toc\ndescription: " + "x" * 161 + "\n---\n",
     "docs/index.md:4: description has 161 characters, more than 160: shorten it to one "
     "sentence"),
    ("---\nhide:\n  - toc\n---\n",
     "docs/index.md:1: front matter has no 'description': add description: one sentence saying "
     "what the page explains"),
    ("", "docs/index.md:1: the page has no front matter with a description: start it with ---, "
         "description: one sentence, ---"),
    ("---\ndescription: Trade: the KORUS FTA\n---\n",
     "docs/index.md:2: front matter is not valid YAML syntax error: mapping values are not "
     "allowed here: quote the value, e.g. description: \"…: …\""),
    ('---\ndescription: The "fair trade" principle.\n---\n',
     "docs/index.md:2: description contains a straight double quote, which breaks the <meta> "
     "tag Material writes it into: use curly quotes (“ ”) or single quotes"),
])
def test_a_bad_description_is_reported_at_its_line(tmp_path, front, expected):
    page = re.sub(r"\A---\n.*?\n---\n", lambda _: front, PAGE, flags=re.S)
    assert lines(project(tmp_path, {"index.md": page})) == [expected]


def test_a_page_missing_from_the_navigation_fails_the_strict_build(make_site):
    """MkDocs' own check (`validation: omitted_files: warn` in mkdocs.yml, strict build), not
    the lint's: the build names the page."""
    result = make_site({"index.md": "# Overview\n", "extra.md": "# Extra\n"},
                       config={"nav": [{"Overview": "index.md"}]})
    assert not result.ok
    assert any('not included in the "nav"' in w and "extra.md" in w for w in result.warnings), \
        result.output


# Files given on the command line (pre-commit) ---------------------------------------------------

def test_only_the_given_files_are_linted(tmp_path):
    bad = PAGE.replace("The alliance held", "The alliance did not recieve")
    root = project(tmp_path, {"index.md": bad, "other.md": bad},
                   files={"README.md": "# Readme\n\nGoverment.\n\n# Not a page: no MD025\n"})
    assert lines(root, ["docs/other.md", "README.md"]) == [
        "README.md:3: 'Goverment' is misspelt: write 'Government'; if 'Goverment' is a name, "
        "add it to the word list in typos.toml",
        "docs/other.md:7: 'recieve' is misspelt: write 'receive'; if 'recieve' is a name, add "
        "it to the word list in typos.toml"]


def test_main_prints_one_line_per_problem_and_fails(tmp_path, monkeypatch, capsys):
    root = project(tmp_path, {"index.md": PAGE.replace("# Fixture\n", "# Fixture\n\n### Deep\n")})
    monkeypatch.chdir(root)
    assert lint.main([]) == 1
    assert capsys.readouterr().out == (
        "docs/index.md:7: heading skips a level (h3 after h1) (MD001): make it h2 (##), or add "
        "the missing level above it\n")
    monkeypatch.chdir(project(tmp_path / "clean", {"index.md": PAGE}))
    assert lint.main([]) == 0
