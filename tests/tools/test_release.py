"""CITATION.cff and releases (tools/release.py, `make release`): the real CITATION.cff is valid
(cffconvert) and says what mkdocs.yml, LICENSE and refs.bib say; each is shown failing on a
copy broken in one place, as are release tags that are no real date or not CITATION.cff's
version, and a missing edition. The release workflow's shape is in test_workflows.py."""

from __future__ import annotations

import calendar
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from explainer.editions import files as edition_files
from tools import lint, release

# The version CITATION.cff names now ("2026.12.08"): each release sets a new one (README).
VERSION = release.read_citation(ROOT)[0]["version"]
RELEASED = VERSION.replace(".", "-")
NEXT_DAY = f"{RELEASED[:-2]}{int(RELEASED[-2:]) % 28 + 1:02d}"  # another real date, same month
SOURCES = ("CITATION.cff", "mkdocs.yml", "mkdocs.ko.yml", "mkdocs.ja.yml", "refs.bib", "LICENSE")


def copy_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in SOURCES:
        shutil.copy(ROOT / name, root / name)
    return root


def edit(root: Path, name: str, old: str, new: str) -> None:
    text = (root / name).read_text("utf-8")
    assert old in text, old
    (root / name).write_text(text.replace(old, new, 1), "utf-8")


def problems(root: Path) -> list[str]:
    return [str(p) for p in release.citation_problems(root)]


def cffconvert(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).with_name("cffconvert")), "--validate", "-i",
                           str(path)], capture_output=True, text=True, check=False)


# CITATION.cff -----------------------------------------------------------------------------------

def test_the_real_citation_file_is_valid_and_agrees_with_its_sources():
    assert cffconvert(ROOT / "CITATION.cff").returncode == 0
    assert problems(ROOT) == []
    cff, _ = release.read_citation(ROOT)
    assert cff["license"] == "CC-BY-4.0"
    assert cff["references"][0]["authors"] == [{"family-names": "Wei", "given-names": "Zongyou"}]
    assert release.date_of(cff["version"]) is not None


@pytest.mark.parametrize("old, new, expected", [
    ("  - name: The explainer site's contributors\n", "",
     "CITATION.cff:17: not valid CFF 1.2.0 at authors: None is not of type 'array'"),
    ("license: CC-BY-4.0", "license: CC-BY", "CITATION.cff:23: not valid CFF 1.2.0 at license"),
    ("cff-version: 1.2.0\n", "", "CITATION.cff:1: Unable to identify the schema version"),
    ("title: “America", "title: [“America", "CITATION.cff:14: YAML syntax error"),
])
def test_an_invalid_citation_file_fails_with_its_line(tmp_path, old, new, expected):
    root = copy_project(tmp_path)
    edit(root, "CITATION.cff", old, new)
    found = problems(root)
    assert len(found) == 1 and found[0].startswith(expected), found
    if "cff-version" not in old:  # cffconvert itself refuses it too
        assert cffconvert(root / "CITATION.cff").returncode != 0


@pytest.mark.parametrize("name, old, new, expected", [
    # refs.bib is the source of the article's reference: a field changed, one added there
    ("CITATION.cff", "journal: China International Studies", "journal: China Intl. Studies",
     "CITATION.cff:24: references: journal is 'China Intl. Studies' but refs.bib's "
     "wei2020america gives 'China International Studies': write what refs.bib's wei2020america "
     "gives (it is the source)"),
    ("refs.bib", "  date         = {2020},\n", "  date         = {2020},\n  volume = {76},\n"
     "  pages = {1--20},\n", "CITATION.cff:24: references: end is None but refs.bib's "
     "wei2020america gives '20'"),
    ("CITATION.cff", "    year: 2020\n", "    year: 2021\n",
     "CITATION.cff:24: references: year is 2021 but refs.bib's wei2020america gives 2020"),
    ("CITATION.cff", "    journal:", "  - type: article\n    title: Another\n    authors: "
     "[{name: Someone}]\n    journal:",
     "CITATION.cff:24: references holds 2 entries, not refs.bib's article 'wei2020america'"),
    # mkdocs.yml is the source of the guide's title, address and authors
    ("mkdocs.yml", "site_name: “America First”", "site_name: “America Last”",
     "CITATION.cff:13: title is '“America First” and the US–ROK and US–Japan Alliances' "
     "but mkdocs.yml's site_name gives '“America Last” and"),
    ("mkdocs.yml", "site_url: https://america-first-explainer.github.io/site/",
     "site_url: https://example.org/guide/",
     "CITATION.cff:21: url is 'https://america-first-explainer.github.io/site/' but mkdocs.yml's "
     "site_url gives 'https://example.org/guide/'"),
    ("CITATION.cff", "  - name: The explainer site's contributors",
     "  - name: The contributors", "CITATION.cff:17: authors is [{'name': 'The contributors'}]"),
    # LICENSE grants the licences; version and date-released are one date
    ("CITATION.cff", "license: CC-BY-4.0", "license: GPL-3.0-only",
     "CITATION.cff:23: license is 'GPL-3.0-only', not one licence that LICENSE names"),
    ("CITATION.cff", "license: CC-BY-4.0", "license: [CC-BY-4.0, MIT]",  # valid CFF
     "CITATION.cff:23: license is ['CC-BY-4.0', 'MIT'], not one licence that LICENSE names "
     "(Zenodo refuses a list)"),
    ("CITATION.cff", f"date-released: {RELEASED}", f"date-released: {NEXT_DAY}",
     f"CITATION.cff:19: version '{VERSION}' and date-released '{NEXT_DAY}' are not one date"),
])
def test_a_citation_file_that_disagrees_with_its_sources_fails(tmp_path, name, old, new, expected):
    root = copy_project(tmp_path)
    assert problems(root) == []
    edit(root, name, old, new)
    found = problems(root)
    assert any(p.startswith(expected) for p in found), found


def test_the_content_lint_runs_the_citation_check_on_the_whole_site_only(tmp_path):
    root = copy_project(tmp_path)
    (root / "docs").mkdir()
    shutil.copy(ROOT / "typos.toml", root / "typos.toml")
    edit(root, "CITATION.cff", "    year: 2020\n", "    year: 2021\n")
    assert [str(p)[:45] for p in lint.lint(root)] == [
        "CITATION.cff:24: references: year is 2021 but"]
    assert lint.lint(root, ["mkdocs.yml"]) == []
    (root / "CITATION.cff").unlink()  # a project without one (the lint's fixtures)
    assert lint.lint(root) == []


# Release tags -----------------------------------------------------------------------------------

@pytest.mark.parametrize("tag, expected", [
    ("v2026.12.08", None),
    ("v2026.12.09", "tag 'v2026.12.09' is not CITATION.cff's version '2026.12.08': set version: "
                    "\"2026.12.09\" and date-released: 2026-12-09 in CITATION.cff"),
    ("v2026.02.30", "tag 'v2026.02.30' is not a release: a release is tagged vYYYY.MM.DD with a "
                    "real date"),
    ("v2026.13.01", "tag 'v2026.13.01' is not a release"),
    ("v2026.1.8", "tag 'v2026.1.8' is not a release"),
    ("2026.12.08", "tag '2026.12.08' is not a release"),
    ("v1.0", "tag 'v1.0' is not a release"),
])
def test_a_release_tag_is_a_real_date_and_the_citation_s_version(tag, expected):
    found = release.tag_problems(tag, {"version": "2026.12.08"})
    assert found == [] if expected is None else found[0].startswith(expected), found


# make release -----------------------------------------------------------------------------------

def fake_editions(root: Path) -> Path:
    folder = root / ".cache" / "editions"
    for lang in release.languages(root):
        (folder / lang).mkdir(parents=True)
        for label, name in edition_files(lang):
            (folder / lang / name).write_bytes(f"{label} {lang}".encode())
    return folder


def run_main(root: Path, monkeypatch, tag: str) -> int:
    monkeypatch.chdir(root)
    monkeypatch.setenv("RELEASE_TAG", tag)
    return release.main(["--editions", ".cache/editions", "--out", "dist"])


def test_make_release_gathers_every_language_under_its_own_name(tmp_path, monkeypatch, capsys):
    root = copy_project(tmp_path)
    fake_editions(root)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q",
                    "--allow-empty", "-m", "x"], cwd=root, check=True)
    tag = "v" + release.read_citation(root)[0]["version"]
    assert run_main(root, monkeypatch, tag) == 0
    names = sorted(p.name for p in (root / "dist").iterdir())
    assert release.languages(root) == ["en", "ja", "ko"]
    assert names == sorted(["notes.md"] + [f"america-first-alliances-{lang}.{ext}" for lang
                                           in ("en", "ja", "ko") for ext in ("pdf", "epub")])
    assert (root / "dist" / "america-first-alliances-ko.epub").read_bytes() == b"EPUB ko"
    notes = (root / "dist" / "notes.md").read_text("utf-8")
    year, month, day = map(int, VERSION.split("."))
    assert f"The guide as of {day} {calendar.month_name[month]} {year}, from commit [" in notes
    assert "- Read it online: https://america-first-explainer.github.io/site/" in notes
    assert "한국어: `america-first-alliances-ko.pdf`, `america-first-alliances-ko.epub`" in notes
    assert f"/blob/{tag}/CITATION.cff" in notes


def test_make_release_refuses_a_bad_tag_or_a_missing_edition(tmp_path, monkeypatch, capsys):
    root = copy_project(tmp_path)
    editions = fake_editions(root)
    assert run_main(root, monkeypatch, "v2026.02.30") == 1
    assert capsys.readouterr().err.startswith("make release: tag 'v2026.02.30' is not a release")
    assert run_main(root, monkeypatch, "") == 1
    assert "RELEASE_TAG is not set" in capsys.readouterr().err
    (editions / "ko" / "america-first-alliances-ko.epub").unlink()
    assert run_main(root, monkeypatch, f"v{VERSION}") == 1
    err = capsys.readouterr().err
    assert err.startswith("make release: .cache/editions/ko/america-first-alliances-ko.epub: the "
                          "EPUB edition is not there"), err
    assert not (root / "dist" / "notes.md").exists()


def test_the_changes_page_is_linked_once_the_site_has_one(tmp_path):
    root = copy_project(tmp_path)
    files = {"en": [Path("america-first-alliances-en.pdf")]}
    assert "- What changed: https://america-first-explainer.github.io/site/changes/" in \
        release.release_notes(root, "v2026.12.08", "abc1234", files)
    edit(root, "mkdocs.yml", "  - Changes: changes.md\n", "")
    assert "changes/" not in release.release_notes(root, "v2026.12.08", "abc1234", files)
