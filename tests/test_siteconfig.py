"""mkdocs.yml as the tools read it (hooks/explainer/siteconfig.py): MkDocs' tags read as
nothing, and a file the tools cannot read is one line naming mkdocs.yml and the line, never a
traceback (an impossible date once raised datetime's ValueError)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from explainer.errors import SourceError
from explainer.siteconfig import nav_pages, read_config
from tools import newpage


def test_the_real_config_reads_with_its_tags() -> None:
    config = read_config(ROOT / "mkdocs.yml")
    assert config["site_name"] and "index.md" in nav_pages(config["nav"])


def test_tags_are_read_as_nothing(tmp_path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: !ENV [NAME, x]\nx: !!python/name:a.b\n")
    assert read_config(tmp_path / "mkdocs.yml") == {"site_name": None, "x": None}


@pytest.mark.parametrize("text, message", [
    ("site_name: x\nextra:\n  updated: 2019-02-30\n",
     "mkdocs.yml:3: YAML syntax error: '2019-02-30' is not a date (day is out of range for "
     "month; quote it to keep it as text). Fix mkdocs.yml at that line"),
    ("site_name: x\nnav: [a.md\n",
     "mkdocs.yml:3: YAML syntax error: expected ',' or ']', but got '<stream end>' (while "
     "parsing a flow sequence that starts on line 2). Fix mkdocs.yml at that line"),
])
def test_a_config_the_tools_cannot_read_is_one_line(tmp_path, text, message) -> None:
    (tmp_path / "mkdocs.yml").write_text(text)
    with pytest.raises(SourceError) as caught:
        read_config(tmp_path / "mkdocs.yml")
    assert str(caught.value) == message


def test_a_tool_reports_the_line_and_exits(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra:\n  updated: 2019-02-30\n")
    monkeypatch.chdir(tmp_path)
    assert newpage.main(["a-page", "A page"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mkdocs.yml:3: YAML syntax error: '2019-02-30' is not a date")
    assert "Traceback" not in err and not (tmp_path / "docs" / "a-page.md").exists()
